//! The report and the forecast as CSV files for spreadsheets and pandas:
//! `clusters.csv`, `accounts.csv`, `series.csv` and `metrics.csv` (each
//! cluster's CloudWatch metrics, under CloudWatch's names) of a run, and
//! `percentiles.csv` of a forecast. Headers name the JSON report's fields
//! (docs/report-format.md); times are ISO 8601 (RFC 3339, UTC); quoting is
//! RFC 4180's, as the `csv` crate writes it.
//!
//! The files are written beside their final names and renamed into place
//! only when all of them were written, so a failure leaves no partial set.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::forecast::{Forecast, Spread};
use crate::report::Report;
use crate::time::SimTime;

/// One point of `series.csv`: an account's or a cluster's cumulative cost.
#[derive(Serialize)]
struct SeriesRow<'a> {
    at: SimTime,
    /// `account` or `cluster`.
    scope: &'static str,
    /// The account id, or the cluster's ARN.
    id: &'a str,
    cost_usd: f64,
    billed_bytes: f64,
}

/// One point of `metrics.csv`.
#[derive(Serialize)]
struct MetricRow<'a> {
    cluster: &'a str,
    #[serde(rename = "DBClusterIdentifier")]
    identifier: &'a str,
    period: &'static str,
    from: SimTime,
    hours: u64,
    #[serde(rename = "VolumeBytesUsed")]
    volume_bytes_used: f64,
    #[serde(rename = "VolumeWriteIOPs")]
    volume_write_iops: u64,
    #[serde(rename = "BackupRetentionPeriodStorageUsed")]
    backup_retention_period_storage_used: f64,
    #[serde(rename = "SnapshotStorageUsed")]
    snapshot_storage_used: f64,
    #[serde(rename = "TotalBackupStorageBilled")]
    total_backup_storage_billed: f64,
}

/// One line of `percentiles.csv`.
#[derive(Serialize)]
struct PercentileRow<'a> {
    /// `account` or `cluster`.
    scope: &'static str,
    id: &'a str,
    name: Option<&'a str>,
    /// The forecast's figure: `total_cost_usd`, `monthly_cost_usd`,
    /// `billed_gib`, `full_copy_total_cost_usd`, … or `cost_usd` of a
    /// calendar month.
    figure: &'static str,
    /// The calendar month (`2026-01`) of a `cost_usd` line.
    month: Option<&'a str>,
    p10: f64,
    p50: f64,
    p90: f64,
    mean: f64,
}

/// Writes `clusters.csv`, `accounts.csv`, `series.csv` and `metrics.csv`
/// of a run.
pub fn write_report(report: &Report, dir: &Path) -> std::io::Result<()> {
    let clusters = rows(&report.clusters)?;
    let accounts = rows(&report.accounts)?;
    let ids: Vec<String> = report
        .series
        .iter()
        .map(|p| p.account.to_string())
        .collect();
    let mut series: Vec<SeriesRow<'_>> = report
        .series
        .iter()
        .zip(&ids)
        .map(|(p, id)| SeriesRow {
            at: p.at,
            scope: "account",
            id,
            cost_usd: p.total_cost_usd,
            billed_bytes: p.billed_bytes,
        })
        .collect();
    series.extend(report.cluster_series.iter().map(|p| SeriesRow {
        at: p.at,
        scope: "cluster",
        id: &p.cluster,
        cost_usd: p.cost_usd,
        billed_bytes: p.billed_bytes,
    }));
    series.sort_by(|a, b| (a.at, a.scope, a.id).cmp(&(b.at, b.scope, b.id)));
    let series = rows(&series)?;
    let metrics: Vec<MetricRow<'_>> = report
        .metrics
        .iter()
        .flat_map(|m| {
            m.points.iter().map(|p| MetricRow {
                cluster: &m.cluster,
                identifier: &m.identifier,
                period: report.metrics_period,
                from: p.from,
                hours: p.hours,
                volume_bytes_used: p.figures.volume_bytes_used,
                volume_write_iops: p.figures.volume_write_iops,
                backup_retention_period_storage_used: p
                    .figures
                    .backup_retention_period_storage_used,
                snapshot_storage_used: p.figures.snapshot_storage_used,
                total_backup_storage_billed: p.figures.total_backup_storage_billed,
            })
        })
        .collect();
    let metrics = rows(&metrics)?;
    std::fs::create_dir_all(dir)?;
    write_all(&[
        (dir.join("clusters.csv"), clusters),
        (dir.join("accounts.csv"), accounts),
        (dir.join("series.csv"), series),
        (dir.join("metrics.csv"), metrics),
    ])
}

/// Writes `percentiles.csv` of a forecast.
pub fn write_forecast(forecast: &Forecast, dir: &Path) -> std::io::Result<()> {
    let mut lines: Vec<PercentileRow<'_>> = Vec::new();
    let ids: Vec<String> = forecast.accounts.iter().map(|a| a.id.to_string()).collect();
    let line = |scope, id, name, figure, month, s: &Spread| PercentileRow {
        scope,
        id,
        name,
        figure,
        month,
        p10: s.p10,
        p50: s.p50,
        p90: s.p90,
        mean: s.mean,
    };
    for (a, id) in forecast.accounts.iter().zip(&ids) {
        let name = a.name.as_deref();
        for (figure, s) in [
            ("total_cost_usd", &a.total_cost_usd),
            ("monthly_cost_usd", &a.monthly_cost_usd),
            ("billed_gib", &a.billed_gib),
            ("storage_cost_usd", &a.storage_cost_usd),
            ("io_cost_usd", &a.io_cost_usd),
            ("backup_cost_usd", &a.backup_cost_usd),
            ("instance_cost_usd", &a.instance_cost_usd),
            ("full_copy_storage_cost_usd", &a.full_copy_storage_cost_usd),
            ("full_copy_total_cost_usd", &a.full_copy_total_cost_usd),
        ] {
            lines.push(line("account", id, name, figure, None, s));
        }
        for m in &a.months {
            lines.push(line(
                "account",
                id,
                name,
                "cost_usd",
                Some(&m.month),
                &m.cost_usd,
            ));
        }
    }
    for c in &forecast.clusters {
        for (figure, s) in [
            ("total_cost_usd", &c.total_cost_usd),
            ("monthly_cost_usd", &c.monthly_cost_usd),
            ("billed_gib", &c.billed_gib),
            ("storage_cost_usd", &c.storage_cost_usd),
            ("io_cost_usd", &c.io_cost_usd),
            ("backup_cost_usd", &c.backup_cost_usd),
            ("instance_cost_usd", &c.instance_cost_usd),
            ("full_copy_storage_cost_usd", &c.full_copy_storage_cost_usd),
            ("full_copy_total_cost_usd", &c.full_copy_total_cost_usd),
        ] {
            lines.push(line("cluster", &c.arn, None, figure, None, s));
        }
    }
    std::fs::create_dir_all(dir)?;
    write_all(&[(dir.join("percentiles.csv"), rows(&lines)?)])
}

/// Rows as CSV text, with a header from the type's fields.
fn rows<T: Serialize>(items: &[T]) -> std::io::Result<Vec<u8>> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for item in items {
        w.serialize(item).map_err(std::io::Error::other)?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Writes every file beside its name, then renames them all into place:
/// a failure leaves none of them half written.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    let mut written: Vec<(PathBuf, &Path)> = Vec::new();
    for (path, bytes) in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let partial = path.with_file_name(format!(".{name}.partial"));
        if let Err(e) = std::fs::write(&partial, bytes) {
            let _ = std::fs::remove_file(&partial);
            for (p, _) in &written {
                let _ = std::fs::remove_file(p);
            }
            return Err(e);
        }
        written.push((partial, path));
    }
    for (partial, path) in &written {
        std::fs::rename(partial, path)?;
    }
    Ok(())
}
