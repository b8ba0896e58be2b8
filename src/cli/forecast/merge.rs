//! `cowsim forecast merge`: the parts' forecast, or why they don't merge.

use std::path::PathBuf;
use std::process::ExitCode;

use cowsim::forecast::shard;

use crate::cli::error::CliError;
use crate::cli::output::{print_json, say, write_file};
use crate::cli::render::{csv, html};

#[derive(clap::Args)]
pub struct Args {
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
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let parts = args
        .parts
        .iter()
        .map(|p| shard::Part::read(p).map(|part| (p.clone(), part)))
        .collect::<Result<Vec<(PathBuf, shard::Part)>, shard::MergeError>>()?;
    let f = shard::merge(&parts)?;
    write_file(args.csv.as_deref(), "CSV files to ", |dir| {
        csv::write_forecast(&f, dir)
    })?;
    write_file(args.html.as_deref(), "", |p| {
        html::write(p, &html::forecast_page(&f))
    })?;
    if args.json {
        print_json(&f)?;
    } else {
        say!("{}", crate::cli::render::forecast::render_text(&f));
    }
    Ok(crate::cli::exit::forecast(&f))
}
