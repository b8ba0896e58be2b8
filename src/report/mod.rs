//! The report of a run: plain data (serde), serialized as JSON with the
//! field names of docs/report-format.md. The other views of it (text,
//! HTML, CSV, FOCUS, the clone tree, explain) are in `render/`.

pub mod checked;
pub mod explain;
pub mod field;
pub mod tree;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::billing::Meter;
use crate::billing::meter::Point;
use crate::billing::metrics::MetricPoint;
use crate::cloud::ops::sim::WriteResult;
use crate::cloud::ops::{OpName, Response};
use crate::cloud::rds::{ClusterStatus, DbEngine, InstanceStatus, StorageType};
use crate::cloud::usage::ClusterUsage;
use crate::cloud::{AccountId, Cloud, ClusterId};
use crate::engine::BillingPolicy;
use crate::stats::{Quantiles, histogram, record};
use crate::time::SimTime;
use checked::Checked;
use field::report_row;

/// A failed call's error.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ErrorRecord {
    pub code: String,
    pub message: String,
}

/// One step of the log.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepRecord {
    pub index: usize,
    pub op: OpName,
    pub account: AccountId,
    /// Whether the call succeeded (for `expect`: whether every check held).
    pub ok: bool,
    pub error: Option<ErrorRecord>,
    pub at: SimTime,
    /// What the call returned; `None` when it failed.
    #[serde(serialize_with = "sorted")]
    pub result: Option<StepResult>,
    /// Whether the step went as the scenario said it would.
    pub as_expected: bool,
    /// Why not, when it didn't.
    pub surprise: Option<String>,
    pub note: Option<String>,
    /// The simulator's own wall time for the step, in microseconds (not
    /// simulated time; varies run to run).
    pub wall_us: u64,
}

/// What a step returned.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum StepResult {
    /// An AWS call's response.
    Aws(Response),
    Write(WriteResult),
    Workload(WorkloadStarted),
    Advance(Clock),
    Expect(ExpectOutcome),
}

/// `workload`: what was started.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkloadStarted {
    /// The cluster it writes to.
    pub workload: String,
    /// When it stops; `None`: never.
    pub until: Option<SimTime>,
    /// Its rate, after the forecast's draw if any.
    pub pages_per_hour: f64,
}

/// `advance`: the clock after it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Clock {
    pub clock: SimTime,
}

/// `expect`: each check, and the sentences of those that failed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExpectOutcome {
    pub failed: Vec<String>,
    pub checked: Vec<Checked>,
}

/// Serializes a step's result through a JSON value, whose objects keep
/// their keys in order: the report reads the same whatever order the
/// response types declare their fields in.
fn sorted<S: serde::Serializer>(result: &Option<StepResult>, s: S) -> Result<S::Ok, S::Error> {
    serde_json::to_value(result)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

report_row! {
    /// One cluster's row.
    #[derive(Clone, Debug, PartialEq, Serialize)]
    pub struct ClusterRow {
        pub arn: String,
        pub identifier: String,
        pub account: AccountId,
        pub status: ClusterStatus,
        pub engine: DbEngine,
        pub page_size: u64,
        pub storage_type: StorageType,
        pub clone_group_id: Option<String>,
        pub cross_account_clone: bool,
        pub source_arn: Option<String>,
        pub logical_pages: u64,
        pub exclusive_pages: u64,
        pub shared_pages: u64,
        pub owned_pages: f64,
        pub billed_bytes: f64,
        pub storage_cost_usd: f64,
        pub io_cost_usd: f64,
        /// Its backup storage beyond its free amount (docs/model.md).
        pub backup_cost_usd: f64,
        /// Days of continuous backup.
        pub backup_retention_period: u64,
        /// What its storage would have cost as a full copy (snapshot restore)
        /// of everything it sees, over the same hours.
        pub full_copy_storage_cost_usd: f64,
        /// Its DB instances' cost to date (docs/report-format.md).
        pub instance_cost_usd: f64,
        /// Their billable hours to date, all classes together.
        pub instance_hours: f64,
        /// The ACU-hours of its `db.serverless` instances.
        pub acu_hours: f64,
        pub write_io_requests: u64,
        pub created_at: SimTime,
        pub available_at: Option<SimTime>,
        pub seconds_to_available: Option<i64>,
        pub queryable_at: Option<SimTime>,
        pub seconds_to_queryable: Option<i64>,
    }
}

report_row! {
    /// One account's row.
    #[derive(Clone, Debug, PartialEq, Serialize)]
    pub struct AccountRow {
        pub id: AccountId,
        pub name: Option<String>,
        pub billed_bytes: f64,
        pub storage_cost_usd: f64,
        pub io_cost_usd: f64,
        pub backup_cost_usd: f64,
        pub instance_cost_usd: f64,
        pub total_cost_usd: f64,
        /// The total had every clone been a full copy.
        pub full_copy_total_cost_usd: f64,
    }
}

/// One family of clusters that share storage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FamilyRow {
    pub clone_group_id: Option<String>,
    pub clusters: Vec<String>,
    /// Page versions live clusters see: what the family stores.
    pub live_page_versions: u64,
    /// Pages the live clusters see, added up: what full copies would store.
    pub logical_pages: u64,
    /// Versions only snapshots keep (backup storage).
    pub snapshot_only_page_versions: u64,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub scenario: String,
    pub description: String,
    pub seed: u64,
    pub policy: BillingPolicy,
    pub ok: bool,
    pub start: SimTime,
    pub clock: SimTime,
    pub steps: Vec<StepRecord>,
    pub clusters: Vec<ClusterRow>,
    pub accounts: Vec<AccountRow>,
    pub families: Vec<FamilyRow>,
    /// Each account's cumulative cost at every whole simulated day.
    pub series: Vec<Point>,
    /// Each billed cluster's cumulative cost at every whole simulated day.
    pub cluster_series: Vec<ClusterPoint>,
    /// How long a point of `metrics` lasts at least: `hour`, or `day` for
    /// runs of more than 31 days.
    pub metrics_period: &'static str,
    /// Each billed cluster's CloudWatch metrics, period by period.
    pub metrics: Vec<ClusterMetrics>,
    /// The simulator's own wall time per op, in microseconds: how long the
    /// simulator took, never simulated time (varies run to run).
    pub engine_wall_us: BTreeMap<String, Quantiles>,
}

/// Quantiles of the steps' wall times, per op.
pub fn wall_times(steps: &[StepRecord]) -> BTreeMap<String, Quantiles> {
    let mut by_op: BTreeMap<String, hdrhistogram::Histogram<u64>> = BTreeMap::new();
    for s in steps {
        record(
            by_op.entry(s.op.to_string()).or_insert_with(histogram),
            s.wall_us,
        );
    }
    by_op
        .iter()
        .map(|(op, h)| (op.clone(), Quantiles::of(h)))
        .collect()
}

/// A cluster's cumulative cost at one instant, named by ARN.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterPoint {
    pub at: SimTime,
    pub cluster: String,
    pub cost_usd: f64,
    pub billed_bytes: f64,
}

/// One cluster's CloudWatch metrics (`AWS/RDS`, by `DBClusterIdentifier`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterMetrics {
    pub cluster: String,
    #[serde(rename = "DBClusterIdentifier")]
    pub identifier: String,
    pub points: Vec<MetricPoint>,
}

/// Every cluster's metrics, in the order of the clusters.
pub fn metrics(cloud: &Cloud, meter: &Meter) -> Vec<ClusterMetrics> {
    meter
        .metrics
        .series()
        .into_iter()
        .map(|(id, points)| ClusterMetrics {
            cluster: cloud.cluster_arn(id),
            identifier: cloud.cluster(id).identifier().to_string(),
            points,
        })
        .collect()
}

/// The state of clusters, accounts and families now.
pub struct Snapshot {
    pub clusters: Vec<ClusterRow>,
    pub accounts: Vec<AccountRow>,
    pub families: Vec<FamilyRow>,
}

/// Builds the rows from the control plane and the meter.
pub fn snapshot(cloud: &Cloud, meter: &Meter, names: &[(AccountId, Option<String>)]) -> Snapshot {
    let usage = cloud.usage();
    let clusters: Vec<ClusterRow> = cloud
        .clusters()
        .iter()
        .map(|c| cluster_row(cloud, meter, usage.cluster(c.id()), c.id()))
        .collect();
    let accounts = names
        .iter()
        .map(|(id, name)| {
            let charges = meter.account(*id);
            AccountRow {
                id: *id,
                name: name.clone(),
                billed_bytes: clusters
                    .iter()
                    .filter(|c| c.account == *id && c.status.billed())
                    .fold(0.0, |sum, c| sum + c.billed_bytes),
                storage_cost_usd: charges.storage_usd,
                io_cost_usd: charges.io_usd,
                backup_cost_usd: charges.backup_usd,
                instance_cost_usd: charges.instance_usd,
                total_cost_usd: charges.total(),
                full_copy_total_cost_usd: charges.total() - charges.storage_usd
                    + clusters
                        .iter()
                        .filter(|c| c.account == *id)
                        .map(|c| c.full_copy_storage_cost_usd)
                        .sum::<f64>(),
            }
        })
        .collect();
    let families = cloud
        .families(&usage)
        .iter()
        .map(|f| FamilyRow {
            clone_group_id: f.clone_group_id.clone(),
            clusters: f.clusters.iter().map(|&c| cloud.cluster_arn(c)).collect(),
            live_page_versions: f.live_page_versions,
            logical_pages: f.logical_pages,
            snapshot_only_page_versions: f.snapshot_only_page_versions,
        })
        .collect();
    Snapshot {
        clusters,
        accounts,
        families,
    }
}

/// A cluster's row, from its usage now (`None` once deleted).
fn cluster_row(
    cloud: &Cloud,
    meter: &Meter,
    usage: Option<&ClusterUsage>,
    id: ClusterId,
) -> ClusterRow {
    let c = cloud.cluster(id);

    let charges = meter.cluster(id);
    let queryable_at = cloud
        .instances()
        .iter()
        .filter(|i| i.cluster == id && i.status != InstanceStatus::Creating)
        .filter_map(|i| i.available_at)
        .min();
    ClusterRow {
        arn: cloud.cluster_arn(id),
        identifier: c.identifier().to_string(),
        account: c.account(),
        status: c.status(),
        engine: c.engine(),
        page_size: c.engine().page_size().bytes(),
        storage_type: c.storage_type(),
        clone_group_id: c.clone_group_id().map(str::to_string),
        cross_account_clone: c.cross_account_clone(),
        source_arn: c.source().map(|s| cloud.cluster_arn(s)),
        logical_pages: usage.map_or(0, ClusterUsage::logical_pages),
        exclusive_pages: usage.map_or(0, ClusterUsage::exclusive_pages),
        shared_pages: usage.map_or(0, |u| u.logical_pages() - u.exclusive_pages()),
        owned_pages: usage.map_or(0.0, |u| u.owned_pages(meter.policy)),
        billed_bytes: usage.map_or(0.0, |u| u.billed_bytes(meter.policy)),
        storage_cost_usd: charges.storage_usd,
        io_cost_usd: charges.io_usd,
        backup_cost_usd: charges.backup_usd,
        backup_retention_period: u64::from(c.backup_retention().days()),
        full_copy_storage_cost_usd: charges.full_copy_storage_usd,
        instance_cost_usd: charges.instance_usd,
        instance_hours: charges.instance_hours,
        acu_hours: charges.acu_hours,
        write_io_requests: c.io_requests(),
        created_at: c.created_at(),
        available_at: c.available_at(),
        seconds_to_available: c.available_at().map(|t| t.since(c.created_at())),
        queryable_at,
        seconds_to_queryable: queryable_at.map(|t| t.since(c.created_at())),
    }
}
