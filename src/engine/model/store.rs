//! The volume engine: volumes, clones, snapshots and deletes over a tree of
//! layers per family, and the queries over it (accounting's in
//! `accountant.rs`).
//!
//! Costs follow the work: a clone or snapshot adds two layers whatever the
//! volume's size; a write touches the pages written; a delete drops the
//! layers nobody can see any more; accounting sweeps the diverged pages
//! (see `sweep/`), and while the tree keeps its shape it re-sweeps only
//! the segments written since it last ran.
//! The engine knows nothing of accounts, ARNs, keys or money.

use std::collections::BTreeSet;
use std::ops::Range;

use roaring::RoaringBitmap;

use super::bookkeeping::{Bookkeeping, Kept};
use super::error::EngineError;
use super::history::{History, remove_pages};
use super::ids::{FamilyId, LayerId, SnapshotId, VolumeId};
use super::layer::{Layer, NothingKnown, Touched};
use super::layer_pages::LayerPages;
use super::page::MAX_CHUNK;
use super::page::{PageNo, PageSet, PageSize, SEGMENT_BYTES, SegmentNo};

#[derive(Clone, Debug)]
pub(in crate::engine) struct VolumeRecord {
    pub(in crate::engine) family: FamilyId,
    pub(in crate::engine) active: LayerId,
    page_size: PageSize,
    /// One past the highest page ever written (the volume's extent).
    size: u64,
    alive: bool,
    /// What a restore to a past time needs (`history.rs`).
    history: History,
}

#[derive(Clone, Debug)]
struct SnapshotRecord {
    family: FamilyId,
    layer: LayerId,
    size: u64,
    page_size: PageSize,
    alive: bool,
}

/// Volumes that share storage: one tree of layers.
#[derive(Clone, Debug)]
struct Family<B: Bookkeeping> {
    root: LayerId,
    segment_pages: u64,
    layers: BTreeSet<LayerId>,
    snapshots: BTreeSet<SnapshotId>,
    /// What the last accounting left to make the next one cheaper, which
    /// accounting updates through `&Engine`.
    cache: Kept<B>,
}

/// How many times more pages a layer must hold in a segment than a write
/// has left to place there for the pages it doesn't hold to be looked up
/// one by one rather than the layer subtracted: a speed heuristic, not a
/// rule of correctness, at the ratio where roaring's intersections turn to
/// searching.
const SKEWED: u64 = 64;

/// Pages in a [`Store::write_many`] below which the layers are written
/// one after another: a parallel job costs microseconds, a page tens of
/// nanoseconds.
const PARALLEL_WRITE_PAGES: u64 = 1 << 11;

/// A page-level copy-on-write store of volumes, holding for each family
/// the state `B` its accounting keeps (the engine is a `Store` of
/// `cache/`'s state, `../accountant.rs`).
#[derive(Clone, Debug)]
pub struct Store<B: Bookkeeping> {
    segment_bytes: u64,
    sweep_chunk: u32,
    layers: Vec<Option<Layer>>,
    volumes: Vec<VolumeRecord>,
    snapshots: Vec<SnapshotRecord>,
    families: Vec<Option<Family<B>>>,
    /// Counts the changes to what any volume or snapshot holds, so that a
    /// reader can tell that nothing changed since it last looked.
    revision: u64,
    /// The clock, in seconds from an origin the caller chooses: when each
    /// write happened, for the volumes' histories.
    clock: u64,
    /// Counts the changes to any volume's retained history.
    history_revision: u64,
}

impl<B: Bookkeeping> Default for Store<B> {
    fn default() -> Self {
        Self::new()
    }
}

impl<B: Bookkeeping> Store<B> {
    /// An empty engine with Aurora's 10 GiB segments.
    pub fn new() -> Self {
        Self::with_segment_bytes(SEGMENT_BYTES)
    }

    /// An empty engine with segments of `bytes` (at least one page). Small
    /// segments let tests cross segment boundaries with a few pages; results
    /// never depend on the segment size.
    pub fn with_segment_bytes(bytes: u64) -> Self {
        Store {
            segment_bytes: bytes.max(1),
            sweep_chunk: MAX_CHUNK,
            layers: Vec::new(),
            volumes: Vec::new(),
            snapshots: Vec::new(),
            families: Vec::new(),
            revision: 0,
            clock: 0,
            history_revision: 0,
        }
    }

    /// Changes with every write, clone, snapshot, copy, growth and delete:
    /// equal revisions mean equal accounting.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Makes accounting sweep `pages` page offsets of a segment at a time
    /// (rounded up to a power of two, 1 to 65,536, the default; an
    /// eighth of it in a segment no larger than it). Results never
    /// depend on it beyond float rounding; small values let tests cross
    /// chunk boundaries with a few pages.
    pub fn with_sweep_chunk(mut self, pages: u32) -> Self {
        self.sweep_chunk = pages.clamp(1, MAX_CHUNK).next_power_of_two();
        self
    }

    /// Creates a volume holding pages `0..pages`, all written by itself.
    pub fn create_volume(
        &mut self,
        page_size: PageSize,
        pages: u64,
    ) -> Result<VolumeId, EngineError> {
        check_extent(page_size, pages)?;
        let content = PageSet::range(0..pages);
        Ok(self.new_family(page_size, pages, |layer, segment_pages| {
            layer.insert(&content, segment_pages, 0, NothingKnown);
        }))
    }

    /// Creates a volume of extent `extent` holding only `pages` (a sample of
    /// its pages, when simulating a fraction of them).
    pub fn create_volume_pages(
        &mut self,
        page_size: PageSize,
        pages: &PageSet,
        extent: u64,
    ) -> Result<VolumeId, EngineError> {
        check_extent(page_size, extent.max(pages.end()))?;
        Ok(self.new_family(
            page_size,
            extent.max(pages.end()),
            |layer, segment_pages| {
                layer.insert(pages, segment_pages, 0, NothingKnown);
            },
        ))
    }

    /// Grows a volume's extent to at least `extent` pages without writing
    /// (the rest of a write that sampling left out).
    pub fn grow(&mut self, volume: VolumeId, extent: u64) -> Result<(), EngineError> {
        let page_size = self.live_volume(volume)?.page_size;
        check_extent(page_size, extent)?;
        self.note_extent(volume, extent);
        let v = &mut self.volumes[volume.index()];
        v.size = v.size.max(extent);
        self.revision += 1;
        Ok(())
    }

    /// Writes `pages` of `volume` in full: new versions visible to it only.
    /// Writing past the end grows the volume.
    #[expect(
        clippy::expect_used,
        reason = "a live volume's active layer exists; family is live"
    )]
    pub fn write(&mut self, volume: VolumeId, pages: &PageSet) -> Result<(), EngineError> {
        let rec = self.live_volume(volume)?.clone();
        check_extent(rec.page_size, pages.end())?;
        let history = self.history_of_write(volume, pages);
        let layer = self.layers[rec.active.index()]
            .as_mut()
            .expect("a live volume's active layer exists");
        let family = self.families[rec.family.index()]
            .as_mut()
            .expect("family is live");
        let cache = family.cache.get_mut();
        let touched = cache.write(layer, family.segment_pages, rec.active, pages);
        cache.note_fresh(rec.active, &touched);
        self.record_history(volume, history, pages.end());
        self.grown(volume, pages.end());
        Ok(())
    }

    /// Writes to several volumes, as [`Store::write`] on each in turn,
    /// but inserting into the volumes' layers in parallel when there are
    /// enough pages to pay for it (several clusters under workloads, every
    /// hour). Checks every write first: on error nothing is written.
    #[expect(
        clippy::expect_used,
        reason = "a live volume's active layer exists; family is live"
    )]
    pub fn write_many(&mut self, writes: &[(VolumeId, &PageSet)]) -> Result<(), EngineError> {
        use rayon::prelude::*;

        for &(volume, pages) in writes {
            check_extent(self.live_volume(volume)?.page_size, pages.end())?;
        }
        let total: u64 = writes.iter().map(|(_, pages)| pages.len()).sum();
        let mut jobs = Vec::new();
        if total >= PARALLEL_WRITE_PAGES {
            jobs = writes
                .iter()
                .enumerate()
                .map(|(i, &(volume, _))| {
                    let rec = &self.volumes[volume.index()];
                    (rec.active, i, rec.family)
                })
                .collect();
            jobs.sort_unstable();
        }
        if jobs.len() < 2 || jobs.windows(2).any(|w| w[0].0 == w[1].0) {
            for &(volume, pages) in writes {
                self.write(volume, pages)?;
            }
            return Ok(());
        }
        let histories: Vec<_> = writes
            .par_iter()
            .map(|&(volume, pages)| self.history_of_write(volume, pages))
            .collect();
        for (&(volume, pages), history) in writes.iter().zip(histories) {
            self.record_history(volume, history, pages.end());
        }
        // Each family's cache, read by its jobs (the write holds the
        // engine, so no accounting holds a lock).
        let families: Vec<Option<(&B, u64)>> = self
            .families
            .iter_mut()
            .map(|f| f.as_mut().map(|f| (&*f.cache.get_mut(), f.segment_pages)))
            .collect();
        // Each job's layer, borrowed mutably alongside the others', with
        // its family's cache.
        let mut wanted = jobs.iter().peekable();
        let mut borrowed = Vec::with_capacity(jobs.len());
        for (index, slot) in self.layers.iter_mut().enumerate() {
            if let Some(&(active, i, family)) = wanted.next_if(|j| j.0.index() == index) {
                let layer = slot.as_mut().expect("a live volume's active layer exists");
                let family = families[family.index()].expect("family is live");
                borrowed.push((layer, writes[i].1, family, active, i));
            }
        }
        let touched: Vec<_> = borrowed
            .into_par_iter()
            .map(|(layer, pages, (cache, segment_pages), active, i)| {
                (i, cache.write(layer, segment_pages, active, pages))
            })
            .collect();
        for (i, touched) in touched {
            let (volume, pages) = writes[i];
            self.written(volume, pages.end(), &touched);
        }
        Ok(())
    }

    /// Records a write of pages up to `end` to `volume`'s active layer,
    /// with the offsets new to it per segment.
    fn written(&mut self, volume: VolumeId, end: u64, touched: &Touched) {
        let rec = &self.volumes[volume.index()];
        let (family, active) = (rec.family, rec.active);
        self.family_mut(family)
            .cache
            .get_mut()
            .note_fresh(active, touched);
        self.grown(volume, end);
    }

    /// Records that `volume` was written up to `end`.
    fn grown(&mut self, volume: VolumeId, end: u64) {
        let v = &mut self.volumes[volume.index()];
        v.size = v.size.max(end);
        self.revision += 1;
    }

    /// Records in `volume`'s history a growth of its extent to `end` that
    /// no page write records (sampling left the pages out).
    fn note_extent(&mut self, volume: VolumeId, end: u64) {
        let now = self.clock;
        let v = &mut self.volumes[volume.index()];
        if end > v.size {
            v.history.grow(now, PageSet::new(), v.size);
        }
    }

    /// The versions a write of `pages` to `volume` supersedes that the
    /// volume wrote itself, and the pages new to it, for its history;
    /// `None` when the volume keeps none. Walks the volume's chain once
    /// per segment written.
    fn history_of_write(&self, volume: VolumeId, pages: &PageSet) -> Option<(u64, PageSet)> {
        let rec = &self.volumes[volume.index()];
        if !rec.history.keeps() {
            return None;
        }
        let segment_pages = self.family(rec.family).segment_pages;
        let mut chain = Vec::new();
        let mut cur = Some(rec.active);
        while let Some(id) = cur {
            let layer = self.layer(id);
            chain.push(layer);
            cur = layer.parent;
        }
        // Nothing in the chain lies at or past the volume's extent, so
        // the pages there are new to it, range by range; below it, the
        // chain says.
        let size = rec.size;
        let below = PageSet::from_ranges(
            pages
                .ranges()
                .iter()
                .filter(|r| r.start < size)
                .map(|r| r.start..r.end.min(size)),
        );
        let mut born_ranges: Vec<std::ops::Range<u64>> = pages
            .ranges()
            .iter()
            .filter(|r| r.end > size)
            .map(|r| r.start.max(size)..r.end)
            .collect();
        let mut superseded = 0;
        let mut born = Vec::new();
        let mut kept = Vec::new();
        let mut pieces = below.segment_pieces(segment_pages).peekable();
        while let Some((seg, first)) = pieces.next() {
            // Single pages (scattered updates) go in sorted, in one pass;
            // runs as ranges.
            let mut unseen = RoaringBitmap::new();
            let mut singles = Vec::new();
            let mut piece = Some(first);
            while let Some(p) = piece {
                if p.len() == 1 {
                    singles.push(p.start);
                } else {
                    unseen.insert_range(p);
                }
                piece = pieces.next_if(|(s, _)| *s == seg).map(|(_, p)| p);
            }
            match RoaringBitmap::from_sorted_iter(singles.iter().copied()) {
                Ok(sorted) => unseen |= sorted,
                Err(_) => unseen.extend(singles),
            }
            let mut left = unseen.len();
            for layer in &chain {
                if left == 0 {
                    break;
                }
                if layer.segments.holds_whole(seg) {
                    // Every page left is found here.
                    if layer.writer == volume {
                        superseded += left;
                    }
                    unseen.clear();
                    break;
                }
                if let Some(held) = layer.segments.get(seg) {
                    let hit = unseen.intersection_len(held);
                    if 0 < hit && hit < left {
                        if left.saturating_mul(SKEWED) < held.len() {
                            // A few pages against a large layer: roaring
                            // subtracts by merging both, at the layer's
                            // cost, so the pages not held are kept instead,
                            // each looked up.
                            kept.clear();
                            kept.extend(unseen.iter().filter(|&o| !held.contains(o)));
                            #[expect(
                                clippy::expect_used,
                                reason = "kept is filtered from a walk of a bitmap in order"
                            )]
                            let rest = RoaringBitmap::from_sorted_iter(kept.iter().copied())
                                .expect("sorted");
                            unseen = rest;
                        } else {
                            unseen -= held;
                        }
                    }
                    if layer.writer == volume {
                        superseded += hit;
                    }
                    if hit == left {
                        unseen.clear();
                        break;
                    }
                    left -= hit;
                }
            }
            let base = u64::from(seg.0) * segment_pages;
            born.extend(unseen.iter().map(|o| base + u64::from(o)));
        }
        born_ranges.extend(PageSet::from_pages(born).ranges().iter().cloned());
        Some((superseded, PageSet::from_ranges(born_ranges)))
    }

    /// Adds what [`Store::history_of_write`] found to `volume`'s history,
    /// the write reaching up to `end`.
    fn record_history(&mut self, volume: VolumeId, found: Option<(u64, PageSet)>, end: u64) {
        let Some((superseded, born)) = found else {
            return;
        };
        let now = self.clock;
        let v = &mut self.volumes[volume.index()];
        v.history.supersede(now, superseded);
        if !born.is_empty() || end > v.size {
            v.history.grow(now, born, v.size);
        }
        if superseded > 0 {
            self.history_revision += 1;
        }
    }

    /// Appends `pages` new pages at the end of `volume`; returns their range.
    pub fn append(&mut self, volume: VolumeId, pages: u64) -> Result<Range<u64>, EngineError> {
        let start = self.live_volume(volume)?.size;
        let range = start..start.saturating_add(pages);
        self.write(volume, &PageSet::range(range.clone()))?;
        Ok(range)
    }

    /// A copy-on-write clone: a new volume that sees exactly what `source`
    /// sees now. Copies no page; O(1) whatever the size.
    pub fn clone_volume(&mut self, source: VolumeId) -> Result<VolumeId, EngineError> {
        let rec = self.live_volume(source)?.clone();
        let base = self.freeze(source);
        self.revision += 1;
        let clone = VolumeId(self.volumes.len() as u32);
        let layer = self.add_layer(rec.family, Some(base), clone);
        self.volumes.push(VolumeRecord {
            active: layer,
            alive: true,
            history: History::new(self.clock, 0),
            ..rec
        });
        Ok(clone)
    }

    /// A full copy: a new volume, in a family of its own, whose every page
    /// is a new version it owns. Nothing is shared.
    pub fn full_copy(&mut self, source: VolumeId) -> Result<VolumeId, EngineError> {
        let rec = self.live_volume(source)?.clone();
        Ok(self.copy_of(rec.active, rec.page_size, rec.size, &[]))
    }

    /// A full copy of what `source` saw at `at` on the engine's clock,
    /// which must lie in its restorable window
    /// ([`Store::earliest_restorable`] to now): the pages it has now,
    /// less those it gained after `at`. Every page is a new version the
    /// copy owns, so which version `source` saw of each page is all the
    /// same to it.
    pub fn full_copy_at(&mut self, source: VolumeId, at: u64) -> Result<VolumeId, EngineError> {
        let rec = self.live_volume(source)?;
        let earliest = rec.history.earliest(self.clock);
        if at < earliest || at > self.clock {
            return Err(EngineError::NotRestorable {
                at,
                earliest,
                latest: self.clock,
            });
        }
        let (later, extent) = rec.history.since(at, rec.size);
        let later: Vec<PageSet> = later.into_iter().cloned().collect();
        let (active, page_size) = (rec.active, rec.page_size);
        Ok(self.copy_of(active, page_size, extent, &later))
    }

    /// Pins a read-only image of what `volume` sees now.
    pub fn snapshot(&mut self, volume: VolumeId) -> Result<SnapshotId, EngineError> {
        let rec = self.live_volume(volume)?.clone();
        let layer = self.freeze(volume);
        self.revision += 1;
        self.layer_mut(layer).pins += 1;
        self.family_mut(rec.family).cache.get_mut().reshape();
        let id = SnapshotId(self.snapshots.len() as u32);
        self.snapshots.push(SnapshotRecord {
            family: rec.family,
            layer,
            size: rec.size,
            page_size: rec.page_size,
            alive: true,
        });
        self.family_mut(rec.family).snapshots.insert(id);
        Ok(id)
    }

    /// A new volume restored from a snapshot: always a full copy.
    pub fn restore_snapshot(&mut self, snapshot: SnapshotId) -> Result<VolumeId, EngineError> {
        let rec = self.live_snapshot(snapshot)?.clone();
        Ok(self.copy_of(rec.layer, rec.page_size, rec.size, &[]))
    }

    /// An independent copy of a snapshot (a new family, pinned by the new
    /// snapshot alone): what copying a snapshot to re-encrypt it stores.
    pub fn copy_snapshot(&mut self, snapshot: SnapshotId) -> Result<SnapshotId, EngineError> {
        let volume = self.restore_snapshot(snapshot)?;
        let copy = self.snapshot(volume)?;
        self.delete_volume(volume)?;
        Ok(copy)
    }

    /// Deletes a volume. Every version that no live volume or snapshot can
    /// see any more is reclaimed; the cost is that of the layers dropped.
    pub fn delete_volume(&mut self, volume: VolumeId) -> Result<(), EngineError> {
        let rec = self.live_volume(volume)?.clone();
        self.volumes[volume.index()].alive = false;
        self.volumes[volume.index()].history = History::default();
        self.revision += 1;
        self.history_revision += 1;
        self.layer_mut(rec.active).active_of = None;
        self.family_mut(rec.family).cache.get_mut().reshape();
        self.collect_garbage(rec.family, rec.active);
        Ok(())
    }

    /// Deletes a snapshot, reclaiming what only it kept alive.
    pub fn delete_snapshot(&mut self, snapshot: SnapshotId) -> Result<(), EngineError> {
        let rec = self.live_snapshot(snapshot)?.clone();
        self.snapshots[snapshot.index()].alive = false;
        self.revision += 1;
        self.layer_mut(rec.layer).pins -= 1;
        let family = self.family_mut(rec.family);
        family.snapshots.remove(&snapshot);
        family.cache.get_mut().reshape();
        self.collect_garbage(rec.family, rec.layer);
        Ok(())
    }

    /// The page size of a live volume.
    pub fn page_size(&self, volume: VolumeId) -> Result<PageSize, EngineError> {
        Ok(self.live_volume(volume)?.page_size)
    }

    /// One past the highest page ever written to a live volume.
    pub fn extent(&self, volume: VolumeId) -> Result<u64, EngineError> {
        Ok(self.live_volume(volume)?.size)
    }

    /// The family of a live volume.
    pub fn family_of(&self, volume: VolumeId) -> Result<FamilyId, EngineError> {
        Ok(self.live_volume(volume)?.family)
    }

    /// Whether a volume is alive.
    pub fn is_alive(&self, volume: VolumeId) -> bool {
        self.live_volume(volume).is_ok()
    }

    /// The writer (owner) of the version of `page` that `volume` sees, or
    /// `None` if the page was never written there.
    pub fn writer_of(
        &self,
        volume: VolumeId,
        page: PageNo,
    ) -> Result<Option<VolumeId>, EngineError> {
        let rec = self.live_volume(volume)?;
        let family = self.family(rec.family);
        let seg = SegmentNo((page.0 / family.segment_pages) as u32);
        let off = (page.0 % family.segment_pages) as u32;
        let mut cur = Some(rec.active);
        while let Some(id) = cur {
            let layer = self.layer(id);
            if layer.segments.get(seg).is_some_and(|b| b.contains(off)) {
                return Ok(Some(layer.writer));
            }
            cur = layer.parent;
        }
        Ok(None)
    }

    /// Sets the clock to `now` seconds (it never goes back), and drops from
    /// every volume's history what its window no longer reaches.
    pub fn set_clock(&mut self, now: u64) {
        self.clock = self.clock.max(now);
        let now = self.clock;
        let mut changed = false;
        for v in self.volumes.iter_mut().filter(|v| v.alive) {
            changed |= v.history.expire(now);
        }
        if changed {
            self.history_revision += 1;
        }
    }

    /// The clock, in seconds.
    pub fn clock(&self) -> u64 {
        self.clock
    }

    /// Keeps `volume`'s history for `seconds` from now on (0: none). A
    /// shorter window drops at once what it no longer reaches.
    pub fn set_retention(&mut self, volume: VolumeId, seconds: u64) -> Result<(), EngineError> {
        self.live_volume(volume)?;
        let now = self.clock;
        self.volumes[volume.index()]
            .history
            .set_retention(now, seconds);
        self.history_revision += 1;
        Ok(())
    }

    /// The page versions `volume`'s writes superseded that its retention
    /// window still keeps (versions it wrote itself).
    pub fn retained_versions(&self, volume: VolumeId) -> Result<u64, EngineError> {
        Ok(self.live_volume(volume)?.history.retained())
    }

    /// The earliest time, on the engine's clock, `volume` can be restored
    /// to.
    pub fn earliest_restorable(&self, volume: VolumeId) -> Result<u64, EngineError> {
        Ok(self.live_volume(volume)?.history.earliest(self.clock))
    }

    /// Changes with every change to a volume's retained history: equal
    /// revisions (and equal [`Store::revision`]s) mean equal backup.
    pub fn history_revision(&self) -> u64 {
        self.history_revision
    }

    /// Bytes the live volumes' superseded-version logs occupy.
    pub fn history_bytes(&self) -> usize {
        self.volumes
            .iter()
            .filter(|v| v.alive)
            .map(|v| v.history.bytes())
            .sum()
    }

    /// Page versions physically held in live layers, shadowed ones included.
    pub fn stored_page_versions(&self) -> u64 {
        self.layers.iter().flatten().map(Layer::page_count).sum()
    }

    /// Number of live layers (a measure of the engine's bookkeeping).
    pub fn layer_count(&self) -> usize {
        self.layers.iter().flatten().count()
    }

    /// The live families, in order.
    pub(in crate::engine) fn live_families(&self) -> impl Iterator<Item = FamilyId> + '_ {
        (0..self.families.len())
            .filter(|&f| self.families[f].is_some())
            .map(|f| FamilyId(f as u32))
    }

    /// The live snapshots of a live family, with the layers they pin.
    pub(in crate::engine) fn snapshot_layers(
        &self,
        family: FamilyId,
    ) -> Vec<(SnapshotId, LayerId)> {
        self.family(family)
            .snapshots
            .iter()
            .map(|&s| (s, self.snapshots[s.index()].layer))
            .collect()
    }

    /// What the last accounting of a live family left for the next.
    pub(in crate::engine) fn family_cache(&self, family: FamilyId) -> &Kept<B> {
        &self.family(family).cache
    }

    /// Every layer, by id (`None` once dropped), as a sweep reads them.
    pub(in crate::engine) fn layers(&self) -> &[Option<Layer>] {
        &self.layers
    }

    /// How many page offsets of a segment a sweep takes at a time.
    pub(in crate::engine) fn sweep_chunk(&self) -> u32 {
        self.sweep_chunk
    }

    fn new_family(
        &mut self,
        page_size: PageSize,
        size: u64,
        fill: impl FnOnce(&mut Layer, u64),
    ) -> VolumeId {
        self.revision += 1;
        let family = FamilyId(self.families.len() as u32);
        let volume = VolumeId(self.volumes.len() as u32);
        let root = LayerId(self.layers.len() as u32);
        let segment_pages = (self.segment_bytes / page_size.bytes()).max(1);
        let mut layer = Layer::new(None, volume);
        fill(&mut layer, segment_pages);
        self.layers.push(Some(layer));
        self.families.push(Some(Family {
            root,
            segment_pages,
            layers: BTreeSet::from([root]),
            snapshots: BTreeSet::new(),
            cache: Kept::new(),
        }));
        self.volumes.push(VolumeRecord {
            family,
            active: root,
            page_size,
            size,
            alive: true,
            history: History::new(self.clock, 0),
        });
        volume
    }

    /// A new family whose root holds every page visible from `top` but
    /// those in `leave_out`.
    fn copy_of(
        &mut self,
        top: LayerId,
        page_size: PageSize,
        size: u64,
        leave_out: &[PageSet],
    ) -> VolumeId {
        let mut visible = LayerPages::default();
        let mut cur = Some(top);
        while let Some(id) = cur {
            let layer = self.layer(id);
            visible.union_with(&layer.segments);
            cur = layer.parent;
        }
        let segment_pages = (self.segment_bytes / page_size.bytes()).max(1);
        for pages in leave_out {
            remove_pages(&mut visible, pages, segment_pages);
        }
        self.new_family(page_size, size, |layer, _| layer.segments = visible)
    }

    /// Makes `volume`'s view a frozen layer and gives the volume a new empty
    /// active layer on top; returns the frozen layer. An empty active layer
    /// adds nothing, so its parent serves instead and the chain stays short.
    fn freeze(&mut self, volume: VolumeId) -> LayerId {
        let rec = self.volumes[volume.index()].clone();
        let active = self.layer(rec.active);
        if active.is_empty()
            && let Some(parent) = active.parent
        {
            return parent;
        }
        self.layer_mut(rec.active).active_of = None;
        let fresh = self.add_layer(rec.family, Some(rec.active), volume);
        self.volumes[volume.index()].active = fresh;
        rec.active
    }

    fn add_layer(
        &mut self,
        family: FamilyId,
        parent: Option<LayerId>,
        writer: VolumeId,
    ) -> LayerId {
        let id = LayerId(self.layers.len() as u32);
        self.layers.push(Some(Layer::new(parent, writer)));
        if let Some(p) = parent {
            self.layer_mut(p).children.push(id);
        }
        let f = self.family_mut(family);
        f.layers.insert(id);
        f.cache.get_mut().reshape();
        id
    }

    /// Drops `from` and then its ancestors while nothing can see them.
    #[expect(clippy::expect_used, reason = "layer exists")]
    fn collect_garbage(&mut self, family: FamilyId, from: LayerId) {
        let mut cur = Some(from);
        while let Some(id) = cur {
            if !self.layer(id).is_garbage() {
                return;
            }
            let layer = self.layers[id.index()].take().expect("layer exists");
            cur = layer.parent;
            if let Some(p) = layer.parent {
                self.layer_mut(p).children.retain(|&c| c != id);
            }
            let f = self.family_mut(family);
            f.layers.remove(&id);
            if f.layers.is_empty() {
                self.families[family.index()] = None;
            }
        }
    }

    pub(in crate::engine) fn live_volume(
        &self,
        volume: VolumeId,
    ) -> Result<&VolumeRecord, EngineError> {
        self.volumes
            .get(volume.index())
            .filter(|v| v.alive)
            .ok_or(EngineError::NoSuchVolume(volume))
    }

    fn live_snapshot(&self, snapshot: SnapshotId) -> Result<&SnapshotRecord, EngineError> {
        self.snapshots
            .get(snapshot.index())
            .filter(|s| s.alive)
            .ok_or(EngineError::NoSuchSnapshot(snapshot))
    }

    #[expect(clippy::expect_used, reason = "layer is live")]
    pub(in crate::engine) fn layer(&self, id: LayerId) -> &Layer {
        self.layers[id.index()].as_ref().expect("layer is live")
    }

    #[expect(clippy::expect_used, reason = "layer is live")]
    fn layer_mut(&mut self, id: LayerId) -> &mut Layer {
        self.layers[id.index()].as_mut().expect("layer is live")
    }

    /// A family's root layer and the pages in each of its segments.
    pub(in crate::engine) fn root_and_segment_pages(&self, id: FamilyId) -> (LayerId, u64) {
        let f = self.family(id);
        (f.root, f.segment_pages)
    }

    /// A family's layers.
    pub(in crate::engine) fn family_layers(&self, id: FamilyId) -> Vec<LayerId> {
        self.family(id).layers.iter().copied().collect()
    }

    #[expect(clippy::expect_used, reason = "family is live")]
    fn family(&self, id: FamilyId) -> &Family<B> {
        self.families[id.index()].as_ref().expect("family is live")
    }

    #[expect(clippy::expect_used, reason = "family is live")]
    fn family_mut(&mut self, id: FamilyId) -> &mut Family<B> {
        self.families[id.index()].as_mut().expect("family is live")
    }
}

fn check_extent(page_size: PageSize, end: u64) -> Result<(), EngineError> {
    let max_pages = page_size.max_pages();
    if end > max_pages {
        return Err(EngineError::PageOutOfRange {
            page: max_pages,
            max_pages,
        });
    }
    Ok(())
}
