//! A dense bit set over one segment's page offsets, for the sweep's
//! per-segment scratch work: a bit test is a load, and a range is a few
//! word writes, where a compressed bitmap would allocate.

/// A fixed-size set of `u32` offsets, one bit each.
#[derive(Clone, Debug, Default)]
pub(crate) struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    /// Empties the set and makes room for offsets below `len`.
    pub fn reset(&mut self, len: u32) {
        let words = (len as usize).div_ceil(64);
        self.words.clear();
        self.words.resize(words, 0);
    }

    pub fn contains(&self, x: u32) -> bool {
        self.words[(x / 64) as usize] & (1 << (x % 64)) != 0
    }

    pub fn insert(&mut self, x: u32) {
        self.words[(x / 64) as usize] |= 1 << (x % 64);
    }

    /// Adds every offset of `start..end`.
    pub fn insert_range(&mut self, start: u32, end: u32) {
        self.for_words(start, end, |w, mask| *w |= mask);
    }

    /// Calls `f` with each offset of `start..end` in the set, in order.
    pub fn for_each_in(&self, start: u32, end: u32, mut f: impl FnMut(u32)) {
        let mut base = start / 64 * 64;
        let mut first = true;
        let (lo, hi) = ((start / 64) as usize, end.div_ceil(64) as usize);
        for &word in &self.words[lo..hi] {
            let mut w = word & range_mask(base, start, end, first);
            first = false;
            while w != 0 {
                f(base + w.trailing_zeros());
                w &= w - 1;
            }
            base += 64;
        }
    }

    /// Applies `f` to each word overlapping `start..end`, with the mask of
    /// the range's bits in that word.
    fn for_words(&mut self, start: u32, end: u32, mut f: impl FnMut(&mut u64, u64)) {
        if start >= end {
            return;
        }
        let mut base = start / 64 * 64;
        let (lo, hi) = ((start / 64) as usize, end.div_ceil(64) as usize);
        for (k, w) in self.words[lo..hi].iter_mut().enumerate() {
            f(w, range_mask(base, start, end, k == 0));
            base += 64;
        }
    }
}

/// The bits of the word starting at offset `base` that lie in `start..end`.
fn range_mask(base: u32, start: u32, end: u32, first: bool) -> u64 {
    let low = if first { !0u64 << (start - base) } else { !0 };
    let high = if end - base >= 64 {
        !0
    } else {
        (1u64 << (end - base)) - 1
    };
    low & high
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(s: &BitSet, start: u32, end: u32) -> Vec<u32> {
        let mut v = Vec::new();
        s.for_each_in(start, end, |x| v.push(x));
        v
    }

    #[test]
    fn ranges_cross_word_boundaries() {
        let mut s = BitSet::default();
        s.reset(300);
        s.insert_range(60, 130);
        s.insert(5);
        assert!(s.contains(60) && s.contains(129) && s.contains(5));
        assert!(!s.contains(59) && !s.contains(130));
        assert_eq!(collect(&s, 0, 62), vec![5, 60, 61]);
        assert_eq!(collect(&s, 128, 300), vec![128, 129]);
    }

    #[test]
    fn reset_empties() {
        let mut s = BitSet::default();
        s.reset(64);
        s.insert_range(0, 64);
        s.reset(128);
        assert_eq!(collect(&s, 0, 128), Vec::<u32>::new());
    }
}
