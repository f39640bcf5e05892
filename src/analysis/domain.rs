//! The one rule for comparing domain names across findings (the resource graph, the actor
//! rankings, the IOC list).
//!
//! A domain is trimmed, loses **one** trailing dot and is lower-cased: GuardDuty may write a
//! fully qualified name with the root's dot (`evil.example.`), which names the same host as
//! `evil.example` (RFC 1034 §3.1). Only one dot is the root: a name ending in `..` is
//! malformed, and is kept (lower-cased, less its last dot) rather than silently merged with a
//! well-formed one. Empty names are skipped.

use std::borrow::Cow;

/// Trimmed, lower case, without the root's trailing dot; `None` when nothing is left.
pub fn normalised_domain(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text).trim();
    (!text.is_empty()).then(|| text.to_lowercase())
}

/// [`normalised_domain`] without allocating when the text is already lower-case ASCII.
pub(crate) fn domain_key(text: &str) -> Option<Cow<'_, str>> {
    let trimmed = text.trim();
    let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim();
    if trimmed.is_empty() {
        None
    } else if trimmed
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        Some(Cow::Borrowed(trimmed))
    } else {
        normalised_domain(text).map(Cow::Owned)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fully_qualified_name_is_the_same_domain_as_the_plain_one() {
        assert_eq!(
            normalised_domain("Evil.Example."),
            Some("evil.example".into())
        );
        assert_eq!(
            normalised_domain("  evil.example  "),
            Some("evil.example".into())
        );
        assert_eq!(
            normalised_domain("evil.example. "),
            Some("evil.example".into())
        );
    }

    #[test]
    fn only_the_root_dot_is_removed_and_empty_names_are_skipped() {
        assert_eq!(
            normalised_domain("evil.example.."),
            Some("evil.example.".into()),
            "malformed: kept apart from the well-formed name"
        );
        assert_eq!(normalised_domain(""), None);
        assert_eq!(normalised_domain("   "), None);
        assert_eq!(normalised_domain("."), None, "the root alone names no host");
    }

    #[test]
    fn the_key_borrows_a_tidy_name_and_agrees_with_the_normaliser() {
        assert!(matches!(
            domain_key("evil.example."),
            Some(Cow::Borrowed("evil.example"))
        ));
        for text in ["Evil.Example.", "a..", " x ", "", ".", "ÄÖ.example"] {
            assert_eq!(
                domain_key(text).map(Cow::into_owned),
                normalised_domain(text),
                "{text:?}"
            );
        }
    }
}
