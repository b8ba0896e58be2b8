//! The subcommands, one module each with its arguments and its `run`, and
//! what they share: reading scenarios, writing output and files, errors
//! and exit statuses.

pub mod bench;
pub mod demo;
pub mod error;
pub mod explain;
pub mod forecast;
pub mod import;
pub mod run;
pub mod serve;
pub mod tree;

mod args;
mod at;
mod exit;
mod exports;
mod load;
mod output;
mod progress;
mod render;
