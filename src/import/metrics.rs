//! Which cluster a CloudWatch series belongs to. `get-metric-data` answers
//! with the `Id` of each query and nothing else about it, so
//! `scripts/export-fleet.sh` writes ids that say all of it:
//! `METRIC_ACCOUNT_IDENTIFIER`, with the identifier's hyphens as
//! underscores (ids allow only letters, digits and `_`; cluster
//! identifiers never hold `_`). `bytes_111111111111_prod_db` is the
//! `VolumeBytesUsed` of cluster `prod-db` in account 111111111111.

use crate::cloud::AccountId;

/// The metrics import reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    /// `VolumeBytesUsed` (Average): the cluster volume's size.
    VolumeBytesUsed,
    /// `VolumeWriteIOPs` (Sum over each period): billed write I/Os.
    VolumeWriteIops,
    /// `WriteIOPS` (Average): write I/Os per second of an instance.
    WriteIops,
}

impl Metric {
    const PREFIXES: [(&'static str, Metric); 3] = [
        ("bytes", Metric::VolumeBytesUsed),
        ("writes", Metric::VolumeWriteIops),
        ("iops", Metric::WriteIops),
    ];

    /// The factor from one datapoint to write I/Os per hour, for
    /// datapoints `period` seconds apart.
    pub fn to_per_hour(self, period: f64) -> f64 {
        match self {
            Metric::VolumeBytesUsed => 1.0,
            Metric::VolumeWriteIops => 3600.0 / period,
            Metric::WriteIops => 3600.0,
        }
    }
}

/// A parsed metric id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricId {
    pub metric: Metric,
    pub account: AccountId,
    pub cluster: String,
}

impl MetricId {
    /// The metric, account and cluster `id` names; `None` if it is not
    /// of the form export-fleet.sh writes.
    pub fn parse(id: &str) -> Option<MetricId> {
        let mut parts = id.splitn(3, '_');
        let (Some(prefix), Some(account), Some(cluster)) =
            (parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let metric = Metric::PREFIXES
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, m)| *m)?;
        let account = account.parse::<AccountId>().ok()?;
        if cluster.is_empty() {
            return None;
        }
        Some(MetricId {
            metric,
            account,
            cluster: cluster.replace('_', "-"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_name_metric_account_and_cluster() {
        let id = MetricId::parse("bytes_111111111111_prod_db_2").unwrap();
        assert_eq!(id.metric, Metric::VolumeBytesUsed);
        assert_eq!(id.account.to_string(), "111111111111");
        assert_eq!(id.cluster, "prod-db-2");
        assert!(MetricId::parse("m1").is_none());
        assert!(MetricId::parse("bytes_12_prod").is_none());
        assert!(MetricId::parse("latency_111111111111_prod").is_none());
    }
}
