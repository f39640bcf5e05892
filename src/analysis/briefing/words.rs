//! Sentence building for the briefing: every number written into a sentence is recorded as
//! evidence at the same moment, plus the deterministic formatting rules (counts with thousands
//! separators, singular/plural, ISO dates in UTC, "up from 2 to 5 (+3)").

use crate::model::EpochMillis;

use super::{Evidence, Sentence};

/// A sentence under construction. Text and evidence grow together, so a number can only reach
/// the text through a call that also records it.
#[derive(Default)]
pub(super) struct Words {
    text: String,
    evidence: Vec<Evidence>,
}

impl Words {
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// Plain words (no numbers taken from the data).
    pub(super) fn say(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Records evidence without writing it (for data shown next to the sentence, such as the
    /// rule behind a risk level).
    pub(super) fn note(&mut self, label: impl Into<String>, value: impl Into<String>) -> &mut Self {
        let evidence = Evidence {
            label: label.into(),
            value: value.into(),
        };
        if !self.evidence.contains(&evidence) {
            self.evidence.push(evidence);
        }
        self
    }

    /// Writes `value` and records it under `label`.
    pub(super) fn value(&mut self, label: impl Into<String>, value: &str) -> &mut Self {
        self.text.push_str(value);
        self.note(label, value)
    }

    /// Writes a bare number ("5") and records it.
    pub(super) fn number(&mut self, label: impl Into<String>, n: u64) -> &mut Self {
        let shown = count_text(n);
        self.value(label, &shown)
    }

    /// Writes "1 finding" / "5 findings" and records the number.
    pub(super) fn count(
        &mut self,
        label: impl Into<String>,
        n: u64,
        singular: &str,
        plural: &str,
    ) -> &mut Self {
        let shown = count_text(n);
        self.note(label, shown.clone());
        self.text.push_str(&shown);
        self.text.push(' ');
        self.text.push_str(if n == 1 { singular } else { plural });
        self
    }

    /// Writes "1 finding" / "5 findings".
    pub(super) fn findings(&mut self, label: impl Into<String>, n: u64) -> &mut Self {
        self.count(label, n, "finding", "findings")
    }

    /// Writes a date (YYYY-MM-DD, UTC) and records it.
    pub(super) fn date(&mut self, label: impl Into<String>, at: EpochMillis) -> &mut Self {
        let shown = iso_date(at);
        self.value(label, &shown)
    }

    /// Writes "up from 2 to 5 (+3)", "down from 5 to 2 (-3)" or "unchanged at 5", recording the
    /// earlier value, the later value and the change under labels built from `what`.
    pub(super) fn trend(&mut self, what: &str, earlier: u64, later: u64) -> &mut Self {
        let earlier_label = format!("{what}, before");
        let later_label = format!("{what}, now");
        if earlier == later {
            self.say("unchanged at ").number(later_label, later);
            return self.note(earlier_label, count_text(earlier));
        }
        let word = if later > earlier { "up" } else { "down" };
        self.say(word)
            .say(" from ")
            .number(earlier_label, earlier)
            .say(" to ")
            .number(later_label, later)
            .say(" (")
            .value(format!("{what}, change"), &signed_change(earlier, later))
            .say(")")
    }

    /// Writes a list of items ("a", "a and b", "a, b and c"), each item written by `write`.
    pub(super) fn list<T>(
        &mut self,
        items: &[T],
        mut write: impl FnMut(&mut Self, &T),
    ) -> &mut Self {
        for (position, item) in items.iter().enumerate() {
            if position > 0 {
                self.say(if position + 1 == items.len() {
                    " and "
                } else {
                    ", "
                });
            }
            write(self, item);
        }
        self
    }

    /// Writes `name (n findings)` and records the count under `label`.
    pub(super) fn named_count(
        &mut self,
        name: &str,
        label: impl Into<String>,
        n: u64,
    ) -> &mut Self {
        self.say(name).say(" (").findings(label, n).say(")")
    }

    pub(super) fn finish(self) -> Sentence {
        Sentence {
            text: self.text,
            evidence: self.evidence,
        }
    }
}

/// A count with thousands separators (the one formatter, `analysis::format::count`).
pub use crate::analysis::format::count as count_text;

/// `+3`, `-3` or `0`, with thousands separators.
pub fn signed_change(earlier: u64, later: u64) -> String {
    match later.cmp(&earlier) {
        std::cmp::Ordering::Greater => format!("+{}", count_text(later - earlier)),
        std::cmp::Ordering::Less => format!("-{}", count_text(earlier - later)),
        std::cmp::Ordering::Equal => "0".to_owned(),
    }
}

/// The UTC calendar date of an instant, `YYYY-MM-DD`; instants outside chrono's range print as
/// their full ISO text (the raw milliseconds).
pub fn iso_date(at: EpochMillis) -> String {
    match chrono::DateTime::from_timestamp_millis(at.0) {
        Some(instant) => instant.format("%Y-%m-%d").to_string(),
        None => at.to_iso8601(),
    }
}

/// "is" or "are" for a count.
pub fn is_are(n: u64) -> &'static str {
    crate::analysis::format::noun(n, "is", "are")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trends_say_up_down_or_unchanged_and_record_every_number() {
        let mut w = Words::new();
        w.trend("Findings", 2, 5);
        let s = w.finish();
        assert_eq!(s.text, "up from 2 to 5 (+3)");
        let values: Vec<&str> = s.evidence.iter().map(|e| e.value.as_str()).collect();
        assert_eq!(values, ["2", "5", "+3"]);
        let mut w = Words::new();
        w.trend("Findings", 5, 2);
        assert_eq!(w.finish().text, "down from 5 to 2 (-3)");
        let mut w = Words::new();
        w.trend("Findings", 4, 4);
        assert_eq!(w.finish().text, "unchanged at 4");
    }

    #[test]
    fn lists_join_with_commas_and_a_final_and() {
        let write = |items: &[&str]| {
            let mut w = Words::new();
            w.list(items, |w, s| {
                w.say(s);
            });
            w.finish().text
        };
        assert_eq!(write(&[]), "");
        assert_eq!(write(&["a"]), "a");
        assert_eq!(write(&["a", "b"]), "a and b");
        assert_eq!(write(&["a", "b", "c"]), "a, b and c");
    }

    #[test]
    fn dates_are_utc_calendar_days_and_extremes_do_not_panic() {
        assert_eq!(iso_date(EpochMillis(1_717_200_000_000)), "2024-06-01");
        assert_eq!(iso_date(EpochMillis(-1)), "1969-12-31");
        assert!(!iso_date(EpochMillis(i64::MAX)).is_empty());
        assert!(!iso_date(EpochMillis(i64::MIN)).is_empty());
    }
}
