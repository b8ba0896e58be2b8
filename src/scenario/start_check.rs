//! A `start-db-cluster` that can't succeed in any run, refused as the file
//! is read.
//!
//! AWS starts only a stopped cluster, and answers any other with
//! `InvalidDBClusterStateFault` (docs/aws-behaviour.md). Whether a
//! cluster is stopped when the start comes depends on the run (a stop
//! takes minutes; AWS starts a cluster itself after seven days), so a
//! start that finds its cluster running fails as a step (exit status 1,
//! or as expected with `expect-error`). But a start that no earlier step
//! prepares, with no `stop-db-cluster` of that cluster since it was
//! created or last started, fails in every run: that is a mistake in the
//! file, and it is refused before anything runs (exit status 2).

use std::collections::HashSet;

use super::steps::Action;
use super::steps::Step;
use crate::cloud::AccountId;
use crate::cloud::ops::Request;
use crate::cloud::ops::refs::{ClusterRef, Target};

/// The index of the first `start-db-cluster` step, not expecting an
/// error, whose cluster no earlier step stops after it was last created,
/// restored, started or deleted.
pub fn start_never_stopped(steps: &[Step]) -> Option<usize> {
    let mut stopped: HashSet<(AccountId, String)> = HashSet::new();
    for step in steps {
        let Action::Aws(request) = &step.action else {
            continue;
        };
        let key = |r: &ClusterRef| named(step.account, r);
        match request {
            Request::StopDbCluster(r) => {
                stopped.extend(key(&r.cluster));
            }
            Request::StartDbCluster(r) => {
                let Some(k) = key(&r.cluster) else { continue };
                if !stopped.remove(&k) && step.expect_error.is_none() {
                    return Some(step.index);
                }
            }
            Request::DeleteDbCluster(r) => {
                if let Some(k) = key(&r.cluster) {
                    stopped.remove(&k);
                }
            }
            _ => {}
        }
    }
    None
}

/// The account and identifier a reference names; `None` when it is
/// malformed (the service refuses it).
fn named(caller: AccountId, r: &ClusterRef) -> Option<(AccountId, String)> {
    match r.target() {
        Target::Own(id) => Some((caller, id.clone())),
        Target::Arn {
            account,
            identifier,
            ..
        } => Some((account.unwrap_or(caller), identifier.clone())),
        Target::Malformed(_) => None,
    }
}
