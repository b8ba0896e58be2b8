//! KMS grants: a second way, besides the key policy, to let another
//! account use a key (docs/aws-behaviour.md, "Grants"). A grant to an
//! account of `Decrypt` and `CreateGrant` lets it clone a cluster the key
//! encrypts, unless the key policy denies it.

use super::ids::AccountId;
use super::key_retire::{GRANT_TOKEN_PREFIX, check_grant_id};
use super::kms::{Grant, KeyState, principal_account};
use super::listing::kms_page;
use super::ops::kms::{
    CreateGrant, Empty, GrantCreated, GrantListEntry, GrantsResponse, ListGrants,
};
use super::{AwsError, Cloud};
use crate::shown::shown;

/// KMS's grant operations (botocore's `GrantOperation`).
const GRANT_OPERATIONS: &[&str] = &[
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
    "Sign",
    "Verify",
    "GetPublicKey",
    "CreateGrant",
    "RetireGrant",
    "DescribeKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateMac",
    "VerifyMac",
    "DeriveSharedSecret",
    "Encapsulate",
    "Decapsulate",
];

impl Cloud {
    /// `kms-create-grant`, on a customer managed key of the caller's.
    pub fn kms_create_grant(
        &mut self,
        caller: AccountId,
        r: &CreateGrant,
    ) -> Result<GrantCreated, AwsError> {
        let id = self.own_key(caller, &r.key)?;
        self.not_pending_deletion(id)?;
        if self.keys[id.index()].state == KeyState::Disabled {
            return Err(AwsError::KmsDisabled(format!(
                "{} is disabled.",
                self.keys[id.index()].arn(&self.config.region)
            )));
        }
        if r.operations.0.is_empty() {
            return Err(AwsError::KmsValidation(
                "Operations must name at least one grant operation".into(),
            ));
        }
        if let Some(bad) = r
            .operations
            .0
            .iter()
            .find(|op| !GRANT_OPERATIONS.contains(&op.as_str()))
        {
            return Err(AwsError::KmsValidation(format!(
                "1 validation error detected: Value '{}' at 'operations' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                shown(bad),
                GRANT_OPERATIONS.join(", ")
            )));
        }
        let grantee_account = principal_account(&r.grantee).map_err(|e| {
            AwsError::KmsValidation(format!("GranteePrincipal {:?}: {e}", shown(&r.grantee)))
        })?;
        let first = self.uuid().replace('-', "");
        let second = self.uuid_of(self.uuids | 1 << 62).replace('-', "");
        let grant_id = format!("{first}{second}");
        let now = self.now;
        self.keys[id.index()].grants.push(Grant {
            grant_id: grant_id.clone(),
            name: r.name.clone(),
            grantee: r.grantee.clone(),
            grantee_account,
            retiring: r.retiring.clone(),
            operations: r.operations.0.clone(),
            created_at: now,
        });
        Ok(GrantCreated {
            grant_token: format!("{GRANT_TOKEN_PREFIX}{grant_id}"),
            grant_id,
        })
    }

    /// `kms-list-grants`: the grants of a key of the caller's, a page at
    /// a time.
    pub fn kms_list_grants(
        &self,
        caller: AccountId,
        r: &ListGrants,
    ) -> Result<GrantsResponse, AwsError> {
        let id = self.own_key(caller, &r.key)?;
        let k = &self.keys[id.index()];
        let arn = k.arn(&self.config.region);
        let items: Vec<Option<GrantListEntry>> = k
            .grants
            .iter()
            .filter(|g| {
                r.grant_id.as_ref().is_none_or(|want| g.grant_id == *want)
                    && r.grantee.as_ref().is_none_or(|want| g.grantee == *want)
            })
            .map(|g| {
                Some(GrantListEntry {
                    key_id: arn.clone(),
                    grant_id: g.grant_id.clone(),
                    name: g.name.clone(),
                    creation_date: g.created_at,
                    grantee_principal: g.grantee.clone(),
                    retiring_principal: g.retiring.clone(),
                    issuing_account: format!("arn:aws:iam::{}:root", k.owner),
                    operations: g.operations.clone(),
                })
            })
            .collect();
        let call = format!(
            "ListGrants {caller} {} {:?} {:?}",
            k.key_id, r.grant_id, r.grantee
        );
        let (grants, next) = kms_page(items, r.limit, 100, 50, r.marker.as_deref(), &call)?;
        Ok(GrantsResponse {
            grants,
            truncated: next.is_some(),
            next_marker: next,
        })
    }

    /// `kms-revoke-grant`: the grantee loses what the grant gave it;
    /// clones it already made stay.
    pub fn kms_revoke_grant(
        &mut self,
        caller: AccountId,
        key: &str,
        grant_id: &str,
    ) -> Result<Empty, AwsError> {
        let id = self.own_key(caller, key)?;
        check_grant_id(grant_id)?;
        let grants = &mut self.keys[id.index()].grants;
        let Some(at) = grants.iter().position(|g| g.grant_id == grant_id) else {
            return Err(AwsError::KmsNotFound(format!("Grant {grant_id}")));
        };
        grants.remove(at);
        Ok(Empty {})
    }
}
