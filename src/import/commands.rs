//! The AWS CLI commands whose JSON output `cowsim import` reads, each
//! known by the top-level key its output has.

/// The top-level keys, each with the command whose output has it.
pub const KEYS: [(&str, &str); 9] = [
    ("DBClusters", "aws rds describe-db-clusters"),
    ("DBInstances", "aws rds describe-db-instances"),
    (
        "DBClusterSnapshots",
        "aws rds describe-db-cluster-snapshots",
    ),
    ("resourceShares", "aws ram get-resource-shares"),
    ("resources", "aws ram list-resources"),
    ("principals", "aws ram list-principals"),
    ("KeyMetadata", "aws kms describe-key"),
    ("Policy", "aws kms get-key-policy"),
    ("MetricDataResults", "aws cloudwatch get-metric-data"),
];
