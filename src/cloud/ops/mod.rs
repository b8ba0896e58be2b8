//! The AWS operations, typed: one request and one response type each,
//! declared once, in a module per service, with the APIs' own field names
//! as serde attributes. JSON (and XML) are made from these only where a
//! response leaves the crate.
//!
//! `operations!` below is the registry: a line there names an operation
//! as the AWS CLI does, its parameters, its request and response types and
//! its handler on [`Cloud`]. From it come [`Request`], [`Response`],
//! [`OPERATIONS`], [`Cloud::call`] and [`read_request`], which every front
//! door (the scenario parser, an HTTP endpoint) reads requests through: a
//! front door that can't read a new operation doesn't compile.

pub mod kms;
pub mod ram;
pub mod rds;
pub mod sim;

use serde::Serialize;

use super::{AccountId, AwsError, Cloud, CreateCluster, RestoreFromSnapshot, RestoreToPointInTime};

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
        $name:literal [$($param:literal),*] $variant:ident($req:ty) -> $resp:ty = $handler:expr;
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

        impl Cloud {
            /// Runs a request as `caller`: checked against every rule
            /// first, and a refused one changes nothing.
            pub fn call(&mut self, caller: AccountId, request: &Request) -> Result<Response, AwsError> {
                match request {
                    $(Request::$variant(r) => {
                        let handler: fn(&mut Cloud, AccountId, &$req) -> Result<$resp, AwsError> = $handler;
                        handler(self, caller, r).map(Response::$variant)
                    })*
                }
            }
        }

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
    ] CreateDbCluster(CreateCluster) -> rds::DbClusterResponse =
        |c, caller, r| c.create_db_cluster(caller, r.clone());
    "create-db-instance" [
        "db-instance-identifier", "db-cluster-identifier", "db-instance-class", "engine"
    ] CreateDbInstance(rds::CreateDbInstance) -> rds::DbInstanceResponse =
        |c, caller, r| c.create_db_instance(caller, &r.identifier, &r.cluster);
    "delete-db-instance" ["db-instance-identifier"]
        DeleteDbInstance(rds::DeleteDbInstance) -> rds::DbInstanceResponse =
        |c, caller, r| c.delete_db_instance(caller, &r.identifier);
    "describe-db-instances" ["db-instance-identifier"]
        DescribeDbInstances(rds::DescribeDbInstances) -> rds::DescribeDbInstancesResponse =
        |c, caller, r| c.describe_db_instances(caller, r.identifier.as_deref());
    "modify-db-cluster" [
        "db-cluster-identifier", "new-db-cluster-identifier", "storage-type", "apply-immediately"
    ] ModifyDbCluster(rds::ModifyDbCluster) -> rds::DbClusterResponse =
        |c, caller, r| c.modify_db_cluster(caller, &r.cluster, r.new_identifier.as_deref(), r.storage_type);
    "delete-db-cluster" [
        "db-cluster-identifier", "skip-final-snapshot", "final-db-snapshot-identifier"
    ] DeleteDbCluster(rds::DeleteDbCluster) -> rds::DbClusterResponse =
        |c, caller, r| c.delete_db_cluster(caller, &r.cluster, r.skip_final_snapshot, r.final_snapshot.as_deref());
    "describe-db-clusters" ["db-cluster-identifier", "include-shared", "filters"]
        DescribeDbClusters(rds::DescribeDbClusters) -> rds::DescribeDbClustersResponse =
        |c, caller, r| c.describe_db_clusters(caller, r.cluster.as_deref(), r.include_shared, r.clone_group_id.as_deref());
    "restore-db-cluster-to-point-in-time" [
        "source-db-cluster-identifier", "db-cluster-identifier", "restore-type",
        "use-latest-restorable-time", "restore-to-time", "kms-key-id"
    ] RestoreDbClusterToPointInTime(RestoreToPointInTime) -> rds::RestoreDbClusterResponse =
        |c, caller, r| c.restore_db_cluster_to_point_in_time(caller, r.clone());
    "create-db-cluster-snapshot" ["db-cluster-identifier", "db-cluster-snapshot-identifier"]
        CreateDbClusterSnapshot(rds::CreateDbClusterSnapshot) -> rds::DbClusterSnapshotResponse =
        |c, caller, r| c.create_db_cluster_snapshot(caller, &r.cluster, &r.snapshot);
    "copy-db-cluster-snapshot" [
        "source-db-cluster-snapshot-identifier", "target-db-cluster-snapshot-identifier", "kms-key-id"
    ] CopyDbClusterSnapshot(rds::CopyDbClusterSnapshot) -> rds::DbClusterSnapshotResponse =
        |c, caller, r| c.copy_db_cluster_snapshot(caller, &r.source, &r.target, r.kms_key_id.as_deref());
    "modify-db-cluster-snapshot-attribute" [
        "db-cluster-snapshot-identifier", "attribute-name", "values-to-add", "values-to-remove"
    ] ModifyDbClusterSnapshotAttribute(rds::ModifyDbClusterSnapshotAttribute) -> rds::SnapshotAttributesResponse =
        |c, caller, r| c.modify_db_cluster_snapshot_attribute(caller, &r.snapshot, &r.attribute, &r.add, &r.remove);
    "restore-db-cluster-from-snapshot" [
        "snapshot-identifier", "db-cluster-identifier", "engine", "kms-key-id"
    ] RestoreDbClusterFromSnapshot(RestoreFromSnapshot) -> rds::DbClusterResponse =
        |c, caller, r| c.restore_db_cluster_from_snapshot(caller, r.clone());
    "describe-db-cluster-snapshots" [
        "db-cluster-identifier", "db-cluster-snapshot-identifier", "include-shared"
    ] DescribeDbClusterSnapshots(rds::DescribeDbClusterSnapshots) -> rds::DescribeDbClusterSnapshotsResponse =
        |c, caller, r| c.describe_db_cluster_snapshots(caller, r);
    "describe-db-cluster-snapshot-attributes" ["db-cluster-snapshot-identifier"]
        DescribeDbClusterSnapshotAttributes(rds::DescribeDbClusterSnapshotAttributes) -> rds::SnapshotAttributesResponse =
        |c, caller, r| c.describe_db_cluster_snapshot_attributes(caller, &r.snapshot);
    "delete-db-cluster-snapshot" ["db-cluster-snapshot-identifier"]
        DeleteDbClusterSnapshot(rds::DeleteDbClusterSnapshot) -> rds::DbClusterSnapshotResponse =
        |c, caller, r| c.delete_db_cluster_snapshot(caller, &r.snapshot);
    "kms-create-key" ["alias", "description"]
        CreateKey(kms::CreateKey) -> kms::KeyMetadataResponse =
        |c, caller, r| c.kms_create_key(caller, r.alias.as_deref());
    "kms-put-key-policy" ["key-id", "policy", "policy-name"]
        PutKeyPolicy(kms::PutKeyPolicy) -> kms::KeyMetadataResponse =
        |c, caller, r| c.kms_put_key_policy(caller, &r.key, &r.policy);
    "kms-create-alias" ["alias-name", "target-key-id"]
        CreateAlias(kms::CreateAlias) -> kms::Empty =
        |c, caller, r| c.kms_create_alias(caller, &r.alias, &r.key);
    "kms-list-aliases" ["key-id"]
        ListAliases(kms::ListAliases) -> kms::AliasesResponse =
        |c, caller, r| c.kms_list_aliases(caller, r.key.as_deref());
    "kms-describe-key" ["key-id"]
        DescribeKey(kms::DescribeKey) -> kms::KeyMetadataResponse =
        |c, caller, r| c.kms_describe_key(caller, &r.key);
    "kms-get-key-policy" ["key-id", "policy-name"]
        GetKeyPolicy(kms::GetKeyPolicy) -> kms::KeyPolicyResponse =
        |c, caller, r| c.kms_get_key_policy(caller, &r.key);
    "enable-sharing-with-aws-organization" []
        EnableSharingWithAwsOrganization(ram::EnableSharingWithAwsOrganization) -> ram::ReturnValue =
        |c, caller, _| c.enable_sharing_with_aws_organization(caller);
    "create-resource-share" ["name", "resource-arns", "principals", "allow-external-principals"]
        CreateResourceShare(ram::CreateResourceShare) -> ram::ResourceShareResponse =
        |c, caller, r| c.create_resource_share(caller, &r.name, &r.request, r.allow_external_principals);
    "associate-resource-share" ["resource-share-arn", "name", "resource-arns", "principals"]
        AssociateResourceShare(ram::AssociateResourceShare) -> ram::ResourceShareResponse =
        |c, caller, r| c.associate_resource_share(caller, &r.share, &r.request);
    "disassociate-resource-share" ["resource-share-arn", "name", "resource-arns", "principals"]
        DisassociateResourceShare(ram::DisassociateResourceShare) -> ram::ResourceShareResponse =
        |c, caller, r| c.disassociate_resource_share(caller, &r.share, &r.request);
    "delete-resource-share" ["resource-share-arn", "name"]
        DeleteResourceShare(ram::DeleteResourceShare) -> ram::ReturnValue =
        |c, caller, r| c.delete_resource_share(caller, &r.share);
    "get-resource-share-invitations" ["status"]
        GetResourceShareInvitations(ram::GetResourceShareInvitations) -> ram::InvitationsResponse =
        |c, caller, r| Ok(c.get_resource_share_invitations(caller, r.status));
    "accept-resource-share-invitation" ["resource-share-invitation-arn", "resource-share-name"]
        AcceptResourceShareInvitation(ram::AcceptResourceShareInvitation) -> ram::InvitationResponse =
        |c, caller, r| c.accept_resource_share_invitation(caller, &r.invitation);
    "reject-resource-share-invitation" ["resource-share-invitation-arn", "resource-share-name"]
        RejectResourceShareInvitation(ram::RejectResourceShareInvitation) -> ram::InvitationResponse =
        |c, caller, r| c.reject_resource_share_invitation(caller, &r.invitation);
    "get-resource-shares" ["resource-owner", "name", "resource-share-arns"]
        GetResourceShares(ram::GetResourceShares) -> ram::ResourceSharesResponse =
        |c, caller, r| Ok(c.get_resource_shares(caller, r));
    "get-resource-share-associations" ["association-type", "resource-share-arns"]
        GetResourceShareAssociations(ram::GetResourceShareAssociations) -> ram::AssociationsResponse =
        |c, caller, r| Ok(c.get_resource_share_associations(caller, r));
    "list-resources" ["resource-owner", "resource-share-arns"]
        ListResources(ram::ListResources) -> ram::ResourcesResponse =
        |c, caller, r| Ok(c.list_resources(caller, r));
    "list-principals" ["resource-arns", "resource-owner"]
        ListPrincipals(ram::ListPrincipals) -> ram::PrincipalsResponse =
        |c, caller, r| c.list_principals(caller, &r.resource_arns, r.owner);
}
