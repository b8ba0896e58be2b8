//! An index, per segment, of which layers hold each page: one load per
//! written page instead of one per layer.
//!
//! Hourly metering of a family with fifteen clones under workloads looks
//! up every page written in the hour in the seventeen layers that hold
//! pages in its segment (the source's data, its writes and the fifteen
//! writers). Even with dense copies ([`super::lookups`]) that is seventeen
//! cache misses a page. The index keeps, per offset, a bit per layer (up
//! to [`MAX_LAYERS`]), so the holders of a page are one `u32`. It keeps
//! them only for the blocks of [`BLOCK_PAGES`] offsets that some layer
//! holds a page in, found through a bit per block ([`BlockMap`]), so that
//! a segment whose layers hold pages in a few places costs what those
//! blocks do, not what the whole segment would. It is built once the
//! lookups made into the segment would have paid for building it, if it
//! costs at most [`MAX_BYTES_PER_PAGE`] per page the layers hold, and is
//! kept current with the pages the layers receive. Like the dense copies,
//! it is dropped whenever a write to its segment went unrecorded.

use crate::engine::bitmaps::serialized::for_each_run;
use crate::engine::model::ids::LayerId;
use crate::engine::sweep::holder::{Holder, position_from};

/// Layers an index has a bit for.
pub(crate) const MAX_LAYERS: usize = 32;

/// Offsets per block of the index: the sampling block, so that a sampled
/// segment's blocks are full.
const BLOCK_PAGES: u32 = 64;

/// The most an index may cost per page its layers hold in the segment.
const MAX_BYTES_PER_PAGE: u64 = 5;

/// Which of up to [`MAX_LAYERS`] layers hold each offset of one segment.
#[derive(Clone, Debug)]
pub(crate) struct HolderIndex {
    /// The layer of each bit.
    layers: Vec<LayerId>,
    /// Where each indexed block's masks are.
    blocks: BlockMap,
    /// Per offset of each indexed block, in block order, the bits of the
    /// layers holding it.
    masks: Vec<u32>,
}

/// The blocks of a segment that some layer holds a page in, and the rank
/// of each among them: a bit per block, and per 64 blocks the count of
/// those before. Finding a block's masks is two loads that do not depend
/// on each other, where a search of a sorted list of blocks would be a
/// chain of them (a segment sampled at 1/64 has about 160 blocks).
#[derive(Clone, Debug)]
struct BlockMap {
    bits: Vec<u64>,
    before: Vec<u32>,
}

impl BlockMap {
    /// The map of `blocks` (ascending) in a segment of `segment_blocks`.
    fn new(blocks: &[u32], segment_blocks: u32) -> Self {
        let words = segment_blocks.div_ceil(64) as usize;
        let mut bits = vec![0u64; words];
        for &b in blocks {
            bits[(b / 64) as usize] |= 1 << (b % 64);
        }
        let mut map = BlockMap {
            bits,
            before: vec![0; words],
        };
        map.count_from(0);
        map
    }

    /// Recounts the blocks before each word from word `first` on.
    fn count_from(&mut self, first: usize) {
        let mut count = match first {
            0 => 0,
            _ => self.before[first - 1] + self.bits[first - 1].count_ones(),
        };
        for (before, word) in self.before[first..].iter_mut().zip(&self.bits[first..]) {
            *before = count;
            count += word.count_ones();
        }
    }

    /// The rank of `block` among the indexed blocks, if it is one.
    fn position(&self, block: u32) -> Option<usize> {
        let word = (block / 64) as usize;
        let bits = *self.bits.get(word)?;
        let bit = 1u64 << (block % 64);
        (bits & bit != 0).then(|| (self.before[word] + (bits & (bit - 1)).count_ones()) as usize)
    }

    /// Adds `block`, not indexed yet; returns its rank.
    #[expect(clippy::expect_used, reason = "the block has just been added")]
    fn insert(&mut self, block: u32) -> usize {
        let word = (block / 64) as usize;
        self.bits[word] |= 1 << (block % 64);
        self.count_from(word + 1);
        self.position(block).expect("just added")
    }

    /// Bytes the map costs.
    fn bytes(segment_blocks: u32) -> u64 {
        u64::from(segment_blocks.div_ceil(64)) * 12
    }
}

impl HolderIndex {
    /// Whether `lookups` made so far into a segment whose layers are
    /// `holders` could have earned an index: building visits every page
    /// held once. Whether it is small enough is for [`HolderIndex::build`].
    pub fn earned(lookups: u64, holders: &[Holder<'_>]) -> bool {
        holders.len() <= MAX_LAYERS && lookups >= holders.iter().map(|h| h.pages.len()).sum()
    }

    /// Indexes the pages of `holders`, whose layers are `layers`, in a
    /// segment of `segment_pages`; `None` if the index would cost more than
    /// [`MAX_BYTES_PER_PAGE`] per page they hold.
    pub fn build(holders: &[Holder<'_>], layers: &[LayerId], segment_pages: u64) -> Option<Self> {
        let mut blocks = Vec::new();
        for h in holders {
            for_each_run(h.pages, |start, end| {
                let (first, last) = (start / BLOCK_PAGES, (end - 1) / BLOCK_PAGES);
                if blocks.last() == Some(&first) {
                    blocks.extend(first + 1..=last);
                } else {
                    blocks.extend(first..=last);
                }
            });
        }
        blocks.sort_unstable();
        blocks.dedup();
        let held: u64 = holders.iter().map(|h| h.pages.len()).sum();
        let segment_blocks = segment_pages.div_ceil(u64::from(BLOCK_PAGES)) as u32;
        let bytes =
            blocks.len() as u64 * u64::from(BLOCK_PAGES) * 4 + BlockMap::bytes(segment_blocks);
        if bytes > held * MAX_BYTES_PER_PAGE {
            return None;
        }
        let mut index = HolderIndex {
            layers: layers.to_vec(),
            masks: vec![0; blocks.len() * BLOCK_PAGES as usize],
            blocks: BlockMap::new(&blocks, segment_blocks),
        };
        for (i, h) in holders.iter().enumerate() {
            let bit = 1 << i;
            for_each_run(h.pages, |start, end| {
                for offset in start..end {
                    #[expect(
                        clippy::expect_used,
                        reason = "every block a holder holds was indexed above"
                    )]
                    let slot = index.slot(offset).expect("every held block is indexed");
                    index.masks[slot] |= bit;
                }
            });
        }
        Some(index)
    }

    /// Where `offset`'s mask is, if its block is indexed.
    fn slot(&self, offset: u32) -> Option<usize> {
        let at = self.blocks.position(offset / BLOCK_PAGES)?;
        Some(at * BLOCK_PAGES as usize + (offset % BLOCK_PAGES) as usize)
    }

    /// The bit of each of `layers`, the segment's holders now, into `out`.
    /// A layer the index has no bit for gets one if it holds no page but
    /// those it `received` since the index was last current (its count
    /// there) and a bit is free. False if some layer cannot be given a
    /// bit: the index can no longer say who holds what.
    pub fn bits(
        &mut self,
        holders: &[Holder<'_>],
        layers: &[LayerId],
        received: &[u64],
        out: &mut Vec<u32>,
    ) -> bool {
        out.clear();
        let mut next = 0;
        for ((&layer, h), &got) in layers.iter().zip(holders).zip(received) {
            let slot = match self.slot_of(layer, next) {
                Some(slot) => slot,
                None if h.pages.len() == got && self.layers.len() < MAX_LAYERS => {
                    self.layers.push(layer);
                    self.layers.len() - 1
                }
                None => return false,
            };
            out.push(1 << slot);
            next = slot + 1;
        }
        true
    }

    /// The bit of `layer`, if the index has one.
    pub fn bit_of(&self, layer: LayerId) -> Option<u32> {
        self.slot_of(layer, 0).map(|slot| 1 << slot)
    }

    /// Which bit of the index is `layer`'s, looking from bit `from` on
    /// first: the layers come in the order the index was built in.
    fn slot_of(&self, layer: LayerId, from: usize) -> Option<usize> {
        position_from(&self.layers, from, |&l| l == layer)
    }

    /// Whether the layer of `bit` was recorded as holding `offset`. Never
    /// wrongly true: layers only gain pages and their ids are never reused,
    /// so a record stays true even when the index is out of date.
    pub fn holds(&self, offset: u32, bit: u32) -> bool {
        self.slot(offset)
            .is_some_and(|slot| self.masks[slot] & bit != 0)
    }

    /// Adds `bits` to the holders of `offset`; returns its holders now.
    pub fn receive(&mut self, offset: u32, bits: u32) -> u32 {
        let slot = match self.slot(offset) {
            Some(slot) => slot,
            None if bits == 0 => return 0,
            None => self.add_block(offset / BLOCK_PAGES) + (offset % BLOCK_PAGES) as usize,
        };
        let mask = &mut self.masks[slot];
        *mask |= bits;
        *mask
    }

    /// Indexes a block no layer held a page in; returns where its masks
    /// start.
    fn add_block(&mut self, block: u32) -> usize {
        let at = self.blocks.insert(block);
        let start = at * BLOCK_PAGES as usize;
        self.masks
            .splice(start..start, std::iter::repeat_n(0, BLOCK_PAGES as usize));
        start
    }
}

#[cfg(test)]
mod tests {
    use roaring::RoaringBitmap;

    use super::*;

    fn holder(pages: &RoaringBitmap) -> Holder<'_> {
        Holder::for_test(0, 1, 1, pages)
    }

    #[test]
    fn an_index_is_earned_by_lookups_and_bounded_in_size() {
        // Pages 0..512 are 8 blocks: 2,080 bytes of index, under 5 bytes
        // for each of the 512 pages held; 512 lookups earn it. Pages
        // 0..100 are 2 blocks, 520 bytes: over 5 bytes a page.
        let half: RoaringBitmap = (0..512).collect();
        let few: RoaringBitmap = (0..100).collect();
        assert!(HolderIndex::earned(512, &[holder(&half)]));
        assert!(!HolderIndex::earned(511, &[holder(&half)]));
        assert!(HolderIndex::build(&[holder(&half)], &[LayerId(1)], 1024).is_some());
        assert!(HolderIndex::build(&[holder(&few)], &[LayerId(1)], 1024).is_none());
        let many: Vec<Holder<'_>> = (0..=MAX_LAYERS).map(|_| holder(&half)).collect();
        assert!(!HolderIndex::earned(u64::MAX, &many));
    }

    #[test]
    fn an_index_follows_what_its_layers_receive() {
        // Layer 7 holds 0..512, layer 9 offsets 3 and 600.
        let bulk: RoaringBitmap = (0..512).collect();
        let mut scattered: RoaringBitmap = [3, 600].into_iter().collect();
        let layers = [LayerId(7), LayerId(9)];
        let mut index = HolderIndex::build(&[holder(&bulk), holder(&scattered)], &layers, 1024)
            .expect("small enough");
        let mut bits = Vec::new();
        assert!(index.bits(
            &[holder(&bulk), holder(&scattered)],
            &layers,
            &[0, 0],
            &mut bits
        ));
        assert_eq!(bits, vec![0b01, 0b10]);
        assert_eq!(index.receive(3, 0), 0b11);
        assert_eq!(index.receive(600, 0), 0b10);
        assert_eq!(index.receive(700, 0), 0);
        // Layer 9 receives 700; layer 4 appears holding only offset 5,
        // which it received, so it gets the next bit.
        scattered.insert(700);
        assert_eq!(index.receive(700, bits[1]), 0b10);
        let new: RoaringBitmap = [5].into_iter().collect();
        let layers = [LayerId(7), LayerId(9), LayerId(4)];
        let holders = [holder(&bulk), holder(&scattered), holder(&new)];
        assert!(index.bits(&holders, &layers, &[0, 1, 1], &mut bits));
        assert_eq!(bits, vec![0b001, 0b010, 0b100]);
        assert_eq!(index.receive(5, bits[2]), 0b101);
    }

    #[test]
    fn a_layer_with_unrecorded_pages_invalidates_the_index() {
        // Layer 4 holds two pages but only one was recorded as received:
        // the index cannot know the other.
        let bulk: RoaringBitmap = (0..512).collect();
        let mut index =
            HolderIndex::build(&[holder(&bulk)], &[LayerId(7)], 1024).expect("small enough");
        let new: RoaringBitmap = [5, 6].into_iter().collect();
        let holders = [holder(&bulk), holder(&new)];
        assert!(!index.bits(
            &holders,
            &[LayerId(7), LayerId(4)],
            &[0, 1],
            &mut Vec::new()
        ));
    }

    #[test]
    fn a_sampled_segment_is_indexed_by_its_blocks() {
        // A segment of 65,536 offsets (1,024 blocks) whose layers hold 3
        // blocks of 64, far apart: the index is 3 blocks' masks (768
        // bytes) and a bit per block (192 bytes), not the segment.
        let base: RoaringBitmap = (0..64).chain(6_400..6_464).chain(59_968..60_032).collect();
        let writes: RoaringBitmap = [6_410, 60_031].into_iter().collect();
        let layers = [LayerId(1), LayerId(2)];
        let holders = [holder(&base), holder(&writes)];
        let mut index = HolderIndex::build(&holders, &layers, 65_536).expect("small enough");
        assert_eq!(index.masks.len(), 3 * 64);
        assert!(index.holds(6_410, 0b10) && !index.holds(6_411, 0b10));
        assert_eq!(index.receive(6_410, 0), 0b11);
        assert_eq!(index.receive(60_031, 0), 0b11);
        assert_eq!(index.receive(59_968, 0), 0b01);
        assert_eq!(index.receive(30_000, 0), 0);
        // A write into a block between the others adds it in order.
        assert_eq!(index.receive(30_001, 0b10), 0b10);
        let blocks: Vec<u32> = (0..1_024)
            .filter(|&b| index.blocks.position(b).is_some())
            .collect();
        assert_eq!(blocks, vec![0, 100, 30_001 / 64, 937]);
        assert_eq!(index.blocks.position(937), Some(3));
        assert_eq!(index.receive(59_968, 0), 0b01);
        assert_eq!(index.receive(30_000, 0), 0);
        assert!(index.holds(30_001, 0b10));
    }
}
