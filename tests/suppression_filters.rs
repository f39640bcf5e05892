//! The suppression what-if end to end: a filter built from a `FindingFilter`, exported as
//! `create-filter` criteria (and as a `--cli-input-json` body), and evaluated by the built
//! `guardview filters` binary matches exactly the findings the app's preview lists, on the
//! sample generator's data and on the corpus fixtures; the filter fixtures (one per shape in
//! `tests/fixtures/filters/`) import and match as their criteria say.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use guardview::analysis::filter::{ArchiveFilter, FindingFilter};
use guardview::analysis::period::{Period, TimeBasis};
use guardview::analysis::suppression::{
    criteria_from_filter, import_filters, loaded_types, preview, ImportedFilter, SuppressionRule,
};
use guardview::ingest::LoadSession;
use guardview::model::{EpochMillis, Finding, SeverityBand};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn run(args: &[String]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_guardview"))
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("cannot run guardview: {error}"),
    }
}

fn stdout_json(output: &Output) -> Value {
    match serde_json::from_slice(&output.stdout) {
        Ok(value) => value,
        Err(error) => panic!(
            "stdout is not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "guardview-suppression-{name}-{}",
        std::process::id()
    ));
    if let Err(error) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {error}", dir.display());
    }
    dir
}

fn write(path: &Path, text: &str) {
    if let Err(error) = std::fs::write(path, text) {
        panic!("cannot write {}: {error}", path.display());
    }
}

/// Loads files with the library, as the app would.
fn load(paths: &[PathBuf]) -> LoadSession {
    let mut session = LoadSession::new();
    for path in paths {
        match std::fs::read(path) {
            Ok(bytes) => {
                session.load_bytes(&path.to_string_lossy(), &bytes);
            }
            Err(error) => panic!("cannot read {}: {error}", path.display()),
        }
    }
    session
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// For each filter: build, preview, export both ways, run `guardview filters`, and require the
/// binary to list exactly the preview's matched and undecided findings. Returns how many
/// filters matched something (so a caller can insist the data exercised them).
fn exported_filters_match_the_preview(
    filters: &[FindingFilter],
    data: &[PathBuf],
    dir: &Path,
) -> usize {
    let session = load(data);
    let findings = session.findings().findings();
    let mut non_empty = 0;
    for (i, filter) in filters.iter().enumerate() {
        let built = criteria_from_filter(filter, &loaded_types(findings));
        let previewed = preview(&built.criteria, findings);
        let rule = SuppressionRule::new(&format!("guardview-test-{i}"), built.criteria.clone());
        let criteria_file = dir.join(format!("criteria-{i}.json"));
        let body_file = dir.join(format!("create-filter-{i}.json"));
        write(&criteria_file, &rule.criteria_json());
        write(&body_file, &rule.cli_input_json());
        let mut args: Vec<String> = vec![
            "filters".into(),
            "--filter".into(),
            criteria_file.to_string_lossy().into_owned(),
            "-f".into(),
            body_file.to_string_lossy().into_owned(),
        ];
        args.extend(data.iter().map(|p| p.to_string_lossy().into_owned()));
        let output = run(&args);
        assert_eq!(output.status.code(), Some(0), "filter {i}: {output:?}");
        let printed = stdout_json(&output);
        assert_eq!(printed["unique_findings"], findings.len());
        for entry in [&printed["filters"][0], &printed["filters"][1]] {
            assert_eq!(
                strings(&entry["matched_ids"]),
                previewed.matched_ids,
                "filter {i} ({filter:?}): the CLI and the preview disagree"
            );
            assert_eq!(strings(&entry["undecided_ids"]), previewed.undecided_ids);
            assert_eq!(
                entry["by_severity"],
                serde_json::json!(previewed.by_severity)
            );
        }
        assert_eq!(printed["filters"][1]["action"], "ARCHIVE");
        non_empty += usize::from(!previewed.matched_ids.is_empty());
    }
    non_empty
}

fn ids_of(findings: &[Finding], indices: &[u32]) -> Vec<String> {
    let mut ids: Vec<String> = indices
        .iter()
        .map(|&i| findings[i as usize].id.to_string())
        .collect();
    ids.sort();
    ids
}

#[test]
fn filters_built_in_the_app_match_the_same_findings_in_the_cli_on_sample_data() {
    let dir = scratch("sample");
    let data = dir.join("sample.jsonl");
    let written = run(&[
        "sample".into(),
        "--findings".into(),
        "3000".into(),
        "--seed".into(),
        "16".into(),
        "-o".into(),
        data.to_string_lossy().into_owned(),
    ]);
    assert!(written.status.success(), "sample failed: {written:?}");
    let session = load(std::slice::from_ref(&data));
    let findings = session.findings().findings();
    let first_account = findings
        .iter()
        .filter_map(|f| f.account_id.as_deref())
        .min()
        .unwrap_or_default()
        .to_owned();
    let times: Vec<i64> = findings
        .iter()
        .filter_map(|f| f.updated_at)
        .map(|t| t.0)
        .collect();
    let (earliest, latest) = (
        times.iter().copied().min().unwrap_or(0),
        times.iter().copied().max().unwrap_or(0),
    );
    let middle = Period {
        start: EpochMillis(earliest + (latest - earliest) / 3),
        end: EpochMillis(earliest + 2 * (latest - earliest) / 3),
    };
    let expressible = [
        FindingFilter::default(),
        FindingFilter {
            severities: [SeverityBand::High, SeverityBand::Critical].into(),
            archive: ArchiveFilter::ActiveOnly,
            ..FindingFilter::default()
        },
        FindingFilter {
            types: [
                "Recon:EC2/".to_owned(),
                "UnauthorizedAccess:EC2/TorClient".to_owned(),
            ]
            .into(),
            accounts: [first_account].into(),
            show_samples: true,
            ..FindingFilter::default()
        },
        FindingFilter {
            purposes: ["Trojan".to_owned()].into(),
            regions: ["us-east-1".to_owned(), "eu-west-1".to_owned()].into(),
            time_basis: TimeBasis::Updated,
            period: Some(middle),
            ..FindingFilter::default()
        },
    ];
    for filter in &expressible {
        let built = criteria_from_filter(filter, &loaded_types(findings));
        assert!(built.not_exportable.is_empty(), "{filter:?}");
        let previewed = preview(&built.criteria, findings);
        assert_eq!(
            previewed.matched_ids,
            ids_of(findings, &filter.apply(findings)),
            "an expressible filter's criteria select what the app shows: {filter:?}"
        );
    }
    let mut all = expressible.to_vec();
    all.push(FindingFilter {
        text: "tor".to_owned(),
        resource_types: ["Instance".to_owned(), "Unknown".to_owned()].into(),
        ..FindingFilter::default()
    });
    let non_empty = exported_filters_match_the_preview(&all, &[data], &dir);
    assert_eq!(
        non_empty,
        all.len(),
        "every filter should select sample findings"
    );
}

/// Every corpus fixture that loads without a file error.
fn loadable_corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![fixtures().join("corpus")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if load(std::slice::from_ref(&path))
                .reports()
                .iter()
                .all(|r| r.error.is_none())
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn filters_built_in_the_app_match_the_same_findings_in_the_cli_on_the_corpus() {
    let dir = scratch("corpus");
    let data = loadable_corpus_files();
    assert!(
        data.len() > 40,
        "the corpus fixtures are missing: {}",
        data.len()
    );
    let filters = [
        FindingFilter::default(),
        FindingFilter {
            severities: [SeverityBand::Medium, SeverityBand::High].into(),
            show_samples: true,
            ..FindingFilter::default()
        },
        FindingFilter {
            types: ["Recon:EC2/PortProbeUnprotectedPort".to_owned()].into(),
            resource_types: ["Instance".to_owned()].into(),
            ..FindingFilter::default()
        },
        FindingFilter {
            purposes: ["UnauthorizedAccess".to_owned(), "AttackSequence".to_owned()].into(),
            archive: ArchiveFilter::ActiveOnly,
            show_samples: true,
            ..FindingFilter::default()
        },
    ];
    let non_empty = exported_filters_match_the_preview(&filters, &data, &dir);
    assert_eq!(non_empty, filters.len());
}

fn filter_fixture(name: &str) -> PathBuf {
    fixtures().join("filters").join(name)
}

fn read_fixture(name: &str) -> String {
    match std::fs::read_to_string(filter_fixture(name)) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {name}: {error}"),
    }
}

fn only_filter(name: &str) -> guardview::analysis::suppression::SavedFilter {
    match import_filters(&read_fixture(name)) {
        Ok(mut filters) if filters.len() == 1 => match filters.remove(0) {
            ImportedFilter::WithCriteria(filter) => filter,
            ImportedFilter::NameOnly(n) => panic!("{name}: only a name ({n})"),
        },
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn cli_spelled_filter_fixtures_read_back_to_their_exact_json() {
    for name in [
        "create_filter_criteria_aws_cli_example.json",
        "criteria_severity_bands_and_wildcards.json",
    ] {
        let original: Value = serde_json::from_str(&read_fixture(name)).unwrap_or_default();
        assert_eq!(
            only_filter(name).finding_criteria.to_cli_json(),
            original,
            "{name}"
        );
    }
    let original: Value =
        serde_json::from_str(&read_fixture("get_filter_output_cli.json")).unwrap_or_default();
    assert_eq!(
        only_filter("get_filter_output_cli.json").to_cli_json(),
        original
    );
    let wire = only_filter("get_filter_output_rest_wire.json");
    assert_eq!(wire.name.as_deref(), Some("archive-low-portscans"));
    assert_eq!(
        wire.finding_criteria.to_cli_json(),
        serde_json::json!({"Criterion": {"type": {"Equals": ["Recon:EC2/Portscan"]}, "severity": {"LessThan": 4}}})
    );
}

#[test]
fn filter_fixtures_match_corpus_findings_as_their_criteria_say() {
    let corpus = loadable_corpus_files();
    let session = load(&corpus);
    let findings = session.findings().findings();
    let mut args: Vec<String> = vec!["filters".into()];
    for name in [
        "create_filter_criteria_aws_cli_example.json",
        "get_filter_output_rest_wire.json",
        "list_filters_output.json",
        "criteria_severity_bands_and_wildcards.json",
    ] {
        args.push("--filter".into());
        args.push(filter_fixture(name).to_string_lossy().into_owned());
    }
    args.extend(corpus.iter().map(|p| p.to_string_lossy().into_owned()));
    let output = run(&args);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let printed = stdout_json(&output);
    let entries = printed["filters"].as_array().cloned().unwrap_or_default();
    assert_eq!(entries.len(), 5, "two names from list-filters");
    let expect = |keep: &dyn Fn(&Finding) -> bool| -> Vec<String> {
        let mut ids: Vec<String> = findings
            .iter()
            .filter(|f| keep(f))
            .map(|f| f.id.to_string())
            .collect();
        ids.sort();
        ids
    };
    let is_portscan = |f: &Finding| &*f.finding_type.full == "Recon:EC2/Portscan";
    // The AWS CLI example names an image no corpus instance runs.
    assert!(expect(&is_portscan).len() > 1, "the corpus has port scans");
    assert_eq!(entries[0]["matched"], 0);
    assert_eq!(entries[0]["undecided"], 0);
    assert_eq!(
        strings(&entries[1]["matched_ids"]),
        expect(&|f| is_portscan(f) && f.severity_score < 4.0)
    );
    for (entry, name) in entries[2..4].iter().zip([
        "suppress-portscan-from-scanner-image",
        "archive-low-portscans",
    ]) {
        assert_eq!(entry["name"], name);
        assert!(entry["missing_criteria"]
            .as_str()
            .is_some_and(|m| m.contains(&format!(
                "get-filter --detector-id <DETECTOR_ID> --filter-name {name}"
            ))));
        assert!(entry.get("matched").is_none());
    }
    let severe_ec2_access = expect(&|f| {
        f.finding_type.full.starts_with("UnauthorizedAccess:EC2/")
            && !f.finding_type.full.to_ascii_lowercase().contains("tor")
            && f.severity >= SeverityBand::High
            && !f.archived
    });
    assert!(
        !severe_ec2_access.is_empty(),
        "the corpus has such findings"
    );
    assert_eq!(strings(&entries[4]["matched_ids"]), severe_ec2_access);
    assert!(strings(&entries[4]["warnings"])
        .iter()
        .any(|w| w.contains("High")));
}

#[test]
fn filters_reports_a_bad_filter_file_and_refuses_bad_usage() {
    let data = fixtures().join(
        "corpus/panther-analysis/aws_guardduty_critical_sev_findings__Critical_Sev_Finding.json",
    );
    let bad = fixtures().join("quirks/not_json.txt");
    let output = run(&[
        "filters".into(),
        "-f".into(),
        bad.to_string_lossy().into_owned(),
        data.to_string_lossy().into_owned(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let printed = stdout_json(&output);
    assert!(printed["filters"][0]["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("not valid JSON")));
    let no_filter = run(&["filters".into(), data.to_string_lossy().into_owned()]);
    assert_eq!(no_filter.status.code(), Some(64));
    let no_data = run(&[
        "filters".into(),
        "-f".into(),
        bad.to_string_lossy().into_owned(),
    ]);
    assert_eq!(no_data.status.code(), Some(64));
}
