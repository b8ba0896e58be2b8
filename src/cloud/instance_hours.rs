//! The billable time of one DB instance (docs/aws-behaviour.md, "DB
//! instances"): AWS bills an instance per second while it is billable,
//! with a minimum of 10 minutes after each billable status change
//! (created, started, its class modified). The time is kept per rate,
//! that is per class and storage type, since both set the price; the
//! meter charges what was added since the last hour.

use std::collections::BTreeMap;

use super::instance_classes::InstanceClass;
use super::storage_type::StorageType;
use crate::time::{MINUTE, Seconds, SimTime};

/// The least billed after a billable status change.
pub const MINIMUM: Seconds = 10 * MINUTE;

/// What sets an instance-hour's price: its class and its cluster's
/// storage type.
pub type Rate = (InstanceClass, StorageType);

/// One billable stretch still open.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Stretch {
    since: SimTime,
    /// Billed at least to here, however soon it closes.
    billed_to_at_least: SimTime,
    rate: Rate,
}

/// An instance's billable seconds to date, per rate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InstanceHours {
    open: Option<Stretch>,
    closed: BTreeMap<Rate, Seconds>,
}

impl InstanceHours {
    /// It becomes billable at `now` (a billable status change): billed
    /// at least [`MINIMUM`] from now.
    pub fn start(&mut self, now: SimTime, rate: Rate) {
        self.stop(now);
        self.open = Some(Stretch {
            since: now,
            billed_to_at_least: now.plus(MINIMUM),
            rate,
        });
    }

    /// It stops being billable at `now`; the stretch is billed its
    /// minimum if it was shorter.
    pub fn stop(&mut self, now: SimTime) {
        if let Some(s) = self.open.take() {
            let end = now.max(s.billed_to_at_least);
            *self.closed.entry(s.rate).or_default() += end.since(s.since);
        }
    }

    /// Its price changes at `now` without a billable status change (its
    /// cluster's storage type changed): the minimum runs on.
    pub fn reprice(&mut self, now: SimTime, rate: Rate) {
        if let Some(s) = self.open
            && s.rate != rate
        {
            *self.closed.entry(s.rate).or_default() += now.since(s.since);
            self.open = Some(Stretch {
                since: now,
                rate,
                ..s
            });
        }
    }

    /// Whether it is billable now.
    pub fn running(&self) -> bool {
        self.open.is_some()
    }

    /// Its billable seconds from its creation to `now`, per rate.
    pub fn to(&self, now: SimTime) -> BTreeMap<Rate, Seconds> {
        let mut out = self.closed.clone();
        if let Some(s) = self.open {
            *out.entry(s.rate).or_default() += now.since(s.since).max(0);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::HOUR;

    fn rate(name: &str) -> Rate {
        (InstanceClass::parse(name).unwrap(), StorageType::Standard)
    }

    #[test]
    fn a_short_stretch_bills_ten_minutes_and_a_long_one_its_length() {
        let t0 = SimTime::DEFAULT_START;
        let mut h = InstanceHours::default();
        h.start(t0, rate("db.r6g.large"));
        h.stop(t0.plus(60));
        assert_eq!(h.to(t0.plus(HOUR))[&rate("db.r6g.large")], 600);
        h.start(t0.plus(HOUR), rate("db.r6g.large"));
        h.stop(t0.plus(3 * HOUR));
        assert_eq!(
            h.to(t0.plus(4 * HOUR))[&rate("db.r6g.large")],
            600 + 2 * HOUR
        );
    }

    #[test]
    fn a_repriced_stretch_keeps_one_minimum() {
        let t0 = SimTime::DEFAULT_START;
        let mut h = InstanceHours::default();
        let standard = rate("db.r6g.large");
        let iopt = (standard.0, StorageType::IoOptimized);
        h.start(t0, standard);
        h.reprice(t0.plus(100), iopt);
        h.stop(t0.plus(200));
        let billed = h.to(t0.plus(HOUR));
        assert_eq!(billed[&standard] + billed[&iopt], 600);
        assert_eq!(billed[&standard], 100);
    }
}
