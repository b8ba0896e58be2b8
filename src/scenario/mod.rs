//! Scenario files: parsing with positions, and running them.

pub mod diag;
pub mod expect;
pub mod fields;
pub mod format;
mod requests;
pub mod run;
mod start_check;
pub mod step_text;
mod step_values;
pub mod steps;
pub mod workload_budget;
pub mod writes;

pub use diag::Diagnostic;
pub use format::Scenario;
pub use run::{Finished, Moment, Options, Runner, Stop};

/// The scenario `cowsim demo` runs, compiled into the binary.
pub const DEMO: &str = include_str!("../../scenarios/demo.toml");
