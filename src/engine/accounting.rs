//! What accounting answers: per volume logical, exclusive, shared and
//! owned pages, per snapshot its pages, per family live page versions;
//! and what deleting a volume would free. The engine works them out by
//! sweeping its families (`sweep/`), through what it keeps between
//! accountings (`cache/`); the reference model by visiting every page.

use serde::Serialize;

use super::model::ids::{FamilyId, SnapshotId, VolumeId};
use super::model::policy::BillingPolicy;

/// Pages a volume is billed for under each policy (fractional under a split).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OwnedPages(pub(crate) [f64; 3]);

impl OwnedPages {
    /// The billing share under `policy`, in pages.
    pub fn get(&self, policy: BillingPolicy) -> f64 {
        self.0[policy.index()]
    }
}

impl Serialize for OwnedPages {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(3))?;
        for p in BillingPolicy::ALL {
            map.serialize_entry(p.name(), &self.get(p))?;
        }
        map.end()
    }
}

/// What one live volume sees and pays for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VolumeUsage {
    pub volume: VolumeId,
    pub family: FamilyId,
    /// Pages visible to the volume.
    pub logical_pages: u64,
    /// Visible pages whose version no other live volume sees: what deleting
    /// the volume would free, snapshots aside.
    pub exclusive_pages: u64,
    /// `logical_pages - exclusive_pages`.
    pub shared_pages: u64,
    /// Billing share in pages, per policy.
    pub owned_pages: OwnedPages,
}

/// What one live snapshot sees.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotUsage {
    pub snapshot: SnapshotId,
    pub family: FamilyId,
    /// Pages visible in the snapshot.
    pub logical_pages: u64,
}

/// Totals of one family (volumes sharing storage).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FamilyUsage {
    pub family: FamilyId,
    /// Page versions at least one live volume sees: under every policy the
    /// volumes' `owned_pages` add up to this.
    pub live_page_versions: u64,
    /// Page versions that only snapshots see (backup storage).
    pub snapshot_only_page_versions: u64,
    /// Live volumes of the family.
    pub volumes: Vec<VolumeId>,
}

/// The accounting of every family at one instant.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Accounting {
    pub volumes: Vec<VolumeUsage>,
    pub snapshots: Vec<SnapshotUsage>,
    pub families: Vec<FamilyUsage>,
}

impl Accounting {
    /// The usage of `volume`, if it is alive.
    pub fn volume(&self, volume: VolumeId) -> Option<&VolumeUsage> {
        self.volumes.iter().find(|u| u.volume == volume)
    }

    /// The usage of `snapshot`, if it is alive.
    pub fn snapshot(&self, snapshot: SnapshotId) -> Option<&SnapshotUsage> {
        self.snapshots.iter().find(|u| u.snapshot == snapshot)
    }

    /// The totals of `family`, if it still has layers.
    pub fn family(&self, family: FamilyId) -> Option<&FamilyUsage> {
        self.families.iter().find(|u| u.family == family)
    }
}

/// How one volume's billing would change hands if it were deleted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WouldFree {
    pub volume: VolumeId,
    /// Versions nobody else would see any more (freed, snapshots aside).
    pub exclusive_pages: u64,
    /// Under `aurora`: how each other live volume's `owned_pages` would change.
    pub moves: Vec<Move>,
}

/// A change of one volume's billing share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    pub to: VolumeId,
    pub owned_pages_delta: f64,
}
