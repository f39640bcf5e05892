//! `guardview filters`: evaluates GuardDuty filter JSON (get-filter, list-filters, criteria)
//! against exports with the app's own code (`analysis::suppression`) and prints one JSON object.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use serde_json::{json, Value};

use super::{describe_arg, load_file, usage_error, EXIT_FILE_FAILED, EXIT_OK};
use crate::analysis::suppression::import::get_filter_command;
use crate::analysis::suppression::{import_filters, preview, ImportedFilter};
use crate::ingest::LoadSession;
use crate::model::Finding;

pub const FILTERS_HELP: &str = "\
guardview filters: which loaded findings GuardDuty filters (suppression rules) match.

USAGE:
    guardview filters --filter FILTER.json [--filter FILTER.json ...] [--pretty] FILE...

Each FILTER.json holds `aws guardduty get-filter` output, a `create-filter --cli-input-json`
body, a bare FindingCriteria (`{\"Criterion\": ...}`, the `--finding-criteria` file), a
CloudFormation AWS::GuardDuty::Filter resource, `aws guardduty list-filters` output, or an
array of these. Each FILE is loaded exactly as `guardview summary` loads it. Filters are
evaluated by the same code as the app's suppression preview.

OUTPUT: {unique_findings, files: [{name, error}], filters: [...]}, one entry per filter:
    source, name, action, rank, criteria (CLI spelling),
    matched, matched_ids (sorted), by_severity (all four bands), by_type,
    undecided, undecided_ids: findings that passed every evaluated criterion while some
        criterion could not be evaluated (GuardDuty archives them only if it holds),
    unevaluated_criteria: [{field, operator, reason, findings}], warnings: [text]
A list-filters name has no criteria: its entry says so and gives the get-filter command.
A filter file that cannot be read gets {source, error}.

OPTIONS:
    -f, --filter FILE   A filter document (repeatable, at least one)
    --pretty            Indent the JSON
    -h, --help          Show this help

EXIT STATUS:
    0   every file and filter was read
    2   a data file or a filter file failed (its error is in the JSON and on stderr)
    64  usage error
";

/// The entries one filter document gives.
fn filter_entries(source: &str, findings: &[Finding]) -> (Vec<Value>, bool) {
    let text = match std::fs::read_to_string(source) {
        Ok(text) => text,
        Err(error) => {
            let message = format!("The filter file could not be read ({error})");
            eprintln!("guardview: {source}: {message}");
            return (vec![json!({"source": source, "error": message})], true);
        }
    };
    let imported = match import_filters(&text) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("guardview: {source}: {error}");
            return (
                vec![json!({"source": source, "error": error.to_string()})],
                true,
            );
        }
    };
    let entries = imported
        .iter()
        .map(|filter| match filter {
            ImportedFilter::NameOnly(name) => json!({
                "source": source,
                "name": name,
                "missing_criteria": format!(
                    "list-filters gives names only; fetch the criteria with: {}",
                    get_filter_command(name)
                ),
            }),
            ImportedFilter::WithCriteria(saved) => {
                let mut entry = json!({
                    "source": source,
                    "name": saved.name,
                    "action": saved.action.as_ref().map(|a| a.name().to_owned()),
                    "rank": saved.rank,
                    "criteria": saved.finding_criteria.to_cli_json(),
                });
                if let (Some(object), Value::Object(result)) = (
                    entry.as_object_mut(),
                    preview(&saved.finding_criteria, findings).to_json(),
                ) {
                    object.extend(result);
                }
                entry
            }
        })
        .collect();
    (entries, false)
}

/// Runs `guardview filters`.
pub fn filters_command(parser: &mut lexopt::Parser) -> ExitCode {
    let mut filter_files: Vec<String> = Vec::new();
    let mut files: Vec<OsString> = Vec::new();
    let mut pretty = false;
    loop {
        match parser.next() {
            Ok(None) => break,
            Ok(Some(lexopt::Arg::Long("filter") | lexopt::Arg::Short('f'))) => {
                match parser.value().map(|v| v.to_string_lossy().into_owned()) {
                    Ok(path) => filter_files.push(path),
                    Err(error) => return usage_error(&error.to_string()),
                }
            }
            Ok(Some(lexopt::Arg::Value(value))) => files.push(value),
            Ok(Some(lexopt::Arg::Long("pretty"))) => pretty = true,
            Ok(Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h'))) => {
                print!("{FILTERS_HELP}");
                return ExitCode::from(EXIT_OK);
            }
            Ok(Some(other)) => return usage_error(&format!("unexpected {}", describe_arg(&other))),
            Err(error) => return usage_error(&error.to_string()),
        }
    }
    if filter_files.is_empty() {
        return usage_error("filters needs at least one --filter FILE");
    }
    if files.is_empty() {
        return usage_error("filters needs at least one FILE of findings");
    }
    let mut session = LoadSession::new();
    for path in &files {
        load_file(&mut session, path);
    }
    let mut failed = false;
    let file_entries: Vec<Value> = session
        .reports()
        .iter()
        .map(|report| {
            let error = report.error.as_ref().map(|e| e.to_string());
            if let Some(error) = &error {
                failed = true;
                eprintln!("guardview: {}: {error}", report.file_name);
            }
            json!({"name": report.file_name, "error": error})
        })
        .collect();
    let findings = session.findings().findings();
    let mut filter_entries_all = Vec::new();
    for source in &filter_files {
        let (entries, filter_failed) = filter_entries(source, findings);
        failed |= filter_failed;
        filter_entries_all.extend(entries);
    }
    let value = json!({
        "unique_findings": findings.len(),
        "files": file_entries,
        "filters": filter_entries_all,
    });
    let text = if pretty {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    }
    .unwrap_or_else(|_| "{}".to_owned());
    if writeln!(std::io::stdout().lock(), "{text}").is_err() {
        return ExitCode::from(EXIT_FILE_FAILED);
    }
    ExitCode::from(if failed { EXIT_FILE_FAILED } else { EXIT_OK })
}
