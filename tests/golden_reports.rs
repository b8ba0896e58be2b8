//! Every bundled scenario's JSON report, byte for byte, against the one
//! kept in `tests/golden/`: a change of the model or of the report's shape
//! shows here as a diff. Only the fields that time the simulator itself
//! (`wall_us`, `engine_wall_us`) are left out.
//!
//! After an intended change, `COWSIM_BLESS=1 cargo test --release --test
//! golden_reports` rewrites the files; the diff then says what changed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use cowsim::scenario::{Options, Runner, Scenario};

/// The report as `cowsim run --json` prints it, wall times zeroed.
fn report_json(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).expect("bundled scenario");
    let name = path.display().to_string();
    let scenario = Scenario::parse(&name, &text).unwrap_or_else(|d| panic!("{d}"));
    let mut report = Runner::new(&scenario, Options::default()).run(|_| {});
    for s in &mut report.steps {
        s.wall_us = 0;
    }
    report.engine_wall_us.clear();
    let mut json = serde_json::to_string_pretty(&report).expect("serializable");
    json.push('\n');
    json
}

#[test]
fn bundled_reports_are_unchanged() {
    let root = env!("CARGO_MANIFEST_DIR");
    let bless = std::env::var_os("COWSIM_BLESS").is_some();
    let mut paths: Vec<_> = std::fs::read_dir(format!("{root}/scenarios"))
        .expect("scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "{paths:?}");
    let mut changed = Vec::new();
    for path in paths {
        let stem = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .to_string();
        let golden = format!("{root}/tests/golden/{stem}.json");
        let now = report_json(&path);
        if bless {
            std::fs::write(&golden, &now).expect("writable tests/golden");
            continue;
        }
        let kept = std::fs::read_to_string(&golden)
            .unwrap_or_else(|e| panic!("{golden}: {e} (COWSIM_BLESS=1 writes it)"));
        if kept != now {
            let line = kept
                .lines()
                .zip(now.lines())
                .position(|(a, b)| a != b)
                .map_or(kept.lines().count().min(now.lines().count()), |i| i);
            changed.push(format!(
                "{stem}: first difference at line {}:\n  kept: {}\n  now:  {}",
                line + 1,
                kept.lines().nth(line).unwrap_or("(end)"),
                now.lines().nth(line).unwrap_or("(end)")
            ));
        }
    }
    assert!(changed.is_empty(), "{}", changed.join("\n"));
}
