//! Epoch-millisecond → ISO-8601 rendering for the sample generator (no clock, no allocation
//! beyond the output string), and the calendar helpers its time model needs.

pub(crate) use crate::model::time::{DAY_MS, HOUR_MS};

/// Milliseconds per minute.
pub(crate) const MINUTE_MS: i64 = 60_000;

/// Civil date from days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`, as GuardDuty writes `createdAt`/`updatedAt`.
pub(crate) fn iso_ms(epoch_ms: i64) -> String {
    let days = epoch_ms.div_euclid(DAY_MS);
    let ms_of_day = epoch_ms.rem_euclid(DAY_MS);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms_of_day / HOUR_MS,
        ms_of_day % HOUR_MS / MINUTE_MS,
        ms_of_day % MINUTE_MS / 1000,
        ms_of_day % 1000
    )
}

/// `YYYY-MM-DDTHH:MM:SSZ`, as EventBridge writes an envelope's `time`.
pub(crate) fn iso_seconds(epoch_ms: i64) -> String {
    let mut text = iso_ms(epoch_ms);
    // "….123Z" → "…Z": drop the four characters of ".mmm" before the final 'Z'.
    let cut = text.len().saturating_sub(5);
    text.replace_range(cut..text.len().saturating_sub(1), "");
    text
}

/// Day of the week, 0 = Monday … 6 = Sunday.
pub(crate) fn weekday(epoch_ms: i64) -> i64 {
    // 1970-01-01 was a Thursday (3 with Monday = 0).
    (epoch_ms.div_euclid(DAY_MS) + 3).rem_euclid(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_known_instants() {
        assert_eq!(iso_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_ms(1_709_294_400_123), "2024-03-01T12:00:00.123Z");
        assert_eq!(iso_ms(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso_seconds(1_709_294_400_123), "2024-03-01T12:00:00Z");
        assert_eq!(weekday(1_709_294_400_123), 4);
    }
}
