//! Responses of the simulator's own calls, which AWS doesn't have.

use serde::Serialize;

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
