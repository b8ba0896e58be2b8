//! What a forecast keeps of each run: the figures its summary reads, and
//! the run's first surprise. A sharded forecast writes these to its part
//! file and the merge reads them back, so they round-trip through JSON
//! exactly (serde_json's `float_roundtrip`).

use serde::{Deserialize, Serialize};

use crate::cloud::AccountId;
use crate::report::Report;
use crate::time::SimTime;

/// One run's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunFigures {
    pub start: SimTime,
    pub clock: SimTime,
    pub ok: bool,
    pub accounts: Vec<AccountFigures>,
    pub clusters: Vec<ClusterFigures>,
    /// Each account's cumulative cost at every whole day.
    pub series: Vec<SeriesPoint>,
}

/// An account's totals at the end of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountFigures {
    pub id: AccountId,
    pub total_cost_usd: f64,
    pub billed_bytes: f64,
    pub full_copy_total_cost_usd: f64,
    pub storage_cost_usd: f64,
    pub io_cost_usd: f64,
    pub backup_cost_usd: f64,
    pub instance_cost_usd: f64,
}

/// A cluster's totals at the end of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterFigures {
    pub arn: String,
    pub created_at: SimTime,
    pub storage_cost_usd: f64,
    pub io_cost_usd: f64,
    pub backup_cost_usd: f64,
    pub billed_bytes: f64,
    pub full_copy_storage_cost_usd: f64,
    pub instance_cost_usd: f64,
}

/// An account's cumulative cost at one whole day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SeriesPoint {
    pub at: SimTime,
    pub account: AccountId,
    pub total_cost_usd: f64,
}

impl ClusterFigures {
    /// Its whole bill: storage, I/O, backup and DB instances.
    pub fn total_cost_usd(&self) -> f64 {
        self.storage_cost_usd + self.io_cost_usd + self.backup_cost_usd + self.instance_cost_usd
    }

    /// Its whole bill had it been a full copy (a snapshot restore): its
    /// storage billed for every page it sees, over the same hours; I/O,
    /// backup and instances as they were.
    pub fn full_copy_total_cost_usd(&self) -> f64 {
        self.total_cost_usd() - self.storage_cost_usd + self.full_copy_storage_cost_usd
    }
}

impl AccountFigures {
    /// What the account's storage would have cost had every clone been a
    /// full copy: the what-if total less the parts it leaves alone.
    pub fn full_copy_storage_cost_usd(&self) -> f64 {
        self.full_copy_total_cost_usd - (self.total_cost_usd - self.storage_cost_usd)
    }
}

impl RunFigures {
    /// The figures of a run's report.
    pub fn of(r: &Report) -> RunFigures {
        RunFigures {
            start: r.start,
            clock: r.clock,
            ok: r.ok,
            accounts: r
                .accounts
                .iter()
                .map(|a| AccountFigures {
                    id: a.id,
                    total_cost_usd: a.total_cost_usd,
                    billed_bytes: a.billed_bytes,
                    full_copy_total_cost_usd: a.full_copy_total_cost_usd,
                    storage_cost_usd: a.storage_cost_usd,
                    io_cost_usd: a.io_cost_usd,
                    backup_cost_usd: a.backup_cost_usd,
                    instance_cost_usd: a.instance_cost_usd,
                })
                .collect(),
            clusters: r
                .clusters
                .iter()
                .map(|c| ClusterFigures {
                    arn: c.arn.clone(),
                    created_at: c.created_at,
                    storage_cost_usd: c.storage_cost_usd,
                    io_cost_usd: c.io_cost_usd,
                    backup_cost_usd: c.backup_cost_usd,
                    billed_bytes: c.billed_bytes,
                    full_copy_storage_cost_usd: c.full_copy_storage_cost_usd,
                    instance_cost_usd: c.instance_cost_usd,
                })
                .collect(),
            series: r
                .series
                .iter()
                .map(|p| SeriesPoint {
                    at: p.at,
                    account: p.account,
                    total_cost_usd: p.total_cost_usd,
                })
                .collect(),
        }
    }
}
