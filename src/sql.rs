//! `guardview sql`: ready-to-run, commented SQL that reduces an organisation's GuardDuty history
//! on the engine it already runs (Athena/Trino, Spark, DuckDB): the table or view over the S3
//! export or the Security Lake, the `latest` query (one finding per id, as JSON Lines guardview
//! loads) and the `rollup` query (Rollup v1). Each engine's SQL is written by hand
//! (docs/org-scale.md); this module only checks the options and fills them in, so a value
//! typed on the command line can never change the statements' shape.

mod athena;
mod duckdb;
mod spark;

/// Where the findings are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlSource {
    /// The GuardDuty S3 export: `AWSLogs/<account>/GuardDuty/<region>/YYYY/MM/DD/<uuid>.jsonl.gz`.
    S3Export,
    /// Amazon Security Lake's Security Hub table (OCSF 1.1), Parquet partitioned by region,
    /// account id and `eventday`.
    SecurityLake,
}

/// Which engine runs the SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SqlEngine {
    Athena,
    Spark,
    DuckDb,
}

/// Everything the printed SQL depends on, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlOptions {
    pub source: SqlSource,
    pub engine: SqlEngine,
    /// First export day (`YYYY-MM-DD`, inclusive), if limited.
    pub from: Option<String>,
    /// Last export day (`YYYY-MM-DD`, inclusive), if limited.
    pub to: Option<String>,
    /// Member accounts (12 digits); empty means all.
    pub accounts: Vec<String>,
    /// Regions (`eu-west-1` …); empty means all.
    pub regions: Vec<String>,
    /// Where the data is: an `s3://` URI for Athena, a local or `s3a://` path for Spark and
    /// DuckDB (the folder that holds `AWSLogs/`, or the lake table's folder).
    pub location: String,
    /// Where Spark and DuckDB write `latest` and `rollup` (Athena: the UNLOAD prefix).
    pub output: String,
}

impl SqlSource {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "s3-export" => Some(Self::S3Export),
            "security-lake" => Some(Self::SecurityLake),
            _ => None,
        }
    }
}

impl SqlEngine {
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "athena" | "trino" => Some(Self::Athena),
            "spark" => Some(Self::Spark),
            "duckdb" => Some(Self::DuckDb),
            _ => None,
        }
    }
}

/// A `YYYY-MM-DD` day that exists.
pub fn check_day(text: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .map(|_| text.to_owned())
        .ok_or(format!("{text:?} is not a day (YYYY-MM-DD)"))
}

/// A 12-digit AWS account id.
pub fn check_account(text: &str) -> Result<String, String> {
    let text = text.trim();
    (text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.to_owned())
        .ok_or(format!("{text:?} is not a 12-digit account id"))
}

/// An AWS region name (`us-east-1`, `us-gov-west-1` …).
pub fn check_region(text: &str) -> Result<String, String> {
    let text = text.trim();
    let shaped = !text.is_empty()
        && text.len() <= 32
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && text.contains('-');
    shaped
        .then(|| text.to_owned())
        .ok_or(format!("{text:?} is not a region name"))
}

/// A location or output path: any text but a quote, backslash or control character, so it
/// sits inside a SQL string literal as written.
pub fn check_path(text: &str) -> Result<String, String> {
    let safe = !text.is_empty()
        && !text
            .chars()
            .any(|c| c == '\'' || c == '\\' || c == '"' || c.is_control());
    safe.then(|| text.to_owned()).ok_or(format!(
        "{text:?} cannot be used as a path in SQL (quotes, backslashes or control characters)"
    ))
}

/// The whole script for the options.
pub fn render(options: &SqlOptions) -> String {
    match options.engine {
        SqlEngine::Athena => athena::render(options),
        SqlEngine::Spark => spark::render(options),
        SqlEngine::DuckDb => duckdb::render(options),
    }
}

/// `'a', 'b'` for an `IN (…)` list (values are checked: digits, lowercase, `-`).
fn quoted_list(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `AND <column> IN (…)` lines for the account and region filters, and the export-day window,
/// over columns named by the caller. The day column holds the date with `day_separator`
/// between its parts (`-` for 2026-01-31, `/` for Athena's projected 2026/01/31, `` for the
/// lake's 20260131), compared as text so partition pruning applies.
fn filter_lines(
    options: &SqlOptions,
    account_column: &str,
    region_column: &str,
    day_column: &str,
    day_separator: &str,
) -> String {
    let mut lines = Vec::new();
    let day = |d: &str| d.replace('-', day_separator);
    if let Some(from) = &options.from {
        lines.push(format!("  AND {day_column} >= '{}'", day(from)));
    }
    if let Some(to) = &options.to {
        lines.push(format!("  AND {day_column} <= '{}'", day(to)));
    }
    if !options.accounts.is_empty() {
        lines.push(format!(
            "  AND {account_column} IN ({})",
            quoted_list(&options.accounts)
        ));
    }
    if !options.regions.is_empty() {
        lines.push(format!(
            "  AND {region_column} IN ({})",
            quoted_list(&options.regions)
        ));
    }
    if lines.is_empty() {
        "  -- no --from/--to/--accounts/--regions: every partition is read".to_owned()
    } else {
        lines.join("\n")
    }
}

/// The account/region/day predicates for the source's own columns: the export's path
/// columns, or the lake's partitions (`eventDay` as `YYYYMMDD`).
fn source_filters(options: &SqlOptions, lake_account: &str, lake_day: &str) -> String {
    match options.source {
        SqlSource::S3Export => filter_lines(
            options,
            "export_account",
            "export_region",
            "export_day",
            "-",
        ),
        SqlSource::SecurityLake => filter_lines(options, lake_account, "region", lake_day, ""),
    }
}

/// The script: the preamble, then the template with the options filled in.
fn fill(options: &SqlOptions, engine: &str, template: &str, filters: &str) -> String {
    preamble(options, engine)
        + &template
            .replace("{FILTERS}", filters)
            .replace("{LOCATION}", &options.location)
            .replace("{OUTPUT}", &options.output)
}

/// The header every script starts with.
fn preamble(options: &SqlOptions, engine: &str) -> String {
    let source = match options.source {
        SqlSource::S3Export => {
            "the GuardDuty S3 export (AWSLogs/<account>/GuardDuty/<region>/YYYY/MM/DD/*.jsonl.gz)"
        }
        SqlSource::SecurityLake => {
            "Amazon Security Lake, Security Hub source v2 (OCSF 1.1, GuardDuty rows)"
        }
    };
    format!(
        "-- guardview {version}: organisation-scale reduction for {engine}\n\
         -- Source: {source}\n\
         -- Window: {from} .. {to}; accounts: {accounts}; regions: {regions}\n\
         -- Three steps: (1) the table/view, (2) `latest` = one row per finding id (newest\n\
         -- updatedAt, then the larger service.count) as JSON Lines guardview loads like any export,\n\
         -- (3) `rollup` = Rollup v1, additive daily counts (docs/org-scale.md).\n\n",
        version = env!("CARGO_PKG_VERSION"),
        from = options.from.as_deref().unwrap_or("(all)"),
        to = options.to.as_deref().unwrap_or("(all)"),
        accounts = if options.accounts.is_empty() {
            "all".to_owned()
        } else {
            options.accounts.join(",")
        },
        regions = if options.regions.is_empty() {
            "all".to_owned()
        } else {
            options.regions.join(",")
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_values_that_could_break_out_of_a_literal_are_refused() {
        assert!(check_account("111122223333").is_ok());
        assert!(check_account("1111' OR '1").is_err());
        assert!(check_region("eu-west-1").is_ok());
        assert!(check_region("eu'west").is_err());
        assert!(check_day("2026-02-30").is_err());
        assert!(check_day("2026-02-28").is_ok());
        assert!(check_path("s3://bucket/AWSLogs/").is_ok());
        assert!(check_path("x'; DROP TABLE t; --").is_err());
    }

    #[test]
    fn filters_become_partition_predicates() {
        let options = SqlOptions {
            source: SqlSource::S3Export,
            engine: SqlEngine::DuckDb,
            from: Some("2026-01-01".into()),
            to: None,
            accounts: vec!["111122223333".into()],
            regions: vec![],
            location: ".".into(),
            output: "out".into(),
        };
        let lines = filter_lines(&options, "acct", "reg", "eventday", "");
        assert!(lines.contains("eventday >= '20260101'"), "{lines}");
        assert!(lines.contains("acct IN ('111122223333')"), "{lines}");
        assert!(!lines.contains("reg"), "{lines}");
    }
}
