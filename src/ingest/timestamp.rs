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
    if let Some(instant) = parse_utc_iso(text.as_bytes()) {
        return Some(instant);
    }
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

/// The shape nearly every export uses, `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, read without chrono.
/// Anything else (offsets, leap seconds, odd widths) returns `None` and takes the general path,
/// which gives the same instant for this shape.
fn parse_utc_iso(bytes: &[u8]) -> Option<EpochMillis> {
    let (&b'Z', body) = bytes.split_last()? else {
        return None;
    };
    if body.len() < 19 {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let mut value = 0i64;
        for &byte in body.get(range)? {
            if !byte.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i64::from(byte - b'0');
        }
        Some(value)
    };
    let separators_fit = body[4] == b'-'
        && body[7] == b'-'
        && body[10] == b'T'
        && body[13] == b':'
        && body[16] == b':';
    if !separators_fit {
        return None;
    }
    let year = digits(0..4)?;
    let month = digits(5..7)?;
    let day = digits(8..10)?;
    let hour = digits(11..13)?;
    let minute = digits(14..16)?;
    let second = digits(17..19)?;
    let millis = match &body[19..] {
        [] => 0,
        [b'.', fraction @ ..] if (1..=9).contains(&fraction.len()) => {
            // Milliseconds, truncated like chrono's `timestamp_millis`.
            let mut value = 0i64;
            for index in 0..3 {
                let digit = match fraction.get(index) {
                    Some(byte) if byte.is_ascii_digit() => i64::from(byte - b'0'),
                    Some(_) => return None,
                    None => 0,
                };
                value = value * 10 + digit;
            }
            if !fraction.iter().all(u8::is_ascii_digit) {
                return None;
            }
            value
        }
        _ => return None,
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(EpochMillis(
        ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis,
    ))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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
    fn the_fast_path_agrees_with_chrono() {
        let cases = [
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z",
            "2000-02-29T12:34:56.7Z",
            "2024-12-31T23:59:59.123456789Z",
            "2100-03-01T00:00:00.05Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
        ];
        for case in cases {
            let chrono = DateTime::parse_from_rfc3339(case)
                .map(|instant| EpochMillis(instant.timestamp_millis()))
                .ok();
            assert_eq!(parse_utc_iso(case.as_bytes()), chrono, "{case}");
        }
        for odd in [
            "2023-02-29T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:60Z",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00.1234567890Z",
            "2024-01-01t00:00:00Z",
            "2024-01-01T00:00:00+00:00",
            "+2024-01-01T00:00:00Z",
        ] {
            assert_eq!(parse_utc_iso(odd.as_bytes()), None, "{odd}");
        }
        assert_eq!(
            iso("2024-01-01T00:00:60Z"),
            DateTime::parse_from_rfc3339("2024-01-01T00:00:60Z")
                .ok()
                .map(|instant| EpochMillis(instant.timestamp_millis()).to_iso8601())
        );
    }

    #[test]
    fn garbage_is_absent() {
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse(""), None);
        assert_eq!(from_epoch_number(f64::NAN), None);
        assert_eq!(from_epoch_number(1e300), None);
    }
}
