//! Charts drawn with plotters into SVG strings. Knows `model` and `analysis`, never Leptos or
//! the DOM: the UI sets the returned SVG as markup, and exports save it as a file.
//!
//! Every chart carries its own title, subtitle (the filter in effect) and legend, uses only
//! system fonts (so a pasted SVG looks the same in slide software), and returns the pixel
//! geometry of its plot area so the UI can turn pointer positions into data (hover, drag to
//! select a period, click a bar). Text is escaped by plotters' SVG backend: finding strings are
//! attacker-influenced.

mod ageing;
mod bars;
mod graph;
mod header;
mod risk_matrix;
mod text_alternative;
mod theme;
mod timeline;
mod trend;

pub use ageing::age_distribution;
pub use bars::{breakdown_bars, BarsGeometry};
pub use graph::{graph_aspect_ratio, graph_svg, GraphGeometry, NodeHit};
use header::draw_header;
pub use risk_matrix::risk_matrix_svg;
pub use text_alternative::with_text_alternative;
pub use theme::ChartTheme;
pub use timeline::{severity_timeline, TimelineGeometry};
pub use trend::period_trend;

/// Pixel size of a chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartSize {
    pub width_px: u32,
    pub height_px: u32,
}

/// Title and subtitle drawn into a chart (so an exported file explains itself).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartText {
    pub title: String,
    /// Usually the filter in effect, e.g. "All findings · samples hidden".
    pub subtitle: String,
}

/// A finished chart: SVG markup plus whatever geometry the UI needs for interaction.
#[derive(Clone, Debug, PartialEq)]
pub struct Rendered<G> {
    pub svg: String,
    pub geometry: G,
}

/// A chart could not be drawn (plotters reported a backend error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartError(pub String);

impl std::fmt::Display for ChartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "chart could not be drawn: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

fn chart_error<E: std::fmt::Debug>(error: E) -> ChartError {
    ChartError(format!("{error:?}"))
}

/// Shortens a label to `max_chars` characters, ending with an ellipsis when cut.
pub fn truncate_label(label: &str, max_chars: usize) -> String {
    if label.chars().count() <= max_chars {
        return label.to_owned();
    }
    let kept: String = label.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{kept}…")
}
