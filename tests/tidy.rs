//! Architecture and style rules from ARCHITECTURE.md, enforced as tests.

use std::collections::{BTreeMap, BTreeSet};
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
const FORBIDDEN_IMPORTS: [(&str, &[&str]); 11] = [
    (
        "model",
        &[
            "ingest", "analysis", "charts", "ui", "sample", "cli", "sql", "store",
        ],
    ),
    (
        "ingest",
        &["analysis", "charts", "ui", "sample", "cli", "store"],
    ),
    (
        "analysis",
        &["ingest", "charts", "ui", "sample", "cli", "store"],
    ),
    ("charts", &["ingest", "ui", "sample", "cli", "store"]),
    (
        "sample",
        &["ingest", "analysis", "charts", "ui", "cli", "store"],
    ),
    // The columnar store holds findings and answers queries with `analysis`; it is fed
    // findings by its caller (the CLI, the ingest workers) and never parses.
    (
        "store",
        &[
            "ingest",
            "charts",
            "ui",
            "sample",
            "cli",
            "sql",
            "office",
            "load_phase",
            "load_origin",
        ],
    ),
    ("worker", &["analysis", "charts", "ui", "sample", "cli"]),
    // Rollup v1 files are read and written by `ingest::rollup` (from `model` alone, so the
    // ingest rule covers them; the CLI does the I/O); the SQL generator depends on nothing.
    (
        "sql",
        &[
            "model", "ingest", "analysis", "charts", "ui", "sample", "cli",
        ],
    ),
    // The page's load progress is plain data with its words (through `analysis::format`).
    (
        "load_phase",
        &["ingest", "charts", "ui", "sample", "cli", "sql", "office"],
    ),
    // Where a dropped file came from (the S3 export layout) and which names are read: plain data.
    (
        "load_origin",
        &["ingest", "charts", "ui", "sample", "cli", "sql", "office"],
    ),
    // The board pack is built from plain data: findings and their analysis, no browser crate.
    (
        "office",
        &["ingest", "charts", "ui", "sample", "cli", "sql"],
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
fn only_tests_call_the_reference_implementations() {
    // `analysis::reference` holds the straightforward implementations the indexed ones are
    // tested against: production code (outside test modules) and the examples never call it.
    let mut offenders = Vec::new();
    for dir in ["src", "examples", "benches"] {
        for path in rust_files_under(&root().join(dir)) {
            let inside = path.starts_with(root().join("src/analysis/reference"))
                || path == root().join("src/analysis/reference.rs");
            if inside {
                continue;
            }
            let code =
                without_test_modules(&code_only(&fs::read_to_string(&path).unwrap_or_default()));
            let module = module_path_of(&path).unwrap_or_default();
            let names_it = code.contains("analysis::reference")
                || (module.starts_with("analysis") && code.contains("super::reference"));
            if names_it {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

#[test]
fn no_test_is_ignored() {
    let mut offenders = Vec::new();
    for dir in ["src", "tests", "benches", "fuzz"] {
        for path in rust_files_under(&root().join(dir)) {
            let code = code_only(&fs::read_to_string(&path).unwrap_or_default());
            if code.contains(concat!("#[ig", "nore")) {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// Production lines a file under `src/` may have (its inline `#[cfg(test)] mod tests` is not
/// counted): a newcomer should be able to hold one file in their head.
const MAX_PRODUCTION_LINES: usize = 600;

/// Files allowed over [`MAX_PRODUCTION_LINES`] for good, each with the reason: uniform,
/// declarative tables that read row by row, where splitting would only scatter one table.
const LONG_FILE_EXCEPTIONS: &[(&str, &str)] = &[(
    "src/sample/catalog.rs",
    "the sample generator's catalogue: one TypeSpec literal per GuardDuty finding type and the \
     fictional organisation's accounts, locations and names; data tables, no logic",
)];

/// Lines of `text` outside its `#[cfg(test)] mod … { … }` blocks.
fn production_lines(text: &str) -> usize {
    without_test_modules(text).lines().count()
}

#[test]
fn no_production_file_is_too_long_to_hold_in_ones_head() {
    let mut offenders = Vec::new();
    for path in rust_files_under(&root().join("src")) {
        // A `tests.rs` is a unit-test module kept in its own file (`#[cfg(test)] mod tests;`).
        if path.file_name().is_some_and(|name| name == "tests.rs") {
            continue;
        }
        let relative = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        let lines = production_lines(&fs::read_to_string(&path).unwrap_or_default());
        let excepted = LONG_FILE_EXCEPTIONS.iter().any(|(f, _)| *f == relative);
        if lines > MAX_PRODUCTION_LINES && !excepted {
            offenders.push(format!("{relative}: {lines} production lines"));
        }
    }
    assert!(
        offenders.is_empty(),
        "split these by responsibility (limit {MAX_PRODUCTION_LINES}): {offenders:#?}"
    );
    for (file, reason) in LONG_FILE_EXCEPTIONS {
        assert!(root().join(file).exists(), "stale exception {file}");
        assert!(!reason.is_empty(), "{file} is excepted without a reason");
    }
}

#[test]
fn production_lines_leave_out_the_test_module() {
    let text = "//! doc\nfn a() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";
    assert_eq!(production_lines(text), 3);
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

// ---------------------------------------------------------------------------------------------
// Import cycles between modules.
//
// Every `crate::…` and `super::…` path in a file's production code (its inline
// `#[cfg(test)] mod … { … }` left out) is an edge from the file's module to the module the path
// names. An edge between two modules that are not ancestor and descendant is lifted to the
// pair of siblings under their closest common ancestor (`analysis::briefing::sections` →
// `analysis::index` counts as `analysis::briefing` → `analysis::index`), so a parent and its
// own child never form a cycle, and a cycle through a submodule shows at the level a reader
// sees it.

/// `src/analysis/briefing/sections.rs` → `analysis::briefing::sections`; `src/lib.rs` → "".
/// `None` for the binaries' roots (`main.rs`, `src/bin/…`), which are other crates.
fn module_path_of(path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root().join("src")).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.first().is_some_and(|p| p == "bin") || parts == ["main.rs"] {
        return None;
    }
    let mut segments: Vec<String> = parts
        .iter()
        .map(|p| p.trim_end_matches(".rs").to_owned())
        .collect();
    if segments.last().is_some_and(|s| s == "lib" || s == "mod") {
        segments.pop();
    }
    Some(segments.join("::"))
}

/// The code with every `#[cfg(test)]`-gated `mod … { … }` block removed.
fn without_test_modules(code: &str) -> String {
    let mut kept = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        kept.push_str(&rest[..at]);
        let after = &rest[at + "#[cfg(test)]".len()..];
        let is_module = after.trim_start().starts_with("mod ");
        let open = after.find('{');
        let semicolon = after.find(';');
        match (is_module, open) {
            (true, Some(open)) if semicolon.is_none_or(|s| s > open) => {
                let mut depth = 0usize;
                let mut end = after.len();
                for (i, c) in after[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = open + i + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &after[end..];
            }
            _ => rest = after,
        }
    }
    kept.push_str(rest);
    kept
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier segments of a path starting at `text` (`a::b::{c, d::e}` gives `a::b::c` and
/// `a::b::d::e`; a glob or an item name ends a path).
fn expand_paths(text: &str) -> Vec<Vec<String>> {
    let mut prefix = Vec::new();
    let mut rest = text;
    loop {
        let ident: String = rest.chars().take_while(|&c| is_ident_char(c)).collect();
        if ident.is_empty() {
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 1usize;
                let mut item_start = 0;
                let mut paths = Vec::new();
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' | ',' if depth == 1 => {
                            for mut tail in expand_paths(group[item_start..i].trim_start()) {
                                let mut full = prefix.clone();
                                full.append(&mut tail);
                                paths.push(full);
                            }
                            item_start = i + 1;
                            if c == '}' {
                                return paths;
                            }
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                return paths;
            }
            return vec![prefix];
        }
        rest = &rest[ident.len()..];
        prefix.push(ident);
        match rest.strip_prefix("::") {
            Some(after) => rest = after.trim_start(),
            None => return vec![prefix],
        }
    }
}

/// Every module path named in `code` of the module `own` (longest known prefix of each path).
fn referenced_modules(code: &str, own: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let own_segments: Vec<&str> = own.split("::").filter(|s| !s.is_empty()).collect();
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    for (start, _) in code.char_indices() {
        if start > 0 && (is_ident_char(bytes[start - 1] as char) || bytes[start - 1] == b':') {
            continue;
        }
        let rest = &code[start..];
        let (mut base, mut tail): (Vec<&str>, &str) = if let Some(t) = rest.strip_prefix("crate::")
        {
            (Vec::new(), t)
        } else if rest.starts_with("super::") {
            (own_segments.clone(), rest)
        } else {
            continue;
        };
        while let Some(t) = tail.strip_prefix("super::") {
            base.pop();
            tail = t;
        }
        for path in expand_paths(tail) {
            let mut full: Vec<String> = base.iter().map(|s| s.to_string()).collect();
            full.extend(path);
            while !full.is_empty() && !known.contains(&full.join("::")) {
                full.pop();
            }
            found.insert(full.join("::"));
        }
    }
    found
}

/// Lifts an edge to the siblings under the closest common ancestor; `None` when one module
/// contains the other.
fn sibling_edge(from: &str, to: &str) -> Option<(String, String)> {
    let a: Vec<&str> = from.split("::").filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split("::").filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == a.len() || common == b.len() {
        return None;
    }
    Some((a[..=common].join("::"), b[..=common].join("::")))
}

/// The module graph of `src/`, as sibling edges.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let files: Vec<(String, PathBuf)> = rust_files_under(&root().join("src"))
        .into_iter()
        .filter_map(|p| Some((module_path_of(&p)?, p)))
        .collect();
    let known: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &files {
        let code = without_test_modules(&code_only(&fs::read_to_string(path).unwrap_or_default()));
        for target in referenced_modules(&code, module, &known) {
            if let Some((from, to)) = sibling_edge(module, &target) {
                graph.entry(from).or_default().insert(to);
            }
        }
    }
    graph
}

/// Every cycle's members, one list per strongly connected component of more than one module
/// (Tarjan's algorithm), each sorted, the lists sorted.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        order: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, node: &'g str) {
            let number = self.order.len();
            self.order.insert(node, number);
            self.low.insert(node, number);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph.get(node).into_iter().flatten() {
                let next = next.as_str();
                if !self.order.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.order[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.order[node] {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    component.push(member.to_owned());
                    if member == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        order: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.order.contains_key(node.as_str()) {
            walk.visit(node);
        }
    }
    walk.found.sort();
    walk.found
}

#[test]
fn the_cycle_finder_finds_exactly_the_cycles_of_a_small_graph() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a", &["b"][..]),
        ("b", &["c"]),
        ("c", &["a", "d"]),
        ("d", &["e"]),
        ("e", &[]),
        ("f", &["g"]),
        ("g", &["f"]),
        ("h", &["h", "a"]),
    ]
    .into_iter()
    .map(|(from, to)| (from.to_owned(), to.iter().map(|t| t.to_string()).collect()))
    .collect();
    assert_eq!(
        cycles(&graph),
        vec![vec!["a", "b", "c"], vec!["f", "g"]],
        "a → b → c → a and f ⇄ g; d, e and h (a self-edge) are in none"
    );
}

#[test]
fn import_paths_resolve_to_the_modules_they_name() {
    let known: BTreeSet<String> = [
        "",
        "analysis",
        "analysis::briefing",
        "analysis::briefing::words",
        "analysis::index",
        "model",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    let code = "use super::super::index::FindingIndex;\nuse crate::model::{Finding, time};\n\
                use super::{words::tidy, Evidence};\nlet x = crate::analysis::briefing::f();";
    let found = referenced_modules(code, "analysis::briefing::sections", &known);
    let expected: BTreeSet<String> = [
        "analysis::index",
        "model",
        "analysis::briefing::words",
        "analysis::briefing",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(found, expected);
    assert_eq!(
        sibling_edge("analysis::briefing::sections", "analysis::index"),
        Some((
            "analysis::briefing".to_owned(),
            "analysis::index".to_owned()
        ))
    );
    assert_eq!(
        sibling_edge("analysis::graph::build", "analysis::graph"),
        None
    );
    assert_eq!(
        without_test_modules("a\n#[cfg(test)]\nmod tests {\n use super::x::{y};\n}\nb"),
        "a\n\nb"
    );
}

#[test]
fn no_import_cycle_between_modules() {
    let graph = module_graph();
    assert!(
        graph.contains_key("analysis::filter") && graph.contains_key("ui"),
        "the module graph misses modules: {:?}",
        graph.keys().collect::<Vec<_>>()
    );
    let found = cycles(&graph);
    assert!(found.is_empty(), "modules importing each other: {found:#?}");
}
