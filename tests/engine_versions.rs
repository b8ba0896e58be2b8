//! `describe-db-engine-versions` in a scenario: the versions cowsim knows,
//! filtered by engine and version, and an engine it doesn't know refused
//! where it is written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cowsim::cloud::ops::Response;
use cowsim::cloud::ops::rds::DescribeDbEngineVersionsResponse;
use cowsim::report::StepResult;
use cowsim::scenario::{Options, Runner, Scenario};

const HEAD: &str = "name = \"versions\"\n[[accounts]]\nid = \"111111111111\"\nname = \"owner\"\n";

fn versions(result: &Option<StepResult>) -> &DescribeDbEngineVersionsResponse {
    match result {
        Some(StepResult::Aws(Response::DescribeDbEngineVersions(r))) => r,
        other => panic!("not engine versions: {other:?}"),
    }
}

#[test]
fn lists_the_known_versions_by_engine_and_version() {
    let text = format!(
        "{HEAD}\
         [[steps]]\nop = \"describe-db-engine-versions\"\n\
         [[steps]]\nop = \"describe-db-engine-versions\"\nengine = \"aurora-postgresql\"\ndefault-only = true\n\
         [[steps]]\nop = \"describe-db-engine-versions\"\nengine = \"aurora-mysql\"\nengine-version = \"5.7.mysql_aurora.2.12.0\"\n\
         [[steps]]\nop = \"create-db-cluster\"\ndb-cluster-identifier = \"db\"\nengine = \"aurora-mysql\"\n"
    );
    let scenario = Scenario::parse("versions.toml", &text).expect("valid");
    let report = Runner::new(&scenario, Options::default()).run(|_| {});
    let all = versions(&report.steps[0].result);
    let known: Vec<(String, &str, &str)> = all
        .versions
        .iter()
        .map(|v| {
            (
                v.engine.to_string(),
                v.engine_version.as_str(),
                v.parameter_group_family.as_str(),
            )
        })
        .collect();
    assert_eq!(
        known,
        [
            (
                "aurora-mysql".to_string(),
                "8.0.mysql_aurora.3.10.0",
                "aurora-mysql8.0"
            ),
            (
                "aurora-postgresql".to_string(),
                "17.5",
                "aurora-postgresql17"
            ),
        ]
    );
    let postgres = versions(&report.steps[1].result);
    assert_eq!(postgres.versions.len(), 1);
    assert_eq!(postgres.versions[0].engine_version, "17.5");
    assert!(versions(&report.steps[2].result).versions.is_empty());
    let Some(StepResult::Aws(Response::CreateDbCluster(created))) = &report.steps[3].result else {
        panic!("create-db-cluster");
    };
    assert_eq!(
        created.cluster.engine_version, all.versions[0].engine_version,
        "a new cluster gets the version listed"
    );
    let json = serde_json::to_value(&report.steps[0]).expect("serializable");
    assert_eq!(json["op"], "describe-db-engine-versions");
    assert_eq!(
        json["result"]["DBEngineVersions"][0]["DBEngineDescription"],
        "Aurora MySQL"
    );
}

#[test]
fn an_unknown_engine_is_refused_at_its_value() {
    let text =
        format!("{HEAD}[[steps]]\nop = \"describe-db-engine-versions\"\nengine = \"mysql\"\n");
    let d = Scenario::parse("versions.toml", &text).expect_err("refused");
    assert_eq!(
        d.message,
        "step 0 (describe-db-engine-versions): `engine`: unknown engine `mysql`: expected aurora-mysql or aurora-postgresql"
    );
    assert_eq!((d.line, d.column), (7, 10));
}
