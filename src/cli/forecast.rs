//! `cowsim forecast`: a scenario run many times with independent seeds, in
//! parallel, and the spread of its costs; one run of it replayed; one
//! shard of its runs; or, with `merge`, the shards' parts combined.

mod merge;
mod shard;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use cowsim::engine::BillingPolicy;
use cowsim::forecast::{self, Accuracy, Config, Deal};
use cowsim::scenario::{Options, Runner, Scenario, workload_budget};
use cowsim::time::HOUR;

use super::args::parse_fraction;
use super::error::CliError;
use super::exports::{Exports, Files, write_focus};
use super::load::load_text;
use super::output::{check_writable, print_json, say, write_file};
use super::render::{csv, html};
use super::run::run_scenario;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    merge: Option<Parts>,
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
    /// Override the billing policy: aurora, shared-equal or family-equal
    /// (each account's share changes; the fleet's total does not).
    #[arg(long)]
    policy: Option<BillingPolicy>,
    /// Replay only the run of this seed, exactly as the forecast ran it
    /// (its rate draws, its sampled pages, its horizon), and print its
    /// step log and tables as `cowsim run` does.
    #[arg(long, value_name = "SEED")]
    only_run: Option<u64>,
    /// Run only shard K of S (from 0): the runs dealt to it by index,
    /// each with the seed it has in the whole forecast, written to a
    /// part file for `cowsim forecast merge`. Without it, an array
    /// job's environment names the shard (Kubernetes, AWS Batch, Slurm).
    #[arg(long, value_name = "K/S", value_parser = forecast::shard::parse_shard)]
    shard: Option<Deal>,
    /// How many shards, where the scheduler doesn't say (a Kubernetes
    /// Indexed Job's completions).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    shards: Option<u32>,
    /// Where a shard writes its part (default: part-K.json).
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
enum Parts {
    /// Combine the parts of a sharded forecast into exactly the forecast
    /// one machine would have made.
    Merge(merge::Args),
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    if let Some(Parts::Merge(merge)) = args.merge {
        return merge::run(merge);
    }
    let file = args.file.unwrap_or_default();
    let (scenario, text) = load_text(&file)?;
    let accuracy = match (args.exact, args.sample) {
        (true, _) => Accuracy::Exact,
        (false, Some(rate)) => Accuracy::Sampled(rate),
        (false, None) => Accuracy::auto(&scenario),
    };
    let config = Config {
        runs: args.runs,
        months: args.months,
        seed: args.seed.unwrap_or(scenario.seed),
        accuracy,
        no_expect: args.no_expect,
        policy: args.policy.unwrap_or(scenario.policy),
    };
    if let Some(months) = config.months {
        let horizon = scenario.start.plus(i64::from(months) * 730 * HOUR);
        let sampled = match accuracy {
            Accuracy::Exact => 1.0,
            Accuracy::Sampled(rate) => rate,
        };
        if let Some(over) =
            workload_budget::over_budget(&scenario.steps, scenario.start, Some(horizon), sampled)
        {
            return Err(CliError::WorkloadBudget {
                months,
                message: over.message(),
            });
        }
    }
    if let Some(seed) = args.only_run {
        if !args.json {
            eprintln!("the forecast's run of seed {seed}, accuracy {accuracy}");
        }
        let exports = Exports {
            csv: args.csv,
            files: args.files,
            forecast_run: Some(format!("seed {seed}")),
        };
        return run_scenario(
            &scenario,
            args.json,
            &exports,
            config.run_options(&scenario, seed),
        );
    }
    let deal = match args.shard {
        Some(deal) => Some(deal),
        None => forecast::shard::from_env(|v| std::env::var(v).ok(), args.shards)?.map(
            |(deal, scheduler)| {
                eprintln!(
                    "shard {} of {}, from the {scheduler:?} array job's environment",
                    deal.shard, deal.shards
                );
                deal
            },
        ),
    };
    if let Some(deal) = deal {
        let out = args
            .out
            .unwrap_or_else(|| PathBuf::from(format!("part-{}.json", deal.shard)));
        return shard::run(&scenario, &text, config, deal, &out);
    }
    whole(&scenario, config, args.json, args.csv, &args.files)
}

/// Every run on this machine, with a bar on a terminal; then the files
/// asked for, then the forecast.
fn whole(
    scenario: &Scenario,
    config: Config,
    json: bool,
    csv_dir: Option<PathBuf>,
    files: &Files,
) -> Result<ExitCode, CliError> {
    check_writable(csv_dir.as_deref(), "CSV files to ", true)?;
    files.check()?;
    let bar = indicatif::ProgressBar::new(u64::from(config.runs));
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let result = forecast::forecast(scenario, config, || bar.inc(1));
    bar.finish_and_clear();
    write_file(csv_dir.as_deref(), "CSV files to ", |dir| {
        csv::write_forecast(&result, dir)
    })?;
    write_file(files.html.as_deref(), "", |p| {
        html::write(p, &html::forecast_page(&result))
    })?;
    if let Some(path) = &files.focus {
        let seed = result.p50_run_seed;
        let options = Options {
            ledger: Some(files.focus_granularity),
            ..config.run_options(scenario, seed)
        };
        let finished = Runner::new(scenario, options).finish(|_| {});
        let label = format!("P50 of {} runs: seed {seed}", config.runs);
        write_focus(scenario, &finished, path, Some(&label))?;
    }
    if json {
        print_json(&result)?;
    } else {
        say!("{}", super::render::forecast::render_text(&result));
    }
    Ok(super::exit::forecast(&result))
}
