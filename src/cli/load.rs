//! Scenario files, read and checked before anything runs.

use std::process::ExitCode;

use cowsim::scenario::Scenario;

use super::exit;

/// Reads and checks a scenario file; on refusal, says why and gives the
/// exit status (2).
pub fn load(file: &str) -> Result<Scenario, ExitCode> {
    load_text(file).map(|(scenario, _)| scenario)
}

/// A scenario and the bytes of its file.
pub fn load_text(file: &str) -> Result<(Scenario, Vec<u8>), ExitCode> {
    let bytes = std::fs::read(file).map_err(|e| {
        eprintln!("error: can't read {file}: {e}");
        exit::refused()
    })?;
    let scenario = Scenario::parse_bytes(file, &bytes).map_err(|d| {
        eprintln!("{d}");
        exit::refused()
    })?;
    Ok((scenario, bytes))
}
