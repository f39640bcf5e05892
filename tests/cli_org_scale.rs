//! The CLI at organisation scale: folders in `summary` and `rollup` (walked recursively,
//! foreign files skipped and counted, unreadable paths an error and exit 2), `rollup` totals
//! equal to `summary` on a generated S3 export tree, rollups merged by adding, and `sql`
//! printing every statement while refusing values that could leave a SQL literal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

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
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "guardview-cli-org-scale-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(error) = std::fs::create_dir_all(&dir) {
        panic!("cannot create {}: {error}", dir.display());
    }
    dir
}

fn text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}

fn copy(from: &Path, to: &Path) {
    if let Some(parent) = to.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(error) = std::fs::copy(from, to) {
        panic!("cannot copy {}: {error}", from.display());
    }
}

/// Generates the organisation tree (two broken objects and foreign files included).
fn org_tree(name: &str, findings: &str) -> PathBuf {
    let root = scratch(name);
    let output = run(&[
        "sample",
        "--layout",
        "s3-org",
        "--out",
        &text(&root),
        "--findings",
        findings,
        "--seed",
        "5",
    ]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    root
}

#[test]
fn summary_of_a_folder_reads_exports_recursively_and_counts_what_it_skips() {
    let root = scratch("folder");
    copy(&fixture("roundtrip/asff.json"), &root.join("a/b/asff.json"));
    copy(
        &fixture("roundtrip/update_newer_camel_case.json"),
        &root.join("a/update.json"),
    );
    let _ = std::fs::write(root.join(".DS_Store"), b"\0\0\0\x01Bud1");
    let _ = std::fs::write(root.join("a/update.json.sha256"), b"abc\n");
    let _ = std::fs::write(root.join("a/b/manifest.txt"), b"files: 2\n");

    let output = run(&["summary", &text(&root)]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let folder = json(&output);
    let files = run(&[
        "summary",
        &text(&root.join("a/b/asff.json")),
        &text(&root.join("a/update.json")),
    ]);
    let listed = json(&files);
    assert_eq!(folder["skipped_files"], 3);
    assert_eq!(folder["files"].as_array().map(Vec::len), Some(2));
    for key in ["unique_findings", "by_severity", "by_type", "by_account"] {
        assert_eq!(folder[key], listed[key], "{key}");
    }
}

#[test]
fn an_unreadable_path_is_an_error_and_exit_2_while_the_rest_loads() {
    let root = scratch("unreadable");
    copy(&fixture("roundtrip/asff.json"), &root.join("asff.json"));
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink(root.join("gone"), root.join("dangling.jsonl"));
        // A link back to the folder itself is walked once, not for ever.
        let _ = std::os::unix::fs::symlink(&root, root.join("loop"));
    }
    let missing = root.join("no-such-folder");

    let output = run(&["summary", &text(&root), &text(&missing)]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let summary = json(&output);
    assert_eq!(summary["unique_findings"], 1);
    let errors: Vec<String> = summary["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| Some(format!("{} {}", f["name"], f["error"].as_str()?)))
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("no-such-folder")),
        "{errors:?}"
    );
    #[cfg(unix)]
    assert!(errors.iter().any(|e| e.contains("dangling")), "{errors:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no-such-folder"), "{stderr}");

    let rollup = run(&["rollup", &text(&missing)]);
    assert_eq!(rollup.status.code(), Some(2), "{rollup:?}");
}

#[test]
fn rollup_totals_equal_the_summary_of_the_same_tree() {
    let root = org_tree("totals", "300");
    let summary_output = run(&["summary", &text(&root)]);
    // The tree holds two broken objects on purpose.
    assert_eq!(summary_output.status.code(), Some(2));
    let summary = json(&summary_output);
    assert!(
        summary["duplicates"].as_u64() > Some(0),
        "ids repeat across objects"
    );
    assert!(summary["skipped_files"].as_u64() >= Some(4));

    // Outputs go beside the tree: a rollup inside it would be read as an input next time.
    let out = scratch("totals-out");
    let rollup_path = out.join("rollup.csv");
    let output = run(&["rollup", &text(&root), "-o", &text(&rollup_path)]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let from_rollup = json(&run(&["summary", &text(&rollup_path)]));
    let rollups = &from_rollup["rollups"];
    assert_eq!(rollups["findings"], summary["unique_findings"]);
    assert_eq!(rollups["archived"], summary["archived"]);
    for key in [
        "by_severity",
        "by_type",
        "by_resource_type",
        "by_account",
        "by_region",
    ] {
        assert_eq!(rollups[key], summary[key], "{key}");
    }
    // One thread or many: the same file.
    let single = out.join("single.csv");
    run(&[
        "rollup",
        "--threads",
        "1",
        &text(&root),
        "-o",
        &text(&single),
    ]);
    assert_eq!(
        std::fs::read_to_string(&single).ok(),
        std::fs::read_to_string(&rollup_path).ok()
    );
}

#[test]
fn rollup_files_given_together_add_up_row_by_row() {
    let first = org_tree("merge-a", "120");
    let out = scratch("merge-out");
    let rollup_a = out.join("a.jsonl");
    run(&["rollup", &text(&first), "-o", &text(&rollup_a)]);
    let csv = out.join("a.csv");
    run(&[
        "rollup",
        &text(&rollup_a),
        &text(&rollup_a),
        "-o",
        &text(&csv),
    ]);
    let single = json(&run(&["summary", &text(&rollup_a)]));
    let doubled = json(&run(&["summary", &text(&csv)]));
    let findings = single["rollups"]["findings"].as_u64().unwrap_or(0);
    assert!(findings > 0);
    assert_eq!(doubled["rollups"]["findings"].as_u64(), Some(findings * 2));
    assert_eq!(doubled["rollups"]["rows"], single["rollups"]["rows"]);
}

#[test]
fn sql_prints_setup_latest_and_rollup_for_every_engine_and_source() {
    for source in ["s3-export", "security-lake"] {
        for engine in ["athena", "spark", "duckdb"] {
            let output = run(&["sql", "--source", source, "--engine", engine]);
            assert_eq!(output.status.code(), Some(0), "{source} {engine}");
            let script = String::from_utf8_lossy(&output.stdout);
            assert!(script.contains("row_number() OVER"), "{source} {engine}");
            assert!(
                script.contains("GROUP BY day, account_id, region"),
                "{source} {engine}"
            );
            assert!(script.contains("-- (2) latest"), "{source} {engine}");
        }
    }
    let filtered = run(&[
        "sql",
        "--source",
        "s3-export",
        "--engine",
        "duckdb",
        "--from",
        "2026-01-01",
        "--accounts",
        "111122223333",
    ]);
    let script = String::from_utf8_lossy(&filtered.stdout);
    assert!(script.contains("export_day >= '2026-01-01'"), "{script}");
    assert!(
        script.contains("export_account IN ('111122223333')"),
        "{script}"
    );
}

#[test]
fn sql_refuses_values_that_could_leave_a_literal() {
    for args in [
        ["--accounts", "1' OR '1'='1"],
        ["--regions", "eu-west-1'--"],
        ["--from", "2026-13-01"],
        ["--location", "s3://b/'; DROP TABLE x; --"],
    ] {
        let mut all = vec!["sql", "--source", "s3-export", "--engine", "athena"];
        all.extend(args);
        let output = run(&all);
        assert_eq!(output.status.code(), Some(64), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
