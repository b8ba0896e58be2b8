//! Requests of a running cluster's life: rebooting an instance, and
//! failing the cluster over to a reader.

use super::declare::request;
use super::refs::ClusterRef;

request! {
    /// `reboot-db-instance`. `force-failover` is for RDS Multi-AZ DB
    /// instances, not Aurora's: it is accepted, and changes nothing.
    pub struct RebootDbInstance accepting {
        "force-failover" / "ForceFailover": Option<bool>,
    } {
        pub identifier: String = "db-instance-identifier" / "DBInstanceIdentifier",
    }
}

request! {
    /// `failover-db-cluster`: a reader becomes the writer, the one named,
    /// or the first by promotion tier.
    pub struct FailoverDbCluster accepting {} {
        pub cluster: ClusterRef = "db-cluster-identifier" / "DBClusterIdentifier",
        pub target: Option<String> =
            "target-db-instance-identifier" / "TargetDBInstanceIdentifier",
    }
}
