//! `cowsim tree`: the clone tree after a step, at a time, or at the end.

use std::process::ExitCode;

use super::at::run_until;
use super::error::CliError;
use super::load::load;
use super::output::say;
use super::render::tree;

#[derive(clap::Args)]
pub struct Args {
    /// The scenario (TOML).
    file: String,
    /// The state after step N (from 0), or at a time
    /// (2026-01-01T06:00:00Z); default: at the end of the run.
    #[arg(long, value_name = "STEP|TIME")]
    at: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let scenario = load(&args.file)?;
    let (report, cloud) = run_until(&scenario, args.at.as_deref(), None)?;
    say!("{}", tree::render(&cloud, &report));
    Ok(ExitCode::SUCCESS)
}
