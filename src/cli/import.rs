//! `cowsim import`: a scenario from the JSON the AWS CLI prints about a
//! fleet; it reads every file, then writes the scenario, or says what was
//! wrong and writes nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::{parse_fraction, parse_key_policy};
use super::exit;
use super::output::{say, write_file};
use super::render::csv;

#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(args: Args) -> ExitCode {
    let options = cowsim::import::Options {
        sources: args.source,
        diverged: args.diverged,
        key_policies: args.key_policy,
    };
    let mut inputs = Vec::new();
    for path in &args.files {
        match std::fs::read(path) {
            Ok(text) => inputs.push(cowsim::import::Input {
                name: path.display().to_string(),
                text,
            }),
            Err(e) => {
                eprintln!("error: can't read {}: {e}", path.display());
                return exit::refused();
            }
        }
    }
    let scenario = match cowsim::import::import(&inputs, &options) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::refused();
        }
    };
    match args.output {
        None => {
            say!("{scenario}");
            ExitCode::SUCCESS
        }
        Some(path) => {
            let bytes = scenario.into_bytes();
            match write_file(Some(&path), "", |p| {
                csv::write_all(&[(p.to_path_buf(), bytes)])
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
