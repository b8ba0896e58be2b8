//! Parsers of argument values the library has no type for.

use cowsim::bench::clone_vs_restore::SizeError;

use super::error::CliError;

/// A fraction in (0, 1]: `0.25` or `1/64`.
pub fn parse_fraction(s: &str) -> Result<f64, CliError> {
    let value = match s.split_once('/') {
        Some((a, b)) => a
            .trim()
            .parse::<f64>()
            .ok()
            .zip(b.trim().parse::<f64>().ok())
            .map(|(a, b)| a / b),
        None => s.trim().parse::<f64>().ok(),
    };
    value
        .filter(|v| *v > 0.0 && *v <= 1.0)
        .ok_or_else(|| CliError::NotAFraction(s.to_string()))
}

/// A clock speed: simulated seconds per second, 0 or more.
pub fn parse_speed(s: &str) -> Result<f64, CliError> {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .ok_or_else(|| CliError::NotASpeed(s.to_string()))
}

/// `--key-policy KEYID=FILE`.
pub fn parse_key_policy(s: &str) -> Result<(String, String), CliError> {
    match s.split_once('=') {
        Some((key, file)) if !key.is_empty() && !file.is_empty() => {
            Ok((key.to_string(), file.to_string()))
        }
        _ => Err(CliError::NotKeyPolicy(s.to_string())),
    }
}

/// A comma-separated list of sizes, as one argument.
#[derive(Clone, Debug)]
pub struct Sizes(pub Vec<u64>);

/// `1GiB,100GiB,2TiB`; the error is the benchmark's own.
pub fn parse_sizes(s: &str) -> Result<Sizes, SizeError> {
    cowsim::bench::clone_vs_restore::parse_sizes(s).map(Sizes)
}
