//! RDS objects: DB clusters, DB instances and DB cluster snapshots, with
//! the statuses the Aurora guide lists ("Viewing DB cluster status").

use super::ids::{AccountId, ClusterId, InstanceId, KeyId};
use crate::engine::{PageSize, SnapshotId as VolumeSnapshotId, VolumeId};
use crate::names::named_enum;
use crate::time::SimTime;

named_enum! {
    /// The Aurora engines and their page sizes (docs/aws-behaviour.md,
    /// "Numbers").
    pub enum DbEngine ("engine") {
        AuroraMysql = "aurora-mysql",
        AuroraPostgresql = "aurora-postgresql",
    }
}

impl DbEngine {
    pub fn page_size(self) -> PageSize {
        match self {
            DbEngine::AuroraMysql => PageSize::K16,
            DbEngine::AuroraPostgresql => PageSize::K8,
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

named_enum! {
    /// `provisioned`, or Serverless v1 (`serverless`), which can't be
    /// cloned across accounts.
    pub enum EngineMode ("engine mode") {
        Provisioned = "provisioned",
        Serverless = "serverless",
    }
}

named_enum! {
    /// Aurora Standard (`aurora`) or I/O-Optimized (`aurora-iopt1`).
    pub enum StorageType ("storage type") {
        Standard = "aurora",
        IoOptimized = "aurora-iopt1",
    }
}

named_enum! {
    /// A DB cluster's status.
    pub enum ClusterStatus ("cluster status") {
        Creating = "creating",
        Available = "available",
        Deleting = "deleting",
        Deleted = "deleted",
    }
}

impl ClusterStatus {
    /// Whether storage is billed in this status (docs/aws-behaviour.md:
    /// not while creating or deleting).
    pub fn billed(self) -> bool {
        self == ClusterStatus::Available
    }
}

named_enum! {
    /// How a cluster came to be.
    pub enum Origin ("origin") {
        Created = "created",
        CopyOnWrite = "copy-on-write",
        FullCopy = "full-copy",
        SnapshotRestore = "snapshot-restore",
    }
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

named_enum! {
    /// A DB instance's status.
    pub enum InstanceStatus ("instance status") {
        Creating = "creating",
        Available = "available",
        Deleting = "deleting",
        Deleted = "deleted",
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

named_enum! {
    /// A cluster snapshot's status.
    pub enum SnapshotStatus ("snapshot status") {
        Creating = "creating",
        Copying = "copying",
        Available = "available",
        Deleted = "deleted",
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
