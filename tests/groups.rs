//! The groups a cluster is made with, and its lifecycle, as scenario
//! steps (docs/aws-behaviour.md, "Groups" and "Reboot and failover"):
//! every refusal with AWS's code, each run checked as it said
//! (`run_as_said`). tests/clients/test_groups.py replays a served
//! session's journal of these steps with `cowsim run`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::report::{Report, StepResult};
use cowsim::cloud::ops::Response;
use cowsim::cloud::ops::rds::DescribedDbCluster;
use cowsim::scenario::Scenario;

const HEAD: &str = "name = \"t\"\n[latency]\njitter = 0\n[[accounts]]\nid = \"111111111111\"\nname = \"owner\"\n[[accounts]]\nid = \"222222222222\"\nname = \"other\"\n";

fn run(body: &str) -> Report {
    let scenario =
        Scenario::parse("t.toml", &format!("{HEAD}{body}")).unwrap_or_else(|d| panic!("{d}"));
    common::run::run_as_said(&scenario)
}

fn step(op: &str, fields: &str) -> String {
    format!("[[steps]]\nop = \"{op}\"\n{fields}\n")
}

fn refused(op: &str, fields: &str, code: &str) -> String {
    step(op, &format!("{fields}\nexpect-error = \"{code}\""))
}

const GROUPS: &str = r#"
[[steps]]
op = "create-db-subnet-group"
db-subnet-group-name = "app"
db-subnet-group-description = "app subnets"
subnet-ids = ["subnet-a", "subnet-b"]
[[steps]]
op = "create-db-cluster-parameter-group"
db-cluster-parameter-group-name = "App"
db-parameter-group-family = "aurora-mysql8.0"
description = "cluster"
[[steps]]
op = "modify-db-cluster-parameter-group"
db-cluster-parameter-group-name = "app"
parameters = [{ ParameterName = "binlog_format", ParameterValue = "ROW", ApplyMethod = "pending-reboot" }]
[[steps]]
op = "create-db-parameter-group"
db-parameter-group-name = "app"
db-parameter-group-family = "aurora-mysql8.0"
description = "instances"
[[steps]]
op = "create-db-cluster"
db-cluster-identifier = "db"
engine = "aurora-mysql"
db-cluster-parameter-group-name = "app"
db-subnet-group-name = "APP"
data-pages = 1000
[[steps]]
op = "advance"
duration = "5m"
[[steps]]
op = "create-db-instance"
db-instance-identifier = "w"
db-cluster-identifier = "db"
db-instance-class = "db.r6g.large"
db-parameter-group-name = "app"
[[steps]]
op = "create-db-instance"
db-instance-identifier = "r"
db-cluster-identifier = "db"
db-instance-class = "db.r6g.large"
promotion-tier = 0
[[steps]]
op = "advance"
duration = "10m"
"#;

/// The response of the step at `index`.
fn response(r: &Report, index: usize) -> &Response {
    match &r.steps[index].result {
        Some(StepResult::Aws(response)) => response,
        other => panic!("step {index}: {other:?}"),
    }
}

#[test]
fn groups_are_used_and_kept_while_in_use() {
    let body = [
        GROUPS.to_string(),
        refused(
            "delete-db-cluster-parameter-group",
            "db-cluster-parameter-group-name = \"app\"",
            "InvalidDBParameterGroupState",
        ),
        refused(
            "delete-db-parameter-group",
            "db-parameter-group-name = \"app\"",
            "InvalidDBParameterGroupState",
        ),
        refused(
            "delete-db-subnet-group",
            "db-subnet-group-name = \"app\"",
            "InvalidDBSubnetGroupStateFault",
        ),
        refused(
            "modify-db-cluster-parameter-group",
            "db-cluster-parameter-group-name = \"default.aurora-mysql8.0\"\nparameters = [{ ParameterName = \"binlog_format\", ParameterValue = \"ROW\" }]",
            "InvalidDBParameterGroupState",
        ),
        refused(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\ndb-cluster-parameter-group-name = \"nope\"",
            "DBClusterParameterGroupNotFound",
        ),
        refused(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\ndb-cluster-parameter-group-name = \"default.aurora-postgresql16\"",
            "InvalidParameterCombination",
        ),
        refused(
            "describe-db-subnet-groups",
            "db-subnet-group-name = \"app\"\naccount = \"other\"",
            "DBSubnetGroupNotFoundFault",
        ),
        step(
            "describe-db-cluster-parameters",
            "db-cluster-parameter-group-name = \"app\"\nsource = \"user\"",
        ),
        step(
            "reset-db-cluster-parameter-group",
            "db-cluster-parameter-group-name = \"app\"\nparameters = [{ ParameterName = \"binlog_format\" }]",
        ),
        step(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\ndb-cluster-parameter-group-name = \"default.aurora-mysql8.0\"",
        ),
        step(
            "delete-db-cluster-parameter-group",
            "db-cluster-parameter-group-name = \"app\"",
        ),
    ]
    .concat();
    let r = run(&body);
    let described = r
        .steps
        .iter()
        .position(|s| s.op == "describe-db-cluster-parameters")
        .unwrap();
    let Response::DescribeDbClusterParameters(p) = response(&r, described) else {
        panic!("parameters");
    };
    let names: Vec<(&str, Option<&str>)> = p
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.value.as_deref()))
        .collect();
    assert_eq!(names, [("binlog_format", Some("ROW"))]);
}

#[test]
fn failover_follows_promotion_tiers_and_reboots_take_a_minute() {
    let body = [
        GROUPS.to_string(),
        step("failover-db-cluster", "db-cluster-identifier = \"db\""),
        refused(
            "failover-db-cluster",
            "db-cluster-identifier = \"db\"",
            "InvalidDBClusterStateFault",
        ),
        refused(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\nstorage-type = \"aurora-iopt1\"",
            "InvalidDBClusterStateFault",
        ),
        step("reboot-db-instance", "db-instance-identifier = \"w\""),
        refused(
            "reboot-db-instance",
            "db-instance-identifier = \"w\"",
            "InvalidDBInstanceState",
        ),
        step("advance", "duration = \"1m\""),
        step(
            "failover-db-cluster",
            "db-cluster-identifier = \"db\"\ntarget-db-instance-identifier = \"w\"",
        ),
        step("advance", "duration = \"30s\""),
        refused(
            "failover-db-cluster",
            "db-cluster-identifier = \"db\"\ntarget-db-instance-identifier = \"w\"",
            "InvalidDBInstanceState",
        ),
        refused(
            "modify-db-instance",
            "db-instance-identifier = \"r\"\npromotion-tier = 16",
            "InvalidParameterValue",
        ),
        step(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\nstorage-type = \"aurora-iopt1\"",
        ),
        step(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\nstorage-type = \"aurora\"",
        ),
        refused(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\nstorage-type = \"aurora-iopt1\"",
            "InvalidDBClusterStateFault",
        ),
        step("advance", "duration = \"30d\""),
        step(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\nstorage-type = \"aurora-iopt1\"",
        ),
    ]
    .concat();
    let r = run(&body);
    let writer = |index: usize| match response(&r, index) {
        Response::FailoverDbCluster(c) => c
            .cluster
            .members
            .iter()
            .find(|m| m.writer)
            .map(|m| m.instance.clone()),
        other => panic!("{other:?}"),
    };
    let failovers: Vec<usize> = (0..r.steps.len())
        .filter(|&i| r.steps[i].op == "failover-db-cluster" && r.steps[i].ok)
        .collect();
    assert_eq!(writer(failovers[0]).as_deref(), Some("r"), "tier 0");
    assert_eq!(writer(failovers[1]).as_deref(), Some("w"), "the target");
    let Response::FailoverDbCluster(c) = response(&r, failovers[0]) else {
        panic!("failover");
    };
    assert_eq!(c.cluster.status.to_string(), "failing-over");
    let failed_over = r.steps[failovers[0]].at;
    assert_eq!(
        c.sim.available_at.map(|t| t.since(failed_over)),
        Some(30),
        "available again 30 seconds on"
    );
}

#[test]
fn restores_keep_the_groups_they_are_given() {
    let pitr = "source-db-cluster-identifier = \"db\"\ndb-cluster-identifier = \"pitr\"\nuse-latest-restorable-time = true";
    let from_snapshot = "snapshot-identifier = \"monday\"\ndb-cluster-identifier = \"copy\"\nengine = \"aurora-mysql\"";
    let named = "db-cluster-parameter-group-name = \"APP\"\ndb-subnet-group-name = \"app\"";
    let mut body = vec![
        GROUPS.to_string(),
        step(
            "create-db-cluster-snapshot",
            "db-cluster-identifier = \"db\"\ndb-cluster-snapshot-identifier = \"monday\"",
        ),
        step("advance", "duration = \"1h\""),
    ];
    for (op, given) in [
        ("restore-db-cluster-to-point-in-time", pitr),
        ("restore-db-cluster-from-snapshot", from_snapshot),
    ] {
        for (wrong, code) in [
            (
                "db-cluster-parameter-group-name = \"nope\"",
                "DBClusterParameterGroupNotFound",
            ),
            (
                "db-subnet-group-name = \"nope\"",
                "DBSubnetGroupNotFoundFault",
            ),
            (
                "db-cluster-parameter-group-name = \"default.aurora-postgresql16\"",
                "InvalidParameterCombination",
            ),
        ] {
            body.push(refused(op, &format!("{given}\n{wrong}"), code));
        }
        body.push(step(op, &format!("{given}\n{named}")));
    }
    body.extend([
        step("advance", "duration = \"1h\""),
        step("describe-db-clusters", ""),
        step(
            "modify-db-cluster",
            "db-cluster-identifier = \"db\"\ndb-cluster-parameter-group-name = \"default.aurora-mysql8.0\"",
        ),
        refused(
            "delete-db-cluster-parameter-group",
            "db-cluster-parameter-group-name = \"app\"",
            "InvalidDBParameterGroupState",
        ),
    ]);
    let r = run(&body.concat());
    let restored: Vec<(&str, &str, &str)> = r
        .steps
        .iter()
        .filter_map(|s| match &s.result {
            Some(StepResult::Aws(Response::RestoreDbClusterToPointInTime(c))) => Some(&c.cluster),
            Some(StepResult::Aws(Response::RestoreDbClusterFromSnapshot(c))) => Some(&c.cluster),
            _ => None,
        })
        .map(|c| {
            (
                c.identifier.as_str(),
                c.parameter_group.as_str(),
                c.subnet_group.as_str(),
            )
        })
        .collect();
    assert_eq!(restored, [("pitr", "app", "app"), ("copy", "app", "app")]);
    let described = r
        .steps
        .iter()
        .position(|s| s.op == "describe-db-clusters")
        .unwrap();
    let Response::DescribeDbClusters(d) = response(&r, described) else {
        panic!("describe");
    };
    let groups: Vec<(&str, &str, &str)> = d
        .clusters
        .iter()
        .map(|c| match c {
            DescribedDbCluster::Owned(c) => (
                c.identifier.as_str(),
                c.parameter_group.as_str(),
                c.subnet_group.as_str(),
            ),
            DescribedDbCluster::Shared(_) => panic!("shared"),
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("db", "app", "app"),
            ("pitr", "app", "app"),
            ("copy", "app", "app")
        ]
    );
}
