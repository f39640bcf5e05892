//! The app's [`FindingFilter`] as GuardDuty criteria, naming every part criteria cannot
//! express.
//!
//! | filter part | criterion |
//! |---|---|
//! | severity bands | `severity` `Equals` the API's band lists (Low `1,2,3`, Medium `4,5,6`, High `7,8`, Critical `9,10`) |
//! | types, purposes | `type` `Equals` the loaded types they select (a prefix or purpose becomes the types it covers now) |
//! | accounts, regions, resource types | `accountId`, `region`, `resource.resourceType` `Equals` |
//! | active only / archived only | `service.archived` `Equals` `false` / `true` |
//! | samples hidden (the default) | `service.additionalInfo.sample` `NotEquals` `true` |
//! | period | the time basis's field (`service.eventLastSeen`, `service.eventFirstSeen`, `createdAt`, `updatedAt`) `GreaterThanOrEqual` start, `LessThan` end, epoch ms |
//! | free text, risk cell, graph node, `Unknown` values, over 50 values | not exportable (named) |

use std::collections::BTreeSet;

use super::criteria::{FindingCriteria, Operator, Term};
use crate::analysis::filter::{ArchiveFilter, FilterPart, FindingFilter, UNKNOWN};
use crate::analysis::period::TimeBasis;
use crate::model::{Finding, FindingType, SeverityBand, Text};

/// At most this many values in one `Equals` (API documentation: "Max values: 50").
pub const MAX_EQUALS_VALUES: usize = 50;

/// A part of the filter the criteria leave out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotExportable {
    /// The part as its chip says it (`Text: “tor”`, `Account: Unknown`).
    pub part: String,
    pub reason: String,
}

/// Criteria built from a filter, with what they leave out and how they differ.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuiltCriteria {
    pub criteria: FindingCriteria,
    /// Filter parts the criteria do not express: the criteria select more than the filter.
    pub not_exportable: Vec<NotExportable>,
    /// How exported parts behave differently in GuardDuty (type prefixes, periods …).
    pub notes: Vec<String>,
}

/// The criterion values of a band, as the API documents them.
pub fn band_values(band: SeverityBand) -> &'static [&'static str] {
    match band {
        SeverityBand::Low => &["1", "2", "3"],
        SeverityBand::Medium => &["4", "5", "6"],
        SeverityBand::High => &["7", "8"],
        SeverityBand::Critical => &["9", "10"],
    }
}

/// The criteria field a time basis compares.
pub fn time_field(basis: TimeBasis) -> &'static str {
    match basis {
        TimeBasis::LastSeen => "service.eventLastSeen",
        TimeBasis::FirstSeen => "service.eventFirstSeen",
        TimeBasis::Created => "createdAt",
        TimeBasis::Updated => "updatedAt",
    }
}

impl BuiltCriteria {
    fn add(&mut self, field: &str, term: Term) {
        self.criteria
            .criterion
            .entry(field.to_owned())
            .or_default()
            .terms
            .push(term);
    }

    fn leave_out(&mut self, part: String, reason: &str) {
        self.not_exportable.push(NotExportable {
            part,
            reason: reason.to_owned(),
        });
    }

    /// `Equals` over a set, leaving `Unknown` out (criteria cannot select a missing value).
    fn equals_set(&mut self, label: &str, field: &str, set: &BTreeSet<String>) {
        if set.contains(UNKNOWN) {
            self.leave_out(
                format!("{label}: {UNKNOWN}"),
                "GuardDuty criteria cannot select findings that lack the field",
            );
        }
        let values: Vec<&String> = set.iter().filter(|v| *v != UNKNOWN).collect();
        if values.len() > MAX_EQUALS_VALUES {
            self.leave_out(
                format!("{label}: {} values", values.len()),
                "GuardDuty takes at most 50 values in one Equals",
            );
        } else if !values.is_empty() {
            self.add(field, Term::values(Operator::Equals, values));
        }
    }

    fn types(&mut self, filter: &FindingFilter, loaded_types: &BTreeSet<String>) {
        if filter.types.is_empty() && filter.purposes.is_empty() {
            return;
        }
        // The filter's own type test, alone: which loaded types it selects (a type is parsed
        // from its full text alone, as ingest parses it).
        let selected: BTreeSet<&str> = loaded_types
            .iter()
            .filter(|full| {
                filter.keeps_type(&FindingType::parse(full, &mut |s: &str| Text::from(s)))
            })
            .map(String::as_str)
            .collect();
        if selected.len() > MAX_EQUALS_VALUES {
            self.leave_out(
                format!("Type: {} types", selected.len()),
                "GuardDuty takes at most 50 values in one Equals",
            );
            return;
        }
        let as_written: BTreeSet<&str> = filter.types.iter().map(String::as_str).collect();
        if !filter.purposes.is_empty() || selected != as_written {
            let parts: Vec<String> = filter
                .purposes
                .iter()
                .map(|p| format!("purpose {p}"))
                .chain(filter.types.iter().map(|t| format!("type {t}")))
                .collect();
            self.notes.push(format!(
                "{} exported as the {} loaded finding type(s) selected now; a new type under it will not be archived",
                parts.join(", "),
                selected.len()
            ));
        }
        if selected.is_empty() {
            // Nothing loaded has such a type: the filter's own values, which match nothing
            // loaded either.
            let values: Vec<&String> = filter.types.iter().chain(&filter.purposes).collect();
            self.add("type", Term::values(Operator::Equals, values));
        } else {
            self.add("type", Term::values(Operator::Equals, selected));
        }
    }
}

/// The distinct full types of `findings` (what [`criteria_from_filter`] resolves type
/// prefixes and purposes against; the store's load facts carry the same).
pub fn loaded_types(findings: &[Finding]) -> BTreeSet<String> {
    findings
        .iter()
        .map(|f| f.finding_type.full.to_string())
        .collect()
}

/// Builds criteria selecting what `filter` selects among findings of `loaded_types` (type
/// prefixes and purposes are resolved against them: see [`loaded_types`]).
pub fn criteria_from_filter(
    filter: &FindingFilter,
    loaded_types: &BTreeSet<String>,
) -> BuiltCriteria {
    let mut built = BuiltCriteria::default();
    if !filter.severities.is_empty() {
        let values: Vec<&str> = filter
            .severities
            .iter()
            .flat_map(|&band| band_values(band).iter().copied())
            .collect();
        built.add("severity", Term::values(Operator::Equals, values));
    }
    built.types(filter, loaded_types);
    built.equals_set("Account", "accountId", &filter.accounts);
    built.equals_set("Region", "region", &filter.regions);
    built.equals_set("Resource", "resource.resourceType", &filter.resource_types);
    match filter.archive {
        ArchiveFilter::Both => {}
        ArchiveFilter::ActiveOnly => {
            built.add(
                "service.archived",
                Term::values(Operator::Equals, ["false"]),
            );
        }
        ArchiveFilter::ArchivedOnly => {
            built.add("service.archived", Term::values(Operator::Equals, ["true"]));
            built.notes.push(
                "Archived only: GuardDuty applies suppression rules to new findings, which are never archived, so this rule would archive nothing new".into(),
            );
        }
    }
    if !filter.show_samples {
        built.add(
            "service.additionalInfo.sample",
            Term::values(Operator::NotEquals, ["true"]),
        );
    }
    if let Some(period) = filter.period {
        let field = time_field(filter.time_basis);
        built.add(
            field,
            Term::number(Operator::GreaterThanOrEqual, period.start.0),
        );
        built.add(field, Term::number(Operator::LessThan, period.end.0));
        built.notes.push(format!(
            "The period compares {field} only{}; a suppression rule sees new findings, so a period that has ended archives nothing new",
            match filter.time_basis {
                TimeBasis::LastSeen => " (the app falls back to updatedAt when a record lacks it)",
                TimeBasis::FirstSeen => " (the app falls back to createdAt when a record lacks it)",
                _ => "",
            }
        ));
    }
    for chip in filter.chips() {
        let reason = match chip.part {
            FilterPart::Text => "GuardDuty criteria have no free-text search",
            FilterPart::RiskCell => {
                "a risk cell is guardview's NIST SP 800-30 assessment, not a finding field"
            }
            FilterPart::GraphNode => {
                "a graph node stands for several fields (resource, IP address, domain, account) that criteria cannot combine with OR"
            }
            _ => continue,
        };
        built.leave_out(chip.label, reason);
    }
    if built.criteria.criterion.is_empty() {
        built.notes.push(
            "The filter selects every finding; GuardDuty requires at least one criterion".into(),
        );
    }
    built
}
