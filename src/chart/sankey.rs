//! The funnel as a Sankey diagram, built from plotters primitives (plotters
//! has no Sankey element): node rectangles, band polygons, text.
//!
//! Layout: the write-ups column, one column per funnel stage of the pack
//! in process order, the outcomes column. Every write-up crosses every column once, either
//! inside a stage node (it reached that stage) or in the pass-through block
//! under the node (it skipped the stage), so each column holds exactly the
//! write-up count and every band keeps one height, proportional to its
//! count, from start to end. Bands are stacked in the order they arrive from
//! the left, which keeps pass-through bands from crossing each other.
//!
//! Every band carries its count as a label next to its start; labels that
//! would collide are pushed apart and tied to their band with a short line.

use std::collections::HashMap;
use std::io;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::*;
use crate::stats::{FunnelLink, Stats};

const W: f64 = 1120.0;
const NODE_W: f64 = 14.0;
const LEFT: f64 = 24.0;
const RIGHT_LABELS: f64 = 190.0;
const GAP: f64 = 16.0;
const LABEL_SEP: f64 = 15.0;
const NODE: RGBColor = RGBColor(66, 66, 66);
/// One hue per stage column, so a band's target reads from its colour
/// alone, well apart from the outcome colours (green, red, amber, grey).
const STAGE_COLORS: [RGBColor; 5] = [
    RGBColor(92, 107, 192), // indigo
    RGBColor(0, 137, 123),  // teal
    RGBColor(30, 136, 229), // blue
    RGBColor(142, 36, 170), // purple
    RGBColor(109, 76, 65),  // brown
];

/// Colour of a node, and of the bands that flow into it. Stage columns
/// take the palette in turn (a pack may have more stages than hues).
fn node_color(stats: &Stats, node: &crate::stats::FunnelNode) -> RGBColor {
    match node.column {
        0 => NODE,
        c if c < stats.funnel.outcome_column() => STAGE_COLORS[(c - 1) % STAGE_COLORS.len()],
        _ => ending_color(&stats.legend, &node.id),
    }
}

/// x of column `c` when the outcomes are column `outcome_column`.
fn col_x(c: usize, outcome_column: usize) -> f64 {
    let span = (W - LEFT - RIGHT_LABELS - NODE_W) / outcome_column.max(1) as f64;
    LEFT + c as f64 * span
}

/// Push `ys` (sorted ascending) apart by at least `sep`, staying at or below
/// `min`, moving each as little as this simple two-pass method allows.
fn spread(ys: &mut [f64], sep: f64, min: f64) {
    for i in 0..ys.len() {
        let floor = if i == 0 { min } else { ys[i - 1] + sep };
        if ys[i] < floor {
            ys[i] = floor;
        }
    }
}

struct Placed {
    /// Top y of the band at each column it touches: (left side, right side).
    at: HashMap<usize, (f64, f64)>,
    height: f64,
}

/// The Sankey of write-ups → stages → outcome.
pub fn render_sankey(stats: &Stats) -> io::Result<String> {
    let outcome_column = stats.funnel.outcome_column();
    let col_x = |c: usize| col_x(c, outcome_column);
    let node_color = |n: &crate::stats::FunnelNode| node_color(stats, n);
    let title = "From write-up to outcome";
    let f = &stats.funnel;
    let total = f.nodes.first().map(|n| n.count).unwrap_or(0);
    if total == 0 || f.links.is_empty() || f.nodes.len() <= outcome_column {
        return no_data(title, "no write-ups");
    }
    let nodes = &f.nodes;
    // `Stats` has public fields: a hand-built funnel with a link to a node
    // that does not exist, or backwards, is skipped rather than indexed.
    let links: Vec<FunnelLink> = f
        .links
        .iter()
        .filter(|l| {
            l.from < nodes.len() && l.to < nodes.len() && nodes[l.from].column < nodes[l.to].column
        })
        .filter(|l| nodes[l.to].column <= outcome_column)
        .cloned()
        .collect();
    let links = &links;
    let plot_h = (120.0 + total as f64 * 8.0).clamp(220.0, 720.0);
    // The outcome column has the most gaps (between up to 4 nodes).
    let scale = (plot_h - 3.0 * GAP) / total as f64;
    let top = HEADING_H + 54.0;

    // Node tops: stage and source nodes at the top of their column, the
    // non-empty outcome nodes stacked with gaps.
    let mut node_y: Vec<f64> = vec![top; nodes.len()];
    let mut y = top;
    for (i, n) in nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.column == outcome_column && n.count > 0)
    {
        node_y[i] = y;
        y += n.count as f64 * scale + GAP;
    }

    let mut placed: Vec<Placed> = links
        .iter()
        .map(|l| Placed {
            at: HashMap::new(),
            height: l.count as f64 * scale,
        })
        .collect();
    let col_of = |node: usize| nodes[node].column;

    // Outgoing slices of a node: nearest target first, outcomes last.
    let place_out = |node: usize, placed: &mut Vec<Placed>| {
        let mut out: Vec<usize> = (0..links.len())
            .filter(|&l| links[l].from == node)
            .collect();
        out.sort_by_key(|&l| (col_of(links[l].to), links[l].to));
        let mut y = node_y[node];
        for l in out {
            let entry = placed[l].at.entry(col_of(node)).or_insert((y, y));
            entry.1 = y;
            y += placed[l].height;
        }
    };
    place_out(0, &mut placed);
    for c in 1..=outcome_column {
        let mut arriving: Vec<usize> = (0..links.len())
            .filter(|&l| col_of(links[l].from) < c && c <= col_of(links[l].to))
            .collect();
        arriving.sort_by(|&a, &b| {
            let ya = placed[a].at.get(&(c - 1)).map(|p| p.1).unwrap_or(0.0);
            let yb = placed[b].at.get(&(c - 1)).map(|p| p.1).unwrap_or(0.0);
            ya.total_cmp(&yb)
        });
        let mut fill: HashMap<usize, f64> = HashMap::new();
        let stage_node = nodes
            .iter()
            .position(|n| n.column == c && c < outcome_column);
        let node_h = stage_node
            .map(|n| nodes[n].count as f64 * scale)
            .unwrap_or(0.0);
        let mut bypass_y = top + node_h + if node_h > 0.0 { GAP } else { 0.0 };
        for l in arriving {
            let to = links[l].to;
            if col_of(to) == c {
                let y = fill.entry(to).or_insert(node_y[to]);
                placed[l].at.insert(c, (*y, *y));
                *y += placed[l].height;
            } else {
                placed[l].at.insert(c, (bypass_y, bypass_y));
                bypass_y += placed[l].height;
            }
        }
        if let Some(n) = stage_node {
            place_out(n, &mut placed);
        }
    }

    // Count labels at the start of each band, pushed apart per column.
    let mut labels: Vec<(usize, f64, f64)> = Vec::new(); // (link, band middle, label y)
    for c in 0..outcome_column {
        let mut here: Vec<(usize, f64)> = (0..links.len())
            .filter(|&l| col_of(links[l].from) == c)
            .map(|l| {
                (
                    l,
                    placed[l].at.get(&c).map(|p| p.1).unwrap_or(top) + placed[l].height / 2.0,
                )
            })
            .collect();
        here.sort_by(|a, b| a.1.total_cmp(&b.1));
        let mut ys: Vec<f64> = here.iter().map(|h| h.1).collect();
        spread(&mut ys, LABEL_SEP, top + 6.0);
        labels.extend(here.iter().zip(ys).map(|((l, mid), y)| (*l, *mid, y)));
    }
    // Outcome labels, right of their nodes, pushed apart too.
    let mut outcome_labels: Vec<(usize, f64)> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.column == outcome_column && n.count > 0)
        .map(|(i, n)| (i, node_y[i] + n.count as f64 * scale / 2.0))
        .collect();
    let mut ys: Vec<f64> = outcome_labels.iter().map(|o| o.1).collect();
    spread(&mut ys, 2.0 * LABEL_SEP, top + 8.0);
    for (o, y) in outcome_labels.iter_mut().zip(ys) {
        o.1 = y;
    }
    let lowest = labels
        .iter()
        .map(|l| l.2)
        .chain(outcome_labels.iter().map(|o| o.1 + 14.0))
        .fold(top + plot_h, f64::max);
    let height = lowest + 40.0;

    let subtitle = format!(
        "{}{}; band widths are proportional to counts; a band passes under the stages its write-ups skipped",
        super::plural(total, "write-up", "write-ups"),
        super::scope(stats),
    );
    let pct = |n: usize| (n as f64 * 100.0 / total as f64).round();

    svg(W as u32, height.ceil() as u32, |area| {
        heading(area, title, &subtitle, W - 40.0)?;
        // Column headers.
        let spacing = col_x(1) - col_x(0);
        for c in 0..outcome_column {
            if let Some(n) = nodes.iter().find(|n| n.column == c) {
                let name = truncate(&n.label, LABEL_PX * 1.05, spacing - 10.0);
                let count = format!("{} ({}%)", n.count, pct(n.count));
                name_and_count(area, &name, &count, col_x(c), top - 34.0, top - 17.0)?;
            }
        }
        text(
            area,
            "Outcome",
            col_x(outcome_column),
            top - 34.0,
            &anchored(bold(LABEL_PX, TEXT), HPos::Left, VPos::Center),
        )?;

        // Bands under the nodes.
        for (l, link) in links.iter().enumerate() {
            let p = &placed[l];
            let h = p.height.max(1.0);
            let style = node_color(&nodes[link.to]).mix(0.4).filled();
            let (c0, c1) = (col_of(link.from), col_of(link.to));
            for c in c0..c1 {
                let (Some(a), Some(b)) = (p.at.get(&c), p.at.get(&(c + 1))) else {
                    continue;
                };
                band(area, col_x(c) + NODE_W, a.1, col_x(c + 1), b.0, h, style)?;
                if c + 1 < c1 {
                    // Through the column of a skipped stage.
                    rect(
                        area,
                        col_x(c + 1),
                        b.0,
                        col_x(c + 1) + NODE_W,
                        b.0 + h,
                        style,
                    )?;
                }
            }
        }
        // Nodes.
        for (i, n) in nodes.iter().enumerate() {
            if n.count == 0 {
                continue;
            }
            let y0 = node_y[i];
            let y1 = y0 + (n.count as f64 * scale).max(1.0);
            rect(
                area,
                col_x(n.column),
                y0,
                col_x(n.column) + NODE_W,
                y1,
                node_color(n).filled(),
            )?;
        }
        // Band counts.
        for (l, mid, y) in &labels {
            let x = col_x(col_of(links[*l].from)) + NODE_W + 4.0;
            let s = links[*l].count.to_string();
            let w = text_width(&s, SMALL_PX) + 6.0;
            if (y - mid).abs() > 2.0 {
                line(area, x - 3.0, *mid, x + 1.0, *y, MUTED, 1)?;
            }
            rect(
                area,
                x + 1.0,
                y - 7.0,
                x + 1.0 + w,
                y + 7.0,
                WHITE.mix(0.85).filled(),
            )?;
            text(
                area,
                &s,
                x + 4.0,
                *y,
                &anchored(font(SMALL_PX, TEXT), HPos::Left, VPos::Center),
            )?;
        }
        // Outcome names and counts.
        for (i, y) in &outcome_labels {
            let n = &nodes[*i];
            let x = col_x(outcome_column) + NODE_W + 8.0;
            let count = format!("{} ({}%)", n.count, pct(n.count));
            name_and_count(area, &n.label, &count, x, y - 7.0, y + 8.0)?;
        }
        Ok(())
    })
}

/// A node's name in bold over its count in small muted type, both
/// left-aligned at `x`: how column headers and outcomes are labelled.
fn name_and_count(
    area: &Area,
    name: &str,
    count: &str,
    x: f64,
    name_y: f64,
    count_y: f64,
) -> Drawn {
    text(
        area,
        name,
        x,
        name_y,
        &anchored(bold(LABEL_PX, TEXT), HPos::Left, VPos::Center),
    )?;
    text(
        area,
        count,
        x,
        count_y,
        &anchored(font(SMALL_PX, MUTED), HPos::Left, VPos::Center),
    )
}

/// A band of height `h` from (x0, y0) to (x1, y1) (top edges), with
/// S-shaped cubic edges.
fn band(area: &Area, x0: f64, y0: f64, x1: f64, y1: f64, h: f64, style: ShapeStyle) -> Drawn {
    const STEPS: usize = 24;
    let curve = |t: f64, ya: f64, yb: f64| {
        // Cubic Bézier with control points halfway across, flattened.
        let s = 1.0 - t;
        let x = s * s * s * x0
            + 3.0 * s * s * t * (x0 + x1) / 2.0
            + 3.0 * s * t * t * (x0 + x1) / 2.0
            + t * t * t * x1;
        let y = s * s * s * ya + 3.0 * s * s * t * ya + 3.0 * s * t * t * yb + t * t * t * yb;
        (x.round() as i32, y.round() as i32)
    };
    let mut points: Vec<(i32, i32)> = (0..=STEPS)
        .map(|i| curve(i as f64 / STEPS as f64, y0, y1))
        .collect();
    points.extend(
        (0..=STEPS)
            .rev()
            .map(|i| curve(i as f64 / STEPS as f64, y0 + h, y1 + h)),
    );
    area.draw(&Polygon::new(points, style))
}
