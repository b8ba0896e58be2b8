//! The `Filters` of RDS's describes: each a name and the values it keeps.

/// A describe call's `Filters`: each filter keeps what matches one of its
/// values, and a result is kept when every filter keeps it. Names are
/// taken as given; the operation refuses a name it doesn't know, as RDS
/// does (see docs/aws-behaviour.md).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters(pub Vec<Filter>);

/// One filter: its name (`engine`) and the values it keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    pub name: String,
    pub values: Vec<String>,
}
