//! Money over simulated time: prices, and the hourly meter that charges
//! every billed cluster its share of storage (SPEC section 3).

pub mod meter;
pub mod pricing;

pub use meter::{AccountCharges, ClusterCharges, Meter};
pub use pricing::Pricing;
