//! `guardview summary` names each finding's ATT&CK tactics (`by_tactic`) and CSA Egregious
//! Eleven threats (`by_csa_threat`), so the mappings can be checked without a browser.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn summary_of(relative_paths: &[&str]) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let output = match Command::new(env!("CARGO_BIN_EXE_guardview"))
        .arg("summary")
        .args(relative_paths.iter().map(|p| dir.join(p)))
        .output()
    {
        Ok(output) => output,
        Err(error) => panic!("cannot run guardview: {error}"),
    };
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap_or_default()
}

/// The non-zero entries of a count map.
fn non_zero(map: &Value) -> Vec<(String, u64)> {
    map.as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_u64().filter(|&n| n > 0).map(|n| (k.clone(), n)))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn tactics_and_csa_threats_of_known_types_are_counted_and_every_name_is_listed() {
    // Types: CryptoCurrency:EC2/BitcoinTool.B and …!DNS (impact; abuse of services),
    // Recon:EC2/PortProbeUnprotectedPort (reconnaissance; misconfiguration),
    // PrivilegeEscalation:IAMUser/AdministrativePermissions (privilege escalation; account
    // hijacking + identity and keys), AttackSequence:IAM/CompromisedCredentials without
    // indicators (no tactic; account hijacking + identity and keys).
    let v = summary_of(&[
        "panther-analysis/demo_aws_guardduty_bitcoin_mining_demo__Detects_Bitcoin_Mining_Positive.json",
        "panther-analysis/demo_aws_guardduty_bitcoin_mining_demo__Low_Severity_Bitcoin_Mining_Negative.json",
        "panther-analysis/demo_aws_guardduty_bitcoin_mining_demo__Not_Bitcoin_Mining_Negative.json",
        "panther-analysis/aws_guardduty_high_sev_findings__High_Sev_Finding.json",
        "panther-analysis/aws_guardduty_critical_sev_findings__Critical_Sev_Finding.json",
    ]);
    assert_eq!(v["unique_findings"], 5);
    assert_eq!(v["by_tactic"].as_object().map(|m| m.len()), Some(14));
    assert_eq!(v["by_csa_threat"].as_object().map(|m| m.len()), Some(11));
    assert_eq!(
        non_zero(&v["by_tactic"]),
        [
            ("Impact".to_owned(), 2),
            ("Privilege Escalation".to_owned(), 1),
            ("Reconnaissance".to_owned(), 1),
        ]
    );
    assert_eq!(
        non_zero(&v["by_csa_threat"]),
        [
            ("Abuse and Nefarious Use of Cloud Services".to_owned(), 2),
            ("Account Hijacking".to_owned(), 2),
            (
                "Insufficient Identity, Credential, Access and Key Management".to_owned(),
                2
            ),
            (
                "Misconfiguration and Inadequate Change Control".to_owned(),
                1
            ),
        ]
    );
}

#[test]
fn a_dns_exfiltration_trojan_is_exfiltration_and_a_data_breach() {
    // Trojan:EC2/DNSDataExfiltration has its own rule in both mappings (not its purpose's).
    let v = summary_of(&["blu371ck-GuardDuty-SOAR/Trojan-EC2-DNSDataExfiltration.json"]);
    assert_eq!(non_zero(&v["by_tactic"]), [("Exfiltration".to_owned(), 1)]);
    assert_eq!(
        non_zero(&v["by_csa_threat"]),
        [
            ("Abuse and Nefarious Use of Cloud Services".to_owned(), 1),
            ("Data Breaches".to_owned(), 1),
        ]
    );
}
