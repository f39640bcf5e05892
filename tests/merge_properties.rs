//! Property tests (proptest) for merging: random findings over a small id pool, spread over
//! random files and dialects, checked against an expected set computed independently here.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};

use guardview::ingest::LoadSession;
use guardview::model::{EpochMillis, SeverityBand};
use proptest::prelude::*;
use serde_json::{json, Value};

/// 2023-11-14T22:13:20Z: update times are a few seconds after this.
const BASE_MS: i64 = 1_700_000_000_000;

/// One generated record. `tag` is unique per record, so the test can tell which record of an
/// id the merge kept.
#[derive(Clone, Debug)]
struct Record {
    id: String,
    updated_at: Option<i64>,
    count: u64,
    /// Tenths of a severity point, 0–100.
    severity_tenths: u32,
    tag: usize,
}

impl Record {
    fn severity(&self) -> f64 {
        f64::from(self.severity_tenths) / 10.0
    }

    fn updated_iso(&self) -> Option<String> {
        self.updated_at.map(|ms| EpochMillis(ms).to_iso8601())
    }

    fn arn(&self) -> String {
        format!(
            "arn:aws:guardduty:eu-west-1:111122223333:detector/d1/finding/{}",
            self.id
        )
    }

    fn camel(&self) -> Value {
        let mut record = json!({
            "schemaVersion": "2.0",
            "accountId": "111122223333",
            "region": "eu-west-1",
            "partition": "aws",
            "id": self.id,
            "arn": self.arn(),
            "type": "Recon:EC2/Portscan",
            "severity": self.severity(),
            "title": format!("record {}", self.tag),
            "createdAt": EpochMillis(BASE_MS).to_iso8601(),
            "service": { "serviceName": "guardduty", "count": self.count },
        });
        if let (Some(iso), Some(map)) = (self.updated_iso(), record.as_object_mut()) {
            map.insert("updatedAt".into(), Value::String(iso));
        }
        record
    }

    fn pascal(&self) -> Value {
        let mut record = json!({
            "SchemaVersion": "2.0",
            "AccountId": "111122223333",
            "Region": "eu-west-1",
            "Partition": "aws",
            "Id": self.id,
            "Arn": self.arn(),
            "Type": "Recon:EC2/Portscan",
            "Severity": self.severity(),
            "Title": format!("record {}", self.tag),
            "CreatedAt": EpochMillis(BASE_MS).to_iso8601(),
            "Service": { "ServiceName": "guardduty", "Count": self.count },
        });
        if let (Some(iso), Some(map)) = (self.updated_iso(), record.as_object_mut()) {
            map.insert("UpdatedAt".into(), Value::String(iso));
        }
        record
    }
}

/// How one file is written.
#[derive(Clone, Copy, Debug)]
enum Format {
    /// camelCase, one record per line (S3 export).
    JsonLines,
    /// camelCase records in a top-level array (console export).
    CamelArray,
    /// `{"Findings":[…]}` with PascalCase keys (`aws guardduty get-findings`).
    PascalWrapper,
}

fn write_file(records: &[Record], format: Format) -> Vec<u8> {
    let text = match format {
        Format::JsonLines => records
            .iter()
            .map(|r| r.camel().to_string() + "\n")
            .collect::<String>(),
        Format::CamelArray => Value::Array(records.iter().map(Record::camel).collect()).to_string(),
        Format::PascalWrapper => {
            json!({ "Findings": records.iter().map(Record::pascal).collect::<Vec<_>>() })
                .to_string()
        }
    };
    text.into_bytes()
}

/// Loads the files in the given order (empty files are skipped: they are a file error).
fn load(files: &[(Vec<Record>, Format)]) -> LoadSession {
    let mut session = LoadSession::new();
    for (index, (records, format)) in files.iter().enumerate() {
        if records.is_empty() {
            continue;
        }
        session.load_bytes(&format!("file-{index}.json"), &write_file(records, *format));
    }
    session
}

/// The expected kept record per id, computed without the loader: walk the records in load
/// order and keep, per id, the first record with the largest (updated_at, count).
fn expected(files: &[(Vec<Record>, Format)]) -> BTreeMap<String, Record> {
    let mut kept: BTreeMap<String, Record> = BTreeMap::new();
    for record in files.iter().flat_map(|(records, _)| records) {
        let newer = kept
            .get(&record.id)
            .is_none_or(|old| (record.updated_at, record.count) > (old.updated_at, old.count));
        if newer {
            kept.insert(record.id.clone(), record.clone());
        }
    }
    kept
}

/// id → title of the kept finding ("record N" names the generated record).
fn kept_titles(session: &LoadSession) -> BTreeMap<String, String> {
    session
        .findings()
        .findings()
        .iter()
        .map(|f| {
            (
                f.id.to_string(),
                f.title.as_deref().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn record() -> impl Strategy<Value = (u8, Option<i64>, u64, u32)> {
    (
        0u8..5,
        prop::option::weighted(0.85, 0i64..4),
        1u64..4,
        0u32..=100,
    )
}

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![
        Just(Format::JsonLines),
        Just(Format::CamelArray),
        Just(Format::PascalWrapper),
    ]
}

/// Up to 40 records over ids `f0`–`f4`, each assigned to one of up to four files, plus a
/// format per file.
fn files() -> impl Strategy<Value = Vec<(Vec<Record>, Format)>> {
    (
        prop::collection::vec((record(), 0usize..4), 0..40),
        prop::collection::vec(format(), 4),
    )
        .prop_map(|(raw, formats)| {
            let mut files: Vec<(Vec<Record>, Format)> =
                formats.into_iter().map(|f| (Vec::new(), f)).collect();
            for (tag, ((id, updated, count, severity_tenths), file)) in raw.into_iter().enumerate()
            {
                let record = Record {
                    id: format!("f{id}"),
                    updated_at: updated.map(|s| BASE_MS + s * 1000),
                    count,
                    severity_tenths,
                    tag,
                };
                if let Some((records, _)) = files.get_mut(file) {
                    records.push(record);
                }
            }
            files
        })
}

/// Drops every record whose (id, updated_at, count) repeats an earlier one, so the winner per
/// id does not depend on load order.
fn unique_keys(files: Vec<(Vec<Record>, Format)>) -> Vec<(Vec<Record>, Format)> {
    let mut seen = BTreeSet::new();
    files
        .into_iter()
        .map(|(records, format)| {
            let records = records
                .into_iter()
                .filter(|r| seen.insert((r.id.clone(), r.updated_at, r.count)))
                .collect();
            (records, format)
        })
        .collect()
}

proptest! {
    // 64 cases keep the suite quick; PROPTEST_CASES asks for a longer search.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(64)
    ))]

    /// (a) Exactly one finding per distinct id: none lost, none duplicated.
    #[test]
    fn one_finding_per_distinct_id(files in files()) {
        let session = load(&files);
        let distinct: BTreeSet<&str> =
            files.iter().flat_map(|(rs, _)| rs).map(|r| r.id.as_str()).collect();
        let ids: Vec<&str> = session.findings().findings().iter().map(|f| &*f.id).collect();
        let unique: BTreeSet<&str> = ids.iter().copied().collect();
        prop_assert_eq!(ids.len(), unique.len(), "an id appears twice: {:?}", ids);
        prop_assert_eq!(unique, distinct);
    }

    /// (b) The kept record per id is the first with the largest (updated_at, count), with that
    /// record's severity, band, count and update time.
    #[test]
    fn the_newest_record_per_id_is_kept(files in files()) {
        let session = load(&files);
        let expected = expected(&files);
        prop_assert_eq!(session.findings().len(), expected.len());
        for (id, record) in &expected {
            let kept = session.findings().get(id);
            prop_assert!(kept.is_some(), "{} missing", id);
            let Some(kept) = kept else { continue };
            let title = format!("record {}", record.tag);
            prop_assert_eq!(kept.title.as_deref(), Some(title.as_str()));
            prop_assert_eq!(kept.severity_score, record.severity());
            prop_assert_eq!(kept.severity, SeverityBand::from_score(record.severity()));
            prop_assert_eq!(kept.count, record.count);
            prop_assert_eq!(kept.updated_at, record.updated_at.map(EpochMillis));
        }
    }

    /// (c) With (updated_at, count) unique per id, file order does not change the result.
    #[test]
    fn merge_is_independent_of_file_order(files in files().prop_map(unique_keys), rotate in 0usize..4) {
        let forward = kept_titles(&load(&files));
        let mut reversed = files.clone();
        reversed.reverse();
        prop_assert_eq!(&forward, &kept_titles(&load(&reversed)));
        let mut rotated = files.clone();
        rotated.rotate_left(rotate);
        prop_assert_eq!(&forward, &kept_titles(&load(&rotated)));
    }

    /// (d) Per-file counts add up: every record is either added or a duplicate, and the
    /// additions are the distinct ids.
    #[test]
    fn per_file_counts_add_up(files in files()) {
        let session = load(&files);
        let reports = session.reports();
        let records: u64 = reports.iter().map(|r| r.records).sum();
        let added: u64 = reports.iter().map(|r| r.findings_added).sum();
        let duplicates: u64 = reports.iter().map(|r| r.duplicates).sum();
        let generated = files.iter().map(|(rs, _)| rs.len() as u64).sum::<u64>();
        prop_assert_eq!(records, generated);
        prop_assert_eq!(records, added + duplicates);
        prop_assert_eq!(added, expected(&files).len() as u64);
        for report in reports {
            prop_assert_eq!(&report.error, &None);
            prop_assert_eq!(report.records, report.findings_added + report.duplicates);
        }
    }

    /// (e) The same findings as camelCase JSON Lines and as a PascalCase `{"Findings":[…]}`
    /// load to the same ids and severities.
    #[test]
    fn camel_json_lines_and_pascal_wrapper_agree(files in files()) {
        let records: Vec<Record> = files.into_iter().flat_map(|(rs, _)| rs).collect();
        prop_assume!(!records.is_empty());
        let summary = |format: Format| {
            let session = load(&[(records.clone(), format)]);
            session
                .findings()
                .findings()
                .iter()
                .map(|f| (f.id.to_string(), f.severity_score.to_bits(), f.severity, f.count, f.updated_at))
                .collect::<Vec<_>>()
        };
        let camel = summary(Format::JsonLines);
        prop_assert_eq!(camel.len(), expected(&[(records.clone(), Format::JsonLines)]).len());
        prop_assert_eq!(camel, summary(Format::PascalWrapper));
    }
}
