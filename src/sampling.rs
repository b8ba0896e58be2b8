//! Spatial sampling of pages (after SHARDS, Waldspurger et al., FAST 2015):
//! simulate only the pages of blocks whose hash falls under a threshold,
//! and scale the counts up.
//!
//! Blocks of 64 pages are kept or dropped whole, so a range stays a handful
//! of ranges and a 256 TiB volume is filtered block by block, not page by
//! page. A cluster's counts are scaled by its extent over the pages of the
//! sample below that extent (a ratio estimator): bulk data is then counted
//! exactly, and only what the writes touched carries sampling error.
//!
//! The engine stores the sampled pages numbered by their place in the
//! sample ([`SampledBlocks::compact`]): the `k`th page of the `r`th sampled
//! block is page `64 r + k`. The pages a layer holds are then as dense as
//! they would be unsampled, so its bitmaps keep their compact forms and a
//! write finds its page in one cache line, not by a search of a long
//! sparse list. Counts don't change (the numbering is one to one), and
//! page ranges shown to users are numbered back
//! ([`SampledBlocks::expand`]).

use std::ops::Range;

use rand::{Rng, RngExt};

use crate::engine::PageSet;

/// Pages per sampling block.
pub const BLOCK_PAGES: u64 = 64;

/// The sampled blocks below the largest extent asked for so far, found
/// once per run (hashing a 256 TiB volume's blocks takes a while): a
/// smaller extent's blocks are a prefix of them.
#[derive(Clone, Debug, Default)]
pub struct SampledBlocks {
    /// Blocks `0..scanned` have been hashed.
    scanned: u64,
    blocks: Vec<u64>,
}

impl SampledBlocks {
    /// The blocks of `sampler`'s sample holding pages below `extent`.
    pub fn below(&mut self, sampler: &Sampler, extent: u64) -> &[u64] {
        let needed = extent.div_ceil(BLOCK_PAGES);
        if needed > self.scanned {
            self.blocks.extend(sampler.blocks_in(self.scanned..needed));
            self.scanned = needed;
        }
        &self.blocks[..self.blocks.partition_point(|&b| b < needed)]
    }

    /// How many sampled pages lie below `extent` (see
    /// [`Sampler::pages_in`]).
    pub fn kept_below(&mut self, sampler: &Sampler, extent: u64) -> u64 {
        Sampler::pages_in(self.below(sampler, extent), extent)
    }

    /// As [`SampledBlocks::kept_below`], for a reader: blocks past those
    /// found so far are hashed and not kept. Every extent comes from
    /// pages the engine was handed, whose blocks were found then, so
    /// readers find theirs already.
    pub fn kept_below_now(&self, sampler: &Sampler, extent: u64) -> u64 {
        let needed = extent.div_ceil(BLOCK_PAGES);
        let found = &self.blocks[..self.blocks.partition_point(|&b| b < needed)];
        if needed <= self.scanned {
            return Sampler::pages_in(found, extent);
        }
        let mut blocks = found.to_vec();
        blocks.extend(sampler.blocks_in(self.scanned..needed));
        Sampler::pages_in(&blocks, extent)
    }

    /// The sampled part of `pages`, numbered as the engine stores it: the
    /// `k`th page of the `r`th sampled block is page `64 r + k`. Only the
    /// sampled blocks inside each range are visited, so a 256 TiB range
    /// costs its sampled blocks.
    pub fn compact(&mut self, sampler: &Sampler, pages: &PageSet) -> PageSet {
        let blocks = self.below(sampler, pages.end());
        let mut ranks = Vec::new();
        let mut from = 0;
        for r in pages.ranges() {
            let (first, last) = (r.start / BLOCK_PAGES, (r.end - 1) / BLOCK_PAGES);
            // Ranges ascend: the next one's blocks are at or after this
            // one's first.
            from += blocks[from..].partition_point(|&b| b < first);
            for (rank, &b) in blocks.iter().enumerate().skip(from) {
                if b > last {
                    break;
                }
                let base = b * BLOCK_PAGES;
                let at = rank as u64 * BLOCK_PAGES;
                ranks
                    .push(at + r.start.max(base) - base..at + r.end.min(base + BLOCK_PAGES) - base);
            }
        }
        PageSet::from_ranges(ranks)
    }

    /// Ranges of compacted pages (ascending), numbered back as the
    /// volume's own pages. Every compacted page's block has been found
    /// already: by [`SampledBlocks::compact`], or by
    /// [`SampledBlocks::below`] for the draw that picked it.
    pub fn expand(&self, ranges: &[Range<u64>]) -> Vec<Range<u64>> {
        let blocks = &self.blocks;
        let mut pages: Vec<Range<u64>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            for rank in r.start / BLOCK_PAGES..r.end.div_ceil(BLOCK_PAGES) {
                let at = rank * BLOCK_PAGES;
                let base = blocks[rank as usize] * BLOCK_PAGES;
                let piece = base + r.start.max(at) - at..base + r.end.min(at + BLOCK_PAGES) - at;
                match pages.last_mut() {
                    Some(last) if last.end == piece.start => last.end = piece.end,
                    _ => pages.push(piece),
                }
            }
        }
        pages
    }
}

/// Which blocks of pages are simulated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sampler {
    /// The fraction of blocks kept, in (0, 1].
    pub rate: f64,
    threshold: u64,
    salt: u64,
}

impl Sampler {
    /// Keeps about `rate` of the blocks; `salt` picks which.
    pub fn new(rate: f64, salt: u64) -> Sampler {
        let rate = rate.clamp(f64::MIN_POSITIVE, 1.0);
        Sampler {
            rate,
            threshold: (rate * u64::MAX as f64) as u64,
            salt,
        }
    }

    /// Whether block `b` (pages `b * 64 .. b * 64 + 64`) is simulated.
    pub fn keeps_block(&self, b: u64) -> bool {
        self.rate >= 1.0 || mix(b ^ self.salt) <= self.threshold
    }

    /// The sampled blocks among `blocks`.
    fn blocks_in(&self, blocks: Range<u64>) -> impl Iterator<Item = u64> + '_ {
        blocks.filter(|&b| self.keeps_block(b))
    }

    /// Pages below `extent` in `blocks`, increasing blocks that each hold
    /// some (as [`SampledBlocks::below`] gives them): all whole but the
    /// last, which the extent may cut.
    pub fn pages_in(blocks: &[u64], extent: u64) -> u64 {
        let cut = blocks
            .last()
            .map_or(0, |&b| ((b + 1) * BLOCK_PAGES).saturating_sub(extent));
        blocks.len() as u64 * BLOCK_PAGES - cut
    }

    /// `count` uniform page writes over `0..extent`, drawn only among the
    /// `kept` sampled pages below it and numbered in the sample (the
    /// engine's numbering, [`SampledBlocks::compact`]): as many as land
    /// there on average, rounded up or down at random so that the mean is
    /// exact, without drawing the rest. Drawing how many land there (a
    /// binomial count) would add noise that the whole volume doesn't have:
    /// its write count is known, and scaling a drawn count up makes the
    /// estimate of distinct pages miss by about one part in the square
    /// root of the pages drawn.
    pub fn uniform_pages(count: u64, extent: u64, kept: u64, rng: &mut impl Rng) -> PageSet {
        if kept == 0 || extent == 0 {
            return PageSet::new();
        }
        let mean = count as f64 * kept as f64 / extent as f64;
        let hits = (mean + rng.random::<f64>()).floor() as u64;
        PageSet::from_pages((0..hits).map(|_| rng.random_range(0..kept)))
    }
}

/// splitmix64's finaliser: a well-spread hash of a block number.
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn keeps_about_the_rate_and_whole_blocks() {
        let s = Sampler::new(0.1, 7);
        let mut memo = SampledBlocks::default();
        let blocks = memo.below(&s, 6_400_000).to_vec();
        let kept = Sampler::pages_in(&blocks, 6_400_000);
        assert!((kept as f64 / 6_400_000.0 - 0.1).abs() < 0.01, "{kept}");
        // The whole volume's sample is dense once compacted, and numbers
        // back as whole sampled blocks.
        let compacted = memo.compact(&s, &PageSet::range(0..6_400_000));
        assert_eq!(compacted, PageSet::range(0..kept));
        let back = memo.expand(compacted.ranges());
        assert_eq!(back.iter().map(|r| r.end - r.start).sum::<u64>(), kept);
        assert!(back.iter().all(|r| r.start % BLOCK_PAGES == 0));
        assert!(back.iter().all(|r| s.keeps_block(r.start / BLOCK_PAGES)));
        let everything = Sampler::new(1.0, 7);
        let few = PageSet::range(5..9);
        assert_eq!(SampledBlocks::default().compact(&everything, &few), few);
    }

    #[test]
    fn compacted_pages_number_back_to_themselves() {
        // Scattered pages, two of them in one block in separate ranges, a
        // range across blocks, and pages of blocks out of the sample.
        let s = Sampler::new(0.25, 5);
        let mut memo = SampledBlocks::default();
        let blocks = memo.below(&s, 100_000).to_vec();
        let (a, b) = (blocks[3] * BLOCK_PAGES, blocks[4] * BLOCK_PAGES);
        let unsampled = (0..)
            .find(|&x| !s.keeps_block(x))
            .expect("some block is out");
        let pages = PageSet::from_ranges([
            a + 1..a + 2,
            a + 5..a + 7,
            a + 60..a + 64,
            b..b + 3,
            unsampled * BLOCK_PAGES..unsampled * BLOCK_PAGES + 10,
        ]);
        let compacted = memo.compact(&s, &pages);
        let r3 = 3 * BLOCK_PAGES;
        assert_eq!(compacted.len(), 1 + 2 + 4 + 3);
        assert_eq!(compacted.ranges()[..2], [r3 + 1..r3 + 2, r3 + 5..r3 + 7]);
        let back = memo.expand(compacted.ranges());
        let sampled: Vec<_> = pages
            .ranges()
            .iter()
            .filter(|r| s.keeps_block(r.start / BLOCK_PAGES))
            .cloned()
            .collect();
        // Blocks 3 and 4 of the sample may lie side by side: then a+60..a+64
        // and b..b+3 are one run.
        assert_eq!(
            PageSet::from_ranges(back.clone()),
            PageSet::from_ranges(sampled)
        );
        assert!(back.windows(2).all(|w| w[0].end < w[1].start));
    }

    #[test]
    fn uniform_draws_land_in_sampled_blocks_at_the_right_rate() {
        let s = Sampler::new(0.05, 3);
        let extent = 1_000_000;
        let blocks = SampledBlocks::default().below(&s, extent).to_vec();
        let kept = Sampler::pages_in(&blocks, extent);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let pages = Sampler::uniform_pages(20_000, extent, kept, &mut rng);
        // Numbered in the sample: every page is a sampled one below the
        // extent.
        assert!(pages.end() <= kept);
        let mut memo = SampledBlocks::default();
        memo.below(&s, extent);
        let own = PageSet::from_ranges(memo.expand(pages.ranges()));
        assert_eq!(own.len(), pages.len());
        assert!(own.end() <= extent);
        assert!(
            own.ranges()
                .iter()
                .all(|r| s.keeps_block(r.start / BLOCK_PAGES))
        );
        let expected = 20_000.0 * kept as f64 / extent as f64;
        assert!(
            (pages.len() as f64 / expected - 1.0).abs() < 0.1,
            "{} vs {expected}",
            pages.len()
        );
        // Few enough draws that none repeat: exactly the mean, rounded.
        let few = Sampler::uniform_pages(2_000, extent, kept, &mut rng);
        let mean = 2_000.0 * kept as f64 / extent as f64;
        assert!(
            (few.len() as f64 - mean).abs() <= 1.0,
            "{} vs {mean}",
            few.len()
        );
        assert!(few.end() <= kept);
    }

    #[test]
    fn smaller_extents_see_a_prefix_of_the_blocks() {
        let s = Sampler::new(0.05, 9);
        let mut memo = SampledBlocks::default();
        let large = memo.below(&s, 1_000_000).to_vec();
        let small = memo.below(&s, 100_001).to_vec();
        let fresh = SampledBlocks::default().below(&s, 100_001).to_vec();
        assert_eq!(small, fresh);
        assert_eq!(
            Sampler::pages_in(&small, 100_001),
            memo.compact(&s, &PageSet::range(0..100_001)).len()
        );
        assert!(!small.is_empty() && small.len() < large.len());
        assert_eq!(large[..small.len()], small[..]);
    }
}
