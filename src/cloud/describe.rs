//! `describe-db-clusters` and the JSON shapes of clusters and instances,
//! as the RDS API returns them.

use serde_json::{Value, json};

use super::arn::Arn;
use super::ids::{AccountId, ClusterId, InstanceId};
use super::rds::ClusterStatus;
use super::{AwsError, Cloud};
use crate::engine::GIB;

impl Cloud {
    /// `describe-db-clusters`: the caller's clusters in full and, with
    /// `include_shared`, those shared with it with only `DBClusterArn`,
    /// `StorageEncrypted`, `Engine` and `EngineVersion`.
    pub fn describe_db_clusters(
        &self,
        caller: AccountId,
        identifier: Option<&str>,
        include_shared: bool,
        clone_group_id: Option<&str>,
    ) -> Result<Value, AwsError> {
        let only = identifier
            .map(|name| self.visible_cluster(caller, name))
            .transpose()?;
        let mut list = Vec::new();
        for c in &self.clusters {
            if c.status == ClusterStatus::Deleted || only.is_some_and(|o| o != c.id) {
                continue;
            }
            if c.account == caller {
                if clone_group_id.is_none_or(|g| c.clone_group_id.as_deref() == Some(g)) {
                    list.push(self.cluster_json(c.id));
                }
            } else if (include_shared || only.is_some())
                && clone_group_id.is_none()
                && self.can_see_cluster(caller, c.id)
            {
                list.push(json!({
                    "DBClusterArn": self.cluster_arn(c.id),
                    "StorageEncrypted": c.kms_key.is_some(),
                    "Engine": c.engine.name(),
                    "EngineVersion": c.engine_version,
                }));
            }
        }
        Ok(json!({"DBClusters": list}))
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

    pub(super) fn cluster_json(&self, id: ClusterId) -> Value {
        let c = &self.clusters[id.index()];
        let bytes = self.engine.extent(c.volume).unwrap_or(0) * c.engine.page_size().bytes();
        json!({
            "DBClusterIdentifier": c.identifier,
            "DBClusterArn": self.cluster_arn(id),
            "Status": c.status.name(),
            "Engine": c.engine.name(),
            "EngineVersion": c.engine_version,
            "EngineMode": c.engine_mode,
            "StorageType": c.storage_type.name(),
            "StorageEncrypted": c.kms_key.is_some(),
            "KmsKeyId": c.kms_key.map(|k| self.key_name(k)),
            "CloneGroupId": c.clone_group_id,
            "CrossAccountClone": c.cross_account_clone,
            "DBClusterMembers": c.instances.iter().map(|&i| json!({
                "DBInstanceIdentifier": self.instances[i.index()].identifier,
                "IsClusterWriter": Some(&i) == c.instances.first(),
            })).collect::<Vec<_>>(),
            "AllocatedStorage": bytes.div_ceil(GIB),
            "ClusterCreateTime": c.created_at,
        })
    }

    pub(super) fn instance_json(&self, id: InstanceId) -> Value {
        let i = &self.instances[id.index()];
        json!({
            "DBInstanceIdentifier": i.identifier,
            "DBClusterIdentifier": self.clusters[i.cluster.index()].identifier,
            "DBInstanceStatus": i.status.name(),
        })
    }
}
