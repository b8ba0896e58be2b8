//! RDS requests, and responses with the field names of the RDS API (botocore's `rds`
//! service model): what a caller is told about clusters, instances and
//! snapshots. What the simulator adds about a call (when it will be
//! available, what a restore did) is held apart, as `SimExtras`
//! (`extras.rs`), and never sent.

use serde::Serialize;

use super::declare::{Param, Refusal, Validated, extension, param, request, validated};
use super::extras::{Availability, SimExtras};
use super::filters::Filters;
use super::identifiers::{DB_CLUSTER, DB_CLUSTER_SNAPSHOT, DB_INSTANCE, FINAL_SNAPSHOT};
use super::refs::{ClusterRef, SnapshotRef};
use super::tags::{DATA_GIB_TAG, Tags};
use crate::cloud::ids::AccountId;
use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::rds::{
    ClusterStatus, DbEngine, EngineMode, InstanceStatus, SnapshotStatus, StorageType,
};
use crate::cloud::retention::RetentionPeriod;
use crate::cloud::serverless::ServerlessScaling;
use crate::engine::GIB as GIB_BYTES;
use crate::names::named_enum;
use crate::time::SimTime;

/// A DB cluster as its owner sees it: every member of botocore's
/// `DBCluster` that AWS fills for an Aurora cluster of the kinds cowsim
/// models (tests/clients/test_shapes.py lists those left out, and why).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbCluster {
    #[serde(rename = "DBClusterIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBClusterArn")]
    pub arn: String,
    #[serde(rename = "DbClusterResourceId")]
    pub resource_id: String,
    #[serde(rename = "Status")]
    pub status: ClusterStatus,
    #[serde(rename = "Engine")]
    pub engine: DbEngine,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
    #[serde(rename = "EngineMode")]
    pub engine_mode: EngineMode,
    #[serde(rename = "EngineLifecycleSupport")]
    pub engine_lifecycle_support: &'static str,
    #[serde(rename = "StorageType")]
    pub storage_type: StorageType,
    #[serde(rename = "StorageEncrypted")]
    pub storage_encrypted: bool,
    #[serde(rename = "StorageEncryptionType")]
    pub storage_encryption_type: &'static str,
    /// The key's alias for `aws/rds`, else its ARN.
    #[serde(rename = "KmsKeyId")]
    pub kms_key_id: Option<String>,
    #[serde(rename = "CloneGroupId")]
    pub clone_group_id: Option<String>,
    #[serde(rename = "CrossAccountClone")]
    pub cross_account_clone: bool,
    #[serde(rename = "DBClusterMembers")]
    pub members: Vec<DbClusterMember>,
    #[serde(rename = "AvailabilityZones")]
    pub availability_zones: Vec<String>,
    #[serde(rename = "MultiAZ")]
    pub multi_az: bool,
    #[serde(rename = "Endpoint")]
    pub endpoint: String,
    #[serde(rename = "ReaderEndpoint")]
    pub reader_endpoint: String,
    #[serde(rename = "CustomEndpoints")]
    pub custom_endpoints: Vec<String>,
    #[serde(rename = "Port")]
    pub port: u16,
    #[serde(rename = "HostedZoneId", skip_serializing_if = "Option::is_none")]
    pub hosted_zone_id: Option<&'static str>,
    #[serde(rename = "NetworkType")]
    pub network_type: &'static str,
    #[serde(rename = "VpcSecurityGroups")]
    pub vpc_security_groups: Vec<VpcSecurityGroup>,
    #[serde(rename = "DBSubnetGroup")]
    pub subnet_group: String,
    #[serde(rename = "DBClusterParameterGroup")]
    pub parameter_group: String,
    /// Aurora clusters belong to no option group.
    #[serde(rename = "DBClusterOptionGroupMemberships")]
    pub option_groups: Vec<String>,
    #[serde(rename = "MasterUsername")]
    pub master_username: &'static str,
    #[serde(rename = "IAMDatabaseAuthenticationEnabled")]
    pub iam_database_authentication: bool,
    #[serde(rename = "HttpEndpointEnabled")]
    pub http_endpoint_enabled: bool,
    #[serde(rename = "ActivityStreamStatus")]
    pub activity_stream_status: &'static str,
    #[serde(rename = "DatabaseInsightsMode")]
    pub database_insights_mode: &'static str,
    #[serde(rename = "AutoMinorVersionUpgrade")]
    pub auto_minor_version_upgrade: bool,
    #[serde(rename = "DeletionProtection")]
    pub deletion_protection: bool,
    #[serde(rename = "CopyTagsToSnapshot")]
    pub copy_tags_to_snapshot: bool,
    #[serde(rename = "PreferredBackupWindow")]
    pub backup_window: String,
    #[serde(rename = "PreferredMaintenanceWindow")]
    pub maintenance_window: String,
    /// Aurora read replicas are instances of the cluster: none here.
    #[serde(rename = "ReadReplicaIdentifiers")]
    pub read_replicas: Vec<String>,
    #[serde(rename = "AssociatedRoles")]
    pub associated_roles: Vec<String>,
    #[serde(rename = "DomainMemberships")]
    pub domain_memberships: Vec<String>,
    #[serde(rename = "TagList")]
    pub tags: Tags,
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
}

/// The VPC security group a cluster or instance is in: the default one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VpcSecurityGroup {
    #[serde(rename = "VpcSecurityGroupId")]
    pub id: String,
    #[serde(rename = "Status")]
    pub status: &'static str,
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
    #[serde(rename = "DBClusterParameterGroupStatus")]
    pub parameter_group_status: &'static str,
    /// Which reader is promoted first on a failover (0 first, AWS's
    /// default 1).
    #[serde(rename = "PromotionTier")]
    pub promotion_tier: u8,
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
    Owned(Box<DbCluster>),
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
    pub cluster: Box<DbCluster>,
    #[serde(flatten)]
    pub sim: SimExtras<Availability>,
}

/// `restore-db-cluster-to-point-in-time`: the new cluster, what was done
/// (the 16th same-account clone of a family is a full copy), and when it
/// will be available.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RestoreDbClusterResponse {
    #[serde(rename = "DBCluster")]
    pub cluster: Box<DbCluster>,
    #[serde(flatten)]
    pub sim: SimExtras<Restored>,
}

/// A DB instance of an Aurora cluster: every member of botocore's
/// `DBInstance` that AWS fills for one (tests/clients/test_shapes.py lists
/// those left out, and why).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbInstance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBInstanceArn")]
    pub arn: String,
    #[serde(rename = "DbiResourceId")]
    pub resource_id: String,
    #[serde(rename = "DBClusterIdentifier")]
    pub cluster: String,
    #[serde(rename = "DBInstanceStatus")]
    pub status: InstanceStatus,
    #[serde(rename = "DBInstanceClass")]
    pub class: InstanceClass,
    #[serde(rename = "Engine")]
    pub engine: DbEngine,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
    #[serde(rename = "EngineLifecycleSupport")]
    pub engine_lifecycle_support: &'static str,
    #[serde(rename = "LicenseModel")]
    pub license_model: &'static str,
    /// Where it answers, once it is up (AWS gives none while creating).
    #[serde(rename = "Endpoint", skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// 0: an Aurora instance listens on its cluster's port.
    #[serde(rename = "DbInstancePort")]
    pub port: u16,
    #[serde(rename = "InstanceCreateTime", skip_serializing_if = "Option::is_none")]
    pub created: Option<SimTime>,
    #[serde(rename = "AvailabilityZone")]
    pub availability_zone: String,
    #[serde(rename = "MultiAZ")]
    pub multi_az: bool,
    /// Aurora storage belongs to the cluster: an instance shows 1.
    #[serde(rename = "AllocatedStorage")]
    pub allocated_storage: u64,
    #[serde(rename = "StorageType")]
    pub storage_type: StorageType,
    #[serde(rename = "StorageEncrypted")]
    pub storage_encrypted: bool,
    #[serde(rename = "KmsKeyId", skip_serializing_if = "Option::is_none")]
    pub kms_key_id: Option<String>,
    #[serde(rename = "MasterUsername")]
    pub master_username: &'static str,
    #[serde(rename = "PreferredBackupWindow")]
    pub backup_window: String,
    #[serde(rename = "PreferredMaintenanceWindow")]
    pub maintenance_window: String,
    #[serde(rename = "BackupRetentionPeriod")]
    pub backup_retention_period: RetentionPeriod,
    #[serde(rename = "BackupTarget")]
    pub backup_target: &'static str,
    #[serde(rename = "DBSecurityGroups")]
    pub db_security_groups: Vec<String>,
    #[serde(rename = "VpcSecurityGroups")]
    pub vpc_security_groups: Vec<VpcSecurityGroup>,
    #[serde(rename = "DBParameterGroups")]
    pub parameter_groups: Vec<ParameterGroupStatus>,
    #[serde(rename = "OptionGroupMemberships")]
    pub option_groups: Vec<OptionGroupMembership>,
    #[serde(rename = "DBSubnetGroup")]
    pub subnet_group: SubnetGroup,
    /// Nothing pending: changes apply at once.
    #[serde(rename = "PendingModifiedValues")]
    pub pending: PendingModifiedValues,
    #[serde(rename = "AutoMinorVersionUpgrade")]
    pub auto_minor_version_upgrade: bool,
    #[serde(rename = "ReadReplicaDBInstanceIdentifiers")]
    pub read_replica_instances: Vec<String>,
    #[serde(rename = "ReadReplicaDBClusterIdentifiers")]
    pub read_replica_clusters: Vec<String>,
    #[serde(rename = "PubliclyAccessible")]
    pub publicly_accessible: bool,
    #[serde(rename = "CACertificateIdentifier")]
    pub ca_certificate: &'static str,
    #[serde(rename = "CertificateDetails")]
    pub certificate: CertificateDetails,
    #[serde(rename = "DomainMemberships")]
    pub domain_memberships: Vec<String>,
    #[serde(rename = "CopyTagsToSnapshot")]
    pub copy_tags_to_snapshot: bool,
    #[serde(rename = "MonitoringInterval")]
    pub monitoring_interval: u32,
    #[serde(rename = "PromotionTier")]
    pub promotion_tier: u8,
    #[serde(rename = "IAMDatabaseAuthenticationEnabled")]
    pub iam_database_authentication: bool,
    #[serde(rename = "DatabaseInsightsMode")]
    pub database_insights_mode: &'static str,
    #[serde(rename = "PerformanceInsightsEnabled")]
    pub performance_insights: bool,
    /// Deletion protection is the cluster's: an instance of a cluster
    /// shows false.
    #[serde(rename = "DeletionProtection")]
    pub deletion_protection: bool,
    #[serde(rename = "AssociatedRoles")]
    pub associated_roles: Vec<String>,
    #[serde(rename = "CustomerOwnedIpEnabled")]
    pub customer_owned_ip: bool,
    #[serde(rename = "NetworkType")]
    pub network_type: &'static str,
    #[serde(rename = "ActivityStreamStatus")]
    pub activity_stream_status: &'static str,
    #[serde(rename = "DedicatedLogVolume")]
    pub dedicated_log_volume: bool,
    #[serde(rename = "IsStorageConfigUpgradeAvailable")]
    pub storage_config_upgrade: bool,
    #[serde(rename = "TagList")]
    pub tags: Tags,
}

/// Where an instance answers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Endpoint {
    #[serde(rename = "Address")]
    pub address: String,
    #[serde(rename = "Port")]
    pub port: u16,
    #[serde(rename = "HostedZoneId", skip_serializing_if = "Option::is_none")]
    pub hosted_zone_id: Option<&'static str>,
}

/// A DB parameter group an instance uses, and whether it applies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParameterGroupStatus {
    #[serde(rename = "DBParameterGroupName")]
    pub name: String,
    #[serde(rename = "ParameterApplyStatus")]
    pub status: &'static str,
}

/// An option group an instance belongs to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OptionGroupMembership {
    #[serde(rename = "OptionGroupName")]
    pub name: String,
    #[serde(rename = "Status")]
    pub status: &'static str,
}

/// The DB subnet group an instance is placed in, as `DBInstance` shows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubnetGroup {
    #[serde(rename = "DBSubnetGroupName")]
    pub name: String,
    #[serde(rename = "DBSubnetGroupDescription")]
    pub description: String,
    #[serde(rename = "VpcId")]
    pub vpc_id: String,
    #[serde(rename = "SubnetGroupStatus")]
    pub status: &'static str,
}

/// Changes waiting for a maintenance window: none in cowsim.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct PendingModifiedValues {}

/// The server certificate an instance presents.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CertificateDetails {
    #[serde(rename = "CAIdentifier")]
    pub ca: &'static str,
    #[serde(rename = "ValidTill")]
    pub valid_till: SimTime,
}

/// `create-db-instance` (with when it will be available) and
/// `delete-db-instance`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbInstanceResponse {
    #[serde(rename = "DBInstance")]
    pub instance: Box<DbInstance>,
    #[serde(flatten)]
    pub sim: SimExtras<Availability>,
}

/// A DB cluster snapshot: every member of botocore's `DBClusterSnapshot`
/// that AWS fills for one of an Aurora cluster (tests/clients/test_shapes.py
/// lists those left out, and why).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterSnapshot {
    #[serde(rename = "DBClusterSnapshotIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBClusterSnapshotArn")]
    pub arn: String,
    #[serde(rename = "DBClusterIdentifier")]
    pub cluster: String,
    #[serde(rename = "DbClusterResourceId")]
    pub cluster_resource_id: String,
    /// The snapshot it copies, for a copy.
    #[serde(
        rename = "SourceDBClusterSnapshotArn",
        skip_serializing_if = "Option::is_none"
    )]
    pub source_arn: Option<String>,
    #[serde(rename = "SnapshotType")]
    pub snapshot_type: &'static str,
    #[serde(rename = "Engine")]
    pub engine: DbEngine,
    #[serde(rename = "EngineVersion")]
    pub engine_version: String,
    #[serde(rename = "EngineMode")]
    pub engine_mode: EngineMode,
    #[serde(rename = "LicenseModel")]
    pub license_model: &'static str,
    #[serde(rename = "Status")]
    pub status: SnapshotStatus,
    #[serde(rename = "PercentProgress")]
    pub percent_progress: u8,
    #[serde(rename = "StorageEncrypted")]
    pub storage_encrypted: bool,
    #[serde(rename = "StorageEncryptionType")]
    pub storage_encryption_type: &'static str,
    #[serde(rename = "KmsKeyId")]
    pub kms_key_id: Option<String>,
    #[serde(rename = "StorageType")]
    pub storage_type: StorageType,
    #[serde(rename = "AvailabilityZones")]
    pub availability_zones: Vec<String>,
    #[serde(rename = "Port")]
    pub port: u16,
    #[serde(rename = "VpcId")]
    pub vpc_id: String,
    #[serde(rename = "MasterUsername")]
    pub master_username: &'static str,
    #[serde(rename = "IAMDatabaseAuthenticationEnabled")]
    pub iam_database_authentication: bool,
    #[serde(rename = "ClusterCreateTime")]
    pub cluster_created: SimTime,
    #[serde(rename = "SnapshotCreateTime")]
    pub created: SimTime,
    /// GiB, rounded down.
    #[serde(rename = "AllocatedStorage")]
    pub allocated_storage: u64,
    #[serde(rename = "TagList")]
    pub tags: Tags,
}

/// `create-db-cluster-snapshot`, `copy-db-cluster-snapshot` (with when it
/// will be available) and `delete-db-cluster-snapshot`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DbClusterSnapshotResponse {
    #[serde(rename = "DBClusterSnapshot")]
    pub snapshot: Box<DbClusterSnapshot>,
    #[serde(flatten)]
    pub sim: SimExtras<Availability>,
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
    /// Its tags (a `cowsim:data-gib` tag is read as its data, not kept).
    pub tags: Tags,
    pub deletion_protection: bool,
    pub copy_tags_to_snapshot: bool,
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
            tags: Tags::default(),
            deletion_protection: false,
            copy_tags_to_snapshot: false,
        }
    }
}

request! {
    /// `create-db-cluster` as given: its data, if any, in GiB (a
    /// scenario's `data-gib`, or through the API the `cowsim:data-gib`
    /// tag) or in pages (a scenario's only).
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
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
        pub deletion_protection: bool =
            "deletion-protection" / "DeletionProtection" or false,
        pub copy_tags_to_snapshot: bool =
            "copy-tags-to-snapshot" / "CopyTagsToSnapshot" or false,
        pub data_gib: Option<DataGib> = "data-gib" / -,
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
        const GIB: Param = extension("data-gib");
        const PAGES: Param = extension("data-pages");
        const TAGS: Param = param("tags", "Tags");
        let page = f.engine.page_size();
        let tagged = match f.tags.get(DATA_GIB_TAG) {
            Some(value) => Some(value.parse().map(DataGib).map_err(|_| {
                Refusal::of(
                    TAGS,
                    format!(
                        "tag {DATA_GIB_TAG} = {:?}: expected a number of GiB",
                        crate::shown::shown(value)
                    ),
                )
            })?),
            None => None,
        };
        let data_gib = match (f.data_gib, tagged) {
            (Some(_), Some(_)) => {
                return Err(Refusal::of(
                    GIB,
                    format!("give `data-gib` or the tag {DATA_GIB_TAG}, not both"),
                ));
            }
            (given, tagged) => given.or(tagged),
        };
        let data_pages = match (data_gib, f.data_pages) {
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
            tags: f.tags.without(&[DATA_GIB_TAG.to_string()]),
            deletion_protection: f.deletion_protection,
            copy_tags_to_snapshot: f.copy_tags_to_snapshot,
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
            tags: self.tags.clone(),
            deletion_protection: self.deletion_protection,
            copy_tags_to_snapshot: self.copy_tags_to_snapshot,
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
        pub parameter_group: Option<String> =
            "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
        pub subnet_group: Option<String> = "db-subnet-group-name" / "DBSubnetGroupName",
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
        pub deletion_protection: bool =
            "deletion-protection" / "DeletionProtection" or false,
        pub copy_tags_to_snapshot: bool =
            "copy-tags-to-snapshot" / "CopyTagsToSnapshot" or false,
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
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
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
    /// parameter group, deletion protection, whether snapshots copy its
    /// tags; changes apply at once whatever `apply-immediately` says.
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
        pub deletion_protection: Option<bool> = "deletion-protection" / "DeletionProtection",
        pub copy_tags_to_snapshot: Option<bool> =
            "copy-tags-to-snapshot" / "CopyTagsToSnapshot",
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

request! {
    /// `create-db-cluster-snapshot`.
    pub struct CreateDbClusterSnapshot accepting {} {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub snapshot: String =
            "db-cluster-snapshot-identifier" / "DBClusterSnapshotIdentifier"
                valid DB_CLUSTER_SNAPSHOT,
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
    }
}

request! {
    /// `copy-db-cluster-snapshot`, re-encrypted with `kms_key_id` if named;
    /// tagged with `tags`, or with `copy_tags` the source's tags.
    pub struct CopyDbClusterSnapshot accepting {} {
        pub source: SnapshotRef =
            "source-db-cluster-snapshot-identifier" / "SourceDBClusterSnapshotIdentifier",
        pub target: String =
            "target-db-cluster-snapshot-identifier" / "TargetDBClusterSnapshotIdentifier"
                valid DB_CLUSTER_SNAPSHOT,
        pub kms_key_id: Option<String> = "kms-key-id" / "KmsKeyId",
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
        pub copy_tags: bool = "copy-tags" / "CopyTags" or false,
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
        pub parameter_group: Option<String> =
            "db-cluster-parameter-group-name" / "DBClusterParameterGroupName",
        pub subnet_group: Option<String> = "db-subnet-group-name" / "DBSubnetGroupName",
        pub tags: Tags = "tags" / "Tags" or Tags::default(),
        pub deletion_protection: bool =
            "deletion-protection" / "DeletionProtection" or false,
        pub copy_tags_to_snapshot: bool =
            "copy-tags-to-snapshot" / "CopyTagsToSnapshot" or false,
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

/// What a restore to a point in time did (the 16th same-account clone of
/// a family is a full copy), and when its cluster will be available.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Restored {
    pub restore_type_applied: RestoreType,
    pub available_at: SimTime,
}
