//! Adding one [`BriefingTally`] to another: counts add, sets join, the first resource label and
//! the last guidance line keep their place's order, each risk cell keeps its most severe example.

use std::cmp::Ordering;

use super::{BriefingTally, ResourceTally, RiskCellTally};

impl<P: Ord + Clone> BriefingTally<P> {
    /// Adds `other`'s findings (a disjoint set: another shard's) to these.
    pub fn merge(&mut self, other: BriefingTally<P>) {
        self.selected += other.selected;
        self.threat_intel_matched += other.threat_intel_matched;
        self.threat_intel_lists.extend(other.threat_intel_lists);
        // Both resource lists are sorted by (kind, id): merged in one pass, and each side's
        // objectives renumbered to the merged positions.
        let (mine, theirs) = (std::mem::take(&mut self.resources), other.resources);
        let mut my_position = Vec::with_capacity(mine.len());
        let mut their_position = Vec::with_capacity(theirs.len());
        let mut merged: Vec<ResourceTally<P>> = Vec::with_capacity(mine.len() + theirs.len());
        let (mut mine, mut theirs) = (mine.into_iter().peekable(), theirs.into_iter().peekable());
        loop {
            let order = match (mine.peek(), theirs.peek()) {
                (Some(a), Some(b)) => (a.kind, &a.id).cmp(&(b.kind, &b.id)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => break,
            };
            let at = merged.len() as u32;
            match order {
                Ordering::Less => {
                    merged.extend(mine.next());
                    my_position.push(at);
                }
                Ordering::Greater => {
                    merged.extend(theirs.next());
                    their_position.push(at);
                }
                Ordering::Equal => {
                    let (Some(mut kept), Some(given)) = (mine.next(), theirs.next()) else {
                        break;
                    };
                    kept.findings += given.findings;
                    if given.first < kept.first {
                        kept.first = given.first;
                        kept.label = given.label;
                    }
                    merged.push(kept);
                    my_position.push(at);
                    their_position.push(at);
                }
            }
        }
        self.resources = merged;
        let renumber = |resources: &mut Vec<u32>, position: &[u32]| {
            for number in resources.iter_mut() {
                *number = position.get(*number as usize).copied().unwrap_or(u32::MAX);
            }
        };
        for objective in self.objectives.values_mut() {
            renumber(&mut objective.resources, &my_position);
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
        for (slot, mut theirs) in other.objectives {
            renumber(&mut theirs.resources, &their_position);
            let mine = self.objectives.entry(slot).or_default();
            mine.findings += theirs.findings;
            mine.resources.extend(theirs.resources);
            mine.resources.sort_unstable();
            mine.resources.dedup();
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
                if cell.example.cmp_severity(&kept.example) == Ordering::Less {
                    kept.example = cell.example;
                }
            }
            Err(at) => self.risk_cells.insert(at, cell),
        }
    }
}
