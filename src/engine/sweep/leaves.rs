//! Leaf pages read straight from bitmap words.
//!
//! A clone that rewrote more than 4,096 pages of a 65,536-page block (a
//! sixteenth) holds it as a bitmap container: 1,024 words of 64 pages. A leaf (a layer with no holder below it in the
//! chunk) needs nothing stored per page, so the sweeps read its pages from
//! those words instead of from a list of offsets. And where many leaves
//! hang side by side under the same holders (a hundred clones of one
//! source), they are taken together a word position at a time
//! ([`Group`]): sweep 1 counts them with bit operations, a word at a time
//! for all 64 pages, and sweep 2 looks up the worth of the 64 versions they
//! hide once for all of them.

use crate::engine::bitmaps::serialized::words;
use crate::engine::model::page::MAX_CHUNK;

/// From this many leaves reading their pages from words on, a run of
/// leaves is swept as a [`Group`].
pub(crate) const GROUP: usize = 8;

/// The length of the dense arrays indexed by offset within a chunk: twice
/// the longest chunk, so that slot [`NONE`], past every offset, can take
/// the reads and writes of pages that a word turns out not to have (see
/// [`each_bit`]).
pub(crate) const DENSE: usize = 2 * MAX_CHUNK as usize;

/// A slot of the dense arrays that no offset uses: `visible` keeps it zero
/// (no version, worth nothing) and `blocked` is never read there.
pub(crate) const NONE: usize = MAX_CHUNK as usize;

/// A dense array indexed by offset within a chunk. Its fixed length lets
/// an index masked below it go unchecked.
pub(crate) type Dense = Box<[u64; DENSE]>;

#[expect(clippy::expect_used, reason = "the vector is DENSE words long")]
pub(crate) fn dense() -> Dense {
    vec![0; DENSE]
        .into_boxed_slice()
        .try_into()
        .expect("DENSE long")
}

/// Calls `f(k, x)` for the offset `x` of each page set in `words` (word
/// `j` holding offsets `64 * j..64 * j + 64`), `k` numbering the first
/// eight calls of a word (0 for the rest). A word's first eight calls are
/// made whether or not it has that many pages, with `x` = [`NONE`] for the
/// missing ones: a word of a tenth of its pages costs no mispredicted
/// branch. `x` is below [`DENSE`]; `k` is a constant in the unrolled
/// calls, so that sums indexed by it stay in registers.
#[inline(always)]
pub(crate) fn each_bit(bytes: &[u8], mut f: impl FnMut(usize, usize)) {
    for (j, word) in words(bytes).enumerate() {
        let (mut w, base) = (word, 64 * j);
        for k in 0..8 {
            let x = if w == 0 {
                NONE
            } else {
                base + w.trailing_zeros() as usize
            };
            f(k, x & (DENSE - 1));
            w &= w.wrapping_sub(1);
        }
        while w != 0 {
            f(0, (base + w.trailing_zeros() as usize) & (DENSE - 1));
            w &= w - 1;
        }
    }
}

/// A run of leaves read from words, laid out position by position: the
/// leaves' words at one position are neighbours. Read a position at a time
/// straight from a hundred leaves, every read would touch another memory
/// page, and the processor's table of recent pages would miss.
pub(crate) struct Group {
    /// The leaves (indices in the chunk), those that block exactly one
    /// volume first.
    pub rows: Vec<usize>,
    /// How many of `rows` block exactly one volume and nothing else.
    pub units: usize,
    /// Per word position, the rows' words there.
    words: Vec<u64>,
}

impl Group {
    /// Lays out `rows` (index, words, whether a unit), all words of one
    /// length, in `laid` (a buffer of an earlier group, or empty: every
    /// word of it is written, so it needs no clearing).
    pub fn new(mut rows: Vec<(usize, &[u8], bool)>, mut laid: Vec<u64>) -> Group {
        rows.sort_by_key(|&(_, _, unit)| !unit);
        let n = rows.len();
        laid.resize(n * rows.first().map_or(0, |r| r.1.len() / 8), 0);
        for (l, &(_, bytes, _)) in rows.iter().enumerate() {
            for (column, w) in laid.chunks_exact_mut(n).zip(words(bytes)) {
                column[l] = w;
            }
        }
        Group {
            units: rows.iter().filter(|r| r.2).count(),
            rows: rows.into_iter().map(|r| r.0).collect(),
            words: laid,
        }
    }

    /// The buffer, for another group.
    pub fn into_words(self) -> Vec<u64> {
        self.words
    }

    /// Each word position's words, in the order of `rows`.
    pub fn columns(&self) -> impl Iterator<Item = &[u64]> {
        self.words.chunks_exact(self.rows.len())
    }

    /// Adds 1 to `blocked` at each page set in each unit row. At each word
    /// position the rows' bits are summed as binary numbers held bit by bit
    /// across eight words (a bit-sliced counter, 255 rows at a time), and
    /// each page's count is then added once: a row's word costs a few bit
    /// operations rather than a read-modify-write per page.
    pub fn count_units(&self, blocked: &mut [u64; DENSE]) {
        for (j, column) in self.columns().enumerate() {
            for part in column[..self.units].chunks(255) {
                let sliced = bit_sliced_sum(part);
                if sliced.iter().all(|&s| s == 0) {
                    continue;
                }
                for byte in 0..8 {
                    // Eight pages' counts, one per byte.
                    let mut counts = 0u64;
                    for (bit, s) in sliced.iter().enumerate() {
                        counts |= SPREAD[((s >> (8 * byte)) & 0xFF) as usize] << bit;
                    }
                    let base = 64 * j + 8 * byte;
                    for i in 0..8 {
                        let x = (base + i) & (DENSE - 1);
                        blocked[x] = blocked[x].wrapping_add((counts >> (8 * i)) & 0xFF);
                    }
                }
            }
        }
    }
}

/// The sum of up to 255 words' bits at each of the 64 positions, bit `b`
/// of each sum in word `b`. Words are taken eight at a time through a tree
/// of carry-save adders (the Harley-Seal scheme): about six bit operations
/// a word.
fn bit_sliced_sum(words: &[u64]) -> [u64; 8] {
    debug_assert!(words.len() < 256);
    let mut s = [0u64; 8];
    let mut octets = words.chunks_exact(8);
    for o in &mut octets {
        let (ones, twos_a) = carry_save(s[0], o[0], o[1]);
        let (ones, twos_b) = carry_save(ones, o[2], o[3]);
        let (twos, fours_a) = carry_save(s[1], twos_a, twos_b);
        let (ones, twos_a) = carry_save(ones, o[4], o[5]);
        let (ones, twos_b) = carry_save(ones, o[6], o[7]);
        let (twos, fours_b) = carry_save(twos, twos_a, twos_b);
        let (fours, eights) = carry_save(s[2], fours_a, fours_b);
        (s[0], s[1], s[2]) = (ones, twos, fours);
        ripple(&mut s[3..], eights);
    }
    for &w in octets.remainder() {
        ripple(&mut s, w);
    }
    s
}

/// Bitwise, the sum and carry of three bits.
fn carry_save(a: u64, b: u64, c: u64) -> (u64, u64) {
    let u = a ^ b;
    (u ^ c, (a & b) | (u & c))
}

/// Adds `carry` to the bit-sliced counter `slices` (lowest bit first).
fn ripple(slices: &mut [u64], mut carry: u64) {
    for s in slices {
        let next = *s & carry;
        *s ^= carry;
        carry = next;
    }
}

/// `SPREAD[b]` has bit `i` of `b` as the lowest bit of its byte `i`.
const SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < 8 {
            table[b] |= (((b >> i) & 1) as u64) << (8 * i);
            i += 1;
        }
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(words: &[u64]) -> Vec<u8> {
        words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    #[test]
    fn each_bit_calls_once_per_page_and_pads_words_to_eight() {
        // Words with 0, 2, 64 and 3 pages: 8 + 8 + 64 + 8 calls, the
        // padding ones at NONE.
        let words = [0, 1 << 63 | 1, u64::MAX, 0b1011];
        let mut pages = Vec::new();
        let mut calls = 0;
        each_bit(&bytes(&words), |_, x| {
            calls += 1;
            if x != NONE {
                pages.push(x);
            }
        });
        let mut expected = vec![64, 127];
        expected.extend(128..192);
        expected.extend([192, 193, 195]);
        assert_eq!(pages, expected);
        assert_eq!(calls, 8 + 8 + 64 + 8);
    }

    #[test]
    fn a_group_counts_each_page_of_its_unit_rows() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(4);
        // 300 unit rows (two passes of the 255-row counter) among 5 other
        // rows, 4 words each; every unit row sets page 0.
        let rows: Vec<(Vec<u8>, bool)> = (0..305)
            .map(|r| {
                let words: Vec<u64> = (0..4)
                    .map(|_| rng.random::<u64>() & rng.random::<u64>())
                    .collect();
                let unit = r % 61 != 0;
                let first = if unit { 1 } else { 0 };
                (
                    bytes(&[words[0] | first, words[1], words[2], words[3]]),
                    unit,
                )
            })
            .collect();
        let group = Group::new(
            rows.iter()
                .enumerate()
                .map(|(i, (b, unit))| (i, b.as_slice(), *unit))
                .collect(),
            vec![7; 3],
        );
        assert_eq!(group.units, 300);
        assert!(group.rows[..300].iter().all(|&i| rows[i].1));
        let mut blocked = dense();
        group.count_units(&mut blocked);
        for x in 0..256 {
            let expected = rows
                .iter()
                .filter(|(b, unit)| *unit && b[x / 8] >> (x % 8) & 1 == 1)
                .count();
            assert_eq!(blocked[x], expected as u64, "page {x}");
        }
        assert_eq!(blocked[0], 300);
    }
}
