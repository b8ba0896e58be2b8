//! Reads a compressed bitmap's pages, or its runs of consecutive pages,
//! from roaring's portable serialization (the format shared by the C, Java
//! and Go implementations), container by container.
//!
//! Three reasons. A clone's rewritten pages of a segment are mostly bitmap
//! containers (more than 4,096 pages in a block of 65,536), and the sweep
//! reads a leaf layer's bitmap containers in place, as words ([`Blocks`]):
//! roaring has no other way to hand them out. Where pages must be listed,
//! roaring's iterator takes a branch per page that mispredicts about once
//! per word, while reading the words here and writing each word's first
//! eight pages unconditionally has no such branch. And runs read here come
//! straight from the run containers, whatever their length: roaring's own
//! run iteration has failed on a full 65,536-page container (the README's
//! "Left to do" tells how).

use std::cell::RefCell;

use roaring::RoaringBitmap;

/// Cookies of the two header layouts (with and without run containers).
const NO_RUNS: u32 = 12346;
const WITH_RUNS: u32 = 12347;
/// With run containers, offsets are written from this many containers on.
const OFFSETS_FROM: usize = 4;
/// Above this many values, a container without runs is a bitmap.
const ARRAY_LIMIT: usize = 4096;

thread_local! {
    static BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The pages of `pages`, in order.
pub(crate) fn pages_of(pages: &RoaringBitmap) -> Vec<u32> {
    // Slack for the unconditional writes of `push_bits`.
    let mut out = Vec::with_capacity(pages.len() as usize + 64);
    BYTES.with_borrow_mut(|bytes| {
        serialize(pages, bytes);
        list(bytes, &mut out, |high, words, count, out| {
            push_bits(words, high, count, out);
        });
    });
    out
}

/// Appends the pages serialized in `bytes` to `out`, in order, except
/// those of bitmap containers, which go to `bitmap(high, words, count,
/// out)`.
fn list(
    bytes: &[u8],
    out: &mut Vec<u32>,
    mut bitmap: impl FnMut(u32, &[u8], usize, &mut Vec<u32>),
) {
    parse(bytes, |high, container| match container {
        Container::Runs(bytes) => {
            for (first, last) in runs(bytes) {
                out.extend(high + first..=high + last);
            }
        }
        Container::Array(bytes) => out.extend(offsets(bytes).map(|v| high | v)),
        Container::Bitmap(words, count) => bitmap(high, words, count, out),
    });
}

/// A layer's bitmap containers, read in place from its serialization
/// rather than listed: the sweep reads a leaf layer's pages straight from
/// their words.
#[derive(Debug, Default)]
pub(crate) struct Blocks {
    bytes: Vec<u8>,
    /// Each bitmap container's first page and where its 1,024
    /// little-endian words start in `bytes`, pages ascending.
    at: Vec<(u32, usize)>,
    /// Pages in them.
    pub pages: u64,
}

impl Blocks {
    /// The words covering pages `start..start + len` (`len` a power of two
    /// from 64 to 65,536, `start` a multiple of it), as little-endian
    /// bytes; empty if no bitmap container holds them.
    pub fn words_in(&self, start: u32, len: u32) -> &[u8] {
        debug_assert!(len.is_power_of_two() && (64..=1 << 16).contains(&len));
        match self
            .at
            .binary_search_by_key(&(start & !0xFFFF), |&(high, _)| high)
        {
            Ok(i) => {
                let from = self.at[i].1 + (start & 0xFFFF) as usize / 8;
                &self.bytes[from..from + len as usize / 8]
            }
            Err(_) => &[],
        }
    }
}

/// The pages of `pages` outside bitmap containers, in order, and the
/// bitmap containers.
pub(crate) fn pages_and_blocks(pages: &RoaringBitmap) -> (Vec<u32>, Blocks) {
    BYTES.with_borrow_mut(|bytes| {
        serialize(pages, bytes);
        let mut out = Vec::with_capacity(pages.len() as usize);
        let (mut at, mut count) = (Vec::new(), 0);
        let base = bytes.as_ptr().addr();
        list(bytes, &mut out, |high, words, n, _| {
            at.push((high, words.as_ptr().addr() - base));
            count += n as u64;
        });
        // Without bitmap containers nothing is read in place, and the
        // buffer stays for the next layer; with them, it moves out, and
        // the list needs less room than all the pages.
        if at.is_empty() {
            return (out, Blocks::default());
        }
        out.shrink_to_fit();
        let blocks = Blocks {
            bytes: std::mem::take(bytes),
            at,
            pages: count,
        };
        (out, blocks)
    })
}

/// Calls `f(start, end)` for each maximal run of consecutive pages, in
/// order (runs that meet across a block boundary are one).
pub(crate) fn for_each_run(pages: &RoaringBitmap, mut f: impl FnMut(u32, u32)) {
    let mut run: Option<(u32, u32)> = None;
    let mut extend = |x: u32, y: u32| {
        run = match run {
            Some((start, end)) if x == end => Some((start, y)),
            Some((start, end)) => {
                f(start, end);
                Some((x, y))
            }
            None => Some((x, y)),
        };
    };
    for_each_container(pages, |high, container| match container {
        Container::Runs(bytes) => {
            for (first, last) in runs(bytes) {
                extend(high + first, high + last + 1);
            }
        }
        Container::Array(bytes) => {
            for v in offsets(bytes) {
                extend(high | v, (high | v) + 1);
            }
        }
        Container::Bitmap(bytes, _) => {
            for (i, mut w) in words(bytes).enumerate() {
                let base = high + 64 * i as u32;
                while w != 0 {
                    let start = w.trailing_zeros();
                    let len = (!(w >> start)).trailing_zeros();
                    extend(base + start, base + start + len);
                    // Adding the run's lowest bit carries through the run
                    // and clears it.
                    w &= w.wrapping_add(1 << start);
                }
            }
        }
    });
    if let Some((start, end)) = run {
        f(start, end);
    }
}

/// One container as serialized, its offsets within its block of 65,536.
enum Container<'a> {
    /// Per run, its first offset and its length minus one.
    Runs(&'a [u8]),
    /// The offsets.
    Array(&'a [u8]),
    /// 1,024 words, lowest offsets first, and how many bits are set.
    Bitmap(&'a [u8], usize),
}

fn offsets(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(2)
        .map(|v| u32::from(u16::from_le_bytes([v[0], v[1]])))
}

/// (first, last) of each run.
fn runs(bytes: &[u8]) -> impl Iterator<Item = (u32, u32)> + '_ {
    bytes.chunks_exact(4).map(|r| {
        let first = u32::from(u16::from_le_bytes([r[0], r[1]]));
        (first, first + u32::from(u16::from_le_bytes([r[2], r[3]])))
    })
}

/// Little-endian words, as serialized.
#[expect(
    clippy::expect_used,
    reason = "chunks_exact(8) gives slices of eight bytes"
)]
pub(crate) fn words(bytes: &[u8]) -> impl Iterator<Item = u64> + '_ {
    bytes
        .chunks_exact(8)
        .map(|w| u64::from_le_bytes(w.try_into().expect("eight bytes")))
}

/// A cursor over serialized bytes written by roaring itself: running out
/// would be a roaring bug, hence the panics.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        head
    }

    #[expect(clippy::expect_used, reason = "take(2) gives two bytes")]
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take(2).try_into().expect("two bytes"))
    }

    #[expect(clippy::expect_used, reason = "take(4) gives four bytes")]
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take(4).try_into().expect("four bytes"))
    }
}

/// Calls `f(high, container)` for each container of `pages` in order,
/// `high` being its block's first page.
fn for_each_container(pages: &RoaringBitmap, f: impl FnMut(u32, Container<'_>)) {
    BYTES.with_borrow_mut(|bytes| {
        serialize(pages, bytes);
        parse(bytes, f);
    });
}

/// Replaces `bytes` with the serialization of `pages`.
#[expect(clippy::expect_used, reason = "serializing into a Vec cannot fail")]
fn serialize(pages: &RoaringBitmap, bytes: &mut Vec<u8>) {
    bytes.clear();
    pages
        .serialize_into(&mut *bytes)
        .expect("writing to memory cannot fail");
}

/// Calls `f(high, container)` for each container serialized in `bytes`.
fn parse(bytes: &[u8], mut f: impl FnMut(u32, Container<'_>)) {
    let mut r = Reader { bytes };
    let cookie = r.u32();
    let (size, run_flags) = if cookie & 0xFFFF == WITH_RUNS {
        let size = (cookie >> 16) as usize + 1;
        (size, Some(r.take(size.div_ceil(8))))
    } else {
        assert_eq!(cookie, NO_RUNS, "roaring serialization cookie");
        (r.u32() as usize, None)
    };
    let descriptions = r.take(4 * size);
    if run_flags.is_none() || size >= OFFSETS_FROM {
        r.take(4 * size);
    }
    for (i, d) in descriptions.chunks_exact(4).enumerate() {
        let high = u32::from(u16::from_le_bytes([d[0], d[1]])) << 16;
        let count = usize::from(u16::from_le_bytes([d[2], d[3]])) + 1;
        let container = if run_flags.is_some_and(|bits| bits[i / 8] >> (i % 8) & 1 == 1) {
            let n = usize::from(r.u16());
            Container::Runs(r.take(4 * n))
        } else if count <= ARRAY_LIMIT {
            Container::Array(r.take(2 * count))
        } else {
            Container::Bitmap(r.take(8192), count)
        };
        f(high, container);
    }
}

/// Appends the `count` set bits of a 65,536-bit block given as 1,024
/// little-endian words. Each word's first eight bits are written whether
/// set or not (past the end, then overwritten or cut off), so a word costs
/// no branch unless it holds more than eight.
fn push_bits(words: &[u8], high: u32, count: usize, out: &mut Vec<u32>) {
    let start = out.len();
    out.resize(start + count + 8, 0);
    let dst = &mut out[start..];
    let mut n = 0;
    for (i, mut w) in self::words(words).enumerate() {
        let set = w.count_ones() as usize;
        let base = high + 64 * i as u32;
        for d in &mut dst[n..n + 8] {
            *d = base + w.trailing_zeros();
            w &= w.wrapping_sub(1);
        }
        for d in dst.iter_mut().take(n + set).skip(n + 8) {
            *d = base + w.trailing_zeros();
            w &= w.wrapping_sub(1);
        }
        n += set;
    }
    out.truncate(start + count);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both readings against roaring's own iterator: the pages, and the
    /// maximal runs of consecutive pages.
    fn check(pages: &RoaringBitmap) {
        let all: Vec<u32> = pages.iter().collect();
        assert_eq!(pages_of(pages), all);
        let mut expected: Vec<(u32, u32)> = Vec::new();
        for &x in &all {
            match expected.last_mut() {
                Some((_, end)) if *end == x => *end += 1,
                _ => expected.push((x, x + 1)),
            }
        }
        let mut runs = Vec::new();
        for_each_run(pages, |a, b| runs.push((a, b)));
        assert_eq!(runs, expected);
    }

    /// 100 random pages of block 0 (an array container) and 6,000 of
    /// block 1 (a bitmap).
    fn array_and_bitmap(rng: &mut rand_xoshiro::Xoshiro256PlusPlus) -> RoaringBitmap {
        use rand::RngExt;
        let mut pages = RoaringBitmap::new();
        for _ in 0..100 {
            pages.insert(rng.random_range(0..1 << 16));
        }
        for _ in 0..6_000 {
            pages.insert(rng.random_range(1 << 16..2 << 16));
        }
        pages
    }

    #[test]
    fn every_container_kind_is_listed_in_order() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(9);
        // Array, bitmap (sparse, and dense: words with more than eight
        // bits, runs across words and up to a word's top bit), run, a full
        // block, and an empty bitmap.
        let mut pages = array_and_bitmap(&mut rng);
        for _ in 0..40_000 {
            pages.insert(rng.random_range(2 << 16..3 << 16));
        }
        pages.insert_range(3 << 16..4 << 16);
        pages.insert_range((4 << 16) + 5..(4 << 16) + 900);
        for k in 0..5_000 {
            pages.insert((5 << 16) + 300 + 11 * k);
        }
        pages.insert_range((5 << 16) + 60..(5 << 16) + 200);
        check(&pages);
        let mut runs = pages.clone();
        runs.optimize();
        check(&runs);
        check(&RoaringBitmap::new());
        for blocks in 1..6 {
            let mut few = RoaringBitmap::new();
            for b in 0..blocks {
                few.insert_range(b << 16..(b << 16) + 10);
            }
            check(&few);
        }
    }

    #[test]
    fn bitmap_containers_are_kept_as_words_and_the_rest_listed() {
        use rand::SeedableRng;
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        // Block 0 an array, block 1 a bitmap, block 2 a run.
        let mut pages = array_and_bitmap(&mut rng);
        pages.insert_range((2 << 16) + 7..(2 << 16) + 5_000);
        pages.optimize();
        let (listed, blocks) = pages_and_blocks(&pages);
        let outside = |x: &u32| !(1 << 16..2 << 16).contains(x);
        assert_eq!(listed, pages.iter().filter(outside).collect::<Vec<_>>());
        assert_eq!(blocks.pages, pages.range(1 << 16..2 << 16).count() as u64);
        for quarter in 0..4 {
            let start = (1 << 16) + quarter * (1 << 14);
            let mut read = Vec::new();
            for (j, mut w) in words(blocks.words_in(start, 1 << 14)).enumerate() {
                while w != 0 {
                    read.push(start + 64 * j as u32 + w.trailing_zeros());
                    w &= w - 1;
                }
            }
            let held: Vec<u32> = pages.range(start..start + (1 << 14)).collect();
            assert_eq!(read, held, "quarter {quarter}");
        }
        assert!(blocks.words_in(0, 1 << 16).is_empty());
        assert!(blocks.words_in(2 << 16, 1 << 16).is_empty());
    }

    #[test]
    fn a_block_whose_every_bit_is_set_is_listed() {
        let mut pages = RoaringBitmap::new();
        pages.insert_range(0..1 << 16);
        pages.remove_run_compression();
        check(&pages);
    }

    #[test]
    fn runs_cover_full_and_partial_blocks() {
        let mut pages = RoaringBitmap::new();
        pages.insert_range(3..5);
        pages.insert_range(65_536..(3 << 16) + 2);
        pages.insert(200_000);
        let mut runs = Vec::new();
        for_each_run(&pages, |a, b| runs.push((a, b)));
        assert_eq!(
            runs,
            vec![(3, 5), (65_536, (3 << 16) + 2), (200_000, 200_001)]
        );
    }

    #[test]
    fn runs_cover_full_blocks_first_last_and_between_gaps() {
        // Blocks: 0 full, 1 empty, 2 full, 3 partial, 4 and 5 empty, 6
        // full. A full block is a run container, which roaring 0.12.0's
        // `next_many` skips; each must still come out as one run, merged
        // with its neighbours when they touch.
        let mut pages = RoaringBitmap::new();
        pages.insert_range(0..1 << 16);
        pages.insert_range(2 << 16..3 << 16);
        pages.insert_range(3 << 16..(3 << 16) + 3);
        pages.insert((3 << 16) + 9);
        pages.insert_range(6 << 16..7 << 16);
        let mut runs = Vec::new();
        for_each_run(&pages, |a, b| runs.push((a, b)));
        assert_eq!(
            runs,
            vec![
                (0, 1 << 16),
                (2 << 16, (3 << 16) + 3),
                ((3 << 16) + 9, (3 << 16) + 10),
                (6 << 16, 7 << 16),
            ]
        );
        let mut only_full = RoaringBitmap::new();
        only_full.insert_range(5 << 16..6 << 16);
        let mut runs = Vec::new();
        for_each_run(&only_full, |a, b| runs.push((a, b)));
        assert_eq!(runs, vec![(5 << 16, 6 << 16)]);
    }
}
