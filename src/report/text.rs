//! The report as text a person can follow: a line per step, then tables of
//! clusters, accounts and families. Colour only when asked (a terminal).

use comfy_table::{Cell, CellAlignment, Table, presets};
use serde_json::Value;

use super::{Report, StepRecord};
use crate::engine::GIB;
use crate::scenario::expect::readable;

/// ANSI colours, or none.
#[derive(Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn good(self, s: &str) -> String {
        self.paint("32", s)
    }
    fn bad(self, s: &str) -> String {
        self.paint("31;1", s)
    }
    fn dim(self, s: &str) -> String {
        self.paint("2", s)
    }
}

/// One line (plus its note) for a step.
pub fn step_line(r: &StepRecord, style: Style) -> String {
    let mut out = String::new();
    if let Some(note) = &r.note {
        out.push_str(&style.dim(&format!("      # {note}\n")));
    }
    let at =
        r.at.to_string()
            .replace('T', " ")
            .trim_end_matches('Z')
            .to_string();
    let outcome = match (&r.error, r.as_expected) {
        (None, true) => style.good("ok"),
        (Some(e), true) => style.good(&format!("{} (as expected)", e.code)),
        (Some(e), false) => style.bad(&e.code),
        (None, false) => style.bad("FAILED"),
    };
    let detail = match (&r.surprise, &r.error) {
        (Some(s), _) => style.bad(s),
        (None, Some(e)) => e.message.clone(),
        (None, None) => summary(&r.result),
    };
    out.push_str(&format!(
        "{:>4}  {at}  {}  {:<38} {outcome}  {detail}",
        r.index, r.account, r.op
    ));
    out.trim_end().to_string()
}

/// A few words about a call's result.
fn summary(v: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(c) = v.get("DBCluster") {
        parts.push(format!(
            "{} {}",
            c["DBClusterIdentifier"].as_str().unwrap_or(""),
            c["Status"].as_str().unwrap_or("")
        ));
    }
    if let Some(t) = v.get("restore_type_applied").and_then(Value::as_str) {
        parts.push(t.to_string());
    }
    if let Some(s) = v.get("DBClusterSnapshot") {
        parts.push(format!(
            "snapshot {} {}",
            s["DBClusterSnapshotIdentifier"].as_str().unwrap_or(""),
            s["Status"].as_str().unwrap_or("")
        ));
    }
    if let Some(i) = v.get("DBInstance") {
        parts.push(format!(
            "instance {} {}",
            i["DBInstanceIdentifier"].as_str().unwrap_or(""),
            i["DBInstanceStatus"].as_str().unwrap_or("")
        ));
    }
    if let Some(t) = v.get("available_at").and_then(Value::as_str) {
        parts.push(format!(
            "until {}",
            t.replace('T', " ").trim_end_matches('Z')
        ));
    }
    if let Some(list) = v.get("invitations").and_then(Value::as_array) {
        parts.push(match list.len() {
            0 => "no invitation needed".to_string(),
            n => format!("{n} invitation(s) sent"),
        });
    }
    if let Some(list) = v.get("resourceShareInvitations").and_then(Value::as_array) {
        parts.push(format!("{} invitation(s)", list.len()));
    }
    if let Some(i) = v.get("resourceShareInvitation") {
        parts.push(format!("invitation {}", i["status"].as_str().unwrap_or("")));
    }
    if let Some(list) = v.get("DBClusters").and_then(Value::as_array) {
        parts.push(format!("{} cluster(s)", list.len()));
    }
    if let Some(list) = v.get("principals").and_then(Value::as_array) {
        parts.push(format!("{} principal(s)", list.len()));
    }
    if let Some(n) = v.get("pages_written").and_then(Value::as_u64) {
        let distinct = v.get("distinct_pages").and_then(Value::as_u64);
        parts.push(match distinct {
            Some(d) if d != n => format!("{n} pages written ({d} distinct)"),
            _ => format!("{n} pages written"),
        });
    }
    if let Some(k) = v.get("KeyMetadata") {
        parts.push(format!(
            "key {}",
            k["Alias"]
                .as_str()
                .unwrap_or(k["KeyId"].as_str().unwrap_or(""))
        ));
    }
    if let Some(c) = v.get("clock").and_then(Value::as_str) {
        parts.push(format!(
            "clock {}",
            c.replace('T', " ").trim_end_matches('Z')
        ));
    }
    if let Some(w) = v.get("workload").and_then(Value::as_str) {
        parts.push(format!("workload on {w}"));
    }
    if let Some(checked) = v.get("checked").and_then(Value::as_array) {
        let seen: Vec<String> = checked
            .iter()
            .map(|c| {
                let field = c["field"].as_str().unwrap_or("");
                let found = readable(&c["found"]);
                if c["held"].as_bool() == Some(true) {
                    format!("{field} = {found}")
                } else {
                    format!(
                        "{field} = {found}, not {} (not enforced: --no-expect)",
                        c["expected"].as_str().unwrap_or("")
                    )
                }
            })
            .collect();
        parts.push(format!("checked {}", seen.join(", ")));
    }
    parts.join(", ")
}

fn gib(bytes: f64) -> String {
    format!("{:.2}", bytes / GIB as f64)
}

fn usd(x: f64) -> String {
    format!("{x:.2}")
}

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

/// The tables after the step log, and the verdict.
pub fn summary_tables(r: &Report, style: Style) -> String {
    let mut clusters = Table::new();
    clusters.load_style(presets::UTF8_HORIZONTAL_ONLY);
    clusters.set_header([
        "cluster",
        "account",
        "status",
        "logical pages",
        "exclusive",
        "shared",
        "billed GiB",
        "storage USD",
    ]);
    for c in &r.clusters {
        clusters.add_row(vec![
            Cell::new(&c.identifier),
            Cell::new(c.account),
            Cell::new(&c.status),
            right(c.logical_pages.to_string()),
            right(c.exclusive_pages.to_string()),
            right(c.shared_pages.to_string()),
            right(gib(c.billed_bytes)),
            right(usd(c.storage_cost_usd)),
        ]);
    }
    let mut accounts = Table::new();
    accounts.load_style(presets::UTF8_HORIZONTAL_ONLY);
    accounts.set_header([
        "account",
        "billed GiB now",
        "storage USD",
        "I/O USD",
        "backup USD",
        "total USD",
    ]);
    for a in &r.accounts {
        let name = match &a.name {
            Some(n) => format!("{} ({n})", a.id),
            None => a.id.to_string(),
        };
        accounts.add_row(vec![
            Cell::new(name),
            right(gib(a.billed_bytes)),
            right(usd(a.storage_cost_usd)),
            right(usd(a.io_cost_usd)),
            right(usd(a.backup_cost_usd)),
            right(usd(a.total_cost_usd)),
        ]);
    }
    let mut out = format!(
        "\nclusters at {} (policy {}):\n{clusters}\n\ncost to date:\n{accounts}\n",
        r.clock, r.policy
    );
    if let Some(months) = monthly_table(r) {
        out.push_str(&format!(
            "\ncost per calendar month (USD, whole days metered):\n{months}\n"
        ));
    }
    for f in r.families.iter().filter(|f| f.clusters.len() > 1) {
        let saved = f.logical_pages.saturating_sub(f.live_page_versions);
        out.push_str(&format!(
            "\nfamily {}: {} clusters see {} pages in all, stored as {} page versions ({} pages shared, not copied)\n",
            f.clone_group_id.as_deref().unwrap_or("(no clone group)"),
            f.clusters.len(),
            f.logical_pages,
            f.live_page_versions,
            saved
        ));
    }
    let surprises: Vec<&StepRecord> = r.steps.iter().filter(|s| !s.as_expected).collect();
    if surprises.is_empty() {
        out.push_str(&format!(
            "\n{} {} steps, every expectation held\n",
            style.good("ok:"),
            r.steps.len()
        ));
    } else {
        out.push_str(&format!(
            "\n{} {} of {} steps did not go as expected:\n",
            style.bad("FAILED:"),
            surprises.len(),
            r.steps.len()
        ));
        for s in surprises {
            out.push_str(&format!(
                "  step {} ({}): {}\n",
                s.index,
                s.op,
                s.surprise.as_deref().unwrap_or("")
            ));
        }
    }
    out
}

/// Each account's cost per calendar month, from the daily series; `None`
/// for runs shorter than two days.
fn monthly_table(r: &Report) -> Option<Table> {
    if r.series.len() < 2 * r.accounts.len().max(1) {
        return None;
    }
    let month = |p: &crate::billing::meter::Point| p.at.to_string()[..7].to_string();
    let mut months: Vec<String> = r.series.iter().map(month).collect();
    months.dedup();
    let mut table = Table::new();
    table.load_style(presets::UTF8_HORIZONTAL_ONLY);
    let mut header = vec!["account".to_string()];
    header.extend(months.iter().cloned());
    table.set_header(header);
    for a in &r.accounts {
        let mut row = vec![Cell::new(a.id)];
        let mut before = 0.0;
        for m in &months {
            let end = r
                .series
                .iter()
                .filter(|p| p.account == a.id && month(p) == *m)
                .map(|p| p.total_cost_usd)
                .next_back()
                .unwrap_or(before);
            row.push(right(usd(end - before)));
            before = end;
        }
        table.add_row(row);
    }
    Some(table)
}
