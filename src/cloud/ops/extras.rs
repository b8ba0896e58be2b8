//! What the simulator tells of a call besides AWS's answer: when what it
//! started will be available, what a restore did, which invitations a
//! share sent. A response holds these
//! in types of their own, as a flattened [`SimExtras`] beside the fields
//! AWS names, so that the report and the journal keep them next to the
//! answer while the wire ([`AwsOnly`]) carries AWS's fields alone: which
//! fields are AWS's is a matter of types, not of how a key is spelled.

use std::cell::Cell;
use std::ops::Deref;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::time::SimTime;

/// The simulator's own fields of a response, held as
/// `#[serde(flatten)] sim: SimExtras<…>`: written with the response
/// everywhere but on the wire.
#[derive(Clone, Debug, PartialEq)]
pub struct SimExtras<T>(pub T);

/// When what a call started will be available; `None` when it started
/// nothing that waits.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Availability {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_at: Option<SimTime>,
}

impl<T> From<T> for SimExtras<T> {
    fn from(extras: T) -> Self {
        SimExtras(extras)
    }
}

impl SimExtras<Availability> {
    /// A response's extras when it says only when it will be available.
    pub fn available_at(at: Option<SimTime>) -> Self {
        SimExtras(Availability { available_at: at })
    }
}

impl<T> Deref for SimExtras<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

thread_local! {
    /// Whether an [`AwsOnly`] view is being written on this thread.
    static AWS_ONLY: Cell<bool> = const { Cell::new(false) };
}

impl<T: Serialize> Serialize for SimExtras<T> {
    /// The extras' fields; inside an [`AwsOnly`] view, none (an empty map
    /// flattens to nothing).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if AWS_ONLY.with(Cell::get) {
            serializer.serialize_map(Some(0))?.end()
        } else {
            self.0.serialize(serializer)
        }
    }
}

/// A response as AWS sends it: every [`SimExtras`] in it left out.
pub struct AwsOnly<'a, T>(pub &'a T);

impl<T: Serialize> Serialize for AwsOnly<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        /// Puts the mode back as it was, even if serialising panics.
        struct Restore(bool);
        impl Drop for Restore {
            fn drop(&mut self) {
                AWS_ONLY.with(|on| on.set(self.0));
            }
        }
        let _restore = Restore(AWS_ONLY.with(|on| on.replace(true)));
        self.0.serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize)]
    struct Answer {
        #[serde(rename = "DBCluster")]
        cluster: &'static str,
        #[serde(flatten)]
        sim: SimExtras<Availability>,
    }

    #[test]
    fn extras_are_written_everywhere_but_on_the_wire() {
        let answer = Answer {
            cluster: "orders",
            sim: Availability {
                available_at: Some(SimTime(60)),
            }
            .into(),
        };
        let kept = serde_json::to_value(&answer).unwrap();
        assert!(kept.get("available_at").is_some(), "{kept}");
        let wire = serde_json::to_value(AwsOnly(&answer)).unwrap();
        assert_eq!(wire, serde_json::json!({"DBCluster": "orders"}));
        // The mode ends with the view.
        assert_eq!(serde_json::to_value(&answer).unwrap(), kept);
    }
}
