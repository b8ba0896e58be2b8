//! Bounds on what one request may carry, checked before anything reads
//! its members: every later step (typing, the scenario reader) walks the
//! member tree, so a tree too deep or too wide must never reach them. An
//! AWS request nests at most four levels (`Filters.Filter.1.Values.Value.1`
//! is a list of structures of lists), and carries tens of members.

use serde_json::{Map, Value};

use super::api_types::Service;
use super::errors::ApiError;

/// The deepest member tree a request may carry: a parameter is depth 1.
pub const MAX_DEPTH: usize = 8;

/// The most values (leaves, lists and structures counted together) one
/// request may carry.
pub const MAX_VALUES: usize = 1_000;

/// The most dot-separated parts a query-protocol parameter name may have;
/// a name of more parts would nest deeper than [`MAX_DEPTH`] anyway.
pub const MAX_NAME_PARTS: usize = 3 * MAX_DEPTH;

/// Refuses a member tree deeper than [`MAX_DEPTH`] or holding more than
/// [`MAX_VALUES`] values, naming the parameter at fault. It walks the tree
/// with a stack of its own, so no input depth reaches the thread's stack.
pub fn check(service: Service, members: &Map<String, Value>) -> Result<(), ApiError> {
    let mut pending: Vec<(&str, &Value, usize)> =
        members.iter().map(|(k, v)| (k.as_str(), v, 1)).collect();
    let mut seen = 0usize;
    while let Some((parameter, value, depth)) = pending.pop() {
        seen += 1;
        if seen > MAX_VALUES {
            return Err(ApiError::invalid(
                service,
                format!("the request carries more than {MAX_VALUES} values"),
            ));
        }
        if depth > MAX_DEPTH {
            return Err(ApiError::invalid(
                service,
                format!("parameter {parameter}: nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        match value {
            Value::Array(items) => pending.extend(items.iter().map(|v| (parameter, v, depth + 1))),
            Value::Object(fields) => {
                pending.extend(fields.values().map(|v| (parameter, v, depth + 1)))
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> Map<String, Value> {
        let mut value = Value::String("v".into());
        for _ in 1..depth {
            value = Value::Array(vec![value]);
        }
        Map::from_iter([("Filters".to_string(), value)])
    }

    #[test]
    fn a_tree_as_deep_as_the_bound_passes_and_one_deeper_is_refused() {
        assert!(check(Service::Rds, &nested(MAX_DEPTH)).is_ok());
        let e = check(Service::Rds, &nested(MAX_DEPTH + 1)).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValue");
        assert!(e.message.contains("Filters"), "{}", e.message);
    }

    #[test]
    fn too_many_values_are_refused() {
        let wide = Value::Array(vec![Value::Bool(true); MAX_VALUES]);
        let members = Map::from_iter([("Tags".to_string(), wide)]);
        let e = check(Service::Ram, &members).unwrap_err();
        assert_eq!(e.code, "InvalidParameterException");
    }

    #[test]
    fn a_tree_far_deeper_than_any_stack_is_refused_without_recursion() {
        // Built and dropped iteratively: serde_json's own drop recurses.
        let mut value = Value::Null;
        for _ in 0..100_000 {
            value = Value::Array(vec![value]);
        }
        let members = Map::from_iter([("Filters".to_string(), value)]);
        assert!(check(Service::Rds, &members).is_err());
        let mut members = members;
        let mut next = members.remove("Filters");
        while let Some(Value::Array(mut items)) = next {
            next = items.pop();
        }
    }
}
