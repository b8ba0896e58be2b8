//! Benchmarks a user runs with `cowsim bench`: figures measured side by side
//! in one run and reported as ratios and rates, because absolute times on
//! shared machines drift.

mod benchmark;
pub mod clone_vs_restore;
pub mod engine;
pub mod fleet;
pub mod forecast;
pub mod memory;
pub mod plot;
pub mod report;
pub mod serve;
pub mod serve_error;

pub use benchmark::{Benchmark, Extent, Scaled};

/// A table of figures beside their targets: name, measured value, target,
/// and whether it is met.
pub fn targets_table(rows: &[(&str, String, &str, bool)]) -> String {
    let mut out = format!(
        "{:<34} {:>14}  {:<12} met\n",
        "figure", "measured", "target"
    );
    for (name, value, target, met) in rows {
        out.push_str(&format!(
            "{name:<34} {value:>14}  {target:<12} {}\n",
            if *met { "yes" } else { "no" }
        ));
    }
    out
}
