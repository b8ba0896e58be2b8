//! The report page's pictures, as inline SVG: the clone tree in account
//! lanes, page maps, and cost over time. Every picture is complete without
//! script; the script only changes classes and texts in place.

use std::fmt::Write;

use super::escape::escape;
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

const LANE: usize = 92;
const LEFT: usize = 190;
const GAP: usize = 18;
const NODE_H: usize = 58;
/// Narrowest node: room for the figures' lines ("134217728 pages owned").
const NODE_W_MIN: usize = 176;
/// Widest node; longer names are cut, in full on hover.
const NAME_CHARS: usize = 34;

/// Node width for names of `chars` characters (12px bold: at most 7.6px
/// a character).
fn node_width(chars: usize) -> usize {
    NODE_W_MIN.max(chars.min(NAME_CHARS) * 76 / 10 + 16)
}

fn node_xy(n: &Node, node_w: usize) -> (usize, usize) {
    (LEFT + n.column * (node_w + GAP), n.lane * LANE + 17)
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

/// A node's second and third lines.
pub fn figures(f: &ClusterFrame) -> (String, String) {
    if !f.status.billed() {
        return (f.status.to_string(), String::new());
    }
    (
        format!("{} pages owned", super::super::text::pages(f.owned)),
        format!("{:.2} GiB billed", f.billed_gib),
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
    let node_w = node_width(
        nodes
            .iter()
            .map(|n| n.identifier.chars().count())
            .max()
            .unwrap_or(0),
    );
    let width = LEFT + columns * (node_w + GAP) + 20;
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
        let (x0, y0) = node_xy(&nodes[p], node_w);
        let (x1, y1) = node_xy(n, node_w);
        let (ax, ay) = (x0 + node_w, y0 + NODE_H / 2);
        let (bx, by) = (x1, y1 + NODE_H / 2);
        let mid = (ax + bx) / 2;
        let _ = write!(
            s,
            r#"<path class="edge edge-{how}" data-from="{p}" data-to="{i}" d="M{ax},{ay} C{mid},{ay} {mid},{by} {bx},{by}"><title>{how}</title></path>"#
        );
    }
    for e in shares {
        let (x, y) = node_xy(&nodes[e.cluster], node_w);
        let (cx, cy) = (x + node_w / 2, y + NODE_H);
        let ty = e.lane * LANE + LANE / 2;
        let _ = write!(
            s,
            r#"<path class="share" data-from="{}" d="M{cx},{cy} L{cx},{ty}"><title>RAM share {}</title></path>"#,
            e.cluster,
            escape(&e.name)
        );
    }
    // Each node in its own coordinates, placed by one translation: a
    // node's markup shorter by its coordinates, a thousand times over.
    for (i, n) in nodes.iter().enumerate() {
        let (x, y) = node_xy(n, node_w);
        let f = frames.iter().find(|f| f.c == i);
        let class = f.map_or("not-billed".to_string(), |f| {
            format!("{} {}", kebab(&format!("{:?}", f.paying)), f.status)
        });
        let (owned, billed) = f.map(figures).unwrap_or_default();
        let _ = write!(
            s,
            r#"<g class="node {class}" data-c="{i}" tabindex="0" transform="translate({x},{y})"><rect width="{node_w}" height="{NODE_H}" rx="6"/><text class="name" x="8" y="18">{}</text><text class="fig" x="8" y="35">{}</text><text class="fig fig2" x="8" y="50">{}</text><title>{}</title></g>"#,
            escape(&fit(&n.identifier, NAME_CHARS)),
            escape(&owned),
            escape(&billed),
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

/// A run-length coded strip of `code` from `y`, `h` high.
fn strip(s: &mut String, code: &str, y: u32, h: u32) {
    let mut at = 0;
    for (c, n) in map_runs(code) {
        let (x0, x1) = (at * BAR / MAP_BUCKETS, (at + n) * BAR / MAP_BUCKETS);
        if c != '-' || h > 5 {
            let _ = write!(
                s,
                r#"<rect class="{}" x="{x0}" y="{y}" width="{}" height="{h}"/>"#,
                map_class(c),
                x1 - x0
            );
        }
        at += n;
    }
}

/// What became of a deleted cluster's pages: who pays for the versions
/// others still see, from their explain tables.
pub fn fate(f: &ClusterFrame, frames: &[ClusterFrame], names: &[&str]) -> String {
    if f.status.billed() {
        return String::new();
    }
    if f.status == crate::cloud::rds::ClusterStatus::Creating {
        return "Being created: nothing billed yet.".into();
    }
    let name = names.get(f.c).copied().unwrap_or_default();
    let payers: Vec<String> = frames
        .iter()
        .filter(|o| o.status.billed())
        .filter_map(|o| {
            let owned: f64 = o
                .explain
                .iter()
                .filter(|g| g.1 == name && g.5 > 0.0)
                .map(|g| g.6)
                .sum();
            (owned > 0.0).then(|| {
                format!(
                    "{} ({} pages)",
                    names.get(o.c).copied().unwrap_or_default(),
                    super::super::text::pages(owned)
                )
            })
        })
        .collect();
    let status = f.status.to_string();
    let mut state = status.chars();
    let state: String = state
        .next()
        .map(|c| c.to_uppercase().chain(state).collect())
        .unwrap_or_default();
    if payers.is_empty() {
        format!(
            "{state}, not billed. No live cluster pays for its versions now: those no one sees were reclaimed."
        )
    } else {
        format!(
            "{state}, not billed. The versions it wrote that clones still see are now paid by {}.",
            payers.join(", ")
        )
    }
}

/// The thin strips under a cluster's page-map bar: each marks every
/// slice holding any page of one origin, however few: its own writes
/// always, and an inherited origin wherever the bar hides it under
/// another. With what each says on hover.
fn strips(f: &ClusterFrame) -> Vec<(&str, String)> {
    [
        (&f.own, "its own writes", f.counts[0]),
        (&f.live, "a live writer's pages", f.counts[1]),
        (&f.dead, "a deleted writer's pages", f.counts[2]),
    ]
    .into_iter()
    .filter(|(code, _, _)| !code.is_empty())
    .map(|(code, what, n)| {
        (
            code.as_str(),
            format!("slices holding any of {what}: {n} pages"),
        )
    })
    .collect()
}

/// One cluster's page map: a bar over its pages, coloured by where the
/// version of each range lives, strips under it (`strips`), and the
/// counts on hover; for a cluster not billed, what became of its pages
/// instead.
pub fn page_map(f: &ClusterFrame, frames: &[ClusterFrame], names: &[&str]) -> String {
    let strips = strips(f);
    // Room for one strip at least, so that maps line up.
    let label_y = 20 + 7 * strips.len().max(1) as u32 + 10;
    let height = label_y + 3;
    let mut s = format!(
        r#"<svg class="map" data-c="{}" width="{BAR}" height="{height}" viewBox="0 0 {BAR} {height}" preserveAspectRatio="xMinYMin meet"><title>{}</title><g class="bars">"#,
        f.c,
        escape(&counts_title(f))
    );
    strip(&mut s, &f.map, 2, 16);
    for (i, (code, title)) in strips.iter().enumerate() {
        let _ = write!(s, "<g><title>{}</title>", escape(title));
        strip(&mut s, code, 20 + 7 * i as u32, 5);
        s.push_str("</g>");
    }
    let _ = write!(
        s,
        r#"</g><text x="0" y="{label_y}">page 0</text><text class="last" x="{BAR}" y="{label_y}" text-anchor="end">page {}</text></svg><p class="fate">{}</p>"#,
        f.logical.saturating_sub(1),
        escape(&fate(f, frames, names))
    );
    s
}

/// The counts a page map's hover gives.
fn counts_title(f: &ClusterFrame) -> String {
    format!(
        "{} pages: {} its own writes, {} a live writer's, {} a deleted writer's",
        f.logical, f.counts[0], f.counts[1], f.counts[2]
    )
}

/// A step that changed a bill, marked on the time axis.
pub struct Marker {
    pub at: SimTime,
    pub step: usize,
    pub what: String,
}

/// A stretch of time a cluster was stopped, shaded on the time axis.
pub struct Stopped {
    pub cluster: String,
    pub from: SimTime,
    /// `None`: it was still stopped when the run ended.
    pub until: Option<SimTime>,
}

/// A line per account of cumulative cost, by day.
pub struct Series {
    pub label: String,
    pub points: Vec<(SimTime, f64)>,
}

/// Twelve colours told apart at a glance; past them, each colour comes
/// back with a dash pattern ([`DASHES`]) and the legend shows both.
const PALETTE: [&str; 12] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#003f5c", "#f4b400",
];
const DASHES: [&str; 4] = ["", "8 4", "2 3", "10 3 2 3"];

/// The `k`th series' colour and dash pattern.
fn series_style(k: usize) -> (&'static str, &'static str) {
    (
        PALETTE[k % PALETTE.len()],
        DASHES[(k / PALETTE.len()) % DASHES.len()],
    )
}

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
fn legend(s: &mut String, right: f64, top: f64, row: usize, label: &str) {
    let (colour, dash) = series_style(row);
    let y = top + 18.0 * row as f64;
    let _ = write!(
        s,
        r#"<g class="key-line" data-k="{row}"><line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/><text x="{}" y="{}">{}</text><title>{}</title></g>"#,
        right + 10.0,
        right + 34.0,
        y + 6.0,
        y + 6.0,
        right + 40.0,
        y + 10.0,
        escape(&fit(label, 21)),
        escape(label)
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
    stopped: &[Stopped],
    y_label: &str,
) -> String {
    let h = (16.0 + 18.0 * series.len() as f64 + 74.0).max(340.0);
    let (w, l, r, t, b) = (860.0, 78.0, 200.0, 16.0, 74.0);
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
    // Stopped clusters: a band over the plot, and a bar at its top in a
    // row of the cluster's own.
    let mut rows: Vec<&str> = Vec::new();
    for p in stopped {
        let row = rows
            .iter()
            .position(|c| *c == p.cluster)
            .unwrap_or_else(|| {
                rows.push(&p.cluster);
                rows.len() - 1
            });
        let (x0, x1) = (x(p.from), x(p.until.unwrap_or(end)));
        let until = p
            .until
            .map_or_else(|| "the end of the run".to_string(), |u| u.to_string());
        let _ = write!(
            s,
            r#"<g class="stopped"><rect class="stopped-band" x="{x0:.1}" y="{t}" width="{:.1}" height="{}"/><rect class="stopped-bar" x="{x0:.1}" y="{:.1}" width="{:.1}" height="5"/><title>{} stopped from {} to {until}</title></g>"#,
            (x1 - x0).max(1.0),
            h - b - t,
            t + 1.0 + 7.0 * (row % 8) as f64,
            (x1 - x0).max(1.0),
            escape(&p.cluster),
            p.from
        );
    }
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
        let (colour, dash) = series_style(i);
        let points: Vec<String> = std::iter::once((start, 0.0))
            .chain(se.points.iter().copied())
            .map(|(at, v)| format!("{:.1},{:.1}", x(at), y(v)))
            .collect();
        let _ = write!(
            s,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" points="{}"/>"#,
            points.join(" ")
        );
        legend(&mut s, w - r, t, i, &se.label);
    }
    // Marks under the axis: steps closer than a label's width are one
    // mark, numbered by its first and last step and listing them all.
    let mut groups: Vec<(f64, Vec<&Marker>)> = Vec::new();
    for m in markers {
        let xx = x(m.at);
        match groups.last_mut() {
            Some((x0, ms)) if xx - *x0 < 30.0 => ms.push(m),
            _ => groups.push((xx, vec![m])),
        }
    }
    for (i, (x0, ms)) in groups.iter().enumerate() {
        let (first, last) = (ms[0], ms[ms.len() - 1]);
        let label = if ms.len() == 1 {
            first.step.to_string()
        } else {
            format!("{}–{}", first.step, last.step)
        };
        let steps: Vec<String> = ms.iter().map(|m| m.step.to_string()).collect();
        let lines: Vec<String> = ms
            .iter()
            .map(|m| format!("step {}: {}", m.step, m.what))
            .collect();
        let yy = h - b + 34.0 + 14.0 * (i % 2) as f64;
        let _ = write!(
            s,
            r#"<g class="marker" data-steps="{}" tabindex="0"><line x1="{x0:.1}" x2="{x0:.1}" y1="{t}" y2="{}"/><text x="{x0:.1}" y="{yy:.1}" text-anchor="middle">{label}</text><title>{}</title></g>"#,
            steps.join(" "),
            h - b,
            escape(&lines.join("\n"))
        );
    }
    let _ = write!(
        s,
        r#"<line id="now" class="now" x1="{l}" x2="{l}" y1="{t}" y2="{}" data-left="{l}" data-width="{}" data-span="{span}" visibility="hidden"/>"#,
        h - b,
        w - l - r
    );
    s.push_str("</svg>");
    s
}

/// Bands of P10 to P90 per account, with the P50 line, by month; a
/// `partial` last month (the run ends within it) is drawn hollow and
/// dashed, not as a drop. Each account is a group the page's selector can
/// show alone.
pub fn bands(months: &[String], accounts: &[(String, Vec<[f64; 3]>)], partial: bool) -> String {
    let h = (16.0 + 18.0 * accounts.len() as f64 + 52.0).max(340.0);
    let (w, l, r, t, b) = (860.0, 78.0, 200.0, 16.0, 52.0);
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
        let label = if partial && i + 1 == months.len() {
            format!("{m} (partial)")
        } else {
            m.clone()
        };
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{}" text-anchor="middle">{}</text>"#,
            x(i),
            h - b + 18.0,
            escape(&label)
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
    let points = |v: &[[f64; 3]], k: usize, from: usize| -> Vec<String> {
        v.iter()
            .enumerate()
            .skip(from)
            .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p[k])))
            .collect()
    };
    for (k, (label, v)) in accounts.iter().enumerate() {
        let (colour, dash) = series_style(k);
        // The whole months, then the partial one apart.
        let whole = if partial {
            v.len().saturating_sub(1)
        } else {
            v.len()
        };
        let upper = points(&v[..whole], 2, 0);
        let mut lower = points(&v[..whole], 0, 0);
        lower.reverse();
        let _ = write!(
            s,
            r#"<g class="series" data-k="{k}"><title>{}</title><polygon class="band" fill="{colour}" points="{} {}"/><polyline fill="none" stroke="{colour}" stroke-width="2.5" stroke-dasharray="{dash}" points="{}"/>"#,
            escape(label),
            upper.join(" "),
            lower.join(" "),
            points(&v[..whole], 1, 0).join(" ")
        );
        for (i, p) in v.iter().enumerate().take(whole) {
            let _ = write!(
                s,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}"/>"#,
                x(i),
                y(p[1])
            );
        }
        if let Some(p) = v.get(whole).filter(|_| partial) {
            let i = whole;
            let _ = write!(
                s,
                r#"<line class="partial" x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="6" opacity="0.4"/><circle class="partial" cx="{:.1}" cy="{:.1}" r="4" fill="white" stroke="{colour}" stroke-width="2"/>"#,
                x(i),
                x(i),
                y(p[0]),
                y(p[2]),
                x(i),
                y(p[1])
            );
        }
        s.push_str("</g>");
        legend(&mut s, w - r, t, k, label);
    }
    s.push_str("</svg>");
    s
}
