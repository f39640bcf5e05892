//! Where loaded files came from, as plain data shared by the CLI and the page: which file names
//! a folder walk reads, the account and region an S3 export path names
//! (`…/AWSLogs/<account>/GuardDuty/<region>/…`), and the load report grouped by them.

use std::collections::BTreeMap;

use crate::model::{FileReport, Finding, Text};

/// Extensions (lower case) of the files a folder walk reads (by content, so `.gz` or not).
const LOADABLE_SUFFIXES: [&str; 8] = [
    ".json",
    ".jsonl",
    ".ndjson",
    ".csv",
    ".json.gz",
    ".jsonl.gz",
    ".ndjson.gz",
    ".csv.gz",
];

/// Whether a folder walk reads a file of this name (the last path segment): exports and
/// rollups load; checksums, `.DS_Store`, manifests, `_SUCCESS` and hidden files are skipped.
pub fn is_loadable_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !lower.starts_with('.') && LOADABLE_SUFFIXES.iter().any(|s| lower.ends_with(s))
}

/// The last segment of a path with `/` or `\` separators.
pub fn file_name_of(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Where a file came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A path in GuardDuty's S3 export layout.
    S3 { account: String, region: String },
    /// Any other path (a single file, a paste, sample data).
    Elsewhere,
}

impl Origin {
    /// The origin a path names: `…/AWSLogs/<account>/GuardDuty/<region>/<more>` is S3.
    pub fn of_path(path: &str) -> Self {
        let segments: Vec<&str> = path.split(['/', '\\']).collect();
        let s3 = segments.windows(5).find_map(|w| {
            let [aws_logs, account, guard_duty, region, _rest] = w else {
                return None;
            };
            (*aws_logs == "AWSLogs"
                && *guard_duty == "GuardDuty"
                && !account.is_empty()
                && !region.is_empty())
            .then(|| Self::S3 {
                account: (*account).to_owned(),
                region: (*region).to_owned(),
            })
        });
        s3.unwrap_or(Self::Elsewhere)
    }

    /// "123456789012 · eu-west-1", or "Other files".
    pub fn label(&self) -> String {
        match self {
            Self::S3 { account, region } => format!("{account} · {region}"),
            Self::Elsewhere => "Other files".to_owned(),
        }
    }
}

/// The files of one origin, summed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginGroup {
    pub origin: Origin,
    /// Files read (skipped files are not among them).
    pub files: u64,
    pub records: u64,
    pub findings_added: u64,
    pub duplicates: u64,
    /// Files with an error (unreadable, not findings, cut short).
    pub failed_files: u64,
    /// Files found in the folder and not read (not a name the loader reads).
    pub skipped_files: u64,
    /// Loaded findings from these files whose own account or region is not the path's.
    pub mismatched_findings: u64,
}

impl OriginGroup {
    fn new(origin: Origin) -> Self {
        Self {
            origin,
            files: 0,
            records: 0,
            findings_added: 0,
            duplicates: 0,
            failed_files: 0,
            skipped_files: 0,
            mismatched_findings: 0,
        }
    }

    /// The warning for findings that disagree with their path, if any.
    pub fn mismatch_warning(&self) -> Option<String> {
        let Origin::S3 { account, region } = &self.origin else {
            return None;
        };
        (self.mismatched_findings > 0).then(|| {
            format!(
                "{} of these files name an account or region other than {account} / {region}",
                crate::analysis::format::counted(self.mismatched_findings, "finding", "findings"),
            )
        })
    }
}

/// The load report grouped by origin: S3 account and region in order, other files last.
/// `reports` are by source-file index (a finding's `source_file`); `skipped_paths` are the
/// files a folder walk left out.
pub fn group_by_origin(
    reports: &[FileReport],
    skipped_paths: &[String],
    findings: &[Finding],
) -> Vec<OriginGroup> {
    let origins: Vec<Origin> = reports
        .iter()
        .map(|r| Origin::of_path(&r.file_name))
        .collect();
    let mut groups: BTreeMap<Origin, OriginGroup> = BTreeMap::new();
    for (report, origin) in reports.iter().zip(&origins) {
        let g = groups
            .entry(origin.clone())
            .or_insert_with(|| OriginGroup::new(origin.clone()));
        g.files += 1;
        g.records += report.records;
        g.findings_added += report.findings_added;
        g.duplicates += report.duplicates;
        g.failed_files += u64::from(report.error.is_some());
    }
    for path in skipped_paths {
        let origin = Origin::of_path(path);
        groups
            .entry(origin.clone())
            .or_insert_with(|| OriginGroup::new(origin))
            .skipped_files += 1;
    }
    for finding in findings {
        let Some(Origin::S3 { account, region }) = origins.get(finding.source_file as usize) else {
            continue;
        };
        let disagrees =
            |own: &Option<Text>, expected: &str| own.as_deref().is_some_and(|own| own != expected);
        if disagrees(&finding.account_id, account) || disagrees(&finding.region, region) {
            let origin = Origin::S3 {
                account: account.clone(),
                region: region.clone(),
            };
            if let Some(g) = groups.get_mut(&origin) {
                g.mismatched_findings += 1;
            }
        }
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FileError, FindingType};

    #[test]
    fn exports_and_rollups_load_and_other_files_are_skipped() {
        for name in [
            "a.jsonl.gz",
            "A.JSON",
            "x.jsonl",
            "part-0000.csv",
            "r.ndjson.gz",
        ] {
            assert!(is_loadable_name(name), "{name}");
        }
        for name in [
            ".DS_Store",
            "a.jsonl.gz.sha256",
            "SHA256SUMS",
            "_SUCCESS",
            ".part-0000.csv.crc",
            "manifest.txt",
            ".hidden.json",
        ] {
            assert!(!is_loadable_name(name), "{name}");
        }
    }

    #[test]
    fn the_file_name_is_the_last_segment_whatever_the_separator() {
        assert_eq!(file_name_of("exports/AWSLogs/1/a.jsonl.gz"), "a.jsonl.gz");
        assert_eq!(file_name_of(r"C:\exports\b.json"), "b.json");
        assert_eq!(file_name_of("pasted"), "pasted");
    }

    #[test]
    fn an_s3_export_path_names_its_account_and_region() {
        let path = "org/AWSLogs/111122223333/GuardDuty/eu-west-1/2026/12/01/9f.jsonl.gz";
        assert_eq!(
            Origin::of_path(path),
            Origin::S3 {
                account: "111122223333".into(),
                region: "eu-west-1".into()
            }
        );
        assert_eq!(Origin::of_path(path).label(), "111122223333 · eu-west-1");
    }

    #[test]
    fn other_paths_and_incomplete_s3_paths_are_elsewhere() {
        for path in [
            "findings.json",
            "AWSLogs/111122223333/GuardDuty/eu-west-1",
            "AWSLogs/111122223333/CloudTrail/eu-west-1/x.json.gz",
            "AWSLogs//GuardDuty/eu-west-1/x.json",
        ] {
            assert_eq!(Origin::of_path(path), Origin::Elsewhere, "{path}");
        }
    }

    fn report(path: &str, records: u64, duplicates: u64) -> FileReport {
        let mut report = FileReport::new(path);
        report.records = records;
        report.findings_added = records - duplicates;
        report.duplicates = duplicates;
        report
    }

    fn finding(source_file: u32, account: &str, region: &str) -> Finding {
        let kind = FindingType::parse("Recon:EC2/PortProbeUnprotectedPort", &mut |s: &str| {
            Text::from(s)
        });
        let mut finding = Finding::new("f".into(), kind, 5.0, Dialect::CamelCase);
        finding.source_file = source_file;
        finding.account_id = Some(account.into());
        finding.region = Some(region.into());
        finding
    }

    #[test]
    fn reports_group_by_account_and_region_with_other_files_last() {
        let a = "AWSLogs/111111111111/GuardDuty/us-east-1/2026/12/01";
        let b = "AWSLogs/222222222222/GuardDuty/eu-west-1/2026/12/01";
        let mut broken = report(&format!("{a}/c.jsonl.gz"), 0, 0);
        broken.error = Some(FileError {
            reason: "not findings".into(),
            position: None,
        });
        let reports = [
            report(&format!("{b}/x.jsonl.gz"), 4, 1),
            report(&format!("{a}/y.jsonl.gz"), 3, 0),
            report("pasted", 1, 0),
            report(&format!("{a}/z.jsonl.gz"), 2, 2),
            broken,
        ];
        let skipped = vec![format!("{a}/z.jsonl.gz.sha256"), ".DS_Store".to_owned()];
        let groups = group_by_origin(&reports, &skipped, &[]);
        let labels: Vec<String> = groups.iter().map(|g| g.origin.label()).collect();
        assert_eq!(
            labels,
            [
                "111111111111 · us-east-1",
                "222222222222 · eu-west-1",
                "Other files"
            ]
        );
        let first = &groups[0];
        assert_eq!(
            (
                first.files,
                first.records,
                first.duplicates,
                first.failed_files,
                first.skipped_files
            ),
            (3, 5, 2, 1, 1)
        );
        assert_eq!((groups[1].files, groups[1].findings_added), (1, 3));
        assert_eq!((groups[2].files, groups[2].skipped_files), (1, 1));
    }

    #[test]
    fn findings_whose_account_or_region_is_not_the_paths_are_a_warning() {
        let path = "AWSLogs/111111111111/GuardDuty/us-east-1/2026/12/01/a.json";
        let reports = [report(path, 3, 0), report("other.json", 1, 0)];
        let findings = [
            finding(0, "111111111111", "us-east-1"),
            finding(0, "999999999999", "us-east-1"),
            finding(0, "111111111111", "eu-west-1"),
            // Not from an S3 path: nothing to disagree with.
            finding(1, "999999999999", "eu-west-1"),
        ];
        let groups = group_by_origin(&reports, &[], &findings);
        assert_eq!(groups[0].mismatched_findings, 2);
        assert_eq!(
            groups[0].mismatch_warning().as_deref(),
            Some("2 findings of these files name an account or region other than 111111111111 / us-east-1")
        );
        assert_eq!(groups[1].mismatch_warning(), None);
    }
}
