//! Architecture and style rules from ARCHITECTURE.md, enforced as tests.

use std::fs;
use std::path::{Path, PathBuf};

/// Browser-only crates: only `src/ui` (and the wasm entry) may name them; the ingest worker's
/// runtime `src/worker.rs` may name all but Leptos (the worker has no user interface).
const BROWSER_CRATES: [&str; 6] = [
    "leptos",
    "web_sys",
    "gloo",
    "wasm_bindgen",
    "js_sys",
    "console_error_panic_hook",
];

/// For each core module, the sibling modules it must not import (the data path points one
/// way: ingest → model → analysis → charts → ui).
const FORBIDDEN_IMPORTS: [(&str, &[&str]); 8] = [
    (
        "model",
        &[
            "ingest", "analysis", "charts", "ui", "sample", "cli", "rollup", "sql",
        ],
    ),
    ("ingest", &["analysis", "charts", "ui", "sample", "cli"]),
    ("analysis", &["ingest", "charts", "ui", "sample", "cli"]),
    ("charts", &["ingest", "ui", "sample", "cli"]),
    ("sample", &["ingest", "analysis", "charts", "ui", "cli"]),
    ("worker", &["analysis", "charts", "ui", "sample", "cli"]),
    // Rollup files are read and written from `model` alone (the CLI does the I/O); the SQL
    // generator depends on nothing.
    (
        "rollup",
        &["ingest", "analysis", "charts", "ui", "sample", "cli", "sql"],
    ),
    (
        "sql",
        &[
            "model", "ingest", "analysis", "charts", "ui", "sample", "cli", "rollup",
        ],
    ),
];

fn rust_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(rust_files_under(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The top-level module a source file belongs to (`src/ingest/wire.rs` → `ingest`).
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(root().join("src")).unwrap_or(path);
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_owned()
}

/// Source text without `//` comments, so prose may mention any crate.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_rust_file_opens_with_a_module_doc_line() {
    let mut missing = Vec::new();
    for dir in ["src", "tests", "benches", "fuzz"] {
        for path in rust_files_under(&root().join(dir)) {
            let text = fs::read_to_string(&path).unwrap_or_default();
            if !text.starts_with("//!") {
                missing.push(path.display().to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "files without a leading //! line: {missing:#?}"
    );
}

#[test]
fn code_outside_ui_never_names_a_browser_crate() {
    let mut offenders = Vec::new();
    for path in rust_files_under(&root().join("src")) {
        let module = module_of(&path);
        if module == "ui" || module == "main" || module == "lib" {
            continue;
        }
        let code = code_only(&fs::read_to_string(&path).unwrap_or_default());
        for krate in BROWSER_CRATES {
            if module == "worker" && krate != "leptos" {
                continue;
            }
            if code.contains(&format!("{krate}::")) || code.contains(&format!("use {krate}")) {
                offenders.push(format!("{} names {krate}", path.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

#[test]
fn core_modules_only_import_along_the_data_path() {
    let mut offenders = Vec::new();
    for path in rust_files_under(&root().join("src")) {
        let module = module_of(&path);
        let Some((_, forbidden)) = FORBIDDEN_IMPORTS.iter().find(|(m, _)| *m == module) else {
            continue;
        };
        let code = code_only(&fs::read_to_string(&path).unwrap_or_default());
        for other in forbidden.iter() {
            if code.contains(&format!("crate::{other}")) {
                offenders.push(format!(
                    "{} (module {module}) uses crate::{other}",
                    path.display()
                ));
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

#[test]
fn no_test_relies_on_should_panic() {
    let mut offenders = Vec::new();
    for dir in ["src", "tests"] {
        for path in rust_files_under(&root().join(dir)) {
            let code = code_only(&fs::read_to_string(&path).unwrap_or_default());
            if code.contains(concat!("#[should", "_panic")) {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

#[test]
fn the_rules_see_the_real_tree() {
    // Guards the guards: if the walk found nothing, every rule above would pass vacuously.
    let sources = rust_files_under(&root().join("src"));
    assert!(sources.iter().any(|p| module_of(p) == "model"));
    assert!(sources.iter().any(|p| module_of(p) == "ui"));
    assert!(
        sources.len() >= 10,
        "found only {} source files",
        sources.len()
    );
}
