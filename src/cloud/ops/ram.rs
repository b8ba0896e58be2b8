//! RAM requests, and responses with the field names of the RAM API
//! (camelCase).

use serde::Serialize;

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

/// `enable-sharing-with-aws-organization`.
#[derive(Clone, Debug, PartialEq)]
pub struct EnableSharingWithAwsOrganization;

/// `create-resource-share`.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateResourceShare {
    pub name: String,
    pub request: ShareRequest,
    pub allow_external_principals: bool,
}

/// `associate-resource-share`.
#[derive(Clone, Debug, PartialEq)]
pub struct AssociateResourceShare {
    pub share: ShareRef,
    pub request: ShareRequest,
}

/// `disassociate-resource-share`.
#[derive(Clone, Debug, PartialEq)]
pub struct DisassociateResourceShare {
    pub share: ShareRef,
    pub request: ShareRequest,
}

/// `delete-resource-share`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeleteResourceShare {
    pub share: ShareRef,
}

/// `get-resource-share-invitations`, optionally of one status.
#[derive(Clone, Debug, PartialEq)]
pub struct GetResourceShareInvitations {
    pub status: Option<InvitationStatus>,
}

/// `accept-resource-share-invitation`.
#[derive(Clone, Debug, PartialEq)]
pub struct AcceptResourceShareInvitation {
    pub invitation: InvitationRef,
}

/// `reject-resource-share-invitation`.
#[derive(Clone, Debug, PartialEq)]
pub struct RejectResourceShareInvitation {
    pub invitation: InvitationRef,
}

/// `list-principals`.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPrincipals {
    pub resource_arns: Vec<String>,
    pub owner: ResourceOwner,
}

/// `get-resource-shares`: the caller's shares (`SELF`), or those shared
/// with it (`OTHER-ACCOUNTS`, without their lists of resources and
/// principals, which are the owner's to see).
#[derive(Clone, Debug, PartialEq)]
pub struct GetResourceShares {
    pub owner: ResourceOwner,
    pub name: Option<String>,
    pub share_arns: Vec<String>,
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

/// `get-resource-share-associations`: of the caller's shares.
#[derive(Clone, Debug, PartialEq)]
pub struct GetResourceShareAssociations {
    pub kind: AssociationType,
    pub share_arns: Vec<String>,
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

/// `list-resources`: the clusters the caller shares (`SELF`) or that are
/// shared with it (`OTHER-ACCOUNTS`).
#[derive(Clone, Debug, PartialEq)]
pub struct ListResources {
    pub owner: ResourceOwner,
    pub share_arns: Vec<String>,
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
