//! Specification tests of the board pack's office exports without an office client: the SLA
//! hand count on a fixture with known dates, the package parts of the deck and the workbook,
//! and hostile finding text that must stay text (no formula, link or markup).

// Native only: roxmltree and the office clients are not built for wasm32.
#![cfg(not(target_arch = "wasm32"))]

mod office_support;

use guardview::analysis::ageing::ArchivedState;
use guardview::analysis::appetite::{AppetiteStatus, KriId};
use guardview::model::Rollup;
use guardview::model::SeverityBand;
use guardview::office::{
    deck, deck_slides, workbook, HistoryPack, DECK_SLIDES, HISTORY_SHEET, HISTORY_SLIDE,
    WORKBOOK_SHEETS,
};
use office_support::{
    load, pack_of, sheet_names, texts_of, tiny_png, xml_parts, zip_parts, SLA_FIXTURE_NOW,
};

// ------------------------------------------------------------------ ageing and SLA

#[test]
fn open_past_sla_counts_equal_the_hand_count_of_the_known_dates_fixture() {
    // Hand count at 2026-11-20T12:00:00Z with SLAs Critical 1, High 1, Medium 7, Low 30 days:
    //   crit-exactly-1-day        within (exactly 1 day)
    //   crit-1-day-1-ms           PAST
    //   high-5-days               PAST
    //   high-half-day             within
    //   medium-exactly-7-days     within (exactly 7 days)
    //   medium-19-days            PAST
    //   medium-archived-50-days   archived: not open
    //   low-exactly-30-days       within (exactly 30 days)
    //   low-111-days              PAST
    //   low-30-days-1-ms          PAST
    let session = load(&["board/sla_known_dates.json"]);
    let pack = pack_of(&session, SLA_FIXTURE_NOW);
    let ageing = &pack.ageing;
    let past = |band: SeverityBand| ageing.bands[band.index()].past_sla;
    assert_eq!(past(SeverityBand::Critical), 1);
    assert_eq!(past(SeverityBand::High), 1);
    assert_eq!(past(SeverityBand::Medium), 1);
    assert_eq!(past(SeverityBand::Low), 2);
    assert_eq!(ageing.past_sla_count(), 5);
    assert_eq!(ageing.active(), 9);
    let listed: Vec<&str> = pack.past_sla.iter().map(|row| row.id.as_str()).collect();
    assert_eq!(
        listed,
        [
            "crit-1-day-1-ms",
            "high-5-days",
            "medium-19-days",
            "low-111-days",
            "low-30-days-1-ms"
        ],
        "most severe first, then highest score, then oldest"
    );
    // The archived finding is measured: 2026-10-01 to its update on 2026-10-11 is 10 days.
    let ArchivedState::Measured(bands) = &ageing.archived else {
        panic!("the fixture has an archived finding: {:?}", ageing.archived);
    };
    let medium = bands
        .iter()
        .find(|b| b.band == SeverityBand::Medium)
        .expect("every band is listed");
    assert_eq!((medium.measured, medium.median_days), (1, Some(10.0)));
    let percent = pack
        .indicators
        .iter()
        .find(|k| k.id == KriId::PastSlaPercent)
        .and_then(|k| k.value);
    assert_eq!(percent, Some(5.0 * 100.0 / 9.0));
}

#[test]
fn an_s3_export_without_archived_findings_says_the_archived_state_is_unknown() {
    let session = load(&["roundtrip/s3_export.jsonl.gz"]);
    let pack = pack_of(&session, SLA_FIXTURE_NOW);
    assert_eq!(pack.ageing.archived, ArchivedState::Unknown);
    let session = load(&["roundtrip/camel_case.json"]);
    let pack = pack_of(&session, SLA_FIXTURE_NOW);
    assert_eq!(pack.ageing.archived, ArchivedState::NoneArchived);
}

// ------------------------------------------------------------------ the deck

#[test]
fn the_deck_is_a_package_of_well_formed_parts_with_one_slide_per_title() {
    let session = load(&["board/sla_known_dates.json"]);
    let mut pack = pack_of(&session, SLA_FIXTURE_NOW);
    pack.charts.timeline_png = Some(tiny_png(16, 9));
    pack.charts.risk_matrix_png = Some(b"not a png".to_vec());
    let bytes = deck(&pack).expect("a deck");
    let parts = xml_parts(&bytes);
    for required in [
        "[Content_Types].xml",
        "_rels/.rels",
        "ppt/presentation.xml",
        "ppt/_rels/presentation.xml.rels",
        "ppt/slideMasters/slideMaster1.xml",
        "ppt/slideLayouts/slideLayout1.xml",
        "ppt/theme/theme1.xml",
    ] {
        assert!(parts.contains_key(required), "missing {required}");
    }
    let slides = parts
        .keys()
        .filter(|name| name.starts_with("ppt/slides/slide"))
        .count();
    assert_eq!(slides, DECK_SLIDES.len());
    // The timeline slide (3) carries the PNG; the matrix slide (4) got junk bytes: text only.
    let media: Vec<String> = zip_parts(&bytes)
        .into_keys()
        .filter(|name| name.starts_with("ppt/media/"))
        .collect();
    assert_eq!(media, ["ppt/media/image3.png"]);
    assert!(parts["ppt/slides/slide3.xml"].contains("<p:pic>"));
    assert!(!parts["ppt/slides/slide4.xml"].contains("<p:pic>"));
}

#[test]
fn the_first_content_slide_is_the_indicator_table_with_status_words() {
    let session = load(&["board/sla_known_dates.json"]);
    let pack = pack_of(&session, SLA_FIXTURE_NOW);
    let parts = xml_parts(&deck(&pack).expect("a deck"));
    let slide = &parts["ppt/slides/slide2.xml"];
    assert!(slide.contains("<a:tbl>"), "the indicators are a real table");
    let text = texts_of(slide, "t").join("\n");
    for kri in &pack.indicators {
        assert!(text.contains(kri.label()), "{}", kri.label());
        assert!(text.contains(kri.status.word()), "{}", kri.status.word());
        if let Some(decision) = &kri.decision {
            assert!(text.contains(decision.as_str()));
        }
    }
    // One attack sequence is open and the default appetite is red at 1.
    let sequences = pack
        .indicators
        .iter()
        .find(|k| k.id == KriId::AttackSequences)
        .expect("always present");
    assert_eq!(sequences.status, AppetiteStatus::Red);
}

// ------------------------------------------------------------------ the workbook

#[test]
fn the_workbook_has_its_sheets_a_frozen_filtered_header_and_typed_cells() {
    let session = load(&["board/sla_known_dates.json"]);
    let pack = pack_of(&session, SLA_FIXTURE_NOW);
    let parts = xml_parts(&workbook(&pack).expect("a workbook"));
    assert_eq!(sheet_names(&parts), WORKBOOK_SHEETS);
    let findings = &parts["xl/worksheets/sheet1.xml"];
    assert!(findings.contains("<pane ySplit=\"1\""), "frozen header");
    assert!(
        findings.contains("<autoFilter ref=\"A1:P11\""),
        "autofilter over the rows"
    );
    // Severity (column B) is a number; dates (J, K) are numbers with a date style.
    let document = roxmltree::Document::parse(findings).expect("well-formed");
    let cell = |reference: &str| {
        document
            .descendants()
            .find(|n| n.tag_name().name() == "c" && n.attribute("r") == Some(reference))
            .unwrap_or_else(|| panic!("no cell {reference}"))
    };
    assert_eq!(
        cell("B2").attribute("t"),
        None,
        "a number has no type attribute"
    );
    assert_eq!(cell("J2").attribute("t"), None);
    assert!(
        cell("J2").attribute("s").is_some(),
        "a date carries its format"
    );
    assert_eq!(
        cell("M2").attribute("t"),
        Some("b"),
        "archived is a boolean"
    );
}

// ------------------------------------------------------------------ hostile text

const HOSTILE: &str = "hostile/every_string_field_is_a_payload.json";

#[test]
fn hostile_text_never_becomes_a_formula_or_link_in_the_workbook() {
    let session = load(&[HOSTILE]);
    let pack = pack_of(&session, SLA_FIXTURE_NOW);
    assert!(pack
        .findings
        .iter()
        .any(|r| r.title.starts_with("=HYPERLINK")));
    let bytes = workbook(&pack).expect("a workbook");
    let parts = xml_parts(&bytes);
    for (name, xml) in &parts {
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "{name} has a formula"
        );
        assert!(!xml.contains("<hyperlink"), "{name} has a hyperlink");
        assert!(
            !xml.contains("TargetMode=\"External\""),
            "{name} links outside"
        );
    }
    assert!(zip_parts(&bytes)
        .keys()
        .all(|name| !name.contains("externalLink") && !name.contains("vbaProject")));
    // The payloads are stored as shared strings, character for character.
    let strings = texts_of(&parts["xl/sharedStrings.xml"], "t");
    for row in &pack.findings {
        assert!(
            strings.contains(&row.title),
            "title {:?} kept as text",
            row.title
        );
    }
}

#[test]
fn hostile_text_stays_escaped_text_in_the_deck() {
    let session = load(&[HOSTILE]);
    let mut pack = pack_of(&session, SLA_FIXTURE_NOW);
    // Put payloads where every kind of slide text goes.
    let payload = "=HYPERLINK(\"http://evil.example/\",\"x\") <script>alert(1)</script> \u{1}";
    pack.title = payload.to_owned();
    pack.scope = payload.to_owned();
    pack.actions.push(payload.to_owned());
    pack.coverage.silent_accounts.push(payload.to_owned());
    let bytes = deck(&pack).expect("a deck");
    let parts = xml_parts(&bytes);
    for (name, xml) in &parts {
        assert!(!xml.contains("<script"), "{name} has raw markup");
        assert!(!xml.contains("hlinkClick"), "{name} has a link");
        assert!(
            !xml.contains("TargetMode=\"External\""),
            "{name} links outside"
        );
    }
    let cover = texts_of(&parts["ppt/slides/slide1.xml"], "t").join("\n");
    assert!(cover.contains("=HYPERLINK(\"http://evil.example/\",\"x\") <script>alert(1)</script> "));
    assert!(!cover.contains('\u{1}'), "control characters are dropped");
}

// ------------------------------------------------------------------ a rollup's history

/// The rollup of every finding in `relatives` (what `guardview rollup` writes for them).
fn rollup_of(relatives: &[&str]) -> Rollup {
    let session = load(relatives);
    let mut rollup = Rollup::new();
    for finding in session.findings().findings() {
        rollup.add_finding(finding);
    }
    rollup
}

#[test]
fn a_loaded_history_is_the_second_slide_and_a_last_sheet_beside_the_findings() {
    let session = load(&["board/sla_known_dates.json"]);
    let mut pack = pack_of(&session, SLA_FIXTURE_NOW);
    let history = HistoryPack::of(&rollup_of(&["board/sla_known_dates.json"])).expect("rows");
    pack.history = Some(history.clone());
    pack.charts.history_png = Some(tiny_png(16, 9));
    let titles = deck_slides(&pack);
    assert_eq!(titles.len(), DECK_SLIDES.len() + 1);
    assert_eq!((titles[0], titles[1]), (DECK_SLIDES[0], HISTORY_SLIDE));
    assert_eq!(&titles[2..], &DECK_SLIDES[1..]);

    let bytes = deck(&pack).expect("a deck");
    let parts = xml_parts(&bytes);
    let slides = parts
        .keys()
        .filter(|n| n.starts_with("ppt/slides/slide"))
        .count();
    assert_eq!(slides, titles.len());
    let slide = texts_of(&parts["ppt/slides/slide2.xml"], "t").join("\n");
    assert!(slide.contains(HISTORY_SLIDE), "{slide}");
    assert!(slide.contains(&history.headline), "{slide}");
    assert!(
        slide.contains("2 / 9"),
        "numbered in the longer deck: {slide}"
    );
    assert!(
        parts["ppt/slides/slide2.xml"].contains("<p:pic>"),
        "the monthly chart"
    );
    let last = texts_of(&parts["ppt/slides/slide9.xml"], "t").join("\n");
    assert!(
        last.contains(DECK_SLIDES[7]) && last.contains("9 / 9"),
        "{last}"
    );

    let book = xml_parts(&workbook(&pack).expect("a workbook"));
    let mut expected: Vec<&str> = WORKBOOK_SHEETS.to_vec();
    expected.push(HISTORY_SHEET);
    assert_eq!(sheet_names(&book), expected);
}

#[test]
fn a_history_alone_makes_a_two_slide_deck_led_by_the_history_headline() {
    let empty = load(&[]);
    let mut pack = pack_of(&empty, SLA_FIXTURE_NOW);
    let history = HistoryPack::of(&rollup_of(&["board/sla_known_dates.json"])).expect("rows");
    pack.history = Some(history.clone());
    assert_eq!(deck_slides(&pack), [DECK_SLIDES[0], HISTORY_SLIDE]);
    let parts = xml_parts(&deck(&pack).expect("a deck"));
    let cover = texts_of(&parts["ppt/slides/slide1.xml"], "t").join("\n");
    assert!(cover.contains(&history.headline), "{cover}");
    assert!(
        cover.contains(&format!("History: {}", history.span)),
        "{cover}"
    );
    assert!(!parts.contains_key("ppt/slides/slide3.xml"));
}

#[test]
fn the_history_sheet_holds_every_month_and_its_counts_add_up_to_the_rollup() {
    let rollup = rollup_of(&[
        "board/sla_known_dates.json",
        "corpus/cruxstack-aws-securityhubv2-bot/fixtures__samples.json",
    ]);
    let history = HistoryPack::of(&rollup).expect("rows");
    let dated: u64 = history
        .months
        .iter()
        .flat_map(|(_, bands)| bands.iter())
        .sum();
    let undated = guardview::analysis::rollup_views::rollup_kpis(&rollup).undated;
    assert_eq!(dated + undated, rollup.totals().findings);
    let months: Vec<&str> = history.months.iter().map(|(m, _)| m.as_str()).collect();
    assert!(
        months.windows(2).all(|w| w[0] < w[1]),
        "oldest first: {months:?}"
    );

    let empty = load(&[]);
    let mut pack = pack_of(&empty, SLA_FIXTURE_NOW);
    pack.history = Some(history.clone());
    let book = xml_parts(&workbook(&pack).expect("a workbook"));
    let sheet = &book[&format!("xl/worksheets/sheet{}.xml", WORKBOOK_SHEETS.len() + 1)];
    let strings = texts_of(&book["xl/sharedStrings.xml"], "t");
    for (month, _) in &history.months {
        assert!(strings.contains(month), "{month} is a row");
    }
    assert!(strings.contains(&history.headline));
    // The "all" column (F) of the month rows adds up to the dated findings.
    let all_column: f64 = roxmltree::Document::parse(sheet)
        .expect("well-formed")
        .descendants()
        .filter(|n| n.tag_name().name() == "c")
        .filter(|n| n.attribute("r").is_some_and(|r| r.starts_with('F')))
        .filter(|n| n.attribute("t").is_none())
        .filter_map(|n| n.children().find(|c| c.tag_name().name() == "v"))
        .filter_map(|v| v.text()?.parse::<f64>().ok())
        .sum();
    assert_eq!(all_column, dated as f64);
}
