//! The view and the filter as a URL hash fragment (`#view=tactical&sev=high,critical&q=…`), so
//! a reload or a shared link restores exactly what was on screen.

use std::collections::BTreeSet;

use crate::model::{EpochMillis, SeverityBand};

use super::risk::Level;

use super::filter::{ArchiveFilter, FindingFilter};
use super::period::{Period, TimeBasis};

/// The three top-level views, named for the levels of threat intelligence they serve.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// For senior decision makers: indicators, trend, risk, plain language.
    #[default]
    Strategic,
    /// For threat hunters and responders: purposes, ATT&CK, the resource graph.
    Tactical,
    /// For SOC analysts: the findings table, actors and IOCs, the files loaded.
    Operational,
}

impl View {
    /// In tab order.
    pub const ALL: [View; 3] = [Self::Strategic, Self::Tactical, Self::Operational];

    pub fn label(self) -> &'static str {
        match self {
            Self::Strategic => "Strategic",
            Self::Tactical => "Tactical",
            Self::Operational => "Operational",
        }
    }

    /// Who the view is for, under its label on the tab.
    pub fn audience(self) -> &'static str {
        match self {
            Self::Strategic => "Briefing: risk, trend, indicators",
            Self::Tactical => "Threats, tactics, what touched what",
            Self::Operational => "Findings, actors, IOCs",
        }
    }

    /// The token in the URL; the default view has none (an empty slug).
    pub fn slug(self) -> &'static str {
        match self {
            Self::Strategic => "",
            Self::Tactical => "tactical",
            Self::Operational => "operational",
        }
    }

    /// The view a URL token names; `None` for a token no view has.
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.slug() == slug)
    }

    /// The view `steps` tabs away, wrapping around at either end (arrow keys on the tab list).
    pub fn step(self, steps: isize) -> Self {
        let position = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
        let count = Self::ALL.len() as isize;
        Self::ALL[(position as isize + steps).rem_euclid(count) as usize]
    }
}

/// Encodes the view (when it is not the default) and the parts of the filter that differ from
/// the defaults. The default view and filter encode as the empty string.
pub fn state_to_hash(view: View, filter: &FindingFilter) -> String {
    let filter_part = filter_to_hash(filter);
    if view == View::default() {
        return filter_part;
    }
    let mut out = form_urlencoded::Serializer::new(String::new());
    out.append_pair("view", view.slug());
    let view_part = out.finish();
    if filter_part.is_empty() {
        view_part
    } else {
        format!("{view_part}&{filter_part}")
    }
}

/// The view a hash fragment names; the default view when it names none, or one that does not
/// exist (an old or hand-edited link still opens).
pub fn view_from_hash(hash: &str) -> View {
    let query = hash.strip_prefix('#').unwrap_or(hash);
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == "view")
        .and_then(|(_, value)| View::from_slug(&value))
        .unwrap_or_default()
}

/// Encodes the parts of the filter that differ from the defaults. The default filter encodes
/// as the empty string.
pub fn filter_to_hash(filter: &FindingFilter) -> String {
    let mut out = form_urlencoded::Serializer::new(String::new());
    if filter.time_basis != TimeBasis::default() {
        out.append_pair("time", filter.time_basis.slug());
    }
    if let Some(period) = filter.period {
        out.append_pair("from", &period.start.0.to_string());
        out.append_pair("to", &period.end.0.to_string());
    }
    if !filter.severities.is_empty() {
        let bands: Vec<&str> = filter.severities.iter().map(|b| b.slug()).collect();
        out.append_pair("sev", &bands.join(","));
    }
    for (key, set) in [
        ("acct", &filter.accounts),
        ("region", &filter.regions),
        ("res", &filter.resource_types),
        ("purpose", &filter.purposes),
        ("type", &filter.types),
    ] {
        for value in set {
            out.append_pair(key, value);
        }
    }
    if let Some((likelihood, impact)) = filter.risk_cell {
        out.append_pair("risk", &format!("{},{}", likelihood.slug(), impact.slug()));
    }
    if let Some(node) = &filter.graph_node {
        out.append_pair("node", node);
    }
    if filter.archive != ArchiveFilter::default() {
        out.append_pair("archived", filter.archive.slug());
    }
    if filter.show_samples {
        out.append_pair("samples", "shown");
    }
    if !filter.text.is_empty() {
        out.append_pair("q", &filter.text);
    }
    out.finish()
}

/// Decodes a hash fragment (with or without the leading `#`). Unknown keys and malformed
/// values are ignored, so an old or hand-edited link still opens.
pub fn filter_from_hash(hash: &str) -> FindingFilter {
    let mut filter = FindingFilter::default();
    let mut from = None;
    let mut to = None;
    let query = hash.strip_prefix('#').unwrap_or(hash);
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.into_owned();
        match &*key {
            "time" => {
                if let Some(basis) = TimeBasis::from_slug(&value) {
                    filter.time_basis = basis;
                }
            }
            "from" => from = value.parse::<i64>().ok(),
            "to" => to = value.parse::<i64>().ok(),
            "sev" => {
                filter.severities = value
                    .split(',')
                    .filter_map(|slug| SeverityBand::ALL.into_iter().find(|b| b.slug() == slug))
                    .collect::<BTreeSet<_>>();
            }
            "acct" => insert(&mut filter.accounts, value),
            "region" => insert(&mut filter.regions, value),
            "res" => insert(&mut filter.resource_types, value),
            "purpose" => insert(&mut filter.purposes, value),
            "type" => insert(&mut filter.types, value),
            "archived" => {
                if let Some(archive) = ArchiveFilter::from_slug(&value) {
                    filter.archive = archive;
                }
            }
            "samples" => filter.show_samples = value == "shown",
            "node" if !value.is_empty() => filter.graph_node = Some(value),
            "risk" => {
                filter.risk_cell = value
                    .split_once(',')
                    .and_then(|(l, i)| Some((Level::parse(l)?, Level::parse(i)?)));
            }
            "q" => filter.text = value,
            _ => {}
        }
    }
    if let (Some(start), Some(end)) = (from, to) {
        if start < end {
            filter.period = Some(Period {
                start: EpochMillis(start),
                end: EpochMillis(end),
            });
        }
    }
    filter
}

fn insert(set: &mut BTreeSet<String>, value: String) {
    if !value.is_empty() {
        set.insert(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_filter_is_an_empty_hash() {
        assert_eq!(filter_to_hash(&FindingFilter::default()), "");
        assert_eq!(filter_from_hash(""), FindingFilter::default());
        assert_eq!(filter_from_hash("#"), FindingFilter::default());
    }

    #[test]
    fn every_field_survives_a_round_trip() {
        let filter = FindingFilter {
            time_basis: TimeBasis::Created,
            period: Some(Period {
                start: EpochMillis(1_700_000_000_000),
                end: EpochMillis(1_700_086_400_000),
            }),
            severities: [SeverityBand::High, SeverityBand::Critical].into(),
            accounts: ["111122223333".to_owned()].into(),
            regions: ["us-east-1".to_owned(), "eu-west-1".to_owned()].into(),
            resource_types: ["Instance".to_owned()].into(),
            purposes: ["Recon".to_owned()].into(),
            types: ["Backdoor:EC2/C&CActivity.B!DNS".to_owned()].into(),
            archive: ArchiveFilter::ActiveOnly,
            show_samples: true,
            text: "a & b = <c> #d é".to_owned(),
            risk_cell: Some((Level::VeryHigh, Level::Low)),
            graph_node: Some("resource:Instance:i-0abc".to_owned()),
        };
        let hash = filter_to_hash(&filter);
        assert!(!hash.contains('#') && !hash.contains(' '), "{hash}");
        assert_eq!(filter_from_hash(&format!("#{hash}")), filter);
    }

    #[test]
    fn the_view_travels_with_the_filter() {
        let filter = FindingFilter {
            show_samples: true,
            ..FindingFilter::default()
        };
        let hash = state_to_hash(View::Operational, &filter);
        assert_eq!(hash, "view=operational&samples=shown");
        assert_eq!(view_from_hash(&format!("#{hash}")), View::Operational);
        assert_eq!(filter_from_hash(&hash), filter);
        assert_eq!(
            state_to_hash(View::Strategic, &FindingFilter::default()),
            ""
        );
        assert_eq!(
            state_to_hash(View::Tactical, &FindingFilter::default()),
            "view=tactical"
        );
    }

    #[test]
    fn every_view_survives_a_round_trip_through_its_slug_and_the_hash() {
        for view in View::ALL {
            assert_eq!(View::from_slug(view.slug()), Some(view));
            let hash = state_to_hash(view, &FindingFilter::default());
            assert_eq!(view_from_hash(&format!("#{hash}")), view, "{hash:?}");
        }
    }

    #[test]
    fn an_unknown_or_missing_view_opens_the_default_view() {
        assert_eq!(View::from_slug("strategic"), None);
        assert_eq!(View::from_slug("Tactical"), None);
        assert_eq!(View::from_slug("board"), None);
        assert_eq!(view_from_hash("#view=board&sev=high"), View::Strategic);
        assert_eq!(view_from_hash("#sev=high"), View::Strategic);
        assert_eq!(view_from_hash(""), View::Strategic);
    }

    #[test]
    fn stepping_through_the_views_wraps_around_both_ends() {
        assert_eq!(View::Strategic.step(1), View::Tactical);
        assert_eq!(View::Operational.step(1), View::Strategic);
        assert_eq!(View::Strategic.step(-1), View::Operational);
        assert_eq!(View::Tactical.step(-1), View::Strategic);
    }

    #[test]
    fn malformed_values_are_ignored_not_fatal() {
        let filter = filter_from_hash("#sev=purple,high&from=x&to=5&archived=maybe&zzz=1");
        assert_eq!(filter.severities, [SeverityBand::High].into());
        assert_eq!(filter.period, None);
        assert_eq!(filter.archive, ArchiveFilter::Both);
    }
}
