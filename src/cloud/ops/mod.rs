//! The AWS operations, typed: one request and one response type each,
//! declared once, in a module per service, with the APIs' own field names
//! as serde attributes. JSON (and XML) are made from these only where a
//! response leaves the crate.
//!
//! `operations!` below is the registry: a line there names an operation
//! as the AWS CLI does, and its request and response types; the request
//! type declares its parameters (`declare.rs`). From it come [`Request`], [`Response`], [`OPERATIONS`] and
//! [`read_request`], which every front door (the scenario parser, an HTTP
//! endpoint) reads requests through: a front door that can't read a new
//! operation doesn't compile. `ops/` is a leaf of `cloud/`: the handlers
//! import its types, and `Cloud::call` (in `cloud/call.rs`) maps each
//! request to its handler with an exhaustive match, so an operation
//! without a handler doesn't compile either.

pub mod declare;
pub mod extras;
pub mod groups;
pub mod identifiers;
pub mod kms;
pub mod lifecycle;
pub mod op_name;
pub mod ram;
pub mod rds;
pub mod refs;
pub mod sim;
pub mod tags;

use serde::Serialize;

pub use declare::{Declared, Param, ReadsParam, Refusal, Writer, WritesParam, Written};
pub use op_name::OpName;
use rds::{CreateCluster, RestoreFromSnapshot, RestoreToPointInTime};

/// Something requests are read from: a scenario step, an HTTP request.
pub trait Reader {
    /// Why a request could not be read, saying where.
    type Error;

    /// A request's values refused once read (an identifier's form, a
    /// cross-field rule), as this front door tells it.
    fn refuse(&mut self, refusal: Refusal) -> Self::Error;
}

/// A [`Reader`] that can read requests of type `T`.
pub trait Reads<T>: Reader {
    fn read(&mut self) -> Result<T, Self::Error>;
}

macro_rules! operations {
    ($(
        $(#[$doc:meta])*
        $name:literal $variant:ident($req:ty) -> $resp:ty;
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

        /// One of the AWS operations, without its parameters.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum AwsOp {
            $($(#[$doc])* $variant,)*
        }

        impl AwsOp {
            /// Every operation, in the registry's order.
            pub const ALL: &[AwsOp] = &[$(AwsOp::$variant,)*];

            /// The operation's name, as the AWS CLI spells it.
            pub fn name(self) -> &'static str {
                match self {
                    $(AwsOp::$variant => $name,)*
                }
            }
        }

        impl Request {
            /// The operation it is a request to.
            pub fn op(&self) -> AwsOp {
                match self {
                    $(Request::$variant(_) => AwsOp::$variant,)*
                }
            }

            /// The operation's name, as the AWS CLI spells it.
            pub fn name(&self) -> &'static str {
                self.op().name()
            }
        }

        /// Every operation's name and the parameters it takes, as each
        /// request type declares them.
        pub const OPERATIONS: &[(&str, &[Param])] = &[$(($name, <$req as Declared>::PARAMS),)*];

        /// Reads a request of the operation `op` from `reader`, after
        /// `check` has seen the parameters the operation takes (to refuse
        /// unknown ones first).
        pub fn read_request<R>(
            op: AwsOp,
            reader: &mut R,
            check: impl FnOnce(&mut R, &'static [Param]) -> Result<(), R::Error>,
        ) -> Result<Request, R::Error>
        where
            R: Reader $(+ Reads<$req>)*,
        {
            match op {
                $(AwsOp::$variant => check(reader, <$req as Declared>::PARAMS)
                    .and_then(|()| Reads::<$req>::read(reader).map(Request::$variant)),)*
            }
        }

        /// Writes `request`'s parameters to `writer`, as a step that reads
        /// back as the same request.
        pub fn write_request<W>(request: &Request, writer: &mut W)
        where
            W: Writer,
            $($req: Written<W>,)*
        {
            match request {
                $(Request::$variant(r) => r.write(writer),)*
            }
        }
    };
}

operations! {
    "create-db-cluster" CreateDbCluster(CreateCluster) -> rds::DbClusterResponse;
    "create-db-instance" CreateDbInstance(rds::CreateDbInstance) -> rds::DbInstanceResponse;
    "delete-db-instance" DeleteDbInstance(rds::DeleteDbInstance) -> rds::DbInstanceResponse;
    "modify-db-instance" ModifyDbInstance(rds::ModifyDbInstance) -> rds::DbInstanceResponse;
    "describe-db-instances" DescribeDbInstances(rds::DescribeDbInstances) -> rds::DescribeDbInstancesResponse;
    "modify-db-cluster" ModifyDbCluster(rds::ModifyDbCluster) -> rds::DbClusterResponse;
    "delete-db-cluster" DeleteDbCluster(rds::DeleteDbCluster) -> rds::DbClusterResponse;
    "stop-db-cluster" StopDbCluster(rds::StopDbCluster) -> rds::DbClusterResponse;
    "start-db-cluster" StartDbCluster(rds::StartDbCluster) -> rds::DbClusterResponse;
    "describe-db-clusters" DescribeDbClusters(rds::DescribeDbClusters) -> rds::DescribeDbClustersResponse;
    "restore-db-cluster-to-point-in-time" RestoreDbClusterToPointInTime(RestoreToPointInTime) -> rds::RestoreDbClusterResponse;
    "create-db-cluster-snapshot" CreateDbClusterSnapshot(rds::CreateDbClusterSnapshot) -> rds::DbClusterSnapshotResponse;
    "copy-db-cluster-snapshot" CopyDbClusterSnapshot(rds::CopyDbClusterSnapshot) -> rds::DbClusterSnapshotResponse;
    "modify-db-cluster-snapshot-attribute" ModifyDbClusterSnapshotAttribute(rds::ModifyDbClusterSnapshotAttribute) -> rds::SnapshotAttributesResponse;
    "restore-db-cluster-from-snapshot" RestoreDbClusterFromSnapshot(RestoreFromSnapshot) -> rds::DbClusterResponse;
    "describe-db-cluster-snapshots" DescribeDbClusterSnapshots(rds::DescribeDbClusterSnapshots) -> rds::DescribeDbClusterSnapshotsResponse;
    "describe-db-cluster-snapshot-attributes" DescribeDbClusterSnapshotAttributes(rds::DescribeDbClusterSnapshotAttributes) -> rds::SnapshotAttributesResponse;
    "delete-db-cluster-snapshot" DeleteDbClusterSnapshot(rds::DeleteDbClusterSnapshot) -> rds::DbClusterSnapshotResponse;
    "describe-db-engine-versions" DescribeDbEngineVersions(rds::DescribeDbEngineVersions) -> rds::DescribeDbEngineVersionsResponse;
    "reboot-db-instance" RebootDbInstance(lifecycle::RebootDbInstance) -> rds::DbInstanceResponse;
    "failover-db-cluster" FailoverDbCluster(lifecycle::FailoverDbCluster) -> rds::DbClusterResponse;
    "create-db-cluster-parameter-group" CreateDbClusterParameterGroup(groups::CreateDbClusterParameterGroup) -> groups::DbClusterParameterGroupResponse;
    "copy-db-cluster-parameter-group" CopyDbClusterParameterGroup(groups::CopyDbClusterParameterGroup) -> groups::DbClusterParameterGroupResponse;
    "describe-db-cluster-parameter-groups" DescribeDbClusterParameterGroups(groups::DescribeDbClusterParameterGroups) -> groups::DescribeDbClusterParameterGroupsResponse;
    "describe-db-cluster-parameters" DescribeDbClusterParameters(groups::DescribeDbClusterParameters) -> groups::ParametersResponse;
    "modify-db-cluster-parameter-group" ModifyDbClusterParameterGroup(groups::ModifyDbClusterParameterGroup) -> groups::DbClusterParameterGroupNameResponse;
    "reset-db-cluster-parameter-group" ResetDbClusterParameterGroup(groups::ResetDbClusterParameterGroup) -> groups::DbClusterParameterGroupNameResponse;
    "delete-db-cluster-parameter-group" DeleteDbClusterParameterGroup(groups::DeleteDbClusterParameterGroup) -> groups::Deleted;
    "describe-engine-default-cluster-parameters" DescribeEngineDefaultClusterParameters(groups::DescribeEngineDefaultClusterParameters) -> groups::EngineDefaultsResponse;
    "create-db-parameter-group" CreateDbParameterGroup(groups::CreateDbParameterGroup) -> groups::DbParameterGroupResponse;
    "copy-db-parameter-group" CopyDbParameterGroup(groups::CopyDbParameterGroup) -> groups::DbParameterGroupResponse;
    "describe-db-parameter-groups" DescribeDbParameterGroups(groups::DescribeDbParameterGroups) -> groups::DescribeDbParameterGroupsResponse;
    "describe-db-parameters" DescribeDbParameters(groups::DescribeDbParameters) -> groups::ParametersResponse;
    "modify-db-parameter-group" ModifyDbParameterGroup(groups::ModifyDbParameterGroup) -> groups::DbParameterGroupNameResponse;
    "reset-db-parameter-group" ResetDbParameterGroup(groups::ResetDbParameterGroup) -> groups::DbParameterGroupNameResponse;
    "delete-db-parameter-group" DeleteDbParameterGroup(groups::DeleteDbParameterGroup) -> groups::Deleted;
    "describe-engine-default-parameters" DescribeEngineDefaultParameters(groups::DescribeEngineDefaultParameters) -> groups::EngineDefaultsResponse;
    "create-db-subnet-group" CreateDbSubnetGroup(groups::CreateDbSubnetGroup) -> groups::DbSubnetGroupResponse;
    "describe-db-subnet-groups" DescribeDbSubnetGroups(groups::DescribeDbSubnetGroups) -> groups::DescribeDbSubnetGroupsResponse;
    "modify-db-subnet-group" ModifyDbSubnetGroup(groups::ModifyDbSubnetGroup) -> groups::DbSubnetGroupResponse;
    "delete-db-subnet-group" DeleteDbSubnetGroup(groups::DeleteDbSubnetGroup) -> groups::Deleted;
    "add-tags-to-resource" AddTagsToResource(tags::AddTagsToResource) -> tags::TagsChanged;
    "list-tags-for-resource" ListTagsForResource(tags::ListTagsForResource) -> tags::TagListResponse;
    "remove-tags-from-resource" RemoveTagsFromResource(tags::RemoveTagsFromResource) -> tags::TagsChanged;
    "kms-create-key" CreateKey(kms::CreateKey) -> kms::KeyMetadataResponse;
    "kms-put-key-policy" PutKeyPolicy(kms::PutKeyPolicy) -> kms::KeyMetadataResponse;
    "kms-create-alias" CreateAlias(kms::CreateAlias) -> kms::Empty;
    "kms-list-aliases" ListAliases(kms::ListAliases) -> kms::AliasesResponse;
    "kms-describe-key" DescribeKey(kms::DescribeKey) -> kms::KeyMetadataResponse;
    "kms-get-key-policy" GetKeyPolicy(kms::GetKeyPolicy) -> kms::KeyPolicyResponse;
    "kms-delete-alias" DeleteAlias(kms::DeleteAlias) -> kms::Empty;
    "kms-update-alias" UpdateAlias(kms::UpdateAlias) -> kms::Empty;
    "kms-list-keys" ListKeys(kms::ListKeys) -> kms::KeysResponse;
    "kms-enable-key" EnableKey(kms::KeyNamed) -> kms::Empty;
    "kms-disable-key" DisableKey(kms::KeyNamed) -> kms::Empty;
    "kms-schedule-key-deletion" ScheduleKeyDeletion(kms::ScheduleKeyDeletion) -> kms::ScheduledDeletion;
    "kms-cancel-key-deletion" CancelKeyDeletion(kms::KeyNamed) -> kms::KeyIdResponse;
    "kms-enable-key-rotation" EnableKeyRotation(kms::EnableKeyRotation) -> kms::Empty;
    "kms-disable-key-rotation" DisableKeyRotation(kms::KeyNamed) -> kms::Empty;
    "kms-get-key-rotation-status" GetKeyRotationStatus(kms::KeyNamed) -> kms::RotationStatus;
    "kms-create-grant" CreateGrant(kms::CreateGrant) -> kms::GrantCreated;
    "kms-list-grants" ListGrants(kms::ListGrants) -> kms::GrantsResponse;
    "kms-revoke-grant" RevokeGrant(kms::RevokeGrant) -> kms::Empty;
    "kms-tag-resource" TagKey(kms::TagKey) -> kms::Empty;
    "kms-untag-resource" UntagKey(kms::UntagKey) -> kms::Empty;
    "kms-list-resource-tags" ListKeyTags(kms::ListKeyTags) -> kms::KeyTagsResponse;
    "enable-sharing-with-aws-organization" EnableSharingWithAwsOrganization(ram::EnableSharingWithAwsOrganization) -> ram::ReturnValue;
    "create-resource-share" CreateResourceShare(ram::CreateResourceShare) -> ram::ResourceShareResponse;
    "associate-resource-share" AssociateResourceShare(ram::AssociateResourceShare) -> ram::ResourceShareResponse;
    "disassociate-resource-share" DisassociateResourceShare(ram::DisassociateResourceShare) -> ram::ResourceShareResponse;
    "delete-resource-share" DeleteResourceShare(ram::DeleteResourceShare) -> ram::ReturnValue;
    "get-resource-share-invitations" GetResourceShareInvitations(ram::GetResourceShareInvitations) -> ram::InvitationsResponse;
    "accept-resource-share-invitation" AcceptResourceShareInvitation(ram::AcceptResourceShareInvitation) -> ram::InvitationResponse;
    "reject-resource-share-invitation" RejectResourceShareInvitation(ram::RejectResourceShareInvitation) -> ram::InvitationResponse;
    "get-resource-shares" GetResourceShares(ram::GetResourceShares) -> ram::ResourceSharesResponse;
    "get-resource-share-associations" GetResourceShareAssociations(ram::GetResourceShareAssociations) -> ram::AssociationsResponse;
    "list-resources" ListResources(ram::ListResources) -> ram::ResourcesResponse;
    "list-principals" ListPrincipals(ram::ListPrincipals) -> ram::PrincipalsResponse;
    "update-resource-share" UpdateResourceShare(ram::UpdateResourceShare) -> ram::UpdatedShare;
    "tag-resource" TagShare(ram::TagShare) -> ram::RamEmpty;
    "untag-resource" UntagShare(ram::UntagShare) -> ram::RamEmpty;
    "list-permissions" ListPermissions(ram::ListPermissions) -> ram::PermissionsResponse;
    "list-resource-types" ListResourceTypes(ram::ListResourceTypes) -> ram::ResourceTypesResponse;
}
