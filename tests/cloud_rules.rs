//! Every rule of docs/aws-behaviour.md: a call that breaks it fails with the exact
//! AWS code and leaves the whole state as it was; a call just inside it
//! succeeds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use cowsim::cloud::instance_classes::InstanceClass;
use cowsim::cloud::ops::kms::CreateKey;
use cowsim::cloud::ops::ram::{ClusterArns, GetResourceShareInvitations, ListPrincipals};
use cowsim::cloud::ops::refs::{ClusterRef, SnapshotRef};
use cowsim::cloud::ram::InvitationStatus;
use cowsim::cloud::rds::{EngineMode, StorageType};
use cowsim::cloud::{
    AwsError, Cloud, InvitationRef, RestoreFromSnapshot, RestoreToPointInTime, RestoreType,
    ShareRef, ShareRequest,
};
use cowsim::time::DAY;
use serde_json::{Value, json};

/// Runs a call that must fail; checks the state (clusters, keys, shares,
/// engine, clock, random stream: everything) is unchanged; returns the code.
fn refused<T: std::fmt::Debug>(
    c: &mut Cloud,
    call: impl FnOnce(&mut Cloud) -> Result<T, AwsError>,
) -> &'static str {
    let before = format!("{c:?}");
    let code = call(c).expect_err("the call should fail").code();
    assert_eq!(
        before,
        format!("{c:?}"),
        "a failed call ({code}) changed the state"
    );
    code
}

fn key_policy_for(accounts: &[&str]) -> String {
    json!({"Version": "2012-10-17", "Statement": [{
        "Sid": "Allow use of the key", "Effect": "Allow",
        "Principal": {"AWS": accounts.iter().map(|a| format!("arn:aws:iam::{a}:root")).collect::<Vec<_>>()},
        "Action": ["kms:CreateGrant", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        "Resource": "*"}]})
    .to_string()
}

#[test]
fn missing_and_unshared_clusters_are_indistinguishable() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 100));
    let missing = arn.replace("prod", "nope");
    let unshared = c
        .restore_db_cluster_to_point_in_time(acct(VENDOR), clone_req(&arn, "x", None))
        .unwrap_err();
    let absent = c
        .restore_db_cluster_to_point_in_time(acct(VENDOR), clone_req(&missing, "x", None))
        .unwrap_err();
    assert_eq!(unshared.code(), "DBClusterNotFoundFault");
    assert_eq!(absent.code(), unshared.code());
    assert_eq!(
        unshared.to_string().replace(&arn, "ARN"),
        absent.to_string().replace(&missing, "ARN")
    );
    let described = c
        .describe_db_clusters(
            acct(VENDOR),
            &clusters_query(Some(&ClusterRef::parse(&arn)), true, None),
        )
        .unwrap_err();
    assert_eq!(described, AwsError::DbClusterNotFound(arn));
}

#[test]
fn serverless_v1_clusters_cannot_be_shared() {
    let mut c = cloud();
    let mut req = create("sls", 10);
    req.engine_mode = EngineMode::Serverless;
    let sls = ready_cluster(&mut c, OWNER, req);
    let share = |arn: &str| ShareRequest {
        resource_arns: vec![arn.into()],
        principals: vec![VENDOR.into()],
    };
    assert_eq!(
        refused(&mut c, |c| c.create_resource_share(
            acct(OWNER),
            "s",
            &share(&sls),
            true
        )),
        "InvalidParameterException"
    );
    let prov = ready_cluster(&mut c, OWNER, create("prov", 10));
    c.create_resource_share(acct(OWNER), "s", &share(&prov), true)
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.associate_resource_share(
            acct(OWNER),
            &ShareRef::Name("s".into()),
            &share(&sls)
        )),
        "InvalidParameterException"
    );
}

#[test]
fn only_available_clusters_can_be_shared() {
    let mut c = cloud();
    c.create_db_cluster(acct(OWNER), create("new", 10)).unwrap();
    let arn = format!("arn:aws:rds:us-east-1:{OWNER}:cluster:new");
    let req = ShareRequest {
        resource_arns: vec![arn.clone()],
        principals: vec![VENDOR.into()],
    };
    assert_eq!(
        refused(&mut c, |c| c.create_resource_share(
            acct(OWNER),
            "s",
            &req,
            true
        )),
        "InvalidStateTransitionException"
    );
    settle(&mut c);
    c.create_resource_share(acct(OWNER), "s", &req, true)
        .unwrap();
}

#[test]
fn shared_resources_cannot_be_shared_again() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    share_accepted(&mut c, &arn, VENDOR);
    let req = ShareRequest {
        resource_arns: vec![arn.clone()],
        principals: vec![AUDIT.into()],
    };
    assert_eq!(
        refused(&mut c, |c| c.create_resource_share(
            acct(VENDOR),
            "again",
            &req,
            true
        )),
        "OperationNotPermittedException"
    );
}

#[test]
fn external_principals_need_permission() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    let to = |p: &str| ShareRequest {
        resource_arns: vec![arn.clone()],
        principals: vec![p.into()],
    };
    assert_eq!(
        refused(&mut c, |c| c.create_resource_share(
            acct(OWNER),
            "s",
            &to(VENDOR),
            false
        )),
        "OperationNotPermittedException"
    );
    c.create_resource_share(acct(OWNER), "s", &to(AUDIT), false)
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.associate_resource_share(
            acct(OWNER),
            &ShareRef::Name("s".into()),
            &to(VENDOR)
        )),
        "OperationNotPermittedException"
    );
}

/// 16 accounts receive the share; 15 clone; the 16th is refused.
#[test]
fn fifteen_cross_account_clones_per_family() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    let accounts: Vec<String> = (1..=16)
        .map(|i| format!("{:012}", 500_000_000_000u64 + i))
        .collect();
    for a in &accounts {
        c.add_account(acct(a), None);
    }
    let names: Vec<&str> = accounts.iter().map(String::as_str).collect();
    share(&mut c, OWNER, "s", &arn, &names);
    for a in &accounts {
        c.accept_resource_share_invitation(acct(a), &InvitationRef::ShareName("s".into()))
            .unwrap();
    }
    for a in &accounts[..15] {
        let r = json(
            c.restore_db_cluster_to_point_in_time(acct(a), clone_req(&arn, "mine", None))
                .unwrap(),
        );
        assert_eq!(r["DBCluster"]["CrossAccountClone"], true);
    }
    let last = &accounts[15];
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(last),
            clone_req(&arn, "mine", None)
        )),
        "DBClusterQuotaExceededFault"
    );
}

#[test]
fn one_cross_account_clone_per_account() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    share_accepted(&mut c, &arn, VENDOR);
    c.restore_db_cluster_to_point_in_time(acct(VENDOR), clone_req(&arn, "one", None))
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(VENDOR),
            clone_req(&arn, "two", None)
        )),
        "DBClusterQuotaExceededFault"
    );
}

#[test]
fn shared_clusters_cannot_be_renamed() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    ready_cluster(&mut c, OWNER, create("other", 10));
    c.modify_db_cluster(acct(OWNER), "other", Some("renamed"), None, None)
        .unwrap();
    share(&mut c, OWNER, "s", &arn, &[VENDOR]);
    assert_eq!(
        refused(&mut c, |c| c.modify_db_cluster(
            acct(OWNER),
            "prod",
            Some("x"),
            None,
            None
        )),
        "InvalidDBClusterStateFault"
    );
    // The storage type can still change.
    c.modify_db_cluster(
        acct(OWNER),
        "prod",
        None,
        Some(StorageType::IoOptimized),
        None,
    )
    .unwrap();
}

#[test]
fn default_key_clusters_cannot_be_cloned_across_accounts() {
    let mut c = cloud();
    let mut req = create("prod", 10);
    req.storage_encrypted = true;
    let arn = ready_cluster(&mut c, OWNER, req);
    share_accepted(&mut c, &arn, VENDOR);
    c.kms_create_key(acct(VENDOR), &CreateKey::with_alias("vendor"))
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(VENDOR),
            clone_req(&arn, "x", Some("alias/vendor"))
        )),
        "KMSKeyNotAccessibleFault"
    );
    // The owner itself can clone it.
    c.restore_db_cluster_to_point_in_time(acct(OWNER), clone_req("prod", "own-clone", None))
        .unwrap();
}

#[test]
fn encrypted_sources_need_a_key_and_access_to_it() {
    let mut c = cloud();
    c.kms_create_key(acct(OWNER), &CreateKey::with_alias("finance"))
        .unwrap();
    let mut req = create("prod", 10);
    req.kms_key_id = Some("alias/finance".into());
    let arn = ready_cluster(&mut c, OWNER, req);
    share_accepted(&mut c, &arn, VENDOR);
    c.kms_create_key(acct(VENDOR), &CreateKey::with_alias("vendor"))
        .unwrap();
    let clone = |key: Option<&str>| clone_req(&arn, "x", key);
    assert_eq!(
        refused(&mut c, |c| c
            .restore_db_cluster_to_point_in_time(acct(VENDOR), clone(None))),
        "InvalidParameterCombination"
    );
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(VENDOR),
            clone(Some("alias/vendor"))
        )),
        "KMSKeyNotAccessibleFault",
        "the owner's key policy doesn't admit the vendor yet"
    );
    c.kms_put_key_policy(acct(OWNER), "alias/finance", &key_policy_for(&[VENDOR]))
        .unwrap();
    // The key it names must be usable too: the auditor's key doesn't admit it.
    c.kms_create_key(acct(AUDIT), &CreateKey::with_alias("audit"))
        .unwrap();
    let audit_key = c
        .keys()
        .iter()
        .find(|k| k.alias() == Some("audit"))
        .unwrap()
        .arn("us-east-1");
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(VENDOR),
            clone(Some(&audit_key))
        )),
        "KMSKeyNotAccessibleFault"
    );
    let r = json(
        c.restore_db_cluster_to_point_in_time(acct(VENDOR), clone(Some("alias/vendor")))
            .unwrap(),
    );
    assert_eq!(r["DBCluster"]["StorageEncrypted"], true);
}

#[test]
fn restore_to_time_combinations_are_refused() {
    let mut c = cloud();
    ready_cluster(&mut c, OWNER, create("prod", 10));
    let t = c.now();
    let mut cow = clone_req("prod", "x", None);
    cow.use_latest_restorable_time = false;
    cow.restore_to_time = Some(t);
    assert_eq!(
        refused(&mut c, |c| c
            .restore_db_cluster_to_point_in_time(acct(OWNER), cow)),
        "InvalidParameterCombination"
    );
    let both = RestoreToPointInTime {
        source: "prod".into(),
        identifier: "x".into(),
        restore_type: RestoreType::FullCopy,
        use_latest_restorable_time: true,
        restore_to_time: Some(t),
        kms_key_id: None,
        backup_retention_period: None,
        parameter_group: None,
        subnet_group: None,
        tags: Default::default(),
        deletion_protection: Default::default(),
        copy_tags_to_snapshot: Default::default(),
    };
    assert_eq!(
        refused(&mut c, |c| c
            .restore_db_cluster_to_point_in_time(acct(OWNER), both.clone())),
        "InvalidParameterCombination"
    );
    let pitr = RestoreToPointInTime {
        use_latest_restorable_time: false,
        ..both
    };
    let r = json(
        c.restore_db_cluster_to_point_in_time(acct(OWNER), pitr)
            .unwrap(),
    );
    assert_eq!(r["restore_type_applied"], "full-copy");
}

#[test]
fn clone_sources_need_an_instance() {
    let mut c = cloud();
    c.create_db_cluster(acct(OWNER), create("prod", 10))
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(OWNER),
            clone_req("prod", "x", None)
        )),
        "InvalidDBClusterStateFault",
        "still creating"
    );
    settle(&mut c);
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(OWNER),
            clone_req("prod", "x", None)
        )),
        "InvalidDBClusterStateFault",
        "no instance"
    );
    c.create_db_instance(acct(OWNER), "prod-1", "prod", InstanceClass::TYPICAL)
        .unwrap();
    settle(&mut c);
    c.restore_db_cluster_to_point_in_time(acct(OWNER), clone_req("prod", "x", None))
        .unwrap();
}

#[test]
fn instances_need_available_clusters_and_block_deletion() {
    let mut c = cloud();
    c.create_db_cluster(acct(OWNER), create("prod", 10))
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.create_db_instance(
            acct(OWNER),
            "i",
            "prod",
            InstanceClass::TYPICAL
        )),
        "InvalidDBClusterStateFault"
    );
    settle(&mut c);
    c.create_db_instance(acct(OWNER), "i", "prod", InstanceClass::TYPICAL)
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.delete_db_cluster(
            acct(OWNER),
            "prod",
            true,
            None
        )),
        "InvalidDBClusterStateFault"
    );
    c.delete_db_instance(acct(OWNER), "i").unwrap();
    c.delete_db_cluster(acct(OWNER), "prod", true, None)
        .unwrap();
}

#[test]
fn identifiers_are_unique_per_account() {
    let mut c = cloud();
    ready_cluster(&mut c, OWNER, create("prod", 10));
    assert_eq!(
        refused(&mut c, |c| c
            .create_db_cluster(acct(OWNER), create("prod", 1))),
        "DBClusterAlreadyExistsFault"
    );
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(OWNER),
            clone_req("prod", "prod", None)
        )),
        "DBClusterAlreadyExistsFault"
    );
    c.create_db_cluster(acct(VENDOR), create("prod", 1))
        .unwrap();
    c.create_db_cluster_snapshot(acct(OWNER), "prod", "snap")
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.create_db_cluster_snapshot(
            acct(OWNER),
            "prod",
            "snap"
        )),
        "DBClusterSnapshotAlreadyExistsFault"
    );
    settle(&mut c);
    assert_eq!(
        refused(&mut c, |c| c.copy_db_cluster_snapshot(
            acct(OWNER),
            "snap",
            "snap",
            None
        )),
        "DBClusterSnapshotAlreadyExistsFault"
    );
}

#[test]
fn default_key_snapshots_cannot_be_shared() {
    let mut c = cloud();
    let mut req = create("prod", 10);
    req.storage_encrypted = true;
    ready_cluster(&mut c, OWNER, req);
    c.create_db_cluster_snapshot(acct(OWNER), "prod", "snap")
        .unwrap();
    settle(&mut c);
    let add = vec![VENDOR.to_string()];
    assert_eq!(
        refused(&mut c, |c| c.modify_db_cluster_snapshot_attribute(
            acct(OWNER),
            "snap",
            "restore",
            &add,
            &[]
        )),
        "InvalidParameterValue"
    );
    // Copied with a customer managed key, it can be shared and restored.
    c.kms_create_key(acct(OWNER), &CreateKey::with_alias("share"))
        .unwrap();
    c.kms_put_key_policy(acct(OWNER), "alias/share", &key_policy_for(&[VENDOR]))
        .unwrap();
    c.copy_db_cluster_snapshot(acct(OWNER), "snap", "snap-cmk", Some("alias/share"))
        .unwrap();
    settle(&mut c);
    c.modify_db_cluster_snapshot_attribute(acct(OWNER), "snap-cmk", "restore", &add, &[])
        .unwrap();
    let arn = format!("arn:aws:rds:us-east-1:{OWNER}:cluster-snapshot:snap-cmk");
    let r = json(
        c.restore_db_cluster_from_snapshot(
            acct(VENDOR),
            RestoreFromSnapshot {
                snapshot: SnapshotRef::parse(&arn),
                identifier: "copy".into(),
                engine: None,
                kms_key_id: None,
                backup_retention_period: None,
                parameter_group: None,
                subnet_group: None,
                tags: Default::default(),
                deletion_protection: Default::default(),
                copy_tags_to_snapshot: Default::default(),
            },
        )
        .unwrap(),
    );
    assert_eq!(r["DBCluster"]["CloneGroupId"], Value::Null);
}

#[test]
fn forty_clusters_per_account() {
    let mut c = cloud();
    for i in 0..40 {
        c.create_db_cluster(acct(OWNER), create(&format!("c{i}"), 1))
            .unwrap();
    }
    assert_eq!(
        refused(&mut c, |c| c
            .create_db_cluster(acct(OWNER), create("c40", 1))),
        "DBClusterQuotaExceededFault"
    );
}

#[test]
fn invitations_are_answered_once_by_their_receiver_within_seven_days() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    let r = json(share(&mut c, OWNER, "s", &arn, &[VENDOR, AUDIT]));
    let invitation = |account: &str| {
        r["invitations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["receiverAccountId"] == account)
            .unwrap()["resourceShareInvitationArn"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (vendor_inv, audit_inv) = (
        InvitationRef::Arn(invitation(VENDOR)),
        InvitationRef::Arn(invitation(AUDIT)),
    );
    assert_eq!(
        refused(&mut c, |c| c
            .accept_resource_share_invitation(acct(AUDIT), &vendor_inv)),
        "ResourceShareInvitationArnNotFoundException"
    );
    c.accept_resource_share_invitation(acct(VENDOR), &vendor_inv)
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c
            .accept_resource_share_invitation(acct(VENDOR), &vendor_inv)),
        "ResourceShareInvitationAlreadyAcceptedException"
    );
    assert_eq!(
        refused(&mut c, |c| c
            .reject_resource_share_invitation(acct(VENDOR), &vendor_inv)),
        "ResourceShareInvitationAlreadyAcceptedException"
    );
    // Just inside seven days the auditor's invitation is still pending...
    let sent = c.now();
    c.advance_to(sent.plus(7 * DAY - 1));
    let pending = json(
        c.get_resource_share_invitations(
            acct(AUDIT),
            &GetResourceShareInvitations {
                status: Some(InvitationStatus::Pending),
                max_results: None,
                next_token: None,
            },
        )
        .unwrap(),
    );
    assert_eq!(
        pending["resourceShareInvitations"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // ...and at seven days it has expired.
    c.advance_to(sent.plus(7 * DAY));
    assert_eq!(
        refused(&mut c, |c| c
            .accept_resource_share_invitation(acct(AUDIT), &audit_inv)),
        "ResourceShareInvitationExpiredException"
    );
    let expired = json(
        c.get_resource_share_invitations(
            acct(AUDIT),
            &GetResourceShareInvitations {
                status: Some(InvitationStatus::Expired),
                max_results: None,
                next_token: None,
            },
        )
        .unwrap(),
    );
    assert_eq!(
        expired["resourceShareInvitations"]
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let arn2 = ready_cluster(&mut c, OWNER, create("other", 10));
    share(&mut c, OWNER, "t", &arn2, &[VENDOR]);
    let t = InvitationRef::ShareName("t".into());
    c.reject_resource_share_invitation(acct(VENDOR), &t)
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c
            .accept_resource_share_invitation(acct(VENDOR), &t)),
        "ResourceShareInvitationAlreadyRejectedException"
    );
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(VENDOR),
            clone_req(&arn2, "x", None)
        )),
        "DBClusterNotFoundFault",
        "a rejected share grants nothing"
    );
}

#[test]
fn organization_sharing_needs_the_management_account_and_skips_invitations() {
    let mut c = cloud();
    assert_eq!(
        refused(&mut c, |c| c
            .enable_sharing_with_aws_organization(acct(AUDIT))),
        "OperationNotPermittedException"
    );
    c.enable_sharing_with_aws_organization(acct(OWNER)).unwrap();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    let r = json(share(&mut c, OWNER, "s", &arn, &[AUDIT]));
    assert_eq!(r["invitations"], json!([]));
    c.restore_db_cluster_to_point_in_time(acct(AUDIT), clone_req(&arn, "audit", None))
        .unwrap();
}

#[test]
fn malformed_arns_get_the_services_code() {
    let mut c = cloud();
    ready_cluster(&mut c, OWNER, create("prod", 10));
    let bad = "arn:aws:rds:us-east-1:12345:cluster:prod";
    let req = ShareRequest {
        resource_arns: vec![bad.into()],
        principals: vec![VENDOR.into()],
    };
    assert_eq!(
        refused(&mut c, |c| c.create_resource_share(
            acct(OWNER),
            "s",
            &req,
            true
        )),
        "MalformedArnException"
    );
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(VENDOR),
            clone_req(bad, "x", None)
        )),
        "InvalidParameterValue"
    );
    assert_eq!(
        refused(&mut c, |c| c.accept_resource_share_invitation(
            acct(VENDOR),
            &InvitationRef::Arn("arn:nope".into())
        )),
        "MalformedArnException"
    );
}

/// Same account: the 15th copy-on-write clone of a family is a clone, the
/// 16th silently a full copy, in no clone group since it shares nothing;
/// the full copy can have clones of its own, in a group of their own.
#[test]
fn the_sixteenth_same_account_clone_is_a_full_copy() {
    let mut c = cloud();
    ready_cluster(&mut c, OWNER, create("prod", 10));
    for i in 0..15 {
        let r = json(
            c.restore_db_cluster_to_point_in_time(
                acct(OWNER),
                clone_req("prod", &format!("c{i}"), None),
            )
            .unwrap(),
        );
        assert_eq!(r["restore_type_applied"], "copy-on-write");
    }
    let r = json(
        c.restore_db_cluster_to_point_in_time(acct(OWNER), clone_req("prod", "c15", None))
            .unwrap(),
    );
    assert_eq!(r["restore_type_applied"], "full-copy");
    assert_eq!(r["DBCluster"]["CloneGroupId"], Value::Null);
    let family = json(
        c.describe_db_clusters(
            acct(OWNER),
            &clusters_query(Some(&"prod".into()), false, None),
        )
        .unwrap(),
    );
    let family = family["DBClusters"][0]["CloneGroupId"].clone();
    assert_ne!(family, Value::Null);
    settle(&mut c);
    c.create_db_instance(acct(OWNER), "c15-1", "c15", InstanceClass::TYPICAL)
        .unwrap();
    settle(&mut c);
    let r = json(
        c.restore_db_cluster_to_point_in_time(acct(OWNER), clone_req("c15", "c16", None))
            .unwrap(),
    );
    assert_eq!(r["restore_type_applied"], "copy-on-write");
    let own = r["DBCluster"]["CloneGroupId"].clone();
    assert_ne!(own, Value::Null);
    assert_ne!(own, family, "a new group, not prod's");
}

#[test]
fn removing_a_principal_removes_its_right_to_clone_but_not_its_clone() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    let other = ready_cluster(&mut c, OWNER, create("other", 10));
    share(&mut c, OWNER, "s", &arn, &[VENDOR]);
    c.associate_resource_share(
        acct(OWNER),
        &ShareRef::Name("s".into()),
        &ShareRequest {
            resource_arns: vec![other.clone()],
            principals: vec![],
        },
    )
    .unwrap();
    c.accept_resource_share_invitation(acct(VENDOR), &InvitationRef::ShareName("s".into()))
        .unwrap();
    c.restore_db_cluster_to_point_in_time(acct(VENDOR), clone_req(&arn, "mine", None))
        .unwrap();
    c.disassociate_resource_share(
        acct(OWNER),
        &ShareRef::Name("s".into()),
        &ShareRequest {
            resource_arns: vec![],
            principals: vec![VENDOR.into()],
        },
    )
    .unwrap();
    assert_eq!(
        refused(&mut c, |c| c.restore_db_cluster_to_point_in_time(
            acct(VENDOR),
            clone_req(&other, "again", None)
        )),
        "DBClusterNotFoundFault"
    );
    let mine = json(
        c.describe_db_clusters(acct(VENDOR), &clusters_query(None, true, None))
            .unwrap(),
    );
    assert_eq!(
        mine["DBClusters"].as_array().unwrap().len(),
        1,
        "its clone stays, and nothing is shared any more"
    );
    c.delete_resource_share(acct(OWNER), &ShareRef::Name("s".into()))
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c
            .delete_resource_share(acct(OWNER), &ShareRef::Name("s".into()))),
        "UnknownResourceException"
    );
}

#[test]
fn clone_group_ids_follow_the_family() {
    let mut c = cloud();
    ready_cluster(&mut c, OWNER, create("prod", 10));
    let before = json(
        c.describe_db_clusters(
            acct(OWNER),
            &clusters_query(Some(&"prod".into()), false, None),
        )
        .unwrap(),
    );
    assert_eq!(before["DBClusters"][0]["CloneGroupId"], Value::Null);
    let r = json(
        c.restore_db_cluster_to_point_in_time(acct(OWNER), clone_req("prod", "a", None))
            .unwrap(),
    );
    let group = r["DBCluster"]["CloneGroupId"].as_str().unwrap().to_string();
    let prod = json(
        c.describe_db_clusters(
            acct(OWNER),
            &clusters_query(Some(&"prod".into()), false, None),
        )
        .unwrap(),
    );
    assert_eq!(prod["DBClusters"][0]["CloneGroupId"], group);
    settle(&mut c);
    c.create_db_instance(acct(OWNER), "a-1", "a", InstanceClass::TYPICAL)
        .unwrap();
    settle(&mut c);
    let r = json(
        c.restore_db_cluster_to_point_in_time(acct(OWNER), clone_req("a", "b", None))
            .unwrap(),
    );
    assert_eq!(r["DBCluster"]["CloneGroupId"], group, "a clone of a clone");
    settle(&mut c);
    c.delete_db_instance(acct(OWNER), "a-1").unwrap();
    c.delete_db_cluster(acct(OWNER), "a", true, None).unwrap();
    let family = json(
        c.describe_db_clusters(acct(OWNER), &clusters_query(None, false, Some(&group)))
            .unwrap(),
    );
    let ids: Vec<&str> = family["DBClusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["DBClusterIdentifier"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["prod", "a", "b"],
        "a deleting cluster is listed until it is gone"
    );
    settle(&mut c);
    let family = json(
        c.describe_db_clusters(acct(OWNER), &clusters_query(None, false, Some(&group)))
            .unwrap(),
    );
    assert_eq!(family["DBClusters"].as_array().unwrap().len(), 2);
    assert_eq!(
        family["DBClusters"][0]["CloneGroupId"], group,
        "it stays after a clone is deleted"
    );
}

#[test]
fn shared_clusters_are_described_with_four_fields() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    share_accepted(&mut c, &arn, VENDOR);
    let without = json(
        c.describe_db_clusters(acct(VENDOR), &clusters_query(None, false, None))
            .unwrap(),
    );
    assert_eq!(without["DBClusters"], json!([]));
    let with = json(
        c.describe_db_clusters(acct(VENDOR), &clusters_query(None, true, None))
            .unwrap(),
    );
    let entry = with["DBClusters"][0].as_object().unwrap();
    let mut keys: Vec<&str> = entry.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "DBClusterArn",
            "Engine",
            "EngineVersion",
            "StorageEncrypted"
        ]
    );
    assert_eq!(entry["DBClusterArn"], arn);
}

#[test]
fn only_owners_modify_delete_and_share() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    share_accepted(&mut c, &arn, VENDOR);
    assert_eq!(
        refused(&mut c, |c| c.delete_db_cluster(
            acct(VENDOR),
            &arn,
            true,
            None
        )),
        "DBClusterNotFoundFault"
    );
    assert_eq!(
        refused(&mut c, |c| c.modify_db_cluster(
            acct(VENDOR),
            &arn,
            None,
            Some(StorageType::IoOptimized),
            None
        )),
        "DBClusterNotFoundFault"
    );
    assert_eq!(
        refused(&mut c, |c| c.create_db_cluster_snapshot(
            acct(VENDOR),
            &arn,
            "steal"
        )),
        "DBClusterNotFoundFault"
    );
    assert_eq!(
        refused(&mut c, |c| c.delete_resource_share(
            acct(VENDOR),
            &ShareRef::Name("s".into())
        )),
        "UnknownResourceException"
    );
    assert_eq!(
        refused(&mut c, |c| c.kms_put_key_policy(
            acct(VENDOR),
            "alias/aws/rds",
            &key_policy_for(&[VENDOR])
        )),
        "NotFoundException"
    );
}

#[test]
fn list_principals_shows_whom_the_owner_shares_with() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("prod", 10));
    share(&mut c, OWNER, "s", &arn, &[VENDOR, AUDIT]);
    let listed = json(
        c.list_principals(
            acct(OWNER),
            &ListPrincipals {
                resource_arns: ClusterArns(vec![arn.clone()]),
                owner: cowsim::cloud::ResourceOwner::SelfOwned,
                max_results: None,
                next_token: None,
            },
        )
        .unwrap(),
    );
    let principals = listed["principals"].as_array().unwrap();
    assert_eq!(principals.len(), 2);
    let vendor = principals.iter().find(|p| p["id"] == VENDOR).unwrap();
    assert_eq!(vendor["external"], true);
    let audit = principals.iter().find(|p| p["id"] == AUDIT).unwrap();
    assert_eq!(audit["external"], false);
    let none = json(
        c.list_principals(
            acct(VENDOR),
            &ListPrincipals {
                resource_arns: ClusterArns::default(),
                owner: cowsim::cloud::ResourceOwner::SelfOwned,
                max_results: None,
                next_token: None,
            },
        )
        .unwrap(),
    );
    assert_eq!(none["principals"], json!([]));
}

#[test]
fn unknown_callers_are_refused() {
    let mut c = cloud();
    let stranger = acct("999999999999");
    assert_eq!(
        refused(&mut c, |c| c.create_db_cluster(stranger, create("x", 1))),
        "InvalidClientTokenId"
    );
    assert_eq!(
        refused(&mut c, |c| c
            .kms_create_key(stranger, &CreateKey::with_alias("k"))),
        "InvalidClientTokenId"
    );
}

/// A restore of another account's cluster to a past time is refused as
/// any restore of it but a clone is, before its backup window is looked
/// at: the window would tell its retention and its age.
#[test]
fn a_past_time_restore_of_a_shared_cluster_tells_nothing_of_its_window() {
    let mut c = cloud();
    let arn = ready_cluster(&mut c, OWNER, create("ledger", 1_000));
    share_accepted(&mut c, &arn, VENDOR);
    let long_ago = cowsim::time::SimTime::parse_rfc3339("2020-01-01T00:00:00Z").unwrap();
    let err = c
        .restore_db_cluster_to_point_in_time(
            acct(VENDOR),
            RestoreToPointInTime {
                restore_type: RestoreType::FullCopy,
                use_latest_restorable_time: false,
                restore_to_time: Some(long_ago),
                ..clone_req(&arn, "past", None)
            },
        )
        .expect_err("another account's cluster can only be cloned");
    assert_eq!(err.code(), "InvalidParameterCombination");
    let said = err.to_string();
    assert!(
        !said.contains("Restorable") && !said.contains("retention"),
        "{said}"
    );
}

/// `kms-retire-grant`: the grant says who retires it (the key's account,
/// its retiring principal's, or its grantee's when it allows
/// `RetireGrant`); anyone else is answered as if there were no such grant
/// or key.
#[test]
fn a_grant_is_retired_only_by_whom_it_names() {
    use cowsim::cloud::ops::kms::{CreateGrant, GrantOperations, RetireGrant};
    let mut c = cloud();
    let key = c
        .kms_create_key(acct(OWNER), &CreateKey::with_alias("orders"))
        .unwrap()
        .key
        .arn;
    let grant = |c: &mut Cloud, operations: &[&str], retiring: Option<&str>| {
        c.kms_create_grant(
            acct(OWNER),
            &CreateGrant {
                key: key.clone(),
                grantee: AUDIT.into(),
                operations: GrantOperations(operations.iter().map(|o| o.to_string()).collect()),
                retiring: retiring.map(|r| format!("arn:aws:iam::{r}:root")),
                name: None,
                dry_run: false,
            },
        )
        .unwrap()
    };
    let by_token = |token: &str| RetireGrant {
        token: Some(token.into()),
        key: None,
        grant_id: None,
        dry_run: false,
    };
    let by_id = |key: &str, id: &str| RetireGrant {
        token: None,
        key: Some(key.into()),
        grant_id: Some(id.into()),
        dry_run: false,
    };

    // The grantee may not retire a grant that doesn't allow it, and the
    // answer is the one a key that doesn't exist gets.
    let g = grant(&mut c, &["Decrypt"], Some(VENDOR));
    let missing = key.replace(&key[key.len() - 12..], "000000000000");
    let existing = c.kms_retire_grant(acct(AUDIT), &by_id(&key, &g.grant_id));
    let absent = c.kms_retire_grant(acct(AUDIT), &by_id(&missing, &g.grant_id));
    assert_eq!(
        existing.unwrap_err().to_string().replace(&key, "KEY"),
        absent.unwrap_err().to_string().replace(&missing, "KEY")
    );
    assert_eq!(
        refused(&mut c, |c| c
            .kms_retire_grant(acct(AUDIT), &by_token(&g.grant_token))),
        "NotFoundException"
    );
    // Its retiring principal may, by its token.
    c.kms_retire_grant(acct(VENDOR), &by_token(&g.grant_token))
        .unwrap();
    assert_eq!(
        refused(&mut c, |c| c
            .kms_retire_grant(acct(VENDOR), &by_token(&g.grant_token))),
        "NotFoundException"
    );

    // The grantee may when the grant allows RetireGrant; the key's account
    // always may.
    let g = grant(&mut c, &["Decrypt", "RetireGrant"], None);
    c.kms_retire_grant(acct(AUDIT), &by_id(&key, &g.grant_id))
        .unwrap();
    let g = grant(&mut c, &["Decrypt"], None);
    // A dry run is refused, and the grant stays to be retired for real.
    let dry = cowsim::cloud::ops::Request::RetireGrant(RetireGrant {
        dry_run: true,
        ..by_id("alias/orders", &g.grant_id)
    });
    assert_eq!(
        refused(&mut c, |c| c.call(acct(OWNER), &dry)),
        "ValidationException"
    );
    c.kms_retire_grant(acct(OWNER), &by_id("alias/orders", &g.grant_id))
        .unwrap();

    for (request, code) in [
        (by_token("not-a-token"), "InvalidGrantTokenException"),
        (by_id(&key, "abc"), "InvalidGrantIdException"),
        (
            RetireGrant {
                token: None,
                key: Some(key.clone()),
                grant_id: None,
                dry_run: false,
            },
            "ValidationException",
        ),
    ] {
        assert_eq!(
            refused(&mut c, |c| c.kms_retire_grant(acct(OWNER), &request)),
            code
        );
    }
}

/// `kms-update-key-description`: the caller's customer managed keys only;
/// another account's key, and `aws/rds`, are not found.
#[test]
fn only_the_owner_describes_its_key_anew() {
    let mut c = cloud();
    let made = c
        .kms_create_key(acct(OWNER), &CreateKey::with_alias("orders"))
        .unwrap()
        .key;
    c.kms_update_key_description(acct(OWNER), "alias/orders", "orders, 2026")
        .unwrap();
    let full = c
        .full_key_metadata(acct(OWNER), acct(OWNER), &made.key_id)
        .unwrap();
    assert_eq!(full.description, "orders, 2026");
    for (who, key) in [(AUDIT, made.arn.as_str()), (OWNER, "alias/aws/rds")] {
        assert_eq!(
            refused(&mut c, |c| c.kms_update_key_description(
                acct(who),
                key,
                "x"
            )),
            "NotFoundException"
        );
    }
}
