//! A layer: the page versions written into one step of a volume's history.
//!
//! Layers form a tree per family (qcow2 overlays, Neon timelines). A live
//! volume writes into its private *active* layer; cloning or snapshotting
//! freezes it, and the volume and the clone each continue on a new empty
//! layer whose parent is the frozen one. A volume sees, for each page, the
//! version in the nearest layer on the path from its active layer to the
//! root.
//!
//! Format: the pages written in the layer, per 10 GiB segment
//! (`layer_pages.rs`): whole segments as runs of segment numbers, others
//! as a `RoaringBitmap` of segment-relative offsets. A fully written
//! 256 TiB layer costs a few bytes; scattered updates cost about two bytes
//! each (array containers).

use std::ops::Range;

use roaring::RoaringBitmap;

use super::ids::{LayerId, VolumeId};
use super::layer_pages::LayerPages;
use super::page::{PageSet, SegmentNo};

/// One layer of a family's tree.
#[derive(Clone, Debug)]
pub struct Layer {
    pub(crate) parent: Option<LayerId>,
    pub(crate) children: Vec<LayerId>,
    /// The volume whose active layer this is or was: the owner of every page
    /// version in it.
    pub(crate) writer: VolumeId,
    /// `Some` while the layer is a live volume's active (mutable) layer.
    pub(crate) active_of: Option<VolumeId>,
    /// Snapshots that pin this (frozen) layer.
    pub(crate) pins: u32,
    pub(crate) segments: LayerPages,
}

impl Layer {
    pub(crate) fn new(parent: Option<LayerId>, writer: VolumeId) -> Self {
        Self {
            parent,
            children: Vec::new(),
            writer,
            active_of: Some(writer),
            pins: 0,
            segments: LayerPages::default(),
        }
    }

    /// Whether the layer holds no page version.
    pub(crate) fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    /// Whether nothing can see this layer any more: frozen, unpinned, and
    /// with no layer below it.
    pub(crate) fn is_garbage(&self) -> bool {
        self.active_of.is_none() && self.pins == 0 && self.children.is_empty()
    }

    /// Adds `pages` to the layer; returns, per segment touched, the
    /// offsets new to the layer (a rewrite of a page it already holds
    /// changes no count), in increasing order, or `None` where there are
    /// more than `limit` of them. Single pages `known` to be held already
    /// are not looked up in the bitmap.
    pub(crate) fn insert(
        &mut self,
        pages: &PageSet,
        segment_pages: u64,
        limit: usize,
        known: impl Known,
    ) -> Touched {
        let mut touched = Touched::default();
        let mut pieces = pages.segment_pieces(segment_pages).peekable();
        self.segments.set_segment_pages(segment_pages);
        let mut filled = false;
        while let Some((seg, first)) = pieces.next() {
            if self.segments.holds_whole(seg) {
                // Every page of it is held: a rewrite, which adds nothing.
                while pieces.next_if(|(s, _)| *s == seg).is_some() {}
                let at = touched.offsets.len();
                touched.segments.push((seg, Some(at..at)));
                continue;
            }
            let held = known.in_segment(seg);
            let bitmap = self.segments.partial_mut(seg);
            let mut new = NewPages::new(&mut touched.offsets, limit);
            let mut singles = Scattered::default();
            let mut piece = Some(first);
            while let Some(p) = piece {
                if p.len() == 1 {
                    singles.push(p.start);
                } else {
                    singles.flush(bitmap, &mut new, held.as_ref());
                    let added = p.len() - bitmap.range_cardinality(p.clone()) as usize;
                    if added > 0 && new.fits(added) {
                        new.extend(p.clone().filter(|&o| !bitmap.contains(o)));
                    }
                    bitmap.insert_range(p);
                }
                piece = pieces.next_if(|(s, _)| *s == seg).map(|(_, p)| p);
            }
            singles.flush(bitmap, &mut new, held.as_ref());
            let new = new.finish();
            touched.segments.push((seg, new));
            filled |= self.segments.settle(seg);
        }
        if filled {
            self.segments.tidy();
        }
        touched
    }

    /// Number of page versions in the layer.
    pub(crate) fn page_count(&self) -> u64 {
        self.segments.page_count()
    }
}

/// What a layer is known to hold, from outside it: a write skips the
/// bitmap search for a page known to be held already (a rewrite changes
/// nothing). Knowing nothing is always right, only slower.
pub(crate) trait Known {
    /// What is known of the layer in one segment.
    type InSegment: KnownInSegment;

    /// What is known of the layer in `seg`, if anything.
    fn in_segment(&self, seg: SegmentNo) -> Option<Self::InSegment>;
}

/// What a layer is known to hold in one segment.
pub(crate) trait KnownInSegment {
    /// Whether the layer is known to hold `offset` (if not, it may still).
    fn holds(&self, offset: u32) -> bool;
}

/// Nothing known: every page is looked up in the layer's bitmap.
#[derive(Clone, Copy)]
pub(crate) struct NothingKnown;

impl Known for NothingKnown {
    type InSegment = NothingKnown;

    fn in_segment(&self, _: SegmentNo) -> Option<NothingKnown> {
        None
    }
}

impl KnownInSegment for NothingKnown {
    fn holds(&self, _: u32) -> bool {
        false
    }
}

/// Scattered single-page writes to one segment, inserted together.
///
/// Few pages are inserted one at a time, each insert saying whether the
/// page was new (one search of its container, not a lookup and then an
/// insert). The batch lives on the stack: a one-page write costs no
/// allocation. Many pages (a large
/// random write) are merged into the bitmap as a bitmap of their own: a
/// container grows once, to its exact size, where inserting page by page
/// would leave it up to half empty as its vector doubles.
#[derive(Default)]
struct Scattered {
    offsets: [u32; SCATTERED_BATCH],
    len: usize,
    /// Earlier full batches, kept while there may be enough for a merge.
    spilled: Vec<u32>,
}

const SCATTERED_BATCH: usize = 32;

/// Pages at which scattered writes to a segment are merged in rather than
/// inserted one by one.
const MERGED_PAGES: usize = 256;

impl Scattered {
    /// Adds `offset` (greater than any pending).
    fn push(&mut self, offset: u32) {
        if self.len == SCATTERED_BATCH {
            self.spilled.extend_from_slice(&self.offsets);
            self.len = 0;
        }
        self.offsets[self.len] = offset;
        self.len += 1;
    }

    /// Inserts the pending offsets but those `held` knows the layer holds,
    /// recording in `new` (in order) those the bitmap did not hold. The
    /// offsets are checked against `held` first, all together: the checks'
    /// loads don't wait on each other.
    fn flush(
        &mut self,
        bitmap: &mut RoaringBitmap,
        new: &mut NewPages<'_>,
        held: Option<&impl KnownInSegment>,
    ) {
        if let Some(held) = held {
            self.spilled.retain(|&o| !held.holds(o));
            let mut kept = 0;
            for i in 0..self.len {
                let o = self.offsets[i];
                self.offsets[kept] = o;
                kept += usize::from(!held.holds(o));
            }
            self.len = kept;
        }
        let pending = &self.offsets[..self.len];
        if self.spilled.len() + pending.len() >= MERGED_PAGES {
            self.spilled.extend_from_slice(pending);
            #[expect(clippy::expect_used, reason = "offsets are pushed in increasing order")]
            let batch = RoaringBitmap::from_sorted_iter(self.spilled.iter().copied())
                .expect("offsets are pushed in increasing order");
            if new.listing() {
                let fresh = &batch - &*bitmap;
                if new.fits(fresh.len() as usize) {
                    new.extend(&fresh);
                }
            }
            // Merging by reference copies new containers at their exact
            // size; an empty bitmap takes an exact copy of the batch.
            if bitmap.is_empty() {
                *bitmap = batch.clone();
            } else {
                *bitmap |= &batch;
            }
        } else {
            for &o in self.spilled.iter().chain(pending) {
                if bitmap.insert(o) {
                    new.push(o);
                }
            }
        }
        self.spilled.clear();
        self.len = 0;
    }
}

/// The pages a write made new to a layer, per segment touched, all in one
/// list: a write of a few pages to each of twenty segments (an hour of a
/// workload) costs two allocations, not one per segment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Touched {
    /// Each segment touched, with the range of `offsets` new to the layer
    /// there, or `None` where they were more than the limit.
    pub(crate) segments: Vec<(SegmentNo, Option<Range<usize>>)>,
    pub(crate) offsets: Vec<u32>,
}

impl Touched {
    /// Each segment touched, with the offsets new to the layer there.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (SegmentNo, Option<&[u32]>)> {
        self.segments
            .iter()
            .map(|(seg, new)| (*seg, new.clone().map(|r| &self.offsets[r])))
    }
}

/// The offsets new to a layer in one segment, appended to a write's list
/// until there are more than `limit`.
struct NewPages<'a> {
    offsets: &'a mut Vec<u32>,
    start: usize,
    limit: usize,
    over: bool,
}

impl<'a> NewPages<'a> {
    fn new(offsets: &'a mut Vec<u32>, limit: usize) -> Self {
        let start = offsets.len();
        NewPages {
            offsets,
            start,
            limit,
            over: false,
        }
    }

    /// Whether the offsets are still listed.
    fn listing(&self) -> bool {
        !self.over
    }

    /// Whether `more` offsets still fit; if not, stops listing.
    fn fits(&mut self, more: usize) -> bool {
        if !self.over && self.offsets.len() - self.start + more > self.limit {
            self.over = true;
            self.offsets.truncate(self.start);
        }
        !self.over
    }

    fn push(&mut self, offset: u32) {
        if self.fits(1) {
            self.offsets.push(offset);
        }
    }

    /// Adds offsets that [`NewPages::fits`] has made room for.
    fn extend(&mut self, offsets: impl IntoIterator<Item = u32>) {
        self.offsets.extend(offsets);
    }

    /// The range of the segment's offsets in the list, `None` if over.
    fn finish(self) -> Option<Range<usize>> {
        (!self.over).then_some(self.start..self.offsets.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages a test says a layer holds, in segment 0.
    struct Told(RoaringBitmap);

    impl Known for &Told {
        type InSegment = Self;

        fn in_segment(&self, seg: SegmentNo) -> Option<Self> {
            (seg == SegmentNo(0)).then_some(*self)
        }
    }

    impl KnownInSegment for &Told {
        fn holds(&self, offset: u32) -> bool {
            self.0.contains(offset)
        }
    }

    /// Each segment touched, with its new offsets listed.
    fn lists(touched: &Touched) -> Vec<(SegmentNo, Option<Vec<u32>>)> {
        touched
            .iter()
            .map(|(seg, new)| (seg, new.map(<[u32]>::to_vec)))
            .collect()
    }

    /// Offsets of the pages the layer holds in segment 0.
    fn held(layer: &Layer) -> Vec<u32> {
        layer.segments.get(SegmentNo(0)).unwrap().iter().collect()
    }

    #[test]
    fn scattered_writes_report_the_pages_new_to_the_layer() {
        // Every third page of 0..900 (300 pages: merged in), then every
        // other page of 0..600 (300 pages, 100 of them held already), then
        // a few (inserted one by one).
        let mut layer = Layer::new(None, VolumeId(0));
        let thirds = PageSet::from_pages((0..900).step_by(3));
        let new = lists(&layer.insert(&thirds, 1 << 16, 1_000, NothingKnown));
        let expected: Vec<u32> = (0..900).step_by(3).collect();
        assert_eq!(new, vec![(SegmentNo(0), Some(expected.clone()))]);
        assert_eq!(held(&layer), expected);

        let halves = PageSet::from_pages((0..600).step_by(2));
        let new = lists(&layer.insert(&halves, 1 << 16, 1_000, NothingKnown));
        let fresh: Vec<u32> = (0..600).step_by(2).filter(|o| o % 3 != 0).collect();
        assert_eq!(fresh.len(), 200);
        assert_eq!(new, vec![(SegmentNo(0), Some(fresh))]);

        let few = PageSet::from_pages([1, 2, 5, 7]);
        let new = lists(&layer.insert(&few, 1 << 16, 1_000, NothingKnown));
        assert_eq!(new, vec![(SegmentNo(0), Some(vec![1, 5, 7]))]);
        assert_eq!(held(&layer).len(), 300 + 200 + 3);
    }

    #[test]
    fn pages_known_to_be_held_are_not_looked_up() {
        // The layer is said to hold offsets 0..512, though its bitmap is
        // empty: a write of 5 and 600 inserts and reports only 600, so 5
        // was taken as a rewrite without a search.
        let told = Told((0..512).collect());
        let mut layer = Layer::new(None, VolumeId(0));
        let pages = PageSet::from_pages([5, 600]);
        let new = lists(&layer.insert(&pages, 1024, 1_000, &told));
        assert_eq!(new, vec![(SegmentNo(0), Some(vec![600]))]);
        assert_eq!(held(&layer), vec![600]);
        // Nothing known: both pages are new.
        let mut other = Layer::new(None, VolumeId(1));
        let new = lists(&other.insert(&pages, 1024, 1_000, NothingKnown));
        assert_eq!(new, vec![(SegmentNo(0), Some(vec![5, 600]))]);
    }

    #[test]
    fn past_the_limit_new_pages_are_not_listed() {
        // 300 new pages against a limit of 299, merged or one by one.
        for step in [3, 1] {
            let mut layer = Layer::new(None, VolumeId(0));
            let pages = PageSet::from_pages((0..300 * step).step_by(step as usize));
            let new = lists(&layer.insert(&pages, 1 << 16, 299, NothingKnown));
            assert_eq!(new, vec![(SegmentNo(0), None)]);
            assert_eq!(layer.page_count(), 300);
        }
    }
}
