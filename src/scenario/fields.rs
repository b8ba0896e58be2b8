//! Reading a TOML table field by field, keeping every value's position so a
//! refusal can point at it, and refusing fields nobody asked for.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::{Diagnostic, closest};

/// The file being read, for diagnostics.
#[derive(Clone, Copy)]
pub struct Source<'s> {
    pub file: &'s str,
    pub text: &'s str,
}

impl Source<'_> {
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.file, self.text, span, message)
    }
}

/// A value with where it was written.
pub type At<T> = (T, Range<usize>);

/// The fields of one table, read one by one.
pub struct Fields<'a, 'i> {
    src: Source<'a>,
    /// What the table is, for messages ("step 3 (write)").
    what: String,
    span: Range<usize>,
    entries: Vec<(&'a str, Range<usize>, &'a Spanned<DeValue<'i>>)>,
}

impl<'a, 'i> Fields<'a, 'i> {
    pub fn new(
        src: Source<'a>,
        what: impl Into<String>,
        span: Range<usize>,
        table: &'a DeTable<'i>,
    ) -> Self {
        let mut entries: Vec<_> = table
            .iter()
            .map(|(k, v)| (k.get_ref().as_ref(), k.span(), v))
            .collect();
        entries.sort_by_key(|(_, span, _)| span.start);
        Fields {
            src,
            what: what.into(),
            span,
            entries,
        }
    }

    /// The table as a whole, for errors about it.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Renames the table in messages.
    pub fn set_what(&mut self, what: String) {
        self.what = what;
    }

    pub fn what(&self) -> &str {
        &self.what
    }

    pub fn src(&self) -> Source<'a> {
        self.src
    }

    /// Every key, with its position, in the order written.
    pub fn keys(&self) -> Vec<At<&'a str>> {
        self.entries
            .iter()
            .map(|(k, span, _)| (*k, span.clone()))
            .collect()
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.iter().any(|(k, _, _)| *k == key)
    }

    /// The raw value of `key`.
    pub fn raw(&mut self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
    }

    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.src
            .error(span, format!("{}: {}", self.what, message.into()))
    }

    fn wrong_type(&self, key: &str, v: &Spanned<DeValue<'_>>, expected: &str) -> Diagnostic {
        self.error(
            v.span(),
            format!("`{key}` is {}: expected {expected}", describe(v.get_ref())),
        )
    }

    pub fn string(&mut self, key: &str) -> Result<Option<At<String>>, Diagnostic> {
        let Some(v) = self.raw(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::String(s) => Ok(Some((s.to_string(), v.span()))),
            _ => Err(self.wrong_type(key, v, "a string")),
        }
    }

    pub fn required_string(&mut self, key: &str) -> Result<At<String>, Diagnostic> {
        self.string(key)?
            .ok_or_else(|| self.error(self.span(), format!("missing `{key}`")))
    }

    pub fn bool(&mut self, key: &str) -> Result<Option<bool>, Diagnostic> {
        let Some(v) = self.raw(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::Boolean(b) => Ok(Some(*b)),
            _ => Err(self.wrong_type(key, v, "true or false")),
        }
    }

    /// A number (integer or float).
    pub fn number(&mut self, key: &str) -> Result<Option<At<f64>>, Diagnostic> {
        let Some(v) = self.raw(key) else {
            return Ok(None);
        };
        number_of(v)
            .map(|x| Some((x, v.span())))
            .ok_or_else(|| self.wrong_type(key, v, "a number"))
    }

    /// A whole number >= 0.
    pub fn count(&mut self, key: &str) -> Result<Option<At<u64>>, Diagnostic> {
        let Some(v) = self.raw(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix())
                .map(|x| Some((x, v.span())))
                .map_err(|_| {
                    self.error(
                        v.span(),
                        format!(
                            "`{key}` = {i}: expected a whole number from 0 to {}",
                            u64::MAX
                        ),
                    )
                }),
            _ => Err(self.wrong_type(key, v, "a whole number")),
        }
    }

    /// A string or a list of strings.
    pub fn strings(&mut self, key: &str) -> Result<Option<Vec<At<String>>>, Diagnostic> {
        let Some(v) = self.raw(key) else {
            return Ok(None);
        };
        match v.get_ref() {
            DeValue::String(s) => Ok(Some(vec![(s.to_string(), v.span())])),
            DeValue::Array(items) => items
                .iter()
                .map(|item| match item.get_ref() {
                    DeValue::String(s) => Ok((s.to_string(), item.span())),
                    _ => Err(self.wrong_type(key, item, "a string")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            _ => Err(self.wrong_type(key, v, "a string or a list of strings")),
        }
    }

    /// Refuses every field not in `allowed`, suggesting the closest one.
    /// Called before reading, so a misspelled required field is reported
    /// as a typo rather than as missing.
    pub fn finish(&self, allowed: &[&str]) -> Result<(), Diagnostic> {
        for (key, span, _) in &self.entries {
            if !allowed.contains(key) {
                let mut d = self.error(span.clone(), format!("unknown field `{key}`"));
                d = match closest(key, allowed.iter().copied()) {
                    Some(c) => d.help(format!("did you mean `{c}`?")),
                    None => d.help(format!("expected one of: {}", listed(allowed).join(", "))),
                };
                return Err(d);
            }
        }
        Ok(())
    }
}

/// The names a help line lists: each once, and a snake_case alias only
/// when its kebab-case spelling isn't listed already.
fn listed<'k>(allowed: &[&'k str]) -> Vec<&'k str> {
    let mut out: Vec<&str> = Vec::with_capacity(allowed.len());
    for &key in allowed {
        let alias = key.contains('_') && allowed.contains(&key.replace('_', "-").as_str());
        if !alias && !out.contains(&key) {
            out.push(key);
        }
    }
    out
}

/// A number's value, if it is one.
pub fn number_of(v: &Spanned<DeValue<'_>>) -> Option<f64> {
    match v.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|x| x as f64),
        DeValue::Float(f) => f.as_str().replace('_', "").parse().ok(),
        _ => None,
    }
}

/// "a string", "a table", ... for messages.
pub fn describe(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("the string {s:?}"),
        DeValue::Integer(i) => format!("the integer {i}"),
        DeValue::Float(f) => format!("the number {f}"),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(d) => format!("the date-time {d}"),
        DeValue::Array(_) => "a list".into(),
        DeValue::Table(_) => "a table".into(),
    }
}

/// Resolves account references (ids or declared names) for a step.
pub trait Accounts {
    fn resolve(&self, reference: &str) -> Option<crate::cloud::AccountId>;
}

/// A string parameter parsed with `FromStr`, its error shown at the value.
pub fn parsed<T>(f: &mut Fields<'_, '_>, key: &str) -> Result<Option<T>, Diagnostic>
where
    T: std::str::FromStr<Err: std::fmt::Display>,
{
    match f.string(key)? {
        None => Ok(None),
        Some((v, span)) => v
            .parse::<T>()
            .map(Some)
            .map_err(|e| f.error(span, format!("`{key}`: {e}"))),
    }
}

/// Checks an ARN parameter's syntax (unless the step expects an error, so
/// a scenario can test the service's own answer to a malformed ARN).
pub fn check_ref(
    f: &Fields<'_, '_>,
    v: &str,
    span: std::ops::Range<usize>,
    service: &str,
    kind: &str,
    expects_error: bool,
) -> Result<(), Diagnostic> {
    if expects_error || !v.starts_with("arn:") {
        return Ok(());
    }
    let arn = crate::cloud::Arn::parse(v).map_err(|e| f.error(span.clone(), e.to_string()))?;
    if arn.resource_id(service, kind).is_none() {
        return Err(f.error(
            span,
            format!(
                "`{v}` is not a {kind} ARN: expected arn:aws:{service}:REGION:ACCOUNT:{kind}:NAME"
            ),
        ));
    }
    Ok(())
}
