//! Adding one [`BriefingTally`] to another: counts add, sets join, the first resource label and
//! the last guidance line keep their place's order, each risk cell keeps its most severe example.

use super::{BriefingTally, RiskCellTally};

impl<P: Ord + Clone> BriefingTally<P> {
    /// Adds `other`'s findings (a disjoint set: another shard's) to these.
    pub fn merge(&mut self, other: BriefingTally<P>) {
        self.selected += other.selected;
        self.threat_intel_matched += other.threat_intel_matched;
        self.threat_intel_lists.extend(other.threat_intel_lists);
        for resource in other.resources {
            let key = (resource.kind, resource.id.as_str());
            match self
                .resources
                .binary_search_by(|kept| (kept.kind, kept.id.as_str()).cmp(&key))
            {
                Ok(at) => {
                    let kept = &mut self.resources[at];
                    kept.findings += resource.findings;
                    if resource.first < kept.first {
                        kept.first = resource.first;
                        kept.label = resource.label;
                    }
                }
                Err(at) => self.resources.insert(at, resource),
            }
        }
        self.dated += other.dated;
        for (day, n) in other.activity_days {
            *self.activity_days.entry(day).or_insert(0) += n;
        }
        self.earliest_ms = match (self.earliest_ms, other.earliest_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.latest_ms = self.latest_ms.max(other.latest_ms);
        for (mine, theirs) in [
            (&mut self.purposes, other.purposes),
            (&mut self.families, other.families),
        ] {
            for (key, n) in theirs {
                *mine.entry(key).or_insert(0) += n;
            }
        }
        for (mine, theirs) in self.tactics.iter_mut().zip(other.tactics) {
            *mine += theirs;
        }
        for (slot, theirs) in other.objectives {
            let mine = self.objectives.entry(slot).or_default();
            mine.findings += theirs.findings;
            mine.resources.extend(theirs.resources);
            mine.countries.merge(theirs.countries);
        }
        for cell in other.risk_cells {
            self.merge_cell(cell);
        }
        for (step, (band, n)) in other.steps {
            let mine = self.steps.entry(step).or_insert((band, 0));
            mine.0 = mine.0.max(band);
            mine.1 += n;
        }
        for (mine, theirs) in self.bands.iter_mut().zip(other.bands) {
            mine.active += theirs.active;
            let later = match (&mine.last_guidance, &theirs.last_guidance) {
                (Some((kept, _)), Some((given, _))) => given > kept,
                (None, Some(_)) => true,
                _ => false,
            };
            if later {
                mine.last_guidance = theirs.last_guidance;
            }
        }
    }

    fn merge_cell(&mut self, cell: RiskCellTally) {
        match self
            .risk_cells
            .binary_search_by(|kept| kept.cell.cmp(&cell.cell))
        {
            Ok(at) => {
                let kept = &mut self.risk_cells[at];
                kept.active += cell.active;
                if cell.example.cmp_severity(&kept.example) == std::cmp::Ordering::Less {
                    kept.example = cell.example;
                }
            }
            Err(at) => self.risk_cells.insert(at, cell),
        }
    }
}
