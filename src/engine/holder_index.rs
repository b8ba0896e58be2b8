//! An index, per segment, of which layers hold each page: one load per
//! written page instead of one per layer.
//!
//! Hourly metering of a family with ten clones under workloads looks up
//! every page written in the hour in the eleven layers that hold pages in
//! its segment (the source's data and the ten writers). Even with dense
//! copies ([`super::probe`]) that is eleven cache misses a page. The index
//! keeps, per offset of the segment, a bit per layer (up to
//! [`MAX_LAYERS`]), so the holders of a page are one `u16`. It is built
//! once the lookups made into the segment would have paid for building
//! it, if it costs at most [`MAX_BYTES_PER_PAGE`] per page the layers
//! hold, and is kept current with the pages the layers receive. Like the
//! dense copies, it is dropped whenever a write to its segment went
//! unrecorded.

use super::decode::for_each_run;
use super::holder::Holder;
use super::ids::LayerId;

/// Layers an index has a bit for.
pub(crate) const MAX_LAYERS: usize = 16;

/// The most an index may cost per page its layers hold in the segment.
const MAX_BYTES_PER_PAGE: u64 = 4;

/// Which of up to [`MAX_LAYERS`] layers hold each offset of one segment.
#[derive(Clone, Debug)]
pub(crate) struct HolderIndex {
    /// The layer of each bit.
    layers: Vec<LayerId>,
    /// Per offset, the bits of the layers holding it.
    masks: Box<[u16]>,
}

impl HolderIndex {
    /// Whether `lookups` made so far into a segment of `segment_pages`
    /// whose layers are `holders` have earned an index: building visits
    /// every page held once.
    pub fn earned(lookups: u64, holders: &[Holder<'_>], segment_pages: u64) -> bool {
        if holders.len() > MAX_LAYERS {
            return false;
        }
        let held: u64 = holders.iter().map(|h| h.pages.len()).sum();
        lookups >= held && segment_pages * 2 <= held * MAX_BYTES_PER_PAGE
    }

    /// Indexes the pages of `holders`, whose layers are `layers`.
    pub fn build(holders: &[Holder<'_>], layers: &[LayerId], segment_pages: u64) -> Self {
        let mut masks = vec![0u16; segment_pages as usize].into_boxed_slice();
        for (i, h) in holders.iter().enumerate() {
            let bit = 1 << i;
            for_each_run(h.pages, |start, end| {
                for m in &mut masks[start as usize..end as usize] {
                    *m |= bit;
                }
            });
        }
        HolderIndex {
            layers: layers.to_vec(),
            masks,
        }
    }

    /// The bit of each of `layers`, the segment's holders now. A layer the
    /// index has no bit for gets one if it holds no page but those it
    /// `received` since the index was last current (its count there) and
    /// a bit is free. `None` if some layer cannot be given a bit: the
    /// index can no longer say who holds what.
    pub fn bits(
        &mut self,
        holders: &[Holder<'_>],
        layers: &[LayerId],
        received: &[u64],
    ) -> Option<Vec<u16>> {
        layers
            .iter()
            .zip(holders)
            .zip(received)
            .map(
                |((&layer, h), &got)| match self.layers.iter().position(|&l| l == layer) {
                    Some(slot) => Some(1 << slot),
                    None if h.pages.len() == got && self.layers.len() < MAX_LAYERS => {
                        self.layers.push(layer);
                        Some(1 << (self.layers.len() - 1))
                    }
                    None => None,
                },
            )
            .collect()
    }

    /// Adds `bits` to the holders of `offset`; returns its holders now.
    pub fn receive(&mut self, offset: u32, bits: u16) -> u16 {
        let mask = &mut self.masks[offset as usize];
        *mask |= bits;
        *mask
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
        // 1,024 offsets: an index costs 2,048 bytes, so its layers must
        // hold at least 512 pages (4 bytes each), and 512 lookups must
        // have been made.
        let half: RoaringBitmap = (0..512).collect();
        let few: RoaringBitmap = (0..100).collect();
        assert!(HolderIndex::earned(512, &[holder(&half)], 1024));
        assert!(!HolderIndex::earned(511, &[holder(&half)], 1024));
        assert!(!HolderIndex::earned(10_000, &[holder(&few)], 1024));
        let many: Vec<Holder<'_>> = (0..=MAX_LAYERS).map(|_| holder(&half)).collect();
        assert!(!HolderIndex::earned(u64::MAX, &many, 1024));
    }

    #[test]
    fn an_index_follows_what_its_layers_receive() {
        // Layer 7 holds 0..512, layer 9 offsets 3 and 600.
        let bulk: RoaringBitmap = (0..512).collect();
        let mut scattered: RoaringBitmap = [3, 600].into_iter().collect();
        let layers = [LayerId(7), LayerId(9)];
        let mut index = HolderIndex::build(&[holder(&bulk), holder(&scattered)], &layers, 1024);
        let bits = index
            .bits(&[holder(&bulk), holder(&scattered)], &layers, &[0, 0])
            .expect("both indexed");
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
        let bits = index.bits(&holders, &layers, &[0, 1, 1]).expect("room");
        assert_eq!(bits, vec![0b001, 0b010, 0b100]);
        assert_eq!(index.receive(5, bits[2]), 0b101);
    }

    #[test]
    fn a_layer_with_unrecorded_pages_invalidates_the_index() {
        // Layer 4 holds two pages but only one was recorded as received:
        // the index cannot know the other.
        let bulk: RoaringBitmap = (0..512).collect();
        let mut index = HolderIndex::build(&[holder(&bulk)], &[LayerId(7)], 1024);
        let new: RoaringBitmap = [5, 6].into_iter().collect();
        let holders = [holder(&bulk), holder(&new)];
        assert!(
            index
                .bits(&holders, &[LayerId(7), LayerId(4)], &[0, 1])
                .is_none()
        );
    }
}
