//! What the HTML report records as the run goes: after each step, the
//! clusters whose picture changed (status, figures, page map, the explain
//! table), as deltas, so that a page of a thousand clusters and two
//! thousand steps stays small. The page's script replays them to show the
//! state after any step.

use std::collections::BTreeSet;
use std::fmt::Write;

use serde::Serialize;

use crate::cloud::rds::ClusterStatus;
use crate::cloud::{Cloud, ClusterId};
use crate::engine::{BillingPolicy, ExplainCache, GIB, VersionGroup};
use crate::render::explain::merged;
use crate::report::explain::{VersionOrigin, listed};
use crate::report::{ClusterRow, StepRecord, snapshot};
use crate::scenario::Moment;
use crate::time::SimTime;

use super::holdings::{HOLDING_COLUMNS, holdings};
use super::tables::{ACCOUNT_COLUMNS, CLUSTER_COLUMNS, cells};

/// Buckets of a page map: each shows the origin of most of its pages.
pub const MAP_BUCKETS: u64 = 160;

/// Live clusters a family may have for its per-step frames to carry the
/// explain table. Who else sees each page is the costly part of an
/// explanation; larger families get page maps and figures at every step,
/// and the explanation at the end (`cowsim explain --at N` explains any
/// step).
pub const DETAILED_FAMILY: usize = 64;

/// How a cluster stands in the bill, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Paying {
    /// It pays for what it wrote, and no share of a deleted writer's.
    Own,
    /// It pays a share of versions whose writer was deleted.
    Inherits,
    /// It pays nothing (a clone that wrote nothing, while its source lives).
    Nothing,
    /// Creating, or deleted: not billed.
    NotBilled,
}

/// One cluster's picture at a moment. A large family's page holds
/// thousands of them, so each field has a one-letter key in the page's
/// data (the script names them again as it reads them).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterFrame {
    /// The cluster's index in the page data's `clusters`.
    pub c: usize,
    #[serde(rename = "s")]
    pub status: ClusterStatus,
    #[serde(rename = "p")]
    pub paying: Paying,
    #[serde(rename = "l")]
    pub logical: u64,
    /// Tells a changed picture from the last; the page doesn't show it.
    #[serde(skip)]
    pub exclusive: u64,
    #[serde(rename = "o")]
    pub owned: f64,
    #[serde(rename = "g")]
    pub billed_gib: f64,
    /// The page map, run-length coded: `o` own write, `l` a live writer's,
    /// `d` a deleted writer's, `-` no page; `o12l148` is 12 buckets of own
    /// writes, then 148 of a live writer's.
    #[serde(rename = "m")]
    pub map: String,
    /// The buckets that hold any of its own writes, coded as `map`
    /// (`o` some, `-` none): a strip under the bar, so that a few scattered
    /// writes show even where other versions are most of a bucket.
    #[serde(rename = "w")]
    pub own: String,
    /// The buckets that hold any of a live writer's versions, coded as
    /// `own`, when some of them are a bucket's minority (hidden under
    /// another origin in the bar); else empty.
    #[serde(rename = "v", skip_serializing_if = "String::is_empty")]
    pub live: String,
    /// The same for a deleted writer's versions: a clone of a clone whose
    /// grandparent was deleted, say, sees a few of them among its
    /// parent's.
    #[serde(rename = "d", skip_serializing_if = "String::is_empty")]
    pub dead: String,
    /// Pages it sees of each origin: own writes, a live writer's, a
    /// deleted writer's (the bar's counts, on hover).
    #[serde(rename = "n")]
    pub counts: [u64; 3],
    /// The explain table: origin, writer, pages, live clusters that see
    /// them, payer, share, owned pages; left out of the page when empty
    /// (a large family's).
    #[serde(rename = "e", skip_serializing_if = "Vec::is_empty")]
    pub explain: Vec<(VersionOrigin, String, u64, u32, &'static str, f64, f64)>,
}

/// A table row's cells after a step: each cell the step changed, and
/// `None` for a cell as the row's last record left it (written `null`, so
/// that a cost that moved leaves its row's other cells out of the page).
pub type Cells = Vec<Option<String>>;

/// One step: what it was, and the clusters whose picture it changed.
#[derive(Clone, Debug, Serialize)]
pub struct StepFrame {
    pub index: usize,
    pub changed: Vec<ClusterFrame>,
    /// The Accounts table's rows whose cells the step changed: the
    /// account's index, and its cells (`tables::ACCOUNT_COLUMNS`).
    pub accounts: Vec<(usize, Cells)>,
    /// The Clusters table's rows whose cells the step changed
    /// (`tables::CLUSTER_COLUMNS`).
    pub rows: Vec<(usize, Cells)>,
    /// The holdings table's rows whose cells the step changed
    /// (`holdings::HOLDING_COLUMNS`).
    pub held: Vec<(usize, Cells)>,
    /// The clock after the step (later than its start for an `advance`).
    pub clock: SimTime,
}

/// The recorder the runner's observer feeds.
#[derive(Default)]
pub struct Recorder {
    pub steps: Vec<StepFrame>,
    last: Vec<Option<ClusterFrame>>,
    last_accounts: Vec<Vec<String>>,
    last_rows: Vec<Vec<String>>,
    last_held: Vec<Vec<String>>,
}

/// The rows of `now` whose cells differ from `last`, which is brought up
/// to date, with only their changed cells ([`Cells`]); a row's first
/// record has every cell. Only a changed cell costs room in the page:
/// costs that grow by less than a cent between steps don't.
fn changed_cells(last: &mut Vec<Vec<String>>, now: Vec<Vec<String>>) -> Vec<(usize, Cells)> {
    if last.len() < now.len() {
        last.resize(now.len(), Vec::new());
    }
    let mut changed = Vec::new();
    for (i, cells) in now.into_iter().enumerate() {
        if last[i] != cells {
            let first = last[i].len() != cells.len();
            let delta = cells
                .iter()
                .enumerate()
                .map(|(k, cell)| (first || last[i][k] != *cell).then(|| cell.clone()))
                .collect();
            last[i] = cells;
            changed.push((i, delta));
        }
    }
    changed
}

impl Recorder {
    /// Records the clusters whose picture the step changed.
    pub fn observe(&mut self, record: &StepRecord, m: Moment<'_>, policy: BillingPolicy) {
        let now = snapshot(m.cloud, m.meter, m.names);
        let cloud: &Cloud = m.cloud;
        // A delete changes what the rest of its family inherits.
        let deleted: BTreeSet<Option<String>> = now
            .clusters
            .iter()
            .enumerate()
            .filter(|(i, row)| {
                row.status == ClusterStatus::Deleted
                    && self
                        .last
                        .get(*i)
                        .and_then(Option::as_ref)
                        .is_some_and(|f| f.status != ClusterStatus::Deleted)
            })
            .map(|(_, row)| row.clone_group_id.clone())
            .collect();
        let mut changed = Vec::new();
        let mut cache = ExplainCache::default();
        for (i, row) in now.clusters.iter().enumerate() {
            let last = self.last.get(i).and_then(Option::as_ref);
            let moved = last.is_none_or(|f| {
                f.status != row.status
                    || f.owned != row.owned_pages
                    || f.logical != row.logical_pages
                    || f.exclusive != row.exclusive_pages
            }) || (row.clone_group_id.is_some()
                && deleted.contains(&row.clone_group_id));
            if !moved {
                continue;
            }
            let family = now
                .clusters
                .iter()
                .filter(|r| {
                    r.status.billed()
                        && r.clone_group_id.is_some()
                        && r.clone_group_id == row.clone_group_id
                })
                .count();
            let id = cloud.clusters()[i].id();
            let detailed = family <= DETAILED_FAMILY;
            let groups = match (row.status.billed(), detailed) {
                (false, _) => None,
                (true, true) => cloud.explain_with(id, &mut cache),
                (true, false) => cloud.origins(id),
            };
            let frame = frame(cloud, i, row, policy, &groups.unwrap_or_default(), detailed);
            if last != Some(&frame) {
                changed.push(frame.clone());
                if self.last.len() <= i {
                    self.last.resize(i + 1, None);
                }
                self.last[i] = Some(frame);
            }
        }
        let accounts = changed_cells(
            &mut self.last_accounts,
            now.accounts
                .iter()
                .map(|a| cells(&ACCOUNT_COLUMNS, a))
                .collect(),
        );
        let rows = changed_cells(
            &mut self.last_rows,
            now.clusters
                .iter()
                .map(|c| cells(&CLUSTER_COLUMNS, c))
                .collect(),
        );
        let backup_usd: Vec<f64> = now.clusters.iter().map(|c| c.backup_cost_usd).collect();
        let held = changed_cells(
            &mut self.last_held,
            holdings(cloud, m.meter, &backup_usd)
                .iter()
                .map(|h| cells(&HOLDING_COLUMNS, h))
                .collect(),
        );
        self.steps.push(StepFrame {
            index: record.index,
            changed,
            accounts,
            rows,
            held,
            clock: cloud.now(),
        });
    }

    /// The holdings table's cells as the last step left them, by cluster.
    pub fn held(&self) -> &[Vec<String>] {
        &self.last_held
    }
}

/// A cluster's picture from its row and its engine groups: those of
/// [`Cloud::explain_with`] when `detailed`, else of [`Cloud::origins`]
/// (no one's share known, so no explain table).
pub fn frame(
    cloud: &Cloud,
    index: usize,
    row: &ClusterRow,
    policy: BillingPolicy,
    groups: &[(ClusterId, VersionGroup)],
    detailed: bool,
) -> ClusterFrame {
    let id = cloud.clusters()[index].id();
    let listed = if detailed {
        listed(cloud, id, groups, policy)
    } else {
        Vec::new()
    };
    let inherits = if detailed {
        listed.iter().any(|g| !g.writer_alive && g.share > 0.0)
    } else {
        // Without who else sees them, a cluster inherits when it owns more
        // than it wrote and sees a deleted writer's versions.
        let own: u64 = groups
            .iter()
            .filter(|(w, _)| *w == id)
            .map(|(_, g)| g.pages)
            .sum();
        row.owned_pages > own as f64 && groups.iter().any(|(_, g)| !g.writer_alive)
    };
    let map = page_map(id, groups, cloud.cluster_extent(id));
    let explain = merged(listed)
        .into_iter()
        .map(|g| {
            (
                g.origin,
                g.writer,
                g.pages,
                g.viewers,
                g.payer,
                g.share,
                g.owned_pages,
            )
        })
        .collect();
    let paying = if !row.status.billed() {
        Paying::NotBilled
    } else if inherits {
        Paying::Inherits
    } else if row.owned_pages > 0.0 {
        Paying::Own
    } else {
        Paying::Nothing
    };
    ClusterFrame {
        c: index,
        status: row.status,
        paying,
        logical: row.logical_pages,
        exclusive: row.exclusive_pages,
        owned: row.owned_pages,
        billed_gib: row.billed_bytes / GIB as f64,
        map: map.majority,
        own: map.own,
        live: map.live,
        dead: map.dead,
        counts: map.counts,
        explain,
    }
}

/// A cluster's page map, coded.
struct PageMap {
    majority: String,
    own: String,
    live: String,
    dead: String,
    counts: [u64; 3],
}

/// Run-length codes of one letter per bucket: `o12l148`.
fn run_length(letters: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut run: Option<(char, u32)> = None;
    for ch in letters {
        run = match run {
            Some((prev, n)) if prev == ch => Some((prev, n + 1)),
            Some((prev, n)) => {
                let _ = write!(out, "{prev}{n}");
                Some((ch, 1))
            }
            None => Some((ch, 1)),
        };
    }
    if let Some((prev, n)) = run {
        let _ = write!(out, "{prev}{n}");
    }
    out
}

/// The page map of the versions a cluster sees, in [`MAP_BUCKETS`]
/// buckets over its extent: the origin of most pages of each bucket, and
/// the buckets that hold any of its own writes.
fn page_map(id: ClusterId, groups: &[(ClusterId, VersionGroup)], extent: u64) -> PageMap {
    let mut totals = [0u64; 3];
    if extent == 0 {
        return PageMap {
            majority: String::new(),
            own: String::new(),
            live: String::new(),
            dead: String::new(),
            counts: totals,
        };
    }
    // Pages per bucket of each origin: own, live writer, deleted writer;
    // and whether the bucket holds any of each, however few.
    let mut counts = vec![[0u64; 3]; MAP_BUCKETS as usize];
    let mut any = vec![[false; 3]; MAP_BUCKETS as usize];
    for (writer, g) in groups.iter().filter(|(_, g)| g.seen) {
        let class = if *writer == id {
            0
        } else if g.writer_alive {
            1
        } else {
            2
        };
        totals[class] += g.pages;
        let mut add = |a: u64, b: u64, pages: u64| {
            // `pages` pages spread evenly over [a, b).
            let mut at = a;
            while at < b {
                let bucket = at * MAP_BUCKETS / extent;
                let bucket_end = ((bucket + 1) * extent).div_ceil(MAP_BUCKETS).max(at + 1);
                let upto = b.min(bucket_end);
                let share = (upto - at) * pages / (b - a);
                counts[bucket as usize][class] += share;
                if share > 0 {
                    any[bucket as usize][class] = true;
                }
                at = upto;
            }
        };
        for r in &g.ranges {
            add(r.start, r.end, r.end - r.start);
        }
        // A group whose runs were cut short: the rest of its pages lie
        // after its last run listed.
        let listed: u64 = g.ranges.iter().map(|r| r.end - r.start).sum();
        let from = g.ranges.last().map_or(0, |r| r.end);
        if g.pages > listed && from < extent {
            add(from, extent, g.pages - listed);
        }
    }
    // Each bucket's majority origin, if it holds any page.
    let top: Vec<Option<usize>> = counts
        .iter()
        .map(
            |c| match c.iter().enumerate().max_by_key(|(i, n)| (**n, 3 - i)) {
                Some((_, 0)) | None => None,
                Some((k, _)) => Some(k),
            },
        )
        .collect();
    let majority = run_length(top.iter().map(|k| match k {
        None => '-',
        Some(0) => 'o',
        Some(1) => 'l',
        Some(_) => 'd',
    }));
    // The strip of buckets holding any of origin `k`, marked `letter`.
    let strip =
        |k: usize, letter: char| run_length(any.iter().map(|a| if a[k] { letter } else { '-' }));
    // An inherited origin gets its strip when the bar hides it somewhere.
    let hidden = |k: usize| any.iter().zip(&top).any(|(a, t)| a[k] && *t != Some(k));
    let own = if totals[0] == 0 {
        String::new()
    } else {
        strip(0, 'o')
    };
    let live = if hidden(1) {
        strip(1, 'l')
    } else {
        String::new()
    };
    let dead = if hidden(2) {
        strip(2, 'd')
    } else {
        String::new()
    };
    PageMap {
        majority,
        own,
        live,
        dead,
        counts: totals,
    }
}
