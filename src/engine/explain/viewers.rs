//! A layer's pages grouped by how many live volumes see their versions:
//! from the layer's [`Levels`], walking the pages a volume sees, or, for a
//! volume that sees all of a large layer but its own rewrites, from the
//! whole layer's groups less those rewrites.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::ops::Range;

use roaring::RoaringBitmap;

use super::levels::{Cursor, Levels};
use super::runs::{ByViewers, MAX_RANGES, Pages, WHOLE_RUNS, push_ranges, visible, without};
use crate::engine::model::bookkeeping::Bookkeeping;
use crate::engine::model::error::EngineError;
use crate::engine::model::ids::LayerId;
use crate::engine::model::page::SegmentNo;
use crate::engine::model::store::Store;

/// What several explanations of one unchanged engine share: per layer, the
/// live volumes below it and how many of them rewrote each page.
#[derive(Default)]
pub struct ExplainCache {
    levels: BTreeMap<LayerId, Levels>,
    whole: BTreeMap<LayerId, Whole>,
}

/// A whole layer grouped by viewers, once: a volume that sees all of a
/// large layer but what it rewrote takes these counts less those of its
/// rewrites, and these runs less its rewritten ones.
pub(super) struct Whole {
    /// Per level, the first [`WHOLE_RUNS`] runs (all of them when fewer).
    runs: Vec<Vec<Range<u64>>>,
    counts: Vec<u64>,
}

impl<B: Bookkeeping> Store<B> {
    /// `pages` of layer `id`, grouped by how many live volumes see their
    /// versions.
    pub(super) fn by_viewers(
        &self,
        id: LayerId,
        pages: Pages<'_>,
        segment_pages: u64,
        cache: &mut ExplainCache,
    ) -> Result<Vec<ByViewers>, EngineError> {
        let held = &self.layer(id).segments;
        let empty = match pages {
            Pages::Only(p) => p.is_empty(),
            Pages::AllBut(_) => held.is_empty(),
        };
        if empty {
            return Ok(Vec::new());
        }
        let layer = self.layer(id);
        if layer.children.is_empty() {
            // No volume below the layer: its own, if live, alone sees it.
            let mut ranges = Vec::new();
            let mut count = 0;
            let mut add = |seg: SegmentNo, bits: &RoaringBitmap| {
                count += bits.len();
                let base = u64::from(seg.0) * segment_pages;
                push_ranges(&mut ranges, bits, base, segment_pages, MAX_RANGES);
            };
            match pages {
                Pages::Only(p) => p.iter().for_each(|(seg, bits)| add(*seg, bits)),
                Pages::AllBut(covered) if covered.is_empty() => {
                    held.iter().for_each(|(seg, bits)| add(seg, bits))
                }
                Pages::AllBut(covered) => visible(held, covered)
                    .iter()
                    .for_each(|(seg, bits)| add(*seg, bits)),
            }
            let viewers = u32::from(layer.active_of.is_some());
            return Ok(vec![(viewers, ranges, count)]
                .into_iter()
                .filter(|g| g.2 > 0)
                .collect());
        }
        if let Entry::Vacant(e) = cache.levels.entry(id) {
            e.insert(self.levels(id, segment_pages)?);
        }
        let levels = &cache.levels[&id];
        let (ranges, counts) = match pages {
            Pages::Only(p) => {
                let p = p.iter().map(|(seg, bits)| (*seg, bits.as_ref()));
                self.grouped(id, p, segment_pages, levels, MAX_RANGES)
            }
            Pages::AllBut(covered) => {
                let whole = cache.whole.entry(id).or_insert_with(|| {
                    let all = held.iter();
                    let (runs, counts) = self.grouped(id, all, segment_pages, levels, WHOLE_RUNS);
                    Whole { runs, counts }
                });
                // The pages not seen: those of the layer that `covered`
                // holds, counted per level and listed as runs.
                let mut cut_counts = vec![0; levels.depth];
                let mut cut_runs = Vec::new();
                let mut cursor = Cursor::new(levels);
                for (seg, c) in covered.iter() {
                    let Some(at) = cursor.find(seg) else {
                        continue;
                    };
                    let part;
                    let cut = match (at.full, held.get(seg)) {
                        (true, _) => c,
                        (false, Some(h)) => {
                            part = h & c;
                            &part
                        }
                        (false, None) => continue,
                    };
                    at.count_covered(cut, &mut cut_counts);
                    let base = u64::from(seg.0) * segment_pages;
                    push_ranges(&mut cut_runs, cut, base, segment_pages, usize::MAX);
                }
                let ranges: Option<Vec<_>> = whole
                    .runs
                    .iter()
                    .map(|runs| without(runs, &cut_runs))
                    .collect();
                match ranges {
                    Some(ranges) => {
                        let counts = whole.counts.iter().zip(&cut_counts);
                        (ranges, counts.map(|(all, cut)| all - cut).collect())
                    }
                    // A cut removed more runs than the whole layer's
                    // first ones: walk the pages seen.
                    None => {
                        let seen = visible(held, covered);
                        let seen = seen.iter().map(|(seg, bits)| (*seg, bits.as_ref()));
                        self.grouped(id, seen, segment_pages, levels, MAX_RANGES)
                    }
                }
            }
        };
        let viewers = levels.viewers;
        Ok(ranges
            .into_iter()
            .zip(counts)
            .enumerate()
            .filter(|(_, (_, count))| *count > 0)
            .map(|(k, (ranges, count))| (viewers - k as u32, ranges, count))
            .collect())
    }

    /// Per level (k rewrote them), the first `cap` runs of `pages` of layer
    /// `id` and how many pages.
    fn grouped<'p>(
        &self,
        id: LayerId,
        pages: impl Iterator<Item = (SegmentNo, &'p RoaringBitmap)>,
        segment_pages: u64,
        levels: &Levels,
        cap: usize,
    ) -> (Vec<Vec<Range<u64>>>, Vec<u64>) {
        let held = &self.layer(id).segments;
        let depth = levels.depth;
        let mut ranges: Vec<Vec<Range<u64>>> = vec![Vec::new(); depth];
        let mut counts = vec![0u64; depth];
        let mut cursor = Cursor::new(levels);
        for (seg, bits) in pages {
            let Some(at) = cursor.find(seg) else {
                continue;
            };
            let whole = held.get(seg).is_some_and(|h| std::ptr::eq(h, bits));
            let base = u64::from(seg.0) * segment_pages;
            for k in 0..depth {
                if ranges[k].len() >= cap && whole {
                    // Past the runs kept, count without building sets: a
                    // whole segment of the layer from the table.
                    counts[k] += at.exact[k];
                    continue;
                }
                let more = at.rewritten.get(k);
                if k == 0 && more.is_none() {
                    counts[0] += bits.len();
                    push_ranges(&mut ranges[0], bits, base, segment_pages, cap);
                    continue;
                }
                let fewer = at.rewritten.get(k.wrapping_sub(1));
                if k > 0 && fewer.is_none() {
                    // Fewer rewrote it than k-1: no deeper level holds it.
                    break;
                }
                if ranges[k].len() >= cap {
                    let at_least = fewer.map_or(bits.len(), |f| bits.intersection_len(f));
                    counts[k] += at_least - more.map_or(0, |m| bits.intersection_len(m));
                    continue;
                }
                let mut exact = match fewer {
                    None => bits.clone(),
                    Some(at_least) => bits & at_least,
                };
                if let Some(more) = more {
                    exact -= more;
                }
                counts[k] += exact.len();
                push_ranges(&mut ranges[k], &exact, base, segment_pages, cap);
            }
        }
        (ranges, counts)
    }
}
