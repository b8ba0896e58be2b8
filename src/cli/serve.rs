//! `cowsim serve`: exit 2 when it cannot start (a scenario or state file
//! it cannot read, an address it cannot listen on).

use std::path::PathBuf;
use std::process::ExitCode;

use cowsim::serve::Fsync;

use super::args::parse_speed;
use super::error::CliError;
use super::output::say;

#[derive(clap::Args)]
pub struct Args {
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
    /// An access key id whose signed requests act as the operator
    /// (besides unsigned requests from this machine): they may use every
    /// control route and act for any account.
    #[arg(long, value_name = "ACCESS_KEY_ID")]
    operator_key: Option<String>,
    /// When the state file's records reach the disk: always (before each
    /// answer), batch (group commit: before each answer, one flush for the
    /// calls written meanwhile) or never (the kernel's choice; a power
    /// failure may lose the last answered calls).
    #[arg(long, default_value = "batch", value_parser = |s: &str| s.parse::<Fsync>())]
    fsync: Fsync,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let scenario = match &args.scenario {
        Some(path) => {
            let name = path.display().to_string();
            match std::fs::read_to_string(path) {
                Ok(text) => Some((name, text)),
                Err(source) => return Err(CliError::Read { path: name, source }),
            }
        }
        None => None,
    };
    let options = cowsim::serve::Options {
        listen: args.listen,
        scenario,
        state: args.state,
        speed: args.speed,
        operator_key: args.operator_key,
        fsync: args.fsync,
    };
    let ready = |address: std::net::SocketAddr| {
        say!("cowsim serve: listening on http://{address} (AWS_ENDPOINT_URL=http://{address})\n");
    };
    cowsim::serve::serve(options, ready)?;
    Ok(ExitCode::SUCCESS)
}
