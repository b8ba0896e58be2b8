//! `describe-db-clusters` and `describe-db-instances`, and clusters and instances as the RDS API
//! describes them.

use super::arn::Arn;
use super::ids::{AccountId, ClusterId, InstanceId};
use super::listing::page;
use super::ops::rds::{
    ClusterGroups, DbCluster, DbClusterMember, DbInstance, DbParameterGroupStatus,
    DescribeDbClusters, DescribeDbClustersResponse, DescribeDbInstances,
    DescribeDbInstancesResponse, DescribedDbCluster, SharedDbCluster,
};
use super::rds::{ClusterStatus, Instance, InstanceStatus};
use super::{AwsError, Cloud};
use crate::engine::GIB;

/// The filters `describe-db-clusters` takes. cowsim gives no resource
/// ids yet, so `db-cluster-resource-id` keeps none.
const CLUSTER_FILTERS: &[&str] = &[
    "clone-group-id",
    "db-cluster-id",
    "db-cluster-resource-id",
    "engine",
];

/// The filters `describe-db-instances` takes; `dbi-resource-id` keeps
/// none, as cowsim gives no resource ids yet.
const INSTANCE_FILTERS: &[&str] = &[
    "db-cluster-id",
    "db-instance-id",
    "dbi-resource-id",
    "engine",
];

impl Cloud {
    /// `describe-db-clusters`: the caller's clusters in full and, with
    /// `include_shared`, those shared with it with only `DBClusterArn`,
    /// `StorageEncrypted`, `Engine` and `EngineVersion`; those the filters
    /// keep, a page at a time. A shared cluster has no clone group or
    /// resource id to show, so a filter on either doesn't keep it.
    pub fn describe_db_clusters(
        &self,
        caller: AccountId,
        r: &DescribeDbClusters,
    ) -> Result<DescribeDbClustersResponse, AwsError> {
        r.filters.check(CLUSTER_FILTERS)?;
        let only = r
            .cluster
            .as_ref()
            .map(|name| self.find_cluster(caller, name))
            .transpose()?;
        let mut list = Vec::new();
        for c in &self.clusters {
            let owned = c.account == caller;
            let deleted = c.status == ClusterStatus::Deleted;
            if (deleted && !owned) || only.is_some_and(|o| o != c.id) {
                continue;
            }
            let arn = self.cluster_arn(c.id);
            let kept = r.filters.keep(|name, v| match name {
                "db-cluster-id" => (owned && v == c.identifier) || v == arn,
                "engine" => v == c.engine.name(),
                "clone-group-id" => owned && c.clone_group_id.as_deref() == Some(v),
                _ => false,
            });
            if !kept {
                continue;
            }
            if owned {
                list.push((!deleted).then(|| DescribedDbCluster::Owned(self.db_cluster(c.id))));
            } else if (r.include_shared || only.is_some()) && self.can_see_cluster(caller, c.id) {
                list.push(Some(DescribedDbCluster::Shared(SharedDbCluster {
                    arn,
                    storage_encrypted: c.kms_key.is_some(),
                    engine: c.engine,
                    engine_version: c.engine_version.clone(),
                })));
            }
        }
        let call = format!(
            "describe-db-clusters {caller} {:?} {} {:?}",
            r.cluster, r.include_shared, r.filters
        );
        let (clusters, marker) = page(list, r.max_records, r.marker.as_deref(), &call)?;
        Ok(DescribeDbClustersResponse { clusters, marker })
    }

    /// A cluster's ARN.
    pub fn cluster_arn(&self, id: ClusterId) -> String {
        let c = &self.clusters[id.index()];
        Arn::new(
            "rds",
            &self.config.region,
            c.account,
            format!("cluster:{}", c.identifier),
        )
        .to_string()
    }

    /// A DB instance's ARN.
    pub fn instance_arn(&self, id: InstanceId) -> String {
        let i = &self.instances[id.index()];
        Arn::new(
            "rds",
            &self.config.region,
            i.account,
            format!("db:{}", i.identifier),
        )
        .to_string()
    }

    /// A cluster as its owner sees it.
    pub(super) fn db_cluster(&self, id: ClusterId) -> DbCluster {
        let c = &self.clusters[id.index()];
        let bytes = self.cluster_extent(id) * c.engine.page_size().bytes();
        let window = self
            .restorable_window(id)
            .filter(|_| c.status.billed() && c.available_at.is_some());
        DbCluster {
            identifier: c.identifier.clone(),
            arn: self.cluster_arn(id),
            status: c.status,
            engine: c.engine,
            engine_version: c.engine_version.clone(),
            engine_mode: c.engine_mode,
            storage_type: c.storage_type,
            storage_encrypted: c.kms_key.is_some(),
            kms_key_id: c.kms_key.map(|k| self.key_name(k)),
            clone_group_id: c.clone_group_id.clone(),
            cross_account_clone: c.cross_account_clone,
            members: c
                .instances
                .iter()
                .map(|&i| DbClusterMember {
                    instance: self.instances[i.index()].identifier.clone(),
                    writer: Some(&i) == c.instances.first(),
                    promotion_tier: self.instances[i.index()].promotion_tier,
                })
                .collect(),
            allocated_storage: bytes.div_ceil(GIB),
            created: c.created_at,
            automatic_restart: c.automatic_restart_at(),
            serverless_v2: c.serverless.as_ref().map(|s| Box::new(s.into())),
            backup_retention_period: c.backup_retention,
            earliest_restorable: window.map(|w| w.0),
            latest_restorable: window.map(|w| w.1),
            groups: (c.parameter_group.is_some() || c.subnet_group.is_some()).then(|| {
                Box::new(ClusterGroups {
                    parameter_group: c.parameter_group.clone(),
                    subnet_group: c.subnet_group.clone(),
                })
            }),
        }
    }

    /// `describe-db-instances`: the caller's instances that are not yet
    /// deleted, or the one named; those the filters keep, a page at a time.
    pub fn describe_db_instances(
        &self,
        caller: AccountId,
        r: &DescribeDbInstances,
    ) -> Result<DescribeDbInstancesResponse, AwsError> {
        r.filters.check(INSTANCE_FILTERS)?;
        let live = |i: &&Instance| i.status != InstanceStatus::Deleted;
        let mine: Vec<&Instance> = self
            .instances
            .iter()
            .filter(|i| i.account == caller && (r.identifier.is_none() || live(i)))
            .filter(|i| {
                r.identifier
                    .as_ref()
                    .is_none_or(|name| i.identifier == *name)
            })
            .collect();
        if let (Some(name), true) = (&r.identifier, mine.is_empty()) {
            return Err(AwsError::DbInstanceNotFound(name.clone()));
        }
        let instances = mine
            .into_iter()
            .filter(|i| {
                let c = &self.clusters[i.cluster.index()];
                r.filters.keep(|name, v| match name {
                    "db-cluster-id" => v == c.identifier || v == self.cluster_arn(c.id),
                    "db-instance-id" => v == i.identifier || v == self.instance_arn(i.id),
                    "engine" => v == c.engine.name(),
                    _ => false,
                })
            })
            .map(|i| live(&i).then(|| self.db_instance(i.id)))
            .collect();
        let call = format!(
            "describe-db-instances {caller} {:?} {:?}",
            r.identifier, r.filters
        );
        let (instances, marker) = page(instances, r.max_records, r.marker.as_deref(), &call)?;
        Ok(DescribeDbInstancesResponse { instances, marker })
    }

    pub(super) fn db_instance(&self, id: InstanceId) -> DbInstance {
        let i = &self.instances[id.index()];
        DbInstance {
            identifier: i.identifier.clone(),
            cluster: self.clusters[i.cluster.index()].identifier.clone(),
            status: i.status,
            class: i.class,
            promotion_tier: i.promotion_tier,
            parameter_groups: i.parameter_group.as_ref().map(|g| {
                vec![DbParameterGroupStatus {
                    name: g.clone(),
                    status: "in-sync",
                }]
            }),
        }
    }
}
