//! GuardDuty filter criteria (`FindingCriteria`, `Condition`) and saved filters (`GetFilter`
//! output) as plain data, read from and written to the JSON the AWS CLI uses.
//!
//! Shapes follow the botocore model `guardduty-2017-11-28`: `FindingCriteria` has one member,
//! `Criterion`, a map from a finding field path (`severity`, `resource.resourceType` …) to a
//! `Condition`. A `Condition` has fourteen optional operators: the deprecated `Eq`, `Neq`
//! (string lists), `Gt`, `Gte`, `Lt`, `Lte` (Integer), their replacements `Equals`,
//! `NotEquals` (string lists, at most 50 values), `GreaterThan`, `GreaterThanOrEqual`,
//! `LessThan`, `LessThanOrEqual` (Long), and `Matches`, `NotMatches` (at most 5 wildcard
//! patterns; create-filter and update-filter only).
//!
//! Two spellings exist: the CLI and SDKs use the member names (`{"Criterion": {"type":
//! {"Equals": […]}}}`), the REST wire uses the `locationName`s (`{"criterion": {"type":
//! {"equals": […]}}}`). Both are read; output is always the CLI spelling, so a CLI document
//! reads back to exactly the JSON it came from. Operator keys this version does not know are
//! kept (and written back) so nothing is dropped; evaluation names them as not evaluated.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

/// One operator of a GuardDuty `Condition`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Operator {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
    Equals,
    NotEquals,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Matches,
    NotMatches,
}

/// What an operator tests, whichever of its spellings (deprecated or current) is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Test {
    /// Any value of the field equals any listed value.
    AnyOf,
    /// No value of the field equals a listed value.
    NoneOf,
    /// Any value of the field matches any listed wildcard pattern.
    AnyPattern,
    /// No value of the field matches a listed wildcard pattern.
    NoPattern,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

impl Operator {
    pub const ALL: [Operator; 14] = [
        Self::Eq,
        Self::Neq,
        Self::Gt,
        Self::Gte,
        Self::Lt,
        Self::Lte,
        Self::Equals,
        Self::NotEquals,
        Self::GreaterThan,
        Self::GreaterThanOrEqual,
        Self::LessThan,
        Self::LessThanOrEqual,
        Self::Matches,
        Self::NotMatches,
    ];

    /// The member name the CLI and SDKs use (`Equals`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Self::Eq => "Eq",
            Self::Neq => "Neq",
            Self::Gt => "Gt",
            Self::Gte => "Gte",
            Self::Lt => "Lt",
            Self::Lte => "Lte",
            Self::Equals => "Equals",
            Self::NotEquals => "NotEquals",
            Self::GreaterThan => "GreaterThan",
            Self::GreaterThanOrEqual => "GreaterThanOrEqual",
            Self::LessThan => "LessThan",
            Self::LessThanOrEqual => "LessThanOrEqual",
            Self::Matches => "Matches",
            Self::NotMatches => "NotMatches",
        }
    }

    /// The REST wire name (`equals`): the CLI name with a lower-case first letter.
    pub fn wire_name(self) -> String {
        let name = self.cli_name();
        let mut wire = name.get(..1).unwrap_or("").to_ascii_lowercase();
        wire.push_str(name.get(1..).unwrap_or(""));
        wire
    }

    /// Reads either spelling.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|op| op.cli_name() == name || op.wire_name() == name)
    }

    /// Deprecated in the API model (still accepted and still returned by `get-filter`).
    pub fn is_deprecated(self) -> bool {
        matches!(
            self,
            Self::Eq | Self::Neq | Self::Gt | Self::Gte | Self::Lt | Self::Lte
        )
    }

    /// True for the operators whose operand is a list of strings.
    pub fn takes_values(self) -> bool {
        matches!(
            self.test(),
            Test::AnyOf | Test::NoneOf | Test::AnyPattern | Test::NoPattern
        )
    }

    pub fn test(self) -> Test {
        match self {
            Self::Eq | Self::Equals => Test::AnyOf,
            Self::Neq | Self::NotEquals => Test::NoneOf,
            Self::Matches => Test::AnyPattern,
            Self::NotMatches => Test::NoPattern,
            Self::Gt | Self::GreaterThan => Test::Greater,
            Self::Gte | Self::GreaterThanOrEqual => Test::GreaterOrEqual,
            Self::Lt | Self::LessThan => Test::Less,
            Self::Lte | Self::LessThanOrEqual => Test::LessOrEqual,
        }
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.cli_name())
    }
}

/// An operator's operand: a list of strings, or a whole number (Integer or Long in the API).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Operand {
    Values(Vec<String>),
    Number(i64),
}

/// One operator with its operand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub operator: Operator,
    pub operand: Operand,
}

impl Term {
    pub fn values(operator: Operator, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            operator,
            operand: Operand::Values(values.into_iter().map(Into::into).collect()),
        }
    }

    pub fn number(operator: Operator, number: i64) -> Self {
        Self {
            operator,
            operand: Operand::Number(number),
        }
    }
}

/// The condition on one field: every term must hold (GuardDuty combines the operators of one
/// condition with AND, as a range `GreaterThanOrEqual` + `LessThan` needs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Condition {
    /// In document order.
    pub terms: Vec<Term>,
    /// Operator keys this version does not know, with their JSON, kept for the round trip.
    pub unrecognised: Vec<(String, Value)>,
}

impl Condition {
    pub fn with(term: Term) -> Self {
        Self {
            terms: vec![term],
            unrecognised: Vec::new(),
        }
    }
}

/// `FindingCriteria`: field path → condition. All conditions must hold (AND across fields).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FindingCriteria {
    pub criterion: BTreeMap<String, Condition>,
}

/// `FilterAction`: what GuardDuty does with matching findings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterAction {
    /// Only a saved view (the default).
    Noop,
    /// A suppression rule: matching new findings are archived on arrival.
    Archive,
    /// A value this version does not know, kept as written.
    Other(String),
}

impl FilterAction {
    pub fn name(&self) -> &str {
        match self {
            Self::Noop => "NOOP",
            Self::Archive => "ARCHIVE",
            Self::Other(text) => text,
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "NOOP" => Self::Noop,
            "ARCHIVE" => Self::Archive,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// A saved filter as `aws guardduty get-filter` prints it (`GetFilterResponse`), which is also
/// the body of `create-filter --cli-input-json` (there with a `DetectorId`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavedFilter {
    pub name: Option<String>,
    pub description: Option<String>,
    pub action: Option<FilterAction>,
    /// 1–100: the order GuardDuty applies filters in.
    pub rank: Option<i64>,
    pub finding_criteria: FindingCriteria,
    /// Every other member (`Tags`, `CreatedAt`, `UpdatedAt`, `Version`, `DetectorId` …), kept
    /// as written.
    pub other: Map<String, Value>,
}

/// Why a document could not be read as criteria, with the JSON path of the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriteriaError {
    /// E.g. `FindingCriteria.Criterion.severity.Gte`.
    pub path: String,
    pub message: String,
}

impl fmt::Display for CriteriaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

fn error(path: &str, message: impl Into<String>) -> CriteriaError {
    CriteriaError {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// The value of `key` in either spelling (`Criterion` or `criterion`).
pub(super) fn member<'v>(object: &'v Map<String, Value>, cli_name: &str) -> Option<&'v Value> {
    object.get(cli_name).or_else(|| {
        let mut wire = cli_name.get(..1).unwrap_or("").to_ascii_lowercase();
        wire.push_str(cli_name.get(1..).unwrap_or(""));
        object.get(&wire)
    })
}

/// True when `key` is `cli_name` in either spelling.
fn is_member(key: &str, cli_name: &str) -> bool {
    key == cli_name
        || (key.get(1..) == cli_name.get(1..)
            && key.get(..1).map(str::to_ascii_uppercase).as_deref() == cli_name.get(..1))
}

impl Condition {
    fn from_json(value: &Value, path: &str) -> Result<Self, CriteriaError> {
        let object = value
            .as_object()
            .ok_or_else(|| error(path, "a condition must be an object of operators"))?;
        let mut condition = Self::default();
        for (key, operand) in object {
            let term_path = format!("{path}.{key}");
            let Some(operator) = Operator::from_name(key) else {
                condition.unrecognised.push((key.clone(), operand.clone()));
                continue;
            };
            let operand = if operator.takes_values() {
                Operand::Values(string_list(operand, &term_path)?)
            } else {
                Operand::Number(whole_number(operand, &term_path)?)
            };
            condition.terms.push(Term { operator, operand });
        }
        Ok(condition)
    }

    fn to_json(&self) -> Value {
        let mut object = Map::new();
        for term in &self.terms {
            let operand = match &term.operand {
                Operand::Values(values) => Value::from(values.clone()),
                Operand::Number(number) => Value::from(*number),
            };
            object.insert(term.operator.cli_name().to_owned(), operand);
        }
        for (key, value) in &self.unrecognised {
            object.insert(key.clone(), value.clone());
        }
        Value::Object(object)
    }
}

/// A list operand: strings as written; numbers and booleans as their JSON text (the API takes
/// strings, but hand-written files often say `["7"]` as `[7]`).
fn string_list(value: &Value, path: &str) -> Result<Vec<String>, CriteriaError> {
    let items = value
        .as_array()
        .ok_or_else(|| error(path, "expected a list of strings"))?;
    items
        .iter()
        .map(|item| match item {
            Value::String(text) => Ok(text.clone()),
            Value::Number(_) | Value::Bool(_) => Ok(item.to_string()),
            _ => Err(error(path, "expected a list of strings")),
        })
        .collect()
}

/// A comparison operand: the API types are Integer and Long, so only whole numbers.
fn whole_number(value: &Value, path: &str) -> Result<i64, CriteriaError> {
    value.as_i64().ok_or_else(|| {
        error(
            path,
            format!("expected a whole number (the API's type is Long), found {value}"),
        )
    })
}

impl FindingCriteria {
    /// Reads `{"Criterion": {…}}` (or `{"criterion": {…}}`); `path` prefixes error positions.
    pub fn from_json(value: &Value, path: &str) -> Result<Self, CriteriaError> {
        let object = value
            .as_object()
            .ok_or_else(|| error(path, "FindingCriteria must be an object"))?;
        let criterion_path = join(path, "Criterion");
        let map = member(object, "Criterion")
            .ok_or_else(|| error(path, "FindingCriteria has no Criterion"))?
            .as_object()
            .ok_or_else(|| error(&criterion_path, "Criterion must be an object"))?;
        let mut criterion = BTreeMap::new();
        for (field, condition) in map {
            let field_path = format!("{criterion_path}.{field}");
            criterion.insert(field.clone(), Condition::from_json(condition, &field_path)?);
        }
        Ok(Self { criterion })
    }

    /// The JSON `aws guardduty create-filter --finding-criteria` takes.
    pub fn to_cli_json(&self) -> Value {
        let map: Map<String, Value> = self
            .criterion
            .iter()
            .map(|(field, condition)| (field.clone(), condition.to_json()))
            .collect();
        serde_json::json!({ "Criterion": map })
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

const FILTER_MEMBERS: [&str; 5] = ["Name", "Description", "Action", "Rank", "FindingCriteria"];

impl SavedFilter {
    /// Reads a `get-filter` output (or a `create-filter --cli-input-json` body) in either
    /// spelling.
    pub fn from_json(value: &Value, path: &str) -> Result<Self, CriteriaError> {
        let object = value
            .as_object()
            .ok_or_else(|| error(path, "a filter must be an object"))?;
        let criteria = member(object, "FindingCriteria")
            .ok_or_else(|| error(path, "the filter has no FindingCriteria"))?;
        let text = |name: &str| -> Result<Option<String>, CriteriaError> {
            match member(object, name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(text)) => Ok(Some(text.clone())),
                Some(_) => Err(error(&join(path, name), "expected a string")),
            }
        };
        let rank = match member(object, "Rank") {
            None | Some(Value::Null) => None,
            Some(value) => Some(whole_number(value, &join(path, "Rank"))?),
        };
        Ok(Self {
            name: text("Name")?,
            description: text("Description")?,
            action: text("Action")?.map(|a| FilterAction::parse(&a)),
            rank,
            finding_criteria: FindingCriteria::from_json(criteria, &join(path, "FindingCriteria"))?,
            other: object
                .iter()
                .filter(|(key, _)| !FILTER_MEMBERS.iter().any(|m| is_member(key, m)))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
        })
    }

    /// The `get-filter` output shape, in the CLI spelling.
    pub fn to_cli_json(&self) -> Value {
        let mut object = Map::new();
        if let Some(name) = &self.name {
            object.insert("Name".into(), Value::from(name.as_str()));
        }
        if let Some(description) = &self.description {
            object.insert("Description".into(), Value::from(description.as_str()));
        }
        if let Some(action) = &self.action {
            object.insert("Action".into(), Value::from(action.name()));
        }
        if let Some(rank) = self.rank {
            object.insert("Rank".into(), Value::from(rank));
        }
        object.insert(
            "FindingCriteria".into(),
            self.finding_criteria.to_cli_json(),
        );
        for (key, value) in &self.other {
            object.insert(key.clone(), value.clone());
        }
        Value::Object(object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_operator_reads_in_both_spellings_and_writes_the_cli_spelling() {
        for op in Operator::ALL {
            assert_eq!(Operator::from_name(op.cli_name()), Some(op));
            assert_eq!(Operator::from_name(&op.wire_name()), Some(op));
        }
        assert_eq!(
            Operator::GreaterThanOrEqual.wire_name(),
            "greaterThanOrEqual"
        );
        assert_eq!(Operator::from_name("EQUALS"), None);
    }

    #[test]
    fn cli_criteria_read_back_to_the_same_json() {
        let cli = json!({"Criterion": {
            "severity": {"Equals": ["7", "8"]},
            "type": {"Eq": ["Recon:EC2/Portscan"], "NotMatches": ["*DNS"]},
            "updatedAt": {"GreaterThanOrEqual": 1486685375000_i64, "Lt": 1500000000000_i64},
            "region": {"Neq": ["us-east-1"], "FutureOperator": {"x": 1}}
        }});
        let criteria = FindingCriteria::from_json(&cli, "").expect("valid criteria");
        assert_eq!(criteria.to_cli_json(), cli);
        assert_eq!(criteria.criterion["region"].unrecognised.len(), 1);
    }

    #[test]
    fn wire_spelling_reads_to_the_cli_spelling() {
        let wire = json!({"criterion": {"service.archived": {"equals": ["false"]}, "severity": {"gte": 4}}});
        let criteria = FindingCriteria::from_json(&wire, "").expect("valid criteria");
        assert_eq!(
            criteria.to_cli_json(),
            json!({"Criterion": {"service.archived": {"Equals": ["false"]}, "severity": {"Gte": 4}}})
        );
    }

    #[test]
    fn a_fractional_comparison_is_refused_with_its_path() {
        let bad = json!({"Criterion": {"severity": {"GreaterThan": 6.5}}});
        let failure = FindingCriteria::from_json(&bad, "FindingCriteria").expect_err("fraction");
        assert_eq!(
            failure.path,
            "FindingCriteria.Criterion.severity.GreaterThan"
        );
        let not_a_list = json!({"Criterion": {"type": {"Equals": "Recon:EC2/Portscan"}}});
        assert!(FindingCriteria::from_json(&not_a_list, "").is_err());
        assert!(FindingCriteria::from_json(&json!({"criteria": {}}), "").is_err());
    }

    #[test]
    fn get_filter_output_reads_back_to_the_same_json() {
        let output = json!({
            "Name": "bastion-ssh",
            "Description": "SSH brute force on the bastion",
            "Action": "ARCHIVE",
            "Rank": 1,
            "FindingCriteria": {"Criterion": {"type": {"Eq": ["UnauthorizedAccess:EC2/SSHBruteForce"]}}},
            "Tags": {"team": "soc"}
        });
        let filter = SavedFilter::from_json(&output, "").expect("valid filter");
        assert_eq!(filter.action, Some(FilterAction::Archive));
        assert_eq!(filter.rank, Some(1));
        assert_eq!(filter.other.len(), 1);
        assert_eq!(filter.to_cli_json(), output);
    }
}
