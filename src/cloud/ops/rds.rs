//! RDS requests, and responses with the field names of the RDS API (botocore's `rds`
//! service model): what a caller is told about clusters, instances and
//! snapshots. Keys of the simulator's own (`available_at`,
//! `restore_type_applied`) are snake_case, so they can't be taken for AWS
//! fields.

use serde::Serialize;

use super::declare::{Param, Refusal, Validated, extension, param, request, validated};
use super::identifiers::{DB_CLUSTER, DB_CLUSTER_SNAPSHOT, DB_INSTANCE, FINAL_SNAPSHOT};
use super::refs::{ClusterRef, SnapshotRef};
use crate::billing::InstanceClass;
use crate::cloud::rds::{
    ClusterStatus, DbEngine, EngineMode, InstanceStatus, SnapshotStatus, StorageType,
};
use crate::cloud::serverless::ServerlessScaling;
use crate::cloud::{AccountId, RetentionPeriod};
use crate::engine::GIB as GIB_BYTES;
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
    /// While it is stopped: when AWS starts it by itself.
    #[serde(
        rename = "AutomaticRestartTime",
        skip_serializing_if = "Option::is_none"
    )]
    pub automatic_restart: Option<SimTime>,
    #[serde(
        rename = "ServerlessV2ScalingConfiguration",
        skip_serializing_if = "Option::is_none"
    )]
    pub serverless_v2: Option<Box<ScalingConfigurationInfo>>,
    #[serde(rename = "BackupRetentionPeriod")]
    pub backup_retention_period: RetentionPeriod,
    /// The window a point-in-time restore may ask for (none while the
    /// cluster is not yet, or no longer, there to restore).
    #[serde(rename = "EarliestRestorableTime")]
    pub earliest_restorable: Option<SimTime>,
    #[serde(rename = "LatestRestorableTime")]
    pub latest_restorable: Option<SimTime>,
    /// The groups it was given, when it was given one.
    #[serde(flatten)]
    pub groups: Option<Box<ClusterGroups>>,
}

/// The DB cluster parameter group and DB subnet group a cluster was
/// given.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterGroups {
    #[serde(
        rename = "DBClusterParameterGroup",
        skip_serializing_if = "Option::is_none"
    )]
    pub parameter_group: Option<String>,
    #[serde(rename = "DBSubnetGroup", skip_serializing_if = "Option::is_none")]
    pub subnet_group: Option<String>,
}

/// A cluster's Serverless v2 capacity range, as the API shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScalingConfigurationInfo {
    #[serde(rename = "MinCapacity")]
    pub min_capacity: f64,
    #[serde(rename = "MaxCapacity")]
    pub max_capacity: f64,
}

impl From<&ServerlessScaling> for ScalingConfigurationInfo {
    fn from(s: &ServerlessScaling) -> Self {
        ScalingConfigurationInfo {
            min_capacity: s.min_capacity,
            max_capacity: s.max_capacity,
        }
    }
}

/// One DB instance of a cluster; the first is the writer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterMember {
    #[serde(rename = "DBInstanceIdentifier")]
    pub instance: String,
    #[serde(rename = "IsClusterWriter")]
    pub writer: bool,
    /// The instance's promotion tier, when it was given one.
    #[serde(rename = "PromotionTier", skip_serializing_if = "Option::is_none")]
    pub promotion_tier: Option<u8>,
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
    /// Where the next page starts, when there is one.
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
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
    #[serde(rename = "DBInstanceClass")]
    pub class: InstanceClass,
    /// Its promotion tier, when it was given one.
    #[serde(rename = "PromotionTier", skip_serializing_if = "Option::is_none")]
    pub promotion_tier: Option<u8>,
    /// Its DB parameter group, when it was given one.
    #[serde(rename = "DBParameterGroups", skip_serializing_if = "Option::is_none")]
    pub parameter_groups: Option<Vec<DbParameterGroupStatus>>,
}

/// A DB instance's DB parameter group, and whether its values are applied.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbParameterGroupStatus {
    #[serde(rename = "DBParameterGroupName")]
    pub name: String,
    #[serde(rename = "ParameterApplyStatus")]
    pub status: &'static str,
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

/// `create-db-cluster`: its data given in GiB or in pages, and checked
/// against the engine's page size ([`CreateClusterFields`], validated).
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
    /// Its Serverless v2 capacity range, for `db.serverless` instances.
    pub serverless_v2: Option<ServerlessScaling>,
    /// Days of continuous backup (1 by default).
    pub backup_retention_period: Option<RetentionPeriod>,
    /// Its DB cluster parameter group, when named (else its family's
    /// default).
    pub parameter_group: Option<String>,
    /// Its DB subnet group, when named.
    pub subnet_group: Option<String>,
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
            serverless_v2: None,
            backup_retention_period: None,
            parameter_group: None,
            subnet_group: None,
        }
    }
}

request! {
    /// `create-db-cluster` as given: its data, if any, in GiB (through the
    /// API, the `cowsim:data-gib` tag) or in pages (a scenario's only).
    pub struct CreateClusterFields accepting {} {
        pub identifier: String =
            "db-cluster-identifier" / "DBClusterIdentifier" valid DB_CLUSTER,
        pub engine: DbEngine = "engine" / "Engine",
        pub engine_version: Option<String> = "engine-version" / "EngineVersion",
        pub engine_mode: EngineMode = "engine-mode" / "EngineMode" or EngineMode::Provisioned,
        pub storage_encrypted: bool = "storage-encrypted" / "StorageEncrypted" or false,
        pub kms_key_id: Option<String> = "kms-key-id" / "KmsKeyId",
        pub storage_type: StorageType =
            "storage-type" / "StorageType" or StorageType::Standard,
        pub serverless_v2: Option<ServerlessScaling> =
            "serverless-v2-scaling-configuration" / "ServerlessV2ScalingConfiguration",
        pub backup_retention_period: Option<RetentionPeriod> =
            "backup-retention-period" / "BackupRetentionPeriod",
        pub parameter_group: Option<String> =
            "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
        pub subnet_group: Option<String> = "db-subnet-group-name" / "DBSubnetGroupName",
        pub data_gib: Option<DataGib> = "data-gib" / "Tags",
        pub data_pages: Option<u64> = "data-pages" / -,
    }
}

/// A new cluster's data in GiB: a scenario's `data-gib`, the API's
/// `cowsim:data-gib` tag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DataGib(pub f64);

/// The most data a volume holds, in GiB (256 TiB).
const MOST_GIB: f64 = 256.0 * 1024.0;

impl Validated for CreateCluster {
    type Fields = CreateClusterFields;

    fn validate(f: CreateClusterFields) -> Result<Self, Refusal> {
        const GIB: Param = param("data-gib", "Tags");
        const PAGES: Param = extension("data-pages");
        let page = f.engine.page_size();
        let data_pages = match (f.data_gib, f.data_pages) {
            (Some(_), Some(_)) => {
                return Err(Refusal::of(
                    PAGES,
                    "give `data-gib` or `data-pages`, not both",
                ));
            }
            (Some(DataGib(g)), None) if !(0.0..=MOST_GIB).contains(&g) => {
                return Err(Refusal::of(
                    GIB,
                    format!("`data-gib` = {g}: expected 0 to 262144 (256 TiB)"),
                ));
            }
            (Some(DataGib(g)), None) => (g * GIB_BYTES as f64 / page.bytes() as f64).round() as u64,
            (None, Some(p)) if p > page.max_pages() => {
                return Err(Refusal::of(
                    PAGES,
                    format!(
                        "`data-pages` = {p}: a volume holds at most {} pages of {page} (256 TiB)",
                        page.max_pages(),
                    ),
                ));
            }
            (None, Some(p)) => p,
            (None, None) => 0,
        };
        Ok(CreateCluster {
            identifier: f.identifier,
            engine: f.engine,
            engine_version: f.engine_version,
            engine_mode: f.engine_mode,
            storage_encrypted: f.storage_encrypted,
            kms_key_id: f.kms_key_id,
            storage_type: f.storage_type,
            data_pages,
            serverless_v2: f.serverless_v2,
            backup_retention_period: f.backup_retention_period,
            parameter_group: f.parameter_group,
            subnet_group: f.subnet_group,
        })
    }

    fn fields(&self) -> CreateClusterFields {
        CreateClusterFields {
            identifier: self.identifier.clone(),
            engine: self.engine,
            engine_version: self.engine_version.clone(),
            engine_mode: self.engine_mode,
            storage_encrypted: self.storage_encrypted,
            kms_key_id: self.kms_key_id.clone(),
            storage_type: self.storage_type,
            serverless_v2: self.serverless_v2.clone(),
            backup_retention_period: self.backup_retention_period,
            parameter_group: self.parameter_group.clone(),
            subnet_group: self.subnet_group.clone(),
            data_gib: None,
            data_pages: (self.data_pages > 0).then_some(self.data_pages),
        }
    }
}

validated!(CreateCluster, CreateClusterFields);

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
        pub identifier: String =
            "db-cluster-identifier" / "DBClusterIdentifier" valid DB_CLUSTER,
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
    /// `create-db-instance`: the class is required, as AWS requires it;
    /// the engine is accepted, and the cluster's is what counts.
    pub struct CreateDbInstance accepting {
        "engine" / "Engine": Option<DbEngine>,
    } {
        pub identifier: String =
            "db-instance-identifier" / "DBInstanceIdentifier" valid DB_INSTANCE,
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub class: InstanceClass = "db-instance-class" / "DBInstanceClass",
        pub parameter_group: Option<String> = "db-parameter-group-name" / "DBParameterGroupName",
        pub promotion_tier: Option<u64> = "promotion-tier" / "PromotionTier",
    }
}

request! {
    /// `modify-db-instance`: another class, billed from when the change
    /// completes, another DB parameter group or promotion tier; each
    /// applies at once whatever `apply-immediately` says.
    pub struct ModifyDbInstance accepting {
        "apply-immediately" / "ApplyImmediately": Option<bool>,
    } {
        pub identifier: String = "db-instance-identifier" / "DBInstanceIdentifier",
        pub class: Option<InstanceClass> = "db-instance-class" / "DBInstanceClass",
        pub parameter_group: Option<String> = "db-parameter-group-name" / "DBParameterGroupName",
        pub promotion_tier: Option<u64> = "promotion-tier" / "PromotionTier",
    }
}

request! {
    /// `stop-db-cluster`.
    pub struct StopDbCluster accepting {} {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
    }
}

request! {
    /// `start-db-cluster`.
    pub struct StartDbCluster accepting {} {
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
    /// `describe-db-instances`: the caller's instances, or one of them,
    /// filtered and a page at a time.
    pub struct DescribeDbInstances accepting {} {
        pub identifier: Option<String> = "db-instance-identifier" / "DBInstanceIdentifier",
        pub filters: Filters = "filters" / "Filters" or Filters::default(),
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

/// `describe-db-instances`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbInstancesResponse {
    #[serde(rename = "DBInstances")]
    pub instances: Vec<DbInstance>,
    /// Where the next page starts, when there is one.
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
}

request! {
    /// `modify-db-cluster`: a rename, another storage type or DB cluster
    /// parameter group; changes apply at once whatever
    /// `apply-immediately` says.
    pub struct ModifyDbCluster accepting {
        "apply-immediately" / "ApplyImmediately": Option<bool>,
    } {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub new_identifier: Option<String> =
            "new-db-cluster-identifier" / "NewDBClusterIdentifier" valid DB_CLUSTER,
        pub storage_type: Option<StorageType> = "storage-type" / "StorageType",
        pub serverless_v2: Option<ServerlessScaling> =
            "serverless-v2-scaling-configuration" / "ServerlessV2ScalingConfiguration",
        pub backup_retention_period: Option<RetentionPeriod> =
            "backup-retention-period" / "BackupRetentionPeriod",
        pub parameter_group: Option<String> =
            "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
    }
}

request! {
    /// `delete-db-cluster`.
    pub struct DeleteDbCluster accepting {} {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub skip_final_snapshot: bool = "skip-final-snapshot" / "SkipFinalSnapshot" or false,
        pub final_snapshot: Option<String> =
            "final-db-snapshot-identifier" / "FinalDBSnapshotIdentifier" valid FINAL_SNAPSHOT,
    }
}

request! {
    /// `describe-db-clusters`, filtered and a page at a time.
    pub struct DescribeDbClusters accepting {} {
        pub cluster: Option<ClusterRef> = "db-cluster-identifier" / "DBClusterIdentifier",
        pub include_shared: bool = "include-shared" / "IncludeShared" or false,
        pub filters: Filters = "filters" / "Filters" or Filters::default(),
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

/// A describe call's `Filters`: each filter keeps what matches one of its
/// values, and a result is kept when every filter keeps it. Names are
/// taken as given; the operation refuses a name it doesn't know, as RDS
/// does (see docs/aws-behaviour.md).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters(pub Vec<Filter>);

/// One filter: its name (`engine`) and the values it keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}

request! {
    /// `create-db-cluster-snapshot`.
    pub struct CreateDbClusterSnapshot accepting {} {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub snapshot: String =
            "db-cluster-snapshot-identifier" / "DBClusterSnapshotIdentifier"
                valid DB_CLUSTER_SNAPSHOT,
    }
}

request! {
    /// `copy-db-cluster-snapshot`, re-encrypted with `kms_key_id` if named.
    pub struct CopyDbClusterSnapshot accepting {} {
        pub source: SnapshotRef =
            "source-db-cluster-snapshot-identifier" / "SourceDBClusterSnapshotIdentifier",
        pub target: String =
            "target-db-cluster-snapshot-identifier" / "TargetDBClusterSnapshotIdentifier"
                valid DB_CLUSTER_SNAPSHOT,
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
        pub identifier: String =
            "db-cluster-identifier" / "DBClusterIdentifier" valid DB_CLUSTER,
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
        pub filters: Filters = "filters" / "Filters" or Filters::default(),
        pub max_records: Option<u64> = "max-records" / "MaxRecords",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

/// `describe-db-cluster-snapshots`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DescribeDbClusterSnapshotsResponse {
    #[serde(rename = "DBClusterSnapshots")]
    pub snapshots: Vec<DbClusterSnapshot>,
    /// Where the next page starts, when there is one.
    #[serde(rename = "Marker", skip_serializing_if = "Option::is_none")]
    pub marker: Option<String>,
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
