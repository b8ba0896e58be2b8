//! The full sweep: accounting from scratch, one segment's page versions
//! at a time.
//!
//! A version (layer L, page p) is seen by the live volumes below L whose
//! path up to L holds no other version of p. Pages held by one layer only
//! (bulk data nobody rewrote) have no such blockers and are counted by set
//! algebra, without visiting them. Pages held by two or more layers are
//! visited once per holding layer (`diverged.rs` says which pages exactly),
//! in two depth-first sweeps over the holding layers in tree order, each
//! with a dense array indexed by page offset (`passes.rs`):
//!
//! 1. `blocked[p]` counts, Euler-tour style, the volumes below that resolve
//!    p at or below a holder already left. Entering L remembers the count;
//!    leaving L, the increase is the number of volumes under L blocked from
//!    L's version, and L then blocks all its volumes for its ancestors.
//! 2. `visible[p]` names the version seen from above at the current point
//!    of the sweep. Entering L, L's version contributes `+x` at L and the
//!    version it hides contributes `-x` at L.
//!
//! Summing those per-layer values down the tree (a difference array on the
//! tree) gives each volume the total over exactly the versions it sees. The
//! work is proportional to the diverged pages, not to the volume size.
//!
//! | file | holds |
//! |---|---|
//! | `mod.rs` | the sweep of one segment, and its arithmetic for a few pages at a time |
//! | `family.rs` | a family's tree of live layers, its segments swept in parallel, the sums added up per volume |
//! | `holder.rs` | a layer holding pages in a segment, as the sweep sees it |
//! | `diverged.rs` | which pages the sweep visits: the diverged ones, or a little more |
//! | `passes.rs` | the two depth-first passes over a chunk of page offsets, with dense arrays |
//! | `leaves.rs` | leaf layers' pages, read in place from bitmap words |
//! | `version_worth.rs` | what a version is worth to each viewer, by table |
//! | `segment_sums.rs` | a segment's sums per holding layer, left by a sweep |

pub(super) mod diverged;
pub(super) mod family;
pub(super) mod holder;
mod leaves;
mod passes;
pub(super) mod segment_sums;
mod version_worth;

use crate::engine::model::page::MAX_CHUNK;
use diverged::{Visits, size};
use holder::Holder;
use passes::sweep_visits;
use segment_sums::{Acc, LayerSums, SegmentSums};

/// Sums one segment, given its holders in preorder, sweeping `chunk`
/// offsets at a time (a power of two, at most `MAX_CHUNK`; the result
/// doesn't depend on it, float rounding aside).
pub(crate) fn sweep(holders: &[Holder<'_>], chunk: u32) -> SegmentSums {
    debug_assert!(chunk.is_power_of_two() && chunk <= MAX_CHUNK);
    let mut out = SegmentSums {
        layers: holders
            .iter()
            .map(|h| LayerSums {
                pos: h.pos,
                ..LayerSums::default()
            })
            .collect(),
        snapshot_only: 0,
    };
    // Pages whose own worth is counted in bulk at their layer, all volumes
    // below seeing them: pages nobody else holds, which are not visited,
    // and leaves' pages read from words, whose hidden versions the sweep
    // takes out.
    let bulk: Vec<u64> = if holders.len() > 1 {
        // A segment that fits in one chunk (a volume of up to 1 GiB of
        // 16 KiB pages) is cut in eight, so that both cores have work
        // and one slowed by a neighbour can hand pieces to the other.
        // Larger segments keep whole chunks: each chunk costs a walk of
        // all the segment's holders. The choice follows the data, not the
        // thread count, so results don't change with it.
        let chunk = if size(holders) <= chunk {
            (chunk / 8).max(1)
        } else {
            chunk
        };
        // Leaves' pages are read from bitmap words, 64 at a time: chunks
        // shorter than a word (in tests) list every page instead.
        let visits = Visits::plan(holders, chunk >= 64);
        sweep_visits(holders, &visits, chunk, &mut out);
        visits
            .alone
            .iter()
            .zip(&visits.blocks)
            .map(|(alone, words)| alone + words.pages)
            .collect()
    } else {
        holders.iter().map(|h| h.pages.len()).collect()
    };
    for ((h, sums), bulk) in holders.iter().zip(out.layers.iter_mut()).zip(bulk) {
        if bulk > 0 {
            sums.acc
                .add(&Acc::of(bulk, h.volumes_below, h.writer_alive));
            if h.volumes_below > 0 {
                sums.seen += bulk;
            } else if h.snapshots_below > 0 {
                out.snapshot_only += bulk;
            }
        }
    }
    out
}

/// The sweeps' arithmetic for a few pages at a time, with its buffers
/// kept between calls.
#[derive(Default)]
pub(crate) struct PageDelta {
    /// Per member: the nearest member above it, and the volumes and
    /// snapshots below it that members nested in it block.
    parent: Vec<usize>,
    blocked: Vec<(u32, u32)>,
    stack: Vec<usize>,
    /// Per member: what its version of the pages is worth to each viewer.
    worth: Vec<Acc>,
}

impl PageDelta {
    /// Adds (`count` > 0) or takes out (`count` < 0) the contributions of
    /// `|count|` pages held by `members` (indices into `holders`, in
    /// preorder). `slot[i]` is holder `i`'s entry in `out`.
    pub fn apply(
        &mut self,
        holders: &[Holder<'_>],
        members: &[usize],
        count: i64,
        slot: &[usize],
        out: &mut SegmentSums,
    ) {
        self.parent.clear();
        self.blocked.clear();
        self.stack.clear();
        for &m in members {
            let pos = holders[m].pos;
            while let Some(&top) = self.stack.last() {
                if holders[members[top]].end > pos {
                    break;
                }
                self.stack.pop();
            }
            let parent = self.stack.last().copied();
            if let Some(top) = parent {
                self.blocked[top].0 += holders[m].volumes_below;
                self.blocked[top].1 += holders[m].snapshots_below;
            }
            self.parent.push(parent.unwrap_or(usize::MAX));
            self.blocked.push((0, 0));
            self.stack.push(self.parent.len() - 1);
        }
        let pages = count.unsigned_abs();
        self.worth.clear();
        self.worth
            .extend(members.iter().zip(&self.blocked).map(|(&m, b)| {
                let h = &holders[m];
                Acc::of(pages, h.volumes_below - b.0, h.writer_alive)
            }));
        for (j, &m) in members.iter().enumerate() {
            let h = &holders[m];
            let entry = &mut out.layers[slot[m]];
            let mut delta = self.worth[j];
            if self.parent[j] != usize::MAX {
                delta.sub(&self.worth[self.parent[j]]);
            }
            if count > 0 {
                entry.acc.add(&delta);
            } else {
                entry.acc.sub(&delta);
            }
            if h.volumes_below > self.blocked[j].0 {
                entry.seen = entry.seen.wrapping_add_signed(count);
            } else if h.snapshots_below > self.blocked[j].1 {
                out.snapshot_only = out.snapshot_only.wrapping_add_signed(count);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roaring::RoaringBitmap;

    fn bitmap(pages: &[u32]) -> RoaringBitmap {
        pages.iter().copied().collect()
    }

    #[test]
    fn a_rewrite_hides_the_version_above_it() {
        //   root (pos 0, pages 0..4, 2 volumes below)
        //   ├── a (pos 1, rewrote page 1)
        //   └── b (pos 2, nothing)
        // root's page 1 is seen by b only: 3 pages seen by 2, 1 by 1.
        let root = bitmap(&[0, 1, 2, 3]);
        let a = bitmap(&[1]);
        let sums = sweep(
            &[
                Holder::for_test(0, 3, 2, &root),
                Holder::for_test(1, 2, 1, &a),
            ],
            MAX_CHUNK,
        );
        assert_eq!(sums.layers[0].seen, 4);
        assert_eq!(sums.layers[1].seen, 1);
        // At root: 4 visible, 1 exclusive (page 1); at a: +1 own, -1 hidden.
        assert_eq!(sums.layers[0].acc.visible, 4);
        assert_eq!(sums.layers[0].acc.exclusive, 1);
        assert_eq!(sums.layers[1].acc.visible, 0);
        assert_eq!(sums.layers[1].acc.exclusive, 0);
    }
}
