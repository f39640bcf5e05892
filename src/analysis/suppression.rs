//! Suppression what-if: GuardDuty filter criteria built from the app's filter, evaluated
//! against loaded findings, previewed, exported for `aws guardduty create-filter --action
//! ARCHIVE`, and imported from `get-filter` / `list-filters` output.
//!
//! One code path serves the app and `guardview filters`:
//!
//! ```text
//! FindingFilter ──build::criteria_from_filter──► BuiltCriteria { criteria, not_exportable }
//! filter JSON ───import::import_filters────────► [ImportedFilter] (criteria, or a name only)
//! FindingCriteria ──evaluate::evaluate─────────► Evaluation { matched, undecided, unevaluated }
//!                 ──preview::preview───────────► Preview { counts, warnings, ids }
//! SuppressionRule ──export: criteria_json / cli_input_json / command_line
//! ```
//!
//! - [`criteria`]: the API model (`FindingCriteria`, `Condition`, `GetFilterResponse`) and its
//!   JSON in the CLI's spelling.
//! - [`describe`]: criteria as readable lines (field, operator in words, values) for the app.
//! - [`fields`]: which criteria fields guardview evaluates, read from `model::Finding`.
//! - [`evaluate`]: the matching semantics (documented there).
//! - [`build`]: the app's `FindingFilter` → criteria, naming what criteria cannot express.
//! - [`preview`]: counts by severity and type, warnings (High/Critical, attack sequences), the
//!   export and its command line, and the JSON `guardview filters` prints.
//! - [`import`]: `get-filter`, `create-filter --cli-input-json`, bare criteria, CloudFormation
//!   `AWS::GuardDuty::Filter`, and `list-filters` (names only: no criteria to evaluate).

pub mod build;
pub mod criteria;
pub mod describe;
pub mod evaluate;
pub mod fields;
pub mod import;
pub mod preview;
#[cfg(test)]
mod tests;

pub use build::{criteria_from_filter, loaded_types, BuiltCriteria, NotExportable};
pub use criteria::{
    Condition, CriteriaError, FilterAction, FindingCriteria, Operand, Operator, SavedFilter, Term,
};
pub use evaluate::{evaluate, Evaluation, Evaluator, UnevaluatedCriterion, Verdict};
pub use import::{import_filters, ImportedFilter};
pub use preview::{
    is_attack_sequence_member, preview, preview_with_first, signal_keys, Preview, PreviewTally,
    PreviewWarning, SuppressionRule,
};
