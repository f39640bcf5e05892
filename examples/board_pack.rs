//! Writes the board pack of the sample data as `board-pack.pptx` and `board-pack.xlsx` into a
//! directory (default: the current one), to open them in an office suite by hand.
//!
//! `cargo run --example board_pack -- [DIR]`

use guardview::analysis::ageing::{archived_state_known, SlaSettings};
use guardview::analysis::appetite::AppetiteSettings;
use guardview::analysis::briefing::SelectedFindings;
use guardview::analysis::risk::{latest_activity, RiskRules};
use guardview::ingest::LoadSession;
use guardview::model::EpochMillis;
use guardview::office::{assemble, deck, workbook, PackSettings};
use guardview::sample::{write_sample, SampleFormat, SampleOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".to_owned());
    let mut sample = Vec::new();
    // 2026-11-20T12:00:00Z: a fixed "now" gives the same pack on every run.
    let options = SampleOptions::new(400, 1, SampleFormat::JsonArray, 1_795_176_000_000);
    write_sample(&options, &mut sample)?;
    let mut session = LoadSession::new();
    session.load_bytes("sample.json", &sample);
    let findings = session.findings().findings();
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    let now = latest_activity(findings, &all).unwrap_or(EpochMillis(0));
    let (rules, sla, appetite) = (
        RiskRules::default(),
        SlaSettings::default(),
        AppetiteSettings::default(),
    );
    let pack = assemble(
        SelectedFindings::new(findings, &all),
        None,
        PackSettings {
            rules: &rules,
            sla: &sla,
            appetite: &appetite,
            archived_known: archived_state_known(findings, session.reports()),
            title: "Security briefing · Amazon GuardDuty",
            scope: "All findings (sample data)",
        },
        now,
    );
    std::fs::write(format!("{dir}/board-pack.pptx"), deck(&pack)?)?;
    std::fs::write(format!("{dir}/board-pack.xlsx"), workbook(&pack)?)?;
    println!("wrote {dir}/board-pack.pptx and {dir}/board-pack.xlsx");
    Ok(())
}
