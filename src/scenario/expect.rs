//! `expect` steps: assertions on a cluster's or an account's figures as
//! the report would show them now.

use std::ops::Range;

use toml::de::DeValue;

use super::diag::{Diagnostic, closest};
use super::fields::{Accounts, Fields, check_ref, describe, number_of};
use crate::cloud::AccountId;
use crate::report::checked::Checked;
use crate::report::field::FieldValue;
use crate::report::{AccountRow, ClusterRow};

/// Keys an `expect` step uses itself, which no checked field may shadow
/// (a cluster row's `account` is the step's caller, not a check).
const STEP_KEYS: &[&str] = &["op", "cluster", "account", "note", "expect-error"];

/// The fields an expectation may name, kebab-case, from a report row's
/// own list of fields.
fn checkable(fields: &[&str]) -> Vec<String> {
    fields
        .iter()
        .map(|f| f.replace('_', "-"))
        .filter(|f| !STEP_KEYS.contains(&f.as_str()))
        .collect()
}

/// Fields an expectation on a cluster may name: the report's cluster row.
pub fn cluster_fields() -> Vec<String> {
    checkable(ClusterRow::FIELDS)
}

/// Fields an expectation on an account may name: the report's account row.
pub fn account_fields() -> Vec<String> {
    checkable(AccountRow::FIELDS)
}

/// What is expected of one field.
#[derive(Clone, Debug, PartialEq)]
pub enum Expected {
    /// Within `tolerance` (absolute), or 1e-9 relative when `None`.
    Number {
        value: f64,
        tolerance: Option<f64>,
    },
    Text(String),
    Bool(bool),
}

/// One field's check.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// The report's field name (snake_case).
    pub field: String,
    pub expected: Expected,
    pub span: Range<usize>,
}

/// What an expectation is about.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// An identifier of the step's account, or an ARN.
    Cluster(String),
    Account(AccountId),
}

/// An `expect` step.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub target: Target,
    pub checks: Vec<Check>,
}

impl Expectation {
    pub fn parse(
        f: &mut Fields<'_, '_>,
        accounts: &dyn Accounts,
        expects_error: bool,
    ) -> Result<Expectation, Diagnostic> {
        let on_cluster = f.has("cluster");
        let (allowed, other) = if on_cluster {
            (cluster_fields(), account_fields())
        } else {
            (account_fields(), cluster_fields())
        };
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        let snake: Vec<String> = allowed.iter().map(|a| a.replace('-', "_")).collect();
        let mut all: Vec<&str> = allowed.clone();
        all.extend(snake.iter().map(String::as_str));
        all.extend(["op", "cluster", "account", "note", "expect-error"]);
        f.finish(&all).map_err(|d| {
            if other.iter().any(|o| {
                d.message.ends_with(&format!("`{o}`"))
                    || d.message.ends_with(&format!("`{}`", o.replace('-', "_")))
            }) {
                let target = if on_cluster {
                    "a cluster"
                } else {
                    "an account"
                };
                d.help(format!("that is not a field of {target}"))
            } else {
                d
            }
        })?;
        let target = match (f.string("cluster")?, f.string("account")?) {
            (Some((c, span)), _) => {
                check_ref(f, &c, span, "rds", "cluster", expects_error)?;
                Target::Cluster(c)
            }
            (None, Some((a, span))) => Target::Account(
                accounts
                    .resolve(&a)
                    .ok_or_else(|| f.error(span, format!("`{a}` is not a declared account")))?,
            ),
            (None, None) => {
                return Err(f.error(
                    f.span(),
                    "an expect step names a `cluster` (or an `account`, for its bill)",
                ));
            }
        };
        let mut checks = Vec::new();
        for (field, snake) in allowed.iter().zip(&snake) {
            let again = (snake != field).then(|| f.raw(snake)).flatten();
            let raw = match (f.raw(field), again) {
                (Some(_), Some(again)) => {
                    return Err(f.error(
                        again.span(),
                        format!("`{field}` is given twice, as `{field}` and `{snake}`"),
                    ));
                }
                (Some(raw), None) | (None, Some(raw)) => raw,
                (None, None) => continue,
            };
            let expected = match raw.get_ref() {
                DeValue::String(s) => Expected::Text(s.to_string()),
                DeValue::Boolean(b) => Expected::Bool(*b),
                DeValue::Table(t) => {
                    let mut inner =
                        Fields::new(f.src(), format!("{} `{field}`", f.what()), raw.span(), t);
                    inner.finish(&["value", "tolerance"])?;
                    let value = inner
                        .number("value")?
                        .ok_or_else(|| inner.error(raw.span(), "missing `value`"))?
                        .0;
                    let tolerance = inner.number("tolerance")?.map(|(t, _)| t);
                    if tolerance.is_some_and(|t| t.is_nan() || t < 0.0) {
                        return Err(f.error(raw.span(), "`tolerance` must be a number >= 0"));
                    }
                    Expected::Number { value, tolerance }
                }
                _ => match number_of(raw) {
                    Some(value) => Expected::Number {
                        value,
                        tolerance: None,
                    },
                    None => {
                        return Err(f.error(
                            raw.span(),
                            format!("`{field}` is {}: expected a number, {{ value, tolerance }}, a string or a boolean", describe(raw.get_ref())),
                        ));
                    }
                },
            };
            checks.push(Check {
                field: field.replace('-', "_"),
                expected,
                span: raw.span(),
            });
        }
        if checks.is_empty() {
            let suggestion =
                closest("logical-pages", allowed.iter().copied()).unwrap_or("total-cost-usd");
            return Err(f.error(
                f.span(),
                format!("an expect step checks at least one field, such as `{suggestion}`"),
            ));
        }
        Ok(Expectation { target, checks })
    }
}

impl Check {
    /// Runs the check against the value the report shows.
    pub fn verify(&self, found: FieldValue) -> Checked {
        let ok = match (&self.expected, &found) {
            (Expected::Number { value, tolerance }, n) if n.number().is_some() => {
                let x = n.number().unwrap_or(f64::NAN);
                match tolerance {
                    Some(t) => (x - value).abs() <= *t,
                    None => (x - value).abs() <= 1e-9 * value.abs().max(x.abs()),
                }
            }
            (Expected::Text(t), FieldValue::Text(s)) => t == s,
            (Expected::Text(t), FieldValue::None) => t.is_empty(),
            (Expected::Bool(b), FieldValue::Bool(x)) => b == x,
            _ => false,
        };
        let expected = match &self.expected {
            Expected::Number {
                value,
                tolerance: Some(t),
            } => format!("{value} ± {t}"),
            Expected::Number {
                value,
                tolerance: None,
            } => format!("{value}"),
            Expected::Text(t) if t.is_empty() => "none".to_string(),
            Expected::Text(t) => format!("{t:?}"),
            Expected::Bool(b) => format!("{b}"),
        };
        Checked {
            field: self.field.replace('_', "-"),
            expected,
            found,
            held: ok,
        }
    }
}
