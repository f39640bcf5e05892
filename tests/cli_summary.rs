//! Runs the built `guardview` binary: `summary` prints one JSON object with the merged
//! counts, exits 0 when every file loaded, 2 when any failed, 64 on usage errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn run(args: &[&str]) -> Output {
    match Command::new(env!("CARGO_BIN_EXE_guardview"))
        .args(args)
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("cannot run guardview: {error}"),
    }
}

fn json(output: &Output) -> Value {
    match serde_json::from_slice(&output.stdout) {
        Ok(value) => value,
        Err(error) => panic!(
            "stdout is not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}

fn path(relative: &str) -> String {
    fixtures().join(relative).to_string_lossy().into_owned()
}

#[test]
fn summary_of_good_files_exits_zero() {
    let output = run(&[
        "summary",
        &path("roundtrip/asff.json"),
        &path("roundtrip/update_newer_camel_case.json"),
        &path("quirks/rest_findings_body.json"),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let v = json(&output);
    assert_eq!(v["unique_findings"], 3);
    assert_eq!(v["records"], 4);
    assert_eq!(v["duplicates"], 1);
    assert_eq!(v["by_severity"]["High"], 1);
    assert_eq!(v["by_severity"]["Low"], 2);
    assert_eq!(v["by_severity"]["Critical"], 0);
    assert_eq!(v["by_severity"]["Medium"], 0);
    assert_eq!(v["by_purpose"]["Recon"], 3);
    assert_eq!(v["by_type"]["Recon:EC2/Portscan"], 3);
    assert_eq!(v["by_resource_type"]["Instance"], 3);
    assert_eq!(v["by_account"]["111122223333"], 3);
    assert_eq!(v["by_region"]["eu-west-1"], 3);
    assert_eq!(v["archived"], 0);
    assert_eq!(v["samples"], 0);
    assert_eq!(v["first_seen"], "2024-05-01T10:00:00.000Z");
    assert_eq!(v["files"][0]["dialect"], "Security Hub ASFF");
    assert_eq!(v["files"][0]["error"], Value::Null);
    assert_eq!(v["files"][1]["records"], 1);
    assert!(output.stderr.is_empty());
}

#[test]
fn a_failed_file_exits_two_and_still_prints_the_rest() {
    let output = run(&[
        "summary",
        &path("roundtrip/camel_case.json"),
        &path("quirks/not_json.txt"),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let v = json(&output);
    assert_eq!(v["unique_findings"], 1);
    assert!(v["files"][1]["error"]
        .as_str()
        .is_some_and(|e| e.starts_with("The file is not valid JSON")));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not_json.txt"));
}

#[test]
fn a_missing_file_is_a_file_error_not_a_crash() {
    let output = run(&["summary", "/nonexistent/findings.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(json(&output)["unique_findings"], 0);
}

/// Every corpus fixture, sorted, as the user would drop them all at once.
fn corpus_files() -> Vec<String> {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(fixtures().join("corpus"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            files.push(file.path().to_string_lossy().into_owned());
        }
    }
    files.sort();
    files
}

#[test]
fn the_whole_corpus_matches_the_library_totals() {
    let files = corpus_files();
    let mut args = vec!["summary"];
    args.extend(files.iter().map(String::as_str));
    let output = run(&args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "three corpus files hold no findings"
    );
    let v = json(&output);
    assert_eq!(v["unique_findings"], 193);
    assert_eq!(v["records"], 206);
    assert_eq!(v["duplicates"], 13);
    assert_eq!(v["by_severity"]["Critical"], 3);
    assert_eq!(v["by_severity"]["High"], 87);
    assert_eq!(v["by_severity"]["Medium"], 71);
    assert_eq!(v["by_severity"]["Low"], 32);
    assert_eq!(v["archived"], 5);
    assert_eq!(v["samples"], 156);
    assert_eq!(v["files"].as_array().map(Vec::len), Some(60));
}

#[test]
fn usage_errors_exit_sixty_four() {
    assert_eq!(run(&["summary"]).status.code(), Some(64));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(64));
    assert_eq!(run(&["summary", "--bogus", "x"]).status.code(), Some(64));
}

#[test]
fn help_documents_the_commands() {
    let top = run(&["--help"]);
    assert_eq!(top.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&top.stdout).contains("guardview summary"));
    let summary = run(&["summary", "--help"]);
    assert_eq!(summary.status.code(), Some(0));
    let text = String::from_utf8_lossy(&summary.stdout);
    assert!(text.contains("by_resource_type") && text.contains("EXIT STATUS"));
}

#[test]
fn the_risk_matrix_counts_every_unique_corpus_finding_once() {
    let files = corpus_files();
    let mut args = vec!["summary"];
    args.extend(files.iter().map(String::as_str));
    let first = json(&run(&args));
    let levels = ["Very Low", "Low", "Moderate", "High", "Very High"];
    let mut total = 0;
    for likelihood in levels {
        for impact in levels {
            let cell = &first["risk"][likelihood][impact];
            assert!(cell.is_u64(), "risk[{likelihood}][{impact}] = {cell}");
            total += cell.as_u64().unwrap_or(0);
        }
    }
    assert_eq!(first["risk"].as_object().map(|o| o.len()), Some(5));
    assert_eq!(Some(total), first["unique_findings"].as_u64());
    // The assessment time comes from the data, not the clock, so a second run agrees.
    assert_eq!(json(&run(&args))["risk"], first["risk"]);
}

#[test]
fn generated_samples_load_back_to_the_requested_findings_in_every_format() {
    let dir = std::env::temp_dir().join(format!("guardview-cli-sample-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for format in ["json", "jsonl", "jsonl.gz", "cli", "eventbridge"] {
        let file = dir.join(format!("sample.{format}"));
        let file_text = file.to_string_lossy().into_owned();
        let written = run(&[
            "sample",
            "--findings",
            "400",
            "--seed",
            "7",
            "--format",
            format,
            "--output",
            &file_text,
        ]);
        assert!(written.status.success(), "sample --format {format} failed");
        let summary = json(&run(&["summary", &file_text]));
        assert_eq!(summary["unique_findings"], 400, "{format}");
        assert_eq!(
            summary["records"], 420,
            "{format}: 5% of findings come again as updates"
        );
        assert_eq!(summary["duplicates"], 20, "{format}");
        assert_eq!(
            summary["samples"], 0,
            "{format}: generated data is not GuardDuty sample data"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sample_rejects_bad_options_with_a_usage_error() {
    let output = run(&["sample", "--format", "yaml"]);
    assert_eq!(output.status.code(), Some(64));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unknown --format"));
}
