//! The two depth-first sweeps of `mod.rs`, over one chunk of a segment's
//! offsets at a time, chunks in parallel.
//!
//! A holder with no holder below it in the chunk (a leaf: most clones'
//! layers) needs nothing stored per page: all its volumes see its
//! versions, so sweep 1 only adds them to `blocked` for its ancestors, and
//! sweep 2 only subtracts the worth of the versions it hides. Holders with
//! holders below keep, per visited page, what `blocked` and `visible` held
//! when the sweep entered them.
//!
//! Leaves read their dense pages from bitmap words, and runs of many such
//! leaves are swept together (`leaves.rs`). What a version is worth comes
//! from `version_worth.rs`.

use std::cell::RefCell;
use std::ops::Range;

use rayon::prelude::*;

use super::diverged::Visits;
use super::holder::{Holder, pack};
use super::leaves::{Dense, GROUP, Group, dense, each_bit};
use super::segment_sums::SegmentSums;
use super::version_worth::{Tally, Worths, add_pair, version};
use crate::engine::model::page::MAX_CHUNK;

/// One holder's visited offsets within the chunk being swept.
struct Entries<'a> {
    holder: usize,
    range: Range<usize>,
    /// Pages visited straight from words (leaves only), as serialized.
    words: &'a [u8],
    /// Whether a holder of the chunk lies below it.
    inner: bool,
    /// For an inner holder, where its entries start in the chunk's
    /// per-entry arrays.
    local: usize,
}

impl Entries<'_> {
    /// An inner holder's entries in the chunk's per-entry arrays.
    fn own(&self) -> Range<usize> {
        self.local..self.local + self.range.len()
    }
}

/// Per-thread buffers reused across chunks.
struct Scratch {
    blocked: Dense,
    visible: Dense,
    /// Per entry of the chunk's inner holders, holder after holder.
    saved: Vec<u64>,
    viewers: Vec<u32>,
    hidden: Vec<u64>,
    /// Groups' word buffers, for the next chunk's groups.
    spare: Vec<Vec<u64>>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        blocked: dense(),
        visible: dense(),
        saved: Vec::new(),
        viewers: Vec::new(),
        hidden: Vec::new(),
        spare: Vec::new(),
    });
}

/// One chunk's sums, per holder of the chunk.
struct ChunkSums {
    /// (holder, worth, versions seen by a live volume).
    layers: Vec<(usize, Tally, u64)>,
    snapshot_only: u64,
}

/// Sweeps the visited pages of `holders`, `chunk_len` offsets at a time,
/// and adds the results to `out`. Chunks are swept in parallel and added
/// in order, so the sums don't depend on the threads.
pub(crate) fn sweep_visits(
    holders: &[Holder<'_>],
    visits: &Visits,
    chunk_len: u32,
    out: &mut SegmentSums,
) {
    let chunks = (visits.size.saturating_sub(1) / chunk_len) as usize + 1;
    // bounds[h * (chunks + 1) + c]: where holder h's entries of chunk c
    // start in its offsets.
    let mut bounds = Vec::with_capacity(holders.len() * (chunks + 1));
    for h in 0..holders.len() {
        let offs = visits.of(h);
        let mut from = 0;
        for c in 0..chunks {
            bounds.push(from);
            let limit = (c as u32 + 1).saturating_mul(chunk_len);
            from += offs[from..].partition_point(|&o| o < limit);
        }
        bounds.push(offs.len());
    }
    let worths = Worths::new(holders);
    let sums: Vec<ChunkSums> = (0..chunks)
        .into_par_iter()
        .map(|c| {
            let start = c as u32 * chunk_len;
            let chunk: Vec<(usize, Range<usize>, &[u8])> = (0..holders.len())
                .filter_map(|h| {
                    let at = h * (chunks + 1) + c;
                    let words = match visits.blocks[h].pages {
                        0 => &[][..],
                        _ => visits.blocks[h].words_in(start, chunk_len),
                    };
                    (bounds[at] < bounds[at + 1] || !words.is_empty())
                        .then(|| (h, bounds[at]..bounds[at + 1], words))
                })
                .collect();
            SCRATCH.with_borrow_mut(|s| sweep_chunk(holders, visits, &chunk, chunk_len, &worths, s))
        })
        .collect();
    for chunk in sums {
        for (h, tally, seen) in chunk.layers {
            out.layers[h].acc.add(&tally.to_acc());
            out.layers[h].seen += seen;
        }
        out.snapshot_only += chunk.snapshot_only;
    }
}

/// Runs `$body` with `$slots` iterating the dense-array slots of the
/// offsets `$offs` (masked by `$mask`), in order. Where the offsets are
/// consecutive (a fully written source holds every page of the chunk),
/// `$slots` is a range: the body is compiled a second time for it, without
/// reading the offsets.
macro_rules! with_slots {
    ($offs:expr, $mask:expr, |$slots:ident| $body:expr) => {{
        let (offs, mask): (&[u32], u32) = ($offs, $mask);
        match (offs.first(), offs.last()) {
            (Some(&first), Some(&last)) if (last - first) as usize + 1 == offs.len() => {
                let $slots = (first..last + 1).map(|x| (x & mask) as usize);
                $body
            }
            _ => {
                let $slots = offs.iter().map(|&x| (x & mask) as usize);
                $body
            }
        }
    }};
}

/// Runs the two sweeps over one chunk, whose holders (in preorder) visit
/// the given ranges of their offsets.
fn sweep_chunk(
    holders: &[Holder<'_>],
    visits: &Visits,
    chunk: &[(usize, Range<usize>, &[u8])],
    chunk_len: u32,
    worths: &Worths,
    s: &mut Scratch,
) -> ChunkSums {
    let mut local = 0;
    let entries: Vec<Entries> = chunk
        .iter()
        .enumerate()
        .map(|(i, &(h, ref range, words))| {
            let end = holders[h].end;
            let inner = chunk
                .get(i + 1)
                .is_some_and(|&(next, ..)| holders[next].pos < end);
            let e = Entries {
                holder: h,
                range: range.clone(),
                words,
                inner,
                local,
            };
            if inner {
                local += range.len();
            }
            e
        })
        .collect();
    let Scratch {
        blocked,
        visible,
        saved,
        viewers,
        hidden,
        spare,
    } = s;
    // Each entry of these is written before it is read, so whatever an
    // earlier chunk left in them may stay: they are only ever grown.
    for a in [&mut *saved, &mut *hidden] {
        if a.len() < local {
            a.resize(local, 0);
        }
    }
    if viewers.len() < local {
        viewers.resize(local, 0);
    }
    let mask = chunk_len - 1;
    let offs = |e: &Entries| &visits.of(e.holder)[e.range.clone()];
    // `visible` is zero outside a sweep: every entry restores what it
    // found. `blocked` is never cleared: an inner holder takes the
    // difference between what it holds on leaving and on entering, in
    // wrapping arithmetic, so whatever an earlier chunk left cancels out.
    let mut out = ChunkSums {
        layers: entries
            .iter()
            .map(|e| (e.holder, Tally::default(), 0))
            .collect(),
        snapshot_only: 0,
    };

    let mut steps = depth_first(holders, &entries);
    // Runs of leaves swept together.
    let mut groups = Vec::new();
    for step in &mut steps {
        if let Step::Leaves(run, group) = step {
            let rows: Vec<(usize, &[u8], bool)> = run
                .clone()
                .filter(|&i| !entries[i].words.is_empty())
                .map(|i| {
                    let h = &holders[entries[i].holder];
                    let unit = pack(h.volumes_below, h.snapshots_below) == pack(1, 0);
                    (i, entries[i].words, unit)
                })
                .collect();
            if rows.len() >= GROUP {
                *group = Some(groups.len());
                groups.push(Group::new(rows, spare.pop().unwrap_or_default()));
            }
        }
    }

    // Sweep 1: blocked counts, then each inner entry's live viewers.
    for step in &steps {
        // Reborrowed and copied locally so that loops keep the arrays'
        // addresses and the mask in registers instead of reloading them
        // after every store; masked below MAX_CHUNK where the compiler can
        // see it, so that indexing the fixed-size arrays goes unchecked.
        let (blocked, saved, viewers) = (&mut **blocked, &mut saved[..], &mut viewers[..]);
        let mask = mask & (MAX_CHUNK - 1);
        let slots = |e: &Entries| offs(e).iter().map(move |&x| (x & mask) as usize);
        match *step {
            Step::Leaves(ref run, group) => {
                let group = group.map(|g| &groups[g]);
                for (i, e) in run.clone().zip(&entries[run.clone()]) {
                    let h = &holders[e.holder];
                    let all = pack(h.volumes_below, h.snapshots_below);
                    for x in slots(e) {
                        blocked[x] = blocked[x].wrapping_add(all);
                    }
                    if group.is_none() || all != pack(1, 0) {
                        each_bit(e.words, |_, x| blocked[x] = blocked[x].wrapping_add(all));
                    }
                    let n = e.range.len() as u64;
                    if h.volumes_below > 0 {
                        out.layers[i].2 += n;
                    } else if h.snapshots_below > 0 {
                        out.snapshot_only += n;
                    }
                }
                if let Some(group) = group {
                    group.count_units(blocked);
                }
            }
            Step::Enter(i, _) => {
                let e = &entries[i];
                with_slots!(offs(e), mask, |slots| {
                    for (x, s) in slots.zip(&mut saved[e.own()]) {
                        *s = blocked[x];
                    }
                });
            }
            Step::Leave(i, _) => {
                let e = &entries[i];
                let h = &holders[e.holder];
                let all = pack(h.volumes_below, h.snapshots_below);
                let (mut seen, mut snapshot_only) = (0, 0);
                let own = saved[e.own()].iter().zip(&mut viewers[e.own()]);
                with_slots!(offs(e), mask, |slots| {
                    for (x, (&s, v)) in slots.zip(own) {
                        let below = blocked[x].wrapping_sub(s);
                        let volumes = h.volumes_below - below as u32;
                        let snapshots = h.snapshots_below - (below >> 32) as u32;
                        *v = volumes;
                        seen += u64::from(volumes > 0);
                        snapshot_only += u64::from(volumes == 0 && snapshots > 0);
                        blocked[x] = s.wrapping_add(all);
                    }
                });
                out.layers[i].2 += seen;
                out.snapshot_only += snapshot_only;
            }
        }
    }

    // Sweep 2: each version's worth at its layer, minus the one it hides.
    // `visible` holds the hidden version's facts, not its index, so no
    // lookup jumps back to an ancestor's entries.
    for step in &steps {
        // Local copies, as in sweep 1.
        let (visible, hidden, viewers) = (&mut **visible, &mut hidden[..], &viewers[..]);
        let mask = mask & (MAX_CHUNK - 1);
        match *step {
            Step::Leaves(ref run, group) => {
                let group = group.map(|g| &groups[g]);
                for (i, e) in run.clone().zip(&entries[run.clone()]) {
                    let h = &holders[e.holder];
                    let tally = &mut out.layers[i].1;
                    let mine = version(h.volumes_below, h.writer_alive);
                    tally.add(&worths.of(mine).scaled(e.range.len()));
                    tally.sub(&worths.sum_at(visible, offs(e), mask));
                    if group.is_none() {
                        tally.sub(&worths.sum_in(visible, e.words));
                    }
                }
                if let Some(group) = group {
                    worths.sub_group(visible, group, |i, t| out.layers[i].1.sub(t));
                }
            }
            Step::Enter(i, outermost) => {
                let e = &entries[i];
                let alive = holders[e.holder].writer_alive;
                // Local sums: adding into the tally in place would make
                // each add wait for the previous one's store. The holder's
                // own versions all have one writer, so their worths fit
                // in two lanes.
                let (mut mine_sum, mut hidden_sum) = ([0.0; 2], Tally::default());
                if outermost {
                    // Nothing of the chunk lies above: nothing is hidden.
                    with_slots!(offs(e), mask, |slots| {
                        for (x, &v) in slots.zip(&viewers[e.own()]) {
                            let mine = version(v, alive);
                            add_pair(&mut mine_sum, worths.pair(mine));
                            visible[x] = mine;
                        }
                    });
                } else {
                    with_slots!(offs(e), mask, |slots| {
                        let own = viewers[e.own()].iter().zip(&mut hidden[e.own()]);
                        for (x, (&v, hid)) in slots.zip(own) {
                            let above = visible[x];
                            let mine = version(v, alive);
                            add_pair(&mut mine_sum, worths.pair(mine));
                            hidden_sum.add(worths.of(above));
                            *hid = above;
                            visible[x] = mine;
                        }
                    });
                }
                out.layers[i].1.add(&Worths::unpair(mine_sum, alive));
                out.layers[i].1.sub(&hidden_sum);
            }
            Step::Leave(i, true) => {
                with_slots!(offs(&entries[i]), mask, |slots| {
                    for x in slots {
                        visible[x] = 0;
                    }
                });
            }
            Step::Leave(i, false) => {
                let e = &entries[i];
                with_slots!(offs(e), mask, |slots| {
                    for (x, &hid) in slots.zip(&hidden[e.own()]) {
                        visible[x] = hid;
                    }
                });
            }
        }
    }
    spare.extend(groups.into_iter().map(Group::into_words));
    out
}

/// A step of the depth-first walk over a chunk's holders, by index in the
/// chunk.
enum Step {
    /// With whether no holder of the chunk lies above.
    Enter(usize, bool),
    /// As `Enter`.
    Leave(usize, bool),
    /// Consecutive holders with no holder of the chunk below them, entered
    /// and left in turn. Nothing happens between them, so they may be swept
    /// together: as the group of that index, if any, where they read their
    /// pages from words.
    Leaves(Range<usize>, Option<usize>),
}

/// The steps of a depth-first walk over the holders of `chunk` (in
/// preorder), in the order of the tree.
fn depth_first(holders: &[Holder<'_>], chunk: &[Entries]) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    // The run of leaves since the last step other than a leaf.
    let mut leaves = 0..0;
    let flush = |leaves: &mut Range<usize>, steps: &mut Vec<Step>| {
        if leaves.start < leaves.end {
            steps.push(Step::Leaves(leaves.clone(), None));
        }
        *leaves = leaves.end..leaves.end;
    };
    for (i, e) in chunk.iter().enumerate() {
        let pos = holders[e.holder].pos;
        while let Some(&top) = stack.last() {
            if holders[chunk[top].holder].end > pos {
                break;
            }
            flush(&mut leaves, &mut steps);
            stack.pop();
            steps.push(Step::Leave(top, stack.is_empty()));
        }
        if e.inner {
            flush(&mut leaves, &mut steps);
            steps.push(Step::Enter(i, stack.is_empty()));
            stack.push(i);
            leaves = i + 1..i + 1;
        } else {
            leaves.end = i + 1;
        }
    }
    flush(&mut leaves, &mut steps);
    while let Some(top) = stack.pop() {
        steps.push(Step::Leave(top, stack.is_empty()));
    }
    steps
}
