//! Every bundled scenario runs, meets its own expectations, and gives the
//! same report twice.

use cowsim::report::Report;
use cowsim::scenario::{Options, Runner, Scenario};

fn run(path: &str) -> Report {
    let text = std::fs::read_to_string(path).expect("bundled scenario");
    let scenario = Scenario::parse(path, &text).unwrap_or_else(|d| panic!("{d}"));
    let options = Options {
        verify: true,
        ..Options::default()
    };
    Runner::new(&scenario, options).run(|_| {})
}

/// The report without the simulator's own wall times, which vary.
fn comparable(mut r: Report) -> String {
    for s in &mut r.steps {
        s.wall_us = 0;
    }
    r.engine_wall_us.clear();
    serde_json::to_string(&r).expect("serializable")
}

fn check(name: &str) {
    let path = format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let report = run(&path);
    let surprises: Vec<String> = report
        .steps
        .iter()
        .filter_map(|s| s.surprise.clone().map(|x| format!("step {}: {x}", s.index)))
        .collect();
    assert!(report.ok, "{name}: {surprises:#?}");
    assert!(
        report.steps.iter().filter(|s| s.op == "expect").count() >= 2,
        "{name} asserts its outcome"
    );
    assert_eq!(
        comparable(report),
        comparable(run(&path)),
        "{name} is deterministic"
    );
}

#[test]
fn demo() {
    check("demo");
}

#[test]
fn internal_audit() {
    check("internal-audit");
}

#[test]
fn outside_vendor() {
    check("outside-vendor");
}

#[test]
fn dev_test_accounts() {
    check("dev-test-accounts");
}

#[test]
fn default_key_recreate() {
    check("default-key-recreate");
}

#[test]
fn source_deleted() {
    check("source-deleted");
}

#[test]
fn clone_vs_snapshot() {
    check("clone-vs-snapshot");
}

#[test]
fn quarterly_forecast() {
    check("quarterly-forecast");
}

#[test]
fn the_demo_is_the_bundled_file() {
    let file = std::fs::read_to_string(format!(
        "{}/scenarios/demo.toml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    assert_eq!(cowsim::scenario::DEMO, file);
}

#[test]
fn a_different_seed_changes_random_draws_only() {
    let path = format!(
        "{}/scenarios/internal-audit.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let scenario = Scenario::parse(&path, &text).unwrap();
    let a = Runner::new(
        &scenario,
        Options {
            seed: Some(1),
            verify: true,
            ..Options::default()
        },
    )
    .run(|_| {});
    let b = Runner::new(
        &scenario,
        Options {
            seed: Some(2),
            verify: true,
            ..Options::default()
        },
    )
    .run(|_| {});
    assert!(a.ok && b.ok);
    assert_ne!(comparable(a.clone()), comparable(b), "zipf draws differ");
    assert_eq!(a.seed, 1);
}
