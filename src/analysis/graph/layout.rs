//! Fruchterman–Reingold placement of a [`ResourceGraph`] in the unit square (the algorithm and
//! its deterministic additions are described in the [`super`] module documentation), and a
//! cache that skips the work when only counts changed.

use super::{NodeKind, ResourceGraph};

/// Ring of the initial layout: 0 inner (accounts), 1 middle (resources), 2 outer (actors).
fn ring_of(kind: NodeKind) -> usize {
    match kind {
        NodeKind::Account => 0,
        NodeKind::Resource(_) => 1,
        NodeKind::RemoteIp | NodeKind::Domain => 2,
    }
}

/// Settings of [`layout`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Simulation steps; the temperature reaches zero at the last one.
    pub iterations: u32,
    /// Width ÷ height of the drawing the positions are for (clamped to 0.25–4).
    pub aspect_ratio: f64,
    /// Mixed into the initial jitter; another seed gives another (equally valid) picture.
    pub seed: u64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        Self {
            iterations: 300,
            aspect_ratio: 1.6,
            seed: 0x9e37_79b9_7f4a_7c15,
        }
    }
}

/// What [`layout`] reads of a graph: node kinds and keys in order, edge ends, the options.
#[derive(Clone, Debug, Default, PartialEq)]
struct LayoutInput {
    nodes: Vec<(NodeKind, String)>,
    edges: Vec<(usize, usize)>,
    options: Option<LayoutOptions>,
}

impl LayoutInput {
    fn of(graph: &ResourceGraph, options: &LayoutOptions) -> Self {
        Self {
            nodes: graph
                .nodes
                .iter()
                .map(|n| (n.kind, n.key.clone()))
                .collect(),
            edges: graph.edges.iter().map(|e| (e.from, e.to)).collect(),
            options: Some(*options),
        }
    }
}

/// The last layout and what it was computed from: a filter change that leaves the drawn
/// nodes and edges as they were (only counts changed) reuses the positions.
#[derive(Clone, Debug, Default)]
pub struct LayoutCache {
    input: LayoutInput,
    positions: Vec<(f64, f64)>,
}

impl LayoutCache {
    /// Exactly [`layout`]`(graph, options)`, computed only when its input changed.
    pub fn layout(&mut self, graph: &ResourceGraph, options: &LayoutOptions) -> Vec<(f64, f64)> {
        let input = LayoutInput::of(graph, options);
        if input != self.input {
            self.positions = layout(graph, options);
            self.input = input;
        }
        self.positions.clone()
    }
}

/// Ideal edge length as a fraction of `√(area/n)`.
const SPRING_FACTOR: f64 = 0.8;
/// Starting temperature (largest step) as a fraction of the frame's larger side.
const START_TEMPERATURE: f64 = 0.1;
/// Strength of the pull to the centre, relative to an edge's attraction.
const GRAVITY: f64 = 0.08;

/// Positions for `graph.nodes` (same order) in the unit square, `(0, 0)` top left, laid out
/// for a drawing of the given aspect ratio. See the module documentation for the algorithm.
/// Deterministic, always finite; empty for an empty graph, the centre for a single node.
pub fn layout(graph: &ResourceGraph, options: &LayoutOptions) -> Vec<(f64, f64)> {
    let n = graph.nodes.len();
    match n {
        0 => return Vec::new(),
        1 => return vec![(0.5, 0.5)],
        _ => {}
    }
    let aspect = if options.aspect_ratio.is_finite() {
        options.aspect_ratio.clamp(0.25, 4.0)
    } else {
        1.0
    };
    let (width, height) = (aspect, 1.0_f64);
    let (cx, cy) = (width / 2.0, height / 2.0);
    let k = SPRING_FACTOR * (width * height / n as f64).sqrt();
    let min_distance = k * 0.01;

    let mut pos = initial_rings(graph, options.seed, width, height);
    let edges: Vec<(usize, usize)> = graph
        .edges
        .iter()
        .filter(|e| e.from < n && e.to < n && e.from != e.to)
        .map(|e| (e.from, e.to))
        .collect();

    let iterations = options.iterations.max(1);
    let t0 = START_TEMPERATURE * width.max(height);
    let mut disp = vec![(0.0_f64, 0.0_f64); n];
    for step in 0..iterations {
        let temperature = t0 * (1.0 - f64::from(step) / f64::from(iterations));
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy, d) = separation(pos[i], pos[j], i, j, min_distance);
                let force = k * k / d;
                let (fx, fy) = (dx / d * force, dy / d * force);
                disp[i].0 += fx;
                disp[i].1 += fy;
                disp[j].0 -= fx;
                disp[j].1 -= fy;
            }
        }
        for &(a, b) in &edges {
            let (dx, dy, d) = separation(pos[a], pos[b], a, b, min_distance);
            let force = d * d / k;
            let (fx, fy) = (dx / d * force, dy / d * force);
            disp[a].0 -= fx;
            disp[a].1 -= fy;
            disp[b].0 += fx;
            disp[b].1 += fy;
        }
        for i in 0..n {
            let (gx, gy) = (cx - pos[i].0, cy - pos[i].1);
            let g = (gx * gx + gy * gy).sqrt();
            disp[i].0 += gx * g / k * GRAVITY;
            disp[i].1 += gy * g / k * GRAVITY;
            let (dx, dy) = disp[i];
            let length = (dx * dx + dy * dy).sqrt();
            if length > 0.0 && length.is_finite() {
                let step_length = length.min(temperature);
                pos[i].0 = (pos[i].0 + dx / length * step_length).clamp(-width, 2.0 * width);
                pos[i].1 = (pos[i].1 + dy / length * step_length).clamp(-height, 2.0 * height);
            }
        }
    }
    fit_to_unit_square(&pos, width, height)
}

/// The vector from `b` to `a` and its length, never shorter than `min_distance`; points on
/// top of each other get a direction derived from their indices.
fn separation(
    a: (f64, f64),
    b: (f64, f64),
    i: usize,
    j: usize,
    min_distance: f64,
) -> (f64, f64, f64) {
    let (mut dx, mut dy) = (a.0 - b.0, a.1 - b.1);
    let mut d = (dx * dx + dy * dy).sqrt();
    if d.is_nan() || d < min_distance {
        if d.is_nan() || d <= 1e-12 {
            let angle = ((i * 7919 + j * 104_729) % 360) as f64 * std::f64::consts::PI / 180.0;
            dx = angle.cos();
            dy = angle.sin();
            d = 1.0;
        }
        dx = dx / d * min_distance;
        dy = dy / d * min_distance;
        d = min_distance;
    }
    (dx, dy, d)
}

/// Concentric rings by kind, in node order, with a small per-key jitter.
fn initial_rings(graph: &ResourceGraph, seed: u64, width: f64, height: f64) -> Vec<(f64, f64)> {
    let mut ring_sizes = [0_usize; 3];
    for node in &graph.nodes {
        ring_sizes[ring_of(node.kind)] += 1;
    }
    let radius_of = |ring: usize| -> f64 {
        let radius = [0.15, 0.3, 0.45][ring];
        // A lone account sits in the centre.
        if ring == 0 && ring_sizes[0] == 1 {
            0.0
        } else {
            radius
        }
    };
    let mut seen = [0_usize; 3];
    graph
        .nodes
        .iter()
        .map(|node| {
            let ring = ring_of(node.kind);
            let rank = seen[ring];
            seen[ring] += 1;
            let (u, v) = jitter(&node.key, seed);
            let turn =
                (rank as f64 + 0.3 * u) / ring_sizes[ring].max(1) as f64 + ring as f64 * 0.13;
            let angle = turn * std::f64::consts::TAU;
            let radius = radius_of(ring) + 0.03 * (v - 0.5);
            (
                width / 2.0 + radius * width * angle.cos(),
                height / 2.0 + radius * height * angle.sin(),
            )
        })
        .collect()
}

/// Two numbers in `[0, 1)` from the key and the seed (FNV-1a, then SplitMix64's finaliser).
fn jitter(key: &str, seed: u64) -> (f64, f64) {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ seed;
    for byte in key.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mix = |mut z: u64| {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let a = mix(hash);
    let b = mix(a.wrapping_add(0x9e37_79b9_7f4a_7c15));
    let unit = |z: u64| (z >> 11) as f64 / (1_u64 << 53) as f64;
    (unit(a), unit(b))
}

/// Most one axis is stretched more than the other when the layout is fitted to the frame.
const MAX_STRETCH: f64 = 2.0;

/// Scales the layout to fill the `width × height` frame, centred, and divides by the frame so
/// the result is in the unit square. Each axis is scaled on its own (a round cloud fills a
/// wide chart), but neither more than [`MAX_STRETCH`] times the other (two nodes on a nearly
/// level line stay level). Non-finite values become the centre.
fn fit_to_unit_square(pos: &[(f64, f64)], width: f64, height: f64) -> Vec<(f64, f64)> {
    let finite = |v: f64, fallback: f64| if v.is_finite() { v } else { fallback };
    let pos: Vec<(f64, f64)> = pos
        .iter()
        .map(|&(x, y)| (finite(x, width / 2.0), finite(y, height / 2.0)))
        .collect();
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &pos {
        min_x = min_x.min(x);
        max_x = max_x.max(x);
        min_y = min_y.min(y);
        max_y = max_y.max(y);
    }
    let (extent_x, extent_y) = (max_x - min_x, max_y - min_y);
    let (scale_x, scale_y) = if extent_x > 1e-9 || extent_y > 1e-9 {
        let fill_x = width / extent_x.max(1e-9);
        let fill_y = height / extent_y.max(1e-9);
        let uniform = fill_x.min(fill_y);
        (
            fill_x.min(uniform * MAX_STRETCH),
            fill_y.min(uniform * MAX_STRETCH),
        )
    } else {
        (0.0, 0.0)
    };
    let (mid_x, mid_y) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    pos.iter()
        .map(|&(x, y)| {
            let ux = (0.5 + (x - mid_x) * scale_x / width).clamp(0.0, 1.0);
            let uy = (0.5 + (y - mid_y) * scale_y / height).clamp(0.0, 1.0);
            (finite(ux, 0.5), finite(uy, 0.5))
        })
        .collect()
}
