//! The "Method" panel as data: the NIST SP 800-30 tables and the rules in force, as rows of
//! strings a board member can follow from a finding to its level of risk.

use super::nist::{
    g2_description, g4_description, h3_description, i3_description, overall_likelihood, risk_level,
    Level,
};
use super::rules::RiskRules;

/// A cited source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub title: String,
    pub url: String,
}

/// One table of the Method panel: a header row and body rows, all plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodTable {
    /// A stable id for tests and anchors (`g-5`, `i-2`, `rules-h-3` …).
    pub id: String,
    pub title: String,
    /// One sentence saying what the table is for.
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Everything the Method panel shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Method {
    /// The steps in order, one sentence each.
    pub steps: Vec<String>,
    pub tables: Vec<MethodTable>,
    pub sources: Vec<Source>,
}

/// Levels from Very High down, the order NIST prints rows in.
fn levels_high_first() -> impl Iterator<Item = Level> {
    Level::ALL.into_iter().rev()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn description_table(
    id: &str,
    title: &str,
    caption: &str,
    describe: fn(Level) -> &'static str,
) -> MethodTable {
    MethodTable {
        id: id.to_owned(),
        title: title.to_owned(),
        caption: caption.to_owned(),
        header: strings(&["Level", "Range (0–100)", "Score (0–10)", "Description"]),
        rows: levels_high_first()
            .map(|level| {
                let (low, high) = level.semi_quantitative_range();
                vec![
                    level.name().to_owned(),
                    format!("{low}–{high}"),
                    level.score().to_string(),
                    describe(level).to_owned(),
                ]
            })
            .collect(),
    }
}

fn lookup_table(
    id: &str,
    title: &str,
    caption: &str,
    corner: &str,
    lookup: fn(Level, Level) -> Level,
) -> MethodTable {
    let mut header = vec![corner.to_owned()];
    header.extend(Level::ALL.iter().map(|l| l.name().to_owned()));
    MethodTable {
        id: id.to_owned(),
        title: title.to_owned(),
        caption: caption.to_owned(),
        header,
        rows: levels_high_first()
            .map(|row| {
                let mut cells = vec![row.name().to_owned()];
                cells.extend(Level::ALL.iter().map(|&c| lookup(row, c).name().to_owned()));
                cells
            })
            .collect(),
    }
}

/// The Method panel for `rules`.
pub fn method(rules: &RiskRules) -> Method {
    let limits = &rules.initiation;
    let steps = strings(&[
        "1. Rate how likely the adversary is to initiate the threat event (Table G-2) from the finding's threat purpose, evidence, repetition and recency.",
        "2. Rate how likely the event is to cause adverse impact (Table G-4) from GuardDuty's severity band, whether it was blocked, and whether the resource was the actor.",
        "3. Combine both into the overall likelihood with the lookup Table G-5.",
        "4. Rate the impact (Table H-3) from the asset-criticality rules: the highest matching rule wins.",
        "5. Combine overall likelihood and impact into the level of risk with the lookup Table I-2 (described by Table I-3).",
    ]);
    let initiation_rows = vec![
        vec![
            "1".into(),
            "AttackSequence finding".into(),
            "Very High".into(),
        ],
        vec![
            "2".into(),
            "Threat-intelligence evidence on the finding".into(),
            "Very High".into(),
        ],
        vec![
            "3".into(),
            format!("Seen at least {} times", limits.repeated_count_at_least),
            "Very High".into(),
        ],
        vec![
            "4".into(),
            format!("Threat purpose {}", limits.low_purposes.join(", ")),
            "Low".into(),
        ],
        vec![
            "5".into(),
            format!("Threat purpose {}", limits.moderate_purposes.join(", ")),
            "Moderate".into(),
        ],
        vec![
            "6".into(),
            "Any other activity GuardDuty detected".into(),
            "High".into(),
        ],
        vec![
            "7".into(),
            format!(
                "Last seen at most {} days before the assessment time",
                limits.recent_within_days
            ),
            "One step up".into(),
        ],
        vec![
            "8".into(),
            format!(
                "Last seen more than {} days before the assessment time",
                limits.stale_after_days
            ),
            "One step down".into(),
        ],
    ];
    let adverse_rows = vec![
        vec![
            "1".into(),
            "Severity Low / Medium / High / Critical".into(),
            "Low / Moderate / High / Very High".into(),
        ],
        vec![
            "2".into(),
            "The connection or DNS request was blocked".into(),
            "One step down".into(),
        ],
        vec![
            "3".into(),
            "The affected resource is the actor".into(),
            "One step up".into(),
        ],
    ];
    let mut impact_rows: Vec<Vec<String>> = rules
        .impact_rules
        .iter()
        .enumerate()
        .map(|(index, rule)| {
            vec![
                (index + 1).to_string(),
                rule.matcher.describe(),
                rule.level.name().to_owned(),
                rule.note.clone(),
            ]
        })
        .collect();
    impact_rows.push(vec![
        "fallback".into(),
        "No rule matches".into(),
        rules.impact_fallback.name().to_owned(),
        String::new(),
    ]);
    let rule_header = strings(&["Rule", "When", "Level"]);
    let tables = vec![
        MethodTable {
            id: "rules-g-2".into(),
            title: "Rules in force: likelihood of initiation (G-2)".into(),
            caption: "The first of rules 1–6 that applies sets the level; rules 7 and 8 then adjust it.".into(),
            header: rule_header.clone(),
            rows: initiation_rows,
        },
        MethodTable {
            id: "rules-g-4".into(),
            title: "Rules in force: likelihood of adverse impact (G-4)".into(),
            caption: "Rule 1 sets the level; rules 2 and 3 adjust it.".into(),
            header: rule_header,
            rows: adverse_rows,
        },
        MethodTable {
            id: "rules-h-3".into(),
            title: "Rules in force: impact (H-3)".into(),
            caption: "The highest level among matching rules wins; among equal levels the first listed rule is named.".into(),
            header: strings(&["Rule", "When", "Level", "Why"]),
            rows: impact_rows,
        },
        description_table(
            "g-2",
            "Table G-2: likelihood of threat event initiation (adversarial)",
            "How likely the adversary is to start the threat event.",
            g2_description,
        ),
        description_table(
            "g-4",
            "Table G-4: likelihood the threat event results in adverse impacts",
            "How likely the event, once started, is to cause harm.",
            g4_description,
        ),
        lookup_table(
            "g-5",
            "Table G-5: overall likelihood",
            "Rows: likelihood of initiation (G-2). Columns: likelihood of adverse impact (G-4).",
            "Initiation \\ Adverse impact",
            overall_likelihood,
        ),
        description_table(
            "h-3",
            "Table H-3: impact of threat events",
            "How much harm the event would do.",
            h3_description,
        ),
        lookup_table(
            "i-2",
            "Table I-2: level of risk",
            "Rows: overall likelihood (G-5). Columns: impact (H-3).",
            "Likelihood \\ Impact",
            risk_level,
        ),
        description_table(
            "i-3",
            "Table I-3: level of risk",
            "What each level of risk means.",
            i3_description,
        ),
    ];
    Method {
        steps,
        tables,
        sources: vec![Source {
            title: "NIST SP 800-30 Rev. 1, Guide for Conducting Risk Assessments (September 2012), Appendix G (likelihood), Appendix H (impact), Appendix I (risk determination)".into(),
            url: "https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-30r1.pdf".into(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table<'a>(method: &'a Method, id: &str) -> Option<&'a MethodTable> {
        method.tables.iter().find(|t| t.id == id)
    }

    #[test]
    fn the_method_shows_every_nist_table_and_cites_the_source() {
        let method = method(&RiskRules::default());
        for id in [
            "g-2",
            "g-4",
            "g-5",
            "h-3",
            "i-2",
            "i-3",
            "rules-g-2",
            "rules-g-4",
            "rules-h-3",
        ] {
            assert!(table(&method, id).is_some(), "missing table {id}");
        }
        assert!(method.sources[0].title.contains("800-30 Rev. 1"));
        assert!(method.sources[0].title.contains("Appendix G"));
        assert_eq!(method.steps.len(), 5);
    }

    #[test]
    fn lookup_tables_are_printed_like_the_publication() {
        let method = method(&RiskRules::default());
        let g5 = table(&method, "g-5")
            .map(|t| t.rows.clone())
            .unwrap_or_default();
        assert_eq!(
            g5[0],
            [
                "Very High",
                "Low",
                "Moderate",
                "High",
                "Very High",
                "Very High"
            ]
        );
        assert_eq!(
            g5[4],
            ["Very Low", "Very Low", "Very Low", "Low", "Low", "Low"]
        );
        let i2 = table(&method, "i-2")
            .map(|t| t.rows.clone())
            .unwrap_or_default();
        assert_eq!(
            i2[2],
            ["Moderate", "Very Low", "Low", "Moderate", "Moderate", "High"]
        );
    }

    #[test]
    fn the_rule_tables_follow_the_rules_in_force() {
        let mut rules = RiskRules::default();
        rules.initiation.repeated_count_at_least = 25;
        let method = method(&rules);
        let g2 = table(&method, "rules-g-2")
            .map(|t| t.rows.clone())
            .unwrap_or_default();
        assert_eq!(g2[2][1], "Seen at least 25 times");
        let h3 = table(&method, "rules-h-3")
            .map(|t| t.rows.clone())
            .unwrap_or_default();
        assert_eq!(h3.len(), rules.impact_rules.len() + 1);
        assert_eq!(
            h3[0][1],
            "tag data-classification = confidential or restricted"
        );
        assert_eq!(h3[h3.len() - 1][2], "Moderate");
    }
}
