//! `cowsim bench clone-vs-restore`: three ways to give a copy of a cluster
//! to someone, timed in simulated time at every size, with the storage and
//! money each costs over the following month.
//!
//! 1. `clone`: share through RAM, accept, copy-on-write restore, instance;
//! 2. `snapshot`: snapshot, copy under a shareable key, share the copy,
//!    restore it in the other account, instance;
//! 3. `full-copy`: a same-account point-in-time restore, instance.
//!
//! Each trial is a fresh control plane seeded with the trial's number, so
//! latency jitter differs between trials and not between routes.

use std::collections::BTreeMap;
use std::time::Instant;

use hdrhistogram::Histogram;

use crate::stats::{Quantiles, histogram, record};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

use super::Benchmark;
use crate::billing::{Meter, Pricing};
use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::ops::AwsOp;
use crate::cloud::ops::kms::CreateKey;
use crate::cloud::ops::refs::{ClusterRef, SnapshotRef};
use crate::cloud::ops::sim::SimOp;
use crate::cloud::rds::{ClusterStatus, DbEngine, InstanceStatus, SnapshotStatus};
use crate::cloud::{
    AccountId, Cloud, CloudConfig, ClusterId, CreateCluster, InvitationRef, RestoreFromSnapshot,
    RestoreToPointInTime, RestoreType, ShareRequest, WritePages,
};
use crate::engine::{BillingPolicy, GIB, PageSize, TIB};
use crate::latency::LatencyModel;
use crate::time::{DAY, HOUR, SimTime};
use crate::workload::{Distribution, Rate, WriteMode};

/// What to measure.
#[derive(Clone, Debug)]
pub struct Config {
    /// Source sizes in bytes.
    pub sizes: Vec<u64>,
    pub trials: u32,
    /// Updates written to the delivered copy during the month after.
    pub update_rate: Rate,
    pub latency: LatencyModel,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            sizes: vec![GIB, 100 * GIB, 2 * TIB, 64 * TIB, 256 * TIB],
            trials: 5,
            update_rate: Rate::BytesPerSecond(GIB as f64 / DAY as f64),
            latency: LatencyModel::default(),
        }
    }
}

/// One route at one size, over all trials.
#[derive(Clone, Debug, Serialize)]
pub struct RouteFigures {
    pub route: &'static str,
    pub size_bytes: u64,
    /// Simulated seconds from the route's first call until the copy is
    /// `available`.
    pub available_s: Quantiles,
    /// ... until its first DB instance is `available`.
    pub queryable_s: Quantiles,
    /// Storage the delivery added (the copy's billed bytes and the backup
    /// bytes of the route's snapshots), one day after delivery (median).
    pub storage_bytes_day1: f64,
    /// The same after 30 days of updates (median).
    pub storage_bytes_day30: f64,
    /// What the delivery cost over those 30 days in storage, I/O and
    /// backup: every account's bill less the source cluster's own and
    /// less the DB instances, alike on every route (median).
    pub cost_30d_usd: f64,
    /// The simulator's own wall time per operation, in microseconds.
    pub engine_wall_us: BTreeMap<String, Quantiles>,
}

/// The ratios the latency anchors predict (docs/aws-behaviour.md).
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// Clone time to queryable, largest size ÷ smallest (about 1).
    pub clone_time_ratio_largest_vs_smallest: f64,
    /// Snapshot route time to queryable, largest ÷ smallest (about
    /// proportional to size).
    pub restore_time_ratio_largest_vs_smallest: f64,
    /// Snapshot route ÷ clone at 2 TiB (about 14: the snapshot and its copy
    /// come before the restore).
    pub restore_over_clone_at_2tib: Option<f64>,
}

/// The benchmark's figures.
#[derive(Clone, Debug, Serialize)]
pub struct Figures {
    pub trials: u32,
    pub update_bytes_per_day: f64,
    pub routes: Vec<RouteFigures>,
    pub summary: Summary,
}

impl Benchmark for Config {
    type Figures = Figures;
    type Error = std::convert::Infallible;

    /// Three routes at each size.
    fn measurements(&self) -> u64 {
        (self.sizes.len() * ROUTES.len()) as u64
    }

    fn measure(&self, progress: impl FnMut(&str)) -> Result<Figures, Self::Error> {
        Ok(run(self, progress))
    }

    fn render_text(figures: &Figures) -> String {
        render_text(figures)
    }
}

const ROUTES: [&str; 3] = ["clone", "snapshot", "full-copy"];
const OWNER: &str = "111111111111";
const OTHER: &str = "222222222222";

/// Runs every route at every size, `trials` times each.
pub fn run(config: &Config, mut progress: impl FnMut(&str)) -> Figures {
    let mut routes = Vec::new();
    for &size in &config.sizes {
        for route in ROUTES {
            progress(&format!("{route} at {}", format_size(size)));
            routes.push(measure(config, route, size));
        }
    }
    let queryable = |route: &str, size: u64| {
        routes
            .iter()
            .find(|r: &&RouteFigures| r.route == route && r.size_bytes == size)
            .map(|r| r.queryable_s.p50 as f64)
    };
    let (smallest, largest) = (
        config.sizes.iter().copied().min().unwrap_or(0),
        config.sizes.iter().copied().max().unwrap_or(0),
    );
    let ratio = |route: &str| match (queryable(route, largest), queryable(route, smallest)) {
        (Some(a), Some(b)) if b > 0.0 => a / b,
        _ => f64::NAN,
    };
    let summary = Summary {
        clone_time_ratio_largest_vs_smallest: ratio("clone"),
        restore_time_ratio_largest_vs_smallest: ratio("snapshot"),
        restore_over_clone_at_2tib: queryable("snapshot", 2 * TIB)
            .zip(queryable("clone", 2 * TIB))
            .map(|(a, b)| a / b),
    };
    Figures {
        trials: config.trials,
        update_bytes_per_day: config.update_rate.pages_per_second(1) * DAY as f64,
        routes,
        summary,
    }
}

fn measure(config: &Config, route: &'static str, size: u64) -> RouteFigures {
    let mut available = histogram();
    let mut queryable = histogram();
    let mut wall: BTreeMap<String, Histogram<u64>> = BTreeMap::new();
    let (mut day1, mut day30, mut cost) = (Vec::new(), Vec::new(), Vec::new());
    for trial in 0..config.trials {
        let mut t = Trial::new(config, trial, size);
        let start = t.cloud.now();
        let copy = t.deliver(route);
        let ready = t.wait_cluster(copy);
        let owner = t.cloud.cluster(copy).account();
        t.call(AwsOp::CreateDbInstance, |c| {
            c.create_db_instance(owner, "copy-1", "copy", InstanceClass::TYPICAL)
        });
        let instance = t.wait_instance();
        record(&mut available, ready.since(start) as u64);
        record(&mut queryable, instance.since(start) as u64);
        let (d1, d30, usd) = t.month_after(config, copy);
        day1.push(d1);
        day30.push(d30);
        cost.push(usd);
        for (op, h) in t.wall {
            #[expect(
                clippy::expect_used,
                reason = "every histogram here has stats::histogram's bounds"
            )]
            wall.entry(op)
                .or_insert_with(histogram)
                .add(&h)
                .expect("same bounds");
        }
    }
    RouteFigures {
        route,
        size_bytes: size,
        available_s: Quantiles::of(&available),
        queryable_s: Quantiles::of(&queryable),
        storage_bytes_day1: median(day1),
        storage_bytes_day30: median(day30),
        cost_30d_usd: median(cost),
        engine_wall_us: wall
            .iter()
            .map(|(op, h)| (op.clone(), Quantiles::of(h)))
            .collect(),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// One trial: a control plane with a source cluster ready to be copied.
struct Trial {
    cloud: Cloud,
    meter: Meter,
    source: ClusterId,
    wall: BTreeMap<String, Histogram<u64>>,
    seed: u64,
}

#[expect(
    clippy::expect_used,
    reason = "the benchmark's account ids are literals of twelve digits"
)]
fn acct(s: &str) -> AccountId {
    s.parse().expect("a valid account id")
}

impl Trial {
    fn new(config: &Config, trial: u32, size: u64) -> Trial {
        let mut cloud = Cloud::new(CloudConfig {
            seed: u64::from(trial),
            latency: config.latency.clone(),
            ..CloudConfig::default()
        });
        cloud.add_account(acct(OWNER), Some("owner".into()));
        cloud.add_account(acct(OTHER), Some("recipient".into()));
        let mut t = Trial {
            cloud,
            meter: Meter::new(BillingPolicy::Aurora, Pricing::default()),
            source: ClusterId(0),
            wall: BTreeMap::new(),
            seed: u64::from(trial),
        };
        let policy = format!(
            r#"{{"Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{OTHER}:root"}},
                "Action": ["kms:Decrypt", "kms:CreateGrant"], "Resource": "*"}}]}}"#
        );
        for alias in ["prod", "shareable"] {
            t.call(AwsOp::CreateKey, |c| {
                c.kms_create_key(acct(OWNER), &CreateKey::with_alias(alias))
            });
            t.call(AwsOp::PutKeyPolicy, |c| {
                c.kms_put_key_policy(acct(OWNER), &format!("alias/{alias}"), &policy)
            });
        }
        t.call(AwsOp::CreateKey, |c| {
            c.kms_create_key(acct(OTHER), &CreateKey::with_alias("mine"))
        });
        let pages = PageSize::K16.pages_for_bytes(size);
        t.call(AwsOp::CreateDbCluster, |c| {
            c.create_db_cluster(
                acct(OWNER),
                CreateCluster {
                    storage_encrypted: true,
                    kms_key_id: Some("alias/prod".into()),
                    ..CreateCluster::new("source", DbEngine::AuroraMysql, pages)
                },
            )
        });
        t.source = ClusterId(0);
        t.wait_cluster(t.source);
        t.call(AwsOp::CreateDbInstance, |c| {
            c.create_db_instance(acct(OWNER), "source-1", "source", InstanceClass::TYPICAL)
        });
        t.wait_instance();
        t
    }

    /// Calls the control plane, timing the simulator's own work.
    fn call<T>(
        &mut self,
        op: AwsOp,
        f: impl FnOnce(&mut Cloud) -> Result<T, crate::cloud::AwsError>,
    ) {
        let start = Instant::now();
        let result = f(&mut self.cloud);
        let us = start.elapsed().as_micros() as u64;
        record(
            self.wall
                .entry(op.name().to_string())
                .or_insert_with(histogram),
            us,
        );
        if let Err(e) = result {
            panic!(
                "{} failed in the benchmark's own setup: {} {e}",
                op.name(),
                e.code()
            );
        }
    }

    /// Moves to the next completion, metering whole hours on the way.
    #[expect(
        clippy::expect_used,
        reason = "called only while a copy the benchmark started is under way"
    )]
    fn step(&mut self) {
        let next = self.cloud.next_completion().expect("something is pending");
        self.advance_to(next);
    }

    fn advance_to(&mut self, to: SimTime) {
        let start = self.cloud.start();
        loop {
            let elapsed = self.cloud.now().since(start);
            let next_hour = start.plus((elapsed / HOUR + 1) * HOUR);
            if next_hour > to {
                break;
            }
            self.cloud.advance_to(next_hour);
            self.meter.charge_hour(&self.cloud);
        }
        self.cloud.advance_to(to);
    }

    fn wait_cluster(&mut self, id: ClusterId) -> SimTime {
        while self.cloud.cluster(id).status() != ClusterStatus::Available {
            self.step();
        }
        self.cloud.now()
    }

    fn wait_instance(&mut self) -> SimTime {
        while self
            .cloud
            .instances()
            .iter()
            .any(|i| i.status == InstanceStatus::Creating)
        {
            self.step();
        }
        self.cloud.now()
    }

    fn wait_snapshots(&mut self) {
        while self
            .cloud
            .cluster_snapshots()
            .iter()
            .any(|s| s.status != SnapshotStatus::Available && s.status != SnapshotStatus::Deleted)
        {
            self.step();
        }
    }

    /// Runs a route's calls; returns the delivered cluster (named `copy`).
    fn deliver(&mut self, route: &str) -> ClusterId {
        let source_arn = self.cloud.cluster_arn(self.source);
        let clone = |restore_type, kms: Option<&str>| RestoreToPointInTime {
            source: ClusterRef::parse(&source_arn),
            identifier: "copy".into(),
            restore_type,
            use_latest_restorable_time: true,
            restore_to_time: None,
            kms_key_id: kms.map(str::to_string),
            backup_retention_period: None,
            parameter_group: None,
            subnet_group: None,
            tags: Default::default(),
            deletion_protection: Default::default(),
            copy_tags_to_snapshot: Default::default(),
        };
        match route {
            "clone" => {
                let req = ShareRequest {
                    resource_arns: vec![source_arn.clone()],
                    principals: vec![OTHER.into()],
                };
                self.call(AwsOp::CreateResourceShare, |c| {
                    c.create_resource_share(acct(OWNER), "share", &req, true)
                });
                self.call(AwsOp::AcceptResourceShareInvitation, |c| {
                    c.accept_resource_share_invitation(
                        acct(OTHER),
                        &InvitationRef::ShareName("share".into()),
                    )
                });
                let req = clone(RestoreType::CopyOnWrite, Some("alias/mine"));
                self.call(AwsOp::RestoreDbClusterToPointInTime, |c| {
                    c.restore_db_cluster_to_point_in_time(acct(OTHER), req)
                });
            }
            "snapshot" => {
                self.call(AwsOp::CreateDbClusterSnapshot, |c| {
                    c.create_db_cluster_snapshot(acct(OWNER), "source", "snap")
                });
                self.wait_snapshots();
                self.call(AwsOp::CopyDbClusterSnapshot, |c| {
                    c.copy_db_cluster_snapshot(
                        acct(OWNER),
                        "snap",
                        "snap-shareable",
                        Some("alias/shareable"),
                    )
                });
                self.wait_snapshots();
                let add = vec![OTHER.to_string()];
                self.call(AwsOp::ModifyDbClusterSnapshotAttribute, |c| {
                    c.modify_db_cluster_snapshot_attribute(
                        acct(OWNER),
                        "snap-shareable",
                        "restore",
                        &add,
                        &[],
                    )
                });
                let req = RestoreFromSnapshot {
                    snapshot: SnapshotRef::parse(&format!(
                        "arn:aws:rds:us-east-1:{OWNER}:cluster-snapshot:snap-shareable"
                    )),
                    identifier: "copy".into(),
                    engine: None,
                    kms_key_id: Some("alias/mine".into()),
                    backup_retention_period: None,
                    parameter_group: None,
                    subnet_group: None,
                    tags: Default::default(),
                    deletion_protection: Default::default(),
                    copy_tags_to_snapshot: Default::default(),
                };
                self.call(AwsOp::RestoreDbClusterFromSnapshot, |c| {
                    c.restore_db_cluster_from_snapshot(acct(OTHER), req)
                });
            }
            _ => {
                let req = RestoreToPointInTime {
                    source: "source".into(),
                    ..clone(RestoreType::FullCopy, None)
                };
                self.call(AwsOp::RestoreDbClusterToPointInTime, |c| {
                    c.restore_db_cluster_to_point_in_time(acct(OWNER), req)
                });
            }
        }
        ClusterId(self.cloud.clusters().len() as u32 - 1)
    }

    /// A month of daily updates on the copy; returns storage added at day
    /// 1 and day 30, and the month's cost of the delivery.
    fn month_after(&mut self, config: &Config, copy: ClusterId) -> (f64, f64, f64) {
        let start = self.cloud.now();
        let (baseline_total, baseline_source) = (self.total_cost(), self.source_cost());
        let owner = self.cloud.cluster(copy).account();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        let per_day = config.update_rate.pages_per_second(PageSize::K16.bytes()) * DAY as f64;
        let mut day1 = 0.0;
        for day in 1..=30 {
            let extent = self.cloud.cluster_extent(copy);
            let pages = Distribution::Uniform.pages(per_day.round() as u64, extent, 0, &mut rng);
            let arn = self.cloud.cluster_arn(copy);
            let started = Instant::now();
            #[expect(
                clippy::expect_used,
                reason = "the benchmark writes to its own available copy, within its extent"
            )]
            self.cloud
                .write(
                    owner,
                    &arn,
                    WritePages::Own(pages),
                    per_day.round() as u64,
                    WriteMode::Update,
                )
                .expect("the copy is available");
            let us = started.elapsed().as_micros() as u64;
            record(
                self.wall
                    .entry(SimOp::Write.name().into())
                    .or_insert_with(histogram),
                us,
            );
            self.advance_to(start.plus(day * DAY));
            if day == 1 {
                day1 = self.storage_added(copy);
            }
        }
        let cost = (self.total_cost() - baseline_total) - (self.source_cost() - baseline_source);
        (day1, self.storage_added(copy), cost)
    }

    /// Every account's storage, I/O and backup: the instances are left
    /// out, as every route's copy runs the same class for the same month.
    fn total_cost(&self) -> f64 {
        [OWNER, OTHER]
            .iter()
            .map(|a| {
                let charges = self.meter.account(acct(a));
                charges.total() - charges.instance_usd
            })
            .sum()
    }

    fn source_cost(&self) -> f64 {
        let c = self.meter.cluster(self.source);
        c.storage_usd + c.io_usd
    }

    /// The copy's billed bytes plus the bytes only snapshots keep.
    fn storage_added(&mut self, copy: ClusterId) -> f64 {
        let usage = self.cloud.usage();
        let page = PageSize::K16.bytes() as f64;
        let copy_bytes = usage
            .cluster(copy)
            .map_or(0.0, |u| u.billed_bytes(BillingPolicy::Aurora));
        let backup: u64 = self
            .cloud
            .families(&usage)
            .iter()
            .map(|f| f.snapshot_only_page_versions)
            .sum();
        copy_bytes + backup as f64 * page
    }
}

/// `1GiB`, `2TiB`: sizes as the command line takes them.
pub fn format_size(bytes: u64) -> String {
    if bytes >= TIB && bytes.is_multiple_of(TIB) {
        format!("{}TiB", bytes / TIB)
    } else {
        format!("{}GiB", bytes / GIB)
    }
}

/// A size the command line refused: the part of the list, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error("`{0}`: expected a size such as 100GiB or 2TiB")]
    NotASize(String),
    #[error("`{0}`: sizes go from 1GiB to 256TiB")]
    OutOfRange(String),
}

/// Parses `1GiB,100GiB,2TiB`.
pub fn parse_sizes(s: &str) -> Result<Vec<u64>, SizeError> {
    s.split(',')
        .map(|part| {
            let part = part.trim();
            let (num, unit) = part.split_at(
                part.find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(part.len()),
            );
            let not_a_size = || SizeError::NotASize(part.to_string());
            let n: u64 = num.parse().map_err(|_| not_a_size())?;
            let bytes = match unit {
                "GiB" => n.checked_mul(GIB),
                "TiB" => n.checked_mul(TIB),
                _ => return Err(not_a_size()),
            };
            match bytes {
                Some(b) if b > 0 && b <= 256 * TIB => Ok(b),
                _ => Err(SizeError::OutOfRange(part.to_string())),
            }
        })
        .collect()
}

/// The figures as a table: one row per size and route.
pub fn render_text(f: &Figures) -> String {
    use crate::time::format_duration;
    let mut table = comfy_table::Table::new();
    table.load_style(comfy_table::presets::UTF8_HORIZONTAL_ONLY);
    table.set_header([
        "size",
        "route",
        "available p50",
        "queryable p50",
        "p90",
        "p99",
        "storage day 1",
        "day 30",
        "30-day cost USD",
    ]);
    for r in &f.routes {
        let q = &r.queryable_s;
        table.add_row(vec![
            format_size(r.size_bytes),
            r.route.to_string(),
            format_duration(r.available_s.p50 as i64),
            format_duration(q.p50 as i64),
            format_duration(q.p90 as i64),
            format_duration(q.p99 as i64),
            format!("{:.1} GiB", r.storage_bytes_day1 / GIB as f64),
            format!("{:.1} GiB", r.storage_bytes_day30 / GIB as f64),
            format!("{:.2}", r.cost_30d_usd),
        ]);
    }
    let s = &f.summary;
    format!(
        "{table}\n\n{} trials per cell; {:.1} GiB/day of uniform updates on the copy for 30 days.\n\
         clone time to queryable, largest / smallest size: {:.2} (about 1 expected)\n\
         snapshot route, largest / smallest size:          {:.1} (about proportional to size)\n\
         snapshot route / clone at 2 TiB:                  {} (about 14 expected: the snapshot and its copy come first)\n",
        f.trials,
        f.update_bytes_per_day / GIB as f64,
        s.clone_time_ratio_largest_vs_smallest,
        s.restore_time_ratio_largest_vs_smallest,
        s.restore_over_clone_at_2tib.map_or_else(
            || "n/a (2TiB not measured)".to_string(),
            |x| format!("{x:.1}")
        ),
    )
}
