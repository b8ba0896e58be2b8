//! RDS objects: DB clusters, DB instances and DB cluster snapshots, with
//! the statuses the Aurora guide lists ("Viewing DB cluster status").

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::ids::{AccountId, ClusterId, InstanceId, KeyId};
use crate::engine::{PageSize, SnapshotId as VolumeSnapshotId, VolumeId};
use crate::time::SimTime;

/// The Aurora engines and their page sizes (docs/aws-behaviour.md, "Numbers").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum DbEngine {
    #[serde(rename = "aurora-mysql")]
    AuroraMysql,
    #[serde(rename = "aurora-postgresql")]
    AuroraPostgresql,
}

impl DbEngine {
    pub fn page_size(self) -> PageSize {
        match self {
            DbEngine::AuroraMysql => PageSize::K16,
            DbEngine::AuroraPostgresql => PageSize::K8,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            DbEngine::AuroraMysql => "aurora-mysql",
            DbEngine::AuroraPostgresql => "aurora-postgresql",
        }
    }

    /// A recent engine version, used when a scenario names none.
    pub fn default_version(self) -> &'static str {
        match self {
            DbEngine::AuroraMysql => "8.0.mysql_aurora.3.10.0",
            DbEngine::AuroraPostgresql => "17.5",
        }
    }
}

impl FromStr for DbEngine {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "aurora-mysql" => Ok(DbEngine::AuroraMysql),
            "aurora-postgresql" => Ok(DbEngine::AuroraPostgresql),
            _ => Err(format!(
                "unknown engine `{s}`: expected aurora-mysql or aurora-postgresql"
            )),
        }
    }
}

/// `provisioned`, or Serverless v1 (`serverless`), which can't be cloned
/// across accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EngineMode {
    Provisioned,
    Serverless,
}

impl FromStr for EngineMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "provisioned" => Ok(EngineMode::Provisioned),
            "serverless" => Ok(EngineMode::Serverless),
            _ => Err(format!(
                "unknown engine mode `{s}`: expected provisioned or serverless"
            )),
        }
    }
}

/// Aurora Standard (`aurora`) or I/O-Optimized (`aurora-iopt1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum StorageType {
    #[serde(rename = "aurora")]
    Standard,
    #[serde(rename = "aurora-iopt1")]
    IoOptimized,
}

impl StorageType {
    pub fn name(self) -> &'static str {
        match self {
            StorageType::Standard => "aurora",
            StorageType::IoOptimized => "aurora-iopt1",
        }
    }
}

impl FromStr for StorageType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "aurora" => Ok(StorageType::Standard),
            "aurora-iopt1" => Ok(StorageType::IoOptimized),
            _ => Err(format!(
                "unknown storage type `{s}`: expected aurora or aurora-iopt1"
            )),
        }
    }
}

/// A DB cluster's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClusterStatus {
    Creating,
    Available,
    Deleting,
    Deleted,
}

impl ClusterStatus {
    pub fn name(self) -> &'static str {
        match self {
            ClusterStatus::Creating => "creating",
            ClusterStatus::Available => "available",
            ClusterStatus::Deleting => "deleting",
            ClusterStatus::Deleted => "deleted",
        }
    }

    /// Whether storage is billed in this status (docs/aws-behaviour.md:
    /// not while creating or deleting).
    pub fn billed(self) -> bool {
        self == ClusterStatus::Available
    }
}

impl fmt::Display for ClusterStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a cluster came to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    Created,
    CopyOnWrite,
    FullCopy,
    SnapshotRestore,
}

/// A DB cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub id: ClusterId,
    pub identifier: String,
    pub account: AccountId,
    pub engine: DbEngine,
    pub engine_version: String,
    pub engine_mode: EngineMode,
    pub storage_type: StorageType,
    /// `None`: unencrypted.
    pub kms_key: Option<KeyId>,
    pub status: ClusterStatus,
    pub volume: VolumeId,
    pub clone_group_id: Option<String>,
    pub cross_account_clone: bool,
    pub origin: Origin,
    pub source: Option<ClusterId>,
    pub instances: Vec<InstanceId>,
    pub created_at: SimTime,
    /// When it became `available` (the first time).
    pub available_at: Option<SimTime>,
    /// Write I/O requests to date, in 4 KiB units.
    pub io_requests: u64,
}

/// A DB instance's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InstanceStatus {
    Creating,
    Available,
    Deleting,
    Deleted,
}

impl InstanceStatus {
    pub fn name(self) -> &'static str {
        match self {
            InstanceStatus::Creating => "creating",
            InstanceStatus::Available => "available",
            InstanceStatus::Deleting => "deleting",
            InstanceStatus::Deleted => "deleted",
        }
    }
}

/// A DB instance of a cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    pub id: InstanceId,
    pub identifier: String,
    pub account: AccountId,
    pub cluster: ClusterId,
    pub status: InstanceStatus,
    pub available_at: Option<SimTime>,
}

/// A cluster snapshot's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SnapshotStatus {
    Creating,
    Copying,
    Available,
    Deleted,
}

impl SnapshotStatus {
    pub fn name(self) -> &'static str {
        match self {
            SnapshotStatus::Creating => "creating",
            SnapshotStatus::Copying => "copying",
            SnapshotStatus::Available => "available",
            SnapshotStatus::Deleted => "deleted",
        }
    }
}

/// Who may restore a snapshot besides its owner.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RestoreAttribute {
    pub accounts: std::collections::BTreeSet<AccountId>,
    /// `all`: public.
    pub public: bool,
}

/// A DB cluster snapshot.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterSnapshot {
    pub identifier: String,
    pub account: AccountId,
    pub engine: DbEngine,
    pub engine_version: String,
    pub kms_key: Option<KeyId>,
    pub status: SnapshotStatus,
    pub image: VolumeSnapshotId,
    /// Pages in the image.
    pub pages: u64,
    pub source_cluster: String,
    pub restore: RestoreAttribute,
    pub created_at: SimTime,
}
