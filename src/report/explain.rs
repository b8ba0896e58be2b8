//! `cowsim explain`: why a cluster is billed what it is. Its pages are
//! grouped by where the version it sees lives (its own write; a write of a
//! source or ancestor that is alive; a write of a deleted cluster), with
//! how many live clusters see each group, who pays under the policy and
//! the share that falls to this cluster. The groups add up to the report's
//! `owned_pages` and `billed_bytes` (docs/model.md, "Billing policies").

use serde::Serialize;

use super::Report;
use crate::billing::Pricing;
use crate::billing::pricing::HOURS_PER_MONTH;
use crate::cloud::rds::{ClusterStatus, StorageType};
use crate::cloud::{AccountId, Cloud, ClusterId};
use crate::engine::{BillingPolicy, ExplainCache, GIB, Payer, VersionGroup};
use crate::names::named_enum;
use crate::time::SimTime;

named_enum! {
    /// Where the versions of a group come from, as the cluster sees them.
    pub enum VersionOrigin ("origin") {
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
    pub origin: VersionOrigin,
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
pub fn origin(g: &VersionGroup, is_writer: bool) -> VersionOrigin {
    match (g.seen, is_writer, g.writer_alive) {
        (true, true, _) => VersionOrigin::OwnWrite,
        (true, false, true) => VersionOrigin::LiveWriter,
        (true, false, false) => VersionOrigin::DeletedWriter,
        (false, true, _) => VersionOrigin::OwnRewritten,
        (false, false, _) => VersionOrigin::DeletedUnseen,
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
