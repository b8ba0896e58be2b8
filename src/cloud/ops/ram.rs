//! RAM requests, and responses with the field names of the RAM API
//! (camelCase).

use serde::Serialize;

use super::declare::{Declared, Param, extension, param, request};

use crate::names::named_enum;

use crate::cloud::AccountId;
use crate::cloud::ram::{AssociationStatus, InvitationStatus, ShareStatus};
use crate::time::SimTime;

/// A resource share.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceShare {
    pub resource_share_arn: String,
    pub name: String,
    pub owning_account_id: AccountId,
    pub allow_external_principals: bool,
    pub status: ShareStatus,
    pub resources: Vec<ResourceAssociation>,
    pub principals: Vec<PrincipalAssociation>,
}

/// A cluster in a share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourceAssociation {
    pub arn: String,
    pub status: AssociationStatus,
}

/// An account in a share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrincipalAssociation {
    pub id: AccountId,
    pub status: AssociationStatus,
}

/// An invitation to join a share.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceShareInvitation {
    pub resource_share_invitation_arn: String,
    pub resource_share_name: String,
    pub resource_share_arn: String,
    pub sender_account_id: AccountId,
    pub receiver_account_id: AccountId,
    pub invitation_timestamp: SimTime,
    pub status: InvitationStatus,
}

/// `create-resource-share` and `associate-resource-share`: the share, and
/// the invitations sent (none to accounts of an organization that shares).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceShareResponse {
    pub resource_share: ResourceShare,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitations: Option<Vec<ResourceShareInvitation>>,
}

/// `enable-sharing-with-aws-organization` and `delete-resource-share`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReturnValue {
    pub return_value: bool,
}

/// `get-resource-share-invitations`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationsResponse {
    pub resource_share_invitations: Vec<ResourceShareInvitation>,
}

/// `accept-resource-share-invitation`, `reject-resource-share-invitation`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationResponse {
    pub resource_share_invitation: ResourceShareInvitation,
}

/// An account a cluster is shared with.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Principal {
    pub id: AccountId,
    pub resource_share_arn: String,
    /// Outside the owner's organization.
    pub external: bool,
    pub status: AssociationStatus,
}

/// `list-principals`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrincipalsResponse {
    pub principals: Vec<Principal>,
}

/// A resource share, by ARN or by the name its owner gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareRef {
    Arn(String),
    Name(String),
}

/// An invitation, by ARN or by the name of the share it is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvitationRef {
    Arn(String),
    ShareName(String),
}

named_enum! {
    /// Whose resources `list-principals` lists: `SELF`, the shares the
    /// caller owns (whom it shares with); `OTHER-ACCOUNTS`, the shares that
    /// grant the caller something.
    pub enum ResourceOwner ("resource owner") {
        SelfOwned = "SELF",
        OtherAccounts = "OTHER-ACCOUNTS",
    }
}

/// The resources and principals an association call names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareRequest {
    pub resource_arns: Vec<String>,
    pub principals: Vec<String>,
}

request! {
    /// `enable-sharing-with-aws-organization`.
    pub struct EnableSharingWithAwsOrganization accepting {} {}
}

/// The parameters naming a share: its ARN, or (a scenario's) its name.
const SHARE_REF: [Param; 2] = [
    param("resource-share-arn", "resourceShareArn"),
    extension("name"),
];

/// The parameters of an association call.
const SHARE_REQUEST: [Param; 2] = [
    param("resource-arns", "resourceArns"),
    param("principals", "principals"),
];

/// The parameters naming an invitation: its ARN, or (a scenario's) the
/// name of its share.
const INVITATION_REF: &[Param] = &[
    param(
        "resource-share-invitation-arn",
        "resourceShareInvitationArn",
    ),
    extension("resource-share-name"),
];

/// `create-resource-share`. Read by hand, as are the calls below that
/// name a share, an invitation or principals: one of two keys names the
/// share, and principals name a scenario's accounts.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateResourceShare {
    pub name: String,
    pub request: ShareRequest,
    pub allow_external_principals: bool,
}

impl Declared for CreateResourceShare {
    const PARAMS: &'static [Param] = &[
        param("name", "name"),
        SHARE_REQUEST[0],
        SHARE_REQUEST[1],
        param("allow-external-principals", "allowExternalPrincipals"),
    ];
}

/// `associate-resource-share`.
#[derive(Clone, Debug, PartialEq)]
pub struct AssociateResourceShare {
    pub share: ShareRef,
    pub request: ShareRequest,
}

impl Declared for AssociateResourceShare {
    const PARAMS: &'static [Param] = &[
        SHARE_REF[0],
        SHARE_REF[1],
        SHARE_REQUEST[0],
        SHARE_REQUEST[1],
    ];
}

/// `disassociate-resource-share`.
#[derive(Clone, Debug, PartialEq)]
pub struct DisassociateResourceShare {
    pub share: ShareRef,
    pub request: ShareRequest,
}

impl Declared for DisassociateResourceShare {
    const PARAMS: &'static [Param] = &[
        SHARE_REF[0],
        SHARE_REF[1],
        SHARE_REQUEST[0],
        SHARE_REQUEST[1],
    ];
}

/// `delete-resource-share`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeleteResourceShare {
    pub share: ShareRef,
}

impl Declared for DeleteResourceShare {
    const PARAMS: &'static [Param] = &SHARE_REF;
}

request! {
    /// `get-resource-share-invitations`, optionally of one status (a
    /// scenario's: it has no `--query`).
    pub struct GetResourceShareInvitations accepting {} {
        pub status: Option<InvitationStatus> = "status" / -,
    }
}

/// `accept-resource-share-invitation`.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptResourceShareInvitation {
    pub invitation: InvitationRef,
}

impl Declared for AcceptResourceShareInvitation {
    const PARAMS: &'static [Param] = INVITATION_REF;
}

/// `reject-resource-share-invitation`.
#[derive(Clone, Debug, PartialEq)]
pub struct RejectResourceShareInvitation {
    pub invitation: InvitationRef,
}

impl Declared for RejectResourceShareInvitation {
    const PARAMS: &'static [Param] = INVITATION_REF;
}

request! {
    /// `list-principals`: whom the caller shares its clusters with
    /// (`SELF`), or who shares with it (`OTHER-ACCOUNTS`). A scenario may
    /// name several clusters; the API's one `resourceArn` is a list of one.
    pub struct ListPrincipals accepting {} {
        pub resource_arns: ClusterArns = "resource-arns" / -,
        pub owner: ResourceOwner =
            "resource-owner" / "resourceOwner" or ResourceOwner::SelfOwned,
    }
}

/// DB clusters named by ARN.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClusterArns(pub Vec<String>);

impl std::ops::Deref for ClusterArns {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.0
    }
}

request! {
    /// `get-resource-shares`: the caller's shares (`SELF`), or those
    /// shared with it (`OTHER-ACCOUNTS`, without their lists of resources
    /// and principals, which are the owner's to see).
    pub struct GetResourceShares accepting {} {
        pub owner: ResourceOwner = "resource-owner" / "resourceOwner",
        pub name: Option<String> = "name" / "name",
        pub share_arns: ShareArns = "resource-share-arns" / "resourceShareArns",
    }
}

/// Resource shares named by ARN, to keep a listing to them; none keeps
/// all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShareArns(pub Vec<String>);

impl std::ops::Deref for ShareArns {
    type Target = [String];

    fn deref(&self) -> &[String] {
        &self.0
    }
}

/// `get-resource-shares`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceSharesResponse {
    pub resource_shares: Vec<ResourceShare>,
}

named_enum! {
    /// What a share association joins to a share.
    pub enum AssociationType ("association type") {
        Principal = "PRINCIPAL",
        Resource = "RESOURCE",
    }
}

request! {
    /// `get-resource-share-associations`: of the caller's shares.
    pub struct GetResourceShareAssociations accepting {} {
        pub kind: AssociationType = "association-type" / "associationType",
        pub share_arns: ShareArns = "resource-share-arns" / "resourceShareArns",
    }
}

/// A resource or principal of a share.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceShareAssociation {
    pub resource_share_arn: String,
    pub resource_share_name: String,
    pub associated_entity: String,
    pub association_type: AssociationType,
    pub status: AssociationStatus,
    pub external: bool,
}

/// `get-resource-share-associations`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssociationsResponse {
    pub resource_share_associations: Vec<ResourceShareAssociation>,
}

request! {
    /// `list-resources`: the clusters the caller shares (`SELF`) or that
    /// are shared with it (`OTHER-ACCOUNTS`).
    pub struct ListResources accepting {} {
        pub owner: ResourceOwner = "resource-owner" / "resourceOwner",
        pub share_arns: ShareArns = "resource-share-arns" / "resourceShareArns",
    }
}

/// A shared resource.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub arn: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub resource_share_arn: String,
    pub status: &'static str,
}

/// `list-resources`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResourcesResponse {
    pub resources: Vec<Resource>,
}
