//! Every bundled scenario runs, meets its own expectations, and gives the
//! same report twice.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::report::{Report, StepRecord, StepResult};
use common::scenario::scenario;
use common::steps::{advance, days, minutes};
use cowsim::cloud::RestoreType;
use cowsim::cloud::ops::Response;
use cowsim::cloud::rds::ClusterStatus;
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
fn dev_clones_month() {
    check("dev-clones-month");
}

/// `cowsim demo` tells the guide's story end to end: share through RAM
/// with an outside account, accept, clone across accounts, both sides
/// write, the source is deleted, and the clone then pays for every page it
/// sees.
#[test]
fn the_demo_tells_the_guides_story() {
    let scenario = Scenario::parse("demo", cowsim::scenario::DEMO).unwrap();
    let r = Runner::new(&scenario, Options::default()).run(|_| {});
    assert!(r.ok);
    let position = |op: &str, what: &dyn Fn(&StepRecord) -> bool| {
        r.steps
            .iter()
            .position(|s| s.op == op && s.ok && what(s))
            .unwrap_or_else(|| panic!("the demo has no {op}"))
    };
    let share = position("create-resource-share", &|s| {
        matches!(&s.result, Some(StepResult::Aws(Response::CreateResourceShare(r)))
            if r.sim.invitations.as_ref().is_some_and(|sent| !sent.is_empty()))
    });
    let accept = position("accept-resource-share-invitation", &|_| true);
    let restored = |s: &StepRecord| match &s.result {
        Some(StepResult::Aws(Response::RestoreDbClusterToPointInTime(r))) => Some(r.clone()),
        _ => None,
    };
    let clone = position("restore-db-cluster-to-point-in-time", &|s| {
        restored(s).is_some_and(|r| {
            r.cluster.cross_account_clone && r.sim.restore_type_applied == RestoreType::CopyOnWrite
        })
    });
    let clone_arn = restored(&r.steps[clone]).unwrap().cluster.arn;
    let clone_account = r.steps[clone].account;
    let writes: Vec<usize> = r
        .steps
        .iter()
        .filter(|s| s.op == "write" && s.ok)
        .map(|s| s.index)
        .collect();
    let source_owner = r.steps[share].account;
    let deleted = position("delete-db-cluster", &|s| s.account == source_owner);
    assert!(
        share < accept && accept < clone && clone < deleted,
        "in the guide's order"
    );
    let writers: Vec<_> = writes.iter().map(|&i| r.steps[i].account).collect();
    assert!(writers.contains(&source_owner) && writers.contains(&clone_account));
    assert!(
        writes.iter().all(|&i| clone < i && i < deleted),
        "both diverge before the delete"
    );
    let copy = r
        .clusters
        .iter()
        .find(|c| c.arn == clone_arn)
        .expect("the clone");
    assert!(copy.cross_account_clone);
    assert_eq!(
        copy.owned_pages, copy.logical_pages as f64,
        "it pays for what it sees"
    );
    assert!(
        r.clusters
            .iter()
            .any(|c| c.account == source_owner && c.status == ClusterStatus::Deleted)
    );
}

/// The members of an RDS answer drawn from the seed, blanked.
fn blank_drawn(value: &mut serde_json::Value) {
    const DRAWN: [&str; 8] = [
        "DbClusterResourceId",
        "DbiResourceId",
        "Endpoint",
        "ReaderEndpoint",
        "VpcSecurityGroups",
        "DBSubnetGroup",
        "PreferredBackupWindow",
        "PreferredMaintenanceWindow",
    ];
    match value {
        serde_json::Value::Object(fields) => {
            for (key, v) in fields.iter_mut() {
                if DRAWN.contains(&key.as_str()) {
                    *v = serde_json::Value::Null;
                } else {
                    blank_drawn(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(blank_drawn),
        _ => {}
    }
}

/// Another seed changes what is drawn at random, and nothing else: a
/// scenario without random draws gives the same report but for the ids
/// minted from the seed, and one with Zipf draws keeps every step's
/// outcome while its page counts and bills move.
#[test]
fn a_different_seed_changes_random_draws_only() {
    let run = |name: &str, seed: u64| {
        let path = format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = Scenario::parse(&path, &text).unwrap();
        let options = Options {
            seed: Some(seed),
            verify: true,
            ..Options::default()
        };
        Runner::new(&scenario, options).run(|_| {})
    };
    // Ids minted from the seed (UUID-shaped; and the members of an RDS
    // answer drawn from it: resource ids, endpoint hosts, network ids and
    // windows), blanked.
    let without_ids = |r: Report| {
        let mut r = r;
        r.seed = 0;
        let mut value: serde_json::Value =
            serde_json::from_str(&comparable(r)).expect("a report is JSON");
        blank_drawn(&mut value);
        let text = value.to_string();
        let mut out = String::with_capacity(text.len());
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let uuid = bytes.len() >= i + 36
                && (i..i + 36).all(|j| match j - i {
                    8 | 13 | 18 | 23 => bytes[j] == b'-',
                    _ => bytes[j].is_ascii_hexdigit(),
                });
            if uuid {
                out.push_str("<id>");
                i += 36;
            } else {
                out.push(bytes[i] as char);
                i += 1;
            }
        }
        out
    };
    // source-deleted.toml: exact durations, exact page ranges.
    let (a, b) = (run("source-deleted", 1), run("source-deleted", 2));
    assert_ne!(
        comparable(a.clone()),
        comparable(b.clone()),
        "the ids differ"
    );
    assert_eq!(without_ids(a), without_ids(b));

    // internal-audit.toml: Zipf-drawn updates.
    let (a, b) = (run("internal-audit", 1), run("internal-audit", 2));
    assert!(a.ok && b.ok);
    assert_eq!((a.seed, b.seed), (1, 2));
    let outcome = |r: &Report| -> Vec<_> {
        r.steps
            .iter()
            .map(|s| (s.op, s.account, s.ok, s.error.clone(), s.as_expected))
            .collect()
    };
    assert_eq!(outcome(&a), outcome(&b), "every step goes the same way");
    let shape = |r: &Report| -> Vec<_> {
        r.clusters
            .iter()
            .map(|c| (c.arn.clone(), c.status, c.created_at))
            .collect()
    };
    assert_eq!(
        shape(&a),
        shape(&b),
        "the same clusters, made at the same times"
    );
    let ledger = |r: &Report| {
        let c = r
            .clusters
            .iter()
            .find(|c| c.identifier == "ledger")
            .unwrap();
        (c.exclusive_pages, c.storage_cost_usd)
    };
    assert_ne!(ledger(&a), ledger(&b), "the Zipf draws differ");
}

/// A long `advance` tells its progress hour by hour, ending at the total.
#[test]
fn an_advance_reports_its_metering_progress() {
    let scenario = scenario("long")
        .steps([advance(days(10)), advance(minutes(90))])
        .parse();
    let mut seen = Vec::new();
    let report = Runner::new(&scenario, Options::default())
        .with_progress(|done, hours| seen.push((done, hours)))
        .run(|_| {});
    assert!(report.ok);
    assert_eq!(seen.len(), 241, "240 hours, then 1 more");
    assert_eq!(seen[0], (1, 240));
    assert_eq!(seen[239], (240, 240));
    assert_eq!(seen[240], (1, 1));
}

/// The describes' filters and pages as scenario steps: the `filters`
/// syntax the clone-group filter always had, several filters and values,
/// a page and the page its marker continues, and the refusals a step can
/// expect.
#[test]
fn describe_steps_filter_and_page() {
    let mut text = String::from("name = \"pages\"\n[[accounts]]\nid = \"111111111111\"\n");
    for i in 0..25 {
        let engine = ["aurora-mysql", "aurora-postgresql"][i % 2];
        text += &format!(
            "[[steps]]\nop = \"create-db-cluster\"\naccount = \"111111111111\"\n\
             db-cluster-identifier = \"c-{i:02}\"\nengine = \"{engine}\"\n"
        );
    }
    let steps = [
        r#"filters = [{ Name = "engine", Values = ["aurora-postgresql"] }, { Name = "db-cluster-id", Values = ["c-01", "c-02", "c-03"] }]"#,
        r#"filters = [{ Name = "clone-group-id", Values = ["none"] }]"#,
        "max-records = 20",
        "filters = [{ Name = \"status\", Values = [\"available\"] }]\nexpect-error = \"InvalidParameterValue\"",
        "max-records = 19\nexpect-error = \"InvalidParameterValue\"",
        "marker = \"000000140000000000000000\"\nexpect-error = \"InvalidParameterValue\"",
    ];
    for body in steps {
        text += &format!(
            "[[steps]]\nop = \"describe-db-clusters\"\naccount = \"111111111111\"\n{body}\n"
        );
    }
    let scenario = Scenario::parse("pages.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    let report = common::run::run_as_said(&scenario);
    let described: Vec<_> = report
        .steps
        .iter()
        .filter_map(|s| match &s.result {
            Some(StepResult::Aws(Response::DescribeDbClusters(r))) => Some(r),
            _ => None,
        })
        .collect();
    let ids = |r: &cowsim::cloud::ops::rds::DescribeDbClustersResponse| {
        serde_json::to_value(&r.clusters)
            .expect("serializable")
            .as_array()
            .expect("a list")
            .iter()
            .map(|c| {
                c["DBClusterIdentifier"]
                    .as_str()
                    .expect("an identifier")
                    .to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(described[0]), ["c-01", "c-03"]);
    assert!(ids(described[1]).is_empty());
    assert_eq!(ids(described[2]).len(), 20);
    let marker = described[2].marker.clone().expect("a second page");

    let next = format!(
        "{text}[[steps]]\nop = \"describe-db-clusters\"\naccount = \"111111111111\"\nmax-records = 20\nmarker = \"{marker}\"\n"
    );
    let scenario = Scenario::parse("pages.toml", &next).unwrap_or_else(|d| panic!("{d}"));
    let report = Runner::new(&scenario, Options::default()).run(|_| {});
    assert!(report.ok);
    let Some(StepResult::Aws(Response::DescribeDbClusters(last))) =
        &report.steps.last().expect("a step").result
    else {
        panic!("a describe");
    };
    let rest = ids(last);
    assert_eq!(
        rest,
        (20..25).map(|i| format!("c-{i:02}")).collect::<Vec<_>>()
    );
    assert_eq!(last.marker, None);
}
