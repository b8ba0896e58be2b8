//! The command line: exit statuses, output shapes, determinism.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use assert_cmd::Command;
use common::OWNER;
use common::steps::*;
use cowsim::cloud::rds::DbEngine;
use predicates::prelude::*;

fn cowsim() -> Command {
    Command::cargo_bin("cowsim").expect("binary")
}

fn scenario(name: &str) -> String {
    format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"))
}

/// What a successful command prints.
fn stdout(args: &[&str]) -> String {
    let out = cowsim().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn demo_tells_the_story_and_succeeds() {
    cowsim()
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::contains("accept-resource-share-invitation"))
        .stdout(predicate::str::contains("every expectation held"))
        .stdout(predicate::str::contains("# Finance deletes its cluster"));
}

#[test]
fn json_report_has_the_contract_fields() {
    let out = cowsim()
        .args(["run", &scenario("source-deleted"), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    for key in [
        "scenario", "ok", "clock", "steps", "clusters", "accounts", "families",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let step = &v["steps"][0];
    for key in ["index", "op", "account", "ok", "error", "at", "result"] {
        assert!(step.get(key).is_some(), "step misses {key}");
    }
    let cluster = &v["clusters"][0];
    for key in [
        "arn",
        "identifier",
        "account",
        "status",
        "engine",
        "page_size",
        "clone_group_id",
        "cross_account_clone",
        "source_arn",
        "logical_pages",
        "exclusive_pages",
        "shared_pages",
        "owned_pages",
        "billed_bytes",
        "storage_cost_usd",
    ] {
        assert!(cluster.get(key).is_some(), "cluster misses {key}");
    }
    for key in [
        "id",
        "storage_cost_usd",
        "io_cost_usd",
        "backup_cost_usd",
        "total_cost_usd",
    ] {
        assert!(v["accounts"][0].get(key).is_some(), "account misses {key}");
    }
    for key in ["clone_group_id", "live_page_versions", "logical_pages"] {
        assert!(v["families"][0].get(key).is_some(), "family misses {key}");
    }
}

#[test]
fn a_failed_expectation_exits_1_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wrong.toml");
    let wrong = common::scenario::scenario("wrong").account(OWNER).steps([
        create_cluster("p")
            .engine(DbEngine::AuroraMysql)
            .data_pages(10),
        expect("p").logical_pages(11),
        delete_cluster("p").skip_final_snapshot(),
    ]);
    std::fs::write(&path, wrong.toml()).unwrap();
    cowsim()
        .args(["run", path.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "logical-pages: expected 11, found 10",
        ))
        .stdout(predicate::str::contains(
            "step 2 (delete-db-cluster): InvalidDBClusterStateFault",
        ));
}

#[test]
fn refused_input_exits_2_with_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "name = \"bad\"\n[[accounts]]\nid = \"111111111111\"\n[[steps]]\nop = \"advnce\"\n",
    )
    .unwrap();
    cowsim()
        .args(["run", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("bad.toml:5:6"))
        .stderr(predicate::str::contains("did you mean `advance`?"));
    cowsim()
        .args(["run", "/nonexistent/x.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("can't read"));
    cowsim()
        .args(["serve", "--listen", "127.0.0.1:0", "--scenario"])
        .arg(&path)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("error: step 0 (advnce)"))
        .stderr(predicate::str::contains("bad.toml:5:6"));
}

#[test]
fn same_seed_same_report_byte_for_byte() {
    let strip = |bytes: Vec<u8>| -> serde_json::Value {
        let mut v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        for s in v["steps"].as_array_mut().unwrap() {
            s["wall_us"] = 0.into();
        }
        v["engine_wall_us"] = serde_json::Value::Null;
        v
    };
    let run = |seed: &str| {
        cowsim()
            .args(["run", &scenario("internal-audit"), "--json", "--seed", seed])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(strip(run("9")), strip(run("9")));
    assert_ne!(strip(run("9")), strip(run("10")));
}

#[test]
fn the_policy_can_be_chosen_on_the_command_line() {
    let out = cowsim()
        .args([
            "run",
            &scenario("source-deleted"),
            "--json",
            "--policy",
            "family-equal",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["policy"], "family-equal");
    cowsim()
        .args(["run", &scenario("source-deleted"), "--policy", "free"])
        .assert()
        .code(2);
}

#[test]
fn clone_vs_restore_expects_what_the_readme_explains() {
    cowsim()
        .args([
            "bench",
            "clone-vs-restore",
            "--sizes",
            "1GiB,2TiB",
            "--trials",
            "1",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("(about 14 expected"));
}

#[test]
fn clone_vs_restore_reports_its_summary() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("plot.svg");
    let out = cowsim()
        .args([
            "bench",
            "clone-vs-restore",
            "--sizes",
            "1GiB,2TiB",
            "--trials",
            "2",
            "--json",
            "--svg",
        ])
        .arg(&svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["summary"];
    let clone = s["clone_time_ratio_largest_vs_smallest"].as_f64().unwrap();
    let restore = s["restore_time_ratio_largest_vs_smallest"]
        .as_f64()
        .unwrap();
    let at_2tib = s["restore_over_clone_at_2tib"].as_f64().unwrap();
    assert!(
        (0.5..2.0).contains(&clone),
        "a clone takes the same time at any size: {clone}"
    );
    assert!(restore > 5.0, "a restore grows with size: {restore}");
    assert!((5.0..25.0).contains(&at_2tib), "{at_2tib}");
    assert_eq!(v["routes"].as_array().unwrap().len(), 6);
    assert!(
        v["routes"][0]["engine_wall_us"]["restore-db-cluster-to-point-in-time"]["p50"]
            .as_u64()
            .is_some()
    );
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    cowsim()
        .args(["bench", "clone-vs-restore", "--sizes", "3PiB"])
        .assert()
        .code(2);
}

#[test]
fn expect_lines_show_what_they_checked() {
    cowsim()
        .args(["run", &scenario("source-deleted")])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "checked exclusive-pages = 1000, owned-pages = 1000",
        ));
}

#[test]
fn no_expect_reports_expectations_without_failing_on_them() {
    let args = [
        "run",
        &scenario("source-deleted"),
        "--policy",
        "shared-equal",
    ];
    cowsim()
        .args(args)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "owned-pages: expected 1000, found 550.0",
        ));
    cowsim()
        .args(args)
        .arg("--no-expect")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "owned-pages = 550, not 1000 (not enforced: --no-expect)",
        ));
}

#[test]
fn only_run_replays_one_run_of_a_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tight.toml");
    let text = std::fs::read_to_string(scenario("quarterly-forecast"))
        .unwrap()
        .replace(
            "value = 745000, tolerance = 125000",
            "value = 655360, tolerance = 20000",
        );
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let out = cowsim()
        .args(["forecast", path, "--runs", "3", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a forecast with a surprise exits 1, as a run does"
    );
    let f: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &f["surprises"][0];
    let seed = first["seed"]
        .as_u64()
        .expect("a run with a surprise")
        .to_string();
    cowsim()
        .args(["forecast", path, "--only-run", &seed])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "the forecast's run of seed {seed}"
        )))
        .stdout(predicate::str::contains(
            "enable-sharing-with-aws-organization",
        ))
        .stdout(predicate::str::contains(first["what"].as_str().unwrap()));
    // A plain run of that seed draws no rate uncertainty: another result.
    cowsim()
        .args(["run", path, "--seed", &seed])
        .assert()
        .stdout(predicate::str::contains(first["what"].as_str().unwrap()).not());
}

#[test]
fn files_that_are_not_utf8_are_refused_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"name = \"caf\xe9\"\n").unwrap();
    cowsim()
        .args(["run", path.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not UTF-8"))
        .stderr(predicate::str::contains("latin1.toml:1:12"));
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    cowsim()
        .args(["forecast", empty.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the file is empty"));
}

#[test]
fn the_tables_show_what_is_billed_with_one_rule_under_each_header() {
    let text = stdout(&["run", &scenario("source-deleted")]);
    let tables = text.split("clusters at ").nth(1).unwrap();
    assert!(tables.contains("owned pages (billed)"), "{tables}");
    assert!(tables.contains("billed GiB (owned x page)"), "{tables}");
    let clusters: Vec<&str> = tables.lines().take_while(|l| !l.is_empty()).collect();
    let rules = clusters.iter().filter(|l| l.starts_with('─')).count();
    assert_eq!(rules, 3, "above, under the header, below: {clusters:#?}");
    let row = |name: &str| {
        clusters
            .iter()
            .find(|l| l.trim_start().starts_with(name))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    // Owned pages tell apart what billed GiB rounds together.
    assert_eq!(row("left")[7], "400");
    assert_eq!(row("right")[7], "350");
    assert_eq!(row("left")[2], "(owner)", "account names in every table");
}

#[test]
fn csv_files_hold_the_report_for_spreadsheets() {
    let dir = tempfile::tempdir().unwrap();
    let out = cowsim()
        .args(["run", &scenario("demo"), "--json", "--csv"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let read = |name: &str| {
        let mut r = csv::Reader::from_path(dir.path().join(name)).unwrap();
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|x| x.unwrap().iter().map(String::from).collect())
            .collect();
        (header, rows)
    };
    let (header, rows) = read("clusters.csv");
    assert_eq!(header[..3], ["arn", "identifier", "account"]);
    assert_eq!(rows.len(), report["clusters"].as_array().unwrap().len());
    let (header, rows) = read("accounts.csv");
    let total = header.iter().position(|h| h == "total_cost_usd").unwrap();
    for (row, json) in rows.iter().zip(report["accounts"].as_array().unwrap()) {
        assert_eq!(row[0], json["id"].as_str().unwrap());
        let x: f64 = row[total].parse().unwrap();
        assert_eq!(x, json["total_cost_usd"].as_f64().unwrap());
    }
    let (header, rows) = read("series.csv");
    assert_eq!(header, ["at", "scope", "id", "cost_usd", "billed_bytes"]);
    assert!(
        rows.iter()
            .all(|r| r[0].ends_with('Z') && r[0].contains('T'))
    );
    assert!(rows.iter().any(|r| r[1] == "cluster") && rows.iter().any(|r| r[1] == "account"));

    let forecast = tempfile::tempdir().unwrap();
    cowsim()
        .args([
            "forecast",
            &scenario("quarterly-forecast"),
            "--runs",
            "2",
            "--csv",
        ])
        .arg(forecast.path())
        .assert()
        .success();
    let mut r = csv::Reader::from_path(forecast.path().join("percentiles.csv")).unwrap();
    assert_eq!(
        r.headers().unwrap(),
        vec![
            "scope", "id", "name", "figure", "month", "p10", "p50", "p90", "mean"
        ]
    );
    assert!(r.records().count() > 11 * 4);

    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    cowsim()
        .args(["run", &scenario("source-deleted"), "--csv"])
        .arg(file.join("sub"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("can't write CSV files"));
}

#[test]
fn tree_draws_clones_snapshots_and_copies_under_their_sources() {
    let text = stdout(&["tree", &scenario("default-key-recreate")]);
    let lines: Vec<&str> = text.lines().collect();
    let at = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}: {text}"))
    };
    assert!(
        lines[at("legacy  ")].starts_with("legacy"),
        "a root: {text}"
    );
    assert!(lines[at("snapshot legacy-snap ")].starts_with("└─ snapshot"));
    assert!(lines[at("snapshot copy legacy-snap-cmk")].starts_with("   └─ snapshot copy"));
    assert!(lines[at("reborn  ")].contains("restored from snapshot"));
    assert!(lines[at("reborn-clone")].contains("copy-on-write clone, cross-account"));
    assert!(at("legacy-snap ") < at("legacy-snap-cmk") && at("reborn  ") < at("reborn-clone"));

    let out = cowsim().args(["tree", &scenario("demo")]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("deleted, its versions still seen by 1 live clone(s)"),
        "{text}"
    );
    cowsim()
        .args(["tree", &scenario("demo"), "--at", "12"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "finance-db  111111111111 (finance)  available",
        ));
    cowsim()
        .args(["tree", &scenario("demo"), "--at", "2026-01-01T00:05:00Z"])
        .assert()
        .success()
        .stdout(predicate::str::contains("audit-copy").not());
    for bad in ["99", "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z", "soon"] {
        cowsim()
            .args(["tree", &scenario("demo"), "--at", bad])
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::starts_with(format!("error: --at {bad}")));
    }
}

/// A reader that stops early (`cowsim run … | head`) ends cowsim quietly:
/// no panic, status 0.
#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    use std::io::Read;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cowsim"))
        .args(["run", &scenario("quarterly-forecast"), "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(&first[..1], b"{");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "{:?} {stderr}", out.status);
}

/// `bench fleet --scenario` prints the fleet it measures, so that it can
/// be forecast or profiled as any scenario; `idle` is the same fleet
/// without its workloads.
#[test]
fn the_fleet_benchmark_prints_its_scenario() {
    let writes = stdout(&["bench", "fleet", "--quick", "--scenario"]);
    let idle = stdout(&["bench", "fleet", "--quick", "--scenario", "idle"]);
    let fleet =
        cowsim::scenario::Scenario::parse("fleet.toml", &writes).unwrap_or_else(|d| panic!("{d}"));
    cowsim::scenario::Scenario::parse("idle.toml", &idle).unwrap_or_else(|d| panic!("{d}"));
    // 2 families of a source and 15 clones, each in its own account but
    // for the 15 consumer accounts every family shares.
    assert_eq!(fleet.accounts.len(), 2 + 15);
    assert_eq!(writes.matches("op = \"workload\"").count(), 2 * 16);
    assert_eq!(idle.matches("op = \"workload\"").count(), 0);
    let out = cowsim()
        .args(["bench", "fleet", "--scenario", "every"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
