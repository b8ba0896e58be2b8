//! The library's renderers the subcommands use, named in this one place so
//! that where they live in the library is said once.

pub use cowsim::render::{csv, explain, focus, forecast, html, text, tree};
