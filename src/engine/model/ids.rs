//! Typed identifiers of the engine's objects. They are indexes into the
//! engine's tables and are never reused, so a stale id can't name a newer
//! object.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub u32);

        impl $name {
            pub(crate) fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
    };
}

id_type!(
    /// A volume: the storage of one cluster.
    VolumeId,
    "vol-"
);
id_type!(
    /// A read-only point-in-time image of a volume.
    SnapshotId,
    "snap-"
);
id_type!(
    /// A layer of page versions in a family's tree.
    LayerId,
    "layer-"
);
id_type!(
    /// A family: the volumes that share storage through copy-on-write.
    FamilyId,
    "family-"
);
