//! Answers completed for the wire: a scenario's log keeps the short
//! forms the reports have always shown (a key's id, ARN, account, manager
//! and alias), while `cowsim serve` answers with every member the real
//! API returns, looked up in the control plane as the caller may see it.

use serde_json::Value;

use crate::cloud::{AccountId, Cloud};

/// Replaces a `KeyMetadata` in `answer` with the key's full metadata
/// (`CreationDate`, `KeyState`, `Enabled`, `Description`, `KeySpec`, ...).
pub fn key_metadata(cloud: &Cloud, caller: AccountId, answer: &mut Value) {
    let Some(short) = answer.get("KeyMetadata") else {
        return;
    };
    let owner = short
        .get("AWSAccountId")
        .and_then(Value::as_str)
        .and_then(|a| a.parse::<AccountId>().ok());
    let key_id = short.get("KeyId").and_then(Value::as_str);
    let full = match (owner, key_id) {
        (Some(owner), Some(key_id)) => cloud.full_key_metadata(caller, owner, key_id),
        _ => None,
    };
    if let (Some(full), Some(slot)) = (full, answer.get_mut("KeyMetadata"))
        && let Ok(full) = serde_json::to_value(full)
    {
        *slot = full;
    }
}

/// Adds to every resource share in `answer` the members RAM gives a share
/// that a scenario's log leaves out: `creationTime`, `lastUpdatedTime`,
/// `featureSet` and `tags`.
pub fn resource_shares(cloud: &Cloud, caller: AccountId, answer: &mut Value) {
    match answer {
        Value::Object(fields) => {
            let arn = fields
                .get("resourceShareArn")
                .and_then(Value::as_str)
                .filter(|_| fields.contains_key("owningAccountId"))
                .map(str::to_owned);
            if let Some((created, updated, tags)) =
                arn.and_then(|arn| cloud.share_details(caller, &arn))
            {
                let tags: Vec<Value> = tags
                    .into_iter()
                    .map(|t| serde_json::json!({ "key": t.key, "value": t.value }))
                    .collect();
                fields.insert("creationTime".into(), Value::String(created.to_string()));
                fields.insert("lastUpdatedTime".into(), Value::String(updated.to_string()));
                fields.insert("featureSet".into(), Value::String("STANDARD".into()));
                fields.insert("tags".into(), Value::Array(tags));
            }
            fields
                .values_mut()
                .for_each(|v| resource_shares(cloud, caller, v));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| resource_shares(cloud, caller, v)),
        _ => {}
    }
}
