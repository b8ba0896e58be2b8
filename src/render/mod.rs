//! The views of a run: every way the report (and a forecast) is shown to
//! a person or a tool. The data they show is `report/` (and `forecast/`);
//! a view only formats it, and nothing below this module imports one.
//!
//! One file per view: `text.rs` (the step log and tables), `html/` (the
//! self-contained page), `csv.rs` (files for spreadsheets), `focus.rs`
//! (the bill as FOCUS 1.0), `tree.rs` (the clone tree in the terminal),
//! `explain.rs` (why a cluster is billed what it is) and `forecast.rs`
//! (a forecast's tables).

pub mod csv;
pub mod explain;
pub mod focus;
pub mod forecast;
pub mod html;
pub mod text;
pub mod tree;
