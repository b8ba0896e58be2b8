//! What a sweep leaves for one segment: each holding layer's sums of the
//! worth of its versions to their viewers, before the prefix sum down the
//! tree turns them into every volume's counts and bills. Families keep them
//! per segment between accountings (`cache/`).

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
