//! How a scenario step's parameters become typed AWS requests. Every
//! request (`crate::cloud::ops::declare`) is read field by field through
//! the `StepValue`s of `step_values.rs`, and its cross-field rules checked
//! by its own `validate`; this file holds the step being read, and the
//! readers of the values that take more than one TOML value. Every value
//! keeps its position, so that a refusal points at it.

use toml::de::DeValue;

use super::diag::Diagnostic;
use super::fields::{Accounts, Fields, check_ref};
use crate::cloud::ops::filters::{Filter, Filters};
use crate::cloud::ops::tags::{Tag, Tags};
use crate::cloud::ops::{Reader, Refusal};

/// A step being read: its fields, the scenario's accounts, and whether it
/// expects an error (then ARNs are left for the service to judge).
pub struct StepReader<'s, 'a, 'i> {
    pub fields: &'s mut Fields<'a, 'i>,
    pub accounts: &'s dyn Accounts,
    pub expects_error: bool,
}

impl Reader for StepReader<'_, '_, '_> {
    type Error = Diagnostic;

    /// At the refused parameter's value, or the step as a whole.
    fn refuse(&mut self, refusal: Refusal) -> Diagnostic {
        let span = refusal
            .param
            .and_then(|p| self.fields.raw(p.step))
            .map_or_else(|| self.fields.span(), |v| v.span());
        self.fields.error(span, refusal.message)
    }
}

pub(super) fn arn_list(
    f: &mut Fields<'_, '_>,
    key: &str,
    service: &str,
    kind: &str,
    expects_error: bool,
) -> Result<Vec<String>, Diagnostic> {
    let list = f.strings(key)?.unwrap_or_default();
    for (v, span) in &list {
        if !expects_error && !v.starts_with("arn:") {
            return Err(f.error(span.clone(), format!("`{v}`: `{key}` takes ARNs, such as arn:aws:{service}:us-east-1:111111111111:{kind}:NAME")));
        }
        check_ref(f, v, span.clone(), service, kind, expects_error)?;
    }
    Ok(list.into_iter().map(|(v, _)| v).collect())
}

/// Account ids or names (declared), organization ARNs, and `all` where
/// `allow_all`; returned as the strings the control plane takes.
pub(super) fn account_list(
    f: &mut Fields<'_, '_>,
    key: &str,
    accounts: &dyn Accounts,
    allow_all: bool,
) -> Result<Vec<String>, Diagnostic> {
    let mut out = Vec::new();
    for (v, span) in f.strings(key)?.unwrap_or_default() {
        if (allow_all && v == "all") || v.starts_with("arn:") {
            out.push(v);
            continue;
        }
        match accounts.resolve(&v) {
            Some(a) => out.push(a.to_string()),
            None => return Err(f.error(span, format!("`{v}` is not a declared account (an id of [[accounts]] or [[organizations]], or an account's name)"))),
        }
    }
    Ok(out)
}

/// `filters = [{ Name = "engine", Values = ["aurora-mysql"] }, …]`: each
/// filter's name and values as given; the operation judges the names.
pub(super) fn filters(f: &mut Fields<'_, '_>, key: &str) -> Result<Option<Filters>, Diagnostic> {
    let Some(raw) = f.raw(key) else {
        return Ok(None);
    };
    let expected = format!("expected {key} = [{{ Name = \"…\", Values = [\"…\"] }}]");
    let DeValue::Array(items) = raw.get_ref() else {
        return Err(f.error(raw.span(), expected));
    };
    let mut out = Vec::new();
    for item in items {
        let DeValue::Table(t) = item.get_ref() else {
            return Err(f.error(item.span(), expected));
        };
        let mut filter = Fields::new(f.src(), f.what().to_string(), item.span(), t);
        filter.finish(&["Name", "Values"])?;
        let (name, _) = filter.required_string("Name")?;
        let values = filter.strings("Values")?.unwrap_or_default();
        out.push(Filter {
            name,
            values: values.into_iter().map(|(v, _)| v).collect(),
        });
    }
    Ok(Some(Filters(out)))
}

/// A TOML value serialized as JSON, for a key policy written as a table:
/// the input edge where the document becomes the JSON text KMS takes.
pub(super) struct TomlAsJson<'a, 'i>(pub(super) &'a DeValue<'i>);

impl serde::Serialize for TomlAsJson<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            DeValue::String(x) => s.serialize_str(x),
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => s.serialize_i64(n),
                Err(_) => s.serialize_none(),
            },
            DeValue::Float(x) => match x.as_str().replace('_', "").parse::<f64>() {
                Ok(f) => s.serialize_f64(f),
                Err(_) => s.serialize_none(),
            },
            DeValue::Boolean(b) => s.serialize_bool(*b),
            DeValue::Datetime(d) => s.collect_str(d),
            DeValue::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&TomlAsJson(item.get_ref()))?;
                }
                seq.end()
            }
            DeValue::Table(t) => {
                let mut map = s.serialize_map(Some(t.len()))?;
                for (k, v) in t.iter() {
                    map.serialize_entry(k.get_ref().as_ref(), &TomlAsJson(v.get_ref()))?;
                }
                map.end()
            }
        }
    }
}

/// A step's tags, in either form every service's steps take: a table
/// (`tags = { team = "db" }`) or the API's list of `Key` and `Value`
/// (`tags = [{ Key = "team", Value = "db" }]`); a value left out of the
/// list is empty. In the order given, each key once, its last value.
pub(super) fn tag_pairs(
    f: &mut Fields<'_, '_>,
    key: &str,
) -> Result<Vec<(String, String)>, Diagnostic> {
    let Some(raw) = f.raw(key) else {
        return Ok(Vec::new());
    };
    let expected = format!(
        "expected {key} = {{ team = \"…\" }} or {key} = [{{ Key = \"…\", Value = \"…\" }}]"
    );
    let mut out: Vec<(String, String)> = Vec::new();
    let mut add = |key: String, value: String| match out.iter_mut().find(|(k, _)| *k == key) {
        Some(old) => old.1 = value,
        None => out.push((key, value)),
    };
    match raw.get_ref() {
        DeValue::Table(t) => {
            for (k, v) in t.iter() {
                let DeValue::String(value) = v.get_ref() else {
                    return Err(f.error(v.span(), format!("`{key}`: a tag's value is a string")));
                };
                add(k.get_ref().to_string(), value.to_string());
            }
        }
        DeValue::Array(items) => {
            for item in items {
                let DeValue::Table(t) = item.get_ref() else {
                    return Err(f.error(item.span(), expected));
                };
                let mut tag = Fields::new(f.src(), f.what().to_string(), item.span(), t);
                tag.finish(&["Key", "Value"])?;
                let (k, _) = tag.required_string("Key")?;
                let value = tag.string("Value")?.map(|(v, _)| v).unwrap_or_default();
                add(k, value);
            }
        }
        _ => return Err(f.error(raw.span(), expected)),
    }
    Ok(out)
}

/// An RDS step's tags ([`tag_pairs`]).
pub(super) fn tags(f: &mut Fields<'_, '_>, key: &str) -> Result<Tags, Diagnostic> {
    let pairs = tag_pairs(f, key)?;
    Ok(Tags(
        pairs
            .into_iter()
            .map(|(key, value)| Tag { key, value })
            .collect(),
    ))
}
