//! The board pack as a PowerPoint deck: the slides of presentation mode plus the indicators,
//! ageing and coverage, as real (editable) text and tables, with the browser's chart PNGs.
//!
//! The OOXML parts are written here (see `ooxml`) and zipped by the `zip` crate: no PPTX crate
//! on crates.io was both maintained and light enough for the page's module (ARCHITECTURE.md).

use crate::analysis::ageing::ArchivedState;
use crate::analysis::appetite::AppetiteStatus;
use crate::analysis::briefing::{count_text, HISTORY_SLIDE_TOPICS};
use crate::analysis::risk::{risk_level, Level};
use crate::model::SeverityBand;

use super::ooxml::{
    fit, package, paragraph, png_size, run, Frame, SlidePart, SlideXml, Style, SLIDE_HEIGHT_EMU,
    SLIDE_WIDTH_EMU,
};
use super::{BoardPack, HistoryPack, OfficeError};

/// The slide titles of a deck without a history, in order.
pub const DECK_SLIDES: [&str; 8] = [
    "Briefing",
    "Key risk indicators against appetite",
    "Findings over time",
    "Risk (NIST SP 800-30)",
    "Top threats",
    "Ageing and SLA",
    "Coverage",
    "Decisions and actions",
];

/// The title of the history's slide, second when a rollup is loaded (see [`deck_slides`]).
pub const HISTORY_SLIDE: &str = "History (rollup)";

/// One slide of the deck.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Briefing,
    History,
    Indicators,
    Timeline,
    Risk,
    Threats,
    Ageing,
    Coverage,
    Decisions,
}

/// The slides about findings, in the order of [`DECK_SLIDES`].
const FINDING_SLIDES: [Kind; 8] = [
    Kind::Briefing,
    Kind::Indicators,
    Kind::Timeline,
    Kind::Risk,
    Kind::Threats,
    Kind::Ageing,
    Kind::Coverage,
    Kind::Decisions,
];

impl Kind {
    fn title(self) -> &'static str {
        match FINDING_SLIDES.iter().position(|&kind| kind == self) {
            Some(at) => DECK_SLIDES[at],
            None => HISTORY_SLIDE,
        }
    }
}

/// The slides of `pack`, in [`super::deck_order`].
fn kinds(pack: &BoardPack) -> Vec<Kind> {
    super::deck_order(
        Kind::Briefing,
        pack.history.is_some().then_some(Kind::History),
        &FINDING_SLIDES[1..],
        !pack.findings.is_empty(),
    )
}

/// The titles of `pack`'s slides, in order.
pub fn deck_slides(pack: &BoardPack) -> Vec<&'static str> {
    kinds(pack).into_iter().map(Kind::title).collect()
}

/// Where a slide is: its title and its place in the deck.
#[derive(Clone, Copy, Debug)]
struct At {
    title: &'static str,
    number: usize,
    total: usize,
}

const MARGIN: i64 = 457_200;
const BODY_TOP: i64 = 1_150_000;
const FOOTER_HEIGHT: i64 = 420_000;
/// Longest bullet text on a slide, in characters (the workbook keeps the full text).
const MAX_BULLET_CHARS: usize = 280;

const INK: &str = "1F2933";
const MUTED: &str = "52606D";

const TITLE: Style = Style {
    size_pt: 28,
    bold: true,
    colour: INK,
};
const BODY: Style = Style {
    size_pt: 18,
    bold: false,
    colour: INK,
};
const SMALL: Style = Style {
    size_pt: 11,
    bold: false,
    colour: MUTED,
};

fn body_area() -> Frame {
    Frame {
        x: MARGIN,
        y: BODY_TOP,
        width: SLIDE_WIDTH_EMU - 2 * MARGIN,
        height: SLIDE_HEIGHT_EMU - BODY_TOP - FOOTER_HEIGHT - 100_000,
    }
}

/// The deck's bytes.
pub fn deck(pack: &BoardPack) -> Result<Vec<u8>, OfficeError> {
    let kinds = kinds(pack);
    let slides = kinds
        .iter()
        .enumerate()
        .map(|(index, &kind)| {
            let at = At {
                title: kind.title(),
                number: index + 1,
                total: kinds.len(),
            };
            match kind {
                Kind::Briefing => cover(pack, at),
                Kind::History => history(pack, at),
                Kind::Indicators => indicators(pack, at),
                Kind::Timeline => chart_slide(
                    pack,
                    at,
                    std::slice::from_ref(&pack.headline),
                    pack.charts.timeline_png.as_deref(),
                    "Findings over time, by severity",
                    BODY,
                ),
                Kind::Risk => risk(pack, at),
                Kind::Threats => chart_slide(
                    pack,
                    at,
                    &pack.top_risks,
                    pack.charts.threats_png.as_deref(),
                    "Findings by threat purpose",
                    BODY,
                ),
                Kind::Ageing => ageing(pack, at),
                Kind::Coverage => coverage(pack, at),
                Kind::Decisions => decisions(pack, at),
            }
        })
        .collect();
    package(&pack.title, slides)
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_BULLET_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// A slide with its title and footer; `body` adds the rest.
fn slide(pack: &BoardPack, at: At, body: impl FnOnce(&mut SlideXml)) -> SlideXml {
    let mut xml = SlideXml::new();
    xml.text_box(
        "Title",
        Frame {
            x: MARGIN,
            y: 300_000,
            width: SLIDE_WIDTH_EMU - 2 * MARGIN,
            height: 760_000,
        },
        &paragraph(&run(at.title, TITLE), false),
    );
    body(&mut xml);
    let period = match &pack.history {
        Some(history) if HistoryPack::alone_in(pack) => format!("History {}", history.span),
        _ => pack.period.clone(),
    };
    let footer = format!("guardview · {period} · {} / {}", at.number, at.total);
    xml.text_box(
        "Footer",
        Frame {
            x: MARGIN,
            y: SLIDE_HEIGHT_EMU - FOOTER_HEIGHT,
            width: SLIDE_WIDTH_EMU - 2 * MARGIN,
            height: 320_000,
        },
        &paragraph(&run(&footer, SMALL), false),
    );
    xml
}

fn bullets(lines: &[String], style: Style) -> String {
    lines
        .iter()
        .map(|line| paragraph(&run(&cut(line), style), true))
        .collect()
}

fn plain(lines: &[String], style: Style) -> String {
    lines
        .iter()
        .map(|line| paragraph(&run(&cut(line), style), false))
        .collect()
}

fn cover(pack: &BoardPack, at: At) -> SlidePart {
    let xml = slide(pack, at, |xml| {
        let kicker = paragraph(
            &run(
                &pack.title,
                Style {
                    size_pt: 20,
                    bold: true,
                    colour: "2F6FAD",
                },
            ),
            false,
        );
        let alone = pack
            .history
            .as_ref()
            .filter(|_| HistoryPack::alone_in(pack));
        let headline = paragraph(
            &run(
                alone.map_or(&pack.headline, |history| &history.headline),
                Style {
                    size_pt: 30,
                    bold: true,
                    colour: INK,
                },
            ),
            false,
        );
        let period = match alone {
            Some(history) => format!("History: {}", history.span),
            None => format!("Period: {}", pack.period),
        };
        let meta = plain(
            &[
                period,
                format!("Scope: {}", pack.scope),
                format!("Assessed at {}", pack.assessed_at.to_iso8601()),
            ],
            BODY,
        );
        xml.text_box(
            "Briefing",
            body_area(),
            &format!("{kicker}{headline}{meta}"),
        );
    });
    SlidePart {
        xml: xml.finish(),
        image_png: None,
    }
}

/// The history's text on its slide: smaller than the body, as it runs to five sentences.
const HISTORY_TEXT: Style = Style {
    size_pt: 14,
    bold: false,
    colour: INK,
};

/// A loaded rollup's history: its headline and main sentences beside the findings per month.
fn history(pack: &BoardPack, at: At) -> SlidePart {
    let lines: Vec<String> = pack
        .history
        .iter()
        .flat_map(|history| {
            let sections = history
                .sections
                .iter()
                .filter(|(topic, _)| HISTORY_SLIDE_TOPICS.contains(topic))
                .map(|(_, text)| text.clone());
            std::iter::once(history.headline.clone()).chain(sections)
        })
        .collect();
    chart_slide(
        pack,
        at,
        &lines,
        pack.charts.history_png.as_deref(),
        "Findings per month of first activity, by severity",
        HISTORY_TEXT,
    )
}

fn status_fill(status: AppetiteStatus) -> Option<&'static str> {
    match status {
        AppetiteStatus::NoData => None,
        AppetiteStatus::Within => Some("DCFCE7"),
        AppetiteStatus::Amber => Some("FEF3C7"),
        AppetiteStatus::Red => Some("FEE2E2"),
    }
}

fn indicators(pack: &BoardPack, at: At) -> SlidePart {
    let xml = slide(pack, at, |xml| {
        let rows: Vec<Vec<(String, Option<&'static str>)>> = pack
            .indicators
            .iter()
            .map(|kri| {
                vec![
                    (kri.label().to_owned(), None),
                    (kri.value_text(), None),
                    (
                        format!("{} {}", kri.status.symbol(), kri.status.word()),
                        status_fill(kri.status),
                    ),
                    (kri.appetite_text(), None),
                    (kri.trend_text(), None),
                    (kri.decision.clone().unwrap_or_default(), None),
                ]
            })
            .collect();
        let area = body_area();
        let widths = [2_600_000, 900_000, 1_700_000, 1_500_000, 1_400_000];
        let decision_width = area.width - widths.iter().sum::<i64>();
        let mut columns = widths.to_vec();
        columns.push(decision_width);
        xml.table(
            "Key risk indicators",
            area,
            &columns,
            &[
                "Indicator",
                "Value",
                "Status",
                "Appetite",
                "Trend",
                "Decision needed",
            ],
            &rows,
            12,
        );
    });
    SlidePart {
        xml: xml.finish(),
        image_png: None,
    }
}

/// A slide with lines of text on the left and a chart on the right (or text across).
fn chart_slide(
    pack: &BoardPack,
    at: At,
    lines: &[String],
    png: Option<&[u8]>,
    chart_description: &str,
    text_style: Style,
) -> SlidePart {
    let image = png.and_then(|bytes| png_size(bytes).map(|size| (bytes, size)));
    let area = body_area();
    let xml = slide(pack, at, |xml| {
        let text_width = if image.is_some() {
            area.width * 2 / 5
        } else {
            area.width
        };
        let text = Frame {
            width: text_width,
            ..area
        };
        let paragraphs = if lines.is_empty() {
            plain(
                &["Nothing to report for this selection.".to_owned()],
                text_style,
            )
        } else {
            bullets(lines, text_style)
        };
        xml.text_box("Text", text, &paragraphs);
        if let Some((_, size)) = image {
            let chart_area = Frame {
                x: area.x + text_width + 150_000,
                width: area.width - text_width - 150_000,
                ..area
            };
            xml.picture("rId2", fit(chart_area, size), chart_description);
        }
    });
    SlidePart {
        xml: xml.finish(),
        image_png: image.map(|(bytes, _)| bytes.to_vec()),
    }
}

fn risk(pack: &BoardPack, at: At) -> SlidePart {
    let matrix = &pack.risk_matrix;
    let mut by_level = [0u32; 5];
    for likelihood in Level::ALL {
        for impact in Level::ALL {
            by_level[risk_level(likelihood, impact).index()] += matrix.count(likelihood, impact);
        }
    }
    let mut lines = vec![format!(
        "{} findings at High or Very High level of risk, of {} assessed.",
        count_text(u64::from(by_level[3] + by_level[4])),
        count_text(u64::from(matrix.total()))
    )];
    for level in Level::ALL.iter().rev() {
        lines.push(format!(
            "{}: {}",
            level.name(),
            count_text(u64::from(by_level[level.index()]))
        ));
    }
    chart_slide(
        pack,
        at,
        &lines,
        pack.charts.risk_matrix_png.as_deref(),
        "Risk matrix: likelihood × impact",
        BODY,
    )
}

fn ageing(pack: &BoardPack, at: At) -> SlidePart {
    let ageing = &pack.ageing;
    let mut lines: Vec<String> = SeverityBand::ALL
        .iter()
        .rev()
        .map(|band| {
            let counts = ageing.bands[band.index()];
            format!(
                "{}: {} of {} active past the {}-day SLA",
                band.name(),
                count_text(counts.past_sla),
                count_text(counts.active),
                counts.sla_days
            )
        })
        .collect();
    lines.push(match &ageing.archived {
        ArchivedState::Unknown => "Time to archive: unknown. S3 exports and EventBridge events never carry archived findings.".to_owned(),
        ArchivedState::NoneArchived => "Time to archive: no selected finding is archived.".to_owned(),
        ArchivedState::Measured(bands) => {
            let parts: Vec<String> = bands
                .iter()
                .filter_map(|b| {
                    Some(format!(
                        "{} median {:.1} d, p90 {:.1} d",
                        b.band.name(),
                        b.median_days?,
                        b.p90_days?
                    ))
                })
                .collect();
            format!("Time to archive: {}", parts.join("; "))
        }
    });
    chart_slide(
        pack,
        at,
        &lines,
        pack.charts.ageing_png.as_deref(),
        "Age of active findings by severity",
        BODY,
    )
}

/// At most `limit` names, then "and N more".
fn listed(names: &[String], limit: usize) -> String {
    let mut text = names
        .iter()
        .take(limit)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > limit {
        text.push_str(&format!(
            " and {} more",
            count_text((names.len() - limit) as u64)
        ));
    }
    text
}

fn coverage(pack: &BoardPack, at: At) -> SlidePart {
    let coverage = &pack.coverage;
    let mut lines = vec![format!(
        "Findings in {} accounts and {} regions ({} account–region cells).",
        count_text(coverage.accounts.len() as u64),
        count_text(coverage.regions.len() as u64),
        count_text(coverage.cells.len() as u64)
    )];
    let mut serious: Vec<&crate::analysis::coverage::CoverageCell> = coverage
        .cells
        .iter()
        .filter(|c| c.highest >= SeverityBand::High)
        .collect();
    serious.sort_by(|a, b| b.highest.cmp(&a.highest).then(b.total().cmp(&a.total())));
    for cell in serious.iter().take(3) {
        lines.push(format!(
            "{} / {}: {} findings, highest {}",
            cell.account.as_deref().unwrap_or("no account"),
            cell.region.as_deref().unwrap_or("no region"),
            count_text(cell.total()),
            cell.highest.name()
        ));
    }
    if !coverage.silent_accounts.is_empty() {
        lines.push(format!(
            "Accounts with no finding in this selection: {}",
            listed(&coverage.silent_accounts, 8)
        ));
    }
    if !coverage.silent_regions.is_empty() {
        lines.push(format!(
            "Regions with no finding in this selection: {}",
            listed(&coverage.silent_regions, 8)
        ));
    }
    chart_slide(
        pack,
        at,
        &lines,
        pack.charts.coverage_png.as_deref(),
        "Findings by account and region",
        BODY,
    )
}

fn decisions(pack: &BoardPack, at: At) -> SlidePart {
    let decisions: Vec<String> = pack
        .indicators
        .iter()
        .filter_map(|kri| kri.decision.clone())
        .collect();
    let xml = slide(pack, at, |xml| {
        let mut paragraphs = String::new();
        let heading = Style {
            size_pt: 20,
            bold: true,
            colour: INK,
        };
        paragraphs.push_str(&paragraph(&run("Decisions needed", heading), false));
        if decisions.is_empty() {
            paragraphs.push_str(&plain(&["No indicator is over appetite.".to_owned()], BODY));
        } else {
            paragraphs.push_str(&bullets(&decisions, BODY));
        }
        paragraphs.push_str(&paragraph(&run("Recommended actions", heading), false));
        if pack.actions.is_empty() {
            paragraphs.push_str(&plain(
                &["No active findings need action.".to_owned()],
                BODY,
            ));
        } else {
            paragraphs.push_str(&bullets(&pack.actions, BODY));
        }
        xml.text_box("Decisions and actions", body_area(), &paragraphs);
    });
    SlidePart {
        xml: xml.finish(),
        image_png: None,
    }
}
