//! `cowsim run`: a scenario's step log, then its clusters and costs.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use cowsim::engine::BillingPolicy;
use cowsim::scenario::{Options, Runner, Scenario};

use super::error::CliError;
use super::exit;
use super::exports::{Exports, Files, write_focus};
use super::load::load;
use super::output::{print_json, say, write_file};
use super::render::text::{Style, step_line, summary_tables};
use super::render::{csv, html};

#[derive(clap::Args)]
pub struct Args {
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
    /// Also write clusters.csv, accounts.csv, series.csv and metrics.csv
    /// to this folder (created if need be).
    #[arg(long, value_name = "DIR")]
    csv: Option<PathBuf>,
    #[command(flatten)]
    files: Files,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let scenario = load(&args.file)?;
    let exports = Exports {
        csv: args.csv,
        files: args.files,
        forecast_run: None,
    };
    let options = Options {
        seed: args.seed,
        policy: args.policy,
        no_expect: args.no_expect,
        ..Options::default()
    };
    run_scenario(&scenario, args.json, &exports, options)
}

/// Runs `scenario`, printing its step log as it goes and its tables at the
/// end (or the report as JSON), and writes the files asked for; exit
/// status 1 if an expectation failed.
pub fn run_scenario(
    scenario: &Scenario,
    json: bool,
    exports: &Exports,
    options: Options,
) -> Result<ExitCode, CliError> {
    exports.check()?;
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
    let mut recorder = html::frames::Recorder::default();
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
    write_file(exports.files.html.as_deref(), "", |p| {
        let page = html::run_page(scenario, &finished.report, &finished.cloud, &recorder);
        html::write(p, &page)
    })?;
    write_file(exports.csv.as_deref(), "CSV files to ", |dir| {
        csv::write_report(&finished.report, dir)
    })?;
    if let Some(path) = &exports.files.focus {
        write_focus(scenario, &finished, path, exports.forecast_run.as_deref())?;
    }
    let report = finished.report;
    let code = if report.ok {
        ExitCode::SUCCESS
    } else {
        exit::expectation_failed()
    };
    if json {
        print_json(&report)?;
    } else {
        say!("{}", summary_tables(&report, style));
    }
    Ok(code)
}
