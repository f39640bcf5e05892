//! Risk view after NIST SP 800-30 Rev. 1: each finding gets a likelihood of initiation (G-2),
//! a likelihood of adverse impact (G-4) and an impact (H-3) from documented, editable rules;
//! the lookup tables G-5 and I-2 turn them into an overall likelihood and a level of risk.
//!
//! The method is ours (no public GuardDuty-to-NIST mapping exists); every level names the rule
//! and the data that set it, so a reader can check or override each step.

pub mod assess;
pub mod matrix;
pub mod method;
pub mod nist;
pub mod rules;

pub use assess::{assess, assess_levels, Assessment, Levels, Rated};
pub use matrix::{cell_members, latest_activity, risk_matrix, RiskMatrix};
pub use method::{method, Method, MethodTable, Source};
pub use nist::{overall_likelihood, risk_level, Level};
pub use rules::{ImpactRule, InitiationRules, Matcher, RiskRules, RulesError, RULES_VERSION};
