//! `cowsim forecast --shard K/S`: one shard's runs, written to a part file.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use cowsim::forecast::{self, Config, Deal, shard::Part};
use cowsim::scenario::Scenario;

use crate::cli::error::CliError;

/// Runs one shard's runs and writes its part, logging each run on stderr
/// a line at a time, as a scheduler's log viewer shows them best.
pub fn run(
    scenario: &Scenario,
    text: &[u8],
    config: Config,
    deal: Deal,
    out: &Path,
) -> Result<ExitCode, CliError> {
    let mine = (0..config.runs).filter(|&i| deal.has(i)).count();
    let done = AtomicUsize::new(0);
    eprintln!(
        "shard {} of {}: {mine} of the {} runs, seeds {} + i for i = {} mod {}",
        deal.shard, deal.shards, config.runs, config.seed, deal.shard, deal.shards
    );
    let (runs, repeated) = forecast::run_dealt(scenario, config, deal, |i| {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        eprintln!(
            "shard {} of {}: run {i} (seed {}) done, {n} so far",
            deal.shard,
            deal.shards,
            config.seed + u64::from(i)
        );
    });
    let part = Part::new(
        text,
        forecast::Facts::of(scenario),
        config,
        deal,
        runs,
        repeated,
    );
    part.write(out)?;
    eprintln!(
        "shard {} of {}: wrote {}",
        deal.shard,
        deal.shards,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
