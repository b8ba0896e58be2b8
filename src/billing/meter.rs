//! The hourly meter. Each time the clock reaches a whole hour after the
//! scenario's start, every billed cluster is charged one hour of its
//! `billed_bytes` as they stand then (docs/model.md, "Money and metering"): storage at
//! its storage type's price, the write I/Os it made since the last hour
//! (Standard only), and its backup storage beyond its free amount (its own
//! `VolumeBytesUsed`), to its account; and the hour's CloudWatch figures
//! of every billed cluster are kept (`metrics.rs`). An hour in which nothing changed is charged what the hour
//! before was, less its I/Os (`HourPlan`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::hour::HourPlan;
use super::ledger::{Charge, Ledger, Line};
use super::metrics::{Figures, Metrics};
use super::pricing::Pricing;
use crate::cloud::instance_hours::Rate;
use crate::cloud::rds::StorageType;
use crate::cloud::{AccountId, Cloud, ClusterId};
use crate::engine::BillingPolicy;
use crate::time::{HOUR, Seconds, SimTime};

/// Charges of one cluster to date.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ClusterCharges {
    pub storage_usd: f64,
    pub io_usd: f64,
    /// Its DB instances' hours, and what they cost.
    pub instance_usd: f64,
    pub instance_hours: f64,
    /// The ACU-hours of its `db.serverless` instances.
    pub acu_hours: f64,
    /// Its backup storage beyond its free amount.
    pub backup_usd: f64,
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
    pub instance_usd: f64,
}

impl AccountCharges {
    pub fn total(&self) -> f64 {
        self.storage_usd + self.io_usd + self.backup_usd + self.instance_usd
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
    /// Charges to date, indexed by cluster.
    clusters: Vec<ClusterCharges>,
    /// Charges to date, per account (`account_slots` says where).
    accounts: Vec<AccountCharges>,
    account_slots: BTreeMap<AccountId, usize>,
    /// Each account's cumulative cost at every whole day.
    pub series: Vec<Point>,
    /// Each billed cluster's cumulative cost at every whole day.
    pub cluster_series: Vec<ClusterPoint>,
    /// Check at every metering instant that owned pages add up to the live
    /// page versions (on in debug builds; tests turn it on).
    pub verify: bool,
    /// Write I/Os already charged, indexed by cluster.
    io_charged: Vec<u64>,
    /// Instance seconds already charged, per rate, indexed by instance.
    instance_charged: Vec<BTreeMap<Rate, Seconds>>,
    pub hours: u64,
    /// The line items of every hour, when an export asked for them.
    pub ledger: Option<Ledger>,
    /// Every billed cluster's CloudWatch figures, hour by hour.
    pub metrics: Metrics,
    /// The next hour's charges if nothing changes, with the account slot
    /// of each of its clusters.
    steady: Option<(HourPlan, Vec<usize>)>,
}

impl Meter {
    pub fn new(policy: BillingPolicy, pricing: Pricing) -> Self {
        Meter {
            policy,
            pricing,
            clusters: Vec::new(),
            accounts: Vec::new(),
            account_slots: BTreeMap::new(),
            series: Vec::new(),
            cluster_series: Vec::new(),
            verify: cfg!(debug_assertions),
            io_charged: Vec::new(),
            instance_charged: Vec::new(),
            hours: 0,
            ledger: None,
            metrics: Metrics::default(),
            steady: None,
        }
    }

    /// Charges one hour at the current instant.
    pub fn charge_hour(&mut self, cloud: &Cloud) {
        let (plan, slots) = match self.steady.take() {
            Some(steady) if steady.0.holds(cloud) => steady,
            _ => {
                let charged = &self.io_charged;
                let plan = HourPlan::work_out(
                    cloud,
                    self.policy,
                    &self.pricing,
                    |id| charged.get(id.index()).copied().unwrap_or(0),
                    self.verify,
                );
                let slots = plan
                    .clusters
                    .iter()
                    .map(|c| self.account_slot(c.account))
                    .collect();
                (plan, slots)
            }
        };
        self.charge_instances(cloud);
        self.add(&plan, &slots, cloud);
        self.steady = Some((plan.without_ios(), slots));
    }

    /// Charges every DB instance the time it was billable since the last
    /// hour, at the rate of each stretch (docs/model.md, "Money and
    /// metering"): a provisioned class per instance-hour, `db.serverless`
    /// per ACU-hour at the ACUs of the hour that ends now.
    fn charge_instances(&mut self, cloud: &Cloud) {
        let now = cloud.now();
        let hour_began = now.plus(-HOUR);
        for instance in cloud.instances() {
            let index = instance.id.index();
            if self.instance_charged.len() <= index {
                self.instance_charged.resize(index + 1, BTreeMap::new());
            }
            let cluster = cloud.cluster(instance.cluster);
            for (rate, seconds) in instance.hours.to(now) {
                let charged = self.instance_charged[index].entry(rate).or_default();
                let new = seconds - *charged;
                if new <= 0 {
                    continue;
                }
                *charged = seconds;
                let hours = new as f64 / HOUR as f64;
                let (class, storage) = rate;
                let price = self
                    .pricing
                    .instance_hour(class, cluster.engine(), storage)
                    .unwrap_or(0.0);
                let acu_hours = match (class.is_serverless(), cluster.serverless()) {
                    (true, Some(s)) => hours * s.acus_at(hour_began),
                    _ => 0.0,
                };
                let (quantity, usd) = if class.is_serverless() {
                    (acu_hours, acu_hours * price)
                } else {
                    (hours, hours * price)
                };
                let c = instance.cluster.index();
                if self.clusters.len() <= c {
                    self.clusters.resize(c + 1, ClusterCharges::default());
                    self.io_charged.resize(c + 1, 0);
                }
                let charges = &mut self.clusters[c];
                charges.instance_usd += usd;
                charges.instance_hours += hours;
                charges.acu_hours += acu_hours;
                let slot = self.account_slot(instance.account);
                self.accounts[slot].instance_usd += usd;
                if let Some(ledger) = &mut self.ledger {
                    ledger.add_instance(
                        now,
                        instance.account,
                        Some(instance.cluster),
                        Charge::Instance,
                        Some((instance.id, rate)),
                        Line {
                            cost_usd: usd,
                            quantity,
                        },
                    );
                }
            }
        }
    }

    /// Adds one hour's charges; `slots` is the account slot of each of
    /// the plan's clusters.
    fn add(&mut self, plan: &HourPlan, slots: &[usize], cloud: &Cloud) {
        let now = cloud.now();
        let day = self.hours / 24 * 24;
        let day_start = cloud.start().plus(day as i64 * HOUR);
        for (c, &slot) in plan.clusters.iter().zip(slots) {
            if let Some(ledger) = &mut self.ledger {
                let mut add = |charge, cost_usd, quantity| {
                    ledger.add(
                        now,
                        c.account,
                        Some(c.cluster),
                        charge,
                        Line { cost_usd, quantity },
                    )
                };
                match c.storage_type {
                    StorageType::Standard => {
                        add(Charge::Storage, c.storage_usd, c.gb_months);
                        add(Charge::Io, c.io_usd, c.ios as f64);
                    }
                    StorageType::IoOptimized => {
                        add(Charge::IoOptimizedStorage, c.storage_usd, c.gb_months)
                    }
                }
                if c.backup_usd > 0.0 {
                    add(Charge::Backup, c.backup_usd, c.backup_gb_months);
                }
            }
            self.metrics.add(
                c.cluster,
                now,
                day_start,
                Figures {
                    volume_bytes_used: c.backup.volume_bytes_used,
                    volume_write_iops: c.ios,
                    backup_retention_period_storage_used: c.backup.retention_period_storage_used,
                    snapshot_storage_used: c.backup.snapshot_storage_used,
                    total_backup_storage_billed: c.backup.total_backup_storage_billed,
                },
            );
            let index = c.cluster.index();
            if self.clusters.len() <= index {
                self.clusters.resize(index + 1, ClusterCharges::default());
                self.io_charged.resize(index + 1, 0);
            }
            let charges = &mut self.clusters[index];
            charges.storage_usd += c.storage_usd;
            charges.io_usd += c.io_usd;
            charges.backup_usd += c.backup_usd;
            charges.full_copy_storage_usd += c.full_copy_storage_usd;
            self.io_charged[index] += c.ios;
            let account = &mut self.accounts[slot];
            account.storage_usd += c.storage_usd;
            account.io_usd += c.io_usd;
            account.backup_usd += c.backup_usd;
        }
        for b in &plan.backups {
            let slot = self.account_slot(b.account);
            self.accounts[slot].backup_usd += b.usd;
            if let Some(ledger) = &mut self.ledger {
                let line = Line {
                    cost_usd: b.usd,
                    quantity: b.gb_months,
                };
                ledger.add(now, b.account, None, Charge::Backup, line);
            }
        }
        self.hours += 1;
        self.metrics.hour_done();
        if self.hours.is_multiple_of(24) {
            for a in cloud.accounts() {
                self.series.push(Point {
                    at: now,
                    account: a.id,
                    total_cost_usd: self.account(a.id).total(),
                    billed_bytes: plan.billed_by_account.get(&a.id).copied().unwrap_or(0.0),
                });
            }
            for c in &plan.clusters {
                let charges = &self.clusters[c.cluster.index()];
                self.cluster_series.push(ClusterPoint {
                    at: now,
                    cluster: c.cluster,
                    cost_usd: charges.storage_usd
                        + charges.io_usd
                        + charges.instance_usd
                        + charges.backup_usd,
                    billed_bytes: c.bytes,
                });
            }
        }
    }

    /// Where `account`'s charges are kept, made if need be.
    fn account_slot(&mut self, account: AccountId) -> usize {
        *self.account_slots.entry(account).or_insert_with(|| {
            self.accounts.push(AccountCharges::default());
            self.accounts.len() - 1
        })
    }

    /// The charges of a cluster to date.
    pub fn cluster(&self, id: ClusterId) -> ClusterCharges {
        self.clusters.get(id.index()).cloned().unwrap_or_default()
    }

    /// The charges of an account to date.
    pub fn account(&self, id: AccountId) -> AccountCharges {
        self.account_slots
            .get(&id)
            .map(|&slot| self.accounts[slot].clone())
            .unwrap_or_default()
    }
}
