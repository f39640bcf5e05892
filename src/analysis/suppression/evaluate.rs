//! Evaluates GuardDuty [`FindingCriteria`] against loaded findings: the one code path the app's
//! preview, its import view and `guardview filters` share.
//!
//! Semantics (GuardDuty's, where its documentation states them; our choice, stated, where not):
//! - criteria on different fields must all hold (AND), and so must the operators of one
//!   condition (a range is `GreaterThanOrEqual` + `LessThan`); empty criteria match everything;
//! - `Equals`/`Eq` holds when any of the finding's values equals any listed value (any-of);
//!   `NotEquals`/`Neq` when none does (none-of), so a finding without the field passes it;
//! - `Matches`/`NotMatches`: any-of / none-of over wildcard patterns where `*` matches any run
//!   of characters, compared ignoring ASCII case (GuardDuty does not document case; ignoring it
//!   can only make the preview list more findings as archived, never fewer). A pattern with `?`
//!   is not evaluated: GuardDuty does not say whether `?` is a wildcard;
//! - comparisons hold when a value compares as asked; a finding without the field fails them;
//! - `severity` equality follows the API's band lists (Low `["1","2","3"]` … Critical
//!   `["9","10"]`): a whole number `n` matches scores from `n.0` to `n.9` (scores rounded to
//!   tenths, as bands are); comparisons use the score itself;
//! - timestamps (`updatedAt`, `createdAt`, `service.eventFirstSeen`, `service.eventLastSeen`)
//!   are epoch milliseconds; equality also reads ISO-8601 text;
//! - booleans (`service.archived`, `service.additionalInfo.sample`) compare `"true"`/`"false"`.
//!
//! A criterion guardview cannot evaluate (a field it does not read, an operator it does not
//! know, an operand that does not fit the field) is never ignored: it is listed in
//! [`Evaluation::unevaluated`] with the reason, and a finding that passes every evaluated
//! criterion goes to [`Evaluation::undecided`] instead of [`Evaluation::matched`]. The same
//! happens per finding when its record cannot tell a field's value (see `fields`).

use super::criteria::{Condition, FindingCriteria, Operand, Operator, Term, Test};
use super::fields::{field, Field, FieldKind, Scalar};
use crate::analysis::risk::rules::glob_matches;
use crate::model::Finding;

/// A criterion, or one operator of it, that was not evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnevaluatedCriterion {
    /// The criteria field path, as written.
    pub field: String,
    /// The operator (as written), when only it could not be evaluated.
    pub operator: Option<String>,
    pub reason: String,
    /// How many findings it left undecided: they passed every evaluated criterion, and this
    /// one could not be evaluated for them (for the field as a whole, or for their records).
    pub findings: u64,
    /// True when it was not evaluated for any finding (a field guardview does not read, an
    /// operator or operand it cannot apply); false when only some records lacked the value.
    pub for_every_finding: bool,
}

/// Which loaded findings a filter matches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evaluation {
    /// Indices into the findings of those every criterion was evaluated for and held.
    pub matched: Vec<u32>,
    /// Indices of those that passed every evaluated criterion but that some criterion could not
    /// be evaluated for: GuardDuty would archive them only if those criteria hold.
    pub undecided: Vec<u32>,
    /// The criteria not evaluated, in criteria order.
    pub unevaluated: Vec<UnevaluatedCriterion>,
}

/// One operator ready to test a finding's values.
enum Check {
    Texts(Test, Vec<String>),
    Patterns(Test, Vec<String>),
    /// Equality on numbers; `bands` for `severity`'s whole-number band semantics.
    Numbers {
        test: Test,
        values: Vec<f64>,
        bands: bool,
    },
    Instants(Test, Vec<i64>),
    Bools(Test, Vec<bool>),
    Bound(Test, i64),
}

/// A criterion term compiled against its field, or the index of its `unevaluated` entry.
enum Compiled {
    Ready {
        field: &'static Field,
        check: Check,
        unknown_slot: usize,
    },
    Unevaluable,
}

fn any_of_or_none(test: Test, any: bool) -> bool {
    match test {
        Test::AnyOf | Test::AnyPattern => any,
        _ => !any,
    }
}

fn compare(test: Test, value: f64, bound: f64) -> bool {
    match test {
        Test::Greater => value > bound,
        Test::GreaterOrEqual => value >= bound,
        Test::Less => value < bound,
        Test::LessOrEqual => value <= bound,
        _ => false,
    }
}

/// A score rounded to tenths, in tenths (as `SeverityBand::from_score` rounds).
fn tenths(score: f64) -> f64 {
    (score * 10.0).round()
}

impl Check {
    fn holds(&self, values: &[Scalar<'_>]) -> bool {
        match self {
            Self::Texts(test, wanted) => {
                let any = values.iter().any(|v| match v {
                    Scalar::Text(text) => wanted.iter().any(|w| w == text),
                    _ => false,
                });
                any_of_or_none(*test, any)
            }
            Self::Patterns(test, patterns) => {
                let any = values.iter().any(|v| match v {
                    Scalar::Text(text) => patterns.iter().any(|p| glob_matches(p, text)),
                    _ => false,
                });
                any_of_or_none(*test, any)
            }
            Self::Numbers {
                test,
                values: wanted,
                bands,
            } => {
                let any = values.iter().any(|v| match v {
                    Scalar::Number(n) => wanted.iter().any(|w| {
                        if *bands && w.fract() == 0.0 {
                            (tenths(*n) / 10.0).floor() == *w
                        } else if *bands {
                            tenths(*n) == tenths(*w)
                        } else {
                            n == w
                        }
                    }),
                    _ => false,
                });
                any_of_or_none(*test, any)
            }
            Self::Instants(test, wanted) => {
                let any = values.iter().any(|v| match v {
                    Scalar::Millis(t) => wanted.contains(t),
                    _ => false,
                });
                any_of_or_none(*test, any)
            }
            Self::Bools(test, wanted) => {
                let any = values.iter().any(|v| match v {
                    Scalar::Bool(b) => wanted.contains(b),
                    _ => false,
                });
                any_of_or_none(*test, any)
            }
            Self::Bound(test, bound) => values.iter().any(|v| match v {
                Scalar::Number(n) => compare(*test, *n, *bound as f64),
                Scalar::Millis(t) => compare(*test, *t as f64, *bound as f64),
                _ => false,
            }),
        }
    }
}

fn parse_all<T>(
    values: &[String],
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
) -> Result<Vec<T>, String> {
    values
        .iter()
        .map(|v| parse(v.trim()).ok_or_else(|| format!("the value {v:?} is not {what}")))
        .collect()
}

fn parse_instant(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().or_else(|| {
        chrono::DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.timestamp_millis())
    })
}

/// Compiles one term against its field, or says why it cannot be evaluated.
fn compile_term(field: &Field, term: &Term) -> Result<Check, String> {
    let test = term.operator.test();
    match (&term.operand, field.kind) {
        (Operand::Number(bound), FieldKind::Number | FieldKind::Timestamp) => {
            Ok(Check::Bound(test, *bound))
        }
        (Operand::Number(_), kind) => Err(format!(
            "{} compares numbers and times; {} is {}",
            term.operator,
            field.path,
            if kind == FieldKind::Text {
                "text"
            } else {
                "true/false"
            }
        )),
        (Operand::Values(values), FieldKind::Text) => match test {
            Test::AnyPattern | Test::NoPattern => {
                if values.iter().any(|p| p.contains('?')) {
                    Err("a pattern holds `?`, which GuardDuty does not document as a wildcard or a literal".into())
                } else {
                    Ok(Check::Patterns(test, values.clone()))
                }
            }
            _ => Ok(Check::Texts(test, values.clone())),
        },
        (Operand::Values(_), _) if matches!(test, Test::AnyPattern | Test::NoPattern) => {
            Err(format!(
                "{} is a wildcard match on text; {} is not text",
                term.operator, field.path
            ))
        }
        (Operand::Values(values), FieldKind::Number) => Ok(Check::Numbers {
            test,
            values: parse_all(
                values,
                |v| v.parse::<f64>().ok().filter(|n| n.is_finite()),
                "a number",
            )?,
            bands: field.path == "severity",
        }),
        (Operand::Values(values), FieldKind::Timestamp) => Ok(Check::Instants(
            test,
            parse_all(
                values,
                parse_instant,
                "epoch milliseconds or an ISO-8601 time",
            )?,
        )),
        (Operand::Values(values), FieldKind::Boolean) => Ok(Check::Bools(
            test,
            parse_all(
                values,
                |v| match v.to_ascii_lowercase().as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                },
                "true or false",
            )?,
        )),
    }
}

fn unevaluated(
    path: &str,
    operator: Option<&str>,
    reason: String,
    for_every_finding: bool,
) -> UnevaluatedCriterion {
    UnevaluatedCriterion {
        field: path.to_owned(),
        operator: operator.map(str::to_owned),
        reason,
        findings: 0,
        for_every_finding,
    }
}

fn compile_condition(
    path: &str,
    condition: &Condition,
    compiled: &mut Vec<Compiled>,
    report: &mut Vec<UnevaluatedCriterion>,
) {
    let Some(field) = field(path) else {
        report.push(unevaluated(
            path,
            None,
            "guardview does not read this field from findings".into(),
            true,
        ));
        compiled.push(Compiled::Unevaluable);
        return;
    };
    // One entry per field for records that cannot tell its value, shared by its operators.
    let mut unknown_slot: Option<usize> = None;
    for term in &condition.terms {
        match compile_term(field, term) {
            Ok(check) => {
                let slot = *unknown_slot.get_or_insert_with(|| {
                    report.push(unevaluated(
                        path,
                        None,
                        "some loaded records do not tell this field's value".into(),
                        false,
                    ));
                    report.len() - 1
                });
                compiled.push(Compiled::Ready {
                    field,
                    check,
                    unknown_slot: slot,
                });
            }
            Err(reason) => {
                report.push(unevaluated(
                    path,
                    Some(term.operator.cli_name()),
                    reason,
                    true,
                ));
                compiled.push(Compiled::Unevaluable);
            }
        }
    }
    for (key, _) in &condition.unrecognised {
        report.push(unevaluated(
            path,
            Some(key),
            format!(
                "not an operator of the GuardDuty API model (known: {})",
                Operator::ALL.map(Operator::cli_name).join(", ")
            ),
            true,
        ));
        compiled.push(Compiled::Unevaluable);
    }
}

/// What the criteria say of one finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Some evaluated criterion does not hold.
    Fails,
    /// Every criterion was evaluated and holds.
    Matches,
    /// Every evaluated criterion holds, and some could not be evaluated for it.
    Undecided,
}

/// Criteria compiled once, then judged finding by finding (one shard's rows, or every loaded
/// finding): the one evaluation [`evaluate`] and the store's what-if share.
pub struct Evaluator {
    compiled: Vec<Compiled>,
    /// Every criterion that could not be evaluated, or that a record may not tell, with the
    /// findings counted so far (a slot per entry, in criteria order).
    report: Vec<UnevaluatedCriterion>,
    any_unevaluable: bool,
}

impl Evaluator {
    pub fn new(criteria: &FindingCriteria) -> Self {
        let mut compiled = Vec::new();
        let mut report = Vec::new();
        for (path, condition) in &criteria.criterion {
            compile_condition(path, condition, &mut compiled, &mut report);
        }
        let any_unevaluable = compiled.iter().any(|c| matches!(c, Compiled::Unevaluable));
        Self {
            compiled,
            report,
            any_unevaluable,
        }
    }

    /// Judges one finding, counting it against each criterion its record could not tell.
    pub fn judge(&mut self, finding: &Finding) -> Verdict {
        let mut unknown = self.any_unevaluable;
        let mut unknown_slots: Vec<usize> = Vec::new();
        for check in &self.compiled {
            let Compiled::Ready {
                field,
                check,
                unknown_slot,
            } = check
            else {
                continue;
            };
            match field.read(finding) {
                Some(values) if !check.holds(&values) => return Verdict::Fails,
                Some(_) => {}
                None => {
                    unknown = true;
                    if !unknown_slots.contains(unknown_slot) {
                        unknown_slots.push(*unknown_slot);
                    }
                }
            }
        }
        for slot in unknown_slots {
            if let Some(entry) = self.report.get_mut(slot) {
                entry.findings += 1;
            }
        }
        if unknown {
            Verdict::Undecided
        } else {
            Verdict::Matches
        }
    }

    /// The findings counted so far per report slot (they add over evaluators of the same
    /// criteria).
    pub fn unknown_counts(&self) -> Vec<u64> {
        self.report.iter().map(|entry| entry.findings).collect()
    }

    /// The criteria not evaluated, in criteria order, given every evaluator's `unknown_counts`
    /// added slot by slot and the undecided findings in all: a criterion not evaluated at all
    /// counts every undecided finding; one that only some records could not tell is listed
    /// when some record could not.
    pub fn unevaluated(&self, unknown_counts: &[u64], undecided: u64) -> Vec<UnevaluatedCriterion> {
        self.report
            .iter()
            .enumerate()
            .filter_map(|(slot, entry)| {
                let findings = if entry.for_every_finding {
                    undecided
                } else {
                    unknown_counts.get(slot).copied().unwrap_or(0)
                };
                (entry.for_every_finding || findings > 0).then(|| UnevaluatedCriterion {
                    findings,
                    ..entry.clone()
                })
            })
            .collect()
    }
}

/// Evaluates `criteria` against every finding (indices are positions in `findings`).
pub fn evaluate(criteria: &FindingCriteria, findings: &[Finding]) -> Evaluation {
    let mut evaluator = Evaluator::new(criteria);
    let mut evaluation = Evaluation::default();
    for (index, finding) in findings.iter().enumerate() {
        match evaluator.judge(finding) {
            Verdict::Fails => {}
            Verdict::Matches => evaluation.matched.push(index as u32),
            Verdict::Undecided => evaluation.undecided.push(index as u32),
        }
    }
    evaluation.unevaluated = evaluator.unevaluated(
        &evaluator.unknown_counts(),
        evaluation.undecided.len() as u64,
    );
    evaluation
}
