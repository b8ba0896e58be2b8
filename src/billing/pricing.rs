//! Prices (us-east-1 defaults from docs/aws-behaviour.md, "Numbers"), all overridable in a
//! scenario's `[pricing]` table.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::cloud::instance_classes::InstanceClass;
use crate::cloud::rds::{DbEngine, StorageType};

/// Hours in a billing month (docs/model.md, "Billing policies").
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Storage, I/O, backup and DB instance prices.
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
    /// Aurora Serverless v2 on Aurora Standard, USD per ACU-hour.
    pub acu_hour: f64,
    /// Aurora Serverless v2 on I/O-Optimized, USD per ACU-hour.
    pub iopt_acu_hour: f64,
    /// What I/O-Optimized adds to a provisioned instance's hourly price,
    /// as a fraction of it (0.3: 30% more).
    pub iopt_instance_uplift: f64,
    /// Per-class prices on Aurora Standard, USD per instance-hour, that
    /// replace the table's (`[pricing.instances]`), for both engines.
    pub instances: BTreeMap<InstanceClass, f64>,
}

impl Default for Pricing {
    fn default() -> Self {
        Pricing {
            storage_gb_month: 0.10,
            io_per_million: 0.20,
            iopt_storage_gb_month: 0.225,
            backup_gb_month: 0.021,
            acu_hour: 0.12,
            iopt_acu_hour: 0.16,
            iopt_instance_uplift: 0.30,
            instances: BTreeMap::new(),
        }
    }
}

impl Pricing {
    /// The names `[pricing]` accepts, with a mutable reference to each.
    pub fn fields_mut(&mut self) -> [(&'static str, &mut f64); 7] {
        [
            ("storage-gb-month", &mut self.storage_gb_month),
            ("io-per-million", &mut self.io_per_million),
            ("iopt-storage-gb-month", &mut self.iopt_storage_gb_month),
            ("backup-gb-month", &mut self.backup_gb_month),
            ("acu-hour", &mut self.acu_hour),
            ("iopt-acu-hour", &mut self.iopt_acu_hour),
            ("iopt-instance-uplift", &mut self.iopt_instance_uplift),
        ]
    }

    /// USD per hour of a provisioned instance of `class` in a cluster of
    /// `engine` and `storage`; for `db.serverless`, per ACU-hour. `None`
    /// when the engine doesn't offer the class and no override prices it.
    pub fn instance_hour(
        &self,
        class: InstanceClass,
        engine: DbEngine,
        storage: StorageType,
    ) -> Option<f64> {
        if class.is_serverless() {
            return Some(match storage {
                StorageType::Standard => self.acu_hour,
                StorageType::IoOptimized => self.iopt_acu_hour,
            });
        }
        let standard = self
            .instances
            .get(&class)
            .copied()
            .or_else(|| class.list_price(engine))?;
        Some(match storage {
            StorageType::Standard => standard,
            StorageType::IoOptimized => standard * (1.0 + self.iopt_instance_uplift),
        })
    }
}
