//! How numbers are written for people, in one place: counts with thousands separators
//! ("250,000"), counted nouns by their number ("1 file", "2 files") and byte sizes ("12.3 MB").
//! Every card, the status line and the briefing write numbers through these, so one number reads
//! the same everywhere.

/// A count with a comma between every three digits: `250000` → `"250,000"`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A count and the noun it counts, singular for exactly one: "1 file", "0 files",
/// "2,000 findings".
pub fn counted(n: u64, singular: &str, plural: &str) -> String {
    format!("{} {}", count(n), noun(n, singular, plural))
}

/// The noun for a count, without the number: `singular` for exactly one, else `plural`.
pub fn noun<'a>(n: u64, singular: &'a str, plural: &'a str) -> &'a str {
    if n == 1 {
        singular
    } else {
        plural
    }
}

/// A byte size in decimal units, as file managers show them: `999 B`, `1.5 KB`, `12.3 MB`,
/// `2.5 GB`. Whole bytes below 1,000; one decimal above; gigabytes are the largest unit.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_get_a_comma_every_three_digits() {
        assert_eq!(count(0), "0");
        assert_eq!(count(7), "7");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(250_000), "250,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn exactly_one_takes_the_singular_and_every_other_count_the_plural() {
        assert_eq!(counted(1, "file", "files"), "1 file");
        assert_eq!(counted(0, "file", "files"), "0 files");
        assert_eq!(counted(2, "file", "files"), "2 files");
        assert_eq!(counted(2_000, "finding", "findings"), "2,000 findings");
        assert_eq!(noun(1, "is", "are"), "is");
        assert_eq!(noun(11, "is", "are"), "are");
    }

    #[test]
    fn bytes_use_decimal_units_with_one_decimal_above_a_thousand() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(1_000), "1.0 KB");
        assert_eq!(bytes(1_560), "1.6 KB");
        assert_eq!(bytes(12_345_678), "12.3 MB");
        assert_eq!(bytes(2_500_000_000), "2.5 GB");
        // Gigabytes are the largest unit: a terabyte is 1000.0 GB, not 1.0 TB.
        assert_eq!(bytes(1_000_000_000_000), "1000.0 GB");
    }
}
