//! The files a run writes beside its output: CSV, HTML and the FOCUS bill.

use std::path::{Path, PathBuf};

use cowsim::billing::ledger::Granularity;
use cowsim::scenario::{Finished, Scenario};

use super::error::CliError;
use super::output::{check_writable, write_file};
use super::render::focus;

/// The bill and the page, as `run` and `forecast` write them (a
/// forecast's FOCUS export is its median run's).
#[derive(clap::Args, Default)]
pub struct Files {
    /// Also write the bill as FOCUS 1.0 CSV (the FinOps Foundation's
    /// billing format) to this file; a forecast's is its median run's.
    #[arg(long, value_name = "OUT.csv")]
    pub focus: Option<PathBuf>,
    /// The period of each FOCUS row: day or hour.
    #[arg(long, value_name = "day|hour", default_value = "day")]
    pub focus_granularity: Granularity,
    /// Also write the report (or forecast) as one self-contained HTML page.
    #[arg(long, value_name = "OUT.html")]
    pub html: Option<PathBuf>,
}

/// The files a run writes beside its output.
#[derive(Default)]
pub struct Exports {
    pub csv: Option<PathBuf>,
    pub files: Files,
    /// Which run of a forecast this is, for the FOCUS export.
    pub forecast_run: Option<String>,
}

impl Files {
    /// Fails now if the page or the FOCUS bill couldn't be written.
    pub fn check(&self) -> Result<(), CliError> {
        check_writable(self.html.as_deref(), "", false)?;
        check_writable(self.focus.as_deref(), "the FOCUS export to ", false)
    }
}

impl Exports {
    /// Fails now, before the run, if a file asked for couldn't be
    /// written after it.
    pub fn check(&self) -> Result<(), CliError> {
        check_writable(self.csv.as_deref(), "CSV files to ", true)?;
        self.files.check()
    }
}

/// Writes a run's bill as FOCUS to `path` (if it was metered for it).
pub fn write_focus(
    scenario: &Scenario,
    finished: &Finished,
    path: &Path,
    forecast_run: Option<&str>,
) -> Result<(), CliError> {
    let Some(ledger) = finished.ledger.as_ref() else {
        return Ok(());
    };
    let export = focus::Export {
        report: &finished.report,
        cloud: &finished.cloud,
        ledger,
        pricing: &scenario.pricing,
        forecast_run,
    };
    write_file(Some(path), "the FOCUS export to ", |p| {
        focus::write(&export, p)
    })
}
