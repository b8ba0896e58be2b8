//! Forecasts: percentiles over seeded runs, the same whatever the number
//! of threads, with a full-copy alternative.

use cowsim::forecast::{Config, forecast};
use cowsim::scenario::Scenario;

const SCENARIO: &str = r#"
name = "two clones under uncertain load"
seed = 5
[uncertainty]
rate-sigma = 0.8
[[accounts]]
id = "111111111111"
[[steps]]
op = "create-db-cluster"
db-cluster-identifier = "src"
engine = "aurora-postgresql"
data-gib = 1
[[steps]]
op = "advance"
duration = "5m"
[[steps]]
op = "create-db-instance"
db-instance-identifier = "i"
db-cluster-identifier = "src"
[[steps]]
op = "advance"
duration = "5m"
[[steps]]
op = "restore-db-cluster-to-point-in-time"
source-db-cluster-identifier = "src"
db-cluster-identifier = "a"
restore-type = "copy-on-write"
use-latest-restorable-time = true
[[steps]]
op = "advance"
duration = "5m"
[[steps]]
op = "workload"
db-cluster-identifier = "a"
rate = "100MiB/day"
every = "1d"
"#;

fn run(threads: usize, runs: u32) -> String {
    let scenario = Scenario::parse("f.toml", SCENARIO).unwrap();
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
    let scenario = Scenario::parse("f.toml", SCENARIO).unwrap();
    let f = forecast(
        &scenario,
        Config {
            runs: 16,
            months: Some(1),
            seed: 1,
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
