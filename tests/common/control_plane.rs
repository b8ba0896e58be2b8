//! The control-plane tests' cloud: three accounts, exact durations, and
//! short calls for clusters, shares and clones.

use cowsim::cloud::instance_classes::InstanceClass;
use cowsim::cloud::ops::ram::ResourceShareResponse;
use cowsim::cloud::rds::DbEngine;
use cowsim::cloud::{
    AccountId, Cloud, CloudConfig, CreateCluster, InvitationRef, RestoreToPointInTime, RestoreType,
    ShareRequest,
};
use cowsim::latency::LatencyModel;
use cowsim::time::DAY;

pub const OWNER: &str = "111111111111";
pub const AUDIT: &str = "222222222222";
pub const VENDOR: &str = "333333333333";

pub fn acct(s: &str) -> AccountId {
    s.parse().unwrap()
}

/// A control plane with exact durations, the owner and the auditor in one
/// organization (sharing off), and the vendor outside it.
pub fn cloud() -> Cloud {
    let mut c = Cloud::new(CloudConfig {
        latency: LatencyModel {
            jitter: 0.0,
            ..LatencyModel::default()
        },
        ..CloudConfig::default()
    });
    c.add_organization("o-example".into(), acct(OWNER), &[acct(AUDIT)]);
    c.add_account(acct(VENDOR), Some("vendor".into()));
    c
}

pub fn create(id: &str, pages: u64) -> CreateCluster {
    CreateCluster::new(id, DbEngine::AuroraMysql, pages)
}

/// Moves the clock a day on: everything pending completes.
pub fn settle(c: &mut Cloud) {
    let t = c.now().plus(DAY);
    c.advance_to(t);
}

/// A cluster of `owner`'s, available, with one instance.
pub fn ready_cluster(c: &mut Cloud, owner: &str, req: CreateCluster) -> String {
    let id = req.identifier.clone();
    c.create_db_cluster(acct(owner), req).unwrap();
    settle(c);
    c.create_db_instance(acct(owner), &format!("{id}-1"), &id, InstanceClass::TYPICAL)
        .unwrap();
    settle(c);
    format!("arn:aws:rds:us-east-1:{owner}:cluster:{id}")
}

pub fn share(
    c: &mut Cloud,
    owner: &str,
    name: &str,
    arn: &str,
    principals: &[&str],
) -> ResourceShareResponse {
    c.create_resource_share(
        acct(owner),
        name,
        &ShareRequest {
            resource_arns: vec![arn.into()],
            principals: principals.iter().map(|p| p.to_string()).collect(),
        },
        true,
    )
    .unwrap()
}

/// The owner shares `arn` with `to` (a share named "s"), which accepts.
pub fn share_accepted(c: &mut Cloud, arn: &str, to: &str) {
    share(c, OWNER, "s", arn, &[to]);
    c.accept_resource_share_invitation(acct(to), &InvitationRef::ShareName("s".into()))
        .unwrap();
}

pub fn clone_req(source: &str, id: &str, key: Option<&str>) -> RestoreToPointInTime {
    RestoreToPointInTime {
        source: source.into(),
        identifier: id.into(),
        restore_type: RestoreType::CopyOnWrite,
        use_latest_restorable_time: true,
        restore_to_time: None,
        kms_key_id: key.map(str::to_string),
        backup_retention_period: None,
        parameter_group: None,
        subnet_group: None,
        tags: Default::default(),
        deletion_protection: Default::default(),
        copy_tags_to_snapshot: Default::default(),
    }
}

/// The error code of a result.
pub fn code<T: std::fmt::Debug>(r: Result<T, cowsim::cloud::AwsError>) -> &'static str {
    r.expect_err("the call should fail").code()
}

/// A response as the caller receives it: the JSON of the AWS API's shape,
/// so that tests check field names as a client reads them.
pub fn json<T: serde::Serialize>(response: T) -> serde_json::Value {
    serde_json::to_value(response).expect("a response serializes")
}

/// `describe-db-clusters` of one cluster or all, with or without those
/// shared, of one clone group or all; one page of 100.
pub fn clusters_query(
    cluster: Option<&cowsim::cloud::ops::refs::ClusterRef>,
    include_shared: bool,
    clone_group: Option<&str>,
) -> cowsim::cloud::ops::rds::DescribeDbClusters {
    let filters = clone_group.map(|g| cowsim::cloud::ops::filters::Filter {
        name: "clone-group-id".into(),
        values: vec![g.into()],
    });
    cowsim::cloud::ops::rds::DescribeDbClusters {
        cluster: cluster.cloned(),
        include_shared,
        filters: cowsim::cloud::ops::filters::Filters(filters.into_iter().collect()),
        max_records: None,
        marker: None,
    }
}
