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
use super::ids::LayerId;
use super::page::SegmentNo;
use super::probe::{Probe, Probes};
use super::sweep::{Holder, LayerSums, PageDelta, SegmentSums};

/// Offsets new to some layer since the sums were computed, with the layer,
/// per segment.
pub(crate) type Fresh = BTreeMap<SegmentNo, Vec<(u32, LayerId)>>;

/// Updates cached segment sums for the `fresh` pages, segments in
/// parallel. Costs the pages written times the layers holding pages in
/// their segment, not the segment's contested pages. `probes` keeps how
/// each layer is looked up between updates.
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
    let holders = holders_of(view, tree, |seg| fresh.contains_key(seg));
    let mut work: Vec<Work<'_, '_>> = fresh
        .iter()
        .filter_map(|(seg, list)| {
            let holders = holders.get(seg)?;
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
    work.par_iter_mut().for_each(|w| {
        update_segment(w, segment_pages);
    });
    for w in work {
        probes.put(w.seg, &w.layers, w.probes);
        sums.insert(w.seg, w.sums);
    }
}

/// One segment's update, done on its own thread.
struct Work<'a, 'b> {
    seg: SegmentNo,
    holders: &'a [Holder<'b>],
    /// Each offset new to a layer, with the index in `holders` of that
    /// layer (offsets of layers gone since are left out: they changed
    /// nothing).
    received: Vec<Received>,
    sums: SegmentSums,
    /// The layer of each holder, and how it is looked up.
    layers: Vec<LayerId>,
    probes: Vec<Probe>,
}

/// Updates one segment's sums for the pages it received.
fn update_segment(w: &mut Work<'_, '_>, segment_pages: u64) {
    let Work {
        holders,
        received,
        sums: out,
        probes,
        ..
    } = w;
    let slot = slots(holders, out);
    received.sort_unstable();
    let mut distinct: Vec<u32> = received.iter().map(|r| r.offset()).collect();
    distinct.dedup();
    let (Some(&first), Some(&last)) = (distinct.first(), distinct.last()) else {
        return;
    };
    // Per distinct page, a bit per holder for the holders that hold it now,
    // then a bit per holder for those that received it in this update (so
    // did not hold it before).
    let words = holders.len().div_ceil(64);
    let stride = 2 * words;
    let mut keys = vec![0u64; distinct.len() * stride];
    for r in received.iter() {
        probes[r.holder()].receive(r.offset());
    }
    for (i, h) in holders.iter().enumerate() {
        let bit = 1 << (i % 64);
        // Bulk data holds every page: no need to look each one up.
        if h.pages.contains_range(first..=last) {
            for key in keys.chunks_exact_mut(stride) {
                key[i / 64] |= bit;
            }
        } else {
            probes[i].lookup(h.pages, segment_pages, &distinct, |j| {
                keys[j * stride + i / 64] |= bit;
            });
        }
    }
    let mut at = 0;
    for r in received.iter() {
        while distinct[at] < r.offset() {
            at += 1;
        }
        let holder = r.holder();
        keys[at * stride + words + holder / 64] |= 1 << (holder % 64);
    }
    // Pages with the same key contribute the same: group them, sorting on
    // the first words (exact for up to 64 holders; with more, equal keys
    // may fall into several groups, which only costs time).
    let key = |j: usize| &keys[j * stride..][..stride];
    let mut order: Vec<(u64, u64, u32)> = (0..distinct.len())
        .map(|j| (key(j)[0], key(j)[words], j as u32))
        .collect();
    order.sort_unstable();
    let mut delta = PageDelta::default();
    let mut before_members = Vec::new();
    let mut now_members = Vec::new();
    for group in order.chunk_by(|a, b| key(a.2 as usize) == key(b.2 as usize)) {
        let (now, new) = key(group[0].2 as usize).split_at(words);
        now_members.clear();
        before_members.clear();
        for i in 0..holders.len() {
            let bit = 1 << (i % 64);
            if now[i / 64] & bit != 0 {
                now_members.push(i);
                if new[i / 64] & bit == 0 {
                    before_members.push(i);
                }
            }
        }
        let count = group.len() as i64;
        delta.apply(holders, &before_members, -count, &slot, out);
        delta.apply(holders, &now_members, count, &slot, out);
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
