//! How many of the live volumes below a layer rewrote each of its pages,
//! on their own paths down to it: what says, for a page a volume sees in
//! that layer, how many others see the same version.

use std::collections::BTreeMap;

use roaring::RoaringBitmap;

use super::runs::Segments;
use crate::engine::model::bookkeeping::Bookkeeping;
use crate::engine::model::error::EngineError;
use crate::engine::model::ids::{LayerId, VolumeId};
use crate::engine::model::page::SegmentNo;
use crate::engine::model::store::Store;

/// A layer's viewers: the live volumes below it, and `rewritten[k]`, the
/// pages that at least k + 1 of them rewrote on their own paths down to it.
pub(super) struct Levels {
    pub(super) viewers: u32,
    /// One more than the most viewers that rewrote any one page.
    pub(super) depth: usize,
    /// Ascending by segment, searched forward with [`Cursor`].
    pub(super) segments: Vec<(SegmentNo, SegmentLevels)>,
}

/// [`Levels`] in one segment of the layer, found with one lookup.
pub(super) struct SegmentLevels {
    /// Whether the layer holds every page of the segment.
    pub(super) full: bool,
    /// `rewritten[k]`: the pages at least k + 1 viewers rewrote (none
    /// past the last).
    pub(super) rewritten: Vec<RoaringBitmap>,
    /// How many of the layer's pages here exactly k viewers rewrote, for
    /// each k: explanations that see a whole segment of the layer read
    /// their counts here instead of intersecting sets.
    pub(super) exact: Vec<u64>,
}

impl SegmentLevels {
    /// Adds to `counts[k]` how many of `pages` (of this segment of the
    /// layer) exactly k viewers rewrote, for pages a viewer's own layers
    /// cover: at least that one rewrote each, so only sets of two or more
    /// are looked in (few pages are: the first set is the largest).
    pub(super) fn count_covered(&self, pages: &RoaringBitmap, counts: &mut [u64]) {
        if pages.len() <= FEW_PAGES && !self.rewritten.is_empty() {
            let more = &self.rewritten[1..];
            for page in pages {
                counts[1 + more.iter().take_while(|r| r.contains(page)).count()] += 1;
            }
            return;
        }
        let at_least = |k: usize| match k {
            0 => pages.len(),
            _ => self
                .rewritten
                .get(k - 1)
                .map_or(0, |r| pages.intersection_len(r)),
        };
        for (k, count) in counts.iter_mut().enumerate() {
            *count += at_least(k) - at_least(k + 1);
        }
    }
}

/// Pages of a segment few enough to look up one at a time rather than
/// intersect.
pub(super) const FEW_PAGES: u64 = 64;

/// A forward search of [`Levels::segments`] for ascending segments:
/// galloping from the last one found, so that a thousand segments a
/// clone touches in a layer of 25,600 cost a few steps each, in memory
/// near the last.
pub(super) struct Cursor<'a> {
    rest: &'a [(SegmentNo, SegmentLevels)],
}

impl<'a> Cursor<'a> {
    pub(super) fn new(levels: &'a Levels) -> Self {
        Self {
            rest: &levels.segments,
        }
    }

    /// The levels of `seg`, not below any segment asked before.
    pub(super) fn find(&mut self, seg: SegmentNo) -> Option<&'a SegmentLevels> {
        let mut step = 1;
        while step < self.rest.len() && self.rest[step].0 < seg {
            step *= 2;
        }
        let end = (step + 1).min(self.rest.len());
        let at = self.rest[..end].partition_point(|(s, _)| *s < seg);
        self.rest = &self.rest[at..];
        self.rest.first().filter(|(s, _)| *s == seg).map(|(_, l)| l)
    }
}

/// A viewer's rewrites of one segment up to this many pages are counted
/// by sorting their offsets; more, by bitmap levels.
pub(super) const SMALL_SHADOW: u64 = 4096;

impl<B: Bookkeeping> Store<B> {
    /// How many of the live volumes below layer `id` rewrote each of its
    /// pages, on their own paths down to it. The work is the pages those
    /// volumes wrote, not the layer's.
    pub(super) fn levels(&self, id: LayerId, segment_pages: u64) -> Result<Levels, EngineError> {
        let viewers = self.live_volumes_below(id);
        let held = &self.layer(id).segments;
        // A layer's whole segments hold whatever a viewer wrote there.
        let whole: BTreeMap<SegmentNo, (&RoaringBitmap, bool)> = held
            .iter()
            .map(|(seg, h)| (seg, (h, h.len() == segment_pages)))
            .collect();
        // Per segment: the pages each viewer rewrote, small shadows as
        // offsets (counted by sorting), large ones as bitmaps (counted by
        // bitmap levels); counting is the same in any order.
        // Small shadows go into one list of (segment, offset) pairs, sorted
        // once: a thousand clones' scattered rewrites are a million pairs.
        let mut small: Vec<(SegmentNo, u32)> = Vec::new();
        let mut large: BTreeMap<SegmentNo, Vec<RoaringBitmap>> = BTreeMap::new();
        let mut add = |seg: SegmentNo, shadow: &RoaringBitmap| {
            if shadow.len() <= SMALL_SHADOW {
                small.extend(shadow.iter().map(|offset| (seg, offset)));
            } else {
                large.entry(seg).or_default().push(shadow.clone());
            }
        };
        for &v in &viewers {
            let path = self.path_until(self.live_volume(v)?.active, id);
            let mut shadows: Segments = BTreeMap::new();
            for l in &path {
                for (seg, b) in self.layer(*l).segments.iter() {
                    let Some(&(h, full)) = whole.get(&seg) else {
                        continue;
                    };
                    if path.len() == 1 && (full || h.is_superset(b)) {
                        add(seg, b);
                        continue;
                    }
                    let both = b & h;
                    if !both.is_empty() {
                        *shadows.entry(seg).or_default() |= both;
                    }
                }
            }
            for (seg, shadow) in &shadows {
                add(*seg, shadow);
            }
        }
        let mut rewritten: Vec<Segments> = Vec::new();
        let level =
            |k: usize, seg: SegmentNo, pages: RoaringBitmap, rewritten: &mut Vec<Segments>| {
                while rewritten.len() <= k {
                    rewritten.push(BTreeMap::new());
                }
                *rewritten[k].entry(seg).or_default() |= pages;
            };
        small.sort_unstable();
        for pairs in small.chunk_by(|a, b| a.0 == b.0) {
            let seg = pairs[0].0;
            let mut lists: Vec<Vec<u32>> = Vec::new();
            for run in pairs.chunk_by(|a, b| a == b) {
                for k in 0..run.len() {
                    if lists.len() <= k {
                        lists.push(Vec::new());
                    }
                    lists[k].push(run[0].1);
                }
            }
            for (k, list) in lists.into_iter().enumerate() {
                let pages = RoaringBitmap::from_sorted_iter(list).unwrap_or_default();
                level(k, seg, pages, &mut rewritten);
            }
        }
        for (seg, shadows) in large {
            for shadow in shadows {
                for k in (0..rewritten.len()).rev() {
                    let up = match rewritten[k].get(&seg) {
                        Some(l) => l & &shadow,
                        None => continue,
                    };
                    if !up.is_empty() {
                        level(k + 1, seg, up, &mut rewritten);
                    }
                }
                level(0, seg, shadow, &mut rewritten);
            }
        }
        let depth = rewritten.len() + 1;
        let segments = held
            .iter()
            .map(|(seg, bits)| {
                let rewritten: Vec<RoaringBitmap> =
                    rewritten.iter_mut().map_while(|r| r.remove(&seg)).collect();
                let at_least = |k: usize| match k {
                    0 => bits.len(),
                    _ => rewritten.get(k - 1).map_or(0, |r| bits.intersection_len(r)),
                };
                let exact = (0..depth).map(|k| at_least(k) - at_least(k + 1)).collect();
                let full = bits.len() == segment_pages;
                (
                    seg,
                    SegmentLevels {
                        full,
                        rewritten,
                        exact,
                    },
                )
            })
            .collect();
        Ok(Levels {
            viewers: viewers.len() as u32,
            depth,
            segments,
        })
    }

    /// Live volumes whose active layer is `layer` or below it.
    pub(super) fn live_volumes_below(&self, layer: LayerId) -> Vec<VolumeId> {
        let mut found = Vec::new();
        let mut stack = vec![layer];
        while let Some(id) = stack.pop() {
            let l = self.layer(id);
            if let Some(v) = l.active_of {
                found.push(v);
            }
            stack.extend(l.children.iter().copied());
        }
        found.sort_unstable();
        found
    }

    /// The layers from `from` up to, not including, `until` (an ancestor).
    fn path_until(&self, from: LayerId, until: LayerId) -> Vec<LayerId> {
        let mut path = Vec::new();
        let mut cur = Some(from);
        while let Some(id) = cur.filter(|&id| id != until) {
            path.push(id);
            cur = self.layer(id).parent;
        }
        path
    }
}
