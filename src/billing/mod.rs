//! Money over simulated time: prices, and the hourly meter that charges
//! every billed cluster its share of storage (docs/model.md, "Billing policies").

mod hour;
pub mod ledger;
pub mod meter;
pub mod metrics;
pub mod pricing;

pub use meter::{AccountCharges, ClusterCharges, Meter};
pub use pricing::Pricing;
