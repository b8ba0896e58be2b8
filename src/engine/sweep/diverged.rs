//! Which pages of a segment the sweep visits, holder by holder.
//!
//! A page held by one layer only needs no visit: its contribution is its
//! layer's, counted in bulk. But finding the pages held by two or more
//! layers costs a pass over every holder's pages, and when most pages are
//! shared anyway (a hundred clones of a small source, each rewriting a
//! tenth of it) the finding costs more than the visits it would save. So
//! each holder's pages are all visited, except those of a holder that
//! holds more pages than all the others together (a large source of which
//! clones rewrote a little): it visits only the pages another holder also
//! holds. Either way the visits number at most twice the pages held by the
//! layers other than the largest, which are the diverged pages.
//!
//! A leaf layer (no holder below it) keeps the pages of its bitmap
//! containers as words instead of listing them: the sweep reads them from
//! there (`leaves.rs`).
//!
//! The sweep is correct for any such choice as long as, whenever a page is
//! visited, every holder of that page visits it.

use roaring::RoaringBitmap;

use super::holder::Holder;
use crate::engine::bitmaps::bitset::BitSet;
use crate::engine::bitmaps::serialized::{Blocks, for_each_run, pages_and_blocks, pages_of};

/// Up to this many other holders, the largest holder's shared pages are
/// found with compressed bitmap algebra (cost follows the pages written,
/// whatever the segment's size); beyond it, with a dense bit set over the
/// segment, whose cost per holder is a pass over its runs rather than a
/// bitmap allocation.
const SPARSE_HOLDERS: usize = 16;

/// The pages each holder visits, in the order of `holders`.
#[derive(Debug)]
pub(crate) struct Visits {
    /// Each holder's visited offsets, sorted.
    offs: Vec<Vec<u32>>,
    /// Each holder's visited pages kept as words, not in `offs`.
    pub blocks: Vec<Blocks>,
    /// Pages of each holder that are not visited.
    pub alone: Vec<u64>,
    /// One past the largest offset held.
    pub size: u32,
}

impl Visits {
    /// Chooses and lists the visits of `holders` (at least two), holders in
    /// parallel; with `words`, leaves keep their bitmap containers as words
    /// (the chunks must then be at least 64 pages long).
    pub fn plan(holders: &[Holder<'_>], words: bool) -> Self {
        use rayon::prelude::*;

        let lens: Vec<u64> = holders.iter().map(|h| h.pages.len()).collect();
        let total: u64 = lens.iter().sum();
        let largest = (0..holders.len()).find(|&h| 2 * lens[h] > total);
        let size = size(holders);
        let leaf = |h: usize| holders.get(h + 1).is_none_or(|n| n.pos >= holders[h].end);
        let (offs, blocks): (Vec<Vec<u32>>, Vec<Blocks>) = holders
            .par_iter()
            .enumerate()
            .map(|(h, holder)| {
                if Some(h) == largest {
                    (shared_pages(holders, h, size), Blocks::default())
                } else if words && leaf(h) {
                    pages_and_blocks(holder.pages)
                } else {
                    (pages_of(holder.pages), Blocks::default())
                }
            })
            .unzip();
        Visits {
            alone: lens
                .iter()
                .zip(&offs)
                .zip(&blocks)
                .map(|((&l, o), b)| l - o.len() as u64 - b.pages)
                .collect(),
            offs,
            blocks,
            size,
        }
    }

    /// The offsets holder `h` visits.
    pub fn of(&self, h: usize) -> &[u32] {
        &self.offs[h]
    }
}

/// One past the largest offset `holders` hold.
pub(crate) fn size(holders: &[Holder<'_>]) -> u32 {
    holders
        .iter()
        .filter_map(|h| h.pages.max())
        .max()
        .map_or(0, |m| m + 1)
}

/// The pages of holder `g` that another holder also holds.
fn shared_pages(holders: &[Holder<'_>], g: usize, size: u32) -> Vec<u32> {
    let others = holders
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != g)
        .map(|(_, h)| h.pages);
    if holders.len() - 1 <= SPARSE_HOLDERS {
        let mut union = RoaringBitmap::new();
        for pages in others {
            union |= pages;
        }
        union &= holders[g].pages;
        return pages_of(&union);
    }
    let mut union = BitSet::default();
    union.reset(size);
    for pages in others {
        for_each_run(pages, |a, b| {
            if b - a == 1 {
                union.insert(a);
            } else {
                union.insert_range(a, b);
            }
        });
    }
    let mut offs = Vec::new();
    for_each_run(holders[g].pages, |a, b| {
        union.for_each_in(a, b, |x| offs.push(x));
    });
    offs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holder(pos: u32, pages: &RoaringBitmap) -> Holder<'_> {
        Holder::for_test(pos, pos + 1, 1, pages)
    }

    #[test]
    fn the_largest_holder_visits_only_its_shared_pages() {
        // A source of 0..1000, two clones rewriting 10..20 and 15..25:
        // the source holds more than the others together, so it visits
        // 10..25 only; the clones visit all of theirs.
        let source: RoaringBitmap = (0..1000).collect();
        let a: RoaringBitmap = (10..20).collect();
        let b: RoaringBitmap = (15..25).collect();
        let v = Visits::plan(&[holder(0, &source), holder(1, &a), holder(2, &b)], true);
        assert_eq!(v.of(0), (10..25).collect::<Vec<_>>());
        assert_eq!(v.of(1), (10..20).collect::<Vec<_>>());
        assert_eq!(v.of(2), (15..25).collect::<Vec<_>>());
        assert_eq!(v.alone, vec![985, 0, 0]);
        assert_eq!(v.size, 1000);
    }

    #[test]
    fn without_a_largest_holder_every_page_is_visited() {
        // 0..100 and a clone rewriting 50..150: neither holds more than
        // the other, so both visit all their pages, shared or not.
        let source: RoaringBitmap = (0..100).collect();
        let clone: RoaringBitmap = (50..150).collect();
        let v = Visits::plan(&[holder(0, &source), holder(1, &clone)], true);
        assert_eq!(v.of(0).len(), 100);
        assert_eq!(v.of(1).len(), 100);
        assert_eq!(v.alone, vec![0, 0]);
    }

    #[test]
    fn dense_and_sparse_find_the_same_shared_pages() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(5);
        for case in 0..30 {
            let mut layers = vec![(0..400_000).collect::<RoaringBitmap>()];
            for _ in 0..rng.random_range(20..30) {
                let mut b = RoaringBitmap::new();
                for _ in 0..rng.random_range(0..3_000) {
                    b.insert(rng.random_range(0..450_000));
                }
                let start = rng.random_range(0..440_000);
                b.insert_range(start..start + rng.random_range(0..9_000));
                layers.push(b);
            }
            let holders: Vec<Holder<'_>> = layers
                .iter()
                .enumerate()
                .map(|(i, b)| holder(i as u32, b))
                .collect();
            let dense = shared_pages(&holders, 0, 450_000);
            let few = &holders[..SPARSE_HOLDERS + 1];
            let sparse = shared_pages(few, 0, 450_000);
            let union = |hs: &[Holder<'_>]| {
                hs[1..]
                    .iter()
                    .fold(RoaringBitmap::new(), |u, h| u | h.pages)
                    & hs[0].pages
            };
            assert_eq!(
                dense,
                union(&holders).iter().collect::<Vec<_>>(),
                "case {case}"
            );
            assert_eq!(sparse, union(few).iter().collect::<Vec<_>>(), "case {case}");
        }
    }
}
