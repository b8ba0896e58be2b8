//! `describe-db-clusters`, and clusters and instances as the RDS API
//! describes them.

use super::arn::Arn;
use super::ids::{AccountId, ClusterId, InstanceId};
use super::ops::rds::{
    DbCluster, DbClusterMember, DbInstance, DescribeDbClustersResponse,
    DescribeDbInstancesResponse, DescribedDbCluster, SharedDbCluster,
};
use super::ops::refs::ClusterRef;
use super::rds::{ClusterStatus, InstanceStatus};
use super::{AwsError, Cloud};
use crate::engine::GIB;

impl Cloud {
    /// `describe-db-clusters`: the caller's clusters in full and, with
    /// `include_shared`, those shared with it with only `DBClusterArn`,
    /// `StorageEncrypted`, `Engine` and `EngineVersion`.
    pub fn describe_db_clusters(
        &self,
        caller: AccountId,
        identifier: Option<&ClusterRef>,
        include_shared: bool,
        clone_group_id: Option<&str>,
    ) -> Result<DescribeDbClustersResponse, AwsError> {
        let only = identifier
            .map(|name| self.find_cluster(caller, name))
            .transpose()?;
        let mut list = Vec::new();
        for c in &self.clusters {
            if c.status == ClusterStatus::Deleted || only.is_some_and(|o| o != c.id) {
                continue;
            }
            if c.account == caller {
                if clone_group_id.is_none_or(|g| c.clone_group_id.as_deref() == Some(g)) {
                    list.push(DescribedDbCluster::Owned(self.db_cluster(c.id)));
                }
            } else if (include_shared || only.is_some())
                && clone_group_id.is_none()
                && self.can_see_cluster(caller, c.id)
            {
                list.push(DescribedDbCluster::Shared(SharedDbCluster {
                    arn: self.cluster_arn(c.id),
                    storage_encrypted: c.kms_key.is_some(),
                    engine: c.engine,
                    engine_version: c.engine_version.clone(),
                }));
            }
        }
        Ok(DescribeDbClustersResponse { clusters: list })
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
                })
                .collect(),
            allocated_storage: bytes.div_ceil(GIB),
            created: c.created_at,
            automatic_restart: c.automatic_restart_at(),
            serverless_v2: c.serverless.as_ref().map(|s| Box::new(s.into())),
            backup_retention_period: c.backup_retention,
            earliest_restorable: window.map(|w| w.0),
            latest_restorable: window.map(|w| w.1),
        }
    }

    /// `describe-db-instances`: the caller's instances that are not yet
    /// deleted, or the one named.
    pub fn describe_db_instances(
        &self,
        caller: AccountId,
        identifier: Option<&str>,
    ) -> Result<DescribeDbInstancesResponse, AwsError> {
        let instances: Vec<DbInstance> = self
            .instances
            .iter()
            .filter(|i| i.account == caller && i.status != InstanceStatus::Deleted)
            .filter(|i| identifier.is_none_or(|name| i.identifier == name))
            .map(|i| self.db_instance(i.id))
            .collect();
        match identifier {
            Some(name) if instances.is_empty() => Err(AwsError::DbInstanceNotFound(name.into())),
            _ => Ok(DescribeDbInstancesResponse { instances }),
        }
    }

    pub(super) fn db_instance(&self, id: InstanceId) -> DbInstance {
        let i = &self.instances[id.index()];
        DbInstance {
            identifier: i.identifier.clone(),
            cluster: self.clusters[i.cluster.index()].identifier.clone(),
            status: i.status,
            class: i.class,
        }
    }
}
