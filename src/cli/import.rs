//! `cowsim import`: a scenario from the JSON the AWS CLI prints about a
//! fleet; it reads every file, then writes the scenario, or says what was
//! wrong and writes nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::{parse_fraction, parse_key_policy};
use super::error::CliError;
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
    /// Overwrite the --output file if it exists (without it, an existing
    /// file is refused and left as it is).
    #[arg(long)]
    force: bool,
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

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    if let Some(path) = &args.output
        && !args.force
        && path.exists()
    {
        return Err(CliError::Exists { path: path.clone() });
    }
    let options = cowsim::import::Options {
        sources: args.source,
        diverged: args.diverged,
        key_policies: args.key_policy,
    };
    let mut inputs = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let text = std::fs::read(path).map_err(|source| CliError::Read {
            path: name.clone(),
            source,
        })?;
        inputs.push(cowsim::import::Input { name, text });
    }
    let cowsim::import::Imported { scenario, notes } = cowsim::import::import(&inputs, &options)?;
    for note in notes {
        eprintln!("note: {note}");
    }
    match args.output {
        None => say!("{scenario}"),
        Some(path) => {
            let bytes = scenario.into_bytes();
            write_file(Some(&path), "", |p| {
                csv::write_all(&[(p.to_path_buf(), bytes)])
            })?;
            eprintln!("wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
