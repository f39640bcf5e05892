//! GuardDuty severity bands (Low 1.0–3.9, Medium 4.0–6.9, High 7.0–8.9, Critical 9.0–10.0).

use std::fmt;

/// One of GuardDuty's four severity bands, ordered from least to most severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SeverityBand {
    Low,
    Medium,
    High,
    Critical,
}

impl SeverityBand {
    /// All bands, least severe first.
    pub const ALL: [SeverityBand; 4] = [Self::Low, Self::Medium, Self::High, Self::Critical];

    /// The band of a GuardDuty severity score.
    ///
    /// GuardDuty documents the range 1.0–10.0; scores are compared at one decimal place, so
    /// 3.95 (which AWS would print as 4.0) is Medium. Values below the range (0, negative) are
    /// Low and values above it are Critical, so no finding ever falls outside a band. A NaN
    /// score is Low; `ingest` warns about it.
    pub fn from_score(score: f64) -> Self {
        let tenths = (score * 10.0).round();
        if tenths >= 90.0 {
            Self::Critical
        } else if tenths >= 70.0 {
            Self::High
        } else if tenths >= 40.0 {
            Self::Medium
        } else {
            Self::Low
        }
    }

    /// The English name, as GuardDuty's console spells it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::Critical => "Critical",
        }
    }

    /// A lower-case token for CSS classes, URL state and test ids.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// Position in [`Self::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for SeverityBand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::SeverityBand::{self, *};

    #[test]
    fn band_edges_follow_the_guardduty_table() {
        let cases = [
            (1.0, Low),
            (3.9, Low),
            (4.0, Medium),
            (6.9, Medium),
            (7.0, High),
            (8.9, High),
            (9.0, Critical),
            (10.0, Critical),
        ];
        for (score, band) in cases {
            assert_eq!(SeverityBand::from_score(score), band, "score {score}");
        }
    }

    #[test]
    fn scores_outside_the_documented_range_still_get_a_band() {
        assert_eq!(SeverityBand::from_score(0.0), Low);
        assert_eq!(SeverityBand::from_score(-3.0), Low);
        assert_eq!(SeverityBand::from_score(f64::NAN), Low);
        assert_eq!(SeverityBand::from_score(11.0), Critical);
    }

    #[test]
    fn scores_between_tenths_round_like_the_console() {
        assert_eq!(SeverityBand::from_score(3.94), Low);
        assert_eq!(SeverityBand::from_score(3.95), Medium);
        assert_eq!(SeverityBand::from_score(8.96), Critical);
    }
}
