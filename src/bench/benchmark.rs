//! What every `cowsim bench` has in common, so that the command line runs
//! them all the same way: announce each measurement as it starts, then
//! print the figures as text beside their targets or as JSON.

use serde::Serialize;

/// How much a timed benchmark measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extent {
    /// The sizes its targets name.
    Full,
    /// A smaller run of seconds, for CI and the README (`--quick`).
    Quick,
}

/// The sizes of a benchmark that runs at either extent.
pub trait Scaled: Sized {
    /// The sizes the targets name.
    const FULL: Self;
    /// A smaller run.
    const QUICK: Self;

    /// The sizes of a run at `extent`.
    fn at(extent: Extent) -> Self {
        match extent {
            Extent::Full => Self::FULL,
            Extent::Quick => Self::QUICK,
        }
    }
}

/// A benchmark, set up to run: its sizes and anything else it needs.
pub trait Benchmark {
    /// What it measures; the JSON output is these, serialized.
    type Figures: Serialize;
    /// Why it could not measure (a server that would not start, say).
    type Error: std::fmt::Display;

    /// How many measurements `measure` announces (at most), for a progress
    /// bar.
    fn measurements(&self) -> u64;

    /// Measures every figure; `progress` is told the name of each
    /// measurement as it starts.
    fn measure(&self, progress: impl FnMut(&str)) -> Result<Self::Figures, Self::Error>;

    /// The figures as text, each beside its target.
    fn render_text(figures: &Self::Figures) -> String;

    /// The figures as pretty-printed JSON.
    fn render_json(figures: &Self::Figures) -> serde_json::Result<String> {
        serde_json::to_string_pretty(figures)
    }
}
