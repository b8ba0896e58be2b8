//! The clone tree's structure: what each cluster and snapshot was made
//! from, from the control plane's links, with the report's figures.
//! Clones and copies hang under their source; snapshots under their
//! cluster, with their copies and the clusters restored from them under
//! them. `render/tree.rs` draws it.

use super::{ClusterRow, Report};
use crate::cloud::rds::{ClusterStatus, Origin, SnapshotStatus};
use crate::cloud::{AccountId, Cloud, ClusterId, ClusterSnapshotId};

/// A child of a node: a cluster or a snapshot.
pub enum Node<'a> {
    Cluster(ClusterNode<'a>),
    Snapshot(SnapshotNode<'a>),
}

/// A cluster and what was made from it.
pub struct ClusterNode<'a> {
    pub identifier: &'a str,
    pub account: AccountId,
    pub status: ClusterStatus,
    /// How it was made.
    pub origin: Origin,
    pub cross_account_clone: bool,
    pub clone_group_id: Option<&'a str>,
    /// Live copy-on-write clones below it, at any depth: who still sees
    /// its versions once it is deleted.
    pub live_clones_below: usize,
    /// Its row in the report.
    pub row: Option<&'a ClusterRow>,
    /// Its clones and copies, then its snapshots.
    pub children: Vec<Node<'a>>,
}

/// A snapshot and what was made from it.
pub struct SnapshotNode<'a> {
    pub identifier: &'a str,
    pub account: AccountId,
    pub status: SnapshotStatus,
    pub pages: u64,
    /// Whether it is a copy of another snapshot.
    pub copy: bool,
    /// Its copies, then the clusters restored from it.
    pub children: Vec<Node<'a>>,
}

/// The trees of every cluster and snapshot: one per cluster that was
/// neither cloned, copied nor restored from anything.
pub fn clone_tree<'a>(cloud: &'a Cloud, report: &'a Report) -> Vec<ClusterNode<'a>> {
    let tree = Tree { cloud, report };
    cloud
        .clusters()
        .iter()
        .filter(|c| c.source().is_none() && c.restored_from().is_none())
        .map(|c| tree.cluster(c.id()))
        .collect()
}

struct Tree<'a> {
    cloud: &'a Cloud,
    report: &'a Report,
}

impl<'a> Tree<'a> {
    fn row(&self, id: ClusterId) -> Option<&'a ClusterRow> {
        let arn = self.cloud.cluster_arn(id);
        self.report.clusters.iter().find(|r| r.arn == arn)
    }

    fn live_clones_below(&self, id: ClusterId) -> usize {
        self.cloud
            .clusters()
            .iter()
            .filter(|c| c.source() == Some(id) && c.origin() == Origin::CopyOnWrite)
            .map(|c| {
                usize::from(c.status() != ClusterStatus::Deleted) + self.live_clones_below(c.id())
            })
            .sum()
    }

    fn cluster(&self, id: ClusterId) -> ClusterNode<'a> {
        let cloud: &'a Cloud = self.cloud;
        let c = cloud.cluster(id);
        let mut children: Vec<Node<'a>> = cloud
            .clusters()
            .iter()
            .filter(|x| x.source() == Some(id))
            .map(|x| Node::Cluster(self.cluster(x.id())))
            .collect();
        children.extend(
            cloud
                .cluster_snapshots()
                .iter()
                .enumerate()
                .filter(|(_, s)| s.cluster == id && s.copy_of.is_none())
                .map(|(i, _)| Node::Snapshot(self.snapshot(ClusterSnapshotId(i as u32)))),
        );
        ClusterNode {
            identifier: c.identifier(),
            account: c.account(),
            status: c.status(),
            origin: c.origin(),
            cross_account_clone: c.cross_account_clone(),
            clone_group_id: c.clone_group_id(),
            live_clones_below: self.live_clones_below(id),
            row: self.row(id),
            children,
        }
    }

    fn snapshot(&self, id: ClusterSnapshotId) -> SnapshotNode<'a> {
        let cloud: &'a Cloud = self.cloud;
        let s = &cloud.cluster_snapshots()[id.index()];
        let mut children: Vec<Node<'a>> = cloud
            .cluster_snapshots()
            .iter()
            .enumerate()
            .filter(|(_, x)| x.copy_of == Some(id))
            .map(|(i, _)| Node::Snapshot(self.snapshot(ClusterSnapshotId(i as u32))))
            .collect();
        children.extend(
            cloud
                .clusters()
                .iter()
                .filter(|c| c.restored_from() == Some(id))
                .map(|c| Node::Cluster(self.cluster(c.id()))),
        );
        SnapshotNode {
            identifier: &s.identifier,
            account: s.account,
            status: s.status,
            pages: s.pages,
            copy: s.copy_of.is_some(),
            children,
        }
    }
}
