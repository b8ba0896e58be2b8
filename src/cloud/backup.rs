//! Backup storage per cluster, as CloudWatch measures it
//! (docs/aws-behaviour.md, "Continuous backup"; docs/model.md, "Money and
//! metering"):
//!
//! - `BackupRetentionPeriodStorageUsed`: what restoring to any time in the
//!   window needs: the cluster's volume (`VolumeBytesUsed`) and every
//!   version of its own its writes superseded that the window keeps;
//! - `SnapshotStorageUsed`: what its snapshots taken before the window
//!   keep (a snapshot inside the window costs nothing: the continuous
//!   backup holds the same);
//! - `TotalBackupStorageBilled`: the two, less the free amount, which is
//!   `VolumeBytesUsed`; a retention of one day bills no continuous backup.
//!
//! A snapshot is its cluster's (a copy: its original's) while that
//! cluster is billed and in the same account; one no cluster answers for
//! (its cluster deleted, or a copy in another account) is billed to its
//! account in full.

use std::collections::BTreeMap;

use super::usage::Usage;
use super::{AccountId, Cloud, ClusterId};
use crate::engine::BillingPolicy;
use crate::time::SimTime;

/// One cluster's backup figures at one instant, in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ClusterBackup {
    /// `VolumeBytesUsed`: its billed share of the volume, the free amount.
    pub volume_bytes_used: f64,
    pub retention_period_storage_used: f64,
    pub snapshot_storage_used: f64,
    pub total_backup_storage_billed: f64,
}

/// Every billed cluster's backup, and the backup of snapshots no cluster
/// answers for, per account.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backup {
    pub clusters: BTreeMap<ClusterId, ClusterBackup>,
    pub unattached: BTreeMap<AccountId, f64>,
    /// The next instant a snapshot leaves its cluster's window: the
    /// figures may change then though nothing else does.
    pub next_change: Option<SimTime>,
}

impl Cloud {
    /// The backup of every billed cluster now, from `usage`, with
    /// `VolumeBytesUsed` under `policy`.
    pub fn backup(&self, usage: &Usage, policy: BillingPolicy) -> Backup {
        let mut backup = Backup::default();
        for c in self.clusters.iter().filter(|c| c.status.billed()) {
            let Some(u) = usage.cluster(c.id) else {
                continue;
            };
            let volume = u.billed_bytes(policy);
            backup.clusters.insert(
                c.id,
                ClusterBackup {
                    volume_bytes_used: volume,
                    retention_period_storage_used: volume + u.retained_bytes(),
                    snapshot_storage_used: 0.0,
                    total_backup_storage_billed: if c.backup_retention.is_free() {
                        0.0
                    } else {
                        u.retained_bytes()
                    },
                },
            );
        }
        for &(s, bytes) in &usage.snapshot_bytes {
            let snapshot = &self.snapshots[s.index()];
            let cluster = &self.clusters[snapshot.cluster.index()];
            let answering = snapshot.account == cluster.account;
            match backup.clusters.get_mut(&cluster.id).filter(|_| answering) {
                Some(b) => {
                    let leaves = snapshot.created_at.plus(cluster.backup_retention.seconds());
                    if leaves < self.now {
                        b.snapshot_storage_used += bytes;
                        b.total_backup_storage_billed += bytes;
                    } else {
                        backup.next_change =
                            Some(backup.next_change.map_or(leaves, |t| t.min(leaves)));
                    }
                }
                None => *backup.unattached.entry(snapshot.account).or_default() += bytes,
            }
        }
        backup
    }
}
