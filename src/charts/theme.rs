//! Chart colours and fonts per theme; mirrors the tokens in `style/tokens.css`.

use plotters::style::RGBColor;

use crate::model::SeverityBand;

/// Colours and font for one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartTheme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub muted_text: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    pub accent: RGBColor,
    /// Indexed by `SeverityBand::index` (Low, Medium, High, Critical).
    pub severity: [RGBColor; 4],
    /// A font list every slide program resolves to an installed font.
    pub font_family: &'static str,
    /// Base font size in pixels; titles are larger, ticks smaller.
    pub font_px: u32,
}

/// Okabe–Ito based severity colours (colour-blind safe), for light backgrounds: Low and Medium
/// are darkened from the Okabe–Ito sky blue and orange so every band has ≥ 3:1 contrast against
/// white (WCAG 1.4.11 non-text contrast).
const SEVERITY_LIGHT: [RGBColor; 4] = [
    RGBColor(0x3a, 0x8f, 0xd0),
    RGBColor(0xb0, 0x7a, 0x00),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0x6a, 0x1b, 0x7a),
];

/// The Okabe–Ito hues as they are, and a lighter purple: ≥ 3:1 against the dark background.
const SEVERITY_DARK: [RGBColor; 4] = [
    RGBColor(0x56, 0xb4, 0xe9),
    RGBColor(0xe6, 0x9f, 0x00),
    RGBColor(0xd5, 0x5e, 0x00),
    RGBColor(0xb6, 0x60, 0xcd),
];

impl ChartTheme {
    pub fn light() -> Self {
        Self {
            background: RGBColor(0xff, 0xff, 0xff),
            text: RGBColor(0x17, 0x20, 0x2e),
            muted_text: RGBColor(0x5a, 0x66, 0x78),
            grid: RGBColor(0xe6, 0xe9, 0xef),
            axis: RGBColor(0x9a, 0xa4, 0xb3),
            accent: RGBColor(0x1f, 0x5f, 0xa8),
            severity: SEVERITY_LIGHT,
            font_family: "Arial, Helvetica, sans-serif",
            font_px: 14,
        }
    }

    pub fn dark() -> Self {
        Self {
            background: RGBColor(0x17, 0x20, 0x30),
            text: RGBColor(0xe7, 0xec, 0xf4),
            muted_text: RGBColor(0x9a, 0xa8, 0xbd),
            grid: RGBColor(0x2c, 0x3a, 0x50),
            axis: RGBColor(0x5c, 0x6b, 0x82),
            accent: RGBColor(0x6a, 0xa7, 0xec),
            severity: SEVERITY_DARK,
            ..Self::light()
        }
    }

    /// For projectors: pure white background, black text, heavier grid, larger type.
    pub fn projector() -> Self {
        Self {
            background: RGBColor(0xff, 0xff, 0xff),
            text: RGBColor(0x00, 0x00, 0x00),
            muted_text: RGBColor(0x22, 0x22, 0x22),
            grid: RGBColor(0xc8, 0xcc, 0xd2),
            axis: RGBColor(0x33, 0x33, 0x33),
            accent: RGBColor(0x0b, 0x3d, 0x91),
            font_px: 22,
            ..Self::light()
        }
    }

    /// How much larger than the 14 px base this theme's type is; layouts scale by it.
    pub fn scale(&self) -> f64 {
        f64::from(self.font_px) / 14.0
    }

    /// Height of the title, subtitle and legend band above a chart.
    pub fn header_px(&self) -> u32 {
        (58.0 * self.scale()).round() as u32
    }

    pub fn severity_color(&self, band: SeverityBand) -> RGBColor {
        self.severity[band.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2.1 relative luminance of an sRGB colour.
    fn luminance(color: RGBColor) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(color.0) + 0.7152 * channel(color.1) + 0.0722 * channel(color.2)
    }

    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_severity_colour_has_3_to_1_against_its_background_in_every_theme() {
        for (name, theme) in [
            ("light", ChartTheme::light()),
            ("dark", ChartTheme::dark()),
            ("projector", ChartTheme::projector()),
        ] {
            for band in SeverityBand::ALL {
                let ratio = contrast(theme.severity_color(band), theme.background);
                assert!(ratio >= 3.0, "{name}: {} is {ratio:.2}:1", band.name());
            }
        }
    }

    #[test]
    fn text_has_4_5_to_1_against_its_background_in_every_theme() {
        for (name, theme) in [
            ("light", ChartTheme::light()),
            ("dark", ChartTheme::dark()),
            ("projector", ChartTheme::projector()),
        ] {
            assert!(contrast(theme.text, theme.background) >= 4.5, "{name} text");
            assert!(
                contrast(theme.muted_text, theme.background) >= 4.5,
                "{name} muted text"
            );
        }
    }
}
