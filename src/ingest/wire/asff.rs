//! ASFF wire structs (Security Hub's AWS Security Finding Format): provider fields, severity
//! and resources of a GuardDuty finding that Security Hub forwarded.

use rustc_hash::FxHashMap;

use serde::Deserialize as DeriveDeserialize;

use crate::ingest::lenient;

/// ASFF `FindingProviderFields`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct ProviderFields<'a> {
    #[serde(rename = "Severity")]
    #[serde(borrow)]
    pub severity: lenient::Obj<Severity<'a>>,
    #[serde(rename = "Types")]
    #[serde(borrow)]
    pub types: lenient::List<lenient::Str<'a>>,
}
/// ASFF `Severity` (and `FindingProviderFields.Severity`).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Severity<'a> {
    #[serde(rename = "Product")]
    pub product: lenient::Num,
    #[serde(rename = "Normalized")]
    pub normalized: lenient::Num,
    #[serde(rename = "Label")]
    #[serde(borrow)]
    pub label: lenient::Str<'a>,
    #[serde(rename = "Original")]
    #[serde(borrow)]
    pub original: lenient::Str<'a>,
}
/// One ASFF resource.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Resource<'a> {
    #[serde(rename = "Type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "Id")]
    #[serde(borrow)]
    pub id: lenient::Str<'a>,
    #[serde(rename = "Region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
    #[serde(rename = "Partition")]
    #[serde(borrow)]
    pub partition: lenient::Str<'a>,
    #[serde(rename = "Tags")]
    #[serde(borrow)]
    pub tags: lenient::Obj<FxHashMap<String, lenient::Str<'a>>>,
}
