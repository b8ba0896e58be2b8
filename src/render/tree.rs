//! `cowsim tree`: the clone tree in the terminal, as `git log --graph`
//! draws history. One line per cluster: its account, identifier, status,
//! how it was made, its clone group, its logical / exclusive / shared /
//! owned pages and billed GiB; one per snapshot. The structure is
//! `report/tree.rs`'s.

use super::text::{account_label, pages, two_decimals};
use crate::cloud::Cloud;
use crate::cloud::rds::{ClusterStatus, Origin};
use crate::engine::GIB;
use crate::report::Report;
use crate::report::tree::{ClusterNode, Node, SnapshotNode, clone_tree};

/// The tree of every cluster and snapshot, from the control plane's links
/// and the report's figures.
pub fn render(cloud: &Cloud, report: &Report) -> String {
    let mut out = format!(
        "clone tree at {} (policy {}); pages: logical / exclusive / shared / owned (billed)\n",
        report.clock, report.policy
    );
    for root in clone_tree(cloud, report) {
        cluster(report, &root, "", "", &mut out);
    }
    out
}

fn cluster(report: &Report, c: &ClusterNode<'_>, lead: &str, indent: &str, out: &mut String) {
    let how = match c.origin {
        Origin::Created => "created".to_string(),
        Origin::CopyOnWrite if c.cross_account_clone => {
            "copy-on-write clone, cross-account".to_string()
        }
        Origin::CopyOnWrite => "copy-on-write clone".to_string(),
        Origin::FullCopy => "full copy".to_string(),
        Origin::SnapshotRestore => "restored from snapshot".to_string(),
    };
    let status = match (c.status, c.live_clones_below) {
        (ClusterStatus::Deleted, n) if n > 0 => {
            format!("deleted, its versions still seen by {n} live clone(s)")
        }
        (s, _) => s.to_string(),
    };
    let group = c
        .clone_group_id
        .map_or_else(|| "no clone group".to_string(), |g| format!("group {g}"));
    let row = c.row.filter(|r| r.status != ClusterStatus::Deleted);
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
        c.identifier,
        account_label(report, c.account)
    ));
    children(report, &c.children, indent, out);
}

fn snapshot(report: &Report, s: &SnapshotNode<'_>, lead: &str, indent: &str, out: &mut String) {
    let how = if s.copy { "snapshot copy" } else { "snapshot" };
    out.push_str(&format!(
        "{lead}{how} {}  {}  {}  {} pages\n",
        s.identifier,
        account_label(report, s.account),
        s.status,
        s.pages
    ));
    children(report, &s.children, indent, out);
}

fn children(report: &Report, children: &[Node<'_>], indent: &str, out: &mut String) {
    let last = children.len().saturating_sub(1);
    for (i, child) in children.iter().enumerate() {
        let (lead, more) = if i == last {
            ("└─ ", "   ")
        } else {
            ("├─ ", "│  ")
        };
        let lead = format!("{indent}{lead}");
        let indent = format!("{indent}{more}");
        match child {
            Node::Cluster(c) => cluster(report, c, &lead, &indent, out),
            Node::Snapshot(s) => snapshot(report, s, &lead, &indent, out),
        }
    }
}
