//! Scenario files, read and checked before anything runs.

use cowsim::scenario::Scenario;

use super::error::CliError;

/// Reads and checks a scenario file.
pub fn load(file: &str) -> Result<Scenario, CliError> {
    load_text(file).map(|(scenario, _)| scenario)
}

/// A scenario and the bytes of its file.
pub fn load_text(file: &str) -> Result<(Scenario, Vec<u8>), CliError> {
    let bytes = std::fs::read(file).map_err(|source| CliError::Read {
        path: file.to_string(),
        source,
    })?;
    let scenario = Scenario::parse_bytes(file, &bytes).map_err(CliError::Scenario)?;
    Ok((scenario, bytes))
}
