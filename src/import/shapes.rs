//! The JSON the AWS CLI prints, as far as `cowsim import` reads it: field
//! names as botocore's service models spell them. Fields not named here are
//! ignored, so output of newer CLI versions reads as well.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::commands::KEYS;
use super::error::ImportError;

/// One file, recognised by its top-level key.
#[derive(Debug)]
pub enum Document {
    Clusters(Vec<Cluster>),
    Instances(Vec<Instance>),
    Snapshots(Vec<Snapshot>),
    Shares(Vec<Share>),
    SharedResources(Vec<SharedResource>),
    Principals(Vec<Principal>),
    Key(KeyMetadata),
    KeyPolicy(String),
    Metrics(Vec<MetricData>),
}

/// `describe-db-clusters`. A cluster shared with the caller, listed by
/// `--include-shared`, has only its ARN, engine, engine version and
/// encryption: every other field is optional.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Cluster {
    #[serde(rename = "DBClusterArn")]
    pub arn: String,
    #[serde(rename = "DBClusterIdentifier")]
    pub identifier: Option<String>,
    pub engine: String,
    pub engine_mode: Option<String>,
    pub storage_encrypted: Option<bool>,
    pub kms_key_id: Option<String>,
    pub storage_type: Option<String>,
    pub status: Option<String>,
    pub clone_group_id: Option<String>,
    pub cross_account_clone: Option<bool>,
    pub cluster_create_time: Option<String>,
    pub backup_retention_period: Option<i64>,
    pub serverless_v2_scaling_configuration: Option<ServerlessV2Scaling>,
}

/// `ServerlessV2ScalingConfiguration`, in ACUs.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ServerlessV2Scaling {
    pub min_capacity: Option<f64>,
    pub max_capacity: Option<f64>,
}

/// `describe-db-instances`.
#[derive(Debug, Deserialize)]
pub struct Instance {
    #[serde(rename = "DBInstanceIdentifier")]
    pub identifier: String,
    /// Its ARN, which names its account; without it, the instance is
    /// matched to the one cluster of its `DBClusterIdentifier`.
    #[serde(rename = "DBInstanceArn")]
    pub arn: Option<String>,
    #[serde(rename = "DBClusterIdentifier")]
    pub cluster: Option<String>,
    #[serde(rename = "DBInstanceClass")]
    pub class: Option<String>,
}

/// `describe-db-cluster-snapshots`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Snapshot {
    #[serde(rename = "DBClusterSnapshotIdentifier")]
    pub identifier: String,
    #[serde(rename = "DBClusterSnapshotArn")]
    pub arn: String,
    #[serde(rename = "DBClusterIdentifier")]
    pub cluster: String,
    pub snapshot_type: Option<String>,
}

/// `get-resource-shares`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    pub resource_share_arn: String,
    pub name: String,
    pub owning_account_id: String,
    pub allow_external_principals: Option<bool>,
}

/// `list-resources`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SharedResource {
    pub arn: String,
    pub resource_share_arn: Option<String>,
}

/// `list-principals`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Principal {
    pub id: String,
    pub resource_share_arn: Option<String>,
}

/// `kms describe-key`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeyMetadata {
    pub key_id: String,
    pub arn: String,
    pub key_manager: Option<String>,
}

/// One metric of `cloudwatch get-metric-data`. Its `Id` names the metric
/// and the cluster (`scripts/export-fleet.sh` writes them so): see
/// [`super::metrics`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetricData {
    pub id: String,
    #[serde(default)]
    pub timestamps: Vec<Stamp>,
    #[serde(default)]
    pub values: Vec<f64>,
}

/// A datapoint's time as the AWS CLI prints it: an RFC 3339 string, or
/// (CloudWatch's JSON protocol, printed as received) seconds since the
/// epoch; `None` when it is neither.
#[derive(Clone, Copy, Debug)]
pub struct Stamp(pub Option<crate::time::SimTime>);

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::time::SimTime;
        Ok(Stamp(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => SimTime::parse_rfc3339(&s).ok(),
            serde_json::Value::Number(n) => n
                .as_f64()
                .filter(|s| s.is_finite() && s.abs() < 1e12)
                .map(|s| SimTime(s.floor() as i64)),
            _ => None,
        }))
    }
}

#[derive(Deserialize)]
struct ClustersFile {
    #[serde(rename = "DBClusters")]
    items: Vec<Cluster>,
}

#[derive(Deserialize)]
struct InstancesFile {
    #[serde(rename = "DBInstances")]
    items: Vec<Instance>,
}

#[derive(Deserialize)]
struct SnapshotsFile {
    #[serde(rename = "DBClusterSnapshots")]
    items: Vec<Snapshot>,
}

#[derive(Deserialize)]
struct SharesFile {
    #[serde(rename = "resourceShares")]
    items: Vec<Share>,
}

#[derive(Deserialize)]
struct ResourcesFile {
    resources: Vec<SharedResource>,
}

#[derive(Deserialize)]
struct PrincipalsFile {
    principals: Vec<Principal>,
}

#[derive(Deserialize)]
struct KeyFile {
    #[serde(rename = "KeyMetadata")]
    key: KeyMetadata,
}

#[derive(Deserialize)]
struct PolicyFile {
    #[serde(rename = "Policy")]
    policy: String,
}

#[derive(Deserialize)]
struct MetricsFile {
    #[serde(rename = "MetricDataResults")]
    items: Vec<MetricData>,
}

/// Reads one file, named `file` in errors: which shape it is, from its
/// top-level keys, then its fields. The error names the JSON path of what
/// was wrong (`DBClusters[3].Engine`).
pub fn read(file: &str, text: &[u8]) -> Result<Document, ImportError> {
    let object: BTreeMap<String, IgnoredAny> = serde_json::from_slice(text).map_err(|e| {
        if e.is_data() {
            ImportError::NotAnObject { file: file.into() }
        } else {
            ImportError::NotJson {
                file: file.into(),
                source: e,
            }
        }
    })?;
    let Some((key, _)) = KEYS.iter().find(|(key, _)| object.contains_key(*key)) else {
        return Err(ImportError::UnknownShape { file: file.into() });
    };
    fn typed<T: serde::de::DeserializeOwned>(file: &str, text: &[u8]) -> Result<T, ImportError> {
        let mut de = serde_json::Deserializer::from_slice(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| ImportError::Field {
            file: file.into(),
            path: e.path().to_string(),
            source: e.into_inner(),
        })
    }
    Ok(match *key {
        "DBClusters" => Document::Clusters(typed::<ClustersFile>(file, text)?.items),
        "DBInstances" => Document::Instances(typed::<InstancesFile>(file, text)?.items),
        "DBClusterSnapshots" => Document::Snapshots(typed::<SnapshotsFile>(file, text)?.items),
        "resourceShares" => Document::Shares(typed::<SharesFile>(file, text)?.items),
        "resources" => Document::SharedResources(typed::<ResourcesFile>(file, text)?.resources),
        "principals" => Document::Principals(typed::<PrincipalsFile>(file, text)?.principals),
        "KeyMetadata" => Document::Key(typed::<KeyFile>(file, text)?.key),
        "Policy" => Document::KeyPolicy(typed::<PolicyFile>(file, text)?.policy),
        _ => Document::Metrics(typed::<MetricsFile>(file, text)?.items),
    })
}
