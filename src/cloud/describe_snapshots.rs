//! `describe-db-cluster-snapshots`: which snapshots a caller sees, the
//! filters that keep some of them, and its pages.

use super::arn::Arn;
use super::ids::{AccountId, ClusterSnapshotId};
use super::listing::page;
use super::ops::filters::Filters;
use super::ops::rds::{DescribeDbClusterSnapshots, DescribeDbClusterSnapshotsResponse};
use super::ops::tags::Tags;
use super::rds::SnapshotStatus;
use super::{AwsError, Cloud};

/// The filters `describe-db-cluster-snapshots` takes.
const SNAPSHOT_FILTERS: &[&str] = &[
    "db-cluster-id",
    "db-cluster-snapshot-id",
    "engine",
    "snapshot-type",
];

impl Cloud {
    /// `describe-db-cluster-snapshots`: the caller's snapshots that are not
    /// deleted (of one cluster, or the one named), and with
    /// `include_shared` those shared with it; a snapshot named but not
    /// visible is not found, as one that does not exist. Those the
    /// filters keep, a page at a time; the caller's deleted snapshots hold
    /// their places, so that a marker still points where it did.
    pub fn describe_db_cluster_snapshots(
        &self,
        caller: AccountId,
        r: &DescribeDbClusterSnapshots,
    ) -> Result<DescribeDbClusterSnapshotsResponse, AwsError> {
        r.filters.check(SNAPSHOT_FILTERS)?;
        let listed: Vec<ClusterSnapshotId> = match &r.snapshot {
            Some(name) => vec![self.visible_snapshot(caller, name)?],
            None => (0..self.snapshots.len() as u32)
                .map(ClusterSnapshotId)
                .filter(|&s| {
                    let snap = &self.snapshots[s.index()];
                    let mine = snap.account == caller;
                    let shared = r.include_shared
                        && (snap.restore.public || snap.restore.accounts.contains(&caller));
                    (mine || (shared && snap.status != SnapshotStatus::Deleted))
                        && r.cluster
                            .as_ref()
                            .is_none_or(|c| mine && snap.source_cluster.eq_ignore_ascii_case(c))
                })
                .collect(),
        };
        let snapshots = listed
            .into_iter()
            .filter(|&s| self.snapshot_filtered(caller, s, &r.filters))
            .map(|s| {
                let snap = &self.snapshots[s.index()];
                let deleted = snap.status == SnapshotStatus::Deleted;
                let theirs = snap.account != caller;
                (!deleted).then(|| {
                    let mut shown = self.db_cluster_snapshot(s);
                    // Tags are their owner's: another account sees none.
                    if theirs {
                        shown.tags = Tags::default();
                    }
                    shown
                })
            })
            .collect();
        let call = format!(
            "describe-db-cluster-snapshots {caller} {:?} {:?} {} {:?}",
            r.cluster, r.snapshot, r.include_shared, r.filters
        );
        let (snapshots, marker) = page(snapshots, r.max_records, r.marker.as_deref(), &call)?;
        Ok(DescribeDbClusterSnapshotsResponse { snapshots, marker })
    }

    /// Whether `filters` keep snapshot `s`. Every snapshot cowsim makes is
    /// `manual`; one another account shares is also `shared` (with the
    /// caller) or `public`, as `SnapshotType` names them.
    fn snapshot_filtered(
        &self,
        caller: AccountId,
        s: ClusterSnapshotId,
        filters: &Filters,
    ) -> bool {
        let snap = &self.snapshots[s.index()];
        let region = &self.config.region;
        filters.keep(|name, v| match name {
            "db-cluster-id" => {
                v.eq_ignore_ascii_case(&snap.source_cluster)
                    || v == Arn::new(
                        "rds",
                        region,
                        snap.account,
                        format!("cluster:{}", snap.source_cluster),
                    )
                    .to_string()
            }
            "db-cluster-snapshot-id" => {
                v.eq_ignore_ascii_case(&snap.identifier)
                    || v == Arn::new(
                        "rds",
                        region,
                        snap.account,
                        format!("cluster-snapshot:{}", snap.identifier),
                    )
                    .to_string()
            }
            "snapshot-type" => match v {
                "manual" => true,
                "shared" => snap.account != caller && snap.restore.accounts.contains(&caller),
                "public" => snap.account != caller && snap.restore.public,
                _ => false,
            },
            "engine" => v == snap.engine.name(),
            _ => false,
        })
    }
}
