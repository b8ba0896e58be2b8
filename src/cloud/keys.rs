//! KMS operations and key references (`alias/NAME`, key id, key or alias
//! ARN).

use super::arn::{Arn, looks_like_arn};
use super::ids::{AccountId, KeyId};
use super::kms::{DEFAULT_RDS_ALIAS, KeyPolicy};
use super::ops::kms::{
    AliasListEntry, AliasesResponse, Empty, KeyManager, KeyMetadata, KeyMetadataResponse,
    KeyPolicyResponse,
};
use super::{AwsError, Cloud};

impl Cloud {
    /// `kms-create-key`: a customer managed key, usable by its owner only
    /// until a key policy admits others.
    pub fn kms_create_key(
        &mut self,
        caller: AccountId,
        alias: Option<&str>,
    ) -> Result<KeyMetadataResponse, AwsError> {
        self.account(caller)?;
        let alias = alias.map(|a| a.strip_prefix("alias/").unwrap_or(a).to_string());
        if let Some(a) = &alias {
            if a.starts_with("aws/") || a.is_empty() {
                return Err(AwsError::InvalidParameterValue(format!(
                    "alias `{a}`: names starting with aws/ are reserved for AWS managed keys"
                )));
            }
            if self
                .keys
                .iter()
                .any(|k| k.owner == caller && k.alias.as_ref() == Some(a))
            {
                return Err(AwsError::KmsAlreadyExists(format!("alias/{a}")));
            }
        }
        let id = self.new_key(caller, alias, false);
        Ok(KeyMetadataResponse {
            key: self.key_metadata(id),
        })
    }

    /// `kms-put-key-policy`: replaces the policy of a key of the caller's
    /// with `policy`, the JSON document as text, as the KMS API takes it.
    pub fn kms_put_key_policy(
        &mut self,
        caller: AccountId,
        key: &str,
        policy: &str,
    ) -> Result<KeyMetadataResponse, AwsError> {
        let id = self
            .find_key(caller, key)
            .ok_or_else(|| AwsError::KmsNotFound(key.into()))?;
        if self.keys[id.index()].owner != caller || self.keys[id.index()].aws_managed {
            return Err(AwsError::KmsNotFound(key.into()));
        }
        let parsed = KeyPolicy::parse(policy).map_err(AwsError::MalformedPolicyDocument)?;
        self.keys[id.index()].policy = parsed;
        self.keys[id.index()].policy_text = Some(policy.to_string());
        Ok(KeyMetadataResponse {
            key: self.key_metadata(id),
        })
    }

    /// `kms-create-alias`: `alias/NAME` for a customer managed key of the
    /// caller's.
    pub fn kms_create_alias(
        &mut self,
        caller: AccountId,
        alias: &str,
        key: &str,
    ) -> Result<Empty, AwsError> {
        let Some(name) = alias.strip_prefix("alias/").filter(|n| !n.is_empty()) else {
            return Err(AwsError::InvalidParameterValue(format!(
                "alias `{alias}`: an alias name starts with alias/"
            )));
        };
        if name.starts_with("aws/") {
            return Err(AwsError::InvalidParameterValue(format!(
                "alias `{alias}`: names starting with alias/aws/ are reserved for AWS managed keys"
            )));
        }
        let id = self.own_key(caller, key)?;
        if self.find_key(caller, alias).is_some() {
            return Err(AwsError::KmsAlreadyExists(alias.into()));
        }
        if self.keys[id.index()].alias.is_some() {
            return Err(AwsError::InvalidParameterValue(format!(
                "key {key} already has an alias: cowsim keeps one alias per key"
            )));
        }
        self.keys[id.index()].alias = Some(name.to_string());
        Ok(Empty {})
    }

    /// `kms-list-aliases`: the caller's aliases (its `aws/rds` among
    /// them), or those of one key.
    pub fn kms_list_aliases(
        &self,
        caller: AccountId,
        key: Option<&str>,
    ) -> Result<AliasesResponse, AwsError> {
        let only = key.map(|k| self.own_key(caller, k)).transpose()?;
        let aliases = self
            .keys
            .iter()
            .filter(|k| k.owner == caller && only.is_none_or(|id| k.id == id))
            .filter_map(|k| {
                let name = format!("alias/{}", k.alias.as_ref()?);
                Some(AliasListEntry {
                    arn: Arn::new("kms", &self.config.region, caller, name.clone()).to_string(),
                    name,
                    key_id: k.key_id.clone(),
                })
            })
            .collect();
        Ok(AliasesResponse { aliases })
    }

    /// `kms-describe-key`: a key the caller owns or may use.
    pub fn kms_describe_key(
        &self,
        caller: AccountId,
        key: &str,
    ) -> Result<KeyMetadataResponse, AwsError> {
        let id = self
            .find_key(caller, key)
            .filter(|id| self.keys[id.index()].usable_by(caller))
            .ok_or_else(|| AwsError::KmsNotFound(key.into()))?;
        Ok(KeyMetadataResponse {
            key: self.key_metadata(id),
        })
    }

    /// `kms-get-key-policy`: the policy of a key of the caller's, as it was
    /// put, or the default one (its account may use it, no one else).
    pub fn kms_get_key_policy(
        &self,
        caller: AccountId,
        key: &str,
    ) -> Result<KeyPolicyResponse, AwsError> {
        let id = self.own_key(caller, key)?;
        let policy = self.keys[id.index()]
            .policy_text
            .clone()
            .unwrap_or_else(|| {
                serde_json::json!({
                    "Version": "2012-10-17",
                    "Id": "key-default-1",
                    "Statement": [{
                        "Sid": "Enable IAM User Permissions",
                        "Effect": "Allow",
                        "Principal": {"AWS": format!("arn:aws:iam::{caller}:root")},
                        "Action": "kms:*",
                        "Resource": "*",
                    }],
                })
                .to_string()
            });
        Ok(KeyPolicyResponse {
            policy,
            name: "default".into(),
        })
    }

    /// A customer managed key of the caller's; any other is not found.
    fn own_key(&self, caller: AccountId, key: &str) -> Result<KeyId, AwsError> {
        self.find_key(caller, key)
            .filter(|id| {
                let k = &self.keys[id.index()];
                k.owner == caller && !k.aws_managed
            })
            .ok_or_else(|| AwsError::KmsNotFound(key.into()))
    }

    /// The key `name` refers to, if the caller may use it; the caller's
    /// `aws/rds` key when `name` is `None`. Another account's key that
    /// exists but that the caller may not use gets the same answer as one
    /// that doesn't exist, so that no account learns of another's keys.
    pub(super) fn usable_key(
        &self,
        caller: AccountId,
        name: Option<&str>,
    ) -> Result<KeyId, AwsError> {
        let Some(name) = name else {
            return Ok(self.account(caller)?.default_key);
        };
        self.find_key(caller, name)
            .filter(|id| self.keys[id.index()].usable_by(caller))
            .ok_or_else(|| {
                AwsError::KmsKeyNotAccessible(format!(
                    "key {name} doesn't exist or isn't accessible"
                ))
            })
    }

    /// Resolves a key reference: `alias/NAME` or a key id in the caller's
    /// account, or a key or alias ARN in any account.
    fn find_key(&self, caller: AccountId, name: &str) -> Option<KeyId> {
        let (owner, reference) = if looks_like_arn(name) {
            let arn = Arn::parse(name).ok()?;
            if arn.service != "kms" || arn.region != self.config.region {
                return None;
            }
            (arn.account?, arn.resource)
        } else {
            (caller, name.to_string())
        };
        let by_alias = reference.strip_prefix("alias/");
        let by_id = reference.strip_prefix("key/").unwrap_or(&reference);
        self.keys
            .iter()
            .find(|k| {
                k.owner == owner
                    && match by_alias {
                        Some(alias) => k.alias.as_deref() == Some(alias),
                        None => k.key_id == by_id,
                    }
            })
            .map(|k| k.id)
    }

    fn key_metadata(&self, id: KeyId) -> KeyMetadata {
        let k = &self.keys[id.index()];
        KeyMetadata {
            key_id: k.key_id.clone(),
            arn: k.arn(&self.config.region),
            account: k.owner,
            manager: if k.aws_managed {
                KeyManager::Aws
            } else {
                KeyManager::Customer
            },
            alias: k.alias.as_ref().map(|a| format!("alias/{a}")),
        }
    }

    /// A key's display name: its alias, or its ARN.
    pub(super) fn key_name(&self, id: KeyId) -> String {
        let k = &self.keys[id.index()];
        match &k.alias {
            Some(a) if a == DEFAULT_RDS_ALIAS => format!("alias/{a}"),
            _ => k.arn(&self.config.region),
        }
    }
}
