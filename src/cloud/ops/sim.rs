//! Requests and responses of the simulator's own calls, which AWS doesn't have.

use serde::Serialize;

use crate::engine::PageSet;
use crate::names::named_enum;

named_enum! {
    /// The simulator's own operations, which AWS doesn't have.
    pub enum SimOp ("op") {
        Write = "write",
        Workload = "workload",
        Advance = "advance",
        Expect = "expect",
    }
}

/// `write`: what a write did.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WriteResult {
    /// Page writes the call stands for, repeats included.
    pub pages_written: u64,
    /// Distinct pages written.
    pub distinct_pages: u64,
    /// Write I/Os counted, in 4 KiB units.
    pub write_io_requests: u64,
}

/// The pages of a write to a cluster.
#[derive(Clone, Debug, PartialEq)]
pub enum WritePages {
    /// In the cluster's own page numbers.
    Own(PageSet),
    /// Under sampling, drawn in the sample below the cluster's extent and
    /// numbered there, as the engine stores them
    /// ([`crate::sampling::SampledBlocks::compact`]): a workload's uniform
    /// updates, which then make no round trip through the cluster's own
    /// numbers every hour.
    InSample(PageSet),
}

impl WritePages {
    /// How many distinct pages are written.
    pub fn distinct_pages(&self) -> u64 {
        match self {
            WritePages::Own(pages) | WritePages::InSample(pages) => pages.len(),
        }
    }
}
