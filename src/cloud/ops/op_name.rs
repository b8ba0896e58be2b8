//! The name of any operation a step or a call may run: one of the AWS
//! operations of the registry, or one of the simulator's own. Typed inside
//! (the step record, the pages that mark operations), spelled as the AWS
//! CLI and scenario files spell it at the edges: it serialises as that
//! string.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::registry::AwsOp;
use super::sim::SimOp;

/// An operation, AWS's or the simulator's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpName {
    Aws(AwsOp),
    Sim(SimOp),
}

impl OpName {
    /// `create-db-cluster`, `write`, ….
    pub fn name(self) -> &'static str {
        match self {
            OpName::Aws(op) => op.name(),
            OpName::Sim(op) => op.name(),
        }
    }
}

impl From<AwsOp> for OpName {
    fn from(op: AwsOp) -> Self {
        OpName::Aws(op)
    }
}

impl From<SimOp> for OpName {
    fn from(op: SimOp) -> Self {
        OpName::Sim(op)
    }
}

/// A name that is no operation, AWS's or the simulator's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown op `{0}`")]
pub struct UnknownOp(pub String);

impl FromStr for OpName {
    type Err = UnknownOp;

    fn from_str(s: &str) -> Result<Self, UnknownOp> {
        AwsOp::ALL
            .iter()
            .find(|op| op.name() == s)
            .map(|&op| OpName::Aws(op))
            .or_else(|| s.parse().ok().map(OpName::Sim))
            .ok_or_else(|| UnknownOp(s.to_string()))
    }
}

/// The name, padded as a format asks (`{:<38}` in the text log).
impl fmt::Display for OpName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl Serialize for OpName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl PartialEq<str> for OpName {
    fn eq(&self, other: &str) -> bool {
        self.name() == other
    }
}

impl PartialEq<&str> for OpName {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back() {
        for &op in AwsOp::ALL {
            let name = OpName::Aws(op);
            assert_eq!(name.name().parse::<OpName>(), Ok(name));
        }
        for op in SimOp::ALL {
            assert_eq!(op.name().parse::<OpName>(), Ok(OpName::Sim(op)));
        }
        assert!("bogus".parse::<OpName>().is_err());
        assert_eq!(format!("{:<8}|", OpName::Sim(SimOp::Write)), "write   |");
        assert_eq!(
            serde_json::to_string(&OpName::Sim(SimOp::Write))
                .ok()
                .as_deref(),
            Some("\"write\"")
        );
    }
}
