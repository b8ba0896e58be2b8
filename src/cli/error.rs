//! Why a subcommand stopped: every failure the command line reports, with
//! its exit status (1: the simulator itself failed; 2: the input was
//! refused). `main` prints `error: ` and the message on stderr.

use std::path::PathBuf;
use std::process::ExitCode;

use cowsim::bench::plot::DrawError;
use cowsim::forecast::shard::{MergeError, ShardError};
use cowsim::import::ImportError;
use cowsim::scenario::Diagnostic;
use cowsim::serve::StartError;
use cowsim::time::SimTime;
use thiserror::Error;

/// A refused input or a failed step of a subcommand.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum CliError {
    /// A file named on the command line could not be read.
    #[error("can't read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// A scenario the parser refused; the diagnostic shows where.
    #[error("{}", without_prefix(.0))]
    Scenario(Diagnostic),
    /// `--at STEP` past the scenario's last step.
    #[error("--at {at}: past the end: the scenario has {steps} steps, 0 to {}", steps.saturating_sub(1))]
    AtPastLastStep { at: String, steps: usize },
    /// `--at` that is neither a step nor a time.
    #[error("--at {at}: expected a step number or a time such as 2026-01-01T06:00:00Z")]
    AtNotStepOrTime { at: String },
    /// `--at TIME` before the run starts.
    #[error("--at {at}: before the start of the run, {start}")]
    AtBeforeStart { at: String, start: SimTime },
    /// `--at TIME` after the run ends.
    #[error("--at {at}: past the end of the run, {end}")]
    AtPastEnd { at: String, end: SimTime },
    /// `--cluster` names no cluster of the run (`known`: those it has).
    #[error("--cluster {name}: no such cluster in the run; it has {known}")]
    NoSuchCluster { name: String, known: String },
    /// An output file or folder could not be written; `what` says what
    /// it is (`CSV files to `, `the FOCUS export to `, or nothing).
    #[error("can't write {what}{}: {source}", path.display())]
    Write {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A forecast whose horizon would have the scenario's workloads draw
    /// more pages than a run may.
    #[error("--months {months}: {message}")]
    WorkloadBudget { months: u32, message: String },
    /// An output file that exists, without `--force` to overwrite it.
    #[error("{} exists: pass --force to overwrite it", path.display())]
    Exists { path: PathBuf },
    /// A value that is not a fraction in (0, 1].
    #[error("`{0}`: expected a fraction in (0, 1], such as 1/64 or 0.1")]
    NotAFraction(String),
    /// A clock speed that is not a number of 0 or more.
    #[error("`{0}`: expected simulated seconds per second, 0 or more")]
    NotASpeed(String),
    /// `--key-policy` that is not `KEYID=FILE`.
    #[error("`{0}`: expected KEYID=FILE")]
    NotKeyPolicy(String),
    /// The shard from the array job's environment.
    #[error(transparent)]
    Shard(#[from] ShardError),
    /// A shard's part not written, or parts that don't merge.
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// Files `cowsim import` could not make a scenario of.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// `cowsim serve` could not start.
    #[error(transparent)]
    Serve(#[from] StartError),
    /// A benchmark's plot could not be drawn.
    #[error("can't draw {}: {source}", path.display())]
    Draw { path: PathBuf, source: DrawError },
    /// A benchmark could not measure (the benchmark's own message).
    #[error("{0}")]
    Bench(String),
    /// Figures or a report that could not be rendered as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// The exit status: 1 when the simulator itself failed, 2 when the
    /// input was refused.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Bench(_) | CliError::Json(_) => ExitCode::FAILURE,
            _ => ExitCode::from(2),
        }
    }
}

/// A subcommand's exit status: its own, or its error's having said why on
/// stderr.
pub fn exit_status(outcome: Result<ExitCode, CliError>) -> ExitCode {
    outcome.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        e.exit_code()
    })
}

/// A diagnostic's text without the `error: ` it starts with, which
/// [`exit_status`] writes for every error alike.
fn without_prefix(d: &Diagnostic) -> String {
    let text = d.to_string();
    match text.strip_prefix("error: ") {
        Some(rest) => rest.to_string(),
        None => text,
    }
}
