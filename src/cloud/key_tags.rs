//! Tags of KMS keys: at most 50 a key, keys of 1 to 128 characters not
//! beginning with `aws:`, values of up to 256 (docs/aws-behaviour.md,
//! "KMS tags"). Tagging a key with a key it has changes its value.

use super::ids::AccountId;
use super::kms::Tag;
use super::listing::kms_page;
use super::ops::kms::{Empty, KeyTagsResponse, KmsTagEntry, ListKeyTags};
use super::{AwsError, Cloud};
use crate::shown::shown;

/// The most tags a key may have.
pub const MAX_KEY_TAGS: usize = 50;

/// Refuses tags KMS refuses, or that would give a key with `current`
/// tags more than [`MAX_KEY_TAGS`].
pub(super) fn check_new_tags(current: &[Tag], new: &[Tag]) -> Result<(), AwsError> {
    for t in new {
        let key_chars = t.key.chars().count();
        if !(1..=128).contains(&key_chars) || t.value.chars().count() > 256 {
            return Err(AwsError::KmsTag(format!(
                "Tag {:?}: a tag key holds 1 to 128 characters and a value at most 256",
                shown(&t.key)
            )));
        }
        if t.key.starts_with("aws:") {
            return Err(AwsError::KmsTag(format!(
                "Tag key {:?}: keys beginning with aws: are reserved for AWS",
                shown(&t.key)
            )));
        }
    }
    let mut keys: Vec<&str> = current.iter().map(|t| t.key.as_str()).collect();
    for t in new {
        if !keys.contains(&t.key.as_str()) {
            keys.push(&t.key);
        }
    }
    if keys.len() > MAX_KEY_TAGS {
        return Err(AwsError::KmsLimitExceeded(format!(
            "A KMS key can have at most {MAX_KEY_TAGS} tags; this would give it {}",
            keys.len()
        )));
    }
    Ok(())
}

/// `tags` with `new` added, or their values changed; kept in the order of
/// their keys, so that a session's journal (a TOML table of tags) replays
/// to the same listing.
pub(super) fn merged(tags: &mut Vec<Tag>, new: &[Tag]) {
    for t in new {
        match tags.iter_mut().find(|old| old.key == t.key) {
            Some(old) => old.value = t.value.clone(),
            None => tags.push(t.clone()),
        }
    }
    tags.sort_by(|a, b| a.key.cmp(&b.key));
}

impl Cloud {
    /// `kms-tag-resource`, on a customer managed key of the caller's.
    pub fn kms_tag_resource(
        &mut self,
        caller: AccountId,
        key: &str,
        tags: &[Tag],
    ) -> Result<Empty, AwsError> {
        let id = self.own_key(caller, key)?;
        self.not_pending_deletion(id)?;
        check_new_tags(&self.keys[id.index()].tags, tags)?;
        merged(&mut self.keys[id.index()].tags, tags);
        Ok(Empty {})
    }

    /// `kms-untag-resource`: keys it doesn't have are ignored.
    pub fn kms_untag_resource(
        &mut self,
        caller: AccountId,
        key: &str,
        tag_keys: &[String],
    ) -> Result<Empty, AwsError> {
        let id = self.own_key(caller, key)?;
        self.not_pending_deletion(id)?;
        self.keys[id.index()]
            .tags
            .retain(|t| !tag_keys.contains(&t.key));
        Ok(Empty {})
    }

    /// `kms-list-resource-tags`, a page at a time.
    pub fn kms_list_resource_tags(
        &self,
        caller: AccountId,
        r: &ListKeyTags,
    ) -> Result<KeyTagsResponse, AwsError> {
        let id = self.own_key(caller, &r.key)?;
        let k = &self.keys[id.index()];
        let items = k
            .tags
            .iter()
            .map(|t| {
                Some(KmsTagEntry {
                    key: t.key.clone(),
                    value: t.value.clone(),
                })
            })
            .collect();
        let call = format!("ListResourceTags {caller} {}", k.key_id);
        let (tags, next) = kms_page(items, r.limit, 50, 50, r.marker.as_deref(), &call)?;
        Ok(KeyTagsResponse {
            tags,
            truncated: next.is_some(),
            next_marker: next,
        })
    }
}
