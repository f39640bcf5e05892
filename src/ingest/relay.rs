//! Moves ingest results from the Web Worker that parses to the page that shows them, as compact
//! binary batches (never JSON to re-parse, never a JS object tree).
//!
//! The worker runs a [`RelaySender`]: an ordinary [`LoadSession`] whose findings go to an outbox
//! instead of its own set. Whenever the worker takes a batch, the outbox is encoded into it (with
//! the file's progress, and at the end of a file its [`FileReport`]) and posted as a
//! transferable `ArrayBuffer`. The page's session applies each batch with
//! [`LoadSession::apply_relayed`]: it decodes the findings, interns the text the worker had
//! interned (and only that) into its own interner, and merges them, so the page's set, reports
//! and merge counts are exactly what a direct load would give.
//!
//! The format is private to this module, written and read by the same build. Each shared text
//! is sent once per batch and referred to by index afterwards, so the page hashes each distinct
//! string once per batch rather than once per use. Why not serde + postcard: serde cannot carry that
//! string table, and deserialising `Arc<str>` allocates each string twice on the page's thread,
//! which is exactly the thread this module exists to keep free. Every struct is written and read
//! by one macro from one field list, and destructuring makes a forgotten field a compile error.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{FileIngest, Interner, LoadSession};
use crate::model::{
    AttackSequence, Dialect, EpochMillis, FileError, FileReport, Finding, FindingType,
    MergeOutcome, NetworkActor, RawSpan, RecordWarning, Resource, ResourceKind, ResourceRole,
    SeverityBand, Tag, Text, TextPosition, ThreatIntel,
};

/// A batch that could not be decoded (only possible if the two sides are different builds or
/// the bytes were damaged in between).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelayError(pub String);

impl std::fmt::Display for RelayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the ingest worker sent an unreadable batch ({})", self.0)
    }
}

/// What one applied batch changed, for the progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RelayProgress {
    /// Bytes of the current file read so far (compressed bytes for gzip).
    pub bytes_read: u64,
    /// GuardDuty records of the current file read so far.
    pub records_read: u64,
    /// Findings carried by this batch.
    pub findings: u64,
    /// True when the batch ended the file (its report is now in the session).
    pub file_done: bool,
}

/// The worker side: parses files and produces encoded batches. Call order per file:
/// `start_file`, then `push` and (whenever the caller wants to post) `take_batch`, then
/// `finish_file`, whose batch carries the file's report.
pub struct RelaySender {
    session: LoadSession,
    file: Option<FileIngest>,
    /// The last batch's size in bytes, to size the next one's buffer.
    batch_bytes_hint: usize,
}

/// Distinct strings a finding usually brings to a batch, to size the batch's string table.
const TEXTS_PER_FINDING_HINT: usize = 4;

impl Default for RelaySender {
    fn default() -> Self {
        Self::new()
    }
}

impl RelaySender {
    pub fn new() -> Self {
        let mut session = LoadSession::new();
        session.outbox = Some(Vec::new());
        Self {
            session,
            file: None,
            batch_bytes_hint: 0,
        }
    }

    /// Begins a file (ending any file still open, which cannot happen in a well-behaved caller).
    pub fn start_file(&mut self, file_name: &str) -> Option<Vec<u8>> {
        let unfinished = self.finish_file();
        self.file = Some(self.session.start_file(file_name));
        unfinished
    }

    /// Feeds a chunk; its complete records wait in the outbox for [`RelaySender::take_batch`].
    pub fn push(&mut self, chunk: &[u8]) {
        if let Some(file) = self.file.as_mut() {
            self.session.push(file, chunk);
        }
    }

    /// Findings waiting in the outbox.
    pub fn pending_findings(&self) -> usize {
        self.session.outbox.as_ref().map_or(0, Vec::len)
    }

    /// Encodes the waiting findings, with the open file's progress, as one batch.
    pub fn take_batch(&mut self) -> Vec<u8> {
        self.encode_batch(None)
    }

    /// Marks the open file unreadable (the worker's own read failed).
    pub fn fail(&mut self, reason: &str) {
        if let Some(file) = self.file.as_mut() {
            file.fail(reason);
        }
    }

    /// Ends the open file: the last findings and the file's report, as one batch.
    pub fn finish_file(&mut self) -> Option<Vec<u8>> {
        let file = self.file.take()?;
        self.session.finish_file(file);
        let report = self.session.reports.pop().unwrap_or_default();
        Some(self.encode_batch(Some(report)))
    }

    fn encode_batch(&mut self, report: Option<FileReport>) -> Vec<u8> {
        let findings = self.session.outbox.as_mut().map(std::mem::take);
        let findings = findings.unwrap_or_default();
        let (bytes_read, records_read) = match (&report, &self.file) {
            (Some(report), _) => (report.bytes_read, report.records),
            (None, Some(file)) => (file.bytes_read(), file.records_read()),
            (None, None) => (0, 0),
        };
        let batch = Batch {
            bytes_read,
            records_read,
            findings,
            report,
        };
        let mut writer = Writer {
            out: Vec::with_capacity(self.batch_bytes_hint),
            strings: FxHashMap::with_capacity_and_hasher(
                batch.findings.len() * TEXTS_PER_FINDING_HINT,
                Default::default(),
            ),
            texts: std::marker::PhantomData,
        };
        batch.put(&mut writer);
        // The page interns what it receives, so the worker's interner only needs to share text
        // within a batch; starting afresh keeps the worker's memory flat however big the load.
        // Clearing keeps the tables' capacity, so the next batch does not regrow them.
        self.session.interner.clear();
        self.batch_bytes_hint = writer.out.len();
        writer.out
    }
}

/// One message from the worker.
struct Batch {
    bytes_read: u64,
    records_read: u64,
    findings: Vec<Finding>,
    report: Option<FileReport>,
}

/// Merge counts of the file currently arriving, kept until its report does.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct RelayCounts {
    added: u64,
    duplicates: u64,
}

impl LoadSession {
    /// Applies one batch made by a [`RelaySender`]: merges its findings (as the next file in
    /// load order) and, at the end of a file, records the file's report with its merge counts.
    pub fn apply_relayed(&mut self, batch_bytes: &[u8]) -> Result<RelayProgress, RelayError> {
        let mut reader = Reader {
            bytes: batch_bytes,
            position: 0,
            table: Vec::new(),
            interner: &mut self.interner,
        };
        let batch = Batch::take(&mut reader)?;
        if reader.position != batch_bytes.len() {
            return Err(RelayError("trailing bytes".into()));
        }
        let source_file = u32::try_from(self.reports.len()).unwrap_or(u32::MAX);
        let findings = batch.findings.len() as u64;
        for mut finding in batch.findings {
            finding.source_file = source_file;
            match self.findings.merge(finding) {
                MergeOutcome::Added => self.relay_counts.added += 1,
                _ => self.relay_counts.duplicates += 1,
            }
        }
        let file_done = batch.report.is_some();
        if let Some(mut report) = batch.report {
            let counts = std::mem::take(&mut self.relay_counts);
            report.findings_added = counts.added;
            report.duplicates = counts.duplicates;
            self.reports.push(report);
        }
        Ok(RelayProgress {
            bytes_read: batch.bytes_read,
            records_read: batch.records_read,
            findings,
            file_done,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The codec.

#[derive(Default)]
struct Writer<'a> {
    out: Vec<u8>,
    /// Index of each string already sent in this batch, by address and length in bytes: the
    /// worker interns repeated text, so equal strings mostly share one address, and hashing
    /// two words is cheaper than hashing and comparing the text. (Equal text at two addresses
    /// is sent twice, and the page still shares it; every string outlives the batch, so no
    /// address is reused while it is encoded.)
    strings: FxHashMap<(usize, usize), u32>,
    texts: std::marker::PhantomData<&'a str>,
}

impl<'a> Writer<'a> {
    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.out.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.out.push(value as u8);
    }

    fn raw_str(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.out.extend_from_slice(text.as_bytes());
    }

    /// Tag `…0`: an index into this batch's table. Tag `…01`: a new string the worker shared
    /// (interned), which the page interns too. Tag `…11`: a new string the worker did not share
    /// (ids, ARNs: unique per finding), which the page stores without hashing it. New strings
    /// are appended to the table either way. The table is keyed by address and length: every
    /// finding of the batch is alive while it is written, so an address names one text.
    fn text(&mut self, text: &'a Text) {
        let key = (text.as_ptr() as usize, text.len());
        if let Some(&index) = self.strings.get(&key) {
            self.varint(u64::from(index) << 1);
            return;
        }
        let index = u32::try_from(self.strings.len()).unwrap_or(u32::MAX);
        self.strings.insert(key, index);
        // Interned text is also held by the worker's interner; unshared text only by its finding.
        let shared = Arc::strong_count(text) > 1;
        let kind = if shared { 0b01 } else { 0b11 };
        self.varint(((text.len() as u64) << 2) | kind);
        self.out.extend_from_slice(text.as_bytes());
    }
}

struct Reader<'a, 'i> {
    bytes: &'a [u8],
    position: usize,
    table: Vec<Text>,
    interner: &'i mut Interner,
}

impl<'a> Reader<'a, '_> {
    fn byte(&mut self) -> Result<u8, RelayError> {
        let byte = *self
            .bytes
            .get(self.position)
            .ok_or_else(|| RelayError("batch ends early".into()))?;
        self.position += 1;
        Ok(byte)
    }

    fn varint(&mut self) -> Result<u64, RelayError> {
        let mut value = 0_u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(RelayError("varint too long".into()))
    }

    fn slice(&mut self, length: u64) -> Result<&'a [u8], RelayError> {
        let end = usize::try_from(length)
            .ok()
            .and_then(|length| self.position.checked_add(length))
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| RelayError("string runs past the batch".into()))?;
        let slice = &self.bytes[self.position..end];
        self.position = end;
        Ok(slice)
    }

    fn str(&mut self, length: u64) -> Result<&'a str, RelayError> {
        let bytes = self.slice(length)?;
        std::str::from_utf8(bytes).map_err(|_| RelayError("string is not UTF-8".into()))
    }

    fn raw_str(&mut self) -> Result<&'a str, RelayError> {
        let length = self.varint()?;
        self.str(length)
    }

    fn text(&mut self) -> Result<Text, RelayError> {
        let tag = self.varint()?;
        if tag & 1 == 0 {
            return usize::try_from(tag >> 1)
                .ok()
                .and_then(|index| self.table.get(index).cloned())
                .ok_or_else(|| RelayError("unknown string index".into()));
        }
        let text = self.str(tag >> 2)?;
        let text = if tag & 0b10 == 0 {
            self.interner.intern(text)
        } else {
            Text::from(text)
        };
        self.table.push(text.clone());
        Ok(text)
    }
}

/// A value that can cross the worker boundary.
trait Wire<'a>: Sized {
    fn put(&'a self, writer: &mut Writer<'a>);
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError>;
}

macro_rules! wire_unsigned {
    ($($ty:ty),*) => {$(
        impl<'a> Wire<'a> for $ty {
            fn put(&'a self, writer: &mut Writer<'a>) {
                writer.varint(u64::from(*self));
            }
            fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
                <$ty>::try_from(reader.varint()?).map_err(|_| RelayError("number out of range".into()))
            }
        }
    )*};
}
wire_unsigned!(u16, u32, u64);

impl<'a> Wire<'a> for i64 {
    fn put(&'a self, writer: &mut Writer<'a>) {
        // Zig-zag, so small negative numbers stay short.
        writer.varint(((*self << 1) ^ (*self >> 63)) as u64);
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        let value = reader.varint()?;
        Ok(((value >> 1) as i64) ^ -((value & 1) as i64))
    }
}

impl<'a> Wire<'a> for f64 {
    fn put(&'a self, writer: &mut Writer<'a>) {
        writer.out.extend_from_slice(&self.to_le_bytes());
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        let bytes = reader.slice(8)?;
        let mut array = [0_u8; 8];
        array.copy_from_slice(bytes);
        Ok(f64::from_le_bytes(array))
    }
}

impl<'a> Wire<'a> for bool {
    fn put(&'a self, writer: &mut Writer<'a>) {
        writer.out.push(u8::from(*self));
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        match reader.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(RelayError("bad boolean".into())),
        }
    }
}

impl<'a> Wire<'a> for Text {
    fn put(&'a self, writer: &mut Writer<'a>) {
        writer.text(self);
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        reader.text()
    }
}

impl<'a> Wire<'a> for String {
    fn put(&'a self, writer: &mut Writer<'a>) {
        writer.raw_str(self);
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        reader.raw_str().map(str::to_owned)
    }
}

impl<'a> Wire<'a> for Box<str> {
    fn put(&'a self, writer: &mut Writer<'a>) {
        writer.raw_str(self);
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        reader.raw_str().map(Box::from)
    }
}

impl<'a, T: Wire<'a>> Wire<'a> for Option<T> {
    fn put(&'a self, writer: &mut Writer<'a>) {
        match self {
            None => writer.out.push(0),
            Some(value) => {
                writer.out.push(1);
                value.put(writer);
            }
        }
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        match reader.byte()? {
            0 => Ok(None),
            1 => T::take(reader).map(Some),
            _ => Err(RelayError("bad option tag".into())),
        }
    }
}

impl<'a, T: Wire<'a>> Wire<'a> for Vec<T> {
    fn put(&'a self, writer: &mut Writer<'a>) {
        writer.varint(self.len() as u64);
        for item in self {
            item.put(writer);
        }
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        let length = reader.varint()?;
        // Every item takes at least one byte, so a length beyond the bytes left is damage.
        let left = (reader.bytes.len() - reader.position) as u64;
        if length > left {
            return Err(RelayError("list longer than the batch".into()));
        }
        (0..length).map(|_| T::take(reader)).collect()
    }
}

impl<'a, A: Wire<'a>, B: Wire<'a>> Wire<'a> for (A, B) {
    fn put(&'a self, writer: &mut Writer<'a>) {
        self.0.put(writer);
        self.1.put(writer);
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        Ok((A::take(reader)?, B::take(reader)?))
    }
}

/// Field-less enums travel as their position in the list given here. The exhaustive match
/// makes a variant missing from the list a compile error, not a silent mis-encoding.
macro_rules! wire_enum {
    ($ty:ident { $($variant:ident),* $(,)? }) => {
        impl<'a> Wire<'a> for $ty {
            fn put(&'a self, writer: &mut Writer<'a>) {
                const ALL: &[$ty] = &[$($ty::$variant),*];
                match self {
                    $($ty::$variant)|* => {}
                }
                let index = ALL.iter().position(|v| v == self).unwrap_or(0);
                writer.out.push(index as u8);
            }
            fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
                const ALL: &[$ty] = &[$($ty::$variant),*];
                ALL.get(usize::from(reader.byte()?))
                    .copied()
                    .ok_or_else(|| RelayError(concat!("bad ", stringify!($ty)).into()))
            }
        }
    };
}

wire_enum!(Dialect {
    PascalCase,
    CamelCase,
    EventBridge,
    Asff,
    Ocsf
});
wire_enum!(ResourceRole { Target, Actor });
wire_enum!(ResourceKind {
    Instance,
    AccessKey,
    S3Bucket,
    S3Object,
    EksCluster,
    KubernetesWorkload,
    EcsCluster,
    EcsTask,
    Container,
    RdsDbInstance,
    RdsDbUser,
    Lambda,
    EbsVolume,
    EbsSnapshot,
    Ec2Image,
    RecoveryPoint,
    Other
});
wire_enum!(SeverityBand {
    Low,
    Medium,
    High,
    Critical
});

/// Structs travel as their fields in the order listed. The list is used both to destructure
/// (writing) and to build (reading), so leaving a field out does not compile.
macro_rules! wire_struct {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl<'a> Wire<'a> for $ty {
            fn put(&'a self, writer: &mut Writer<'a>) {
                let $ty { $($field),* } = self;
                $( $field.put(writer); )*
            }
            fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
                Ok($ty { $($field: Wire::take(reader)?),* })
            }
        }
    };
}

impl<'a> Wire<'a> for EpochMillis {
    fn put(&'a self, writer: &mut Writer<'a>) {
        self.0.put(writer);
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        i64::take(reader).map(EpochMillis)
    }
}

/// A type travels as its full text; the page parses each distinct type once (the parts are a
/// pure function of the text) and shares the result, as the worker's interner did.
impl<'a> Wire<'a> for Arc<FindingType> {
    fn put(&'a self, writer: &mut Writer<'a>) {
        writer.text(&self.full);
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        let full = reader.text()?;
        Ok(reader.interner.finding_type(&full))
    }
}
wire_struct!(Resource {
    kind,
    id,
    display_name,
    attributes
});
wire_struct!(Tag { key, value });
wire_struct!(NetworkActor {
    ip_address,
    country_code,
    country_name,
    city,
    asn,
    asn_org,
    org,
    isp,
    latitude,
    longitude
});
wire_struct!(ThreatIntel {
    list_name,
    threat_names
});
wire_struct!(AttackSequence {
    uid,
    description,
    tactics,
    techniques,
    resource_uids,
    signal_uids
});
wire_struct!(Finding {
    id,
    arn,
    account_id,
    region,
    partition,
    finding_type,
    severity_score,
    severity,
    title,
    description,
    created_at,
    updated_at,
    first_seen_at,
    last_seen_at,
    count,
    archived,
    sample,
    confidence,
    resource_type,
    resource_role,
    resources,
    tags,
    action_type,
    blocked,
    network_actors,
    domains,
    user_agents,
    api_calls,
    ports,
    threat_intel,
    attack_sequence_arn,
    attack_sequence,
    dialect,
    source_file,
    raw_span
});
wire_struct!(RawSpan {
    byte_offset,
    byte_length
});
wire_struct!(TextPosition {
    byte_offset,
    line,
    column
});
wire_struct!(FileError { reason, position });
wire_struct!(RecordWarning {
    record_number,
    finding_id,
    message
});
wire_struct!(FileReport {
    file_name,
    bytes_read,
    gzip,
    dialects,
    records,
    findings_added,
    duplicates,
    skipped_other_products,
    warnings,
    error
});
wire_struct!(Batch {
    bytes_read,
    records_read,
    findings,
    report
});
