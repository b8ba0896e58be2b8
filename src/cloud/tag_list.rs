//! An RDS resource's tags, as RDS lists them: the data the tag
//! operations (`ops/tags.rs`) read and answer with, and what clusters,
//! instances, snapshots and groups keep.

use serde::Serialize;

/// One tag: a key and its value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Value")]
    pub value: String,
}

/// A resource's tags, or those a request gives, in the order given; a
/// key appears once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Tags(pub Vec<Tag>);

impl Tags {
    /// The value of `key`, if tagged.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|t| t.key == key)
            .map(|t| t.value.as_str())
    }

    /// These tags with `more` added: a key already there takes the new
    /// value, in its old place.
    pub fn merged(&self, more: &Tags) -> Tags {
        let mut out = self.clone();
        for tag in &more.0 {
            match out.0.iter_mut().find(|t| t.key == tag.key) {
                Some(old) => old.value = tag.value.clone(),
                None => out.0.push(tag.clone()),
            }
        }
        out
    }

    /// These tags without `keys`.
    pub fn without(&self, keys: &[String]) -> Tags {
        Tags(
            self.0
                .iter()
                .filter(|t| !keys.contains(&t.key))
                .cloned()
                .collect(),
        )
    }
}
