//! What a page version is worth to each of its viewers, and sums of it.
//!
//! A version's worth comes from a table indexed by its packed (viewers,
//! writer alive) pair, so a visit is a load and a vector add rather than a
//! division.

use super::holder::Holder;
use super::leaves::{DENSE, Group, each_bit};
use super::segment_sums::Acc;
use crate::engine::model::policy::{BillingPolicy, Payer};

/// Sums of version worths: what a dead writer's versions are worth, what a
/// live writer's are worth, versions, and versions with one viewer. Kept as
/// four floats so that adding a version's worth is one vector add.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tally(pub [f64; 4]);

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        for (a, b) in self.0.iter_mut().zip(o.0) {
            *a += b;
        }
    }

    pub fn sub(&mut self, o: &Tally) {
        for (a, b) in self.0.iter_mut().zip(o.0) {
            *a -= b;
        }
    }

    /// The sum of lanes summed apart.
    fn total([mut a, b, c, d]: [Tally; 4]) -> Tally {
        for l in [b, c, d] {
            a.add(&l);
        }
        a
    }

    pub fn scaled(&self, n: usize) -> Tally {
        Tally(self.0.map(|x| x * n as f64))
    }

    pub fn to_acc(self) -> Acc {
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

/// Adds a two-lane worth to a sum of them.
pub(crate) fn add_pair(sum: &mut [f64; 2], worth: &[f64; 2]) {
    sum[0] += worth[0];
    sum[1] += worth[1];
}

/// A version as stored in `visible`: non-zero, zero meaning "no version".
pub(crate) fn version(viewers: u32, writer_alive: bool) -> u64 {
    ((u64::from(viewers) << 1) | u64::from(writer_alive)) + 1
}

/// The worth of every version a segment's holders can have, by
/// [`version`]: as a `Tally`, and as the two lanes and writer flags of
/// `Worths::sub_group`.
pub(crate) struct Worths {
    tallies: Vec<Tally>,
    pairs: Vec<[f64; 2]>,
    /// `LIVE` if the version's share goes to a live writer's lane, `DEAD`
    /// if to a dead writer's, 0 if it is worth no share.
    sides: Vec<u8>,
}

const LIVE: u8 = 1;
const DEAD: u8 = 2;

/// In `Worths::pairs`, what a version with one viewer adds to the count
/// lane besides 1. Counts in a chunk stay below it, so the sum of a lane is
/// exact and splits back into versions and versions with one viewer.
const EXCLUSIVE: u64 = 1 << 17;

impl Worths {
    pub fn new(holders: &[Holder<'_>]) -> Self {
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
        let pairs = table
            .iter()
            .map(|&Tally([dead, alive, count, exclusive])| {
                [dead + alive, count + EXCLUSIVE as f64 * exclusive]
            })
            .collect();
        let sides = table
            .iter()
            .map(|&Tally([dead, alive, ..])| {
                (if alive != 0.0 { LIVE } else { 0 }) | (if dead != 0.0 { DEAD } else { 0 })
            })
            .collect();
        Worths {
            tallies: table,
            pairs,
            sides,
        }
    }

    pub fn of(&self, version: u64) -> &Tally {
        &self.tallies[version as usize]
    }

    /// The worth of the versions at `offs` in `visible`, summed in four
    /// lanes so the adds don't wait on each other.
    pub fn sum_at(&self, visible: &[u64; DENSE], offs: &[u32], mask: u32) -> Tally {
        let at = |x: u32| visible[(x & mask) as usize] as usize;
        let mut lanes = [Tally::default(); 4];
        let mut quads = offs.chunks_exact(4);
        for q in &mut quads {
            for (lane, &x) in lanes.iter_mut().zip(q) {
                lane.add(&self.tallies[at(x)]);
            }
        }
        for &x in quads.remainder() {
            lanes[0].add(&self.tallies[at(x)]);
        }
        Tally::total(lanes)
    }

    /// The worth of the versions in `visible` at the pages set in `words`,
    /// as `sum_at`.
    pub fn sum_in(&self, visible: &[u64; DENSE], words: &[u8]) -> Tally {
        let mut lanes = [Tally::default(); 4];
        each_bit(words, |k, x| {
            lanes[k % 4].add(&self.tallies[visible[x] as usize])
        });
        Tally::total(lanes)
    }

    /// Calls `sub(i, worth)` for each row `i` of `group`, with the worth of
    /// the versions in `visible` that the row's pages hide. All rows see
    /// the same versions, so each word position's 64 worths are looked up
    /// once, into a table whose 65th entry (the trailing zeros of an empty
    /// word) is worth nothing: a set bit then costs one table read, with no
    /// test for a missing page.
    ///
    /// Where the word position's versions all have live writers, or all
    /// dead ones (nearly always), a worth fits in two lanes instead of
    /// four: the share, and the packed counts of [`EXCLUSIVE`].
    pub fn sub_group(&self, visible: &[u64; DENSE], group: &Group, sub: impl FnMut(usize, &Tally)) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("bmi1") {
            // SAFETY: the processor has BMI1, checked just above.
            return unsafe { self.sub_group_bmi1(visible, group, sub) };
        }
        self.sub_group_any(visible, group, sub)
    }

    /// `sub_group` compiled for processors with BMI1 (most x86-64 ones
    /// since 2013, not the baseline the build targets): finding a word's
    /// lowest page and clearing it are one instruction each instead of two
    /// or three, and they are most of the work per page.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "bmi1")]
    fn sub_group_bmi1(
        &self,
        visible: &[u64; DENSE],
        group: &Group,
        sub: impl FnMut(usize, &Tally),
    ) {
        self.sub_group_any(visible, group, sub)
    }

    #[inline(always)]
    fn sub_group_any(
        &self,
        visible: &[u64; DENSE],
        group: &Group,
        mut sub: impl FnMut(usize, &Tally),
    ) {
        // Per row, live writers' shares and packed counts; the same for
        // dead writers.
        let mut sums = [
            vec![[0.0f64; 2]; group.rows.len()],
            vec![[0.0f64; 2]; group.rows.len()],
        ];
        let mut pairs = [[0.0f64; 2]; 65];
        for (j, column) in group.columns().enumerate() {
            let versions = |t: usize| visible[(64 * j + t) & (DENSE - 1)] as usize;
            let mut sides = 0;
            for (t, pair) in pairs[..64].iter_mut().enumerate() {
                *pair = self.pairs[versions(t)];
                sides |= self.sides[versions(t)];
            }
            if sides == LIVE | DEAD {
                let mut near = [Tally::default(); 65];
                for (t, n) in near[..64].iter_mut().enumerate() {
                    *n = self.tallies[versions(t)];
                }
                for (&i, &word) in group.rows.iter().zip(column) {
                    let mut w = word;
                    let mut a = Tally::default();
                    while w != 0 {
                        a.add(&near[w.trailing_zeros() as usize]);
                        w &= w - 1;
                    }
                    sub(i, &a);
                }
                continue;
            }
            let side = &mut sums[usize::from(sides == DEAD)];
            for (&word, sum) in column.iter().zip(side) {
                let mut w = word;
                let (mut a, mut b) = ([0.0; 2], [0.0; 2]);
                for _ in 0..4 {
                    add_pair(&mut a, &pairs[w.trailing_zeros() as usize]);
                    w &= w.wrapping_sub(1);
                    add_pair(&mut b, &pairs[w.trailing_zeros() as usize]);
                    w &= w.wrapping_sub(1);
                }
                while w != 0 {
                    add_pair(&mut a, &pairs[w.trailing_zeros() as usize]);
                    w &= w - 1;
                }
                add_pair(&mut a, &b);
                add_pair(sum, &a);
            }
        }
        let [live, dead] = sums;
        for ((&i, live), dead) in group.rows.iter().zip(live).zip(dead) {
            let mut worth = Worths::unpair(live, true);
            worth.add(&Worths::unpair(dead, false));
            sub(i, &worth);
        }
    }

    /// A version's worth in two lanes (see [`EXCLUSIVE`]).
    pub fn pair(&self, version: u64) -> &[f64; 2] {
        &self.pairs[version as usize]
    }

    /// The tally of a sum of two-lane worths of versions whose writers
    /// are all alive, or all dead.
    pub fn unpair([share, packed]: [f64; 2], alive: bool) -> Tally {
        let packed = packed as u64;
        let (count, exclusive) = (packed % EXCLUSIVE, packed / EXCLUSIVE);
        let mut t = Tally([0.0, 0.0, count as f64, exclusive as f64]);
        t.0[usize::from(alive)] = share;
        t
    }
}

#[cfg(test)]
mod tests {
    use roaring::RoaringBitmap;

    use super::*;
    use crate::engine::sweep::leaves::dense;

    #[test]
    fn sub_group_gives_the_same_bits_with_or_without_bmi1() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(8);
        let pages = RoaringBitmap::new();
        let worths = Worths::new(&[Holder::for_test(0, 1, 40, &pages)]);
        let mut visible = dense();
        // Live writers' versions in the first half, mixed after.
        for (x, v) in visible.iter_mut().take(1 << 12).enumerate() {
            let alive = x < 1 << 11 || rng.random_bool(0.5);
            *v = version(rng.random_range(0..=40), alive);
        }
        let rows: Vec<Vec<u8>> = (0..12)
            .map(|_| {
                (0..(1 << 12) / 64)
                    .flat_map(|_| (rng.random::<u64>() & rng.random::<u64>()).to_le_bytes())
                    .collect()
            })
            .collect();
        let group = Group::new(
            rows.iter()
                .enumerate()
                .map(|(i, r)| (i, r.as_slice(), true))
                .collect(),
            Vec::new(),
        );
        let run = |any: bool| {
            let mut out = vec![Tally::default(); rows.len()];
            let sub = |i: usize, t: &Tally| out[i].sub(t);
            if any {
                worths.sub_group_any(&visible, &group, sub);
            } else {
                worths.sub_group(&visible, &group, sub);
            }
            out.iter()
                .map(|t| t.0.map(f64::to_bits))
                .collect::<Vec<_>>()
        };
        let with = run(false);
        assert_eq!(with, run(true));
        assert!(with.iter().all(|t| t[2] != 0), "every row hid versions");
    }
}
