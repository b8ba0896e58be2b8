//! The two depth-first sweeps of `sweep.rs`, over one chunk of a segment's
//! offsets at a time, chunks in parallel.
//!
//! A holder with no holder below it in the chunk (a leaf: most clones'
//! layers) needs nothing stored per page: all its volumes see its
//! versions, so sweep 1 only adds them to `blocked` for its ancestors, and
//! sweep 2 only subtracts the worth of the versions it hides. Holders with
//! holders below keep, per visited page, what `blocked` and `visible` held
//! when the sweep entered them.
//!
//! A version's worth to a viewer comes from a table indexed by its packed
//! (viewers, writer alive) pair, so a visit is a load and a vector add
//! rather than a division.

use std::cell::RefCell;
use std::ops::Range;

use rayon::prelude::*;

use super::policy::{BillingPolicy, Payer};
use super::sweep::{Acc, Holder, MAX_CHUNK, SegmentSums, pack};
use super::visits::Visits;

/// Sums of version worths: what a dead writer's versions are worth, what a
/// live writer's are worth, versions, and versions with one viewer. Kept as
/// four floats so that adding a version's worth is one vector add.
#[derive(Clone, Copy, Debug, Default)]
struct Tally([f64; 4]);

impl Tally {
    fn add(&mut self, o: &Tally) {
        for (a, b) in self.0.iter_mut().zip(o.0) {
            *a += b;
        }
    }

    fn sub(&mut self, o: &Tally) {
        for (a, b) in self.0.iter_mut().zip(o.0) {
            *a -= b;
        }
    }

    fn scaled(&self, n: usize) -> Tally {
        Tally(self.0.map(|x| x * n as f64))
    }

    fn to_acc(self) -> Acc {
        let [dead, alive, visible, exclusive] = self.0;
        let mut split = [0.0; 3];
        for p in BillingPolicy::ALL {
            if p.payer(true) == Payer::Viewers {
                split[p.index()] += alive;
            }
            if p.payer(false) == Payer::Viewers {
                split[p.index()] += dead;
            }
        }
        Acc {
            visible: visible as i64,
            exclusive: exclusive as i64,
            split,
        }
    }
}

/// A version as stored in `visible`: non-zero, zero meaning "no version".
fn version(viewers: u32, writer_alive: bool) -> u64 {
    ((u64::from(viewers) << 1) | u64::from(writer_alive)) + 1
}

/// The worth of every version a segment's holders can have, by
/// [`version`].
struct Worths(Vec<Tally>);

impl Worths {
    fn new(holders: &[Holder<'_>]) -> Self {
        let most = holders.iter().map(|h| h.volumes_below).max().unwrap_or(0);
        let mut table = vec![Tally::default(); version(most, true) as usize + 1];
        for viewers in 0..=most {
            for alive in [false, true] {
                let share = if viewers > 0 {
                    1.0 / f64::from(viewers)
                } else {
                    0.0
                };
                let mut t = [0.0, 0.0, 1.0, f64::from(u8::from(viewers == 1))];
                t[usize::from(alive)] = share;
                table[version(viewers, alive) as usize] = Tally(t);
            }
        }
        Worths(table)
    }

    fn of(&self, version: u64) -> &Tally {
        &self.0[version as usize]
    }

    /// The worth of the versions at `offs` in `visible`, summed in four
    /// lanes so the adds don't wait on each other.
    fn sum_at(&self, visible: &[u64; MAX_CHUNK as usize], offs: &[u32], mask: u32) -> Tally {
        let at = |x: u32| visible[(x & mask) as usize] as usize;
        let mut lanes = [Tally::default(); 4];
        let mut quads = offs.chunks_exact(4);
        for q in &mut quads {
            for (lane, &x) in lanes.iter_mut().zip(q) {
                lane.add(&self.0[at(x)]);
            }
        }
        for &x in quads.remainder() {
            lanes[0].add(&self.0[at(x)]);
        }
        let [mut a, b, c, d] = lanes;
        for l in [b, c, d] {
            a.add(&l);
        }
        a
    }
}

/// One holder's visited offsets within the chunk being swept.
struct Entries {
    holder: usize,
    range: Range<usize>,
    /// Whether a holder of the chunk lies below it.
    inner: bool,
    /// For an inner holder, where its entries start in the chunk's
    /// per-entry arrays.
    local: usize,
}

/// A dense array indexed by offset within a chunk. Its fixed length lets
/// an index masked below it go unchecked.
type Dense = Box<[u64; MAX_CHUNK as usize]>;

fn dense() -> Dense {
    vec![0; MAX_CHUNK as usize]
        .into_boxed_slice()
        .try_into()
        .expect("MAX_CHUNK long")
}

/// Per-thread buffers reused across chunks.
struct Scratch {
    blocked: Dense,
    visible: Dense,
    /// Per entry of the chunk's inner holders, holder after holder.
    saved: Vec<u64>,
    viewers: Vec<u32>,
    hidden: Vec<u64>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch {
        blocked: dense(),
        visible: dense(),
        saved: Vec::new(),
        viewers: Vec::new(),
        hidden: Vec::new(),
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
            let chunk: Vec<(usize, Range<usize>)> = (0..holders.len())
                .filter_map(|h| {
                    let at = h * (chunks + 1) + c;
                    (bounds[at] < bounds[at + 1]).then(|| (h, bounds[at]..bounds[at + 1]))
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

/// Runs the two sweeps over one chunk, whose holders (in preorder) visit
/// the given ranges of their offsets.
fn sweep_chunk(
    holders: &[Holder<'_>],
    visits: &Visits,
    chunk: &[(usize, Range<usize>)],
    chunk_len: u32,
    worths: &Worths,
    s: &mut Scratch,
) -> ChunkSums {
    let mut local = 0;
    let entries: Vec<Entries> = chunk
        .iter()
        .enumerate()
        .map(|(i, (h, range))| {
            let end = holders[*h].end;
            let inner = chunk
                .get(i + 1)
                .is_some_and(|(next, _)| holders[*next].pos < end);
            let e = Entries {
                holder: *h,
                range: range.clone(),
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
    } = s;
    for a in [&mut *saved, &mut *hidden] {
        a.clear();
        a.resize(local, 0);
    }
    viewers.clear();
    viewers.resize(local, 0);
    let mask = chunk_len - 1;
    let offs = |e: &Entries| &visits.of(e.holder)[e.range.clone()];
    // `visible` is zero outside a sweep (every entry restores what it
    // found), so only `blocked` needs clearing, and only where inner
    // holders read it: leaves only add to it.
    for e in entries.iter().filter(|e| e.inner) {
        for &x in offs(e) {
            blocked[(x & mask) as usize] = 0;
        }
    }
    let mut out = ChunkSums {
        layers: entries
            .iter()
            .map(|e| (e.holder, Tally::default(), 0))
            .collect(),
        snapshot_only: 0,
    };

    // Sweep 1: blocked counts, then each inner entry's live viewers.
    depth_first(holders, &entries, |i, e, visit| {
        // Reborrowed and copied locally so that loops keep the arrays'
        // addresses and the mask in registers instead of reloading them
        // after every store; masked below MAX_CHUNK where the compiler can
        // see it, so that indexing the fixed-size arrays goes unchecked.
        let (blocked, saved, viewers) = (&mut **blocked, &mut saved[..], &mut viewers[..]);
        let mask = mask & (MAX_CHUNK - 1);
        let h = &holders[e.holder];
        let all = pack(h.volumes_below, h.snapshots_below);
        let slots = offs(e).iter().map(|&x| (x & mask) as usize);
        match visit {
            Visit::Leaf => {
                // Where no inner holder reads it, `blocked` is never
                // cleared and may wrap: that value is never used.
                for x in slots {
                    blocked[x] = blocked[x].wrapping_add(all);
                }
                let n = e.range.len() as u64;
                if h.volumes_below > 0 {
                    out.layers[i].2 += n;
                } else if h.snapshots_below > 0 {
                    out.snapshot_only += n;
                }
            }
            Visit::Enter => {
                for (x, k) in slots.zip(e.local..) {
                    saved[k] = blocked[x];
                }
            }
            Visit::Leave => {
                let mut seen = 0;
                for (x, k) in slots.zip(e.local..) {
                    let below = blocked[x] - saved[k];
                    let volumes = h.volumes_below - below as u32;
                    let snapshots = h.snapshots_below - (below >> 32) as u32;
                    viewers[k] = volumes;
                    if volumes > 0 {
                        seen += 1;
                    } else if snapshots > 0 {
                        out.snapshot_only += 1;
                    }
                    blocked[x] = saved[k] + all;
                }
                out.layers[i].2 += seen;
            }
        }
    });

    // Sweep 2: each version's worth at its layer, minus the one it hides.
    // `visible` holds the hidden version's facts, not its index, so no
    // lookup jumps back to an ancestor's entries.
    depth_first(holders, &entries, |i, e, visit| {
        // Local copies, as in sweep 1.
        let (visible, hidden, viewers) = (&mut **visible, &mut hidden[..], &viewers[..]);
        let mask = mask & (MAX_CHUNK - 1);
        let alive = holders[e.holder].writer_alive;
        let tally = &mut out.layers[i].1;
        match visit {
            Visit::Leaf => {
                let mine = version(holders[e.holder].volumes_below, alive);
                tally.add(&worths.of(mine).scaled(e.range.len()));
                tally.sub(&worths.sum_at(visible, offs(e), mask));
            }
            Visit::Enter => {
                // Local sums: adding into `tally` in place would make each
                // add wait for the previous one's store.
                let (mut mine_sum, mut hidden_sum) = (Tally::default(), Tally::default());
                for (&x, k) in offs(e).iter().zip(e.local..) {
                    let x = (x & mask) as usize;
                    let above = visible[x];
                    let mine = version(viewers[k], alive);
                    mine_sum.add(worths.of(mine));
                    hidden_sum.add(worths.of(above));
                    hidden[k] = above;
                    visible[x] = mine;
                }
                tally.add(&mine_sum);
                tally.sub(&hidden_sum);
            }
            Visit::Leave => {
                for (&x, k) in offs(e).iter().zip(e.local..) {
                    visible[(x & mask) as usize] = hidden[k];
                }
            }
        }
    });
    out
}

/// A step of the depth-first walk over a chunk's holders.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    Enter,
    Leave,
    /// Enter and leave at once: no holder of the chunk lies below.
    Leaf,
}

/// Visits each holder of `chunk` (in preorder) in depth-first order of the
/// tree, passing its index in `chunk`.
fn depth_first(
    holders: &[Holder<'_>],
    chunk: &[Entries],
    mut visit: impl FnMut(usize, &Entries, Visit),
) {
    let mut stack: Vec<usize> = Vec::new();
    for (i, e) in chunk.iter().enumerate() {
        let pos = holders[e.holder].pos;
        while let Some(&top) = stack.last() {
            if holders[chunk[top].holder].end > pos {
                break;
            }
            visit(top, &chunk[top], Visit::Leave);
            stack.pop();
        }
        if e.inner {
            visit(i, e, Visit::Enter);
            stack.push(i);
        } else {
            visit(i, e, Visit::Leaf);
        }
    }
    while let Some(top) = stack.pop() {
        visit(top, &chunk[top], Visit::Leave);
    }
}
