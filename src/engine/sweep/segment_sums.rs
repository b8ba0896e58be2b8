//! What a sweep leaves for one segment: each holding layer's sums of the
//! worth of its versions to their viewers, before the prefix sum down the
//! tree turns them into every volume's counts and bills. Families keep them
//! per segment between accountings (`cache/`), runs of equal ones once.

use std::collections::BTreeMap;

use crate::engine::model::page::SegmentNo;
use crate::engine::model::policy::{BillingPolicy, Payer};

/// Per-layer sums of version contributions, before the prefix sum.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Acc {
    pub visible: i64,
    pub exclusive: i64,
    /// Equal split among viewers, per policy (where its payer is `Viewers`).
    pub split: [f64; 3],
}

impl Acc {
    /// What `count` versions with `viewers` live viewers are worth to each
    /// viewer.
    pub fn of(count: u64, viewers: u32, writer_alive: bool) -> Acc {
        let mut acc = Acc {
            visible: count as i64,
            exclusive: if viewers == 1 { count as i64 } else { 0 },
            split: [0.0; 3],
        };
        if viewers > 0 {
            let share = count as f64 / f64::from(viewers);
            for p in BillingPolicy::ALL {
                if p.payer(writer_alive) == Payer::Viewers {
                    acc.split[p.index()] = share;
                }
            }
        }
        acc
    }

    pub fn add(&mut self, o: &Acc) {
        self.visible += o.visible;
        self.exclusive += o.exclusive;
        for (a, b) in self.split.iter_mut().zip(o.split) {
            *a += b;
        }
    }

    pub fn sub(&mut self, o: &Acc) {
        self.visible -= o.visible;
        self.exclusive -= o.exclusive;
        for (a, b) in self.split.iter_mut().zip(o.split) {
            *a -= b;
        }
    }
}

/// One holder's share of a segment's sums.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LayerSums {
    pub pos: u32,
    pub acc: Acc,
    /// Versions of the layer that at least one live volume sees.
    pub seen: u64,
}

/// A segment's contributions, at the layers holding its pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct SegmentSums {
    pub layers: Vec<LayerSums>,
    /// Versions only snapshots see.
    pub snapshot_only: u64,
}

/// Each segment's sums, in segment order, a run of consecutive segments
/// with equal sums kept once: the segments a 256 TiB volume holds whole
/// cost one entry between accountings, not 26,215. Reading them back
/// gives each segment's sums in turn, so the totals add up the same
/// values in the same order as one entry per segment would.
#[derive(Clone, Debug, Default)]
pub(crate) struct SumsBySegment {
    /// First segment of each run, with its length and its sums.
    runs: BTreeMap<SegmentNo, (u32, SegmentSums)>,
}

impl SumsBySegment {
    pub fn clear(&mut self) {
        self.runs.clear();
    }

    /// Each segment's sums, in segment order.
    pub fn values(&self) -> impl Iterator<Item = &SegmentSums> {
        self.runs
            .values()
            .flat_map(|(len, sums)| std::iter::repeat_n(sums, *len as usize))
    }

    /// Takes out the sums of `seg`, if kept.
    pub fn remove(&mut self, seg: SegmentNo) -> Option<SegmentSums> {
        let (start, len) = self.run_holding(seg)?;
        self.split_off(start, len, seg.0 + 1);
        let (_, sums) = self.runs.remove(&start)?;
        if seg.0 > start.0 {
            self.runs.insert(start, (seg.0 - start.0, sums.clone()));
        }
        Some(sums)
    }

    /// Keeps `sums` for the `len` segments from `start`, replacing what
    /// was kept for them.
    pub fn insert_run(&mut self, start: SegmentNo, len: u32, sums: SegmentSums) {
        if len == 0 {
            return;
        }
        let end = start.0 + len;
        if let Some((first, first_len)) = self.run_holding(start) {
            self.split_off(first, first_len, start.0);
        }
        if let Some((last, last_len)) = self.run_holding(SegmentNo(end - 1)) {
            self.split_off(last, last_len, end);
        }
        let inside: Vec<SegmentNo> = self
            .runs
            .range(start..SegmentNo(end))
            .map(|(s, _)| *s)
            .collect();
        for s in inside {
            self.runs.remove(&s);
        }
        let (mut start, mut len) = (start, len);
        if let Some((&before, (before_len, before_sums))) = self.runs.range(..start).next_back()
            && before.0 + before_len == start.0
            && *before_sums == sums
        {
            len += before_len;
            start = before;
        }
        if let Some((after_len, after_sums)) = self.runs.get(&SegmentNo(end))
            && *after_sums == sums
        {
            len += after_len;
            self.runs.remove(&SegmentNo(end));
        }
        self.runs.insert(start, (len, sums));
    }

    /// Keeps only the segments whose sums `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&SegmentSums) -> bool) {
        self.runs.retain(|_, (_, sums)| keep(sums));
    }

    /// The run holding `seg`: its first segment and length.
    fn run_holding(&self, seg: SegmentNo) -> Option<(SegmentNo, u32)> {
        let (&start, &(len, _)) = self.runs.range(..=seg).next_back()?;
        (seg.0 < start.0 + len).then_some((start, len))
    }

    /// Cuts the run at `start` (of `len`) in two at segment `at`, if `at`
    /// falls inside it.
    fn split_off(&mut self, start: SegmentNo, len: u32, at: u32) {
        if at <= start.0 || at >= start.0 + len {
            return;
        }
        if let Some((run_len, sums)) = self.runs.get_mut(&start) {
            *run_len = at - start.0;
            let rest = (start.0 + len - at, sums.clone());
            self.runs.insert(SegmentNo(at), rest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sums(n: i64) -> SegmentSums {
        SegmentSums {
            layers: vec![LayerSums {
                pos: 0,
                acc: Acc {
                    visible: n,
                    ..Acc::default()
                },
                seen: n as u64,
            }],
            snapshot_only: 0,
        }
    }

    fn listed(map: &SumsBySegment) -> Vec<(u32, u32, i64)> {
        map.runs
            .iter()
            .map(|(s, (len, sums))| (s.0, *len, sums.layers[0].acc.visible))
            .collect()
    }

    #[test]
    fn equal_neighbours_merge_and_removals_split() {
        let mut map = SumsBySegment::default();
        map.insert_run(SegmentNo(0), 10, sums(1));
        map.insert_run(SegmentNo(10), 1, sums(2));
        map.insert_run(SegmentNo(11), 5, sums(1));
        assert_eq!(listed(&map), vec![(0, 10, 1), (10, 1, 2), (11, 5, 1)]);
        assert_eq!(map.remove(SegmentNo(4)), Some(sums(1)));
        assert_eq!(
            listed(&map),
            vec![(0, 4, 1), (5, 5, 1), (10, 1, 2), (11, 5, 1)]
        );
        map.insert_run(SegmentNo(4), 1, sums(1));
        map.insert_run(SegmentNo(10), 1, sums(1));
        assert_eq!(listed(&map), vec![(0, 16, 1)]);
        assert_eq!(map.values().count(), 16);
    }

    #[test]
    fn a_run_replaces_what_it_covers() {
        let mut map = SumsBySegment::default();
        map.insert_run(SegmentNo(0), 4, sums(1));
        map.insert_run(SegmentNo(6), 4, sums(2));
        map.insert_run(SegmentNo(2), 6, sums(3));
        assert_eq!(listed(&map), vec![(0, 2, 1), (2, 6, 3), (8, 2, 2)]);
        let visible: Vec<i64> = map.values().map(|s| s.layers[0].acc.visible).collect();
        assert_eq!(visible, vec![1, 1, 3, 3, 3, 3, 3, 3, 2, 2]);
        assert_eq!(map.remove(SegmentNo(5)), Some(sums(3)));
        assert_eq!(map.remove(SegmentNo(5)), None);
        map.retain(|s| s.layers[0].acc.visible != 3);
        assert_eq!(listed(&map), vec![(0, 2, 1), (8, 2, 2)]);
    }
}
