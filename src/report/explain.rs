//! `cowsim explain`: why a cluster is billed what it is. Its pages are
//! grouped by where the version it sees lives (its own write; a write of a
//! source or ancestor that is alive; a write of a deleted cluster), with
//! how many live clusters see each group, who pays under the policy and
//! the share that falls to this cluster. The groups add up to the report's
//! `owned_pages` and `billed_bytes` (docs/model.md, "Billing policies").

use serde::Serialize;

use super::Report;
use super::text::{account_label, pages, table, two_decimals};
use crate::billing::Pricing;
use crate::billing::pricing::HOURS_PER_MONTH;
use crate::cloud::rds::{ClusterStatus, StorageType};
use crate::cloud::{AccountId, Cloud, ClusterId};
use crate::engine::{BillingPolicy, ExplainCache, GIB, Payer, VersionGroup};
use crate::names::named_enum;
use crate::time::SimTime;

named_enum! {
    /// Where the versions of a group come from, as the cluster sees them.
    pub enum Origin ("origin") {
        /// Written by the cluster itself.
        OwnWrite = "own-write",
        /// Written by its source or an ancestor that is alive.
        LiveWriter = "live-writer",
        /// Written by a cluster that has been deleted.
        DeletedWriter = "deleted-writer",
        /// Versions it wrote and has since rewritten, which clones still
        /// see (it doesn't).
        OwnRewritten = "own-rewritten",
        /// Versions of deleted clusters that only other clusters see.
        DeletedUnseen = "deleted-unseen",
    }
}

/// One group of pages.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    pub origin: Origin,
    /// The writer's identifier and ARN.
    pub writer: String,
    pub writer_arn: String,
    pub writer_alive: bool,
    /// Whether this cluster sees these versions.
    pub seen: bool,
    /// Live clusters that see these versions.
    pub viewers: u32,
    /// Who pays: `writer`, `viewers` or `family`.
    pub payer: &'static str,
    /// The fraction of each version that falls to this cluster.
    pub share: f64,
    pub pages: u64,
    /// `pages × share`.
    pub owned_pages: f64,
    /// Half-open page ranges `[start, end)`, ascending: all of them, or
    /// the first 1,000 (`ranges_complete` says which).
    pub ranges: Vec<[u64; 2]>,
    pub ranges_complete: bool,
}

/// One cluster explained.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub cluster: String,
    pub identifier: String,
    pub account: AccountId,
    pub status: ClusterStatus,
    pub at: SimTime,
    pub policy: BillingPolicy,
    pub page_size: u64,
    pub logical_pages: u64,
    /// Live clusters in its family.
    pub family_live: u32,
    pub groups: Vec<Group>,
    /// The groups' owned pages added up: the report's `owned_pages`.
    pub owned_pages: f64,
    /// `owned_pages × page_size`: the report's `billed_bytes`.
    pub billed_bytes: f64,
    pub storage_usd_per_hour: f64,
    /// Per 730-hour month.
    pub storage_usd_per_month: f64,
}

/// Explains a live cluster; `None` for one that is deleted or still being
/// created (nothing is billed then). `cache` is shared by explanations of
/// the same state.
pub fn explain(
    cloud: &Cloud,
    report: &Report,
    pricing: &Pricing,
    id: ClusterId,
    cache: &mut ExplainCache,
) -> Option<Explanation> {
    let groups = cloud.explain_with(id, cache)?;
    explained(cloud, report, pricing, id, &groups)
}

/// The explanation of a live cluster from its engine groups (as
/// [`Cloud::explain_with`] gives them).
pub fn explained(
    cloud: &Cloud,
    report: &Report,
    pricing: &Pricing,
    id: ClusterId,
    groups: &[(ClusterId, VersionGroup)],
) -> Option<Explanation> {
    let c = cloud.cluster(id);
    let arn = cloud.cluster_arn(id);
    let row = report.clusters.iter().find(|r| r.arn == arn)?;
    let policy = report.policy;
    let family_live = groups.first().map_or(1, |(_, g)| g.family_live);
    let groups = listed(cloud, id, groups, policy);
    let owned_pages: f64 = groups.iter().map(|g| g.owned_pages).sum();
    let billed_bytes = owned_pages * row.page_size as f64;
    let price = match c.storage_type() {
        StorageType::Standard => pricing.storage_gb_month,
        StorageType::IoOptimized => pricing.iopt_storage_gb_month,
    };
    let per_month = billed_bytes / GIB as f64 * price;
    Some(Explanation {
        cluster: row.arn.clone(),
        identifier: row.identifier.clone(),
        account: row.account,
        status: row.status,
        at: report.clock,
        policy,
        page_size: row.page_size,
        logical_pages: row.logical_pages,
        family_live,
        groups,
        owned_pages,
        billed_bytes,
        storage_usd_per_hour: per_month / HOURS_PER_MONTH,
        storage_usd_per_month: per_month,
    })
}

/// Where a group's versions come from, for the cluster that is (or is
/// not) their writer.
pub fn origin(g: &VersionGroup, is_writer: bool) -> Origin {
    match (g.seen, is_writer, g.writer_alive) {
        (true, true, _) => Origin::OwnWrite,
        (true, false, true) => Origin::LiveWriter,
        (true, false, false) => Origin::DeletedWriter,
        (false, true, _) => Origin::OwnRewritten,
        (false, false, _) => Origin::DeletedUnseen,
    }
}

/// Who pays for a version under `policy`: `writer`, `viewers` or
/// `family`.
pub fn payer(policy: BillingPolicy, writer_alive: bool) -> &'static str {
    match policy.payer(writer_alive) {
        Payer::Writer => "writer",
        Payer::Viewers => "viewers",
        Payer::Family => "family",
    }
}

/// The groups an explanation lists: those the cluster sees, and those it
/// doesn't but pays a share of.
pub fn listed(
    cloud: &Cloud,
    me: ClusterId,
    groups: &[(ClusterId, VersionGroup)],
    policy: BillingPolicy,
) -> Vec<Group> {
    groups
        .iter()
        .map(|(writer, g)| group(cloud, me, *writer, g, policy))
        .filter(|g| g.seen || g.share > 0.0)
        .collect()
}

fn group(
    cloud: &Cloud,
    me: ClusterId,
    writer: ClusterId,
    g: &VersionGroup,
    policy: BillingPolicy,
) -> Group {
    let origin = origin(g, writer == me);
    let share = g.share_as(writer == me, policy);
    Group {
        origin,
        writer: cloud.cluster(writer).identifier().to_string(),
        writer_arn: cloud.cluster_arn(writer),
        writer_alive: g.writer_alive,
        seen: g.seen,
        viewers: g.viewers,
        payer: payer(policy, g.writer_alive),
        share,
        pages: g.pages,
        owned_pages: g.pages as f64 * share,
        ranges: g.ranges.iter().map(|r| [r.start, r.end]).collect(),
        ranges_complete: g.ranges.iter().map(|r| r.end - r.start).sum::<u64>() == g.pages,
    }
}

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
    if !complete {
        parts.push(format!("and more than {} more runs", ranges.len() - SHOWN));
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
        ("writer", Origin::OwnWrite | Origin::OwnRewritten) => {
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
        Origin::OwnWrite => format!("{n} pages it wrote itself ({runs}), {seen}"),
        Origin::LiveWriter => format!("{n} pages written by {} ({runs}), {seen}", g.writer),
        Origin::DeletedWriter => format!(
            "{n} pages written by {}, which has been deleted ({runs}), {seen}",
            g.writer
        ),
        Origin::OwnRewritten => {
            format!("{n} pages it wrote and has since rewritten ({runs}), {seen}")
        }
        Origin::DeletedUnseen => format!(
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
    for g in &e.groups {
        out.push_str(&sentence(e, g));
        out.push('\n');
    }
    let mut t = table([
        "origin", "writer", "pages", "runs", "seen by", "payer", "share", "owned",
    ]);
    for g in e.groups.iter().filter(|_| with_table) {
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
