//! Nobody sees or touches what isn't theirs: random calls from three
//! accounts (two in one organization, one outside), each checked against
//! who could see what just before it. Who could see what comes from the
//! test's own record of the shares it created, the invitations those calls
//! answered with and it accepted, the principals it removed, and the key
//! policies it wrote: never from the control plane's own answer.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use cowsim::cloud::instance_classes::InstanceClass;
use cowsim::cloud::ops::ram::ResourceShareResponse;
use cowsim::cloud::ops::rds::DescribedDbCluster;
use cowsim::cloud::ops::refs::SnapshotRef;
use cowsim::cloud::rds::{ClusterStatus, SnapshotStatus};
use cowsim::cloud::{
    AccountId, Cloud, ClusterId, InvitationRef, RestoreFromSnapshot, ShareRef, ShareRequest,
};
use proptest::prelude::*;

const ACCOUNTS: [&str; 3] = [OWNER, AUDIT, VENDOR];
const NAMES: [&str; 3] = ["a", "b", "c"];

#[derive(Clone, Debug)]
enum Op {
    Create {
        who: usize,
        name: usize,
        encrypted: u8,
    },
    Instance {
        who: usize,
        name: usize,
    },
    Settle,
    Share {
        who: usize,
        owner: usize,
        name: usize,
        to: usize,
        external: bool,
    },
    Accept {
        who: usize,
        share: usize,
    },
    /// Share, accept and clone at once, so that random sequences reach the
    /// cross-account paths often.
    ShareAndClone {
        owner: usize,
        name: usize,
        to: usize,
        new: usize,
        key: u8,
    },
    Clone {
        who: usize,
        owner: usize,
        name: usize,
        new: usize,
        key: u8,
    },
    Rename {
        who: usize,
        owner: usize,
        name: usize,
    },
    Delete {
        who: usize,
        owner: usize,
        name: usize,
    },
    Disassociate {
        who: usize,
        share: usize,
        to: usize,
    },
    Policy {
        who: usize,
        admits: usize,
    },
    Snapshot {
        who: usize,
        owner: usize,
        name: usize,
    },
    ShareSnapshot {
        who: usize,
        owner: usize,
        name: usize,
        to: usize,
    },
    Restore {
        who: usize,
        owner: usize,
        name: usize,
        new: usize,
    },
    Describe {
        who: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let a = || 0..3usize;
    prop_oneof![
        (a(), a(), 0..3u8).prop_map(|(who, name, encrypted)| Op::Create {
            who,
            name,
            encrypted
        }),
        (a(), a()).prop_map(|(who, name)| Op::Instance { who, name }),
        Just(Op::Settle),
        (a(), a(), a(), a(), any::<bool>()).prop_map(|(who, owner, name, to, external)| {
            Op::Share {
                who,
                owner,
                name,
                to,
                external,
            }
        }),
        (a(), a()).prop_map(|(who, share)| Op::Accept { who, share }),
        (a(), a(), a(), a(), 0..3u8).prop_map(|(owner, name, to, new, key)| Op::ShareAndClone {
            owner,
            name,
            to,
            new,
            key
        }),
        (a(), a(), a(), a(), 0..3u8).prop_map(|(who, owner, name, new, key)| Op::Clone {
            who,
            owner,
            name,
            new,
            key
        }),
        (a(), a(), a()).prop_map(|(who, owner, name)| Op::Rename { who, owner, name }),
        (a(), a(), a()).prop_map(|(who, owner, name)| Op::Delete { who, owner, name }),
        (a(), a(), a()).prop_map(|(who, share, to)| Op::Disassociate { who, share, to }),
        (a(), a()).prop_map(|(who, admits)| Op::Policy { who, admits }),
        (a(), a(), a()).prop_map(|(who, owner, name)| Op::Snapshot { who, owner, name }),
        (a(), a(), a(), a()).prop_map(|(who, owner, name, to)| Op::ShareSnapshot {
            who,
            owner,
            name,
            to
        }),
        (a(), a(), a(), a()).prop_map(|(who, owner, name, new)| Op::Restore {
            who,
            owner,
            name,
            new
        }),
        a().prop_map(|who| Op::Describe { who }),
    ]
}

fn cluster_arn(owner: usize, name: usize) -> String {
    format!(
        "arn:aws:rds:us-east-1:{}:cluster:{}",
        ACCOUNTS[owner], NAMES[name]
    )
}

fn snapshot_arn(owner: usize, name: usize) -> String {
    format!(
        "arn:aws:rds:us-east-1:{}:cluster-snapshot:s{}",
        ACCOUNTS[owner], NAMES[name]
    )
}

fn share_name(owner: usize) -> String {
    format!("share-{owner}")
}

/// The live cluster an ARN names, if any.
fn find(c: &Cloud, owner: usize, name: usize) -> Option<&cowsim::cloud::rds::Cluster> {
    c.clusters().iter().find(|x| {
        x.account() == acct(ACCOUNTS[owner])
            && x.identifier() == NAMES[name]
            && x.status() != ClusterStatus::Deleted
    })
}

/// A share the test created: one cluster, one principal.
struct Issued {
    owner: usize,
    arn: String,
    cluster: ClusterId,
    principal: usize,
    /// The invitation the call answered with; `None` when the principal
    /// had access at once.
    invitation: Option<String>,
    accepted: bool,
    removed: bool,
}

/// The test's own record of what it has granted: the shares it created
/// and what became of their invitations, and whom each account's key
/// policy admits. The oracle, independent of the code under test.
#[derive(Default)]
struct Oracle {
    admitted: [Option<usize>; 3],
    shares: Vec<Issued>,
}

impl Oracle {
    fn allows(&self, c: &Cloud, key: Option<cowsim::cloud::KeyId>, who: AccountId) -> bool {
        let Some(k) = key else { return true };
        let key = c.keys().iter().find(|x| x.id == k).unwrap();
        let owner = ACCOUNTS.iter().position(|a| acct(a) == key.owner).unwrap();
        key.owner == who
            || (!key.aws_managed && self.admitted[owner].is_some_and(|i| acct(ACCOUNTS[i]) == who))
    }

    /// Whether `who` may see the live cluster `cluster` of `owner`: its own,
    /// or in a share of the owner's that `who` joined and wasn't removed from.
    fn sees(&self, who: usize, owner: usize, cluster: ClusterId) -> bool {
        who == owner
            || self.shares.iter().any(|s| {
                s.owner == owner
                    && s.cluster == cluster
                    && s.principal == who
                    && (s.invitation.is_none() || s.accepted)
                    && !s.removed
            })
    }

    /// Records a share the control plane accepted.
    fn shared(
        &mut self,
        owner: usize,
        cluster: ClusterId,
        principal: usize,
        answer: &ResourceShareResponse,
    ) {
        let invitation = answer
            .sim
            .invitations
            .iter()
            .flatten()
            .next()
            .map(|i| i.resource_share_invitation_arn.clone());
        self.shares.push(Issued {
            owner,
            arn: answer.resource_share.resource_share_arn.clone(),
            cluster,
            principal,
            invitation,
            accepted: false,
            removed: false,
        });
    }

    /// The latest unanswered invitation of `owner`'s shares to `who`.
    fn pending(&mut self, owner: usize, who: usize) -> Option<&mut Issued> {
        self.shares.iter_mut().rev().find(|s| {
            s.owner == owner && s.principal == who && s.invitation.is_some() && !s.accepted
        })
    }
}

/// Every account starts with a customer managed key and three available
/// clusters with an instance: `a` unencrypted, `b` on `aws/rds`, `c` on the
/// key.
fn run(ops: &[Op]) {
    let mut c = cloud();
    for a in ACCOUNTS {
        c.kms_create_key(
            acct(a),
            &cowsim::cloud::ops::kms::CreateKey::with_alias("cmk"),
        )
        .unwrap();
        for (name, encrypted) in NAMES.iter().zip(0u8..) {
            let mut req = create(name, 8);
            req.storage_encrypted = encrypted > 0;
            req.kms_key_id = (encrypted == 2).then(|| "alias/cmk".into());
            ready_cluster(&mut c, a, req);
        }
    }
    let mut oracle = Oracle::default();
    for op in ops {
        check(&mut c, &mut oracle, op);
    }
}

fn check(c: &mut Cloud, oracle: &mut Oracle, op: &Op) {
    match *op {
        Op::Create {
            who,
            name,
            encrypted,
        } => {
            let mut req = create(NAMES[name], 8);
            req.storage_encrypted = encrypted > 0;
            req.kms_key_id = (encrypted == 2).then(|| "alias/cmk".into());
            let _ = c.create_db_cluster(acct(ACCOUNTS[who]), req);
        }
        Op::Instance { who, name } => {
            let _ = c.create_db_instance(
                acct(ACCOUNTS[who]),
                &format!("i{name}"),
                NAMES[name],
                InstanceClass::TYPICAL,
            );
        }
        Op::Settle => settle(c),
        Op::Share {
            who,
            owner,
            name,
            to,
            external,
        } => {
            let req = ShareRequest {
                resource_arns: vec![cluster_arn(owner, name)],
                principals: vec![ACCOUNTS[to].into()],
            };
            let cluster = find(c, owner, name).map(|x| x.id());
            let r = c.create_resource_share(acct(ACCOUNTS[who]), &share_name(who), &req, external);
            if let Ok(answer) = r {
                assert!(
                    who == owner && cluster.is_some(),
                    "{op:?} shared a cluster it doesn't own"
                );
                oracle.shared(owner, cluster.unwrap(), to, &answer);
            }
        }
        Op::Accept { who, share } => accept(c, oracle, share, who),
        Op::ShareAndClone {
            owner,
            name,
            to,
            new,
            key,
        } => {
            let req = ShareRequest {
                resource_arns: vec![cluster_arn(owner, name)],
                principals: vec![ACCOUNTS[to].into()],
            };
            let cluster = find(c, owner, name).map(|x| x.id());
            if let Ok(answer) =
                c.create_resource_share(acct(ACCOUNTS[owner]), &share_name(owner), &req, true)
            {
                oracle.shared(owner, cluster.unwrap(), to, &answer);
            }
            accept(c, oracle, owner, to);
            check(
                c,
                oracle,
                &Op::Clone {
                    who: to,
                    owner,
                    name,
                    new,
                    key,
                },
            );
        }
        Op::Clone {
            who,
            owner,
            name,
            new,
            key,
        } => {
            let caller = acct(ACCOUNTS[who]);
            let source = find(c, owner, name).cloned();
            let visible = source
                .as_ref()
                .is_some_and(|s| oracle.sees(who, owner, s.id()));
            let source_key_ok = source
                .as_ref()
                .is_some_and(|s| oracle.allows(c, s.kms_key(), caller));
            let key_name = match key {
                0 => None,
                1 => Some("alias/cmk".to_string()),
                _ => Some(
                    c.keys()
                        .iter()
                        .find(|k| k.owner == acct(ACCOUNTS[owner]) && !k.aws_managed)
                        .unwrap()
                        .arn("us-east-1"),
                ),
            };
            let before = c.clusters().len();
            let r = c.restore_db_cluster_to_point_in_time(
                caller,
                clone_req(&cluster_arn(owner, name), NAMES[new], key_name.as_deref()),
            );
            if r.is_ok() {
                assert!(visible, "{op:?} cloned a cluster it can't see");
                assert!(source_key_ok, "{op:?} used a source key it isn't allowed");
                let made = &c.clusters()[before];
                assert_eq!(made.account(), caller);
                assert!(
                    oracle.allows(c, made.kms_key(), caller),
                    "{op:?} encrypted with a key it can't use"
                );
            }
        }
        Op::Rename { who, owner, name } => {
            let owned = owner == who && find(c, owner, name).is_some();
            let r = c.modify_db_cluster(
                acct(ACCOUNTS[who]),
                &cluster_arn(owner, name),
                Some("renamed"),
                None,
                None,
            );
            assert!(r.is_err() || owned, "{op:?} renamed what isn't its own");
        }
        Op::Delete { who, owner, name } => {
            let owned = owner == who && find(c, owner, name).is_some();
            let r = c.delete_db_cluster(acct(ACCOUNTS[who]), &cluster_arn(owner, name), true, None);
            assert!(r.is_err() || owned, "{op:?} deleted what isn't its own");
        }
        Op::Disassociate { who, share, to } => {
            let Some(issued) = oracle.shares.iter_mut().rev().find(|s| s.owner == share) else {
                return;
            };
            let r = c.disassociate_resource_share(
                acct(ACCOUNTS[who]),
                &ShareRef::Arn(issued.arn.clone()),
                &ShareRequest {
                    resource_arns: vec![],
                    principals: vec![ACCOUNTS[to].into()],
                },
            );
            if r.is_ok() {
                assert!(who == share, "{op:?} changed another account's share");
                assert_eq!(
                    issued.principal, to,
                    "{op:?} removed a principal never added"
                );
                issued.removed = true;
            }
        }
        Op::Policy { who, admits } => {
            let policy = format!(
                r#"{{"Statement": [{{"Effect": "Allow",
                    "Principal": {{"AWS": "arn:aws:iam::{}:root"}},
                    "Action": ["kms:Decrypt", "kms:CreateGrant"]}}]}}"#,
                ACCOUNTS[admits]
            );
            c.kms_put_key_policy(acct(ACCOUNTS[who]), "alias/cmk", &policy)
                .unwrap();
            oracle.admitted[who] = Some(admits);
        }
        Op::Snapshot { who, owner, name } => {
            let owned = owner == who && find(c, owner, name).is_some();
            let r = c.create_db_cluster_snapshot(
                acct(ACCOUNTS[who]),
                &cluster_arn(owner, name),
                &format!("s{}", NAMES[name]),
            );
            assert!(r.is_err() || owned, "{op:?} snapshotted what isn't its own");
        }
        Op::ShareSnapshot {
            who,
            owner,
            name,
            to,
        } => {
            let r = c.modify_db_cluster_snapshot_attribute(
                acct(ACCOUNTS[who]),
                &snapshot_arn(owner, name),
                "restore",
                &[ACCOUNTS[to].to_string()],
                &[],
            );
            assert!(
                r.is_err() || owner == who,
                "{op:?} shared another account's snapshot"
            );
        }
        Op::Restore {
            who,
            owner,
            name,
            new,
        } => {
            let caller = acct(ACCOUNTS[who]);
            let snap = c
                .cluster_snapshots()
                .iter()
                .find(|s| {
                    s.account == acct(ACCOUNTS[owner])
                        && s.identifier == format!("s{}", NAMES[name])
                        && s.status != SnapshotStatus::Deleted
                })
                .cloned();
            let allowed = snap.as_ref().is_some_and(|s| {
                (s.account == caller || s.restore.accounts.contains(&caller) || s.restore.public)
                    && oracle.allows(c, s.kms_key, caller)
            });
            let r = c.restore_db_cluster_from_snapshot(
                caller,
                RestoreFromSnapshot {
                    snapshot: SnapshotRef::parse(&snapshot_arn(owner, name)),
                    identifier: NAMES[new].into(),
                    engine: None,
                    kms_key_id: None,
                    backup_retention_period: None,
                    parameter_group: None,
                    subnet_group: None,
                    tags: Default::default(),
                    deletion_protection: Default::default(),
                    copy_tags_to_snapshot: Default::default(),
                },
            );
            assert!(
                r.is_err() || allowed,
                "{op:?} restored a snapshot it may not"
            );
        }
        Op::Describe { who } => {
            let caller = acct(ACCOUNTS[who]);
            let d = c
                .describe_db_clusters(caller, &clusters_query(None, true, None))
                .unwrap();
            for entry in &d.clusters {
                let arn = match entry {
                    DescribedDbCluster::Owned(c) => &c.arn,
                    DescribedDbCluster::Shared(c) => &c.arn,
                };
                let mine = arn.contains(&format!(":{}:", ACCOUNTS[who]));
                if let DescribedDbCluster::Owned(_) = entry {
                    assert!(mine, "described another account's cluster in full: {arn}");
                } else {
                    let owner = ACCOUNTS
                        .iter()
                        .position(|a| arn.contains(&format!(":{a}:")))
                        .unwrap();
                    let id = c
                        .clusters()
                        .iter()
                        .find(|x| {
                            c.cluster_arn(x.id()) == *arn && x.status() != ClusterStatus::Deleted
                        })
                        .unwrap()
                        .id();
                    assert!(
                        oracle.sees(who, owner, id),
                        "described {arn}, not shared with it"
                    );
                }
            }
        }
    }
}

/// `who` accepts the latest invitation it was sent for a share of
/// `owner`'s, by the ARN the share's creation answered with.
fn accept(c: &mut Cloud, oracle: &mut Oracle, owner: usize, who: usize) {
    let Some(issued) = oracle.pending(owner, who) else {
        return;
    };
    let arn = issued.invitation.clone().unwrap();
    if c.accept_resource_share_invitation(acct(ACCOUNTS[who]), &InvitationRef::Arn(arn))
        .is_ok()
    {
        issued.accepted = true;
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: common::regressions::regressions!("cloud_security"),
        ..ProptestConfig::default()
    })]

    #[test]
    fn nobody_touches_what_is_not_theirs(ops in prop::collection::vec(op(), 1..60)) {
        run(&ops);
    }
}
