//! The native command-line program: `guardview summary FILE...` reads exports exactly as the
//! browser app does and prints the headline numbers as one JSON object.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::ExitCode;

use crate::analysis::export::{risk_matrix_json, summary_json};
use crate::analysis::mapping_counts::MappingCounts;
use crate::ingest::LoadSession;

mod filters;

mod inputs;
mod org_scale;
mod rollup_run;
mod spread;
mod summary_run;

/// Exit status when every file loaded.
const EXIT_OK: u8 = 0;
/// Exit status when any file failed (the summary of what loaded is still printed).
const EXIT_FILE_FAILED: u8 = 2;
/// Exit status for usage errors (BSD `EX_USAGE`).
const EXIT_USAGE: u8 = 64;

/// Bytes read per chunk, as the browser's file stream would deliver them.
const CHUNK_BYTES: usize = 1024 * 1024;

const HELP: &str = "\
guardview: visualise exported Amazon GuardDuty findings.

USAGE:
    guardview summary [--pretty] [--threads N] FILE|DIR...  Load exports, print the numbers (JSON)
    guardview sample [OPTIONS]              Write deterministic, realistic sample data
    guardview filters --filter F.json FILE...  Which findings GuardDuty filters match (JSON)
    guardview rollup [-o FILE] FILE|DIR...  Compute Rollup v1 (daily counts) on all cores
    guardview sql --source S --engine E     Print SQL for Athena/Spark/DuckDB (docs/org-scale.md)
    guardview --help | --version

Run `guardview summary --help` for what the summary contains.
";

const SUMMARY_HELP: &str = "\
guardview summary: load GuardDuty exports and print one JSON object to stdout.

USAGE:
    guardview summary [--pretty] [--threads N] FILE|DIR...

A DIR is walked recursively: .json, .jsonl, .ndjson, .csv (rollups) and their .gz are read by
content; anything else (checksums, .DS_Store, manifests) is skipped and counted in
`skipped_files`. Each file is read in 1 MiB chunks through the loader the browser app uses.
Any dialect is accepted and recognised by content: CLI/SDK `get-findings` output (PascalCase,
one or many `{\"Findings\":[...]}` documents), camelCase JSON (object, array, `{\"findings\":[...]}`),
EventBridge events, JSON Lines (the S3 export), gzip (`.jsonl.gz`), Security Hub ASFF and OCSF.
Findings with the same id are counted once (the newest update wins).

OUTPUT (counts are over unique findings; samples and archived findings included):
    unique_findings, records, duplicates,
    by_severity (Critical/High/Medium/Low, always all four), by_purpose, by_type,
    by_resource_type (GuardDuty's resource.resourceType, \"Unknown\" when absent),
    by_account, by_region, archived, samples, first_seen, last_seen (ISO-8601),
    by_tactic (MITRE ATT&CK tactic name -> findings, all 14 listed; a finding counts under
          each tactic it maps to), by_csa_threat (CSA Egregious Eleven name -> findings, all 11),
    files: [{name, dialect, records, findings_added, duplicates, warnings, error}],
    skipped_files (files in folders that are not exports),
    rollups (only when rollup files were given: their totals, by_severity, by_type,
             by_resource_type, by_account, by_region; counted apart from the findings),
    risk: NIST SP 800-30 5x5 counts {likelihood: {impact: n}} under the default rules,
          assessed as of last_seen (the data's latest activity, never the clock)

OPTIONS:
    --pretty     Indent the JSON
    --threads N  Read files on N threads into N shards of the columnar store (default: every
                 core); the output is the same for any N
    -h, --help   Show this help

EXIT STATUS:
    0   every file loaded
    2   at least one file or folder failed (its error is in `files` and on stderr)
    64  usage error
";

const SAMPLE_HELP: &str = "\
guardview sample: write a synthetic organisation's GuardDuty findings (deterministic).

USAGE:
    guardview sample [--findings N] [--seed S] [--format F] [--now ISO-8601] [--output FILE]
    guardview sample --layout s3-org --out DIR [--findings N] [--seed S] [--now ISO-8601]

OPTIONS:
    --findings N    Unique findings to write (default 10000); about 5% more records follow as
                    later updates of the same ids, as real exports repeat updated findings
    --seed S        Seed (default 1): the same options always give the same bytes
    --format F      json | jsonl | jsonl.gz | cli | eventbridge (default jsonl)
    --now TIME      The instant the data ends at (default 2026-11-27T00:00:00Z)
    --output FILE   Write here instead of stdout
    --layout s3-org Write an organisation's S3 export tree instead of one file:
                    AWSLogs/<account>/GuardDuty/<region>/YYYY/MM/DD/<uuid>.jsonl.gz, 30% of
                    findings updated later, plus two broken objects and foreign files
                    (.DS_Store, .sha256, SHA256SUMS)
    --out DIR       The tree's root (with --layout s3-org)
    -h, --help      Show this help
";

/// The default end of generated activity: fixed, so output never depends on the clock.
const SAMPLE_DEFAULT_NOW_MS: i64 = 1_795_737_600_000;

/// Runs the program with the given arguments (without the program name).
pub fn run(args: impl Iterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.collect();
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next() {
        Ok(Some(lexopt::Arg::Value(command))) => command,
        Ok(Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h'))) | Ok(None) => {
            print!("{HELP}");
            return ExitCode::from(EXIT_OK);
        }
        Ok(Some(lexopt::Arg::Long("version") | lexopt::Arg::Short('V'))) => {
            println!("guardview {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::from(EXIT_OK);
        }
        Ok(Some(other)) => return usage_error(&format!("unexpected {}", describe_arg(&other))),
        Err(error) => return usage_error(&error.to_string()),
    };
    match command.to_str() {
        Some("summary") => summary_command(&mut parser),
        Some("sample") => sample_command(&mut parser),
        Some("filters") => filters::filters_command(&mut parser),
        Some("rollup") => org_scale::rollup_command(&mut parser),
        Some("sql") => org_scale::sql_command(&mut parser),
        _ => usage_error(&format!("unknown command {:?}", command)),
    }
}

fn describe_arg(arg: &lexopt::Arg<'_>) -> String {
    match arg {
        lexopt::Arg::Short(c) => format!("option -{c}"),
        lexopt::Arg::Long(name) => format!("option --{name}"),
        lexopt::Arg::Value(value) => format!("argument {value:?}"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("guardview: {message}\n\n{HELP}");
    ExitCode::from(EXIT_USAGE)
}

fn sample_command(parser: &mut lexopt::Parser) -> ExitCode {
    use crate::sample::{write_sample, SampleFormat, SampleOptions};
    let mut findings = 10_000_usize;
    let mut seed = 1_u64;
    let mut format = SampleFormat::JsonLines;
    let mut now_ms = SAMPLE_DEFAULT_NOW_MS;
    let mut output: Option<OsString> = None;
    let mut tree_root: Option<OsString> = None;
    let mut layout_s3_org = false;
    loop {
        let arg = match parser.next() {
            Ok(None) => break,
            Ok(Some(arg)) => arg,
            Err(error) => return usage_error(&error.to_string()),
        };
        let value = |parser: &mut lexopt::Parser| -> Result<String, String> {
            parser
                .value()
                .map_err(|e| e.to_string())?
                .into_string()
                .map_err(|v| format!("{v:?} is not text"))
        };
        let result: Result<(), String> = match arg {
            lexopt::Arg::Long("help") | lexopt::Arg::Short('h') => {
                print!("{SAMPLE_HELP}");
                return ExitCode::from(EXIT_OK);
            }
            lexopt::Arg::Long("findings") => value(parser).and_then(|v| {
                findings = v
                    .parse()
                    .map_err(|_| format!("--findings {v:?} is not a count"))?;
                Ok(())
            }),
            lexopt::Arg::Long("seed") => value(parser).and_then(|v| {
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed {v:?} is not a number"))?;
                Ok(())
            }),
            lexopt::Arg::Long("format") => value(parser).and_then(|v| {
                format = SampleFormat::parse(&v).ok_or(format!("unknown --format {v:?}"))?;
                Ok(())
            }),
            lexopt::Arg::Long("now") => value(parser).and_then(|v| {
                now_ms = crate::ingest::parse_timestamp(&v)
                    .ok_or(format!("--now {v:?} is not a time"))?
                    .0;
                Ok(())
            }),
            lexopt::Arg::Long("output") | lexopt::Arg::Short('o') => parser
                .value()
                .map(|v| output = Some(v))
                .map_err(|e| e.to_string()),
            lexopt::Arg::Long("layout") => value(parser).and_then(|v| {
                layout_s3_org = v == "s3-org";
                layout_s3_org
                    .then_some(())
                    .ok_or(format!("unknown --layout {v:?} (s3-org)"))
            }),
            lexopt::Arg::Long("out") => parser
                .value()
                .map(|v| tree_root = Some(v))
                .map_err(|e| e.to_string()),
            other => Err(format!("unexpected {}", describe_arg(&other))),
        };
        if let Err(message) = result {
            return usage_error(&message);
        }
    }
    if layout_s3_org {
        return org_scale::sample_tree(findings, seed, now_ms, tree_root);
    }
    let options = SampleOptions::new(findings, seed, format, now_ms);
    let written = match &output {
        Some(path) => std::fs::File::create(path).and_then(|file| {
            let mut writer = std::io::BufWriter::new(file);
            write_sample(&options, &mut writer)?;
            writer.flush()
        }),
        None => {
            let stdout = std::io::stdout();
            let mut writer = std::io::BufWriter::new(stdout.lock());
            write_sample(&options, &mut writer).and_then(|()| writer.flush())
        }
    };
    match written {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(error) => {
            eprintln!("guardview sample: {error}");
            ExitCode::from(EXIT_FILE_FAILED)
        }
    }
}

fn summary_command(parser: &mut lexopt::Parser) -> ExitCode {
    let mut files: Vec<OsString> = Vec::new();
    let mut pretty = false;
    let mut threads = std::thread::available_parallelism().map_or(1, usize::from);
    loop {
        match parser.next() {
            Ok(None) => break,
            Ok(Some(lexopt::Arg::Value(value))) => files.push(value),
            Ok(Some(lexopt::Arg::Long("pretty"))) => pretty = true,
            Ok(Some(lexopt::Arg::Long("threads"))) => {
                let count = parser
                    .value()
                    .ok()
                    .and_then(|v| v.into_string().ok())
                    .and_then(|v| v.parse::<usize>().ok())
                    .filter(|&n| n > 0);
                match count {
                    Some(count) => threads = count,
                    None => return usage_error("--threads needs a positive count"),
                }
            }
            Ok(Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h'))) => {
                print!("{SUMMARY_HELP}");
                return ExitCode::from(EXIT_OK);
            }
            Ok(Some(other)) => return usage_error(&format!("unexpected {}", describe_arg(&other))),
            Err(error) => return usage_error(&error.to_string()),
        }
    }
    if files.is_empty() {
        return usage_error("summary needs at least one FILE");
    }
    let inputs = inputs::collect_inputs(&files);
    let run = summary_run::run_summary(&inputs.files, &inputs.unreadable, threads);
    let mut failed = false;
    for report in &run.reports {
        if let Some(error) = &report.error {
            failed = true;
            eprintln!("guardview: {}: {error}", report.file_name);
        }
    }
    let mut value = summary_json(&run.summary, &run.reports);
    if let Some(object) = value.as_object_mut() {
        object.insert("skipped_files".to_owned(), inputs.skipped.len().into());
        if run.rollups.files > 0 {
            object.insert("rollups".to_owned(), run.rollups.to_json());
        }
        object.insert("risk".to_owned(), risk_matrix_json(&run.risk));
        let mappings = MappingCounts::from_breakdowns(&run.tactics, &run.csa_threats);
        object.insert(
            "by_tactic".to_owned(),
            serde_json::json!(mappings.by_tactic),
        );
        object.insert(
            "by_csa_threat".to_owned(),
            serde_json::json!(mappings.by_csa_threat),
        );
    }
    let text = if pretty {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    }
    .unwrap_or_else(|_| "{}".to_owned());
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{text}").is_err() {
        return ExitCode::from(EXIT_FILE_FAILED);
    }
    ExitCode::from(if failed { EXIT_FILE_FAILED } else { EXIT_OK })
}

/// Records a path that cannot be read as a failed file in the report.
fn fail_path(session: &mut LoadSession, path: &std::path::Path, reason: &str) {
    let mut file = session.start_file(&path.to_string_lossy());
    file.fail(reason);
    session.finish_file(file);
}

/// Streams one file through the session in [`CHUNK_BYTES`] chunks.
fn load_file(session: &mut LoadSession, path: &OsString) {
    let name = path.to_string_lossy().into_owned();
    let mut file = session.start_file(&name);
    match std::fs::File::open(path) {
        Ok(mut handle) => {
            let mut buffer = vec![0u8; CHUNK_BYTES];
            loop {
                match handle.read(&mut buffer) {
                    Ok(0) => break,
                    Ok(n) => session.push(&mut file, buffer.get(..n).unwrap_or(&[])),
                    Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(error) => {
                        file.fail(format!("The file could not be read ({error})"));
                        break;
                    }
                }
            }
        }
        Err(error) => file.fail(format!("The file could not be opened ({error})")),
    }
    session.finish_file(file);
}
