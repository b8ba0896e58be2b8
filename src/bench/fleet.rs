//! `cowsim bench fleet`: a forecast of a fleet that relies on cross-account
//! clones. Each family has a source in its own account, writing every
//! hour, and 15 copy-on-write clones in 15 other accounts (shared by all
//! families, as a fleet's dev, test and audit accounts are): a quarter of
//! them write every hour, the rest a daily batch. The forecast runs 12
//! months at the default accuracy. Measured in one run, side by side: the
//! forecast on two threads and on one, one run alone (its time per page
//! the engine was given to write, best of three, and its peak memory), the
//! same fleet with nothing written (the cost of an idle cluster-hour), and,
//! as the calibration of the write path, bare random inserts into a
//! roaring bitmap.

use std::time::Instant;

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use roaring::RoaringBitmap;
use serde::Serialize;

use super::forecast::timed_forecast;
use super::{Benchmark, Scaled, memory};
use crate::forecast::{Accuracy, Config};
use crate::scenario::{Runner, Scenario};

/// The figures, with the names the targets use.
#[derive(Clone, Debug, Serialize)]
pub struct FleetBench {
    pub families: u32,
    pub clusters: u32,
    pub runs: u32,
    pub months: u32,
    pub accuracy: String,
    /// Simulated cluster-hours per wall second, forecasting on two threads.
    pub fleet_cluster_hours_per_s: f64,
    /// One run's time (best of three) ÷ the pages the engine was given to
    /// write in it.
    pub ns_per_sampled_page_write: f64,
    /// A bare random `RoaringBitmap::insert`, the calibration.
    pub roaring_insert_ns: f64,
    /// `ns_per_sampled_page_write` ÷ `roaring_insert_ns`. Target ≤ 3.
    pub write_path_ratio: f64,
    /// A run of the fleet with no workloads, less the same run stopped
    /// after its first month, ÷ the cluster-hours between. Target ≤ 50.
    pub idle_cluster_hour_ns: f64,
    /// The forecast on one thread ÷ on two. Target ≥ 1.8.
    pub parallel_speedup_2_threads: f64,
    /// Peak resident memory growth of one run ÷ its clusters.
    pub peak_bytes_per_cluster: Option<f64>,
}

/// Sizes of one run of the benchmark.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub families: u32,
    pub source_gib: u32,
    /// The source's writes a day, GiB.
    pub source_gib_per_day: u32,
    pub runs: u32,
    pub months: u32,
}

impl Scaled for Scale {
    const FULL: Scale = Scale {
        families: 10,
        source_gib: 200,
        source_gib_per_day: 2,
        runs: 4,
        months: 12,
    };
    const QUICK: Scale = Scale {
        families: 2,
        source_gib: 20,
        source_gib_per_day: 2,
        runs: 2,
        months: 2,
    };
}

impl Benchmark for Scale {
    type Figures = FleetBench;
    type Error = std::convert::Infallible;

    fn measurements(&self) -> u64 {
        5
    }

    fn measure(&self, progress: impl FnMut(&str)) -> Result<FleetBench, Self::Error> {
        Ok(run(*self, progress))
    }

    fn render_text(figures: &FleetBench) -> String {
        render_text(figures)
    }
}

/// Clones per family, each in its own account.
const CLONES: u32 = 15;

/// The fleet's scenario; `writes` false leaves out every workload.
pub fn fleet_scenario(scale: Scale, writes: bool) -> String {
    let owner = |f: u32| format!("{}", 300_000_000_000u64 + u64::from(f));
    let consumer = |c: u32| format!("{}", 400_000_000_000u64 + u64::from(c));
    let mut s = String::from("name = \"fleet benchmark\"\nseed = 1\n");
    for f in 0..scale.families {
        s.push_str(&format!("[[accounts]]\nid = \"{}\"\n", owner(f)));
    }
    for c in 0..CLONES {
        s.push_str(&format!("[[accounts]]\nid = \"{}\"\n", consumer(c)));
    }
    let step = |s: &mut String, account: &str, body: &str| {
        s.push_str(&format!("[[steps]]\naccount = \"{account}\"\n{body}\n"));
    };
    let arn = |f: u32| format!("arn:aws:rds:us-east-1:{}:cluster:source", owner(f));
    for f in 0..scale.families {
        step(
            &mut s,
            &owner(f),
            &format!(
                "op = \"create-db-cluster\"\ndb-cluster-identifier = \"source\"\nengine = \"aurora-mysql\"\ndata-gib = {}",
                scale.source_gib
            ),
        );
    }
    step(&mut s, &owner(0), "op = \"advance\"\nduration = \"30m\"");
    for f in 0..scale.families {
        step(
            &mut s,
            &owner(f),
            "op = \"create-db-instance\"\ndb-instance-identifier = \"source-1\"\ndb-cluster-identifier = \"source\"\ndb-instance-class = \"db.r6g.large\"",
        );
    }
    step(&mut s, &owner(0), "op = \"advance\"\nduration = \"30m\"");
    let consumers: Vec<String> = (0..CLONES)
        .map(|c| format!("\"{}\"", consumer(c)))
        .collect();
    for f in 0..scale.families {
        step(
            &mut s,
            &owner(f),
            &format!(
                "op = \"create-resource-share\"\nname = \"fleet-{f}\"\nresource-arns = [\"{}\"]\nprincipals = [{}]\nallow-external-principals = true",
                arn(f),
                consumers.join(", ")
            ),
        );
        for c in 0..CLONES {
            step(
                &mut s,
                &consumer(c),
                &format!(
                    "op = \"accept-resource-share-invitation\"\nresource-share-name = \"fleet-{f}\""
                ),
            );
            step(
                &mut s,
                &consumer(c),
                &format!(
                    "op = \"restore-db-cluster-to-point-in-time\"\nsource-db-cluster-identifier = \"{}\"\ndb-cluster-identifier = \"clone-{f}\"\nrestore-type = \"copy-on-write\"\nuse-latest-restorable-time = true",
                    arn(f)
                ),
            );
        }
    }
    step(&mut s, &owner(0), "op = \"advance\"\nduration = \"1h\"");
    if writes {
        for f in 0..scale.families {
            step(
                &mut s,
                &owner(f),
                &format!(
                    "op = \"workload\"\ndb-cluster-identifier = \"source\"\nrate = \"{}GiB/day\"",
                    scale.source_gib_per_day
                ),
            );
            for c in 0..CLONES {
                let body = match c < CLONES / 4 {
                    true => format!(
                        "op = \"workload\"\ndb-cluster-identifier = \"clone-{f}\"\nrate = \"500MiB/day\""
                    ),
                    false => format!(
                        "op = \"workload\"\ndb-cluster-identifier = \"clone-{f}\"\nrate = \"50MiB/day\"\nevery = \"1d\""
                    ),
                };
                step(&mut s, &consumer(c), &body);
            }
        }
    }
    s
}

/// Measures every figure; `progress` is told what is measured next.
#[expect(
    clippy::expect_used,
    reason = "the fleet scenarios are generated, and the scenario tests parse them"
)]
pub fn run(scale: Scale, mut progress: impl FnMut(&str)) -> FleetBench {
    let scenario = Scenario::parse("fleet-benchmark.toml", &fleet_scenario(scale, true))
        .expect("the fleet scenario is valid");
    let idle = Scenario::parse("fleet-idle.toml", &fleet_scenario(scale, false))
        .expect("the idle fleet scenario is valid");
    let config = Config {
        runs: scale.runs,
        months: Some(scale.months),
        seed: 1,
        accuracy: Accuracy::auto(&scenario),
        no_expect: false,
        policy: scenario.policy,
    };
    let timed = |threads: usize| timed_forecast(&scenario, config, threads).0;
    progress("the forecast on two threads");
    let two = timed(2);
    progress("the forecast on one thread");
    let one = timed(1);
    let single_for = |s: &Scenario, months: u32| {
        let config = Config {
            months: Some(months),
            ..config
        };
        let options = config.run_options(s, config.seed);
        let start = Instant::now();
        let finished = Runner::new(s, options).finish(|_| {});
        (
            start.elapsed().as_secs_f64(),
            finished.cloud.engine_pages_written(),
        )
    };
    let single = |s: &Scenario| single_for(s, scale.months);
    progress("one run alone, best of three, and its memory");
    let before = memory::reset_peak().then(memory::rss_bytes).flatten();
    let (first_s, written) = single(&scenario);
    let clusters = scale.families * (CLONES + 1);
    let peak_bytes_per_cluster = before
        .zip(memory::peak_rss_bytes())
        .map(|(b, p)| p.saturating_sub(b) as f64 / f64::from(clusters));
    // A run is memory-bound: a neighbour on the machine's shared cache can
    // slow one by half, so the least of three is the run's own cost, as
    // for the calibration.
    let run_s = first_s.min(least_of(2, |_| single(&scenario).0));
    progress("the fleet with nothing written");
    // The first month against the whole horizon, best of three each:
    // the difference is the hours alone, without creating the fleet.
    let best = |months: u32| least_of(3, |_| single_for(&idle, months).0);
    let idle_extra_s = (best(scale.months) - best(1)).max(0.0);
    progress("random inserts into a roaring bitmap (the calibration)");
    let roaring_insert_ns = roaring_insert_ns();
    let hours = f64::from(scale.months) * 730.0;
    let cluster_hours = f64::from(clusters) * hours;
    let ns_per_sampled_page_write = run_s * 1e9 / written.max(1) as f64;
    FleetBench {
        families: scale.families,
        clusters,
        runs: scale.runs,
        months: scale.months,
        accuracy: config.accuracy.to_string(),
        fleet_cluster_hours_per_s: cluster_hours * f64::from(scale.runs) / two,
        ns_per_sampled_page_write,
        roaring_insert_ns,
        write_path_ratio: ns_per_sampled_page_write / roaring_insert_ns,
        idle_cluster_hour_ns: idle_extra_s * 1e9
            / (f64::from(clusters) * f64::from(scale.months.saturating_sub(1).max(1)) * 730.0),
        parallel_speedup_2_threads: one / two,
        peak_bytes_per_cluster,
    }
}

/// Nanoseconds per random insert into a bitmap filling to about 6% of 2^24
/// values, best of three.
fn roaring_insert_ns() -> f64 {
    const INSERTS: u32 = 1_000_000;
    least_of(3, |round| {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(round);
        let values: Vec<u32> = (0..INSERTS).map(|_| rng.random_range(0..1 << 24)).collect();
        let mut bitmap = RoaringBitmap::new();
        let start = Instant::now();
        for &v in &values {
            bitmap.insert(v);
        }
        let ns = start.elapsed().as_secs_f64() * 1e9 / f64::from(INSERTS);
        std::hint::black_box(&bitmap);
        ns
    })
}

/// The least of `rounds` readings of `measure` (given the round): the
/// reading a neighbour on the machine disturbed least.
fn least_of(rounds: u64, measure: impl FnMut(u64) -> f64) -> f64 {
    (0..rounds).map(measure).fold(f64::MAX, f64::min)
}

/// The figures beside their targets.
pub fn render_text(b: &FleetBench) -> String {
    let rows = [
        (
            "write_path_ratio",
            format!("{:.2}", b.write_path_ratio),
            "<= 3",
            b.write_path_ratio <= 3.0,
        ),
        (
            "idle_cluster_hour_ns",
            format!("{:.0}", b.idle_cluster_hour_ns),
            "<= 50",
            b.idle_cluster_hour_ns <= 50.0,
        ),
        (
            "parallel_speedup_2_threads",
            format!("{:.2}", b.parallel_speedup_2_threads),
            ">= 1.8",
            b.parallel_speedup_2_threads >= 1.8,
        ),
    ];
    let mut out = super::targets_table(&rows);
    out.push_str(&format!(
        "\n{} families of 16 clusters ({} clusters), {} runs of {} months, {}:\n\
         fleet_cluster_hours_per_s {:.0}; ns_per_sampled_page_write {:.0}; roaring_insert_ns {:.1} (calibration);\n\
         peak memory per cluster {}\n",
        b.families,
        b.clusters,
        b.runs,
        b.months,
        b.accuracy,
        b.fleet_cluster_hours_per_s,
        b.ns_per_sampled_page_write,
        b.roaring_insert_ns,
        b.peak_bytes_per_cluster
            .map_or_else(|| "n/a".into(), |p| format!("{:.1} KiB", p / 1024.0)),
    ));
    out
}
