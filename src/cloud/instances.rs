//! DB instances' classes and billable time: `modify-db-instance`, and
//! the transitions that start and stop an instance's billing
//! (docs/aws-behaviour.md, "DB instances"): billable from `available`
//! until it is deleted or its cluster stops; a class modification bills
//! the new class from when it completes.

use super::ids::{ClusterId, InstanceId};
use super::instance_classes::InstanceClass;
use super::instance_hours::Rate;
use super::ops::extras::SimExtras;
use super::ops::rds::DbInstanceResponse;
use super::rds::{ClusterStatus, InstanceStatus};
use super::{AccountId, AwsError, Cloud, Pending};
use crate::latency::LongOp;

use super::clusters::{InstanceOptions, promotion_tier};
use super::groups::{Family, Level};

impl Cloud {
    /// Refuses a class the cluster can't run: one its engine doesn't
    /// offer, or `db.serverless` without a scaling configuration.
    pub(super) fn check_class(&self, c: ClusterId, class: InstanceClass) -> Result<(), AwsError> {
        let cluster = &self.clusters[c.index()];
        if !class.offered_by(cluster.engine) {
            return Err(AwsError::InvalidParameterCombination(format!(
                "DB instance class {class} is not offered for {}",
                cluster.engine
            )));
        }
        if class.is_serverless() && cluster.serverless.is_none() {
            return Err(AwsError::InvalidParameterCombination(format!(
                "DB cluster {} has no serverless-v2-scaling-configuration: a db.serverless instance needs one",
                cluster.identifier
            )));
        }
        Ok(())
    }

    /// The parameter group family of cluster `c`'s engine version, when
    /// cowsim knows one.
    pub(super) fn cluster_family(&self, c: ClusterId) -> Option<Family> {
        let cluster = &self.clusters[c.index()];
        Family::of(cluster.engine, &cluster.engine_version)
    }

    /// What an hour of instance `i` is priced by now.
    fn rate(&self, i: InstanceId) -> Rate {
        let instance = &self.instances[i.index()];
        let cluster = &self.clusters[instance.cluster.index()];
        (instance.class, cluster.storage_type)
    }

    /// Instance `i` is billable from now (it became available, or its
    /// cluster started, or its class changed).
    pub(super) fn bill_instance_from_now(&mut self, i: InstanceId) {
        let (now, rate) = (self.now, self.rate(i));
        self.instances[i.index()].hours.start(now, rate);
    }

    /// The running instances of cluster `c` are priced anew from now
    /// (its storage type changed).
    pub(super) fn reprice_instances(&mut self, c: ClusterId) {
        for i in self.clusters[c.index()].instances.clone() {
            let (now, rate) = (self.now, self.rate(i));
            self.instances[i.index()].hours.reprice(now, rate);
        }
    }

    /// `modify-db-instance --db-instance-class`: the instance is
    /// `modifying` for `instance-seconds`, billed at its old class, and
    /// at the new one from when the change completes.
    pub fn modify_db_instance(
        &mut self,
        caller: AccountId,
        identifier: &str,
        class: Option<InstanceClass>,
    ) -> Result<DbInstanceResponse, AwsError> {
        self.modify_db_instance_with(caller, identifier, class, InstanceOptions::default())
    }

    /// `modify-db-instance`: another class (as above), DB parameter group
    /// or promotion tier; the last two apply at once.
    pub fn modify_db_instance_with(
        &mut self,
        caller: AccountId,
        identifier: &str,
        class: Option<InstanceClass>,
        options: InstanceOptions<'_>,
    ) -> Result<DbInstanceResponse, AwsError> {
        let id = self.own_instance(caller, identifier)?;
        let instance = &self.instances[id.index()];
        let cluster = &self.clusters[instance.cluster.index()];
        if cluster.status != ClusterStatus::Available {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {} is {}: its DB instances can be modified only while it is available",
                cluster.identifier, cluster.status
            )));
        }
        if instance.status != InstanceStatus::Available {
            return Err(AwsError::InvalidDbInstanceState(format!(
                "DB instance {identifier} is {}: only an available DB instance can be modified",
                instance.status
            )));
        }
        let c = instance.cluster;
        let parameter_group = options
            .parameter_group
            .map(|g| {
                self.usable_parameter_group(
                    Level::Instance,
                    caller,
                    g,
                    self.cluster_family(c),
                    AwsError::DbParameterGroupNotFound,
                )
            })
            .transpose()?;
        let tier = options.promotion_tier.map(promotion_tier).transpose()?;
        let new_class = class.filter(|&new| new != instance.class);
        if let Some(class) = new_class {
            self.check_class(c, class)?;
        }
        let record = &mut self.instances[id.index()];
        if let Some(g) = parameter_group {
            record.parameter_group = Some(g);
        }
        if let Some(t) = tier {
            record.promotion_tier = Some(t);
        }
        let mut ready = None;
        if let Some(class) = new_class {
            self.instances[id.index()].status = InstanceStatus::Modifying;
            ready = Some(self.schedule(LongOp::Instance, Pending::InstanceModified(id, class)));
        }
        Ok(DbInstanceResponse {
            instance: Box::new(self.db_instance(id)),
            sim: SimExtras::available_at(ready),
        })
    }

    /// A class modification completes: billed at the new class from now.
    pub(super) fn complete_modification(&mut self, i: InstanceId, class: InstanceClass) {
        let instance = &mut self.instances[i.index()];
        if instance.status != InstanceStatus::Modifying {
            return;
        }
        instance.class = class;
        instance.status = InstanceStatus::Available;
        if instance.hours.running() {
            self.bill_instance_from_now(i);
        }
    }
}
