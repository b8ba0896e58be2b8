//! The bill's line items: what each hour's metering charged, to which
//! account and cluster, for which kind of charge, added up per hour or per
//! day. Exports in billing formats (FOCUS) are written from it; the meter
//! keeps one only when an export asks, since a year of a large fleet is
//! millions of hourly items.

use std::collections::BTreeMap;

use crate::cloud::instance_hours::Rate;
use crate::cloud::{AccountId, ClusterId, InstanceId};
use crate::time::{DAY, HOUR, Seconds, SimTime};

crate::names::named_enum! {
    /// How long each line item's period is.
    #[derive(Default)]
    pub enum Granularity ("granularity") {
        Hour = "hour",
        #[default]
        Day = "day",
    }
}

impl Granularity {
    pub fn seconds(self) -> Seconds {
        match self {
            Granularity::Hour => HOUR,
            Granularity::Day => DAY,
        }
    }
}

crate::names::named_enum! {
    /// What a line item charges for.
    pub enum Charge ("charge") {
        /// A cluster's share of stored pages on Aurora Standard (GB-months).
        Storage = "storage",
        /// The same on Aurora I/O-Optimized, at its own price.
        IoOptimizedStorage = "io-optimized-storage",
        /// A cluster's write I/O requests (Aurora Standard only).
        Io = "io",
        /// An account's backup storage beyond its free allowance (GB-months).
        Backup = "backup",
        /// A DB instance's hours (instance-hours; ACU-hours for
        /// `db.serverless`).
        Instance = "instance",
    }
}

/// Which line a charge adds to: the period's index from the scenario's
/// start, the account, the cluster (none for backup, which is the
/// account's), the kind of charge and, for an instance's, the instance
/// and the rate it was billed at.
pub type LineKey = (
    u64,
    AccountId,
    Option<ClusterId>,
    Charge,
    Option<(InstanceId, Rate)>,
);

/// What a line adds up to.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Line {
    pub cost_usd: f64,
    /// GB-months for storage and backup, requests for I/O, hours (or
    /// ACU-hours) for an instance.
    pub quantity: f64,
}

/// Line items per period.
#[derive(Clone, Debug)]
pub struct Ledger {
    pub granularity: Granularity,
    pub start: SimTime,
    pub lines: BTreeMap<LineKey, Line>,
}

impl Ledger {
    pub fn new(granularity: Granularity, start: SimTime) -> Self {
        Ledger {
            granularity,
            start,
            lines: BTreeMap::new(),
        }
    }

    /// Adds the charge of the metered hour that ends at `hour_end`.
    pub fn add(
        &mut self,
        hour_end: SimTime,
        account: AccountId,
        cluster: Option<ClusterId>,
        charge: Charge,
        line: Line,
    ) {
        self.add_instance(hour_end, account, cluster, charge, None, line);
    }

    /// Adds the charge of the metered hour that ends at `hour_end`, of
    /// one instance at one rate when `instance` says which.
    pub fn add_instance(
        &mut self,
        hour_end: SimTime,
        account: AccountId,
        cluster: Option<ClusterId>,
        charge: Charge,
        instance: Option<(InstanceId, Rate)>,
        line: Line,
    ) {
        let began = hour_end.plus(-HOUR).since(self.start);
        let period = (began / self.granularity.seconds()) as u64;
        let sum = self
            .lines
            .entry((period, account, cluster, charge, instance))
            .or_default();
        sum.cost_usd += line.cost_usd;
        sum.quantity += line.quantity;
    }

    /// The first instant of a period, and the first after it.
    pub fn period(&self, index: u64) -> (SimTime, SimTime) {
        let length = self.granularity.seconds();
        let from = self.start.plus(index as Seconds * length);
        (from, from.plus(length))
    }
}
