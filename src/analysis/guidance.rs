//! Response guidance for a finding: what to do by severity, and what its family calls for.
//! Plain rules, written for the analyst reading the detail panel.

use crate::model::{Finding, SeverityBand};

/// What to do about one finding, most urgent advice first.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Guidance {
    /// One line by severity band.
    pub by_severity: &'static str,
    /// Steps specific to the finding's purpose, family and resource, in order.
    pub steps: Vec<&'static str>,
}

/// The AI protection families (Bedrock model misuse through an IAM credential).
fn is_ai_protection(family: &str) -> bool {
    matches!(
        family,
        "AnomalousModelInvocation" | "CostHarvesting" | "PromptInjection"
    )
}

/// Guidance for `finding`, from its band, threat purpose, resource token and family.
pub fn guidance_for(finding: &Finding) -> Guidance {
    let by_severity = match finding.severity {
        SeverityBand::Low => {
            "Low: suspicious activity that was attempted but did not compromise anything. Note it and monitor for repeats."
        }
        SeverityBand::Medium => {
            "Medium: activity that deviates from normal and may indicate compromise. Investigate: recent changes, new software, changed permissions."
        }
        SeverityBand::High => {
            "High: the resource is likely compromised and in use for unauthorised purposes. Act now: isolate it, rotate its credentials, preserve evidence."
        }
        SeverityBand::Critical => {
            "Critical: an attack sequence may be in progress. Start incident response now: contain every linked resource and rotate all involved credentials."
        }
    };
    let kind = &finding.finding_type;
    let purpose = &*kind.threat_purpose;
    let resource = &*kind.resource_token;
    let mut steps = Vec::new();
    match purpose {
        "CredentialAccess" | "UnauthorizedAccess" if resource == "IAMUser" => steps.push(
            "Rotate the access key or role credentials named in the finding and review what they did in CloudTrail.",
        ),
        "CredentialAccess" => steps.push(
            "Rotate the credentials involved and review their recent use in CloudTrail or the database logs.",
        ),
        "Backdoor" | "Trojan" | "CryptoCurrency" => steps.push(
            "Isolate the instance (restrictive security group), snapshot its volumes for forensics, then rebuild it from a known-good image.",
        ),
        "Exfiltration" => steps.push(
            "Identify what data left: review S3 data events or flow logs for the period, and block the destination.",
        ),
        "Impact" if resource == "IAMUser" && is_ai_protection(&kind.family) => steps.push(
            "Rotate the access key that invoked the model, review its Bedrock invocation logs and guardrail events, and cap model access with an SCP or quota.",
        ),
        "Impact" => steps.push(
            "Check the resource for tampering or destruction and restore from backup if needed.",
        ),
        "Persistence" | "PrivilegeEscalation" => steps.push(
            "Remove any users, roles, policies, keys or workloads the actor created, and check for changes to permissions.",
        ),
        "Execution" | "Object" if &*kind.family == "MaliciousFile" => steps.push(
            "Quarantine the scanned file, snapshot, image or recovery point; do not restore or launch from it until it is cleaned or replaced.",
        ),
        "LateralMovement" => steps.push(
            "Find the first compromised resource and every resource it reached; contain them together.",
        ),
        "ResourceDevelopment" => steps.push(
            "Remove the accounts, identities or sending resources the actor set up, and check who created them.",
        ),
        "Stealth" | "DefenseEvasion" | "DefenseImpairment" => steps.push(
            "Re-enable the logging or protection that was turned off and find out who turned it off.",
        ),
        "Recon" | "Discovery" => steps.push(
            "Confirm exposed ports and permissions are intended; block the source if the activity persists.",
        ),
        "Policy" => steps.push(
            "Check the configuration against policy (root credential use, public access, password policy) and correct it.",
        ),
        "PenTest" => steps.push(
            "Confirm whether an authorised penetration test was running; if not, treat as credential compromise.",
        ),
        "AttackSequence" => steps.push(
            "Work through every signal and resource in the sequence; each member finding has its own guidance.",
        ),
        _ => {}
    }
    match resource {
        "EC2" | "Runtime" | "Container" | "ECS" | "Kubernetes" | "EKS"
            if !matches!(purpose, "Backdoor" | "Trojan" | "CryptoCurrency")
                && finding.severity >= SeverityBand::High =>
        {
            steps.push("Isolate the affected instance or workload until it has been examined.");
        }
        "S3" => steps.push(
            "Review the bucket's policy, ACLs and Block Public Access settings, and the requester's recent access.",
        ),
        "RDS" => steps.push(
            "Review database logins; reset the database user's password and restrict network access to the database.",
        ),
        "SES" => steps.push(
            "Pause SES sending for the identity, review recent sending and verified identities, and rotate SMTP credentials.",
        ),
        "SageMaker" => steps.push(
            "Review the SageMaker notebook, endpoint or job for commands and roles you did not set up.",
        ),
        "Organizations" => steps.push(
            "Review recent AWS Organizations changes (SCPs, OU moves, delegated administrators) from the management account.",
        ),
        "Route53Resolver" => steps.push(
            "Restore the Route 53 Resolver DNS Firewall rules and query logging that were changed.",
        ),
        "RolesAnywhere" => steps.push(
            "Review IAM Roles Anywhere trust anchors and profiles; remove any you did not create.",
        ),
        "Lambda" => steps.push(
            "Review the function's code, environment and execution role for unauthorised changes.",
        ),
        _ => {}
    }
    if !finding.threat_intel.is_empty() || !finding.network_actors.is_empty() {
        steps.push("Add the remote IPs and domains to your block lists (export them from the Actors view).");
    }
    if finding.is_zero_confidence() {
        steps.push("GuardDuty marked this finding a false positive (confidence 0); confirm and archive it.");
    }
    Guidance { by_severity, steps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Dialect, FindingType, Text};

    fn finding(kind: &str, severity: f64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new("x".into(), kind, severity, Dialect::CamelCase)
    }

    #[test]
    fn severity_sets_the_urgency() {
        assert!(guidance_for(&finding("Recon:EC2/Portscan", 2.0))
            .by_severity
            .starts_with("Low"));
        assert!(guidance_for(&finding("Recon:EC2/Portscan", 5.0))
            .by_severity
            .contains("Investigate"));
        assert!(guidance_for(&finding("Trojan:EC2/DropPoint", 8.0))
            .by_severity
            .contains("isolate"));
    }

    #[test]
    fn credential_findings_say_rotate_the_keys() {
        let g = guidance_for(&finding("CredentialAccess:IAMUser/AnomalousBehavior", 8.0));
        assert!(g.steps[0].contains("Rotate the access key"));
    }

    #[test]
    fn compromised_instances_are_isolated_once() {
        let g = guidance_for(&finding("Backdoor:EC2/C&CActivity.B!DNS", 8.0));
        let isolations = g.steps.iter().filter(|s| s.contains("solate")).count();
        assert_eq!(isolations, 1);
    }

    #[test]
    fn the_2026_families_get_their_own_steps() {
        let first_step = |kind: &str, severity: f64| {
            guidance_for(&finding(kind, severity))
                .steps
                .first()
                .copied()
                .unwrap_or_default()
        };
        assert!(first_step("Impact:IAMUser/PromptInjection.Direct", 2.0).contains("Bedrock"));
        assert!(first_step("Execution:EC2/MaliciousFile!Snapshot", 8.0).contains("Quarantine"));
        assert!(first_step("Object:S3/MaliciousFile", 8.0).contains("Quarantine"));
        assert!(first_step("LateralMovement:EC2/RemoteServices", 8.0).contains("reached"));
        assert!(first_step("DefenseImpairment:S3/DisableOrModifyTools", 8.0).contains("Re-enable"));
        let ses = guidance_for(&finding("Impact:SES/ResourceHijacking", 5.0));
        assert!(ses.steps.iter().any(|s| s.contains("SES sending")));
        let roles = guidance_for(&finding(
            "Persistence:RolesAnywhere/AccountManipulation",
            5.0,
        ));
        assert!(roles.steps.iter().any(|s| s.contains("trust anchors")));
    }
}
