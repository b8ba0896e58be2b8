//! A report row's fields by name, for `expect` steps: `report_row!`
//! declares a row and, from the same lines, the list of its field names and
//! a lookup that gives each field's value, so the fields a scenario may
//! check can't drift from what the report holds.

use serde::Serialize;

use crate::cloud::AccountId;
use crate::cloud::rds::{ClusterStatus, DbEngine, StorageType};
use crate::time::SimTime;

/// One field's value, as the JSON report writes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FieldValue {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
    Bool(bool),
    /// No value (`null`).
    None,
}

impl FieldValue {
    /// The value as a number, if it is one.
    pub fn number(&self) -> Option<f64> {
        match *self {
            FieldValue::Unsigned(x) => Some(x as f64),
            FieldValue::Signed(x) => Some(x as f64),
            FieldValue::Float(x) => Some(x),
            _ => None,
        }
    }
}

/// A type a report field can have.
pub trait AsField {
    fn as_field(&self) -> FieldValue;
}

impl AsField for u64 {
    fn as_field(&self) -> FieldValue {
        FieldValue::Unsigned(*self)
    }
}

impl AsField for i64 {
    fn as_field(&self) -> FieldValue {
        FieldValue::Signed(*self)
    }
}

impl AsField for f64 {
    fn as_field(&self) -> FieldValue {
        FieldValue::Float(*self)
    }
}

impl AsField for bool {
    fn as_field(&self) -> FieldValue {
        FieldValue::Bool(*self)
    }
}

impl AsField for String {
    fn as_field(&self) -> FieldValue {
        FieldValue::Text(self.clone())
    }
}

/// Types that read as text in the report.
macro_rules! text_fields {
    ($($t:ty),*) => {
        $(impl AsField for $t {
            fn as_field(&self) -> FieldValue {
                FieldValue::Text(self.to_string())
            }
        })*
    };
}

text_fields!(AccountId, SimTime, ClusterStatus, DbEngine, StorageType);

impl<T: AsField> AsField for Option<T> {
    fn as_field(&self) -> FieldValue {
        self.as_ref().map_or(FieldValue::None, AsField::as_field)
    }
}

/// Declares a report row and its `FIELDS` (the field names, as the JSON
/// report spells them) and `field(name)`.
macro_rules! report_row {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* pub $field:ident: $t:ty,)*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$fmeta])* pub $field: $t,)*
        }

        impl $name {
            /// Every field's name, as the JSON report spells it.
            pub const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// A field's value by name; `None` if the row has no such field.
            pub fn field(&self, name: &str) -> Option<$crate::report::field::FieldValue> {
                use $crate::report::field::AsField;
                match name {
                    $(stringify!($field) => Some(self.$field.as_field()),)*
                    _ => None,
                }
            }
        }
    };
}

pub(crate) use report_row;
