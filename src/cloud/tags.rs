//! RDS tags on what a caller owns: the rules a tag keeps (at most 50 a
//! resource, keys of 1 to 128 characters, values of at most 256, neither
//! under `aws:` or `rds:`; docs/aws-behaviour.md, "Tags"), and the one
//! resolver from a resource's ARN to what it tags, through which
//! `add-tags-to-resource`, `list-tags-for-resource` and
//! `remove-tags-from-resource` reach DB clusters, DB instances, DB
//! cluster snapshots, and custom parameter and subnet groups. Another
//! account's resource reads as a missing one:
//! the same code and message, so nobody learns what they can't see.

use super::arn::{Arn, looks_like_arn};
use super::groups::{Found, Level};
use super::ids::{AccountId, ClusterId, ClusterSnapshotId, InstanceId};
use super::ops::refs::{ClusterRef, SnapshotRef};
use super::ops::tags::{
    AddTagsToResource, ListTagsForResource, RemoveTagsFromResource, TagListResponse, Tags,
    TagsChanged,
};
use super::{AwsError, Cloud};
use crate::shown::shown;

/// The most tags a resource carries.
pub const MOST_TAGS: usize = 50;
/// The longest tag key, in characters.
const KEY_MOST: usize = 128;
/// The longest tag value, in characters.
const VALUE_MOST: usize = 256;
/// Prefixes AWS keeps for its own tags.
const RESERVED: [&str; 2] = ["aws:", "rds:"];

/// What an ARN tags. Groups are kept by account and name, so they are
/// named that way here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Taggable {
    Cluster(ClusterId),
    Instance(InstanceId),
    Snapshot(ClusterSnapshotId),
    ParameterGroup(Level, AccountId, String),
    SubnetGroup(AccountId, String),
}

/// The tags of a resource that has none to show.
static NO_TAGS: Tags = Tags(Vec::new());

/// Refuses tags a request gives that break a rule on their own: one
/// that makes a resource checks them before it makes anything.
pub(super) fn check_tags(tags: &Tags) -> Result<(), AwsError> {
    merged(&Tags::default(), tags).map(|_| ())
}

/// Refuses a tag that breaks a rule of its own.
fn check_each(tags: &Tags) -> Result<(), AwsError> {
    for tag in &tags.0 {
        let (key, value) = (&tag.key, &tag.value);
        let shown_key = shown(key);
        let refused = |why: String| Err(AwsError::InvalidParameterValue(why));
        let key_chars = key.chars().count();
        if !(1..=KEY_MOST).contains(&key_chars) {
            return refused(format!(
                "Tag key {shown_key:?} is {key_chars} characters long: a key has 1 to {KEY_MOST}"
            ));
        }
        if value.chars().count() > VALUE_MOST {
            return refused(format!(
                "The value of tag {shown_key:?} is longer than {VALUE_MOST} characters"
            ));
        }
        if let Some(prefix) = RESERVED.iter().find(|p| {
            key.to_ascii_lowercase().starts_with(*p) || value.to_ascii_lowercase().starts_with(*p)
        }) {
            return refused(format!(
                "Tag {shown_key:?}: keys and values can't begin with {prefix}, which AWS reserves"
            ));
        }
    }
    Ok(())
}

/// `old` with `more` added, if the result keeps the rules.
pub(super) fn merged(old: &Tags, more: &Tags) -> Result<Tags, AwsError> {
    check_each(more)?;
    let tags = old.merged(more);
    if tags.0.len() > MOST_TAGS {
        return Err(AwsError::InvalidParameterValue(format!(
            "A resource can have at most {MOST_TAGS} tags: this would give it {}",
            tags.0.len()
        )));
    }
    Ok(tags)
}

impl Cloud {
    /// `add-tags-to-resource`.
    pub fn add_tags_to_resource(
        &mut self,
        caller: AccountId,
        r: &AddTagsToResource,
    ) -> Result<TagsChanged, AwsError> {
        let target = self.taggable(caller, &r.resource)?;
        let tags = merged(self.tags_of(&target), &r.tags)?;
        self.set_tags(target, tags);
        Ok(TagsChanged {})
    }

    /// `list-tags-for-resource`.
    pub fn list_tags_for_resource(
        &self,
        caller: AccountId,
        r: &ListTagsForResource,
    ) -> Result<TagListResponse, AwsError> {
        let target = self.taggable(caller, &r.resource)?;
        Ok(TagListResponse {
            tags: self.tags_of(&target).clone(),
        })
    }

    /// `remove-tags-from-resource`: keys not there are no error.
    pub fn remove_tags_from_resource(
        &mut self,
        caller: AccountId,
        r: &RemoveTagsFromResource,
    ) -> Result<TagsChanged, AwsError> {
        let target = self.taggable(caller, &r.resource)?;
        let tags = self.tags_of(&target).without(&r.keys.0);
        self.set_tags(target, tags);
        Ok(TagsChanged {})
    }

    /// Gives a resource just made the tags [`merged`] checked before it
    /// was made.
    pub(super) fn set_tags(&mut self, target: Taggable, tags: Tags) {
        match target {
            Taggable::Cluster(c) => self.clusters[c.index()].tags = tags,
            Taggable::Instance(i) => self.instances[i.index()].tags = tags,
            Taggable::Snapshot(s) => self.snapshots[s.index()].tags = tags,
            Taggable::ParameterGroup(level, account, name) => {
                if let Some(g) = self.groups.parameter_group_mut(level, account, &name) {
                    g.tags = tags;
                }
            }
            Taggable::SubnetGroup(account, name) => {
                if let Some(g) = self.groups.subnet_group_mut(account, &name) {
                    g.tags = tags;
                }
            }
        }
    }

    /// The caller's resource an ARN names. Anything else (another
    /// account's, one not there, one of a kind that takes no tags here)
    /// is refused as AWS refuses a missing one of the kind.
    pub(super) fn taggable(&self, caller: AccountId, name: &str) -> Result<Taggable, AwsError> {
        let arn = if looks_like_arn(name) {
            Arn::parse(name).map_err(|e| AwsError::InvalidParameterValue(e.to_string()))?
        } else {
            return Err(AwsError::InvalidParameterValue(format!(
                "{} is not a valid ARN: expected arn:aws:rds:REGION:ACCOUNT:TYPE:NAME",
                shown(name)
            )));
        };
        let kind = arn
            .resource
            .split_once(':')
            .map_or(arn.resource.as_str(), |(k, _)| k);
        if arn.service != "rds" {
            return Err(AwsError::InvalidParameterValue(format!(
                "{} is not an RDS resource",
                shown(name)
            )));
        }
        match kind {
            "cluster" => self
                .own_cluster(caller, &ClusterRef::parse(name))
                .map(Taggable::Cluster),
            "cluster-snapshot" => self
                .own_snapshot(caller, &SnapshotRef::parse(name))
                .map(Taggable::Snapshot),
            "db" => {
                let not_found = || AwsError::DbInstanceNotFound(name.to_string());
                let identifier = arn.resource_id("rds", "db").ok_or_else(not_found)?;
                if arn.account != Some(caller) || arn.region != self.config.region {
                    return Err(not_found());
                }
                self.own_instance(caller, identifier)
                    .map(Taggable::Instance)
                    .map_err(|_| not_found())
            }
            "cluster-pg" | "pg" => {
                let (level, not_found): (Level, fn(String) -> AwsError) = if kind == "pg" {
                    (Level::Instance, AwsError::DbParameterGroupNotFound)
                } else {
                    (Level::Cluster, AwsError::DbClusterParameterGroupNotFound)
                };
                let group = arn
                    .resource_id("rds", kind)
                    .filter(|_| arn.account == Some(caller) && arn.region == self.config.region)
                    .ok_or_else(|| not_found(name.to_string()))?;
                match self.groups.parameter_group(level, caller, group) {
                    Some(Found::Custom(g)) => {
                        Ok(Taggable::ParameterGroup(level, caller, g.name.clone()))
                    }
                    Some(Found::Default(_)) => Err(AwsError::InvalidParameterValue(format!(
                        "{}: a default parameter group takes no tags",
                        shown(name)
                    ))),
                    None => Err(not_found(name.to_string())),
                }
            }
            "subgrp" => {
                let not_found = || AwsError::DbSubnetGroupNotFound(name.to_string());
                let group = arn
                    .resource_id("rds", kind)
                    .filter(|_| arn.account == Some(caller) && arn.region == self.config.region)
                    .ok_or_else(not_found)?;
                self.groups
                    .subnet_group(caller, group)
                    .map(|g| Taggable::SubnetGroup(caller, g.name.clone()))
                    .ok_or_else(not_found)
            }
            _ => Err(AwsError::InvalidParameterValue(format!(
                "{}: cowsim tags DB clusters, DB instances, DB cluster snapshots, and \
                 parameter and subnet groups",
                shown(name)
            ))),
        }
    }

    fn tags_of(&self, target: &Taggable) -> &Tags {
        match target {
            Taggable::Cluster(c) => &self.clusters[c.index()].tags,
            Taggable::Instance(i) => &self.instances[i.index()].tags,
            Taggable::Snapshot(s) => &self.snapshots[s.index()].tags,
            Taggable::ParameterGroup(level, account, name) => {
                match self.groups.parameter_group(*level, *account, name) {
                    Some(Found::Custom(g)) => &g.tags,
                    _ => &NO_TAGS,
                }
            }
            Taggable::SubnetGroup(account, name) => self
                .groups
                .subnet_group(*account, name)
                .map_or(&NO_TAGS, |g| &g.tags),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloud::ops::tags::Tag;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        Tags(
            pairs
                .iter()
                .map(|(k, v)| Tag {
                    key: k.to_string(),
                    value: v.to_string(),
                })
                .collect(),
        )
    }

    #[test]
    fn keys_values_and_reserved_prefixes() {
        assert!(check_tags(&tags(&[("team", "audit"), ("empty", "")])).is_ok());
        let long_key = "k".repeat(129);
        let long_value = "v".repeat(257);
        for bad in [
            tags(&[("", "x")]),
            tags(&[(long_key.as_str(), "x")]),
            tags(&[("k", long_value.as_str())]),
            tags(&[("aws:owner", "x")]),
            tags(&[("RDS:x", "x")]),
            tags(&[("k", "aws:x")]),
        ] {
            assert!(check_each(&bad).is_err(), "{bad:?}");
            let e = check_tags(&bad).unwrap_err();
            assert_eq!(e.code(), "InvalidParameterValue", "{bad:?}");
        }
    }

    #[test]
    fn at_most_fifty_and_a_key_once() {
        let fifty: Vec<(String, String)> = (0..50).map(|i| (format!("k{i}"), "v".into())).collect();
        let pairs: Vec<(&str, &str)> = fifty
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let full = merged(&Tags::default(), &tags(&pairs)).unwrap();
        assert_eq!(full.0.len(), 50);
        let changed = merged(&full, &tags(&[("k3", "new")])).unwrap();
        assert_eq!((changed.0.len(), changed.get("k3")), (50, Some("new")));
        assert!(merged(&full, &tags(&[("one-more", "v")])).is_err());
    }
}
