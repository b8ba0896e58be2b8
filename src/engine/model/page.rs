//! Pages, page sizes, and 10 GiB protection-group segments.
//!
//! A volume is an address space of fixed-size pages `0..N`. Aurora stripes
//! the volume over 10 GB protection groups (docs/aws-behaviour.md, "Numbers": Verbitski et
//! al., SIGMOD 2017); the engine indexes written pages per segment of that
//! size, so each segment's page offsets fit in a `u32` and the largest
//! volume (256 TiB, docs/aws-behaviour.md) needs only a few tens of thousands of them.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// One GiB (2^30 bytes).
pub const GIB: u64 = 1 << 30;

/// One TiB (2^40 bytes).
pub const TIB: u64 = 1 << 40;

/// Size of a protection-group segment (docs/aws-behaviour.md: 10 GB segments).
pub const SEGMENT_BYTES: u64 = 10 * GIB;

/// The most page offsets of a segment swept at a time: the dense per-page arrays (16 bytes a
/// page) then stay in the CPU's cache.
pub(crate) const MAX_CHUNK: u32 = 1 << 16;

/// Largest cluster volume (docs/aws-behaviour.md: 256 TiB on current engine versions).
pub const MAX_VOLUME_BYTES: u64 = 256 * TIB;

/// Size of a database page: 16 KiB for Aurora MySQL, 8 KiB for Aurora
/// PostgreSQL (docs/aws-behaviour.md, "Numbers").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PageSize {
    /// 8 KiB pages (Aurora PostgreSQL).
    #[serde(rename = "8KiB")]
    K8,
    /// 16 KiB pages (Aurora MySQL).
    #[serde(rename = "16KiB")]
    K16,
}

impl PageSize {
    /// The page size in bytes.
    pub const fn bytes(self) -> u64 {
        match self {
            PageSize::K8 => 8 * 1024,
            PageSize::K16 => 16 * 1024,
        }
    }

    /// The most pages a volume of this page size may hold (256 TiB).
    pub const fn max_pages(self) -> u64 {
        MAX_VOLUME_BYTES / self.bytes()
    }

    /// Write I/Os a page's write is billed as: Aurora counts them in
    /// 4 KiB units (docs/aws-behaviour.md, "Numbers"), so 4 for a 16 KiB
    /// page and 2 for an 8 KiB one.
    pub const fn write_ios_per_page(self) -> u64 {
        self.bytes() / 4096
    }

    /// How many whole pages `bytes` holds, rounded up.
    pub const fn pages_for_bytes(self, bytes: u64) -> u64 {
        bytes.div_ceil(self.bytes())
    }
}

impl fmt::Display for PageSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} KiB", self.bytes() / 1024)
    }
}

/// A page number within a volume's address space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PageNo(pub u64);

/// A segment number: pages `[n * segment_pages, (n + 1) * segment_pages)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SegmentNo(pub u32);

/// A set of pages, kept as sorted, disjoint, non-adjacent half-open ranges.
///
/// Ranges rather than single pages because bulk data (a new volume, an
/// append) is one range whatever its size, while scattered updates are many
/// one-page ranges; both split cheaply into per-segment pieces.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageSet {
    ranges: Vec<Range<u64>>,
}

impl PageSet {
    /// The empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The pages `range` covers.
    pub fn range(range: Range<u64>) -> Self {
        Self::from_ranges([range])
    }

    /// The union of `ranges`, in any order, overlapping or not.
    pub fn from_ranges(ranges: impl IntoIterator<Item = Range<u64>>) -> Self {
        let mut ranges: Vec<Range<u64>> = ranges.into_iter().filter(|r| r.start < r.end).collect();
        ranges.sort_unstable_by_key(|r| r.start);
        let mut merged: Vec<Range<u64>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        Self { ranges: merged }
    }

    /// The set of the given pages, in any order, repeats allowed.
    pub fn from_pages(pages: impl IntoIterator<Item = u64>) -> Self {
        let mut pages: Vec<u64> = pages.into_iter().collect();
        pages.sort_unstable();
        pages.dedup();
        let mut ranges: Vec<Range<u64>> = Vec::new();
        for p in pages {
            match ranges.last_mut() {
                Some(last) if last.end == p => last.end = p + 1,
                _ => ranges.push(p..p + 1),
            }
        }
        Self { ranges }
    }

    /// Number of pages in the set.
    pub fn len(&self) -> u64 {
        self.ranges.iter().map(|r| r.end - r.start).sum()
    }

    /// Whether the set holds no page.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// One past the highest page, or 0 for the empty set.
    pub fn end(&self) -> u64 {
        self.ranges.last().map_or(0, |r| r.end)
    }

    /// The ranges, sorted and disjoint.
    pub fn ranges(&self) -> &[Range<u64>] {
        &self.ranges
    }

    /// Splits the set into per-segment pieces of segment-relative offsets,
    /// in increasing segment order.
    pub(crate) fn segment_pieces(
        &self,
        segment_pages: u64,
    ) -> impl Iterator<Item = (SegmentNo, Range<u32>)> + '_ {
        self.ranges.iter().flat_map(move |r| {
            let first = r.start / segment_pages;
            let last = (r.end - 1) / segment_pages;
            (first..=last).map(move |seg| {
                let base = seg * segment_pages;
                let start = r.start.max(base) - base;
                let end = r.end.min(base + segment_pages) - base;
                (SegmentNo(seg as u32), start as u32..end as u32)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_merge_and_pages_coalesce() {
        let s = PageSet::from_ranges([5..7, 0..2, 1..3, 7..9, 20..20]);
        assert_eq!(s.ranges(), &[0..3, 5..9]);
        assert_eq!(s.len(), 7);
        assert_eq!(s.end(), 9);
        let p = PageSet::from_pages([4, 2, 3, 3, 9]);
        assert_eq!(p.ranges(), &[2..5, 9..10]);
    }

    #[test]
    fn pieces_split_at_segment_boundaries() {
        let s = PageSet::from_ranges([3..12, 25..26]);
        let pieces: Vec<_> = s.segment_pieces(5).collect();
        assert_eq!(
            pieces,
            vec![
                (SegmentNo(0), 3..5),
                (SegmentNo(1), 0..5),
                (SegmentNo(2), 0..2),
                (SegmentNo(5), 0..1)
            ]
        );
    }

    #[test]
    fn largest_volume_fits_u32_segments() {
        let pages_per_segment = SEGMENT_BYTES / PageSize::K8.bytes();
        assert!(pages_per_segment <= u64::from(u32::MAX));
        assert!(PageSize::K8.max_pages() / pages_per_segment <= u64::from(u32::MAX));
        assert_eq!(PageSize::K8.max_pages(), 1 << 35);
    }
}
