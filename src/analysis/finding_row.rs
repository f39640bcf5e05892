//! One finding as the board pack's findings sheet shows it ([`FindingRow`]), built on the page
//! from its findings or in the workers from the rows they rebuild, and carried between them as
//! JSON (the score as its bits, so any value survives the trip).

use serde::{Deserialize, Serialize};

use crate::analysis::period::TimeBasis;
use crate::model::{EpochMillis, Finding, SeverityBand};

/// One finding as the workbook's Findings sheet shows it: the columns of
/// `analysis::export::FINDING_COLUMNS`, typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FindingRow {
    pub id: String,
    #[serde(with = "score_bits")]
    pub severity_score: f64,
    #[serde(with = "band_index")]
    pub band: SeverityBand,
    pub finding_type: String,
    pub title: String,
    pub account: String,
    pub region: String,
    pub resource_type: String,
    /// Distinct resource ids, `; `-joined.
    pub resource_ids: String,
    /// First seen, else created (as in the table and the CSV).
    #[serde(with = "optional_millis")]
    pub first_seen_at: Option<EpochMillis>,
    /// Last seen, else updated.
    #[serde(with = "optional_millis")]
    pub last_seen_at: Option<EpochMillis>,
    pub count: u64,
    pub archived: bool,
    pub sample: bool,
    pub remote_ips: String,
    pub domains: String,
}

impl FindingRow {
    pub fn of(finding: &Finding) -> Self {
        let text = |value: Option<&str>| value.unwrap_or_default().to_owned();
        Self {
            id: finding.id.to_string(),
            severity_score: finding.severity_score,
            band: finding.severity,
            finding_type: finding.finding_type.full.to_string(),
            title: text(finding.title.as_deref()),
            account: text(finding.account_id.as_deref()),
            region: text(finding.region.as_deref()),
            resource_type: text(finding.resource_type.as_deref()),
            resource_ids: distinct(finding.resources.iter().map(|r| &*r.id)),
            first_seen_at: TimeBasis::FirstSeen.time_of(finding),
            last_seen_at: TimeBasis::LastSeen.time_of(finding),
            count: finding.count,
            archived: finding.archived,
            sample: finding.sample,
            remote_ips: distinct(
                finding
                    .network_actors
                    .iter()
                    .filter_map(|a| a.ip_address.as_deref()),
            ),
            domains: distinct(finding.domains.iter().map(|d| &**d)),
        }
    }
}

/// Distinct non-empty values (trimmed) in first-seen order, joined with `; ` (as the CSV).
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for value in values.map(str::trim).filter(|v| !v.is_empty()) {
        if !kept.contains(&value) {
            kept.push(value);
        }
    }
    kept.join("; ")
}

/// A score as its `f64::to_bits` (JSON has no NaN or infinity).
mod score_bits {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(score: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(score.to_bits())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        Ok(f64::from_bits(u64::deserialize(deserializer)?))
    }
}

/// A band as its `SeverityBand::index`.
mod band_index {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::model::SeverityBand;

    pub fn serialize<S: Serializer>(band: &SeverityBand, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u8(band.index() as u8)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<SeverityBand, D::Error> {
        let index = usize::from(u8::deserialize(deserializer)?);
        SeverityBand::ALL
            .get(index)
            .copied()
            .ok_or_else(|| serde::de::Error::custom("no such severity band"))
    }
}

/// A time as its milliseconds.
mod optional_millis {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::model::EpochMillis;

    pub fn serialize<S: Serializer>(
        at: &Option<EpochMillis>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => serializer.serialize_some(&at.0),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<EpochMillis>, D::Error> {
        Ok(Option::<i64>::deserialize(deserializer)?.map(EpochMillis))
    }
}
