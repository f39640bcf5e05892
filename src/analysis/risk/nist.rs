//! NIST SP 800-30 Rev. 1 scales and lookup tables (Appendices G, H and I), encoded exactly as
//! printed: Table G-5 (overall likelihood) and Table I-2 (level of risk) are 5×5 lookups, never
//! products of scores, because the publication defines them as tables.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The five qualitative values every NIST SP 800-30 scale uses, least to most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    VeryLow,
    Low,
    Moderate,
    High,
    VeryHigh,
}

impl Level {
    /// All levels, lowest first (the order of the matrix indices).
    pub const ALL: [Level; 5] = [
        Self::VeryLow,
        Self::Low,
        Self::Moderate,
        Self::High,
        Self::VeryHigh,
    ];

    /// The English name, as NIST prints it ("Very Low" … "Very High").
    pub fn name(self) -> &'static str {
        match self {
            Self::VeryLow => "Very Low",
            Self::Low => "Low",
            Self::Moderate => "Moderate",
            Self::High => "High",
            Self::VeryHigh => "Very High",
        }
    }

    /// A lower-case token for CSS classes, URL state, test ids and the rules JSON.
    pub fn slug(self) -> &'static str {
        match self {
            Self::VeryLow => "very-low",
            Self::Low => "low",
            Self::Moderate => "moderate",
            Self::High => "high",
            Self::VeryHigh => "very-high",
        }
    }

    /// The level whose [`Self::slug`] or [`Self::name`] is `text` (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|l| l.slug().eq_ignore_ascii_case(text) || l.name().eq_ignore_ascii_case(text))
    }

    /// Position in [`Self::ALL`] (Very Low = 0 … Very High = 4).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The level at `index` in [`Self::ALL`], if any.
    pub fn from_index(index: usize) -> Option<Self> {
        Self::ALL.get(index).copied()
    }

    /// The semi-quantitative range (inclusive, 0–100) NIST pairs with this level.
    pub fn semi_quantitative_range(self) -> (u8, u8) {
        match self {
            Self::VeryLow => (0, 4),
            Self::Low => (5, 20),
            Self::Moderate => (21, 79),
            Self::High => (80, 95),
            Self::VeryHigh => (96, 100),
        }
    }

    /// The semi-quantitative score (0–10) NIST pairs with this level.
    pub fn score(self) -> u8 {
        match self {
            Self::VeryLow => 0,
            Self::Low => 2,
            Self::Moderate => 5,
            Self::High => 8,
            Self::VeryHigh => 10,
        }
    }

    /// One step higher, staying at Very High.
    pub fn raised(self) -> Self {
        Self::from_index(self.index() + 1).unwrap_or(Self::VeryHigh)
    }

    /// One step lower, staying at Very Low.
    pub fn lowered(self) -> Self {
        self.index()
            .checked_sub(1)
            .and_then(Self::from_index)
            .unwrap_or(Self::VeryLow)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

use Level::{High as H, Low as L, Moderate as M, VeryHigh as VH, VeryLow as VL};

/// Table G-5, indexed `[initiation][adverse impact]` with Very Low = 0. Written here in the
/// publication's row order (Very High first) and reversed by [`overall_likelihood`], so the
/// source reads exactly like the printed table.
const TABLE_G5_AS_PRINTED: [[Level; 5]; 5] = [
    // Initiation Very High: adverse impact Very Low, Low, Moderate, High, Very High.
    [L, M, H, VH, VH],
    // Initiation High.
    [L, M, M, H, VH],
    // Initiation Moderate.
    [L, L, M, M, H],
    // Initiation Low.
    [VL, L, L, M, M],
    // Initiation Very Low.
    [VL, VL, L, L, L],
];

/// Table I-2, in the publication's row order (likelihood Very High first); columns are impact
/// Very Low … Very High.
const TABLE_I2_AS_PRINTED: [[Level; 5]; 5] = [
    // Likelihood Very High.
    [VL, L, M, H, VH],
    // Likelihood High.
    [VL, L, M, H, VH],
    // Likelihood Moderate.
    [VL, L, M, M, H],
    // Likelihood Low.
    [VL, L, L, L, M],
    // Likelihood Very Low.
    [VL, VL, VL, L, L],
];

/// Looks up a printed table whose first row is the highest row level.
fn printed_lookup(table: &[[Level; 5]; 5], row: Level, column: Level) -> Level {
    // The printed tables list Very High first, so row index 0 is Very High.
    let printed_row = 4 - row.index();
    table
        .get(printed_row)
        .and_then(|r| r.get(column.index()))
        .copied()
        .unwrap_or(Level::VeryLow)
}

/// Table G-5: the overall likelihood of a threat event from the likelihood of its initiation
/// (Table G-2) and the likelihood that it results in adverse impact (Table G-4).
pub fn overall_likelihood(initiation: Level, adverse_impact: Level) -> Level {
    printed_lookup(&TABLE_G5_AS_PRINTED, initiation, adverse_impact)
}

/// Table I-2: the level of risk from the overall likelihood (Table G-5) and the level of
/// impact (Table H-3).
pub fn risk_level(likelihood: Level, impact: Level) -> Level {
    printed_lookup(&TABLE_I2_AS_PRINTED, likelihood, impact)
}

/// Table G-2 (adversarial likelihood of threat event initiation), the description of a level.
pub fn g2_description(level: Level) -> &'static str {
    match level {
        VH => "Adversary is almost certain to initiate the threat event.",
        H => "Adversary is highly likely to initiate the threat event.",
        M => "Adversary is somewhat likely to initiate the threat event.",
        L => "Adversary is unlikely to initiate the threat event.",
        VL => "Adversary is highly unlikely to initiate the threat event.",
    }
}

/// Table G-4 (likelihood that a threat event results in adverse impacts), a level's description.
pub fn g4_description(level: Level) -> &'static str {
    match level {
        VH => "If the threat event is initiated or occurs, it is almost certain to have adverse impacts.",
        H => "If the threat event is initiated or occurs, it is highly likely to have adverse impacts.",
        M => "If the threat event is initiated or occurs, it is somewhat likely to have adverse impacts.",
        L => "If the threat event is initiated or occurs, it is unlikely to have adverse impacts.",
        VL => "If the threat event is initiated or occurs, it is highly unlikely to have adverse impacts.",
    }
}

/// Table H-3 (impact of threat events), a level's description, shortened.
pub fn h3_description(level: Level) -> &'static str {
    match level {
        VH => "The threat event could be expected to have multiple severe or catastrophic adverse effects on organizational operations, assets, individuals, other organizations, or the Nation.",
        H => "The threat event could be expected to have a severe or catastrophic adverse effect: severe degradation or loss of mission capability, major damage to assets, major financial loss, or severe harm to individuals.",
        M => "The threat event could be expected to have a serious adverse effect: significant degradation of mission capability, significant damage to assets, significant financial loss, or significant harm to individuals.",
        L => "The threat event could be expected to have a limited adverse effect: degradation that noticeably reduces effectiveness, minor damage to assets, minor financial loss, or minor harm to individuals.",
        VL => "The threat event could be expected to have a negligible adverse effect on organizational operations, assets, individuals, other organizations, or the Nation.",
    }
}

/// Table I-3 (level of risk), a level's description.
pub fn i3_description(level: Level) -> &'static str {
    match level {
        VH => "Threat event could be expected to have multiple severe or catastrophic adverse effects.",
        H => "Threat event could be expected to have a severe or catastrophic adverse effect.",
        M => "Threat event could be expected to have a serious adverse effect.",
        L => "Threat event could be expected to have a limited adverse effect.",
        VL => "Threat event could be expected to have a negligible adverse effect.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of a table as the document prints them: Very High first.
    const ROWS_AS_PRINTED: [Level; 5] = [VH, H, M, L, VL];
    const COLUMNS: [Level; 5] = [VL, L, M, H, VH];

    #[test]
    fn table_g5_matches_the_document_cell_by_cell() {
        // Copied row by row from §7 of the research document (NIST SP 800-30 Rev. 1 Table G-5):
        // rows are likelihood of initiation, columns likelihood of adverse impact.
        let expected: [[&str; 5]; 5] = [
            ["Low", "Moderate", "High", "Very High", "Very High"],
            ["Low", "Moderate", "Moderate", "High", "Very High"],
            ["Low", "Low", "Moderate", "Moderate", "High"],
            ["Very Low", "Low", "Low", "Moderate", "Moderate"],
            ["Very Low", "Very Low", "Low", "Low", "Low"],
        ];
        let mut checked_cells = 0;
        for (row, expected_row) in ROWS_AS_PRINTED.into_iter().zip(expected) {
            for (column, expected_cell) in COLUMNS.into_iter().zip(expected_row) {
                assert_eq!(
                    overall_likelihood(row, column).name(),
                    expected_cell,
                    "G-5 initiation {row}, adverse impact {column}"
                );
                checked_cells += 1;
            }
        }
        assert_eq!(checked_cells, 25);
    }

    #[test]
    fn table_i2_matches_the_document_cell_by_cell() {
        // Copied row by row from §7 (Table I-2): rows are overall likelihood, columns impact.
        let expected: [[&str; 5]; 5] = [
            ["Very Low", "Low", "Moderate", "High", "Very High"],
            ["Very Low", "Low", "Moderate", "High", "Very High"],
            ["Very Low", "Low", "Moderate", "Moderate", "High"],
            ["Very Low", "Low", "Low", "Low", "Moderate"],
            ["Very Low", "Very Low", "Very Low", "Low", "Low"],
        ];
        let mut checked_cells = 0;
        for (row, expected_row) in ROWS_AS_PRINTED.into_iter().zip(expected) {
            for (column, expected_cell) in COLUMNS.into_iter().zip(expected_row) {
                assert_eq!(
                    risk_level(row, column).name(),
                    expected_cell,
                    "I-2 likelihood {row}, impact {column}"
                );
                checked_cells += 1;
            }
        }
        assert_eq!(checked_cells, 25);
    }

    #[test]
    fn the_semi_quantitative_scale_matches_the_document() {
        let expected = [
            (VH, (96, 100), 10),
            (H, (80, 95), 8),
            (M, (21, 79), 5),
            (L, (5, 20), 2),
            (VL, (0, 4), 0),
        ];
        for (level, range, score) in expected {
            assert_eq!(level.semi_quantitative_range(), range, "{level}");
            assert_eq!(level.score(), score, "{level}");
        }
    }

    #[test]
    fn levels_are_ordered_named_and_round_trip_through_slugs() {
        assert!(VL < L && L < M && M < H && H < VH);
        let names: Vec<&str> = Level::ALL.iter().map(|l| l.name()).collect();
        assert_eq!(names, ["Very Low", "Low", "Moderate", "High", "Very High"]);
        for level in Level::ALL {
            assert_eq!(Level::parse(level.slug()), Some(level));
            assert_eq!(Level::parse(level.name()), Some(level));
            assert_eq!(Level::from_index(level.index()), Some(level));
        }
        assert_eq!(Level::parse("extreme"), None);
    }

    #[test]
    fn raising_and_lowering_stop_at_the_ends_of_the_scale() {
        assert_eq!(VH.raised(), VH);
        assert_eq!(H.raised(), VH);
        assert_eq!(VL.lowered(), VL);
        assert_eq!(L.lowered(), VL);
    }

    #[test]
    fn every_level_has_a_description_in_every_table() {
        for level in Level::ALL {
            for text in [
                g2_description(level),
                g4_description(level),
                h3_description(level),
                i3_description(level),
            ] {
                assert!(text.ends_with('.'), "{level}: {text}");
            }
        }
        assert!(g2_description(VH).contains("almost certain"));
        assert!(h3_description(VL).contains("negligible"));
    }
}
