//! Shared helpers of the office-export tests: loading fixtures into a board pack, a real PNG
//! small enough to build in code, and reading the parts of a zip package.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use guardview::analysis::ageing::{archived_state_known, SlaSettings};
use guardview::analysis::appetite::AppetiteSettings;
use guardview::analysis::briefing::SelectedFindings;
use guardview::analysis::risk::RiskRules;
use guardview::ingest::LoadSession;
use guardview::model::EpochMillis;
use guardview::office::{assemble, BoardPack, PackSettings};

/// The assessment time of `board/sla_known_dates.json`: 2026-11-20T12:00:00Z.
pub const SLA_FIXTURE_NOW: EpochMillis = EpochMillis(1_795_176_000_000);

pub fn fixture(relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Loads fixture files (relative to tests/fixtures) into one session.
pub fn load(relatives: &[&str]) -> LoadSession {
    let mut session = LoadSession::new();
    for relative in relatives {
        let name = Path::new(relative)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(relative);
        let report = session.load_bytes(name, &fixture(relative));
        assert!(report.error.is_none(), "{relative}: {:?}", report.error);
    }
    session
}

/// The board pack of every loaded finding (in load order) at `now`, with default settings.
pub fn pack_of(session: &LoadSession, now: EpochMillis) -> BoardPack {
    let findings = session.findings().findings();
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    let rules = RiskRules::default();
    let sla = SlaSettings::default();
    let appetite = AppetiteSettings::default();
    let settings = PackSettings {
        rules: &rules,
        sla: &sla,
        appetite: &appetite,
        archived_known: archived_state_known(findings, session.reports()),
        title: "Security briefing · Amazon GuardDuty",
        scope: "All findings",
    };
    assemble(SelectedFindings::new(findings, &all), None, settings, now)
}

/// A valid RGB PNG of one colour, `width` × `height` pixels.
pub fn tiny_png(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &header);
    // Each row: filter type 0, then RGB pixels.
    let mut row = vec![0u8];
    row.extend([0x2F, 0x6F, 0xAD].repeat(width as usize));
    let pixels = row.repeat(height as usize);
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&pixels).expect("writing to a Vec");
    chunk(
        &mut png,
        b"IDAT",
        &encoder.finish().expect("writing to a Vec"),
    );
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Every part of a zip package by name.
pub fn zip_parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut parts = BTreeMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("a zip entry");
        let mut data = Vec::new();
        file.read_to_end(&mut data).expect("a readable entry");
        parts.insert(file.name().to_owned(), data);
    }
    parts
}

/// Every `.xml` / `.rels` part as text, each checked to be well-formed XML.
pub fn xml_parts(bytes: &[u8]) -> BTreeMap<String, String> {
    zip_parts(bytes)
        .into_iter()
        .filter(|(name, _)| name.ends_with(".xml") || name.ends_with(".rels"))
        .map(|(name, data)| {
            let text = String::from_utf8(data).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
            if let Err(error) = roxmltree::Document::parse(&text) {
                panic!("{name} is not well-formed XML: {error}");
            }
            (name, text)
        })
        .collect()
}

/// The text content of every element named `local_name` in an XML part, in document order.
pub fn texts_of(xml: &str, local_name: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(xml).expect("well-formed XML");
    document
        .descendants()
        .filter(|n| n.tag_name().name() == local_name)
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .collect()
}

/// The sheet names of a workbook's parts, in order.
pub fn sheet_names(parts: &BTreeMap<String, String>) -> Vec<String> {
    roxmltree::Document::parse(&parts["xl/workbook.xml"])
        .expect("well-formed")
        .descendants()
        .filter(|n| n.tag_name().name() == "sheet")
        .filter_map(|n| n.attribute("name").map(str::to_owned))
        .collect()
}
