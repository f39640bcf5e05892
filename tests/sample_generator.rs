//! Specification tests for the seeded sample-data generator (`guardview::sample`).

use std::collections::{HashMap, HashSet};
use std::io::Read;

use chrono::DateTime;
use guardview::sample::{write_sample, SampleFormat, SampleOptions};
use serde_json::Value;

/// 2025-01-01T00:00:00Z.
const NOW_MS: i64 = 1_735_689_600_000;
use guardview::model::time::DAY_MS;

fn generate(options: &SampleOptions) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_sample(options, &mut bytes).expect("writing to a Vec cannot fail");
    bytes
}

fn jsonl(findings: usize, seed: u64) -> Vec<Value> {
    let bytes = generate(&SampleOptions::new(
        findings,
        seed,
        SampleFormat::JsonLines,
        NOW_MS,
    ));
    parse_lines(&bytes)
}

fn parse_lines(bytes: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(bytes).expect("output is UTF-8");
    text.lines()
        .enumerate()
        .map(|(number, line)| {
            serde_json::from_str(line).unwrap_or_else(|error| panic!("line {number}: {error}"))
        })
        .collect()
}

fn epoch_ms(value: &Value, what: &str) -> i64 {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{what} is not a string: {value}"));
    assert!(
        text.len() == 24 && text.ends_with('Z') && text.as_bytes()[19] == b'.',
        "{what} is not ISO-8601 with ms and Z: {text}"
    );
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|error| panic!("{what} {text}: {error}"))
        .timestamp_millis()
}

fn str_at<'a>(finding: &'a Value, pointer: &str) -> &'a str {
    finding
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("missing string {pointer} in {}", finding["id"]))
}

#[test]
fn same_options_give_identical_bytes_and_seeds_differ() {
    for format in SampleFormat::ALL {
        let options = SampleOptions::new(300, 42, format, NOW_MS);
        let first = generate(&options);
        assert!(!first.is_empty());
        assert_eq!(first, generate(&options), "{format:?} is not deterministic");
        let other = generate(&SampleOptions {
            seed: 43,
            ..options.clone()
        });
        assert_ne!(
            first, other,
            "{format:?}: seeds 42 and 43 gave the same bytes"
        );
        let later = generate(&SampleOptions {
            now_ms: NOW_MS + DAY_MS,
            ..options
        });
        assert_ne!(first, later, "{format:?}: now_ms is ignored");
    }
}

#[test]
fn record_count_is_findings_plus_rounded_updates_in_every_format() {
    for (findings, fraction) in [
        (0, 0.05),
        (1, 0.05),
        (10, 0.05),
        (130, 0.05),
        (200, 0.0),
        (77, 0.5),
        (60, 1.0),
    ] {
        let expected = findings + ((findings as f64) * fraction).round() as usize;
        for format in SampleFormat::ALL {
            let options = SampleOptions {
                update_fraction: fraction,
                ..SampleOptions::new(findings, 7, format, NOW_MS)
            };
            assert_eq!(options.total_records(), expected);
            let bytes = generate(&options);
            let records = match format {
                SampleFormat::JsonLines | SampleFormat::EventBridgeLines => {
                    parse_lines(&bytes).len()
                }
                SampleFormat::JsonLinesGzip => parse_lines(&gunzip(&bytes)).len(),
                SampleFormat::JsonArray => {
                    let array: Value = serde_json::from_slice(&bytes).expect("one JSON array");
                    array.as_array().expect("top level is an array").len()
                }
                SampleFormat::CliPascalCase => cli_batches(&bytes).iter().map(Vec::len).sum(),
            };
            assert_eq!(
                records, expected,
                "{format:?}, {findings} findings, fraction {fraction}"
            );
        }
    }
}

#[test]
fn every_jsonl_record_is_a_full_camel_case_finding() {
    let findings = jsonl(600, 3);
    let hex32 = |text: &str| {
        text.len() == 32
            && text
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
    };
    for finding in &findings {
        assert_eq!(finding["schemaVersion"], "2.0");
        assert_eq!(finding["partition"], "aws");
        let id = str_at(finding, "/id");
        assert!(hex32(id), "id {id}");
        let account = str_at(finding, "/accountId");
        assert!(account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit()));
        let region = str_at(finding, "/region");
        let detector = str_at(finding, "/service/detectorId");
        assert!(hex32(detector));
        assert_eq!(
            str_at(finding, "/arn"),
            format!("arn:aws:guardduty:{region}:{account}:detector/{detector}/finding/{id}")
        );
        let finding_type = str_at(finding, "/type");
        assert!(
            finding_type.contains(':') && finding_type.contains('/'),
            "type {finding_type}"
        );
        assert!(finding["severity"].is_number());
        let title = str_at(finding, "/title");
        assert!(
            !title.is_empty() && !title.contains("[SAMPLE]") && !title.contains('{'),
            "{title}"
        );
        assert!(!str_at(finding, "/description").contains('{'));
        assert!(!str_at(finding, "/resource/resourceType").is_empty());
        assert_eq!(finding["service"]["serviceName"], "guardduty");
        assert_eq!(finding["service"]["additionalInfo"]["value"], "{}");
        assert_eq!(finding["service"]["additionalInfo"]["type"], "default");
        assert!(finding["service"]["additionalInfo"].get("sample").is_none());
        assert!(finding["service"]["archived"].is_boolean());
        assert!(finding["service"]["count"]
            .as_u64()
            .is_some_and(|count| count >= 1));
        assert!(matches!(
            str_at(finding, "/service/resourceRole"),
            "TARGET" | "ACTOR"
        ));
        for key in [
            "/createdAt",
            "/updatedAt",
            "/service/eventFirstSeen",
            "/service/eventLastSeen",
        ] {
            epoch_ms(&finding.pointer(key).cloned().unwrap_or(Value::Null), key);
        }
    }
}

#[test]
fn resources_and_actions_match_the_finding_type() {
    let findings = jsonl(3000, 11);
    let mut actions_seen = HashSet::new();
    for finding in &findings {
        let finding_type = str_at(finding, "/type");
        let resource_type = str_at(finding, "/resource/resourceType");
        let token = finding_type
            .split(':')
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("");
        let expected: &[&str] = match token {
            "EC2" => &["Instance"],
            "IAMUser" | "IAM" => &["AccessKey"],
            "S3" => &["S3Bucket"],
            "Kubernetes" => &["EKSCluster"],
            "Runtime" => &["Instance", "EKSCluster", "ECSCluster"],
            "RDS" => &["RDSDBInstance"],
            "Lambda" => &["Lambda"],
            other => panic!("unexpected resource token {other} in {finding_type}"),
        };
        assert!(
            expected.contains(&resource_type),
            "{finding_type} on {resource_type}"
        );
        let details = match resource_type {
            "Instance" => "/resource/instanceDetails/instanceId",
            "AccessKey" => "/resource/accessKeyDetails/accessKeyId",
            "S3Bucket" => "/resource/s3BucketDetails/0/name",
            "EKSCluster" => "/resource/eksClusterDetails/name",
            "ECSCluster" => "/resource/ecsClusterDetails/name",
            "RDSDBInstance" => "/resource/rdsDbInstanceDetails/dbInstanceIdentifier",
            _ => "/resource/lambdaDetails/functionName",
        };
        assert!(!str_at(finding, details).is_empty());
        if resource_type == "Instance" {
            let tags = finding
                .pointer("/resource/instanceDetails/tags")
                .and_then(Value::as_array);
            let tags = tags.expect("instance tags");
            assert!(tags.iter().any(|tag| tag["key"] == "Name"));
            assert!(tags.iter().any(|tag| tag["key"] == "env"
                && matches!(tag["value"].as_str(), Some("prod" | "staging" | "dev"))));
        }
        if resource_type == "AccessKey" {
            assert!(str_at(finding, "/resource/accessKeyDetails/accessKeyId").starts_with("ASIA"));
        }
        if let Some(action) = finding.pointer("/service/action") {
            let action_type = str_at(action, "/actionType");
            actions_seen.insert(action_type.to_owned());
            let key = match action_type {
                "NETWORK_CONNECTION" => "/networkConnectionAction/remoteIpDetails/ipAddressV4",
                "PORT_PROBE" => "/portProbeAction/portProbeDetails/0/remoteIpDetails/ipAddressV4",
                "DNS_REQUEST" => "/dnsRequestAction/domain",
                "AWS_API_CALL" => "/awsApiCallAction/remoteIpDetails/ipAddressV4",
                "KUBERNETES_API_CALL" => "/kubernetesApiCallAction/remoteIpDetails/ipAddressV4",
                "RDS_LOGIN_ATTEMPT" => "/rdsLoginAttemptAction/remoteIpDetails/ipAddressV4",
                other => panic!("unexpected action {other}"),
            };
            assert!(!str_at(action, key).is_empty(), "{finding_type}: {key}");
            if action_type == "AWS_API_CALL" {
                assert!(action
                    .pointer("/awsApiCallAction/remoteIpDetails/organization/asn")
                    .is_some_and(Value::is_string));
                assert!(action
                    .pointer("/awsApiCallAction/remoteIpDetails/geoLocation/lat")
                    .is_some_and(Value::is_f64));
            }
        }
        if finding_type.contains("MaliciousIPCaller") || finding_type.contains("C&CActivity") {
            assert!(finding
                .pointer("/service/evidence/threatIntelligenceDetails/0/threatListName")
                .is_some());
        }
        if finding_type.starts_with("AttackSequence") {
            let sequence = finding
                .pointer("/service/detection/sequence")
                .expect("sequence");
            assert!(!sequence["signals"].as_array().expect("signals").is_empty());
            assert!(!sequence["resources"]
                .as_array()
                .expect("resources")
                .is_empty());
            let indicators = sequence["sequenceIndicators"]
                .as_array()
                .expect("indicators");
            assert!(indicators
                .iter()
                .any(|indicator| indicator["key"] == "ATTACK_TACTIC"));
            assert!(indicators
                .iter()
                .any(|indicator| indicator["key"] == "ATTACK_TECHNIQUE"));
        }
    }
    for action in [
        "NETWORK_CONNECTION",
        "PORT_PROBE",
        "DNS_REQUEST",
        "AWS_API_CALL",
        "KUBERNETES_API_CALL",
        "RDS_LOGIN_ATTEMPT",
    ] {
        assert!(
            actions_seen.contains(action),
            "no {action} in 3000 findings"
        );
    }
}

#[test]
fn ids_are_unique_except_updates_which_are_later_versions() {
    for seed in [1, 2, 99] {
        let findings = jsonl(2000, seed);
        assert_eq!(findings.len(), 2100);
        let mut by_id: HashMap<&str, Vec<&Value>> = HashMap::new();
        for finding in &findings {
            by_id
                .entry(str_at(finding, "/id"))
                .or_default()
                .push(finding);
        }
        assert_eq!(
            by_id.len(),
            2000,
            "seed {seed}: ids are not unique per finding"
        );
        let pairs: Vec<&Vec<&Value>> = by_id
            .values()
            .filter(|versions| versions.len() > 1)
            .collect();
        assert_eq!(pairs.len(), 100, "seed {seed}: expected 100 updated ids");
        let mut newer_first = 0;
        for versions in pairs {
            assert_eq!(versions.len(), 2);
            let (old, new) = if epoch_ms(&versions[0]["updatedAt"], "updatedAt")
                < epoch_ms(&versions[1]["updatedAt"], "updatedAt")
            {
                (versions[0], versions[1])
            } else {
                newer_first += 1;
                (versions[1], versions[0])
            };
            let at = |finding: &Value, key: &str| {
                epoch_ms(&finding.pointer(key).cloned().unwrap_or(Value::Null), key)
            };
            assert!(
                at(new, "/updatedAt") > at(old, "/updatedAt"),
                "update must be later"
            );
            assert!(at(new, "/service/eventLastSeen") > at(old, "/service/eventLastSeen"));
            assert!(new["service"]["count"].as_u64() > old["service"]["count"].as_u64());
            assert_eq!(old["type"], new["type"]);
            assert_eq!(old["arn"], new["arn"]);
            assert_eq!(at(new, "/createdAt"), at(old, "/createdAt"));
        }
        assert!(
            newer_first > 5,
            "seed {seed}: some updates should precede their original"
        );
    }
}

#[test]
fn severity_is_low_heavy_with_all_bands_and_critical_only_for_attack_sequences() {
    for seed in [0, 5, 1234, u64::MAX] {
        for findings in [1000, 4000] {
            let findings = jsonl(findings, seed);
            let mut bands = [0usize; 4];
            for finding in &findings {
                let severity = finding["severity"].as_f64().expect("numeric severity");
                assert!((1.0..=10.0).contains(&severity));
                let band = match severity {
                    s if s < 4.0 => 0,
                    s if s < 7.0 => 1,
                    s if s < 9.0 => 2,
                    _ => 3,
                };
                bands[band] += 1;
                let is_sequence = str_at(finding, "/type").starts_with("AttackSequence");
                assert_eq!(
                    band == 3,
                    is_sequence,
                    "{} has severity {severity}",
                    finding["type"]
                );
            }
            assert!(
                bands.iter().all(|&count| count > 0),
                "seed {seed}: bands {bands:?}"
            );
            assert!(
                bands[0] + bands[1] > findings.len() / 2,
                "seed {seed}: bands {bands:?}"
            );
            assert!(
                bands[0] > bands[1] && bands[1] > bands[3] && bands[2] > bands[3],
                "{bands:?}"
            );
        }
    }
}

#[test]
fn timestamps_lie_within_ninety_days_before_now_and_are_ordered() {
    for now_ms in [NOW_MS, 1_700_000_000_123] {
        let bytes = generate(&SampleOptions::new(
            3000,
            8,
            SampleFormat::JsonLines,
            now_ms,
        ));
        let mut per_day = [0usize; 90];
        let mut weekday_total = 0usize;
        let mut weekend_total = 0usize;
        for finding in parse_lines(&bytes) {
            let at =
                |key: &str| epoch_ms(&finding.pointer(key).cloned().unwrap_or(Value::Null), key);
            let (created, updated) = (at("/createdAt"), at("/updatedAt"));
            let (first, last) = (at("/service/eventFirstSeen"), at("/service/eventLastSeen"));
            for instant in [created, updated, first, last] {
                assert!(
                    instant >= now_ms - 90 * DAY_MS && instant < now_ms,
                    "{instant} outside the window"
                );
            }
            assert!(
                first <= last && last <= updated && created <= updated,
                "{}",
                finding["id"]
            );
            let days_ago = ((now_ms - updated) / DAY_MS) as usize;
            per_day[days_ago.min(89)] += 1;
            let weekday = (updated.div_euclid(DAY_MS) + 3).rem_euclid(7);
            if weekday >= 5 {
                weekend_total += 1
            } else {
                weekday_total += 1
            }
        }
        // The incident burst ~10 days before now stands out against the typical day.
        let mut sorted = per_day;
        sorted.sort_unstable();
        let median = sorted[45];
        assert!(
            per_day[9..=11]
                .iter()
                .max()
                .is_some_and(|&peak| peak > 3 * median),
            "{per_day:?}"
        );
        // Weekly rhythm: a weekend day sees fewer findings than a weekday.
        assert!(
            weekend_total * 5 < weekday_total * 2,
            "{weekend_total} vs {weekday_total}"
        );
        // Activity reaches back across the span, not only the last days.
        assert!(per_day[60..].iter().sum::<usize>() > 300);
    }
}

#[test]
fn counts_are_heavy_tailed_and_some_findings_archived() {
    let findings = jsonl(5000, 21);
    let counts: Vec<u64> = findings
        .iter()
        .filter_map(|finding| finding["service"]["count"].as_u64())
        .collect();
    let small = counts.iter().filter(|&&count| count <= 5).count();
    assert!(small * 10 > counts.len() * 6, "most counts are 1–5");
    assert!(
        counts.iter().any(|&count| count >= 1000),
        "a long tail into the thousands"
    );
    let archived = findings
        .iter()
        .filter(|finding| finding["service"]["archived"] == true)
        .count();
    assert!(
        (250..=900).contains(&archived),
        "~10% archived, got {archived}"
    );
}

#[test]
fn remote_actors_and_resources_form_hubs() {
    let findings = jsonl(5000, 4);
    let mut ips: HashMap<String, usize> = HashMap::new();
    let mut instances: HashMap<String, usize> = HashMap::new();
    for finding in &findings {
        let actor = ["networkConnectionAction", "awsApiCallAction"]
            .iter()
            .find_map(|key| finding.pointer(&format!("/service/action/{key}/remoteIpDetails/ipAddressV4")))
            .or_else(|| finding.pointer("/service/action/portProbeAction/portProbeDetails/0/remoteIpDetails/ipAddressV4"));
        if let Some(ip) = actor.and_then(Value::as_str) {
            *ips.entry(ip.to_owned()).or_default() += 1;
        }
        if let Some(instance) = finding
            .pointer("/resource/instanceDetails/instanceId")
            .and_then(Value::as_str)
        {
            *instances.entry(instance.to_owned()).or_default() += 1;
        }
    }
    let total: usize = ips.values().sum();
    let top = ips.values().max().copied().unwrap_or(0);
    assert!(
        (40..=70).contains(&ips.len()),
        "~60 remote actors, got {}",
        ips.len()
    );
    assert!(
        top * 12 > total,
        "a scanner recurs heavily: top {top} of {total}"
    );
    let instance_total: usize = instances.values().sum();
    let instance_top = instances.values().max().copied().unwrap_or(0);
    assert!(
        instances.len() > 100 && instance_top * 40 > instance_total,
        "instance hubs"
    );
}

/// Splits concatenated `{"Findings":[…]}` documents into their finding lists.
fn cli_batches(bytes: &[u8]) -> Vec<Vec<Value>> {
    serde_json::Deserializer::from_slice(bytes)
        .into_iter::<Value>()
        .map(|document| {
            let document = document.expect("each CLI document parses");
            let object = document.as_object().expect("CLI document is an object");
            assert_eq!(object.len(), 1, "only the Findings key");
            object["Findings"]
                .as_array()
                .expect("Findings array")
                .clone()
        })
        .collect()
}

#[test]
fn cli_output_is_batches_of_at_most_fifty_pascal_case_findings() {
    let bytes = generate(&SampleOptions::new(
        600,
        5,
        SampleFormat::CliPascalCase,
        NOW_MS,
    ));
    let batches = cli_batches(&bytes);
    assert_eq!(batches.iter().map(Vec::len).sum::<usize>(), 630);
    assert!(batches
        .iter()
        .all(|batch| !batch.is_empty() && batch.len() <= 50));
    assert!(batches.len() >= 13);
    let camel = jsonl(600, 5);
    let mut saw_product_code = false;
    let mut saw_source_ips = false;
    for (pascal, camel) in batches.iter().flatten().zip(&camel) {
        assert_eq!(pascal["Id"], camel["id"]);
        assert_eq!(pascal["SchemaVersion"], "2.0");
        assert_eq!(pascal["Service"]["ServiceName"], "guardduty");
        assert_eq!(
            pascal["Resource"]["ResourceType"],
            camel["resource"]["resourceType"]
        );
        assert!(pascal.get("id").is_none() && pascal.get("schemaVersion").is_none());
        if let Some(code) = pascal.pointer("/Resource/InstanceDetails/ProductCodes/0") {
            assert!(code.get("Code").is_some() && code.get("ProductType").is_some());
            saw_product_code = true;
        }
        if let Some(call) = pascal.pointer("/Service/Action/KubernetesApiCallAction") {
            assert!(call.get("SourceIps").is_some());
            saw_source_ips = true;
        }
        if let Some(geo) =
            pascal.pointer("/Service/Action/AwsApiCallAction/RemoteIpDetails/GeoLocation")
        {
            assert!(geo.get("Lat").is_some() && geo.get("Lon").is_some());
        }
    }
    assert!(saw_product_code && saw_source_ips);
}

#[test]
fn eventbridge_lines_wrap_each_finding_in_an_envelope() {
    let bytes = generate(&SampleOptions::new(
        200,
        9,
        SampleFormat::EventBridgeLines,
        NOW_MS,
    ));
    let camel = jsonl(200, 9);
    let events = parse_lines(&bytes);
    let mut ids = HashSet::new();
    for (event, finding) in events.iter().zip(&camel) {
        assert_eq!(event["version"], "0");
        assert_eq!(event["detail-type"], "GuardDuty Finding");
        assert_eq!(event["source"], "aws.guardduty");
        assert_eq!(event["resources"], Value::Array(Vec::new()));
        assert_eq!(&event["detail"], finding);
        assert_eq!(event["account"], finding["accountId"]);
        assert_eq!(event["region"], finding["region"]);
        let time = str_at(event, "/time");
        assert!(
            DateTime::parse_from_rfc3339(time).is_ok() && time.len() == 20,
            "{time}"
        );
        assert!(
            ids.insert(str_at(event, "/id").to_owned()),
            "event ids are unique"
        );
    }
}

#[test]
fn json_array_holds_the_jsonl_records() {
    let bytes = generate(&SampleOptions::new(
        150,
        12,
        SampleFormat::JsonArray,
        NOW_MS,
    ));
    let array: Value = serde_json::from_slice(&bytes).expect("valid JSON");
    assert_eq!(
        array.as_array().map(Vec::as_slice),
        Some(jsonl(150, 12).as_slice())
    );
    let empty = generate(&SampleOptions::new(0, 12, SampleFormat::JsonArray, NOW_MS));
    assert_eq!(
        serde_json::from_slice::<Value>(&empty).ok(),
        Some(Value::Array(Vec::new()))
    );
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut plain)
        .expect("valid gzip");
    plain
}

#[test]
fn gzip_output_decompresses_to_the_jsonl_bytes() {
    let plain = generate(&SampleOptions::new(
        500,
        13,
        SampleFormat::JsonLines,
        NOW_MS,
    ));
    let gzip = generate(&SampleOptions::new(
        500,
        13,
        SampleFormat::JsonLinesGzip,
        NOW_MS,
    ));
    assert_eq!(&gzip[..2], &[0x1f, 0x8b]);
    assert!(gzip.len() * 4 < plain.len(), "gzip compresses");
    assert_eq!(gunzip(&gzip), plain);
}

/// Records every write, to check that output is streamed rather than built up front.
#[derive(Default)]
struct WriteLog {
    writes: usize,
    largest_write: usize,
    bytes: usize,
}

impl std::io::Write for WriteLog {
    fn write(&mut self, buffer: &[u8]) -> std::io::Result<usize> {
        self.writes += 1;
        self.largest_write = self.largest_write.max(buffer.len());
        self.bytes += buffer.len();
        Ok(buffer.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn output_is_streamed_record_by_record() {
    for format in [
        SampleFormat::JsonLines,
        SampleFormat::JsonArray,
        SampleFormat::CliPascalCase,
    ] {
        let mut log = WriteLog::default();
        write_sample(&SampleOptions::new(2000, 1, format, NOW_MS), &mut log).expect("write");
        assert!(log.writes >= 2000, "{format:?}: {} writes", log.writes);
        assert!(
            log.largest_write < 64 * 1024,
            "{format:?}: a {} byte write",
            log.largest_write
        );
        // Compact camelCase findings of realistic size: roughly 1–3 KB each.
        let per_record = log.bytes / 2100;
        assert!(
            (1000..=3500).contains(&per_record),
            "{format:?}: {per_record} bytes per record"
        );
    }
}

#[test]
fn write_errors_are_propagated() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    for format in SampleFormat::ALL {
        let result = write_sample(&SampleOptions::new(10, 1, format, NOW_MS), &mut Broken);
        assert!(result.is_err(), "{format:?} swallowed the error");
    }
}

#[test]
fn format_names_parse_and_have_extensions() {
    for (name, extension) in [
        ("json", "json"),
        ("jsonl", "jsonl"),
        ("jsonl.gz", "jsonl.gz"),
        ("cli", "json"),
        ("eventbridge", "jsonl"),
    ] {
        let format = SampleFormat::parse(name).expect("known name");
        assert_eq!(format.file_extension(), extension);
    }
    assert_eq!(SampleFormat::parse("csv"), None);
    assert_eq!(
        SampleOptions::new(1, 1, SampleFormat::JsonLines, 0).update_fraction,
        0.05
    );
}
