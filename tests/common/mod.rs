//! Helpers shared by the integration tests. Each test target includes the
//! whole module and uses a part of it.
#![allow(dead_code)]

pub mod control_plane;
pub mod report;
pub mod scenario;
pub mod steps;

pub use control_plane::*;
