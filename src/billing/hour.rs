//! One metered hour's charges, worked out before any is added, so that an
//! hour in which nothing changed can add the previous hour's figures again
//! instead of accounting for the whole cloud afresh.
//!
//! The meter adds a plan's charges the same way whether it was just
//! worked out or kept from the hour before: the same figures, into the same
//! totals, in the same order, so a report is the same to the last bit
//! either way. A plan is kept while the engine's revisions (of what volumes
//! hold and of what their histories keep), the accounts and, per cluster,
//! whether it is billed, its storage type, its retention and its write I/O
//! count are what they were, and no snapshot has left its cluster's
//! window: nothing else the meter reads can change.

use std::collections::BTreeMap;

use super::pricing::{HOURS_PER_MONTH, Pricing};
use crate::cloud::backup::ClusterBackup;
use crate::cloud::rds::{Cluster, StorageType};
use crate::cloud::{AccountId, Cloud, ClusterId, RetentionPeriod};
use crate::engine::{BillingPolicy, GIB};
use crate::time::SimTime;

/// One billed cluster's charges for one hour.
#[derive(Clone, Debug)]
pub(super) struct ClusterHour {
    pub cluster: ClusterId,
    pub account: AccountId,
    pub storage_type: StorageType,
    pub bytes: f64,
    pub storage_usd: f64,
    pub gb_months: f64,
    /// Write I/Os since the last hour, and what they cost.
    pub ios: u64,
    pub io_usd: f64,
    pub full_copy_storage_usd: f64,
    /// Its backup figures, and what `TotalBackupStorageBilled` costs.
    pub backup: ClusterBackup,
    pub backup_usd: f64,
    pub backup_gb_months: f64,
}

/// The backup charge, for one hour, of an account's snapshots that no
/// cluster answers for.
#[derive(Clone, Copy, Debug)]
pub(super) struct BackupHour {
    pub account: AccountId,
    pub usd: f64,
    pub gb_months: f64,
}

/// What the plan was worked out from, per cluster: whether it is billed,
/// its storage type, its retention and its write I/Os to date.
type ClusterKey = (bool, StorageType, RetentionPeriod, u64);

/// The charges of one hour, and what they depend on.
#[derive(Clone, Debug)]
pub(super) struct HourPlan {
    engine_revision: u64,
    history_revision: u64,
    /// When a snapshot next leaves its cluster's window.
    next_change: Option<SimTime>,
    accounts: usize,
    keys: Vec<ClusterKey>,
    pub clusters: Vec<ClusterHour>,
    pub backups: Vec<BackupHour>,
    /// Bytes billed to each account this hour (for the daily series).
    pub billed_by_account: BTreeMap<AccountId, f64>,
}

impl HourPlan {
    /// Works out the hour's charges from a fresh accounting of `cloud`;
    /// `io_charged` is each cluster's write I/Os already charged.
    pub fn work_out(
        cloud: &Cloud,
        policy: BillingPolicy,
        pricing: &Pricing,
        io_charged: impl Fn(ClusterId) -> u64,
        verify: bool,
    ) -> HourPlan {
        let usage = cloud.usage();
        if verify && let Some(broken) = usage.conservation_error() {
            panic!("conservation broken: {broken}");
        }
        let hour = 1.0 / HOURS_PER_MONTH;
        let backup = cloud.backup(&usage, policy);
        let mut clusters = Vec::new();
        let mut billed_by_account: BTreeMap<AccountId, f64> = BTreeMap::new();
        for c in cloud.clusters() {
            if !c.status().billed() {
                continue;
            }
            let Some(u) = usage.cluster(c.id()) else {
                continue;
            };
            let bytes = u.billed_bytes(policy);
            let price = match c.storage_type() {
                StorageType::Standard => pricing.storage_gb_month,
                StorageType::IoOptimized => pricing.iopt_storage_gb_month,
            };
            let ios = c.io_requests() - io_charged(c.id());
            let io_usd = match c.storage_type() {
                StorageType::Standard => ios as f64 * pricing.io_per_million / 1e6,
                StorageType::IoOptimized => 0.0,
            };
            let backup = backup.clusters.get(&c.id()).copied().unwrap_or_default();
            let backup_gib = backup.total_backup_storage_billed / GIB as f64;
            clusters.push(ClusterHour {
                cluster: c.id(),
                account: c.account(),
                storage_type: c.storage_type(),
                bytes,
                storage_usd: bytes / GIB as f64 * price * hour,
                gb_months: bytes / GIB as f64 * hour,
                ios,
                io_usd,
                full_copy_storage_usd: u.logical_bytes() / GIB as f64 * price * hour,
                backup,
                backup_usd: backup_gib * pricing.backup_gb_month * hour,
                backup_gb_months: backup_gib * hour,
            });
            *billed_by_account.entry(c.account()).or_default() += bytes;
        }
        let backups = backup
            .unattached
            .iter()
            .map(|(&account, &bytes)| BackupHour {
                account,
                usd: bytes / GIB as f64 * pricing.backup_gb_month * hour,
                gb_months: bytes / GIB as f64 * hour,
            })
            .collect();
        HourPlan {
            engine_revision: cloud.engine_revision(),
            history_revision: cloud.history_revision(),
            next_change: backup.next_change,
            accounts: cloud.accounts().count(),
            keys: cloud.clusters().iter().map(key).collect(),
            clusters,
            backups,
            billed_by_account,
        }
    }

    /// Whether this plan still gives `cloud`'s charges for the next hour
    /// once its I/Os are charged: nothing it was worked out from changed.
    pub fn holds(&self, cloud: &Cloud) -> bool {
        self.engine_revision == cloud.engine_revision()
            && self.history_revision == cloud.history_revision()
            && self.next_change.is_none_or(|t| cloud.now() <= t)
            && self.accounts == cloud.accounts().count()
            && self.keys.len() == cloud.clusters().len()
            && self
                .keys
                .iter()
                .zip(cloud.clusters())
                .all(|(k, c)| *k == key(c))
    }

    /// The plan of the hours after this one while nothing changes: the
    /// same storage, and no write I/Os.
    pub fn without_ios(mut self) -> HourPlan {
        for c in &mut self.clusters {
            c.ios = 0;
            c.io_usd = 0.0;
        }
        self
    }
}

fn key(c: &Cluster) -> ClusterKey {
    (
        c.status().billed(),
        c.storage_type(),
        c.backup_retention(),
        c.io_requests(),
    )
}
