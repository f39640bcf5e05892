//! The generator proper: the 90-day time model, one finding per index (regenerable on its own),
//! the update copies, and the order records are emitted in.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use serde_json::{json, Value};

use super::catalog::{ActionKind, TypeSpec, ACCOUNTS, REGIONS, TYPES};
use super::details::{malware_ebs, malware_s3, runtime_details, tactic_of, threat_intel};
use super::pick::{build_action, fill, pick_resource, Choice};
use super::pool::Context;
use super::record::{AdditionalInfo, Finding, Service, Times};
use super::rng::{cumulative, derive, mix64, Rng};
use super::time::{weekday, DAY_MS, HOUR_MS, MINUTE_MS};

/// How far back activity reaches.
pub(crate) const SPAN_DAYS: i64 = 90;
/// The newest `updatedAt` is at least this long before "now".
const NEWEST_MARGIN_MS: i64 = 5 * MINUTE_MS;
/// Originals that get an update copy end at least this long before "now", leaving room.
const UPDATE_ROOM_MS: i64 = 6 * HOUR_MS;
/// The incident burst: these days-before-now get extra findings (mostly incident types).
const INCIDENT_DAYS: [(i64, u64); 3] = [(9, 3), (10, 6), (11, 3)];
/// One finding in this many is an AttackSequence (Critical) finding, on a fixed schedule so that
/// every run of ≥ 1000 findings has some.
const SEQUENCE_PERIOD: u64 = 250;
/// Streams derived from the seed (finding indices use the low streams).
const STREAM_ID_LOW: u64 = 1 << 62;
const STREAM_TARGETS: u64 = (1 << 62) + 1;
const STREAM_UPDATE: u64 = 1 << 61;
const STREAM_PLACEMENT: u64 = 1 << 60;
const STREAM_ENVELOPE: u64 = 1 << 59;

/// The record stream: originals and their update copies, in emission order.
pub(crate) struct Generator {
    pub context: Context,
    now_ms: i64,
    findings: usize,
    /// Cumulative weights of the days before now (index 0 = the last 24 hours).
    day_weights: Vec<u64>,
    /// Sorted indices of the findings that get an update copy.
    update_targets: Vec<usize>,
}

/// One record to emit: the original finding `index`, or its update copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Emit {
    Original(usize),
    Update(usize),
}

impl Generator {
    pub(crate) fn new(seed: u64, findings: usize, update_fraction: f64, now_ms: i64) -> Self {
        let fraction = if update_fraction.is_finite() {
            update_fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let update_count = ((findings as f64) * fraction).round() as usize;
        let update_count = update_count.min(findings);
        let day_weights = cumulative((0..SPAN_DAYS).map(|days_ago| {
            let day_middle_ms = now_ms - days_ago * DAY_MS - DAY_MS / 2;
            let weekly = if weekday(day_middle_ms) >= 5 { 55 } else { 100 };
            // A gentle upward trend: more coverage (and findings) recently.
            let trend = 80 + 40 * (SPAN_DAYS - days_ago) as u64 / SPAN_DAYS as u64;
            let spike = INCIDENT_DAYS
                .iter()
                .find(|(day, _)| *day == days_ago)
                .map_or(1, |(_, factor)| *factor);
            weekly * trend * spike
        }));
        let mut rng = Rng::new(derive(seed, STREAM_TARGETS));
        let update_targets = (0..update_count)
            .map(|k| {
                // One target per equal slice of the index range: distinct and spread out.
                let low = (k as u128 * findings as u128 / update_count as u128) as usize;
                let high = ((k as u128 + 1) * findings as u128 / update_count as u128) as usize;
                low + rng.index(high.saturating_sub(low).max(1))
            })
            .collect();
        Self {
            context: Context::new(seed),
            now_ms,
            findings,
            day_weights,
            update_targets,
        }
    }

    fn is_update_target(&self, index: usize) -> bool {
        self.update_targets.binary_search(&index).is_ok()
    }

    fn is_sequence_index(&self, index: usize) -> bool {
        index as u64 % SEQUENCE_PERIOD == self.context.seed % SEQUENCE_PERIOD
    }

    /// The emission order: each update copy comes a little after its original, or (one in four)
    /// just before it, so consumers must keep the newest `updatedAt` rather than the last seen.
    pub(crate) fn for_each_record(
        &self,
        mut emit: impl FnMut(Emit) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut pending: BinaryHeap<Reverse<(usize, usize)>> = BinaryHeap::new();
        for index in 0..self.findings {
            if self.is_update_target(index) {
                let mut rng = Rng::new(derive(self.context.seed, STREAM_PLACEMENT ^ index as u64));
                if rng.chance(0.25) {
                    emit(Emit::Update(index))?;
                    emit(Emit::Original(index))?;
                } else {
                    emit(Emit::Original(index))?;
                    pending.push(Reverse((index + 1 + rng.index(2000), index)));
                }
            } else {
                emit(Emit::Original(index))?;
            }
            while let Some(&Reverse((due, target))) = pending.peek() {
                if due > index {
                    break;
                }
                pending.pop();
                emit(Emit::Update(target))?;
            }
        }
        while let Some(Reverse((_, target))) = pending.pop() {
            emit(Emit::Update(target))?;
        }
        Ok(())
    }

    /// A deterministic EventBridge event id (UUID v4 layout) for record number `record`.
    pub(crate) fn envelope_id(&self, record: usize) -> String {
        let mut rng = Rng::new(derive(self.context.seed, STREAM_ENVELOPE ^ record as u64));
        let hex = rng.hex(32);
        format!(
            "{}-{}-4{}-{}{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            ["8", "9", "a", "b"][rng.index(4)],
            &hex[17..20],
            &hex[20..32]
        )
    }

    /// The finding id of index `index`: 64 random bits, then a bijection of the index, so ids
    /// are unique within a seed by construction.
    fn finding_id(&self, index: usize, rng: &mut Rng) -> String {
        let low = mix64(index as u64 ^ derive(self.context.seed, STREAM_ID_LOW));
        format!("{:016x}{low:016x}", rng.next_u64())
    }

    pub(crate) fn record(&self, emit: Emit) -> Finding<'_> {
        match emit {
            Emit::Original(index) => self.original(index),
            Emit::Update(index) => {
                let mut finding = self.original(index);
                self.apply_update(&mut finding, index);
                finding
            }
        }
    }

    /// Draws `updatedAt` and the day it falls on (days before now).
    fn draw_updated(&self, rng: &mut Rng) -> (i64, i64) {
        let days_ago = rng.weighted(&self.day_weights) as i64;
        // Diurnal rhythm: 40% of activity lands in the organisation's working hours (UTC 13–22).
        let ms_of_window = if rng.chance(0.4) {
            rng.range_i64(2 * HOUR_MS, 11 * HOUR_MS)
        } else {
            rng.range_i64(0, DAY_MS - 1)
        };
        (self.now_ms - days_ago * DAY_MS - ms_of_window, days_ago)
    }

    fn original(&self, index: usize) -> Finding<'_> {
        let context = &self.context;
        let mut rng = Rng::new(derive(context.seed, index as u64));
        let id = self.finding_id(index, &mut rng);
        let window_start_ms = self.now_ms - SPAN_DAYS * DAY_MS;
        let latest_ms = self.now_ms
            - if self.is_update_target(index) {
                UPDATE_ROOM_MS
            } else {
                NEWEST_MARGIN_MS
            };
        let (updated_ms, days_ago) = self.draw_updated(&mut rng);
        let incident = INCIDENT_DAYS.iter().any(|(day, _)| *day == days_ago) && rng.chance(0.55);

        let spec: &'static TypeSpec = if self.is_sequence_index(index) {
            let sequences: Vec<&'static TypeSpec> = TYPES
                .iter()
                .filter(|spec| spec.action == ActionKind::Sequence)
                .collect();
            sequences[rng.index(sequences.len())]
        } else if incident && !context.incident_types.is_empty() {
            &TYPES[*rng.pick(&context.incident_types)]
        } else {
            &TYPES[rng.weighted(&context.type_weights)]
        };
        let account = if incident {
            0
        } else {
            rng.weighted(&context.account_weights)
        };
        let actor_index = if incident {
            // The incident's attacker: two addresses of one actor group, not the scanners.
            7 + rng.index(2)
        } else {
            rng.weighted(&context.actor_weights)
        };
        let actor = &context.actors[actor_index.min(context.actors.len() - 1)];
        let choice = Choice {
            spec,
            account,
            actor,
        };
        let picked = pick_resource(context, &mut rng, &choice);
        let region = REGIONS
            .get(picked.region)
            .map_or("us-east-1", |entry| entry.0);
        let account_id = ACCOUNTS[account].id;
        let detector_id = context.accounts[account].detectors[picked.region].as_str();

        let mut domain = String::new();
        let mut api: &'static str = "";
        let action = build_action(&mut rng, &choice, picked.local_ip, &mut domain, &mut api);

        let count = draw_count(&mut rng, spec);
        let last_seen_ms = updated_ms.min(latest_ms) - rng.range_i64(MINUTE_MS, 25 * MINUTE_MS);
        let first_seen_ms = if count == 1 {
            last_seen_ms
        } else {
            let active_ms = (count as i64 * 20 * MINUTE_MS).min(30 * DAY_MS);
            last_seen_ms - rng.range_i64(MINUTE_MS, active_ms.max(MINUTE_MS))
        };
        let mut times = Times {
            created_ms: first_seen_ms + rng.range_i64(MINUTE_MS, 15 * MINUTE_MS),
            updated_ms,
            first_seen_ms,
            last_seen_ms,
        };
        normalise(&mut times, window_start_ms, latest_ms);

        let evidence = spec.threat_intel.then(|| threat_intel(&mut rng, spec));
        let runtime_details = (spec.action == ActionKind::Runtime)
            .then(|| runtime_details(&mut rng, spec, times.first_seen_ms));
        let ebs_volume_scan_details = (spec.action == ActionKind::MalwareEbs).then(|| {
            malware_ebs(
                &mut rng,
                account_id,
                region,
                &picked.resource_name,
                times.first_seen_ms,
            )
        });
        let malware_scan_details =
            (spec.action == ActionKind::MalwareS3).then(|| malware_s3(&mut rng));
        let archived_probability = 0.04 + 0.12 * days_ago as f64 / SPAN_DAYS as f64;
        let archived = !spec.name.starts_with("AttackSequence") && rng.chance(archived_probability);

        let ip = actor.ip_address_v4.as_str();
        let port = spec.port.to_string();
        let values = [
            ("resource", picked.resource_name.as_str()),
            ("ip", ip),
            ("domain", domain.as_str()),
            ("user", picked.user_name),
            ("api", api),
            ("port", port.as_str()),
        ];
        let mut finding = Finding {
            account_id,
            arn: format!(
                "arn:aws:guardduty:{region}:{account_id}:detector/{detector_id}/finding/{id}"
            ),
            created_at: String::new(),
            description: fill(spec.description, &values),
            id,
            partition: "aws",
            region,
            resource: picked.resource,
            schema_version: "2.0",
            service: Service {
                action,
                additional_info: AdditionalInfo {
                    value: "{}",
                    info_type: "default",
                },
                archived,
                count,
                detector_id,
                detection: None,
                ebs_volume_scan_details,
                event_first_seen: String::new(),
                event_last_seen: String::new(),
                evidence,
                feature_name: spec.feature,
                malware_scan_details,
                resource_role: spec.role,
                runtime_details,
                service_name: "guardduty",
            },
            severity: *rng.pick(spec.severities),
            title: fill(spec.title, &values),
            finding_type: spec.name,
            updated_at: String::new(),
            times,
        };
        if spec.action == ActionKind::Sequence {
            let detection = self.sequence(&mut rng, index, &mut finding, account, latest_ms);
            finding.service.detection = Some(detection);
            normalise(&mut finding.times, window_start_ms, latest_ms);
        }
        finding.render_times();
        finding
    }

    /// Turns a copy of original `index` into its later update.
    fn apply_update(&self, finding: &mut Finding<'_>, index: usize) {
        let mut rng = Rng::new(derive(self.context.seed, STREAM_UPDATE ^ index as u64));
        let newest_ms = self.now_ms - MINUTE_MS;
        let old = finding.times;
        let room_ms = (newest_ms - old.updated_ms).min(5 * DAY_MS);
        let delta_ms = rng.range_i64(10 * MINUTE_MS, room_ms.max(10 * MINUTE_MS));
        let updated_ms = (old.updated_ms + delta_ms)
            .min(newest_ms)
            .max(old.updated_ms + 1);
        let last_seen_ms = (updated_ms - rng.range_i64(0, (delta_ms / 2).min(10 * MINUTE_MS)))
            .max(old.last_seen_ms + 1)
            .min(updated_ms);
        finding.times.updated_ms = updated_ms;
        finding.times.last_seen_ms = last_seen_ms;
        let count = finding.service.count;
        finding.service.count = count + 1 + rng.below(count.min(500) + 3);
        if !finding.finding_type.starts_with("AttackSequence") && rng.chance(0.25) {
            finding.severity = match finding.severity {
                severity if severity < 4.0 => 5.0,
                severity if severity < 7.0 => *rng.pick(&[2.0, 8.0]),
                _ => 5.0,
            };
        }
        if rng.chance(0.3) {
            finding.service.archived = true;
        }
        finding.render_times();
    }

    /// `service.detection` of an AttackSequence finding: signals are real earlier findings of
    /// the same account (regenerated by index), plus the API activity that tied them together.
    fn sequence(
        &self,
        rng: &mut Rng,
        index: usize,
        finding: &mut Finding<'_>,
        account: usize,
        latest_ms: i64,
    ) -> Value {
        let account_id = ACCOUNTS[account].id;
        let user = finding.resource.access_key_details;
        let (user_name, principal_id, access_key_id, user_type) = user.map_or(
            ("unknown", String::new(), String::new(), "IAMUser"),
            |details| {
                (
                    details.user_name,
                    details.principal_id.clone(),
                    details.access_key_id.clone(),
                    details.user_type,
                )
            },
        );
        let actor = self
            .context
            .actors
            .get(7)
            .unwrap_or(&self.context.actors[0]);
        let mut signals = Vec::new();
        let mut tactics: Vec<&'static str> = Vec::new();
        let mut resources = vec![json!({
            "uid": access_key_id, "name": user_name, "accountId": account_id,
            "resourceType": "ACCESS_KEY", "region": finding.region, "service": "IAM",
            "cloudPartition": "aws",
        })];
        for attempt in 0..16 {
            if signals.len() >= 4 || self.findings < 2 {
                break;
            }
            let candidate = if index > 0 && attempt < 12 {
                rng.index(index)
            } else {
                rng.index(self.findings)
            };
            if candidate == index || self.is_sequence_index(candidate) {
                continue;
            }
            let signal = self.original(candidate);
            if signal.account_id != account_id && attempt < 12 {
                continue;
            }
            if let Some(tactic) = tactic_of(signal.finding_type) {
                if !tactics.contains(&tactic) {
                    tactics.push(tactic);
                }
            }
            if let Some(bucket) = signal.resource.s3_bucket_details {
                let name = bucket.pointer("/0/name").cloned().unwrap_or(Value::Null);
                let arn = bucket.pointer("/0/arn").cloned().unwrap_or(Value::Null);
                resources.push(json!({
                    "uid": arn, "name": name, "accountId": signal.account_id,
                    "resourceType": "S3_BUCKET", "region": signal.region, "service": "S3",
                    "cloudPartition": "aws",
                }));
            }
            finding.times.first_seen_ms =
                finding.times.first_seen_ms.min(signal.times.first_seen_ms);
            finding.times.last_seen_ms = finding.times.last_seen_ms.max(signal.times.last_seen_ms);
            signals.push(json!({
                "uid": signal.arn,
                "type": "FINDING",
                "description": signal.description,
                "name": signal.finding_type,
                "createdAt": signal.times.created_ms,
                "updatedAt": signal.times.updated_ms,
                "firstSeenAt": signal.times.first_seen_ms,
                "lastSeenAt": signal.times.last_seen_ms,
                "severity": signal.severity,
                "count": signal.service.count,
                "resourceUids": [access_key_id],
                "actorIds": [principal_id],
                "endpointIds": [actor.ip_address_v4],
            }));
        }
        let (high_risk_apis, techniques): (&[&str], &[&str]) =
            if finding.finding_type.contains("S3/") {
                (
                    &["s3:GetObject", "s3:ListObjects", "s3:PutBucketPolicy"],
                    &["T1078", "T1530", "T1619", "T1537"],
                )
            } else {
                (
                    &[
                        "iam:CreateAccessKey",
                        "cloudtrail:StopLogging",
                        "sts:GetCallerIdentity",
                    ],
                    &["T1078", "T1078.004", "T1098", "T1562.008", "T1087"],
                )
            };
        let api_signal_ms = finding.times.last_seen_ms.min(latest_ms - 2 * MINUTE_MS);
        signals.push(json!({
            "uid": format!("{}-{}", rng.hex(8), rng.hex(24)),
            "type": "CLOUD_TRAIL",
            "description": format!("Suspicious API activity by {user_name}."),
            "name": high_risk_apis[0],
            "createdAt": api_signal_ms,
            "updatedAt": api_signal_ms,
            "firstSeenAt": api_signal_ms,
            "lastSeenAt": api_signal_ms,
            "severity": 5.0,
            "count": 1 + rng.below(40),
            "resourceUids": [access_key_id],
            "actorIds": [principal_id],
            "endpointIds": [actor.ip_address_v4],
        }));
        for tactic in ["InitialAccess", "Discovery"] {
            if !tactics.contains(&tactic) {
                tactics.push(tactic);
            }
        }
        if let Some(bucket) = finding.resource.s3_bucket_details {
            if !tactics.contains(&"Exfiltration") {
                tactics.push("Exfiltration");
            }
            let name = bucket.pointer("/0/name").cloned().unwrap_or(Value::Null);
            let arn = bucket.pointer("/0/arn").cloned().unwrap_or(Value::Null);
            resources.push(json!({
                "uid": arn, "name": name, "accountId": account_id, "resourceType": "S3_BUCKET",
                "region": finding.region, "service": "S3", "cloudPartition": "aws",
            }));
        }
        json!({
            "sequence": {
                "uid": rng.hex(32),
                "description": finding.description,
                "actors": [{
                    "id": principal_id,
                    "user": {
                        "name": user_name, "uid": principal_id, "type": user_type,
                        "credentialUid": access_key_id,
                        "account": {"uid": account_id, "account": ACCOUNTS[account].name},
                    },
                    "session": {
                        "uid": format!("{}:{}", access_key_id, rng.hex(8)),
                        "mfaStatus": "DISABLED",
                        "createdTime": finding.times.first_seen_ms,
                        "issuer": format!("arn:aws:iam::{account_id}:user/{user_name}"),
                    },
                }],
                "resources": resources,
                "endpoints": [{
                    "id": actor.ip_address_v4,
                    "ip": actor.ip_address_v4,
                    "location": {
                        "city": actor.city.city_name, "country": actor.country.country_name,
                        "lat": actor.geo_location.lat, "lon": actor.geo_location.lon,
                    },
                    "autonomousSystem": {"name": actor.organization.asn_org, "number": actor.organization.asn.parse::<u64>().unwrap_or(0)},
                    "connection": {"direction": "INBOUND"},
                }],
                "signals": signals,
                "sequenceIndicators": [
                    {"key": "ATTACK_TACTIC", "values": tactics, "title": "Attack tactic"},
                    {"key": "ATTACK_TECHNIQUE", "values": techniques, "title": "Attack technique"},
                    {"key": "HIGH_RISK_API", "values": high_risk_apis, "title": "High risk API"},
                ],
            }
        })
    }
}

/// Keeps `firstSeen ≤ lastSeen ≤ updated ≤ latest`, `created ≤ updated`, all ≥ the window start.
fn normalise(times: &mut Times, window_start_ms: i64, latest_ms: i64) {
    let floor_ms = window_start_ms + MINUTE_MS;
    times.updated_ms = times.updated_ms.clamp(floor_ms, latest_ms);
    times.last_seen_ms = times.last_seen_ms.clamp(floor_ms, times.updated_ms);
    times.first_seen_ms = times.first_seen_ms.clamp(floor_ms, times.last_seen_ms);
    times.created_ms = times
        .created_ms
        .clamp(times.first_seen_ms, times.updated_ms);
}

/// Heavy-tailed `service.count`: mostly 1–5; scanners and brute-forcers run into thousands.
fn draw_count(rng: &mut Rng, spec: &TypeSpec) -> u64 {
    let noisy = matches!(
        spec.action,
        ActionKind::PortProbe | ActionKind::NetworkInbound
    );
    let roll = rng.unit() * if noisy { 0.75 } else { 1.0 } + if noisy { 0.25 } else { 0.0 };
    let (low, high) = match roll {
        r if r < 0.45 => (1, 1),
        r if r < 0.80 => (2, 5),
        r if r < 0.93 => (6, 50),
        r if r < 0.98 => (51, 500),
        _ => (501, 5000),
    };
    rng.range_i64(low, high) as u64
}
