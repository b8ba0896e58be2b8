//! `stop-db-cluster` and `start-db-cluster` (docs/aws-behaviour.md,
//! "Stopped clusters"): only an available cluster stops, and only a
//! stopped one starts. A stopped cluster keeps its storage (and pays for
//! it, and for its backups) but not its instances, which stop with it;
//! AWS starts it again by itself after seven days.

use super::ids::ClusterId;
use super::ops::extras::SimExtras;
use super::ops::rds::DbClusterResponse;
use super::ops::refs::ClusterRef;
use super::rds::{ClusterStatus, EngineMode, InstanceStatus, STOPPED_AT_MOST, StoppedPeriod};
use super::{AccountId, AwsError, Cloud, Pending};
use crate::latency::LongOp;
use crate::time::SimTime;

impl Cloud {
    /// `stop-db-cluster`: the cluster and its instances are `stopping`
    /// for `stop-seconds`, then `stopped`; the instances' billing ends at
    /// once.
    pub fn stop_db_cluster(
        &mut self,
        caller: AccountId,
        cluster: &ClusterRef,
    ) -> Result<DbClusterResponse, AwsError> {
        let c = self.own_cluster(caller, cluster)?;
        let record = &self.clusters[c.index()];
        if record.status != ClusterStatus::Available {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} is {}: only an available cluster can be stopped",
                record.status
            )));
        }
        if record.engine_mode == EngineMode::Serverless {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} is Aurora Serverless v1, which can't be stopped"
            )));
        }
        if let Some(busy) = record
            .instances
            .iter()
            .map(|&i| &self.instances[i.index()])
            .find(|i| i.status != InstanceStatus::Available)
        {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} can't be stopped while its DB instance {} is {}",
                busy.identifier, busy.status
            )));
        }
        let now = self.now;
        self.clusters[c.index()].status = ClusterStatus::Stopping;
        for i in self.clusters[c.index()].instances.clone() {
            let instance = &mut self.instances[i.index()];
            instance.status = InstanceStatus::Stopping;
            instance.hours.stop(now);
        }
        self.stopped_periods.push(StoppedPeriod {
            cluster: c,
            from: now,
            until: None,
        });
        let done = self.schedule(LongOp::Stop, Pending::ClusterStopped(c));
        Ok(DbClusterResponse {
            cluster: self.db_cluster(c),
            sim: SimExtras::available_at(Some(done)),
        })
    }

    /// `start-db-cluster`: only a stopped cluster starts; it and its
    /// instances are `starting` for `start-seconds`, then `available`.
    pub fn start_db_cluster(
        &mut self,
        caller: AccountId,
        cluster: &ClusterRef,
    ) -> Result<DbClusterResponse, AwsError> {
        let c = self.own_cluster(caller, cluster)?;
        let status = self.clusters[c.index()].status;
        if status != ClusterStatus::Stopped {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DbCluster {cluster} is in {status} state but expected it to be stopped: only a stopped cluster can be started"
            )));
        }
        let ready = self.begin_start(c);
        Ok(DbClusterResponse {
            cluster: self.db_cluster(c),
            sim: SimExtras::available_at(Some(ready)),
        })
    }

    /// A stopped cluster and its instances begin starting; returns when
    /// they will be available.
    fn begin_start(&mut self, c: ClusterId) -> SimTime {
        self.end_stopped_period(c);
        let cluster = &mut self.clusters[c.index()];
        cluster.status = ClusterStatus::Starting;
        cluster.stopped_at = None;
        for i in cluster.instances.clone() {
            self.instances[i.index()].status = InstanceStatus::Starting;
        }
        self.schedule(LongOp::Start, Pending::ClusterStarted(c))
    }

    /// A stop completes: stopped, and started again by AWS after
    /// [`STOPPED_AT_MOST`] unless started before.
    pub(super) fn complete_stop(&mut self, c: ClusterId) {
        let now = self.now;
        let cluster = &mut self.clusters[c.index()];
        if cluster.status != ClusterStatus::Stopping {
            return;
        }
        cluster.status = ClusterStatus::Stopped;
        cluster.stopped_at = Some(now);
        for i in cluster.instances.clone() {
            self.instances[i.index()].status = InstanceStatus::Stopped;
        }
        self.schedule_in(STOPPED_AT_MOST, Pending::ClusterAutoStart(c, now));
    }

    /// Seven days after a stop: the cluster starts if it is still
    /// stopped since then.
    pub(super) fn automatic_start(&mut self, c: ClusterId, stopped_at: SimTime) {
        let cluster = &self.clusters[c.index()];
        if cluster.status == ClusterStatus::Stopped && cluster.stopped_at == Some(stopped_at) {
            self.begin_start(c);
        }
    }

    /// A start completes: the cluster and its instances are available,
    /// and the instances billable again.
    pub(super) fn complete_start(&mut self, c: ClusterId) {
        if self.clusters[c.index()].status != ClusterStatus::Starting {
            return;
        }
        self.clusters[c.index()].status = ClusterStatus::Available;
        for i in self.clusters[c.index()].instances.clone() {
            self.instances[i.index()].status = InstanceStatus::Available;
            self.bill_instance_from_now(i);
        }
    }

    /// Ends `c`'s stopped period, if one lasts: it starts, or is deleted.
    pub(super) fn end_stopped_period(&mut self, c: ClusterId) {
        let now = self.now;
        if let Some(p) = self
            .stopped_periods
            .iter_mut()
            .rev()
            .find(|p| p.cluster == c && p.until.is_none())
        {
            p.until = Some(now);
        }
    }

    /// Every stretch of time a cluster was stopped, in the order of the
    /// stops.
    pub fn stopped_periods(&self) -> &[StoppedPeriod] {
        &self.stopped_periods
    }
}
