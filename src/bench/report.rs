//! `cowsim bench report`: how large the HTML report of a big family is, how
//! fast Chromium opens it, and how fast `explain` answers on it. The family
//! is a 256 TiB source with 1,000 copy-on-write clones, each rewriting
//! 1,000 scattered pages (more clones than AWS allows one family, as the
//! engine benchmark builds them).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::Serialize;

use super::{Benchmark, Scaled};
use crate::engine::ExplainCache;
use crate::render::html::{frames::Recorder, run_page};
use crate::report::explain::explain;
use crate::scenario::{Options, Runner, Scenario};

/// The figures.
#[derive(Clone, Debug, Serialize)]
pub struct ReportBench {
    pub clones: u32,
    pub source_gib: u64,
    pub steps: usize,
    /// The run with the page's per-step frames recorded, seconds.
    pub run_s: f64,
    /// Building the page from them, seconds.
    pub render_s: f64,
    /// The page's size. Target ≤ 5 MiB.
    pub html_bytes: u64,
    /// `explain` of every cluster of the family, seconds. Target < 2.
    pub explain_family_s: f64,
    /// `explain` of the source alone (its versions have 1,001 viewers).
    pub explain_source_s: f64,
    /// Headless Chromium loading the page and printing its DOM, less the
    /// same for an empty page measured in the same run (the browser's own
    /// start), seconds; `None` without Chromium. Target < 3.
    pub chromium_open_s: Option<f64>,
    /// The empty page's time: the calibration.
    pub chromium_blank_s: Option<f64>,
}

/// Sizes of one run.
#[derive(Clone, Copy, Debug)]
pub struct Scale {
    pub clones: u32,
    pub source_gib: u64,
}

impl Scaled for Scale {
    const FULL: Scale = Scale {
        clones: 1000,
        source_gib: 256 * 1024,
    };
    const QUICK: Scale = Scale {
        clones: 50,
        source_gib: 1024,
    };
}

/// A run of the benchmark: its sizes, and the browser to time, if any.
#[derive(Clone, Debug)]
pub struct Config {
    pub scale: Scale,
    pub chromium: Option<PathBuf>,
}

impl Benchmark for Config {
    type Figures = ReportBench;
    type Error = std::convert::Infallible;

    fn measurements(&self) -> u64 {
        3 + u64::from(self.chromium.is_some())
    }

    fn measure(&self, progress: impl FnMut(&str)) -> Result<ReportBench, Self::Error> {
        Ok(run(self.scale, self.chromium.as_deref(), progress))
    }

    fn render_text(figures: &ReportBench) -> String {
        render_text(figures)
    }
}

/// The family's scenario.
fn family(scale: Scale) -> String {
    let mut s = format!(
        "name = \"report benchmark\"\nseed = 1\n[latency]\njitter = 0\n[[accounts]]\nid = \"111111111111\"\n\
         [[steps]]\nop = \"create-db-cluster\"\ndb-cluster-identifier = \"source\"\nengine = \"aurora-mysql\"\ndata-gib = {}\n\
         [[steps]]\nop = \"advance\"\nduration = \"30m\"\n\
         [[steps]]\nop = \"create-db-instance\"\ndb-instance-identifier = \"source-1\"\ndb-cluster-identifier = \"source\"\ndb-instance-class = \"db.r6g.large\"\n\
         [[steps]]\nop = \"advance\"\nduration = \"30m\"\n",
        scale.source_gib
    );
    for i in 0..scale.clones {
        s.push_str(&format!(
            "[[steps]]\nop = \"restore-db-cluster-to-point-in-time\"\nsource-db-cluster-identifier = \"source\"\n\
             db-cluster-identifier = \"clone-{i}\"\nrestore-type = \"copy-on-write\"\nuse-latest-restorable-time = true\n"
        ));
    }
    s.push_str("[[steps]]\nop = \"advance\"\nduration = \"1h\"\n");
    for i in 0..scale.clones {
        s.push_str(&format!(
            "[[steps]]\nop = \"write\"\ndb-cluster-identifier = \"clone-{i}\"\npages = 1000\ndistribution = \"uniform\"\n"
        ));
    }
    s.push_str("[[steps]]\nop = \"advance\"\nduration = \"1h\"\n");
    s
}

/// Seconds Chromium takes to load `file` and print its DOM, best of three.
fn chromium_load(chromium: &Path, file: &Path, profile: &Path) -> Option<f64> {
    let mut best: Option<f64> = None;
    for _ in 0..3 {
        let start = Instant::now();
        let out = Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("file://{}", file.display()))
            .output()
            .ok()?;
        if !out.status.success() || out.stdout.is_empty() {
            return None;
        }
        let t = start.elapsed().as_secs_f64();
        best = Some(best.map_or(t, |b: f64| b.min(t)));
    }
    best
}

/// Measures every figure; `chromium` is the browser to time, if any.
#[expect(
    clippy::expect_used,
    reason = "the benchmark scenario is generated, and the scenario tests parse it"
)]
pub fn run(scale: Scale, chromium: Option<&Path>, mut progress: impl FnMut(&str)) -> ReportBench {
    let text = family(scale);
    let scenario =
        Scenario::parse("report-benchmark.toml", &text).expect("the benchmark scenario is valid");
    let options = Options {
        beyond_aws_limits: true,
        ..Options::default()
    };
    progress("the family's run, recording the page's frames");
    let start = Instant::now();
    let mut recorder = Recorder::default();
    let policy = scenario.policy;
    let finished = Runner::new(&scenario, options)
        .with_observer(|step, moment| recorder.observe(step, moment, policy))
        .finish(|_| {});
    let run_s = start.elapsed().as_secs_f64();
    progress("the page");
    let start = Instant::now();
    let html = run_page(&scenario, &finished.report, &finished.cloud, &recorder);
    let render_s = start.elapsed().as_secs_f64();
    progress("explain");
    let (report, cloud) = (&finished.report, &finished.cloud);
    let start = Instant::now();
    let mut cache = ExplainCache::default();
    let explained = cloud
        .clusters()
        .iter()
        .filter_map(|c| explain(cloud, report, &scenario.pricing, c.id(), &mut cache))
        .count();
    let explain_family_s = start.elapsed().as_secs_f64();
    assert_eq!(
        explained,
        scale.clones as usize + 1,
        "every cluster is explained"
    );
    let start = Instant::now();
    let _ = explain(
        cloud,
        report,
        &scenario.pricing,
        cloud.clusters()[0].id(),
        &mut ExplainCache::default(),
    );
    let explain_source_s = start.elapsed().as_secs_f64();
    let (mut chromium_open_s, mut chromium_blank_s) = (None, None);
    if let Some(browser) = chromium {
        progress("Chromium opening the page, and an empty one");
        let dir = std::env::temp_dir().join(format!("cowsim-bench-report-{}", std::process::id()));
        if std::fs::create_dir_all(&dir).is_ok() {
            let page = dir.join("report.html");
            let blank = dir.join("blank.html");
            if std::fs::write(&page, &html).is_ok()
                && std::fs::write(&blank, "<!DOCTYPE html><title>blank</title>").is_ok()
            {
                let profile = dir.join("profile");
                chromium_blank_s = chromium_load(browser, &blank, &profile);
                chromium_open_s = chromium_load(browser, &page, &profile)
                    .zip(chromium_blank_s)
                    .map(|(p, b)| (p - b).max(0.0));
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    ReportBench {
        clones: scale.clones,
        source_gib: scale.source_gib,
        steps: scenario.steps.len(),
        run_s,
        render_s,
        html_bytes: html.len() as u64,
        explain_family_s,
        explain_source_s,
        chromium_open_s,
        chromium_blank_s,
    }
}

/// The figures beside their targets.
pub fn render_text(b: &ReportBench) -> String {
    let mib = b.html_bytes as f64 / (1024.0 * 1024.0);
    let rows = [
        ("html_mib", format!("{mib:.2}"), "<= 5", mib <= 5.0),
        (
            "chromium_open_s",
            b.chromium_open_s
                .map_or_else(|| "n/a".into(), |s| format!("{s:.2}")),
            "< 3",
            b.chromium_open_s.is_some_and(|s| s < 3.0),
        ),
        (
            "explain_family_s",
            format!("{:.3}", b.explain_family_s),
            "< 2",
            b.explain_family_s < 2.0,
        ),
    ];
    let mut out = super::targets_table(&rows);
    out.push_str(&format!(
        "\na {} GiB source and {} copy-on-write clones, each rewriting 1,000 scattered pages ({} steps);\n\
         run with frames recorded {:.2} s, page built {:.2} s, explain of the source alone {:.3} s;\n",
        b.source_gib, b.clones, b.steps, b.run_s, b.render_s, b.explain_source_s
    ));
    out.push_str(&match b.chromium_blank_s {
        Some(blank) => format!(
            "Chromium's load is its time to print the page's DOM less its time for an empty page ({blank:.2} s), best of three each\n"
        ),
        None => "Chromium was not found (--chromium PATH), so its load was not measured\n".into(),
    });
    out
}
