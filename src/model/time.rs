//! Instants as milliseconds since the Unix epoch (UTC), with ISO-8601 formatting.

use std::fmt;

/// Milliseconds per hour, day (24 hours: UTC has no daylight saving) and week.
pub const HOUR_MS: i64 = 3_600_000;
pub const DAY_MS: i64 = 24 * HOUR_MS;
pub const WEEK_MS: i64 = 7 * DAY_MS;
/// 1970-01-05T00:00:00Z, the first Monday after the epoch: week buckets start on Mondays
/// (ISO 8601), counted from here.
pub const FIRST_MONDAY_MS: i64 = 4 * DAY_MS;

/// Milliseconds since 1970-01-01T00:00:00Z. Every timestamp in the model uses this unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EpochMillis(pub i64);

impl EpochMillis {
    /// ISO-8601 in UTC with millisecond precision, e.g. `2022-11-17T09:33:19.224Z`.
    /// Instants outside chrono's range print as the raw number of milliseconds.
    pub fn to_iso8601(self) -> String {
        match chrono::DateTime::from_timestamp_millis(self.0) {
            Some(instant) => instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            None => format!("{}ms", self.0),
        }
    }
}

impl fmt::Display for EpochMillis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso8601())
    }
}

#[cfg(test)]
mod tests {
    use super::EpochMillis;

    #[test]
    fn formats_as_utc_iso8601_with_milliseconds() {
        assert_eq!(
            EpochMillis(1_668_677_599_224).to_iso8601(),
            "2022-11-17T09:33:19.224Z"
        );
        assert_eq!(EpochMillis(0).to_iso8601(), "1970-01-01T00:00:00.000Z");
    }
}
