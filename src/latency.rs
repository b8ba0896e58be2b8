//! How long long-running operations take in simulated time.
//!
//! Defaults come from the published anchors in docs/aws-behaviour.md ("Numbers"): a copy-on-write
//! clone is ready in about 5 min 30 s whatever the size, most of it instance
//! provisioning (AWS News Blog, "Amazon Aurora Fast Database Cloning",
//! 2017); a 2 TB restore took about an hour, which (docs/aws-behaviour.md, an inference)
//! is roughly 0.6 GiB/s after a start-up of a few minutes. Where the sources
//! are silent the figure is marked "inference" and can be set in a
//! scenario's `[latency]` table.

use rand::{Rng, RngExt};
use serde::Serialize;
use thiserror::Error;

use crate::time::Seconds;

/// The latency model's parameters (the names `[latency]` takes in a scenario).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct LatencyModel {
    /// Relative spread of every duration: each is multiplied by
    /// `exp(jitter × N(0, 1))`, a log-normal factor with median 1. `0`
    /// makes every duration exact.
    pub jitter: f64,
    /// A new cluster becomes `available` (inference: a few minutes).
    pub create_seconds: f64,
    /// A copy-on-write clone's cluster becomes `available`, independent of
    /// size (blog: 5 min 30 s to a queryable clone, most of it the
    /// instance).
    pub clone_seconds: f64,
    /// A DB instance becomes `available` (blog: most of the 5 minutes).
    pub instance_seconds: f64,
    /// Fixed start-up of a full copy or snapshot restore (inference).
    pub restore_base_seconds: f64,
    /// Throughput of a full copy or snapshot restore (docs/aws-behaviour.md, an inference
    /// from the blog's 2 TB hour).
    pub restore_gib_per_second: f64,
    /// Fixed part of taking a cluster snapshot (inference).
    pub snapshot_base_seconds: f64,
    /// Throughput of taking a snapshot; Aurora snapshots are incremental
    /// and quick (inference).
    pub snapshot_gib_per_second: f64,
    /// Throughput of copying a snapshot, e.g. to re-encrypt it (inference).
    pub copy_snapshot_gib_per_second: f64,
    /// A cluster, instance or snapshot is gone after `deleting`.
    pub delete_seconds: f64,
    /// A cluster and its instances are `stopped` after `stopping`
    /// (inference: a few minutes).
    pub stop_seconds: f64,
    /// A stopped cluster and its instances are `available` after
    /// `starting` (inference: several minutes, about an instance's
    /// provisioning and recovery).
    pub start_seconds: f64,
}

impl Default for LatencyModel {
    fn default() -> Self {
        LatencyModel {
            jitter: 0.1,
            create_seconds: 180.0,
            clone_seconds: 90.0,
            instance_seconds: 240.0,
            restore_base_seconds: 180.0,
            restore_gib_per_second: 0.6,
            snapshot_base_seconds: 30.0,
            snapshot_gib_per_second: 50.0,
            copy_snapshot_gib_per_second: 5.0,
            delete_seconds: 120.0,
            stop_seconds: 300.0,
            start_seconds: 600.0,
        }
    }
}

/// A long-running operation, with the data it moves where that matters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LongOp {
    Create,
    Clone,
    Instance,
    /// A full copy or a restore from snapshot of this many GiB.
    Restore {
        gib: f64,
    },
    Snapshot {
        gib: f64,
    },
    CopySnapshot {
        gib: f64,
    },
    Delete,
    Stop,
    Start,
}

impl LatencyModel {
    /// The nominal duration of `op`, before jitter.
    pub fn nominal(&self, op: LongOp) -> f64 {
        match op {
            LongOp::Create => self.create_seconds,
            LongOp::Clone => self.clone_seconds,
            LongOp::Instance => self.instance_seconds,
            LongOp::Restore { gib } => {
                self.restore_base_seconds + gib / self.restore_gib_per_second
            }
            LongOp::Snapshot { gib } => {
                self.snapshot_base_seconds + gib / self.snapshot_gib_per_second
            }
            LongOp::CopySnapshot { gib } => {
                self.snapshot_base_seconds + gib / self.copy_snapshot_gib_per_second
            }
            LongOp::Delete => self.delete_seconds,
            LongOp::Stop => self.stop_seconds,
            LongOp::Start => self.start_seconds,
        }
    }

    /// The duration of `op` in whole seconds (at least one), with jitter
    /// drawn from `rng`.
    pub fn sample(&self, op: LongOp, rng: &mut impl Rng) -> Seconds {
        let factor = if self.jitter > 0.0 {
            (self.jitter * standard_normal(rng)).exp()
        } else {
            1.0
        };
        (self.nominal(op) * factor)
            .round()
            .clamp(1.0, MAX_DURATION_SECONDS as f64) as Seconds
    }

    /// The names `[latency]` accepts, with a mutable reference to each.
    pub fn fields_mut(&mut self) -> [(&'static str, &mut f64); 12] {
        [
            ("jitter", &mut self.jitter),
            ("create-seconds", &mut self.create_seconds),
            ("clone-seconds", &mut self.clone_seconds),
            ("instance-seconds", &mut self.instance_seconds),
            ("restore-base-seconds", &mut self.restore_base_seconds),
            ("restore-gib-per-second", &mut self.restore_gib_per_second),
            ("snapshot-base-seconds", &mut self.snapshot_base_seconds),
            ("snapshot-gib-per-second", &mut self.snapshot_gib_per_second),
            (
                "copy-snapshot-gib-per-second",
                &mut self.copy_snapshot_gib_per_second,
            ),
            ("delete-seconds", &mut self.delete_seconds),
            ("stop-seconds", &mut self.stop_seconds),
            ("start-seconds", &mut self.start_seconds),
        ]
    }

    /// Checks that every parameter is usable; the error names the field.
    pub fn validate(&self) -> Result<(), LatencyError> {
        let mut copy = self.clone();
        for (name, value) in copy.fields_mut() {
            let rate = name.ends_with("per-second");
            let ok = value.is_finite()
                && if rate {
                    *value > 0.0
                } else {
                    (0.0..=MAX_DURATION_SECONDS as f64).contains(value)
                };
            if !ok {
                let value = *value;
                return Err(if rate {
                    LatencyError::Rate { name, value }
                } else {
                    LatencyError::Duration { name, value }
                });
            }
        }
        Ok(())
    }
}

/// A latency parameter out of its range: which, and its value.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum LatencyError {
    #[error("latency `{name}` is {value}: expected a number > 0")]
    Rate { name: &'static str, value: f64 },
    #[error(
        "latency `{name}` is {value}: expected a number from 0 to {} (a year)",
        MAX_DURATION_SECONDS
    )]
    Duration { name: &'static str, value: f64 },
}

/// The longest any operation takes, in seconds (a year), whatever the
/// model's parameters and jitter draw: a completion stays a date the clock
/// can reach, and a server's describe that waits for it can't meter
/// centuries.
pub const MAX_DURATION_SECONDS: Seconds = 365 * 24 * 3_600;

/// A standard normal draw (Box-Muller), from two uniform draws.
pub fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    #[test]
    fn no_duration_reaches_past_a_year() {
        let model = LatencyModel {
            create_seconds: 4e12,
            ..LatencyModel::default()
        };
        assert!(model.validate().is_err(), "refused as it is read");
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        assert_eq!(model.sample(LongOp::Create, &mut rng), MAX_DURATION_SECONDS);
    }

    #[test]
    fn defaults_reproduce_the_anchors() {
        let m = LatencyModel::default();
        // A clone is queryable in about 5 min 30 s at any size.
        assert_eq!(
            m.nominal(LongOp::Clone) + m.nominal(LongOp::Instance),
            330.0
        );
        // A 2 TB restore takes about an hour.
        let two_tb_gib = 2e12 / (1u64 << 30) as f64;
        let hour = m.nominal(LongOp::Restore { gib: two_tb_gib }) + m.nominal(LongOp::Instance);
        assert!((3_300.0..3_900.0).contains(&hour), "{hour}");
    }

    #[test]
    fn zero_jitter_is_exact_and_jitter_is_seeded() {
        let exact = LatencyModel {
            jitter: 0.0,
            ..LatencyModel::default()
        };
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        assert_eq!(exact.sample(LongOp::Clone, &mut rng), 90);
        let m = LatencyModel::default();
        let draw = |seed| {
            m.sample(
                LongOp::Instance,
                &mut Xoshiro256PlusPlus::seed_from_u64(seed),
            )
        };
        assert_eq!(draw(7), draw(7));
        let spread: Vec<Seconds> = (0..50).map(draw).collect();
        assert!(spread.iter().any(|&d| d != 240));
    }

    #[test]
    fn bad_parameters_are_named() {
        let m = LatencyModel {
            restore_gib_per_second: 0.0,
            ..LatencyModel::default()
        };
        assert!(
            m.validate()
                .unwrap_err()
                .to_string()
                .contains("restore-gib-per-second")
        );
    }
}
