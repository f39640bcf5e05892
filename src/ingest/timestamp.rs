//! Every time spelling found in GuardDuty exports, turned into [`EpochMillis`].
//!
//! Accepted: ISO-8601/RFC 3339 with `Z` or an offset (`+05:30`), with or without fractional
//! seconds (milliseconds, microseconds); a space instead of `T` (Panther's
//! `2025-02-25 20:40:06.721`, read as UTC when no zone is given); a bare date; epoch seconds as
//! an integer, a float, scientific notation (`1.636625755218E9`) or a string; and epoch
//! milliseconds, told apart from seconds by magnitude.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

use crate::model::EpochMillis;

/// Epoch numbers above this are milliseconds (1e11 seconds is the year 5138; 1e11 ms is 1973).
const MILLISECONDS_THRESHOLD: f64 = 1e11;

/// Reads an epoch number: seconds, or milliseconds when larger than 1e11.
pub fn from_epoch_number(value: f64) -> Option<EpochMillis> {
    if !value.is_finite() {
        return None;
    }
    let millis = if value.abs() > MILLISECONDS_THRESHOLD {
        value
    } else {
        value * 1000.0
    };
    // Beyond ±1e15 ms (about 31 700 years) the value is nonsense; refuse it.
    if millis.abs() > 1e15 {
        return None;
    }
    Some(EpochMillis(millis.round() as i64))
}

/// Reads a time written as text, in any of the spellings listed in the module documentation.
pub fn parse(text: &str) -> Option<EpochMillis> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("null") {
        return None;
    }
    if let Ok(number) = trimmed.parse::<f64>() {
        return from_epoch_number(number);
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(trimmed) {
        return Some(EpochMillis(instant.timestamp_millis()));
    }
    // A space between date and time (Python `str(datetime)`, Panther).
    let with_t: String = if trimmed.len() > 10 && trimmed.as_bytes().get(10) == Some(&b' ') {
        let (date, time) = trimmed.split_at(10);
        format!("{date}T{}", time.trim_start())
    } else {
        trimmed.to_owned()
    };
    if let Ok(instant) = DateTime::parse_from_rfc3339(&with_t) {
        return Some(EpochMillis(instant.timestamp_millis()));
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(instant) = DateTime::parse_from_str(&with_t, format) {
            return Some(EpochMillis(instant.timestamp_millis()));
        }
    }
    // No zone: the exports that do this (Panther) mean UTC.
    let without_z = with_t.strip_suffix('Z').unwrap_or(&with_t);
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(without_z, format) {
            return Some(EpochMillis(naive.and_utc().timestamp_millis()));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(without_z, "%Y-%m-%d") {
        return date
            .and_hms_opt(0, 0, 0)
            .map(|naive| EpochMillis(naive.and_utc().timestamp_millis()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> Option<String> {
        parse(text).map(|t| t.to_iso8601())
    }

    #[test]
    fn iso_with_zulu_and_milliseconds() {
        assert_eq!(
            iso("2022-11-17T09:33:19.224Z").as_deref(),
            Some("2022-11-17T09:33:19.224Z")
        );
        assert_eq!(
            iso("2020-08-22T09:15:57Z").as_deref(),
            Some("2020-08-22T09:15:57.000Z")
        );
    }

    #[test]
    fn offsets_and_a_space_separator() {
        assert_eq!(
            iso("2017-12-18 21:28:11.551000+05:30").as_deref(),
            Some("2017-12-18T15:58:11.551Z")
        );
        assert_eq!(
            iso("2025-02-25 20:40:06.721").as_deref(),
            Some("2025-02-25T20:40:06.721Z")
        );
        assert_eq!(
            iso("2024-01-01T00:00:00.123456Z").as_deref(),
            Some("2024-01-01T00:00:00.123Z")
        );
    }

    #[test]
    fn epoch_seconds_and_milliseconds_by_magnitude() {
        assert_eq!(
            from_epoch_number(1_636_625_755.218),
            Some(EpochMillis(1_636_625_755_218))
        );
        assert_eq!(
            from_epoch_number(1_636_625_755_218.0),
            Some(EpochMillis(1_636_625_755_218))
        );
        assert_eq!(
            parse("1.636625755218E9"),
            Some(EpochMillis(1_636_625_755_218))
        );
        assert_eq!(parse("1591802992"), Some(EpochMillis(1_591_802_992_000)));
    }

    #[test]
    fn garbage_is_absent() {
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse(""), None);
        assert_eq!(from_epoch_number(f64::NAN), None);
        assert_eq!(from_epoch_number(1e300), None);
    }
}
