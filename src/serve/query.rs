//! The query protocol (RDS, STS): a form body of `Action`, `Version` and
//! the parameters, lists spelled `Name.Member.N` (`Filters.Filter.1.Name`),
//! read into the JSON tree of members that every protocol gives
//! [`super::call`].

use serde_json::{Map, Value};

use super::api_types::Service;
use super::errors::ApiError;
use super::limits;

/// A query request: its action and its members.
pub struct QueryRequest {
    pub action: String,
    pub members: Map<String, Value>,
}

/// Reads a form body (or query string).
pub fn parse(service: Service, body: &[u8]) -> Result<QueryRequest, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body)
        .map_err(|e| ApiError::invalid(service, format!("the request body is not a form: {e}")))?;
    if pairs.len() > limits::MAX_VALUES {
        return Err(ApiError::invalid(
            service,
            format!(
                "the request carries more than {} values",
                limits::MAX_VALUES
            ),
        ));
    }
    let mut action = None;
    let mut members = Map::new();
    let mut slots = 0;
    for (key, value) in pairs {
        if key.split('.').count() > limits::MAX_NAME_PARTS {
            return Err(ApiError::invalid(
                service,
                format!(
                    "parameter {}: a name of more than {} parts",
                    key.split('.').next().unwrap_or_default(),
                    limits::MAX_NAME_PARTS
                ),
            ));
        }
        match key.as_str() {
            "Action" => action = Some(value),
            "Version" => {}
            _ => insert(&mut members, &key, value, &mut slots)
                .map_err(|why| ApiError::invalid(service, format!("parameter {key}: {why}")))?,
        }
    }
    let action = action.ok_or_else(|| ApiError::missing(service, "Action"))?;
    limits::check(service, &members)?;
    Ok(QueryRequest { action, members })
}

/// Puts `value` at the path `key` names: `A.B` is member B of A;
/// `A.Member.N` (or `A.N`) is the Nth element of list A. `slots` counts
/// the list elements the whole request has made so far, gaps included:
/// a few keys naming element 1000 of lists nested in lists would
/// otherwise fill memory with empty elements before any check.
fn insert(
    members: &mut Map<String, Value>,
    key: &str,
    value: String,
    slots: &mut usize,
) -> Result<(), &'static str> {
    const MALFORMED: &str = "malformed name";
    let parts: Vec<&str> = key.split('.').collect();
    let mut at = members;
    let mut i = 0;
    loop {
        let name = *parts.get(i).ok_or(MALFORMED)?;
        if name.is_empty() {
            return Err(MALFORMED);
        }
        let index = |p: Option<&&str>| p.and_then(|p| p.parse::<usize>().ok()).filter(|&n| n >= 1);
        let (list_at, next) = match (index(parts.get(i + 1)), index(parts.get(i + 2))) {
            (Some(n), _) => (Some(n), i + 2),
            (None, Some(n)) => (Some(n), i + 3),
            (None, None) => (None, i + 1),
        };
        let last = next >= parts.len();
        match list_at {
            None if last => {
                at.insert(name.to_string(), Value::String(value));
                return Ok(());
            }
            None => {
                let slot = at.entry(name).or_insert_with(|| Value::Object(Map::new()));
                at = slot.as_object_mut().ok_or(MALFORMED)?;
                i = next;
            }
            Some(n) => {
                let slot = at.entry(name).or_insert_with(|| Value::Array(Vec::new()));
                let items = slot.as_array_mut().ok_or(MALFORMED)?;
                // Elements may arrive in any order, up to a sane length.
                if n > 1000 {
                    return Err(MALFORMED);
                }
                *slots += n.saturating_sub(items.len());
                if *slots > limits::MAX_VALUES {
                    return Err("more list elements in the request than it carries values");
                }
                while items.len() < n {
                    items.push(Value::Null);
                }
                if last {
                    items[n - 1] = Value::String(value);
                    return Ok(());
                }
                if items[n - 1].is_null() {
                    items[n - 1] = Value::Object(Map::new());
                }
                at = items[n - 1].as_object_mut().ok_or(MALFORMED)?;
                i = next;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_can_not_be_padded_past_the_values_a_request_carries() {
        let key = |i: usize| format!("A{i}.1000.B.1000=x");
        let body: Vec<String> = (0..3).map(key).collect();
        let refused = parse(Service::Rds, body.join("&").as_bytes()).map(|_| ());
        let e = refused.expect_err("3 values can't make 6,000 list elements");
        assert!(e.message.contains("more list elements"), "{}", e.message);
        let fine = parse(
            Service::Rds,
            b"Action=X&Filters.member.2.Name=a&Filters.member.1.Name=b",
        );
        assert!(fine.is_ok());
    }
}
