//! Each cluster's CloudWatch metrics at every metered hour, under
//! CloudWatch's names (namespace `AWS/RDS`, dimension
//! `DBClusterIdentifier`), kept small enough for a year of a fleet
//! (docs/report-format.md, "metrics"):
//!
//! - hours in a row with the same figures are one point, which says how
//!   many hours it stands for;
//! - past [`HOURLY_LIMIT`] metered hours, a run's series are given per
//!   day instead: each day's average of the byte figures and sum of the
//!   write I/Os, as `GetMetricStatistics` gives them with a period of a
//!   day (`Average`, `Sum`). Days in a row with the same figures are one
//!   point too.
//!
//! So a steady cluster costs a point or two whatever the run's length, and
//! a year of one that changes every hour costs 365 points, not 8,760.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::cloud::ClusterId;
use crate::time::{HOUR, SimTime};

/// Metered hours up to which series are kept per hour: 31 days.
pub const HOURLY_LIMIT: u64 = 31 * 24;

/// One cluster's figures over a period: bytes as CloudWatch's `Average`,
/// write I/Os as its `Sum`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    #[serde(rename = "VolumeBytesUsed")]
    pub volume_bytes_used: f64,
    /// Write I/Os in 4 KiB units, as Aurora bills them.
    #[serde(rename = "VolumeWriteIOPs")]
    pub volume_write_iops: u64,
    #[serde(rename = "BackupRetentionPeriodStorageUsed")]
    pub backup_retention_period_storage_used: f64,
    #[serde(rename = "SnapshotStorageUsed")]
    pub snapshot_storage_used: f64,
    #[serde(rename = "TotalBackupStorageBilled")]
    pub total_backup_storage_billed: f64,
}

/// Figures that held over consecutive periods from `from`, `hours` long
/// in all.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct MetricPoint {
    pub from: SimTime,
    pub hours: u64,
    #[serde(flatten)]
    pub figures: Figures,
}

/// Series per cluster, per hour and per day.
#[derive(Clone, Debug, Default)]
pub struct Metrics {
    hourly: BTreeMap<ClusterId, Vec<MetricPoint>>,
    daily: BTreeMap<ClusterId, Vec<MetricPoint>>,
    /// The day being added up, per cluster: its start, hours and sums.
    day: BTreeMap<ClusterId, (SimTime, u64, Sums)>,
    hours: u64,
}

/// A day's figures added up.
#[derive(Clone, Copy, Debug, Default)]
struct Sums {
    volume: f64,
    iops: u64,
    retention: f64,
    snapshots: f64,
    billed: f64,
}

impl Metrics {
    /// Adds the hour that ends at `end` (`day_start`: the start of its
    /// day, counted from the scenario's start) for `cluster`.
    pub fn add(&mut self, cluster: ClusterId, end: SimTime, day_start: SimTime, f: Figures) {
        let from = end.plus(-HOUR);
        if self.hours <= HOURLY_LIMIT {
            push(self.hourly.entry(cluster).or_default(), from, 1, f);
        }
        let day = self
            .day
            .entry(cluster)
            .or_insert((day_start, 0, Sums::default()));
        if day.0 != day_start {
            let (start, hours, sums) = *day;
            push(
                self.daily.entry(cluster).or_default(),
                start,
                hours,
                sums.average(hours),
            );
            *day = (day_start, 0, Sums::default());
        }
        day.1 += 1;
        day.2.add(&f);
    }

    /// Records that an hour was metered (whether or not any cluster was
    /// billed in it).
    pub fn hour_done(&mut self) {
        self.hours += 1;
        if self.hours > HOURLY_LIMIT {
            self.hourly.clear();
        }
    }

    /// Every cluster's series: per hour if the run metered at most
    /// [`HOURLY_LIMIT`] hours, else per day.
    pub fn series(&self) -> BTreeMap<ClusterId, Vec<MetricPoint>> {
        self.clusters()
            .into_iter()
            .map(|c| (c, self.series_of(c)))
            .collect()
    }

    /// The clusters [`Metrics::series`] has a series for.
    pub fn clusters(&self) -> BTreeSet<ClusterId> {
        if self.hours <= HOURLY_LIMIT {
            return self.hourly.keys().copied().collect();
        }
        self.daily.keys().chain(self.day.keys()).copied().collect()
    }

    /// One cluster's series, as [`Metrics::series`] gives it; without
    /// copying the others' (CloudWatch's endpoint asks for one at a time).
    pub fn series_of(&self, cluster: ClusterId) -> Vec<MetricPoint> {
        if self.hours <= HOURLY_LIMIT {
            return self.hourly.get(&cluster).cloned().unwrap_or_default();
        }
        let mut points = self.daily.get(&cluster).cloned().unwrap_or_default();
        if let Some(&(start, hours, sums)) = self.day.get(&cluster) {
            push(&mut points, start, hours, sums.average(hours));
        }
        points
    }

    /// `cluster`'s last point of [`Metrics::series`] as it stands: its
    /// last metered hour's figures, or past [`HOURLY_LIMIT`] its last
    /// day's so far; `None` before its first metered hour.
    pub fn latest(&self, cluster: ClusterId) -> Option<Figures> {
        if self.hours <= HOURLY_LIMIT {
            return self
                .hourly
                .get(&cluster)
                .and_then(|points| points.last())
                .map(|p| p.figures);
        }
        self.day
            .get(&cluster)
            .map(|&(_, hours, sums)| sums.average(hours))
    }

    /// How long a point of [`Metrics::series`] lasts at least: an hour or
    /// a day.
    pub fn period(&self) -> &'static str {
        if self.hours <= HOURLY_LIMIT {
            "hour"
        } else {
            "day"
        }
    }
}

impl Sums {
    fn add(&mut self, f: &Figures) {
        self.volume += f.volume_bytes_used;
        self.iops += f.volume_write_iops;
        self.retention += f.backup_retention_period_storage_used;
        self.snapshots += f.snapshot_storage_used;
        self.billed += f.total_backup_storage_billed;
    }

    fn average(&self, hours: u64) -> Figures {
        let n = hours.max(1) as f64;
        Figures {
            volume_bytes_used: self.volume / n,
            volume_write_iops: self.iops,
            backup_retention_period_storage_used: self.retention / n,
            snapshot_storage_used: self.snapshots / n,
            total_backup_storage_billed: self.billed / n,
        }
    }
}

/// Appends a period of `hours` from `from`, merged into the last point
/// when it follows it with the same figures and the same length per
/// period.
fn push(points: &mut Vec<MetricPoint>, from: SimTime, hours: u64, figures: Figures) {
    if let Some(last) = points.last_mut()
        && last.figures == figures
        && last.from.plus(last.hours as i64 * HOUR) == from
        && (hours == 1 || last.hours.is_multiple_of(hours))
    {
        last.hours += hours;
        return;
    }
    points.push(MetricPoint {
        from,
        hours,
        figures,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(bytes: f64) -> Figures {
        Figures {
            volume_bytes_used: bytes,
            ..Figures::default()
        }
    }

    #[test]
    fn steady_hours_are_one_point() {
        let mut m = Metrics::default();
        let start = SimTime(0);
        for h in 1..=5 {
            let bytes = if h < 4 { 1.0 } else { 2.0 };
            m.add(ClusterId(0), start.plus(h * HOUR), start, figures(bytes));
            m.hour_done();
        }
        let s = &m.series()[&ClusterId(0)];
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].from, s[0].hours), (start, 3));
        assert_eq!((s[1].from, s[1].hours), (start.plus(3 * HOUR), 2));
    }

    #[test]
    fn a_long_run_is_given_per_day() {
        let mut m = Metrics::default();
        let start = SimTime(0);
        for h in 1..=(HOURLY_LIMIT as i64 + 24) {
            let day = start.plus((h - 1) / 24 * 24 * HOUR);
            m.add(ClusterId(0), start.plus(h * HOUR), day, figures(1.0));
            m.hour_done();
        }
        assert_eq!(m.period(), "day");
        let s = &m.series()[&ClusterId(0)];
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].hours, HOURLY_LIMIT + 24);
    }
}
