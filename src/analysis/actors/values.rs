//! The actor values compared across findings, normalised so spelling differences do not split
//! a row: canonical IP text, upper-case country codes, `AS…` numbers; and the vote counting
//! that picks the label most findings gave.

use std::collections::BTreeMap;
use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::model::NetworkActor;

use super::IocKind;

pub(crate) fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

/// Canonical address text and its kind; `None` for empty text. Text that is not an IP is
/// kept as exported (trimmed) and marked [`IocKind::OtherAddress`].
pub(crate) fn parse_address(text: &str) -> Option<(String, IocKind)> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(match text.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => (v4.to_string(), IocKind::Ipv4),
        Ok(IpAddr::V6(v6)) => (v6.to_string(), IocKind::Ipv6),
        Err(_) => (text.to_owned(), IocKind::OtherAddress),
    })
}

pub(crate) fn country_code(actor: &NetworkActor) -> Option<String> {
    non_empty(actor.country_code.as_deref()).map(|c| c.to_uppercase())
}

/// `Russia (RU)`, `Russia` or `RU`, depending on what the export had.
pub(crate) fn country_label(actor: &NetworkActor) -> Option<String> {
    match (
        non_empty(actor.country_name.as_deref()),
        country_code(actor),
    ) {
        (Some(name), Some(code)) => Some(format!("{name} ({code})")),
        (name, code) => name.or(code),
    }
}

/// The AS number as `AS14061`, whether the export wrote `14061`, `AS14061` or `as 14061`;
/// text that is not a number is kept as exported.
pub(crate) fn asn_of(actor: &NetworkActor) -> Option<String> {
    let asn = non_empty(actor.asn.as_deref())?;
    let digits = asn
        .get(..2)
        .filter(|prefix| prefix.eq_ignore_ascii_case("AS"))
        .and_then(|_| asn.get(2..))
        .unwrap_or(&asn)
        .trim();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Some(format!("AS{digits}"))
    } else {
        Some(asn)
    }
}

pub(crate) fn organisation_of(actor: &NetworkActor) -> Option<String> {
    non_empty(actor.asn_org.as_deref())
        .or_else(|| non_empty(actor.org.as_deref()))
        .or_else(|| non_empty(actor.isp.as_deref()))
}

/// The ranking key (the ASN when known, else the organisation) and label of a network.
pub(crate) fn network_key(actor: &NetworkActor) -> Option<(String, String)> {
    match (asn_of(actor), organisation_of(actor)) {
        (Some(asn), Some(org)) => Some((format!("asn:{asn}"), format!("{asn} {org}"))),
        (Some(asn), None) => Some((format!("asn:{asn}"), asn)),
        (None, Some(org)) => Some((format!("org:{org}"), org)),
        (None, None) => None,
    }
}

pub(crate) fn vote(votes: &mut BTreeMap<String, u32>, value: Option<String>) {
    if let Some(value) = value {
        let n = votes.entry(value).or_insert(0);
        *n = n.saturating_add(1);
    }
}

/// The value with the most votes; ties go to the alphabetically first.
pub(crate) fn winner(votes: &BTreeMap<String, u32>) -> Option<String> {
    let mut best: Option<(&String, u32)> = None;
    for (value, &n) in votes {
        if best.is_none_or(|(_, most)| n > most) {
            best = Some((value, n));
        }
    }
    best.map(|(value, _)| value.clone())
}

/// A country as one actor names it: by code when it has one, else by name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CountryRef {
    Code(String),
    Name(String),
}

/// The country `actor` names (by code when it gives one, else by name), voting in `names` for
/// the name it gives with its code.
pub(crate) fn country_ref(
    actor: &NetworkActor,
    names: &mut BTreeMap<String, BTreeMap<String, u32>>,
) -> Option<CountryRef> {
    match (
        country_code(actor),
        non_empty(actor.country_name.as_deref()),
    ) {
        (Some(code), name) => {
            if name.is_some() {
                vote(names.entry(code.clone()).or_default(), name);
            }
            Some(CountryRef::Code(code))
        }
        (None, Some(name)) => Some(CountryRef::Name(name)),
        (None, None) => None,
    }
}

/// Each country code's most given name, from the votes (code → name → mentions).
pub(crate) fn names_by_code(
    votes: &BTreeMap<String, BTreeMap<String, u32>>,
) -> BTreeMap<&String, String> {
    votes
        .iter()
        .filter_map(|(code, names)| winner(names).map(|name| (code, name)))
        .collect()
}

/// The country row `country` counts in, as (key, label): a code is named by its most given
/// name; a name given without a code joins the (alphabetically first) code whose name it is,
/// else stands on its own.
pub(crate) fn country_row(
    names_by_code: &BTreeMap<&String, String>,
    country: &CountryRef,
) -> (String, String) {
    match country {
        CountryRef::Code(code) => match names_by_code.get(code) {
            Some(name) => (code.clone(), format!("{name} ({code})")),
            None => (code.clone(), code.clone()),
        },
        CountryRef::Name(name) => {
            let code = names_by_code
                .iter()
                .find(|(_, known)| *known == name)
                .map(|(code, _)| *code);
            match code {
                Some(code) => (code.clone(), format!("{name} ({code})")),
                None => (format!("name:{name}"), name.clone()),
            }
        }
    }
}
