//! The pages a layer holds, per segment.
//!
//! Format: segments the layer holds whole are a set of segment numbers
//! (run-compressed, so a fully written 256 TiB layer's 26,215 segments are
//! one run of a few bytes); every other segment holds a `RoaringBitmap` of
//! its segment-relative page offsets (scattered updates cost about two
//! bytes a page). A segment is never in both: one that fills up becomes
//! whole. So a layer's memory follows what was written into it, not the
//! size of the volume: a whole segment costs nothing of its own, where
//! even run-compressed it would cost a bitmap of a dozen containers.
//!
//! Readers see every segment as a bitmap: a whole one lends the layer's
//! one bitmap of every offset of a segment.

use std::collections::BTreeMap;
use std::iter::Peekable;

use roaring::RoaringBitmap;
use roaring::bitmap::Iter as Numbers;

use super::page::SegmentNo;
use crate::engine::bitmaps::serialized::for_each_run;

/// The pages one layer holds, segment by segment.
#[derive(Clone, Debug, Default)]
pub(crate) struct LayerPages {
    /// Pages in a segment of this layer's family; 0 until the first page
    /// arrives.
    segment_pages: u64,
    /// Numbers of the segments held whole.
    whole: RoaringBitmap,
    /// The segments held in part, each with the offsets of its pages.
    partial: BTreeMap<SegmentNo, RoaringBitmap>,
    /// Every offset of a segment, lent for each whole segment; empty while
    /// none is whole.
    all: RoaringBitmap,
}

impl LayerPages {
    /// Whether the layer holds no page.
    pub fn is_empty(&self) -> bool {
        self.whole.is_empty() && self.partial.is_empty()
    }

    /// The offsets held in `seg`, if any.
    pub fn get(&self, seg: SegmentNo) -> Option<&RoaringBitmap> {
        match self.whole.contains(seg.0) {
            true => Some(&self.all),
            false => self.partial.get(&seg),
        }
    }

    /// Whether every page of `seg` is held.
    pub fn holds_whole(&self, seg: SegmentNo) -> bool {
        self.whole.contains(seg.0)
    }

    /// The segments held, each with its offsets, in increasing order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            whole: self.whole.iter().peekable(),
            partial: self.partial.iter().peekable(),
            all: &self.all,
        }
    }

    /// Calls `f(start, end, true)` for each run `start..end` of
    /// consecutive segments held whole, and `f(seg, seg + 1, false)` for
    /// each segment `seg` held in part: what a reader needs to find the
    /// segments every layer holds alike, without visiting them one by one.
    pub fn for_each_piece(&self, mut f: impl FnMut(u32, u32, bool)) {
        if !self.whole.is_empty() {
            for_each_run(&self.whole, |start, end| f(start, end, true));
        }
        for seg in self.partial.keys() {
            f(seg.0, seg.0 + 1, false);
        }
    }

    /// Number of pages held.
    pub fn page_count(&self) -> u64 {
        self.whole.len() * self.segment_pages
            + self.partial.values().map(RoaringBitmap::len).sum::<u64>()
    }

    /// Learns the family's segment size, before the first page arrives.
    pub fn set_segment_pages(&mut self, segment_pages: u64) {
        self.segment_pages = segment_pages;
    }

    /// The offsets held in `seg`, not held whole, to add to; call
    /// [`LayerPages::settle`] after.
    pub fn partial_mut(&mut self, seg: SegmentNo) -> &mut RoaringBitmap {
        debug_assert!(!self.holds_whole(seg));
        self.partial.entry(seg).or_default()
    }

    /// Makes `seg` whole if it is full; returns whether it became so. Call
    /// [`LayerPages::tidy`] after a batch of them.
    pub fn settle(&mut self, seg: SegmentNo) -> bool {
        let full = self
            .partial
            .get(&seg)
            .is_some_and(|b| self.segment_pages > 0 && b.len() == self.segment_pages);
        if full {
            self.partial.remove(&seg);
            self.whole.insert(seg.0);
            self.lend_all();
        }
        full
    }

    /// Removes the offsets `piece` of `seg`: a whole segment becomes a
    /// partial one, and a segment left with no page is dropped.
    pub fn remove_range(&mut self, seg: SegmentNo, piece: std::ops::Range<u32>) {
        if self.whole.remove(seg.0) {
            let mut rest = self.all.clone();
            rest.remove_range(piece);
            if !rest.is_empty() {
                self.partial.insert(seg, rest);
            }
            return;
        }
        if let Some(bits) = self.partial.get_mut(&seg) {
            bits.remove_range(piece);
            if bits.is_empty() {
                self.partial.remove(&seg);
            }
        }
    }

    /// Compresses the set of whole segments into runs (roaring keeps
    /// single inserts as a list or bitmap until told).
    pub fn tidy(&mut self) {
        self.whole.optimize();
    }

    /// Adds every page `other` holds.
    pub fn union_with(&mut self, other: &LayerPages) {
        if self.segment_pages == 0 {
            self.segment_pages = other.segment_pages;
        }
        if !other.whole.is_empty() {
            self.whole |= &other.whole;
            let whole = &self.whole;
            self.partial.retain(|seg, _| !whole.contains(seg.0));
            self.lend_all();
        }
        for (seg, bits) in &other.partial {
            if !self.holds_whole(*seg) {
                *self.partial.entry(*seg).or_default() |= bits;
                self.settle(*seg);
            }
        }
        self.tidy();
    }

    /// Builds the bitmap of a whole segment, once.
    fn lend_all(&mut self) {
        if self.all.is_empty() && self.segment_pages > 0 {
            self.all.insert_range(0..=(self.segment_pages - 1) as u32);
        }
    }
}

/// The segments of a [`LayerPages`], each with its offsets, in order.
pub(crate) struct Iter<'a> {
    whole: Peekable<Numbers<'a>>,
    partial: Peekable<std::collections::btree_map::Iter<'a, SegmentNo, RoaringBitmap>>,
    all: &'a RoaringBitmap,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (SegmentNo, &'a RoaringBitmap);

    fn next(&mut self) -> Option<Self::Item> {
        let whole_first = match (self.whole.peek(), self.partial.peek()) {
            (Some(&w), Some((p, _))) => w < p.0,
            (Some(_), None) => true,
            (None, _) => false,
        };
        match whole_first {
            true => self.whole.next().map(|w| (SegmentNo(w), self.all)),
            false => self.partial.next().map(|(seg, bits)| (*seg, bits)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Segments of 8 pages: 0 whole, 1 in part, 2 whole.
    fn sample() -> LayerPages {
        let mut pages = LayerPages::default();
        pages.set_segment_pages(8);
        for (seg, offsets) in [(0, 0..8), (1, 2..5), (2, 0..8)] {
            pages.partial_mut(SegmentNo(seg)).insert_range(offsets);
            pages.settle(SegmentNo(seg));
        }
        pages.tidy();
        pages
    }

    #[test]
    fn full_segments_become_whole() {
        let pages = sample();
        assert!(pages.holds_whole(SegmentNo(0)) && pages.holds_whole(SegmentNo(2)));
        assert!(!pages.holds_whole(SegmentNo(1)));
        assert_eq!(pages.partial.len(), 1);
        assert_eq!(pages.page_count(), 8 + 3 + 8);
        let listed: Vec<(u32, Vec<u32>)> = pages
            .iter()
            .map(|(seg, bits)| (seg.0, bits.iter().collect()))
            .collect();
        let all: Vec<u32> = (0..8).collect();
        assert_eq!(listed, vec![(0, all.clone()), (1, vec![2, 3, 4]), (2, all)]);
        assert_eq!(pages.get(SegmentNo(3)), None);
    }

    #[test]
    fn pieces_are_whole_runs_and_partial_segments() {
        let mut pages = sample();
        let mut more = LayerPages::default();
        more.set_segment_pages(8);
        more.partial_mut(SegmentNo(1)).insert_range(0..8);
        more.settle(SegmentNo(1));
        more.partial_mut(SegmentNo(5)).insert(1);
        pages.union_with(&more);
        let mut pieces = Vec::new();
        pages.for_each_piece(|a, b, whole| pieces.push((a..b, whole)));
        assert_eq!(pieces, vec![(0..3, true), (5..6, false)]);
    }

    #[test]
    fn a_fully_held_volume_costs_one_run() {
        // 26,215 segments of 655,360 pages (256 TiB of 16 KiB pages).
        let mut pages = LayerPages::default();
        pages.set_segment_pages(655_360);
        for seg in 0..26_215 {
            pages.partial_mut(SegmentNo(seg)).insert_range(0..655_360);
            pages.settle(SegmentNo(seg));
        }
        pages.tidy();
        assert!(pages.partial.is_empty());
        assert!(pages.whole.serialized_size() < 16);
        assert_eq!(pages.page_count(), 26_215 * 655_360);
    }
}
