//! The finding-type grammar `ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact`.

use super::Text;

/// A GuardDuty finding type, kept whole and split into its documented parts.
///
/// Both the purpose and the resource token are open sets (AWS adds new ones), so they are
/// strings, not enums. A type that does not follow the grammar keeps `full` and leaves the
/// parts it could not find empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingType {
    /// The type exactly as exported, e.g. `CryptoCurrency:EC2/BitcoinTool.B!DNS`.
    pub full: Text,
    /// `CryptoCurrency`; empty when the type has no `:`.
    pub threat_purpose: Text,
    /// `EC2`; empty when the type has no `/`.
    pub resource_token: Text,
    /// `BitcoinTool`.
    pub family: Text,
    /// `B`, `Custom`, `Reputation`, `Tcp` …; absent for most types.
    pub detection_mechanism: Option<Text>,
    /// `DNS` in `…!DNS`; absent for most types.
    pub artifact: Option<Text>,
}

impl FindingType {
    /// Splits a type string. `intern` turns each part into shared text (the ingest interner,
    /// or `Text::from` in tests).
    pub fn parse(full: &str, intern: &mut impl FnMut(&str) -> Text) -> Self {
        let trimmed = full.trim();
        let (purpose, rest) = match trimmed.split_once(':') {
            Some((purpose, rest)) => (purpose, rest),
            None => ("", trimmed),
        };
        let (resource_token, rest) = match rest.split_once('/') {
            Some((token, rest)) => (token, rest),
            None => ("", rest),
        };
        let (rest, artifact) = match rest.split_once('!') {
            Some((rest, artifact)) => (rest, Some(artifact)),
            None => (rest, None),
        };
        let (family, mechanism) = match rest.split_once('.') {
            Some((family, mechanism)) => (family, Some(mechanism)),
            None => (rest, None),
        };
        Self {
            full: intern(trimmed),
            threat_purpose: intern(purpose),
            resource_token: intern(resource_token),
            family: intern(family),
            detection_mechanism: mechanism.filter(|m| !m.is_empty()).map(&mut *intern),
            artifact: artifact.filter(|a| !a.is_empty()).map(&mut *intern),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(full: &str) -> FindingType {
        FindingType::parse(full, &mut |s: &str| Text::from(s))
    }

    #[test]
    fn splits_every_part_of_a_full_type() {
        let t = parse("CryptoCurrency:EC2/BitcoinTool.B!DNS");
        assert_eq!(&*t.threat_purpose, "CryptoCurrency");
        assert_eq!(&*t.resource_token, "EC2");
        assert_eq!(&*t.family, "BitcoinTool");
        assert_eq!(t.detection_mechanism.as_deref(), Some("B"));
        assert_eq!(t.artifact.as_deref(), Some("DNS"));
    }

    #[test]
    fn mechanism_may_contain_further_dots() {
        let t = parse("CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin");
        assert_eq!(&*t.family, "AnomalousBehavior");
        assert_eq!(t.detection_mechanism.as_deref(), Some("SuccessfulLogin"));
        assert_eq!(t.artifact, None);
    }

    #[test]
    fn artifact_without_mechanism() {
        let t = parse("Trojan:EC2/BlackholeTraffic!DNS");
        assert_eq!(&*t.family, "BlackholeTraffic");
        assert_eq!(t.detection_mechanism, None);
        assert_eq!(t.artifact.as_deref(), Some("DNS"));
    }

    #[test]
    fn a_type_outside_the_grammar_keeps_its_text() {
        let t = parse("something odd");
        assert_eq!(&*t.full, "something odd");
        assert_eq!(&*t.threat_purpose, "");
        assert_eq!(&*t.resource_token, "");
        assert_eq!(&*t.family, "something odd");
    }
}
