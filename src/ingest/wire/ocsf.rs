//! OCSF wire structs (Detection Finding, class 2004, as Security Hub v2 and Security Lake write
//! it): metadata, finding info, cloud, resources and evidences.

use serde::Deserialize as DeriveDeserialize;

use crate::ingest::lenient;

/// OCSF `metadata`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Metadata<'a> {
    #[serde(rename = "product")]
    #[serde(borrow)]
    pub product: lenient::Obj<Product<'a>>,
}
/// OCSF `metadata.product`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Product<'a> {
    #[serde(rename = "name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "vendor_name")]
    #[serde(borrow)]
    pub vendor_name: lenient::Str<'a>,
}
/// OCSF `finding_info`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct FindingInfo<'a> {
    #[serde(rename = "uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "uid_alt")]
    #[serde(borrow)]
    pub uid_alt: lenient::Str<'a>,
    #[serde(rename = "title")]
    #[serde(borrow)]
    pub title: lenient::Str<'a>,
    #[serde(rename = "desc")]
    #[serde(borrow)]
    pub desc: lenient::Str<'a>,
    #[serde(rename = "types")]
    #[serde(borrow)]
    pub types: lenient::List<lenient::Str<'a>>,
    #[serde(rename = "created_time")]
    pub created_time: lenient::Time,
    #[serde(rename = "modified_time")]
    pub modified_time: lenient::Time,
    #[serde(rename = "first_seen_time")]
    pub first_seen_time: lenient::Time,
    #[serde(rename = "last_seen_time")]
    pub last_seen_time: lenient::Time,
    /// Security Lake (OCSF 1.1) also writes each time as text (`…_time_dt`).
    #[serde(rename = "created_time_dt")]
    pub created_time_dt: lenient::Time,
    #[serde(rename = "modified_time_dt")]
    pub modified_time_dt: lenient::Time,
    #[serde(rename = "first_seen_time_dt")]
    pub first_seen_time_dt: lenient::Time,
    #[serde(rename = "last_seen_time_dt")]
    pub last_seen_time_dt: lenient::Time,
}
/// OCSF `cloud`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Cloud<'a> {
    #[serde(rename = "account")]
    #[serde(borrow)]
    pub account: lenient::Obj<Account<'a>>,
    #[serde(rename = "region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
    #[serde(rename = "cloud_partition")]
    #[serde(borrow)]
    pub cloud_partition: lenient::Str<'a>,
}
/// OCSF `cloud.account`.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Account<'a> {
    #[serde(rename = "uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
}
/// One OCSF resource.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Resource<'a> {
    #[serde(rename = "type")]
    #[serde(borrow)]
    pub kind: lenient::Str<'a>,
    #[serde(rename = "uid")]
    #[serde(borrow)]
    pub uid: lenient::Str<'a>,
    #[serde(rename = "name")]
    #[serde(borrow)]
    pub name: lenient::Str<'a>,
    #[serde(rename = "region")]
    #[serde(borrow)]
    pub region: lenient::Str<'a>,
    #[serde(rename = "tags")]
    #[serde(borrow)]
    pub tags: lenient::List<lenient::Obj<super::resource::Tag<'a>>>,
}
/// One OCSF evidence entry (only the network endpoints are read).
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Evidence<'a> {
    #[serde(rename = "src_endpoint")]
    #[serde(borrow)]
    pub src_endpoint: lenient::Obj<Endpoint<'a>>,
    #[serde(rename = "dst_endpoint")]
    #[serde(borrow)]
    pub dst_endpoint: lenient::Obj<Endpoint<'a>>,
}
/// An OCSF network endpoint.
#[derive(Debug, Default, DeriveDeserialize)]
#[serde(default)]
pub struct Endpoint<'a> {
    #[serde(rename = "ip")]
    #[serde(borrow)]
    pub ip: lenient::Str<'a>,
    #[serde(rename = "domain")]
    #[serde(borrow)]
    pub domain: lenient::Str<'a>,
    #[serde(rename = "port")]
    pub port: lenient::Num,
}
