//! The trend over two periods: findings per week in the baseline (previous period) and in the
//! current data, side by side on one time axis.

use plotters::prelude::*;

use crate::analysis::timeline::Timeline;

use super::{chart_error, ChartError, ChartSize, ChartText, ChartTheme, Rendered};

/// Grey for the previous period: it recedes behind the current one.
const BASELINE_COLOR: RGBColor = RGBColor(0x9a, 0xa4, 0xb3);

/// Draws weekly totals of both timelines (give both the same granularity).
pub fn period_trend(
    baseline: &Timeline,
    current: &Timeline,
    size: ChartSize,
    theme: &ChartTheme,
    text: &ChartText,
) -> Result<Rendered<()>, ChartError> {
    let starts = [baseline, current]
        .into_iter()
        .filter(|t| !t.buckets.is_empty())
        .map(|t| t.start.0);
    let ends = [baseline, current]
        .into_iter()
        .filter(|t| !t.buckets.is_empty())
        .map(|t| t.end().0);
    let start = starts.min().unwrap_or(0);
    let end = ends
        .max()
        .unwrap_or(start + current.granularity.bucket_ms());
    let max_total = baseline
        .max_bucket_total()
        .max(current.max_bucket_total())
        .max(1);
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (size.width_px, size.height_px)).into_drawing_area();
        root.fill(&theme.background).map_err(chart_error)?;
        let (header, body) = root.split_vertically(theme.header_px());
        let title_style = (theme.font_family, theme.font_px + 4)
            .into_font()
            .style(FontStyle::Bold)
            .color(&theme.text);
        header
            .draw(&Text::new(text.title.as_str(), (12, 10), title_style))
            .map_err(chart_error)?;
        header
            .draw(&Text::new(
                super::truncate_label(&text.subtitle, 100),
                (12, 35),
                (theme.font_family, theme.font_px - 1)
                    .into_font()
                    .color(&theme.muted_text),
            ))
            .map_err(chart_error)?;
        let legend_style = (theme.font_family, theme.font_px - 1)
            .into_font()
            .color(&theme.text);
        let legend_x = size.width_px as i32 - 320;
        for (offset, (label, color)) in [
            ("Previous period", BASELINE_COLOR),
            ("This period", theme.accent),
        ]
        .into_iter()
        .enumerate()
        {
            let x = legend_x + offset as i32 * 150;
            header
                .draw(&Rectangle::new([(x, 14), (x + 12, 26)], color.filled()))
                .map_err(chart_error)?;
            header
                .draw(&Text::new(label, (x + 17, 13), legend_style.clone()))
                .map_err(chart_error)?;
        }
        let mut chart = ChartBuilder::on(&body)
            .margin_left(8)
            .margin_right(16)
            .x_label_area_size(30)
            .y_label_area_size(48)
            .build_cartesian_2d(start..end, 0_u32..super::timeline::nice_ceiling(max_total))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(theme.grid)
            .axis_style(theme.axis)
            .x_labels(8)
            .y_labels(5)
            .x_label_formatter(&|ms| {
                chrono::DateTime::from_timestamp_millis(*ms)
                    .map(|t| t.format("%d %b %Y").to_string())
                    .unwrap_or_default()
            })
            .x_label_style(
                (theme.font_family, theme.font_px - 1)
                    .into_font()
                    .color(&theme.muted_text),
            )
            .y_label_style(
                (theme.font_family, theme.font_px - 1)
                    .into_font()
                    .color(&theme.muted_text),
            )
            .y_desc(format!(
                "Findings per {}",
                current.granularity.label().to_lowercase()
            ))
            .draw()
            .map_err(chart_error)?;
        for (timeline, color) in [(baseline, BASELINE_COLOR), (current, theme.accent)] {
            let width = timeline.granularity.bucket_ms();
            let bars = timeline
                .buckets
                .iter()
                .enumerate()
                .filter_map(|(i, bucket)| {
                    let total: u32 = bucket.iter().sum();
                    (total > 0).then(|| {
                        let x0 = timeline.bucket_start(i).0 + width / 8;
                        Rectangle::new([(x0, 0), (x0 + width * 3 / 4, total)], color.filled())
                    })
                });
            chart.draw_series(bars).map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(Rendered { svg, geometry: () })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::period::TimeBasis;
    use crate::analysis::timeline::Granularity;
    use crate::model::EpochMillis;

    fn weeks(start_ms: i64, totals: &[u32]) -> Timeline {
        Timeline {
            granularity: Granularity::Week,
            time_basis: TimeBasis::LastSeen,
            start: EpochMillis(start_ms),
            buckets: totals.iter().map(|&n| [n, 0, 0, 0]).collect(),
            undated: 0,
        }
    }

    #[test]
    fn both_periods_are_drawn_with_a_legend() {
        let week_ms = Granularity::Week.bucket_ms();
        let base = weeks(0, &[3, 4]);
        let now = weeks(3 * week_ms, &[5, 0, 7]);
        let size = ChartSize {
            width_px: 900,
            height_px: 320,
        };
        let text = ChartText {
            title: "Trend".into(),
            subtitle: "All findings".into(),
        };
        let chart = period_trend(&base, &now, size, &ChartTheme::light(), &text).unwrap();
        assert!(chart.svg.contains("Previous period") && chart.svg.contains("This period"));
        // 4 non-empty weeks + 2 legend squares + the background.
        assert!(chart.svg.matches("<rect").count() >= 7);
    }
}
