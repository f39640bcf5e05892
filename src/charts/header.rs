//! The band above every chart: title and subtitle on the left, the severity legend on the
//! right (moved down beside the subtitle when a long title needs the room).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{chart_error, truncate_label, ChartError, ChartSize, ChartText, ChartTheme};
use crate::model::SeverityBand;

/// Horizontal space one legend entry takes.
const LEGEND_ENTRY_PX: i32 = 88;
const LEFT_PX: i32 = 12;
const RIGHT_PX: i32 = 16;
/// Average glyph width as a fraction of the font size, for fitting text without measuring.
const GLYPH_WIDTH_RATIO: f64 = 0.56;

fn estimated_width_px(text: &str, font_px: u32) -> i32 {
    (text.chars().count() as f64 * f64::from(font_px) * GLYPH_WIDTH_RATIO).ceil() as i32
}

/// Draws the header into `header` (58 px tall or more).
pub(super) fn draw_header<DB: DrawingBackend>(
    header: &DrawingArea<DB, Shift>,
    size: ChartSize,
    theme: &ChartTheme,
    text: &ChartText,
) -> Result<(), ChartError> {
    let title_px = theme.font_px + 4;
    let small_px = theme.font_px - 1;
    let scaled = |px: i32| (f64::from(px) * theme.scale()).round() as i32;
    let entry_px = scaled(LEGEND_ENTRY_PX);
    let width_px = size.width_px as i32;
    let legend_left_px = width_px - RIGHT_PX - 4 * entry_px;
    let title_fits_beside_legend =
        LEFT_PX + estimated_width_px(&text.title, title_px) + 16 <= legend_left_px;
    let (legend_y_px, subtitle_room_px) = if title_fits_beside_legend {
        (scaled(13), width_px - LEFT_PX - RIGHT_PX)
    } else {
        (scaled(35), legend_left_px - LEFT_PX - 16)
    };
    let subtitle_chars =
        (f64::from(subtitle_room_px.max(40)) / (f64::from(small_px) * GLYPH_WIDTH_RATIO)) as usize;

    let title_style = (theme.font_family, title_px)
        .into_font()
        .style(FontStyle::Bold)
        .color(&theme.text);
    let subtitle_style = (theme.font_family, small_px)
        .into_font()
        .color(&theme.muted_text);
    let legend_style = (theme.font_family, small_px).into_font().color(&theme.text);
    header
        .draw(&Text::new(
            text.title.as_str(),
            (LEFT_PX, scaled(10)),
            title_style,
        ))
        .map_err(chart_error)?;
    header
        .draw(&Text::new(
            truncate_label(&text.subtitle, subtitle_chars),
            (LEFT_PX, scaled(35)),
            subtitle_style,
        ))
        .map_err(chart_error)?;
    let mut x = legend_left_px;
    for band in SeverityBand::ALL.into_iter().rev() {
        header
            .draw(&Rectangle::new(
                [(x, legend_y_px + 1), (x + 12, legend_y_px + 13)],
                theme.severity_color(band).filled(),
            ))
            .map_err(chart_error)?;
        header
            .draw(&Text::new(
                band.name(),
                (x + 17, legend_y_px),
                legend_style.clone(),
            ))
            .map_err(chart_error)?;
        x += LEGEND_ENTRY_PX;
    }
    Ok(())
}
