//! The fixed parts of a PresentationML package (content types, relationships, one slide master,
//! one blank layout, a theme) and the drawing primitives the deck's slides are made of: text
//! boxes, bulleted lists, tables and pictures, every text run XML-escaped.
//!
//! Sizes are EMU (914,400 per inch, 12,700 per point); the slide is 16:9, 13.333 × 7.5 in.

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{storable, OfficeError};

pub const SLIDE_WIDTH_EMU: i64 = 12_192_000;
pub const SLIDE_HEIGHT_EMU: i64 = 6_858_000;

const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Text for an XML text node or attribute: `& < > " '` escaped, characters XML 1.0 cannot
/// carry dropped, line breaks and tabs turned into spaces (a run holds one line).
pub fn escape(text: &str) -> String {
    let text = storable(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A rectangle on the slide, in EMU.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    pub x: i64,
    pub y: i64,
    pub width: i64,
    pub height: i64,
}

fn xfrm(frame: Frame) -> String {
    format!(
        "<a:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></a:xfrm>",
        frame.x, frame.y, frame.width, frame.height
    )
}

/// How one run of text looks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub size_pt: u32,
    pub bold: bool,
    /// `RRGGBB`.
    pub colour: &'static str,
}

pub fn run(text: &str, style: Style) -> String {
    format!(
        "<a:r><a:rPr lang=\"en-GB\" sz=\"{}\" b=\"{}\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:rPr><a:t>{}</a:t></a:r>",
        style.size_pt * 100,
        u8::from(style.bold),
        style.colour,
        escape(text)
    )
}

/// One paragraph of runs; `bullet` indents it with a bullet character.
pub fn paragraph(runs: &str, bullet: bool) -> String {
    let props = if bullet {
        "<a:pPr marL=\"342900\" indent=\"-342900\"><a:spcBef><a:spcPts val=\"600\"/></a:spcBef><a:buFont typeface=\"Arial\"/><a:buChar char=\"•\"/></a:pPr>"
    } else {
        "<a:pPr><a:spcBef><a:spcPts val=\"300\"/></a:spcBef><a:buNone/></a:pPr>"
    };
    format!("<a:p>{props}{runs}</a:p>")
}

/// Builds one slide's shape tree, numbering shape ids.
pub struct SlideXml {
    shapes: String,
    next_id: u32,
}

impl SlideXml {
    pub fn new() -> Self {
        Self {
            shapes: String::new(),
            next_id: 2,
        }
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// A text box holding `paragraphs` (from [`paragraph`]); text shrinks to fit.
    pub fn text_box(&mut self, name: &str, frame: Frame, paragraphs: &str) {
        let id = self.id();
        let _ = write!(
            self.shapes,
            "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody><a:bodyPr wrap=\"square\" lIns=\"91440\" tIns=\"45720\" rIns=\"91440\" bIns=\"45720\" rtlCol=\"0\"><a:normAutofit/></a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody></p:sp>",
            escape(name),
            xfrm(frame)
        );
    }

    /// A table: `header` then `rows`; each cell is (text, optional fill `RRGGBB`).
    pub fn table(
        &mut self,
        name: &str,
        frame: Frame,
        column_widths: &[i64],
        header: &[&str],
        rows: &[Vec<(String, Option<&'static str>)>],
        size_pt: u32,
    ) {
        let id = self.id();
        let row_height = frame.height / (rows.len() as i64 + 1).max(1);
        let cell = |text: &str, fill: Option<&str>, bold: bool| {
            let style = Style {
                size_pt,
                bold,
                colour: "1F2933",
            };
            let fill = fill.map_or_else(
                || "<a:noFill/>".to_owned(),
                |c| format!("<a:solidFill><a:srgbClr val=\"{c}\"/></a:solidFill>"),
            );
            format!(
                "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p>{}</a:p></a:txBody><a:tcPr marL=\"68580\" marR=\"68580\" marT=\"34290\" marB=\"34290\">{BORDERS}{fill}</a:tcPr></a:tc>",
                run(text, style)
            )
        };
        let mut xml = String::new();
        let _ = write!(
            xml,
            "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"{id}\" name=\"{}\"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp=\"1\"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x=\"{}\" y=\"{}\"/><a:ext cx=\"{}\" cy=\"{}\"/></p:xfrm><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblPr firstRow=\"1\" bandRow=\"1\"/><a:tblGrid>",
            escape(name),
            frame.x,
            frame.y,
            frame.width,
            frame.height
        );
        for width in column_widths {
            let _ = write!(xml, "<a:gridCol w=\"{width}\"/>");
        }
        xml.push_str("</a:tblGrid>");
        let _ = write!(xml, "<a:tr h=\"{row_height}\">");
        for name in header {
            xml.push_str(&cell(name, Some("D9E2EC"), true));
        }
        xml.push_str("</a:tr>");
        for row in rows {
            let _ = write!(xml, "<a:tr h=\"{row_height}\">");
            for (text, fill) in row {
                xml.push_str(&cell(text, *fill, false));
            }
            xml.push_str("</a:tr>");
        }
        xml.push_str("</a:tbl></a:graphicData></a:graphic></p:graphicFrame>");
        self.shapes.push_str(&xml);
    }

    /// A picture from the slide's relationship `rel_id`, with alternative text.
    pub fn picture(&mut self, rel_id: &str, frame: Frame, description: &str) {
        let id = self.id();
        let _ = write!(
            self.shapes,
            "<p:pic><p:nvPicPr><p:cNvPr id=\"{id}\" name=\"Chart {id}\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"{rel_id}\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
            escape(description),
            xfrm(frame)
        );
    }

    /// The slide part.
    pub fn finish(self) -> String {
        format!(
            "{DECL}<p:sld xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld><p:spTree>{GROUP}{}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>",
            self.shapes
        )
    }
}

const BORDERS: &str = "<a:lnL w=\"6350\"><a:solidFill><a:srgbClr val=\"9AA5B1\"/></a:solidFill></a:lnL><a:lnR w=\"6350\"><a:solidFill><a:srgbClr val=\"9AA5B1\"/></a:solidFill></a:lnR><a:lnT w=\"6350\"><a:solidFill><a:srgbClr val=\"9AA5B1\"/></a:solidFill></a:lnT><a:lnB w=\"6350\"><a:solidFill><a:srgbClr val=\"9AA5B1\"/></a:solidFill></a:lnB>";

const GROUP: &str = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>";

/// One slide of the package: its XML and the PNG it shows, if any (relationship `rId2`).
pub struct SlidePart {
    pub xml: String,
    pub image_png: Option<Vec<u8>>,
}

/// The width and height in pixels of PNG bytes, if they are a PNG with a header.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    if bytes.get(..8)? != SIGNATURE || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let height = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    (width > 0 && height > 0).then_some((width, height))
}

/// The largest frame with the image's aspect ratio inside `area`, centred.
pub fn fit(area: Frame, (width_px, height_px): (u32, u32)) -> Frame {
    let (w, h) = (i64::from(width_px), i64::from(height_px));
    let (width, height) = if area.width * h <= area.height * w {
        (area.width, area.width * h / w)
    } else {
        (area.height * w / h, area.height)
    };
    Frame {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// Zips the package: the fixed parts, then each slide with its relationships and image.
pub fn package(title: &str, slides: Vec<SlidePart>) -> Result<Vec<u8>, OfficeError> {
    let fail =
        |e: zip::result::ZipError| OfficeError::from("The PowerPoint deck could not be written", e);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let add = |zip: &mut ZipWriter<Cursor<Vec<u8>>>, name: &str, bytes: &[u8]| {
        zip.start_file(name, options).map_err(fail)?;
        zip.write_all(bytes)
            .map_err(|e| OfficeError::from("The PowerPoint deck could not be written", e))
    };
    let count = slides.len();
    add(
        &mut zip,
        "[Content_Types].xml",
        content_types(count).as_bytes(),
    )?;
    add(&mut zip, "_rels/.rels", ROOT_RELS.as_bytes())?;
    add(
        &mut zip,
        "docProps/core.xml",
        core_properties(title).as_bytes(),
    )?;
    add(
        &mut zip,
        "docProps/app.xml",
        app_properties(count).as_bytes(),
    )?;
    add(
        &mut zip,
        "ppt/presentation.xml",
        presentation(count).as_bytes(),
    )?;
    add(
        &mut zip,
        "ppt/_rels/presentation.xml.rels",
        presentation_rels(count).as_bytes(),
    )?;
    add(
        &mut zip,
        "ppt/presProps.xml",
        format!(
            "{DECL}<p:presentationPr xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"/>"
        )
        .as_bytes(),
    )?;
    add(
        &mut zip,
        "ppt/viewProps.xml",
        format!("{DECL}<p:viewPr xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"/>")
            .as_bytes(),
    )?;
    add(&mut zip, "ppt/tableStyles.xml", format!("{DECL}<a:tblStyleLst xmlns:a=\"{NS_A}\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>").as_bytes())?;
    add(
        &mut zip,
        "ppt/slideMasters/slideMaster1.xml",
        slide_master().as_bytes(),
    )?;
    add(&mut zip, "ppt/slideMasters/_rels/slideMaster1.xml.rels", format!("{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/theme\" Target=\"../theme/theme1.xml\"/></Relationships>").as_bytes())?;
    add(&mut zip, "ppt/slideLayouts/slideLayout1.xml", format!("{DECL}<p:sldLayout xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\" type=\"blank\" preserve=\"1\"><p:cSld name=\"Blank\"><p:spTree>{GROUP}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>").as_bytes())?;
    add(&mut zip, "ppt/slideLayouts/_rels/slideLayout1.xml.rels", format!("{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/slideMaster\" Target=\"../slideMasters/slideMaster1.xml\"/></Relationships>").as_bytes())?;
    add(&mut zip, "ppt/theme/theme1.xml", THEME.as_bytes())?;
    for (position, slide) in slides.iter().enumerate() {
        let number = position + 1;
        add(
            &mut zip,
            &format!("ppt/slides/slide{number}.xml"),
            slide.xml.as_bytes(),
        )?;
        let mut rels = format!("{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/slideLayout\" Target=\"../slideLayouts/slideLayout1.xml\"/>");
        if let Some(png) = &slide.image_png {
            let _ = write!(rels, "<Relationship Id=\"rId2\" Type=\"{REL}/image\" Target=\"../media/image{number}.png\"/>");
            add(&mut zip, &format!("ppt/media/image{number}.png"), png)?;
        }
        rels.push_str("</Relationships>");
        add(
            &mut zip,
            &format!("ppt/slides/_rels/slide{number}.xml.rels"),
            rels.as_bytes(),
        )?;
    }
    zip.finish().map(Cursor::into_inner).map_err(fail)
}

fn content_types(slides: usize) -> String {
    let mut xml = format!("{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>");
    let parts = [
        (
            "/ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
        (
            "/ppt/presProps.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presProps+xml",
        ),
        (
            "/ppt/viewProps.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.viewProps+xml",
        ),
        (
            "/ppt/tableStyles.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.tableStyles+xml",
        ),
        (
            "/ppt/slideMasters/slideMaster1.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml",
        ),
        (
            "/ppt/slideLayouts/slideLayout1.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml",
        ),
        (
            "/ppt/theme/theme1.xml",
            "application/vnd.openxmlformats-officedocument.theme+xml",
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml",
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml",
        ),
    ];
    for (part, kind) in parts {
        let _ = write!(
            xml,
            "<Override PartName=\"{part}\" ContentType=\"{kind}\"/>"
        );
    }
    for number in 1..=slides {
        let _ = write!(xml, "<Override PartName=\"/ppt/slides/slide{number}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.presentationml.slide+xml\"/>");
    }
    xml.push_str("</Types>");
    xml
}

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"ppt/presentation.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>";

fn core_properties(title: &str) -> String {
    format!("{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>guardview</dc:creator></cp:coreProperties>", escape(title))
}

fn app_properties(slides: usize) -> String {
    format!("{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>guardview</Application><Slides>{slides}</Slides></Properties>")
}

fn presentation(slides: usize) -> String {
    let mut ids = String::new();
    for number in 1..=slides {
        let _ = write!(
            ids,
            "<p:sldId id=\"{}\" r:id=\"rId{}\"/>",
            255 + number,
            number + 1
        );
    }
    format!("{DECL}<p:presentation xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\" saveSubsetFonts=\"1\"><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx=\"{SLIDE_WIDTH_EMU}\" cy=\"{SLIDE_HEIGHT_EMU}\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>")
}

fn presentation_rels(slides: usize) -> String {
    let mut xml = format!("{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/slideMaster\" Target=\"slideMasters/slideMaster1.xml\"/>");
    for number in 1..=slides {
        let _ = write!(
            xml,
            "<Relationship Id=\"rId{}\" Type=\"{REL}/slide\" Target=\"slides/slide{number}.xml\"/>",
            number + 1
        );
    }
    let next = slides + 2;
    let _ = write!(xml, "<Relationship Id=\"rId{}\" Type=\"{REL}/theme\" Target=\"theme/theme1.xml\"/><Relationship Id=\"rId{}\" Type=\"{REL}/presProps\" Target=\"presProps.xml\"/><Relationship Id=\"rId{}\" Type=\"{REL}/viewProps\" Target=\"viewProps.xml\"/><Relationship Id=\"rId{}\" Type=\"{REL}/tableStyles\" Target=\"tableStyles.xml\"/></Relationships>", next, next + 1, next + 2, next + 3);
    xml
}

fn slide_master() -> String {
    let level = "<a:lvl1pPr><a:defRPr sz=\"1800\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr>";
    format!("{DECL}<p:sldMaster xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"><p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree>{GROUP}</p:spTree></p:cSld><p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/><p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle>{level}</p:titleStyle><p:bodyStyle>{level}</p:bodyStyle><p:otherStyle>{level}</p:otherStyle></p:txStyles></p:sldMaster>")
}

const THEME: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"guardview\"><a:themeElements>",
    "<a:clrScheme name=\"guardview\"><a:dk1><a:srgbClr val=\"1F2933\"/></a:dk1><a:lt1><a:srgbClr val=\"FFFFFF\"/></a:lt1><a:dk2><a:srgbClr val=\"243B53\"/></a:dk2><a:lt2><a:srgbClr val=\"F0F4F8\"/></a:lt2>",
    "<a:accent1><a:srgbClr val=\"2F6FAD\"/></a:accent1><a:accent2><a:srgbClr val=\"C2410C\"/></a:accent2><a:accent3><a:srgbClr val=\"15803D\"/></a:accent3><a:accent4><a:srgbClr val=\"B45309\"/></a:accent4><a:accent5><a:srgbClr val=\"7C3AED\"/></a:accent5><a:accent6><a:srgbClr val=\"0E7490\"/></a:accent6>",
    "<a:hlink><a:srgbClr val=\"1D4ED8\"/></a:hlink><a:folHlink><a:srgbClr val=\"6D28D9\"/></a:folHlink></a:clrScheme>",
    "<a:fontScheme name=\"guardview\"><a:majorFont><a:latin typeface=\"Calibri\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:majorFont><a:minorFont><a:latin typeface=\"Calibri\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:minorFont></a:fontScheme>",
    "<a:fmtScheme name=\"guardview\"><a:fillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:fillStyleLst>",
    "<a:lnStyleLst><a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln><a:ln w=\"12700\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln><a:ln w=\"19050\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln></a:lnStyleLst>",
    "<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>",
    "<a:bgFillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme>",
    "</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_leaves_no_markup_and_no_character_xml_cannot_carry() {
        assert_eq!(
            escape("a<b>&\"c\"'d'\u{0}\u{1b}\u{FFFF}e\nf"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;e f"
        );
        assert_eq!(escape("plain 🔥 text"), "plain 🔥 text");
    }

    #[test]
    fn only_png_bytes_with_a_header_give_a_size() {
        let mut header = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        header.extend_from_slice(b"IHDR");
        header.extend_from_slice(&640u32.to_be_bytes());
        header.extend_from_slice(&360u32.to_be_bytes());
        assert_eq!(png_size(&header), Some((640, 360)));
        assert_eq!(png_size(b"GIF89a"), None);
        assert_eq!(png_size(&header[..20]), None);
    }

    #[test]
    fn a_picture_fits_its_area_keeping_its_aspect_ratio() {
        let area = Frame {
            x: 0,
            y: 0,
            width: 1000,
            height: 1000,
        };
        let wide = fit(area, (200, 100));
        assert_eq!((wide.width, wide.height, wide.y), (1000, 500, 250));
        let tall = fit(area, (100, 400));
        assert_eq!((tall.width, tall.height, tall.x), (250, 1000, 375));
    }
}
