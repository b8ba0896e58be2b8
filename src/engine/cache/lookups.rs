//! Page lookups for incremental accounting, with dense copies of the
//! layers looked up most.
//!
//! Hourly metering asks, for every page written in the hour, which layers
//! hold it: a few hundred lookups per segment and layer, every hour, in
//! the same layers. A lookup in a compressed bitmap searches its
//! containers and then the container; a bit test in a dense copy is one
//! load. A layer's segment gets a dense copy once
//! the lookups made into it would have paid for building one, and only if
//! it is dense enough that the copy costs at most [`MAX_BYTES_PER_PAGE`]
//! per page it holds. The copy is kept current with the pages the layer
//! receives, and dropped whenever a write to its segment was not recorded
//! (the segment was swept again, or the family changed shape). Once a
//! segment's lookups earn it a [`HolderIndex`] (one load per page for all
//! its layers), the index replaces the copies; they come back only if the
//! index must be dropped.

use std::collections::{BTreeMap, BTreeSet};

use roaring::RoaringBitmap;

use super::holder_index::HolderIndex;
use crate::engine::bitmaps::bitset::BitSet;
use crate::engine::bitmaps::serialized::for_each_run;
use crate::engine::model::ids::LayerId;
use crate::engine::model::layer::{Known, KnownInSegment};
use crate::engine::model::page::SegmentNo;

/// The most a dense copy may cost per page its layer holds in the segment.
const MAX_BYTES_PER_PAGE: u64 = 4;

/// Lookups in the compressed bitmap that building a dense copy of it is
/// worth, per page it holds: building visits every page once.
const LOOKUPS_PER_PAGE_TO_BUILD: u64 = 1;

/// How one layer's pages in one segment are looked up.
#[derive(Clone, Debug)]
pub(crate) enum Probe {
    /// In the compressed bitmap; the count of lookups made so far.
    Sparse(u64),
    /// In a dense copy, current up to the last incremental update.
    Dense(BitSet),
}

impl Default for Probe {
    fn default() -> Self {
        Probe::Sparse(0)
    }
}

impl Probe {
    /// Records that the layer received `offset` (it holds it now).
    pub fn receive(&mut self, offset: u32) {
        if let Probe::Dense(bits) = self {
            bits.insert(offset);
        }
    }

    /// Looks up `offsets` (sorted) in `pages`, the layer's current pages
    /// in a segment of `segment_pages`, calling `hit(i)` for each index
    /// `i` of an offset it holds. Builds a dense copy first when the
    /// lookups so far have earned one.
    pub fn lookup(
        &mut self,
        pages: &RoaringBitmap,
        segment_pages: u64,
        offsets: &[u32],
        mut hit: impl FnMut(usize),
    ) {
        if let Probe::Sparse(made) = self {
            *made += offsets.len() as u64;
            let held = pages.len();
            if *made >= held * LOOKUPS_PER_PAGE_TO_BUILD
                && segment_pages.div_ceil(8) <= held * MAX_BYTES_PER_PAGE
            {
                let mut bits = BitSet::default();
                bits.reset(segment_pages as u32);
                for_each_run(pages, |start, end| bits.insert_range(start, end));
                *self = Probe::Dense(bits);
            }
        }
        match self {
            Probe::Dense(bits) => {
                for (i, &o) in offsets.iter().enumerate() {
                    if bits.contains(o) {
                        hit(i);
                    }
                }
            }
            Probe::Sparse(_) => {
                for (i, &o) in offsets.iter().enumerate() {
                    if pages.contains(o) {
                        hit(i);
                    }
                }
            }
        }
    }
}

/// How one segment's pages are looked up: through its [`HolderIndex`]
/// once one is earned, through each layer's [`Probe`] until then.
#[derive(Clone, Debug, Default)]
pub(crate) struct SegmentProbes {
    /// The layers' probes, in the order of the layers they were taken for;
    /// empty when none has made a lookup (an indexed segment's layers make
    /// none), so that such a segment's update moves no probes.
    pub layers: Vec<Probe>,
    pub index: Option<HolderIndex>,
    /// (page, layer) lookups made in the segment so far, towards an index.
    pub lookups: u64,
    /// The lookups at which to try building an index again.
    pub retry_at: u64,
}

/// What one layer is known to hold, from its family's holder indexes. A
/// write of a page the layer holds changes nothing, and this says so with
/// one load instead of a search of the layer's bitmap: in a year of the
/// fleet benchmark's hourly workloads, about half the pages written are
/// rewrites.
#[derive(Clone, Copy)]
pub(crate) struct Indexed<'a> {
    probes: &'a Probes,
    layer: LayerId,
}

impl<'a> Indexed<'a> {
    /// What `probes` know of `layer`.
    pub fn of(probes: &'a Probes, layer: LayerId) -> Self {
        Indexed { probes, layer }
    }
}

impl<'a> Known for Indexed<'a> {
    type InSegment = IndexedIn<'a>;

    /// Known where the segment is indexed and the layer has a bit there.
    fn in_segment(&self, seg: SegmentNo) -> Option<IndexedIn<'a>> {
        let index = self.probes.0.get(&seg)?.index.as_ref()?;
        let bit = index.bit_of(self.layer)?;
        Some(IndexedIn { index, bit })
    }
}

/// What one layer is known to hold in one indexed segment.
pub(crate) struct IndexedIn<'a> {
    index: &'a HolderIndex,
    bit: u32,
}

impl KnownInSegment for IndexedIn<'_> {
    fn holds(&self, offset: u32) -> bool {
        self.index.holds(offset, self.bit)
    }
}

/// What is kept of a segment between updates.
#[derive(Clone, Debug, Default)]
struct Kept {
    layers: BTreeMap<LayerId, Probe>,
    index: Option<HolderIndex>,
    lookups: u64,
    retry_at: u64,
}

/// Every segment's probes, for one family.
#[derive(Clone, Debug, Default)]
pub(crate) struct Probes(BTreeMap<SegmentNo, Kept>);

impl Probes {
    /// Forgets every segment: the family changed shape, so writes went
    /// unrecorded.
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// Forgets `segments`, swept again because writes to them went
    /// unrecorded.
    pub fn forget(&mut self, segments: &BTreeSet<SegmentNo>) {
        for seg in segments {
            self.0.remove(seg);
        }
    }

    /// Probes whose segment `seg` is indexed for `holders`, whose layers
    /// are `layers`.
    #[cfg(test)]
    pub fn indexed(
        seg: SegmentNo,
        holders: &[crate::engine::sweep::holder::Holder<'_>],
        layers: &[LayerId],
        segment_pages: u64,
    ) -> Probes {
        let index = HolderIndex::build(holders, layers, segment_pages).expect("small enough");
        let mut probes = Probes::default();
        probes.0.entry(seg).or_default().index = Some(index);
        probes
    }

    /// Takes out the probes of `layers` in `seg` (new ones where missing),
    /// for an update on another thread.
    pub fn take(&mut self, seg: SegmentNo, layers: &[LayerId]) -> SegmentProbes {
        let kept = self.0.entry(seg).or_default();
        let layers = match kept.layers.is_empty() {
            true => Vec::new(),
            false => layers
                .iter()
                .map(|l| kept.layers.remove(l).unwrap_or_default())
                .collect(),
        };
        SegmentProbes {
            layers,
            index: kept.index.take(),
            lookups: kept.lookups,
            retry_at: kept.retry_at,
        }
    }

    /// Puts back what [`Probes::take`] took out.
    pub fn put(&mut self, seg: SegmentNo, layers: &[LayerId], probes: SegmentProbes) {
        let kept = self.0.entry(seg).or_default();
        // A probe that has made no lookup is what a missing one reads as:
        // an indexed segment's layers keep nothing.
        for (&layer, probe) in layers.iter().zip(probes.layers) {
            if !matches!(probe, Probe::Sparse(0)) {
                kept.layers.insert(layer, probe);
            }
        }
        kept.index = probes.index;
        kept.lookups = probes.lookups;
        kept.retry_at = probes.retry_at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(
        probe: &mut Probe,
        pages: &RoaringBitmap,
        segment_pages: u64,
        offsets: &[u32],
    ) -> Vec<u32> {
        let mut out = Vec::new();
        probe.lookup(pages, segment_pages, offsets, |i| out.push(offsets[i]));
        out
    }

    #[test]
    fn a_dense_copy_is_built_once_earned_and_kept_current() {
        // 1,024 offsets, 64 held: the copy (128 bytes) costs 2 bytes per
        // held page, under the limit of 4; it is earned after 64 lookups.
        let mut pages: RoaringBitmap = (0..1024).step_by(16).collect();
        let offsets: Vec<u32> = (0..1024).step_by(8).collect();
        let mut probe = Probe::default();
        let expected: Vec<u32> = (0..1024).step_by(16).collect();
        assert_eq!(
            hits(&mut probe, &pages, 1024, &offsets[..32]),
            expected[..16]
        );
        assert!(matches!(probe, Probe::Sparse(32)));
        assert_eq!(hits(&mut probe, &pages, 1024, &offsets), expected);
        assert!(matches!(probe, Probe::Dense(_)));
        // The layer receives offset 8: the copy must say so, as the
        // bitmap does.
        pages.insert(8);
        probe.receive(8);
        assert_eq!(hits(&mut probe, &pages, 1024, &[0, 8, 9]), vec![0, 8]);
    }

    #[test]
    fn a_sparse_layer_keeps_its_bitmap() {
        // 4 pages held out of 1,024: a copy would cost 32 bytes per page.
        let pages: RoaringBitmap = [1, 100, 500, 900].into_iter().collect();
        let mut probe = Probe::default();
        for _ in 0..100 {
            assert_eq!(hits(&mut probe, &pages, 1024, &[1, 2, 900]), vec![1, 900]);
        }
        assert!(matches!(probe, Probe::Sparse(300)));
    }

    #[test]
    fn pages_the_index_knows_are_held_are_not_looked_up() {
        // The index records layer 0 as holding offsets 0..512 of segment
        // 0, though its bitmap is empty: a write of 5 and 600 inserts and
        // reports only 600, so 5 was taken as a rewrite without a search.
        use crate::engine::model::ids::VolumeId;
        use crate::engine::model::layer::Layer;
        use crate::engine::model::page::PageSet;
        use crate::engine::sweep::holder::Holder;

        let bulk: RoaringBitmap = (0..512).collect();
        let probes = Probes::indexed(
            SegmentNo(0),
            &[Holder::for_test(0, 1, 1, &bulk)],
            &[LayerId(0)],
            1024,
        );
        let mut layer = Layer::new(None, VolumeId(0));
        let pages = PageSet::from_pages([5, 600]);
        let new = layer.insert(&pages, 1024, 1_000, Indexed::of(&probes, LayerId(0)));
        assert_eq!(new.offsets, vec![600]);
        assert_eq!(layer.page_count(), 1);
        // Another layer has no bit in the index: both pages are new to it.
        let mut other = Layer::new(None, VolumeId(1));
        let new = other.insert(&pages, 1024, 1_000, Indexed::of(&probes, LayerId(1)));
        assert_eq!(new.offsets, vec![5, 600]);
    }

    #[test]
    fn forgetting_a_segment_drops_its_probes() {
        let mut probes = Probes::default();
        let layers = [LayerId(3)];
        let mut taken = probes.take(SegmentNo(0), &layers);
        // No probe has made a lookup yet: none is moved.
        assert!(taken.layers.is_empty());
        taken.layers = vec![Probe::Sparse(7)];
        taken.lookups = 7;
        probes.put(SegmentNo(0), &layers, taken);
        let taken = probes.take(SegmentNo(0), &layers);
        assert!(matches!(taken.layers[0], Probe::Sparse(7)));
        assert_eq!(taken.lookups, 7);
        probes.put(SegmentNo(0), &layers, taken);
        probes.forget(&[SegmentNo(0)].into_iter().collect());
        let taken = probes.take(SegmentNo(0), &layers);
        assert!(taken.layers.is_empty());
        assert_eq!(taken.lookups, 0);
    }
}
