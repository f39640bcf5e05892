//! The organisation-scale subcommands: `guardview sql` (print the engine SQL) and
//! `guardview rollup` (compute Rollup v1 natively, on all cores). docs/org-scale.md.

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use super::inputs::collect_inputs;
use super::rollup_run::run_rollup;
use super::{describe_arg, usage_error, EXIT_FILE_FAILED, EXIT_OK};
use crate::ingest::{write_rollup, RollupFormat};
use crate::sql::{
    check_account, check_day, check_path, check_region, render, SqlEngine, SqlOptions, SqlSource,
};

pub const SQL_HELP: &str = "\
guardview sql: print ready-to-run SQL that reduces an organisation's GuardDuty history on an
engine (docs/org-scale.md): the table or view, `latest` (one finding per id, JSON Lines that
guardview loads) and `rollup` (Rollup v1, additive daily counts).

USAGE:
    guardview sql --source s3-export|security-lake --engine athena|spark|duckdb
                  [--from DAY] [--to DAY] [--accounts ID,...] [--regions NAME,...]
                  [--location PATH] [--output PATH]

OPTIONS:
    --source S      s3-export (AWSLogs/<account>/GuardDuty/<region>/YYYY/MM/DD/*.jsonl.gz)
                    or security-lake (Security Hub source v2, OCSF 1.1 Parquet)
    --engine E      athena (Trino), spark (Spark SQL, EMR/Glue/Databricks/local) or duckdb
    --from DAY      First export day, YYYY-MM-DD (default: all)
    --to DAY        Last export day, YYYY-MM-DD (default: all)
    --accounts L    Comma-separated 12-digit member accounts (default: all)
    --regions L     Comma-separated regions (default: all)
    --location P    Where the data is: Athena `s3://bucket/AWSLogs/` (security-lake: the lake
                    table's name); Spark/DuckDB the folder holding AWSLogs/ (or the lake's
                    Parquet folder). Default: a placeholder
    --output P      Where `latest` and `rollup` are written (Athena: the UNLOAD prefix)
    -h, --help      Show this help
";

pub const ROLLUP_HELP: &str = "\
guardview rollup: compute Rollup v1 (docs/org-scale.md) from exports on disk, on all cores.

USAGE:
    guardview rollup [-o FILE] [--format csv|jsonl] [--threads N] FILE|DIR...

Files and folders (walked recursively; .json, .jsonl, .ndjson, .csv and their .gz are read by
content, anything else is skipped and counted) hold findings in any dialect guardview loads,
or rollups (added as they are: merge rollups of disjoint data). Findings are de-duplicated by
id across all files (the newest updatedAt, then the larger service.count), then counted per
first-seen day (UTC), account, region, type, severity band, resource type and archived flag.

OPTIONS:
    -o, --output FILE   Write here (default: stdout); the format follows the extension
    --format F          csv (default) or jsonl
    --threads N         Worker threads (default: every core)
    -h, --help          Show this help

EXIT STATUS:
    0   every file was read;  2   a file or folder could not be read (named on stderr);
    64  usage error
";

fn text_value(parser: &mut lexopt::Parser) -> Result<String, String> {
    parser
        .value()
        .map_err(|e| e.to_string())?
        .into_string()
        .map_err(|v| format!("{v:?} is not text"))
}

fn list(text: &str, check: fn(&str) -> Result<String, String>) -> Result<Vec<String>, String> {
    text.split(',')
        .filter(|v| !v.trim().is_empty())
        .map(check)
        .collect()
}

pub fn sql_command(parser: &mut lexopt::Parser) -> ExitCode {
    let mut source = None;
    let mut engine = None;
    let mut options = SqlOptions {
        source: SqlSource::S3Export,
        engine: SqlEngine::Athena,
        from: None,
        to: None,
        accounts: Vec::new(),
        regions: Vec::new(),
        location: String::new(),
        output: String::new(),
    };
    loop {
        let arg = match parser.next() {
            Ok(None) => break,
            Ok(Some(arg)) => arg,
            Err(error) => return usage_error(&error.to_string()),
        };
        let result: Result<(), String> = match arg {
            lexopt::Arg::Long("help") | lexopt::Arg::Short('h') => {
                print!("{SQL_HELP}");
                return ExitCode::from(EXIT_OK);
            }
            lexopt::Arg::Long("source") => text_value(parser).and_then(|v| {
                source = Some(SqlSource::parse(&v).ok_or(format!("unknown --source {v:?}"))?);
                Ok(())
            }),
            lexopt::Arg::Long("engine") => text_value(parser).and_then(|v| {
                engine = Some(SqlEngine::parse(&v).ok_or(format!("unknown --engine {v:?}"))?);
                Ok(())
            }),
            lexopt::Arg::Long("from") => {
                text_value(parser).and_then(|v| check_day(&v).map(|d| options.from = Some(d)))
            }
            lexopt::Arg::Long("to") => {
                text_value(parser).and_then(|v| check_day(&v).map(|d| options.to = Some(d)))
            }
            lexopt::Arg::Long("accounts") => text_value(parser)
                .and_then(|v| list(&v, check_account).map(|l| options.accounts.extend(l))),
            lexopt::Arg::Long("regions") => text_value(parser)
                .and_then(|v| list(&v, check_region).map(|l| options.regions.extend(l))),
            lexopt::Arg::Long("location") => {
                text_value(parser).and_then(|v| check_path(&v).map(|p| options.location = p))
            }
            lexopt::Arg::Long("output") => {
                text_value(parser).and_then(|v| check_path(&v).map(|p| options.output = p))
            }
            other => Err(format!("unexpected {}", describe_arg(&other))),
        };
        if let Err(message) = result {
            return usage_error(&message);
        }
    }
    let (Some(source), Some(engine)) = (source, engine) else {
        return usage_error("sql needs --source and --engine");
    };
    options.source = source;
    options.engine = engine;
    if let (Some(from), Some(to)) = (&options.from, &options.to) {
        if from > to {
            return usage_error("--from is after --to");
        }
    }
    if options.location.is_empty() {
        options.location = match (engine, source) {
            (SqlEngine::Athena, SqlSource::S3Export) => "s3://YOUR-EXPORT-BUCKET/AWSLogs/".into(),
            (SqlEngine::Athena, SqlSource::SecurityLake) => {
                "amazon_security_lake_glue_db_us_east_1.amazon_security_lake_table_us_east_1_sh_findings_2_0".into()
            }
            (_, SqlSource::S3Export) => "exports".into(),
            (_, SqlSource::SecurityLake) => "security-lake/aws/SH_FINDINGS/2.0".into(),
        };
    }
    if options.output.is_empty() {
        options.output = match engine {
            SqlEngine::Athena => "s3://YOUR-RESULTS-BUCKET/guardview/".into(),
            _ => "guardview-out".into(),
        };
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(render(&options).as_bytes()) {
        Ok(()) => ExitCode::from(EXIT_OK),
        Err(_) => ExitCode::from(EXIT_FILE_FAILED),
    }
}

pub fn rollup_command(parser: &mut lexopt::Parser) -> ExitCode {
    let mut paths: Vec<OsString> = Vec::new();
    let mut output: Option<OsString> = None;
    let mut format: Option<RollupFormat> = None;
    let mut threads = std::thread::available_parallelism().map_or(1, usize::from);
    loop {
        let arg = match parser.next() {
            Ok(None) => break,
            Ok(Some(arg)) => arg,
            Err(error) => return usage_error(&error.to_string()),
        };
        let result: Result<(), String> = match arg {
            lexopt::Arg::Value(value) => {
                paths.push(value);
                Ok(())
            }
            lexopt::Arg::Long("help") | lexopt::Arg::Short('h') => {
                print!("{ROLLUP_HELP}");
                return ExitCode::from(EXIT_OK);
            }
            lexopt::Arg::Long("output") | lexopt::Arg::Short('o') => parser
                .value()
                .map(|v| output = Some(v))
                .map_err(|e| e.to_string()),
            lexopt::Arg::Long("format") => text_value(parser).and_then(|v| {
                format = Some(RollupFormat::parse(&v).ok_or(format!("unknown --format {v:?}"))?);
                Ok(())
            }),
            lexopt::Arg::Long("threads") => text_value(parser).and_then(|v| {
                threads = v
                    .parse()
                    .ok()
                    .filter(|&n: &usize| n > 0)
                    .ok_or(format!("--threads {v:?} is not a positive count"))?;
                Ok(())
            }),
            other => Err(format!("unexpected {}", describe_arg(&other))),
        };
        if let Err(message) = result {
            return usage_error(&message);
        }
    }
    if paths.is_empty() {
        return usage_error("rollup needs at least one FILE or DIR");
    }
    let format = format.unwrap_or_else(|| {
        let name = output
            .as_ref()
            .map(|o| o.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".jsonl") || name.ends_with(".json") {
            RollupFormat::JsonLines
        } else {
            RollupFormat::Csv
        }
    });
    let inputs = collect_inputs(&paths);
    let run = run_rollup(&inputs.files, threads);
    let mut failed = !inputs.unreadable.is_empty();
    for (path, reason) in &inputs.unreadable {
        eprintln!("guardview: {}: {reason}", path.display());
    }
    for report in &run.reports {
        if let Some(error) = &report.error {
            failed = true;
            eprintln!("guardview: {}: {error}", report.file_name);
        }
    }
    let records: u64 = run.reports.iter().map(|r| r.records).sum();
    eprintln!(
        "guardview rollup: {} files read ({} rollups), {} skipped, {} records, {} unique findings, {} rows",
        run.reports.len(),
        run.rollup_files,
        inputs.skipped.len(),
        records,
        run.unique_findings,
        run.rollup.len()
    );
    let written = match &output {
        Some(path) if path != "-" => std::fs::File::create(path).and_then(|file| {
            let mut writer = std::io::BufWriter::new(file);
            write_rollup(&run.rollup, format, &mut writer)?;
            writer.flush()
        }),
        _ => write_rollup(&run.rollup, format, &mut std::io::stdout().lock()),
    };
    if let Err(error) = written {
        eprintln!("guardview rollup: {error}");
        return ExitCode::from(EXIT_FILE_FAILED);
    }
    ExitCode::from(if failed { EXIT_FILE_FAILED } else { EXIT_OK })
}

/// `guardview sample --layout s3-org --out DIR`.
pub fn sample_tree(findings: usize, seed: u64, now_ms: i64, root: Option<OsString>) -> ExitCode {
    use crate::sample::{write_org_tree, OrgTreeOptions};
    let Some(root) = root else {
        return usage_error("--layout s3-org needs --out DIR");
    };
    let options = OrgTreeOptions::new(findings, seed, now_ms);
    match write_org_tree(&options, std::path::Path::new(&root)) {
        Ok(stats) => {
            eprintln!(
                "guardview sample: {} export objects ({} records, {} bytes), {} broken, {} foreign files",
                stats.export_files, stats.records, stats.bytes, stats.broken_files, stats.foreign_files
            );
            ExitCode::from(EXIT_OK)
        }
        Err(error) => {
            eprintln!("guardview sample: {error}");
            ExitCode::from(EXIT_FILE_FAILED)
        }
    }
}
