//! `cowsim tree`: the clone tree in the terminal, as `git log --graph`
//! draws history. One line per cluster: its account, identifier, status,
//! how it was made, its clone group, its logical / exclusive / shared /
//! owned pages and billed GiB. Clones and copies hang under their source;
//! snapshots are leaves of their cluster, with their copies and the
//! clusters restored from them under them.

use super::text::{account_label, pages, two_decimals};
use crate::cloud::rds::{ClusterStatus, Origin};
use crate::cloud::{Cloud, ClusterId, ClusterSnapshotId};
use crate::engine::GIB;
use crate::report::{ClusterRow, Report};

/// The tree of every cluster and snapshot, from the control plane's links
/// and the report's figures.
pub fn render(cloud: &Cloud, report: &Report) -> String {
    let mut out = format!(
        "clone tree at {} (policy {}); pages: logical / exclusive / shared / owned (billed)\n",
        report.clock, report.policy
    );
    let roots: Vec<ClusterId> = cloud
        .clusters()
        .iter()
        .filter(|c| c.source().is_none() && c.restored_from().is_none())
        .map(|c| c.id())
        .collect();
    let tree = Tree { cloud, report };
    for root in roots {
        tree.cluster(root, "", "", &mut out);
    }
    out
}

struct Tree<'a> {
    cloud: &'a Cloud,
    report: &'a Report,
}

/// A child of a node: a cluster or a snapshot.
enum Node {
    Cluster(ClusterId),
    Snapshot(ClusterSnapshotId),
}

impl Tree<'_> {
    fn row(&self, id: ClusterId) -> Option<&ClusterRow> {
        let arn = self.cloud.cluster_arn(id);
        self.report.clusters.iter().find(|r| r.arn == arn)
    }

    fn account(&self, id: crate::cloud::AccountId) -> String {
        account_label(self.report, id)
    }

    /// Live copy-on-write clones below `id`, at any depth: who still sees
    /// a deleted cluster's versions.
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

    fn cluster(&self, id: ClusterId, lead: &str, indent: &str, out: &mut String) {
        let c = self.cloud.cluster(id);
        let how = match c.origin() {
            Origin::Created => "created".to_string(),
            Origin::CopyOnWrite if c.cross_account_clone() => {
                "copy-on-write clone, cross-account".to_string()
            }
            Origin::CopyOnWrite => "copy-on-write clone".to_string(),
            Origin::FullCopy => "full copy".to_string(),
            Origin::SnapshotRestore => "restored from snapshot".to_string(),
        };
        let status = match (c.status(), self.live_clones_below(id)) {
            (ClusterStatus::Deleted, n) if n > 0 => {
                format!("deleted, its versions still seen by {n} live clone(s)")
            }
            (s, _) => s.to_string(),
        };
        let group = c
            .clone_group_id()
            .map_or_else(|| "no clone group".to_string(), |g| format!("group {g}"));
        let row = self.row(id).filter(|r| r.status != ClusterStatus::Deleted);
        let figures = row.map_or_else(String::new, |r| {
            format!(
                "  {} / {} / {} / {}  {} GiB",
                r.logical_pages,
                r.exclusive_pages,
                r.shared_pages,
                pages(r.owned_pages),
                two_decimals(r.billed_bytes / GIB as f64)
            )
        });
        out.push_str(&format!(
            "{lead}{}  {}  {status}  {how}  {group}{figures}\n",
            c.identifier(),
            self.account(c.account())
        ));
        let mut children: Vec<Node> = self
            .cloud
            .clusters()
            .iter()
            .filter(|x| x.source() == Some(id))
            .map(|x| Node::Cluster(x.id()))
            .collect();
        children.extend(
            self.cloud
                .cluster_snapshots()
                .iter()
                .enumerate()
                .filter(|(_, s)| s.cluster == id && s.copy_of.is_none())
                .map(|(i, _)| Node::Snapshot(ClusterSnapshotId(i as u32))),
        );
        self.children(children, indent, out);
    }

    fn snapshot(&self, id: ClusterSnapshotId, lead: &str, indent: &str, out: &mut String) {
        let s = &self.cloud.cluster_snapshots()[id.index()];
        let how = if s.copy_of.is_some() {
            "snapshot copy"
        } else {
            "snapshot"
        };
        out.push_str(&format!(
            "{lead}{how} {}  {}  {}  {} pages\n",
            s.identifier,
            self.account(s.account),
            s.status,
            s.pages
        ));
        let mut children: Vec<Node> = self
            .cloud
            .cluster_snapshots()
            .iter()
            .enumerate()
            .filter(|(_, x)| x.copy_of == Some(id))
            .map(|(i, _)| Node::Snapshot(ClusterSnapshotId(i as u32)))
            .collect();
        children.extend(
            self.cloud
                .clusters()
                .iter()
                .filter(|c| c.restored_from() == Some(id))
                .map(|c| Node::Cluster(c.id())),
        );
        self.children(children, indent, out);
    }

    fn children(&self, children: Vec<Node>, indent: &str, out: &mut String) {
        let last = children.len().saturating_sub(1);
        for (i, child) in children.into_iter().enumerate() {
            let (lead, more) = if i == last {
                ("└─ ", "   ")
            } else {
                ("├─ ", "│  ")
            };
            let lead = format!("{indent}{lead}");
            let indent = format!("{indent}{more}");
            match child {
                Node::Cluster(c) => self.cluster(c, &lead, &indent, out),
                Node::Snapshot(s) => self.snapshot(s, &lead, &indent, out),
            }
        }
    }
}
