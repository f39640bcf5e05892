//! The affected-resource graph drawn as SVG: nodes sized by findings, edges coloured by severity.
//!
//! Positions come from [`crate::analysis::graph::layout`] (unit square); this module only maps
//! them onto the plot area and draws. Pan and zoom belong to the UI (a CSS transform or
//! `viewBox`), so the chart is rendered at exactly the size asked for.

use std::cmp::Ordering;

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::analysis::graph::{EdgeKind, GraphNode, NodeKind, ResourceGraph};

use super::{
    chart_error, draw_header, truncate_label, ChartError, ChartSize, ChartText, ChartTheme,
    Rendered,
};

/// Title, subtitle and severity legend (as in the other charts) plus a row for node kinds.
const HEADER_PX: u32 = 80;
/// Space kept around the plot beyond the largest node's radius.
const PAD_PX: f64 = 8.0;
/// Longest node label drawn in full (the tooltip has the rest).
const LABEL_CHARS: usize = 28;
/// How many nodes carry a label besides the highlighted node (its neighbours first, then
/// aggregates, then the largest; a label that would overlap another is skipped).
const LABELLED_NODES: usize = 25;
const MIN_RADIUS_PX: f64 = 4.0;
/// Extra pixels around a node that still count as a hit (small nodes are hard to point at).
const HIT_SLOP_PX: f64 = 3.0;

/// Where one node was drawn, in SVG pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NodeHit {
    pub x_px: f64,
    pub y_px: f64,
    pub radius_px: f64,
}

/// The drawn nodes, in `ResourceGraph::nodes` order, for hover and click.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GraphGeometry {
    pub nodes: Vec<NodeHit>,
}

impl GraphGeometry {
    /// The node under the pointer: the nearest whose disc (plus a few pixels) contains it.
    pub fn node_at(&self, x_px: f64, y_px: f64) -> Option<usize> {
        let mut best: Option<(usize, f64)> = None;
        for (index, hit) in self.nodes.iter().enumerate() {
            let distance_px = (hit.x_px - x_px).hypot(hit.y_px - y_px);
            let within = distance_px.partial_cmp(&(hit.radius_px + HIT_SLOP_PX));
            if !matches!(within, Some(Ordering::Less | Ordering::Equal)) {
                continue;
            }
            if best.is_none_or(|(_, nearest_px)| distance_px < nearest_px) {
                best = Some((index, distance_px));
            }
        }
        best.map(|(index, _)| index)
    }
}

/// Width ÷ height of the area nodes are placed in, for
/// [`crate::analysis::graph::LayoutOptions::aspect_ratio`].
pub fn graph_aspect_ratio(size: ChartSize) -> f64 {
    let (left, right, top, bottom) = plot_area(size, max_radius_px(size));
    ((right - left) / (bottom - top).max(1.0)).max(0.01)
}

fn max_radius_px(size: ChartSize) -> f64 {
    let short_side_px = f64::from(size.width_px.min(size.height_px.saturating_sub(HEADER_PX)));
    (short_side_px / 16.0).clamp(8.0, 22.0)
}

/// Left, right, top and bottom of the area node centres fall in.
fn plot_area(size: ChartSize, max_radius_px: f64) -> (f64, f64, f64, f64) {
    let margin_px = max_radius_px + PAD_PX;
    let left = margin_px;
    let right = (f64::from(size.width_px) - margin_px).max(left + 1.0);
    let top = f64::from(HEADER_PX) + margin_px;
    let bottom = (f64::from(size.height_px) - margin_px).max(top + 1.0);
    (left, right, top, bottom)
}

/// Draws `graph` with node `i` at `positions[i]` (unit square, as [`layout`] returns; a
/// missing or non-finite position is the centre). `highlighted` (a node index) is ringed in
/// the accent colour and always labelled, its edges drawn strongly and the rest faded, and its
/// neighbours labelled first.
///
/// [`layout`]: crate::analysis::graph::layout
pub fn graph_svg(
    graph: &ResourceGraph,
    positions: &[(f64, f64)],
    size: ChartSize,
    theme: &ChartTheme,
    text: &ChartText,
    highlighted: Option<usize>,
) -> Result<Rendered<GraphGeometry>, ChartError> {
    let hits = node_hits(graph, positions, size);
    let highlighted = highlighted.filter(|&h| h < graph.nodes.len());
    let label_px = theme.font_px.saturating_sub(2).max(8);
    let (left, right, _, _) = plot_area(size, max_radius_px(size));
    let labels = place_labels(graph, &hits, highlighted, label_px, (left + right) / 2.0);

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (size.width_px, size.height_px)).into_drawing_area();
        root.fill(&theme.background).map_err(chart_error)?;
        let (header, _) = root.split_vertically(HEADER_PX);
        draw_header(&header, size, theme, text)?;
        draw_kind_legend(&root, theme)?;
        if graph.nodes.is_empty() {
            draw_empty_notice(&root, size, theme)?;
        }
        draw_edges(&root, graph, &hits, highlighted, theme)?;
        draw_nodes(&root, graph, &hits, highlighted, theme)?;
        let label_style = (theme.font_family, label_px).into_font().color(&theme.text);
        for label in labels {
            let anchor = if label.extends_right {
                HPos::Left
            } else {
                HPos::Right
            };
            root.draw(&Text::new(
                label.text,
                (label.x_px.round() as i32, label.y_px.round() as i32),
                label_style.pos(Pos::new(anchor, VPos::Center)),
            ))
            .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(Rendered {
        svg,
        geometry: GraphGeometry { nodes: hits },
    })
}

/// Where each node is drawn: its unit-square position mapped onto the plot area (a missing or
/// non-finite coordinate is the centre), its disc's area growing with its finding count.
fn node_hits(graph: &ResourceGraph, positions: &[(f64, f64)], size: ChartSize) -> Vec<NodeHit> {
    let max_radius = max_radius_px(size);
    let (left, right, top, bottom) = plot_area(size, max_radius);
    let max_count = graph
        .nodes
        .iter()
        .map(|n| n.finding_count)
        .max()
        .unwrap_or(0)
        .max(1);
    let unit = |v: f64| {
        if v.is_finite() {
            v.clamp(0.0, 1.0)
        } else {
            0.5
        }
    };
    graph
        .nodes
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let (ux, uy) = positions.get(index).copied().unwrap_or((0.5, 0.5));
            let share = f64::from(node.finding_count) / f64::from(max_count);
            NodeHit {
                x_px: left + unit(ux) * (right - left),
                y_px: top + unit(uy) * (bottom - top),
                radius_px: MIN_RADIUS_PX + (max_radius - MIN_RADIUS_PX) * share.sqrt(),
            }
        })
        .collect()
}

/// The nodes joined to `highlighted` by an edge (none without a highlight).
fn neighbours_of(graph: &ResourceGraph, highlighted: Option<usize>) -> Vec<usize> {
    let Some(h) = highlighted else {
        return Vec::new();
    };
    graph
        .edges
        .iter()
        .filter_map(|e| match (e.from == h, e.to == h) {
            (true, _) => Some(e.to),
            (_, true) => Some(e.from),
            _ => None,
        })
        .collect()
}

/// True when edge `index` touches the highlighted node.
fn touches_highlight(graph: &ResourceGraph, index: usize, highlighted: Option<usize>) -> bool {
    graph
        .edges
        .get(index)
        .is_some_and(|e| highlighted.is_some_and(|h| e.from == h || e.to == h))
}

/// Edge indices in drawing order: faded ones first, so the highlighted neighbourhood lies on
/// top; otherwise in graph order.
fn edge_draw_order(graph: &ResourceGraph, highlighted: Option<usize>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..graph.edges.len()).collect();
    order.sort_by_key(|&i| touches_highlight(graph, i, highlighted));
    order
}

/// Opacity of an edge: many edges fade each other out, so fewer are drawn more strongly; with
/// a highlight, its edges are nearly opaque and the rest faint.
fn edge_opacity(edge_count: usize, highlighted: Option<usize>, touches: bool) -> f64 {
    match highlighted {
        None => (0.6 * (150.0 / edge_count.max(1) as f64).sqrt()).clamp(0.2, 0.6),
        Some(_) if touches => 0.95,
        Some(_) => 0.15,
    }
}

/// Stroke width of an edge: 1 px, one more per doubling of its findings, at most 6 px.
fn edge_width_px(finding_count: u32) -> u32 {
    1 + (f64::from(finding_count.max(1)).log2().floor() as u32).min(5)
}

/// Node indices in drawing order: the biggest first, so small ones stay visible on top.
fn node_draw_order(hits: &[NodeHit]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..hits.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (hits[a].radius_px, hits[b].radius_px);
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    order
}

/// One node label to draw.
#[derive(Clone, Debug, PartialEq)]
struct PlacedLabel {
    text: String,
    x_px: f64,
    y_px: f64,
    /// The label starts at `x_px` and extends right (nodes in the left half), else ends there:
    /// labels point away from the middle.
    extends_right: bool,
}

/// Labels, greedily: the highlighted node always; then its neighbours, aggregates and the
/// largest nodes, each unless it would overlap a label already placed, at most
/// [`LABELLED_NODES`] besides the highlighted one.
fn place_labels(
    graph: &ResourceGraph,
    hits: &[NodeHit],
    highlighted: Option<usize>,
    label_px: u32,
    middle_px: f64,
) -> Vec<PlacedLabel> {
    let neighbours = neighbours_of(graph, highlighted);
    let mut by_priority: Vec<usize> = (0..graph.nodes.len()).collect();
    by_priority.sort_by_key(|&i| {
        let node = &graph.nodes[i];
        (
            highlighted != Some(i),
            !neighbours.contains(&i),
            !node.aggregated,
            std::cmp::Reverse(node.finding_count),
            i,
        )
    });
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let mut labels = Vec::new();
    let mut plain_labels = 0_usize;
    for index in by_priority {
        let (Some(node), Some(hit)) = (graph.nodes.get(index), hits.get(index)) else {
            continue;
        };
        let forced = highlighted == Some(index);
        if !forced && plain_labels >= LABELLED_NODES {
            break;
        }
        let text = truncate_label(&node.label, LABEL_CHARS);
        // A rough width: system sans-serif averages a little over half the size per glyph.
        let width_px = 0.6 * f64::from(label_px) * text.chars().count() as f64;
        let half_height_px = 0.6 * f64::from(label_px);
        let gap_px = hit.radius_px + 4.0;
        let extends_right = hit.x_px <= middle_px;
        let (x_px, x0, x1) = if extends_right {
            let x = hit.x_px + gap_px;
            (x, x, x + width_px)
        } else {
            let x = hit.x_px - gap_px;
            (x, x - width_px, x)
        };
        let bounds = [x0, hit.y_px - half_height_px, x1, hit.y_px + half_height_px];
        let overlaps = placed
            .iter()
            .any(|b| bounds[0] < b[2] && b[0] < bounds[2] && bounds[1] < b[3] && b[1] < bounds[3]);
        if overlaps && !forced {
            continue;
        }
        placed.push(bounds);
        if !forced {
            plain_labels += 1;
        }
        labels.push(PlacedLabel {
            text,
            x_px,
            y_px: hit.y_px,
            extends_right,
        });
    }
    labels
}

/// "No resources in the selection", centred below the header.
fn draw_empty_notice<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    size: ChartSize,
    theme: &ChartTheme,
) -> Result<(), ChartError> {
    let style = (theme.font_family, theme.font_px + 2)
        .into_font()
        .color(&theme.muted_text)
        .pos(Pos::new(HPos::Center, VPos::Center));
    let centre = (
        (size.width_px / 2) as i32,
        (size.height_px.saturating_add(HEADER_PX) / 2) as i32,
    );
    root.draw(&Text::new("No resources in the selection", centre, style))
        .map_err(chart_error)
}

fn pixel(hit: &NodeHit) -> (i32, i32) {
    (hit.x_px.round() as i32, hit.y_px.round() as i32)
}

/// Every edge as a line coloured by its most severe finding (attack sequences dashed).
fn draw_edges<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    graph: &ResourceGraph,
    hits: &[NodeHit],
    highlighted: Option<usize>,
    theme: &ChartTheme,
) -> Result<(), ChartError> {
    for index in edge_draw_order(graph, highlighted) {
        let Some(edge) = graph.edges.get(index) else {
            continue;
        };
        let (Some(from), Some(to)) = (hits.get(edge.from), hits.get(edge.to)) else {
            continue;
        };
        let touches = touches_highlight(graph, index, highlighted);
        let opacity = edge_opacity(graph.edges.len(), highlighted, touches);
        let width_px = edge_width_px(edge.finding_count);
        let style = theme
            .severity_color(edge.highest_severity)
            .mix(opacity)
            .stroke_width(width_px);
        if edge.kind == EdgeKind::AttackSequence {
            root.draw(&DashedPathElement::new(
                vec![pixel(from), pixel(to)],
                7,
                4,
                style.stroke_width(width_px + 1),
            ))
            .map_err(chart_error)?;
        } else {
            root.draw(&PathElement::new(vec![pixel(from), pixel(to)], style))
                .map_err(chart_error)?;
        }
    }
    Ok(())
}

/// Every node, the highlighted one ringed in the accent colour.
fn draw_nodes<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    graph: &ResourceGraph,
    hits: &[NodeHit],
    highlighted: Option<usize>,
    theme: &ChartTheme,
) -> Result<(), ChartError> {
    for index in node_draw_order(hits) {
        let (Some(node), Some(hit)) = (graph.nodes.get(index), hits.get(index)) else {
            continue;
        };
        draw_node(root, node, hit, theme)?;
        if highlighted == Some(index) {
            root.draw(&Circle::new(
                pixel(hit),
                (hit.radius_px + 5.0).round() as i32,
                theme.accent.stroke_width(3),
            ))
            .map_err(chart_error)?;
        }
    }
    Ok(())
}

/// The fill of a node kind: accounts in the accent colour, resources neutral, actors dark.
fn fill_of(kind: NodeKind, theme: &ChartTheme) -> RGBColor {
    match kind {
        NodeKind::Account => theme.accent,
        NodeKind::Resource(_) => theme.grid,
        NodeKind::RemoteIp | NodeKind::Domain => theme.muted_text,
    }
}

/// One node: accounts are squares, resources and IPs discs, domains diamonds; the outline is
/// the colour of the node's highest severity; aggregates get a second, outer ring.
fn draw_node<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    node: &GraphNode,
    hit: &NodeHit,
    theme: &ChartTheme,
) -> Result<(), ChartError> {
    let (x, y) = (hit.x_px.round() as i32, hit.y_px.round() as i32);
    let r = hit.radius_px.round().max(1.0) as i32;
    let fill = fill_of(node.kind, theme).filled();
    let ring = theme.severity_color(node.highest_severity).stroke_width(3);
    match node.kind {
        NodeKind::Account => {
            let corners = [(x - r, y - r), (x + r, y + r)];
            area.draw(&Rectangle::new(corners, fill))
                .map_err(chart_error)?;
            area.draw(&Rectangle::new(corners, ring))
                .map_err(chart_error)?;
        }
        NodeKind::Domain => {
            let r = r + r / 4;
            let points = vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)];
            let mut outline = points.clone();
            outline.push((x, y - r));
            area.draw(&Polygon::new(points, fill))
                .map_err(chart_error)?;
            area.draw(&PathElement::new(outline, ring))
                .map_err(chart_error)?;
        }
        NodeKind::Resource(_) | NodeKind::RemoteIp => {
            area.draw(&Circle::new((x, y), r, fill))
                .map_err(chart_error)?;
            area.draw(&Circle::new((x, y), r, ring))
                .map_err(chart_error)?;
        }
    }
    if node.aggregated {
        area.draw(&Circle::new((x, y), r + 4, theme.axis.stroke_width(1)))
            .map_err(chart_error)?;
    }
    Ok(())
}

/// The node-kind legend under the subtitle: shape and fill of each kind, the attack-sequence
/// stroke, and what size means.
fn draw_kind_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    theme: &ChartTheme,
) -> Result<(), ChartError> {
    let style = (theme.font_family, theme.font_px.saturating_sub(1).max(8))
        .into_font()
        .color(&theme.text)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let y = 62;
    let mut x = 18;
    let ring = theme
        .severity_color(crate::model::SeverityBand::Medium)
        .stroke_width(2);
    let entries: [(&str, NodeKind); 4] = [
        ("Account", NodeKind::Account),
        (
            "Resource",
            NodeKind::Resource(crate::model::ResourceKind::Instance),
        ),
        ("Remote IP", NodeKind::RemoteIp),
        ("Domain", NodeKind::Domain),
    ];
    for (label, kind) in entries {
        let fill = fill_of(kind, theme).filled();
        match kind {
            NodeKind::Account => {
                area.draw(&Rectangle::new([(x - 6, y - 6), (x + 6, y + 6)], fill))
                    .map_err(chart_error)?;
            }
            NodeKind::Domain => {
                area.draw(&Polygon::new(
                    vec![(x, y - 7), (x + 7, y), (x, y + 7), (x - 7, y)],
                    fill,
                ))
                .map_err(chart_error)?;
            }
            NodeKind::Resource(_) | NodeKind::RemoteIp => {
                area.draw(&Circle::new((x, y), 6, fill))
                    .map_err(chart_error)?;
                area.draw(&Circle::new((x, y), 6, ring))
                    .map_err(chart_error)?;
            }
        }
        area.draw(&Text::new(label, (x + 11, y), style.clone()))
            .map_err(chart_error)?;
        x += 24 + 8 * label.len() as i32;
    }
    area.draw(&DashedPathElement::new(
        vec![(x - 6, y), (x + 16, y)],
        5,
        3,
        theme.muted_text.stroke_width(2),
    ))
    .map_err(chart_error)?;
    area.draw(&Text::new("Attack sequence", (x + 22, y), style.clone()))
        .map_err(chart_error)?;
    x += 22 + 8 * 16;
    area.draw(&Text::new(
        "Size: findings · colour: highest severity",
        (x, y),
        style.color(&theme.muted_text),
    ))
    .map_err(chart_error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::graph::{layout, GraphLimits, LayoutOptions, ResourceGraph};
    use crate::analysis::reference::resource_graph;
    use crate::model::{Dialect, Finding, FindingType, NetworkActor, Resource, ResourceKind, Text};

    const SIZE: ChartSize = ChartSize {
        width_px: 900,
        height_px: 560,
    };

    fn finding(id: &str, score: f64, instance: &str, ip: &str) -> Finding {
        let kind = FindingType::parse("Recon:EC2/Portscan", &mut |s: &str| Text::from(s));
        let mut f = Finding::new(id.into(), kind, score, Dialect::CamelCase);
        f.account_id = Some("111122223333".into());
        f.resources.push(Resource {
            kind: ResourceKind::Instance,
            id: instance.into(),
            display_name: None,
            attributes: Vec::new(),
        });
        f.network_actors.push(NetworkActor {
            ip_address: Some(ip.into()),
            ..NetworkActor::default()
        });
        f
    }

    fn graph() -> ResourceGraph {
        let mut hostile = finding("f3", 9.0, "<script>alert(1)</script>", "203.0.113.5");
        hostile.domains.push("evil.example".into());
        let findings = vec![
            finding("f1", 2.0, "i-0abc", "198.51.100.7"),
            finding("f2", 8.0, "i-0abc", "198.51.100.7"),
            hostile,
        ];
        let all: Vec<u32> = (0..findings.len() as u32).collect();
        resource_graph(&findings, &all, GraphLimits::default())
    }

    fn render(graph: &ResourceGraph, highlighted: Option<usize>) -> Rendered<GraphGeometry> {
        let options = LayoutOptions {
            aspect_ratio: graph_aspect_ratio(SIZE),
            ..LayoutOptions::default()
        };
        let positions = layout(graph, &options);
        let text = ChartText {
            title: "Affected resources".into(),
            subtitle: "All findings".into(),
        };
        graph_svg(
            graph,
            &positions,
            SIZE,
            &ChartTheme::light(),
            &text,
            highlighted,
        )
        .expect("the graph renders")
    }

    #[test]
    fn the_svg_carries_title_legend_and_escaped_labels() {
        let chart = render(&graph(), None);
        assert!(chart.svg.starts_with("<svg"));
        assert!(chart.svg.contains("Affected resources"));
        assert!(chart.svg.contains("All findings"));
        for legend in [
            "Account",
            "Remote IP",
            "Domain",
            "Attack sequence",
            "Critical",
        ] {
            assert!(chart.svg.contains(legend), "legend lacks {legend}");
        }
        assert!(chart.svg.contains("i-0abc"));
        assert!(chart.svg.contains("evil.example"));
        assert!(!chart.svg.contains("<script>"));
        assert!(chart.svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn hostile_title_is_escaped() {
        let graph = graph();
        let positions = layout(&graph, &LayoutOptions::default());
        let text = ChartText {
            title: "<script>alert(1)</script>".into(),
            subtitle: "\"><img src=x onerror=alert(1)>".into(),
        };
        let chart = graph_svg(&graph, &positions, SIZE, &ChartTheme::dark(), &text, None)
            .expect("the graph renders");
        assert!(!chart.svg.contains("<script>"));
        assert!(!chart.svg.contains("<img"));
    }

    #[test]
    fn hit_testing_finds_a_node_at_its_centre_and_none_far_away() {
        let graph = graph();
        let chart = render(&graph, None);
        let geometry = &chart.geometry;
        assert_eq!(geometry.nodes.len(), graph.nodes.len());
        for (index, hit) in geometry.nodes.iter().enumerate() {
            assert_eq!(geometry.node_at(hit.x_px, hit.y_px), Some(index));
            assert!(hit.x_px >= 0.0 && hit.x_px <= f64::from(SIZE.width_px));
            assert!(hit.y_px >= f64::from(HEADER_PX) && hit.y_px <= f64::from(SIZE.height_px));
        }
        assert_eq!(geometry.node_at(-500.0, -500.0), None);
        assert_eq!(geometry.node_at(5.0, 5.0), None, "the header holds no node");
    }

    #[test]
    fn bigger_nodes_have_more_findings() {
        let graph = graph();
        let chart = render(&graph, None);
        let radius_of = |key: &str| {
            let index = graph.nodes.iter().position(|n| n.key == key).expect("node");
            chart.geometry.nodes[index].radius_px
        };
        assert!(radius_of("account:111122223333") > radius_of("resource:Instance:i-0abc"));
        assert!(radius_of("resource:Instance:i-0abc") > radius_of("domain:evil.example"));
    }

    #[test]
    fn highlighting_rings_the_node_and_ignores_a_bad_index() {
        let graph = graph();
        let plain = render(&graph, None);
        let ringed = render(&graph, Some(1));
        assert_ne!(plain.svg, ringed.svg);
        let bad = render(&graph, Some(999));
        assert_eq!(plain.svg, bad.svg);
    }

    #[test]
    fn an_empty_graph_says_so() {
        let chart = graph_svg(
            &ResourceGraph::default(),
            &[],
            SIZE,
            &ChartTheme::light(),
            &ChartText::default(),
            None,
        )
        .expect("an empty graph renders");
        assert!(chart.svg.contains("No resources in the selection"));
        assert!(chart.geometry.nodes.is_empty());
        assert_eq!(chart.geometry.node_at(450.0, 300.0), None);
    }

    #[test]
    fn missing_or_broken_positions_and_tiny_sizes_do_not_fail() {
        let graph = graph();
        let tiny = ChartSize {
            width_px: 10,
            height_px: 10,
        };
        for size in [SIZE, tiny] {
            let chart = graph_svg(
                &graph,
                &[(f64::NAN, f64::INFINITY)],
                size,
                &ChartTheme::light(),
                &ChartText::default(),
                Some(0),
            )
            .expect("renders");
            assert_eq!(chart.geometry.nodes.len(), graph.nodes.len());
            assert!(chart
                .geometry
                .nodes
                .iter()
                .all(|n| n.x_px.is_finite() && n.y_px.is_finite() && n.radius_px > 0.0));
        }
        assert!(graph_aspect_ratio(tiny).is_finite());
    }

    /// A graph of `counts.len()` remote-IP nodes with those finding counts, and touching edges.
    fn synthetic(counts: &[u32], edges: &[(usize, usize, u32)]) -> ResourceGraph {
        use crate::analysis::graph::{GraphEdge, GraphNode};
        use crate::model::SeverityBand;
        ResourceGraph {
            nodes: counts
                .iter()
                .enumerate()
                .map(|(i, &count)| GraphNode {
                    key: format!("ip:{i}"),
                    kind: NodeKind::RemoteIp,
                    label: format!("node {i}"),
                    finding_count: count,
                    by_band: [count, 0, 0, 0],
                    highest_severity: SeverityBand::Low,
                    findings: (0..count).collect(),
                    member_count: 1,
                    aggregated: false,
                })
                .collect(),
            edges: edges
                .iter()
                .map(|&(from, to, count)| GraphEdge {
                    from,
                    to,
                    kind: EdgeKind::Touched,
                    finding_count: count,
                    by_band: [count, 0, 0, 0],
                    highest_severity: SeverityBand::Low,
                    findings: (0..count).collect(),
                })
                .collect(),
            ..ResourceGraph::default()
        }
    }

    #[test]
    fn nodes_map_onto_the_plot_area_and_grow_with_their_findings() {
        let graph = synthetic(&[1, 4, 16], &[]);
        let hits = node_hits(&graph, &[(0.0, 0.0), (1.0, 1.0), (f64::NAN, 7.0)], SIZE);
        let (left, right, top, bottom) = plot_area(SIZE, max_radius_px(SIZE));
        assert_eq!((hits[0].x_px, hits[0].y_px), (left, top));
        assert_eq!((hits[1].x_px, hits[1].y_px), (right, bottom));
        assert_eq!(hits[2].x_px, (left + right) / 2.0, "NaN is the centre");
        assert_eq!(hits[2].y_px, bottom, "out of range is clamped");
        assert!(hits[0].radius_px >= MIN_RADIUS_PX);
        assert!(hits[0].radius_px < hits[1].radius_px && hits[1].radius_px < hits[2].radius_px);
        assert_eq!(
            hits[2].radius_px,
            max_radius_px(SIZE),
            "the largest gets the full radius"
        );
        assert_eq!(node_draw_order(&hits), vec![2, 1, 0], "biggest drawn first");
    }

    #[test]
    fn highlighted_edges_are_drawn_last_strong_and_the_rest_faint() {
        let graph = synthetic(&[1, 1, 1, 1], &[(0, 1, 1), (1, 2, 1), (2, 3, 1)]);
        assert_eq!(neighbours_of(&graph, Some(1)), vec![0, 2]);
        assert!(neighbours_of(&graph, None).is_empty());
        assert_eq!(edge_draw_order(&graph, None), vec![0, 1, 2]);
        assert_eq!(edge_draw_order(&graph, Some(3)), vec![0, 1, 2]);
        assert_eq!(edge_draw_order(&graph, Some(0)), vec![1, 2, 0]);
        assert_eq!(edge_opacity(3, Some(0), true), 0.95);
        assert_eq!(edge_opacity(3, Some(0), false), 0.15);
        assert_eq!(edge_opacity(3, None, false), 0.6, "few edges: strong");
        assert_eq!(
            edge_opacity(100_000, None, false),
            0.2,
            "many edges: faded, not gone"
        );
    }

    #[test]
    fn edge_width_grows_by_doublings_and_is_capped() {
        assert_eq!(edge_width_px(0), 1);
        assert_eq!(edge_width_px(1), 1);
        assert_eq!(edge_width_px(2), 2);
        assert_eq!(edge_width_px(3), 2);
        assert_eq!(edge_width_px(4), 3);
        assert_eq!(edge_width_px(1 << 20), 6);
    }

    #[test]
    fn labels_skip_overlaps_but_never_the_highlighted_node() {
        let graph = synthetic(&[5, 3, 1], &[(1, 2, 1)]);
        let at = |x_px: f64| NodeHit {
            x_px,
            y_px: 300.0,
            radius_px: 5.0,
        };
        // Nodes 0 and 1 on top of each other in the left half, node 2 in the right half.
        let hits = [at(100.0), at(101.0), at(800.0)];
        let texts = |labels: Vec<PlacedLabel>| -> Vec<String> {
            labels.into_iter().map(|l| l.text).collect()
        };
        let plain = place_labels(&graph, &hits, None, 12, 450.0);
        assert_eq!(
            texts(plain.clone()),
            ["node 0", "node 2"],
            "node 1 would overlap node 0"
        );
        assert!(
            plain[0].extends_right && !plain[1].extends_right,
            "labels point outwards"
        );
        let highlighted = place_labels(&graph, &hits, Some(1), 12, 450.0);
        assert_eq!(
            texts(highlighted),
            ["node 1", "node 2"],
            "the highlight first, then its neighbour; node 0 now overlaps"
        );
    }

    #[test]
    fn at_most_the_label_budget_is_used_besides_the_highlight() {
        let counts = vec![1; LABELLED_NODES + 10];
        let graph = synthetic(&counts, &[]);
        let hits: Vec<NodeHit> = (0..counts.len())
            .map(|i| NodeHit {
                x_px: 10.0,
                y_px: 40.0 * i as f64,
                radius_px: 4.0,
            })
            .collect();
        assert_eq!(
            place_labels(&graph, &hits, None, 12, 450.0).len(),
            LABELLED_NODES
        );
        let last = counts.len() - 1;
        let with_highlight = place_labels(&graph, &hits, Some(last), 12, 450.0);
        assert_eq!(with_highlight.len(), LABELLED_NODES + 1);
        assert_eq!(with_highlight[0].text, format!("node {last}"));
    }
}
