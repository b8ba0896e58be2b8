//! Prices (us-east-1 defaults from docs/aws-behaviour.md, "Numbers"), all overridable in a
//! scenario's `[pricing]` table.

use serde::Serialize;

/// Hours in a billing month (docs/model.md, "Billing policies").
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Storage, I/O and backup prices.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Pricing {
    /// Aurora Standard storage, USD per GB-month (GB = 2^30 bytes).
    pub storage_gb_month: f64,
    /// Aurora Standard I/O, USD per million requests.
    pub io_per_million: f64,
    /// Aurora I/O-Optimized storage, USD per GB-month; no I/O charge.
    pub iopt_storage_gb_month: f64,
    /// Backup storage beyond the free allowance, USD per GB-month.
    pub backup_gb_month: f64,
}

impl Default for Pricing {
    fn default() -> Self {
        Pricing {
            storage_gb_month: 0.10,
            io_per_million: 0.20,
            iopt_storage_gb_month: 0.225,
            backup_gb_month: 0.021,
        }
    }
}

impl Pricing {
    /// The names `[pricing]` accepts, with a mutable reference to each.
    pub fn fields_mut(&mut self) -> [(&'static str, &mut f64); 4] {
        [
            ("storage-gb-month", &mut self.storage_gb_month),
            ("io-per-million", &mut self.io_per_million),
            ("iopt-storage-gb-month", &mut self.iopt_storage_gb_month),
            ("backup-gb-month", &mut self.backup_gb_month),
        ]
    }
}
