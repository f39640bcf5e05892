//! Criteria as readable lines for the app's suppression card: one line per field and operator,
//! the operator in words and the operand as text (timestamps also as ISO-8601).

use super::criteria::{FindingCriteria, Operand, Operator, Test};
use super::fields::{field, FieldKind};
use crate::model::EpochMillis;

/// One operator of one criterion, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CriterionLine {
    /// The criteria field path (`severity`, `resource.resourceType`).
    pub field: String,
    /// The operator as the JSON spells it (`Equals`), or an unknown key as written.
    pub operator: String,
    /// What it tests, in words (`is one of`, `is at least`).
    pub words: &'static str,
    /// The operand: listed values, or the number (a timestamp with its ISO-8601 form).
    pub values: Vec<String>,
    /// False for operator keys this version does not know (kept, never evaluated).
    pub known: bool,
}

/// The words for what an operator tests.
pub fn operator_words(operator: Operator) -> &'static str {
    match operator.test() {
        Test::AnyOf => "is one of",
        Test::NoneOf => "is none of",
        Test::AnyPattern => "matches one of",
        Test::NoPattern => "matches none of",
        Test::Greater => "is greater than",
        Test::GreaterOrEqual => "is at least",
        Test::Less => "is less than",
        Test::LessOrEqual => "is at most",
    }
}

/// Every term of `criteria` as a line, fields in criteria order, terms in document order.
pub fn describe(criteria: &FindingCriteria) -> Vec<CriterionLine> {
    let mut lines = Vec::new();
    for (path, condition) in &criteria.criterion {
        let timestamp = field(path).is_some_and(|f| f.kind == FieldKind::Timestamp);
        for term in &condition.terms {
            let values = match &term.operand {
                Operand::Values(values) => values.clone(),
                Operand::Number(n) if timestamp => {
                    vec![format!("{n} ({})", EpochMillis(*n).to_iso8601())]
                }
                Operand::Number(n) => vec![n.to_string()],
            };
            lines.push(CriterionLine {
                field: path.clone(),
                operator: term.operator.cli_name().to_owned(),
                words: operator_words(term.operator),
                values,
                known: true,
            });
        }
        for (key, value) in &condition.unrecognised {
            lines.push(CriterionLine {
                field: path.clone(),
                operator: key.clone(),
                words: "has an operator guardview does not know",
                values: vec![value.to_string()],
                known: false,
            });
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::suppression::criteria::{Condition, Term};

    #[test]
    fn each_term_becomes_a_line_with_its_operator_in_words() {
        let mut criteria = FindingCriteria::default();
        criteria.criterion.insert(
            "severity".into(),
            Condition::with(Term::values(Operator::Equals, ["7", "8"])),
        );
        criteria.criterion.insert(
            "service.count".into(),
            Condition::with(Term::number(Operator::Gte, 3)),
        );
        let lines = describe(&criteria);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].field, "service.count");
        assert_eq!(lines[0].words, "is at least");
        assert_eq!(lines[0].values, ["3"]);
        assert_eq!(lines[1].field, "severity");
        assert_eq!(lines[1].operator, "Equals");
        assert_eq!(lines[1].words, "is one of");
        assert_eq!(lines[1].values, ["7", "8"]);
    }

    #[test]
    fn timestamps_are_shown_with_their_iso_8601_form() {
        let mut criteria = FindingCriteria::default();
        criteria.criterion.insert(
            "updatedAt".into(),
            Condition::with(Term::number(Operator::LessThan, 1_700_000_000_000)),
        );
        let lines = describe(&criteria);
        assert_eq!(lines[0].words, "is less than");
        assert_eq!(
            lines[0].values,
            ["1700000000000 (2023-11-14T22:13:20.000Z)"]
        );
    }

    #[test]
    fn unknown_operator_keys_are_listed_as_not_known() {
        let mut condition = Condition::default();
        condition
            .unrecognised
            .push(("Between".into(), serde_json::json!([1, 2])));
        let mut criteria = FindingCriteria::default();
        criteria.criterion.insert("severity".into(), condition);
        let lines = describe(&criteria);
        assert_eq!(lines.len(), 1);
        assert!(!lines[0].known);
        assert_eq!(lines[0].operator, "Between");
        assert_eq!(lines[0].values, ["[1,2]"]);
    }
}
