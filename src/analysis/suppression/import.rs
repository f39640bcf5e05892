//! Reads existing GuardDuty filters from the JSON users have at hand.
//!
//! Accepted, in either spelling (CLI `Name`/`FindingCriteria`, REST `name`/`findingCriteria`):
//! - `aws guardduty get-filter` output (`GetFilterResponse`): one filter with its criteria;
//! - a `create-filter --cli-input-json` body (the same members plus `DetectorId`);
//! - a bare `FindingCriteria` (`{"Criterion": …}`, the `--finding-criteria` file);
//! - a CloudFormation `AWS::GuardDuty::Filter` resource (`{"Type": …, "Properties": …}`);
//! - `aws guardduty list-filters` output (`{"FilterNames": […]}`): names only. The API returns
//!   no criteria there, so each name is imported as [`ImportedFilter::NameOnly`] with the
//!   `get-filter` command that fetches it; nothing is evaluated for it;
//! - a JSON array of any of these (or an array of such arrays).

use serde_json::Value;

use super::criteria::{member, CriteriaError, FindingCriteria, SavedFilter};
use super::preview::DETECTOR_PLACEHOLDER;

/// One filter found in a document.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportedFilter {
    /// A filter with criteria (a bare criteria document has no name).
    WithCriteria(SavedFilter),
    /// A name from `list-filters`: the criteria must be fetched with `get-filter`.
    NameOnly(String),
}

impl ImportedFilter {
    /// The filter's name, if the document gave one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Self::WithCriteria(filter) => filter.name.as_deref(),
            Self::NameOnly(name) => Some(name),
        }
    }
}

/// The command that prints a named filter's criteria.
pub fn get_filter_command(name: &str) -> String {
    format!("aws guardduty get-filter --detector-id {DETECTOR_PLACEHOLDER} --filter-name {name}")
}

/// Array nesting accepted: an array of documents, or an array of such arrays (what `jq -s`
/// makes of several files of arrays); deeper nesting is refused.
const MAX_DEPTH: usize = 2;

fn import_value(
    value: &Value,
    path: &str,
    depth: usize,
    out: &mut Vec<ImportedFilter>,
) -> Result<(), CriteriaError> {
    let unknown = || {
        CriteriaError {
        path: path.to_owned(),
        message: "not a GuardDuty filter: expected FindingCriteria (get-filter), Criterion (criteria) or FilterNames (list-filters)".into(),
    }
    };
    match value {
        Value::Array(items) if depth < MAX_DEPTH => {
            for (i, item) in items.iter().enumerate() {
                import_value(item, &format!("{path}[{i}]"), depth + 1, out)?;
            }
            Ok(())
        }
        Value::Object(object) => {
            if let Some(properties) = object.get("Properties").filter(|_| {
                object.get("Type").and_then(Value::as_str) == Some("AWS::GuardDuty::Filter")
            }) {
                let path = format!("{path}.Properties");
                out.push(ImportedFilter::WithCriteria(SavedFilter::from_json(
                    properties, &path,
                )?));
            } else if member(object, "FindingCriteria").is_some() {
                out.push(ImportedFilter::WithCriteria(SavedFilter::from_json(
                    value, path,
                )?));
            } else if member(object, "Criterion").is_some() {
                out.push(ImportedFilter::WithCriteria(SavedFilter {
                    finding_criteria: FindingCriteria::from_json(value, path)?,
                    ..SavedFilter::default()
                }));
            } else if let Some(names) = member(object, "FilterNames") {
                let names = names.as_array().ok_or_else(unknown)?;
                for name in names {
                    let name = name.as_str().ok_or_else(unknown)?;
                    out.push(ImportedFilter::NameOnly(name.to_owned()));
                }
            } else {
                return Err(unknown());
            }
            Ok(())
        }
        _ => Err(unknown()),
    }
}

/// Reads every filter in a document (see the module list for the shapes).
pub fn import_filters(text: &str) -> Result<Vec<ImportedFilter>, CriteriaError> {
    let value: Value = serde_json::from_str(text).map_err(|e| CriteriaError {
        path: String::new(),
        message: format!("not valid JSON ({e})"),
    })?;
    let mut filters = Vec::new();
    import_value(&value, "", 0, &mut filters)?;
    Ok(filters)
}
