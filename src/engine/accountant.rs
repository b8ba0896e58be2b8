//! The engine's accountant: [`Engine::accounting`], [`Engine::usage`] and
//! [`Engine::would_free`], family by family. A family as it is comes from
//! what its cache kept (`cache/`): the last result while nothing changed,
//! else the kept sums with the segments written since swept again
//! (`sweep/`) or updated page by page; everything is swept again after a
//! clone, snapshot or delete. A family with a volume taken as deleted is
//! swept from scratch. All of it reads the model through `&Engine`.

use crate::engine::accounting::{Accounting, Move, VolumeUsage, WouldFree};
use crate::engine::cache::update;
use crate::engine::cache::{Changes, FamilyCache};
use crate::engine::model::error::EngineError;
use crate::engine::model::ids::{FamilyId, LayerId, SnapshotId, VolumeId};
use crate::engine::model::policy::BillingPolicy;
use crate::engine::model::store::Store;
use crate::engine::sweep::family::{self, FamilyEval, FamilyView, Tree};

/// The page-level copy-on-write engine: the model's store, keeping for
/// each family what its last accounting left for the next (`cache/`).
pub type Engine = Store<FamilyCache>;

/// Reads through `&Engine` may be shared between threads, and forecasts
/// move each run's engine to a thread of its own.
const _: fn() = || {
    fn shared<T: Send + Sync>() {}
    shared::<Engine>();
};

impl Engine {
    /// Accounting of every family now.
    pub fn accounting(&self) -> Accounting {
        let mut out = Accounting::default();
        for family in self.live_families() {
            let eval = self.evaluate(family, None);
            out.volumes.extend(eval.volumes);
            out.snapshots.extend(eval.snapshots);
            out.families.push(eval.family);
        }
        out
    }

    /// Accounting of one live volume now (its family only).
    #[expect(
        clippy::expect_used,
        reason = "a live volume is in its family's accounting"
    )]
    pub fn usage(&self, volume: VolumeId) -> Result<VolumeUsage, EngineError> {
        let family = self.family_of(volume)?;
        let eval = self.evaluate(family, None);
        Ok(eval
            .volumes
            .into_iter()
            .find(|u| u.volume == volume)
            .expect("a live volume is in its family's accounting"))
    }

    /// What deleting `volume` would free, and how its billing would move to
    /// the others under `aurora`. Changes nothing.
    pub fn would_free(&self, volume: VolumeId) -> Result<WouldFree, EngineError> {
        let family = self.family_of(volume)?;
        let now = self.evaluate(family, None);
        let after = self.evaluate(family, Some(volume));
        let aurora = |u: &VolumeUsage| u.owned_pages.get(BillingPolicy::Aurora);
        let exclusive_pages = now
            .volumes
            .iter()
            .find(|u| u.volume == volume)
            .map_or(0, |u| u.exclusive_pages);
        let moves = after
            .volumes
            .iter()
            .filter_map(|a| {
                let before = now.volumes.iter().find(|u| u.volume == a.volume)?;
                let delta = aurora(a) - aurora(before);
                (delta != 0.0).then_some(Move {
                    to: a.volume,
                    owned_pages_delta: delta,
                })
            })
            .collect();
        Ok(WouldFree {
            volume,
            exclusive_pages,
            moves,
        })
    }

    /// A live family as accounting reads it.
    fn view<'a>(
        &'a self,
        family: FamilyId,
        snapshot_layers: &'a [(SnapshotId, LayerId)],
        volume_alive: &'a dyn Fn(VolumeId) -> bool,
        excluded: Option<VolumeId>,
    ) -> FamilyView<'a> {
        let (root, segment_pages) = self.root_and_segment_pages(family);
        FamilyView {
            family,
            root,
            layers: self.layers(),
            volume_alive,
            snapshot_layers,
            excluded,
            sweep_chunk: self.sweep_chunk(),
            segment_pages,
        }
    }

    /// The accounting of a live family, with `excluded` taken as deleted
    /// (swept from scratch), or as it is (from what its cache kept).
    fn evaluate(&self, family: FamilyId, excluded: Option<VolumeId>) -> FamilyEval {
        let snapshot_layers = self.snapshot_layers(family);
        let alive = |v: VolumeId| self.is_alive(v);
        if excluded.is_some() {
            let view = self.view(family, &snapshot_layers, &alive, excluded);
            let tree = Tree::build(&view);
            let sums = family::sweep_segments(&view, &tree, None);
            let each = sums
                .iter()
                .flat_map(|(_, len, s)| std::iter::repeat_n(s, *len as usize));
            return family::finish(&view, &tree, each);
        }
        let mut cache = self.family_cache(family).lock();
        if let Some(last) = cache.unchanged() {
            return last.clone();
        }
        let Changes {
            reshaped,
            dirty,
            fresh,
            mut sums,
            mut probes,
        } = cache.take();
        let view = self.view(family, &snapshot_layers, &alive, None);
        let tree = Tree::build(&view);
        let swept = family::sweep_segments(&view, &tree, (!reshaped).then_some(&dirty));
        if reshaped {
            sums.clear();
            probes.clear();
        } else {
            probes.forget(&dirty);
            update::update_segments(&view, &tree, &mut sums, &mut probes, &fresh);
        }
        for (seg, len, s) in swept {
            sums.insert_run(seg, len, s);
        }
        sums.retain(|s| !s.layers.is_empty());
        let eval = family::finish(&view, &tree, sums.values());
        cache.keep(sums, probes, eval.clone(), fresh);
        eval
    }
}
