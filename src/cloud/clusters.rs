//! RDS cluster and instance operations, point-in-time restore and clones.

use std::borrow::Cow;

use super::ids::{AccountId, ClusterId, InstanceId, KeyId};
use super::instance_classes::InstanceClass;
use super::instance_hours::InstanceHours;
use super::ops::extras::SimExtras;
use super::ops::rds::Restored;
use super::ops::rds::{
    CreateCluster, DbClusterResponse, DbInstanceResponse, ModifyDbCluster,
    RestoreDbClusterResponse, RestoreToPointInTime, RestoreType,
};
use super::ops::refs::{ClusterRef, Target};
use super::ops::sim::{WritePages, WriteResult};
use super::rds::{Cluster, ClusterStatus, Instance, InstanceStatus, Origin, StorageType};
use super::serverless::ServerlessScaling;
use super::{AwsError, CLONE_LIMIT, Cloud, Minted, Pending, RetentionPeriod};
use crate::engine::{EngineError, GIB, PageSet, VolumeId};
use crate::latency::LongOp;
use crate::time::SimTime;
use crate::workload::WriteMode;

use super::groups::{Family, Level};
use crate::time::Seconds;

/// How long after a switch to I/O-Optimized a cluster can be switched to
/// it again (the Aurora guide: once every 30 days).
const IOPT_SWITCH_SECONDS: Seconds = 30 * 24 * 3600;

/// What a `create-db-instance` gives besides the instance's class.
#[derive(Clone, Copy, Debug, Default)]
pub struct InstanceOptions<'a> {
    pub parameter_group: Option<&'a str>,
    pub promotion_tier: Option<u64>,
}

/// What a `modify-db-cluster` changes.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClusterChanges<'a> {
    pub new_identifier: Option<&'a str>,
    pub storage_type: Option<crate::cloud::rds::StorageType>,
    pub serverless: Option<&'a ServerlessScaling>,
    pub retention: Option<RetentionPeriod>,
    pub parameter_group: Option<&'a str>,
    pub deletion_protection: Option<bool>,
    pub copy_tags_to_snapshot: Option<bool>,
}

/// A promotion tier as given, 0 to 15.
pub(super) fn promotion_tier(tier: u64) -> Result<u8, AwsError> {
    u8::try_from(tier).ok().filter(|t| *t <= 15).ok_or_else(|| {
        AwsError::InvalidParameterValue(format!(
            "PromotionTier {tier} is not valid: expected 0 to 15"
        ))
    })
}

impl Cloud {
    /// `create-db-cluster`: a new cluster holding `data_pages` pages, which
    /// becomes `available` after `create-seconds`.
    pub fn create_db_cluster(
        &mut self,
        caller: AccountId,
        req: CreateCluster,
    ) -> Result<DbClusterResponse, AwsError> {
        self.check_new_cluster(caller, &req.identifier)?;
        let family = Family::of(
            req.engine,
            req.engine_version
                .as_deref()
                .unwrap_or(req.engine.default_version()),
        );
        let (parameter_group, subnet_group) = self.new_cluster_groups(
            caller,
            family,
            req.parameter_group.as_deref(),
            req.subnet_group.as_deref(),
        )?;
        let key = if req.storage_encrypted || req.kms_key_id.is_some() {
            Some(self.usable_key(caller, req.kms_key_id.as_deref())?)
        } else {
            None
        };
        let all = PageSet::range(0..req.data_pages);
        let data = self.engine_pages(&all);
        let volume = self
            .engine
            .create_volume_pages(req.engine.page_size(), &data, req.data_pages)
            .map_err(|e| AwsError::InvalidParameterValue(e.to_string()))?;
        let id = self.push_cluster(Cluster {
            id: ClusterId(0),
            identifier: req.identifier,
            account: caller,
            engine: req.engine,
            engine_version: req
                .engine_version
                .unwrap_or_else(|| req.engine.default_version().into()),
            engine_mode: req.engine_mode,
            storage_type: req.storage_type,
            kms_key: key,
            status: ClusterStatus::Creating,
            volume,
            clone_group_id: None,
            cross_account_clone: false,
            origin: Origin::Created,
            source: None,
            restored_from: None,
            instances: Vec::new(),
            created_at: self.now,
            available_at: None,
            io_requests: 0,
            serverless: req.serverless_v2,
            stopped_at: None,
            backup_retention: req.backup_retention_period.unwrap_or_default(),
            parameter_group,
            subnet_group,
            switched_to_iopt: None,
            resource_id: String::new(),
            deletion_protection: req.deletion_protection,
            copy_tags_to_snapshot: req.copy_tags_to_snapshot,
            tags: req.tags,
        });
        let ready = self.schedule(LongOp::Create, Pending::ClusterReady(id));
        Ok(DbClusterResponse {
            cluster: self.db_cluster(id),
            sim: SimExtras::available_at(Some(ready)),
        })
    }

    /// The DB cluster parameter group and DB subnet group a new cluster
    /// is given by name (`create-db-cluster` and both restores), as it
    /// keeps them: each must be the caller's, the parameter group of the
    /// new cluster's family. A missing one is refused as AWS refuses it,
    /// with `DBClusterParameterGroupNotFound` or
    /// `DBSubnetGroupNotFoundFault`; unnamed, the cluster shows its
    /// family's default and `default`.
    pub(super) fn new_cluster_groups(
        &self,
        caller: AccountId,
        family: Option<Family>,
        parameter_group: Option<&str>,
        subnet_group: Option<&str>,
    ) -> Result<(Option<String>, Option<String>), AwsError> {
        let parameter_group = parameter_group
            .map(|g| {
                self.usable_parameter_group(
                    Level::Cluster,
                    caller,
                    g,
                    family,
                    AwsError::DbClusterParameterGroupNotFound,
                )
            })
            .transpose()?;
        let subnet_group = subnet_group
            .map(|g| self.usable_subnet_group(caller, g))
            .transpose()?;
        Ok((parameter_group, subnet_group))
    }

    /// `create-db-instance`: the cluster must be the caller's and
    /// `available`, and offer `class` (for `db.serverless`, have a
    /// Serverless v2 scaling configuration).
    pub fn create_db_instance(
        &mut self,
        caller: AccountId,
        identifier: &str,
        cluster: impl Into<ClusterRef>,
        class: InstanceClass,
    ) -> Result<DbInstanceResponse, AwsError> {
        self.create_db_instance_with(
            caller,
            identifier,
            cluster,
            class,
            InstanceOptions::default(),
        )
    }

    /// `create-db-instance`, with a DB parameter group or promotion tier.
    pub fn create_db_instance_with(
        &mut self,
        caller: AccountId,
        identifier: &str,
        cluster: impl Into<ClusterRef>,
        class: InstanceClass,
        options: InstanceOptions<'_>,
    ) -> Result<DbInstanceResponse, AwsError> {
        let cluster: ClusterRef = cluster.into();
        let c = self.own_cluster(caller, &cluster)?;
        self.check_class(c, class)?;
        let family = self.cluster_family(c);
        let parameter_group = options
            .parameter_group
            .map(|g| {
                self.usable_parameter_group(
                    Level::Instance,
                    caller,
                    g,
                    family,
                    AwsError::DbParameterGroupNotFound,
                )
            })
            .transpose()?;
        let promotion_tier = options.promotion_tier.map(promotion_tier).transpose()?;
        let identifier = identifier.to_ascii_lowercase();
        let identifier = identifier.as_str();
        if self.instances.iter().any(|i| {
            i.account == caller && i.identifier == identifier && i.status != InstanceStatus::Deleted
        }) {
            return Err(AwsError::DbInstanceAlreadyExists(identifier.into()));
        }
        let status = self.clusters[c.index()].status;
        if status != ClusterStatus::Available {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} is {status}: a DB instance can only be created in an available cluster"
            )));
        }
        let id = InstanceId(self.instances.len() as u32);
        self.instances.push(Instance {
            id,
            identifier: identifier.into(),
            account: caller,
            cluster: c,
            status: InstanceStatus::Creating,
            available_at: None,
            class,
            hours: InstanceHours::default(),
            parameter_group,
            promotion_tier,
            resource_id: self.resource_id(Minted::InstanceResource, u64::from(id.0)),
            created_at: self.now,
            tags: Default::default(),
        });
        self.clusters[c.index()].instances.push(id);
        let ready = self.schedule(LongOp::Instance, Pending::InstanceReady(id));
        Ok(DbInstanceResponse {
            instance: Box::new(self.db_instance(id)),
            sim: SimExtras::available_at(Some(ready)),
        })
    }

    /// `delete-db-instance`: leaves its cluster at once, gone after
    /// `delete-seconds`.
    pub fn delete_db_instance(
        &mut self,
        caller: AccountId,
        identifier: &str,
    ) -> Result<DbInstanceResponse, AwsError> {
        let id = self.own_instance(caller, identifier)?;
        if self.instances[id.index()].status == InstanceStatus::Deleting {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB instance {identifier} is already being deleted"
            )));
        }
        let cluster = self.instances[id.index()].cluster;
        self.clusters[cluster.index()]
            .instances
            .retain(|&i| i != id);
        let now = self.now;
        let instance = &mut self.instances[id.index()];
        instance.status = InstanceStatus::Deleting;
        instance.hours.stop(now);
        self.schedule(LongOp::Delete, Pending::InstanceGone(id));
        Ok(DbInstanceResponse {
            instance: Box::new(self.db_instance(id)),
            sim: SimExtras::available_at(None),
        })
    }

    /// `modify-db-cluster`: rename (not while shared) or change storage type.
    pub fn modify_db_cluster(
        &mut self,
        caller: AccountId,
        cluster: impl Into<ClusterRef>,
        new_identifier: Option<&str>,
        storage_type: Option<StorageType>,
        retention: Option<RetentionPeriod>,
    ) -> Result<DbClusterResponse, AwsError> {
        self.modify_db_cluster_scaling(
            caller,
            cluster,
            new_identifier,
            storage_type,
            None,
            retention,
        )
    }

    /// `modify-db-cluster` as requested.
    pub fn modify_db_cluster_request(
        &mut self,
        caller: AccountId,
        r: &ModifyDbCluster,
    ) -> Result<DbClusterResponse, AwsError> {
        self.modify_db_cluster_with(
            caller,
            &r.cluster,
            ClusterChanges {
                new_identifier: r.new_identifier.as_deref(),
                storage_type: r.storage_type,
                serverless: r.serverless_v2.as_ref(),
                retention: r.backup_retention_period,
                parameter_group: r.parameter_group.as_deref(),
                deletion_protection: r.deletion_protection,
                copy_tags_to_snapshot: r.copy_tags_to_snapshot,
            },
        )
    }

    /// `modify-db-cluster`, with a new Serverless v2 scaling configuration
    /// too.
    pub fn modify_db_cluster_scaling(
        &mut self,
        caller: AccountId,
        cluster: impl Into<ClusterRef>,
        new_identifier: Option<&str>,
        storage_type: Option<StorageType>,
        serverless: Option<&ServerlessScaling>,
        retention: Option<RetentionPeriod>,
    ) -> Result<DbClusterResponse, AwsError> {
        self.modify_db_cluster_with(
            caller,
            cluster,
            ClusterChanges {
                new_identifier,
                storage_type,
                serverless,
                retention,
                ..ClusterChanges::default()
            },
        )
    }

    /// `modify-db-cluster`, with every change it models.
    pub fn modify_db_cluster_with(
        &mut self,
        caller: AccountId,
        cluster: impl Into<ClusterRef>,
        changes: ClusterChanges<'_>,
    ) -> Result<DbClusterResponse, AwsError> {
        let ClusterChanges {
            new_identifier,
            storage_type,
            serverless,
            retention,
            parameter_group,
            deletion_protection,
            copy_tags_to_snapshot,
        } = changes;
        let cluster: ClusterRef = cluster.into();
        let c = self.own_cluster(caller, &cluster)?;
        if let Some(new) = new_identifier {
            if self.is_shared(c) {
                return Err(AwsError::InvalidDbClusterState(format!(
                    "DB cluster {cluster} is shared through AWS RAM and can't be renamed"
                )));
            }
            self.check_new_cluster_identifier(caller, new)?;
        }
        let status = self.clusters[c.index()].status;
        if status != ClusterStatus::Available {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} is {status}: only an available cluster can be modified"
            )));
        }
        let parameter_group = parameter_group
            .map(|g| {
                self.usable_parameter_group(
                    Level::Cluster,
                    caller,
                    g,
                    self.cluster_family(c),
                    AwsError::DbClusterParameterGroupNotFound,
                )
            })
            .transpose()?;
        let switching = storage_type == Some(StorageType::IoOptimized)
            && self.clusters[c.index()].storage_type != StorageType::IoOptimized;
        if let Some(last) = self.clusters[c.index()]
            .switched_to_iopt
            .filter(|t| switching && self.now.since(*t) < IOPT_SWITCH_SECONDS)
        {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} was switched to aurora-iopt1 at {last}: a cluster can be \
                 switched to I/O-Optimized once every 30 days"
            )));
        }
        let now = self.now;
        let record = &mut self.clusters[c.index()];
        if let Some(g) = parameter_group {
            record.parameter_group = Some(g);
        }
        if let Some(on) = deletion_protection {
            record.deletion_protection = on;
        }
        if let Some(on) = copy_tags_to_snapshot {
            record.copy_tags_to_snapshot = on;
        }
        if switching {
            record.switched_to_iopt = Some(now);
        }
        if let Some(new) = new_identifier {
            record.identifier = new.to_ascii_lowercase();
        }
        if let Some(t) = storage_type {
            record.storage_type = t;
        }
        if let Some(scaling) = serverless {
            record.serverless = Some(scaling.clone());
        }
        if let Some(r) = retention {
            record.backup_retention = r;
            let volume = record.volume;
            self.retain(volume, r);
        }
        if storage_type.is_some() {
            self.reprice_instances(c);
        }
        Ok(DbClusterResponse {
            cluster: self.db_cluster(c),
            sim: SimExtras::available_at(None),
        })
    }

    /// `delete-db-cluster`: no instance may remain. The volume is released
    /// at once (its pages are re-billed to whoever still sees them); the
    /// cluster shows `deleting` for `delete-seconds`.
    pub fn delete_db_cluster(
        &mut self,
        caller: AccountId,
        cluster: impl Into<ClusterRef>,
        skip_final_snapshot: bool,
        final_snapshot: Option<&str>,
    ) -> Result<DbClusterResponse, AwsError> {
        let cluster: ClusterRef = cluster.into();
        let c = self.own_cluster(caller, &cluster)?;
        let record = &self.clusters[c.index()];
        if record.deletion_protection {
            return Err(AwsError::InvalidParameterCombination(
                "Cannot delete protected Cluster, please disable deletion protection and try again."
                    .into(),
            ));
        }
        if !record.instances.is_empty() {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} still has {} DB instance(s): delete them first",
                record.instances.len()
            )));
        }
        if !matches!(
            record.status,
            ClusterStatus::Available | ClusterStatus::Stopped
        ) {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} is {}: only an available or stopped cluster can be deleted",
                record.status
            )));
        }
        match (skip_final_snapshot, final_snapshot) {
            (true, Some(_)) => {
                return Err(AwsError::InvalidParameterCombination(
                    "skip-final-snapshot and final-db-snapshot-identifier can't be combined".into(),
                ));
            }
            (false, None) => {
                return Err(AwsError::InvalidParameterCombination(
                    "final-db-snapshot-identifier is required unless skip-final-snapshot is true"
                        .into(),
                ));
            }
            (false, Some(snap)) => {
                self.check_new_snapshot(caller, snap)?;
                self.take_snapshot(caller, c, snap);
            }
            (true, None) => {}
        }
        let volume = self.clusters[c.index()].volume;
        #[expect(
            clippy::expect_used,
            reason = "a live cluster's volume is live in the engine"
        )]
        self.engine
            .delete_volume(volume)
            .expect("a live cluster's volume is live");
        self.end_stopped_period(c);
        self.clusters[c.index()].status = ClusterStatus::Deleting;
        self.schedule(LongOp::Delete, Pending::ClusterGone(c));
        Ok(DbClusterResponse {
            cluster: self.db_cluster(c),
            sim: SimExtras::available_at(None),
        })
    }

    /// `restore-db-cluster-to-point-in-time`: a full copy, or with
    /// `copy-on-write` a clone, of a cluster of the caller's or of one
    /// shared with it.
    pub fn restore_db_cluster_to_point_in_time(
        &mut self,
        caller: AccountId,
        req: RestoreToPointInTime,
    ) -> Result<RestoreDbClusterResponse, AwsError> {
        if req.restore_to_time.is_some() && req.restore_type == RestoreType::CopyOnWrite {
            return Err(AwsError::InvalidParameterCombination(
                "restore-to-time can't be specified when restore-type is copy-on-write".into(),
            ));
        }
        if req.restore_to_time.is_some() && req.use_latest_restorable_time {
            return Err(AwsError::InvalidParameterCombination(
                "restore-to-time can't be combined with use-latest-restorable-time".into(),
            ));
        }
        let source = self.find_cluster(caller, &req.source)?;
        self.check_new_cluster(caller, &req.identifier)?;
        let src = self.clusters[source.index()].clone();
        let cross_account = src.account != caller;
        // Before anything that reads the source's state: another account
        // learns nothing of a shared cluster but that it may clone it.
        if cross_account && req.restore_type != RestoreType::CopyOnWrite {
            return Err(AwsError::InvalidParameterCombination(
                "a cluster of another account can only be cloned: restore-type must be copy-on-write".into(),
            ));
        }
        let (parameter_group, subnet_group) = self.new_cluster_groups(
            caller,
            Family::of(src.engine, &src.engine_version),
            req.parameter_group.as_deref(),
            req.subnet_group.as_deref(),
        )?;
        let at = req.restore_to_time.map(|t| self.engine_seconds(t));
        if let Some(t) = req.restore_to_time
            && let Some((earliest, latest)) = self.restorable_window(source)
            && (t < earliest || t > latest)
        {
            return Err(AwsError::InvalidRestore(format!(
                "restore-to-time {t} is outside the restorable window of {}: from {earliest} (EarliestRestorableTime) to {latest} (LatestRestorableTime), {} of backup retention",
                req.source, src.backup_retention
            )));
        }
        let ready_source = src.status == ClusterStatus::Available && !src.instances.is_empty();
        if req.restore_type == RestoreType::CopyOnWrite && !ready_source {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {} must be available with at least one DB instance to be cloned (it is {}, with {} instance(s))",
                req.source,
                src.status,
                src.instances.len()
            )));
        }
        if req.restore_type == RestoreType::FullCopy && !src.status.billed() {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {} is {}: it can't be restored",
                req.source, src.status
            )));
        }
        let key = self.clone_key(caller, &src, req.kms_key_id.as_deref(), cross_account)?;
        if cross_account {
            self.check_cross_account_quota(caller, &src)?;
        }
        let copy_on_write = req.restore_type == RestoreType::CopyOnWrite
            && (cross_account || self.same_account_clones(&src) < self.config.clone_limit);

        #[expect(
            clippy::expect_used,
            reason = "a restorable cluster's volume is live in the engine"
        )]
        let volume = match (copy_on_write, at) {
            (true, _) => self.engine.clone_volume(src.volume),
            (false, Some(at)) => self.engine.full_copy_at(src.volume, at),
            (false, None) => self.engine.full_copy(src.volume),
        }
        .expect("a restorable cluster's volume is live, and the time was checked");
        // A full copy shares no storage with the family, so it belongs to
        // no clone group until it is itself cloned (docs/model.md).
        let group = copy_on_write.then(|| self.clone_group_of(source));
        let id = self.push_cluster(Cluster {
            id: ClusterId(0),
            identifier: req.identifier,
            account: caller,
            engine: src.engine,
            engine_version: src.engine_version.clone(),
            engine_mode: src.engine_mode,
            storage_type: src.storage_type,
            kms_key: key,
            status: ClusterStatus::Creating,
            volume,
            clone_group_id: group,
            cross_account_clone: cross_account,
            origin: if copy_on_write {
                Origin::CopyOnWrite
            } else {
                Origin::FullCopy
            },
            source: Some(source),
            restored_from: None,
            instances: Vec::new(),
            created_at: self.now,
            available_at: None,
            io_requests: 0,
            serverless: src.serverless.clone(),
            stopped_at: None,
            backup_retention: req.backup_retention_period.unwrap_or_default(),
            parameter_group,
            subnet_group,
            switched_to_iopt: None,
            resource_id: String::new(),
            deletion_protection: req.deletion_protection,
            copy_tags_to_snapshot: req.copy_tags_to_snapshot,
            tags: req.tags.clone(),
        });
        let op = if copy_on_write {
            LongOp::Clone
        } else {
            let bytes = self.engine.extent(volume).unwrap_or(0) * src.engine.page_size().bytes();
            LongOp::Restore {
                gib: bytes as f64 / GIB as f64,
            }
        };
        let ready = self.schedule(op, Pending::ClusterReady(id));
        let applied = if copy_on_write {
            RestoreType::CopyOnWrite
        } else {
            RestoreType::FullCopy
        };
        Ok(RestoreDbClusterResponse {
            cluster: self.db_cluster(id),
            sim: Restored {
                restore_type_applied: applied,
                available_at: ready,
            }
            .into(),
        })
    }

    /// `write` (simulator): new versions of `pages` in the caller's cluster,
    /// standing for `written` page writes (more than `pages` holds when
    /// draws repeat a page, or were drawn from a sample), counted as write
    /// I/Os in 4 KiB units. An update naming pages past the cluster's end is
    /// refused and changes nothing: only an append grows a volume.
    pub fn write(
        &mut self,
        caller: AccountId,
        cluster: &str,
        pages: WritePages,
        written: u64,
        mode: WriteMode,
    ) -> Result<WriteResult, AwsError> {
        let c = self.own_cluster(caller, &ClusterRef::parse(cluster))?;
        if mode == WriteMode::Update
            && let WritePages::Own(own) = &pages
        {
            let extent = self.cluster_extent(c);
            let record = &self.clusters[c.index()];
            if let Some(first) = own
                .ranges()
                .iter()
                .find(|r| r.end > extent)
                .map(|r| r.start.max(extent))
            {
                let page = record.engine.page_size();
                return Err(AwsError::WriteBeyondEnd(format!(
                    "DB cluster {cluster} has {extent} pages of {page} ({:.2} GiB): page {first} is past its end; an update rewrites pages the cluster has, and only mode = \"append\" grows it",
                    (extent * page.bytes()) as f64 / GIB as f64
                )));
            }
        }
        let distinct_pages = pages.distinct_pages();
        let ios = self.write_clusters(&[(c, pages, written)])?;
        Ok(WriteResult {
            pages_written: written,
            distinct_pages,
            write_io_requests: ios,
        })
    }

    /// Writes to clusters already resolved (every workload's, each hour),
    /// each standing for its count of page writes (more than its pages
    /// when draws repeat a page or were drawn from a sample), the engine
    /// writing their volumes in parallel. Checks every write first: if one
    /// cluster cannot take writes, or a write would pass the largest
    /// volume, nothing is written. Returns the write I/Os counted in all.
    pub fn write_clusters(
        &mut self,
        writes: &[(ClusterId, WritePages, u64)],
    ) -> Result<u64, AwsError> {
        let invalid = |e: EngineError| AwsError::InvalidParameterValue(e.to_string());
        for (c, pages, _) in writes {
            let record = &self.clusters[c.index()];
            if record.status != ClusterStatus::Available {
                return Err(AwsError::InvalidDbClusterState(format!(
                    "DB cluster {} is {}: only an available cluster takes writes",
                    record.identifier, record.status
                )));
            }
            // Checked on the cluster's own page numbers, before anything is
            // written: the engine sees only the sampled pages, renumbered.
            let max_pages = record.engine.page_size().max_pages();
            if let WritePages::Own(pages) = pages
                && pages.end() > max_pages
            {
                return Err(invalid(EngineError::PageOutOfRange {
                    page: max_pages,
                    max_pages,
                }));
            }
        }
        let pages: Vec<Cow<'_, PageSet>> = writes
            .iter()
            .map(|(_, pages, _)| match pages {
                WritePages::Own(pages) => self.engine_pages(pages),
                WritePages::InSample(pages) => Cow::Borrowed(pages),
            })
            .collect();
        let to_engine: Vec<(VolumeId, &PageSet)> = writes
            .iter()
            .zip(&pages)
            .map(|((c, _, _), pages)| (self.clusters[c.index()].volume, &**pages))
            .collect();
        self.engine.write_many(&to_engine).map_err(invalid)?;
        self.engine_pages_written += to_engine.iter().map(|(_, p)| p.len()).sum::<u64>();
        let mut ios = 0;
        for (c, pages, written) in writes {
            let record = &mut self.clusters[c.index()];
            if let WritePages::Own(pages) = pages {
                self.engine
                    .grow(record.volume, pages.end())
                    .map_err(invalid)?;
            }
            let these = written * record.engine.page_size().write_ios_per_page();
            record.io_requests += these;
            ios += these;
        }
        Ok(ios)
    }

    /// The caller's DB instance of that identifier, unless deleted.
    pub(super) fn own_instance(
        &self,
        caller: AccountId,
        identifier: &str,
    ) -> Result<InstanceId, AwsError> {
        self.instances
            .iter()
            .find(|i| {
                i.account == caller
                    && i.identifier.eq_ignore_ascii_case(identifier)
                    && i.status != InstanceStatus::Deleted
            })
            .map(|i| i.id)
            .ok_or_else(|| AwsError::DbInstanceNotFound(identifier.into()))
    }

    /// The cluster a name refers to, if the caller owns it.
    pub fn own_cluster_id(&self, caller: AccountId, name: &str) -> Result<ClusterId, AwsError> {
        self.own_cluster(caller, &ClusterRef::parse(name))
    }

    /// A cluster the caller owns, by identifier or ARN. Another account's
    /// cluster reads as not found: nobody modifies what isn't theirs.
    pub(super) fn own_cluster(
        &self,
        caller: AccountId,
        name: &ClusterRef,
    ) -> Result<ClusterId, AwsError> {
        let id = self.find_cluster(caller, name)?;
        if self.clusters[id.index()].account != caller {
            return Err(AwsError::DbClusterNotFound(name.to_string()));
        }
        Ok(id)
    }

    /// A cluster the caller can see, named as text (an identifier or an
    /// ARN).
    pub(super) fn visible_cluster(
        &self,
        caller: AccountId,
        name: &str,
    ) -> Result<ClusterId, AwsError> {
        self.find_cluster(caller, &ClusterRef::parse(name))
    }

    /// A cluster the caller can see: its own by identifier, or any visible
    /// one by ARN. Missing and not-shared-with-you give the same error.
    pub(super) fn find_cluster(
        &self,
        caller: AccountId,
        name: &ClusterRef,
    ) -> Result<ClusterId, AwsError> {
        let not_found = || AwsError::DbClusterNotFound(name.to_string());
        let (account, identifier) = match name.target() {
            Target::Own(identifier) => (caller, identifier),
            Target::Arn {
                account,
                region,
                identifier,
            } => {
                if *region != self.config.region {
                    return Err(not_found());
                }
                (account.ok_or_else(not_found)?, identifier)
            }
            Target::Malformed(why) => return Err(AwsError::InvalidParameterValue(why.clone())),
        };
        self.clusters
            .iter()
            .find(|c| {
                c.account == account
                    && c.identifier.eq_ignore_ascii_case(identifier)
                    && c.status != ClusterStatus::Deleted
            })
            .map(|c| c.id)
            .filter(|&id| self.can_see_cluster(caller, id))
            .ok_or_else(not_found)
    }

    pub(super) fn check_new_cluster(
        &self,
        caller: AccountId,
        identifier: &str,
    ) -> Result<(), AwsError> {
        self.account(caller)?;
        self.check_new_cluster_identifier(caller, identifier)?;
        let live = self
            .clusters
            .iter()
            .filter(|c| c.account == caller && c.status != ClusterStatus::Deleted)
            .count();
        if live >= self.config.cluster_quota {
            return Err(AwsError::DbClusterQuotaExceeded(format!(
                "account {caller} already has {live} DB clusters, its quota in {}",
                self.config.region
            )));
        }
        Ok(())
    }

    fn check_new_cluster_identifier(
        &self,
        caller: AccountId,
        identifier: &str,
    ) -> Result<(), AwsError> {
        let valid = !identifier.is_empty()
            && identifier.len() <= 63
            && identifier.starts_with(|c: char| c.is_ascii_alphabetic())
            && identifier
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !identifier.ends_with('-')
            && !identifier.contains("--");
        if !valid {
            return Err(AwsError::InvalidParameterValue(format!(
                "`{identifier}` is not a valid DB cluster identifier: 1 to 63 letters, digits or hyphens, starting with a letter"
            )));
        }
        if self.clusters.iter().any(|c| {
            c.account == caller
                && c.identifier.eq_ignore_ascii_case(identifier)
                && c.status != ClusterStatus::Deleted
        }) {
            return Err(AwsError::DbClusterAlreadyExists(identifier.into()));
        }
        Ok(())
    }

    /// The key a clone is encrypted with, after checking the caller may use
    /// the source's key and the key it names.
    fn clone_key(
        &self,
        caller: AccountId,
        src: &Cluster,
        named: Option<&str>,
        cross_account: bool,
    ) -> Result<Option<KeyId>, AwsError> {
        if let Some(k) = src.kms_key {
            let key = &self.keys[k.index()];
            if cross_account && key.aws_managed {
                return Err(AwsError::KmsKeyNotAccessible(format!(
                    "DB cluster {} is encrypted with the default key aws/rds of {}, which can't be shared: it can't be cloned into another account",
                    src.identifier, src.account
                )));
            }
            if cross_account && named.is_none() {
                return Err(AwsError::InvalidParameterCombination(
                    "the source cluster is encrypted: a cross-account clone must name a kms-key-id to encrypt it".into(),
                ));
            }
            if !key.usable_by(caller) {
                return Err(AwsError::KmsKeyNotAccessible(format!(
                    "the key {} of the source cluster doesn't allow account {caller} to use it",
                    key.arn(&self.config.region)
                )));
            }
        }
        match named {
            Some(name) => Ok(Some(self.usable_key(caller, Some(name))?)),
            None => Ok(src.kms_key),
        }
    }

    /// Cross-account limits: 15 per clone family, one per account.
    fn check_cross_account_quota(&self, caller: AccountId, src: &Cluster) -> Result<(), AwsError> {
        let Some(group) = &src.clone_group_id else {
            return Ok(());
        };
        let live_cross: Vec<&Cluster> = self
            .clusters
            .iter()
            .filter(|c| {
                c.cross_account_clone
                    && c.status != ClusterStatus::Deleted
                    && c.clone_group_id.as_ref() == Some(group)
            })
            .collect();
        if live_cross.iter().any(|c| c.account == caller) {
            return Err(AwsError::DbClusterQuotaExceeded(format!(
                "account {caller} already has a cross-account clone of this clone family: one per account"
            )));
        }
        if live_cross.len() >= CLONE_LIMIT {
            return Err(AwsError::DbClusterQuotaExceeded(format!(
                "this clone family already has {} cross-account clones, the most allowed",
                live_cross.len()
            )));
        }
        Ok(())
    }

    /// Live copy-on-write clones in the account sharing `src`'s storage.
    fn same_account_clones(&self, src: &Cluster) -> usize {
        let family = self.engine.family_of(src.volume).ok();
        self.clusters
            .iter()
            .filter(|c| {
                c.origin == Origin::CopyOnWrite
                    && !c.cross_account_clone
                    && c.status != ClusterStatus::Deleted
                    && c.account == src.account
                    && self.engine.family_of(c.volume).ok() == family
            })
            .count()
    }

    /// The times a point-in-time restore of a live cluster may ask for:
    /// from the earliest its continuous backup reaches (its creation, or
    /// its retention period ago) to now; `None` once it is deleted.
    pub fn restorable_window(&self, id: ClusterId) -> Option<(SimTime, SimTime)> {
        let c = &self.clusters[id.index()];
        let earliest = self.engine.earliest_restorable(c.volume).ok()?;
        Some((self.engine_time(earliest), self.now))
    }

    /// The source's clone group, created on its first clone.
    fn clone_group_of(&mut self, source: ClusterId) -> String {
        if let Some(g) = &self.clusters[source.index()].clone_group_id {
            return g.clone();
        }
        let g = self.uuid();
        self.clusters[source.index()].clone_group_id = Some(g.clone());
        g
    }

    /// Adds a cluster whose volume is new, and gives the volume the
    /// cluster's retention window.
    pub(super) fn push_cluster(&mut self, mut cluster: Cluster) -> ClusterId {
        let id = ClusterId(self.clusters.len() as u32);
        cluster.id = id;
        cluster.identifier.make_ascii_lowercase();
        cluster.resource_id = self.resource_id(Minted::ClusterResource, u64::from(id.0));
        self.retain(cluster.volume, cluster.backup_retention);
        self.clusters.push(cluster);
        id
    }

    /// Makes `volume` keep `retention` days of history.
    fn retain(&mut self, volume: VolumeId, retention: RetentionPeriod) {
        #[expect(
            clippy::expect_used,
            reason = "a live cluster's volume is live in the engine"
        )]
        self.engine
            .set_retention(volume, retention.seconds() as u64)
            .expect("a live cluster's volume is live");
    }
}
