//! `cowsim forecast` as text: the spread of each account's and each
//! cluster's cost as tables, and the runs that surprised.

use comfy_table::{Cell, CellAlignment};

use super::text::{labelled, table, two_decimals};
use crate::forecast::{ERROR_RUNS, Forecast};

/// The forecast as tables.
pub fn render_text(f: &Forecast) -> String {
    let num = |x: f64| Cell::new(two_decimals(x)).set_alignment(CellAlignment::Right);
    let mut accounts = table([
        "account",
        "total USD p10",
        "p50",
        "p90",
        "mean",
        "per month p50",
        "billed GiB p50",
    ]);
    let mut parts = table([
        "account",
        "storage p50",
        "I/O p50",
        "backup p50",
        "instances p50",
        "total mean",
        "as full copies: storage p50",
        "total p50",
    ]);
    for a in &f.accounts {
        let label = labelled(a.id, a.name.as_deref());
        accounts.add_row(vec![
            Cell::new(&label),
            num(a.total_cost_usd.p10),
            num(a.total_cost_usd.p50),
            num(a.total_cost_usd.p90),
            num(a.total_cost_usd.mean),
            num(a.monthly_cost_usd.p50),
            num(a.billed_gib.p50),
        ]);
        parts.add_row(vec![
            Cell::new(label),
            num(a.storage_cost_usd.p50),
            num(a.io_cost_usd.p50),
            num(a.backup_cost_usd.p50),
            num(a.instance_cost_usd.p50),
            num(a.total_cost_usd.mean),
            num(a.full_copy_storage_cost_usd.p50),
            num(a.full_copy_total_cost_usd.p50),
        ]);
    }
    let mut clusters = table([
        "cluster",
        "total USD p10",
        "p50",
        "p90",
        "billed GiB p50",
        "storage p50",
        "I/O p50",
        "backup p50",
        "instances p50",
        "total as a full copy p50",
    ]);
    for c in &f.clusters {
        let short = c.arn.rsplit(':').next().unwrap_or(&c.arn);
        let account = c.arn.split(':').nth(4).unwrap_or("");
        clusters.add_row(vec![
            Cell::new(format!("{short} ({account})")),
            num(c.total_cost_usd.p10),
            num(c.total_cost_usd.p50),
            num(c.total_cost_usd.p90),
            num(c.billed_gib.p50),
            num(c.storage_cost_usd.p50),
            num(c.io_cost_usd.p50),
            num(c.backup_cost_usd.p50),
            num(c.instance_cost_usd.p50),
            num(c.full_copy_total_cost_usd.p50),
        ]);
    }
    let surprises = match f.surprises.first() {
        None => String::new(),
        Some(first) => {
            let mut out = format!(
                "\nnote: in {} of the runs some step didn't go as the scenario said; the first surprise of each:\n",
                f.runs_with_surprises
            );
            for s in &f.surprises {
                out.push_str(&format!(
                    "  seed {}: step {} ({}): {}\n",
                    s.seed, s.step, s.op, s.what
                ));
            }
            out.push_str(&format!(
                "replay one, with the same draws and sampling: cowsim forecast FILE --only-run {} (with this forecast's --months, --sample or --exact)\n",
                first.seed
            ));
            out
        }
    };
    let seeds = match f.runs {
        1 => format!("seed {}", f.seed),
        n => format!("seeds {} to {}", f.seed, f.seed + u64::from(n) - 1),
    };
    format!(
        "{}: {} runs ({seeds}), {} to {}, policy {}, accuracy {}{}\n\nper account:\n{accounts}\nper month: the total times 730 over the whole hours metered (a month is 730 hours), so a shorter run is scaled up\n\nper account, each part of the bill apart (in every run the parts add up to the total, so their means add up to the mean total; their P50s need not), and as full copies (every clone's storage billed for every page it sees; I/O, backup and instances as they were):\n{parts}\n\nper cluster (total: storage, I/O, backup and DB instances; as a full copy: that total with the cluster's storage billed for every page it sees):\n{clusters}\n{surprises}",
        f.scenario,
        f.runs,
        f.start,
        f.end,
        f.policy,
        f.accuracy,
        f.sampling_error.map_or_else(String::new, |e| format!(
            ", estimated error ±{:.2}% (one standard error of an account's total, from {ERROR_RUNS} runs repeated with other sampled pages)",
            e * 100.0
        ))
    )
}
