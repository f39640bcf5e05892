//! Findings per time bucket (hour, day or week), stacked by severity band.

use crate::model::time::{DAY_MS, FIRST_MONDAY_MS, HOUR_MS, WEEK_MS};
use crate::model::{EpochMillis, Finding, SeverityBand};

use super::period::TimeBasis;

/// The width of one timeline bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Granularity {
    Hour,
    Day,
    Week,
}

impl Granularity {
    pub const ALL: [Granularity; 3] = [Self::Hour, Self::Day, Self::Week];

    pub fn bucket_ms(self) -> i64 {
        match self {
            Self::Hour => HOUR_MS,
            Self::Day => DAY_MS,
            Self::Week => WEEK_MS,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Hour => "Hour",
            Self::Day => "Day",
            Self::Week => "Week",
        }
    }

    /// The finest granularity that keeps the chart to at most ~200 bars: hours up to three
    /// days, days up to 26 weeks, weeks beyond.
    pub fn for_span(span_ms: i64) -> Self {
        if span_ms <= 3 * DAY_MS {
            Self::Hour
        } else if span_ms <= 26 * WEEK_MS {
            Self::Day
        } else {
            Self::Week
        }
    }

    /// The start of the bucket holding `instant` (UTC; weeks start on Monday).
    pub fn bucket_start(self, instant: EpochMillis) -> EpochMillis {
        let origin = if self == Self::Week {
            FIRST_MONDAY_MS
        } else {
            0
        };
        let width = self.bucket_ms();
        EpochMillis((instant.0 - origin).div_euclid(width) * width + origin)
    }
}

/// Counts per bucket and band. `buckets[i]` covers `[start + i·width, start + (i+1)·width)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    pub granularity: Granularity,
    pub time_basis: TimeBasis,
    /// Start of the first bucket.
    pub start: EpochMillis,
    /// Findings per band (indexed by `SeverityBand::index`) in each bucket.
    pub buckets: Vec<[u32; 4]>,
    /// Findings with no time on this basis (shown as a note, never silently dropped).
    pub undated: u32,
}

impl Timeline {
    /// The end of the last bucket (exclusive).
    pub fn end(&self) -> EpochMillis {
        EpochMillis(self.start.0 + self.buckets.len() as i64 * self.granularity.bucket_ms())
    }

    /// Start of bucket `index`.
    pub fn bucket_start(&self, index: usize) -> EpochMillis {
        EpochMillis(self.start.0 + index as i64 * self.granularity.bucket_ms())
    }

    /// The tallest bucket's total.
    pub fn max_bucket_total(&self) -> u32 {
        self.buckets
            .iter()
            .map(|b| b.iter().sum::<u32>())
            .max()
            .unwrap_or(0)
    }

    /// Total findings placed on the timeline (excluding undated ones).
    pub fn dated_total(&self) -> u64 {
        self.buckets
            .iter()
            .flat_map(|b| b.iter())
            .map(|&n| u64::from(n))
            .sum()
    }
}

/// Counts the selected findings per bucket. `granularity` `None` picks one from the span. The
/// buckets run without gaps from the earliest to the latest finding.
pub fn timeline(
    findings: &[Finding],
    selected: &[u32],
    time_basis: TimeBasis,
    granularity: Option<Granularity>,
) -> Timeline {
    let times = || {
        selected
            .iter()
            .filter_map(|&i| findings.get(i as usize))
            .map(move |f| (time_basis.time_of(f), f.severity))
    };
    let (mut earliest, mut latest) = (i64::MAX, i64::MIN);
    let mut undated = 0;
    for (time, _) in times() {
        match time {
            Some(t) => {
                earliest = earliest.min(t.0);
                latest = latest.max(t.0);
            }
            None => undated += 1,
        }
    }
    if earliest > latest {
        return Timeline {
            granularity: granularity.unwrap_or(Granularity::Day),
            time_basis,
            start: EpochMillis(0),
            buckets: Vec::new(),
            undated,
        };
    }
    let granularity = granularity.unwrap_or_else(|| Granularity::for_span(latest - earliest));
    let start = granularity.bucket_start(EpochMillis(earliest));
    let width = granularity.bucket_ms();
    let bucket_count = ((latest - start.0) / width + 1) as usize;
    let mut buckets = vec![[0_u32; 4]; bucket_count];
    for (time, band) in times() {
        if let Some(t) = time {
            let index = ((t.0 - start.0) / width) as usize;
            if let Some(bucket) = buckets.get_mut(index) {
                bucket[band.index()] += 1;
            }
        }
    }
    Timeline {
        granularity,
        time_basis,
        start,
        buckets,
        undated,
    }
}

/// Convenience for tests and the summary: counts per band in a bucket.
pub fn band_count(bucket: &[u32; 4], band: SeverityBand) -> u32 {
    bucket[band.index()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Text};

    fn finding_at(last_seen_ms: Option<i64>, severity: f64) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let mut f = Finding::new("x".into(), kind, severity, Dialect::CamelCase);
        f.last_seen_at = last_seen_ms.map(EpochMillis);
        f
    }

    #[test]
    fn granularity_follows_the_span() {
        assert_eq!(Granularity::for_span(2 * DAY_MS), Granularity::Hour);
        assert_eq!(Granularity::for_span(90 * DAY_MS), Granularity::Day);
        assert_eq!(Granularity::for_span(400 * DAY_MS), Granularity::Week);
    }

    #[test]
    fn weeks_start_on_monday_utc() {
        // 2026-11-27 is a Friday; its week starts on Monday 2026-11-23.
        let friday = EpochMillis(1_795_780_800_000); // 2026-11-27T12:00:00Z
        let monday = Granularity::Week.bucket_start(friday);
        assert_eq!(monday.to_iso8601(), "2026-11-23T00:00:00.000Z");
    }

    #[test]
    fn counts_land_in_their_day_and_band_without_gaps() {
        let day0 = 1_795_737_600_000; // 2026-11-27T00:00:00Z
        let findings = [
            finding_at(Some(day0 + HOUR_MS), 8.0),
            finding_at(Some(day0 + 2 * HOUR_MS), 2.0),
            finding_at(Some(day0 + 2 * DAY_MS + 5), 9.5),
            finding_at(None, 5.0),
        ];
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        let t = timeline(&findings, &all, TimeBasis::LastSeen, Some(Granularity::Day));
        assert_eq!(t.start, EpochMillis(day0));
        assert_eq!(t.buckets.len(), 3, "the empty middle day is kept");
        assert_eq!(band_count(&t.buckets[0], SeverityBand::High), 1);
        assert_eq!(band_count(&t.buckets[0], SeverityBand::Low), 1);
        assert_eq!(t.buckets[1], [0, 0, 0, 0]);
        assert_eq!(band_count(&t.buckets[2], SeverityBand::Critical), 1);
        assert_eq!(t.undated, 1);
        assert_eq!(t.dated_total(), 3);
        assert_eq!(t.max_bucket_total(), 2);
    }

    #[test]
    fn only_selected_findings_are_counted() {
        let findings = [finding_at(Some(0), 2.0), finding_at(Some(10), 2.0)];
        let t = timeline(
            &findings,
            &[1],
            TimeBasis::LastSeen,
            Some(Granularity::Hour),
        );
        assert_eq!(t.dated_total(), 1);
    }

    #[test]
    fn no_dated_findings_gives_an_empty_timeline() {
        let findings = [finding_at(None, 2.0)];
        let t = timeline(&findings, &[0], TimeBasis::LastSeen, None);
        assert!(t.buckets.is_empty());
        assert_eq!(t.undated, 1);
    }
}
