//! `cowsim explain`: a cluster's pages by where their versions live, who
//! else sees them and who pays, adding up to the report's figures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use assert_cmd::Command;
use common::report::{Explanation, Report, VersionOrigin, explain};
use common::steps::write;
use cowsim::engine::{BillingPolicy, ExplainCache};
use cowsim::scenario::{Options, Runner, Scenario, Stop};

fn scenario(path: &str) -> Scenario {
    let text = std::fs::read_to_string(path).unwrap();
    Scenario::parse(path, &text).unwrap()
}

fn explained(s: &Scenario, options: Options) -> (Report, Vec<Explanation>) {
    let (report, cloud) = Runner::new(s, options).run_with_cloud(|_| {});
    let all = cloud
        .clusters()
        .iter()
        .filter_map(|c| {
            explain(
                &cloud,
                &report,
                &s.pricing,
                c.id(),
                &mut ExplainCache::default(),
            )
        })
        .collect();
    (report, all)
}

/// `cowsim explain scenarios/source-deleted.toml ARGS`.
fn explain_source_deleted(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("cowsim")
        .unwrap()
        .args(["explain", "scenarios/source-deleted.toml"])
        .args(args)
        .output()
        .unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn every_bundled_cluster_adds_up_to_the_report_under_every_policy() {
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        let s = scenario(path.to_str().unwrap());
        for policy in BillingPolicy::ALL {
            let options = Options {
                policy: Some(policy),
                ..Options::default()
            };
            let (report, all) = explained(&s, options);
            let live = report.clusters.iter().filter(|c| c.status.billed()).count();
            assert_eq!(
                all.len(),
                live,
                "{}: every billed cluster explained",
                path.display()
            );
            for e in &all {
                let row = report.clusters.iter().find(|r| r.arn == e.cluster).unwrap();
                let at = format!("{} {} under {policy}", path.display(), e.identifier);
                assert!(
                    close(e.owned_pages, row.owned_pages),
                    "{at}: {} vs {}",
                    e.owned_pages,
                    row.owned_pages
                );
                assert!(
                    close(e.billed_bytes, row.billed_bytes),
                    "{at}: billed bytes"
                );
                let seen: u64 = e.groups.iter().filter(|g| g.seen).map(|g| g.pages).sum();
                assert_eq!(seen, row.logical_pages, "{at}: logical pages");
                let exclusive: u64 = e
                    .groups
                    .iter()
                    .filter(|g| g.seen && g.viewers == 1)
                    .map(|g| g.pages)
                    .sum();
                assert_eq!(exclusive, row.exclusive_pages, "{at}: exclusive pages");
            }
        }
    }
}

#[test]
fn the_guides_worked_example_reads_as_the_guide_tells_it() {
    let s = scenario("scenarios/source-deleted.toml");
    let delete = s
        .steps
        .iter()
        .position(|st| st.op == "delete-db-cluster")
        .unwrap();
    // Before the source is deleted, the clone pays for the 100 it rewrote.
    let (_, before) = explained(
        &s,
        Options {
            stop: Some(Stop::AfterStep(delete - 1)),
            ..Options::default()
        },
    );
    let clone = before.iter().find(|e| e.identifier == "clone").unwrap();
    assert_eq!(clone.owned_pages, 100.0);
    let source = before.iter().find(|e| e.identifier == "source").unwrap();
    assert_eq!(
        source.owned_pages, 1000.0,
        "the source pays for all it wrote"
    );
    let shape: Vec<(VersionOrigin, u64, u32)> = source
        .groups
        .iter()
        .map(|g| (g.origin, g.pages, g.viewers))
        .collect();
    assert_eq!(
        shape,
        [
            (VersionOrigin::OwnWrite, 900, 2),
            (VersionOrigin::OwnWrite, 100, 1)
        ]
    );
    // After, it pays for all 1,000.
    let out = explain_source_deleted(&["--cluster", "clone"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for line in [
        "It sees 1,000 pages of 16 KiB.",
        "- 100 pages it wrote itself (0..99), seen only by itself: as their writer, alive, it pays for all of them.",
        "- 900 pages written by source, which has been deleted (100..999), seen only by itself: no other live cluster sees them, so it pays for all 900.",
        "It owns 1,000 pages",
    ] {
        assert!(text.contains(line), "missing `{line}` in:\n{text}");
    }
}

#[test]
fn json_gives_the_same_breakdown_as_data() {
    let out = explain_source_deleted(&["--cluster", "left", "--json"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &v[0];
    assert_eq!(e["identifier"], "left");
    assert_eq!(e["owned_pages"], 400.0);
    let groups = e["groups"].as_array().unwrap();
    assert_eq!(groups[0]["origin"], "own-write");
    assert_eq!(groups[0]["ranges"], serde_json::json!([[0, 100]]));
    assert_eq!(groups[1]["origin"], "deleted-writer");
    assert_eq!(groups[1]["viewers"], 3);
    assert_eq!(groups[1]["owned_pages"], 300.0);
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    for (args, expected) in [
        (vec!["--cluster", "nope"], "--cluster nope: no such cluster"),
        (vec!["--at", "999"], "--at 999: past the end"),
        (vec!["--at", "2025-01-01T00:00:00Z"], "before the start"),
        (
            vec!["--at", "2030-01-01T00:00:00Z"],
            "past the end of the run",
        ),
        (
            vec!["--at", "yesterday"],
            "expected a step number or a time",
        ),
    ] {
        let out = explain_source_deleted(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_writer_pays_for_versions_it_rewrote_that_a_clone_still_sees() {
    let text = std::fs::read_to_string("scenarios/source-deleted.toml").unwrap();
    let head = &text[..text.find("[[steps]]\nop = \"write\"").unwrap()];
    let s = Scenario::parse(
        "rewrite.toml",
        &format!("{head}{}", write("source").page_range(0..100)),
    )
    .unwrap();
    let (_, all) = explained(&s, Options::default());
    let source = all.iter().find(|e| e.identifier == "source").unwrap();
    let shape: Vec<(VersionOrigin, u64, u32, bool)> = source
        .groups
        .iter()
        .map(|g| (g.origin, g.pages, g.viewers, g.seen))
        .collect();
    assert_eq!(
        shape,
        [
            (VersionOrigin::OwnWrite, 100, 1, true),
            (VersionOrigin::OwnWrite, 900, 2, true),
            (VersionOrigin::OwnRewritten, 100, 1, false)
        ]
    );
    assert_eq!(source.owned_pages, 1100.0);
    let (_, shared) = explained(
        &s,
        Options {
            policy: Some(BillingPolicy::SharedEqual),
            ..Options::default()
        },
    );
    let source = shared.iter().find(|e| e.identifier == "source").unwrap();
    assert_eq!(
        source.owned_pages, 550.0,
        "shared-equal: 100 alone, 900 halved; none of what only the clone sees"
    );
}
