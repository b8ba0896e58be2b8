//! Sharded forecasts: shards run as separate processes, in any order, merge
//! into exactly the forecast one machine makes; merges of parts that don't
//! belong together are refused; and the deploy examples' own commands,
//! run locally with their schedulers' variables set, do the same.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use yaml_rust2::{Yaml, YamlLoader};

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("cowsim")
}

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

fn scenario(name: &str) -> String {
    format!("{}/scenarios/{name}.toml", root())
}

fn ok(out: Output) -> Vec<u8> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The unsharded forecast, as JSON.
fn whole(file: &str, runs: u32) -> Vec<u8> {
    ok(Command::new(bin())
        .args(["forecast", file, "--runs", &runs.to_string(), "--json"])
        .output()
        .unwrap())
}

/// Shards `order` of `shards`, started at once as separate processes in
/// that order; returns the part files.
fn shards(file: &str, runs: u32, shards: u32, order: &[u32], dir: &Path) -> Vec<PathBuf> {
    let children: Vec<_> = order
        .iter()
        .map(|k| {
            let out = dir.join(format!("part-{k}.json"));
            let child = Command::new(bin())
                .args(["forecast", file, "--runs", &runs.to_string()])
                .arg("--shard")
                .arg(format!("{k}/{shards}"))
                .arg("--out")
                .arg(&out)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            (child, out)
        })
        .collect();
    children
        .into_iter()
        .map(|(child, out)| {
            ok(child.wait_with_output().unwrap());
            out
        })
        .collect()
}

fn merge(parts: &[PathBuf]) -> Output {
    Command::new(bin())
        .args(["forecast", "merge", "--json"])
        .args(parts)
        .output()
        .unwrap()
}

#[test]
fn four_shards_in_reverse_order_merge_into_the_whole_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("quarterly-forecast");
    let parts = shards(&file, 8, 4, &[3, 2, 1, 0], dir.path());
    assert_eq!(ok(merge(&parts)), whole(&file, 8));
}

#[test]
fn shards_that_do_not_divide_the_runs_merge_too_sampled_runs_included() {
    // 2 TiB: sampled, so the error estimate's repeated runs are dealt too.
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("clone-vs-snapshot");
    let parts = shards(&file, 7, 3, &[2, 0, 1], dir.path());
    let merged = ok(merge(&parts));
    assert_eq!(merged, whole(&file, 7));
    let f: serde_json::Value = serde_json::from_slice(&merged).unwrap();
    assert!(f["sampling_error"].is_number(), "{}", f["accuracy"]);
}

#[test]
fn a_merge_whose_runs_had_surprises_exits_1_as_the_whole_forecast_does() {
    let dir = tempfile::tempdir().unwrap();
    let tight = dir.path().join("tight.toml");
    let text = std::fs::read_to_string(scenario("quarterly-forecast"))
        .unwrap()
        .replace(
            "value = 745000, tolerance = 125000",
            "value = 655360, tolerance = 20000",
        );
    std::fs::write(&tight, text).unwrap();
    let file = tight.to_str().unwrap();
    let parts = shards(file, 4, 2, &[0, 1], dir.path());
    let merged = merge(&parts);
    assert_eq!(merged.status.code(), Some(1));
    let f: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert!(f["runs_with_surprises"].as_u64().unwrap() > 0, "{f}");
    let whole = Command::new(bin())
        .args(["forecast", file, "--runs", "4", "--json"])
        .output()
        .unwrap();
    assert_eq!(whole.status.code(), Some(1));
    assert_eq!(merged.stdout, whole.stdout);
}

#[test]
fn parts_that_do_not_belong_together_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario("quarterly-forecast");
    let parts = shards(&file, 4, 2, &[0, 1], dir.path());
    let refused = |parts: &[PathBuf], why: &str| {
        let out = merge(parts);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(why), "{err}");
        assert!(out.stdout.is_empty());
    };
    refused(&parts[..1], "shard(s) 1 of 2 missing");
    refused(
        &[parts[0].clone(), parts[0].clone(), parts[1].clone()],
        "given twice",
    );
    let other_dir = dir.path().join("other");
    std::fs::create_dir(&other_dir).unwrap();
    let other = shards(&scenario("source-deleted"), 4, 2, &[1], &other_dir);
    refused(
        &[parts[0].clone(), other[0].clone()],
        "the scenario differs",
    );
    let more_dir = dir.path().join("more");
    std::fs::create_dir(&more_dir).unwrap();
    let more = shards(&file, 6, 2, &[1], &more_dir);
    refused(&[parts[0].clone(), more[0].clone()], "the options");
    let old = dir.path().join("old.json");
    let text = std::fs::read_to_string(&parts[1]).unwrap();
    let version = format!("\"cowsim_version\":\"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version));
    std::fs::write(&old, text.replace(&version, "\"cowsim_version\":\"0.0.1\"")).unwrap();
    refused(&[parts[0].clone(), old], "written by cowsim 0.0.1");
    // A part of an earlier build of this version, before `policy` and
    // revisions, is refused by its revision, not by the field it lacks.
    let earlier = dir.path().join("earlier.json");
    let mut part: serde_json::Value = serde_json::from_str(&text).unwrap();
    let fields = part.as_object_mut().unwrap();
    fields.remove("revision");
    fields["config"].as_object_mut().unwrap().remove("policy");
    std::fs::write(&earlier, part.to_string()).unwrap();
    refused(
        &[parts[0].clone(), earlier],
        "a part of revision 1, written by another build",
    );
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "{}").unwrap();
    refused(&[junk], "not a forecast part");
}

/// Runs a deploy example's shell command with `vars` set, the cowsim
/// binary first on PATH.
fn sh(command: &str, vars: &[(&str, String)]) -> Vec<u8> {
    let dir = bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut c = Command::new("sh");
    c.args(["-c", command]).env("PATH", path);
    for (k, v) in vars {
        c.env(k, v);
    }
    ok(c.output().unwrap())
}

#[test]
fn the_slurm_scripts_run_as_an_array_and_merge() {
    let dir = tempfile::tempdir().unwrap();
    let parts = dir.path().join("parts");
    let common = |k: u32| {
        vec![
            ("SCENARIO", scenario("quarterly-forecast")),
            ("RUNS", "6".to_string()),
            ("PARTS", parts.display().to_string()),
            ("COWSIM", bin().display().to_string()),
            ("SLURM_ARRAY_TASK_ID", (k + 1).to_string()),
            ("SLURM_ARRAY_TASK_MIN", "1".to_string()),
            ("SLURM_ARRAY_TASK_COUNT", "3".to_string()),
        ]
    };
    for k in [2, 0, 1] {
        sh(
            &format!("bash {}/deploy/slurm-forecast.sbatch", root()),
            &common(k),
        );
    }
    sh(
        &format!("bash {}/deploy/slurm-merge.sbatch", root()),
        &common(0),
    );
    let merged = std::fs::read(parts.join("forecast.json")).unwrap();
    assert_eq!(merged, whole(&scenario("quarterly-forecast"), 6));
}

/// A container's `sh -c` command and its environment, from a manifest.
fn container(doc: &Yaml) -> (String, Vec<(String, String)>) {
    let c = &doc["spec"]["template"]["spec"]["containers"][0];
    assert_eq!(c["command"][0].as_str(), Some("sh"));
    assert_eq!(c["command"][1].as_str(), Some("-c"));
    let env = c["env"]
        .as_vec()
        .map(|v| {
            v.iter()
                .map(|e| {
                    (
                        e["name"].as_str().unwrap().to_string(),
                        e["value"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    (c["args"][0].as_str().unwrap().to_string(), env)
}

#[test]
fn the_kubernetes_indexed_job_runs_as_an_array_and_merges() {
    let text =
        std::fs::read_to_string(format!("{}/deploy/kubernetes-indexed-job.yaml", root())).unwrap();
    let docs = YamlLoader::load_from_str(&text).unwrap();
    let job = docs
        .iter()
        .find(|d| d["metadata"]["name"].as_str() == Some("cowsim-forecast"))
        .expect("the forecast Job");
    let merge_job = docs
        .iter()
        .find(|d| d["metadata"]["name"].as_str() == Some("cowsim-merge"))
        .expect("the merge Job");
    assert_eq!(job["apiVersion"].as_str(), Some("batch/v1"));
    assert_eq!(job["kind"].as_str(), Some("Job"));
    assert_eq!(job["spec"]["completionMode"].as_str(), Some("Indexed"));
    let completions = job["spec"]["completions"].as_i64().unwrap();
    let (command, env) = container(job);
    let shards = env.iter().find(|(k, _)| k == "SHARDS").unwrap().1.clone();
    assert_eq!(
        shards,
        completions.to_string(),
        "--shards is the Job's completions"
    );
    let claim = "cowsim-parts";
    for d in [job, merge_job] {
        assert_eq!(
            d["spec"]["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]["claimName"]
                .as_str(),
            Some(claim)
        );
    }
    assert!(
        docs.iter()
            .any(|d| d["kind"].as_str() == Some("PersistentVolumeClaim")
                && d["metadata"]["name"].as_str() == Some(claim))
    );

    // The pods' commands, with the scenario and parts volume made local.
    let dir = tempfile::tempdir().unwrap();
    let vars = |k: i64| {
        vec![
            ("SCENARIO", scenario("quarterly-forecast")),
            ("RUNS", "5".to_string()),
            ("SHARDS", shards.clone()),
            ("PARTS", dir.path().display().to_string()),
            ("JOB_COMPLETION_INDEX", k.to_string()),
        ]
    };
    for k in (0..completions).rev() {
        sh(&command, &vars(k));
    }
    let (merge_command, _) = container(merge_job);
    sh(&merge_command, &vars(0)[3..4]);
    let merged = std::fs::read(dir.path().join("forecast.json")).unwrap();
    assert_eq!(merged, whole(&scenario("quarterly-forecast"), 5));
}

#[test]
fn the_aws_batch_job_definition_runs_as_an_array() {
    let text = std::fs::read_to_string(format!("{}/deploy/aws-batch-job-definition.json", root()))
        .unwrap();
    let def: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(def["type"], "container");
    let command = &def["containerProperties"]["command"];
    assert_eq!(
        (command[0].as_str(), command[1].as_str()),
        (Some("sh"), Some("-c"))
    );
    let dir = tempfile::tempdir().unwrap();
    for k in [1, 0] {
        sh(
            command[2].as_str().unwrap(),
            &[
                ("SCENARIO", scenario("quarterly-forecast")),
                ("RUNS", "4".to_string()),
                ("SHARDS", "9".to_string()),
                ("PARTS", dir.path().display().to_string()),
                ("AWS_BATCH_JOB_ARRAY_INDEX", k.to_string()),
                ("AWS_BATCH_JOB_ARRAY_SIZE", "2".to_string()),
            ],
        );
    }
    let parts = [
        dir.path().join("part-0.json"),
        dir.path().join("part-1.json"),
    ];
    assert_eq!(ok(merge(&parts)), whole(&scenario("quarterly-forecast"), 4));
}

/// Every path of object keys in `value` (`[]` for an array's elements).
fn field_paths(value: &serde_json::Value, at: &str, out: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (key, v) in fields {
                let path = format!("{at}.{key}");
                out.insert(path.clone());
                field_paths(v, &path, out);
            }
        }
        serde_json::Value::Array(items) => {
            for v in items {
                field_paths(v, &format!("{at}[]"), out);
            }
        }
        _ => {}
    }
}

/// The fields of a part of revision 2.
const PART_FIELDS: &[&str] = &[
    ".config",
    ".config.accuracy",
    ".config.months",
    ".config.no_expect",
    ".config.policy",
    ".config.runs",
    ".config.seed",
    ".cowsim_version",
    ".facts",
    ".facts.accounts",
    ".facts.name",
    ".facts.start",
    ".format",
    ".options_hash",
    ".repeated",
    ".revision",
    ".runs",
    ".runs[].figures",
    ".runs[].figures.accounts",
    ".runs[].figures.accounts[].backup_cost_usd",
    ".runs[].figures.accounts[].billed_bytes",
    ".runs[].figures.accounts[].full_copy_total_cost_usd",
    ".runs[].figures.accounts[].id",
    ".runs[].figures.accounts[].instance_cost_usd",
    ".runs[].figures.accounts[].io_cost_usd",
    ".runs[].figures.accounts[].storage_cost_usd",
    ".runs[].figures.accounts[].total_cost_usd",
    ".runs[].figures.clock",
    ".runs[].figures.clusters",
    ".runs[].figures.clusters[].arn",
    ".runs[].figures.clusters[].backup_cost_usd",
    ".runs[].figures.clusters[].billed_bytes",
    ".runs[].figures.clusters[].created_at",
    ".runs[].figures.clusters[].full_copy_storage_cost_usd",
    ".runs[].figures.clusters[].instance_cost_usd",
    ".runs[].figures.clusters[].io_cost_usd",
    ".runs[].figures.clusters[].storage_cost_usd",
    ".runs[].figures.ok",
    ".runs[].figures.series",
    ".runs[].figures.series[].account",
    ".runs[].figures.series[].at",
    ".runs[].figures.series[].total_cost_usd",
    ".runs[].figures.start",
    ".runs[].index",
    ".runs[].surprise",
    ".scenario_hash",
    ".shard",
    ".shards",
];

/// A part's fields are those of its revision: a change to them must raise
/// `PART_REVISION` (src/forecast/shard.rs), so that merges refuse parts of
/// the builds before it by name; then pin the new revision and fields here.
#[test]
fn a_part_holds_the_fields_of_its_revision() {
    let dir = tempfile::tempdir().unwrap();
    let parts = shards(&scenario("quarterly-forecast"), 4, 2, &[0], dir.path());
    let part: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&parts[0]).unwrap()).unwrap();
    let mut paths = std::collections::BTreeSet::new();
    field_paths(&part, "", &mut paths);
    let paths: Vec<String> = paths.into_iter().collect();
    assert_eq!(
        (part["revision"].as_u64().unwrap(), paths),
        (2, PART_FIELDS.iter().map(|p| p.to_string()).collect()),
        "a part's fields changed: raise PART_REVISION in src/forecast/shard.rs, then pin the revision and these fields here"
    );
}
