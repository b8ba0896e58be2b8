//! Retiring a KMS grant (docs/aws-behaviour.md, "Grants"): unlike a
//! revoke, which the key's owner does, the grant itself says who may
//! retire it. cowsim's principals are accounts, so an account may retire
//! a grant when it is the key's (the account the grant was created in),
//! when the grant's retiring principal is of that account, or when the
//! grantee is and the grant allows `RetireGrant`.

use super::ids::{AccountId, KeyId};
use super::kms::{Grant, principal_account};
use super::ops::kms::{Empty, RetireGrant};
use super::{AwsError, Cloud};
use crate::shown::shown;

/// What a grant token starts with; the grant id follows (a token KMS
/// gives is opaque: this one is cowsim's own).
pub(super) const GRANT_TOKEN_PREFIX: &str = "AQpA";

/// Whether `id` has a grant id's form: 64 hexadecimal digits.
fn is_grant_id(id: &str) -> bool {
    id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Refuses a `GrantId` without a grant id's form, as KMS does.
pub(super) fn check_grant_id(id: &str) -> Result<(), AwsError> {
    if is_grant_id(id) {
        return Ok(());
    }
    Err(AwsError::KmsInvalidGrantId(format!(
        "{:?} is not a grant id (64 hexadecimal digits)",
        shown(id)
    )))
}

impl Grant {
    /// Whether `account` may retire the grant of a key `owner` owns.
    fn retirable_by(&self, owner: AccountId, account: AccountId) -> bool {
        owner == account
            || self
                .retiring
                .as_deref()
                .is_some_and(|p| principal_account(p).ok() == Some(account))
            || (self.grantee_account == account
                && self.operations.iter().any(|o| o == "RetireGrant"))
    }
}

impl Cloud {
    /// `kms-retire-grant`: a grant named by its token, or by its key and
    /// id, retired by an account the grant lets retire it. A grant the
    /// caller may not retire is answered as one that doesn't exist, and a
    /// key of another account as a key that doesn't exist, so that no
    /// account learns of another's grants.
    pub fn kms_retire_grant(
        &mut self,
        caller: AccountId,
        r: &RetireGrant,
    ) -> Result<Empty, AwsError> {
        let (key, grant_id) = match (&r.token, &r.key, &r.grant_id) {
            (Some(token), _, _) => {
                let grant_id = token
                    .strip_prefix(GRANT_TOKEN_PREFIX)
                    .filter(|id| is_grant_id(id))
                    .ok_or_else(|| {
                        AwsError::KmsInvalidGrantToken(format!(
                            "{:?} is not a grant token",
                            shown(token)
                        ))
                    })?;
                (self.key_with_grant(grant_id), grant_id)
            }
            (None, Some(key), Some(grant_id)) => {
                check_grant_id(grant_id)?;
                let id = self
                    .find_key(caller, key)
                    .ok_or_else(|| AwsError::KmsNotFound(key.clone()))?;
                let k = &self.keys[id.index()];
                let retirable = k
                    .grants
                    .iter()
                    .any(|g| g.grant_id == *grant_id && g.retirable_by(k.owner, caller));
                if k.owner != caller && !retirable {
                    return Err(AwsError::KmsNotFound(key.clone()));
                }
                (Some(id), grant_id.as_str())
            }
            _ => {
                return Err(AwsError::KmsValidation(
                    "RetireGrant takes a GrantToken, or a KeyId and a GrantId".into(),
                ));
            }
        };
        let not_found = || AwsError::KmsNotFound(format!("Grant {grant_id}"));
        let id = key.ok_or_else(not_found)?;
        let owner = self.keys[id.index()].owner;
        let grants = &mut self.keys[id.index()].grants;
        let at = grants
            .iter()
            .position(|g| g.grant_id == grant_id && g.retirable_by(owner, caller))
            .ok_or_else(not_found)?;
        grants.remove(at);
        Ok(Empty {})
    }

    /// The key that has the grant `grant_id`, whoever owns it.
    fn key_with_grant(&self, grant_id: &str) -> Option<KeyId> {
        self.keys
            .iter()
            .find(|k| !k.deleted && k.grants.iter().any(|g| g.grant_id == grant_id))
            .map(|k| k.id)
    }
}
