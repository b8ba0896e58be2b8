//! The AWS operations, typed: one request and one response type each,
//! declared once, in a module per service, with the APIs' own field names
//! as serde attributes. JSON (and XML) are made from these only where a
//! response leaves the crate.
//!
//! `operations!` below is the registry: a line there names an operation
//! as the AWS CLI does, its parameters, and its request and response
//! types. From it come [`Request`], [`Response`], [`OPERATIONS`] and
//! [`read_request`], which every front door (the scenario parser, an HTTP
//! endpoint) reads requests through: a front door that can't read a new
//! operation doesn't compile. `ops/` is a leaf of `cloud/`: the handlers
//! import its types, and `Cloud::call` (in `cloud/call.rs`) maps each
//! request to its handler with an exhaustive match, so an operation
//! without a handler doesn't compile either.

pub mod kms;
pub mod ram;
pub mod rds;
pub mod sim;

use serde::Serialize;

use rds::{CreateCluster, RestoreFromSnapshot, RestoreToPointInTime};

/// Something requests are read from: a scenario step, an HTTP request.
pub trait Reader {
    /// Why a request could not be read, saying where.
    type Error;
}

/// A [`Reader`] that can read requests of type `T`.
pub trait Reads<T>: Reader {
    fn read(&mut self) -> Result<T, Self::Error>;
}

macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $name:literal [$($param:literal),*] $variant:ident($req:ty) -> $resp:ty;
    )*) => {
        /// A request to one of the operations.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Request {
            $($(#[$doc])* $variant($req),)*
        }

        /// The response of one of the operations.
        #[derive(Clone, Debug, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum Response {
            $($(#[$doc])* $variant($resp),)*
        }

        impl Request {
            /// The operation's name, as the AWS CLI spells it.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Request::$variant(_) => $name,)*
                }
            }
        }

        /// Every operation's name and the parameters it takes, named as
        /// the AWS CLI names them.
        pub const OPERATIONS: &[(&str, &[&str])] = &[$(($name, &[$($param),*]),)*];

        /// Reads a request of the operation `name` from `reader`, after
        /// `check` has seen the parameters the operation takes (to refuse
        /// unknown ones first); `None` when no operation has that name.
        pub fn read_request<R>(
            name: &str,
            reader: &mut R,
            check: impl FnOnce(&mut R, &'static [&'static str]) -> Result<(), R::Error>,
        ) -> Option<Result<Request, R::Error>>
        where
            R: Reader $(+ Reads<$req>)*,
        {
            match name {
                $($name => Some(
                    check(reader, &[$($param),*])
                        .and_then(|()| Reads::<$req>::read(reader).map(Request::$variant)),
                ),)*
                _ => None,
            }
        }
    };
}

operations! {
    "create-db-cluster" [
        "db-cluster-identifier", "engine", "engine-version", "engine-mode", "storage-encrypted",
        "kms-key-id", "storage-type", "data-gib", "data-pages"
    ] CreateDbCluster(CreateCluster) -> rds::DbClusterResponse;
    "create-db-instance" [
        "db-instance-identifier", "db-cluster-identifier", "db-instance-class", "engine"
    ] CreateDbInstance(rds::CreateDbInstance) -> rds::DbInstanceResponse;
    "delete-db-instance" ["db-instance-identifier"]
        DeleteDbInstance(rds::DeleteDbInstance) -> rds::DbInstanceResponse;
    "describe-db-instances" ["db-instance-identifier"]
        DescribeDbInstances(rds::DescribeDbInstances) -> rds::DescribeDbInstancesResponse;
    "modify-db-cluster" [
        "db-cluster-identifier", "new-db-cluster-identifier", "storage-type", "apply-immediately"
    ] ModifyDbCluster(rds::ModifyDbCluster) -> rds::DbClusterResponse;
    "delete-db-cluster" [
        "db-cluster-identifier", "skip-final-snapshot", "final-db-snapshot-identifier"
    ] DeleteDbCluster(rds::DeleteDbCluster) -> rds::DbClusterResponse;
    "describe-db-clusters" ["db-cluster-identifier", "include-shared", "filters"]
        DescribeDbClusters(rds::DescribeDbClusters) -> rds::DescribeDbClustersResponse;
    "restore-db-cluster-to-point-in-time" [
        "source-db-cluster-identifier", "db-cluster-identifier", "restore-type",
        "use-latest-restorable-time", "restore-to-time", "kms-key-id"
    ] RestoreDbClusterToPointInTime(RestoreToPointInTime) -> rds::RestoreDbClusterResponse;
    "create-db-cluster-snapshot" ["db-cluster-identifier", "db-cluster-snapshot-identifier"]
        CreateDbClusterSnapshot(rds::CreateDbClusterSnapshot) -> rds::DbClusterSnapshotResponse;
    "copy-db-cluster-snapshot" [
        "source-db-cluster-snapshot-identifier", "target-db-cluster-snapshot-identifier", "kms-key-id"
    ] CopyDbClusterSnapshot(rds::CopyDbClusterSnapshot) -> rds::DbClusterSnapshotResponse;
    "modify-db-cluster-snapshot-attribute" [
        "db-cluster-snapshot-identifier", "attribute-name", "values-to-add", "values-to-remove"
    ] ModifyDbClusterSnapshotAttribute(rds::ModifyDbClusterSnapshotAttribute) -> rds::SnapshotAttributesResponse;
    "restore-db-cluster-from-snapshot" [
        "snapshot-identifier", "db-cluster-identifier", "engine", "kms-key-id"
    ] RestoreDbClusterFromSnapshot(RestoreFromSnapshot) -> rds::DbClusterResponse;
    "describe-db-cluster-snapshots" [
        "db-cluster-identifier", "db-cluster-snapshot-identifier", "include-shared"
    ] DescribeDbClusterSnapshots(rds::DescribeDbClusterSnapshots) -> rds::DescribeDbClusterSnapshotsResponse;
    "describe-db-cluster-snapshot-attributes" ["db-cluster-snapshot-identifier"]
        DescribeDbClusterSnapshotAttributes(rds::DescribeDbClusterSnapshotAttributes) -> rds::SnapshotAttributesResponse;
    "delete-db-cluster-snapshot" ["db-cluster-snapshot-identifier"]
        DeleteDbClusterSnapshot(rds::DeleteDbClusterSnapshot) -> rds::DbClusterSnapshotResponse;
    "kms-create-key" ["alias", "description"]
        CreateKey(kms::CreateKey) -> kms::KeyMetadataResponse;
    "kms-put-key-policy" ["key-id", "policy", "policy-name"]
        PutKeyPolicy(kms::PutKeyPolicy) -> kms::KeyMetadataResponse;
    "kms-create-alias" ["alias-name", "target-key-id"]
        CreateAlias(kms::CreateAlias) -> kms::Empty;
    "kms-list-aliases" ["key-id"]
        ListAliases(kms::ListAliases) -> kms::AliasesResponse;
    "kms-describe-key" ["key-id"]
        DescribeKey(kms::DescribeKey) -> kms::KeyMetadataResponse;
    "kms-get-key-policy" ["key-id", "policy-name"]
        GetKeyPolicy(kms::GetKeyPolicy) -> kms::KeyPolicyResponse;
    "enable-sharing-with-aws-organization" []
        EnableSharingWithAwsOrganization(ram::EnableSharingWithAwsOrganization) -> ram::ReturnValue;
    "create-resource-share" ["name", "resource-arns", "principals", "allow-external-principals"]
        CreateResourceShare(ram::CreateResourceShare) -> ram::ResourceShareResponse;
    "associate-resource-share" ["resource-share-arn", "name", "resource-arns", "principals"]
        AssociateResourceShare(ram::AssociateResourceShare) -> ram::ResourceShareResponse;
    "disassociate-resource-share" ["resource-share-arn", "name", "resource-arns", "principals"]
        DisassociateResourceShare(ram::DisassociateResourceShare) -> ram::ResourceShareResponse;
    "delete-resource-share" ["resource-share-arn", "name"]
        DeleteResourceShare(ram::DeleteResourceShare) -> ram::ReturnValue;
    "get-resource-share-invitations" ["status"]
        GetResourceShareInvitations(ram::GetResourceShareInvitations) -> ram::InvitationsResponse;
    "accept-resource-share-invitation" ["resource-share-invitation-arn", "resource-share-name"]
        AcceptResourceShareInvitation(ram::AcceptResourceShareInvitation) -> ram::InvitationResponse;
    "reject-resource-share-invitation" ["resource-share-invitation-arn", "resource-share-name"]
        RejectResourceShareInvitation(ram::RejectResourceShareInvitation) -> ram::InvitationResponse;
    "get-resource-shares" ["resource-owner", "name", "resource-share-arns"]
        GetResourceShares(ram::GetResourceShares) -> ram::ResourceSharesResponse;
    "get-resource-share-associations" ["association-type", "resource-share-arns"]
        GetResourceShareAssociations(ram::GetResourceShareAssociations) -> ram::AssociationsResponse;
    "list-resources" ["resource-owner", "resource-share-arns"]
        ListResources(ram::ListResources) -> ram::ResourcesResponse;
    "list-principals" ["resource-arns", "resource-owner"]
        ListPrincipals(ram::ListPrincipals) -> ram::PrincipalsResponse;
}
