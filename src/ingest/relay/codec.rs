//! The relay's batch format: varints, a per-batch string table, and one field list per model
//! type (the [`Wire`] trait, written and read by the same macros, so a forgotten field or
//! variant does not compile).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::{Batch, RelayError};
use crate::ingest::dispatch::Seen;
use crate::ingest::pieces::{FilePiece, PieceContent};
use crate::ingest::Interner;
use crate::model::{
    AttackSequence, Dialect, EpochMillis, FileError, FileReport, Finding, FindingType, MalwareScan,
    MalwareThreat, NetworkActor, RawSpan, RecordWarning, Resource, ResourceKind, ResourceRole,
    RollupCounts, RollupFileSummary, RollupKey, SeverityBand, Tag, Text, TextPosition, ThreatIntel,
};

/// Encodes one batch; the capacities are hints from the previous batch.
pub(super) fn encode(batch: &Batch, capacity_bytes: usize, capacity_strings: usize) -> Vec<u8> {
    let mut writer = Writer {
        out: Vec::with_capacity(capacity_bytes),
        strings: FxHashMap::with_capacity_and_hasher(capacity_strings, Default::default()),
        texts: std::marker::PhantomData,
    };
    batch.put(&mut writer);
    writer.out
}

/// Decodes one batch, interning the text the worker shared into the page's `interner`.
pub(super) fn decode(bytes: &[u8], interner: &mut Interner) -> Result<Batch, RelayError> {
    let mut reader = Reader {
        bytes,
        position: 0,
        table: Vec::new(),
        interner,
    };
    let batch = Batch::take(&mut reader)?;
    if reader.position != bytes.len() {
        return Err(RelayError("trailing bytes".into()));
    }
    Ok(batch)
}

/// The batch's first field (the bytes of its file read so far), without decoding the rest.
pub(super) fn bytes_read_of(bytes: &[u8]) -> Option<u64> {
    varint_at(bytes, &mut 0).ok()
}

/// Reads the varint at `position` and moves past it.
fn varint_at(bytes: &[u8], position: &mut usize) -> Result<u64, RelayError> {
    let mut value = 0_u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes
            .get(*position)
            .ok_or_else(|| RelayError("batch ends early".into()))?;
        *position += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(RelayError("varint too long".into()))
}

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
        varint_at(self.bytes, &mut self.position)
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
    Ocsf,
    SecurityHubCsv
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
    BedrockGuardrail,
    AiModel,
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
    signal_uids,
    indicators
});
wire_struct!(MalwareScan {
    scan_id,
    scan_type,
    trigger_finding_id,
    threats
});
wire_struct!(MalwareThreat {
    name,
    paths,
    hashes
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
    malware_scan,
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
    position,
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
    error,
    rollup
});
wire_struct!(RollupFileSummary {
    rows,
    findings,
    occurrences,
    days,
    first_day,
    last_day
});
wire_struct!(RollupKey {
    day,
    account_id,
    region,
    finding_type,
    severity,
    resource_type,
    archived
});
wire_struct!(RollupCounts {
    findings,
    occurrences
});
wire_struct!(Batch {
    bytes_read,
    records_read,
    findings,
    rollup_rows,
    report,
    piece
});
wire_struct!(FilePiece {
    report,
    seen,
    record_counter,
    top_values,
    bytes_decoded,
    newlines,
    content,
    reached_file_end
});
wire_struct!(Seen {
    pieces,
    not_findings,
    scalars,
    empty_wrappers,
    kinesis_records,
    findings_emitted,
    first_syntax_error,
    warnings_dropped,
    continues_file
});

/// A piece's content: a tag byte, and a CSV export's row count.
impl<'a> Wire<'a> for PieceContent {
    fn put(&'a self, writer: &mut Writer<'a>) {
        match self {
            Self::Findings => writer.out.push(0),
            Self::Csv { rows } => {
                writer.out.push(1);
                rows.put(writer);
            }
            Self::Rollup => writer.out.push(2),
        }
    }
    fn take(reader: &mut Reader<'_, '_>) -> Result<Self, RelayError> {
        match reader.byte()? {
            0 => Ok(Self::Findings),
            1 => Ok(Self::Csv {
                rows: u64::take(reader)?,
            }),
            2 => Ok(Self::Rollup),
            _ => Err(RelayError("bad piece content".into())),
        }
    }
}
