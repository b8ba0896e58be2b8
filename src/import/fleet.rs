//! From the files' facts to a fleet: clusters by account, families by
//! `CloneGroupId`, each family's source, sizes and write rates from the
//! metrics, and who shares with whom. Every figure keeps where it came from
//! (file and JSON path), for the generated scenario's comments. The rules
//! are stated in the README, "From your AWS accounts to a forecast".

use std::collections::BTreeMap;

use super::error::ImportError;
use super::input::{Input, Options};
use super::metrics::{Metric, MetricId};
use super::shapes::{self, Document};
use crate::cloud::rds::{DbEngine, StorageType};
use crate::cloud::serverless::ServerlessScaling;
use crate::cloud::{AccountId, Arn, RetentionPeriod};
use crate::time::SimTime;

/// A value and where it was read: `clusters.json DBClusters[2].Engine`.
#[derive(Clone, Debug)]
pub struct Sourced<T> {
    pub value: T,
    pub from: String,
}

/// One cluster of the fleet.
#[derive(Clone, Debug)]
pub struct Cluster {
    pub arn: String,
    pub account: AccountId,
    pub region: String,
    pub identifier: String,
    pub engine: Sourced<DbEngine>,
    pub storage_type: Option<Sourced<StorageType>>,
    /// The key ARN, when encrypted with a customer managed key.
    pub kms_key: Option<Sourced<String>>,
    /// Encrypted with the account's AWS managed key (`aws/rds`).
    pub default_key: bool,
    pub clone_group: Option<Sourced<String>>,
    pub cross_account_clone: bool,
    pub created: Option<SimTime>,
    /// Only what `--include-shared` shows of another account's cluster.
    pub partial: bool,
    pub from: String,
    pub bytes: Option<Sourced<f64>>,
    /// Write I/Os per hour: mean and the spread's log-normal sigma.
    pub writes: Option<(Sourced<f64>, f64)>,
    pub instances: Vec<Instance>,
    pub snapshots: Vec<String>,
    /// `BackupRetentionPeriod`.
    pub retention: Option<Sourced<RetentionPeriod>>,
    /// `ServerlessV2ScalingConfiguration`: (MinCapacity, MaxCapacity).
    pub serverless: Option<Sourced<(f64, f64)>>,
    /// Where `Status` says `stopped` (or `stopping`).
    pub stopped: Option<String>,
}

/// One of a cluster's DB instances.
#[derive(Clone, Debug)]
pub struct Instance {
    pub identifier: String,
    /// `DBInstanceClass`, where describe-db-instances gives one.
    pub class: Option<Sourced<String>>,
}

/// A family: its source and its clones.
#[derive(Clone, Debug)]
pub struct Family {
    pub source: usize,
    pub clones: Vec<usize>,
    pub group: Option<String>,
    /// Why this cluster is the source.
    pub why: String,
}

/// What the files say, put together.
#[derive(Debug, Default)]
pub struct Fleet {
    pub clusters: Vec<Cluster>,
    pub families: Vec<Family>,
    pub accounts: BTreeMap<AccountId, String>,
    /// Key policies by key id, with their file.
    pub policies: BTreeMap<String, Sourced<String>>,
    /// Keys AWS manages (`aws/rds`), by key ARN.
    pub aws_managed: Vec<String>,
    /// Clusters left out, and why.
    pub skipped: Vec<String>,
    pub files: Vec<String>,
    /// Whether any file was get-metric-data output.
    pub metrics_read: bool,
}

/// One metric's series as read: its id, values, their times and where.
type Series = (MetricId, Vec<f64>, Vec<Option<SimTime>>, String);

fn at(file: &str, path: &str) -> String {
    format!("{file} {path}")
}

/// Reads every input and builds the fleet.
pub fn build(inputs: &[Input], options: &Options) -> Result<Fleet, ImportError> {
    let mut fleet = Fleet::default();
    let mut shared_arns: Vec<(String, String)> = Vec::new();
    let mut metrics: Vec<Series> = Vec::new();
    let mut instances: Vec<(shapes::Instance, String)> = Vec::new();
    let mut snapshots: Vec<(shapes::Snapshot, String)> = Vec::new();
    for input in inputs {
        let file = input.name.as_str();
        fleet.files.push(file.to_string());
        let document = shapes::read(file, &input.text)?;
        match document {
            Document::Clusters(list) => {
                for (i, c) in list.into_iter().enumerate() {
                    let path = format!("DBClusters[{i}]");
                    add_cluster(&mut fleet, c, file, &path)?;
                }
            }
            Document::Instances(list) => {
                for (i, x) in list.into_iter().enumerate() {
                    let path = format!("DBInstances[{i}]");
                    if let Some(a) = &x.arn {
                        arn(a, file, &format!("{path}.DBInstanceArn"))?;
                    }
                    instances.push((x, at(file, &path)));
                }
            }
            Document::Snapshots(list) => {
                for (i, x) in list.into_iter().enumerate() {
                    let path = format!("DBClusterSnapshots[{i}].DBClusterSnapshotArn");
                    arn(&x.arn, file, &path)?;
                    snapshots.push((x, at(file, &path)));
                }
            }
            Document::Shares(list) => {
                for (i, s) in list.iter().enumerate() {
                    arn(
                        &s.resource_share_arn,
                        file,
                        &format!("resourceShares[{i}].resourceShareArn"),
                    )?;
                }
            }
            Document::SharedResources(list) => {
                for (i, r) in list.into_iter().enumerate() {
                    let path = format!("resources[{i}].arn");
                    let parsed = arn(&r.arn, file, &path)?;
                    if parsed.service == "rds" {
                        shared_arns.push((r.arn, at(file, &path)));
                    }
                }
            }
            Document::Principals(list) => {
                for (i, p) in list.iter().enumerate() {
                    if let Some(share) = &p.resource_share_arn {
                        arn(share, file, &format!("principals[{i}].resourceShareArn"))?;
                    }
                }
            }
            Document::Key(key) => {
                arn(&key.arn, file, "KeyMetadata.Arn")?;
                if key.key_manager.as_deref() == Some("AWS") {
                    fleet.aws_managed.push(key.arn);
                }
            }
            Document::KeyPolicy(policy) => {
                let key = options
                    .key_policies
                    .iter()
                    .find(|(_, f)| f == file)
                    .map(|(k, _)| k.clone())
                    .or_else(|| key_id_in_name(file))
                    .ok_or_else(|| ImportError::WhichKey { file: file.into() })?;
                fleet.policies.insert(
                    key,
                    Sourced {
                        value: policy,
                        from: at(file, "Policy"),
                    },
                );
            }
            Document::Metrics(list) => {
                fleet.metrics_read = true;
                for (i, m) in list.into_iter().enumerate() {
                    let path = format!("MetricDataResults[{i}].Id");
                    let id = MetricId::parse(&m.id).ok_or_else(|| ImportError::MetricId {
                        at: at(file, &path),
                        id: m.id.clone(),
                    })?;
                    metrics.push((
                        id,
                        m.values,
                        m.timestamps.into_iter().map(|t| t.0).collect(),
                        at(file, &format!("MetricDataResults[{i}].Values")),
                    ));
                }
            }
        }
    }
    for (arn_text, from) in &shared_arns {
        if !fleet.clusters.iter().any(|c| &c.arn == arn_text) {
            return Err(ImportError::SharedClusterUndescribed {
                from: from.clone(),
                arn: arn_text.clone(),
            });
        }
    }
    attach_metrics(&mut fleet, metrics)?;
    for (x, from) in instances {
        let account = x
            .arn
            .as_deref()
            .and_then(|a| Arn::parse(a).ok())
            .and_then(|a| a.account);
        let named = |c: &Cluster| x.cluster.as_deref() == Some(c.identifier.as_str());
        let candidates: Vec<usize> = (0..fleet.clusters.len())
            .filter(|&i| {
                let c = &fleet.clusters[i];
                named(c) && account.is_none_or(|a| a == c.account)
            })
            .collect();
        if let [i] = candidates[..] {
            fleet.clusters[i].instances.push(Instance {
                identifier: x.identifier,
                class: x.class.map(|value| Sourced {
                    value,
                    from: format!("{from}.DBInstanceClass"),
                }),
            });
        } else {
            fleet.skipped.push(format!(
                "instance {} ({from}): its cluster is not imported",
                x.identifier
            ));
        }
    }
    for (x, from) in snapshots {
        let account = Arn::parse(&x.arn).ok().and_then(|a| a.account);
        let manual = x.snapshot_type.as_deref() == Some("manual");
        match fleet
            .clusters
            .iter_mut()
            .find(|c| Some(c.account) == account && c.identifier == x.cluster)
        {
            Some(c) if manual => c.snapshots.push(x.identifier),
            Some(_) => fleet.skipped.push(format!(
                "snapshot {} ({from}): automated backups within the retention period are free",
                x.identifier
            )),
            None => fleet.skipped.push(format!(
                "snapshot {} ({from}): its cluster is not imported",
                x.identifier
            )),
        }
    }
    for c in &mut fleet.clusters {
        if c.kms_key
            .as_ref()
            .is_some_and(|k| fleet.aws_managed.contains(&k.value))
        {
            c.kms_key = None;
            c.default_key = true;
        }
    }
    fleet.families = families(&fleet.clusters, options)?;
    Ok(fleet)
}

/// `key-policy-1234abcd-….json` names its key.
fn key_id_in_name(file: &str) -> Option<String> {
    let name = std::path::Path::new(file).file_stem()?.to_str()?;
    let id = name.rsplit_once("key-policy-")?.1;
    (!id.is_empty()).then(|| id.to_string())
}

fn arn(text: &str, file: &str, path: &str) -> Result<Arn, ImportError> {
    Arn::parse(text).map_err(|source| ImportError::Arn {
        at: at(file, path),
        source,
    })
}

fn add_cluster(
    fleet: &mut Fleet,
    c: shapes::Cluster,
    file: &str,
    path: &str,
) -> Result<(), ImportError> {
    let parsed = arn(&c.arn, file, &format!("{path}.DBClusterArn"))?;
    let (Some(account), Some(name)) = (parsed.account, parsed.resource_id("rds", "cluster")) else {
        return Err(ImportError::NotAClusterArn {
            at: at(file, &format!("{path}.DBClusterArn")),
            arn: c.arn,
        });
    };
    let engine = match c.engine.parse::<DbEngine>() {
        Ok(e) => e,
        Err(_) => {
            fleet.skipped.push(format!(
                "cluster {} ({file} {path}.Engine): engine {} is not Aurora",
                c.arn, c.engine
            ));
            return Ok(());
        }
    };
    let partial = c.identifier.is_none();
    if let Some(existing) = fleet.clusters.iter_mut().find(|x| x.arn == c.arn) {
        if existing.partial && !partial {
            fleet.clusters.retain(|x| x.arn != c.arn);
        } else {
            return Ok(());
        }
    }
    fleet
        .accounts
        .entry(account)
        .or_insert_with(|| at(file, &format!("{path}.DBClusterArn")));
    let storage_type = match c.storage_type.as_deref() {
        None => None,
        Some(s) => Some(Sourced {
            value: s
                .parse::<StorageType>()
                .map_err(|e| ImportError::StorageType {
                    at: at(file, &format!("{path}.StorageType")),
                    why: e.to_string(),
                })?,
            from: at(file, &format!("{path}.StorageType")),
        }),
    };
    let created = match &c.cluster_create_time {
        None => None,
        Some(t) => Some(
            SimTime::parse_rfc3339(t).map_err(|why| ImportError::CreateTime {
                at: at(file, &format!("{path}.ClusterCreateTime")),
                why,
            })?,
        ),
    };
    let retention_at = at(file, &format!("{path}.BackupRetentionPeriod"));
    let retention = match c.backup_retention_period {
        None => None,
        Some(days) => match u64::try_from(days)
            .map_err(|e| e.to_string())
            .and_then(|d| RetentionPeriod::new(d).map_err(|e| e.to_string()))
        {
            Ok(value) => Some(Sourced {
                value,
                from: retention_at,
            }),
            Err(why) => {
                fleet.skipped.push(format!(
                    "the backup retention of {name} ({retention_at}): {why}"
                ));
                None
            }
        },
    };
    let scaling_at = at(file, &format!("{path}.ServerlessV2ScalingConfiguration"));
    let serverless = match c.serverless_v2_scaling_configuration {
        Some(shapes::ServerlessV2Scaling {
            min_capacity: Some(min),
            max_capacity: Some(max),
        }) => match ServerlessScaling::new(min, max, None) {
            Ok(_) => Some(Sourced {
                value: (min, max),
                from: scaling_at,
            }),
            Err(why) => {
                fleet.skipped.push(format!(
                    "the Serverless v2 scaling of {name} ({scaling_at}): {why}"
                ));
                None
            }
        },
        _ => None,
    };
    let encrypted = c.storage_encrypted == Some(true);
    let (kms_key, default_key) = match c.kms_key_id {
        Some(key) if encrypted && key.starts_with("alias/aws/") => (None, true),
        Some(key) if encrypted => {
            arn(&key, file, &format!("{path}.KmsKeyId"))?;
            let from = at(file, &format!("{path}.KmsKeyId"));
            (Some(Sourced { value: key, from }), false)
        }
        _ => (None, encrypted),
    };
    fleet.clusters.push(Cluster {
        arn: c.arn.clone(),
        account,
        region: parsed.region.clone(),
        identifier: name.to_string(),
        engine: Sourced {
            value: engine,
            from: at(file, &format!("{path}.Engine")),
        },
        storage_type,
        kms_key,
        default_key,
        clone_group: c.clone_group_id.map(|g| Sourced {
            value: g,
            from: at(file, &format!("{path}.CloneGroupId")),
        }),
        cross_account_clone: c.cross_account_clone.unwrap_or(false),
        created,
        partial,
        from: at(file, path),
        bytes: None,
        writes: None,
        instances: Vec::new(),
        snapshots: Vec::new(),
        retention,
        serverless,
        stopped: matches!(c.status.as_deref(), Some("stopped" | "stopping"))
            .then(|| at(file, &format!("{path}.Status"))),
    });
    Ok(())
}

/// Sizes and write rates from the metrics, matched by account and
/// identifier.
fn attach_metrics(fleet: &mut Fleet, metrics: Vec<Series>) -> Result<(), ImportError> {
    for (id, values, timestamps, from) in metrics {
        let Some(c) = fleet
            .clusters
            .iter_mut()
            .find(|c| c.account == id.account && c.identifier == id.cluster)
        else {
            fleet.skipped.push(format!(
                "metrics of {} in {} ({from}): no such cluster imported",
                id.cluster, id.account
            ));
            continue;
        };
        if values.is_empty() {
            continue;
        }
        match id.metric {
            Metric::VolumeBytesUsed => {
                // The newest datapoint: the volume as it is now.
                let newest = newest(&values, &timestamps);
                c.bytes = Some(Sourced {
                    value: newest,
                    from: format!("{from} (newest)"),
                });
            }
            Metric::VolumeWriteIops | Metric::WriteIops => {
                let per_hour: Vec<f64> = values
                    .iter()
                    .map(|v| v * id.metric.to_per_hour(period_seconds(&timestamps)))
                    .collect();
                let n = per_hour.len() as f64;
                let mean = per_hour.iter().sum::<f64>() / n;
                let variance = per_hour.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
                let cv2 = if mean > 0.0 {
                    variance / (mean * mean)
                } else {
                    0.0
                };
                c.writes = Some((
                    Sourced {
                        value: mean,
                        from: format!("{from} (mean of {} points)", per_hour.len()),
                    },
                    (1.0 + cv2).ln().sqrt(),
                ));
            }
        }
    }
    Ok(())
}

/// The value of the latest timestamp (the AWS CLI lists newest first).
fn newest(values: &[f64], times: &[Option<SimTime>]) -> f64 {
    values
        .iter()
        .zip(times.iter().chain(std::iter::repeat(&None)))
        .max_by_key(|(_, t)| **t)
        .map_or(values[0], |(v, _)| *v)
}

/// The spacing of the datapoints, in seconds (an hour when it can't be
/// told).
fn period_seconds(timestamps: &[Option<SimTime>]) -> f64 {
    let mut times: Vec<SimTime> = timestamps.iter().flatten().copied().collect();
    times.sort();
    times
        .windows(2)
        .map(|w| w[1].since(w[0]))
        .filter(|&d| d > 0)
        .min()
        .map_or(3600.0, |d| d as f64)
}

/// Families by `CloneGroupId`; a cluster with none is a family of one.
fn families(clusters: &[Cluster], options: &Options) -> Result<Vec<Family>, ImportError> {
    let mut by_group: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut families = Vec::new();
    for (i, c) in clusters.iter().enumerate() {
        match &c.clone_group {
            Some(g) => by_group.entry(&g.value).or_default().push(i),
            None if c.partial => {}
            None => families.push(Family {
                source: i,
                clones: Vec::new(),
                group: None,
                why: "it is in no clone group".into(),
            }),
        }
    }
    for (group, members) in by_group {
        let told = members.iter().copied().find(|&i| {
            options
                .sources
                .iter()
                .any(|s| s == &clusters[i].arn || s == &clusters[i].identifier)
        });
        let (source, why) = if let Some(i) = told {
            (i, "--source names it".to_string())
        } else {
            // Shared clusters listed by --include-shared carry no clone
            // group; a family of cross-account clones whose source is one
            // of them names it with --source.
            let own: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| !clusters[i].cross_account_clone)
                .collect();
            let oldest = own
                .iter()
                .copied()
                .min_by_key(|&i| (clusters[i].created, i));
            match oldest {
                Some(i) => (
                    i,
                    "it is the oldest member (ClusterCreateTime) that is not a cross-account clone"
                        .into(),
                ),
                None => match options
                    .sources
                    .iter()
                    .find_map(|s| clusters.iter().position(|c| c.partial && &c.arn == s))
                {
                    Some(i) => (i, "--source names it".into()),
                    None => {
                        return Err(ImportError::SourceNotExported {
                            group: group.to_string(),
                            from: clusters[members[0]].from.clone(),
                        });
                    }
                },
            }
        };
        families.push(Family {
            source,
            clones: members.into_iter().filter(|&i| i != source).collect(),
            group: Some(group.to_string()),
            why,
        });
    }
    families.sort_by_key(|f| f.source);
    Ok(families)
}
