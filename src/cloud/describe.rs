//! `describe-db-clusters` and `describe-db-instances`, and clusters and instances as the RDS API
//! describes them.

use super::arn::Arn;
use super::aws_defaults::{self, DefaultGroups};
use super::ids::{AccountId, ClusterId, InstanceId};
use super::listing::page;
use super::ops::rds::{
    CertificateDetails, DbCluster, DbClusterMember, DbInstance, DescribeDbClusters,
    DescribeDbClustersResponse, DescribeDbInstances, DescribeDbInstancesResponse,
    DescribedDbCluster, Endpoint, OptionGroupMembership, ParameterGroupStatus,
    PendingModifiedValues, SharedDbCluster, SubnetGroup, VpcSecurityGroup,
};
use super::rds::{ClusterStatus, DbEngine, Instance, InstanceStatus};
use super::{AwsError, Cloud, Minted};

/// `PromotionTier` of every instance: AWS's default, as cowsim takes none.
const PROMOTION_TIER: u8 = 1;

/// `NetworkType`: IPv4 only, as a cluster made without one is.
const NETWORK_TYPE: &str = "IPV4";
use crate::engine::GIB;

/// The filters `describe-db-clusters` takes.
const CLUSTER_FILTERS: &[&str] = &[
    "clone-group-id",
    "db-cluster-id",
    "db-cluster-resource-id",
    "engine",
];

/// The filters `describe-db-instances` takes.
const INSTANCE_FILTERS: &[&str] = &[
    "db-cluster-id",
    "db-instance-id",
    "dbi-resource-id",
    "engine",
];

impl Cloud {
    /// `describe-db-clusters`: the caller's clusters in full and, with
    /// `include_shared`, those shared with it with only `DBClusterArn`,
    /// `StorageEncrypted`, `Engine` and `EngineVersion`; those the filters
    /// keep, a page at a time. A shared cluster has no clone group or
    /// resource id to show, so a filter on either doesn't keep it.
    pub fn describe_db_clusters(
        &self,
        caller: AccountId,
        r: &DescribeDbClusters,
    ) -> Result<DescribeDbClustersResponse, AwsError> {
        r.filters.check(CLUSTER_FILTERS)?;
        let only = r
            .cluster
            .as_ref()
            .map(|name| self.find_cluster(caller, name))
            .transpose()?;
        let mut list = Vec::new();
        for c in &self.clusters {
            let owned = c.account == caller;
            let deleted = c.status == ClusterStatus::Deleted;
            if (deleted && !owned) || only.is_some_and(|o| o != c.id) {
                continue;
            }
            let arn = self.cluster_arn(c.id);
            let kept = r.filters.keep(|name, v| match name {
                "db-cluster-id" => (owned && v.eq_ignore_ascii_case(&c.identifier)) || v == arn,
                "engine" => v == c.engine.name(),
                "clone-group-id" => owned && c.clone_group_id.as_deref() == Some(v),
                "db-cluster-resource-id" => owned && v == c.resource_id,
                _ => false,
            });
            if !kept {
                continue;
            }
            if owned {
                list.push((!deleted).then(|| DescribedDbCluster::Owned(self.db_cluster(c.id))));
            } else if (r.include_shared || only.is_some()) && self.can_see_cluster(caller, c.id) {
                list.push(Some(DescribedDbCluster::Shared(SharedDbCluster {
                    arn,
                    storage_encrypted: c.kms_key.is_some(),
                    engine: c.engine,
                    engine_version: c.engine_version.clone(),
                })));
            }
        }
        let call = format!(
            "describe-db-clusters {caller} {:?} {} {:?}",
            r.cluster, r.include_shared, r.filters
        );
        let (clusters, marker) = page(list, r.max_records, r.marker.as_deref(), &call)?;
        Ok(DescribeDbClustersResponse { clusters, marker })
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
    pub(super) fn db_cluster(&self, id: ClusterId) -> Box<DbCluster> {
        let c = &self.clusters[id.index()];
        let region = &self.config.region;
        let bytes = self.cluster_extent(id) * c.engine.page_size().bytes();
        let window = self
            .restorable_window(id)
            .filter(|_| c.status.billed() && c.available_at.is_some());
        let hash = self.endpoint_hash(c.account);
        let groups = self.default_groups(c.engine, &c.engine_version);
        let (backup_window, maintenance_window) = self.windows(id);
        Box::new(DbCluster {
            identifier: c.identifier.clone(),
            arn: self.cluster_arn(id),
            resource_id: c.resource_id.clone(),
            status: c.status,
            engine: c.engine,
            engine_version: c.engine_version.clone(),
            engine_mode: c.engine_mode,
            engine_lifecycle_support: aws_defaults::LIFECYCLE_SUPPORT,
            storage_type: c.storage_type,
            storage_encrypted: c.kms_key.is_some(),
            storage_encryption_type: aws_defaults::encryption_type(c.kms_key.is_some()),
            kms_key_id: c.kms_key.map(|k| self.key_name(k)),
            clone_group_id: c.clone_group_id.clone(),
            cross_account_clone: c.cross_account_clone,
            members: c
                .instances
                .iter()
                .map(|&i| DbClusterMember {
                    instance: self.instances[i.index()].identifier.clone(),
                    writer: Some(&i) == c.instances.first(),
                    parameter_group_status: "in-sync",
                    promotion_tier: self.instances[i.index()]
                        .promotion_tier
                        .unwrap_or(PROMOTION_TIER),
                })
                .collect(),
            availability_zones: aws_defaults::availability_zones(region),
            multi_az: c.instances.len() > 1,
            endpoint: aws_defaults::cluster_endpoint(&c.identifier, &hash, region),
            reader_endpoint: aws_defaults::reader_endpoint(&c.identifier, &hash, region),
            custom_endpoints: Vec::new(),
            port: aws_defaults::port(c.engine),
            hosted_zone_id: aws_defaults::hosted_zone_id(region),
            network_type: NETWORK_TYPE,
            vpc_security_groups: vec![self.security_group(c.account)],
            subnet_group: c.subnet_group.clone().unwrap_or(groups.subnet_group),
            parameter_group: c.parameter_group.clone().unwrap_or(groups.parameter_group),
            option_groups: Vec::new(),
            master_username: aws_defaults::master_username(c.engine),
            iam_database_authentication: false,
            http_endpoint_enabled: false,
            activity_stream_status: "stopped",
            database_insights_mode: "standard",
            auto_minor_version_upgrade: true,
            deletion_protection: c.deletion_protection,
            copy_tags_to_snapshot: c.copy_tags_to_snapshot,
            backup_window,
            maintenance_window,
            read_replicas: Vec::new(),
            associated_roles: Vec::new(),
            domain_memberships: Vec::new(),
            tags: c.tags.clone(),
            allocated_storage: bytes.div_ceil(GIB),
            created: c.created_at,
            automatic_restart: c.automatic_restart_at(),
            serverless_v2: c.serverless.as_ref().map(|s| Box::new(s.into())),
            backup_retention_period: c.backup_retention,
            earliest_restorable: window.map(|w| w.0),
            latest_restorable: window.map(|w| w.1),
        })
    }

    /// The groups a cluster or instance of `engine` at `version` is in:
    /// the defaults, as it names none.
    pub(super) fn default_groups(&self, engine: DbEngine, version: &str) -> DefaultGroups {
        aws_defaults::default_groups(engine, version)
    }

    /// A cluster's backup and maintenance windows, drawn once for it.
    pub(super) fn windows(&self, id: ClusterId) -> (String, String) {
        let (draw, _) = self.minted(Minted::Windows, u64::from(id.0));
        aws_defaults::windows(draw)
    }

    /// An account's default VPC security group, which its clusters and
    /// instances are in.
    fn security_group(&self, account: AccountId) -> VpcSecurityGroup {
        VpcSecurityGroup {
            id: self.network_id(Minted::SecurityGroup, account),
            status: "active",
        }
    }

    /// An account's default VPC.
    pub(super) fn vpc_id(&self, account: AccountId) -> String {
        self.network_id(Minted::Vpc, account)
    }

    /// `describe-db-instances`: the caller's instances that are not yet
    /// deleted, or the one named; those the filters keep, a page at a time.
    pub fn describe_db_instances(
        &self,
        caller: AccountId,
        r: &DescribeDbInstances,
    ) -> Result<DescribeDbInstancesResponse, AwsError> {
        r.filters.check(INSTANCE_FILTERS)?;
        let live = |i: &&Instance| i.status != InstanceStatus::Deleted;
        let mine: Vec<&Instance> = self
            .instances
            .iter()
            .filter(|i| i.account == caller && (r.identifier.is_none() || live(i)))
            .filter(|i| {
                r.identifier
                    .as_ref()
                    .is_none_or(|name| i.identifier.eq_ignore_ascii_case(name))
            })
            .collect();
        if let (Some(name), true) = (&r.identifier, mine.is_empty()) {
            return Err(AwsError::DbInstanceNotFound(name.clone()));
        }
        let instances = mine
            .into_iter()
            .filter(|i| {
                let c = &self.clusters[i.cluster.index()];
                r.filters.keep(|name, v| match name {
                    "db-cluster-id" => {
                        v.eq_ignore_ascii_case(&c.identifier) || v == self.cluster_arn(c.id)
                    }
                    "db-instance-id" => {
                        v.eq_ignore_ascii_case(&i.identifier) || v == self.instance_arn(i.id)
                    }
                    "dbi-resource-id" => v == i.resource_id,
                    "engine" => v == c.engine.name(),
                    _ => false,
                })
            })
            .map(|i| live(&i).then(|| self.db_instance(i.id)))
            .collect();
        let call = format!(
            "describe-db-instances {caller} {:?} {:?}",
            r.identifier, r.filters
        );
        let (instances, marker) = page(instances, r.max_records, r.marker.as_deref(), &call)?;
        Ok(DescribeDbInstancesResponse { instances, marker })
    }

    pub(super) fn db_instance(&self, id: InstanceId) -> DbInstance {
        let i = &self.instances[id.index()];
        let c = &self.clusters[i.cluster.index()];
        let region = &self.config.region;
        let groups = self.default_groups(c.engine, &c.engine_version);
        let (backup_window, maintenance_window) = self.windows(c.id);
        let zones = aws_defaults::availability_zones(region);
        let up = i.available_at.is_some();
        DbInstance {
            identifier: i.identifier.clone(),
            arn: self.instance_arn(id),
            resource_id: i.resource_id.clone(),
            cluster: c.identifier.clone(),
            status: i.status,
            class: i.class,
            engine: c.engine,
            engine_version: c.engine_version.clone(),
            engine_lifecycle_support: aws_defaults::LIFECYCLE_SUPPORT,
            license_model: aws_defaults::license_model(c.engine),
            endpoint: up.then(|| Endpoint {
                address: aws_defaults::instance_endpoint(
                    &i.identifier,
                    &self.endpoint_hash(i.account),
                    region,
                ),
                port: aws_defaults::port(c.engine),
                hosted_zone_id: aws_defaults::hosted_zone_id(region),
            }),
            port: 0,
            created: up.then_some(i.created_at),
            availability_zone: zones[id.index() % zones.len()].clone(),
            multi_az: false,
            allocated_storage: 1,
            storage_type: c.storage_type,
            storage_encrypted: c.kms_key.is_some(),
            kms_key_id: c.kms_key.map(|k| self.key_name(k)),
            master_username: aws_defaults::master_username(c.engine),
            backup_window,
            maintenance_window,
            backup_retention_period: c.backup_retention,
            backup_target: "region",
            db_security_groups: Vec::new(),
            vpc_security_groups: vec![self.security_group(i.account)],
            parameter_groups: vec![ParameterGroupStatus {
                name: i.parameter_group.clone().unwrap_or(groups.parameter_group),
                status: "in-sync",
            }],
            option_groups: vec![OptionGroupMembership {
                name: groups.option_group,
                status: "in-sync",
            }],
            subnet_group: SubnetGroup {
                description: c
                    .subnet_group
                    .clone()
                    .unwrap_or(groups.subnet_group.clone()),
                name: c.subnet_group.clone().unwrap_or(groups.subnet_group),
                vpc_id: self.vpc_id(i.account),
                status: "Complete",
            },
            pending: PendingModifiedValues::default(),
            auto_minor_version_upgrade: true,
            read_replica_instances: Vec::new(),
            read_replica_clusters: Vec::new(),
            publicly_accessible: false,
            ca_certificate: aws_defaults::CA_CERTIFICATE,
            certificate: CertificateDetails {
                ca: aws_defaults::CA_CERTIFICATE,
                valid_till: aws_defaults::certificate_valid_till(i.created_at),
            },
            domain_memberships: Vec::new(),
            copy_tags_to_snapshot: c.copy_tags_to_snapshot,
            monitoring_interval: 0,
            promotion_tier: i.promotion_tier.unwrap_or(PROMOTION_TIER),
            iam_database_authentication: false,
            database_insights_mode: "standard",
            performance_insights: false,
            deletion_protection: false,
            associated_roles: Vec::new(),
            customer_owned_ip: false,
            network_type: NETWORK_TYPE,
            activity_stream_status: "stopped",
            dedicated_log_volume: false,
            storage_config_upgrade: false,
            tags: i.tags.clone(),
        }
    }
}
