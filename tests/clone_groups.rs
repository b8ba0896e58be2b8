//! A `CloneGroupId` names exactly one storage family: full copies share no
//! storage, so they join no group until they are cloned themselves.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use common::report::{FamilyRow, Report, StepResult};
use common::scenario::{ScenarioBuilder, scenario};
use common::steps::*;
use cowsim::cloud::RestoreType;
use cowsim::cloud::ops::Response;
use cowsim::cloud::rds::{ClusterStatus, DbEngine};
use cowsim::scenario::{Options, Runner, Scenario};

fn run(scenario: &Scenario) -> Report {
    Runner::new(scenario, Options::default()).run(|_| {})
}

/// Every clone group id of the report's families appears once, and every
/// live cluster carrying an id is listed in that id's family.
fn one_family_per_group(r: &Report) {
    let mut families: BTreeMap<&str, &FamilyRow> = BTreeMap::new();
    for f in &r.families {
        if let Some(g) = &f.clone_group_id {
            assert!(
                families.insert(g, f).is_none(),
                "{}: group {g} names two families",
                r.scenario
            );
        }
    }
    for c in r
        .clusters
        .iter()
        .filter(|c| c.status != ClusterStatus::Deleted)
    {
        if let Some(g) = &c.clone_group_id {
            let family = families
                .get(g.as_str())
                .unwrap_or_else(|| panic!("{}: no family for {g}", c.arn));
            assert!(
                family.clusters.contains(&c.arn),
                "{} is not in the family of {g}",
                c.arn
            );
        }
    }
}

/// `prod`, 1,000 pages with an instance, ready to be cloned.
fn source() -> ScenarioBuilder {
    scenario("sixteen clones").seed(1).no_jitter().steps([
        create_cluster("prod")
            .engine(DbEngine::AuroraMysql)
            .data_pages(1000),
        advance(minutes(5)),
        create_instance("prod-1", "prod"),
        advance(minutes(5)),
    ])
}

#[test]
fn the_sixteenth_clone_is_a_full_copy_in_no_group_until_cloned() {
    let sixteen = source()
        .steps((1..=16).map(|i| clone_cluster("prod", &format!("c{i}"))))
        .steps([
            advance(minutes(5)),
            create_instance("c16-1", "c16"),
            advance(minutes(5)),
        ]);
    let before = run(&sixteen.parse());
    assert!(before.ok);
    let Some(StepResult::Aws(Response::RestoreDbClusterToPointInTime(r))) =
        &before.steps[4 + 15].result
    else {
        panic!("the 16th clone's step")
    };
    assert_eq!(r.sim.restore_type_applied, RestoreType::FullCopy);
    let c16 = before
        .clusters
        .iter()
        .find(|c| c.identifier == "c16")
        .unwrap();
    assert_eq!(c16.clone_group_id, None, "a full copy shares nothing");
    let prod = before
        .clusters
        .iter()
        .find(|c| c.identifier == "prod")
        .unwrap();
    let group = prod.clone_group_id.clone().expect("prod was cloned");
    let members = before
        .clusters
        .iter()
        .filter(|c| c.clone_group_id.as_ref() == Some(&group))
        .count();
    assert_eq!(members, 16, "prod and its fifteen copy-on-write clones");
    one_family_per_group(&before);

    let after = run(&sixteen.step(clone_cluster("c16", "c16-clone")).parse());
    let c16 = after
        .clusters
        .iter()
        .find(|c| c.identifier == "c16")
        .unwrap();
    let own = c16
        .clone_group_id
        .clone()
        .expect("cloned, it starts a group");
    assert_ne!(own, group);
    let clone = after
        .clusters
        .iter()
        .find(|c| c.identifier == "c16-clone")
        .unwrap();
    assert_eq!(clone.clone_group_id.as_ref(), Some(&own));
    one_family_per_group(&after);
}

#[test]
fn every_bundled_scenario_names_one_family_per_group() {
    let dir = format!("{}/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario =
            Scenario::parse(path.to_str().unwrap(), &text).unwrap_or_else(|d| panic!("{d}"));
        one_family_per_group(&run(&scenario));
        seen += 1;
    }
    assert!(seen >= 8, "{seen} bundled scenarios");
}
