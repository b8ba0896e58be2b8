//! Incremental accounting: updating a segment's cached sums for the pages
//! written since they were computed, instead of sweeping the segment again.
//!
//! Hourly metering of a family under a steady workload asks for accounting
//! after every few hundred page writes. A page new to a layer changes only
//! the contributions of that page's versions, and those depend only on
//! which layers hold the page. So each fresh page's old contributions
//! (with its holders before the write) are taken out and its new ones put
//! in. Pages with the same holders before and after contribute the same,
//! so they are grouped and each group's arithmetic is done once.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::holder_index::HolderIndex;
use super::lookups::{Probe, Probes, SegmentProbes};
use crate::engine::model::ids::LayerId;
use crate::engine::model::page::SegmentNo;
use crate::engine::sweep::PageDelta;
use crate::engine::sweep::family::{FamilyView, Tree, holders_of};
use crate::engine::sweep::holder::{Holder, position_from};
use crate::engine::sweep::segment_sums::{LayerSums, SegmentSums, SumsBySegment};

/// (page, layer) pairs below which segments are updated on the calling
/// thread: an hour's writes to a fleet's family of 16 clusters are a few
/// thousand pairs, and waking other threads for them costs more than the
/// update; an hour of ten writers among a hundred clones is tens of
/// thousands, which two threads do faster.
const PARALLEL_LOOKUPS: usize = 16_384;

/// Offsets new to some layer since the sums were computed, with the layer,
/// per segment.
pub(crate) type Fresh = BTreeMap<SegmentNo, Vec<(u32, LayerId)>>;

/// Updates cached segment sums for the `fresh` pages, segments in
/// parallel when there are enough. Costs the pages written times the
/// layers holding pages in their segment, not the segment's diverged
/// pages. `probes` keeps how each layer is looked up between updates.
pub(crate) fn update_segments(
    view: &FamilyView<'_>,
    tree: &Tree,
    sums: &mut SumsBySegment,
    probes: &mut Probes,
    fresh: &Fresh,
) {
    if fresh.is_empty() {
        return;
    }
    let holders = holders_of(view, tree, fresh.keys().copied());
    let mut work: Vec<Work<'_, '_>> = Vec::with_capacity(fresh.len());
    work.extend(
        fresh
            .iter()
            .zip(&holders)
            .filter_map(|((seg, list), holders)| {
                if holders.is_empty() {
                    return None;
                }
                let mut last: Option<(LayerId, Option<usize>)> = None;
                let mut received = Vec::with_capacity(list.len());
                for &(offset, layer) in list {
                    let holder = match last {
                        Some((l, holder)) if l == layer => holder,
                        _ => {
                            let holder = tree
                                .pos_of(layer)
                                .and_then(|pos| holders.iter().position(|h| h.pos == pos));
                            last = Some((layer, holder));
                            holder
                        }
                    };
                    if let Some(holder) = holder {
                        received.push(Received::new(offset, holder));
                    }
                }
                let layers: Vec<LayerId> = holders.iter().map(|h| tree.id_at(h.pos)).collect();
                Some(Work {
                    seg: *seg,
                    holders,
                    received,
                    sums: sums.remove(*seg).unwrap_or_default(),
                    probes: probes.take(*seg, &layers),
                    layers,
                })
            }),
    );
    let segment_pages = view.segment_pages;
    let lookups: usize = work
        .iter()
        .map(|w| w.received.len() * w.holders.len())
        .sum();
    if lookups >= PARALLEL_LOOKUPS {
        work.par_iter_mut()
            .for_each_init(Scratch::default, |scratch, w| {
                update_segment(w, segment_pages, scratch)
            });
    } else {
        let mut scratch = Scratch::default();
        for w in &mut work {
            update_segment(w, segment_pages, &mut scratch);
        }
    }
    for w in work {
        probes.put(w.seg, &w.layers, w.probes);
        sums.insert_run(w.seg, 1, w.sums);
    }
}

/// One segment's update, which may run on a thread of its own.
struct Work<'a, 'b> {
    seg: SegmentNo,
    holders: &'a [Holder<'b>],
    /// Each offset new to a layer, with the index in `holders` of that
    /// layer (offsets of layers gone since are left out: they changed
    /// nothing).
    received: Vec<Received>,
    sums: SegmentSums,
    /// The layer of each holder.
    layers: Vec<LayerId>,
    /// How the segment's pages are looked up.
    probes: SegmentProbes,
}

/// Buffers that an update reuses from one segment to the next.
#[derive(Default)]
struct Scratch {
    slot: Vec<usize>,
    distinct: Vec<u32>,
    keys: Keys,
    order: Vec<(u64, u64, u32)>,
    before_members: Vec<usize>,
    now_members: Vec<usize>,
    delta: PageDelta,
}

/// Updates one segment's sums for the pages it received.
fn update_segment(w: &mut Work<'_, '_>, segment_pages: u64, scratch: &mut Scratch) {
    let Work {
        holders,
        received,
        sums: out,
        layers,
        probes,
        ..
    } = w;
    let Scratch {
        slot,
        distinct,
        keys,
        order,
        before_members,
        now_members,
        delta,
    } = scratch;
    slots(holders, out, slot);
    received.sort_unstable();
    distinct.clear();
    distinct.extend(received.iter().map(|r| r.offset()));
    distinct.dedup();
    if distinct.is_empty() {
        return;
    }
    probes.lookups += (distinct.len() * holders.len()) as u64;
    if probes.index.is_none()
        && probes.lookups >= probes.retry_at
        && HolderIndex::earned(probes.lookups, holders)
    {
        match HolderIndex::build(holders, layers, segment_pages) {
            Some(index) => {
                probes.index = Some(index);
                // The index replaces the layers' dense copies, which stop
                // receiving pages from now on.
                probes.layers.fill(Probe::default());
            }
            // Too large for the pages held: try again once the lookups
            // have doubled, not at every update.
            None => probes.retry_at = probes.lookups * 2,
        }
    }
    let indexed = probes
        .index
        .as_mut()
        .is_some_and(|index| keys.fill_from_index(index, holders, layers, received, distinct));
    if !indexed {
        probes.index = None;
        probes.layers.resize_with(holders.len(), Probe::default);
        keys.fill_from_probes(
            &mut probes.layers,
            holders,
            received,
            distinct,
            segment_pages,
        );
    }
    // Pages with the same key contribute the same: group them, sorting on
    // the first words (exact for up to 64 bits; with more, equal keys may
    // fall into several groups, which only costs time).
    order.clear();
    order.extend((0..distinct.len()).map(|j| {
        let (now, new) = keys.get(j);
        (now[0], new[0], j as u32)
    }));
    order.sort_unstable();
    let same = |a: &(u64, u64, u32), b: &(u64, u64, u32)| {
        (a.0, a.1) == (b.0, b.1)
            && (keys.words == 1 || keys.get(a.2 as usize) == keys.get(b.2 as usize))
    };
    for group in order.chunk_by(same) {
        let (now, new) = keys.get(group[0].2 as usize);
        now_members.clear();
        before_members.clear();
        for i in 0..holders.len() {
            if keys.has(now, i) {
                now_members.push(i);
                if !keys.has(new, i) {
                    before_members.push(i);
                }
            }
        }
        let count = group.len() as i64;
        delta.apply(holders, before_members, -count, slot, out);
        delta.apply(holders, now_members, count, slot, out);
    }
}

/// Per distinct page received, a bit per holder for the holders that hold
/// it now, then a bit per holder for those that received it in this update
/// (so did not hold it before).
#[derive(Default)]
struct Keys {
    /// Words per half of a key.
    words: usize,
    data: Vec<u64>,
    /// Each holder's word and bit.
    bits: Vec<(usize, u64)>,
    /// Per holder, the pages it received, and its bit in the index.
    got: Vec<u64>,
    index_bits: Vec<u32>,
}

impl Keys {
    /// Reads the keys from the segment's index, which records the pages
    /// received; false if the index cannot say who holds what.
    fn fill_from_index(
        &mut self,
        index: &mut HolderIndex,
        holders: &[Holder<'_>],
        layers: &[LayerId],
        received: &[Received],
        distinct: &[u32],
    ) -> bool {
        self.got.clear();
        self.got.resize(holders.len(), 0);
        for r in received {
            self.got[r.holder()] += 1;
        }
        if !index.bits(holders, layers, &self.got, &mut self.index_bits) {
            return false;
        }
        let bits = &self.index_bits;
        self.words = 1;
        self.data.clear();
        self.data.resize(2 * distinct.len(), 0);
        let mut pending = received.iter().peekable();
        for (key, &offset) in self.data.chunks_exact_mut(2).zip(distinct) {
            let mut new = 0;
            while let Some(r) = pending.next_if(|r| r.offset() == offset) {
                new |= bits[r.holder()];
            }
            key[0] = u64::from(index.receive(offset, new));
            key[1] = u64::from(new);
        }
        self.bits.clear();
        self.bits.extend(bits.iter().map(|&b| (0, u64::from(b))));
        true
    }

    /// Looks the keys up in each holder through its probe.
    fn fill_from_probes(
        &mut self,
        probes: &mut [Probe],
        holders: &[Holder<'_>],
        received: &[Received],
        distinct: &[u32],
        segment_pages: u64,
    ) {
        let words = holders.len().div_ceil(64);
        let stride = 2 * words;
        self.words = words;
        self.bits.clear();
        self.bits
            .extend((0..holders.len()).map(|i| (i / 64, 1 << (i % 64))));
        let (data, bits) = (&mut self.data, &self.bits);
        data.clear();
        data.resize(distinct.len() * stride, 0);
        for r in received {
            probes[r.holder()].receive(r.offset());
        }
        let (first, last) = (distinct[0], distinct[distinct.len() - 1]);
        for (i, h) in holders.iter().enumerate() {
            let (word, bit) = bits[i];
            // Bulk data holds every page: no need to look each one up.
            if h.pages.contains_range(first..=last) {
                for key in data.chunks_exact_mut(stride) {
                    key[word] |= bit;
                }
            } else {
                probes[i].lookup(h.pages, segment_pages, distinct, |j| {
                    data[j * stride + word] |= bit;
                });
            }
        }
        let mut at = 0;
        for r in received {
            while distinct[at] < r.offset() {
                at += 1;
            }
            let (word, bit) = bits[r.holder()];
            data[at * stride + words + word] |= bit;
        }
    }

    /// The key of the `j`th distinct page: holders now, holders new.
    fn get(&self, j: usize) -> (&[u64], &[u64]) {
        self.data[2 * self.words * j..][..2 * self.words].split_at(self.words)
    }

    /// Whether `half` of a key has holder `i`'s bit.
    fn has(&self, half: &[u64], i: usize) -> bool {
        let (word, bit) = self.bits[i];
        half[word] & bit != 0
    }
}

/// An offset new to a layer and the index in the segment's holders of
/// that layer, packed so that sorting orders by offset.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Received(u64);

impl Received {
    fn new(offset: u32, holder: usize) -> Self {
        Received(u64::from(offset) << 32 | holder as u64)
    }

    fn offset(self) -> u32 {
        (self.0 >> 32) as u32
    }

    fn holder(self) -> usize {
        (self.0 & u64::from(u32::MAX)) as usize
    }
}

/// Each holder's entry in `out` (added if missing), into `slot`.
fn slots(holders: &[Holder<'_>], out: &mut SegmentSums, slot: &mut Vec<usize>) {
    slot.clear();
    let mut next = 0;
    for h in holders {
        let i = match position_from(&out.layers, next, |l| l.pos == h.pos) {
            Some(i) => i,
            None => {
                out.layers.push(LayerSums {
                    pos: h.pos,
                    ..LayerSums::default()
                });
                out.layers.len() - 1
            }
        };
        slot.push(i);
        next = i + 1;
    }
}
