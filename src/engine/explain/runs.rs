//! Page runs: how groups list their pages, capped, the sets of a layer's
//! pages that explanations pass around, and the set operations on a
//! layer's segments that they share.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use roaring::RoaringBitmap;

use crate::engine::bitmaps::serialized::for_each_run;
use crate::engine::model::layer_pages::LayerPages;
use crate::engine::model::page::SegmentNo;

/// Bit sets per segment.
pub(super) type Segments = BTreeMap<SegmentNo, RoaringBitmap>;

/// Some pages of one layer.
#[derive(Clone, Copy)]
pub(super) enum Pages<'p> {
    /// These (all held by the layer).
    Only(&'p Pieces<'p>),
    /// All the layer holds but these.
    AllBut(&'p LayerPages),
}

/// Pages seen by one number of live volumes: that number, the ranges, and
/// how many pages.
pub(super) type ByViewers = (u32, Vec<Range<u64>>, u64);

/// Some pages of a layer, per segment, borrowed where they are all a set
/// already held elsewhere.
pub(super) type Pieces<'a> = BTreeMap<SegmentNo, Cow<'a, RoaringBitmap>>;

/// Runs a group keeps: enough for any picture or screenful. A clone in a
/// family of a thousand scattered writers sees its source's versions in a
/// million runs; listing them all would cost more than the rest of the
/// explanation. `pages` always counts every page.
pub const MAX_RANGES: usize = 1000;

/// Runs of a whole layer kept per level: a volume that rewrote some of
/// them still finds [`MAX_RANGES`] among these.
pub(super) const WHOLE_RUNS: usize = 2 * MAX_RANGES;

/// The pages of `held` that `covered` also holds: `covered`'s own sets
/// where `held` holds whole segments.
pub(super) fn within<'a>(
    held: &LayerPages,
    covered: &'a LayerPages,
    segment_pages: u64,
) -> Pieces<'a> {
    covered
        .iter()
        .filter_map(|(seg, c)| {
            let h = held.get(seg)?;
            let both = match h.len() == segment_pages {
                true => Cow::Borrowed(c),
                false => Cow::Owned(h & c),
            };
            (!both.is_empty()).then_some((seg, both))
        })
        .collect()
}

/// The pages of `held` that `covered` does not hold, borrowed where it
/// holds none of a segment.
pub(super) fn visible<'a>(
    held: &'a LayerPages,
    covered: &LayerPages,
) -> BTreeMap<SegmentNo, Cow<'a, RoaringBitmap>> {
    held.iter()
        .filter_map(|(seg, bits)| {
            let seen = match covered.get(seg) {
                Some(c) => Cow::Owned(bits - c),
                None => Cow::Borrowed(bits),
            };
            (!seen.is_empty()).then_some((seg, seen))
        })
        .collect()
}

/// A whole layer's first runs of one level (from [`Whole`]) without the
/// runs `cut`: its first [`MAX_RANGES`], or all of them; `None` when the
/// runs kept are too few to tell.
pub(super) fn without(runs: &[Range<u64>], cut: &[Range<u64>]) -> Option<Vec<Range<u64>>> {
    let complete = runs.len() < WHOLE_RUNS;
    // The last run kept may go on past the segment where keeping stopped.
    let runs = match complete {
        true => runs,
        false => &runs[..runs.len() - 1],
    };
    let mut out = Vec::new();
    let mut cuts = cut.iter().peekable();
    for run in runs {
        let mut start = run.start;
        while let Some(c) = cuts.peek() {
            if c.end <= start {
                cuts.next();
                continue;
            }
            if c.start >= run.end {
                break;
            }
            if c.start > start {
                out.push(start..c.start);
            }
            start = c.end;
            if c.end >= run.end {
                break;
            }
            cuts.next();
        }
        if start < run.end {
            out.push(start..run.end);
        }
        if out.len() >= MAX_RANGES {
            out.truncate(MAX_RANGES);
            return Some(out);
        }
    }
    complete.then_some(out)
}

/// Appends the runs of `bits` (segment-relative, offset by `base`),
/// merging a run that continues the last one (across segments too), up to
/// `cap` runs.
pub(super) fn push_ranges(
    ranges: &mut Vec<Range<u64>>,
    bits: &RoaringBitmap,
    base: u64,
    segment_pages: u64,
    cap: usize,
) {
    if ranges.len() >= cap {
        return;
    }
    if bits.len() == segment_pages {
        push_run(ranges, base..base + segment_pages, cap);
        return;
    }
    for_each_run(bits, |a, b| {
        push_run(ranges, base + u64::from(a)..base + u64::from(b), cap)
    });
}

/// Appends the runs of a whole segment (at `base`) but `bits`, as
/// [`push_ranges`] does: without copying a segment to subtract from it.
pub(super) fn push_gaps(
    ranges: &mut Vec<Range<u64>>,
    bits: &RoaringBitmap,
    base: u64,
    segment_pages: u64,
    cap: usize,
) {
    let mut from = 0;
    for_each_run(bits, |a, b| {
        push_run(ranges, base + from..base + u64::from(a), cap);
        from = u64::from(b);
    });
    push_run(ranges, base + from..base + segment_pages, cap);
}

/// Appends a run, merged into the last when it continues it; none past
/// `cap` runs, nor empty.
fn push_run(ranges: &mut Vec<Range<u64>>, run: Range<u64>, cap: usize) {
    if run.is_empty() {
        return;
    }
    let room = ranges.len() < cap;
    match ranges.last_mut() {
        Some(last) if last.end == run.start => last.end = run.end,
        _ if room => ranges.push(run),
        _ => {}
    }
}
