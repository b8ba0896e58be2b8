//! RDS requests, and responses with the field names of the RDS API (botocore's `rds`
//! service model): what a caller is told about clusters, instances and
//! snapshots. Keys of the simulator's own (`available_at`,
//! `restore_type_applied`) are snake_case, so they can't be taken for AWS
//! fields.

use serde::Serialize;

use super::declare::{Declared, Param, extension, param, request};
use super::refs::{ClusterRef, SnapshotRef};
use crate::cloud::rds::{
    ClusterStatus, DbEngine, EngineMode, InstanceStatus, SnapshotStatus, StorageType,
};
use crate::cloud::{AccountId, RetentionPeriod};
use crate::names::named_enum;
use crate::time::SimTime;

/// A DB cluster as its owner sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbCluster {
    #[serde(rename = "DBClusterIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBClusterArn")]
    pub arn: String,
    #[serde(rename = "Status")]
    pub status: ClusterStatus,
    #[serde(rename = "Engine")]
    pub engine: DbEngine,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
    #[serde(rename = "EngineMode")]
    pub engine_mode: EngineMode,
    #[serde(rename = "StorageType")]
    pub storage_type: StorageType,
    #[serde(rename = "StorageEncrypted")]
    pub storage_encrypted: bool,
    /// The key's alias for `aws/rds`, else its ARN.
    #[serde(rename = "KmsKeyId")]
    pub kms_key_id: Option<String>,
    #[serde(rename = "CloneGroupId")]
    pub clone_group_id: Option<String>,
    #[serde(rename = "CrossAccountClone")]
    pub cross_account_clone: bool,
    #[serde(rename = "DBClusterMembers")]
    pub members: Vec<DbClusterMember>,
    /// GiB, rounded up.
    #[serde(rename = "AllocatedStorage")]
    pub allocated_storage: u64,
    #[serde(rename = "ClusterCreateTime")]
    pub created: SimTime,
    #[serde(rename = "BackupRetentionPeriod")]
    pub backup_retention_period: RetentionPeriod,
    /// The window a point-in-time restore may ask for (none while the
    /// cluster is not yet, or no longer, there to restore).
    #[serde(rename = "EarliestRestorableTime")]
    pub earliest_restorable: Option<SimTime>,
    #[serde(rename = "LatestRestorableTime")]
    pub latest_restorable: Option<SimTime>,
}

/// One DB instance of a cluster; the first is the writer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterMember {
    #[serde(rename = "DBInstanceIdentifier")]
    pub instance: String,
    #[serde(rename = "IsClusterWriter")]
    pub writer: bool,
}

/// A cluster shared with the caller, as `describe-db-clusters
/// --include-shared` shows it: only these four fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SharedDbCluster {
    #[serde(rename = "DBClusterArn")]
    pub arn: String,
    #[serde(rename = "StorageEncrypted")]
    pub storage_encrypted: bool,
    #[serde(rename = "Engine")]
    pub engine: DbEngine,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
}

/// An entry of `describe-db-clusters`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum DescribedDbCluster {
    Owned(DbCluster),
    Shared(SharedDbCluster),
}

/// `describe-db-clusters`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbClustersResponse {
    #[serde(rename = "DBClusters")]
    pub clusters: Vec<DescribedDbCluster>,
}

/// A call that answers with a cluster (`modify-db-cluster`,
/// `delete-db-cluster`), and, when the cluster is new, when it will be
/// available (`create-db-cluster`, `restore-db-cluster-from-snapshot`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterResponse {
    #[serde(rename = "DBCluster")]
    pub cluster: DbCluster,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_at: Option<SimTime>,
}

/// `restore-db-cluster-to-point-in-time`: the new cluster, what was done
/// (the 16th same-account clone of a family is a full copy), and when it
/// will be available.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RestoreDbClusterResponse {
    #[serde(rename = "DBCluster")]
    pub cluster: DbCluster,
    pub restore_type_applied: RestoreType,
    pub available_at: SimTime,
}

/// A DB instance.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBClusterIdentifier")]
    pub cluster: String,
    #[serde(rename = "DBInstanceStatus")]
    pub status: InstanceStatus,
}

/// `create-db-instance` (with when it will be available) and
/// `delete-db-instance`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbInstanceResponse {
    #[serde(rename = "DBInstance")]
    pub instance: DbInstance,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_at: Option<SimTime>,
}

/// A DB cluster snapshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterSnapshot {
    #[serde(rename = "DBClusterSnapshotIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBClusterSnapshotArn")]
    pub arn: String,
    #[serde(rename = "DBClusterIdentifier")]
    pub cluster: String,
    #[serde(rename = "Engine")]
    pub engine: DbEngine,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
    #[serde(rename = "Status")]
    pub status: SnapshotStatus,
    #[serde(rename = "StorageEncrypted")]
    pub storage_encrypted: bool,
    #[serde(rename = "KmsKeyId")]
    pub kms_key_id: Option<String>,
    #[serde(rename = "SnapshotCreateTime")]
    pub created: SimTime,
    /// GiB, rounded down.
    #[serde(rename = "AllocatedStorage")]
    pub allocated_storage: u64,
}

/// `create-db-cluster-snapshot`, `copy-db-cluster-snapshot` (with when it
/// will be available) and `delete-db-cluster-snapshot`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterSnapshotResponse {
    #[serde(rename = "DBClusterSnapshot")]
    pub snapshot: DbClusterSnapshot,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_at: Option<SimTime>,
}

/// `modify-db-cluster-snapshot-attribute`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotAttributesResponse {
    #[serde(rename = "DBClusterSnapshotAttributesResult")]
    pub result: SnapshotAttributes,
}

/// Who may restore a snapshot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotAttributes {
    #[serde(rename = "DBClusterSnapshotIdentifier")]
    pub snapshot: String,
    #[serde(rename = "DBClusterSnapshotAttributes")]
    pub attributes: Vec<SnapshotAttribute>,
}

/// One attribute: `restore`, with the accounts (or `all`) that may.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotAttribute {
    #[serde(rename = "AttributeName")]
    pub name: String,
    #[serde(rename = "AttributeValues")]
    pub values: Vec<String>,
}

/// The account ids an attribute lists, as strings (`all` among them).
pub fn attribute_values(
    accounts: impl IntoIterator<Item = AccountId>,
    public: bool,
) -> Vec<String> {
    let mut values: Vec<String> = accounts.into_iter().map(|a| a.to_string()).collect();
    if public {
        values.push("all".into());
    }
    values
}

/// `create-db-cluster`: read by hand, as its data is given in GiB or in
/// pages, and checked against the engine's page size.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateCluster {
    pub identifier: String,
    pub engine: DbEngine,
    pub engine_version: Option<String>,
    pub engine_mode: EngineMode,
    pub storage_encrypted: bool,
    pub kms_key_id: Option<String>,
    pub storage_type: StorageType,
    /// Initial data, appended at creation.
    pub data_pages: u64,
    /// Days of continuous backup (1 by default).
    pub backup_retention_period: Option<RetentionPeriod>,
}

impl CreateCluster {
    /// A provisioned, unencrypted Standard cluster of the engine's default
    /// version holding `data_pages` pages; set the other fields as needed.
    pub fn new(identifier: &str, engine: DbEngine, data_pages: u64) -> Self {
        CreateCluster {
            identifier: identifier.into(),
            engine,
            engine_version: None,
            engine_mode: EngineMode::Provisioned,
            storage_encrypted: false,
            kms_key_id: None,
            storage_type: StorageType::Standard,
            data_pages,
            backup_retention_period: None,
        }
    }
}

impl Declared for CreateCluster {
    const PARAMS: &'static [Param] = &[
        param("db-cluster-identifier", "DBClusterIdentifier"),
        param("engine", "Engine"),
        param("engine-version", "EngineVersion"),
        param("engine-mode", "EngineMode"),
        param("storage-encrypted", "StorageEncrypted"),
        param("kms-key-id", "KmsKeyId"),
        param("storage-type", "StorageType"),
        param("backup-retention-period", "BackupRetentionPeriod"),
        extension("data-gib"),
        extension("data-pages"),
    ];
}

named_enum! {
    /// `full-copy` (the API's default) or `copy-on-write` (a clone).
    pub enum RestoreType ("restore type") {
        FullCopy = "full-copy",
        CopyOnWrite = "copy-on-write",
    }
}

request! {
    /// `restore-db-cluster-to-point-in-time`.
    pub struct RestoreToPointInTime accepting {} {
        pub source: ClusterRef = "source-db-cluster-identifier" / "SourceDBClusterIdentifier",
        pub identifier: String = "db-cluster-identifier" / "DBClusterIdentifier",
        pub restore_type: RestoreType = "restore-type" / "RestoreType" or RestoreType::FullCopy,
        pub use_latest_restorable_time: bool =
            "use-latest-restorable-time" / "UseLatestRestorableTime" or false,
        pub restore_to_time: Option<SimTime> = "restore-to-time" / "RestoreToTime",
        pub kms_key_id: Option<String> = "kms-key-id" / "KmsKeyId",
        pub backup_retention_period: Option<RetentionPeriod> =
            "backup-retention-period" / "BackupRetentionPeriod",
    }
}

request! {
    /// `create-db-instance`: the instance class and engine are accepted,
    /// and the cluster's are what count.
    pub struct CreateDbInstance accepting {
        "db-instance-class" / "DBInstanceClass": Option<String>,
        "engine" / "Engine": Option<DbEngine>,
    } {
        pub identifier: String = "db-instance-identifier" / "DBInstanceIdentifier",
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
    }
}

request! {
    /// `delete-db-instance`.
    pub struct DeleteDbInstance accepting {} {
        pub identifier: String = "db-instance-identifier" / "DBInstanceIdentifier",
    }
}

request! {
    /// `describe-db-instances`: the caller's instances, or one of them.
    pub struct DescribeDbInstances accepting {} {
        pub identifier: Option<String> = "db-instance-identifier" / "DBInstanceIdentifier",
    }
}

/// `describe-db-instances`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbInstancesResponse {
    #[serde(rename = "DBInstances")]
    pub instances: Vec<DbInstance>,
}

request! {
    /// `modify-db-cluster`: a rename, or another storage type; changes
    /// apply at once whatever `apply-immediately` says.
    pub struct ModifyDbCluster accepting {
        "apply-immediately" / "ApplyImmediately": Option<bool>,
    } {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub new_identifier: Option<String> =
            "new-db-cluster-identifier" / "NewDBClusterIdentifier",
        pub storage_type: Option<StorageType> = "storage-type" / "StorageType",
        pub backup_retention_period: Option<RetentionPeriod> =
            "backup-retention-period" / "BackupRetentionPeriod",
    }
}

request! {
    /// `delete-db-cluster`.
    pub struct DeleteDbCluster accepting {} {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub skip_final_snapshot: bool = "skip-final-snapshot" / "SkipFinalSnapshot" or false,
        pub final_snapshot: Option<String> =
            "final-db-snapshot-identifier" / "FinalDBSnapshotIdentifier",
    }
}

request! {
    /// `describe-db-clusters`.
    pub struct DescribeDbClusters accepting {} {
        pub cluster: Option<ClusterRef> = "db-cluster-identifier" / "DBClusterIdentifier",
        pub include_shared: bool = "include-shared" / "IncludeShared" or false,
        /// The `clone-group-id` filter, the only one.
        pub clone_group_id: Option<CloneGroupId> = "filters" / "Filters",
    }
}

/// A clone group's id, as the `clone-group-id` filter names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloneGroupId(pub String);

impl std::ops::Deref for CloneGroupId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

request! {
    /// `create-db-cluster-snapshot`.
    pub struct CreateDbClusterSnapshot accepting {} {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub snapshot: String = "db-cluster-snapshot-identifier" / "DBClusterSnapshotIdentifier",
    }
}

request! {
    /// `copy-db-cluster-snapshot`, re-encrypted with `kms_key_id` if named.
    pub struct CopyDbClusterSnapshot accepting {} {
        pub source: SnapshotRef =
            "source-db-cluster-snapshot-identifier" / "SourceDBClusterSnapshotIdentifier",
        pub target: String =
            "target-db-cluster-snapshot-identifier" / "TargetDBClusterSnapshotIdentifier",
        pub kms_key_id: Option<String> = "kms-key-id" / "KmsKeyId",
    }
}

request! {
    /// `modify-db-cluster-snapshot-attribute`: who may restore a snapshot.
    pub struct ModifyDbClusterSnapshotAttribute accepting {} {
        pub snapshot: SnapshotRef =
            "db-cluster-snapshot-identifier" / "DBClusterSnapshotIdentifier",
        /// `restore`, the only attribute.
        pub attribute: String = "attribute-name" / "AttributeName" or "restore".to_string(),
        pub add: AttributeValues = "values-to-add" / "ValuesToAdd" or AttributeValues::default(),
        pub remove: AttributeValues =
            "values-to-remove" / "ValuesToRemove" or AttributeValues::default(),
    }
}

/// The values of a snapshot's `restore` attribute: account ids, or `all`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttributeValues(pub Vec<String>);

impl std::ops::Deref for AttributeValues {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.0
    }
}

request! {
    /// `delete-db-cluster-snapshot`.
    pub struct DeleteDbClusterSnapshot accepting {} {
        pub snapshot: SnapshotRef =
            "db-cluster-snapshot-identifier" / "DBClusterSnapshotIdentifier",
    }
}

request! {
    /// `restore-db-cluster-from-snapshot`; `engine`, when given, must be
    /// the snapshot's.
    pub struct RestoreFromSnapshot accepting {} {
        pub snapshot: SnapshotRef = "snapshot-identifier" / "SnapshotIdentifier",
        pub identifier: String = "db-cluster-identifier" / "DBClusterIdentifier",
        pub engine: Option<DbEngine> = "engine" / "Engine",
        pub kms_key_id: Option<String> = "kms-key-id" / "KmsKeyId",
        pub backup_retention_period: Option<RetentionPeriod> =
            "backup-retention-period" / "BackupRetentionPeriod",
    }
}

request! {
    /// `describe-db-cluster-snapshots`: the caller's snapshots (of one
    /// cluster, or one snapshot), and with `include_shared` those shared
    /// with it.
    pub struct DescribeDbClusterSnapshots accepting {} {
        pub cluster: Option<String> = "db-cluster-identifier" / "DBClusterIdentifier",
        pub snapshot: Option<SnapshotRef> =
            "db-cluster-snapshot-identifier" / "DBClusterSnapshotIdentifier",
        pub include_shared: bool = "include-shared" / "IncludeShared" or false,
    }
}

/// `describe-db-cluster-snapshots`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbClusterSnapshotsResponse {
    #[serde(rename = "DBClusterSnapshots")]
    pub snapshots: Vec<DbClusterSnapshot>,
}

request! {
    /// `describe-db-engine-versions`: of one engine, or both; of one
    /// version. Each engine has one version cowsim knows, its default, so
    /// `default-only` changes nothing.
    pub struct DescribeDbEngineVersions accepting {
        "default-only" / "DefaultOnly": Option<bool>,
    } {
        pub engine: Option<DbEngine> = "engine" / "Engine",
        pub engine_version: Option<String> = "engine-version" / "EngineVersion",
    }
}

/// An engine version.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbEngineVersion {
    #[serde(rename = "Engine")]
    pub engine: DbEngine,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
    #[serde(rename = "DBParameterGroupFamily")]
    pub parameter_group_family: String,
    #[serde(rename = "DBEngineDescription")]
    pub engine_description: String,
    #[serde(rename = "DBEngineVersionDescription")]
    pub version_description: String,
    #[serde(rename = "Status")]
    pub status: &'static str,
}

/// `describe-db-engine-versions`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbEngineVersionsResponse {
    #[serde(rename = "DBEngineVersions")]
    pub versions: Vec<DbEngineVersion>,
}

request! {
    /// `describe-db-cluster-snapshot-attributes`.
    pub struct DescribeDbClusterSnapshotAttributes accepting {} {
        pub snapshot: SnapshotRef =
            "db-cluster-snapshot-identifier" / "DBClusterSnapshotIdentifier",
    }
}
