//! What the page needs to know of the whole load, whatever the filter: the assessment time
//! (the latest activity), and what decides whether archived findings can be known at all.

use serde::{Deserialize, Serialize};

use crate::analysis::ageing::archived_state_known_of;
use crate::model::FileReport;

fn merge_sorted_sets(into: &mut Vec<String>, other: Vec<String>) {
    into.extend(other);
    into.sort_unstable();
    into.dedup();
}

/// Facts about every finding the store holds, merged over the shards in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadFacts {
    pub finding_count: u64,
    /// The latest last-seen (else updated) time of any finding (ms): the risk assessment's
    /// "now", as `analysis::risk::latest_activity` of every finding gives it.
    pub latest_activity_ms: Option<i64>,
    pub any_archived: bool,
    /// The files the kept findings were read from (`source_file`), sorted, each once.
    pub source_files: Vec<u32>,
    /// Every full finding type held, sorted, each once: what a suppression rule's type
    /// criterion resolves the filter's type prefixes and purposes against.
    pub finding_types: Vec<String>,
    /// The keys every attack sequence names its signals by (`suppression::signal_keys`),
    /// sorted, each once: a finding one shard holds may be named by a sequence another holds.
    pub signal_keys: Vec<String>,
}

impl LoadFacts {
    pub fn merge(&mut self, other: LoadFacts) {
        self.finding_count += other.finding_count;
        self.latest_activity_ms = self.latest_activity_ms.max(other.latest_activity_ms);
        self.any_archived |= other.any_archived;
        self.source_files.extend(other.source_files);
        self.source_files.sort_unstable();
        self.source_files.dedup();
        merge_sorted_sets(&mut self.finding_types, other.finding_types);
        merge_sorted_sets(&mut self.signal_keys, other.signal_keys);
    }

    /// `analysis::ageing::archived_state_known` of the whole load, given its file reports.
    pub fn archived_state_known(&self, reports: &[FileReport]) -> bool {
        archived_state_known_of(
            self.finding_count,
            self.any_archived,
            self.source_files.iter().copied(),
            reports,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, EpochMillis, Finding, FindingType, Text};
    use crate::store::Origin;
    use crate::store::Shard;

    fn finding(id: &str, source_file: u32, last_seen_ms: Option<i64>, archived: bool) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let mut f = Finding::new(id.into(), kind, 5.0, Dialect::CamelCase);
        f.source_file = source_file;
        f.last_seen_at = last_seen_ms.map(EpochMillis);
        f.updated_at = Some(EpochMillis(1));
        f.archived = archived;
        f
    }

    fn shard_of(findings: Vec<Finding>) -> Shard {
        let mut shard = Shard::new();
        for (record, finding) in findings.into_iter().enumerate() {
            let origin = Origin {
                file: finding.source_file,
                piece: 0,
                record: record as u32,
            };
            shard.offer(finding, origin);
        }
        shard
    }

    /// An S3 export (archive-blind) and a CLI export (can carry archived findings).
    fn reports() -> Vec<FileReport> {
        let mut s3 = FileReport::new("export.jsonl.gz");
        s3.gzip = true;
        s3.saw_dialect(Dialect::CamelCase);
        let mut cli = FileReport::new("cli.json");
        cli.saw_dialect(Dialect::PascalCase);
        vec![s3, cli]
    }

    #[test]
    fn archived_findings_are_unknowable_only_when_every_shard_holds_blind_sources_alone() {
        let reports = reports();
        let mut facts = shard_of(vec![finding("a", 0, Some(5), false)]).load_facts();
        facts.merge(shard_of(vec![finding("b", 0, None, false)]).load_facts());
        assert!(!facts.archived_state_known(&reports));
        let mut with_cli = facts.clone();
        with_cli.merge(shard_of(vec![finding("c", 1, None, false)]).load_facts());
        assert!(with_cli.archived_state_known(&reports));
        let mut with_archived = facts.clone();
        with_archived.merge(shard_of(vec![finding("d", 0, None, true)]).load_facts());
        assert!(with_archived.archived_state_known(&reports));
        assert!(
            LoadFacts::default().archived_state_known(&reports),
            "nothing loaded"
        );
    }

    #[test]
    fn the_latest_activity_is_last_seen_else_updated_over_every_shard() {
        let mut facts = shard_of(vec![finding("a", 0, Some(5), false)]).load_facts();
        facts.merge(shard_of(vec![finding("b", 1, Some(9), false)]).load_facts());
        assert_eq!(facts.latest_activity_ms, Some(9));
        assert_eq!(facts.finding_count, 2);
        assert_eq!(facts.source_files, vec![0, 1]);
        let undated = shard_of(vec![finding("c", 0, None, false)]).load_facts();
        assert_eq!(
            undated.latest_activity_ms,
            Some(1),
            "updated when never seen"
        );
    }
}
