//! REST-JSON's members outside the body (RAM): those its model puts in
//! the query string or in headers, read into the one tree of members the
//! body's go into, so that a body-less `DELETE
//! /deleteresourceshare?resourceShareArn=…` (as the SDKs and the AWS CLI
//! send it) reads as a body naming the share would.

use axum::http::HeaderMap;
use serde_json::{Map, Value};

use super::api_types::{ApiOperation, Kind, Location};
use super::errors::ApiError;
use super::limits;

/// The members of a call to `op`: the body's, which must be members the
/// model puts in the body, and those of the query string and headers.
pub fn members(
    op: &ApiOperation,
    mut members: Map<String, Value>,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Result<Map<String, Value>, ApiError> {
    let invalid = |message: String| ApiError::invalid(op.service, message);
    for name in members.keys() {
        if let Some(p) = op.param(name)
            && p.location != Location::Body
        {
            return Err(invalid(format!(
                "{name} travels in the {} of {}, not in its body",
                place(p.location),
                op.action
            )));
        }
    }
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query.unwrap_or(""))
        .map_err(|e| invalid(format!("the query string is not a form: {e}")))?;
    if pairs.len() > limits::MAX_VALUES {
        return Err(invalid(format!(
            "the query string carries more than {} values",
            limits::MAX_VALUES
        )));
    }
    for (key, value) in pairs {
        let Some(p) = op
            .params
            .iter()
            .find(|p| p.location == Location::Querystring && p.wire == key)
        else {
            return Err(invalid(format!(
                "{key} is not a query-string parameter of {}",
                op.action
            )));
        };
        match (p.kind, members.get_mut(p.name)) {
            (Kind::List, Some(Value::Array(items))) => items.push(Value::String(value)),
            (Kind::List, None) => {
                members.insert(p.name.into(), Value::Array(vec![Value::String(value)]));
            }
            (_, None) => {
                members.insert(p.name.into(), Value::String(value));
            }
            (_, Some(_)) => return Err(invalid(format!("{key} is given twice"))),
        }
    }
    for p in op.params.iter().filter(|p| p.location == Location::Header) {
        if let Some(value) = headers.get(p.wire) {
            let value = value
                .to_str()
                .map_err(|_| invalid(format!("header {}: not visible ASCII", p.wire)))?;
            members.insert(p.name.into(), Value::String(value.into()));
        }
    }
    limits::check(op.service, &members)?;
    Ok(members)
}

fn place(location: Location) -> &'static str {
    match location {
        Location::Body => "body",
        Location::Querystring => "query string",
        Location::Header => "headers",
        Location::Uri => "path",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::api_types::{ApiParam, Service};
    use axum::http::HeaderValue;

    const fn param(name: &'static str, kind: Kind, location: Location) -> ApiParam {
        ApiParam {
            name,
            wire: name,
            step: name,
            kind,
            location,
            required: false,
        }
    }

    const OP: ApiOperation = ApiOperation {
        service: Service::Ram,
        action: "Example",
        op: "example",
        uri: "/example",
        params: &[
            param("inBody", Kind::Str, Location::Body),
            param("one", Kind::Str, Location::Querystring),
            param("many", Kind::List, Location::Querystring),
            param("x-amz-example", Kind::Str, Location::Header),
        ],
    };

    fn body(pairs: &[(&str, &str)]) -> Map<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect()
    }

    #[test]
    fn query_string_and_header_members_join_the_bodys() {
        let mut headers = HeaderMap::new();
        headers.insert("x-amz-example", HeaderValue::from_static("h"));
        let got = members(
            &OP,
            body(&[("inBody", "b")]),
            Some("one=arn%3Aaws%3Aram&many=a&many=b"),
            &headers,
        )
        .expect("members");
        let expected = serde_json::json!({
            "inBody": "b", "one": "arn:aws:ram", "many": ["a", "b"], "x-amz-example": "h",
        });
        assert_eq!(Value::Object(got), expected);
    }

    #[test]
    fn members_out_of_place_are_refused() {
        let none = HeaderMap::new();
        let refused = |body: Map<String, Value>, query: &str| {
            members(&OP, body, Some(query), &none)
                .expect_err(query)
                .message
        };
        assert!(refused(body(&[("one", "x")]), "").contains("travels in the query string"));
        assert!(refused(Map::new(), "inBody=x").contains("not a query-string parameter"));
        assert!(refused(Map::new(), "bogus=x").contains("not a query-string parameter"));
        assert!(refused(Map::new(), "one=a&one=b").contains("given twice"));
    }
}
