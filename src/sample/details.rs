//! The detail blocks a finding type carries besides its action: the ATT&CK tactic of its
//! type, threat-intelligence matches, runtime (process) details and malware-scan results.

use serde_json::{json, Value};

use super::catalog::{TypeSpec, MALWARE_NAMES, THREAT_LISTS};
use super::rng::Rng;
use super::time::{iso_ms, MINUTE_MS};

pub(super) fn tactic_of(finding_type: &str) -> Option<&'static str> {
    let purpose = finding_type.split(':').next()?;
    Some(match purpose {
        "Discovery" | "Recon" => "Discovery",
        "Exfiltration" => "Exfiltration",
        "CredentialAccess" => "CredentialAccess",
        "Persistence" => "Persistence",
        "Stealth" | "DefenseEvasion" => "DefenseEvasion",
        "UnauthorizedAccess" | "PenTest" => "InitialAccess",
        "PrivilegeEscalation" | "Policy" => "PrivilegeEscalation",
        "Impact" | "CryptoCurrency" => "Impact",
        "Execution" => "Execution",
        _ => return None,
    })
}

pub(super) fn threat_intel(rng: &mut Rng, spec: &TypeSpec) -> Value {
    let (list, names) = if spec.name.ends_with(".Custom") {
        THREAT_LISTS[2]
    } else if spec.name.contains("TorClient") {
        THREAT_LISTS[3]
    } else {
        THREAT_LISTS[rng.index(2)]
    };
    json!({"threatIntelligenceDetails": [{"threatListName": list, "threatNames": [*rng.pick(names)]}]})
}

pub(super) fn runtime_details(rng: &mut Rng, spec: &TypeSpec, start_ms: i64) -> Value {
    let (name, path) = match spec.name {
        "PrivilegeEscalation:Runtime/DockerSocketAccessed" => ("curl", "/usr/bin/curl"),
        "DefenseEvasion:Runtime/FilelessExecution" => ("memfd:payload", "/memfd:payload (deleted)"),
        _ => *rng.pick(&[
            ("xmrig", "/tmp/.x/xmrig"),
            ("kworkerds", "/var/tmp/kworkerds"),
            ("update.sh", "/dev/shm/update.sh"),
        ]),
    };
    let pid = rng.range_i64(300, 60_000);
    let mut details = json!({
        "process": {
            "name": name,
            "executablePath": path,
            "executableSha256": rng.hex(64),
            "pid": pid,
            "namespacePid": rng.range_i64(1, 400),
            "pwd": "/tmp",
            "startTime": iso_ms(start_ms),
            "uuid": format!("{}-{}-{}", rng.hex(8), rng.hex(4), rng.hex(12)),
            "parentUuid": format!("{}-{}-{}", rng.hex(8), rng.hex(4), rng.hex(12)),
            "user": "root",
            "userId": 0,
            "euid": 0,
            "lineage": [
                {"name": "sh", "executablePath": "/bin/sh", "pid": pid - 1, "userId": 0, "euid": 0},
                {"name": "containerd-shim", "executablePath": "/usr/bin/containerd-shim-runc-v2", "pid": rng.range_i64(2, 299), "userId": 0, "euid": 0},
            ],
        }
    });
    if spec.name == "PrivilegeEscalation:Runtime/DockerSocketAccessed" {
        details["context"] =
            json!({"addressFamily": "AF_UNIX", "socketPath": "/var/run/docker.sock"});
    }
    details
}

pub(super) fn malware_ebs(
    rng: &mut Rng,
    account_id: &str,
    region: &str,
    instance: &str,
    start_ms: i64,
) -> Value {
    let threat = *rng.pick(MALWARE_NAMES);
    let volume = format!(
        "arn:aws:ec2:{region}:{account_id}:volume/vol-{}",
        rng.hex(17)
    );
    let files = 1 + rng.below(3);
    json!({
        "scanId": rng.hex(32),
        "scanStartedAt": iso_ms(start_ms),
        "scanCompletedAt": iso_ms(start_ms + rng.range_i64(2 * MINUTE_MS, 40 * MINUTE_MS)),
        "triggerFindingId": rng.hex(32),
        "sources": ["Bitdefender", "Amazon"],
        "scanType": "GUARDDUTY_INITIATED",
        "scanDetections": {
            "scannedItemCount": {"totalGb": rng.range_i64(8, 200), "files": rng.range_i64(20_000, 400_000), "volumes": 1},
            "threatsDetectedItemCount": {"files": files},
            "highestSeverityThreatDetails": {"severity": "HIGH", "threatName": threat, "count": files},
            "threatDetectedByName": {
                "itemCount": files,
                "uniqueThreatNameCount": 1,
                "shortened": false,
                "threatNames": [{
                    "name": threat,
                    "severity": "HIGH",
                    "itemCount": files,
                    "filePaths": [{"filePath": "/tmp/.x/payload", "volumeArn": volume, "hash": rng.hex(64), "fileName": "payload"}],
                }],
            },
        },
        "instanceId": instance,
    })
}

pub(super) fn malware_s3(rng: &mut Rng) -> Value {
    let threat = *rng.pick(MALWARE_NAMES);
    json!({
        "threats": [{
            "name": threat,
            "source": "Amazon",
            "itemPaths": [{"nestedItemPath": format!("uploads/{}/invoice.zip", rng.hex(8)), "hash": rng.hex(64)}],
        }],
    })
}
