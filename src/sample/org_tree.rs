//! A generated organisation's GuardDuty S3 export on disk: the sample findings (and their later
//! updates, each a new record of the same id) filed as the export files them —
//! `AWSLogs/<account>/GuardDuty/<region>/YYYY/MM/DD/<uuid>.jsonl.gz`, by account, region and the
//! UTC day of `updatedAt` — plus what real trees also hold: a few broken objects (a torn
//! record, text that is not JSON) and foreign files (`.DS_Store`, `.sha256` sidecars,
//! `SHA256SUMS`). Deterministic like the rest of `sample`: the same options give the same tree.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use super::generate::{Emit, Generator};
use super::rng::{derive, Rng};
use super::time::DAY_MS;

/// One export object is closed after this many bytes of JSON Lines (and a new one begun), as
/// the export splits a busy day into several objects.
const OBJECT_BYTES: usize = 256 * 1024;
/// The stream the object names derive from.
const STREAM_OBJECT_NAMES: u64 = 1 << 58;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgTreeOptions {
    /// Distinct findings (ids).
    pub findings: usize,
    pub seed: u64,
    /// The end of the data, epoch ms.
    pub now_ms: i64,
    /// The share of findings exported again later as an update (same id, newer `updatedAt`).
    pub update_fraction: f64,
    /// Whether to add the broken objects and foreign files.
    pub with_debris: bool,
}

impl OrgTreeOptions {
    pub fn new(findings: usize, seed: u64, now_ms: i64) -> Self {
        Self {
            findings,
            seed,
            now_ms,
            update_fraction: 0.3,
            with_debris: true,
        }
    }
}

/// What was written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct OrgTreeStats {
    /// `.jsonl.gz` objects holding findings.
    pub export_files: usize,
    /// Records in them (findings plus updates).
    pub records: usize,
    /// Objects that hold no readable finding.
    pub broken_files: usize,
    /// Files that are not exports.
    pub foreign_files: usize,
    pub bytes: u64,
}

/// The folder of one export day.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Folder {
    account: &'static str,
    region: &'static str,
    day: i64,
}

impl Folder {
    fn path(&self, root: &Path) -> PathBuf {
        let date = chrono::DateTime::from_timestamp_millis(self.day * DAY_MS).map_or_else(
            || "1970/01/01".to_owned(),
            |t| t.format("%Y/%m/%d").to_string(),
        );
        root.join(format!(
            "AWSLogs/{}/GuardDuty/{}/{date}",
            self.account, self.region
        ))
    }
}

struct Writer<'a> {
    root: &'a Path,
    names: Rng,
    stats: OrgTreeStats,
    written: Vec<PathBuf>,
}

impl Writer<'_> {
    fn object_name(&mut self) -> String {
        let hex = format!(
            "{:016x}{:016x}",
            self.names.next_u64(),
            self.names.next_u64()
        );
        format!(
            "{}-{}-4{}-a{}-{}.jsonl.gz",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        )
    }

    fn write_object(&mut self, folder: &Folder, text: &[u8]) -> io::Result<PathBuf> {
        let directory = folder.path(self.root);
        std::fs::create_dir_all(&directory)?;
        let path = directory.join(self.object_name());
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(text)?;
        let bytes = encoder.finish()?;
        std::fs::write(&path, &bytes)?;
        self.stats.bytes += bytes.len() as u64;
        self.written.push(path.clone());
        Ok(path)
    }
}

/// Writes the tree under `root` (created if missing).
pub fn write_org_tree(options: &OrgTreeOptions, root: &Path) -> io::Result<OrgTreeStats> {
    let generator = Generator::new(
        options.seed,
        options.findings,
        options.update_fraction,
        options.now_ms,
    );
    let mut writer = Writer {
        root,
        names: Rng::new(derive(options.seed, STREAM_OBJECT_NAMES)),
        stats: OrgTreeStats::default(),
        written: Vec::new(),
    };
    let mut open: BTreeMap<Folder, Vec<u8>> = BTreeMap::new();
    let mut line: Vec<u8> = Vec::with_capacity(8 * 1024);
    generator.for_each_record(|emit: Emit| {
        let finding = generator.record(emit);
        line.clear();
        serde_json::to_writer(&mut line, &finding)?;
        line.push(b'\n');
        let folder = Folder {
            account: finding.account_id,
            region: finding.region,
            day: finding.times.updated_ms.div_euclid(DAY_MS),
        };
        let buffer = open.entry(folder.clone()).or_default();
        buffer.extend_from_slice(&line);
        writer.stats.records += 1;
        if buffer.len() >= OBJECT_BYTES {
            let text = std::mem::take(buffer);
            writer.write_object(&folder, &text)?;
            writer.stats.export_files += 1;
        }
        Ok(())
    })?;
    for (folder, text) in std::mem::take(&mut open) {
        if !text.is_empty() {
            writer.write_object(&folder, &text)?;
            writer.stats.export_files += 1;
        }
    }
    if options.with_debris {
        add_debris(&mut writer, options)?;
    }
    Ok(writer.stats)
}

/// Broken objects and foreign files, placed beside real exports.
fn add_debris(writer: &mut Writer<'_>, options: &OrgTreeOptions) -> io::Result<()> {
    let exports = writer.written.clone();
    let Some(first) = exports.first() else {
        return Ok(());
    };
    let last = exports.last().unwrap_or(first);
    let folder_of = |path: &Path| path.parent().map(Path::to_path_buf).unwrap_or_default();
    // A torn record (the object was cut mid-write) and text that is not JSON at all.
    for (folder, text) in [
        (
            folder_of(first),
            &b"{\"schemaVersion\":\"2.0\",\"accountId\":\"1111222"[..],
        ),
        (
            folder_of(last),
            &b"<Error><Code>AccessDenied</Code></Error>\n"[..],
        ),
    ] {
        let name = writer.object_name();
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(text)?;
        std::fs::write(folder.join(name), encoder.finish()?)?;
        writer.stats.broken_files += 1;
    }
    // Finder's metadata, checksum sidecars and a checksum list: skipped, never errors.
    let mut foreign: Vec<(PathBuf, Vec<u8>)> = vec![
        (writer.root.join(".DS_Store"), b"\0\0\0\x01Bud1".to_vec()),
        (
            folder_of(first).join(".DS_Store"),
            b"\0\0\0\x01Bud1".to_vec(),
        ),
    ];
    let mut rng = Rng::new(derive(options.seed, STREAM_OBJECT_NAMES + 1));
    let mut sums = String::new();
    for path in exports.iter().step_by(exports.len().div_ceil(3).max(1)) {
        let digest = format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut sidecar = path.clone().into_os_string();
        sidecar.push(".sha256");
        foreign.push((PathBuf::from(sidecar), format!("{digest}\n").into_bytes()));
        sums.push_str(&format!("{digest}  {name}\n"));
    }
    foreign.push((folder_of(last).join("SHA256SUMS"), sums.into_bytes()));
    for (path, bytes) in foreign {
        std::fs::write(path, bytes)?;
        writer.stats.foreign_files += 1;
    }
    Ok(())
}
