//! The board pack opened by a real office client: LibreOffice (headless) converts the deck to
//! PDF and the workbook's Findings sheet to CSV, and the results are checked against the app's
//! own numbers and findings CSV. Run by `make test-office` (after scripts/setup-office.sh); it
//! fails, never skips, when LibreOffice or poppler-utils is missing.

// Native only: roxmltree and the office clients are not built for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod office_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use guardview::analysis::export::findings_csv;
use guardview::ingest::LoadSession;
use guardview::model::Rollup;
use guardview::office::{
    deck, deck_slides, workbook, BoardPack, HistoryPack, DECK_SLIDES, HISTORY_SLIDE,
};
use office_support::{load, pack_of, tiny_png, SLA_FIXTURE_NOW};

const HOSTILE: &str = "hostile/every_string_field_is_a_payload.json";
const KNOWN_DATES: &str = "board/sla_known_dates.json";

/// A fresh directory for one test's files and its own LibreOffice profile, so parallel runs
/// never share a profile (a shared one makes the second `soffice` exit without converting).
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("guardview-office-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir
}

/// Runs a program and returns its standard output; a missing program fails the test.
fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {program} ({e}): run scripts/setup-office.sh (`make test-office` does)"
            )
        });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `soffice --headless --convert-to FILTER` of `input` into `dir`, with a profile in `dir`.
fn convert(dir: &Path, filter: &str, input: &Path) {
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.display());
    let started = Instant::now();
    run(
        "soffice",
        &[
            &profile,
            "--headless",
            "--norestore",
            "--convert-to",
            filter,
            "--outdir",
            &dir.display().to_string(),
            &input.display().to_string(),
        ],
    );
    eprintln!(
        "soffice converted {} to {filter} in {:.1} s",
        input.display(),
        started.elapsed().as_secs_f64()
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("writing a scratch file");
    path
}

/// Page count from `pdfinfo`.
fn pdf_pages(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[&pdf.display().to_string()]);
    info.lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"))
}

/// The PDF's text (pages `first..=last`), whitespace collapsed to single spaces.
fn pdf_text(pdf: &Path, pages: Option<(usize, usize)>) -> String {
    let mut args = Vec::new();
    let (first, last);
    if let Some((f, l)) = pages {
        first = f.to_string();
        last = l.to_string();
        args.extend(["-f", first.as_str(), "-l", last.as_str()]);
    }
    let path = pdf.display().to_string();
    args.extend([path.as_str(), "-"]);
    collapse(&run("pdftotext", &args))
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The deck of `pack` as a PDF made by Impress.
fn deck_pdf(dir: &Path, pack: &BoardPack) -> PathBuf {
    let pptx = write(dir, "deck.pptx", &deck(pack).expect("a deck"));
    convert(dir, "pdf", &pptx);
    let pdf = dir.join("deck.pdf");
    assert!(pdf.exists(), "Impress wrote no PDF for the deck");
    pdf
}

/// The workbook's first sheet (Findings) as CSV rows made by Calc: UTF-8, comma, `"`, values
/// as shown (so dates read as their ISO format).
fn findings_sheet_rows(dir: &Path, pack: &BoardPack) -> Vec<Vec<String>> {
    let xlsx = write(dir, "workbook.xlsx", &workbook(pack).expect("a workbook"));
    convert(
        dir,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1",
        &xlsx,
    );
    // With a sheet number, Calc names the file after the sheet.
    let csv =
        std::fs::read(dir.join("workbook-Findings.csv")).expect("Calc wrote the Findings sheet");
    rows(&csv)
}

fn rows(csv: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv)
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
        .collect()
}

/// The app's findings CSV of the same findings, as a spreadsheet shows its cells: the
/// formula-neutralising `'` removed (the workbook needs none: its cells are strings) and the
/// booleans in Calc's spelling.
fn app_csv_rows(session: &LoadSession) -> Vec<Vec<String>> {
    let findings = session.findings().findings();
    let all: Vec<u32> = (0..findings.len() as u32).collect();
    let mut expected = rows(findings_csv(findings, &all).as_bytes());
    for row in expected.iter_mut().skip(1) {
        for cell in row.iter_mut() {
            if let Some(rest) = cell.strip_prefix('\'') {
                if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                    *cell = rest.to_owned();
                }
            }
            if cell == "true" || cell == "false" {
                *cell = cell.to_uppercase();
            }
        }
    }
    expected
}

#[test]
fn the_deck_opens_in_impress_with_every_slide_and_the_headline_numbers() {
    let dir = scratch("deck");
    let session = load(&[KNOWN_DATES]);
    let mut pack = pack_of(&session, SLA_FIXTURE_NOW);
    pack.charts.timeline_png = Some(tiny_png(160, 72));
    pack.charts.risk_matrix_png = Some(tiny_png(160, 76));
    let pdf = deck_pdf(&dir, &pack);
    assert_eq!(pdf_pages(&pdf), DECK_SLIDES.len());

    let cover = pdf_text(&pdf, Some((1, 1)));
    assert!(
        cover.contains(&collapse(&pack.headline)),
        "headline {:?} not in {cover:?}",
        pack.headline
    );
    let indicators = pdf_text(&pdf, Some((2, 2)));
    assert!(indicators.contains("Key risk indicators against appetite"));
    for kri in &pack.indicators {
        assert!(
            indicators.contains(&kri.value_text()),
            "{} = {} not on the indicators slide: {indicators:?}",
            kri.label(),
            kri.value_text()
        );
    }
    assert!(indicators.contains("Over appetite"), "{indicators:?}");
    let ageing = pdf_text(&pdf, Some((6, 6)));
    // The hand count of the fixture: 1 Critical, 1 High, 1 Medium and 2 Low past SLA.
    for line in [
        "Critical: 1 of 2 active past the 1-day SLA",
        "High: 1 of 2 active past the 1-day SLA",
        "Medium: 1 of 2 active past the 7-day SLA",
        "Low: 2 of 3 active past the 30-day SLA",
    ] {
        assert!(ageing.contains(line), "{line:?} not in {ageing:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_workbook_findings_sheet_converts_to_the_apps_findings_csv() {
    let dir = scratch("workbook");
    let session = load(&[
        KNOWN_DATES,
        "roundtrip/camel_case.json",
        "roundtrip/asff.json",
    ]);
    let pack = pack_of(&session, SLA_FIXTURE_NOW);
    let sheet = findings_sheet_rows(&dir, &pack);
    let expected = app_csv_rows(&session);
    assert_eq!(
        sheet.len(),
        expected.len(),
        "header plus one row per finding"
    );
    for (sheet_row, app_row) in sheet.iter().zip(&expected) {
        assert_eq!(sheet_row, app_row);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_text_stays_text_when_libreoffice_opens_both_files() {
    let dir = scratch("hostile");
    let session = load(&[HOSTILE]);
    let mut pack = pack_of(&session, SLA_FIXTURE_NOW);
    let payload = "=HYPERLINK(\"http://evil.example/\",\"click me\")";
    pack.title = payload.to_owned();
    pack.actions
        .push("<script>window.__pwned='deck'</script>".to_owned());

    // Calc shows every payload as the text it is: a formula would show its result instead.
    let sheet = findings_sheet_rows(&dir, &pack);
    let expected = app_csv_rows(&session);
    assert_eq!(sheet, expected);
    assert!(sheet
        .iter()
        .any(|row| row.get(4).is_some_and(|t| t.starts_with("=HYPERLINK("))));

    // Impress prints the payloads as text, and the PDF carries no link or script.
    let pdf = deck_pdf(&dir, &pack);
    assert_eq!(pdf_pages(&pdf), DECK_SLIDES.len());
    let text = pdf_text(&pdf, None);
    assert!(text.contains(payload), "{text:?}");
    assert!(text.contains("<script>window.__pwned='deck'</script>"));
    let raw = std::fs::read(&pdf).expect("the PDF");
    let raw = String::from_utf8_lossy(&raw);
    for marker in ["/URI", "/JavaScript", "/JS ", "/Launch"] {
        assert!(!raw.contains(marker), "the PDF has {marker}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_deck_with_a_rollups_history_opens_in_impress_with_the_history_second() {
    let dir = scratch("history");
    let session = load(&[KNOWN_DATES]);
    let mut rollup = Rollup::new();
    for finding in session.findings().findings() {
        rollup.add_finding(finding);
    }
    let mut pack = pack_of(&session, SLA_FIXTURE_NOW);
    let history = HistoryPack::of(&rollup).expect("rows");
    pack.history = Some(history.clone());
    pack.charts.history_png = Some(tiny_png(160, 72));
    let pdf = deck_pdf(&dir, &pack);
    assert_eq!(pdf_pages(&pdf), deck_slides(&pack).len());
    assert_eq!(pdf_pages(&pdf), DECK_SLIDES.len() + 1);
    let slide = pdf_text(&pdf, Some((2, 2)));
    assert!(slide.contains(HISTORY_SLIDE), "{slide:?}");
    assert!(
        slide.contains(&collapse(&history.headline)),
        "headline {:?} not in {slide:?}",
        history.headline
    );
    let _ = std::fs::remove_dir_all(&dir);
}
