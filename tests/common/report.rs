//! The report types the tests read, imported here alone so that a move of
//! the library's report module changes one file of the tests. Each test
//! target uses some of them, so the others are unused there.
#![allow(unused_imports)]

pub use cowsim::report::explain::{Explanation, VersionOrigin, explain};
pub use cowsim::report::{ClusterRow, FamilyRow, Report, StepRecord, StepResult};
