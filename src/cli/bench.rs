//! `cowsim bench`: measure the simulator itself. Every benchmark runs the
//! same way (see `cowsim::bench::Benchmark`); only `clone-vs-restore`'s
//! plot and `fleet --scenario` are their own.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use cowsim::bench::{
    Benchmark, Extent, Scaled, clone_vs_restore, engine, fleet, forecast, plot, report, serve,
};
use cowsim::workload::Rate;

use super::args::{Sizes, parse_sizes};
use super::error::CliError;
use super::output::{print_rendered, say};
use super::progress::bench_progress;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    which: Which,
}

#[derive(Subcommand)]
enum Which {
    /// The volume engine's speed and memory against its design targets.
    Engine(EngineArgs),
    /// Forecast speed and long metering runs against their targets.
    Forecast(ForecastArgs),
    /// The HTML report and explain on a 256 TiB source with 1,000 clones:
    /// the page's size, Chromium's time to open it, explain's time.
    Report(ReportArgs),
    /// A forecast of a fleet of cross-account clone families: cluster-hours
    /// a second, the write path against a roaring bitmap, idle metering,
    /// two threads against one, memory.
    Fleet(FleetArgs),
    /// `cowsim serve` over loopback: calls a second and latency of
    /// DescribeDBClusters and RestoreDBClusterToPointInTime.
    Serve(ServeArgs),
    /// Clone against snapshot restore and full copy: time until another
    /// account can query its copy, at every size, and what it costs.
    CloneVsRestore(CloneVsRestoreArgs),
}

#[derive(clap::Args)]
struct EngineArgs {
    /// A smaller run (about a second) instead of the sizes the targets name.
    #[arg(long)]
    quick: bool,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ForecastArgs {
    /// A smaller run (a month) instead of the sizes the targets name.
    #[arg(long)]
    quick: bool,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// A smaller family (50 clones of 1 TiB) instead.
    #[arg(long)]
    quick: bool,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// The browser to time.
    #[arg(long, value_name = "PATH", default_value = "/usr/bin/chromium")]
    chromium: PathBuf,
}

#[derive(clap::Args)]
struct FleetArgs {
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
}

/// Which of `bench fleet`'s scenarios to print.
#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum FleetScenario {
    /// The fleet with its workloads.
    Writes,
    /// The same fleet with nothing written.
    Idle,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Fewer calls (a few seconds) instead of the sizes the targets name.
    #[arg(long)]
    quick: bool,
    /// Another `cowsim` binary (a previous build) whose server is timed
    /// beside this one's under each `--fsync` mode, in the same run.
    #[arg(long, value_name = "COWSIM")]
    baseline: Option<PathBuf>,
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
struct CloneVsRestoreArgs {
    /// Source sizes, comma separated.
    #[arg(long, default_value = "1GiB,100GiB,2TiB,64TiB,256TiB", value_parser = parse_sizes)]
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
    svg: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    match args.which {
        Which::Engine(a) => measure_and_show(&engine::Scale::at(extent(a.quick)), a.json),
        Which::Forecast(a) => measure_and_show(&forecast::Scale::at(extent(a.quick)), a.json),
        Which::Report(a) => {
            let config = report::Config {
                scale: report::Scale::at(extent(a.quick)),
                chromium: a.chromium.is_file().then_some(a.chromium),
            };
            measure_and_show(&config, a.json)
        }
        Which::Fleet(a) => {
            let scale = fleet::Scale::at(extent(a.quick));
            match a.scenario {
                Some(which) => {
                    let writes = which == FleetScenario::Writes;
                    print!("{}", fleet::fleet_scenario(scale, writes));
                    Ok(ExitCode::SUCCESS)
                }
                None => measure_and_show(&scale, a.json),
            }
        }
        Which::Serve(a) => {
            let config = serve::Config {
                scale: serve::Scale::at(extent(a.quick)),
                baseline: a.baseline,
            };
            measure_and_show(&config, a.json)
        }
        Which::CloneVsRestore(a) => {
            let config = clone_vs_restore::Config {
                sizes: a.sizes.0,
                trials: a.trials,
                update_rate: a.update_rate,
                ..Default::default()
            };
            let figures = measure(&config, a.json)?;
            if let Some(path) = a.svg {
                plot::time_to_queryable(&figures, &path)
                    .map_err(|source| CliError::Draw { path, source })?;
            }
            show::<clone_vs_restore::Config>(&figures, a.json)
        }
    }
}

/// How much to measure, as `--quick` says.
fn extent(quick: bool) -> Extent {
    if quick { Extent::Quick } else { Extent::Full }
}

/// The whole of a benchmark without anything of its own to do between.
fn measure_and_show<B: Benchmark>(bench: &B, json: bool) -> Result<ExitCode, CliError> {
    let figures = measure(bench, json)?;
    show::<B>(&figures, json)
}

/// Measures, showing progress on stderr; the figures, or why it could not
/// measure.
fn measure<B: Benchmark>(bench: &B, json: bool) -> Result<B::Figures, CliError> {
    bench
        .measure(bench_progress(bench.measurements(), json))
        .map_err(|e| CliError::Bench(e.to_string()))
}

/// The figures as JSON or as text beside their targets.
fn show<B: Benchmark>(figures: &B::Figures, json: bool) -> Result<ExitCode, CliError> {
    if json {
        print_rendered(B::render_json(figures))?;
    } else {
        say!("{}", B::render_text(figures));
    }
    Ok(ExitCode::SUCCESS)
}
