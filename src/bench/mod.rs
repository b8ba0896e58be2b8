//! Benchmarks a user runs with `cowsim bench`: figures measured side by side
//! in one run and reported as ratios and rates, because absolute times on
//! shared machines drift.

pub mod clone_vs_restore;
pub mod engine;
pub mod forecast;
pub mod memory;
pub mod plot;
