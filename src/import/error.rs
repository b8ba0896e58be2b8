//! Why `cowsim import` wrote nothing: each failure names the file and the
//! JSON path of what was wrong (`clusters.json DBClusters[2].Engine`).

use thiserror::Error;

use crate::cloud::ArnError;

use super::commands::KEYS;

/// An input that can't be read as the AWS CLI's output, or a fleet that
/// can't be made a scenario.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ImportError {
    /// A file that is not JSON at all.
    #[error("{file}: not JSON: {source}")]
    NotJson {
        file: String,
        source: serde_json::Error,
    },
    /// JSON, but not an object.
    #[error("{file}: expected a JSON object, as the AWS CLI prints")]
    NotAnObject { file: String },
    /// An object with none of the top-level keys import reads.
    #[error(
        "{file}: none of the keys cowsim reads: expected one of {}",
        known_keys()
    )]
    UnknownShape { file: String },
    /// A field of a recognised file that doesn't have its expected type.
    #[error("{file}: {path}: {source}")]
    Field {
        file: String,
        /// The JSON path: `DBClusters[3].Engine`.
        path: String,
        source: serde_json::Error,
    },
    /// A field that should hold an ARN and doesn't (`at`: the file and
    /// JSON path).
    #[error("{at}: {source}")]
    Arn { at: String, source: ArnError },
    /// An ARN that is not a cluster's where a cluster's is expected.
    #[error(
        "{at}: `{arn}` is not a cluster's ARN: expected arn:aws:rds:REGION:ACCOUNT:cluster:NAME"
    )]
    NotAClusterArn { at: String, arn: String },
    /// A storage type Aurora doesn't have.
    #[error("{at}: {why}")]
    StorageType { at: String, why: String },
    /// A creation time that is not an RFC 3339 time.
    #[error("{at}: {why}")]
    CreateTime {
        at: String,
        why: crate::time::NotRfc3339,
    },
    /// A CloudWatch metric id not of the form export-fleet.sh writes.
    #[error(
        "{at}: metric id `{id}`: expected bytes_ACCOUNT_CLUSTER, writes_ACCOUNT_CLUSTER or iops_ACCOUNT_CLUSTER \
         (as scripts/export-fleet.sh writes them)"
    )]
    MetricId { at: String, id: String },
    /// A key policy file that names no key, in its name or by
    /// `--key-policy`.
    #[error(
        "{file}: a key policy, but which key's? Put the key id in the file's name \
         (key-policy-KEYID.json) or say --key-policy KEYID={file}"
    )]
    WhichKey { file: String },
    /// A RAM listing shares a cluster that no describe output describes.
    #[error("{from}: the share names cluster {arn}, which no describe-db-clusters file describes")]
    SharedClusterUndescribed { from: String, arn: String },
    /// A clone group whose members are all cross-account clones, and no
    /// `--source` naming its source.
    #[error(
        "clone group {group}: every member is a cross-account clone, so its source is in an account \
         not exported ({from}); export that account too, or name the source with --source ARN"
    )]
    SourceNotExported { group: String, from: String },
    /// No cluster of its own in any file.
    #[error("no cluster to import: give the output of `aws rds describe-db-clusters`")]
    NoCluster,
}

/// The top-level keys import reads, each with the command that prints it.
fn known_keys() -> String {
    let known: Vec<String> = KEYS
        .iter()
        .map(|(key, command)| format!("{key} ({command})"))
        .collect();
    known.join(", ")
}
