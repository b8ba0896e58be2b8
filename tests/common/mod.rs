//! Helpers shared by the integration tests. Each test target includes the
//! whole module and uses a part of it.
#![allow(dead_code)]

pub mod control_plane;
pub mod regressions;
pub mod report;
pub mod run;
pub mod scenario;
pub mod steps;

/// The control-plane helpers at the top, where the tests written against
/// the control plane find them; targets that only build scenarios don't use
/// them.
#[allow(unused_imports)]
pub use control_plane::*;
