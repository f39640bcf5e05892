//! The age distribution of active findings (the ageing card and the deck): one stacked bar per
//! age bucket, youngest at the top, drawn by the breakdown bars.

use super::bars::{breakdown_bars, BarsGeometry};
use super::{ChartError, ChartSize, ChartText, ChartTheme, Rendered};
use crate::analysis::ageing::AgeBucket;
use crate::analysis::breakdown::{Breakdown, BreakdownRow, Dimension};

/// Draws the age buckets as horizontal bars stacked by severity band, in bucket order.
pub fn age_distribution(
    histogram: &[AgeBucket],
    size: ChartSize,
    theme: &ChartTheme,
    text: &ChartText,
) -> Result<Rendered<BarsGeometry>, ChartError> {
    let rows = histogram
        .iter()
        .map(|bucket| BreakdownRow {
            label: bucket.label.to_owned(),
            by_band: bucket.by_band.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
        })
        .collect();
    // The dimension only names the breakdown; the bars do not read it.
    let breakdown = Breakdown {
        dimension: Dimension::FindingType,
        rows,
    };
    breakdown_bars(&breakdown, size, theme, text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ageing::AGE_BUCKETS;

    #[test]
    fn every_age_bucket_is_a_labelled_bar() {
        let histogram: Vec<AgeBucket> = AGE_BUCKETS
            .iter()
            .enumerate()
            .map(|(i, (label, to_millis))| AgeBucket {
                label,
                from_millis: 0,
                to_millis: *to_millis,
                by_band: [i as u64, 0, 1, 0],
            })
            .collect();
        let size = ChartSize {
            width_px: 800,
            height_px: 400,
        };
        let text = ChartText {
            title: "Age of active findings".to_owned(),
            subtitle: "All findings".to_owned(),
        };
        let rendered = age_distribution(&histogram, size, &ChartTheme::light(), &text).unwrap();
        for (label, _) in AGE_BUCKETS {
            // Plotters escapes text for XML (`>` is written `&gt;`).
            let escaped = label.replace('>', "&gt;");
            assert!(rendered.svg.contains(&escaped), "{label} is drawn");
        }
        assert_eq!(rendered.geometry.row_count, AGE_BUCKETS.len());
    }
}
