//! Deterministic, seeded sample data: a fictional organisation's GuardDuty year (well, 90 days),
//! written as full camelCase findings in any of the dialects guardview ingests.
//!
//! Everything derives from `seed` through a documented SplitMix64 generator (`rng`), and "now"
//! is passed in (`now_ms`): no clock, no randomness crate, no I/O beyond the given writer. Each
//! finding is generated from `(seed, index)` alone and written as soon as it is built, so 250k
//! findings (≈ 500 MB) stream in constant memory apart from a few small per-seed pools.
//!
//! The data has the shape a real organisation's export has: six accounts, weighted regions,
//! ~45 real finding types with their usual severities (Low-heavy, Critical only for
//! AttackSequence), resource pools with hubs (a bastion that every SSH scanner finds), ~60
//! remote actors of which a few scanners recur heavily, a weekly rhythm, an incident burst ~10
//! days before now, heavy-tailed `service.count`, ~10% archived, and a fraction of findings
//! re-emitted as later updates of the same id. None of it is a GuardDuty "sample" finding.

mod catalog;
mod details;
mod generate;
mod org_tree;
mod pick;
mod pool;
mod record;
mod rng;
mod time;

use std::io::{self, Write};

use flate2::write::GzEncoder;
use flate2::Compression;
use serde::Serialize;
use serde_json::{Map, Value};

pub use org_tree::{write_org_tree, OrgTreeOptions, OrgTreeStats};

use generate::{Emit, Generator};
use record::Finding;

/// The file dialects the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SampleFormat {
    /// One top-level JSON array of findings (a record per line inside it).
    JsonArray,
    /// One finding per line, as the GuardDuty S3 export writes after decompression.
    JsonLines,
    /// [`SampleFormat::JsonLines`] gzip-compressed, as the S3 export stores it (`.jsonl.gz`).
    JsonLinesGzip,
    /// `aws guardduty get-findings` output: concatenated `{"Findings":[…]}` documents of at most
    /// 50 findings each, with PascalCase keys.
    CliPascalCase,
    /// One EventBridge "GuardDuty Finding" event per line, the finding in `detail`.
    EventBridgeLines,
}

impl SampleFormat {
    /// All formats, in declaration order.
    pub const ALL: [Self; 5] = [
        Self::JsonArray,
        Self::JsonLines,
        Self::JsonLinesGzip,
        Self::CliPascalCase,
        Self::EventBridgeLines,
    ];

    /// Parses a format name: `json`, `jsonl`, `jsonl.gz`, `cli` or `eventbridge`
    /// (case-insensitive, surrounding whitespace ignored).
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "json" => Some(Self::JsonArray),
            "jsonl" => Some(Self::JsonLines),
            "jsonl.gz" => Some(Self::JsonLinesGzip),
            "cli" => Some(Self::CliPascalCase),
            "eventbridge" => Some(Self::EventBridgeLines),
            _ => None,
        }
    }

    /// The usual file extension (without the dot) for files in this format.
    pub fn file_extension(self) -> &'static str {
        match self {
            Self::JsonArray | Self::CliPascalCase => "json",
            Self::JsonLines | Self::EventBridgeLines => "jsonl",
            Self::JsonLinesGzip => "jsonl.gz",
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleOptions {
    /// Number of distinct findings (ids); update copies come on top.
    pub findings: usize,
    /// Everything is derived from this; the same options give identical bytes.
    pub seed: u64,
    pub format: SampleFormat,
    /// "now" in epoch ms: the newest activity is shortly before it, the oldest 90 days before.
    pub now_ms: i64,
    /// Fraction of findings that appear again as an older/newer update of the same id (default
    /// 0.05). Clamped to `0.0..=1.0` (each id is updated at most once); NaN counts as 0.
    pub update_fraction: f64,
}

impl SampleOptions {
    /// Options with the default update fraction (0.05).
    pub fn new(findings: usize, seed: u64, format: SampleFormat, now_ms: i64) -> Self {
        Self {
            findings,
            seed,
            format,
            now_ms,
            update_fraction: 0.05,
        }
    }

    /// Records written: `findings + round(findings × update_fraction)`.
    pub fn total_records(&self) -> usize {
        let fraction = if self.update_fraction.is_finite() {
            self.update_fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.findings + (((self.findings as f64) * fraction).round() as usize).min(self.findings)
    }
}

/// Writes the sample described by `options` to `out`, record by record.
///
/// Each record is serialised into a reused buffer and written with one `write_all`, so `out`
/// needs no extra buffering. Errors are only those of `out` (and of gzip, which writes to it).
pub fn write_sample(options: &SampleOptions, out: &mut impl Write) -> io::Result<()> {
    let generator = Generator::new(
        options.seed,
        options.findings,
        options.update_fraction,
        options.now_ms,
    );
    match options.format {
        SampleFormat::JsonLinesGzip => {
            // The gzip header carries no name and mtime 0, so the bytes stay deterministic.
            // Default level, like the S3 export (level 1 is ~4x faster but ~1.8x the bytes).
            let mut encoder = GzEncoder::new(out, Compression::default());
            write_records(&generator, SampleFormat::JsonLines, &mut encoder)?;
            encoder.finish()?.flush()
        }
        format => {
            write_records(&generator, format, out)?;
            out.flush()
        }
    }
}

/// The largest `{"Findings":[…]}` batch `aws guardduty get-findings` returns.
const CLI_BATCH_FINDINGS: usize = 50;

/// An EventBridge event around one finding.
#[derive(Serialize)]
struct Envelope<'a> {
    version: &'static str,
    id: String,
    #[serde(rename = "detail-type")]
    detail_type: &'static str,
    source: &'static str,
    account: &'static str,
    time: String,
    region: &'static str,
    resources: [&'static str; 0],
    detail: &'a Finding<'a>,
}

fn write_records(
    generator: &Generator,
    format: SampleFormat,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut buffer: Vec<u8> = Vec::with_capacity(8 * 1024);
    let mut written = 0usize;
    generator.for_each_record(|emit: Emit| {
        let finding = generator.record(emit);
        buffer.clear();
        match format {
            SampleFormat::JsonArray => {
                buffer.extend_from_slice(if written == 0 { b"[\n" } else { b",\n" });
                serde_json::to_writer(&mut buffer, &finding)?;
            }
            SampleFormat::JsonLines | SampleFormat::JsonLinesGzip => {
                serde_json::to_writer(&mut buffer, &finding)?;
                buffer.push(b'\n');
            }
            SampleFormat::CliPascalCase => {
                let position = written % CLI_BATCH_FINDINGS;
                if position == 0 {
                    buffer.extend_from_slice(b"{\"Findings\":[");
                } else {
                    buffer.push(b',');
                }
                serde_json::to_writer(&mut buffer, &pascal_case(serde_json::to_value(&finding)?))?;
                if position + 1 == CLI_BATCH_FINDINGS {
                    buffer.extend_from_slice(b"]}\n");
                }
            }
            SampleFormat::EventBridgeLines => {
                let envelope = Envelope {
                    version: "0",
                    id: generator.envelope_id(written),
                    detail_type: "GuardDuty Finding",
                    source: "aws.guardduty",
                    account: finding.account_id,
                    time: time::iso_seconds(finding.times.updated_ms),
                    region: finding.region,
                    resources: [],
                    detail: &finding,
                };
                serde_json::to_writer(&mut buffer, &envelope)?;
                buffer.push(b'\n');
            }
        }
        written += 1;
        out.write_all(&buffer)
    })?;
    match format {
        SampleFormat::JsonArray if written == 0 => out.write_all(b"[]\n"),
        SampleFormat::JsonArray => out.write_all(b"\n]\n"),
        SampleFormat::CliPascalCase if written == 0 => out.write_all(b"{\"Findings\":[]}\n"),
        SampleFormat::CliPascalCase if written % CLI_BATCH_FINDINGS != 0 => out.write_all(b"]}\n"),
        _ => Ok(()),
    }
}

/// The API (PascalCase) spelling of a wire (camelCase) key, with GuardDuty's exceptions where
/// the wire name is not the member name.
fn pascal_key(key: &str) -> String {
    match key {
        "productCodeId" => "Code".to_owned(),
        "productCodeType" => "ProductType".to_owned(),
        "sourceIPs" => "SourceIps".to_owned(),
        "lat" => "Lat".to_owned(),
        "lon" => "Lon".to_owned(),
        _ => {
            let mut chars = key.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        }
    }
}

/// Renames every object key of `value` to its PascalCase API spelling (string values, such as
/// `additionalInfo.value`'s embedded JSON, are left alone).
fn pascal_case(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, inner)| (pascal_key(&key), pascal_case(inner)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(pascal_case).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_keys_follow_the_api_member_names() {
        assert_eq!(pascal_key("schemaVersion"), "SchemaVersion");
        assert_eq!(pascal_key("productCodeId"), "Code");
        assert_eq!(pascal_key("sourceIPs"), "SourceIps");
        assert_eq!(pascal_key("ipAddressV4"), "IpAddressV4");
        assert_eq!(pascal_key("lat"), "Lat");
    }

    #[test]
    fn format_names_round_trip() {
        for (name, format) in [
            ("json", SampleFormat::JsonArray),
            ("jsonl", SampleFormat::JsonLines),
            ("jsonl.gz", SampleFormat::JsonLinesGzip),
            ("cli", SampleFormat::CliPascalCase),
            ("eventbridge", SampleFormat::EventBridgeLines),
        ] {
            assert_eq!(SampleFormat::parse(name), Some(format));
        }
        assert_eq!(SampleFormat::parse("xml"), None);
    }
}
