//! KMS keys and their aliases, and key references (`alias/NAME`, key id,
//! key or alias ARN). A key of another account that the caller may not
//! use gets the same answer as one that doesn't exist.

use super::arn::{Arn, looks_like_arn};
use super::ids::{AccountId, KeyId};
use super::kms::{KeyAlias, KeyPolicy, KeyState};
use super::listing::kms_page;
use super::ops::kms::{
    AliasListEntry, AliasesResponse, CreateKey, Empty, FullKeyMetadata, KeyListEntry, KeyManager,
    KeyMetadata, KeyMetadataResponse, KeyPolicyResponse, KeysResponse, ListAliases, ListKeys,
};
use super::{AwsError, Cloud};
use crate::shown::shown;

/// The key specs KMS takes (botocore's `KeySpec`).
const KEY_SPECS: &[&str] = &[
    "RSA_2048",
    "RSA_3072",
    "RSA_4096",
    "ECC_NIST_P256",
    "ECC_NIST_P384",
    "ECC_NIST_P521",
    "ECC_SECG_P256K1",
    "SYMMETRIC_DEFAULT",
    "HMAC_224",
    "HMAC_256",
    "HMAC_384",
    "HMAC_512",
    "SM2",
    "ML_DSA_44",
    "ML_DSA_65",
    "ML_DSA_87",
    "ECC_NIST_EDWARDS25519",
    "ML_KEM_512",
    "ML_KEM_768",
    "ML_KEM_1024",
];

/// The key usages KMS takes (botocore's `KeyUsageType`).
const KEY_USAGES: &[&str] = &[
    "SIGN_VERIFY",
    "ENCRYPT_DECRYPT",
    "GENERATE_VERIFY_MAC",
    "KEY_AGREEMENT",
    "ENCAPSULATE_DECAPSULATE",
];

impl Cloud {
    /// `kms-create-key`: a customer managed key, usable by its owner only
    /// until a key policy or a grant admits others.
    pub fn kms_create_key(
        &mut self,
        caller: AccountId,
        req: &CreateKey,
    ) -> Result<KeyMetadataResponse, AwsError> {
        self.account(caller)?;
        let alias = req
            .alias
            .as_deref()
            .map(|a| a.strip_prefix("alias/").unwrap_or(a).to_string());
        if let Some(a) = &alias {
            if a.starts_with("aws/") || a.is_empty() {
                return Err(AwsError::InvalidParameterValue(format!(
                    "alias `{a}`: names starting with aws/ are reserved for AWS managed keys"
                )));
            }
            if self.alias_key(caller, a).is_some() {
                return Err(AwsError::KmsAlreadyExists(format!("alias/{a}")));
            }
        }
        let policy = req
            .policy
            .as_ref()
            .map(|p| {
                KeyPolicy::parse(&p.0)
                    .map(|parsed| (parsed, p.0.clone()))
                    .map_err(|e| AwsError::MalformedPolicyDocument(e.to_string()))
            })
            .transpose()?;
        let spec = req.key_spec.as_deref().unwrap_or("SYMMETRIC_DEFAULT");
        let usage = req
            .key_usage
            .as_deref()
            .unwrap_or(if spec.starts_with("HMAC") {
                "GENERATE_VERIFY_MAC"
            } else {
                "ENCRYPT_DECRYPT"
            });
        for (value, known, member) in [
            (spec, KEY_SPECS, "keySpec"),
            (usage, KEY_USAGES, "keyUsage"),
        ] {
            if !known.contains(&value) {
                return Err(AwsError::KmsValidation(format!(
                    "1 validation error detected: Value '{}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                    shown(value),
                    known.join(", ")
                )));
            }
        }
        super::key_tags::check_new_tags(&[], &req.tags.0)?;
        let id = self.new_key(caller, alias, false);
        let key = &mut self.keys[id.index()];
        key.description = req.description.clone().unwrap_or_default();
        key.spec = spec.into();
        key.usage = usage.into();
        super::key_tags::merged(&mut key.tags, &req.tags.0);
        if let Some((parsed, text)) = policy {
            key.policy = parsed;
            key.policy_text = Some(text);
        }
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
        let id = self.own_key(caller, key)?;
        self.not_pending_deletion(id)?;
        let parsed = KeyPolicy::parse(policy)
            .map_err(|e| AwsError::MalformedPolicyDocument(e.to_string()))?;
        self.keys[id.index()].policy = parsed;
        self.keys[id.index()].policy_text = Some(policy.to_string());
        Ok(KeyMetadataResponse {
            key: self.key_metadata(id),
        })
    }

    /// `kms-create-alias`: `alias/NAME` for a customer managed key of the
    /// caller's; a key may have several.
    pub fn kms_create_alias(
        &mut self,
        caller: AccountId,
        alias: &str,
        key: &str,
    ) -> Result<Empty, AwsError> {
        let name = alias_name(alias)?;
        let id = self.own_key(caller, key)?;
        if self.alias_key(caller, name).is_some() {
            return Err(AwsError::KmsAlreadyExists(format!(
                "An alias with the name arn:aws:kms:{}:{caller}:{alias} already exists",
                self.config.region
            )));
        }
        self.not_pending_deletion(id)?;
        let now = self.now;
        self.keys[id.index()].aliases.push(KeyAlias {
            name: name.to_string(),
            created_at: now,
            updated_at: now,
        });
        Ok(Empty {})
    }

    /// `kms-delete-alias`: one of the caller's aliases; its key stays.
    pub fn kms_delete_alias(&mut self, caller: AccountId, alias: &str) -> Result<Empty, AwsError> {
        let name = alias_name(alias)?;
        let id = self
            .alias_key(caller, name)
            .ok_or_else(|| AwsError::KmsNotFound(self.alias_arn(caller, name)))?;
        self.keys[id.index()].aliases.retain(|a| a.name != name);
        Ok(Empty {})
    }

    /// `kms-update-alias`: one of the caller's aliases moved to another
    /// customer managed key of the caller's.
    pub fn kms_update_alias(
        &mut self,
        caller: AccountId,
        alias: &str,
        key: &str,
    ) -> Result<Empty, AwsError> {
        let name = alias_name(alias)?;
        let from = self
            .alias_key(caller, name)
            .ok_or_else(|| AwsError::KmsNotFound(self.alias_arn(caller, name)))?;
        let to = self.own_key(caller, key)?;
        self.not_pending_deletion(to)?;
        let k = &mut self.keys[from.index()];
        let at = k.aliases.iter().position(|a| a.name == name);
        let Some(mut moved) = at.map(|i| k.aliases.remove(i)) else {
            return Err(AwsError::KmsNotFound(alias.into()));
        };
        moved.updated_at = self.now;
        self.keys[to.index()].aliases.push(moved);
        Ok(Empty {})
    }

    /// `kms-list-aliases`: the caller's aliases (its `aws/rds` among
    /// them), or those of one key, a page at a time.
    pub fn kms_list_aliases(
        &self,
        caller: AccountId,
        r: &ListAliases,
    ) -> Result<AliasesResponse, AwsError> {
        let only = r
            .key
            .as_deref()
            .map(|k| {
                self.find_key(caller, k)
                    .filter(|&id| self.keys[id.index()].owner == caller)
                    .ok_or_else(|| AwsError::KmsNotFound(k.into()))
            })
            .transpose()?;
        let items: Vec<Option<AliasListEntry>> = self
            .keys
            .iter()
            .filter(|k| k.owner == caller && only.is_none_or(|id| k.id == id))
            .flat_map(|k| {
                k.aliases.iter().map(move |a| {
                    (!k.deleted).then(|| AliasListEntry {
                        name: format!("alias/{}", a.name),
                        arn: self.alias_arn(caller, &a.name),
                        key_id: k.key_id.clone(),
                        created: a.created_at,
                        updated: a.updated_at,
                    })
                })
            })
            .collect();
        let call = format!("ListAliases {caller} {:?}", r.key);
        let (aliases, next) = kms_page(items, r.limit, 100, 50, r.marker.as_deref(), &call)?;
        Ok(AliasesResponse {
            aliases,
            truncated: next.is_some(),
            next_marker: next,
        })
    }

    /// `kms-list-keys`: the caller's keys (its `aws/rds` among them), in
    /// the order they were made, a page at a time.
    pub fn kms_list_keys(&self, caller: AccountId, r: &ListKeys) -> Result<KeysResponse, AwsError> {
        let items: Vec<Option<KeyListEntry>> = self
            .keys
            .iter()
            .filter(|k| k.owner == caller)
            .map(|k| {
                (!k.deleted).then(|| KeyListEntry {
                    key_id: k.key_id.clone(),
                    arn: k.arn(&self.config.region),
                })
            })
            .collect();
        let call = format!("ListKeys {caller}");
        let (keys, next) = kms_page(items, r.limit, 1000, 100, r.marker.as_deref(), &call)?;
        Ok(KeysResponse {
            keys,
            truncated: next.is_some(),
            next_marker: next,
        })
    }

    /// `kms-describe-key`: a key the caller owns or may use.
    pub fn kms_describe_key(
        &self,
        caller: AccountId,
        key: &str,
    ) -> Result<KeyMetadataResponse, AwsError> {
        let id = self.visible_key(caller, key)?;
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

    /// A key's metadata in full, as `DescribeKey` gives it, if `caller`
    /// may see the key `key_id` of `owner`: what `cowsim serve` answers
    /// with where a scenario's log keeps the short form.
    pub fn full_key_metadata(
        &self,
        caller: AccountId,
        owner: AccountId,
        key_id: &str,
    ) -> Option<FullKeyMetadata> {
        let k = self
            .keys
            .iter()
            .find(|k| k.owner == owner && k.key_id == key_id && !k.deleted && k.admits(caller))?;
        let spec = k.spec.clone();
        let (encryption, signing, mac) = match (k.usage.as_str(), spec.as_str()) {
            ("ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT") => {
                (Some(vec!["SYMMETRIC_DEFAULT"]), None, None)
            }
            ("ENCRYPT_DECRYPT", s) if s.starts_with("RSA") => (
                Some(vec!["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]),
                None,
                None,
            ),
            ("SIGN_VERIFY", s) if s.starts_with("RSA") => (
                None,
                Some(vec![
                    "RSASSA_PSS_SHA_256",
                    "RSASSA_PSS_SHA_384",
                    "RSASSA_PSS_SHA_512",
                    "RSASSA_PKCS1_V1_5_SHA_256",
                    "RSASSA_PKCS1_V1_5_SHA_384",
                    "RSASSA_PKCS1_V1_5_SHA_512",
                ]),
                None,
            ),
            ("SIGN_VERIFY", s) if s.starts_with("ECC_NIST_P") || s == "ECC_SECG_P256K1" => {
                (None, Some(vec!["ECDSA_SHA_256"]), None)
            }
            ("GENERATE_VERIFY_MAC", s) if s.starts_with("HMAC") => {
                (None, None, Some(vec!["HMAC_SHA_256"]))
            }
            _ => (None, None, None),
        };
        Some(FullKeyMetadata {
            account: k.owner,
            key_id: k.key_id.clone(),
            arn: k.arn(&self.config.region),
            creation_date: k.created_at,
            enabled: k.state == KeyState::Enabled,
            description: k.description.clone(),
            key_usage: k.usage.clone(),
            key_state: k.state,
            deletion_date: k.deletion.map(|(at, _)| at),
            pending_deletion_window_in_days: k.deletion.map(|(_, days)| days),
            origin: "AWS_KMS",
            key_manager: manager(k.aws_managed),
            customer_master_key_spec: spec.clone(),
            key_spec: spec,
            encryption_algorithms: encryption,
            signing_algorithms: signing,
            mac_algorithms: mac,
            multi_region: false,
        })
    }

    /// `kms-update-key-description`: a customer managed key of the
    /// caller's, not pending deletion, described anew.
    pub fn kms_update_key_description(
        &mut self,
        caller: AccountId,
        key: &str,
        description: &str,
    ) -> Result<Empty, AwsError> {
        let id = self.own_key(caller, key)?;
        self.not_pending_deletion(id)?;
        self.keys[id.index()].description = description.to_string();
        Ok(Empty {})
    }

    /// A customer managed key of the caller's; any other is not found.
    pub(super) fn own_key(&self, caller: AccountId, key: &str) -> Result<KeyId, AwsError> {
        self.find_key(caller, key)
            .filter(|id| {
                let k = &self.keys[id.index()];
                k.owner == caller && !k.aws_managed
            })
            .ok_or_else(|| AwsError::KmsNotFound(key.into()))
    }

    /// A key the caller owns, or that its policy or a grant lets it use.
    pub(super) fn visible_key(&self, caller: AccountId, key: &str) -> Result<KeyId, AwsError> {
        self.find_key(caller, key)
            .filter(|id| self.keys[id.index()].admits(caller))
            .ok_or_else(|| AwsError::KmsNotFound(key.into()))
    }

    /// Refuses a call on a key pending deletion, as KMS does.
    pub(super) fn not_pending_deletion(&self, id: KeyId) -> Result<(), AwsError> {
        let k = &self.keys[id.index()];
        if k.state == KeyState::PendingDeletion {
            return Err(AwsError::KmsInvalidState(format!(
                "{} is pending deletion.",
                k.arn(&self.config.region)
            )));
        }
        Ok(())
    }

    /// The key `name` refers to, if the caller may use it now; the
    /// caller's `aws/rds` key when `name` is `None`. Another account's
    /// key that exists but that the caller may not use gets the same
    /// answer as one that doesn't exist, so that no account learns of
    /// another's keys; the caller's own key that isn't enabled is said
    /// to be so.
    pub(super) fn usable_key(
        &self,
        caller: AccountId,
        name: Option<&str>,
    ) -> Result<KeyId, AwsError> {
        let Some(name) = name else {
            return Ok(self.account(caller)?.default_key);
        };
        let found = self.find_key(caller, name);
        if let Some(id) = found {
            let k = &self.keys[id.index()];
            if k.owner == caller && k.state != KeyState::Enabled {
                return Err(AwsError::KmsKeyNotAccessible(format!(
                    "the key {name} is {}: only an enabled key can encrypt",
                    k.state
                )));
            }
        }
        found
            .filter(|id| self.keys[id.index()].usable_by(caller))
            .ok_or_else(|| {
                AwsError::KmsKeyNotAccessible(format!(
                    "key {name} doesn't exist or isn't accessible"
                ))
            })
    }

    /// The caller's key that has the alias `name` (without `alias/`).
    fn alias_key(&self, caller: AccountId, name: &str) -> Option<KeyId> {
        self.keys
            .iter()
            .find(|k| k.owner == caller && !k.deleted && k.has_alias(name))
            .map(|k| k.id)
    }

    fn alias_arn(&self, caller: AccountId, name: &str) -> String {
        Arn::new("kms", &self.config.region, caller, format!("alias/{name}")).to_string()
    }

    /// Resolves a key reference: `alias/NAME` or a key id in the caller's
    /// account, or a key or alias ARN in any account.
    pub(super) fn find_key(&self, caller: AccountId, name: &str) -> Option<KeyId> {
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
                    && !k.deleted
                    && match by_alias {
                        Some(alias) => k.has_alias(alias),
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
            manager: manager(k.aws_managed),
            alias: k.alias().map(|a| format!("alias/{a}")),
        }
    }

    /// A key as RDS names it in a cluster or a snapshot (`KmsKeyId`): its
    /// ARN, whatever name the caller gave it, the AWS managed key's
    /// included.
    pub(super) fn key_name(&self, id: KeyId) -> String {
        self.keys[id.index()].arn(&self.config.region)
    }
}

fn manager(aws_managed: bool) -> KeyManager {
    if aws_managed {
        KeyManager::Aws
    } else {
        KeyManager::Customer
    }
}

/// The name an alias gives (without `alias/`), or KMS's refusal.
fn alias_name(alias: &str) -> Result<&str, AwsError> {
    match alias.strip_prefix("alias/").filter(|n| !n.is_empty()) {
        Some(name) if !name.starts_with("aws/") => Ok(name),
        _ => Err(AwsError::InvalidParameterValue(format!(
            "alias `{alias}`: an alias name starts with alias/ and not with alias/aws/"
        ))),
    }
}
