//! A resource share's own settings: its name and
//! `allowExternalPrincipals` (`update-resource-share`), its tags (at most
//! 50), the managed permission and resource type RAM lists for shares of
//! DB clusters, and RAM's pages (`maxResults` 1 to 500, `nextToken`)
//! (docs/aws-behaviour.md, "RAM").

use super::ids::AccountId;
use super::kms::Tag;
use super::listing::page_of;
use super::ops::ram::{
    ListPermissions, ListResourceTypes, Permission, PermissionsResponse, RamEmpty, ResourceType,
    ResourceTypesResponse, ShareArn, ShareRef, UpdateResourceShare, UpdatedShare,
};
use super::ram::ShareStatus;
use super::shareable::OTHER_TYPES;
use super::{AwsError, Cloud};
use crate::shown::shown;
use crate::time::SimTime;

/// The most tags a resource share may have.
pub const MAX_SHARE_TAGS: usize = 50;

/// The most results a RAM page holds, and its size when `maxResults` is
/// left out.
const MAX_RESULTS: u64 = 500;

/// The resource type of a DB cluster, as RAM names it.
pub const CLUSTER_TYPE: &str = "rds:Cluster";

/// RAM's managed permission for shares of DB clusters.
const CLUSTER_PERMISSION: &str = "AWSRAMDefaultPermissionRDSCluster";

/// A page of a RAM listing, continued by `nextToken`.
pub(super) fn ram_page<T>(
    items: Vec<Option<T>>,
    max_results: Option<u64>,
    token: Option<&str>,
    call: &str,
) -> Result<(Vec<T>, Option<String>), AwsError> {
    let size = max_results.unwrap_or(MAX_RESULTS);
    if !(1..=MAX_RESULTS).contains(&size) {
        return Err(AwsError::InvalidParameter(format!(
            "maxResults must be between 1 and {MAX_RESULTS}, not {size}"
        )));
    }
    page_of(items, size, token, call).ok_or_else(|| {
        AwsError::InvalidNextToken(format!(
            "The nextToken {:?} is not valid for this request",
            shown(token.unwrap_or_default())
        ))
    })
}

/// Refuses tags RAM refuses, or more than [`MAX_SHARE_TAGS`] on a share
/// that has `current`.
pub(super) fn check_share_tags(current: &[Tag], new: &[Tag]) -> Result<(), AwsError> {
    if let Some(t) = new.iter().find(|t| {
        t.key.is_empty()
            || t.key.chars().count() > 128
            || t.value.chars().count() > 256
            || t.key.starts_with("aws:")
    }) {
        return Err(AwsError::InvalidParameter(format!(
            "Tag {:?}: a tag key holds 1 to 128 characters, not beginning with aws:, and a value at most 256",
            shown(&t.key)
        )));
    }
    let mut keys: Vec<&str> = current.iter().map(|t| t.key.as_str()).collect();
    for t in new {
        if !keys.contains(&t.key.as_str()) {
            keys.push(&t.key);
        }
    }
    if keys.len() > MAX_SHARE_TAGS {
        return Err(AwsError::TagLimitExceeded(format!(
            "A resource share can have at most {MAX_SHARE_TAGS} tags; this would give it {}",
            keys.len()
        )));
    }
    Ok(())
}

impl Cloud {
    /// `update-resource-share`: a share of the caller's renamed, or its
    /// `allowExternalPrincipals` changed (principals already in it stay).
    pub fn update_resource_share(
        &mut self,
        caller: AccountId,
        r: &UpdateResourceShare,
    ) -> Result<UpdatedShare, AwsError> {
        let id = self.own_share(caller, &ShareRef::Arn(r.arn.0.clone()))?;
        let now = self.now;
        let s = &mut self.shares[id.index()];
        if let Some(name) = &r.name {
            s.name = name.clone();
        }
        if let Some(allow) = r.allow_external_principals {
            s.allow_external_principals = allow;
        }
        s.updated_at = now;
        Ok(UpdatedShare {
            resource_share: self.resource_share(id),
        })
    }

    /// `tag-resource` (RAM), on a share of the caller's.
    pub fn tag_resource_share(
        &mut self,
        caller: AccountId,
        arn: Option<&ShareArn>,
        tags: &[Tag],
    ) -> Result<RamEmpty, AwsError> {
        let id = self.own_share(caller, &share_named(arn)?)?;
        check_share_tags(&self.shares[id.index()].tags, tags)?;
        let now = self.now;
        let s = &mut self.shares[id.index()];
        super::key_tags::merged(&mut s.tags, tags);
        s.updated_at = now;
        Ok(RamEmpty {})
    }

    /// `untag-resource` (RAM): keys it doesn't have are ignored.
    pub fn untag_resource_share(
        &mut self,
        caller: AccountId,
        arn: Option<&ShareArn>,
        keys: &[String],
    ) -> Result<RamEmpty, AwsError> {
        let id = self.own_share(caller, &share_named(arn)?)?;
        let now = self.now;
        let s = &mut self.shares[id.index()];
        s.tags.retain(|t| !keys.contains(&t.key));
        s.updated_at = now;
        Ok(RamEmpty {})
    }

    /// `list-permissions`: RAM's managed permission for DB clusters, the
    /// one a share of clusters carries.
    pub fn list_permissions(&self, r: &ListPermissions) -> Result<PermissionsResponse, AwsError> {
        let listed = r
            .resource_type
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case(CLUSTER_TYPE));
        let permissions = listed
            .then(|| Permission {
                arn: format!("arn:aws:ram::aws:permission/{CLUSTER_PERMISSION}"),
                version: "1",
                default_version: true,
                name: CLUSTER_PERMISSION,
                resource_type: CLUSTER_TYPE,
                status: "ATTACHABLE",
                is_resource_type_default: true,
                permission_type: "AWS_MANAGED",
                feature_set: "STANDARD",
            })
            .into_iter()
            .map(Some)
            .collect();
        let call = format!("ListPermissions {:?}", r.resource_type);
        let (permissions, next_token) =
            ram_page(permissions, r.max_results, r.next_token.as_deref(), &call)?;
        Ok(PermissionsResponse {
            permissions,
            next_token,
        })
    }

    /// `list-resource-types`: DB clusters, which cowsim shares, and the
    /// other types it stores shares of.
    pub fn list_resource_types(
        &self,
        r: &ListResourceTypes,
    ) -> Result<ResourceTypesResponse, AwsError> {
        let clusters = ResourceType {
            resource_type: CLUSTER_TYPE,
            service_name: "rds",
            resource_region_scope: "REGIONAL",
        };
        let types = std::iter::once(clusters)
            .chain(OTHER_TYPES.iter().map(|t| ResourceType {
                resource_type: t.name,
                service_name: t.service,
                resource_region_scope: "REGIONAL",
            }))
            .map(Some)
            .collect();
        let (resource_types, next_token) = ram_page(
            types,
            r.max_results,
            r.next_token.as_deref(),
            "ListResourceTypes",
        )?;
        Ok(ResourceTypesResponse {
            resource_types,
            next_token,
        })
    }

    /// A share's creation and last update times, and its tags, if the
    /// share of ARN `arn` is live and `caller` owns it or belongs to it:
    /// what `cowsim serve` adds to a share where a scenario's log keeps
    /// the short form.
    pub fn share_details(
        &self,
        caller: AccountId,
        arn: &str,
    ) -> Option<(SimTime, SimTime, Vec<Tag>)> {
        let s = self.shares.iter().find(|s| self.share_arn(s.id) == arn)?;
        let member = s.owner == caller || s.principals.contains_key(&caller);
        (member && s.status == ShareStatus::Active || s.owner == caller)
            .then(|| (s.created_at, s.updated_at, s.tags.clone()))
    }
}

/// The share a tagging call names: RAM tags shares (and permissions,
/// which cowsim doesn't model) by `resourceShareArn`.
fn share_named(arn: Option<&ShareArn>) -> Result<ShareRef, AwsError> {
    arn.map(|a| ShareRef::Arn(a.0.clone())).ok_or_else(|| {
        AwsError::InvalidParameter(
            "name the resource share to tag by resourceShareArn: cowsim tags shares only".into(),
        )
    })
}
