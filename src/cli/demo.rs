//! `cowsim demo`: the bundled story, run as `cowsim run` runs a file.

use std::process::ExitCode;

use cowsim::scenario::{DEMO, Options, Scenario};

use super::exit;
use super::exports::Exports;
use super::run::run_scenario;

#[derive(clap::Args)]
pub struct Args {
    /// Print the report as JSON instead.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> ExitCode {
    match Scenario::parse("demo.toml (bundled)", DEMO) {
        Ok(scenario) => run_scenario(
            &scenario,
            args.json,
            &Exports::default(),
            Options::default(),
        ),
        Err(d) => {
            eprintln!("{d}");
            exit::refused()
        }
    }
}
