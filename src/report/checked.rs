//! What an `expect` step found: the data a check produced, which the
//! report's step log carries. The checks themselves, and how a scenario
//! states them, are the scenario's (`scenario/expect.rs`).

use serde::Serialize;

use super::field::FieldValue;

/// One check as it ran: what was asked, what was found, whether it held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Checked {
    /// The field, as a scenario names it (kebab-case).
    pub field: String,
    pub expected: String,
    pub found: FieldValue,
    pub held: bool,
}

impl Checked {
    /// Why the check failed, for the step log's verdict: the value found
    /// in full, since a near miss may differ only in its last digits.
    pub fn failure(&self) -> String {
        let found = match &self.found {
            FieldValue::None => "none".to_string(),
            FieldValue::Text(t) => format!("{t:?}"),
            FieldValue::Unsigned(x) => x.to_string(),
            FieldValue::Signed(x) => x.to_string(),
            FieldValue::Float(x) => format!("{x:?}"),
            FieldValue::Bool(b) => b.to_string(),
        };
        format!("{}: expected {}, found {found}", self.field, self.expected)
    }
}
