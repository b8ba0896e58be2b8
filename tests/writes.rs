//! Writes: an update rewrites pages the cluster has and never grows it;
//! only an append does. Every page write counts as I/O, repeats included.

use cowsim::report::{Report, StepResult};
use cowsim::scenario::{Options, Runner, Scenario};

/// A 10 GiB cluster (655,360 pages of 16 KiB), available, then `steps`.
fn run(steps: &str) -> Report {
    let text = format!(
        r#"name = "writes"
seed = 5
[[steps]]
op = "create-db-cluster"
db-cluster-identifier = "prod"
engine = "aurora-mysql"
data-gib = 10
[[steps]]
op = "advance"
duration = "1h"
{steps}"#
    );
    let scenario = Scenario::parse("writes.toml", &text).unwrap_or_else(|d| panic!("{d}"));
    Runner::new(&scenario, Options::default()).run(|_| {})
}

fn logical_pages(r: &Report) -> u64 {
    r.clusters[0].logical_pages
}

const PAGES: u64 = 655_360;

#[test]
fn an_update_past_the_end_is_refused_and_changes_nothing() {
    let r = run(
        "[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"prod\"\npage-ranges = [[0, 99999999]]\n",
    );
    assert!(!r.ok, "an unexpected failure fails the run");
    let step = &r.steps[2];
    let error = step.error.as_ref().expect("refused");
    assert_eq!(error.code, "WriteBeyondEnd");
    for part in ["prod", "655360 pages of 16 KiB", "10.00 GiB", "page 655360"] {
        assert!(error.message.contains(part), "{}", error.message);
    }
    assert_eq!(logical_pages(&r), PAGES);
    assert_eq!(r.clusters[0].write_io_requests, 0, "nothing was written");

    let expected = run(
        "[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"prod\"\npage-ranges = [[100, 200], [655300, 655400]]\nexpect-error = \"WriteBeyondEnd\"\n",
    );
    assert!(expected.ok, "the scenario said so");
    assert!(
        expected.steps[2]
            .error
            .as_ref()
            .unwrap()
            .message
            .contains("page 655360")
    );
    assert_eq!(logical_pages(&expected), PAGES);
}

#[test]
fn an_append_grows_and_an_update_inside_does_not() {
    let r = run(
        "[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"prod\"\npage-ranges = [[655360, 655460]]\nmode = \"append\"\n[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"prod\"\npage-ranges = [[0, 655460]]\n",
    );
    assert!(
        r.ok,
        "{:?}",
        r.steps.iter().map(|s| &s.surprise).collect::<Vec<_>>()
    );
    assert_eq!(logical_pages(&r), PAGES + 100);
}

#[test]
fn workload_updates_never_grow_a_cluster() {
    let r = run("[[steps]]\nop = \"workload\"\ndb-cluster-identifier = \"prod\"\nrate = \"5GiB/day\"\ndistribution = \"sequential\"\nstart-page = 655000\n[[steps]]\nop = \"advance\"\nduration = \"3d\"\n".replace("start-page = 655000\n", "").as_str());
    assert!(r.ok);
    assert_eq!(logical_pages(&r), PAGES, "15 GiB of updates on 10 GiB");
    assert!(r.clusters[0].write_io_requests > 0);
}

#[test]
fn every_page_write_counts_as_io_even_on_the_same_page() {
    // 20,000 draws over 655,360 pages repeat some pages.
    let r = run("[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"prod\"\npages = 20000\n");
    let Some(StepResult::Write(result)) = &r.steps[2].result else {
        panic!("a write's result")
    };
    assert_eq!(result.pages_written, 20_000);
    let distinct = result.distinct_pages;
    assert!(distinct < 20_000 && distinct > 19_000, "{distinct}");
    assert_eq!(
        r.clusters[0].write_io_requests,
        20_000 * 4,
        "16 KiB pages, 4 KiB I/Os"
    );
}
