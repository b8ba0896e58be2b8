//! A running cluster's life: `reboot-db-instance`, and
//! `failover-db-cluster`, which makes a reader the writer: the one named,
//! or the first by promotion tier, then by size (docs/aws-behaviour.md,
//! "Reboot and failover").

use super::ids::{ClusterId, InstanceId};
use super::ops::extras::SimExtras;
use super::ops::rds::{DbClusterResponse, DbInstanceResponse};
use super::ops::refs::ClusterRef;
use super::rds::{ClusterStatus, InstanceStatus};
use super::{AccountId, AwsError, Cloud, Pending};
use crate::time::Seconds;

/// How long an instance shows `rebooting` (Aurora restarts an instance's
/// database engine in about a minute).
pub const REBOOT_SECONDS: Seconds = 60;

/// How long a cluster shows `failing-over` (the failover guide: service
/// is "typically restored in less than 60 seconds, and often less than
/// 30 seconds").
pub const FAILOVER_SECONDS: Seconds = 30;

/// RDS's promotion tier of an instance given none.
const DEFAULT_TIER: u8 = 1;

impl Cloud {
    /// `reboot-db-instance`: `rebooting` for `REBOOT_SECONDS`, billed
    /// throughout, then `available`.
    pub fn reboot_db_instance(
        &mut self,
        caller: AccountId,
        identifier: &str,
    ) -> Result<DbInstanceResponse, AwsError> {
        let id = self.own_instance(caller, identifier)?;
        let instance = &self.instances[id.index()];
        if instance.status != InstanceStatus::Available {
            return Err(AwsError::InvalidDbInstanceState(format!(
                "DB instance {identifier} is {}: only an available DB instance can be rebooted",
                instance.status
            )));
        }
        self.instances[id.index()].status = InstanceStatus::Rebooting;
        let ready = self.schedule_in(REBOOT_SECONDS, Pending::InstanceRebooted(id));
        Ok(DbInstanceResponse {
            instance: Box::new(self.db_instance(id)),
            sim: SimExtras::available_at(Some(ready)),
        })
    }

    /// A reboot completes.
    pub(super) fn complete_reboot(&mut self, i: InstanceId) {
        let instance = &mut self.instances[i.index()];
        if instance.status == InstanceStatus::Rebooting {
            instance.status = InstanceStatus::Available;
        }
    }

    /// `failover-db-cluster`: the cluster must be available with an
    /// available reader; the target, when named, must be one of its
    /// available readers. The new writer takes over at once; the cluster
    /// shows `failing-over` for `FAILOVER_SECONDS`, billed throughout,
    /// then `available`.
    pub fn failover_db_cluster(
        &mut self,
        caller: AccountId,
        cluster: &ClusterRef,
        target: Option<&str>,
    ) -> Result<DbClusterResponse, AwsError> {
        let c = self.own_cluster(caller, cluster)?;
        let status = self.clusters[c.index()].status;
        if status != ClusterStatus::Available {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} is {status}: only an available cluster can fail over"
            )));
        }
        let promoted = match target {
            Some(name) => self.named_reader(c, name)?,
            None => self.next_writer(c).ok_or_else(|| {
                AwsError::InvalidDbClusterState(format!(
                    "DB cluster {cluster} has no available reader to fail over to"
                ))
            })?,
        };
        let record = &mut self.clusters[c.index()];
        record.instances.retain(|&i| i != promoted);
        record.instances.insert(0, promoted);
        record.status = ClusterStatus::FailingOver;
        let ready = self.schedule_in(FAILOVER_SECONDS, Pending::ClusterFailedOver(c));
        Ok(DbClusterResponse {
            cluster: self.db_cluster(c),
            sim: SimExtras::available_at(Some(ready)),
        })
    }

    /// A failover completes.
    pub(super) fn complete_failover(&mut self, c: ClusterId) {
        let cluster = &mut self.clusters[c.index()];
        if cluster.status == ClusterStatus::FailingOver {
            cluster.status = ClusterStatus::Available;
        }
    }

    /// The reader of cluster `c` named `name`, if it can be promoted.
    fn named_reader(&self, c: ClusterId, name: &str) -> Result<InstanceId, AwsError> {
        let members = &self.clusters[c.index()].instances;
        let Some(&i) = members
            .iter()
            .find(|&&i| self.instances[i.index()].identifier == name)
        else {
            return Err(AwsError::InvalidParameterValue(format!(
                "TargetDBInstanceIdentifier {name} is not a DB instance of DB cluster {}",
                self.clusters[c.index()].identifier
            )));
        };
        let instance = &self.instances[i.index()];
        if members.first() == Some(&i) || instance.status != InstanceStatus::Available {
            let why = if members.first() == Some(&i) {
                "already the writer".to_string()
            } else {
                instance.status.to_string()
            };
            return Err(AwsError::InvalidDbInstanceState(format!(
                "DB instance {name} is {why}: only an available reader can be promoted"
            )));
        }
        Ok(i)
    }

    /// The reader Aurora promotes: the lowest promotion tier, then the
    /// largest class (priced highest), then the first created.
    fn next_writer(&self, c: ClusterId) -> Option<InstanceId> {
        let cluster = &self.clusters[c.index()];
        let size = |i: InstanceId| {
            self.instances[i.index()]
                .class
                .list_price(cluster.engine)
                .unwrap_or(0.0)
        };
        cluster
            .instances
            .iter()
            .skip(1)
            .copied()
            .filter(|&i| self.instances[i.index()].status == InstanceStatus::Available)
            .min_by(|&a, &b| {
                let tier = |i: InstanceId| {
                    self.instances[i.index()]
                        .promotion_tier
                        .unwrap_or(DEFAULT_TIER)
                };
                tier(a)
                    .cmp(&tier(b))
                    .then(size(b).total_cmp(&size(a)))
                    .then(a.cmp(&b))
            })
    }
}
