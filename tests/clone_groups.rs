//! A `CloneGroupId` names exactly one storage family: full copies share no
//! storage, so they join no group until they are cloned themselves.

use std::collections::BTreeMap;

use cowsim::cloud::RestoreType;
use cowsim::cloud::ops::Response;
use cowsim::cloud::rds::ClusterStatus;
use cowsim::report::{Report, StepResult};
use cowsim::scenario::{Options, Runner, Scenario};

fn run(text: &str) -> Report {
    let scenario = Scenario::parse("groups.toml", text).unwrap_or_else(|d| panic!("{d}"));
    Runner::new(&scenario, Options::default()).run(|_| {})
}

/// Every clone group id of the report's families appears once, and every
/// live cluster carrying an id is listed in that id's family.
fn one_family_per_group(r: &Report) {
    let mut families: BTreeMap<&str, &cowsim::report::FamilyRow> = BTreeMap::new();
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

const SOURCE: &str = r#"name = "sixteen clones"
seed = 1
[latency]
jitter = 0
[[steps]]
op = "create-db-cluster"
db-cluster-identifier = "prod"
engine = "aurora-mysql"
data-pages = 1000
[[steps]]
op = "advance"
duration = "5m"
[[steps]]
op = "create-db-instance"
db-instance-identifier = "prod-1"
db-cluster-identifier = "prod"
[[steps]]
op = "advance"
duration = "5m"
"#;

fn clone(source: &str, id: &str) -> String {
    format!(
        "[[steps]]\nop = \"restore-db-cluster-to-point-in-time\"\nsource-db-cluster-identifier = \"{source}\"\ndb-cluster-identifier = \"{id}\"\nrestore-type = \"copy-on-write\"\nuse-latest-restorable-time = true\n"
    )
}

#[test]
fn the_sixteenth_clone_is_a_full_copy_in_no_group_until_cloned() {
    let mut text = SOURCE.to_string();
    for i in 1..=16 {
        text.push_str(&clone("prod", &format!("c{i}")));
    }
    text.push_str("[[steps]]\nop = \"advance\"\nduration = \"5m\"\n[[steps]]\nop = \"create-db-instance\"\ndb-instance-identifier = \"c16-1\"\ndb-cluster-identifier = \"c16\"\n[[steps]]\nop = \"advance\"\nduration = \"5m\"\n");
    let before = run(&text);
    assert!(before.ok);
    let Some(StepResult::Aws(Response::RestoreDbClusterToPointInTime(r))) =
        &before.steps[4 + 15].result
    else {
        panic!("the 16th clone's step")
    };
    assert_eq!(r.restore_type_applied, RestoreType::FullCopy);
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

    text.push_str(&clone("c16", "c16-clone"));
    let after = run(&text);
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
        one_family_per_group(&run(&text));
        seen += 1;
    }
    assert!(seen >= 8, "{seen} bundled scenarios");
}
