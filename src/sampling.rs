//! Spatial sampling of pages (after SHARDS, Waldspurger et al., FAST 2015):
//! simulate only the pages of blocks whose hash falls under a threshold,
//! and scale the counts up.
//!
//! Blocks of 64 pages are kept or dropped whole, so a range stays a handful
//! of ranges and a 256 TiB volume is filtered block by block, not page by
//! page. A cluster's counts are scaled by its extent over the pages of the
//! sample below that extent (a ratio estimator): bulk data is then counted
//! exactly, and only what the writes touched carries sampling error.

use std::borrow::Cow;
use std::ops::Range;

use rand::{Rng, RngExt};

use crate::engine::{PageSet, SEGMENT_BYTES};

/// The most segments of the unsampled volume that one segment of a
/// sample may stand for: at 10 TiB, a segment's offsets of 8 KiB pages
/// still fit 32 bits.
const MAX_SEGMENT_FACTOR: u64 = 1 << 10;

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

    /// Segments for the engine under this sample: an Aurora segment's
    /// size for each page in the sample it stands for, so that a segment
    /// holds as many simulated pages as an unsampled one would. The
    /// engine's costs per segment (its lookups and sums, every hour) then
    /// follow the simulated pages, not the volume's size.
    pub fn segment_bytes(&self) -> u64 {
        let per_page = (1.0 / self.rate)
            .round()
            .clamp(1.0, MAX_SEGMENT_FACTOR as f64);
        SEGMENT_BYTES * per_page as u64
    }

    /// The sampled part of `pages`: `pages` itself when every block it
    /// touches is sampled, as for pages drawn from the sample (a
    /// workload's, every hour), which are then not copied.
    pub fn filter<'a>(&self, pages: &'a PageSet) -> Cow<'a, PageSet> {
        let whole = pages.ranges().iter().all(|r| {
            (r.start / BLOCK_PAGES..=(r.end - 1) / BLOCK_PAGES).all(|b| self.keeps_block(b))
        });
        if whole {
            return Cow::Borrowed(pages);
        }
        let mut kept = Vec::new();
        for r in pages.ranges() {
            for b in r.start / BLOCK_PAGES..=(r.end - 1) / BLOCK_PAGES {
                if self.keeps_block(b) {
                    kept.push(r.start.max(b * BLOCK_PAGES)..r.end.min((b + 1) * BLOCK_PAGES));
                }
            }
        }
        Cow::Owned(PageSet::from_ranges(kept))
    }

    /// The pages of `blocks` below `extent`.
    pub fn pages_of_blocks(blocks: &[u64], extent: u64) -> PageSet {
        PageSet::from_ranges(
            blocks
                .iter()
                .map(|&b| b * BLOCK_PAGES..((b + 1) * BLOCK_PAGES).min(extent)),
        )
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

    /// `count` uniform page writes over `0..extent`, drawn only inside the
    /// sampled `blocks` below it: as many as land there on average, rounded
    /// up or down at random so that the mean is exact, without drawing the
    /// rest. Drawing how many land there (a binomial count) would add noise
    /// that the whole volume doesn't have: its write count is known, and
    /// scaling a drawn count up makes the estimate of distinct pages miss
    /// by about one part in the square root of the pages drawn.
    pub fn uniform_pages(
        &self,
        count: u64,
        extent: u64,
        blocks: &[u64],
        rng: &mut impl Rng,
    ) -> PageSet {
        let kept = Self::pages_in(blocks, extent);
        if kept == 0 || extent == 0 {
            return PageSet::new();
        }
        let mean = count as f64 * kept as f64 / extent as f64;
        let hits = (mean + rng.random::<f64>()).floor() as u64;
        // The i-th kept page: only the last block can be cut by `extent`.
        PageSet::from_pages((0..hits).map(|_| {
            let i = rng.random_range(0..kept);
            blocks[(i / BLOCK_PAGES) as usize] * BLOCK_PAGES + i % BLOCK_PAGES
        }))
    }
}

/// splitmix64's finaliser: a well-spread hash of a block number.
fn mix(x: u64) -> u64 {
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
        let blocks = SampledBlocks::default().below(&s, 6_400_000).to_vec();
        let kept = Sampler::pages_in(&blocks, 6_400_000);
        assert!((kept as f64 / 6_400_000.0 - 0.1).abs() < 0.01, "{kept}");
        let all = PageSet::range(0..6_400_000);
        let filtered = s.filter(&all);
        assert_eq!(filtered.len(), kept);
        assert_eq!(Sampler::pages_of_blocks(&blocks, 6_400_000), *filtered);
        assert!(filtered.ranges().iter().all(|r| r.start % BLOCK_PAGES == 0));
        assert_eq!(Sampler::new(1.0, 7).filter(&PageSet::range(5..9)).len(), 4);
    }

    #[test]
    fn a_sampled_segment_stands_for_the_segments_it_samples() {
        assert_eq!(Sampler::new(1.0, 7).segment_bytes(), SEGMENT_BYTES);
        assert_eq!(
            Sampler::new(1.0 / 64.0, 7).segment_bytes(),
            64 * SEGMENT_BYTES
        );
        // However thin the sample, offsets of the smallest pages fit 32 bits.
        let thinnest = Sampler::new(1e-9, 7).segment_bytes();
        assert_eq!(thinnest, 1024 * SEGMENT_BYTES);
        assert!(thinnest / crate::engine::PageSize::K8.bytes() <= u64::from(u32::MAX));
    }

    #[test]
    fn uniform_draws_land_in_sampled_blocks_at_the_right_rate() {
        let s = Sampler::new(0.05, 3);
        let extent = 1_000_000;
        let blocks = SampledBlocks::default().below(&s, extent).to_vec();
        let kept = Sampler::pages_in(&blocks, extent);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let pages = s.uniform_pages(20_000, extent, &blocks, &mut rng);
        assert!(matches!(s.filter(&pages), Cow::Borrowed(p) if *p == pages));
        let expected = 20_000.0 * kept as f64 / extent as f64;
        assert!(
            (pages.len() as f64 / expected - 1.0).abs() < 0.1,
            "{} vs {expected}",
            pages.len()
        );
        // Few enough draws that none repeat: exactly the mean, rounded.
        let few = s.uniform_pages(2_000, extent, &blocks, &mut rng);
        let mean = 2_000.0 * kept as f64 / extent as f64;
        assert!(
            (few.len() as f64 - mean).abs() <= 1.0,
            "{} vs {mean}",
            few.len()
        );
        assert!(few.end() <= extent);
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
            Sampler::pages_of_blocks(&small, 100_001).len()
        );
        assert!(!small.is_empty() && small.len() < large.len());
        assert_eq!(large[..small.len()], small[..]);
    }
}
