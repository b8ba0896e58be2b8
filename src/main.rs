//! The `cowsim` command line: parses arguments, calls the library, renders,
//! and sets the exit status (0 success, 1 an expectation failed, 2 the
//! input was refused).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use cowsim::bench::engine::{self, Scale};
use cowsim::bench::forecast as bench_forecast;
use cowsim::bench::{Scaled, clone_vs_restore, plot};
use cowsim::billing::ledger::Granularity;
use cowsim::engine::BillingPolicy;
use cowsim::forecast::{self, shard};
use cowsim::report::focus;
use cowsim::report::text::{Style, step_line, summary_tables};
use cowsim::scenario::{DEMO, Finished, Options, Runner, Scenario};
use cowsim::workload::Rate;

/// Writes to stdout. A reader that has gone away (`cowsim run … | head`)
/// ends the program quietly, as a pipe's reader expects, rather than with
/// a panic.
macro_rules! say {
    ($($arg:tt)*) => {
        write_out(format_args!($($arg)*))
    };
}

fn write_out(text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    if let Err(e) = std::io::stdout().lock().write_fmt(text) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: can't write the output: {e}");
        std::process::exit(1);
    }
}

#[derive(Parser)]
#[command(
    name = "cowsim",
    version,
    about = "Copy-on-write storage simulator and cost model of Amazon Aurora cloning"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario file: the step log, then clusters and costs.
    Run {
        /// The scenario (TOML).
        file: String,
        /// Print the report as JSON instead.
        #[arg(long)]
        json: bool,
        /// Override the scenario's seed.
        #[arg(long)]
        seed: Option<u64>,
        /// Override the billing policy: aurora, shared-equal or family-equal.
        #[arg(long)]
        policy: Option<BillingPolicy>,
        /// Check `expect` steps and show what they found, but don't fail
        /// the run on them (to compare billing policies, say).
        #[arg(long)]
        no_expect: bool,
        /// Also write clusters.csv, accounts.csv and series.csv to this
        /// folder (created if need be).
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
        #[command(flatten)]
        files: Files,
    },
    /// Run the bundled story: share a cluster with another account, clone
    /// it, diverge, delete the source, split the bill.
    Demo {
        /// Print the report as JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Run a scenario many times with independent seeds, in parallel, and
    /// report the spread of its costs (P10 / P50 / P90 / mean).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Forecast {
        #[command(subcommand)]
        merge: Option<ForecastParts>,
        /// The scenario (TOML).
        #[arg(required = true)]
        file: Option<String>,
        /// How many runs.
        #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        runs: u32,
        /// Keep each run going to this many 730-hour months after the start.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1200))]
        months: Option<u32>,
        /// Seed of the first run (run i uses seed + i; default: the scenario's).
        #[arg(long)]
        seed: Option<u64>,
        /// Simulate only this fraction of the pages (`1/64`, `0.1`) and scale
        /// up; the estimated error is reported. Default: exact below 1 TiB
        /// of data in all; above, the power-of-two fraction (1/64 at most)
        /// that keeps about a million pages.
        #[arg(long, value_parser = parse_fraction, conflicts_with = "exact")]
        sample: Option<f64>,
        /// Simulate every page, however large the scenario.
        #[arg(long)]
        exact: bool,
        /// Print the forecast as JSON.
        #[arg(long)]
        json: bool,
        /// Also write percentiles.csv to this folder (created if need be).
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
        #[command(flatten)]
        files: Files,
        /// Check `expect` steps, but don't count a failed one as a surprise.
        #[arg(long)]
        no_expect: bool,
        /// Replay only the run of this seed, exactly as the forecast ran it
        /// (its rate draws, its sampled pages, its horizon), and print its
        /// step log and tables as `cowsim run` does.
        #[arg(long, value_name = "SEED")]
        only_run: Option<u64>,
        /// Run only shard K of S (from 0): the runs dealt to it by index,
        /// each with the seed it has in the whole forecast, written to a
        /// part file for `cowsim forecast merge`. Without it, an array
        /// job's environment names the shard (Kubernetes, AWS Batch, Slurm).
        #[arg(long, value_name = "K/S", value_parser = shard::parse_shard)]
        shard: Option<forecast::Deal>,
        /// How many shards, where the scheduler doesn't say (a Kubernetes
        /// Indexed Job's completions).
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        shards: Option<u32>,
        /// Where a shard writes its part (default: part-K.json).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Draw the clone tree: every cluster under its source, with its
    /// account, status, how it was made, its clone group, its pages and
    /// what it is billed; snapshots as leaves.
    Tree {
        /// The scenario (TOML).
        file: String,
        /// The state after step N (from 0), or at a time
        /// (2026-01-01T06:00:00Z); default: at the end of the run.
        #[arg(long, value_name = "STEP|TIME")]
        at: Option<String>,
    },
    /// Write a scenario from the JSON the AWS CLI prints about a fleet
    /// (describe-db-clusters, describe-db-instances,
    /// describe-db-cluster-snapshots, RAM get-resource-shares,
    /// list-resources, list-principals, KMS describe-key, get-key-policy,
    /// CloudWatch get-metric-data), in one or several accounts; each file
    /// is recognised by its top-level key. scripts/export-fleet.sh writes
    /// them.
    Import {
        /// The files (any names).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Where to write the scenario (default: standard output).
        #[arg(short, long, value_name = "scenario.toml")]
        output: Option<PathBuf>,
        /// Take this cluster (ARN or identifier) as its family's source,
        /// instead of the oldest that is not a cross-account clone.
        #[arg(long, value_name = "CLUSTER")]
        source: Vec<String>,
        /// The fraction of its pages each clone has rewritten, where the
        /// data doesn't say.
        #[arg(long, value_name = "FRACTION", default_value_t = cowsim::import::DIVERGED, value_parser = parse_fraction)]
        diverged: f64,
        /// A key policy file for a key (get-key-policy output), when the
        /// file's name doesn't end in the key id.
        #[arg(long, value_name = "KEYID=FILE", value_parser = parse_key_policy)]
        key_policy: Vec<(String, String)>,
    },
    /// Explain why a cluster is billed what it is: its pages by where
    /// their versions live, who else sees them, who pays and its share.
    Explain {
        /// The scenario (TOML).
        file: String,
        /// The cluster (identifier or ARN); default: every live cluster.
        #[arg(long, value_name = "ID")]
        cluster: Option<String>,
        /// The state after step N (from 0), or at a time
        /// (2026-01-01T06:00:00Z); default: at the end of the run.
        #[arg(long, value_name = "STEP|TIME")]
        at: Option<String>,
        /// Print the breakdown as JSON.
        #[arg(long)]
        json: bool,
        /// Explain under another billing policy: aurora, shared-equal or
        /// family-equal.
        #[arg(long)]
        policy: Option<BillingPolicy>,
    },
    /// Answer the AWS CLI and SDKs (RDS, RAM, KMS, STS) as AWS would,
    /// each call a step of a scenario, with the bill at /_cowsim/report.
    Serve {
        /// The address to listen on (port 0: any free port).
        #[arg(long, default_value = cowsim::serve::DEFAULT_LISTEN)]
        listen: std::net::SocketAddr,
        /// Start from this scenario: its accounts, organizations, pricing,
        /// latency, billing policy, seed and start, then its steps.
        #[arg(long, value_name = "FILE")]
        scenario: Option<PathBuf>,
        /// Record every answered call in this file (a scenario), and start
        /// from it when it already holds a session.
        #[arg(long, value_name = "FILE")]
        state: Option<PathBuf>,
        /// Simulated seconds per wall-clock second; 0 moves the clock only
        /// on /_cowsim/advance (and to the next completion on describes).
        #[arg(long, default_value_t = 0.0, value_parser = parse_speed)]
        speed: f64,
    },
    /// Measure the simulator itself.
    Bench {
        #[command(subcommand)]
        which: Bench,
    },
}

/// A clock speed: simulated seconds per second, 0 or more.
fn parse_speed(s: &str) -> Result<f64, String> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| format!("`{s}`: expected simulated seconds per second, 0 or more"))
}

#[derive(Subcommand)]
enum ForecastParts {
    /// Combine the parts of a sharded forecast into exactly the forecast
    /// one machine would have made.
    Merge {
        /// The part files, one per shard, in any order.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// Print the forecast as JSON.
        #[arg(long)]
        json: bool,
        /// Also write percentiles.csv to this folder (created if need be).
        #[arg(long, value_name = "DIR")]
        csv: Option<PathBuf>,
        /// Also write the forecast as one self-contained HTML page.
        #[arg(long, value_name = "OUT.html")]
        html: Option<PathBuf>,
    },
}

/// Which of `bench fleet`'s scenarios to print.
#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum FleetScenario {
    /// The fleet with its workloads.
    Writes,
    /// The same fleet with nothing written.
    Idle,
}

#[derive(Subcommand)]
enum Bench {
    /// The volume engine's speed and memory against its design targets.
    Engine {
        /// A smaller run (about a second) instead of the sizes the targets name.
        #[arg(long)]
        quick: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Forecast speed and long metering runs against their targets.
    Forecast {
        /// A smaller run (a month) instead of the sizes the targets name.
        #[arg(long)]
        quick: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The HTML report and explain on a 256 TiB source with 1,000 clones:
    /// the page's size, Chromium's time to open it, explain's time.
    Report {
        /// A smaller family (50 clones of 1 TiB) instead.
        #[arg(long)]
        quick: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// The browser to time.
        #[arg(long, value_name = "PATH", default_value = "/usr/bin/chromium")]
        chromium: PathBuf,
    },
    /// A forecast of a fleet of cross-account clone families: cluster-hours
    /// a second, the write path against a roaring bitmap, idle metering,
    /// two threads against one, memory.
    Fleet {
        /// Two families for two months instead of ten for a year.
        #[arg(long)]
        quick: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Print the fleet's scenario (TOML) and measure nothing, to run
        /// or profile it with `cowsim forecast` (`idle`: without writes).
        #[arg(
            long,
            value_name = "writes|idle",
            num_args = 0..=1,
            default_missing_value = "writes"
        )]
        scenario: Option<FleetScenario>,
    },
    /// `cowsim serve` over loopback: calls a second and latency of
    /// DescribeDBClusters and RestoreDBClusterToPointInTime.
    Serve {
        /// Fewer calls (a few seconds) instead of the sizes the targets name.
        #[arg(long)]
        quick: bool,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Clone against snapshot restore and full copy: time until another
    /// account can query its copy, at every size, and what it costs.
    CloneVsRestore {
        /// Source sizes, comma separated.
        #[arg(long, default_value = "1GiB,100GiB,2TiB,64TiB,256TiB", value_parser = |s: &str| clone_vs_restore::parse_sizes(s).map(Sizes))]
        sizes: Sizes,
        /// Seeded trials per size and route.
        #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
        trials: u32,
        /// Updates on the copy during the month after delivery.
        #[arg(long, default_value = "1GiB/day", value_parser = |s: &str| s.parse::<Rate>())]
        update_rate: Rate,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
        /// Also draw time to queryable against size to this SVG file.
        #[arg(long)]
        svg: Option<std::path::PathBuf>,
    },
}

/// A fraction in (0, 1]: `0.25` or `1/64`.
fn parse_fraction(s: &str) -> Result<f64, String> {
    let value = match s.split_once('/') {
        Some((a, b)) => a
            .trim()
            .parse::<f64>()
            .ok()
            .zip(b.trim().parse::<f64>().ok())
            .map(|(a, b)| a / b),
        None => s.trim().parse::<f64>().ok(),
    };
    value
        .filter(|v| *v > 0.0 && *v <= 1.0)
        .ok_or_else(|| format!("`{s}`: expected a fraction in (0, 1], such as 1/64 or 0.1"))
}

/// A comma-separated list of sizes, as one argument.
#[derive(Clone, Debug)]
struct Sizes(Vec<u64>);

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Run {
            file,
            json,
            seed,
            policy,
            no_expect,
            csv,
            files,
        } => match load(&file) {
            Ok(scenario) => run(
                &scenario,
                json,
                &Exports {
                    csv,
                    files,
                    forecast_run: None,
                },
                Options {
                    seed,
                    policy,
                    no_expect,
                    ..Options::default()
                },
            ),
            Err(code) => code,
        },
        Command::Forecast {
            merge:
                Some(ForecastParts::Merge {
                    parts,
                    json,
                    csv,
                    html,
                }),
            ..
        } => merge(&parts, json, csv.as_deref(), html.as_deref()),
        Command::Forecast {
            merge: None,
            file,
            runs,
            months,
            seed,
            sample,
            exact,
            json,
            csv,
            files,
            no_expect,
            only_run,
            shard,
            shards,
            out,
        } => {
            let file = file.unwrap_or_default();
            let (scenario, text) = match load_text(&file) {
                Ok(s) => s,
                Err(code) => return code,
            };
            let accuracy = match (exact, sample) {
                (true, _) => forecast::Accuracy::Exact,
                (false, Some(rate)) => forecast::Accuracy::Sampled(rate),
                (false, None) => forecast::Accuracy::auto(&scenario),
            };
            let config = forecast::Config {
                runs,
                months,
                seed: seed.unwrap_or(scenario.seed),
                accuracy,
                no_expect,
            };
            if let Some(seed) = only_run {
                if !json {
                    eprintln!("the forecast's run of seed {seed}, accuracy {accuracy}");
                }
                let exports = Exports {
                    csv,
                    files,
                    forecast_run: Some(format!("seed {seed}")),
                };
                return run(
                    &scenario,
                    json,
                    &exports,
                    config.run_options(&scenario, seed),
                );
            }
            let deal = match shard {
                Some(deal) => Some(deal),
                None => match shard::from_env(|v| std::env::var(v).ok(), shards) {
                    Ok(found) => found.map(|(deal, scheduler)| {
                        eprintln!(
                            "shard {} of {}, from the {scheduler:?} array job's environment",
                            deal.shard, deal.shards
                        );
                        deal
                    }),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::from(2);
                    }
                },
            };
            if let Some(deal) = deal {
                let out = out.unwrap_or_else(|| PathBuf::from(format!("part-{}.json", deal.shard)));
                return run_shard(&scenario, &text, config, deal, &out);
            }
            let bar = indicatif::ProgressBar::new(u64::from(runs));
            if !std::io::stderr().is_terminal() {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            let result = forecast::forecast(&scenario, config, || bar.inc(1));
            bar.finish_and_clear();
            if let Some(code) = refused(csv.as_deref(), "CSV files to ", |dir| {
                cowsim::report::csv::write_forecast(&result, dir)
            }) {
                return code;
            }
            if let Some(code) = refused(files.html.as_deref(), "", |p| {
                cowsim::report::html::write(p, &cowsim::report::html::forecast_page(&result))
            }) {
                return code;
            }
            if let Some(path) = &files.focus {
                let seed = result.p50_run_seed;
                let options = Options {
                    ledger: Some(files.focus_granularity),
                    ..config.run_options(&scenario, seed)
                };
                let finished = Runner::new(&scenario, options).finish(|_| {});
                let label = format!("P50 of {runs} runs: seed {seed}");
                if let Some(code) = focus_refused(&scenario, &finished, path, Some(&label)) {
                    return code;
                }
            }
            if json {
                print_json(&result)
            } else {
                say!("{}", forecast::render_text(&result));
                ExitCode::SUCCESS
            }
        }
        Command::Import {
            files,
            output,
            source,
            diverged,
            key_policy,
        } => import(
            &files,
            output.as_deref(),
            &cowsim::import::Options {
                sources: source,
                diverged,
                key_policies: key_policy,
            },
        ),
        Command::Explain {
            file,
            cluster,
            at,
            json,
            policy,
        } => match load(&file) {
            Ok(scenario) => explain(&scenario, cluster.as_deref(), at.as_deref(), json, policy),
            Err(code) => code,
        },
        Command::Tree { file, at } => match load(&file) {
            Ok(scenario) => tree(&scenario, at.as_deref()),
            Err(code) => code,
        },
        Command::Serve {
            listen,
            scenario,
            state,
            speed,
        } => serve(listen, scenario.as_deref(), state, speed),
        Command::Demo { json } => match Scenario::parse("demo.toml (bundled)", DEMO) {
            Ok(scenario) => run(&scenario, json, &Exports::default(), Options::default()),
            Err(d) => {
                eprintln!("{d}");
                ExitCode::from(2)
            }
        },
        Command::Bench {
            which:
                Bench::CloneVsRestore {
                    sizes,
                    trials,
                    update_rate,
                    json,
                    svg,
                },
        } => {
            let config = clone_vs_restore::Config {
                sizes: sizes.0,
                trials,
                update_rate,
                ..Default::default()
            };
            let figures = clone_vs_restore::run(
                &config,
                bench_progress((config.sizes.len() * 3) as u64, json),
            );
            if let Some(path) = svg
                && let Err(e) = plot::time_to_queryable(&figures, &path)
            {
                eprintln!("error: can't draw {}: {e}", path.display());
                return ExitCode::from(2);
            }
            if json {
                print_json(&figures)
            } else {
                say!("{}", clone_vs_restore::render_text(&figures));
                ExitCode::SUCCESS
            }
        }
        Command::Bench {
            which: Bench::Forecast { quick, json },
        } => {
            let scale = if quick {
                bench_forecast::Scale::QUICK
            } else {
                bench_forecast::Scale::FULL
            };
            let figures = bench_forecast::run(scale, bench_progress(4, json));
            if json {
                print_json(&figures)
            } else {
                say!("{}", bench_forecast::render_text(&figures));
                ExitCode::SUCCESS
            }
        }
        Command::Bench {
            which:
                Bench::Report {
                    quick,
                    json,
                    chromium,
                },
        } => {
            let scale = if quick {
                cowsim::bench::report::Scale::QUICK
            } else {
                cowsim::bench::report::Scale::FULL
            };
            let browser = chromium.is_file().then_some(chromium.as_path());
            let figures = cowsim::bench::report::run(
                scale,
                browser,
                bench_progress(3 + u64::from(browser.is_some()), json),
            );
            if json {
                print_json(&figures)
            } else {
                say!("{}", cowsim::bench::report::render_text(&figures));
                ExitCode::SUCCESS
            }
        }
        Command::Bench {
            which:
                Bench::Fleet {
                    quick,
                    json,
                    scenario,
                },
        } => {
            let scale = if quick {
                cowsim::bench::fleet::Scale::QUICK
            } else {
                cowsim::bench::fleet::Scale::FULL
            };
            if let Some(which) = scenario {
                let writes = which == FleetScenario::Writes;
                print!("{}", cowsim::bench::fleet::fleet_scenario(scale, writes));
                return ExitCode::SUCCESS;
            }
            let figures = cowsim::bench::fleet::run(scale, bench_progress(5, json));
            if json {
                print_json(&figures)
            } else {
                say!("{}", cowsim::bench::fleet::render_text(&figures));
                ExitCode::SUCCESS
            }
        }
        Command::Bench {
            which: Bench::Serve { quick, json },
        } => {
            let scale = if quick {
                cowsim::bench::serve::Scale::QUICK
            } else {
                cowsim::bench::serve::Scale::FULL
            };
            let measured = cowsim::bench::serve::run(scale, bench_progress(5, json));
            match measured {
                Ok(figures) if json => print_json(&figures),
                Ok(figures) => {
                    say!("{}", cowsim::bench::serve::render_text(&figures));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Bench {
            which: Bench::Engine { quick, json },
        } => {
            let figures = engine::run(
                if quick { Scale::QUICK } else { Scale::FULL },
                bench_progress(4, json),
            );
            if json {
                print_json(&figures)
            } else {
                say!("{}", engine::render_text(&figures));
                ExitCode::SUCCESS
            }
        }
    }
}

/// Reads and checks a scenario file; on refusal, says why and gives the
/// exit status (2).
fn load(file: &str) -> Result<Scenario, ExitCode> {
    load_text(file).map(|(scenario, _)| scenario)
}

/// A scenario and the bytes of its file.
fn load_text(file: &str) -> Result<(Scenario, Vec<u8>), ExitCode> {
    let bytes = std::fs::read(file).map_err(|e| {
        eprintln!("error: can't read {file}: {e}");
        ExitCode::from(2)
    })?;
    let scenario = Scenario::parse_bytes(file, &bytes).map_err(|d| {
        eprintln!("{d}");
        ExitCode::from(2)
    })?;
    Ok((scenario, bytes))
}

/// Runs one shard's runs and writes its part, logging each run on stderr
/// a line at a time, as a scheduler's log viewer shows them best.
fn run_shard(
    scenario: &Scenario,
    text: &[u8],
    config: forecast::Config,
    deal: forecast::Deal,
    out: &std::path::Path,
) -> ExitCode {
    let mine = (0..config.runs).filter(|&i| deal.has(i)).count();
    let done = std::sync::atomic::AtomicUsize::new(0);
    eprintln!(
        "shard {} of {}: {mine} of the {} runs, seeds {} + i for i = {} mod {}",
        deal.shard, deal.shards, config.runs, config.seed, deal.shard, deal.shards
    );
    let (runs, repeated) = forecast::run_dealt(scenario, config, deal, |i| {
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        eprintln!(
            "shard {} of {}: run {i} (seed {}) done, {n} so far",
            deal.shard,
            deal.shards,
            config.seed + u64::from(i)
        );
    });
    let part = shard::Part::new(
        text,
        forecast::Facts::of(scenario),
        config,
        deal,
        runs,
        repeated,
    );
    match part.write(out) {
        Ok(()) => {
            eprintln!(
                "shard {} of {}: wrote {}",
                deal.shard,
                deal.shards,
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `cowsim forecast merge`: the parts' forecast, or why they don't merge.
fn merge(
    paths: &[PathBuf],
    json: bool,
    csv: Option<&std::path::Path>,
    html: Option<&std::path::Path>,
) -> ExitCode {
    let parts: Result<Vec<(PathBuf, shard::Part)>, shard::MergeError> = paths
        .iter()
        .map(|p| shard::Part::read(p).map(|part| (p.clone(), part)))
        .collect();
    let merged = parts.and_then(|parts| shard::merge(&parts));
    if let Ok(f) = &merged
        && let Some(code) = refused(csv, "CSV files to ", |dir| {
            cowsim::report::csv::write_forecast(f, dir)
        })
        .or_else(|| {
            refused(html, "", |p| {
                cowsim::report::html::write(p, &cowsim::report::html::forecast_page(f))
            })
        })
    {
        return code;
    }
    match merged {
        Ok(f) if json => print_json(&f),
        Ok(f) => {
            say!("{}", forecast::render_text(&f));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The bill and the page, as `run` and `forecast` write them (a
/// forecast's FOCUS export is its median run's).
#[derive(clap::Args, Default)]
struct Files {
    /// Also write the bill as FOCUS 1.0 CSV (the FinOps Foundation's
    /// billing format) to this file; a forecast's is its median run's.
    #[arg(long, value_name = "OUT.csv")]
    focus: Option<PathBuf>,
    /// The period of each FOCUS row: day or hour.
    #[arg(long, value_name = "day|hour", default_value = "day")]
    focus_granularity: Granularity,
    /// Also write the report (or forecast) as one self-contained HTML page.
    #[arg(long, value_name = "OUT.html")]
    html: Option<PathBuf>,
}

/// The files a run writes beside its output.
#[derive(Default)]
struct Exports {
    csv: Option<PathBuf>,
    files: Files,
    /// Which run of a forecast this is, for the FOCUS export.
    forecast_run: Option<String>,
}

fn run(scenario: &Scenario, json: bool, exports: &Exports, options: Options) -> ExitCode {
    let style = Style {
        color: std::io::stdout().is_terminal(),
    };
    if !json {
        say!("{}\n{}\n\n", scenario.name, scenario.description.trim());
    }
    // Long advances show a bar on a terminal; it is hidden otherwise.
    let bar = indicatif::ProgressBar::hidden();
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template("metering {pos}/{len} hours {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    }
    let options = Options {
        ledger: exports
            .files
            .focus
            .as_ref()
            .map(|_| exports.files.focus_granularity),
        ..options
    };
    let runner = Runner::new(scenario, options).with_progress(|done, hours| {
        if hours >= 24 * 30 {
            bar.set_length(hours);
            bar.set_position(done);
            if done == hours {
                bar.finish_and_clear();
            }
        }
    });
    let mut recorder = cowsim::report::html::frames::Recorder::default();
    let policy = options.policy.unwrap_or(scenario.policy);
    let runner = match exports.files.html {
        Some(_) => runner.with_observer(|step, moment| recorder.observe(step, moment, policy)),
        None => runner,
    };
    let finished = runner.finish(|step| {
        if !json {
            say!("{}\n", step_line(step, style));
        }
    });
    if let Some(code) = refused(exports.files.html.as_deref(), "", |p| {
        let page =
            cowsim::report::html::run_page(scenario, &finished.report, &finished.cloud, &recorder);
        cowsim::report::html::write(p, &page)
    }) {
        return code;
    }
    if let Some(code) = refused(exports.csv.as_deref(), "CSV files to ", |dir| {
        cowsim::report::csv::write_report(&finished.report, dir)
    }) {
        return code;
    }
    if let Some(path) = &exports.files.focus
        && let Some(code) =
            focus_refused(scenario, &finished, path, exports.forecast_run.as_deref())
    {
        return code;
    }
    let report = finished.report;
    let code = if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if json {
        let printed = print_json(&report);
        if printed != ExitCode::SUCCESS {
            return printed;
        }
    } else {
        say!("{}", summary_tables(&report, style));
    }
    code
}

/// `cowsim serve`: exit 2 when it cannot start (a scenario or state file
/// it cannot read, an address it cannot listen on).
fn serve(
    listen: std::net::SocketAddr,
    scenario: Option<&std::path::Path>,
    state: Option<PathBuf>,
    speed: f64,
) -> ExitCode {
    let scenario = match scenario {
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some((path.display().to_string(), text)),
            Err(e) => {
                eprintln!("error: can't read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let options = cowsim::serve::Options {
        listen,
        scenario,
        state,
        speed,
    };
    let ready = |address: std::net::SocketAddr| {
        say!("cowsim serve: listening on http://{address} (AWS_ENDPOINT_URL=http://{address})\n");
    };
    match cowsim::serve::serve(options, ready) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// What a benchmark measures as it goes: on a terminal, a bar of its
/// `measurements` with the one under way and the time spent; elsewhere one
/// line as each starts, which a scheduler's log shows well; nothing with
/// `--json`.
fn bench_progress(measurements: u64, json: bool) -> impl FnMut(&str) {
    let terminal = std::io::stderr().is_terminal() && !json;
    let bar = indicatif::ProgressBar::hidden().with_finish(indicatif::ProgressFinish::AndClear);
    if terminal {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_length(measurements);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} measuring {pos}/{len} {wide_bar} {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
    }
    let mut started = false;
    move |step: &str| {
        if terminal {
            if started {
                bar.inc(1);
            }
            started = true;
            bar.set_message(step.to_string());
        } else if !json {
            eprintln!("measuring {step}...");
        }
    }
}

fn print_json(value: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            say!("{text}\n");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a scenario up to `--at` (a step or a time; the end without it),
/// for pictures of the state there; exit status 2 if `--at` is refused.
fn run_until(
    scenario: &Scenario,
    at: Option<&str>,
    policy: Option<BillingPolicy>,
) -> Result<(cowsim::report::Report, cowsim::cloud::Cloud), ExitCode> {
    let stop = match at.map(|a| stop_at(scenario, a)).transpose() {
        Ok(stop) => stop,
        Err(e) => {
            eprintln!("error: --at {}: {e}", at.unwrap_or_default());
            return Err(ExitCode::from(2));
        }
    };
    let options = Options {
        stop,
        policy,
        ..Options::default()
    };
    Ok(Runner::new(scenario, options).run_with_cloud(|_| {}))
}

/// `cowsim tree`: the clone tree after a step, at a time, or at the end.
fn tree(scenario: &Scenario, at: Option<&str>) -> ExitCode {
    match run_until(scenario, at, None) {
        Ok((report, cloud)) => {
            say!("{}", cowsim::report::tree::render(&cloud, &report));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// `cowsim explain`: one cluster's (or every live cluster's) pages, by
/// where their versions live and who pays.
fn explain(
    scenario: &Scenario,
    cluster: Option<&str>,
    at: Option<&str>,
    json: bool,
    policy: Option<BillingPolicy>,
) -> ExitCode {
    use cowsim::report::explain;
    let (report, cloud) = match run_until(scenario, at, policy) {
        Ok(state) => state,
        Err(code) => return code,
    };
    let named: Vec<cowsim::cloud::ClusterId> = cloud
        .clusters()
        .iter()
        .filter(|c| {
            cluster.is_none_or(|name| c.identifier() == name || cloud.cluster_arn(c.id()) == name)
        })
        .map(|c| c.id())
        .collect();
    if let Some(name) = cluster
        && named.is_empty()
    {
        let known: Vec<&str> = cloud.clusters().iter().map(|c| c.identifier()).collect();
        eprintln!(
            "error: --cluster {name}: no such cluster in the run; it has {}",
            known.join(", ")
        );
        return ExitCode::from(2);
    }
    let mut cache = cowsim::engine::ExplainCache::default();
    let explained: Vec<(cowsim::cloud::ClusterId, Option<explain::Explanation>)> = named
        .iter()
        .map(|&id| {
            (
                id,
                explain::explain(&cloud, &report, &scenario.pricing, id, &mut cache),
            )
        })
        .collect();
    if json {
        let all: Vec<&explain::Explanation> =
            explained.iter().filter_map(|(_, e)| e.as_ref()).collect();
        return print_json(&all);
    }
    for (id, e) in &explained {
        match e {
            Some(e) => say!("{}\n", explain::render_text(e, &report)),
            None if cluster.is_some() => say!(
                "{} is {} at {}: it sees no pages and is billed nothing.\n\n",
                cloud.cluster(*id).identifier(),
                cloud.cluster(*id).status(),
                report.clock
            ),
            None => {}
        }
    }
    ExitCode::SUCCESS
}

/// `--at`: a step index, or a time within the run.
fn stop_at(scenario: &Scenario, at: &str) -> Result<cowsim::scenario::Stop, String> {
    use cowsim::scenario::Stop;
    if let Ok(step) = at.parse::<usize>() {
        return match scenario.steps.len() {
            n if step < n => Ok(Stop::AfterStep(step)),
            n => Err(format!(
                "past the end: the scenario has {n} steps, 0 to {}",
                n.saturating_sub(1)
            )),
        };
    }
    let t = cowsim::time::SimTime::parse_rfc3339(at)
        .map_err(|_| "expected a step number or a time such as 2026-01-01T06:00:00Z".to_string())?;
    if t < scenario.start {
        return Err(format!("before the start of the run, {}", scenario.start));
    }
    let end = Runner::new(scenario, Options::default()).run(|_| {}).clock;
    if t > end {
        return Err(format!("past the end of the run, {end}"));
    }
    Ok(Stop::At(t))
}

/// `--key-policy KEYID=FILE`.
fn parse_key_policy(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((key, file)) if !key.is_empty() && !file.is_empty() => {
            Ok((key.to_string(), file.to_string()))
        }
        _ => Err(format!("`{s}`: expected KEYID=FILE")),
    }
}

/// `cowsim import`: reads every file, then writes the scenario, or says
/// what was wrong and writes nothing.
fn import(
    files: &[PathBuf],
    output: Option<&std::path::Path>,
    options: &cowsim::import::Options,
) -> ExitCode {
    let mut inputs = Vec::new();
    for path in files {
        match std::fs::read(path) {
            Ok(text) => inputs.push(cowsim::import::Input {
                name: path.display().to_string(),
                text,
            }),
            Err(e) => {
                eprintln!("error: can't read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    let scenario = match cowsim::import::import(&inputs, options) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match output {
        None => {
            say!("{scenario}");
            ExitCode::SUCCESS
        }
        Some(path) => {
            let bytes = scenario.into_bytes();
            match refused(Some(path), "", |p| {
                cowsim::report::csv::write_all(&[(p.to_path_buf(), bytes)])
            }) {
                Some(code) => code,
                None => {
                    eprintln!("wrote {}", path.display());
                    ExitCode::SUCCESS
                }
            }
        }
    }
}

/// Writes `what` with `write` if a path was asked for; the exit status
/// (2) if it could not be written, having said why (`can't write` +
/// `what` + the path).
fn refused(
    path: Option<&std::path::Path>,
    what: &str,
    write: impl FnOnce(&std::path::Path) -> std::io::Result<()>,
) -> Option<ExitCode> {
    let path = path?;
    let e = write(path).err()?;
    eprintln!("error: can't write {what}{}: {e}", path.display());
    Some(ExitCode::from(2))
}

/// Writes a run's bill as FOCUS to `path`; the exit status (2) if it
/// could not be written, having said why.
fn focus_refused(
    scenario: &Scenario,
    finished: &Finished,
    path: &std::path::Path,
    forecast_run: Option<&str>,
) -> Option<ExitCode> {
    let ledger = finished.ledger.as_ref()?;
    let export = focus::Export {
        report: &finished.report,
        cloud: &finished.cloud,
        ledger,
        pricing: &scenario.pricing,
        forecast_run,
    };
    refused(Some(path), "the FOCUS export to ", |p| {
        focus::write(&export, p)
    })
}
