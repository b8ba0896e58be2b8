//! What a caller's CloudWatch holds: the metrics the meter keeps for each
//! cluster (docs/report-format.md, "metrics[]"), under namespace `AWS/RDS`
//! and dimension `DBClusterIdentifier`, for the caller's own clusters
//! only. Each metered period is one sample, timed at its start: an hour,
//! or a day once the run has metered more than 31 days.

use crate::billing::metrics::{Figures, MetricPoint, Metrics};
use crate::cloud::{AccountId, Cloud};
use crate::time::{DAY, HOUR, SimTime};

/// The namespace the metrics are in.
pub const NAMESPACE: &str = "AWS/RDS";

/// The dimension that names a cluster.
pub const DIMENSION: &str = "DBClusterIdentifier";

/// A metric the meter keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricName {
    VolumeBytesUsed,
    VolumeWriteIops,
    BackupRetentionPeriodStorageUsed,
    SnapshotStorageUsed,
    TotalBackupStorageBilled,
}

impl MetricName {
    pub const ALL: [MetricName; 5] = [
        MetricName::VolumeBytesUsed,
        MetricName::VolumeWriteIops,
        MetricName::BackupRetentionPeriodStorageUsed,
        MetricName::SnapshotStorageUsed,
        MetricName::TotalBackupStorageBilled,
    ];

    /// Its name in CloudWatch.
    pub fn name(self) -> &'static str {
        match self {
            MetricName::VolumeBytesUsed => "VolumeBytesUsed",
            MetricName::VolumeWriteIops => "VolumeWriteIOPs",
            MetricName::BackupRetentionPeriodStorageUsed => "BackupRetentionPeriodStorageUsed",
            MetricName::SnapshotStorageUsed => "SnapshotStorageUsed",
            MetricName::TotalBackupStorageBilled => "TotalBackupStorageBilled",
        }
    }

    pub fn parse(name: &str) -> Option<MetricName> {
        MetricName::ALL.into_iter().find(|m| m.name() == name)
    }

    /// Its unit, as CloudWatch gives it.
    pub fn unit(self) -> &'static str {
        match self {
            MetricName::VolumeWriteIops => "Count",
            _ => "Bytes",
        }
    }

    fn of(self, f: &Figures) -> f64 {
        match self {
            MetricName::VolumeBytesUsed => f.volume_bytes_used,
            MetricName::VolumeWriteIops => f.volume_write_iops as f64,
            MetricName::BackupRetentionPeriodStorageUsed => f.backup_retention_period_storage_used,
            MetricName::SnapshotStorageUsed => f.snapshot_storage_used,
            MetricName::TotalBackupStorageBilled => f.total_backup_storage_billed,
        }
    }
}

/// The metered series of `caller`'s clusters named `identifier` (one, or
/// several over time when a name was used again after a deletion), as
/// samples in `[start, end)`: (time, value).
pub fn samples(
    cloud: &Cloud,
    metrics: &Metrics,
    caller: AccountId,
    identifier: &str,
    metric: MetricName,
    (start, end): (SimTime, SimTime),
) -> Vec<(SimTime, f64)> {
    let mut out = Vec::new();
    for id in metrics.clusters() {
        let c = cloud.cluster(id);
        if c.account() != caller || c.identifier() != identifier {
            continue;
        }
        for point in metrics.series_of(id) {
            each_period(&point, step(metrics), |t| {
                if t >= start && t < end {
                    out.push((t, metric.of(&point.figures)));
                }
            });
        }
    }
    out.sort_by_key(|(t, _)| *t);
    out
}

/// The identifiers of `caller`'s clusters that have metrics, each once,
/// with the time of its newest sample's end.
pub fn clusters(cloud: &Cloud, metrics: &Metrics, caller: AccountId) -> Vec<(String, SimTime)> {
    let mut out: Vec<(String, SimTime)> = Vec::new();
    for id in metrics.clusters() {
        let c = cloud.cluster(id);
        if c.account() != caller {
            continue;
        }
        let newest = metrics
            .series_of(id)
            .last()
            .map_or(SimTime(i64::MIN), |p| p.from.plus(p.hours as i64 * HOUR));
        match out.iter_mut().find(|(name, _)| name == c.identifier()) {
            Some(seen) => seen.1 = seen.1.max(newest),
            None => out.push((c.identifier().to_string(), newest)),
        }
    }
    out.sort();
    out
}

/// Calls `f` with the start of each period a point stands for: each of
/// its hours, or of its days when the meter keeps days (`step`).
fn each_period(point: &MetricPoint, step: i64, mut f: impl FnMut(SimTime)) {
    let end = point.from.plus(point.hours as i64 * HOUR);
    let mut t = point.from;
    while t < end {
        f(t);
        t = t.plus(step);
    }
}

/// How long a sample of `metrics` lasts.
fn step(metrics: &Metrics) -> i64 {
    if metrics.period() == "day" { DAY } else { HOUR }
}
