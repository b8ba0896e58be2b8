//! DB instances' bills and stopped clusters, computed by hand
//! (docs/aws-behaviour.md, "DB instances" and "Stopped clusters"): an
//! instance is billed per second while it is available in an available
//! cluster, at least 10 minutes after each billable status change; the
//! meter charges each whole hour what was billable since the last one.
//! Every scenario runs without jitter, so each call takes its nominal
//! time: create-seconds 180, instance-seconds 240, stop-seconds 300,
//! start-seconds 600, delete-seconds 120.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use assert_cmd::Command;
use common::report::Report;
use cowsim::scenario::Scenario;

const HEAD: &str = "name = \"t\"\n[latency]\njitter = 0\n[[accounts]]\nid = \"111111111111\"\nname = \"owner\"\n[[accounts]]\nid = \"222222222222\"\nname = \"auditor\"\n";

/// `db`, 1,000 pages of Aurora MySQL, created at 00:00 and available at
/// 00:03; its instance `i` asked for at 00:05 and available at 00:09.
const CLUSTER_AND_INSTANCE: &str = r#"
[[steps]]
op = "create-db-cluster"
db-cluster-identifier = "db"
engine = "aurora-mysql"
data-pages = 1000
[[steps]]
op = "advance"
duration = "5m"
[[steps]]
op = "create-db-instance"
db-instance-identifier = "i"
db-cluster-identifier = "db"
db-instance-class = "db.r6g.large"
"#;

fn parse(body: &str) -> Scenario {
    Scenario::parse("t.toml", &format!("{HEAD}{body}")).unwrap_or_else(|d| panic!("{d}"))
}

fn run(body: &str) -> Report {
    common::run::run_as_said(&parse(body))
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
}

fn step(op: &str, fields: &str) -> String {
    format!("[[steps]]\nop = \"{op}\"\n{fields}\n")
}

fn advance(duration: &str) -> String {
    step("advance", &format!("duration = \"{duration}\""))
}

/// Billable 00:09–02:09 (2 h); stop at 02:09 ends it at once (stopped at
/// 02:14; at 02:19 the meter has charged 00:09–02:00, 1.85 h, and charges
/// the last 9 minutes at 03:00); start at 05:09, available at 05:19,
/// billable again; deleted at 06:19 (1 h more). 3 instance-hours × 0.26 USD = 0.78 USD. The storage
/// is billed every hour from 01:00 to 07:00, stopped or not: 7 hours ×
/// 1,000 × 16,384 bytes / 2^30 × 0.10 USD / 730.
#[test]
fn instance_hours_across_create_stop_start_and_delete() {
    let body = [
        CLUSTER_AND_INSTANCE.to_string(),
        advance("124m"),
        step("stop-db-cluster", "db-cluster-identifier = \"db\""),
        advance("10m"),
        step(
            "expect",
            "cluster = \"db\"\nstatus = \"stopped\"\ninstance-hours = 1.85",
        ),
        advance("170m"),
        step("start-db-cluster", "db-cluster-identifier = \"db\""),
        advance("70m"),
        step("delete-db-instance", "db-instance-identifier = \"i\""),
        advance("1h"),
    ]
    .concat();
    let r = run(&body);
    let c = &r.clusters[0];
    close(c.instance_hours, 3.0);
    close(c.instance_cost_usd, 3.0 * 0.26);
    close(r.accounts[0].instance_cost_usd, 0.78);
    close(
        c.storage_cost_usd,
        7.0 * 1000.0 * 16384.0 / (1u64 << 30) as f64 * 0.10 / 730.0,
    );
    close(
        r.accounts[0].total_cost_usd,
        c.storage_cost_usd + c.instance_cost_usd,
    );
}

/// Available at 00:09, deleted at 00:11: two minutes, billed as the
/// minimum of ten. 600 s / 3,600 × 0.26 USD.
#[test]
fn a_short_life_is_billed_ten_minutes() {
    let body = [
        CLUSTER_AND_INSTANCE.to_string(),
        advance("6m"),
        step("delete-db-instance", "db-instance-identifier = \"i\""),
        advance("1h"),
    ]
    .concat();
    let r = run(&body);
    close(r.clusters[0].instance_hours, 600.0 / 3600.0);
    close(r.clusters[0].instance_cost_usd, 0.26 / 6.0);
}

/// Asked for db.r6g.xlarge at 10:09, which completes at 10:13
/// (instance-seconds): db.r6g.large 00:09–10:13 (10 h 4 min), db.r6g.xlarge
/// 10:13–20:13 (10 h), then deleted. 10.0667 × 0.26 + 10 × 0.519 USD.
#[test]
fn a_new_class_is_billed_from_when_the_change_completes() {
    let body = [
        CLUSTER_AND_INSTANCE.to_string(),
        advance("604m"),
        step(
            "modify-db-instance",
            "db-instance-identifier = \"i\"\ndb-instance-class = \"db.r6g.xlarge\"",
        ),
        advance("10h4m"),
        step("delete-db-instance", "db-instance-identifier = \"i\""),
        advance("1h"),
    ]
    .concat();
    let r = run(&body);
    close(r.clusters[0].instance_hours, 20.0 + 4.0 / 60.0);
    close(
        r.clusters[0].instance_cost_usd,
        (10.0 + 4.0 / 60.0) * 0.26 + 10.0 * 0.519,
    );
}

/// An hour on Standard, then an hour on I/O-Optimized, whose instance
/// price is 30% more: 0.26 + 0.26 × 1.3 USD. A `[pricing.instances]`
/// override replaces the table's price for the class.
#[test]
fn io_optimized_carries_the_uplift_and_prices_are_overridable() {
    let body = [
        CLUSTER_AND_INSTANCE.to_string(),
        advance("64m"),
        step(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\nstorage-type = \"aurora-iopt1\"",
        ),
        advance("1h"),
        step("delete-db-instance", "db-instance-identifier = \"i\""),
        advance("1h"),
    ]
    .concat();
    close(run(&body).clusters[0].instance_cost_usd, 0.26 + 0.26 * 1.3);
    let priced = format!("[pricing.instances]\n\"db.r6g.large\" = 0.5\n{body}");
    close(run(&priced).clusters[0].instance_cost_usd, 0.5 + 0.5 * 1.3);
}

/// A db.serverless instance of cluster `db` (Aurora PostgreSQL, with
/// `cluster_fields` besides), available 00:09 and deleted 24 hours later,
/// at 0.5 ACU from 00:00, 4 ACUs from 08:00 and 1 ACU from 18:00 (UTC).
fn serverless_day(cluster_fields: &str) -> String {
    let mut acus = vec!["0.5"; 8];
    acus.extend(["4"; 10]);
    acus.extend(["1"; 6]);
    [
        step(
            "create-db-cluster",
            &format!(
                "db-cluster-identifier = \"db\"\nengine = \"aurora-postgresql\"\n{cluster_fields}serverless-v2-scaling-configuration = {{ min-capacity = 0.5, max-capacity = 8, acus = [{}] }}",
                acus.join(", ")
            ),
        ),
        advance("5m"),
        step(
            "create-db-instance",
            "db-instance-identifier = \"i\"\ndb-cluster-identifier = \"db\"\ndb-instance-class = \"db.serverless\"",
        ),
        advance("4m"),
        advance("24h"),
        step("delete-db-instance", "db-instance-identifier = \"i\""),
        advance("1h"),
    ]
    .concat()
}

/// A db.serverless instance available 00:09 and deleted 24 hours later,
/// at 0.5 ACU from 00:00, 4 ACUs from 08:00 and 1 ACU from 18:00 (UTC).
/// Each hour is charged at the ACUs of the hour it covers:
/// 0.5 × 51/60 (00:09–01:00) + 0.5 × 7 (01:00–08:00) + 4 × 10
/// (08:00–18:00) + 1 × 6 (18:00–24:00) + 0.5 × 9/60 (00:00–00:09) =
/// 50 ACU-hours, × 0.12 USD = 6 USD.
#[test]
fn a_serverless_profile_is_billed_in_acu_hours() {
    let r = run(&serverless_day(""));
    close(r.clusters[0].instance_hours, 24.0);
    close(r.clusters[0].acu_hours, 50.0);
    close(r.clusters[0].instance_cost_usd, 6.0);
}

/// The same profile on I/O-Optimized: 50 ACU-hours at 0.16 USD (AWS's
/// price list: `Aurora:ServerlessV2IOOptimizedUsage`, not 30% over 0.12)
/// = 8 USD.
#[test]
fn serverless_on_io_optimized_costs_sixteen_cents_an_acu_hour() {
    let r = run(&serverless_day("storage-type = \"aurora-iopt1\"\n"));
    close(r.clusters[0].acu_hours, 50.0);
    close(r.clusters[0].instance_cost_usd, 50.0 * 0.16);
}

/// The prices checked against AWS's price list (docs/aws-behaviour.md,
/// "Instance prices: what was checked"), per hour on Aurora Standard and
/// with the 30% I/O-Optimized uplift: db.r7g.xlarge 0.553 (× 1.3 =
/// 0.7189), db.r8g.large 0.276 (× 1.3 = 0.3588), db.r6g.large 0.26
/// (× 1.3 = 0.338, the price list's `InstanceUsageIOOptimized` figure).
#[test]
fn checked_prices_are_the_price_lists() {
    use cowsim::billing::Pricing;
    use cowsim::cloud::instance_classes::InstanceClass;
    use cowsim::cloud::rds::{DbEngine, StorageType};
    let p = Pricing::default();
    let hour = |class: &str, storage| {
        p.instance_hour(
            InstanceClass::parse(class).unwrap(),
            DbEngine::AuroraMysql,
            storage,
        )
        .unwrap()
    };
    for (class, standard) in [
        ("db.r7g.xlarge", 0.553),
        ("db.r8g.large", 0.276),
        ("db.r8g.48xlarge", 26.496),
        ("db.r6g.large", 0.26),
        ("db.t4g.medium", 0.073),
    ] {
        close(hour(class, StorageType::Standard), standard);
        close(hour(class, StorageType::IoOptimized), standard * 1.3);
    }
    close(hour("db.r6g.large", StorageType::IoOptimized), 0.338);
    close(hour("db.serverless", StorageType::IoOptimized), 0.16);
}

/// Stopped at 01:14 (asked at 01:09, billable 00:09–01:09), never
/// started: AWS starts it seven days after it stopped, and it is
/// available again ten minutes later (8 d 01:24), billed from then. At
/// 8 d 02:24 the meter has charged 00:09–01:09 (1 h) and 8 d 01:24–02:00
/// (0.6 h); the rest of that hour is charged at 8 d 03:00.
#[test]
fn a_stopped_cluster_starts_by_itself_after_seven_days() {
    let body = [
        CLUSTER_AND_INSTANCE.to_string(),
        advance("64m"),
        step("stop-db-cluster", "db-cluster-identifier = \"db\""),
        advance("7d5m"),
        step("expect", "cluster = \"db\"\nstatus = \"starting\""),
        advance("70m"),
        step(
            "expect",
            "cluster = \"db\"\nstatus = \"available\"\ninstance-hours = 1.6",
        ),
    ]
    .concat();
    run(&body);
}

/// While stopped, a cluster takes no instance, no clone, no share, no
/// second stop; it starts only when stopped, and a start while it is
/// available is refused with AWS's code. Each refusal changes nothing.
#[test]
fn a_stopped_cluster_refuses_what_aws_refuses() {
    let body = [
        CLUSTER_AND_INSTANCE.to_string(),
        advance("10m"),
        step(
            "start-db-cluster",
            "db-cluster-identifier = \"db\"\nexpect-error = \"InvalidDBClusterStateFault\"",
        ),
        step("stop-db-cluster", "db-cluster-identifier = \"db\""),
        step(
            "stop-db-cluster",
            "db-cluster-identifier = \"db\"\nexpect-error = \"InvalidDBClusterStateFault\"",
        ),
        advance("10m"),
        step(
            "create-db-instance",
            "db-instance-identifier = \"j\"\ndb-cluster-identifier = \"db\"\ndb-instance-class = \"db.r6g.large\"\nexpect-error = \"InvalidDBClusterStateFault\"",
        ),
        step(
            "restore-db-cluster-to-point-in-time",
            "source-db-cluster-identifier = \"db\"\ndb-cluster-identifier = \"cl\"\nrestore-type = \"copy-on-write\"\nuse-latest-restorable-time = true\nexpect-error = \"InvalidDBClusterStateFault\"",
        ),
        step(
            "create-resource-share",
            "name = \"s\"\nresource-arns = [\"arn:aws:rds:us-east-1:111111111111:cluster:db\"]\nprincipals = [\"222222222222\"]\nexpect-error = \"InvalidStateTransitionException\"",
        ),
        step(
            "write",
            "db-cluster-identifier = \"db\"\npage-ranges = [[0, 10]]\nexpect-error = \"InvalidDBClusterStateFault\"",
        ),
        step("expect", "cluster = \"db\"\nstatus = \"stopped\""),
    ]
    .concat();
    run(&body);
}

/// A start that no earlier step prepares (no `stop-db-cluster` of the
/// cluster since it was created) fails in every run: the file is refused
/// before anything runs, at the step's line, with exit status 2.
#[test]
fn starting_a_cluster_no_step_stops_is_refused_as_the_file_is_read() {
    let body = [
        CLUSTER_AND_INSTANCE.to_string(),
        advance("10m"),
        step("start-db-cluster", "db-cluster-identifier = \"db\""),
    ]
    .concat();
    let d = refuse(&body);
    assert_eq!(d.line, position(&body, "op = \"start-db-cluster\"").0 - 1);
    assert!(
        d.message.contains("no earlier step stops this cluster"),
        "{d}"
    );
    assert!(d.message.contains("InvalidDBClusterStateFault"), "{d}");
    let out = cowsim_run(&body);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing ran");
}

/// A start that finds its cluster still stopping fails as a step, with
/// AWS's code: whether the stop is done depends on the run's latencies, so
/// the run goes on and exits with status 1.
#[test]
fn starting_a_cluster_that_is_still_stopping_fails_the_step() {
    let body = [
        CLUSTER_AND_INSTANCE.to_string(),
        advance("10m"),
        step("stop-db-cluster", "db-cluster-identifier = \"db\""),
        step("start-db-cluster", "db-cluster-identifier = \"db\""),
    ]
    .concat();
    let out = cowsim_run(&body);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("InvalidDBClusterStateFault"), "{text}");
    assert!(
        text.contains("is in stopping state but expected it to be stopped"),
        "{text}"
    );
}

/// `cowsim run` of the scenario, from a file `t.toml`.
fn cowsim_run(body: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.toml");
    std::fs::write(&file, format!("{HEAD}{body}")).unwrap();
    Command::cargo_bin("cowsim")
        .unwrap()
        .arg("run")
        .arg(&file)
        .output()
        .unwrap()
}

/// The line (1-based) and column of the first `needle` in the scenario.
fn position(body: &str, needle: &str) -> (usize, usize) {
    let text = format!("{HEAD}{body}");
    let at = text.find(needle).expect("needle");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (text[..at].matches('\n').count() + 1, at - line_start + 1)
}

fn refuse(body: &str) -> cowsim::scenario::Diagnostic {
    Scenario::parse("t.toml", &format!("{HEAD}{body}")).expect_err("should be refused")
}

#[test]
fn an_unknown_class_is_refused_with_the_nearest() {
    let body = CLUSTER_AND_INSTANCE.replace("db.r6g.large", "db.r6g.lrage");
    let d = refuse(&body);
    assert!(d.message.contains("did you mean `db.r6g.large`?"), "{d}");
    assert_eq!((d.line, d.column), position(&body, "\"db.r6g.lrage\""));
    let out = cowsim_run(&body);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!(
            "t.toml:{}:",
            position(&body, "\"db.r6g.lrage\"").0
        )),
        "{err}"
    );

    let priced = "[pricing.instances]\n\"db.r6g.largee\" = 0.3\n";
    let d = refuse(priced);
    assert!(d.message.contains("did you mean `db.r6g.large`?"), "{d}");
    assert_eq!((d.line, d.column), position(priced, "\"db.r6g.largee\""));
}

#[test]
fn a_class_is_required() {
    let body = CLUSTER_AND_INSTANCE.replace("db-instance-class = \"db.r6g.large\"\n", "");
    let d = refuse(&body);
    assert!(d.message.contains("missing `db-instance-class`"), "{d}");
}

#[test]
fn max_capacity_below_min_capacity_is_refused_at_it() {
    let body = step(
        "create-db-cluster",
        "db-cluster-identifier = \"db\"\nengine = \"aurora-mysql\"\nserverless-v2-scaling-configuration = { min-capacity = 4, max-capacity = 2 }",
    );
    let d = refuse(&body);
    assert!(
        d.message
            .contains("`max-capacity` = 2 is below `min-capacity` = 4"),
        "{d}"
    );
    assert_eq!((d.line, d.column), position(&body, "2 }"));
    let outside = body.replace("max-capacity = 2 }", "max-capacity = 8, acus = 9 }");
    let d = refuse(&outside);
    assert!(d.message.contains("`acus` = 9"), "{d}");
}
