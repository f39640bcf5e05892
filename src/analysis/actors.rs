//! Who was on the other end: ranked remote countries, networks, IPs, domains and user agents,
//! and the indicator-of-compromise (IOC) list built from the same evidence.
//!
//! Everything is counted per finding: a finding naming three port-probe IPs counts once for
//! each IP, but an IP (or country, network, domain …) named twice in one finding counts once.
//! Values are normalised before they are compared, so spelling differences do not split a row:
//! IP addresses are parsed and printed canonically, domains follow [`crate::analysis::domain`]
//! (lower case, one trailing root dot removed), country codes are upper-cased, ASNs lose any
//! `AS` prefix. Empty values are skipped, never counted as an actor.
//!
//! `values` normalises, `ranking` ranks from per-load columns (`ActorColumns`, the production
//! path behind `FindingIndex::actor_summary`), `ioc` builds the IOC list; the straightforward
//! string-keyed ranking is `analysis::reference::actor_summary`.

use crate::model::SeverityBand;

mod ioc;
mod ranking;
pub(crate) mod values;

pub use ioc::{ioc_rows, IndicatorEvidence, IocEvidence, IocKind, IocRow, IOC_FINDING_TYPE_LIMIT};
pub(crate) use ranking::ActorColumns;

/// One ranked value: a country, a network, a remote IP, a domain or a user agent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRow {
    /// What the row is about, ready to show (`Russia (RU)`, `AS14061 DigitalOcean, LLC`,
    /// `198.51.100.7`, `evil.example`).
    pub label: String,
    /// Selected findings naming the value (each finding counted once).
    pub finding_count: u32,
    /// The most severe band among those findings.
    pub highest_severity: SeverityBand,
    /// Where the address sits; present on remote-IP rows only.
    pub ip_context: Option<IpContext>,
}

/// Geography and network of a remote IP. When findings disagree (GeoIP data changes over
/// time) the value given most often wins, ties going to the alphabetically first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpContext {
    /// `Russia (RU)`, or whichever of name and code the export had.
    pub country: Option<String>,
    /// `AS14061`.
    pub asn: Option<String>,
    /// The AS organisation, else the organisation, else the ISP.
    pub organisation: Option<String>,
}

/// The first rows of one ranking, and how many distinct values there were in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ranking {
    /// Most findings first; ties in label order.
    pub rows: Vec<ActorRow>,
    /// Distinct values before the list was cut to `top_n` ("top 10 of 143").
    pub distinct_count: usize,
}

impl Ranking {
    /// Orders rows by finding count (most first), then label, then their key, and keeps the top.
    pub(crate) fn from_keyed<K: Ord>(
        mut rows: Vec<(K, ActorRow)>,
        top_n: usize,
        distinct_count: usize,
    ) -> Self {
        rows.sort_by(|(key_a, a), (key_b, b)| {
            b.finding_count
                .cmp(&a.finding_count)
                .then_with(|| a.label.cmp(&b.label))
                .then_with(|| key_a.cmp(key_b))
        });
        rows.truncate(top_n);
        Self {
            rows: rows.into_iter().map(|(_, row)| row).collect(),
            distinct_count,
        }
    }
}

/// The remote side of the selected findings, ranked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorSummary {
    pub countries: Ranking,
    /// Autonomous systems (`AS14061 DigitalOcean, LLC`), or organisations when the export has
    /// no ASN.
    pub networks: Ranking,
    pub remote_ips: Ranking,
    pub domains: Ranking,
    pub user_agents: Ranking,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::reference::actor_summary;
    use crate::model::{
        Dialect, EpochMillis, Finding, FindingType, NetworkActor, Text, ThreatIntel,
    };

    fn finding(kind: &str, severity: f64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new("x".into(), kind, severity, Dialect::CamelCase)
    }

    fn actor(ip: &str, code: &str, name: &str, asn: &str, org: &str) -> NetworkActor {
        let text = |s: &str| (!s.is_empty()).then(|| Text::from(s));
        NetworkActor {
            ip_address: text(ip),
            country_code: text(code),
            country_name: text(name),
            asn: text(asn),
            asn_org: text(org),
            ..NetworkActor::default()
        }
    }

    fn all(findings: &[Finding]) -> Vec<u32> {
        (0..findings.len() as u32).collect()
    }

    fn labels(ranking: &Ranking) -> Vec<(&str, u32)> {
        ranking
            .rows
            .iter()
            .map(|r| (r.label.as_str(), r.finding_count))
            .collect()
    }

    /// A port probe from three IPs (two in Russia, one twice), a second probe from one of them
    /// in China's network block, and a DNS finding with a domain.
    fn port_probes() -> Vec<Finding> {
        let mut probe = finding("Recon:EC2/PortProbeUnprotectedPort", 2.0);
        probe.network_actors = vec![
            actor("198.51.100.7", "RU", "Russia", "12345", "Bad Hosting"),
            actor("198.51.100.8", "RU", "Russia", "12345", "Bad Hosting"),
            actor("198.51.100.7", "RU", "Russia", "12345", "Bad Hosting"),
            actor("203.0.113.9", "CN", "China", "as 4134", "Chinanet"),
        ];
        let mut again = finding("Recon:EC2/PortProbeUnprotectedPort", 5.0);
        again.network_actors = vec![actor(
            "198.51.100.7",
            "RU",
            "Russia",
            "AS12345",
            "Bad Hosting",
        )];
        let mut dns = finding("Backdoor:EC2/C&CActivity.B!DNS", 8.0);
        dns.domains = vec!["Evil.Example.".into(), "evil.example".into()];
        dns.user_agents = vec!["curl/8.0".into(), " ".into()];
        vec![probe, again, dns]
    }

    #[test]
    fn each_finding_counts_once_per_ip_even_when_it_names_the_ip_twice() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &all(&findings), 10);
        assert_eq!(
            labels(&summary.remote_ips),
            [("198.51.100.7", 2), ("198.51.100.8", 1), ("203.0.113.9", 1)]
        );
        assert_eq!(summary.remote_ips.distinct_count, 3);
        let top = &summary.remote_ips.rows[0];
        assert_eq!(top.highest_severity, SeverityBand::Medium);
        assert_eq!(
            top.ip_context,
            Some(IpContext {
                country: Some("Russia (RU)".into()),
                asn: Some("AS12345".into()),
                organisation: Some("Bad Hosting".into()),
            })
        );
    }

    #[test]
    fn countries_and_networks_count_findings_not_addresses() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &all(&findings), 10);
        assert_eq!(
            labels(&summary.countries),
            [("Russia (RU)", 2), ("China (CN)", 1)]
        );
        // "12345" and "AS12345" are the same autonomous system; "as 4134" is AS4134.
        assert_eq!(
            labels(&summary.networks),
            [("AS12345 Bad Hosting", 2), ("AS4134 Chinanet", 1)]
        );
    }

    #[test]
    fn domains_are_compared_case_blind_and_blank_user_agents_are_skipped() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &all(&findings), 10);
        assert_eq!(labels(&summary.domains), [("evil.example", 1)]);
        assert_eq!(summary.domains.rows[0].highest_severity, SeverityBand::High);
        assert_eq!(summary.domains.rows[0].ip_context, None);
        assert_eq!(labels(&summary.user_agents), [("curl/8.0", 1)]);
    }

    #[test]
    fn only_selected_findings_count_and_bad_or_repeated_indices_are_ignored() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &[1, 1, 99, u32::MAX], 10);
        assert_eq!(labels(&summary.remote_ips), [("198.51.100.7", 1)]);
        assert!(summary.domains.rows.is_empty());
    }

    #[test]
    fn top_n_cuts_each_list_but_keeps_the_distinct_count() {
        let findings = port_probes();
        let summary = actor_summary(&findings, &all(&findings), 1);
        assert_eq!(labels(&summary.remote_ips), [("198.51.100.7", 2)]);
        assert_eq!(summary.remote_ips.distinct_count, 3);
        let none = actor_summary(&findings, &all(&findings), 0);
        assert!(none.countries.rows.is_empty());
        assert_eq!(none.countries.distinct_count, 2);
    }

    #[test]
    fn ties_are_broken_by_label() {
        let mut a = finding("Recon:EC2/Portscan", 2.0);
        a.domains = vec!["b.example".into()];
        let mut b = finding("Recon:EC2/Portscan", 2.0);
        b.domains = vec!["a.example".into()];
        let findings = vec![a, b];
        let summary = actor_summary(&findings, &[0, 1], 10);
        assert_eq!(
            labels(&summary.domains),
            [("a.example", 1), ("b.example", 1)]
        );
    }

    #[test]
    fn a_country_given_only_by_name_joins_the_row_of_its_code() {
        let mut a = finding("Recon:EC2/Portscan", 2.0);
        a.network_actors = vec![actor("192.0.2.1", "de", "Germany", "", "")];
        let mut b = finding("Recon:EC2/Portscan", 2.0);
        b.network_actors = vec![actor("192.0.2.2", "", "Germany", "", "")];
        let mut c = finding("Recon:EC2/Portscan", 2.0);
        c.network_actors = vec![actor("192.0.2.3", "", "Atlantis", "", "Sunken ISP")];
        let findings = vec![a, b, c];
        let summary = actor_summary(&findings, &all(&findings), 10);
        assert_eq!(
            labels(&summary.countries),
            [("Germany (DE)", 2), ("Atlantis", 1)]
        );
        assert_eq!(labels(&summary.networks), [("Sunken ISP", 1)]);
    }

    #[test]
    fn findings_without_remote_actors_give_empty_rankings() {
        let findings = vec![finding("Policy:S3/BucketPublicAccessGranted", 5.0)];
        assert_eq!(actor_summary(&findings, &[0], 10), ActorSummary::default());
        assert_eq!(actor_summary(&[], &[], 10), ActorSummary::default());
    }

    #[test]
    fn odd_actor_text_is_kept_without_panicking() {
        let long = "x".repeat(5_000);
        let odd = [
            "AS",
            "Ås",
            "é",
            "as12a",
            "::",
            "\u{202E}",
            "🦀",
            long.as_str(),
        ];
        let mut f = finding("Recon:EC2/Portscan", 2.0);
        for text in odd {
            f.network_actors.push(actor(text, text, text, text, text));
            f.domains.push(text.into());
            f.user_agents.push(text.into());
        }
        let findings = vec![f];
        let summary = actor_summary(&findings, &[0], 100);
        assert_eq!(summary.remote_ips.distinct_count, odd.len());
        assert_eq!(summary.networks.distinct_count, odd.len());
        let asns: Vec<Option<String>> = summary
            .remote_ips
            .rows
            .iter()
            .filter(|r| ["AS", "Ås", "as12a", "::"].contains(&r.label.as_str()))
            .map(|r| r.ip_context.as_ref().and_then(|c| c.asn.clone()))
            .collect();
        assert_eq!(
            asns,
            [
                Some("::".into()),
                Some("AS".into()),
                Some("as12a".into()),
                Some("Ås".into())
            ]
        );
        assert_eq!(ioc_rows(&findings, &[0]).len(), 2 * odd.len());
    }

    fn timed(kind: &str, severity: f64, first_ms: i64, last_ms: i64) -> Finding {
        let mut f = finding(kind, severity);
        f.first_seen_at = Some(EpochMillis(first_ms));
        f.last_seen_at = Some(EpochMillis(last_ms));
        f
    }

    #[test]
    fn ioc_rows_gather_the_evidence_of_every_finding_naming_the_indicator() {
        let mut a = timed("Recon:EC2/PortProbeUnprotectedPort", 2.0, 1_000, 2_000);
        a.network_actors = vec![
            actor("198.51.100.7", "RU", "Russia", "12345", "Bad Hosting"),
            actor("198.51.100.7", "RU", "Russia", "12345", "Bad Hosting"),
        ];
        let mut b = timed("UnauthorizedAccess:EC2/SSHBruteForce", 5.0, 500, 1_500);
        b.network_actors = vec![actor("198.51.100.7", "RU", "Russian Federation", "", "")];
        b.threat_intel = vec![ThreatIntel {
            list_name: Some("ProofPoint".into()),
            threat_names: vec![],
        }];
        let findings = vec![a, b];
        let rows = ioc_rows(&findings, &[0, 1]);
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        assert_eq!(row.indicator, "198.51.100.7");
        assert_eq!(row.kind, IocKind::Ipv4);
        assert_eq!(row.finding_count, 2);
        assert_eq!(row.highest_severity, SeverityBand::Medium);
        assert_eq!(row.highest_severity_score, 5.0);
        assert_eq!(row.first_seen_at, Some(EpochMillis(500)));
        assert_eq!(row.last_seen_at, Some(EpochMillis(2_000)));
        assert_eq!(row.countries, ["Russia (RU)", "Russian Federation (RU)"]);
        assert_eq!(row.networks, ["AS12345 Bad Hosting"]);
        assert_eq!(
            row.finding_types,
            [
                "Recon:EC2/PortProbeUnprotectedPort",
                "UnauthorizedAccess:EC2/SSHBruteForce"
            ]
        );
        assert_eq!(row.threat_lists, ["ProofPoint"]);
    }

    #[test]
    fn ioc_kinds_cover_both_ip_families_domains_threat_names_and_odd_addresses() {
        let mut f = finding("Trojan:EC2/DNSDataExfiltration", 8.0);
        f.network_actors = vec![
            actor("2001:DB8:0:0::1", "", "", "", ""),
            actor("not-an-ip", "", "", "", ""),
            actor("  ", "", "", "", ""),
        ];
        f.domains = vec!["Exfil.Example".into()];
        f.threat_intel = vec![ThreatIntel {
            list_name: Some("Amazon".into()),
            threat_names: vec!["Mirai".into(), "".into()],
        }];
        let rows = ioc_rows(&[f], &[0]);
        let kinds: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.indicator.as_str(), r.kind.slug()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("2001:db8::1", "ipv6"),
                ("Mirai", "threat-name"),
                ("exfil.example", "domain"),
                ("not-an-ip", "address"),
            ]
        );
        let mirai = rows.iter().find(|r| r.indicator == "Mirai");
        assert_eq!(
            mirai.map(|r| r.threat_lists.clone()),
            Some(vec!["Amazon".into()])
        );
    }

    #[test]
    fn ioc_rows_sort_by_severity_then_count_then_indicator() {
        let mut low_many_a = finding("Recon:EC2/Portscan", 2.0);
        low_many_a.domains = vec!["many.example".into(), "b.example".into()];
        let mut low_many_b = finding("Recon:EC2/Portscan", 2.0);
        low_many_b.domains = vec!["many.example".into(), "a.example".into()];
        let mut high = finding("Backdoor:EC2/C&CActivity.B!DNS", 8.5);
        high.domains = vec!["high.example".into()];
        let mut higher_score_same_band = finding("Backdoor:EC2/C&CActivity.B!DNS", 8.9);
        higher_score_same_band.domains = vec!["higher.example".into()];
        let findings = vec![low_many_a, low_many_b, high, higher_score_same_band];
        let order: Vec<String> = ioc_rows(&findings, &all(&findings))
            .into_iter()
            .map(|r| r.indicator)
            .collect();
        assert_eq!(
            order,
            [
                "higher.example",
                "high.example",
                "many.example",
                "a.example",
                "b.example"
            ]
        );
    }

    #[test]
    fn ioc_finding_types_keep_the_five_most_frequent() {
        let kinds = [
            "A:EC2/F1", "A:EC2/F2", "A:EC2/F3", "A:EC2/F4", "A:EC2/F5", "A:EC2/F6",
        ];
        let mut findings = Vec::new();
        for (i, kind) in kinds.iter().enumerate() {
            // F6 appears twice, so it leads; F5 is the one left off.
            for _ in 0..(if i == 5 { 2 } else { 1 }) {
                let mut f = finding(kind, 5.0);
                f.domains = vec!["shared.example".into()];
                findings.push(f);
            }
        }
        let rows = ioc_rows(&findings, &all(&findings));
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].finding_count, 7);
        assert_eq!(
            rows[0].finding_types,
            ["A:EC2/F6", "A:EC2/F1", "A:EC2/F2", "A:EC2/F3", "A:EC2/F4"]
        );
        assert_eq!(rows[0].distinct_finding_type_count, 6);
    }

    #[test]
    fn ioc_times_fall_back_to_record_times_and_nan_scores_never_win() {
        let mut f = finding("Recon:EC2/Portscan", f64::NAN);
        f.created_at = Some(EpochMillis(10));
        f.updated_at = Some(EpochMillis(20));
        f.domains = vec!["x.example".into()];
        let mut g = finding("Recon:EC2/Portscan", 3.0);
        g.domains = vec!["x.example".into()];
        let rows = ioc_rows(&[f, g], &[0, 1]);
        assert_eq!(rows[0].first_seen_at, Some(EpochMillis(10)));
        assert_eq!(rows[0].last_seen_at, Some(EpochMillis(20)));
        assert_eq!(rows[0].highest_severity_score, 3.0);
    }
}
