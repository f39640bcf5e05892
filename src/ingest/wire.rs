//! Wire structs: the JSON shapes of every dialect, with lenient leaves so that a value of the
//! wrong type never fails a record. Field names are camelCase with PascalCase aliases (the CLI
//! spelling), plus the few wire names that are not simple case changes (`sourceIPs`,
//! `lat`/`lon`, `LoginAttributes`). Only the fields the model uses are declared; serde skips
//! the rest without building values.
//!
//! Split by dialect family: this file holds the top-level [`Record`] of every dialect, the
//! [`Severity`] that differs between them and [`parse_top`]; [`resource`] and [`service`] hold
//! the native finding's two big subtrees, [`asff`] and [`ocsf`] the Security Hub shapes.

use std::borrow::Cow;
use std::marker::PhantomData;

use rustc_hash::FxHashMap;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize as DeriveDeserialize;

use super::lenient::{self, NestingGuard, Scalar};

pub mod asff;
pub mod malware;
pub mod ocsf;
pub mod resource;
pub mod service;

pub use resource::{Resource, Tag};
pub use service::{Action, AdditionalInfo, RemoteIp, Sequence, Service};

/// Top-level record of any dialect: a native finding, an envelope, a wrapper, ASFF or OCSF.
///
/// Nested objects are boxed ([`lenient::Obj`]): inline, `resource`, `service` and `service.action`
/// alone made every record 4.7 KB (natively) to default-initialise and move.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Record<'a> {
    #[serde(rename = "schemaVersion", alias = "SchemaVersion")]
    #[serde(borrow)]
    pub schema_version: lenient::Str<'a>,
    #[serde(rename = "accountId", alias = "AccountId")]
    #[serde(borrow)]
    pub account_id: lenient::Str<'a>,
    #[serde(rename = "region", alias = "Region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
    #[serde(rename = "partition", alias = "Partition")]
    #[serde(borrow)]
    pub partition: lenient::Str<'a>,
    #[serde(rename = "id")]
    #[serde(borrow)]
    pub id: lenient::Str<'a>,
    #[serde(rename = "Id")]
    #[serde(borrow)]
    pub id_pascal: lenient::Str<'a>,
    #[serde(rename = "arn", alias = "Arn")]
    #[serde(borrow)]
    pub arn: lenient::Str<'a>,
    #[serde(rename = "type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "Type")]
    #[serde(borrow)]
    pub kind_pascal: lenient::Str<'a>,
    #[serde(rename = "severity", alias = "Severity")]
    #[serde(borrow)]
    pub severity: Severity<'a>,
    #[serde(rename = "title", alias = "Title")]
    #[serde(borrow)]
    pub title: lenient::Str<'a>,
    #[serde(rename = "description", alias = "Description")]
    #[serde(borrow)]
    pub description: lenient::Str<'a>,
    #[serde(rename = "createdAt", alias = "CreatedAt")]
    pub created_at: lenient::Time,
    #[serde(rename = "updatedAt", alias = "UpdatedAt")]
    pub updated_at: lenient::Time,
    #[serde(rename = "confidence", alias = "Confidence")]
    pub confidence: lenient::Num,
    #[serde(
        rename = "associatedAttackSequenceArn",
        alias = "AssociatedAttackSequenceArn"
    )]
    #[serde(borrow)]
    pub associated_attack_sequence_arn: lenient::Str<'a>,
    #[serde(rename = "resource", alias = "Resource")]
    #[serde(borrow)]
    pub resource: lenient::Obj<Resource<'a>>,
    #[serde(rename = "service", alias = "Service")]
    #[serde(borrow)]
    pub service: lenient::Obj<Service<'a>>,
    #[serde(rename = "archived", alias = "Archived")]
    pub archived: lenient::Bool,
    #[serde(rename = "count", alias = "Count")]
    pub count: lenient::Num,
    #[serde(rename = "eventFirstSeen", alias = "EventFirstSeen")]
    pub event_first_seen: lenient::Time,
    #[serde(rename = "eventLastSeen", alias = "EventLastSeen")]
    pub event_last_seen: lenient::Time,
    #[serde(rename = "detail")]
    #[serde(borrow)]
    pub detail: lenient::Nested<Record<'a>>,
    #[serde(rename = "detail-type")]
    #[serde(borrow)]
    pub detail_type: lenient::Str<'a>,
    #[serde(rename = "account")]
    #[serde(borrow)]
    pub account: lenient::Str<'a>,
    #[serde(rename = "time")]
    pub time: lenient::Time,
    #[serde(rename = "findings", alias = "Findings")]
    #[serde(borrow)]
    pub findings: lenient::List<lenient::Nested<Record<'a>>>,
    #[serde(rename = "event_payload")]
    #[serde(borrow)]
    pub event_payload: lenient::Nested<Record<'a>>,
    #[serde(rename = "Records")]
    #[serde(borrow)]
    pub kinesis_records: lenient::List<lenient::Obj<KinesisRecord<'a>>>,
    #[serde(rename = "ProductArn")]
    #[serde(borrow)]
    pub product_arn: lenient::Str<'a>,
    #[serde(rename = "Types")]
    #[serde(borrow)]
    pub types: lenient::List<lenient::Str<'a>>,
    #[serde(rename = "AwsAccountId")]
    #[serde(borrow)]
    pub aws_account_id: lenient::Str<'a>,
    #[serde(rename = "ProductFields")]
    #[serde(borrow)]
    pub product_fields: lenient::Obj<FxHashMap<String, lenient::Str<'a>>>,
    #[serde(rename = "Resources")]
    #[serde(borrow)]
    pub asff_resources: lenient::List<lenient::Obj<asff::Resource<'a>>>,
    #[serde(rename = "FirstObservedAt")]
    pub first_observed_at: lenient::Time,
    #[serde(rename = "LastObservedAt")]
    pub last_observed_at: lenient::Time,
    #[serde(rename = "FindingProviderFields")]
    #[serde(borrow)]
    pub finding_provider_fields: lenient::Obj<asff::ProviderFields<'a>>,
    #[serde(rename = "RecordState")]
    #[serde(borrow)]
    pub record_state: lenient::Str<'a>,
    #[serde(rename = "GeneratorId")]
    #[serde(borrow)]
    pub generator_id: lenient::Str<'a>,
    #[serde(rename = "class_uid")]
    pub class_uid: lenient::Num,
    #[serde(rename = "metadata")]
    #[serde(borrow)]
    pub metadata: lenient::Obj<ocsf::Metadata<'a>>,
    #[serde(rename = "finding_info")]
    #[serde(borrow)]
    pub finding_info: lenient::Obj<ocsf::FindingInfo<'a>>,
    #[serde(rename = "cloud")]
    #[serde(borrow)]
    pub cloud: lenient::Obj<ocsf::Cloud<'a>>,
    #[serde(rename = "severity_id")]
    pub severity_id: lenient::Num,
    #[serde(rename = "resources")]
    #[serde(borrow)]
    pub ocsf_resources: lenient::List<lenient::Obj<ocsf::Resource<'a>>>,
    #[serde(rename = "status")]
    #[serde(borrow)]
    pub status: lenient::Str<'a>,
    #[serde(rename = "evidences")]
    #[serde(borrow)]
    pub evidences: lenient::List<lenient::Obj<ocsf::Evidence<'a>>>,
    /// Security Lake's OCSF 1.1 rows keep GuardDuty's own fields here
    /// (`aws/guardduty/service/count`, `…/archived`).
    #[serde(rename = "unmapped")]
    #[serde(borrow)]
    pub unmapped: lenient::Obj<FxHashMap<String, lenient::Str<'a>>>,
}
/// A Kinesis stream record inside a Lambda event.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct KinesisRecord<'a> {
    #[serde(rename = "kinesis")]
    #[serde(borrow)]
    pub kinesis: lenient::Obj<KinesisData<'a>>,
}
/// The payload of a Kinesis record.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct KinesisData<'a> {
    #[serde(rename = "data")]
    #[serde(borrow)]
    pub data: lenient::Str<'a>,
}
/// `severity`: a number natively, a label string in OCSF, an object in ASFF.
#[derive(Debug, Default)]
pub enum Severity<'a> {
    #[default]
    Absent,
    Scalar(Scalar<'a>),
    Asff(asff::Severity<'a>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Severity<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Severity<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a severity")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Severity<'a>, A::Error> {
                Ok(Severity::Asff(asff::Severity::deserialize(
                    MapAccessDeserializer::new(map),
                )?))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Severity<'a>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Severity::Absent)
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Severity<'a>, E> {
                Ok(Severity::Scalar(Scalar::Text(Cow::Borrowed(v))))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Severity<'a>, E> {
                Ok(Severity::Scalar(Scalar::Text(Cow::Owned(v.to_owned()))))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Severity<'a>, E> {
                Ok(Severity::Scalar(Scalar::Bool(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Severity<'a>, E> {
                Ok(Severity::Scalar(Scalar::Number(v as f64)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Severity<'a>, E> {
                Ok(Severity::Scalar(Scalar::Number(v as f64)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Severity<'a>, E> {
                Ok(Severity::Scalar(Scalar::Number(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Severity<'a>, E> {
                Ok(Severity::Absent)
            }
            fn visit_none<E: de::Error>(self) -> Result<Severity<'a>, E> {
                Ok(Severity::Absent)
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// One complete top-level record as the splitter cut it: an object (of any dialect), an
/// array of records, or something that is not a record at all.
#[derive(Debug)]
pub enum Top<'a> {
    Object(Box<Record<'a>>),
    Array(Vec<Top<'a>>),
    /// A scalar; the text names its JSON type.
    Scalar(&'static str),
}

impl<'de: 'a, 'a> Deserialize<'de> for Top<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Top<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Top<'a>, A::Error> {
                Ok(Top::Object(Box::new(Record::deserialize(
                    MapAccessDeserializer::new(map),
                )?)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top<'a>, A::Error> {
                let Some(_guard) = NestingGuard::enter() else {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    return Ok(Top::Array(Vec::new()));
                };
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Top<'a>>()? {
                    items.push(item);
                }
                Ok(Top::Array(items))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Top<'a>, E> {
                Ok(Top::Scalar("a string"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Top<'a>, E> {
                Ok(Top::Scalar("a boolean"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Top<'a>, E> {
                Ok(Top::Scalar("a number"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Top<'a>, E> {
                Ok(Top::Scalar("a number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Top<'a>, E> {
                Ok(Top::Scalar("a number"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Top<'a>, E> {
                Ok(Top::Scalar("null"))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// Parses one record cut by the splitter. Valid UTF-8 (nearly every record) is checked once
/// for the whole record and then read as `&str`, which spares serde_json a UTF-8 check per
/// string; anything else goes through the byte reader, which reports the error.
///
/// The page's module (wasm32 with the `ui` feature) parses only when no worker can start, so
/// it uses the byte reader alone: the same result for every input, and one copy of every wire
/// deserialiser instead of two (each reader monomorphises all of them: about 240 KB of wasm,
/// docs/performance.md "Where the page module's bytes are").
pub fn parse_top(bytes: &[u8]) -> serde_json::Result<Top<'_>> {
    if cfg!(all(target_arch = "wasm32", feature = "ui")) {
        return serde_json::from_slice(bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}
