//! The report page's pictures, as inline SVG: the clone tree in account
//! lanes, page maps, and cost over time. Every picture is complete without
//! script; the script only changes classes and texts in place.

use std::fmt::Write;

use super::escape;
use super::frames::{ClusterFrame, MAP_BUCKETS};
use crate::time::{DAY, SimTime};

/// One cluster's place in the tree.
pub struct Node {
    pub identifier: String,
    pub lane: usize,
    /// Its column: the order it was created in.
    pub column: usize,
    /// The cluster it was cloned, copied or restored from, and how.
    pub parent: Option<(usize, &'static str)>,
}

/// A RAM share of a cluster with an account.
pub struct ShareEdge {
    pub cluster: usize,
    pub lane: usize,
    pub name: String,
}

const LANE: usize = 84;
const LEFT: usize = 190;
const DX: usize = 178;
const NODE_W: usize = 160;
const NODE_H: usize = 46;

fn node_xy(n: &Node) -> (usize, usize) {
    (LEFT + n.column * DX, n.lane * LANE + 24)
}

/// Short enough to fit a node.
fn fit(s: &str, chars: usize) -> String {
    if s.chars().count() <= chars {
        s.to_string()
    } else {
        let cut: String = s.chars().take(chars - 1).collect();
        format!("{cut}…")
    }
}

/// A node's second line.
pub fn figures(f: &ClusterFrame) -> String {
    if !f.status.billed() {
        return f.status.to_string();
    }
    format!(
        "{} owned · {:.2} GiB",
        super::super::text::pages(f.owned),
        f.billed_gib
    )
}

/// The clone tree: account lanes, a node per cluster, edges for clone,
/// copy and restore, dotted RAM shares; the node's colour says who pays.
pub fn tree(
    lanes: &[String],
    nodes: &[Node],
    shares: &[ShareEdge],
    frames: &[ClusterFrame],
) -> String {
    let columns = nodes.iter().map(|n| n.column + 1).max().unwrap_or(1);
    let width = LEFT + columns * DX + 20;
    let height = lanes.len().max(1) * LANE + 10;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg id="tree" class="tree" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="clone tree">"#
    );
    for (i, lane) in lanes.iter().enumerate() {
        let y = i * LANE;
        let _ = write!(
            s,
            r#"<rect class="lane lane{}" x="0" y="{y}" width="{width}" height="{LANE}"/><text class="lane-label" x="8" y="{}">{}</text>"#,
            i % 2,
            y + LANE / 2 + 4,
            escape(&fit(lane, 26))
        );
    }
    for (i, n) in nodes.iter().enumerate() {
        let Some((p, how)) = n.parent else { continue };
        let (x0, y0) = node_xy(&nodes[p]);
        let (x1, y1) = node_xy(n);
        let (ax, ay) = (x0 + NODE_W, y0 + NODE_H / 2);
        let (bx, by) = (x1, y1 + NODE_H / 2);
        let mid = (ax + bx) / 2;
        let _ = write!(
            s,
            r#"<path class="edge edge-{how}" data-from="{p}" data-to="{i}" d="M{ax},{ay} C{mid},{ay} {mid},{by} {bx},{by}"><title>{how}</title></path>"#
        );
    }
    for e in shares {
        let (x, y) = node_xy(&nodes[e.cluster]);
        let (cx, cy) = (x + NODE_W / 2, y + NODE_H);
        let ty = e.lane * LANE + LANE / 2;
        let _ = write!(
            s,
            r#"<path class="share" data-from="{}" d="M{cx},{cy} L{cx},{ty}"><title>RAM share {}</title></path>"#,
            e.cluster,
            escape(&e.name)
        );
    }
    for (i, n) in nodes.iter().enumerate() {
        let (x, y) = node_xy(n);
        let f = frames.iter().find(|f| f.c == i);
        let class = f.map_or("not-billed".to_string(), |f| {
            format!("{} {}", kebab(&format!("{:?}", f.paying)), f.status)
        });
        let _ = write!(
            s,
            r#"<g class="node {class}" data-c="{i}" tabindex="0"><rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/><text class="name" x="{}" y="{}">{}</text><text class="fig" x="{}" y="{}">{}</text><title>{}</title></g>"#,
            x + 8,
            y + 18,
            escape(&fit(&n.identifier, 22)),
            x + 8,
            y + 36,
            escape(&f.map(figures).unwrap_or_default()),
            escape(&n.identifier)
        );
    }
    s.push_str("</svg>");
    s
}

fn kebab(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The colour class of a page-map run.
fn map_class(c: char) -> &'static str {
    match c {
        'o' => "own",
        'l' => "live",
        'd' => "dead",
        _ => "none",
    }
}

/// Runs of a coded page map: (class letter, buckets).
pub fn map_runs(code: &str) -> Vec<(char, u64)> {
    let mut runs = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        let mut n = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            n.push(*d);
            chars.next();
        }
        runs.push((c, n.parse().unwrap_or(0)));
    }
    runs
}

/// Width of a page map's bar.
pub const BAR: u64 = 640;

/// One cluster's page map: a bar over its pages, coloured by where the
/// version of each range lives.
pub fn page_map(f: &ClusterFrame) -> String {
    let mut s = format!(
        r#"<svg class="map" data-c="{}" width="{}" height="34" viewBox="0 0 {} 34">"#,
        f.c,
        BAR + 90,
        BAR + 90
    );
    let mut x = 0;
    for (c, n) in map_runs(&f.map) {
        let w = n * BAR / MAP_BUCKETS;
        let _ = write!(
            s,
            r#"<rect class="{}" x="{x}" y="2" width="{w}" height="16"/>"#,
            map_class(c)
        );
        x += w;
    }
    let _ = write!(
        s,
        r#"<text x="0" y="31">page 0</text><text x="{BAR}" y="31" text-anchor="end">page {}</text></svg>"#,
        f.logical.saturating_sub(1)
    );
    s
}

/// A step that changed a bill, marked on the time axis.
pub struct Marker {
    pub at: SimTime,
    pub step: usize,
    pub what: String,
}

/// A line per account of cumulative cost, by day.
pub struct Series {
    pub label: String,
    pub points: Vec<(SimTime, f64)>,
}

const PALETTE: [&str; 8] = [
    "#4878d0", "#ee854a", "#6acc64", "#d65f5f", "#956cb4", "#8c613c", "#dc7ec0", "#797979",
];

/// A "nice" step for about `n` ticks up to `max`.
fn tick_step(max: f64, n: f64) -> f64 {
    let raw = (max / n).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

/// The `row`th entry of a chart's legend, right of the plot (which ends at
/// `right`, its top at `top`).
fn legend(s: &mut String, right: f64, top: f64, row: usize, colour: &str, label: &str) {
    let y = top + 18.0 * row as f64;
    let _ = write!(
        s,
        r#"<rect x="{}" y="{y}" width="12" height="12" fill="{colour}"/><text x="{}" y="{}">{}</text>"#,
        right + 14.0,
        right + 30.0,
        y + 10.0,
        escape(&fit(label, 26))
    );
}

/// Horizontal grid lines from 0 to `top`, every `step`, labelled in USD
/// at the left of the plot (`left` to `right`).
fn y_grid(s: &mut String, left: f64, right: f64, top: f64, step: f64, y: &dyn Fn(f64) -> f64) {
    let mut v = 0.0;
    while v <= top + step / 2.0 {
        let _ = write!(
            s,
            r#"<line class="grid" x1="{left}" x2="{right}" y1="{yy:.1}" y2="{yy:.1}"/><text x="{}" y="{:.1}" text-anchor="end">{v:.2}</text>"#,
            left - 6.0,
            y(v) + 4.0,
            yy = y(v)
        );
        v += step;
    }
}

/// Cost over time: a line per account, axes with units, and the steps
/// that changed a bill numbered on the time axis.
pub fn cost_chart(
    start: SimTime,
    end: SimTime,
    series: &[Series],
    markers: &[Marker],
    y_label: &str,
) -> String {
    let (w, h, l, r, t, b) = (860.0, 340.0, 78.0, 200.0, 16.0, 74.0);
    let span = (end.since(start).max(DAY)) as f64;
    let max = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .fold(0.0f64, f64::max)
        .max(0.01);
    let step = tick_step(max, 5.0);
    let top = (max / step).ceil() * step;
    let x = |at: SimTime| l + (at.since(start) as f64 / span) * (w - l - r);
    let y = |v: f64| t + (1.0 - v / top) * (h - t - b);
    let mut s = format!(
        r#"<svg class="chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="{y_label}">"#
    );
    y_grid(&mut s, l, w - r, top, step, &y);
    let days = (span / DAY as f64).ceil().max(1.0);
    let day_step = tick_step(days, 6.0).max(1.0);
    let mut d = 0.0;
    while d <= days + 1e-9 {
        let at = start.plus((d * DAY as f64) as i64);
        let _ = write!(
            s,
            r#"<line class="axis" x1="{xx:.1}" x2="{xx:.1}" y1="{}" y2="{}"/><text x="{xx:.1}" y="{}" text-anchor="middle">{}</text>"#,
            h - b,
            h - b + 5.0,
            h - b + 18.0,
            &at.to_string()[..10],
            xx = x(at)
        );
        d += day_step;
    }
    let _ = write!(
        s,
        r#"<line class="axis" x1="{l}" x2="{}" y1="{}" y2="{}"/><line class="axis" x1="{l}" x2="{l}" y1="{t}" y2="{}"/><text class="label" x="{}" y="{}" text-anchor="middle">simulated time (UTC)</text><text class="label" transform="translate(16,{}) rotate(-90)" text-anchor="middle">{y_label}</text>"#,
        w - r,
        h - b,
        h - b,
        h - b,
        (l + w - r) / 2.0,
        h - 8.0,
        (t + h - b) / 2.0
    );
    for (i, se) in series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let points: Vec<String> = std::iter::once((start, 0.0))
            .chain(se.points.iter().copied())
            .map(|(at, v)| format!("{:.1},{:.1}", x(at), y(v)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            points.join(" ")
        );
        legend(&mut s, w - r, t, i, colour, &se.label);
    }
    // Step numbers under the axis, staggered so that none overlap.
    let mut rows: Vec<f64> = Vec::new();
    for m in markers {
        let xx = x(m.at);
        let row = rows
            .iter()
            .position(|&last| xx - last >= 22.0)
            .unwrap_or(rows.len());
        if row == rows.len() {
            rows.push(xx);
        } else {
            rows[row] = xx;
        }
        if row > 1 {
            continue;
        }
        let yy = h - b + 34.0 + 14.0 * row as f64;
        let _ = write!(
            s,
            r#"<g class="marker"><line x1="{xx:.1}" x2="{xx:.1}" y1="{t}" y2="{}"/><text x="{xx:.1}" y="{yy:.1}" text-anchor="middle">{}</text><title>step {}: {}</title></g>"#,
            h - b,
            m.step,
            m.step,
            escape(&m.what)
        );
    }
    s.push_str("</svg>");
    s
}

/// Bands of P10 to P90 per account, with the P50 line, by month.
pub fn bands(months: &[String], accounts: &[(String, Vec<[f64; 3]>)]) -> String {
    let (w, h, l, r, t, b) = (860.0, 340.0, 78.0, 200.0, 16.0, 52.0);
    let max = accounts
        .iter()
        .flat_map(|(_, v)| v.iter().map(|p| p[2]))
        .fold(0.0f64, f64::max)
        .max(0.01);
    let step = tick_step(max, 5.0);
    let top = (max / step).ceil() * step;
    let n = months.len().max(1) as f64;
    let x = |i: usize| l + (i as f64 + 0.5) / n * (w - l - r);
    let y = |v: f64| t + (1.0 - v / top) * (h - t - b);
    let mut s = format!(
        r#"<svg class="chart" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="cost per month">"#
    );
    y_grid(&mut s, l, w - r, top, step, &y);
    let every = (months.len() / 12).max(1);
    for (i, m) in months.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x(i),
            h - b + 18.0,
            escape(m)
        );
    }
    let _ = write!(
        s,
        r#"<line class="axis" x1="{l}" x2="{}" y1="{}" y2="{}"/><text class="label" x="{}" y="{}" text-anchor="middle">calendar month</text><text class="label" transform="translate(16,{}) rotate(-90)" text-anchor="middle">USD per month (P10 to P90, line: P50)</text>"#,
        w - r,
        h - b,
        h - b,
        (l + w - r) / 2.0,
        h - 12.0,
        (t + h - b) / 2.0
    );
    for (k, (label, v)) in accounts.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let upper: Vec<String> = v
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p[2])))
            .collect();
        let lower: Vec<String> = v
            .iter()
            .enumerate()
            .rev()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p[0])))
            .collect();
        let mid: Vec<String> = v
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p[1])))
            .collect();
        let _ = write!(
            s,
            r#"<polygon class="band" fill="{colour}" points="{} {}"/><polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            upper.join(" "),
            lower.join(" "),
            mid.join(" ")
        );
        legend(&mut s, w - r, t, k, colour, label);
    }
    s.push_str("</svg>");
    s
}
