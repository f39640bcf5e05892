//! The NIST SP 800-30 risk matrix as SVG (for slides and exports): likelihood rows, impact
//! columns, each cell coloured by its level of risk (Table I-2) with its count and level name.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analysis::risk::{risk_level, Level, RiskMatrix};

use super::{chart_error, ChartError, ChartSize, ChartText, ChartTheme, Rendered};

/// Level-of-risk colours (ColorBrewer RdYlBu, mirrored in `style/tokens.css`), Very Low first.
const RISK_COLORS: [RGBColor; 5] = [
    RGBColor(0x2c, 0x7b, 0xb6),
    RGBColor(0xab, 0xd9, 0xe9),
    RGBColor(0xff, 0xff, 0xbf),
    RGBColor(0xfd, 0xae, 0x61),
    RGBColor(0xd7, 0x19, 0x1c),
];

/// Text colour on each risk colour.
const RISK_TEXT: [RGBColor; 5] = [
    RGBColor(0xff, 0xff, 0xff),
    RGBColor(0x0b, 0x25, 0x36),
    RGBColor(0x2b, 0x26, 0x00),
    RGBColor(0x2b, 0x14, 0x00),
    RGBColor(0xff, 0xff, 0xff),
];

/// Draws the matrix; `chosen` outlines one cell (the filter in effect).
pub fn risk_matrix_svg(
    matrix: &RiskMatrix,
    size: ChartSize,
    theme: &ChartTheme,
    text: &ChartText,
    chosen: Option<(Level, Level)>,
) -> Result<Rendered<()>, ChartError> {
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (size.width_px, size.height_px)).into_drawing_area();
        root.fill(&theme.background).map_err(chart_error)?;
        let scaled = |px: f64| (px * theme.scale()).round() as i32;
        let title_style = (theme.font_family, theme.font_px + 4)
            .into_font()
            .style(FontStyle::Bold)
            .color(&theme.text);
        let small = (theme.font_px - 1, theme.muted_text);
        root.draw(&Text::new(text.title.as_str(), (12, 10), title_style))
            .map_err(chart_error)?;
        root.draw(&Text::new(
            super::truncate_label(&text.subtitle, 120),
            (12, scaled(35.0)),
            (theme.font_family, small.0).into_font().color(&small.1),
        ))
        .map_err(chart_error)?;

        let (row_label_px, axis_title_px, column_label_px) =
            (scaled(130.0), scaled(28.0), scaled(30.0));
        let width = size.width_px as i32;
        let height = size.height_px as i32;
        let grid_left = axis_title_px + row_label_px;
        let grid_top = theme.header_px() as i32 + 8;
        let grid_right = width - 16;
        let grid_bottom = height - column_label_px - axis_title_px;
        let cell_w = (grid_right - grid_left) / 5;
        let cell_h = (grid_bottom - grid_top) / 5;
        let gap = 4;
        let label_style = (theme.font_family, theme.font_px)
            .into_font()
            .color(&theme.text);
        let centred = |style: TextStyle<'static>| style.pos(Pos::new(HPos::Center, VPos::Center));

        for (row, likelihood) in Level::ALL.into_iter().rev().enumerate() {
            let y0 = grid_top + row as i32 * cell_h;
            root.draw(&Text::new(
                likelihood.name(),
                (grid_left - 10, y0 + cell_h / 2),
                label_style.clone().pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(chart_error)?;
            for (column, impact) in Level::ALL.into_iter().enumerate() {
                let x0 = grid_left + column as i32 * cell_w;
                let level = risk_level(likelihood, impact);
                let count = matrix.count(likelihood, impact);
                root.draw(&Rectangle::new(
                    [(x0 + gap, y0 + gap), (x0 + cell_w - gap, y0 + cell_h - gap)],
                    RISK_COLORS[level.index()].filled(),
                ))
                .map_err(chart_error)?;
                if chosen == Some((likelihood, impact)) {
                    root.draw(&Rectangle::new(
                        [(x0 + gap, y0 + gap), (x0 + cell_w - gap, y0 + cell_h - gap)],
                        theme.text.stroke_width(4),
                    ))
                    .map_err(chart_error)?;
                }
                let ink = RISK_TEXT[level.index()];
                let count_px = (theme.font_px * 2).min((cell_h as u32 / 3).max(10));
                root.draw(&Text::new(
                    count.to_string(),
                    (x0 + cell_w / 2, y0 + cell_h / 2 - count_px as i32 / 3),
                    centred(
                        (theme.font_family, count_px)
                            .into_font()
                            .style(FontStyle::Bold)
                            .color(&ink),
                    ),
                ))
                .map_err(chart_error)?;
                root.draw(&Text::new(
                    level.name(),
                    (x0 + cell_w / 2, y0 + cell_h / 2 + count_px as i32 * 2 / 3),
                    centred(
                        (theme.font_family, theme.font_px - 2)
                            .into_font()
                            .color(&ink),
                    ),
                ))
                .map_err(chart_error)?;
            }
        }
        for (column, impact) in Level::ALL.into_iter().enumerate() {
            let x = grid_left + column as i32 * cell_w + cell_w / 2;
            root.draw(&Text::new(
                impact.name(),
                (x, grid_bottom + column_label_px / 2),
                centred(label_style.clone()),
            ))
            .map_err(chart_error)?;
        }
        let axis_style = (theme.font_family, theme.font_px)
            .into_font()
            .style(FontStyle::Bold)
            .color(&theme.muted_text);
        root.draw(&Text::new(
            "Impact (NIST Table H-3)",
            ((grid_left + grid_right) / 2, height - axis_title_px / 2),
            centred(axis_style.clone()),
        ))
        .map_err(chart_error)?;
        root.draw(&Text::new(
            "Likelihood (G-5)",
            (axis_title_px / 2, (grid_top + grid_bottom) / 2),
            axis_style
                .transform(FontTransform::Rotate270)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(Rendered { svg, geometry: () })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_shows_its_count_and_level_and_the_axes_are_named() {
        let mut matrix = RiskMatrix::default();
        matrix.cells[Level::High.index()][Level::Moderate.index()] = 42;
        let size = ChartSize {
            width_px: 900,
            height_px: 560,
        };
        let text = ChartText {
            title: "Risk matrix <b>".into(),
            subtitle: "All findings".into(),
        };
        let chart = risk_matrix_svg(&matrix, size, &ChartTheme::light(), &text, None).unwrap();
        assert!(chart.svg.contains("42"));
        assert!(chart.svg.contains("Very High"));
        assert!(chart.svg.contains("Impact (NIST Table H-3)"));
        assert!(chart.svg.contains("Risk matrix &lt;b&gt;"));
        // 25 cells, each in one of the five level colours.
        let filled = chart.svg.matches("<rect").count();
        assert!(filled >= 26, "background + 25 cells, found {filled}");
    }
}
