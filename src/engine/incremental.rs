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

use super::accounting::{FamilyView, Tree, holders_of};
use super::holder::Holder;
use super::holder_index::HolderIndex;
use super::ids::LayerId;
use super::page::SegmentNo;
use super::probe::{Probe, Probes, SegmentProbes};
use super::sums::{LayerSums, SegmentSums};
use super::sweep::PageDelta;

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
    sums: &mut BTreeMap<SegmentNo, SegmentSums>,
    probes: &mut Probes,
    fresh: &Fresh,
) {
    if fresh.is_empty() {
        return;
    }
    let holders = holders_of(view, tree, fresh.keys().copied());
    let mut work: Vec<Work<'_, '_>> = fresh
        .iter()
        .zip(&holders)
        .filter_map(|((seg, list), holders)| {
            if holders.is_empty() {
                return None;
            }
            let mut last: Option<(LayerId, Option<usize>)> = None;
            let received = list
                .iter()
                .filter_map(|&(offset, layer)| {
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
                    Some(Received::new(offset, holder?))
                })
                .collect();
            let layers: Vec<LayerId> = holders.iter().map(|h| tree.id_at(h.pos)).collect();
            Some(Work {
                seg: *seg,
                holders,
                received,
                sums: sums.remove(seg).unwrap_or_default(),
                probes: probes.take(*seg, &layers),
                layers,
            })
        })
        .collect();
    let segment_pages = view.segment_pages;
    let lookups: usize = work
        .iter()
        .map(|w| w.received.len() * w.holders.len())
        .sum();
    if lookups >= PARALLEL_LOOKUPS {
        work.par_iter_mut()
            .for_each(|w| update_segment(w, segment_pages));
    } else {
        for w in &mut work {
            update_segment(w, segment_pages);
        }
    }
    for w in work {
        probes.put(w.seg, &w.layers, w.probes);
        sums.insert(w.seg, w.sums);
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

/// Updates one segment's sums for the pages it received.
fn update_segment(w: &mut Work<'_, '_>, segment_pages: u64) {
    let Work {
        holders,
        received,
        sums: out,
        layers,
        probes,
        ..
    } = w;
    let slot = slots(holders, out);
    received.sort_unstable();
    let mut distinct: Vec<u32> = received.iter().map(|r| r.offset()).collect();
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
        .and_then(|index| Keys::from_index(index, holders, layers, received, &distinct));
    let keys = match indexed {
        Some(keys) => keys,
        None => {
            probes.index = None;
            Keys::from_probes(
                &mut probes.layers,
                holders,
                received,
                &distinct,
                segment_pages,
            )
        }
    };
    // Pages with the same key contribute the same: group them, sorting on
    // the first words (exact for up to 64 bits; with more, equal keys may
    // fall into several groups, which only costs time).
    let mut order: Vec<(u64, u64, u32)> = (0..distinct.len())
        .map(|j| {
            let (now, new) = keys.get(j);
            (now[0], new[0], j as u32)
        })
        .collect();
    order.sort_unstable();
    let mut delta = PageDelta::default();
    let mut before_members = Vec::new();
    let mut now_members = Vec::new();
    for group in order.chunk_by(|a, b| keys.get(a.2 as usize) == keys.get(b.2 as usize)) {
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
        delta.apply(holders, &before_members, -count, &slot, out);
        delta.apply(holders, &now_members, count, &slot, out);
    }
}

/// Per distinct page received, a bit per holder for the holders that hold
/// it now, then a bit per holder for those that received it in this update
/// (so did not hold it before).
struct Keys {
    /// Words per half of a key.
    words: usize,
    data: Vec<u64>,
    /// Each holder's word and bit.
    bits: Vec<(usize, u64)>,
}

impl Keys {
    /// Keys read from the segment's index, which records the pages
    /// received; `None` if the index cannot say who holds what.
    fn from_index(
        index: &mut HolderIndex,
        holders: &[Holder<'_>],
        layers: &[LayerId],
        received: &[Received],
        distinct: &[u32],
    ) -> Option<Keys> {
        let mut got = vec![0u64; holders.len()];
        for r in received {
            got[r.holder()] += 1;
        }
        let bits = index.bits(holders, layers, &got)?;
        let mut data = vec![0u64; 2 * distinct.len()];
        let mut pending = received.iter().peekable();
        for (key, &offset) in data.chunks_exact_mut(2).zip(distinct) {
            let mut new = 0;
            while let Some(r) = pending.next_if(|r| r.offset() == offset) {
                new |= bits[r.holder()];
            }
            key[0] = u64::from(index.receive(offset, new));
            key[1] = u64::from(new);
        }
        Some(Keys {
            words: 1,
            data,
            bits: bits.into_iter().map(|b| (0, u64::from(b))).collect(),
        })
    }

    /// Keys looked up in each holder through its probe.
    fn from_probes(
        probes: &mut [Probe],
        holders: &[Holder<'_>],
        received: &[Received],
        distinct: &[u32],
        segment_pages: u64,
    ) -> Keys {
        let words = holders.len().div_ceil(64);
        let stride = 2 * words;
        let bits: Vec<(usize, u64)> = (0..holders.len())
            .map(|i| (i / 64, 1 << (i % 64)))
            .collect();
        let mut data = vec![0u64; distinct.len() * stride];
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
        Keys { words, data, bits }
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

/// Each holder's entry in `out`, added if missing.
fn slots(holders: &[Holder<'_>], out: &mut SegmentSums) -> Vec<usize> {
    holders
        .iter()
        .map(|h| match out.layers.iter().position(|l| l.pos == h.pos) {
            Some(i) => i,
            None => {
                out.layers.push(LayerSums {
                    pos: h.pos,
                    ..LayerSums::default()
                });
                out.layers.len() - 1
            }
        })
        .collect()
}
