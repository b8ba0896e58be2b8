//! RDS objects: DB clusters, DB instances and DB cluster snapshots, with
//! the statuses the Aurora guide lists ("Viewing DB cluster status").

pub use super::db_engine::DbEngine;
use super::ids::{AccountId, ClusterId, ClusterSnapshotId, InstanceId, KeyId};
use super::instance_classes::InstanceClass;
use super::instance_hours::InstanceHours;
use super::retention::RetentionPeriod;
use super::serverless::ServerlessScaling;
pub use super::storage_type::StorageType;
use super::tag_list::Tags;
use crate::engine::{SnapshotId as VolumeSnapshotId, VolumeId};
use crate::names::named_enum;
use crate::time::{DAY, Seconds, SimTime};

named_enum! {
    /// `provisioned`, or Serverless v1 (`serverless`), which can't be
    /// cloned across accounts.
    pub enum EngineMode ("engine mode") {
        Provisioned = "provisioned",
        Serverless = "serverless",
    }
}

/// How long a cluster stays stopped before AWS starts it again
/// (docs/aws-behaviour.md, "Stopped clusters").
pub const STOPPED_AT_MOST: Seconds = 7 * DAY;

named_enum! {
    /// A DB cluster's status.
    pub enum ClusterStatus ("cluster status") {
        Creating = "creating",
        Available = "available",
        Stopping = "stopping",
        Stopped = "stopped",
        Starting = "starting",
        /// A reader is being promoted (`failover-db-cluster`).
        FailingOver = "failing-over",
        Deleting = "deleting",
        Deleted = "deleted",
    }
}

impl ClusterStatus {
    /// Whether storage is billed in this status (docs/aws-behaviour.md:
    /// not while creating or deleting; a stopped cluster still pays for
    /// its storage).
    pub fn billed(self) -> bool {
        matches!(
            self,
            ClusterStatus::Available
                | ClusterStatus::Stopping
                | ClusterStatus::Stopped
                | ClusterStatus::Starting
                | ClusterStatus::FailingOver
        )
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

/// A DB cluster. Its record is the control plane's: others read it
/// through the accessors below, which name what they ask.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    pub(super) id: ClusterId,
    pub(super) identifier: String,
    pub(super) account: AccountId,
    pub(super) engine: DbEngine,
    pub(super) engine_version: String,
    pub(super) engine_mode: EngineMode,
    pub(super) storage_type: StorageType,
    /// `None`: unencrypted.
    pub(super) kms_key: Option<KeyId>,
    pub(super) status: ClusterStatus,
    pub(super) volume: VolumeId,
    pub(super) clone_group_id: Option<String>,
    pub(super) cross_account_clone: bool,
    pub(super) origin: Origin,
    pub(super) source: Option<ClusterId>,
    /// The snapshot it was restored from, for a snapshot restore.
    pub(super) restored_from: Option<ClusterSnapshotId>,
    pub(super) instances: Vec<InstanceId>,
    pub(super) created_at: SimTime,
    /// When it became `available` (the first time).
    pub(super) available_at: Option<SimTime>,
    /// Write I/O requests to date, in 4 KiB units.
    pub(super) io_requests: u64,
    /// Its Aurora Serverless v2 capacity range and the ACUs its
    /// serverless instances run at; `None`: not set.
    pub(super) serverless: Option<ServerlessScaling>,
    /// When it was last stopped, while it is stopping or stopped.
    pub(super) stopped_at: Option<SimTime>,
    /// Days of continuous backup.
    pub(super) backup_retention: RetentionPeriod,
    /// Its DB cluster parameter group, when it was given one (lower case).
    pub(super) parameter_group: Option<String>,
    /// Its DB subnet group, when it was given one (lower case).
    pub(super) subnet_group: Option<String>,
    /// When a modification last switched it to I/O-Optimized.
    pub(super) switched_to_iopt: Option<SimTime>,
    /// Its `DbClusterResourceId` (`cluster-…`), which a rename keeps.
    pub(super) resource_id: String,
    /// `DeletionProtection`: a delete is refused while it is set.
    pub(super) deletion_protection: bool,
    /// `CopyTagsToSnapshot`: the snapshots it makes carry its tags.
    pub(super) copy_tags_to_snapshot: bool,
    pub(super) tags: Tags,
}

impl Cluster {
    pub fn id(&self) -> ClusterId {
        self.id
    }

    /// Its `DBClusterIdentifier`.
    pub fn identifier(&self) -> &str {
        &self.identifier
    }

    /// The account that owns it.
    pub fn account(&self) -> AccountId {
        self.account
    }

    pub fn engine(&self) -> DbEngine {
        self.engine
    }

    pub fn storage_type(&self) -> StorageType {
        self.storage_type
    }

    /// Its key; `None`: unencrypted.
    pub fn kms_key(&self) -> Option<KeyId> {
        self.kms_key
    }

    pub fn backup_retention(&self) -> RetentionPeriod {
        self.backup_retention
    }

    pub fn status(&self) -> ClusterStatus {
        self.status
    }

    pub fn clone_group_id(&self) -> Option<&str> {
        self.clone_group_id.as_deref()
    }

    /// A clone of another account's cluster.
    pub fn cross_account_clone(&self) -> bool {
        self.cross_account_clone
    }

    /// The cluster it was cloned or copied from (point in time).
    pub fn source(&self) -> Option<ClusterId> {
        self.source
    }

    /// The snapshot it was restored from, if it was.
    pub fn restored_from(&self) -> Option<ClusterSnapshotId> {
        self.restored_from
    }

    /// How it was made.
    pub fn origin(&self) -> Origin {
        self.origin
    }

    pub fn created_at(&self) -> SimTime {
        self.created_at
    }

    /// When it became `available` (the first time).
    pub fn available_at(&self) -> Option<SimTime> {
        self.available_at
    }

    /// Write I/O requests to date, in 4 KiB units.
    pub fn io_requests(&self) -> u64 {
        self.io_requests
    }

    /// Its Serverless v2 scaling configuration, if set.
    pub fn serverless(&self) -> Option<&ServerlessScaling> {
        self.serverless.as_ref()
    }

    /// Its `DbClusterResourceId`.
    pub fn resource_id(&self) -> &str {
        &self.resource_id
    }

    /// When AWS starts it again by itself, while it is stopped.
    pub fn automatic_restart_at(&self) -> Option<SimTime> {
        self.stopped_at
            .filter(|_| self.status == ClusterStatus::Stopped)
            .map(|t| t.plus(STOPPED_AT_MOST))
    }
}

/// A stretch of time a cluster was stopped, kept for the reports: from
/// its `stop-db-cluster` to its start (asked for, or AWS's after seven
/// days) or its deletion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoppedPeriod {
    pub cluster: ClusterId,
    pub from: SimTime,
    /// `None` while it lasts.
    pub until: Option<SimTime>,
}

named_enum! {
    /// A DB instance's status.
    pub enum InstanceStatus ("instance status") {
        Creating = "creating",
        Available = "available",
        Modifying = "modifying",
        Rebooting = "rebooting",
        Stopping = "stopping",
        Stopped = "stopped",
        Starting = "starting",
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
    /// Its class, as it is billed now (a modification in progress takes
    /// effect when it completes).
    pub class: InstanceClass,
    /// Its billable time to date, per class and storage type.
    pub hours: InstanceHours,
    /// Its DB parameter group, when it was given one (lower case).
    pub parameter_group: Option<String>,
    /// Its promotion tier (0 to 15), when it was given one; RDS's default
    /// is 1.
    pub promotion_tier: Option<u8>,
    /// Its `DbiResourceId` (`db-…`).
    pub resource_id: String,
    pub created_at: SimTime,
    pub tags: Tags,
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
    /// The cluster whose pages it holds (a copy's: its original's).
    pub cluster: ClusterId,
    /// The snapshot it copies, if it is a copy.
    pub copy_of: Option<ClusterSnapshotId>,
    pub restore: RestoreAttribute,
    pub created_at: SimTime,
    pub tags: Tags,
}
