//! What the clusters hold and owe at one instant, as the meter and the
//! report ask it: one accounting of the engine, read per cluster, per
//! family and per account. Under sampling, page counts are scaled up from
//! the sample here and nowhere else: a cluster's by its extent over the
//! sampled pages below it, a family's by the sampling rate
//! (docs/model.md, "Sampling").

use std::collections::BTreeMap;

use super::rds::ClusterStatus;
use super::{Cloud, ClusterId, ClusterSnapshotId};
use crate::engine::{Accounting, BillingPolicy, OwnedPages, VolumeId};

/// A live cluster's storage now.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterUsage {
    logical_pages: u64,
    exclusive_pages: u64,
    owned_pages: OwnedPages,
    /// What a simulated page stands for: 1, or more under sampling.
    scale: f64,
    page_bytes: u64,
    /// Versions its writes superseded that its retention window keeps.
    retained_versions: u64,
}

impl ClusterUsage {
    /// Pages the cluster sees.
    pub fn logical_pages(&self) -> u64 {
        self.count(self.logical_pages)
    }

    /// Pages whose version no other live cluster sees.
    pub fn exclusive_pages(&self) -> u64 {
        self.count(self.exclusive_pages)
    }

    /// Its billing share in pages under `policy`.
    pub fn owned_pages(&self, policy: BillingPolicy) -> f64 {
        self.owned_pages.get(policy) * self.scale
    }

    /// Its billing share in bytes under `policy`.
    pub fn billed_bytes(&self, policy: BillingPolicy) -> f64 {
        self.owned_pages(policy) * self.page_bytes as f64
    }

    /// The bytes it sees: what it would store as a full copy.
    pub fn logical_bytes(&self) -> f64 {
        self.logical_pages as f64 * self.scale * self.page_bytes as f64
    }

    /// The bytes of the versions its writes superseded that its retention
    /// window keeps: what continuous backup holds beyond the volume.
    pub fn retained_bytes(&self) -> f64 {
        self.retained_versions as f64 * self.scale * self.page_bytes as f64
    }

    fn count(&self, pages: u64) -> u64 {
        (pages as f64 * self.scale).round() as u64
    }
}

/// A family of clusters that share storage, now.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyUsage {
    pub clone_group_id: Option<String>,
    /// Its live clusters.
    pub clusters: Vec<ClusterId>,
    /// Page versions live clusters see: what the family stores.
    pub live_page_versions: u64,
    /// Pages the live clusters see, added up: what full copies would store.
    pub logical_pages: u64,
    /// Versions only snapshots keep (backup storage).
    pub snapshot_only_page_versions: u64,
}

/// Every cluster's, family's and account's storage at one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Usage {
    /// Indexed by cluster; `None` for a deleted cluster.
    clusters: Vec<Option<ClusterUsage>>,
    /// What each live snapshot keeps: the versions only snapshots keep
    /// alive, each family's split equally among the snapshots that pin
    /// it, in bytes.
    pub snapshot_bytes: Vec<(ClusterSnapshotId, f64)>,
    accounting: Accounting,
}

impl Usage {
    /// A cluster's storage; `None` once it is deleted.
    pub fn cluster(&self, id: ClusterId) -> Option<&ClusterUsage> {
        self.clusters.get(id.index()).and_then(Option::as_ref)
    }

    /// Whether every family's owned pages, under every policy, add up to
    /// its live page versions (to 1e-9 relative): the invariant the billing
    /// rule keeps. Returns the first family and policy where they don't.
    pub fn conservation_error(&self) -> Option<String> {
        for f in &self.accounting.families {
            for p in BillingPolicy::ALL {
                let sum: f64 = self
                    .accounting
                    .volumes
                    .iter()
                    .filter(|u| u.family == f.family)
                    .map(|u| u.owned_pages.get(p))
                    .sum();
                let live = f.live_page_versions as f64;
                if (sum - live).abs() > 1e-9 * live.max(1.0) {
                    return Some(format!(
                        "family {:?} under {p}: owned pages add up to {sum}, live versions are {live}",
                        f.family
                    ));
                }
            }
        }
        None
    }
}

/// Usage reads through `&Cloud`, which threads may share.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Cloud>();
};

impl Cloud {
    /// What every cluster, family and account holds now.
    pub fn usage(&self) -> Usage {
        let accounting = self.engine.accounting();
        let by_volume: BTreeMap<VolumeId, &crate::engine::VolumeUsage> =
            accounting.volumes.iter().map(|u| (u.volume, u)).collect();
        let ids: Vec<ClusterId> = self.clusters.iter().map(|c| c.id).collect();
        let scales: Vec<f64> = ids.iter().map(|&id| self.sample_scale(id)).collect();
        let clusters = self
            .clusters
            .iter()
            .zip(&scales)
            .map(|(c, &scale)| {
                let u = by_volume
                    .get(&c.volume)
                    .filter(|_| c.status != ClusterStatus::Deleted)?;
                Some(ClusterUsage {
                    logical_pages: u.logical_pages,
                    exclusive_pages: u.exclusive_pages,
                    owned_pages: u.owned_pages,
                    scale,
                    page_bytes: c.engine.page_size().bytes(),
                    retained_versions: self.engine.retained_versions(c.volume).unwrap_or(0),
                })
            })
            .collect();
        let family_scale = self.config.sampler.map_or(1.0, |s| 1.0 / s.rate);
        let snapshot_bytes = self.snapshot_bytes(&accounting, family_scale);
        Usage {
            clusters,
            snapshot_bytes,
            accounting,
        }
    }

    /// The families of clusters that share storage, now (the meter needs
    /// none of this; the report does).
    pub fn families(&self, usage: &Usage) -> Vec<FamilyUsage> {
        let by_volume: BTreeMap<VolumeId, &crate::engine::VolumeUsage> = usage
            .accounting
            .volumes
            .iter()
            .map(|u| (u.volume, u))
            .collect();
        let family_scale = self.config.sampler.map_or(1.0, |s| 1.0 / s.rate);
        let scaled = |n: u64| (n as f64 * family_scale).round() as u64;
        usage
            .accounting
            .families
            .iter()
            .map(|f| {
                let members: Vec<&super::rds::Cluster> = self
                    .clusters
                    .iter()
                    .filter(|c| c.status != ClusterStatus::Deleted && f.volumes.contains(&c.volume))
                    .collect();
                FamilyUsage {
                    clone_group_id: members.iter().find_map(|c| c.clone_group_id.clone()),
                    clusters: members.iter().map(|c| c.id).collect(),
                    live_page_versions: scaled(f.live_page_versions),
                    logical_pages: scaled(
                        f.volumes
                            .iter()
                            .filter_map(|v| by_volume.get(v))
                            .map(|u| u.logical_pages)
                            .sum(),
                    ),
                    snapshot_only_page_versions: scaled(f.snapshot_only_page_versions),
                }
            })
            .collect()
    }

    fn snapshot_bytes(&self, accounting: &Accounting, scale: f64) -> Vec<(ClusterSnapshotId, f64)> {
        let mut out = Vec::new();
        for family in &accounting.families {
            if family.snapshot_only_page_versions == 0 {
                continue;
            }
            let owners: Vec<(ClusterSnapshotId, u64)> = self
                .snapshots
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    accounting
                        .snapshot(s.image)
                        .is_some_and(|u| u.family == family.family)
                })
                .map(|(i, s)| (ClusterSnapshotId(i as u32), s.engine.page_size().bytes()))
                .collect();
            for &(snapshot, page) in &owners {
                let bytes = family.snapshot_only_page_versions as f64 * page as f64 * scale
                    / owners.len() as f64;
                out.push((snapshot, bytes));
            }
        }
        out.sort_by_key(|&(s, _)| s);
        out
    }
}
