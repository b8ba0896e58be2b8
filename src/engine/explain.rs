//! Why a volume owns what it owns: its pages grouped by the version they
//! see, as run-length page ranges. Each group says who wrote those
//! versions, whether the writer lives, and how many live volumes see the
//! same versions; a billing policy then says what share of the group falls
//! to the volume (docs/model.md, "Billing policies").
//!
//! The work follows the layers, not the pages. Walking the volume's chain
//! from its active layer to the root, each layer contributes the pages it
//! holds that no nearer layer shadows. The other volumes that see those
//! versions are the live volumes below that layer in the tree; a volume
//! among them does not see a page that a layer on its own path, below the
//! shared layer, rewrote. Counting, per page, how many of them rewrote it
//! is a handful of bitmap operations per written segment, so a 256 TiB
//! volume in a family of a thousand clones explains in milliseconds.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use roaring::RoaringBitmap;

use super::decode::for_each_run;
use super::error::EngineError;
use super::ids::{LayerId, VolumeId};
use super::page::SegmentNo;
use super::policy::{BillingPolicy, Payer};
use super::store::Engine;

/// Pages of one volume that see versions of one writer, seen by the same
/// number of live volumes.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionGroup {
    /// The volume whose layer holds these versions.
    pub writer: VolumeId,
    pub writer_alive: bool,
    /// Whether the volume sees these versions. Those it doesn't are
    /// versions it wrote and has since rewritten, which a clone still
    /// sees (while it lives, it pays for them where the writer pays), and
    /// versions of deleted writers that only other volumes see (which
    /// family-equal splits among the whole family).
    pub seen: bool,
    /// Live volumes that see these same versions (this one included when
    /// `seen`).
    pub viewers: u32,
    /// Live volumes of the family.
    pub family_live: u32,
    pub pages: u64,
    /// The pages, as ascending half-open ranges: all of them, or the first
    /// [`MAX_RANGES`] when there are more (`pages` counts them all).
    pub ranges: Vec<Range<u64>>,
}

impl VersionGroup {
    /// The share of each of these versions that `volume` pays under
    /// `policy`.
    pub fn share(&self, volume: VolumeId, policy: BillingPolicy) -> f64 {
        self.share_as(self.writer == volume, policy)
    }

    /// The share under `policy` of a volume that is, or is not, the
    /// versions' writer.
    pub fn share_as(&self, is_writer: bool, policy: BillingPolicy) -> f64 {
        match policy.payer(self.writer_alive) {
            Payer::Writer if is_writer => 1.0,
            Payer::Writer => 0.0,
            Payer::Viewers if self.seen => 1.0 / f64::from(self.viewers),
            Payer::Viewers => 0.0,
            Payer::Family => 1.0 / f64::from(self.family_live),
        }
    }
}

/// Bit sets per segment.
type Segments = BTreeMap<SegmentNo, RoaringBitmap>;

/// A layer of a volume's chain, as [`Engine::chain`] leaves it.
struct Link<'a> {
    id: LayerId,
    visible: BTreeMap<SegmentNo, Cow<'a, RoaringBitmap>>,
    shadowed: Segments,
}

/// Pages seen by one number of live volumes: that number, the ranges, and
/// how many pages.
type ByViewers = (u32, Vec<Range<u64>>, u64);

/// What several explanations of one unchanged engine share: per layer, the
/// live volumes below it and how many of them rewrote each page.
#[derive(Default)]
pub struct ExplainCache {
    levels: BTreeMap<LayerId, Levels>,
}

/// A layer's viewers: the live volumes below it, and `rewritten[k]`, the
/// pages that at least k + 1 of them rewrote on their own paths down to it.
struct Levels {
    viewers: u32,
    rewritten: Vec<Segments>,
    /// Per segment of the layer, how many of its pages exactly k viewers
    /// rewrote, for each k: explanations that see a whole segment of the
    /// layer read their counts here instead of intersecting sets.
    exact: BTreeMap<SegmentNo, Vec<u64>>,
}

impl Engine {
    /// The groups of a live volume's pages, nearest layer first; then the
    /// versions it wrote that only others still see.
    pub fn explain(&self, volume: VolumeId) -> Result<Vec<VersionGroup>, EngineError> {
        self.explain_with(volume, &mut ExplainCache::default())
    }

    /// As [`Engine::explain`], sharing `cache` with other explanations of
    /// the engine as it is now (the cache is wrong once it changes).
    pub fn explain_with(
        &self,
        volume: VolumeId,
        cache: &mut ExplainCache,
    ) -> Result<Vec<VersionGroup>, EngineError> {
        let record = self.live_volume(volume)?;
        let (root, segment_pages) = self.root_and_segment_pages(record.family);
        let family_live = self.live_volumes_below(root).len() as u32;
        let chain = self.chain(volume, record.active);
        let mut seen = Vec::new();
        let mut hidden = Vec::new();
        for link in &chain {
            let l = self.layer(link.id);
            let writer_alive = self.is_alive(l.writer);
            let shadowed: BTreeMap<SegmentNo, Cow<'_, RoaringBitmap>> = link
                .shadowed
                .iter()
                .map(|(seg, b)| (*seg, Cow::Borrowed(b)))
                .collect();
            for (pages, into, seen_by_it) in [
                (&link.visible, &mut seen, true),
                (&shadowed, &mut hidden, false),
            ] {
                for (viewers, ranges, count) in
                    self.by_viewers(link.id, pages, segment_pages, cache)?
                {
                    // Versions only snapshots keep are backup, nobody's share.
                    if viewers > 0 {
                        into.push(VersionGroup {
                            writer: l.writer,
                            writer_alive,
                            seen: seen_by_it,
                            viewers,
                            family_live,
                            pages: count,
                            ranges,
                        });
                    }
                }
            }
        }
        let on_chain: BTreeMap<LayerId, &BTreeMap<SegmentNo, Cow<'_, RoaringBitmap>>> =
            chain.iter().map(|link| (link.id, &link.visible)).collect();
        // Under family-equal, every live version of a deleted writer is
        // split among all live volumes of the family, seen or not.
        for id in self.family_layers(record.family) {
            let l = self.layer(id);
            if self.is_alive(l.writer) {
                continue;
            }
            let mut unseen: BTreeMap<SegmentNo, Cow<'_, RoaringBitmap>> = l
                .segments
                .iter()
                .map(|(seg, b)| (*seg, Cow::Borrowed(b)))
                .collect();
            if let Some(visible) = on_chain.get(&id) {
                for (seg, bits) in visible.iter() {
                    if let Some(u) = unseen.get_mut(seg) {
                        *u.to_mut() -= bits.as_ref();
                    }
                }
                unseen.retain(|_, b| !b.is_empty());
            }
            for (viewers, ranges, count) in self.by_viewers(id, &unseen, segment_pages, cache)? {
                if viewers > 0 {
                    hidden.push(VersionGroup {
                        writer: l.writer,
                        writer_alive: false,
                        seen: false,
                        viewers,
                        family_live,
                        pages: count,
                        ranges,
                    });
                }
            }
        }
        seen.extend(hidden);
        Ok(seen)
    }

    /// Where each page of a live volume's view comes from, without who
    /// else sees it: one group per layer of its chain, `viewers` 0. This is
    /// the chain walk alone, for page maps of large families.
    pub fn origins(&self, volume: VolumeId) -> Result<Vec<VersionGroup>, EngineError> {
        let record = self.live_volume(volume)?;
        let (_, segment_pages) = self.root_and_segment_pages(record.family);
        let mut groups = Vec::new();
        for link in self.chain(volume, record.active) {
            let l = self.layer(link.id);
            let mut ranges = Vec::new();
            let mut pages = 0;
            for (seg, bits) in &link.visible {
                pages += bits.len();
                push_ranges(
                    &mut ranges,
                    bits,
                    u64::from(seg.0) * segment_pages,
                    segment_pages,
                );
            }
            if pages > 0 {
                groups.push(VersionGroup {
                    writer: l.writer,
                    writer_alive: self.is_alive(l.writer),
                    seen: true,
                    viewers: 0,
                    family_live: 0,
                    pages,
                    ranges,
                });
            }
        }
        Ok(groups)
    }

    /// The layers from a volume's active layer to the root, each with the
    /// pages the volume sees from it and, of the volume's own layers, the
    /// pages a nearer layer of its shadows. Pages of a layer no nearer one
    /// shadows are borrowed, not copied: a 256 TiB layer costs nothing.
    fn chain(&self, volume: VolumeId, active: LayerId) -> Vec<Link<'_>> {
        let mut covered: Segments = BTreeMap::new();
        let mut links = Vec::new();
        let mut layer = Some(active);
        while let Some(id) = layer {
            let l = self.layer(id);
            let mut visible = BTreeMap::new();
            let mut shadowed = BTreeMap::new();
            for (seg, bits) in &l.segments {
                match covered.get(seg) {
                    Some(c) => {
                        let fresh = bits - c;
                        if !fresh.is_empty() {
                            visible.insert(*seg, Cow::Owned(fresh));
                        }
                        if l.writer == volume {
                            let old = bits & c;
                            if !old.is_empty() {
                                shadowed.insert(*seg, old);
                            }
                        }
                    }
                    None => {
                        visible.insert(*seg, Cow::Borrowed(bits));
                    }
                }
            }
            if l.parent.is_some() {
                for (seg, bits) in &l.segments {
                    *covered.entry(*seg).or_default() |= bits;
                }
            }
            links.push(Link {
                id,
                visible,
                shadowed,
            });
            layer = l.parent;
        }
        links
    }

    /// How many of the live volumes below layer `id` rewrote each of its
    /// pages, on their own paths down to it. The work is the pages those
    /// volumes wrote, not the layer's.
    fn levels(&self, id: LayerId) -> Result<Levels, EngineError> {
        let viewers = self.live_volumes_below(id);
        let held = &self.layer(id).segments;
        // Per segment: the pages each viewer rewrote, small shadows as
        // offsets (counted by sorting), large ones as bitmaps (counted by
        // bitmap levels); counting is the same in any order.
        let mut small: BTreeMap<SegmentNo, Vec<u32>> = BTreeMap::new();
        let mut large: BTreeMap<SegmentNo, Vec<RoaringBitmap>> = BTreeMap::new();
        let mut add = |seg: SegmentNo, shadow: &RoaringBitmap| {
            if shadow.len() <= SMALL_SHADOW {
                small.entry(seg).or_default().extend(shadow.iter());
            } else {
                large.entry(seg).or_default().push(shadow.clone());
            }
        };
        for &v in &viewers {
            let path = self.path_until(self.live_volume(v)?.active, id);
            let mut shadows: Segments = BTreeMap::new();
            for l in &path {
                for (seg, b) in &self.layer(*l).segments {
                    let Some(h) = held.get(seg) else { continue };
                    if path.len() == 1 && h.is_superset(b) {
                        add(*seg, b);
                        continue;
                    }
                    let both = b & h;
                    if !both.is_empty() {
                        *shadows.entry(*seg).or_default() |= both;
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
        for (seg, mut offsets) in small {
            offsets.sort_unstable();
            let mut lists: Vec<Vec<u32>> = Vec::new();
            for run in offsets.chunk_by(|a, b| a == b) {
                for k in 0..run.len() {
                    if lists.len() <= k {
                        lists.push(Vec::new());
                    }
                    lists[k].push(run[0]);
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
        let exact = held
            .iter()
            .map(|(seg, bits)| {
                let at_least = |k: usize| match k {
                    0 => bits.len(),
                    _ => rewritten
                        .get(k - 1)
                        .and_then(|r| r.get(seg))
                        .map_or(0, |r| bits.intersection_len(r)),
                };
                let counts = (0..=rewritten.len()).map(|k| at_least(k) - at_least(k + 1));
                (*seg, counts.collect())
            })
            .collect();
        Ok(Levels {
            viewers: viewers.len() as u32,
            rewritten,
            exact,
        })
    }

    /// `pages` of layer `id`, grouped by how many live volumes see their
    /// versions.
    fn by_viewers(
        &self,
        id: LayerId,
        pages: &BTreeMap<SegmentNo, Cow<'_, RoaringBitmap>>,
        segment_pages: u64,
        cache: &mut ExplainCache,
    ) -> Result<Vec<ByViewers>, EngineError> {
        if pages.is_empty() {
            return Ok(Vec::new());
        }
        if let std::collections::btree_map::Entry::Vacant(e) = cache.levels.entry(id) {
            e.insert(self.levels(id)?);
        }
        let Levels {
            viewers,
            rewritten,
            exact: exact_counts,
        } = &cache.levels[&id];
        let held = &self.layer(id).segments;
        let levels = rewritten.len() + 1;
        let mut ranges: Vec<Vec<Range<u64>>> = vec![Vec::new(); levels];
        let mut counts = vec![0u64; levels];
        // `pages` holds segments of the layer: walk the layer's segments
        // and its table alongside, without a lookup per segment.
        let mut held_at = held.iter().peekable();
        let mut table_at = exact_counts.iter().peekable();
        for (seg, bits) in pages {
            let bits = bits.as_ref();
            while held_at.next_if(|(s, _)| *s < seg).is_some() {}
            while table_at.next_if(|(s, _)| *s < seg).is_some() {}
            let whole = held_at
                .peek()
                .is_some_and(|(s, h)| *s == seg && std::ptr::eq(*h, bits));
            let table = table_at.peek().filter(|(s, _)| *s == seg).map(|(_, t)| t);
            let base = u64::from(seg.0) * segment_pages;
            for k in 0..levels {
                if ranges[k].len() >= MAX_RANGES {
                    // Past the runs kept, count without building sets: a
                    // whole segment of the layer from the table.
                    if let (true, Some(t)) = (whole, table) {
                        counts[k] += t[k];
                        continue;
                    }
                }
                let more = rewritten.get(k).and_then(|r| r.get(seg));
                if k == 0 && more.is_none() {
                    counts[0] += bits.len();
                    push_ranges(&mut ranges[0], bits, base, segment_pages);
                    continue;
                }
                let fewer = rewritten.get(k.wrapping_sub(1)).and_then(|r| r.get(seg));
                if k > 0 && fewer.is_none() {
                    // Fewer rewrote it than k-1: no deeper level holds it.
                    break;
                }
                if ranges[k].len() >= MAX_RANGES {
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
                push_ranges(&mut ranges[k], &exact, base, segment_pages);
            }
        }
        Ok(ranges
            .into_iter()
            .zip(counts)
            .enumerate()
            .filter(|(_, (_, count))| *count > 0)
            .map(|(k, (ranges, count))| (viewers - k as u32, ranges, count))
            .collect())
    }

    /// Live volumes whose active layer is `layer` or below it.
    fn live_volumes_below(&self, layer: LayerId) -> Vec<VolumeId> {
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

/// A viewer's rewrites of one segment up to this many pages are counted
/// by sorting their offsets; more, by bitmap levels.
const SMALL_SHADOW: u64 = 4096;

/// Runs a group keeps: enough for any picture or screenful. A clone in a
/// family of a thousand scattered writers sees its source's versions in a
/// million runs; listing them all would cost more than the rest of the
/// explanation. `pages` always counts every page.
pub const MAX_RANGES: usize = 1000;

/// Appends the runs of `bits` (segment-relative, offset by `base`),
/// merging a run that continues the last one (across segments too), up to
/// [`MAX_RANGES`].
fn push_ranges(ranges: &mut Vec<Range<u64>>, bits: &RoaringBitmap, base: u64, segment_pages: u64) {
    if ranges.len() >= MAX_RANGES {
        return;
    }
    if bits.len() == segment_pages {
        match ranges.last_mut() {
            Some(last) if last.end == base => last.end = base + segment_pages,
            _ => ranges.push(base..base + segment_pages),
        }
        return;
    }
    for_each_run(bits, |a, b| {
        let (a, b) = (base + u64::from(a), base + u64::from(b));
        let room = ranges.len() < MAX_RANGES;
        match ranges.last_mut() {
            Some(last) if last.end == a => last.end = b,
            _ if room => ranges.push(a..b),
            _ => {}
        }
    });
}
