//! RDS tags as requests carry them: a resource's `Tags` given on create,
//! restore and copy, and `AddTagsToResource`, `ListTagsForResource` and
//! `RemoveTagsFromResource` by ARN. The rules a tag must keep are the
//! control plane's (`cloud/tags.rs`), so a scenario step can expect their
//! errors.

use serde::Serialize;

use super::declare::request;
use super::filters::Filters;
pub use crate::cloud::tag_list::{Tag, Tags};

/// The tag with which `create-db-cluster` gives a new cluster data,
/// without leaving the AWS API. It is read, not kept as a tag.
pub const DATA_GIB_TAG: &str = "cowsim:data-gib";

/// The keys `RemoveTagsFromResource` removes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagKeys(pub Vec<String>);

request! {
    /// `add-tags-to-resource`: tags added to (or changed on) a DB cluster,
    /// DB instance or DB cluster snapshot of the caller's, named by ARN.
    pub struct AddTagsToResource accepting {} {
        pub resource: String = "resource-name" / "ResourceName",
        pub tags: Tags = "tags" / "Tags",
    }
}

request! {
    /// `list-tags-for-resource`: a resource's tags. RDS takes `Filters`
    /// but documents them as not supported: they are read, and change
    /// nothing.
    pub struct ListTagsForResource accepting {
        "filters" / "Filters": Option<Filters>,
    } {
        pub resource: String = "resource-name" / "ResourceName",
    }
}

request! {
    /// `remove-tags-from-resource`: a key not there is no error.
    pub struct RemoveTagsFromResource accepting {} {
        pub resource: String = "resource-name" / "ResourceName",
        pub keys: TagKeys = "tag-keys" / "TagKeys",
    }
}

/// `list-tags-for-resource`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TagListResponse {
    #[serde(rename = "TagList")]
    pub tags: Tags,
}

/// `add-tags-to-resource` and `remove-tags-from-resource`: nothing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TagsChanged {}
