//! `--html OUT.html`: the report as one self-contained page a person opens
//! in a browser. CSS, SVG and script are inline and nothing is loaded from
//! the network. Without script the page shows the run's end: the clone
//! tree, the tables, the page maps, cost over time, the step log and the
//! explanation of every cluster. With script, choosing a step shows the
//! tree, page maps and explain table as they were after it. The format is
//! described in docs/report-format.md, "The HTML report".

pub mod frames;
pub mod svg;

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use super::explain::render_sentences;
use super::text::{account_label, pages, two_decimals};
use crate::cloud::Cloud;
use crate::cloud::ops::sim::SimOp;
use crate::cloud::ops::{AwsOp, OpName};
use crate::cloud::rds::Origin;
use crate::engine::{ExplainCache, GIB};
use crate::forecast::Forecast;
use crate::report::explain::explained;
use crate::report::{Report, StepRecord};
use crate::scenario::Scenario;
use frames::{ClusterFrame, Recorder, StepFrame};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// Text for HTML: `<`, `>`, `&` and quotes escaped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON inside a `<script>` element: `</` can't end it early.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "null".into())
        .replace("</", "<\\/")
}

/// What the script needs: the clusters, the steps and their frames.
#[derive(Serialize)]
struct Data<'a> {
    clusters: Vec<&'a str>,
    steps: Vec<StepData<'a>>,
}

#[derive(Serialize)]
struct StepData<'a> {
    index: usize,
    op: &'a str,
    at: String,
    changed: &'a [ClusterFrame],
}

/// Ops that change a bill, marked on the cost chart's time axis.
const BILL_OPS: [OpName; 9] = [
    OpName::Aws(AwsOp::CreateDbCluster),
    OpName::Aws(AwsOp::RestoreDbClusterToPointInTime),
    OpName::Aws(AwsOp::RestoreDbClusterFromSnapshot),
    OpName::Aws(AwsOp::DeleteDbCluster),
    OpName::Aws(AwsOp::CreateResourceShare),
    OpName::Aws(AwsOp::AssociateResourceShare),
    OpName::Aws(AwsOp::AcceptResourceShareInvitation),
    OpName::Aws(AwsOp::ModifyDbCluster),
    OpName::Sim(SimOp::Write),
];

/// The page of a run.
pub fn run_page(
    scenario: &Scenario,
    report: &Report,
    cloud: &Cloud,
    recorder: &Recorder,
) -> String {
    let lanes: Vec<String> = report
        .accounts
        .iter()
        .map(|a| account_label(report, a.id))
        .collect();
    let lane_of = |id| report.accounts.iter().position(|a| a.id == id).unwrap_or(0);
    let nodes: Vec<svg::Node> = cloud
        .clusters()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let parent = match (c.source(), c.restored_from()) {
                (Some(s), _) => Some((
                    s.index(),
                    if c.origin() == Origin::FullCopy {
                        "copy"
                    } else {
                        "clone"
                    },
                )),
                (None, Some(snap)) => Some((
                    cloud.cluster_snapshots()[snap.index()].cluster.index(),
                    "restore",
                )),
                (None, None) => None,
            };
            svg::Node {
                identifier: c.identifier().to_string(),
                lane: lane_of(c.account()),
                column: i,
                parent,
            }
        })
        .collect();
    let shares: Vec<svg::ShareEdge> = cloud
        .shares()
        .iter()
        .flat_map(|share| {
            share.resources.keys().flat_map(move |c| {
                share
                    .principals
                    .keys()
                    .map(move |p| (c.index(), *p, share.name.clone()))
            })
        })
        .map(|(cluster, p, name)| svg::ShareEdge {
            cluster,
            lane: lane_of(p),
            name,
        })
        .collect();
    // Each cluster's groups, explained once for its frame and its text.
    let mut cache = ExplainCache::default();
    let groups: Vec<Option<Vec<_>>> = cloud
        .clusters()
        .iter()
        .map(|c| cloud.explain_with(c.id(), &mut cache))
        .collect();
    let finals: Vec<ClusterFrame> = report
        .clusters
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let billed = groups[i].as_deref().filter(|_| row.status.billed());
            frames::frame(
                cloud,
                i,
                row,
                report.policy,
                billed.unwrap_or_default(),
                true,
            )
        })
        .collect();

    let mut body = String::new();
    let _ = write!(
        body,
        r#"<header><h1>{}</h1><p class="description">{}</p><p>Billing policy <b>{}</b>, seed {}, from {} to {}. <span id="at">Showing the end of the run.</span></p></header>"#,
        escape(&report.scenario),
        escape(report.description.trim()),
        report.policy,
        report.seed,
        report.start,
        report.clock
    );
    body.push_str(r#"<section><h2>Clone tree</h2><p class="legend"><span class="key own"></span>pays for what it wrote <span class="key inherits"></span>also pays a share of a deleted writer's pages <span class="key nothing"></span>pays nothing <span class="key not-billed"></span>not billed (creating or deleted) · solid: copy-on-write clone, dashed: full copy or restore, dotted: RAM share to an account's lane. Choose a cluster to explain it.</p><div class="scroll">"#);
    body.push_str(&svg::tree(&lanes, &nodes, &shares, &finals));
    body.push_str("</div></section>");
    body.push_str(&tables(report));
    body.push_str(r#"<section><h2>Page maps</h2><p class="legend"><span class="key map-own"></span>its own writes <span class="key map-live"></span>inherited from a live writer <span class="key map-dead"></span>inherited from a deleted writer. Each bar spans the cluster's pages; each of its 160 slices shows where most of its pages' versions live.</p><table id="maps">"#);
    for (i, f) in finals.iter().enumerate() {
        let hidden = if f.status.billed() {
            ""
        } else {
            r#" class="gone""#
        };
        let _ = write!(
            body,
            r#"<tr data-c="{i}"{hidden}><th>{}<br><small>{}</small></th><td>{}</td></tr>"#,
            escape(&nodes[i].identifier),
            escape(&lanes[nodes[i].lane]),
            svg::page_map(f)
        );
    }
    body.push_str("</table></section>");
    let series: Vec<svg::Series> = report
        .accounts
        .iter()
        .map(|a| svg::Series {
            label: account_label(report, a.id),
            points: report
                .series
                .iter()
                .filter(|p| p.account == a.id)
                .map(|p| (p.at, p.total_cost_usd))
                .collect(),
        })
        .collect();
    let markers: Vec<svg::Marker> = report
        .steps
        .iter()
        .filter(|s| s.ok && BILL_OPS.contains(&s.op))
        .map(|s| svg::Marker {
            at: s.at,
            step: s.index,
            what: step_title(s),
        })
        .collect();
    body.push_str("<section><h2>Cost over time</h2><p class=\"legend\">Each account's cost to date, metered hourly and plotted daily; numbers under the time axis are the steps that changed a bill (share, clone, write, delete).</p>");
    body.push_str(&svg::cost_chart(
        report.start,
        report.clock,
        &series,
        &markers,
        "cost to date (USD)",
    ));
    body.push_str("</section>");
    body.push_str(r#"<section><h2>Steps</h2><p class="legend">Choose a step to see the tree, page maps and explanation as they were after it.</p><table id="steps"><thead><tr><th>#</th><th>time</th><th>account</th><th>step</th><th>result</th><th>note</th></tr></thead><tbody>"#);
    for s in &report.steps {
        let result = match (&s.error, s.as_expected) {
            (Some(e), true) => format!("{} (expected)", e.code),
            (Some(e), false) => format!("{}: {}", e.code, e.message),
            (None, true) => "ok".into(),
            (None, false) => s.surprise.clone().unwrap_or_default(),
        };
        let _ = write!(
            body,
            r#"<tr data-step="{}" tabindex="0" class="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            s.index,
            if s.as_expected { "" } else { "surprise" },
            s.index,
            s.at,
            escape(&account_label(report, s.account)),
            escape(s.op.name()),
            escape(&result),
            escape(s.note.as_deref().unwrap_or(""))
        );
    }
    body.push_str("</tbody></table></section>");
    body.push_str(
        r#"<section><h2>Explain</h2><div id="explain-live"></div><div id="explain-static">"#,
    );
    for (i, c) in cloud.clusters().iter().enumerate() {
        let e = groups[i]
            .as_ref()
            .and_then(|g| explained(cloud, report, &scenario.pricing, c.id(), g));
        if let Some(e) = e {
            let _ = write!(
                body,
                r#"<details open data-c="{i}"><summary>{} ({})</summary><pre>{}</pre></details>"#,
                escape(c.identifier()),
                escape(&lanes[nodes[i].lane]),
                escape(&render_sentences(&e, report))
            );
        }
    }
    body.push_str("</div></section>");
    let data = Data {
        clusters: nodes.iter().map(|n| n.identifier.as_str()).collect(),
        steps: recorder
            .steps
            .iter()
            .zip(&report.steps)
            .map(|(f, s): (&StepFrame, &StepRecord)| StepData {
                index: f.index,
                op: s.op.name(),
                at: s.at.to_string(),
                changed: &f.changed,
            })
            .collect(),
    };
    page(&report.scenario, &body, Some(&script_json(&data)))
}

fn step_title(s: &StepRecord) -> String {
    match &s.note {
        Some(n) => format!("{}: {n}", s.op),
        None => s.op.to_string(),
    }
}

/// The accounts and clusters tables, with the report's figures.
fn tables(report: &Report) -> String {
    let mut s = String::from(
        r#"<section><h2>Accounts</h2><table id="accounts" class="figures"><thead><tr><th>account</th><th>billed GiB (owned pages)</th><th>storage USD</th><th>I/O USD</th><th>backup USD</th><th>instance USD</th><th>total USD</th><th>as full copies USD</th></tr></thead><tbody>"#,
    );
    for a in &report.accounts {
        let _ = write!(
            s,
            r#"<tr data-account="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="instance">{}</td><td class="total">{}</td><td>{}</td></tr>"#,
            a.id,
            escape(&account_label(report, a.id)),
            two_decimals(a.billed_bytes / GIB as f64),
            two_decimals(a.storage_cost_usd),
            two_decimals(a.io_cost_usd),
            two_decimals(a.backup_cost_usd),
            two_decimals(a.instance_cost_usd),
            two_decimals(a.total_cost_usd),
            two_decimals(a.full_copy_total_cost_usd)
        );
    }
    s.push_str(r#"</tbody></table><h2>Clusters</h2><table id="clusters" class="figures"><thead><tr><th>cluster</th><th>account</th><th>status</th><th>logical pages</th><th>exclusive</th><th>shared</th><th>owned pages</th><th>billed GiB</th><th>storage USD</th><th>I/O USD</th><th>instance hours</th><th>instance USD</th></tr></thead><tbody>"#);
    for c in &report.clusters {
        let _ = write!(
            s,
            r#"<tr data-arn="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="owned">{}</td><td class="billed">{}</td><td>{}</td><td>{}</td><td>{}</td><td class="instance">{}</td></tr>"#,
            escape(&c.arn),
            escape(&c.identifier),
            escape(&account_label(report, c.account)),
            c.status,
            c.logical_pages,
            c.exclusive_pages,
            c.shared_pages,
            pages(c.owned_pages),
            two_decimals(c.billed_bytes / GIB as f64),
            two_decimals(c.storage_cost_usd),
            two_decimals(c.io_cost_usd),
            two_decimals(c.instance_hours),
            two_decimals(c.instance_cost_usd)
        );
    }
    s.push_str("</tbody></table><p class=\"legend\">Billed GiB is the owned pages (each cluster's share of the page versions under the policy) times the page size.</p></section>");
    s
}

/// The page of a forecast: P10 / P50 / P90 bands per account over the
/// months, and the tables of spreads.
pub fn forecast_page(f: &Forecast) -> String {
    let months: Vec<String> = f
        .accounts
        .first()
        .map(|a| a.months.iter().map(|m| m.month.clone()).collect())
        .unwrap_or_default();
    let label =
        |a: &crate::forecast::AccountForecast| super::text::labelled(a.id, a.name.as_deref());
    let accounts: Vec<(String, Vec<[f64; 3]>)> = f
        .accounts
        .iter()
        .map(|a| {
            (
                label(a),
                a.months
                    .iter()
                    .map(|m| [m.cost_usd.p10, m.cost_usd.p50, m.cost_usd.p90])
                    .collect(),
            )
        })
        .collect();
    let mut body = format!(
        r#"<header><h1>{}</h1><p>Forecast of {} runs (seeds {} to {}), {} to {}, accuracy {}. The median run is seed {}.</p></header><section><h2>Cost per month</h2>"#,
        escape(&f.scenario),
        f.runs,
        f.seed,
        f.seed + u64::from(f.runs) - 1,
        f.start,
        f.end,
        escape(&f.accuracy),
        f.p50_run_seed
    );
    body.push_str(&svg::bands(&months, &accounts));
    body.push_str(r#"</section><section><h2>Accounts</h2><table id="accounts" class="figures"><thead><tr><th>account</th><th>total USD P10</th><th>P50</th><th>P90</th><th>mean</th><th>per month P50</th><th>instances P50</th><th>as full copies P50</th></tr></thead><tbody>"#);
    for a in &f.accounts {
        let _ = write!(
            body,
            r#"<tr data-account="{}"><td>{}</td><td>{}</td><td class="total">{}</td><td>{}</td><td>{}</td><td>{}</td><td class="instance">{}</td><td>{}</td></tr>"#,
            a.id,
            escape(&label(a)),
            two_decimals(a.total_cost_usd.p10),
            two_decimals(a.total_cost_usd.p50),
            two_decimals(a.total_cost_usd.p90),
            two_decimals(a.total_cost_usd.mean),
            two_decimals(a.monthly_cost_usd.p50),
            two_decimals(a.instance_cost_usd.p50),
            two_decimals(a.full_copy_total_cost_usd.p50)
        );
    }
    body.push_str("</tbody></table></section>");
    page(&f.scenario, &body, None)
}

/// The whole document.
fn page(title: &str, body: &str, data: Option<&str>) -> String {
    let script = match data {
        Some(json) => format!(
            r#"<script type="application/json" id="data">{json}</script><script>{SCRIPT}</script>"#
        ),
        None => String::new(),
    };
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{} · cowsim</title><style>{STYLE}</style></head><body>{body}{script}</body></html>"#,
        escape(title)
    )
}

/// Writes the page to `path`, whole or not at all.
pub fn write(path: &Path, html: &str) -> std::io::Result<()> {
    super::csv::write_all(&[(path.to_path_buf(), html.as_bytes().to_vec())])
}
