//! Forecasts: percentiles over seeded runs, the same whatever the number
//! of threads, with a full-copy alternative.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::OWNER;
use common::scenario::{ScenarioBuilder, scenario};
use common::steps::*;
use cowsim::cloud::rds::DbEngine;
use cowsim::forecast::{Accuracy, Config, forecast};
use cowsim::scenario::Scenario;

/// A 1 GiB source and a clone `a` that writes 100 MiB a day at a rate
/// that varies between runs.
fn two_clones() -> ScenarioBuilder {
    scenario("two clones under uncertain load")
        .seed(5)
        .rate_sigma(0.8)
        .account(OWNER)
        .steps([
            create_cluster("src")
                .engine(DbEngine::AuroraPostgresql)
                .data_gib(1),
            advance(minutes(5)),
            create_instance("i", "src"),
            advance(minutes(5)),
            clone_cluster("src", "a"),
            advance(minutes(5)),
            workload("a", mib_per_day(100)).every(days(1)),
        ])
}

fn run(threads: usize, runs: u32) -> String {
    let scenario = two_clones().parse();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let f = pool.install(|| {
        forecast(
            &scenario,
            Config {
                runs,
                months: Some(1),
                seed: 9,
                accuracy: Accuracy::Exact,
                no_expect: false,
                policy: scenario.policy,
            },
            || {},
        )
    });
    serde_json::to_string(&f).unwrap()
}

#[test]
fn the_same_on_one_thread_or_two() {
    assert_eq!(run(1, 8), run(2, 8));
}

#[test]
fn uncertain_rates_spread_the_bill_and_full_copies_cost_more() {
    let scenario = two_clones().parse();
    let f = forecast(
        &scenario,
        Config {
            runs: 16,
            months: Some(1),
            seed: 1,
            accuracy: Accuracy::Exact,
            no_expect: false,
            policy: scenario.policy,
        },
        || {},
    );
    assert_eq!(f.runs, 16);
    let a = f.clusters.iter().find(|c| c.arn.ends_with(":a")).unwrap();
    assert!(
        a.total_cost_usd.p10 < a.total_cost_usd.p90,
        "{:?}",
        a.total_cost_usd
    );
    assert!(
        a.total_cost_usd.p10 <= a.total_cost_usd.p50
            && a.total_cost_usd.p50 <= a.total_cost_usd.p90
    );
    let account = &f.accounts[0];
    assert!(
        account.full_copy_total_cost_usd.p50 > account.total_cost_usd.p50,
        "clones are cheaper than full copies"
    );
    assert!(
        f.end.since(f.start) >= 730 * 3600,
        "runs go on to the horizon"
    );
    assert!(!account.months.is_empty());
}

/// The parts of the bill add up: in every run storage, I/O, backup and
/// instances make the total, so their means make the mean total; and the
/// full-copy what-if changes the storage alone.
#[test]
fn each_part_of_the_bill_is_forecast_apart_and_adds_up() {
    let scenario = two_clones().parse();
    let f = forecast(
        &scenario,
        Config {
            runs: 6,
            months: Some(1),
            seed: 4,
            accuracy: Accuracy::Exact,
            no_expect: false,
            policy: scenario.policy,
        },
        || {},
    );
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    for c in &f.clusters {
        let parts = c.storage_cost_usd.mean
            + c.io_cost_usd.mean
            + c.backup_cost_usd.mean
            + c.instance_cost_usd.mean;
        assert!(
            close(parts, c.total_cost_usd.mean),
            "{}: {parts} against {:?}",
            c.arn,
            c.total_cost_usd
        );
        let what_if =
            c.total_cost_usd.mean - c.storage_cost_usd.mean + c.full_copy_storage_cost_usd.mean;
        assert!(close(what_if, c.full_copy_total_cost_usd.mean), "{}", c.arn);
    }
    let a = &f.accounts[0];
    let parts = a.storage_cost_usd.mean
        + a.io_cost_usd.mean
        + a.backup_cost_usd.mean
        + a.instance_cost_usd.mean;
    assert!(
        close(parts, a.total_cost_usd.mean),
        "{parts} against {:?}",
        a.total_cost_usd
    );
    let what_if = a.full_copy_storage_cost_usd.mean
        + a.io_cost_usd.mean
        + a.backup_cost_usd.mean
        + a.instance_cost_usd.mean;
    assert!(close(what_if, a.full_copy_total_cost_usd.mean));
    assert!(
        a.instance_cost_usd.p50 > 0.0,
        "the source's instance is billed"
    );
    assert!(a.full_copy_storage_cost_usd.p50 > a.storage_cost_usd.p50);
    let clone = f.clusters.iter().find(|c| c.arn.ends_with(":a")).unwrap();
    assert!(
        clone.io_cost_usd.p50 > 0.0,
        "the clone's writes are billed I/O"
    );
}

/// A forecast on 1/16 of the pages lands close to the exact forecast of
/// the same seeds, and says how close it expects to be.
#[test]
fn sampled_forecasts_track_exact_ones() {
    // `a` of `gib` GiB and its clone `b`, which writes 5 GiB a day.
    let big = |gib| {
        scenario("big")
            .seed(3)
            .account(OWNER)
            .steps([
                create_cluster("a")
                    .engine(DbEngine::AuroraMysql)
                    .data_gib(gib),
                advance(minutes(10)),
                create_instance("i", "a"),
                advance(minutes(10)),
                clone_cluster("a", "b"),
                advance(minutes(10)),
                workload("b", gib_per_day(5)).every(days(1)),
            ])
            .parse()
    };
    let scenario = big(128);
    assert_eq!(
        Accuracy::auto(&scenario),
        Accuracy::Exact,
        "128 GiB is small enough to simulate whole"
    );
    assert_eq!(Accuracy::auto(&big(1024)), Accuracy::Sampled(1.0 / 64.0));
    // 5 TiB (5 x 2^26 pages): 1/256 keeps 1.25 x 2^20 pages, 1/512 too few.
    assert_eq!(Accuracy::auto(&big(5120)), Accuracy::Sampled(1.0 / 256.0));
    let config = Config {
        runs: 4,
        months: Some(1),
        seed: 1,
        accuracy: Accuracy::Sampled(1.0 / 16.0),
        no_expect: false,
        policy: scenario.policy,
    };
    let sampled = forecast(&scenario, config, || {});
    let exact = forecast(
        &scenario,
        Config {
            accuracy: Accuracy::Exact,
            ..config
        },
        || {},
    );
    let error = sampled.sampling_error.expect("reported under sampling");
    assert!(error < 0.02, "{error}");
    assert!(exact.sampling_error.is_none());
    let b = |f: &cowsim::forecast::Forecast| {
        f.clusters
            .iter()
            .find(|c| c.arn.ends_with(":b"))
            .unwrap()
            .billed_gib
            .p50
    };
    let (s, e) = (b(&sampled), b(&exact));
    assert!(
        (s - e).abs() / e < 0.05,
        "the clone's billed GiB: sampled {s}, exact {e}"
    );
    let total = |f: &cowsim::forecast::Forecast| f.accounts[0].total_cost_usd.p50;
    assert!((total(&sampled) - total(&exact)).abs() / total(&exact) < 0.01);
}

/// A run's surprises are named by seed, with the first of each, and the
/// run replayed alone with the forecast's options gives the same result.
#[test]
fn surprises_name_their_seeds_and_replay_alone() {
    // An uncertain write rate: a tight bound on what the clone owns after
    // 30 days holds in some runs and not in others.
    let scenario = two_clones()
        .steps([
            advance(days(30)),
            expect("a").owned_pages(within(100_000, 20_000)),
        ])
        .parse();
    let config = Config {
        runs: 12,
        months: None,
        seed: 40,
        accuracy: Accuracy::Sampled(1.0 / 4.0),
        no_expect: false,
        policy: scenario.policy,
    };
    let f = forecast(&scenario, config, || {});
    assert!(
        f.runs_with_surprises > 0 && f.runs_with_surprises < 12,
        "{}",
        f.runs_with_surprises
    );
    assert_eq!(f.surprises.len() as u32, f.runs_with_surprises);
    assert!(f.surprises.windows(2).all(|w| w[0].seed < w[1].seed));
    for s in &f.surprises {
        assert!((40..52).contains(&s.seed));
        assert_eq!((s.step, s.op.as_str()), (8, "expect"));
        let alone = cowsim::scenario::Runner::new(&scenario, config.run_options(&scenario, s.seed))
            .run(|_| {});
        assert!(!alone.ok);
        let first = alone.steps.iter().find(|x| !x.as_expected).unwrap();
        assert_eq!(
            first.surprise.as_deref(),
            Some(s.what.as_str()),
            "seed {}",
            s.seed
        );
    }
    let held = (40..52)
        .find(|seed| f.surprises.iter().all(|s| s.seed != *seed))
        .unwrap();
    let alone =
        cowsim::scenario::Runner::new(&scenario, config.run_options(&scenario, held)).run(|_| {});
    assert!(alone.ok, "seed {held} held in the forecast");

    let text = cowsim::render::forecast::render_text(&f);
    assert!(text.contains("seeds 40 to 51"), "{text}");
    assert!(
        text.contains("accuracy sampled (1/4 of the pages)"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "seed {}: step 8 (expect): owned-pages",
            f.surprises[0].seed
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("--only-run {}", f.surprises[0].seed)),
        "{text}"
    );

    let relaxed = forecast(
        &scenario,
        Config {
            no_expect: true,
            ..config
        },
        || {},
    );
    assert_eq!(relaxed.runs_with_surprises, 0);
}

/// The cost per month is the total over whole hours metered, times 730.
#[test]
fn a_month_is_730_metered_hours() {
    let scenario = two_clones().step(advance(days(30))).parse();
    let f = forecast(
        &scenario,
        Config {
            runs: 1,
            months: None,
            seed: 1,
            accuracy: Accuracy::Exact,
            no_expect: false,
            policy: scenario.policy,
        },
        || {},
    );
    // The steps before the 30 days take 15 minutes: 720 whole hours.
    assert_eq!(f.end.since(f.start), 720 * 3600 + 15 * 60);
    let a = &f.accounts[0];
    let expected = a.total_cost_usd.p50 * 730.0 / 720.0;
    assert!(
        (a.monthly_cost_usd.p50 - expected).abs() < 1e-9,
        "{} vs {expected}",
        a.monthly_cost_usd.p50
    );
}

#[test]
fn fractions_read_as_one_over_n() {
    assert_eq!(cowsim::forecast::fraction(1.0 / 128.0), "1/128");
    assert_eq!(cowsim::forecast::fraction(0.3), "0.3");
}

/// The bundled forecast scenarios meet their own expectations in every run:
/// the quarter's under uncertain rates, and the 2 TiB delivery under the
/// sampling its size gets by default.
#[test]
fn bundled_forecasts_hold_for_every_seed() {
    for (name, seed, runs) in [
        ("quarterly-forecast", 100, 12),
        ("clone-vs-snapshot", 17, 6),
    ] {
        let path = format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        let scenario = Scenario::parse(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        let accuracy = Accuracy::auto(&scenario);
        let f = forecast(
            &scenario,
            Config {
                runs,
                months: None,
                seed,
                accuracy,
                no_expect: false,
                policy: scenario.policy,
            },
            || {},
        );
        assert_eq!(
            f.runs_with_surprises, 0,
            "{name} ({accuracy:?}): {:#?}",
            f.surprises
        );
    }
}

/// `src` (1,000 pages of 16 KiB, account 1) with a cross-account clone `a`
/// (account 2) and a clone `b` (account 1); `a` rewrites pages 0..100 at
/// 00:30; `src` is deleted at 03:30; the runs end at 06:30. Metered hours
/// 1 to 3, in owned pages (account 1 = src + b, account 2 = a):
/// - aurora and family-equal: the writer pays: 1,000 + 0 and 100;
/// - shared-equal: pages 0..100 split by src and b, 100..1000 by all
///   three: 50 + 300 each for src and b, 300 + 100 for a: 700 and 400.
///
/// Hours 4 to 6, src gone:
/// - aurora and shared-equal: its versions split by the clones that see
///   them: b 100 + 450, a 450 + 100: 550 and 550;
/// - family-equal: split by every live clone of the family: b 50 + 450,
///   a 50 + 450 + 100: 500 and 600.
///
/// Every policy bills the 1,100 versions of hours 1 to 3 and the 1,100 of
/// hours 4 to 6 once: the fleet's storage, and its total, are the same.
const POLICIES: &str = r#"name = "policies"
seed = 3
[latency]
jitter = 0
[[accounts]]
id = "111111111111"
[[accounts]]
id = "222222222222"
[[steps]]
op = "create-db-cluster"
db-cluster-identifier = "src"
engine = "aurora-mysql"
data-pages = 1000
[[steps]]
op = "advance"
duration = "5m"
[[steps]]
op = "create-db-instance"
db-instance-identifier = "src-1"
db-cluster-identifier = "src"
db-instance-class = "db.r6g.large"
[[steps]]
op = "advance"
duration = "5m"
[[steps]]
op = "create-resource-share"
name = "s"
resource-arns = ["arn:aws:rds:us-east-1:111111111111:cluster:src"]
principals = ["222222222222"]
allow-external-principals = true
[[steps]]
op = "accept-resource-share-invitation"
account = "222222222222"
resource-share-name = "s"
[[steps]]
op = "restore-db-cluster-to-point-in-time"
account = "222222222222"
source-db-cluster-identifier = "arn:aws:rds:us-east-1:111111111111:cluster:src"
db-cluster-identifier = "a"
restore-type = "copy-on-write"
use-latest-restorable-time = true
[[steps]]
op = "restore-db-cluster-to-point-in-time"
source-db-cluster-identifier = "src"
db-cluster-identifier = "b"
restore-type = "copy-on-write"
use-latest-restorable-time = true
[[steps]]
op = "advance"
duration = "20m"
[[steps]]
op = "write"
account = "222222222222"
db-cluster-identifier = "a"
page-ranges = [[0, 100]]
[[steps]]
op = "advance"
duration = "3h"
[[steps]]
op = "delete-db-instance"
db-instance-identifier = "src-1"
[[steps]]
op = "delete-db-cluster"
db-cluster-identifier = "src"
skip-final-snapshot = true
[[steps]]
op = "advance"
duration = "3h"
"#;

#[test]
fn each_policy_splits_the_same_fleet_total() {
    use cowsim::engine::BillingPolicy;
    let scenario = Scenario::parse("policies.toml", POLICIES).unwrap();
    let page_hour = 16384.0 / f64::from(1u32 << 30) * 0.10 / 730.0;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 + 1e-9 * b.abs();
    let mut totals = Vec::new();
    for (policy, owner, other) in [
        (BillingPolicy::Aurora, 3 * 1000 + 3 * 550, 3 * 100 + 3 * 550),
        (
            BillingPolicy::SharedEqual,
            3 * 700 + 3 * 550,
            3 * 400 + 3 * 550,
        ),
        (
            BillingPolicy::FamilyEqual,
            3 * 1000 + 3 * 500,
            3 * 100 + 3 * 600,
        ),
    ] {
        let f = forecast(
            &scenario,
            Config {
                runs: 2,
                months: None,
                seed: 3,
                accuracy: Accuracy::Exact,
                no_expect: false,
                policy,
            },
            || {},
        );
        assert_eq!(f.policy, policy);
        let storage: Vec<f64> = f.accounts.iter().map(|a| a.storage_cost_usd.mean).collect();
        assert!(
            close(storage[0], f64::from(owner) * page_hour),
            "{policy}: {storage:?}"
        );
        assert!(
            close(storage[1], f64::from(other) * page_hour),
            "{policy}: {storage:?}"
        );
        assert!(close(storage[0] + storage[1], 6600.0 * page_hour));
        totals.push(
            f.accounts
                .iter()
                .map(|a| a.total_cost_usd.mean)
                .sum::<f64>(),
        );
        let text = cowsim::render::forecast::render_text(&f);
        assert!(
            text.contains(&format!("policy {policy}, accuracy exact")),
            "{text}"
        );
    }
    assert!(
        totals.iter().all(|t| close(*t, totals[0])),
        "the fleet's total: {totals:?}"
    );
}
