//! `cowsim bench forecast`: how fast forecasts and long metering runs are,
//! measured side by side in one run.

use std::time::Instant;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

use super::{Benchmark, Scaled};
use crate::billing::{Meter, Pricing};
use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::rds::{ClusterStatus, DbEngine, InstanceStatus};
use crate::cloud::{
    AccountId, Cloud, CloudConfig, ClusterId, CreateCluster, RestoreToPointInTime, RestoreType,
    RetentionPeriod, WritePages,
};
use crate::engine::{BillingPolicy, GIB, PageSize};
use crate::forecast::{Accuracy, Config, Forecast, forecast};
use crate::scenario::Scenario;
use crate::time::{DAY, HOUR};
use crate::workload::Distribution;

/// The figures, with the names the design targets use.
#[derive(Clone, Debug, Serialize)]
pub struct ForecastBench {
    /// Forecast runs a second, two threads, on the benchmark scenario (5
    /// clusters of 1 TiB, 1 GiB a day of uniform updates each, 12 months,
    /// hourly metering), at the default accuracy. Target ≥ 20.
    pub forecast_runs_per_s: f64,
    /// The same runs on one thread ÷ on two. Target ≥ 1.7.
    pub parallel_speedup_2_threads: f64,
    /// Relative error of the P50 total cost, sampled against exact
    /// simulation of the same seeds (`None` if the default is exact).
    /// Target ≤ 0.01.
    pub sampled_vs_exact_p50_error: Option<f64>,
    /// The default accuracy for the benchmark scenario.
    pub accuracy: String,
    /// 365 days of hourly metering of a family of 100 clusters of 100 GiB,
    /// 10 of them under 100 MiB a day of uniform updates, each cluster
    /// keeping one day of backup. Target ≤ 5.
    pub metering_365d_s: f64,
    /// The same metering with 7 days of backup retention (the engine
    /// keeping a week of page history) ÷ with 1, measured one after the
    /// other in the same run. Target ≤ 1.5.
    pub history_cost_ratio: f64,
    pub runs: u32,
    pub metering_days: u32,
}

/// Sizes of one run of the benchmark.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    /// Runs of the timed forecasts.
    pub runs: u32,
    /// Runs compared, sampled against exact.
    pub compared_runs: u32,
    pub months: u32,
    pub metering_days: u32,
}

impl Scaled for Scale {
    const FULL: Scale = Scale {
        runs: 40,
        compared_runs: 8,
        months: 12,
        metering_days: 365,
    };
    const QUICK: Scale = Scale {
        runs: 8,
        compared_runs: 2,
        months: 1,
        metering_days: 30,
    };
}

impl Benchmark for Scale {
    type Figures = ForecastBench;
    type Error = std::convert::Infallible;

    fn measurements(&self) -> u64 {
        4
    }

    fn measure(&self, progress: impl FnMut(&str)) -> Result<ForecastBench, Self::Error> {
        Ok(run(*self, progress))
    }

    fn render_text(figures: &ForecastBench) -> String {
        render_text(figures)
    }
}

/// The benchmark scenario of the forecast figures.
pub fn benchmark_scenario() -> String {
    let mut s = String::from(
        "name = \"forecast benchmark\"\nseed = 1\n[[accounts]]\nid = \"111111111111\"\n",
    );
    for i in 0..5 {
        s.push_str(&format!(
            "[[steps]]\nop = \"create-db-cluster\"\ndb-cluster-identifier = \"c{i}\"\nengine = \"aurora-mysql\"\ndata-gib = 1024\n"
        ));
    }
    s.push_str("[[steps]]\nop = \"advance\"\nduration = \"10m\"\n");
    for i in 0..5 {
        s.push_str(&format!(
            "[[steps]]\nop = \"workload\"\ndb-cluster-identifier = \"c{i}\"\nrate = \"1GiB/day\"\n"
        ));
    }
    s
}

/// Seconds a forecast takes on `threads` threads, and the forecast.
#[expect(
    clippy::expect_used,
    reason = "a benchmark that can't have its thread pool has nothing to measure"
)]
pub fn timed_forecast(scenario: &Scenario, config: Config, threads: usize) -> (f64, Forecast) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let start = Instant::now();
    let f = pool.install(|| forecast(scenario, config, || {}));
    (start.elapsed().as_secs_f64(), f)
}

/// Measures every figure.
#[expect(
    clippy::expect_used,
    reason = "the benchmark scenario is a constant the scenario tests parse"
)]
pub fn run(scale: Scale, mut progress: impl FnMut(&str)) -> ForecastBench {
    let scenario = Scenario::parse("forecast-benchmark.toml", &benchmark_scenario())
        .expect("the benchmark scenario is valid");
    let config = Config {
        runs: scale.runs,
        months: Some(scale.months),
        seed: 1,
        accuracy: Accuracy::auto(&scenario),
        no_expect: false,
        policy: scenario.policy,
    };
    let timed = |threads: usize, config: Config| timed_forecast(&scenario, config, threads);
    progress("forecast on two threads");
    let (two, default) = timed(2, config);
    progress("forecast on one thread");
    let (one, _) = timed(1, config);
    let error = match config.accuracy {
        Accuracy::Exact => None,
        Accuracy::Sampled(_) => {
            progress("fewer runs, sampled and exact");
            let compared = Config {
                runs: scale.compared_runs,
                ..config
            };
            let (_, sampled) = timed(2, compared);
            let (_, exact) = timed(
                2,
                Config {
                    accuracy: Accuracy::Exact,
                    ..compared
                },
            );
            Some(
                sampled
                    .accounts
                    .iter()
                    .zip(&exact.accounts)
                    .map(|(s, e)| {
                        (s.total_cost_usd.p50 - e.total_cost_usd.p50).abs() / e.total_cost_usd.p50
                    })
                    .fold(0.0, f64::max),
            )
        }
    };
    progress("metering a family of 100 clusters, 1 day of backup");
    let one_day = metering(scale.metering_days, RetentionPeriod::default());
    progress("metering a family of 100 clusters, 7 days of backup");
    let week = RetentionPeriod::new(7).expect("7 days is a valid retention");
    let with_history = metering(scale.metering_days, week);
    ForecastBench {
        forecast_runs_per_s: f64::from(scale.runs) / two,
        parallel_speedup_2_threads: one / two,
        sampled_vs_exact_p50_error: error,
        accuracy: default.accuracy,
        metering_365d_s: one_day * 365.0 / f64::from(scale.metering_days),
        history_cost_ratio: with_history / one_day,
        runs: scale.runs,
        metering_days: scale.metering_days,
    }
}

/// Seconds to meter `days` of the family of the metering figure, every
/// cluster keeping `retention` days of backup, clones built first (not
/// timed). Each hour's writes go to clusters resolved
/// once, in one batch, as the scenario runner's workloads do, so the time
/// is the engine's and the meter's, not that of looking up an ARN for
/// every write.
#[expect(
    clippy::expect_used,
    reason = "the benchmark's own valid calls on its own clusters"
)]
fn metering(days: u32, retention: RetentionPeriod) -> f64 {
    let owner: AccountId = "111111111111".parse().expect("valid");
    let mut cloud = Cloud::new(CloudConfig {
        cluster_quota: 1_000,
        clone_limit: 1_000,
        ..CloudConfig::default()
    });
    cloud.add_account(owner, None);
    let create = CreateCluster {
        backup_retention_period: Some(retention),
        ..CreateCluster::new(
            "c0",
            DbEngine::AuroraMysql,
            PageSize::K16.pages_for_bytes(100 * GIB),
        )
    };
    cloud.create_db_cluster(owner, create).expect("valid");
    settle(&mut cloud);
    cloud
        .create_db_instance(owner, "i0", "c0", InstanceClass::TYPICAL)
        .expect("valid");
    settle(&mut cloud);
    for i in 1..100 {
        let req = RestoreToPointInTime {
            source: "c0".into(),
            identifier: format!("c{i}"),
            restore_type: RestoreType::CopyOnWrite,
            use_latest_restorable_time: true,
            restore_to_time: None,
            kms_key_id: None,
            backup_retention_period: Some(retention),
            parameter_group: None,
            subnet_group: None,
            tags: Default::default(),
            deletion_protection: Default::default(),
            copy_tags_to_snapshot: Default::default(),
        };
        cloud
            .restore_db_cluster_to_point_in_time(owner, req)
            .expect("valid");
    }
    settle(&mut cloud);
    let writers: Vec<ClusterId> = (1..=10)
        .map(|i| {
            cloud
                .own_cluster_id(owner, &format!("c{i}"))
                .expect("exists")
        })
        .collect();
    assert!(
        cloud
            .clusters()
            .iter()
            .all(|c| c.status() == ClusterStatus::Available)
    );
    let mut meter = Meter::new(BillingPolicy::Aurora, Pricing::default());
    meter.verify = false;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
    let per_hour = (100 << 20) as f64 / PageSize::K16.bytes() as f64 / 24.0;
    let mut owed = 0.0;
    let start = Instant::now();
    let begin = cloud.now();
    for hour in 1..=i64::from(days) * 24 {
        owed += per_hour;
        let n = owed.floor();
        owed -= n;
        let batch: Vec<_> = writers
            .iter()
            .map(|&w| {
                let pages = Distribution::Uniform.pages(
                    n as u64,
                    PageSize::K16.pages_for_bytes(100 * GIB),
                    0,
                    &mut rng,
                );
                let written = pages.len();
                (w, WritePages::Own(pages), written)
            })
            .collect();
        cloud.write_clusters(&batch).expect("available");
        cloud.advance_to(begin.plus(hour * HOUR));
        meter.charge_hour(&cloud);
    }
    start.elapsed().as_secs_f64()
}

fn settle(cloud: &mut Cloud) {
    let t = cloud.now().plus(DAY);
    cloud.advance_to(t);
    debug_assert!(
        cloud
            .instances()
            .iter()
            .all(|i| i.status != InstanceStatus::Creating)
    );
}

/// The figures beside their targets.
pub fn render_text(b: &ForecastBench) -> String {
    let rows = [
        (
            "forecast_runs_per_s",
            format!("{:.2}", b.forecast_runs_per_s),
            ">= 20",
            b.forecast_runs_per_s >= 20.0,
        ),
        (
            "parallel_speedup_2_threads",
            format!("{:.2}", b.parallel_speedup_2_threads),
            ">= 1.7",
            b.parallel_speedup_2_threads >= 1.7,
        ),
        (
            "sampled_vs_exact_p50_error",
            b.sampled_vs_exact_p50_error
                .map_or_else(|| "n/a".to_string(), |e| format!("{e:.4}")),
            "<= 0.01",
            b.sampled_vs_exact_p50_error.is_some_and(|e| e <= 0.01),
        ),
        (
            "metering_365d_s",
            format!("{:.2}", b.metering_365d_s),
            "<= 5",
            b.metering_365d_s <= 5.0,
        ),
        (
            "history_cost_ratio",
            format!("{:.2}", b.history_cost_ratio),
            "<= 1.5",
            b.history_cost_ratio <= 1.5,
        ),
    ];
    let mut out = super::targets_table(&rows);
    let metering = match b.metering_days {
        365 => "metering measured over 365 days".to_string(),
        days => format!("metering measured over {days} days and scaled to 365"),
    };
    out.push_str(&format!(
        "\n{} forecast runs at accuracy {}; {metering}\n",
        b.runs, b.accuracy
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(metering_days: u32) -> ForecastBench {
        ForecastBench {
            forecast_runs_per_s: 20.0,
            parallel_speedup_2_threads: 1.9,
            sampled_vs_exact_p50_error: None,
            accuracy: "exact".into(),
            metering_365d_s: 4.0,
            history_cost_ratio: 1.1,
            runs: 40,
            metering_days,
        }
    }

    #[test]
    fn a_full_year_is_not_said_to_be_scaled() {
        let full = render_text(&figures(365));
        assert!(full.contains("metering measured over 365 days\n"), "{full}");
        assert!(!full.contains("scaled"), "{full}");
        let quick = render_text(&figures(30));
        assert!(
            quick.contains("measured over 30 days and scaled to 365"),
            "{quick}"
        );
    }
}
