//! `cowsim demo`: the bundled story, run as `cowsim run` runs a file.

use std::process::ExitCode;

use cowsim::scenario::{DEMO, Options, Scenario};

use super::error::CliError;
use super::exports::{Exports, Files};
use super::run::run_scenario;

#[derive(clap::Args)]
pub struct Args {
    /// Print the report as JSON instead.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    files: Files,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let scenario = Scenario::parse("demo.toml (bundled)", DEMO).map_err(CliError::Scenario)?;
    run_scenario(
        &scenario,
        args.json,
        &Exports {
            files: args.files,
            ..Exports::default()
        },
        Options::default(),
    )
}
