//! "What the bill now holds" for each cluster at a moment, beside its
//! storage: its DB instances, when it was stopped, its backup over its
//! retention window as CloudWatch measured it, and the window a
//! point-in-time restore may ask for. The recorder keeps these cells
//! after every step, as it keeps the Clusters table's, so the page shows
//! them at the chosen step; what a cluster was made from (a restore's
//! source and the time it was restored to) never changes, and is written
//! once.

use crate::billing::Meter;
use crate::billing::metrics::Figures;
use crate::cloud::ops::{Request, Response};
use crate::cloud::rds::{InstanceStatus, Origin};
use crate::cloud::{Cloud, ClusterId};
use crate::engine::GIB;
use crate::render::text::{short_time, two_decimals};
use crate::report::{Report, StepResult};
use crate::scenario::Scenario;
use crate::scenario::steps::Action;
use crate::time::SimTime;

use super::tables::Column;

/// One cluster's holdings at a moment.
pub struct Holding {
    /// Its DB instances that aren't deleted: identifier, class, status.
    pub instances: Vec<String>,
    /// When it was stopped, to date: from, and until (`None`: still).
    pub stopped: Vec<(SimTime, Option<SimTime>)>,
    pub retention_days: u64,
    /// Its last metered figures, while it is billed.
    pub backup: Option<Figures>,
    pub backup_usd: f64,
    /// `EarliestRestorableTime`, while it can be restored from.
    /// `LatestRestorableTime` is the moment's clock: the page writes it
    /// from the step's, so that it costs no room per step.
    pub earliest_restorable: Option<SimTime>,
}

/// Every cluster's holdings now, in the order of the clusters; `backup_usd`
/// is each one's backup cost to date, in that order.
pub fn holdings(cloud: &Cloud, meter: &Meter, backup_usd: &[f64]) -> Vec<Holding> {
    let mut all: Vec<Holding> = cloud
        .clusters()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let billed = c.status().billed();
            Holding {
                instances: Vec::new(),
                stopped: Vec::new(),
                retention_days: u64::from(c.backup_retention().days()),
                backup: meter.metrics.latest(c.id()).filter(|_| billed),
                backup_usd: backup_usd.get(i).copied().unwrap_or_default(),
                earliest_restorable: cloud
                    .restorable_window(c.id())
                    .filter(|_| billed)
                    .map(|w| w.0),
            }
        })
        .collect();
    for i in cloud
        .instances()
        .iter()
        .filter(|i| i.status != InstanceStatus::Deleted)
    {
        if let Some(h) = all.get_mut(i.cluster.index()) {
            h.instances
                .push(format!("{} {} {}", i.identifier, i.class, i.status));
        }
    }
    for p in cloud.stopped_periods() {
        if let Some(h) = all.get_mut(p.cluster.index()) {
            h.stopped.push((p.from, p.until));
        }
    }
    all
}

/// GiB of a metered figure, while there is one.
fn gib(b: Option<Figures>, of: fn(&Figures) -> f64) -> String {
    b.map(|f| two_decimals(of(&f) / GIB as f64))
        .unwrap_or_default()
}

/// The holdings table's figures, after the cluster's name and what it
/// was made from.
pub const HOLDING_COLUMNS: [Column<Holding>; 9] = [
    Column {
        header: "DB instances",
        class: "instances",
        cell: |h| h.instances.join(", "),
    },
    Column {
        header: "stopped",
        class: "stopped",
        cell: |h| {
            h.stopped
                .iter()
                .map(|(from, until)| match until {
                    Some(until) => format!("{} to {}", short_time(*from), short_time(*until)),
                    None => format!("since {}", short_time(*from)),
                })
                .collect::<Vec<_>>()
                .join("; ")
        },
    },
    Column {
        header: "retention days",
        class: "retention",
        cell: |h| h.retention_days.to_string(),
    },
    Column {
        header: "retention storage GiB",
        class: "retention-storage",
        cell: |h| gib(h.backup, |f| f.backup_retention_period_storage_used),
    },
    Column {
        header: "snapshot storage GiB",
        class: "snapshot-storage",
        cell: |h| gib(h.backup, |f| f.snapshot_storage_used),
    },
    Column {
        header: "backup billed GiB",
        class: "backup-billed",
        cell: |h| gib(h.backup, |f| f.total_backup_storage_billed),
    },
    Column {
        header: "backup USD",
        class: "backup",
        cell: |h| two_decimals(h.backup_usd),
    },
    Column {
        header: "restorable from",
        class: "earliest",
        cell: |h| h.earliest_restorable.map(short_time).unwrap_or_default(),
    },
    Column {
        header: "restorable to",
        class: "latest",
        cell: |_| String::new(),
    },
];

/// What each cluster was made from, in the order of the clusters: a
/// clone's source, a restore's source and the time it read the source's
/// history at (`restore-to-time`, or the latest restorable time: the
/// moment of the restore), or the snapshot it was restored from.
pub fn made_from(scenario: &Scenario, report: &Report, cloud: &Cloud) -> Vec<String> {
    // The time each restore to a point in time read, by the new cluster's
    // ARN.
    let mut restored_to: Vec<(&str, SimTime, bool)> = Vec::new();
    for (step, record) in scenario.steps.iter().zip(&report.steps) {
        if let (
            Action::Aws(Request::RestoreDbClusterToPointInTime(req)),
            Some(StepResult::Aws(Response::RestoreDbClusterToPointInTime(r))),
        ) = (&step.action, &record.result)
        {
            let chosen = req.restore_to_time.is_some();
            restored_to.push((
                r.cluster.arn.as_str(),
                req.restore_to_time.unwrap_or(record.at),
                chosen,
            ));
        }
    }
    cloud
        .clusters()
        .iter()
        .map(|c| {
            let arn = cloud.cluster_arn(c.id());
            let name = |id: ClusterId| cloud.cluster(id).identifier().to_string();
            let at = restored_to.iter().find(|r| r.0 == arn);
            match (c.source(), c.restored_from(), at) {
                // A clone reads its source as it stands when it is made
                // (the step log says when).
                (Some(s), _, Some(_)) if c.origin() == Origin::CopyOnWrite => {
                    format!("clone of {}", name(s))
                }
                (Some(s), _, Some(&(_, t, chosen))) => {
                    let which = if chosen { "restore-to-time" } else { "latest" };
                    format!("restored from {} at {} ({which})", name(s), short_time(t))
                }
                (Some(s), _, None) => format!("copy of {}", name(s)),
                (None, Some(snap), _) => {
                    let snapshot = &cloud.cluster_snapshots()[snap.index()];
                    format!(
                        "snapshot {} of {}",
                        snapshot.identifier,
                        name(snapshot.cluster)
                    )
                }
                (None, None, _) => String::new(),
            }
        })
        .collect()
}
