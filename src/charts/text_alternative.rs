//! A chart file's own text alternative: `<title>` and `<desc>` as the SVG root's first
//! children, so a downloaded or pasted chart still tells a screen reader what it shows.

/// `svg` with `<title>` and `<desc>` inserted right after the root element's opening tag
/// (WAI-ARIA graphics: the first `title` child names the image, `desc` describes it), and
/// `role="img"` plus `aria-labelledby`/`aria-describedby` pointing at them. Markup without an
/// `<svg` root is returned unchanged. The texts are escaped: they may quote finding fields.
pub fn with_text_alternative(svg: &str, title: &str, description: &str) -> String {
    let Some(root_start) = svg.find("<svg") else {
        return svg.to_owned();
    };
    let Some(tag_length) = svg[root_start..].find('>') else {
        return svg.to_owned();
    };
    let tag_end = root_start + tag_length;
    let self_closing = svg[..tag_end].ends_with('/');
    if self_closing {
        return svg.to_owned();
    }
    let mut out = String::with_capacity(svg.len() + title.len() + description.len() + 160);
    out.push_str(&svg[..tag_end]);
    out.push_str(
        " role=\"img\" aria-labelledby=\"chart-title\" aria-describedby=\"chart-desc\">\
         <title id=\"chart-title\">",
    );
    push_escaped(&mut out, title);
    out.push_str("</title><desc id=\"chart-desc\">");
    push_escaped(&mut out, description);
    out.push_str("</desc>");
    out.push_str(&svg[tag_end + 1..]);
    out
}

/// Appends `text` as XML character data: `&`, `<`, `>` escaped and the control characters
/// XML 1.0 cannot carry dropped.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHART: &str = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\" y=\"0\" width=\"10\" height=\"10\"/>\n</svg>\n";

    #[test]
    fn title_and_description_are_the_roots_first_children() {
        let svg = with_text_alternative(CHART, "Severity timeline", "120 findings over 30 days");
        let root_end = svg.find('>').unwrap();
        assert!(svg[..root_end].contains("role=\"img\""));
        assert!(svg[..root_end].contains("aria-labelledby=\"chart-title\""));
        assert!(svg[root_end + 1..].starts_with(
            "<title id=\"chart-title\">Severity timeline</title><desc id=\"chart-desc\">120 findings over 30 days</desc>\n<rect"
        ));
        assert!(svg.ends_with("</svg>\n"), "the rest of the chart is kept");
    }

    #[test]
    fn finding_text_in_the_description_is_escaped_not_markup() {
        let svg =
            with_text_alternative(CHART, "Top types", "<script>alert(1)</script> & \u{7}bell");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; bell"));
        assert!(!svg.contains("<script>"));
    }

    #[test]
    fn markup_without_an_svg_root_is_returned_unchanged() {
        assert_eq!(
            with_text_alternative("<p>no chart</p>", "t", "d"),
            "<p>no chart</p>"
        );
        assert_eq!(with_text_alternative("<svg/>", "t", "d"), "<svg/>");
    }
}
