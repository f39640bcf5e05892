//! Horizontal bars for a breakdown (one row per category), stacked by severity band.

use plotters::prelude::*;

use crate::analysis::breakdown::Breakdown;
use crate::model::SeverityBand;

use super::timeline::nice_ceiling;
use super::{
    chart_error, draw_header, truncate_label, ChartError, ChartSize, ChartText, ChartTheme,
    Rendered,
};

/// Longest label drawn in full; longer ones end in an ellipsis (the tooltip has the rest).
const LABEL_CHARS: usize = 44;

/// Where the rows are, so the UI can tell which row a pointer is on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BarsGeometry {
    pub plot_left_px: i32,
    pub plot_right_px: i32,
    pub plot_top_px: i32,
    pub plot_bottom_px: i32,
    pub row_count: usize,
}

impl BarsGeometry {
    /// The row under vertical pixel `y_px`, if any.
    pub fn row_at(&self, y_px: f64) -> Option<usize> {
        if self.row_count == 0 {
            return None;
        }
        let height_px = f64::from(self.plot_bottom_px - self.plot_top_px);
        let offset = y_px - f64::from(self.plot_top_px);
        if offset < 0.0 || offset >= height_px {
            return None;
        }
        Some(((offset / height_px) * self.row_count as f64) as usize)
    }
}

/// Bands left to right along each bar.
const STACK_ORDER: [SeverityBand; 4] = [
    SeverityBand::Critical,
    SeverityBand::High,
    SeverityBand::Medium,
    SeverityBand::Low,
];

/// Draws one horizontal bar per row of `breakdown`, in row order from the top.
pub fn breakdown_bars(
    breakdown: &Breakdown,
    size: ChartSize,
    theme: &ChartTheme,
    text: &ChartText,
) -> Result<Rendered<BarsGeometry>, ChartError> {
    let rows = &breakdown.rows;
    let row_count = rows.len();
    let labels: Vec<String> = rows
        .iter()
        .map(|r| truncate_label(&r.label, LABEL_CHARS))
        .collect();
    let longest_label = labels.iter().map(|l| l.chars().count()).max().unwrap_or(4);
    // A character is roughly 0.55 of the tick font's size (7 px at the 13 px ticks of the
    // screen themes, more on slides); never more than 45% of the width.
    let char_px = theme.font_px.saturating_sub(1) * 11 / 20;
    let label_area_px = ((longest_label as u32) * char_px + 12).min(size.width_px * 45 / 100);
    let max_total = rows.iter().map(|r| r.total()).max().unwrap_or(0).max(1);

    let mut svg = String::new();
    let geometry;
    {
        let root =
            SVGBackend::with_string(&mut svg, (size.width_px, size.height_px)).into_drawing_area();
        root.fill(&theme.background).map_err(chart_error)?;
        let (header, body) = root.split_vertically(theme.header_px());
        draw_header(&header, size, theme, text)?;
        let tick_style = (theme.font_family, theme.font_px - 1)
            .into_font()
            .color(&theme.text);
        let mut chart = ChartBuilder::on(&body)
            .margin_left(8)
            .margin_right(24)
            .margin_bottom(4)
            .x_label_area_size(26)
            .y_label_area_size(label_area_px)
            .build_cartesian_2d(
                0_u32..nice_ceiling(max_total),
                (0..row_count.max(1)).into_segmented(),
            )
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(theme.grid)
            .axis_style(theme.axis)
            .x_labels(5)
            .y_labels(row_count.max(1))
            .x_label_formatter(&|n| n.to_string())
            .y_label_formatter(&|segment| match segment {
                // Plotters counts segments upwards; row 0 is drawn at the top.
                SegmentValue::CenterOf(i) => row_count
                    .checked_sub(i + 1)
                    .and_then(|row| labels.get(row))
                    .cloned()
                    .unwrap_or_default(),
                _ => String::new(),
            })
            .x_label_style(tick_style.clone())
            .y_label_style(tick_style.clone())
            .draw()
            .map_err(chart_error)?;
        for (index, row) in rows.iter().enumerate() {
            let segment = row_count - 1 - index;
            let mut left = 0_u32;
            for band in STACK_ORDER {
                let count = row.by_band[band.index()];
                if count == 0 {
                    continue;
                }
                let rect = Rectangle::new(
                    [
                        (left, SegmentValue::Exact(segment)),
                        (left + count, SegmentValue::Exact(segment + 1)),
                    ],
                    theme.severity_color(band).filled(),
                );
                chart
                    .draw_series(std::iter::once(rect.into_dyn()))
                    .map_err(chart_error)?;
                left += count;
            }
        }
        let (x_range, y_range) = chart.plotting_area().get_pixel_range();
        geometry = BarsGeometry {
            plot_left_px: x_range.start,
            plot_right_px: x_range.end,
            plot_top_px: y_range.start,
            plot_bottom_px: y_range.end,
            row_count,
        };
        root.present().map_err(chart_error)?;
    }
    Ok(Rendered { svg, geometry })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::breakdown::{BreakdownRow, Dimension};

    fn breakdown() -> Breakdown {
        Breakdown {
            dimension: Dimension::ThreatPurpose,
            rows: vec![
                BreakdownRow {
                    label: "Recon".into(),
                    by_band: [5, 2, 0, 0],
                },
                BreakdownRow {
                    label: "<b>Trojan</b>".into(),
                    by_band: [0, 0, 3, 1],
                },
            ],
        }
    }

    fn render() -> Rendered<BarsGeometry> {
        let size = ChartSize {
            width_px: 640,
            height_px: 260,
        };
        let text = ChartText {
            title: "By threat purpose".into(),
            subtitle: String::new(),
        };
        breakdown_bars(&breakdown(), size, &ChartTheme::light(), &text).unwrap()
    }

    #[test]
    fn labels_are_drawn_escaped() {
        let chart = render();
        assert!(chart.svg.contains("Recon"));
        assert!(chart.svg.contains("&lt;b&gt;Trojan&lt;/b&gt;"));
        assert!(!chart.svg.contains("<b>"));
    }

    #[test]
    fn the_first_row_is_drawn_at_the_top() {
        let svg = render().svg;
        let recon = svg.find("Recon").expect("Recon label");
        let trojan = svg.find("Trojan&lt;").expect("Trojan label");
        let y_of = |at: usize| {
            let tag_start = svg[..at].rfind("<text").unwrap_or(0);
            let y = &svg[tag_start..at];
            let y = &y[y.find("y=\"").unwrap_or(0) + 3..];
            y[..y.find('"').unwrap_or(0)]
                .parse::<f64>()
                .unwrap_or(f64::NAN)
        };
        assert!(
            y_of(recon) < y_of(trojan),
            "Recon (row 0) must be above Trojan (row 1)"
        );
    }

    #[test]
    fn rows_are_found_from_the_top_down() {
        let g = render().geometry;
        assert_eq!(g.row_count, 2);
        let row_height = f64::from(g.plot_bottom_px - g.plot_top_px) / 2.0;
        assert_eq!(g.row_at(f64::from(g.plot_top_px) + 1.0), Some(0));
        assert_eq!(
            g.row_at(f64::from(g.plot_top_px) + row_height + 1.0),
            Some(1)
        );
        assert_eq!(g.row_at(f64::from(g.plot_top_px) - 1.0), None);
        assert_eq!(g.row_at(f64::from(g.plot_bottom_px) + 1.0), None);
    }
}
