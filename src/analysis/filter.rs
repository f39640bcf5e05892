//! The global filter every view obeys, and its round trip through the URL hash.

use std::collections::BTreeSet;

use crate::model::{EpochMillis, Finding, FindingType, SeverityBand};

use super::period::{Period, TimeBasis};
use super::risk::Level;
use super::search::{searchable_texts, SearchIndex};

/// Active, archived or both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ArchiveFilter {
    /// Both are counted; archived findings are marked. The default.
    #[default]
    Both,
    ActiveOnly,
    ArchivedOnly,
}

impl ArchiveFilter {
    pub fn slug(self) -> &'static str {
        match self {
            Self::Both => "both",
            Self::ActiveOnly => "active",
            Self::ArchivedOnly => "archived",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        [Self::Both, Self::ActiveOnly, Self::ArchivedOnly]
            .into_iter()
            .find(|a| a.slug() == slug)
    }
}

/// Everything that narrows the findings shown. Empty sets mean "no restriction"; the default
/// filter shows active and archived findings and hides samples.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingFilter {
    pub time_basis: TimeBasis,
    pub period: Option<Period>,
    pub severities: BTreeSet<SeverityBand>,
    pub accounts: BTreeSet<String>,
    pub regions: BTreeSet<String>,
    /// GuardDuty `resource.resourceType` values; `Unknown` matches findings without one.
    pub resource_types: BTreeSet<String>,
    pub purposes: BTreeSet<String>,
    /// Full finding types, or a `Purpose:Resource/Family` prefix chosen in the breakdown.
    pub types: BTreeSet<String>,
    pub archive: ArchiveFilter,
    /// Sample findings (`CreateSampleFindings`) are hidden unless this is set.
    pub show_samples: bool,
    /// Case-insensitive text searched in ids, types, titles, resources and actors.
    pub text: String,
    /// One cell of the risk matrix: (overall likelihood, impact). Not checked by
    /// [`FindingFilter::apply`] (a finding's cell needs the risk assessment): the caller
    /// narrows the selection with [`keep_risk_cell`].
    pub risk_cell: Option<(Level, Level)>,
    /// A resource-graph node key (`resource:Instance:i-0abc`, `ip:…`, `domain:…`,
    /// `account:…`): keeps the findings behind that node.
    pub graph_node: Option<String>,
}

pub use super::summary::UNKNOWN;

fn matches_set(set: &BTreeSet<String>, value: Option<&str>) -> bool {
    set.is_empty() || set.contains(value.unwrap_or(UNKNOWN))
}

impl FindingFilter {
    /// True when the finding passes every part of the filter.
    pub fn matches(&self, finding: &Finding) -> bool {
        self.matches_except_text(finding) && self.matches_text(finding)
    }

    fn matches_except_text(&self, finding: &Finding) -> bool {
        if !self.keeps_state(finding.sample, finding.archived, finding.severity) {
            return false;
        }
        if let Some(key) = &self.graph_node {
            if !super::graph::node_keys(finding).contains(key) {
                return false;
            }
        }
        self.keeps_time(self.time_basis.time_of(finding))
            && self.keeps_account(finding.account_id.as_deref())
            && self.keeps_region(finding.region.as_deref())
            && self.keeps_resource_type(finding.resource_type.as_deref())
            && self.keeps_type(&finding.finding_type)
    }

    /// The sample, archive and severity parts of [`FindingFilter::matches`].
    pub fn keeps_state(&self, sample: bool, archived: bool, severity: SeverityBand) -> bool {
        if sample && !self.show_samples {
            return false;
        }
        match self.archive {
            ArchiveFilter::Both => {}
            ArchiveFilter::ActiveOnly if archived => return false,
            ArchiveFilter::ArchivedOnly if !archived => return false,
            _ => {}
        }
        self.severities.is_empty() || self.severities.contains(&severity)
    }

    /// The period part, given the finding's time on the filter's `time_basis`.
    pub fn keeps_time(&self, instant: Option<EpochMillis>) -> bool {
        match (self.period, instant) {
            (None, _) => true,
            (Some(period), Some(instant)) => period.contains(instant),
            (Some(_), None) => false,
        }
    }

    pub fn keeps_account(&self, account_id: Option<&str>) -> bool {
        matches_set(&self.accounts, account_id)
    }

    pub fn keeps_region(&self, region: Option<&str>) -> bool {
        matches_set(&self.regions, region)
    }

    pub fn keeps_resource_type(&self, resource_type: Option<&str>) -> bool {
        matches_set(&self.resource_types, resource_type)
    }

    /// The purpose and type parts (they read only the finding's type).
    pub fn keeps_type(&self, kind: &FindingType) -> bool {
        matches_set(&self.purposes, Some(&kind.threat_purpose))
            && (self.types.is_empty() || self.types.iter().any(|t| type_matches(t, &kind.full)))
    }

    /// Whether the filter has a part that reads more than the columnar store's columns (the
    /// free text, a graph node): the store answers those through its search index, or by
    /// [`FindingFilter::matches`] on the whole finding.
    pub fn reads_detail(&self) -> bool {
        self.graph_node.is_some() || !self.text.trim().is_empty()
    }

    fn matches_text(&self, finding: &Finding) -> bool {
        let needle = self.text.trim();
        if needle.is_empty() {
            return true;
        }
        let needle = needle.to_lowercase();
        searchable_texts(finding).any(|hay| contains_ignoring_case(hay, &needle))
    }

    /// Indices (into `findings`) of the findings that pass, in input order.
    pub fn apply(&self, findings: &[Finding]) -> Vec<u32> {
        findings
            .iter()
            .enumerate()
            .filter(|(_, f)| self.matches(f))
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// Exactly [`FindingFilter::apply`], with the free-text part answered by a per-load
    /// [`SearchIndex`] built from the same `findings` (a stale index is ignored).
    pub fn apply_searching(&self, findings: &[Finding], search: &SearchIndex) -> Vec<u32> {
        let needle = self.text.trim();
        if needle.is_empty() || !search.fits(findings) {
            return self.apply(findings);
        }
        let matched = search.matching_strings(&needle.to_lowercase());
        findings
            .iter()
            .enumerate()
            .filter(|&(i, f)| search.finding_matches(i, &matched) && self.matches_except_text(f))
            .map(|(i, _)| i as u32)
            .collect()
    }

    /// How many findings only the sample rule hides (for the "N sample findings hidden" notice).
    pub fn hidden_samples(&self, findings: &[Finding]) -> usize {
        if self.show_samples {
            return 0;
        }
        let with_samples = Self {
            show_samples: true,
            ..self.clone()
        };
        findings
            .iter()
            .filter(|f| f.sample && with_samples.matches(f))
            .count()
    }

    /// True when nothing but the defaults is set.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// The `selected` indices whose risk cell is `wanted`; `risk_cells[i]` is finding `i`'s
/// (likelihood, impact), and an index without a cell is dropped. Order is kept.
pub fn keep_risk_cell(
    selected: &[u32],
    risk_cells: &[(Level, Level)],
    wanted: (Level, Level),
) -> Vec<u32> {
    selected
        .iter()
        .copied()
        .filter(|&i| risk_cells.get(i as usize) == Some(&wanted))
        .collect()
}

/// One active part of a filter, as shown on a removable chip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterChip {
    /// What the chip says, e.g. `Severity: High` or `Account: 111122223333`.
    pub label: String,
    pub part: FilterPart,
}

/// Identifies one removable part of a filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterPart {
    Period,
    RiskCell,
    GraphNode,
    Severity(SeverityBand),
    Account(String),
    Region(String),
    ResourceType(String),
    Purpose(String),
    Type(String),
    Archive,
    Samples,
    Text,
}

impl FindingFilter {
    /// The active parts of the filter, in a stable order.
    pub fn chips(&self) -> Vec<FilterChip> {
        let mut chips = Vec::new();
        let mut push = |label: String, part: FilterPart| chips.push(FilterChip { label, part });
        if let Some(period) = self.period {
            push(
                format!(
                    "{}: {} → {}",
                    self.time_basis.label(),
                    short_time(period.start),
                    short_time(period.end)
                ),
                FilterPart::Period,
            );
        }
        if let Some((likelihood, impact)) = self.risk_cell {
            push(
                format!(
                    "Risk cell: likelihood {} × impact {}",
                    likelihood.name(),
                    impact.name()
                ),
                FilterPart::RiskCell,
            );
        }
        if let Some(key) = &self.graph_node {
            let (kind, name) = key.split_once(':').unwrap_or(("node", key));
            let name = name
                .rsplit_once(':')
                .filter(|_| kind == "resource")
                .map_or(name, |(_, id)| id);
            push(format!("Touches {kind}: {name}"), FilterPart::GraphNode);
        }
        for &band in self.severities.iter().rev() {
            push(format!("Severity: {band}"), FilterPart::Severity(band));
        }
        for (name, set, make) in [
            (
                "Account",
                &self.accounts,
                FilterPart::Account as fn(String) -> FilterPart,
            ),
            ("Region", &self.regions, FilterPart::Region),
            ("Resource", &self.resource_types, FilterPart::ResourceType),
            ("Purpose", &self.purposes, FilterPart::Purpose),
            ("Type", &self.types, FilterPart::Type),
        ] {
            for value in set {
                push(format!("{name}: {value}"), make(value.clone()));
            }
        }
        match self.archive {
            ArchiveFilter::Both => {}
            ArchiveFilter::ActiveOnly => push("Active only".into(), FilterPart::Archive),
            ArchiveFilter::ArchivedOnly => push("Archived only".into(), FilterPart::Archive),
        }
        if self.show_samples {
            push("Sample findings shown".into(), FilterPart::Samples);
        }
        if !self.text.trim().is_empty() {
            push(format!("Text: “{}”", self.text.trim()), FilterPart::Text);
        }
        chips
    }

    /// Removes one part, returning that part of the filter to its default.
    pub fn remove(&mut self, part: &FilterPart) {
        match part {
            FilterPart::Period => self.period = None,
            FilterPart::RiskCell => self.risk_cell = None,
            FilterPart::GraphNode => self.graph_node = None,
            FilterPart::Severity(band) => {
                self.severities.remove(band);
            }
            FilterPart::Account(v) => {
                self.accounts.remove(v);
            }
            FilterPart::Region(v) => {
                self.regions.remove(v);
            }
            FilterPart::ResourceType(v) => {
                self.resource_types.remove(v);
            }
            FilterPart::Purpose(v) => {
                self.purposes.remove(v);
            }
            FilterPart::Type(v) => {
                self.types.remove(v);
            }
            FilterPart::Archive => self.archive = ArchiveFilter::Both,
            FilterPart::Samples => self.show_samples = false,
            FilterPart::Text => self.text.clear(),
        }
    }

    /// A one-line description of the filter for chart subtitles and exports.
    pub fn describe(&self) -> String {
        let chips = self.chips();
        let mut text = if chips.is_empty() {
            "All findings".to_owned()
        } else {
            chips
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join(" · ")
        };
        if !self.show_samples {
            text.push_str(" · sample findings hidden");
        }
        text
    }
}

/// `2026-11-27 14:00` (UTC), for chips.
fn short_time(instant: EpochMillis) -> String {
    let iso = instant.to_iso8601();
    match (iso.get(..10), iso.get(11..16)) {
        (Some(day), Some("00:00")) => day.to_owned(),
        (Some(day), Some(time)) => format!("{day} {time}"),
        _ => iso,
    }
}

/// A type filter matches the exact type, or any type it is a `:`/`/`/`.` prefix of.
fn type_matches(filter: &str, full_type: &str) -> bool {
    match full_type.strip_prefix(filter) {
        Some("") => true,
        Some(rest) => filter.ends_with([':', '/', '.']) || rest.starts_with(['.', '!', '/']),
        None => false,
    }
}

fn contains_ignoring_case(haystack: &str, lowercase_needle: &str) -> bool {
    if haystack.is_ascii() && lowercase_needle.is_ascii() {
        haystack
            .as_bytes()
            .windows(lowercase_needle.len().max(1))
            .any(|w| w.eq_ignore_ascii_case(lowercase_needle.as_bytes()))
    } else {
        haystack.to_lowercase().contains(lowercase_needle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Text};

    fn finding(id: &str, kind: &str, severity: f64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        let mut f = Finding::new(id.into(), kind, severity, Dialect::CamelCase);
        f.account_id = Some("111122223333".into());
        f.region = Some("us-east-1".into());
        f.resource_type = Some("Instance".into());
        f.last_seen_at = Some(EpochMillis(1_000));
        f
    }

    #[test]
    fn the_default_filter_hides_only_samples() {
        let mut sample = finding("s", "Recon:EC2/Portscan", 2.0);
        sample.sample = true;
        let mut archived = finding("a", "Recon:EC2/Portscan", 2.0);
        archived.archived = true;
        let findings = [finding("x", "Recon:EC2/Portscan", 5.0), sample, archived];
        let filter = FindingFilter::default();
        assert_eq!(filter.apply(&findings), vec![0, 2]);
        assert_eq!(filter.hidden_samples(&findings), 1);
    }

    #[test]
    fn severity_account_and_archive_filters_combine_with_and() {
        let mut other_account = finding("b", "Recon:EC2/Portscan", 8.0);
        other_account.account_id = Some("444455556666".into());
        let findings = [
            finding("a", "Recon:EC2/Portscan", 8.0),
            other_account,
            finding("c", "Recon:EC2/Portscan", 2.0),
        ];
        let filter = FindingFilter {
            severities: [SeverityBand::High].into(),
            accounts: ["111122223333".to_owned()].into(),
            ..FindingFilter::default()
        };
        assert_eq!(filter.apply(&findings), vec![0]);
    }

    #[test]
    fn a_type_prefix_matches_its_family_but_not_a_longer_family_name() {
        assert!(type_matches(
            "Trojan:EC2/BlackholeTraffic",
            "Trojan:EC2/BlackholeTraffic!DNS"
        ));
        assert!(type_matches(
            "Trojan:EC2/BlackholeTraffic",
            "Trojan:EC2/BlackholeTraffic"
        ));
        assert!(type_matches("Trojan:EC2/", "Trojan:EC2/DropPoint"));
        assert!(!type_matches("Trojan:EC2/Drop", "Trojan:EC2/DropPoint"));
    }

    #[test]
    fn the_period_is_half_open_on_the_chosen_time_basis() {
        let mut f = finding("a", "Recon:EC2/Portscan", 2.0);
        f.created_at = Some(EpochMillis(500));
        let findings = [f];
        let mut filter = FindingFilter {
            period: Some(Period {
                start: EpochMillis(1_000),
                end: EpochMillis(2_000),
            }),
            ..FindingFilter::default()
        };
        assert_eq!(filter.apply(&findings), vec![0]);
        filter.time_basis = TimeBasis::Created;
        assert!(filter.apply(&findings).is_empty());
        filter.period = Some(Period {
            start: EpochMillis(0),
            end: EpochMillis(500),
        });
        assert!(filter.apply(&findings).is_empty(), "end is exclusive");
    }

    #[test]
    fn text_search_ignores_case_and_reaches_resources_and_actors() {
        let mut f = finding("a", "Recon:EC2/Portscan", 2.0);
        f.network_actors.push(crate::model::NetworkActor {
            ip_address: Some("198.51.100.7".into()),
            country_name: Some("Netherlands".into()),
            ..Default::default()
        });
        let findings = [f];
        for needle in ["198.51.100", "NETHERLANDS", "portscan", "1111222"] {
            let filter = FindingFilter {
                text: needle.to_owned(),
                ..FindingFilter::default()
            };
            assert_eq!(filter.apply(&findings), vec![0], "{needle}");
        }
        let miss = FindingFilter {
            text: "nowhere".to_owned(),
            ..FindingFilter::default()
        };
        assert!(miss.apply(&findings).is_empty());
    }

    #[test]
    fn every_chip_removes_exactly_its_part() {
        let mut filter = FindingFilter {
            period: Some(Period {
                start: EpochMillis(1_795_737_600_000),
                end: EpochMillis(1_795_824_000_000),
            }),
            severities: [SeverityBand::High, SeverityBand::Critical].into(),
            accounts: ["111122223333".to_owned()].into(),
            types: ["Recon:EC2/Portscan".to_owned()].into(),
            archive: ArchiveFilter::ActiveOnly,
            show_samples: true,
            text: " tor ".to_owned(),
            ..FindingFilter::default()
        };
        let labels: Vec<String> = filter.chips().into_iter().map(|c| c.label).collect();
        assert_eq!(
            labels,
            [
                "Last seen: 2026-11-27 → 2026-11-28",
                "Severity: Critical",
                "Severity: High",
                "Account: 111122223333",
                "Type: Recon:EC2/Portscan",
                "Active only",
                "Sample findings shown",
                "Text: “tor”",
            ]
        );
        for chip in filter.chips() {
            filter.remove(&chip.part);
        }
        assert!(filter.is_default());
        assert_eq!(filter.describe(), "All findings · sample findings hidden");
    }

    #[test]
    fn a_risk_cell_keeps_only_the_findings_assessed_into_it() {
        let findings = [
            finding("a", "Recon:EC2/Portscan", 2.0),
            finding("b", "Recon:EC2/Portscan", 8.0),
        ];
        let cells = [
            (Level::Low, Level::Moderate),
            (Level::High, Level::Moderate),
        ];
        let filter = FindingFilter {
            risk_cell: Some((Level::High, Level::Moderate)),
            ..FindingFilter::default()
        };
        let selected = filter.apply(&findings);
        assert_eq!(
            selected,
            vec![0, 1],
            "apply itself leaves the cell to the caller"
        );
        let wanted = (Level::High, Level::Moderate);
        assert_eq!(keep_risk_cell(&selected, &cells, wanted), vec![1]);
        assert_eq!(
            keep_risk_cell(&selected, &cells[..1], wanted),
            Vec::<u32>::new(),
            "a finding without a cell never matches"
        );
    }

    #[test]
    fn a_graph_node_keeps_the_findings_that_put_it_in_the_graph() {
        let mut with_ip = finding("a", "Recon:EC2/Portscan", 2.0);
        with_ip.network_actors.push(crate::model::NetworkActor {
            ip_address: Some("198.51.100.7".into()),
            ..Default::default()
        });
        let findings = [with_ip, finding("b", "Recon:EC2/Portscan", 2.0)];
        let filter = FindingFilter {
            graph_node: Some("ip:198.51.100.7".to_owned()),
            ..FindingFilter::default()
        };
        assert_eq!(filter.apply(&findings), vec![0]);
        assert_eq!(filter.chips()[0].label, "Touches ip: 198.51.100.7");
        let by_account = FindingFilter {
            graph_node: Some("account:111122223333".to_owned()),
            ..FindingFilter::default()
        };
        assert_eq!(by_account.apply(&findings), vec![0, 1]);
    }

    #[test]
    fn findings_without_a_value_match_the_unknown_label() {
        let mut f = finding("a", "Recon:EC2/Portscan", 2.0);
        f.resource_type = None;
        let filter = FindingFilter {
            resource_types: [UNKNOWN.to_owned()].into(),
            ..FindingFilter::default()
        };
        assert_eq!(filter.apply(&[f]), vec![0]);
    }
}
