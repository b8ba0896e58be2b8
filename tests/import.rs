//! `cowsim import`: a fleet described in the AWS CLI's shapes reads back as
//! a scenario with the same clusters, families and sizes; bad files are
//! refused with the file and JSON path, and nothing is written.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

mod common;

use assert_cmd::Command;
use common::report::{ClusterRow, Report};
use cowsim::cloud::ops::Request;
use cowsim::import::{self, Input, Options};
use cowsim::scenario::{Options as RunOptions, Runner, Scenario, Stop};

/// (account, identifier) → (clone group members' keys, logical pages).
type Shape = BTreeMap<(String, String), u64>;

fn run(scenario: &Scenario, stop: Option<Stop>) -> (Report, cowsim::cloud::Cloud) {
    let options = RunOptions {
        stop,
        ..RunOptions::default()
    };
    Runner::new(scenario, options).run_with_cloud(|_| {})
}

/// What import must keep: live clusters by account and identifier, with
/// their logical pages, and the families as sets of those keys.
fn shape(report: &Report) -> (Shape, BTreeSet<BTreeSet<(String, String)>>) {
    let live: Vec<_> = report
        .clusters
        .iter()
        .filter(|c| c.status.name() != "deleted")
        .collect();
    let key = |c: &ClusterRow| (c.account.to_string(), c.identifier.clone());
    let sizes = live.iter().map(|c| (key(c), c.logical_pages)).collect();
    let mut groups: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for c in &live {
        let group = c.clone_group_id.clone().unwrap_or_else(|| c.arn.clone());
        groups.entry(group).or_default().insert(key(c));
    }
    (sizes, groups.into_values().collect())
}

/// The files `scripts/export-fleet.sh` would write for every account of a
/// finished run: describe-db-clusters output, and VolumeBytesUsed.
fn export(report: &Report, cloud: &mut cowsim::cloud::Cloud) -> Vec<Input> {
    let accounts: BTreeSet<_> = report.clusters.iter().map(|c| c.account).collect();
    let mut inputs = Vec::new();
    for account in accounts {
        let request = Request::DescribeDbClusters(common::clusters_query(None, true, None));
        let response = cloud.call(account, &request).expect("describe");
        inputs.push(Input {
            name: format!("{account}-clusters.json"),
            text: serde_json::to_vec_pretty(&response).unwrap(),
        });
        let instances: Vec<serde_json::Value> = cloud
            .instances()
            .iter()
            .filter(|i| i.account == account && i.status.name() != "deleted")
            .map(|i| {
                serde_json::json!({
                    "DBInstanceIdentifier": i.identifier,
                    "DBInstanceArn": format!("arn:aws:rds:us-east-1:{account}:db:{}", i.identifier),
                    "DBClusterIdentifier": cloud.cluster(i.cluster).identifier(),
                    "DBInstanceClass": "db.r6g.large",
                    "Engine": "aurora-mysql"
                })
            })
            .collect();
        inputs.push(Input {
            name: format!("{account}-instances.json"),
            text: serde_json::to_vec(&serde_json::json!({ "DBInstances": instances })).unwrap(),
        });
        let metrics: Vec<serde_json::Value> = report
            .clusters
            .iter()
            .filter(|c| c.account == account && c.status.name() != "deleted")
            .map(|c| {
                serde_json::json!({
                    "Id": format!("bytes_{account}_{}", c.identifier.replace('-', "_")),
                    "Label": "VolumeBytesUsed",
                    "Timestamps": ["2026-01-31T00:00:00+00:00", "2026-01-30T00:00:00+00:00"],
                    "Values": [(c.logical_pages * c.page_size) as f64, 1.0],
                    "StatusCode": "Complete"
                })
            })
            .collect();
        inputs.push(Input {
            name: format!("{account}-metrics.json"),
            text: serde_json::to_vec(
                &serde_json::json!({ "MetricDataResults": metrics, "Messages": [] }),
            )
            .unwrap(),
        });
    }
    inputs
}

#[test]
fn bundled_fleets_round_trip_through_the_cli_shapes() {
    for name in [
        "outside-vendor",
        "dev-test-accounts",
        "quarterly-forecast",
        "internal-audit",
    ] {
        let path = format!("scenarios/{name}.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = Scenario::parse(&path, &text).unwrap();
        // The state after the clones are made, before anything is deleted.
        let stop = scenario
            .steps
            .iter()
            .position(|s| s.op == "delete-db-cluster")
            .map(|i| Stop::AfterStep(i - 1));
        let (report, mut cloud) = run(&scenario, stop);
        let inputs = export(&report, &mut cloud);
        let written = import::import(&inputs, &Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
            .scenario;
        let again = Scenario::parse("imported.toml", &written)
            .unwrap_or_else(|e| panic!("{name}: the imported scenario is refused: {e}\n{written}"));
        let (reimported, _) = run(&again, None);
        assert!(
            reimported.ok,
            "{name}: the imported scenario ran with surprises:\n{written}\n{:#?}",
            reimported
                .steps
                .iter()
                .filter(|s| !s.as_expected)
                .collect::<Vec<_>>()
        );
        assert_eq!(shape(&reimported), shape(&report), "{name}:\n{written}");
    }
}

/// Account B's view in the AWS guide: `describe-db-clusters
/// --include-shared` lists A's shared cluster with four fields only, and
/// B's own cross-account clone of it.
const GUIDE_ACCOUNT_B: &str = r#"{
    "DBClusters": [
        {
            "DBClusterArn": "arn:aws:rds:us-east-1:111111111111:cluster:cluster1",
            "Engine": "aurora-postgresql",
            "EngineVersion": "14.6",
            "StorageEncrypted": false
        },
        {
            "AllocatedStorage": 1,
            "AvailabilityZones": ["us-east-1a", "us-east-1b", "us-east-1c"],
            "BackupRetentionPeriod": 1,
            "DBClusterIdentifier": "cluster1-clone",
            "DBClusterParameterGroup": "default.aurora-postgresql14",
            "Status": "available",
            "Endpoint": "cluster1-clone.cluster-abcdefghijkl.us-east-1.rds.amazonaws.com",
            "MultiAZ": false,
            "Engine": "aurora-postgresql",
            "EngineVersion": "14.6",
            "Port": 5432,
            "MasterUsername": "postgres",
            "DBClusterMembers": [],
            "StorageEncrypted": false,
            "DbClusterResourceId": "cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "DBClusterArn": "arn:aws:rds:us-east-1:222222222222:cluster:cluster1-clone",
            "CloneGroupId": "8d9b3c5e-4a7f-4c1e-9d2b-0f6e5a4b3c21",
            "ClusterCreateTime": "2026-01-05T10:00:00.123000+00:00",
            "EngineMode": "provisioned",
            "CrossAccountClone": true,
            "StorageType": "aurora"
        }
    ]
}"#;

const GUIDE_METRICS: &str = r#"{
    "MetricDataResults": [
        {
            "Id": "bytes_222222222222_cluster1_clone",
            "Label": "VolumeBytesUsed",
            "Timestamps": ["2026-02-01T00:00:00+00:00", "2026-01-31T00:00:00+00:00"],
            "Values": [21474836480.0, 21474836480.0],
            "StatusCode": "Complete"
        },
        {
            "Id": "writes_222222222222_cluster1_clone",
            "Label": "VolumeWriteIOPs",
            "Timestamps": ["2026-02-01T02:00:00+00:00", "2026-02-01T01:00:00+00:00", "2026-02-01T00:00:00+00:00"],
            "Values": [1200.0, 800.0, 1000.0],
            "StatusCode": "Complete"
        }
    ],
    "Messages": []
}"#;

fn input(name: &str, text: &str) -> Input {
    Input {
        name: name.into(),
        text: text.as_bytes().to_vec(),
    }
}

#[test]
fn the_guides_shared_listing_needs_the_source_named_and_then_imports() {
    let inputs = [
        input("b-clusters.json", GUIDE_ACCOUNT_B),
        input("b-metrics.json", GUIDE_METRICS),
    ];
    let e = import::import(&inputs, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("every member is a cross-account clone"), "{e}");
    assert!(e.contains("--source"), "{e}");
    let options = Options {
        sources: vec!["arn:aws:rds:us-east-1:111111111111:cluster:cluster1".into()],
        ..Options::default()
    };
    let text = import::import(&inputs, &options).unwrap().scenario;
    let scenario =
        Scenario::parse("imported.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let (report, _) = run(&scenario, None);
    assert!(report.ok, "{text}");
    let source = report
        .clusters
        .iter()
        .find(|c| c.identifier == "cluster1")
        .unwrap();
    assert_eq!(source.account.to_string(), "111111111111");
    assert_eq!(
        source.logical_pages,
        21474836480 / 8192,
        "the clone's size stands for the source's"
    );
    let clone = report
        .clusters
        .iter()
        .find(|c| c.identifier == "cluster1-clone")
        .unwrap();
    assert!(clone.cross_account_clone);
    assert_eq!(clone.clone_group_id, source.clone_group_id);
    // 1,000 write I/Os an hour on average: 500 pages of 8 KiB, each
    // billed as two 4 KiB I/Os; and their spread.
    assert!(text.contains("rate = \"500.0 pages/h\""), "{text}");
    assert!(text.contains("rate-sigma = 0.162"), "{text}");
    // A month of the workload writes what CloudWatch measured, within 1%:
    // the clone's I/Os less its --diverged rewrite (5% of its pages, two
    // I/Os each).
    let measured = 1000.0 * 30.0 * 24.0;
    let diverged = (21474836480.0 / 8192.0 * Options::default().diverged).round() * 2.0;
    let simulated = clone.write_io_requests as f64 - diverged;
    assert!(
        (simulated - measured).abs() <= measured * 0.01,
        "simulated {simulated} write I/Os, CloudWatch measured {measured}"
    );
}

#[test]
fn every_number_says_where_it_came_from() {
    let inputs = [
        input("b-clusters.json", GUIDE_ACCOUNT_B),
        input("b-metrics.json", GUIDE_METRICS),
    ];
    let options = Options {
        sources: vec!["arn:aws:rds:us-east-1:111111111111:cluster:cluster1".into()],
        ..Options::default()
    };
    let text = import::import(&inputs, &options).unwrap().scenario;
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((key, value)) = line.split_once(" = ") else {
            continue;
        };
        let figure = value.starts_with(|c: char| c.is_ascii_digit()) || value.contains("pages/h");
        if figure && key != "id" {
            assert!(line.contains(" # "), "no source for `{line}`");
        }
    }
}

fn cli(
    dir: &std::path::Path,
    files: &[(&str, &str)],
) -> (std::process::Output, std::path::PathBuf) {
    let out = dir.join("scenario.toml");
    let mut cmd = Command::cargo_bin("cowsim").unwrap();
    cmd.arg("import").arg("-o").arg(&out);
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        cmd.arg(path);
    }
    (cmd.output().unwrap(), out)
}

#[test]
fn bad_files_are_refused_with_file_and_path_and_nothing_is_written() {
    let bad_arn = GUIDE_ACCOUNT_B.replace(
        "arn:aws:rds:us-east-1:222222222222:cluster:cluster1-clone",
        "arn:aws:rds:us-east-1:22222:cluster:cluster1-clone",
    );
    let bad_type = GUIDE_ACCOUNT_B.replace(
        "\"CrossAccountClone\": true",
        "\"CrossAccountClone\": \"yes\"",
    );
    let share = r#"{"resources": [{"arn": "arn:aws:rds:us-east-1:111111111111:cluster:ghost", "type": "rds:Cluster",
        "resourceShareArn": "arn:aws:ram:us-east-1:111111111111:resource-share/abc", "status": "AVAILABLE"}]}"#;
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("notes.json", r#"{"Reservations": []}"#)],
            "notes.json: none of the keys cowsim reads",
        ),
        (&[("b.json", &bad_arn)], "b.json DBClusters[1].DBClusterArn"),
        (
            &[("b.json", &bad_type)],
            "b.json: DBClusters[1].CrossAccountClone",
        ),
        (
            &[("b.json", GUIDE_ACCOUNT_B), ("r.json", share)],
            "r.json resources[0].arn: the share names cluster arn:aws:rds:us-east-1:111111111111:cluster:ghost",
        ),
        (&[("t.json", "{\"DBClusters\": [")], "t.json: not JSON"),
    ];
    for (files, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (output, out) = cli(dir.path(), files);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains(expected),
            "expected `{expected}` in: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!out.exists(), "a refused import wrote {}", out.display());
    }
}

#[test]
fn the_cli_writes_a_scenario_that_run_and_forecast_take() {
    let dir = tempfile::tempdir().unwrap();
    let (output, out) = cli(
        dir.path(),
        &[("b.json", GUIDE_ACCOUNT_B), ("m.json", GUIDE_METRICS)],
    );
    assert_eq!(output.status.code(), Some(2), "no --source: refused");
    assert!(!out.exists());
    let mut cmd = Command::cargo_bin("cowsim").unwrap();
    let done = cmd
        .args([
            "import",
            "--source",
            "arn:aws:rds:us-east-1:111111111111:cluster:cluster1",
            "--diverged",
            "0.2",
            "-o",
        ])
        .arg(&out)
        .arg(dir.path().join("b.json"))
        .arg(dir.path().join("m.json"))
        .output()
        .unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("pages = 524288  # --diverged 0.2 of 2621440 pages"),
        "{text}"
    );
    for args in [
        vec!["run"],
        vec!["forecast", "--runs", "3", "--months", "2"],
    ] {
        Command::cargo_bin("cowsim")
            .unwrap()
            .args(&args)
            .arg(&out)
            .assert()
            .success();
    }
}

#[test]
fn snapshots_and_ram_listings_in_the_clis_shapes_are_read() {
    let a = r#"{"DBClusters": [{
        "DBClusterIdentifier": "cluster1", "DBClusterArn": "arn:aws:rds:us-east-1:111111111111:cluster:cluster1",
        "Engine": "aurora-postgresql", "EngineVersion": "14.6", "StorageEncrypted": false, "Status": "available",
        "CloneGroupId": "8d9b3c5e-4a7f-4c1e-9d2b-0f6e5a4b3c21", "CrossAccountClone": false,
        "ClusterCreateTime": "2025-11-01T08:00:00+00:00", "StorageType": "aurora-iopt1"}]}"#;
    let snapshots = r#"{"DBClusterSnapshots": [
        {"DBClusterSnapshotIdentifier": "before-upgrade", "DBClusterIdentifier": "cluster1",
         "DBClusterSnapshotArn": "arn:aws:rds:us-east-1:111111111111:cluster-snapshot:before-upgrade",
         "SnapshotType": "manual", "Status": "available", "Engine": "aurora-postgresql", "AllocatedStorage": 0},
        {"DBClusterSnapshotIdentifier": "rds:cluster1-2026-01-31-05-10", "DBClusterIdentifier": "cluster1",
         "DBClusterSnapshotArn": "arn:aws:rds:us-east-1:111111111111:cluster-snapshot:rds:cluster1-2026-01-31-05-10",
         "SnapshotType": "automated", "Status": "available", "Engine": "aurora-postgresql"}]}"#;
    let shares = r#"{"resourceShares": [{"resourceShareArn": "arn:aws:ram:us-east-1:111111111111:resource-share/9a2c",
        "name": "to-b", "owningAccountId": "111111111111", "allowExternalPrincipals": true, "status": "ACTIVE",
        "creationTime": "2026-01-05T09:00:00+00:00", "featureSet": "STANDARD"}]}"#;
    let resources = r#"{"resources": [{"arn": "arn:aws:rds:us-east-1:111111111111:cluster:cluster1",
        "type": "rds:Cluster", "resourceShareArn": "arn:aws:ram:us-east-1:111111111111:resource-share/9a2c",
        "status": "AVAILABLE", "resourceRegionScope": "REGIONAL"}]}"#;
    let principals = r#"{"principals": [{"id": "222222222222",
        "resourceShareArn": "arn:aws:ram:us-east-1:111111111111:resource-share/9a2c", "external": true}]}"#;
    let inputs = [
        input("a-clusters.json", a),
        input("b-clusters.json", GUIDE_ACCOUNT_B),
        input("a-snapshots.json", snapshots),
        input("a-shares.json", shares),
        input("a-resources.json", resources),
        input("a-principals.json", principals),
        input("b-metrics.json", GUIDE_METRICS),
    ];
    let text = import::import(&inputs, &Options::default())
        .unwrap()
        .scenario;
    assert!(
        text.contains("db-cluster-snapshot-identifier = \"before-upgrade\""),
        "{text}"
    );
    assert!(
        text.contains("# Left out: snapshot rds:cluster1-2026-01-31-05-10"),
        "{text}"
    );
    assert!(text.contains("storage-type = \"aurora-iopt1\""), "{text}");
    let scenario =
        Scenario::parse("imported.toml", &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let (report, _) = run(&scenario, None);
    assert!(report.ok, "{text}");
    assert_eq!(
        report
            .clusters
            .iter()
            .map(|c| c.identifier.as_str())
            .collect::<Vec<_>>(),
        ["cluster1", "cluster1-clone"]
    );
}

/// Two clusters as describe-db-clusters prints them: one stopped with a
/// week of backups, one Serverless v2; their instances; their metrics.
const SETTINGS_CLUSTERS: &str = r#"{"DBClusters": [
    {"DBClusterIdentifier": "app", "DBClusterArn": "arn:aws:rds:us-east-1:111111111111:cluster:app",
     "Engine": "aurora-mysql", "Status": "stopped", "BackupRetentionPeriod": 7,
     "ClusterCreateTime": "2025-06-01T00:00:00+00:00"},
    {"DBClusterIdentifier": "sls", "DBClusterArn": "arn:aws:rds:us-east-1:111111111111:cluster:sls",
     "Engine": "aurora-postgresql", "Status": "available", "BackupRetentionPeriod": 14,
     "ServerlessV2ScalingConfiguration": {"MinCapacity": 0.5, "MaxCapacity": 8.0},
     "ClusterCreateTime": "2025-07-01T00:00:00+00:00"}]}"#;
const SETTINGS_INSTANCES: &str = r#"{"DBInstances": [
    {"DBInstanceIdentifier": "app-1", "DBClusterIdentifier": "app", "DBInstanceClass": "db.r6g.xlarge",
     "DBInstanceArn": "arn:aws:rds:us-east-1:111111111111:db:app-1"},
    {"DBInstanceIdentifier": "sls-1", "DBClusterIdentifier": "sls", "DBInstanceClass": "db.serverless",
     "DBInstanceArn": "arn:aws:rds:us-east-1:111111111111:db:sls-1"}]}"#;
const SETTINGS_METRICS: &str = r#"{"MetricDataResults": [
    {"Id": "bytes_111111111111_app", "Timestamps": [1769814000], "Values": [1073741824.0]},
    {"Id": "writes_111111111111_sls", "Timestamps": [1769814000, 1769810400], "Values": [800.0, 1200.0]}]}"#;

#[test]
fn retention_classes_scaling_and_stopped_clusters_carry_over() {
    let inputs = [
        input("a-clusters.json", SETTINGS_CLUSTERS),
        input("a-instances.json", SETTINGS_INSTANCES),
        input("a-metrics.json", SETTINGS_METRICS),
    ];
    let imported = import::import(&inputs, &Options::default()).unwrap();
    let text = &imported.scenario;
    for line in [
        "backup-retention-period = 7  # a-clusters.json DBClusters[0].BackupRetentionPeriod",
        "backup-retention-period = 14",
        "serverless-v2-scaling-configuration = { min-capacity = 0.5, max-capacity = 8.0 }",
        "db-instance-class = \"db.r6g.xlarge\"  # a-instances.json DBInstances[0].DBInstanceClass",
        "db-instance-class = \"db.serverless\"",
        "op = \"stop-db-cluster\"",
        // 1,000 write I/Os an hour, as 8 KiB pages of two I/Os each.
        "rate = \"500.0 pages/h\"",
    ] {
        assert!(text.contains(line), "no `{line}` in:\n{text}");
    }
    // sls has no VolumeBytesUsed: stderr is told it gets size 0, and why.
    assert_eq!(imported.notes.len(), 1, "{:?}", imported.notes);
    assert!(
        imported.notes[0].contains("sls in 111111111111 gets size 0")
            && imported.notes[0].contains("no VolumeBytesUsed series names it"),
        "{:?}",
        imported.notes
    );
    let scenario = Scenario::parse("imported.toml", text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let (report, _) = run(&scenario, None);
    assert!(
        report.ok,
        "{text}\n{:#?}",
        report
            .steps
            .iter()
            .filter(|s| !s.as_expected)
            .collect::<Vec<_>>()
    );
    let app = report
        .clusters
        .iter()
        .find(|c| c.identifier == "app")
        .unwrap();
    assert_eq!(
        app.status.name(),
        "stopped",
        "a stopped cluster stays stopped"
    );
    assert_eq!(app.backup_retention_period, 7);
    let sls = report
        .clusters
        .iter()
        .find(|c| c.identifier == "sls")
        .unwrap();
    assert_eq!(sls.backup_retention_period, 14);
    assert!(
        sls.acu_hours > 0.0,
        "the serverless instance is billed in ACUs"
    );
}

#[test]
fn output_is_not_overwritten_without_force_and_missing_sizes_are_told() {
    let dir = tempfile::tempdir().unwrap();
    let clusters = dir.path().join("a-clusters.json");
    std::fs::write(&clusters, SETTINGS_CLUSTERS).unwrap();
    let out = dir.path().join("fleet.toml");
    std::fs::write(&out, "kept").unwrap();
    let import = |force: bool| {
        let mut cmd = Command::cargo_bin("cowsim").unwrap();
        cmd.arg("import").arg("-o").arg(&out).arg(&clusters);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let refused = import(false);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("exists: pass --force to overwrite it"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "kept");
    let forced = import(true);
    let stderr = String::from_utf8_lossy(&forced.stderr);
    assert!(forced.status.success(), "{stderr}");
    for cluster in ["app", "sls"] {
        assert!(
            stderr.contains(&format!(
                "note: {cluster} in 111111111111 gets size 0: no metrics file (aws cloudwatch get-metric-data output) was given"
            )),
            "{stderr}"
        );
    }
    assert!(std::fs::read_to_string(&out).unwrap().contains("[[steps]]"));
}
