//! `cowsim explain` as text: a sentence for each group of pages saying
//! where its versions come from, who sees them and who pays, then a table
//! of the groups and their sum (the data is `report/explain.rs`).

use super::text::{account_label, pages, table, two_decimals};
use crate::engine::{BillingPolicy, GIB};
use crate::report::Report;
use crate::report::explain::{Explanation, Group, VersionOrigin};

/// Ranges as a person reads them: inclusive, `0..99`, a single page as
/// itself, the first few and how many more.
fn ranges_text(ranges: &[[u64; 2]], complete: bool) -> String {
    const SHOWN: usize = 4;
    let mut parts: Vec<String> = ranges
        .iter()
        .take(SHOWN)
        .map(|[a, b]| {
            if b - a == 1 {
                format!("{a}")
            } else {
                format!("{a}..{}", b - 1)
            }
        })
        .collect();
    if !complete && ranges.len() > SHOWN {
        parts.push(format!("and more than {} more runs", ranges.len() - SHOWN));
    } else if !complete {
        parts.push("and more runs".into());
    } else if ranges.len() > SHOWN {
        parts.push(format!("and {} more runs", ranges.len() - SHOWN));
    }
    parts.join(", ")
}

/// Who sees a group: "only itself", "it and 2 other live clusters", "3
/// live clusters".
fn seen_by(g: &Group) -> String {
    match (g.seen, g.viewers) {
        (true, 1) => "seen only by itself".into(),
        (true, 2) => "seen by it and 1 other live cluster".into(),
        (true, n) => format!("seen by it and {} other live clusters", n - 1),
        (false, 1) => "seen by 1 other live cluster".into(),
        (false, n) => format!("seen by {n} other live clusters"),
    }
}

/// A count with thousands separators: `1,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Owned pages in a sentence: whole with separators, else two decimals.
fn owned_text(x: f64) -> String {
    if x.fract() == 0.0 && x < 1e15 {
        thousands(x as u64)
    } else {
        two_decimals(x)
    }
}

/// The groups as a person reads them: those that read alike (same
/// origin, writer, viewers, payer and share) as one. The engine keeps a
/// writer's versions in one layer per clone taken of it, so a cluster's
/// own writes before and after a clone are separate groups even once the
/// clone that told them apart is gone; their sentences would be the same.
pub fn merged(groups: Vec<Group>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::with_capacity(groups.len());
    for g in groups {
        let alike = out.iter_mut().find(|m| {
            m.origin == g.origin
                && m.writer_arn == g.writer_arn
                && m.seen == g.seen
                && m.viewers == g.viewers
                && m.payer == g.payer
                && m.share == g.share
        });
        match alike {
            Some(m) => {
                m.pages += g.pages;
                m.owned_pages += g.owned_pages;
                m.ranges = union(&m.ranges, m.ranges_complete, &g.ranges, g.ranges_complete);
                m.ranges_complete &= g.ranges_complete;
            }
            None => out.push(g),
        }
    }
    out
}

/// Two groups' ranges as one ascending list. A list cut short says
/// nothing past its last run, so the union keeps only the runs below
/// where the first cut list ends.
fn union(a: &[[u64; 2]], a_complete: bool, b: &[[u64; 2]], b_complete: bool) -> Vec<[u64; 2]> {
    let known_to = |r: &[[u64; 2]], complete: bool| {
        if complete {
            u64::MAX
        } else {
            r.last().map_or(0, |x| x[1])
        }
    };
    let limit = known_to(a, a_complete).min(known_to(b, b_complete));
    let mut all: Vec<[u64; 2]> = a.iter().chain(b).copied().collect();
    all.sort_unstable();
    let mut out: Vec<[u64; 2]> = Vec::with_capacity(all.len());
    for r in all.into_iter().filter(|r| r[0] < limit) {
        let r = [r[0], r[1].min(limit)];
        match out.last_mut() {
            Some(last) if last[1] >= r[0] => last[1] = last[1].max(r[1]),
            _ => out.push(r),
        }
    }
    out
}

/// The sentence for one group.
fn sentence(e: &Explanation, g: &Group) -> String {
    let runs = ranges_text(&g.ranges, g.ranges_complete);
    let owned = owned_text(g.owned_pages);
    let by_viewers = |n: u32| {
        if n == 1 {
            format!("no other live cluster sees them, so it pays for all {owned}")
        } else {
            format!(
                "the {n} live clusters that see them pay 1/{n} each: {owned} pages fall to this one"
            )
        }
    };
    let by_family = |n: u32| {
        if n == 1 {
            format!("it is the family's only live cluster, so it pays for all {owned}")
        } else {
            format!("the family's {n} live clusters pay 1/{n} each: {owned} pages fall to this one")
        }
    };
    let how = match (g.payer, g.origin) {
        ("writer", VersionOrigin::OwnWrite | VersionOrigin::OwnRewritten) => {
            "as their writer, alive, it pays for all of them".to_string()
        }
        ("writer", _) => format!(
            "{} is alive and pays for them; this cluster pays nothing for them",
            g.writer
        ),
        ("viewers", _) if !g.seen => {
            "they are split among the clusters that see them, so none of it falls here".into()
        }
        ("viewers", _) => by_viewers(g.viewers),
        _ => by_family(e.family_live),
    };
    let (n, seen) = (thousands(g.pages), seen_by(g));
    let what = match g.origin {
        VersionOrigin::OwnWrite => format!("{n} pages it wrote itself ({runs}), {seen}"),
        VersionOrigin::LiveWriter => format!("{n} pages written by {} ({runs}), {seen}", g.writer),
        VersionOrigin::DeletedWriter => format!(
            "{n} pages written by {}, which has been deleted ({runs}), {seen}",
            g.writer
        ),
        VersionOrigin::OwnRewritten => {
            format!("{n} pages it wrote and has since rewritten ({runs}), {seen}")
        }
        VersionOrigin::DeletedUnseen => format!(
            "{n} pages written by {}, which has been deleted ({runs}), {seen}",
            g.writer
        ),
    };
    format!("- {what}: {how}.")
}

/// The text of one explanation: sentences, then a table, then the sum.
pub fn render_text(e: &Explanation, report: &Report) -> String {
    render(e, report, true)
}

/// The sentences and the sum, without the table (the HTML report shows
/// the table beside the tree).
pub fn render_sentences(e: &Explanation, report: &Report) -> String {
    render(e, report, false)
}

fn render(e: &Explanation, report: &Report, with_table: bool) -> String {
    let mut out = format!(
        "{} in {}, {}, at {}, under the {} policy\n\n",
        e.identifier,
        account_label(report, e.account),
        e.status,
        e.at,
        e.policy
    );
    let rule = match e.policy {
        BillingPolicy::Aurora => {
            "its writer pays for a version while it lives; once the writer is deleted, the live clusters that see the version split it equally"
        }
        BillingPolicy::SharedEqual => "the live clusters that see a version split it equally",
        BillingPolicy::FamilyEqual => {
            "its writer pays for a version while it lives; once the writer is deleted, every live cluster of the family pays an equal share"
        }
    };
    out.push_str(&format!(
        "It sees {} pages of {} KiB. Under {}, {rule}.\n",
        thousands(e.logical_pages),
        e.page_size / 1024,
        e.policy
    ));
    let groups = merged(e.groups.clone());
    for g in &groups {
        out.push_str(&sentence(e, g));
        out.push('\n');
    }
    let mut t = table([
        "origin", "writer", "pages", "runs", "seen by", "payer", "share", "owned",
    ]);
    for g in groups.iter().filter(|_| with_table) {
        t.add_row(vec![
            g.origin.to_string(),
            g.writer.clone(),
            g.pages.to_string(),
            ranges_text(&g.ranges, g.ranges_complete),
            g.viewers.to_string(),
            g.payer.to_string(),
            share_text(g.share),
            pages(g.owned_pages),
        ]);
    }
    if with_table {
        out.push_str(&format!("\n{t}\n"));
    }
    out.push_str(&format!(
        "It owns {} pages: billed {} GiB, {} USD an hour, {} USD a month (730 hours) of storage.\n",
        owned_text(e.owned_pages),
        two_decimals(e.billed_bytes / GIB as f64),
        four_places(e.storage_usd_per_hour),
        two_decimals(e.storage_usd_per_month),
    ));
    out
}

fn share_text(s: f64) -> String {
    if s == 0.0 || s == 1.0 {
        format!("{s:.0}")
    } else {
        let n = (1.0 / s).round();
        if (1.0 / n - s).abs() < 1e-12 {
            format!("1/{n:.0}")
        } else {
            format!("{s:.3}")
        }
    }
}

fn four_places(x: f64) -> String {
    if x > 0.0 && x < 0.00005 {
        "< 0.0001".into()
    } else {
        format!("{x:.4}")
    }
}
