//! CSV exports (the IOC list and the findings table), safe to open in a spreadsheet.
//!
//! Quoting follows RFC 4180 and is done by the `csv` crate: fields holding a comma, a double
//! quote, CR or LF are quoted, quotes are doubled, records end in CRLF, the header row comes
//! first and there is exactly one record per item.
//!
//! **Formula neutralisation.** Finding text is attacker-influenced (titles, tags, domains, user
//! agents, threat names), and spreadsheets run a cell that starts with a formula character.
//! Following the OWASP CSV-injection guidance, every text cell that starts with `=`, `+`, `-`,
//! `@`, a tab or a carriage return is written with a leading `'`, which spreadsheets show as
//! text. The only cells exempt are the numbers this module formats itself — severity scores,
//! finding counts and `service.count` — and a score is exempt only when it is a finite,
//! non-negative number (a negative or non-finite score, which GuardDuty never exports, is
//! treated as text and neutralised like any other cell). Timestamps, ids, booleans and every
//! joined list go through the rule too, so no cell escapes it by accident. Other characters
//! (bidi overrides, emoji, very long text) are written unchanged: they are data, and the
//! round trip through a CSV reader gives them back exactly.

use std::borrow::Cow;

use crate::model::{EpochMillis, Finding};

use super::actors::IocRow;
use super::period::TimeBasis;

/// Characters that make a spreadsheet treat a cell as a formula (OWASP).
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Separator inside a cell that lists several values.
const LIST_SEPARATOR: &str = "; ";

/// `cell` with a leading `'` when it starts with a formula trigger, else unchanged.
pub fn neutralise_formula(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(FORMULA_TRIGGERS) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Column names of [`ioc_csv`], in order.
pub const IOC_COLUMNS: [&str; 11] = [
    "indicator",
    "kind",
    "findings",
    "highest severity",
    "band",
    "first seen",
    "last seen",
    "countries",
    "networks",
    "finding types",
    "threat lists",
];

/// Column names of [`findings_csv`], in order.
pub const FINDING_COLUMNS: [&str; 16] = [
    "id",
    "severity",
    "band",
    "type",
    "title",
    "account",
    "region",
    "resource type",
    "resource ids",
    "first seen",
    "last seen",
    "count",
    "archived",
    "sample",
    "remote IPs",
    "domains",
];

/// The IOC list as CSV: a header row, then one record per row in the given order. Times are
/// ISO-8601 UTC; list cells are joined with `; `.
pub fn ioc_csv(rows: &[IocRow]) -> String {
    let records = rows.iter().map(|row| {
        vec![
            text(&row.indicator),
            text(row.kind.slug()),
            number(row.finding_count),
            score(row.highest_severity_score),
            text(row.highest_severity.name()),
            time(row.first_seen_at),
            time(row.last_seen_at),
            text(&row.countries.join(LIST_SEPARATOR)),
            text(&row.networks.join(LIST_SEPARATOR)),
            text(&row.finding_types.join(LIST_SEPARATOR)),
            text(&row.threat_lists.join(LIST_SEPARATOR)),
        ]
    });
    write_csv(&IOC_COLUMNS, records)
}

/// The selected findings as CSV: a header row, then one record per finding in `selected`
/// order (sort the indices first for a sorted export); indices outside `findings` are skipped.
/// First and last seen fall back to the record's created and updated times, as in the table.
/// Resource ids, remote IPs and domains list every distinct value in export order.
pub fn findings_csv(findings: &[Finding], selected: &[u32]) -> String {
    findings_csv_of(
        selected
            .iter()
            .filter_map(|&i| findings.get(i as usize))
            .map(finding_record),
    )
}

/// [`findings_csv`] of records [`finding_record`] made, in the order given (the workers' store
/// makes them where the findings live).
pub fn findings_csv_of(records: impl Iterator<Item = Vec<String>>) -> String {
    write_csv(&FINDING_COLUMNS, records)
}

/// One finding's record of [`findings_csv`]: its cells in [`FINDING_COLUMNS`] order.
pub fn finding_record(finding: &Finding) -> Vec<String> {
    let resource_ids = distinct(finding.resources.iter().map(|r| &*r.id));
    let remote_ips = distinct(
        finding
            .network_actors
            .iter()
            .filter_map(|a| a.ip_address.as_deref()),
    );
    let domains = distinct(finding.domains.iter().map(|d| &**d));
    vec![
        text(&finding.id),
        score(finding.severity_score),
        text(finding.severity.name()),
        text(&finding.finding_type.full),
        text(finding.title.as_deref().unwrap_or("")),
        text(finding.account_id.as_deref().unwrap_or("")),
        text(finding.region.as_deref().unwrap_or("")),
        text(finding.resource_type.as_deref().unwrap_or("")),
        text(&resource_ids),
        time(TimeBasis::FirstSeen.time_of(finding)),
        time(TimeBasis::LastSeen.time_of(finding)),
        number(finding.count),
        text(if finding.archived { "true" } else { "false" }),
        text(if finding.sample { "true" } else { "false" }),
        text(&remote_ips),
        text(&domains),
    ]
}

/// A text cell: neutralised.
fn text(value: &str) -> String {
    neutralise_formula(value).into_owned()
}

/// A count: exempt from neutralisation (unsigned, so it never starts with `-`).
fn number(value: impl Into<u64>) -> String {
    value.into().to_string()
}

/// A severity score, exempt only when finite and non-negative.
fn score(value: f64) -> String {
    let formatted = value.to_string();
    if value.is_finite() && value >= 0.0 {
        formatted
    } else {
        text(&formatted)
    }
}

fn time(instant: Option<EpochMillis>) -> String {
    instant.map_or_else(String::new, |t| text(&t.to_iso8601()))
}

/// Distinct non-empty values (trimmed) in first-seen order, joined with `; `.
fn distinct<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for value in values.map(str::trim).filter(|v| !v.is_empty()) {
        if !kept.contains(&value) {
            kept.push(value);
        }
    }
    kept.join(LIST_SEPARATOR)
}

/// Header, then records, RFC 4180 style (CRLF line ends, quotes only where needed).
fn write_csv(header: &[&str], records: impl Iterator<Item = Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    // Writing to a `Vec` cannot fail, and every record of a file has the same number of
    // fields, so these results are always `Ok`; an error would end the file early, not panic.
    let mut ok = writer.write_record(header).is_ok();
    for record in records {
        if !ok {
            break;
        }
        ok = writer.write_record(&record).is_ok();
    }
    let bytes = writer
        .into_inner()
        .unwrap_or_else(|e| e.into_inner().get_ref().clone());
    // All input is `&str`, so the output is UTF-8; the lossy path is never taken.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

// -- JSON summaries (the CLI's output and the app's "JSON summary" download) -- //

fn counts_json(map: &std::collections::BTreeMap<String, u64>) -> serde_json::Value {
    serde_json::Value::Object(
        map.iter()
            .map(|(key, count)| (key.clone(), serde_json::json!(count)))
            .collect(),
    )
}

/// The headline numbers and the per-file load report, as `guardview summary` prints them.
pub fn summary_json(
    summary: &crate::analysis::summary::Summary,
    reports: &[crate::model::FileReport],
) -> serde_json::Value {
    let records: u64 = reports.iter().map(|r| r.records).sum();
    let duplicates: u64 = reports.iter().map(|r| r.duplicates).sum();
    let files: Vec<serde_json::Value> = reports
        .iter()
        .map(|report| {
            serde_json::json!({
                "name": report.file_name,
                "dialect": report.dialect_names(),
                "gzip": report.gzip,
                "records": report.records,
                "findings_added": report.findings_added,
                "duplicates": report.duplicates,
                "skipped_other_products": report.skipped_other_products,
                "warnings": report.warnings.len(),
                "error": report.error.as_ref().map(|e| e.to_string()),
            })
        })
        .collect();
    serde_json::json!({
        "unique_findings": summary.unique_findings,
        "records": records,
        "duplicates": duplicates,
        "by_severity": counts_json(&summary.by_severity),
        "by_purpose": counts_json(&summary.by_purpose),
        "by_type": counts_json(&summary.by_type),
        "by_resource_type": counts_json(&summary.by_resource_type),
        "by_account": counts_json(&summary.by_account),
        "by_region": counts_json(&summary.by_region),
        "archived": summary.archived,
        "samples": summary.samples,
        "first_seen": summary.first_seen.map(|t| t.to_iso8601()),
        "last_seen": summary.last_seen.map(|t| t.to_iso8601()),
        "files": files,
    })
}

/// The 5×5 matrix keyed `{likelihood name: {impact name: count}}`.
pub fn risk_matrix_json(matrix: &crate::analysis::risk::RiskMatrix) -> serde_json::Value {
    use crate::analysis::risk::Level;
    serde_json::Value::Object(
        Level::ALL
            .iter()
            .rev()
            .map(|&likelihood| {
                let row: serde_json::Map<String, serde_json::Value> = Level::ALL
                    .iter()
                    .map(|&impact| {
                        (
                            impact.name().to_owned(),
                            serde_json::json!(matrix.count(likelihood, impact)),
                        )
                    })
                    .collect();
                (likelihood.name().to_owned(), serde_json::Value::Object(row))
            })
            .collect(),
    )
}

/// The briefing and its indicators, for the app's JSON summary download.
pub fn briefing_json(
    briefing: &crate::analysis::briefing::Briefing,
    indicators: &[crate::analysis::briefing::Indicator],
) -> serde_json::Value {
    let sentences = |list: &[crate::analysis::briefing::Sentence]| -> Vec<serde_json::Value> {
        list.iter()
            .map(|s| {
                serde_json::json!({
                    "text": s.text,
                    "evidence": s.evidence.iter().map(|e| serde_json::json!({"label": e.label, "value": e.value})).collect::<Vec<_>>(),
                })
            })
            .collect()
    };
    serde_json::json!({
        "headline": briefing.headline,
        "sections": briefing.sections.iter().map(|section| serde_json::json!({
            "question": section.question,
            "sentences": sentences(&section.sentences),
        })).collect::<Vec<_>>(),
        "top_risks": sentences(&briefing.top_risks),
        "actions": sentences(&briefing.actions),
        "indicators": indicators.iter().map(|i| serde_json::json!({
            "id": i.id,
            "label": i.label,
            "value": i.value,
            "baseline": i.baseline,
            "delta": i.delta,
            "explanation": i.explanation,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::actors::{ioc_rows, IocKind};
    use crate::model::{
        Dialect, FindingType, NetworkActor, Resource, ResourceKind, SeverityBand, Text, ThreatIntel,
    };

    /// Every record of a CSV text, header included, as read back by the `csv` crate.
    fn parse(csv_text: &str) -> Vec<Vec<String>> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv_text.as_bytes());
        reader
            .records()
            .map(|record| match record {
                Ok(r) => r.iter().map(str::to_owned).collect(),
                Err(e) => vec![format!("PARSE ERROR: {e}")],
            })
            .collect()
    }

    fn finding(id: &str, kind: &str, severity: f64) -> Finding {
        let kind = FindingType::parse(kind, &mut |s: &str| Text::from(s));
        Finding::new(id.into(), kind, severity, Dialect::CamelCase)
    }

    /// Hostile values and what a spreadsheet-safe cell must hold for each.
    fn hostile_values() -> Vec<(String, String)> {
        let long = "A".repeat(5_000);
        vec![
            (
                "=HYPERLINK(\"http://x\")".into(),
                "'=HYPERLINK(\"http://x\")".into(),
            ),
            ("+cmd|' /C calc'!A0".into(), "'+cmd|' /C calc'!A0".into()),
            ("-2+3".into(), "'-2+3".into()),
            ("@SUM(A1)".into(), "'@SUM(A1)".into()),
            ("\t=1+1".into(), "'\t=1+1".into()),
            ("\r=1+1".into(), "'\r=1+1".into()),
            (
                "say \"hi\", then\nleave".into(),
                "say \"hi\", then\nleave".into(),
            ),
            ("a\r\nb".into(), "a\r\nb".into()),
            (
                "\u{202E}exe.txt \u{2066}x\u{2069}".into(),
                "\u{202E}exe.txt \u{2066}x\u{2069}".into(),
            ),
            (long.clone(), long),
            (
                "🦀 crab, \"quoted\" 🔥".into(),
                "🦀 crab, \"quoted\" 🔥".into(),
            ),
            ("".into(), "".into()),
            ("'already quoted".into(), "'already quoted".into()),
            ("mid=formula".into(), "mid=formula".into()),
        ]
    }

    #[test]
    fn formula_triggers_get_a_leading_apostrophe_and_nothing_else_changes() {
        for (raw, safe) in hostile_values() {
            assert_eq!(neutralise_formula(&raw), safe, "value {raw:?}");
        }
    }

    #[test]
    fn hostile_titles_round_trip_to_exactly_the_safe_cells() {
        let values = hostile_values();
        let findings: Vec<Finding> = values
            .iter()
            .enumerate()
            .map(|(i, (raw, _))| {
                let mut f = finding(&format!("id-{i}"), "Recon:EC2/Portscan", 2.0);
                f.title = Some(raw.as_str().into());
                f.account_id = Some(raw.as_str().into());
                f
            })
            .collect();
        let selected: Vec<u32> = (0..findings.len() as u32).collect();
        let records = parse(&findings_csv(&findings, &selected));
        assert_eq!(records.len(), values.len() + 1);
        assert_eq!(records[0], FINDING_COLUMNS);
        for (record, (raw, safe)) in records[1..].iter().zip(&values) {
            assert_eq!(record.len(), FINDING_COLUMNS.len(), "value {raw:?}");
            assert_eq!(record[4], *safe, "title {raw:?}");
            assert_eq!(record[5], *safe, "account {raw:?}");
        }
    }

    #[test]
    fn hostile_list_values_are_neutralised_at_the_start_of_the_cell() {
        let mut f = finding("-1", "=cmd|x", 8.0);
        f.domains = vec!["@evil.example".into(), "=evil.example".into()];
        f.network_actors = vec![NetworkActor {
            ip_address: Some("+1.2.3.4".into()),
            ..NetworkActor::default()
        }];
        f.resources = vec![Resource {
            kind: ResourceKind::Instance,
            id: "-i-123".into(),
            display_name: None,
            attributes: Vec::new(),
        }];
        f.region = Some("us-east-1".into());
        let records = parse(&findings_csv(&[f], &[0]));
        assert_eq!(records.len(), 2);
        let row = &records[1];
        assert_eq!(row[0], "'-1");
        assert_eq!(row[3], "'=cmd|x");
        assert_eq!(row[6], "us-east-1");
        assert_eq!(row[8], "'-i-123");
        assert_eq!(row[14], "'+1.2.3.4");
        assert_eq!(row[15], "'@evil.example; =evil.example");
    }

    #[test]
    fn a_finding_row_holds_every_column_in_order() {
        let mut f = finding("abc", "Recon:EC2/PortProbeUnprotectedPort", 5.5);
        f.title = Some("Unprotected port on EC2 instance i-1 is being probed.".into());
        f.account_id = Some("123456789012".into());
        f.region = Some("eu-west-1".into());
        f.resource_type = Some("Instance".into());
        f.resources = vec![Resource {
            kind: ResourceKind::Instance,
            id: "i-1".into(),
            display_name: None,
            attributes: Vec::new(),
        }];
        f.first_seen_at = Some(EpochMillis(1_668_677_599_224));
        f.last_seen_at = Some(EpochMillis(1_668_677_600_000));
        f.count = 42;
        f.sample = true;
        let actor = |ip: &str| NetworkActor {
            ip_address: Some(ip.into()),
            ..NetworkActor::default()
        };
        f.network_actors = vec![
            actor("198.51.100.7"),
            actor("198.51.100.8"),
            actor("198.51.100.7"),
        ];
        let records = parse(&findings_csv(&[f], &[0, 5]));
        assert_eq!(records.len(), 2, "the out-of-range index is skipped");
        assert_eq!(
            records[1],
            [
                "abc",
                "5.5",
                "Medium",
                "Recon:EC2/PortProbeUnprotectedPort",
                "Unprotected port on EC2 instance i-1 is being probed.",
                "123456789012",
                "eu-west-1",
                "Instance",
                "i-1",
                "2022-11-17T09:33:19.224Z",
                "2022-11-17T09:33:20.000Z",
                "42",
                "false",
                "true",
                "198.51.100.7; 198.51.100.8",
                "",
            ]
        );
    }

    #[test]
    fn records_end_in_crlf_and_quote_only_where_needed() {
        let mut f = finding("a,b", "Recon:EC2/Portscan", 2.0);
        f.title = Some("say \"hi\"".into());
        let text = findings_csv(&[f], &[0]);
        assert!(text.starts_with("id,severity,band,type,title,"));
        assert!(text.contains("\r\n\"a,b\",2,Low,Recon:EC2/Portscan,\"say \"\"hi\"\"\","));
        assert!(text.ends_with("\r\n"));
    }

    #[test]
    fn numbers_we_format_are_not_prefixed_but_impossible_scores_are() {
        assert_eq!(score(7.0), "7");
        assert_eq!(score(0.0), "0");
        assert_eq!(score(-2.0), "'-2");
        assert_eq!(score(f64::NEG_INFINITY), "'-inf");
        assert_eq!(score(f64::NAN), "NaN");
        assert_eq!(number(0_u32), "0");
    }

    #[test]
    fn no_findings_give_only_the_header() {
        let records = parse(&findings_csv(&[], &[0, 1]));
        assert_eq!(records, [FINDING_COLUMNS]);
        assert_eq!(parse(&ioc_csv(&[])), [IOC_COLUMNS]);
    }

    #[test]
    fn hostile_indicators_round_trip_through_the_ioc_csv() {
        let values = hostile_values();
        let mut f = finding("f", "Backdoor:EC2/C&CActivity.B", 8.0);
        f.first_seen_at = Some(EpochMillis(0));
        f.last_seen_at = Some(EpochMillis(1_000));
        f.threat_intel = vec![ThreatIntel {
            list_name: Some("=HYPERLINK(\"http://list\")".into()),
            // Threat names are kept as exported apart from surrounding white space.
            threat_names: values.iter().map(|(raw, _)| raw.as_str().into()).collect(),
        }];
        let rows = ioc_rows(&[f], &[0]);
        // Empty and all-white-space names are not indicators; the rest each give one row
        // ("\t=1+1" and "\r=1+1" trim to the same name, so they share one).
        let mut expected: Vec<(String, String)> = values
            .iter()
            .map(|(raw, _)| raw.trim().to_owned())
            .filter(|name| !name.is_empty())
            .map(|name| {
                let safe = neutralise_formula(&name).into_owned();
                (name, safe)
            })
            .collect();
        expected.sort();
        expected.dedup();
        assert_eq!(rows.len(), expected.len());
        let records = parse(&ioc_csv(&rows));
        assert_eq!(records.len(), rows.len() + 1);
        assert_eq!(records[0], IOC_COLUMNS);
        for (record, row) in records[1..].iter().zip(&rows) {
            let safe = expected
                .iter()
                .find(|(name, _)| *name == row.indicator)
                .map(|(_, safe)| safe.as_str());
            assert_eq!(Some(record[0].as_str()), safe);
            assert_eq!(record[1], "threat-name");
            assert_eq!(record[2], "1");
            assert_eq!(record[3], "8");
            assert_eq!(record[4], "High");
            assert_eq!(record[5], "1970-01-01T00:00:00.000Z");
            assert_eq!(record[6], "1970-01-01T00:00:01.000Z");
            assert_eq!(record[9], "Backdoor:EC2/C&CActivity.B");
            assert_eq!(record[10], "'=HYPERLINK(\"http://list\")");
        }
    }

    #[test]
    fn an_ioc_row_lists_its_evidence_joined() {
        let row = IocRow {
            indicator: "198.51.100.7".into(),
            kind: IocKind::Ipv4,
            finding_count: 3,
            highest_severity: SeverityBand::Critical,
            highest_severity_score: 9.5,
            first_seen_at: None,
            last_seen_at: Some(EpochMillis(1_668_677_599_224)),
            countries: vec!["Russia (RU)".into()],
            networks: vec!["AS12345 Bad, Hosting".into(), "-AS1".into()],
            finding_types: vec!["A:EC2/B".into(), "C:EC2/D".into()],
            distinct_finding_type_count: 2,
            threat_lists: vec![],
        };
        let records = parse(&ioc_csv(&[row]));
        assert_eq!(
            records[1],
            [
                "198.51.100.7",
                "ipv4",
                "3",
                "9.5",
                "Critical",
                "",
                "2022-11-17T09:33:19.224Z",
                "Russia (RU)",
                "AS12345 Bad, Hosting; -AS1",
                "A:EC2/B; C:EC2/D",
                "",
            ]
        );
    }
}
