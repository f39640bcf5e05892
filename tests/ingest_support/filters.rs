//! The filters the store tests run every query under: every part the store decides from its
//! columns, and the two it answers from the rebuilt finding.

use guardview::analysis::filter::{ArchiveFilter, FindingFilter};
use guardview::analysis::period::{Period, TimeBasis};
use guardview::analysis::risk::Level;
use guardview::analysis::summary::UNKNOWN;
use guardview::model::{EpochMillis, Finding, SeverityBand};

/// Filters that exercise every part the store decides from its columns, and the two it
/// answers from the rebuilt finding.
pub fn filters(findings: &[Finding]) -> Vec<FindingFilter> {
    let all = FindingFilter {
        show_samples: true,
        ..FindingFilter::default()
    };
    let mut filters = vec![FindingFilter::default(), all.clone()];
    filters.push(FindingFilter {
        severities: [SeverityBand::High, SeverityBand::Critical].into(),
        archive: ArchiveFilter::ActiveOnly,
        ..all.clone()
    });
    filters.push(FindingFilter {
        archive: ArchiveFilter::ArchivedOnly,
        ..all.clone()
    });
    if let Some(first) = findings.first() {
        let account = first.account_id.as_deref().unwrap_or(UNKNOWN).to_owned();
        let region = first.region.as_deref().unwrap_or(UNKNOWN).to_owned();
        filters.push(FindingFilter {
            accounts: [account.clone()].into(),
            regions: [region, "nowhere-1".to_owned()].into(),
            resource_types: [UNKNOWN.to_owned(), "Instance".to_owned()].into(),
            ..FindingFilter::default()
        });
        filters.push(FindingFilter {
            purposes: [first.finding_type.threat_purpose.to_string()].into(),
            types: [format!(
                "{}:{}/",
                first.finding_type.threat_purpose, first.finding_type.resource_token
            )]
            .into(),
            show_samples: true,
            ..FindingFilter::default()
        });
        filters.push(FindingFilter {
            graph_node: Some(format!("account:{account}")),
            ..all.clone()
        });
        let part: String = account.chars().skip(2).take(5).collect();
        filters.push(FindingFilter {
            text: format!("  {}  ", part.to_uppercase()),
            severities: [SeverityBand::Medium, SeverityBand::High].into(),
            ..all.clone()
        });
        let word: String = first.finding_type.family.chars().take(5).collect();
        filters.push(FindingFilter {
            text: word.to_lowercase(),
            ..all.clone()
        });
    }
    let mut times: Vec<i64> = findings
        .iter()
        .filter_map(|f| TimeBasis::FirstSeen.time_of(f))
        .map(|t| t.0)
        .collect();
    times.sort_unstable();
    if times.len() >= 4 {
        filters.push(FindingFilter {
            time_basis: TimeBasis::FirstSeen,
            period: Some(Period {
                start: EpochMillis(times[times.len() / 4]),
                end: EpochMillis(times[times.len() * 3 / 4]),
            }),
            ..all.clone()
        });
    }
    filters.push(FindingFilter {
        risk_cell: Some((Level::Moderate, Level::Moderate)),
        ..all
    });
    filters
}
