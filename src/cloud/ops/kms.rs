//! KMS responses, with the field names of the KMS API.

use serde::Serialize;

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

/// `create-key` with its alias (`alias/NAME` or `NAME`).
#[derive(Clone, Debug, PartialEq)]
pub struct CreateKey {
    pub alias: Option<String>,
}

/// `put-key-policy`: the policy document as JSON text, as KMS takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct PutKeyPolicy {
    pub key: String,
    pub policy: String,
}

/// `create-alias`: `alias/NAME` for a key of the caller's.
#[derive(Clone, Debug, PartialEq)]
pub struct CreateAlias {
    pub alias: String,
    pub key: String,
}

/// `list-aliases`: the caller's aliases, or those of one key.
#[derive(Clone, Debug, PartialEq)]
pub struct ListAliases {
    pub key: Option<String>,
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

/// `describe-key`: a key the caller owns or may use.
#[derive(Clone, Debug, PartialEq)]
pub struct DescribeKey {
    pub key: String,
}

/// `get-key-policy`: the policy of a key of the caller's.
#[derive(Clone, Debug, PartialEq)]
pub struct GetKeyPolicy {
    pub key: String,
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
