//! Writes: an update rewrites pages the cluster has and never grows it;
//! only an append does. Every page write counts as I/O, repeats included.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::report::{Report, StepResult};
use common::scenario::scenario;
use common::steps::*;
use cowsim::cloud::rds::DbEngine;
use cowsim::scenario::{Options, Runner};
use cowsim::workload::{Distribution, WriteMode};

/// A 10 GiB cluster (655,360 pages of 16 KiB), available, then `steps`.
fn run(steps: impl IntoIterator<Item = Step>) -> Report {
    let scenario = scenario("writes")
        .seed(5)
        .steps([
            create_cluster("prod")
                .engine(DbEngine::AuroraMysql)
                .data_gib(10),
            advance(hours(1)),
        ])
        .steps(steps)
        .parse();
    Runner::new(&scenario, Options::default()).run(|_| {})
}

fn logical_pages(r: &Report) -> u64 {
    r.clusters[0].logical_pages
}

const PAGES: u64 = 655_360;

#[test]
fn an_update_past_the_end_is_refused_and_changes_nothing() {
    let r = run([write("prod").page_range(0..99_999_999)]);
    assert!(!r.ok, "an unexpected failure fails the run");
    let step = &r.steps[2];
    let error = step.error.as_ref().expect("refused");
    assert_eq!(error.code, "WriteBeyondEnd");
    for part in ["prod", "655360 pages of 16 KiB", "10.00 GiB", "page 655360"] {
        assert!(error.message.contains(part), "{}", error.message);
    }
    assert_eq!(logical_pages(&r), PAGES);
    assert_eq!(r.clusters[0].write_io_requests, 0, "nothing was written");

    let expected = run([write("prod")
        .page_ranges([100..200, 655_300..655_400])
        .expect_error("WriteBeyondEnd")]);
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
    let r = run([
        write("prod")
            .page_range(655_360..655_460)
            .mode(WriteMode::Append),
        write("prod").page_range(0..655_460),
    ]);
    assert!(
        r.ok,
        "{:?}",
        r.steps.iter().map(|s| &s.surprise).collect::<Vec<_>>()
    );
    assert_eq!(logical_pages(&r), PAGES + 100);
}

#[test]
fn workload_updates_never_grow_a_cluster() {
    let r = run([
        workload("prod", gib_per_day(5)).distribution(Distribution::Sequential),
        advance(days(3)),
    ]);
    assert!(r.ok);
    assert_eq!(logical_pages(&r), PAGES, "15 GiB of updates on 10 GiB");
    assert!(r.clusters[0].write_io_requests > 0);
}

#[test]
fn every_page_write_counts_as_io_even_on_the_same_page() {
    // 20,000 draws over 655,360 pages repeat some pages.
    let r = run([write("prod").pages(20_000)]);
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
