//! The hourly meter. Each time the clock reaches a whole hour after the
//! scenario's start, every billed cluster is charged one hour of its
//! `billed_bytes` as they stand then (docs/model.md, "Money and metering"): storage at
//! its storage type's price, the write I/Os it made since the last hour
//! (Standard only), and each account's backup storage beyond its free
//! allowance.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ledger::{Charge, Ledger, Line};
use super::pricing::{HOURS_PER_MONTH, Pricing};
use crate::cloud::rds::StorageType;
use crate::cloud::{AccountId, Cloud, ClusterId};
use crate::engine::{BillingPolicy, GIB};
use crate::time::SimTime;

/// Charges of one cluster to date.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ClusterCharges {
    pub storage_usd: f64,
    pub io_usd: f64,
    /// What its storage would have cost as a full copy: every page it sees
    /// billed to it, at the same price.
    pub full_copy_storage_usd: f64,
}

/// Charges of one account to date.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AccountCharges {
    pub storage_usd: f64,
    pub io_usd: f64,
    pub backup_usd: f64,
}

impl AccountCharges {
    pub fn total(&self) -> f64 {
        self.storage_usd + self.io_usd + self.backup_usd
    }
}

/// An account's cumulative cost and billed bytes at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    pub at: SimTime,
    pub account: AccountId,
    pub total_cost_usd: f64,
    pub billed_bytes: f64,
}

/// A cluster's cumulative cost and billed bytes at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClusterPoint {
    pub at: SimTime,
    pub cluster: ClusterId,
    pub cost_usd: f64,
    pub billed_bytes: f64,
}

/// The meter's state.
#[derive(Clone, Debug)]
pub struct Meter {
    pub policy: BillingPolicy,
    pub pricing: Pricing,
    pub clusters: BTreeMap<ClusterId, ClusterCharges>,
    pub accounts: BTreeMap<AccountId, AccountCharges>,
    /// Each account's cumulative cost at every whole day.
    pub series: Vec<Point>,
    /// Each billed cluster's cumulative cost at every whole day.
    pub cluster_series: Vec<ClusterPoint>,
    /// Check at every metering instant that owned pages add up to the live
    /// page versions (on in debug builds; tests turn it on).
    pub verify: bool,
    /// Write I/Os already charged, per cluster.
    io_charged: BTreeMap<ClusterId, u64>,
    pub hours: u64,
    /// The line items of every hour, when an export asked for them.
    pub ledger: Option<Ledger>,
}

impl Meter {
    pub fn new(policy: BillingPolicy, pricing: Pricing) -> Self {
        Meter {
            policy,
            pricing,
            clusters: BTreeMap::new(),
            accounts: BTreeMap::new(),
            series: Vec::new(),
            cluster_series: Vec::new(),
            verify: cfg!(debug_assertions),
            io_charged: BTreeMap::new(),
            hours: 0,
            ledger: None,
        }
    }

    /// Charges one hour at the current instant.
    pub fn charge_hour(&mut self, cloud: &mut Cloud) {
        let usage = cloud.usage();
        if self.verify
            && let Some(broken) = usage.conservation_error()
        {
            panic!("conservation broken: {broken}");
        }
        let hour = 1.0 / HOURS_PER_MONTH;
        let mut billed_by_account: BTreeMap<AccountId, f64> = BTreeMap::new();
        let mut billed_by_cluster: Vec<(ClusterId, f64)> = Vec::new();
        let mut volume_by_account: BTreeMap<AccountId, f64> = BTreeMap::new();
        for c in cloud.clusters() {
            if !c.status().billed() {
                continue;
            }
            let Some(u) = usage.cluster(c.id()) else {
                continue;
            };
            let bytes = u.billed_bytes(self.policy);
            let price = match c.storage_type() {
                StorageType::Standard => self.pricing.storage_gb_month,
                StorageType::IoOptimized => self.pricing.iopt_storage_gb_month,
            };
            let ios = c.io_requests() - self.io_charged.get(&c.id()).copied().unwrap_or(0);
            self.io_charged.insert(c.id(), c.io_requests());
            let io_usd = match c.storage_type() {
                StorageType::Standard => ios as f64 * self.pricing.io_per_million / 1e6,
                StorageType::IoOptimized => 0.0,
            };
            let storage_usd = bytes / GIB as f64 * price * hour;
            if let Some(ledger) = &mut self.ledger {
                let now = cloud.now();
                let mut add = |charge, cost_usd, quantity| {
                    ledger.add(
                        now,
                        c.account(),
                        Some(c.id()),
                        charge,
                        Line { cost_usd, quantity },
                    )
                };
                let gb_months = bytes / GIB as f64 * hour;
                match c.storage_type() {
                    StorageType::Standard => {
                        add(Charge::Storage, storage_usd, gb_months);
                        add(Charge::Io, io_usd, ios as f64);
                    }
                    StorageType::IoOptimized => {
                        add(Charge::IoOptimizedStorage, storage_usd, gb_months)
                    }
                }
            }
            let charges = self.clusters.entry(c.id()).or_default();
            charges.storage_usd += storage_usd;
            charges.io_usd += io_usd;
            charges.full_copy_storage_usd += u.logical_bytes() / GIB as f64 * price * hour;
            let account = self.accounts.entry(c.account()).or_default();
            account.storage_usd += storage_usd;
            account.io_usd += io_usd;
            *billed_by_account.entry(c.account()).or_default() += bytes;
            billed_by_cluster.push((c.id(), bytes));
            *volume_by_account.entry(c.account()).or_default() += u.logical_bytes();
        }
        for (&account, &backup) in &usage.backup_bytes {
            let free = volume_by_account.get(&account).copied().unwrap_or(0.0);
            let charged = (backup - free).max(0.0);
            let backup_usd = charged / GIB as f64 * self.pricing.backup_gb_month * hour;
            self.accounts.entry(account).or_default().backup_usd += backup_usd;
            if let Some(ledger) = &mut self.ledger {
                let line = Line {
                    cost_usd: backup_usd,
                    quantity: charged / GIB as f64 * hour,
                };
                ledger.add(cloud.now(), account, None, Charge::Backup, line);
            }
        }
        self.hours += 1;
        if self.hours.is_multiple_of(24) {
            for a in cloud.accounts() {
                self.series.push(Point {
                    at: cloud.now(),
                    account: a.id,
                    total_cost_usd: self.accounts.get(&a.id).map_or(0.0, AccountCharges::total),
                    billed_bytes: billed_by_account.get(&a.id).copied().unwrap_or(0.0),
                });
            }
            for (id, bytes) in billed_by_cluster {
                let c = self.cluster(id);
                self.cluster_series.push(ClusterPoint {
                    at: cloud.now(),
                    cluster: id,
                    cost_usd: c.storage_usd + c.io_usd,
                    billed_bytes: bytes,
                });
            }
        }
    }

    /// The charges of a cluster to date.
    pub fn cluster(&self, id: ClusterId) -> ClusterCharges {
        self.clusters.get(&id).cloned().unwrap_or_default()
    }

    /// The charges of an account to date.
    pub fn account(&self, id: AccountId) -> AccountCharges {
        self.accounts.get(&id).cloned().unwrap_or_default()
    }
}
