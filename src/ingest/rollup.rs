//! Rollup v1 files (docs/org-scale.md), the one format `ingest` reads that holds counts, not
//! findings: recognised by content on a file's first decoded line ([`super::session`] asks
//! before the splitter sees a byte), read and written here for the CLI too. CSV with the header row
//! `day,account_id,region,finding_type,severity,resource_type,archived,findings,occurrences`
//! (any quoting, columns in any order, extra columns ignored) or JSON Lines objects with the
//! same keys. Values come from files engines wrote and are read leniently but exactly: a row
//! that cannot be read is an error naming it, never a guess.

use std::io::Write;

use serde_json::Value;

use crate::model::{Rollup, RollupCounts, RollupKey, SeverityBand, ROLLUP_COLUMNS};

/// The two spellings of a rollup file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RollupFormat {
    Csv,
    JsonLines,
}

impl RollupFormat {
    /// `csv` or `jsonl` (case-insensitive), e.g. from a file extension or `--format`.
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(Self::Csv),
            "jsonl" | "json" | "ndjson" => Some(Self::JsonLines),
            _ => None,
        }
    }
}

/// The first line of decoded text, without a byte-order mark, surrounding whitespace or a
/// carriage return.
fn first_line(text: &[u8]) -> &[u8] {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let rest = text.get(start..).unwrap_or(&[]);
    let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let line = rest.get(..end).unwrap_or(&[]);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether the first bytes of a (decompressed) file are a rollup, and which spelling. A CSV
/// rollup's first line is its header naming every v1 column; a JSON Lines rollup's first line
/// is an object holding every v1 key. GuardDuty findings never have these keys, so a finding
/// file is never mistaken for a rollup.
pub fn recognise_rollup(first_bytes: &[u8]) -> Option<RollupFormat> {
    let line = first_line(first_bytes);
    if line.first() == Some(&b'{') {
        let has_every_key = ROLLUP_COLUMNS.iter().all(|column| {
            let quoted = format!("\"{column}\"");
            line.windows(quoted.len()).any(|w| w == quoted.as_bytes())
        });
        return has_every_key.then_some(RollupFormat::JsonLines);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line);
    let header = reader.records().next()?.ok()?;
    let names: Vec<String> = header
        .iter()
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    ROLLUP_COLUMNS
        .iter()
        .all(|column| names.iter().any(|name| name == column))
        .then_some(RollupFormat::Csv)
}

/// Reads a whole rollup (decompressed text). Rows with the same key add up.
pub fn read_rollup(text: &[u8]) -> Result<Rollup, String> {
    match recognise_rollup(text) {
        Some(RollupFormat::Csv) => read_csv(text),
        Some(RollupFormat::JsonLines) => read_json_lines(text),
        None => Err("Not a Rollup v1 file (no rollup header or keys on the first line)".into()),
    }
}

fn read_csv(text: &[u8]) -> Result<Rollup, String> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text);
    let header = reader
        .headers()
        .map_err(|e| format!("The rollup header cannot be read ({e})"))?
        .clone();
    let mut positions = [0usize; ROLLUP_COLUMNS.len()];
    for (slot, column) in positions.iter_mut().zip(ROLLUP_COLUMNS) {
        *slot = header
            .iter()
            .position(|name| name.trim().eq_ignore_ascii_case(column))
            .ok_or(format!("The rollup header has no column {column:?}"))?;
    }
    let mut rollup = Rollup::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = record.map_err(|e| format!("Rollup line {row} cannot be read ({e})"))?;
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        let field = |column: usize| record.get(positions[column]).unwrap_or("");
        let (key, counts) = parse_row(&field).map_err(|e| format!("Rollup line {row}: {e}"))?;
        rollup.add(key, counts);
    }
    Ok(rollup)
}

fn read_json_lines(text: &[u8]) -> Result<Rollup, String> {
    let mut rollup = Rollup::new();
    for (index, line) in text.split(|&b| b == b'\n').enumerate() {
        let row = index + 1;
        let line = first_line(line);
        if line.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_slice(line)
            .map_err(|e| format!("Rollup line {row} is not JSON ({e})"))?;
        let object = value
            .as_object()
            .ok_or(format!("Rollup line {row} is not an object"))?;
        let texts: Vec<String> = ROLLUP_COLUMNS
            .iter()
            .map(|column| match object.get(*column) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            })
            .collect();
        let field = |column: usize| texts.get(column).map_or("", String::as_str);
        let (key, counts) = parse_row(&field).map_err(|e| format!("Rollup line {row}: {e}"))?;
        rollup.add(key, counts);
    }
    Ok(rollup)
}

/// One row from its nine fields, given by column index in [`ROLLUP_COLUMNS`] order.
fn parse_row<'a>(field: &dyn Fn(usize) -> &'a str) -> Result<(RollupKey, RollupCounts), String> {
    let text = |column: usize| crate::model::dimension(Some(field(column)));
    let severity = parse_band(field(4)).ok_or(format!("unknown severity {:?}", field(4)))?;
    let archived = match field(6).trim().to_ascii_lowercase().as_str() {
        "true" | "1" => true,
        "false" | "0" => false,
        other => return Err(format!("archived is {other:?}, not true or false")),
    };
    let count = |column: usize| -> Result<u64, String> {
        let raw = field(column).trim();
        // Engines may write an integer sum as `12` or `12.0`.
        let digits = raw.strip_suffix(".0").unwrap_or(raw);
        digits
            .parse()
            .map_err(|_| format!("{} is {raw:?}, not a count", ROLLUP_COLUMNS[column]))
    };
    Ok((
        RollupKey {
            day: text(0),
            account_id: text(1),
            region: text(2),
            finding_type: text(3),
            severity,
            resource_type: text(5),
            archived,
        },
        RollupCounts {
            findings: count(7)?,
            occurrences: count(8)?,
        },
    ))
}

fn parse_band(name: &str) -> Option<SeverityBand> {
    SeverityBand::ALL
        .into_iter()
        .find(|band| band.name().eq_ignore_ascii_case(name.trim()))
}

/// Writes a rollup, rows in key order: CSV with the v1 header, or JSON Lines with the v1 keys
/// in column order.
pub fn write_rollup(
    rollup: &Rollup,
    format: RollupFormat,
    out: &mut impl Write,
) -> std::io::Result<()> {
    match format {
        RollupFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(ROLLUP_COLUMNS)?;
            for (key, counts) in rollup.rows() {
                writer.write_record(row_fields(key, counts))?;
            }
            writer.flush()
        }
        RollupFormat::JsonLines => {
            for (key, counts) in rollup.rows() {
                // Keys in column order (serde_json's map would sort them).
                let fields = row_fields(key, counts);
                let mut line = String::from("{");
                for (index, (column, value)) in ROLLUP_COLUMNS.iter().zip(&fields).enumerate() {
                    if index > 0 {
                        line.push(',');
                    }
                    line.push_str(&Value::from(*column).to_string());
                    line.push(':');
                    let json = match index {
                        6 => Value::Bool(key.archived),
                        7 => Value::from(counts.findings),
                        8 => Value::from(counts.occurrences),
                        _ => Value::from(value.as_str()),
                    };
                    line.push_str(&json.to_string());
                }
                line.push_str("}\n");
                out.write_all(line.as_bytes())?;
            }
            out.flush()
        }
    }
}

fn row_fields(key: &RollupKey, counts: &RollupCounts) -> [String; 9] {
    [
        key.day.clone(),
        key.account_id.clone(),
        key.region.clone(),
        key.finding_type.clone(),
        key.severity.name().to_owned(),
        key.resource_type.clone(),
        key.archived.to_string(),
        counts.findings.to_string(),
        counts.occurrences.to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATHENA_CSV: &str = "\"day\",\"account_id\",\"region\",\"finding_type\",\"severity\",\"resource_type\",\"archived\",\"findings\",\"occurrences\"\n\
        \"2026-11-02\",\"111122223333\",\"eu-west-1\",\"Recon:EC2/Portscan\",\"Low\",\"Instance\",\"false\",\"3\",\"17\"\n\
        \"2026-11-02\",\"111122223333\",\"eu-west-1\",\"Recon:EC2/Portscan\",\"Low\",\"Instance\",\"true\",\"1\",\"1\"\n";

    #[test]
    fn athena_csv_with_every_value_quoted_is_recognised_and_read() {
        assert_eq!(
            recognise_rollup(ATHENA_CSV.as_bytes()),
            Some(RollupFormat::Csv)
        );
        let rollup = read_rollup(ATHENA_CSV.as_bytes()).unwrap_or_default();
        assert_eq!(rollup.len(), 2);
        assert_eq!(rollup.totals().findings, 4);
        assert_eq!(rollup.totals().occurrences, 18);
    }

    #[test]
    fn csv_and_json_lines_round_trip_to_the_same_rollup() {
        let rollup = read_rollup(ATHENA_CSV.as_bytes()).unwrap_or_default();
        for format in [RollupFormat::Csv, RollupFormat::JsonLines] {
            let mut bytes = Vec::new();
            assert!(write_rollup(&rollup, format, &mut bytes).is_ok());
            assert_eq!(recognise_rollup(&bytes), Some(format));
            assert_eq!(read_rollup(&bytes), Ok(rollup.clone()));
        }
    }

    #[test]
    fn spark_json_lines_with_numbers_and_booleans_are_read() {
        let line = br#"{"day":"2026-11-02","account_id":"1","region":"us-east-1","finding_type":"T","severity":"critical","resource_type":"Instance","archived":false,"findings":2,"occurrences":5}"#;
        let rollup = read_rollup(line).unwrap_or_default();
        let (key, counts) = rollup.rows().next().unwrap_or_else(|| panic!("no row"));
        assert_eq!(key.severity, SeverityBand::Critical);
        assert_eq!((counts.findings, counts.occurrences), (2, 5));
    }

    #[test]
    fn finding_files_and_other_csv_are_not_rollups() {
        assert_eq!(recognise_rollup(br#"{"id":"a","type":"T","day":1}"#), None);
        assert_eq!(recognise_rollup(b"day,account_id,findings\n"), None);
        assert_eq!(recognise_rollup(b"\x1f\x8b\x08"), None);
    }

    #[test]
    fn a_bad_row_is_an_error_naming_its_line() {
        let text = format!("{ATHENA_CSV}2026-11-03,1,r,T,Severe,Instance,false,1,1\n");
        let error = read_rollup(text.as_bytes()).err().unwrap_or_default();
        assert!(error.contains("line 4"), "{error}");
        assert!(error.contains("Severe"), "{error}");
    }
}
