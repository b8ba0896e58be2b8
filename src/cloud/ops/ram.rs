//! RAM requests, and responses with the field names of the RAM API
//! (camelCase).

use serde::Serialize;

use super::declare::{Param, Refusal, Validated, extension, request, validated};
use super::extras::SimExtras;
use super::identifiers::SHARE_NAME;
use super::kms::TagKeys;

use crate::names::named_enum;

use crate::cloud::ids::AccountId;
use crate::cloud::kms::Tag;
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
    /// The receiver as an IAM principal: RAM names the account invited
    /// by its root (`arn:aws:iam::222222222222:root`), as it would name
    /// an IAM user or role invited.
    pub receiver_arn: String,
    pub invitation_timestamp: SimTime,
    pub status: InvitationStatus,
}

/// `create-resource-share` and `associate-resource-share`: the share, and
/// (the simulator's own) the invitations sent.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceShareResponse {
    pub resource_share: ResourceShare,
    #[serde(flatten)]
    pub sim: SimExtras<SentInvitations>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
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
    #[serde(rename = "nextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
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

/// `create-resource-share`: the share's name, what it shares, with whom.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateResourceShare {
    pub name: String,
    pub request: ShareRequest,
    pub allow_external_principals: bool,
    pub tags: RamTags,
}

request! {
    /// `create-resource-share` as given.
    pub struct CreateResourceShareFields accepting {} {
        pub name: String = "name" / "name" valid SHARE_NAME,
        pub resource_arns: ClusterArns = "resource-arns" / "resourceArns",
        pub principals: Principals = "principals" / "principals",
        pub allow_external_principals: bool =
            "allow-external-principals" / "allowExternalPrincipals" or true,
        pub tags: RamTags = "tags" / "tags",
    }
}

impl Validated for CreateResourceShare {
    type Fields = CreateResourceShareFields;

    fn validate(f: CreateResourceShareFields) -> Result<Self, Refusal> {
        Ok(CreateResourceShare {
            name: f.name,
            request: ShareRequest {
                resource_arns: f.resource_arns.0,
                principals: f.principals.0,
            },
            allow_external_principals: f.allow_external_principals,
            tags: f.tags,
        })
    }

    fn fields(&self) -> CreateResourceShareFields {
        CreateResourceShareFields {
            name: self.name.clone(),
            resource_arns: ClusterArns(self.request.resource_arns.clone()),
            principals: Principals(self.request.principals.clone()),
            allow_external_principals: self.allow_external_principals,
            tags: self.tags.clone(),
        }
    }
}

validated!(CreateResourceShare, CreateResourceShareFields);

/// Principals a share names: account ids, or organization and
/// organizational unit ARNs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Principals(pub Vec<String>);

/// A resource share's ARN, as a request names one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareArn(pub String);

/// A resource share invitation's ARN, as a request names one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationArn(pub String);

/// The parameter that names a share by its name (a scenario's).
const SHARE_NAME_PARAM: Param = extension("name");

/// The share one of two parameters names: its ARN, or (a scenario's) its
/// name.
fn share_ref(arn: Option<ShareArn>, name: Option<String>) -> Result<ShareRef, Refusal> {
    match (arn, name) {
        (Some(arn), None) => Ok(ShareRef::Arn(arn.0)),
        (None, Some(name)) => Ok(ShareRef::Name(name)),
        (Some(_), Some(_)) => Err(Refusal::of(
            SHARE_NAME_PARAM,
            "give `resource-share-arn` or `name`, not both",
        )),
        (None, None) => Err(Refusal {
            param: None,
            code: None,
            message: "missing `resource-share-arn` or `name`".into(),
        }),
    }
}

/// The two parameters [`share_ref`] reads.
fn share_fields(share: &ShareRef) -> (Option<ShareArn>, Option<String>) {
    match share {
        ShareRef::Arn(arn) => (Some(ShareArn(arn.clone())), None),
        ShareRef::Name(name) => (None, Some(name.clone())),
    }
}

request! {
    /// A share named, and resources and principals to join to it or part
    /// from it: `associate-resource-share`, `disassociate-resource-share`.
    pub struct ShareChangeFields accepting {} {
        pub arn: Option<ShareArn> = "resource-share-arn" / "resourceShareArn",
        pub name: Option<String> = "name" / -,
        pub resource_arns: ClusterArns = "resource-arns" / "resourceArns",
        pub principals: Principals = "principals" / "principals",
    }
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

/// The association calls, which read alike.
macro_rules! share_change {
    ($name:ident) => {
        impl Validated for $name {
            type Fields = ShareChangeFields;

            fn validate(f: ShareChangeFields) -> Result<Self, Refusal> {
                Ok($name {
                    share: share_ref(f.arn, f.name)?,
                    request: ShareRequest {
                        resource_arns: f.resource_arns.0,
                        principals: f.principals.0,
                    },
                })
            }

            fn fields(&self) -> ShareChangeFields {
                let (arn, name) = share_fields(&self.share);
                ShareChangeFields {
                    arn,
                    name,
                    resource_arns: ClusterArns(self.request.resource_arns.clone()),
                    principals: Principals(self.request.principals.clone()),
                }
            }
        }

        validated!($name, ShareChangeFields);
    };
}

share_change!(AssociateResourceShare);
share_change!(DisassociateResourceShare);

request! {
    /// A share named: `delete-resource-share`.
    pub struct ShareNamedFields accepting {} {
        pub arn: Option<ShareArn> = "resource-share-arn" / "resourceShareArn",
        pub name: Option<String> = "name" / -,
    }
}

/// `delete-resource-share`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeleteResourceShare {
    pub share: ShareRef,
}

impl Validated for DeleteResourceShare {
    type Fields = ShareNamedFields;

    fn validate(f: ShareNamedFields) -> Result<Self, Refusal> {
        Ok(DeleteResourceShare {
            share: share_ref(f.arn, f.name)?,
        })
    }

    fn fields(&self) -> ShareNamedFields {
        let (arn, name) = share_fields(&self.share);
        ShareNamedFields { arn, name }
    }
}

validated!(DeleteResourceShare, ShareNamedFields);

request! {
    /// `get-resource-share-invitations`, optionally of one status (a
    /// scenario's: it has no `--query`).
    pub struct GetResourceShareInvitations accepting {} {
        pub status: Option<InvitationStatus> = "status" / -,
        pub max_results: Option<u64> = "max-results" / "maxResults",
        pub next_token: Option<String> = "next-token" / "nextToken",
    }
}

request! {
    /// An invitation named, by its ARN or (a scenario's) the name of its
    /// share: `accept-resource-share-invitation`,
    /// `reject-resource-share-invitation`.
    pub struct InvitationFields accepting {} {
        pub arn: Option<InvitationArn> =
            "resource-share-invitation-arn" / "resourceShareInvitationArn",
        pub share_name: Option<String> = "resource-share-name" / -,
    }
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

/// The invitation calls, which read alike: one of two parameters names
/// the invitation.
macro_rules! invitation_call {
    ($name:ident) => {
        impl Validated for $name {
            type Fields = InvitationFields;

            fn validate(f: InvitationFields) -> Result<Self, Refusal> {
                let invitation = match (f.arn, f.share_name) {
                    (Some(arn), None) => InvitationRef::Arn(arn.0),
                    (None, Some(name)) => InvitationRef::ShareName(name),
                    (Some(_), Some(_)) => {
                        return Err(Refusal::of(
                            extension("resource-share-name"),
                            "give `resource-share-invitation-arn` or `resource-share-name`, not both",
                        ));
                    }
                    (None, None) => {
                        return Err(Refusal {
                            param: None,
                            code: None,
                            message: "missing `resource-share-invitation-arn` or `resource-share-name`"
                                .into(),
                        });
                    }
                };
                Ok($name { invitation })
            }

            fn fields(&self) -> InvitationFields {
                match &self.invitation {
                    InvitationRef::Arn(arn) => InvitationFields {
                        arn: Some(InvitationArn(arn.clone())),
                        share_name: None,
                    },
                    InvitationRef::ShareName(name) => InvitationFields {
                        arn: None,
                        share_name: Some(name.clone()),
                    },
                }
            }
        }

        validated!($name, InvitationFields);
    };
}

invitation_call!(AcceptResourceShareInvitation);
invitation_call!(RejectResourceShareInvitation);

request! {
    /// `list-principals`: whom the caller shares its clusters with
    /// (`SELF`), or who shares with it (`OTHER-ACCOUNTS`). A scenario may
    /// name several clusters; the API's one `resourceArn` is a list of one.
    pub struct ListPrincipals accepting {} {
        pub resource_arns: ClusterArns = "resource-arns" / "resourceArn",
        pub owner: ResourceOwner =
            "resource-owner" / "resourceOwner" or ResourceOwner::SelfOwned,
        pub max_results: Option<u64> = "max-results" / "maxResults",
        pub next_token: Option<String> = "next-token" / "nextToken",
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
        pub max_results: Option<u64> = "max-results" / "maxResults",
        pub next_token: Option<String> = "next-token" / "nextToken",
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
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
        pub max_results: Option<u64> = "max-results" / "maxResults",
        pub next_token: Option<String> = "next-token" / "nextToken",
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

request! {
    /// `list-resources`: the clusters the caller shares (`SELF`) or that
    /// are shared with it (`OTHER-ACCOUNTS`).
    pub struct ListResources accepting {} {
        pub owner: ResourceOwner = "resource-owner" / "resourceOwner",
        pub share_arns: ShareArns = "resource-share-arns" / "resourceShareArns",
        pub max_results: Option<u64> = "max-results" / "maxResults",
        pub next_token: Option<String> = "next-token" / "nextToken",
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
    #[serde(rename = "nextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// Tags of a resource share: `[{key, value}, ...]`; none is a list of
/// none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RamTags(pub Vec<Tag>);

request! {
    /// `update-resource-share`: a share of the caller's renamed, or its
    /// `allowExternalPrincipals` changed.
    pub struct UpdateResourceShare accepting {
        "client-token" / "clientToken": Option<String>,
    } {
        pub arn: ShareArn = "resource-share-arn" / "resourceShareArn",
        pub name: Option<String> = "name" / "name" valid SHARE_NAME,
        pub allow_external_principals: Option<bool> =
            "allow-external-principals" / "allowExternalPrincipals",
    }
}

/// `update-resource-share`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdatedShare {
    pub resource_share: ResourceShare,
}

request! {
    /// `tag-resource` (RAM): tags added to, or changed on, a share.
    pub struct TagShare accepting {} {
        pub arn: Option<ShareArn> = "resource-share-arn" / "resourceShareArn",
        pub tags: RamTags = "tags" / "tags",
    }
}

request! {
    /// `untag-resource` (RAM).
    pub struct UntagShare accepting {} {
        pub arn: Option<ShareArn> = "resource-share-arn" / "resourceShareArn",
        pub tag_keys: TagKeys = "tag-keys" / "tagKeys",
    }
}

/// A call RAM answers with an empty object (`tag-resource`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RamEmpty {}

request! {
    /// `list-permissions`: the managed permissions for shares of DB
    /// clusters.
    pub struct ListPermissions accepting {
        "permission-type" / "permissionType": Option<String>,
        "permission-status" / "permissionStatus": Option<String>,
        "resource-owner" / "resourceOwner": Option<ResourceOwner>,
    } {
        pub resource_type: Option<String> = "resource-type" / "resourceType",
        pub max_results: Option<u64> = "max-results" / "maxResults",
        pub next_token: Option<String> = "next-token" / "nextToken",
    }
}

/// A RAM managed permission.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permission {
    pub arn: String,
    pub version: &'static str,
    pub default_version: bool,
    pub name: &'static str,
    pub resource_type: &'static str,
    pub status: &'static str,
    pub is_resource_type_default: bool,
    pub permission_type: &'static str,
    pub feature_set: &'static str,
}

/// `list-permissions`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PermissionsResponse {
    pub permissions: Vec<Permission>,
    #[serde(rename = "nextToken", skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

request! {
    /// `list-resource-types`: the resource types cowsim shares.
    pub struct ListResourceTypes accepting {
        "resource-region-scope" / "resourceRegionScope": Option<String>,
    } {
        pub max_results: Option<u64> = "max-results" / "maxResults",
        pub next_token: Option<String> = "next-token" / "nextToken",
    }
}

/// A resource type RAM shares.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceType {
    pub resource_type: &'static str,
    pub service_name: &'static str,
    pub resource_region_scope: &'static str,
}

/// `list-resource-types`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTypesResponse {
    pub resource_types: Vec<ResourceType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// The invitations a share's call sent (none to accounts of an
/// organization that shares); `None` from a call that sends none.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SentInvitations {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invitations: Option<Vec<ResourceShareInvitation>>,
}
