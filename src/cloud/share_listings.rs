//! RAM's listings: `get-resource-shares`, `get-resource-share-associations`
//! and `list-resources`. An owner sees its shares whole; an account a
//! share grants sees the share and the clusters it may use, and nothing of
//! the share's other principals.

use super::ids::{AccountId, ShareId};
use super::ops::ram::{
    AssociationType, AssociationsResponse, GetResourceShareAssociations, GetResourceShares,
    ListResources, Resource, ResourceShareAssociation, ResourceSharesResponse, ResourcesResponse,
};
use super::ram::{AssociationStatus, ShareStatus};
use super::share_settings::ram_page;
use super::{AwsError, Cloud, ResourceOwner};

impl Cloud {
    /// `get-resource-shares`.
    pub fn get_resource_shares(
        &self,
        caller: AccountId,
        r: &GetResourceShares,
    ) -> Result<ResourceSharesResponse, AwsError> {
        let resource_shares = self
            .listed_shares(caller, r.owner, &r.share_arns)
            .filter(|&id| {
                r.name
                    .as_ref()
                    .is_none_or(|n| self.shares[id.index()].name == *n)
            })
            .map(|id| {
                let mut share = self.resource_share(id);
                if self.shares[id.index()].owner != caller {
                    share.resources.clear();
                    share.principals.clear();
                }
                Some(share)
            })
            .collect();
        let call = format!(
            "GetResourceShares {caller} {} {:?} {:?}",
            r.owner, r.name, r.share_arns
        );
        let (resource_shares, next_token) = ram_page(
            resource_shares,
            r.max_results,
            r.next_token.as_deref(),
            &call,
        )?;
        Ok(ResourceSharesResponse {
            resource_shares,
            next_token,
        })
    }

    /// `get-resource-share-associations`: of the caller's own shares.
    pub fn get_resource_share_associations(
        &self,
        caller: AccountId,
        r: &GetResourceShareAssociations,
    ) -> Result<AssociationsResponse, AwsError> {
        let mut out = Vec::new();
        for id in self.listed_shares(caller, ResourceOwner::SelfOwned, &r.share_arns) {
            let s = &self.shares[id.index()];
            let entities: Vec<(String, AssociationStatus, bool)> = match r.kind {
                AssociationType::Principal => s
                    .principals
                    .iter()
                    .map(|(&a, &status)| (a.to_string(), status, !self.same_org(s.owner, a)))
                    .collect(),
                AssociationType::Resource => s
                    .resources
                    .iter()
                    .map(|(&c, &status)| (self.cluster_arn(c), status, false))
                    .chain(
                        s.others
                            .iter()
                            .map(|(arn, &(_, status))| (arn.clone(), status, false)),
                    )
                    .collect(),
            };
            out.extend(entities.into_iter().map(|(entity, status, external)| {
                ResourceShareAssociation {
                    resource_share_arn: self.share_arn(id),
                    resource_share_name: s.name.clone(),
                    associated_entity: entity,
                    association_type: r.kind,
                    status,
                    external,
                }
            }));
        }
        let call = format!(
            "GetResourceShareAssociations {caller} {} {:?}",
            r.kind, r.share_arns
        );
        let (out, next_token) = ram_page(
            out.into_iter().map(Some).collect(),
            r.max_results,
            r.next_token.as_deref(),
            &call,
        )?;
        Ok(AssociationsResponse {
            resource_share_associations: out,
            next_token,
        })
    }

    /// `list-resources`: the clusters the caller shares, or those shares
    /// grant it now.
    pub fn list_resources(
        &self,
        caller: AccountId,
        r: &ListResources,
    ) -> Result<ResourcesResponse, AwsError> {
        let mut resources = Vec::new();
        for id in self.listed_shares(caller, r.owner, &r.share_arns) {
            let s = &self.shares[id.index()];
            for (&c, &status) in &s.resources {
                let listed = match r.owner {
                    ResourceOwner::SelfOwned => status != AssociationStatus::Disassociated,
                    ResourceOwner::OtherAccounts => s.grants(caller, c),
                };
                if listed {
                    resources.push(Resource {
                        arn: self.cluster_arn(c),
                        kind: "rds:Cluster",
                        resource_share_arn: self.share_arn(id),
                        status: "AVAILABLE",
                    });
                }
            }
            for (arn, &(kind, status)) in &s.others {
                let listed = match r.owner {
                    ResourceOwner::SelfOwned => status != AssociationStatus::Disassociated,
                    ResourceOwner::OtherAccounts => {
                        status == AssociationStatus::Associated
                            && s.principals.get(&caller) == Some(&AssociationStatus::Associated)
                    }
                };
                if listed {
                    resources.push(Resource {
                        arn: arn.clone(),
                        kind,
                        resource_share_arn: self.share_arn(id),
                        status: "AVAILABLE",
                    });
                }
            }
        }
        let call = format!("ListResources {caller} {} {:?}", r.owner, r.share_arns);
        let (resources, next_token) = ram_page(
            resources.into_iter().map(Some).collect(),
            r.max_results,
            r.next_token.as_deref(),
            &call,
        )?;
        Ok(ResourcesResponse {
            resources,
            next_token,
        })
    }

    /// The active shares the caller owns (`SELF`) or belongs to as a
    /// principal (`OTHER-ACCOUNTS`), of `arns` when some are named.
    fn listed_shares<'a>(
        &'a self,
        caller: AccountId,
        owner: ResourceOwner,
        arns: &'a [String],
    ) -> impl Iterator<Item = ShareId> + 'a {
        self.shares
            .iter()
            .filter(move |s| {
                let visible = match owner {
                    ResourceOwner::SelfOwned => s.owner == caller,
                    ResourceOwner::OtherAccounts => {
                        s.owner != caller
                            && s.principals.get(&caller) == Some(&AssociationStatus::Associated)
                    }
                };
                visible && s.status == ShareStatus::Active
            })
            .map(|s| s.id)
            .filter(move |&id| arns.is_empty() || arns.contains(&self.share_arn(id)))
    }
}
