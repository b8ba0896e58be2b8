//! KMS responses, with the field names of the KMS API.

use serde::Serialize;

use super::declare::{Refusal, Validated, param, request, validated};
use super::identifiers::{GRANT_NAME, KEY_DESCRIPTION, KMS_ALIAS};

use crate::cloud::ids::AccountId;
use crate::cloud::kms::{KeyState, Tag};
use crate::names::named_enum;
use crate::time::SimTime;

named_enum! {
    /// Who manages a key: AWS (`aws/rds`) or the account.
    pub enum KeyManager ("key manager") {
        Aws = "AWS",
        Customer = "CUSTOMER",
    }
}

/// A key's metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyMetadata {
    #[serde(rename = "KeyId")]
    pub key_id: String,
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "AWSAccountId")]
    pub account: AccountId,
    #[serde(rename = "KeyManager")]
    pub manager: KeyManager,
    /// `alias/NAME`.
    #[serde(rename = "Alias")]
    pub alias: Option<String>,
}

/// `kms-create-key` and `kms-put-key-policy` (which AWS answers with
/// nothing; the log shows the key).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyMetadataResponse {
    #[serde(rename = "KeyMetadata")]
    pub key: KeyMetadata,
}

request! {
    /// `create-key`, with (a scenario's) its alias (`alias/NAME` or
    /// `NAME`). The policy, when given, must be a policy document; the
    /// key spec and usage are kept and shown, no cryptography follows.
    pub struct CreateKey accepting {
        "origin" / "Origin": Option<String>,
        "multi-region" / "MultiRegion": Option<bool>,
        "bypass-policy-lockout-safety-check" / "BypassPolicyLockoutSafetyCheck": Option<bool>,
    } {
        pub alias: Option<String> = "alias" / -,
        pub description: Option<String> = "description" / "Description" valid KEY_DESCRIPTION,
        pub policy: Option<PolicyDocument> = "policy" / "Policy",
        pub key_spec: Option<String> = "key-spec" / "KeySpec",
        pub key_usage: Option<String> = "key-usage" / "KeyUsage",
        pub tags: KmsTags = "tags" / "Tags",
    }
}

impl CreateKey {
    /// A plain symmetric key with the alias `alias`, as a scenario's
    /// `kms-create-key` with only `alias` asks.
    pub fn with_alias(alias: &str) -> CreateKey {
        CreateKey {
            alias: Some(alias.to_string()),
            description: None,
            policy: None,
            key_spec: None,
            key_usage: None,
            tags: KmsTags::default(),
        }
    }
}

/// A key's metadata as KMS's `DescribeKey` and `CreateKey` give it, every
/// member botocore's model has that applies to a key in the AWS_KMS key
/// store of one Region (`cowsim serve` answers with it; a scenario's log
/// keeps the short [`KeyMetadata`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct FullKeyMetadata {
    #[serde(rename = "AWSAccountId")]
    pub account: AccountId,
    pub key_id: String,
    pub arn: String,
    pub creation_date: SimTime,
    pub enabled: bool,
    pub description: String,
    pub key_usage: String,
    pub key_state: KeyState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_date: Option<SimTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_deletion_window_in_days: Option<u32>,
    pub origin: &'static str,
    pub key_manager: KeyManager,
    pub customer_master_key_spec: String,
    pub key_spec: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encryption_algorithms: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_algorithms: Option<Vec<&'static str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mac_algorithms: Option<Vec<&'static str>>,
    pub multi_region: bool,
}

/// Tags of a KMS key: `[{TagKey, TagValue}, ...]`; none is a list of
/// none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KmsTags(pub Vec<Tag>);

pub use super::tags::TagKeys;

/// A grant's operations, by KMS's names (`Decrypt`, `CreateGrant`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GrantOperations(pub Vec<String>);

request! {
    /// `delete-alias`: one of the caller's aliases.
    pub struct DeleteAlias accepting {} {
        pub alias: String = "alias-name" / "AliasName" valid KMS_ALIAS,
    }
}

request! {
    /// `update-alias`: one of the caller's aliases moved to another of
    /// its keys.
    pub struct UpdateAlias accepting {} {
        pub alias: String = "alias-name" / "AliasName" valid KMS_ALIAS,
        pub key: String = "target-key-id" / "TargetKeyId",
    }
}

request! {
    /// `list-keys`: the caller's keys, a page at a time.
    pub struct ListKeys accepting {
    } {
        pub limit: Option<u64> = "limit" / "Limit",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// A key named, and nothing else: `enable-key`, `disable-key`,
    /// `cancel-key-deletion`, `disable-key-rotation`,
    /// `get-key-rotation-status`.
    pub struct KeyNamed accepting {} {
        pub key: String = "key-id" / "KeyId",
    }
}

request! {
    /// `enable-key-rotation`; the period is accepted, and kept nowhere.
    pub struct EnableKeyRotation accepting {
        "rotation-period-in-days" / "RotationPeriodInDays": Option<u64>,
    } {
        pub key: String = "key-id" / "KeyId",
    }
}

request! {
    /// `schedule-key-deletion`: 7 to 30 days (30 unless told).
    pub struct ScheduleKeyDeletion accepting {} {
        pub key: String = "key-id" / "KeyId",
        pub days: Option<u64> = "pending-window-in-days" / "PendingWindowInDays",
    }
}

request! {
    /// `create-grant`: a principal (of any account) allowed operations
    /// on a key of the caller's.
    pub struct CreateGrant accepting {} {
        pub dry_run: bool = "dry-run" / "DryRun" or false,
        pub key: String = "key-id" / "KeyId",
        pub grantee: String = "grantee-principal" / "GranteePrincipal",
        pub operations: GrantOperations = "operations" / "Operations",
        pub retiring: Option<String> = "retiring-principal" / "RetiringPrincipal",
        pub name: Option<String> = "name" / "Name" valid GRANT_NAME,
    }
}

request! {
    /// `list-grants`: a key's grants, a page at a time.
    pub struct ListGrants accepting {} {
        pub key: String = "key-id" / "KeyId",
        pub grant_id: Option<String> = "grant-id" / "GrantId",
        pub grantee: Option<String> = "grantee-principal" / "GranteePrincipal",
        pub limit: Option<u64> = "limit" / "Limit",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

request! {
    /// `revoke-grant`.
    pub struct RevokeGrant accepting {} {
        pub dry_run: bool = "dry-run" / "DryRun" or false,
        pub key: String = "key-id" / "KeyId",
        pub grant_id: String = "grant-id" / "GrantId",
    }
}

request! {
    /// `retire-grant`: a grant named by its token, or by its key and id,
    /// retired by an account the grant lets retire it.
    pub struct RetireGrant accepting {} {
        pub dry_run: bool = "dry-run" / "DryRun" or false,
        pub token: Option<String> = "grant-token" / "GrantToken",
        pub key: Option<String> = "key-id" / "KeyId",
        pub grant_id: Option<String> = "grant-id" / "GrantId",
    }
}

request! {
    /// `update-key-description`: a customer managed key's description
    /// replaced.
    pub struct UpdateKeyDescription accepting {} {
        pub key: String = "key-id" / "KeyId",
        pub description: String = "description" / "Description" valid KEY_DESCRIPTION,
    }
}

request! {
    /// `tag-resource` (KMS): tags added to, or changed on, a key.
    pub struct TagKey accepting {} {
        pub key: String = "key-id" / "KeyId",
        pub tags: KmsTags = "tags" / "Tags",
    }
}

request! {
    /// `untag-resource` (KMS).
    pub struct UntagKey accepting {} {
        pub key: String = "key-id" / "KeyId",
        pub tag_keys: TagKeys = "tag-keys" / "TagKeys",
    }
}

request! {
    /// `list-resource-tags` (KMS): a key's tags, a page at a time.
    pub struct ListKeyTags accepting {} {
        pub key: String = "key-id" / "KeyId",
        pub limit: Option<u64> = "limit" / "Limit",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

/// A key in `list-keys`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyListEntry {
    #[serde(rename = "KeyId")]
    pub key_id: String,
    #[serde(rename = "KeyArn")]
    pub arn: String,
}

/// `list-keys`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeysResponse {
    #[serde(rename = "Keys")]
    pub keys: Vec<KeyListEntry>,
    #[serde(rename = "Truncated")]
    pub truncated: bool,
    #[serde(rename = "NextMarker", skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

/// `schedule-key-deletion`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ScheduledDeletion {
    pub key_id: String,
    pub deletion_date: SimTime,
    pub key_state: KeyState,
    pub pending_window_in_days: u32,
}

/// `cancel-key-deletion`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyIdResponse {
    #[serde(rename = "KeyId")]
    pub key_id: String,
}

/// `get-key-rotation-status`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RotationStatus {
    pub key_rotation_enabled: bool,
    pub key_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_period_in_days: Option<u32>,
}

/// `create-grant`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GrantCreated {
    pub grant_token: String,
    pub grant_id: String,
}

/// A grant in `list-grants`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GrantListEntry {
    pub key_id: String,
    pub grant_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub creation_date: SimTime,
    pub grantee_principal: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retiring_principal: Option<String>,
    pub issuing_account: String,
    pub operations: Vec<String>,
}

/// `list-grants`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GrantsResponse {
    #[serde(rename = "Grants")]
    pub grants: Vec<GrantListEntry>,
    #[serde(rename = "Truncated")]
    pub truncated: bool,
    #[serde(rename = "NextMarker", skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

/// A tag in `list-resource-tags`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KmsTagEntry {
    #[serde(rename = "TagKey")]
    pub key: String,
    #[serde(rename = "TagValue")]
    pub value: String,
}

/// `list-resource-tags` (KMS).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyTagsResponse {
    #[serde(rename = "Tags")]
    pub tags: Vec<KmsTagEntry>,
    #[serde(rename = "Truncated")]
    pub truncated: bool,
    #[serde(rename = "NextMarker", skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

/// `put-key-policy`: the policy document as JSON text, as KMS takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct PutKeyPolicy {
    pub key: String,
    pub policy: String,
}

request! {
    /// `put-key-policy` as given: a scenario may write the policy as a
    /// TOML table, which its reader turns into JSON text.
    pub struct PutKeyPolicyFields accepting {
        "policy-name" / "PolicyName": Option<PolicyName>,
    } {
        pub key: String = "key-id" / "KeyId",
        pub policy: PolicyDocument = "policy" / "Policy",
    }
}

/// A key policy, as JSON text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyDocument(pub String);

impl Validated for PutKeyPolicy {
    type Fields = PutKeyPolicyFields;

    /// The policy must be JSON: KMS reads it.
    fn validate(f: PutKeyPolicyFields) -> Result<Self, Refusal> {
        serde_json::from_str::<serde::de::IgnoredAny>(&f.policy.0).map_err(|e| {
            Refusal::of(
                param("policy", "Policy"),
                format!("`policy` is not valid JSON: {e}"),
            )
        })?;
        Ok(PutKeyPolicy {
            key: f.key,
            policy: f.policy.0,
        })
    }

    fn fields(&self) -> PutKeyPolicyFields {
        PutKeyPolicyFields {
            key: self.key.clone(),
            policy: PolicyDocument(self.policy.clone()),
        }
    }
}

validated!(PutKeyPolicy, PutKeyPolicyFields);

request! {
    /// `create-alias`: `alias/NAME` for a key of the caller's.
    pub struct CreateAlias accepting {} {
        pub alias: String = "alias-name" / "AliasName" valid KMS_ALIAS,
        pub key: String = "target-key-id" / "TargetKeyId",
    }
}

request! {
    /// `list-aliases`: the caller's aliases, or those of one key, a page
    /// at a time.
    pub struct ListAliases accepting {} {
        pub key: Option<String> = "key-id" / "KeyId",
        pub limit: Option<u64> = "limit" / "Limit",
        pub marker: Option<String> = "marker" / "Marker",
    }
}

/// An alias.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AliasListEntry {
    #[serde(rename = "AliasName")]
    pub name: String,
    #[serde(rename = "AliasArn")]
    pub arn: String,
    #[serde(rename = "TargetKeyId")]
    pub key_id: String,
    #[serde(rename = "CreationDate")]
    pub created: SimTime,
    #[serde(rename = "LastUpdatedDate")]
    pub updated: SimTime,
}

/// `list-aliases`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AliasesResponse {
    #[serde(rename = "Aliases")]
    pub aliases: Vec<AliasListEntry>,
    #[serde(rename = "Truncated")]
    pub truncated: bool,
    #[serde(rename = "NextMarker", skip_serializing_if = "Option::is_none")]
    pub next_marker: Option<String>,
}

request! {
    /// `describe-key`: a key the caller owns or may use.
    pub struct DescribeKey accepting {} {
        pub key: String = "key-id" / "KeyId",
    }
}

request! {
    /// `get-key-policy`: the policy of a key of the caller's, whose one
    /// policy is named `default`.
    pub struct GetKeyPolicy accepting {} {
        pub key: String = "key-id" / "KeyId",
        pub policy_name: Option<PolicyName> = "policy-name" / "PolicyName",
    }
}

/// A key policy's name: KMS knows one, `default`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PolicyName;

/// A key policy name other than `default`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`policy-name` = {:?}: the only key policy name is \"default\"", crate::shown::shown(.0))]
pub struct NotPolicyName(pub String);

impl PolicyName {
    /// `default`, or why not.
    pub fn parse(name: &str) -> Result<PolicyName, NotPolicyName> {
        if name == "default" {
            Ok(PolicyName)
        } else {
            Err(NotPolicyName(name.to_string()))
        }
    }
}

/// `get-key-policy`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyPolicyResponse {
    #[serde(rename = "Policy")]
    pub policy: String,
    #[serde(rename = "PolicyName")]
    pub name: String,
}

/// A call AWS answers with nothing (`create-alias`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Empty {}
