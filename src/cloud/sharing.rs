//! AWS RAM: resource shares of DB clusters, their associations, and
//! invitations (docs/aws-behaviour.md).

use std::collections::BTreeMap;

use super::arn::{Arn, looks_like_arn};
use super::ids::{AccountId, ClusterId, InvitationId, ShareId};
use super::kms::Tag;
use super::ops::ram::SentInvitations;
use super::ops::ram::{
    GetResourceShareInvitations, InvitationRef, InvitationResponse, InvitationsResponse,
    ListPrincipals, Principal, PrincipalAssociation, PrincipalsResponse, ResourceAssociation,
    ResourceOwner, ResourceShare, ResourceShareInvitation, ResourceShareResponse, ReturnValue,
    ShareRef, ShareRequest,
};
use super::ram::{
    AssociationEvent, AssociationStatus, INVITATION_TTL_SECONDS, Invitation, InvitationEvent,
    InvitationStatus, Share, ShareStatus,
};
use super::rds::{ClusterStatus, EngineMode};
use super::share_settings::{check_share_tags, ram_page};
use super::shareable::other_type;
use super::{AwsError, Cloud, Pending};
use crate::shown::shown;

/// What a share names to share: clusters, and resources of other types by
/// ARN with their type.
type Shareable = (Vec<ClusterId>, Vec<(String, &'static str)>);

impl Cloud {
    /// `enable-sharing-with-aws-organization`: the management account only.
    pub fn enable_sharing_with_aws_organization(
        &mut self,
        caller: AccountId,
    ) -> Result<ReturnValue, AwsError> {
        let org = self
            .organizations
            .iter()
            .position(|o| o.management == caller)
            .ok_or_else(|| {
                AwsError::OperationNotPermitted(format!(
                    "account {caller} is not the management account of an organization"
                ))
            })?;
        self.organizations[org].sharing_enabled = true;
        Ok(ReturnValue { return_value: true })
    }

    /// `create-resource-share`, without tags.
    pub fn create_resource_share(
        &mut self,
        caller: AccountId,
        name: &str,
        req: &ShareRequest,
        allow_external_principals: bool,
    ) -> Result<ResourceShareResponse, AwsError> {
        self.create_tagged_resource_share(caller, name, req, allow_external_principals, &[])
    }

    /// `create-resource-share`.
    pub fn create_tagged_resource_share(
        &mut self,
        caller: AccountId,
        name: &str,
        req: &ShareRequest,
        allow_external_principals: bool,
        tags: &[Tag],
    ) -> Result<ResourceShareResponse, AwsError> {
        check_share_tags(&[], tags)?;
        if name.is_empty() {
            return Err(AwsError::InvalidParameter(
                "a resource share needs a name".into(),
            ));
        }
        let resources = self.shareable_resources(caller, &req.resource_arns)?;
        let principals = self.principals(caller, &req.principals, allow_external_principals)?;
        let id = ShareId(self.shares.len() as u32);
        let uuid = self.uuid();
        self.shares.push(Share {
            id,
            uuid,
            owner: caller,
            name: name.into(),
            allow_external_principals,
            status: ShareStatus::Active,
            resources: BTreeMap::new(),
            others: BTreeMap::new(),
            principals: BTreeMap::new(),
            created_at: self.now,
            updated_at: self.now,
            tags: Vec::new(),
        });
        super::key_tags::merged(&mut self.shares[id.index()].tags, tags);
        let invitations = self.associate(id, &resources, &principals);
        Ok(ResourceShareResponse {
            resource_share: self.resource_share(id),
            sim: SentInvitations {
                invitations: Some(invitations),
            }
            .into(),
        })
    }

    /// `associate-resource-share`: adds resources and principals.
    pub fn associate_resource_share(
        &mut self,
        caller: AccountId,
        share: &ShareRef,
        req: &ShareRequest,
    ) -> Result<ResourceShareResponse, AwsError> {
        let id = self.own_share(caller, share)?;
        let allow = self.shares[id.index()].allow_external_principals;
        let resources = self.shareable_resources(caller, &req.resource_arns)?;
        let principals = self.principals(caller, &req.principals, allow)?;
        let invitations = self.associate(id, &resources, &principals);
        self.shares[id.index()].updated_at = self.now;
        Ok(ResourceShareResponse {
            resource_share: self.resource_share(id),
            sim: SentInvitations {
                invitations: Some(invitations),
            }
            .into(),
        })
    }

    /// `disassociate-resource-share`: a removed principal loses the right
    /// to clone; clones it already made stay.
    pub fn disassociate_resource_share(
        &mut self,
        caller: AccountId,
        share: &ShareRef,
        req: &ShareRequest,
    ) -> Result<ResourceShareResponse, AwsError> {
        let id = self.own_share(caller, share)?;
        let mut resources = Vec::new();
        let mut others = Vec::new();
        for arn in &req.resource_arns {
            if self.other_resource(caller, arn)?.is_some() {
                if !self.shares[id.index()].others.contains_key(arn) {
                    return Err(AwsError::InvalidParameter(format!(
                        "{} is not in the resource share",
                        shown(arn)
                    )));
                }
                others.push(arn);
                continue;
            }
            let c = self.resource_cluster(caller, arn)?;
            if !self.shares[id.index()].resources.contains_key(&c) {
                return Err(AwsError::InvalidParameter(format!(
                    "{} is not in the resource share",
                    shown(arn)
                )));
            }
            resources.push(c);
        }
        let mut principals = Vec::new();
        for p in &req.principals {
            let accounts = self.principal_accounts(caller, p)?;
            for a in accounts {
                if !self.shares[id.index()].principals.contains_key(&a) {
                    return Err(AwsError::InvalidParameter(format!(
                        "{a} is not a principal of the resource share"
                    )));
                }
                principals.push(a);
            }
        }
        let share = &mut self.shares[id.index()];
        share.updated_at = self.now;
        for c in resources {
            disassociate(share.resources.get_mut(&c));
        }
        for arn in others {
            disassociate(share.others.get_mut(arn).map(|(_, status)| status));
        }
        for a in &principals {
            disassociate(share.principals.get_mut(a));
        }
        for inv in self.invitations.iter_mut().filter(|i| {
            i.share == id
                && i.status == InvitationStatus::Pending
                && principals.contains(&i.receiver)
        }) {
            inv.withdrawn = true;
        }
        Ok(ResourceShareResponse {
            resource_share: self.resource_share(id),
            sim: SentInvitations { invitations: None }.into(),
        })
    }

    /// `delete-resource-share`: every association ends; clones stay.
    pub fn delete_resource_share(
        &mut self,
        caller: AccountId,
        share: &ShareRef,
    ) -> Result<ReturnValue, AwsError> {
        let id = self.own_share(caller, share)?;
        let s = &mut self.shares[id.index()];
        s.status = ShareStatus::Deleted;
        let others = s.others.values_mut().map(|(_, status)| status);
        for status in s
            .resources
            .values_mut()
            .chain(others)
            .chain(s.principals.values_mut())
        {
            disassociate(Some(status));
        }
        Ok(ReturnValue { return_value: true })
    }

    /// `get-resource-share-invitations`: those sent to the caller, a
    /// page at a time.
    pub fn get_resource_share_invitations(
        &self,
        caller: AccountId,
        r: &GetResourceShareInvitations,
    ) -> Result<InvitationsResponse, AwsError> {
        let list: Vec<Option<ResourceShareInvitation>> = self
            .invitations
            .iter()
            .filter(|i| i.receiver == caller)
            .map(|i| {
                (!i.withdrawn && r.status.is_none_or(|s| i.status == s))
                    .then(|| self.invitation(i.id))
            })
            .collect();
        let call = format!("GetResourceShareInvitations {caller} {:?}", r.status);
        let (list, next_token) = ram_page(list, r.max_results, r.next_token.as_deref(), &call)?;
        Ok(InvitationsResponse {
            resource_share_invitations: list,
            next_token,
        })
    }

    /// `accept-resource-share-invitation`.
    pub fn accept_resource_share_invitation(
        &mut self,
        caller: AccountId,
        which: &InvitationRef,
    ) -> Result<InvitationResponse, AwsError> {
        self.answer_invitation(caller, which, InvitationEvent::Accept)
    }

    /// `reject-resource-share-invitation`.
    pub fn reject_resource_share_invitation(
        &mut self,
        caller: AccountId,
        which: &InvitationRef,
    ) -> Result<InvitationResponse, AwsError> {
        self.answer_invitation(caller, which, InvitationEvent::Reject)
    }

    /// `list-principals`, a page at a time.
    pub fn list_principals(
        &self,
        caller: AccountId,
        r: &ListPrincipals,
    ) -> Result<PrincipalsResponse, AwsError> {
        let (resource_arns, owner) = (&r.resource_arns, r.owner);
        // Resources the caller can't see are left out, and list nothing:
        // naming only those gives an empty list, not every principal.
        let mut wanted = Vec::new();
        for arn in resource_arns.iter() {
            Arn::parse(arn).map_err(|e| AwsError::MalformedArn(e.to_string()))?;
            if let Ok(c) = self.resource_cluster(caller, arn) {
                wanted.push(c);
            }
        }
        let filtered = !resource_arns.is_empty();
        let mut out = Vec::new();
        for s in self
            .shares
            .iter()
            .filter(|s| s.status == ShareStatus::Active)
        {
            let has_wanted = !filtered
                || wanted
                    .iter()
                    .any(|c| s.resources.get(c) == Some(&AssociationStatus::Associated));
            if !has_wanted {
                continue;
            }
            for (&a, &status) in &s.principals {
                let mine = match owner {
                    ResourceOwner::SelfOwned => s.owner == caller,
                    ResourceOwner::OtherAccounts => a == caller && s.owner != caller,
                };
                if mine
                    && matches!(
                        status,
                        AssociationStatus::Associated | AssociationStatus::Associating
                    )
                {
                    out.push(Principal {
                        id: a,
                        resource_share_arn: self.share_arn(s.id),
                        external: !self.same_org(s.owner, a),
                        status,
                    });
                }
            }
        }
        let call = format!("ListPrincipals {caller} {owner} {resource_arns:?}");
        let (principals, next_token) = ram_page(
            out.into_iter().map(Some).collect(),
            r.max_results,
            r.next_token.as_deref(),
            &call,
        )?;
        Ok(PrincipalsResponse {
            principals,
            next_token,
        })
    }

    /// Sets a rejected or expired invitation's principal association to
    /// FAILED.
    pub(super) fn fail_principal(&mut self, invitation: InvitationId) {
        let inv = &self.invitations[invitation.index()];
        let (share, receiver) = (inv.share, inv.receiver);
        if let Some(status) = self.shares[share.index()].principals.get_mut(&receiver)
            && let Some(next) = status.next(AssociationEvent::Fail)
        {
            *status = next;
        }
    }

    fn answer_invitation(
        &mut self,
        caller: AccountId,
        which: &InvitationRef,
        event: InvitationEvent,
    ) -> Result<InvitationResponse, AwsError> {
        let id = self.find_invitation(caller, which)?;
        let inv = self.invitations[id.index()].clone();
        let name = self.invitation_arn(id);
        let next = inv.status.next(event).ok_or_else(|| match inv.status {
            InvitationStatus::Accepted => AwsError::InvitationAlreadyAccepted(name.clone()),
            InvitationStatus::Rejected => AwsError::InvitationAlreadyRejected(name.clone()),
            _ => AwsError::InvitationExpired(name.clone()),
        })?;
        self.invitations[id.index()].status = next;
        match event {
            InvitationEvent::Accept => {
                let (share, receiver) = (inv.share, inv.receiver);
                if let Some(status) = self.shares[share.index()].principals.get_mut(&receiver)
                    && let Some(next) = status.next(AssociationEvent::Accept)
                {
                    *status = next;
                }
            }
            _ => self.fail_principal(id),
        }
        Ok(InvitationResponse {
            resource_share_invitation: self.invitation(id),
        })
    }

    fn find_invitation(
        &self,
        caller: AccountId,
        which: &InvitationRef,
    ) -> Result<InvitationId, AwsError> {
        let found = match which {
            InvitationRef::Arn(arn) => {
                let parsed = Arn::parse(arn).map_err(|e| AwsError::MalformedArn(e.to_string()))?;
                let uuid = parsed
                    .resource_id("ram", "resource-share-invitation")
                    .ok_or_else(|| {
                        AwsError::MalformedArn(format!(
                            "`{}` is not a resource share invitation ARN",
                            shown(arn)
                        ))
                    })?;
                self.invitations
                    .iter()
                    .find(|i| i.uuid == uuid && i.receiver == caller && !i.withdrawn)
            }
            InvitationRef::ShareName(name) => self.invitations.iter().rev().find(|i| {
                i.receiver == caller && !i.withdrawn && self.shares[i.share.index()].name == *name
            }),
        };
        found.map(|i| i.id).ok_or_else(|| {
            AwsError::InvitationArnNotFound(match which {
                InvitationRef::Arn(a) => a.clone(),
                InvitationRef::ShareName(n) => format!("for resource share {n}"),
            })
        })
    }

    /// Associates resources and principals; returns the invitations sent.
    fn associate(
        &mut self,
        id: ShareId,
        (resources, others): &Shareable,
        principals: &[AccountId],
    ) -> Vec<ResourceShareInvitation> {
        let owner = self.shares[id.index()].owner;
        for &c in resources {
            self.shares[id.index()]
                .resources
                .insert(c, AssociationStatus::Associated);
        }
        for (arn, kind) in others {
            self.shares[id.index()]
                .others
                .insert(arn.clone(), (kind, AssociationStatus::Associated));
        }
        let mut sent = Vec::new();
        for &a in principals {
            let current = self.shares[id.index()].principals.get(&a).copied();
            if matches!(
                current,
                Some(AssociationStatus::Associated | AssociationStatus::Associating)
            ) {
                continue;
            }
            if self.same_sharing_org(owner, a) {
                self.shares[id.index()]
                    .principals
                    .insert(a, AssociationStatus::Associated);
                continue;
            }
            self.shares[id.index()]
                .principals
                .insert(a, AssociationStatus::Associating);
            let inv = InvitationId(self.invitations.len() as u32);
            let uuid = self.uuid();
            self.invitations.push(Invitation {
                id: inv,
                uuid,
                share: id,
                sender: owner,
                receiver: a,
                status: InvitationStatus::Pending,
                sent_at: self.now,
                withdrawn: false,
            });
            self.schedule_in(INVITATION_TTL_SECONDS, Pending::InvitationExpires(inv));
            sent.push(self.invitation(inv));
        }
        sent
    }

    pub(super) fn own_share(
        &self,
        caller: AccountId,
        which: &ShareRef,
    ) -> Result<ShareId, AwsError> {
        let live = |s: &&Share| s.owner == caller && s.status == ShareStatus::Active;
        match which {
            ShareRef::Arn(arn) => {
                let parsed = Arn::parse(arn).map_err(|e| AwsError::MalformedArn(e.to_string()))?;
                let uuid = parsed.resource_id("ram", "resource-share").ok_or_else(|| {
                    AwsError::MalformedArn(format!("`{}` is not a resource share ARN", shown(arn)))
                })?;
                self.shares
                    .iter()
                    .filter(live)
                    .find(|s| s.uuid == uuid)
                    .map(|s| s.id)
            }
            ShareRef::Name(name) => {
                let matching: Vec<ShareId> = self
                    .shares
                    .iter()
                    .filter(live)
                    .filter(|s| s.name == *name)
                    .map(|s| s.id)
                    .collect();
                if matching.len() > 1 {
                    return Err(AwsError::InvalidParameter(format!(
                        "{} resource shares are named {}: name one by resource-share-arn",
                        matching.len(),
                        shown(name)
                    )));
                }
                matching.first().copied()
            }
        }
        .ok_or_else(|| {
            AwsError::UnknownResource(match which {
                ShareRef::Arn(a) => a.clone(),
                ShareRef::Name(n) => n.clone(),
            })
        })
    }

    /// Checks each resource ARN is a cluster of the caller's that can be
    /// shared now.
    fn shareable_resources(
        &self,
        caller: AccountId,
        arns: &[String],
    ) -> Result<Shareable, AwsError> {
        let mut out = Vec::new();
        let mut others = Vec::new();
        for arn in arns {
            if let Some(kind) = self.other_resource(caller, arn)? {
                others.push((arn.clone(), kind));
                continue;
            }
            let c = self.resource_cluster(caller, arn)?;
            let cluster = &self.clusters[c.index()];
            if cluster.account != caller {
                return Err(AwsError::OperationNotPermitted(format!(
                    "{arn} is shared with account {caller}, not owned by it: resources shared with you can't be shared again"
                )));
            }
            if cluster.engine_mode == EngineMode::Serverless {
                return Err(AwsError::InvalidParameter(format!(
                    "{arn} is an Aurora Serverless v1 cluster, which can't be cloned across accounts"
                )));
            }
            if cluster.status != ClusterStatus::Available {
                return Err(AwsError::InvalidStateTransition(format!(
                    "{arn} is {}: only an available (ACTIVE) cluster can be shared",
                    cluster.status
                )));
            }
            out.push(c);
        }
        Ok((out, others))
    }

    /// The type of a resource of another type RAM shares that `arn`
    /// names, if it names one; one of another account's is not found, as
    /// a cluster of another account's is.
    fn other_resource(
        &self,
        caller: AccountId,
        arn: &str,
    ) -> Result<Option<&'static str>, AwsError> {
        let parsed = Arn::parse(arn).map_err(|e| AwsError::MalformedArn(e.to_string()))?;
        let Some(kind) = other_type(&parsed) else {
            return Ok(None);
        };
        if parsed.account != Some(caller) || parsed.region != self.config.region {
            return Err(AwsError::UnknownResource(arn.into()));
        }
        Ok(Some(kind.name))
    }

    /// The cluster a resource ARN names, if the caller can see it.
    fn resource_cluster(&self, caller: AccountId, arn: &str) -> Result<ClusterId, AwsError> {
        let parsed = Arn::parse(arn).map_err(|e| AwsError::MalformedArn(e.to_string()))?;
        if parsed.resource_id("rds", "cluster").is_none() {
            return Err(AwsError::InvalidParameter(format!(
                "{}: cowsim shares DB clusters (arn:aws:rds:REGION:ACCOUNT:cluster:ID) and stores shares of the types list-resource-types lists",
                shown(arn)
            )));
        }
        self.visible_cluster(caller, arn)
            .map_err(|_| AwsError::UnknownResource(arn.into()))
    }

    fn principals(
        &self,
        caller: AccountId,
        names: &[String],
        allow_external: bool,
    ) -> Result<Vec<AccountId>, AwsError> {
        let mut out = Vec::new();
        for p in names {
            for a in self.principal_accounts(caller, p)? {
                if !allow_external && !self.same_org(caller, a) {
                    return Err(AwsError::OperationNotPermitted(format!(
                        "principal {a} is outside the organization of {caller}, and the resource share doesn't allow external principals"
                    )));
                }
                if a != caller && !out.contains(&a) {
                    out.push(a);
                }
            }
        }
        Ok(out)
    }

    /// An account id, or the ARN of the caller's organization (all its
    /// accounts).
    fn principal_accounts(&self, caller: AccountId, p: &str) -> Result<Vec<AccountId>, AwsError> {
        if !looks_like_arn(p) {
            return p
                .parse::<AccountId>()
                .map(|a| vec![a])
                .map_err(|e| AwsError::InvalidParameter(e.to_string()));
        }
        let arn = Arn::parse(p).map_err(|e| AwsError::MalformedArn(e.to_string()))?;
        let org_id = arn
            .resource_id("organizations", "organization")
            .ok_or_else(|| {
                AwsError::InvalidParameter(format!(
                    "principal `{}`: expected an account id or an organization ARN",
                    shown(p)
                ))
            })?;
        let org = self
            .organizations
            .iter()
            .find(|o| o.id == org_id && o.accounts.contains(&caller))
            .ok_or_else(|| AwsError::UnknownResource(p.into()))?;
        Ok(org
            .accounts
            .iter()
            .copied()
            .filter(|&a| a != caller)
            .collect())
    }

    pub(super) fn share_arn(&self, id: ShareId) -> String {
        let s = &self.shares[id.index()];
        Arn::new(
            "ram",
            &self.config.region,
            s.owner,
            format!("resource-share/{}", s.uuid),
        )
        .to_string()
    }

    fn invitation_arn(&self, id: InvitationId) -> String {
        let i = &self.invitations[id.index()];
        Arn::new(
            "ram",
            &self.config.region,
            i.sender,
            format!("resource-share-invitation/{}", i.uuid),
        )
        .to_string()
    }

    pub(super) fn resource_share(&self, id: ShareId) -> ResourceShare {
        let s = &self.shares[id.index()];
        ResourceShare {
            resource_share_arn: self.share_arn(id),
            name: s.name.clone(),
            owning_account_id: s.owner,
            allow_external_principals: s.allow_external_principals,
            status: s.status,
            resources: s
                .resources
                .iter()
                .map(|(&c, &status)| ResourceAssociation {
                    arn: self.cluster_arn(c),
                    status,
                })
                .chain(
                    s.others
                        .iter()
                        .map(|(arn, &(_, status))| ResourceAssociation {
                            arn: arn.clone(),
                            status,
                        }),
                )
                .collect(),
            principals: s
                .principals
                .iter()
                .map(|(&id, &status)| PrincipalAssociation { id, status })
                .collect(),
        }
    }

    fn invitation(&self, id: InvitationId) -> ResourceShareInvitation {
        let i = &self.invitations[id.index()];
        ResourceShareInvitation {
            resource_share_invitation_arn: self.invitation_arn(id),
            resource_share_name: self.shares[i.share.index()].name.clone(),
            resource_share_arn: self.share_arn(i.share),
            sender_account_id: i.sender,
            receiver_account_id: i.receiver,
            receiver_arn: Arn::new("iam", "", i.receiver, "root".into()).to_string(),
            invitation_timestamp: i.sent_at,
            status: i.status,
        }
    }
}

fn disassociate(status: Option<&mut AssociationStatus>) {
    if let Some(s) = status
        && let Some(next) = s.next(AssociationEvent::Disassociate)
    {
        *s = next;
    }
}
