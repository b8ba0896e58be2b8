//! DB cluster snapshots: take, copy (re-encrypt), share through the
//! `restore` attribute, restore (always a full copy) and delete — the
//! snapshot route that cloning is the alternative to.

use super::arn::Arn;
use super::aws_defaults;
use super::groups::Family;
use super::ids::{AccountId, ClusterId, ClusterSnapshotId};
use super::ops::extras::SimExtras;
use super::ops::rds::{
    DbClusterResponse, DbClusterSnapshot, DbClusterSnapshotResponse, RestoreFromSnapshot,
    SnapshotAttribute, SnapshotAttributes, SnapshotAttributesResponse, attribute_values,
};
use super::ops::refs::{ClusterRef, SnapshotRef, Target};
use super::ops::tags::Tags;
use super::rds::{
    Cluster, ClusterSnapshot, ClusterStatus, Origin, RestoreAttribute, SnapshotStatus,
};
use super::{AwsError, Cloud, Pending};
use crate::engine::GIB;
use crate::latency::LongOp;
use crate::shown::shown;

impl Cloud {
    /// `create-db-cluster-snapshot`.
    pub fn create_db_cluster_snapshot(
        &mut self,
        caller: AccountId,
        cluster: impl Into<ClusterRef>,
        identifier: &str,
    ) -> Result<DbClusterSnapshotResponse, AwsError> {
        let cluster: ClusterRef = cluster.into();
        let c = self.own_cluster(caller, &cluster)?;
        self.check_new_snapshot(caller, identifier)?;
        let status = self.clusters[c.index()].status;
        if status != ClusterStatus::Available {
            return Err(AwsError::InvalidDbClusterState(format!(
                "DB cluster {cluster} is {status}: only an available cluster can be snapshotted"
            )));
        }
        let (id, ready) = self.take_snapshot(caller, c, identifier);
        Ok(DbClusterSnapshotResponse {
            snapshot: Box::new(self.db_cluster_snapshot(id)),
            sim: SimExtras::available_at(Some(ready)),
        })
    }

    /// `copy-db-cluster-snapshot`: a copy in the caller's account, optionally
    /// re-encrypted with `kms_key_id`.
    pub fn copy_db_cluster_snapshot(
        &mut self,
        caller: AccountId,
        source: impl Into<SnapshotRef>,
        target: &str,
        kms_key_id: Option<&str>,
    ) -> Result<DbClusterSnapshotResponse, AwsError> {
        let target = target.to_ascii_lowercase();
        let target = target.as_str();
        let source: SnapshotRef = source.into();
        let s = self.visible_snapshot(caller, &source)?;
        self.check_new_snapshot(caller, target)?;
        let src = self.snapshots[s.index()].clone();
        self.check_snapshot_available(&src, source.as_str())?;
        if let Some(k) = src.kms_key
            && !self.keys[k.index()].usable_by(caller)
        {
            return Err(AwsError::KmsKeyNotAccessible(format!(
                "the key of snapshot {source} doesn't allow account {caller} to use it"
            )));
        }
        let key = match kms_key_id {
            Some(name) => Some(self.usable_key(caller, Some(name))?),
            None if src.account == caller => src.kms_key,
            None if src.kms_key.is_some() => {
                return Err(AwsError::InvalidParameterCombination(
                    "copying an encrypted snapshot of another account needs a kms-key-id".into(),
                ));
            }
            None => None,
        };
        #[expect(
            clippy::expect_used,
            reason = "an available snapshot's image is live in the engine"
        )]
        let image = self
            .engine
            .copy_snapshot(src.image)
            .expect("a live snapshot's image is live");
        let id = ClusterSnapshotId(self.snapshots.len() as u32);
        self.snapshots.push(ClusterSnapshot {
            identifier: target.into(),
            account: caller,
            kms_key: key,
            status: SnapshotStatus::Copying,
            image,
            restore: RestoreAttribute::default(),
            created_at: self.now,
            copy_of: Some(s),
            tags: Tags::default(),
            ..src
        });
        let gib = self.snapshot_gib(id);
        let ready = self.schedule(LongOp::CopySnapshot { gib }, Pending::SnapshotReady(id));
        Ok(DbClusterSnapshotResponse {
            snapshot: Box::new(self.db_cluster_snapshot(id)),
            sim: SimExtras::available_at(Some(ready)),
        })
    }

    /// `modify-db-cluster-snapshot-attribute`: shares a snapshot of the
    /// caller's for restore by other accounts (or `all`).
    pub fn modify_db_cluster_snapshot_attribute(
        &mut self,
        caller: AccountId,
        snapshot: impl Into<SnapshotRef>,
        attribute: &str,
        add: &[String],
        remove: &[String],
    ) -> Result<SnapshotAttributesResponse, AwsError> {
        let snapshot: SnapshotRef = snapshot.into();
        let s = self.own_snapshot(caller, &snapshot)?;
        if attribute != "restore" {
            return Err(AwsError::InvalidParameterValue(format!(
                "attribute-name `{}`: the only attribute is `restore`",
                shown(attribute)
            )));
        }
        let parse = |values: &[String]| -> Result<(Vec<AccountId>, bool), AwsError> {
            let mut accounts = Vec::new();
            let mut all = false;
            for v in values {
                if v == "all" {
                    all = true;
                } else {
                    accounts.push(
                        v.parse::<AccountId>()
                            .map_err(|e| AwsError::InvalidParameterValue(e.to_string()))?,
                    );
                }
            }
            Ok((accounts, all))
        };
        let (adding, add_all) = parse(add)?;
        let (removing, remove_all) = parse(remove)?;
        if let Some(k) = self.snapshots[s.index()].kms_key
            && (!adding.is_empty() || add_all)
        {
            if self.keys[k.index()].aws_managed {
                return Err(AwsError::InvalidParameterValue(format!(
                    "snapshot {snapshot} is encrypted with the default key aws/rds and can't be shared: copy it with a customer managed key first"
                )));
            }
            if add_all {
                return Err(AwsError::InvalidParameterValue(format!(
                    "snapshot {snapshot} is encrypted and can't be made public"
                )));
            }
        }
        let restore = &mut self.snapshots[s.index()].restore;
        restore.accounts.extend(adding);
        for a in &removing {
            restore.accounts.remove(a);
        }
        restore.public = (restore.public || add_all) && !remove_all;
        Ok(self.snapshot_attributes(s, snapshot.as_str()))
    }

    /// `describe-db-cluster-snapshot-attributes`: who may restore a
    /// snapshot of the caller's.
    pub fn describe_db_cluster_snapshot_attributes(
        &self,
        caller: AccountId,
        snapshot: impl Into<SnapshotRef>,
    ) -> Result<SnapshotAttributesResponse, AwsError> {
        let snapshot: SnapshotRef = snapshot.into();
        let s = self.own_snapshot(caller, &snapshot)?;
        Ok(self.snapshot_attributes(s, snapshot.as_str()))
    }

    fn snapshot_attributes(&self, s: ClusterSnapshotId, name: &str) -> SnapshotAttributesResponse {
        let r = &self.snapshots[s.index()].restore;
        SnapshotAttributesResponse {
            result: SnapshotAttributes {
                snapshot: name.to_string(),
                attributes: vec![SnapshotAttribute {
                    name: "restore".into(),
                    values: attribute_values(r.accounts.iter().copied(), r.public),
                }],
            },
        }
    }

    /// `restore-db-cluster-from-snapshot`: always a full copy, outside any
    /// clone family.
    pub fn restore_db_cluster_from_snapshot(
        &mut self,
        caller: AccountId,
        req: RestoreFromSnapshot,
    ) -> Result<DbClusterResponse, AwsError> {
        let s = self.visible_snapshot(caller, &req.snapshot)?;
        self.check_new_cluster(caller, &req.identifier)?;
        let src = self.snapshots[s.index()].clone();
        self.check_snapshot_available(&src, req.snapshot.as_str())?;
        if let Some(e) = req.engine
            && e != src.engine
        {
            return Err(AwsError::InvalidParameterCombination(format!(
                "snapshot {} is of engine {}, not {}",
                req.snapshot,
                src.engine.name(),
                e.name()
            )));
        }
        if let Some(k) = src.kms_key
            && !self.keys[k.index()].usable_by(caller)
        {
            return Err(AwsError::KmsKeyNotAccessible(format!(
                "the key of snapshot {} doesn't allow account {caller} to use it",
                req.snapshot
            )));
        }
        let (parameter_group, subnet_group) = self.new_cluster_groups(
            caller,
            Family::of(src.engine, &src.engine_version),
            req.parameter_group.as_deref(),
            req.subnet_group.as_deref(),
        )?;
        let key = match req.kms_key_id.as_deref() {
            Some(name) => Some(self.usable_key(caller, Some(name))?),
            None => src.kms_key,
        };
        #[expect(
            clippy::expect_used,
            reason = "an available snapshot's image is live in the engine"
        )]
        let volume = self
            .engine
            .restore_snapshot(src.image)
            .expect("a live snapshot's image is live");
        let id = self.push_cluster(Cluster {
            id: ClusterId(0),
            identifier: req.identifier,
            account: caller,
            engine: src.engine,
            engine_version: src.engine_version.clone(),
            engine_mode: super::rds::EngineMode::Provisioned,
            storage_type: super::rds::StorageType::Standard,
            kms_key: key,
            status: ClusterStatus::Creating,
            volume,
            clone_group_id: None,
            cross_account_clone: false,
            origin: Origin::SnapshotRestore,
            source: None,
            restored_from: Some(s),
            instances: Vec::new(),
            created_at: self.now,
            available_at: None,
            io_requests: 0,
            serverless: None,
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
        let gib = self.snapshot_gib(s);
        let ready = self.schedule(LongOp::Restore { gib }, Pending::ClusterReady(id));
        Ok(DbClusterResponse {
            cluster: self.db_cluster(id),
            sim: SimExtras::available_at(Some(ready)),
        })
    }

    /// `delete-db-cluster-snapshot`.
    pub fn delete_db_cluster_snapshot(
        &mut self,
        caller: AccountId,
        snapshot: impl Into<SnapshotRef>,
    ) -> Result<DbClusterSnapshotResponse, AwsError> {
        let snapshot: SnapshotRef = snapshot.into();
        let s = self.own_snapshot(caller, &snapshot)?;
        if self.snapshots[s.index()].status != SnapshotStatus::Available {
            return Err(AwsError::InvalidDbClusterSnapshotState(format!(
                "snapshot {snapshot} is {}: only an available snapshot can be deleted",
                self.snapshots[s.index()].status.name()
            )));
        }
        #[expect(
            clippy::expect_used,
            reason = "a snapshot not yet deleted has a live image in the engine"
        )]
        self.engine
            .delete_snapshot(self.snapshots[s.index()].image)
            .expect("a live snapshot's image is live");
        self.snapshots[s.index()].status = SnapshotStatus::Deleted;
        Ok(DbClusterSnapshotResponse {
            snapshot: Box::new(self.db_cluster_snapshot(s)),
            sim: SimExtras::available_at(None),
        })
    }

    /// Takes a snapshot of a cluster (checks done by the caller).
    pub(super) fn take_snapshot(
        &mut self,
        caller: AccountId,
        cluster: ClusterId,
        identifier: &str,
    ) -> (ClusterSnapshotId, crate::time::SimTime) {
        let c = self.clusters[cluster.index()].clone();
        #[expect(
            clippy::expect_used,
            reason = "a live cluster's volume is live in the engine"
        )]
        let image = self
            .engine
            .snapshot(c.volume)
            .expect("a live cluster's volume is live");
        let id = ClusterSnapshotId(self.snapshots.len() as u32);
        let tags = if c.copy_tags_to_snapshot {
            c.tags.clone()
        } else {
            Tags::default()
        };
        self.snapshots.push(ClusterSnapshot {
            identifier: identifier.to_ascii_lowercase(),
            account: caller,
            engine: c.engine,
            engine_version: c.engine_version,
            kms_key: c.kms_key,
            status: SnapshotStatus::Creating,
            image,
            pages: self.cluster_extent(cluster),
            source_cluster: c.identifier,
            cluster,
            copy_of: None,
            restore: RestoreAttribute::default(),
            created_at: self.now,
            tags,
        });
        let gib = self.snapshot_gib(id);
        let ready = self.schedule(LongOp::Snapshot { gib }, Pending::SnapshotReady(id));
        (id, ready)
    }

    pub(super) fn check_new_snapshot(
        &self,
        caller: AccountId,
        identifier: &str,
    ) -> Result<(), AwsError> {
        let valid = !identifier.is_empty()
            && identifier.len() <= 255
            && identifier.starts_with(|c: char| c.is_ascii_alphabetic())
            && identifier
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            return Err(AwsError::InvalidParameterValue(format!(
                "`{}` is not a valid snapshot identifier: letters, digits or hyphens, starting with a letter",
                shown(identifier)
            )));
        }
        if self.snapshots.iter().any(|s| {
            s.account == caller
                && s.identifier.eq_ignore_ascii_case(identifier)
                && s.status != SnapshotStatus::Deleted
        }) {
            return Err(AwsError::DbClusterSnapshotAlreadyExists(identifier.into()));
        }
        Ok(())
    }

    fn check_snapshot_available(&self, s: &ClusterSnapshot, name: &str) -> Result<(), AwsError> {
        if s.status != SnapshotStatus::Available {
            return Err(AwsError::InvalidDbClusterSnapshotState(format!(
                "snapshot {name} is {}: wait until it is available",
                s.status.name()
            )));
        }
        Ok(())
    }

    pub(super) fn own_snapshot(
        &self,
        caller: AccountId,
        name: &SnapshotRef,
    ) -> Result<ClusterSnapshotId, AwsError> {
        let s = self.visible_snapshot(caller, name)?;
        if self.snapshots[s.index()].account != caller {
            return Err(AwsError::DbClusterSnapshotNotFound(name.to_string()));
        }
        Ok(s)
    }

    /// A snapshot the caller owns, or one shared with it by ARN. Missing and
    /// not-shared-with-you give the same error.
    pub(super) fn visible_snapshot(
        &self,
        caller: AccountId,
        name: &SnapshotRef,
    ) -> Result<ClusterSnapshotId, AwsError> {
        let not_found = || AwsError::DbClusterSnapshotNotFound(name.to_string());
        let (account, identifier) = match name.target() {
            Target::Own(identifier) => (caller, identifier),
            Target::Arn {
                account,
                identifier,
                ..
            } => (account.ok_or_else(not_found)?, identifier),
            Target::Malformed(why) => return Err(AwsError::InvalidParameterValue(why.clone())),
        };
        self.snapshots
            .iter()
            .enumerate()
            .find(|(_, s)| {
                s.account == account
                    && s.identifier.eq_ignore_ascii_case(identifier)
                    && s.status != SnapshotStatus::Deleted
            })
            .filter(|(_, s)| {
                s.account == caller || s.restore.public || s.restore.accounts.contains(&caller)
            })
            .map(|(i, _)| ClusterSnapshotId(i as u32))
            .ok_or_else(not_found)
    }

    fn snapshot_gib(&self, s: ClusterSnapshotId) -> f64 {
        let snap = &self.snapshots[s.index()];
        (snap.pages * snap.engine.page_size().bytes()) as f64 / GIB as f64
    }

    /// A snapshot's ARN.
    pub(super) fn snapshot_arn(&self, s: ClusterSnapshotId) -> String {
        let snap = &self.snapshots[s.index()];
        Arn::new(
            "rds",
            &self.config.region,
            snap.account,
            format!("cluster-snapshot:{}", snap.identifier),
        )
        .to_string()
    }

    pub(super) fn db_cluster_snapshot(&self, s: ClusterSnapshotId) -> DbClusterSnapshot {
        let snap = &self.snapshots[s.index()];
        let cluster = &self.clusters[snap.cluster.index()];
        let encrypted = snap.kms_key.is_some();
        DbClusterSnapshot {
            identifier: snap.identifier.clone(),
            arn: self.snapshot_arn(s),
            cluster: snap.source_cluster.clone(),
            cluster_resource_id: cluster.resource_id.clone(),
            source_arn: snap.copy_of.map(|o| self.snapshot_arn(o)),
            snapshot_type: "manual",
            engine: snap.engine,
            engine_version: snap.engine_version.clone(),
            engine_mode: cluster.engine_mode,
            license_model: aws_defaults::license_model(snap.engine),
            status: snap.status,
            percent_progress: if snap.status == SnapshotStatus::Available {
                100
            } else {
                0
            },
            storage_encrypted: encrypted,
            storage_encryption_type: aws_defaults::encryption_type(encrypted),
            kms_key_id: snap.kms_key.map(|k| self.key_name(k)),
            storage_type: cluster.storage_type,
            availability_zones: aws_defaults::availability_zones(&self.config.region),
            port: aws_defaults::port(snap.engine),
            vpc_id: self.vpc_id(snap.account),
            master_username: aws_defaults::master_username(snap.engine),
            iam_database_authentication: false,
            cluster_created: cluster.created_at,
            created: snap.created_at,
            allocated_storage: snap.pages * snap.engine.page_size().bytes() / GIB,
            tags: snap.tags.clone(),
        }
    }
}
