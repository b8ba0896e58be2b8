//! KMS responses, with the field names of the KMS API.

use serde::Serialize;

use super::declare::{Refusal, Validated, param, request, validated};
use super::identifiers::KMS_ALIAS;

use crate::cloud::AccountId;
use crate::names::named_enum;

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
    /// `create-key` with its alias (`alias/NAME` or `NAME`); the
    /// description is accepted, and kept nowhere.
    pub struct CreateKey accepting {
        "description" / "Description": Option<String>,
    } {
        pub alias: Option<String> = "alias" / -,
    }
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
    /// `list-aliases`: the caller's aliases, or those of one key.
    pub struct ListAliases accepting {} {
        pub key: Option<String> = "key-id" / "KeyId",
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
}

/// `list-aliases`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AliasesResponse {
    #[serde(rename = "Aliases")]
    pub aliases: Vec<AliasListEntry>,
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

impl PolicyName {
    /// `default`, or why not.
    pub fn parse(name: &str) -> Result<PolicyName, String> {
        if name == "default" {
            Ok(PolicyName)
        } else {
            Err(format!(
                "`policy-name` = {name:?}: the only key policy name is \"default\""
            ))
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
