//! The severity timeline: findings per bucket as bars stacked by band (Critical at the base).

use plotters::prelude::*;

use crate::analysis::timeline::{Granularity, Timeline};
use crate::model::{EpochMillis, SeverityBand};

use super::{chart_error, draw_header, ChartError, ChartSize, ChartText, ChartTheme, Rendered};

/// Where the plot area sits in the SVG, and which times its edges stand for, so the UI can
/// map a pointer's x to a time and a bucket.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimelineGeometry {
    pub plot_left_px: i32,
    pub plot_right_px: i32,
    pub plot_top_px: i32,
    pub plot_bottom_px: i32,
    pub start: EpochMillis,
    pub end: EpochMillis,
}

impl TimelineGeometry {
    /// The time at horizontal pixel `x_px`, clamped to the plotted span.
    pub fn time_at(&self, x_px: f64) -> EpochMillis {
        let width_px = f64::from((self.plot_right_px - self.plot_left_px).max(1));
        let fraction = ((x_px - f64::from(self.plot_left_px)) / width_px).clamp(0.0, 1.0);
        let span_ms = (self.end.0 - self.start.0) as f64;
        EpochMillis(self.start.0 + (fraction * span_ms).round() as i64)
    }

    /// The horizontal pixel of `instant`, clamped to the plot area (the inverse of `time_at`):
    /// where the UI draws a period chosen by keyboard.
    pub fn x_at(&self, instant: EpochMillis) -> f64 {
        let span_ms = (self.end.0 - self.start.0).max(1) as f64;
        let fraction = ((instant.0 - self.start.0) as f64 / span_ms).clamp(0.0, 1.0);
        f64::from(self.plot_left_px) + fraction * f64::from(self.plot_right_px - self.plot_left_px)
    }
}

/// Bands bottom to top.
const STACK_ORDER: [SeverityBand; 4] = [
    SeverityBand::Critical,
    SeverityBand::High,
    SeverityBand::Medium,
    SeverityBand::Low,
];

/// Draws `timeline` as stacked bars with a title, subtitle, legend and date axis.
pub fn severity_timeline(
    timeline: &Timeline,
    size: ChartSize,
    theme: &ChartTheme,
    text: &ChartText,
) -> Result<Rendered<TimelineGeometry>, ChartError> {
    let mut svg = String::new();
    let start = timeline.start;
    let end = if timeline.buckets.is_empty() {
        EpochMillis(start.0 + timeline.granularity.bucket_ms())
    } else {
        timeline.end()
    };
    let geometry;
    {
        let root =
            SVGBackend::with_string(&mut svg, (size.width_px, size.height_px)).into_drawing_area();
        root.fill(&theme.background).map_err(chart_error)?;
        let (header, body) = root.split_vertically(theme.header_px());
        draw_header(&header, size, theme, text)?;

        let max_total = timeline.max_bucket_total().max(1);
        let y_top = nice_ceiling(max_total);
        let font = |px: u32, color: &RGBColor| (theme.font_family, px).into_font().color(color);
        let mut chart = ChartBuilder::on(&body)
            .margin_left(8)
            .margin_right(16)
            .margin_bottom(4)
            .x_label_area_size(30)
            .y_label_area_size(48)
            .build_cartesian_2d(start.0..end.0, 0_u32..y_top)
            .map_err(chart_error)?;
        let granularity = timeline.granularity;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(theme.grid)
            .axis_style(theme.axis)
            .x_labels(8)
            .y_labels(5)
            .x_label_formatter(&|ms| axis_date(*ms, granularity))
            .y_label_formatter(&|n| n.to_string())
            .x_label_style(font(theme.font_px - 1, &theme.muted_text))
            .y_label_style(font(theme.font_px - 1, &theme.muted_text))
            .y_desc(format!(
                "Findings per {}",
                granularity.label().to_lowercase()
            ))
            .axis_desc_style(font(theme.font_px - 1, &theme.muted_text))
            .draw()
            .map_err(chart_error)?;

        let width_ms = granularity.bucket_ms();
        let gap_ms = width_ms / 8;
        for (index, bucket) in timeline.buckets.iter().enumerate() {
            let x0 = timeline.bucket_start(index).0 + gap_ms;
            let x1 = x0 + width_ms - 2 * gap_ms;
            let mut base = 0_u32;
            for band in STACK_ORDER {
                let count = bucket[band.index()];
                if count == 0 {
                    continue;
                }
                let rect = Rectangle::new(
                    [(x0, base), (x1, base + count)],
                    theme.severity_color(band).filled(),
                );
                chart
                    .draw_series(std::iter::once(rect))
                    .map_err(chart_error)?;
                base += count;
            }
        }
        if timeline.buckets.is_empty() {
            let (w, h) = body.dim_in_pixel();
            body.draw(&Text::new(
                "No findings with a time on this basis",
                (w as i32 / 2 - 130, h as i32 / 2),
                font(theme.font_px + 2, &theme.muted_text),
            ))
            .map_err(chart_error)?;
        }
        let (x_range, y_range) = chart.plotting_area().get_pixel_range();
        geometry = TimelineGeometry {
            plot_left_px: x_range.start,
            plot_right_px: x_range.end,
            plot_top_px: y_range.start,
            plot_bottom_px: y_range.end,
            start,
            end,
        };
        root.present().map_err(chart_error)?;
    }
    Ok(Rendered { svg, geometry })
}

/// A round axis maximum at or above `n` (1, 2, 5 × 10^k).
pub(super) fn nice_ceiling(n: u32) -> u32 {
    let mut step = 1_u32;
    loop {
        for factor in [1, 2, 5] {
            let candidate = step.saturating_mul(factor);
            if candidate >= n {
                return candidate;
            }
        }
        step = step.saturating_mul(10);
    }
}

fn axis_date(ms: i64, granularity: Granularity) -> String {
    let Some(instant) = chrono::DateTime::from_timestamp_millis(ms) else {
        return String::new();
    };
    match granularity {
        Granularity::Hour => instant.format("%d %b %H:%M").to_string(),
        Granularity::Day | Granularity::Week => instant.format("%d %b").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::period::TimeBasis;

    #[test]
    fn x_at_is_the_inverse_of_time_at_and_clamps_to_the_plot() {
        let geometry = TimelineGeometry {
            plot_left_px: 60,
            plot_right_px: 860,
            plot_top_px: 40,
            plot_bottom_px: 260,
            start: EpochMillis(1_795_737_600_000),
            end: EpochMillis(1_795_737_600_000 + 8 * 86_400_000),
        };
        let third_day = EpochMillis(geometry.start.0 + 2 * 86_400_000);
        assert_eq!(geometry.x_at(third_day), 260.0);
        assert_eq!(geometry.time_at(geometry.x_at(third_day)), third_day);
        assert_eq!(geometry.x_at(EpochMillis(0)), 60.0);
        assert_eq!(geometry.x_at(EpochMillis(i64::MAX / 2)), 860.0);
    }

    fn two_day_timeline() -> Timeline {
        Timeline {
            granularity: Granularity::Day,
            time_basis: TimeBasis::LastSeen,
            start: EpochMillis(1_795_737_600_000),
            buckets: vec![[3, 0, 1, 0], [0, 2, 0, 1]],
            undated: 0,
        }
    }

    fn render(text: &ChartText) -> Rendered<TimelineGeometry> {
        let size = ChartSize {
            width_px: 800,
            height_px: 300,
        };
        severity_timeline(&two_day_timeline(), size, &ChartTheme::light(), text).unwrap()
    }

    #[test]
    fn the_svg_carries_title_subtitle_legend_and_one_bar_per_band_segment() {
        let chart = render(&ChartText {
            title: "Findings over time".into(),
            subtitle: "All findings".into(),
        });
        assert!(chart.svg.starts_with("<svg"));
        assert!(chart.svg.contains("Findings over time"));
        assert!(chart.svg.contains("All findings"));
        for band in ["Low", "Medium", "High", "Critical"] {
            assert!(chart.svg.contains(band), "legend lacks {band}");
        }
        // Four non-empty segments, each drawn in its band's colour.
        assert!(chart.svg.contains("#3A8FD0") || chart.svg.contains("#3a8fd0"));
        assert!(chart.svg.contains("#6A1B7A") || chart.svg.contains("#6a1b7a"));
    }

    #[test]
    fn hostile_text_is_escaped_in_the_svg() {
        let chart = render(&ChartText {
            title: "<script>alert(1)</script>".into(),
            subtitle: "\"><img src=x onerror=alert(1)>".into(),
        });
        assert!(!chart.svg.contains("<script>"));
        assert!(!chart.svg.contains("<img"));
        assert!(chart.svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn geometry_maps_pixels_back_to_the_plotted_span() {
        let chart = render(&ChartText::default());
        let g = chart.geometry;
        assert!(g.plot_left_px < g.plot_right_px);
        assert_eq!(g.time_at(f64::from(g.plot_left_px)), g.start);
        assert_eq!(g.time_at(f64::from(g.plot_right_px)), g.end);
        assert_eq!(g.time_at(-1000.0), g.start, "clamped");
    }

    #[test]
    fn axis_maxima_are_round_numbers() {
        assert_eq!(nice_ceiling(1), 1);
        assert_eq!(nice_ceiling(3), 5);
        assert_eq!(nice_ceiling(11), 20);
        assert_eq!(nice_ceiling(4_999), 5_000);
    }
}
