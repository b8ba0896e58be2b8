//! `--html OUT.html`: the report as one self-contained page a person opens
//! in a browser. CSS, SVG and script are inline and nothing is loaded from
//! the network. Without script the page shows the run's end: the clone
//! tree, the tables, the page maps, cost over time, the step log and the
//! explanation of every cluster. With script, choosing a step shows the
//! tree, page maps and explain table as they were after it. The format is
//! described in docs/report-format.md, "The HTML report".

mod escape;
pub mod frames;
pub mod holdings;
pub mod svg;
pub mod tables;

use std::fmt::Write;
use std::path::Path;

use serde::Serialize;

use super::explain::render_sentences;
use super::text::{account_label, short_time, summary, two_decimals};
use crate::cloud::Cloud;
use crate::cloud::ops::sim::SimOp;
use crate::cloud::ops::{AwsOp, OpName};
use crate::cloud::rds::Origin;
use crate::engine::ExplainCache;
use crate::forecast::Forecast;
use crate::report::explain::explained;
use crate::report::{Report, StepRecord};
use crate::scenario::Scenario;
use escape::escape;
use frames::{Cells, ClusterFrame, Recorder, StepFrame};

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// The forecast page's one control: an account shown alone.
const FORECAST_SCRIPT: &str = r#"<script>document.getElementById("only").addEventListener("change",function(e){var v=e.target.value;document.querySelectorAll(".chart .series, .chart .key-line").forEach(function(g){g.style.display=v==="all"||g.dataset.k===v?"":"none";});});</script>"#;

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

/// One step's record, under one-letter keys (the script names them again
/// as it reads them); a list the step left unchanged is left out.
#[derive(Serialize)]
struct StepData<'a> {
    #[serde(rename = "i")]
    index: usize,
    op: &'a str,
    at: String,
    /// Seconds since the run's start: where the cost chart marks it.
    t: i64,
    #[serde(rename = "f", skip_serializing_if = "<[_]>::is_empty")]
    changed: &'a [ClusterFrame],
    #[serde(rename = "a", skip_serializing_if = "<[_]>::is_empty")]
    accounts: &'a [(usize, Cells)],
    #[serde(rename = "r", skip_serializing_if = "<[_]>::is_empty")]
    rows: &'a [(usize, Cells)],
    #[serde(rename = "h", skip_serializing_if = "<[_]>::is_empty")]
    held: &'a [(usize, Cells)],
    /// The clock after the step, when later than `at` (an `advance`):
    /// the latest time a restore may ask for then.
    #[serde(rename = "k", skip_serializing_if = "Option::is_none")]
    clock: Option<String>,
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
    let stopped: Vec<svg::Stopped> = cloud
        .stopped_periods()
        .iter()
        .map(|p| svg::Stopped {
            cluster: cloud.cluster(p.cluster).identifier().to_string(),
            from: p.from,
            until: p.until,
        })
        .collect();
    let explanations: Vec<String> = cloud
        .clusters()
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let e = groups[i]
                .as_ref()
                .and_then(|g| explained(cloud, report, &scenario.pricing, c.id(), g))?;
            Some(format!(
                r#"<details open data-c="{i}"><summary>{} ({})</summary><pre>{}</pre></details>"#,
                escape(c.identifier()),
                escape(&lanes[nodes[i].lane]),
                escape(&render_sentences(&e, report))
            ))
        })
        .collect();
    let sections = [
        Section {
            id: "stage",
            title: None,
            body: format!(
                r#"<div class="tree-pane"><h2>Clone tree</h2><p class="legend"><span class="key own"></span>pays for what it wrote <span class="key inherits"></span>also pays a share of a deleted writer's pages <span class="key nothing"></span>pays nothing <span class="key not-billed"></span>not billed (creating or deleted) · solid: copy-on-write clone, dashed: full copy or restore, dotted: RAM share to an account's lane. Choose a cluster to explain it.</p><div class="scroll tree-box">{}</div></div><div class="steps-pane"><h2>Steps</h2><p class="legend">Choose a step, or use the arrow keys (Home and End: first and last), to see every section as it was after it.</p>{}</div>"#,
                svg::tree(&lanes, &nodes, &shares, &finals),
                step_log(report)
            ),
        },
        Section {
            id: "figures",
            title: None,
            body: figure_tables(report),
        },
        Section {
            id: "holdings",
            title: Some("What the bill holds"),
            body: holdings_table(
                report,
                &holdings::made_from(scenario, report, cloud),
                recorder.held(),
            ),
        },
        Section {
            id: "maps",
            title: Some("Page maps"),
            body: page_maps(&finals, &nodes, &lanes),
        },
        Section {
            id: "cost",
            title: Some("Cost over time"),
            body: format!(
                "<p class=\"legend\">Each account's cost to date, metered hourly and plotted daily. The marks under the time axis are the steps that changed a bill (share, clone, write, delete); marks too close to tell apart are one mark, listing its steps on hover. A shaded band is a cluster stopped (from its stop to its start), with a bar of its own at the top; hover for which. The upright line is the chosen step.</p><div class=\"scroll\">{}</div>",
                svg::cost_chart(
                    report.start,
                    report.clock,
                    &series,
                    &markers,
                    &stopped,
                    "cost to date (USD)",
                )
            ),
        },
        Section {
            id: "explain",
            title: Some("Explain"),
            body: format!(
                r#"<div id="explain-live"></div><div id="explain-static">{}</div>"#,
                explanations.concat()
            ),
        },
    ];
    let mut body = format!(
        r#"<header><h1>{}</h1><p class="description">{}</p><p>Billing policy <b>{}</b>, seed {}, from {} to {}.</p><p id="at" class="at" aria-live="polite">Showing the end of the run.</p></header>"#,
        escape(&report.scenario),
        escape(report.description.trim()),
        report.policy,
        report.seed,
        report.start,
        report.clock
    );
    for section in &sections {
        body.push_str(&section.html());
    }
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
                t: s.at.since(report.start),
                changed: &f.changed,
                accounts: &f.accounts,
                rows: &f.rows,
                held: &f.held,
                clock: (f.clock != s.at).then(|| short_time(f.clock)),
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

/// One section of the report page. The page is a list of them, each
/// showing the chosen step: a new part of the bill (instances, backup)
/// is one more section, or one more column of a table
/// ([`tables::ACCOUNT_COLUMNS`]).
struct Section {
    id: &'static str,
    title: Option<&'static str>,
    body: String,
}

impl Section {
    fn html(&self) -> String {
        let title = self
            .title
            .map(|t| format!("<h2>{t}</h2>"))
            .unwrap_or_default();
        format!(
            r#"<section id="section-{}">{title}{}</section>"#,
            self.id, self.body
        )
    }
}

/// A step's result as the command line gives it: ok or the error's code,
/// then what it did (pages written, what was checked) or the error.
fn step_result(s: &StepRecord) -> (String, String) {
    let outcome = match (&s.error, s.as_expected) {
        (None, true) => "ok".to_string(),
        (Some(e), true) => format!("{} (as expected)", e.code),
        (Some(e), false) => e.code.clone(),
        (None, false) => "FAILED".to_string(),
    };
    let detail = match (&s.surprise, &s.error) {
        (Some(why), _) => why.clone(),
        (None, Some(e)) => e.message.clone(),
        (None, None) => s.result.as_ref().map(summary).unwrap_or_default(),
    };
    (outcome, detail)
}

/// The step log: one row per step, its result and note.
fn step_log(report: &Report) -> String {
    let mut s = String::from(
        r#"<div class="scroll steps-box" id="steps-box"><table id="steps"><thead><tr><th>#</th><th>time</th><th>account</th><th>step</th><th>result</th></tr></thead><tbody>"#,
    );
    for step in &report.steps {
        let (outcome, detail) = step_result(step);
        let note = step
            .note
            .as_deref()
            .map(|n| format!(r#"<div class="note">{}</div>"#, escape(n)))
            .unwrap_or_default();
        let _ = write!(
            s,
            r#"<tr data-step="{}" tabindex="0"{}><td>{}</td><td>{}</td><td title="{}">{}</td><td>{}{note}</td><td><b class="outcome">{}</b> <span class="detail">{}</span></td></tr>"#,
            step.index,
            if step.as_expected {
                ""
            } else {
                r#" class="surprise""#
            },
            step.index,
            short_time(step.at),
            escape(&account_label(report, step.account)),
            escape(&short_account(report, step.account)),
            escape(step.op.name()),
            escape(&outcome),
            escape(&detail)
        );
    }
    s.push_str("</tbody></table></div>");
    s
}

/// An account as the step log names it: its name, or its id.
fn short_account(report: &Report, id: crate::cloud::AccountId) -> String {
    report
        .accounts
        .iter()
        .find(|a| a.id == id)
        .and_then(|a| a.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// The accounts and clusters tables, with the report's figures.
fn figure_tables(report: &Report) -> String {
    let accounts = tables::table(
        "accounts",
        &["account"],
        &tables::ACCOUNT_COLUMNS,
        tables::Classes::Cells,
        report.accounts.iter().enumerate().map(|(i, a)| {
            (
                format!(r#"data-account="{}" data-i="{i}""#, a.id),
                vec![account_label(report, a.id)],
                tables::cells(&tables::ACCOUNT_COLUMNS, a),
            )
        }),
    );
    let clusters = tables::table(
        "clusters",
        &["cluster", "account"],
        &tables::CLUSTER_COLUMNS,
        tables::Classes::Cells,
        report.clusters.iter().enumerate().map(|(i, c)| {
            (
                format!(r#"data-arn="{}" data-i="{i}""#, escape(&c.arn)),
                vec![c.identifier.clone(), account_label(report, c.account)],
                tables::cells(&tables::CLUSTER_COLUMNS, c),
            )
        }),
    );
    format!(
        "<h2>Accounts</h2>{accounts}<h2>Clusters</h2>{clusters}<p class=\"legend\">Billed GiB is the owned pages (each cluster's share of the page versions under the policy) times the page size. Costs are to date: to the chosen step.</p>"
    )
}

/// Each cluster's instances, stopped periods, backup and restorable
/// window, as the last step left them; what it was made from.
fn holdings_table(report: &Report, made_from: &[String], held: &[Vec<String>]) -> String {
    let latest = short_time(report.clock);
    let table = tables::table(
        "holdings",
        &["cluster", "made from"],
        &holdings::HOLDING_COLUMNS,
        tables::Classes::Headers,
        report.clusters.iter().enumerate().map(|(i, c)| {
            let mut cells = held.get(i).cloned().unwrap_or_default();
            // The latest restorable time is the clock, for a cluster that
            // can be restored from.
            if let [.., earliest, last] = cells.as_mut_slice()
                && !earliest.is_empty()
            {
                last.clone_from(&latest);
            }
            (
                format!(r#"data-i="{i}""#),
                vec![
                    c.identifier.clone(),
                    made_from.get(i).cloned().unwrap_or_default(),
                ],
                cells,
            )
        }),
    );
    format!(
        "{table}<p class=\"legend\">Beside storage, the bill holds each cluster's DB instances (billed while it runs, not while it is stopped), and its backup: every version its writes superseded within its retention window is kept so that it can be restored to any time in it (<code>BackupRetentionPeriodStorageUsed</code>, its volume included), its snapshots older than the window (<code>SnapshotStorageUsed</code>), and what of the two is billed beyond the free amount, its volume (<code>TotalBackupStorageBilled</code>), as CloudWatch measured them at the last metered hour. A restore to a point in time reads its source's history at that time: it may ask for any time from the source's earliest to its latest restorable time, the moment shown.</p>"
    )
}

/// A bar per cluster of where the versions it sees live.
fn page_maps(finals: &[ClusterFrame], nodes: &[svg::Node], lanes: &[String]) -> String {
    let mut s = String::from(
        r#"<p class="legend"><span class="key map-own"></span>its own writes <span class="key map-live"></span>inherited from a live writer <span class="key map-dead"></span>inherited from a deleted writer. Each bar spans the cluster's pages in 160 slices, each coloured for where most of its pages' versions live; the thin strips under it mark every slice holding any of the cluster's own writes, however few, and, where the bar hides a few of a live or a deleted writer's pages under another colour (a clone of a clone, say), every slice holding any of those. Hover for the counts.</p><div id="maps">"#,
    );
    for (i, f) in finals.iter().enumerate() {
        let gone = if f.status.billed() { "" } else { " gone" };
        let _ = write!(
            s,
            r#"<div class="map-row{gone}" data-c="{i}"><div class="map-name"><b>{}</b> <small>{}</small></div>{}</div>"#,
            escape(&nodes[i].identifier),
            escape(&lanes[nodes[i].lane]),
            svg::page_map(
                f,
                finals,
                &nodes
                    .iter()
                    .map(|n| n.identifier.as_str())
                    .collect::<Vec<_>>()
            )
        );
    }
    s.push_str("</div>");
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
    // The run ends within its last month: that month is partial.
    let partial = f.end != f.end.month().0;
    body.push_str(r#"<p class="legend">Each account's band spans P10 to P90 of the runs; its line and dots are the median. A month the run ends within is drawn hollow: partial, not a drop. <label>Show <select id="only"><option value="all">every account</option>"#);
    for (k, (name, _)) in accounts.iter().enumerate() {
        let _ = write!(body, r#"<option value="{k}">{}</option>"#, escape(name));
    }
    body.push_str(r#"</select></label></p><div class="scroll">"#);
    body.push_str(&svg::bands(&months, &accounts, partial));
    body.push_str(r#"</div></section><section><h2>Accounts</h2><div class="scroll"><table id="accounts" class="figures"><thead><tr><th>account</th><th>total USD P10</th><th>P50</th><th>P90</th><th>mean</th><th>per month P50</th><th>instances P50</th><th>total as full copies P50</th></tr></thead><tbody>"#);
    for a in &f.accounts {
        let _ = write!(
            body,
            r#"<tr data-account="{}"><td class="name">{}</td><td>{}</td><td class="total">{}</td><td>{}</td><td>{}</td><td>{}</td><td class="instance">{}</td><td>{}</td></tr>"#,
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
    body.push_str(r#"</tbody></table></div></section><section><h2>Clusters</h2><div class="scroll"><table id="forecast-clusters" class="figures"><thead><tr><th>cluster</th><th>account</th><th>total USD P10</th><th>P50</th><th>P90</th><th>per month P50</th><th>billed GiB P50</th><th>instances P50</th><th>storage as a full copy P50</th><th>total as a full copy P50</th></tr></thead><tbody>"#);
    for c in &f.clusters {
        let short = c.arn.rsplit(':').next().unwrap_or(&c.arn);
        let account = c.arn.split(':').nth(4).unwrap_or("");
        let _ = write!(
            body,
            r#"<tr data-arn="{}"><td class="name">{}</td><td class="name">{}</td><td>{}</td><td class="total">{}</td><td>{}</td><td>{}</td><td>{}</td><td class="instance">{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&c.arn),
            escape(short),
            escape(account),
            two_decimals(c.total_cost_usd.p10),
            two_decimals(c.total_cost_usd.p50),
            two_decimals(c.total_cost_usd.p90),
            two_decimals(c.monthly_cost_usd.p50),
            two_decimals(c.billed_gib.p50),
            two_decimals(c.instance_cost_usd.p50),
            two_decimals(c.full_copy_storage_cost_usd.p50),
            two_decimals(c.full_copy_total_cost_usd.p50)
        );
    }
    body.push_str(r#"</tbody></table></div><p class="legend">A cluster's total is its storage, I/O, backup and DB instances. As a full copy, its storage is billed for every page it sees: the storage column is that storage alone, the total column that storage with its I/O, backup and instances as they were.</p></section>"#);
    body.push_str(FORECAST_SCRIPT);
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
