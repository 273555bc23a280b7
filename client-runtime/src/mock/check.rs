//! What the mock server knows of the spec, and the check of every request it receives against it:
//! method and path template, path parameters, required headers and their values, the bearer token,
//! `Content-Type`, and the JSON body against its schema. The generator writes the contracts
//! (`generated/mock.rs`); this file only reads them.

use std::collections::BTreeMap;

/// One operation as the mock checks it, written by the generator.
#[derive(Debug)]
pub struct Contract {
    /// The Rust method name, for messages.
    pub name: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, such as `/a/{id}/b`.
    pub path: &'static str,
    /// Headers the request must carry, each with the values the spec allows (any value when empty).
    pub headers: &'static [(&'static str, &'static [&'static str])],
    /// The request body's media type and schema, when the operation takes one.
    pub body: Option<(&'static str, Shape)>,
    /// The first documented success status, which `Stub::ok` and `Stub::example` answer with.
    pub success_status: u16,
    /// The media type `Stub::ok` answers a text or binary success body with (`application/json`
    /// for JSON, which goes out as JSON).
    pub success_media_type: &'static str,
    /// The spec's example of the success body, as JSON text.
    pub example: Option<&'static str>,
}

/// A schema, as far as the mock checks it: types, required properties and enum values.
#[derive(Debug)]
pub enum Shape {
    /// A JSON string.
    String,
    /// A string in RFC 3339's `date-time` form.
    DateTime,
    /// A string in RFC 3339's `full-date` form.
    Date,
    /// `true` or `false`.
    Bool,
    /// A JSON integer that fits `i64`.
    Integer,
    /// `format: int32`: a JSON integer that fits `i32`.
    Int32,
    /// Any JSON number.
    Number,
    /// Any JSON value.
    Any,
    /// Any JSON object.
    AnyObject,
    /// An array whose items all have one shape.
    Array(&'static Shape),
    /// An object whose values all have one shape.
    Map(&'static Shape),
    /// A generated type, looked up by its Rust name (so that recursive types are no problem).
    Named(&'static str),
    /// One of these strings.
    Enum(&'static [&'static str]),
    /// An object with these properties (others are allowed).
    Object(&'static [Property]),
    /// A value of one of these shapes.
    OneOf(&'static [Shape]),
}

/// One property of an object shape, by its wire name.
#[derive(Debug)]
pub struct Property {
    /// The wire name.
    pub name: &'static str,
    /// Whether the object must have it.
    pub required: bool,
    /// What its value must be.
    pub shape: Shape,
}

/// Looks a generated type's shape up by its Rust name.
pub type Lookup = fn(&str) -> Option<&'static Shape>;

/// A request as the checks see it, independent of the HTTP server's types.
pub(crate) struct Seen<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub header: &'a dyn Fn(&str) -> Option<String>,
    pub body: &'a [u8],
}

/// Finds the operation a request is for, and its path parameters (still percent-encoded).
pub(crate) fn route<'c>(
    contracts: &'c [Contract],
    method: &str,
    path: &str,
) -> Result<(&'c Contract, BTreeMap<String, String>), String> {
    let mut methods = Vec::new();
    for contract in contracts {
        let Some(params) = match_template(contract.path, path) else { continue };
        if contract.method.eq_ignore_ascii_case(method) {
            return Ok((contract, params));
        }
        methods.push(contract.method);
    }
    if methods.is_empty() {
        Err(format!("no operation of the spec matches {method} {path}"))
    } else {
        Err(format!("{method} {path}: the spec allows only {} on this path", methods.join(", ")))
    }
}

/// The path parameters of `path` if it is an instance of `template`. A template the parser refuses
/// matches nothing: the generator refuses it too, so no contract holds one.
fn match_template(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let template = crate::path_template::parse(template).ok()?;
    let params = crate::path_template::matches(&template, path)?;
    Some(params.into_iter().map(|(name, value)| (name, value.to_string())).collect())
}

/// Every way the request breaks its operation's contract; empty when it keeps it. The token is
/// never repeated in a message.
pub(crate) fn violations(contract: &Contract, seen: &Seen<'_>, token: &str, lookup: Lookup) -> Vec<String> {
    let mut out = Vec::new();
    for (name, allowed) in contract.headers {
        match (seen.header)(name) {
            None => out.push(format!("the required header `{name}` is missing")),
            Some(value) if !allowed.is_empty() && !allowed.contains(&value.as_str()) => out.push(format!(
                "the header `{name}` is {value:?}; the spec allows {}",
                allowed.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>().join(", ")
            )),
            Some(_) => {}
        }
    }
    match (seen.header)("authorization") {
        None => out.push("the `Authorization: Bearer` token is missing".to_string()),
        Some(value) if bearer_token(&value) != Some(token) => {
            out.push("the `Authorization` header is not `Bearer` with the mock server's token".to_string())
        }
        Some(_) => {}
    }
    if let Some((media_type, shape)) = &contract.body {
        check_body(media_type, shape, seen, lookup, &mut out);
    }
    out
}

fn check_body(media_type: &str, shape: &Shape, seen: &Seen<'_>, lookup: Lookup, out: &mut Vec<String>) {
    let content_type = (seen.header)("content-type").unwrap_or_default();
    if !content_type.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case(media_type) {
        out.push(format!("the `Content-Type` is {content_type:?}; the spec expects {media_type:?}"));
        return;
    }
    match serde_json::from_slice::<serde_json::Value>(seen.body) {
        Ok(value) => check(shape, &value, "body", lookup, out),
        Err(error) => out.push(format!("the body is not JSON: {error}")),
    }
}

/// Checks a JSON value against a shape, naming each mismatch by its place (`body.pageId`).
pub(crate) fn check(shape: &Shape, value: &serde_json::Value, at: &str, lookup: Lookup, out: &mut Vec<String>) {
    use crate::values;
    use serde_json::Value;
    let expected = match (shape, value) {
        (Shape::Any, _) => return,
        (Shape::String, Value::String(_)) | (Shape::Bool, Value::Bool(_)) | (Shape::Number, Value::Number(_)) => return,
        (Shape::AnyObject, Value::Object(_)) => return,
        (Shape::Integer, _) if values::is_integer(value) => return,
        (Shape::Int32, _) if values::is_int32(value) => return,
        (Shape::DateTime, Value::String(s)) if values::is_date_time(s) => return,
        (Shape::Date, Value::String(s)) if values::is_date(s) => return,
        (Shape::Enum(values), Value::String(s)) if values.contains(&s.as_str()) => return,
        (Shape::Array(item), Value::Array(items)) => {
            for (i, item_value) in items.iter().enumerate() {
                check(item, item_value, &format!("{at}[{i}]"), lookup, out);
            }
            return;
        }
        (Shape::Map(inner), Value::Object(map)) => {
            for (key, item_value) in map {
                check(inner, item_value, &format!("{at}.{key}"), lookup, out);
            }
            return;
        }
        (Shape::Object(properties), Value::Object(map)) => return check_object(properties, map, at, lookup, out),
        (Shape::Named(name), _) => match lookup(name) {
            Some(shape) => return check(shape, value, at, lookup, out),
            None => return,
        },
        (Shape::OneOf(members), _) => {
            let fits = |m: &Shape| {
                let mut found = Vec::new();
                check(m, value, at, lookup, &mut found);
                found.is_empty()
            };
            if members.iter().any(fits) {
                return;
            }
            "a value of one of the documented shapes".to_string()
        }
        (Shape::Enum(values), _) => format!("one of {values:?}"),
        (Shape::Integer, _) => "an integer (no fraction or exponent, within 64 bits)".to_string(),
        (Shape::Int32, _) => format_expected("int32"),
        (Shape::DateTime, _) => format_expected("date-time"),
        (Shape::Date, _) => format_expected("date"),
        (Shape::Array(_), _) => "an array".to_string(),
        (Shape::Map(_) | Shape::Object(_) | Shape::AnyObject, _) => "an object".to_string(),
        (Shape::String, _) => "a string".to_string(),
        (Shape::Bool, _) => "a boolean".to_string(),
        (Shape::Number, _) => "a number".to_string(),
    };
    out.push(format!("`{at}` is {value}; the spec expects {expected}"));
}

/// What a format asks, in the words lint uses for it.
fn format_expected(format: &str) -> String {
    crate::values::format_expectation(format).unwrap_or(format).to_string()
}

fn check_object(
    properties: &[Property],
    map: &serde_json::Map<String, serde_json::Value>,
    at: &str,
    lookup: Lookup,
    out: &mut Vec<String>,
) {
    for property in properties {
        let place = format!("{at}.{}", property.name);
        match map.get(property.name) {
            None => {
                if property.required {
                    out.push(format!("`{place}` is required but missing"));
                }
            }
            // An optional property may be null: the generated types read it as `None`.
            Some(serde_json::Value::Null) if !property.required => {}
            Some(value) => check(&property.shape, value, &place, lookup, out),
        }
    }
}

/// The token of an `Authorization` header of the `Bearer` scheme. The scheme is matched in any
/// case (RFC 9110, 11.1), so that code on another HTTP stack that writes `bearer` passes; the
/// token is compared exactly. `None` for any other scheme.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim_start_matches(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    static PET: Shape = Shape::Object(&[
        Property { name: "name", required: true, shape: Shape::String },
        Property { name: "kind", required: false, shape: Shape::Enum(&["cat", "dog"]) },
        Property { name: "age", required: false, shape: Shape::Integer },
    ]);

    fn problems(value: serde_json::Value) -> Vec<String> {
        let mut out = Vec::new();
        check(&PET, &value, "body", |_| None, &mut out);
        out
    }

    #[test]
    fn each_violation_is_named_by_its_place() {
        assert!(problems(serde_json::json!({"name": "a", "kind": "cat", "age": 3})).is_empty());
        let found = problems(serde_json::json!({"kind": "fish", "age": 1.5}));
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].contains("`body.name` is required"), "{found:?}");
        assert!(found[1].contains("`body.kind` is \"fish\"") && found[1].contains("cat"), "{found:?}");
        assert!(found[2].contains("`body.age`") && found[2].contains("an integer"), "{found:?}");
    }

    #[test]
    fn the_bearer_scheme_is_matched_in_any_case_and_the_token_exactly() {
        for value in ["Bearer t0k", "bearer t0k", "BEARER t0k", "bEaReR  t0k"] {
            assert_eq!(bearer_token(value), Some("t0k"), "{value}");
        }
        for value in ["Basic t0k", "Bearert0k", "t0k", "Bearer"] {
            assert_eq!(bearer_token(value), None, "{value}");
        }
        assert_ne!(bearer_token("bearer T0K"), Some("t0k"));
    }

    #[test]
    fn routes_by_template_and_names_the_allowed_methods() {
        let contracts = [Contract {
            name: "get",
            method: "GET",
            path: "/a/{id}/b",
            headers: &[],
            body: None,
            success_status: 200,
            success_media_type: "application/json",
            example: None,
        }];
        let (found, params) = route(&contracts, "GET", "/a/x1/b").unwrap();
        assert_eq!((found.name, params["id"].as_str()), ("get", "x1"));
        assert!(route(&contracts, "POST", "/a/x1/b").unwrap_err().contains("only GET"));
        assert!(route(&contracts, "GET", "/a//b").unwrap_err().contains("no operation"));
    }

    #[test]
    fn path_parameters_of_every_style_are_one_segment() {
        let contracts = [Contract {
            name: "styles",
            method: "GET",
            path: "/s/{simple}/{label}/{matrix}",
            headers: &[],
            body: None,
            success_status: 204,
            success_media_type: "application/json",
            example: None,
        }];
        let (_, params) = route(&contracts, "GET", "/s/blue,black/.R=100.G=200/;color=blue;color=black").unwrap();
        assert_eq!(params["simple"], "blue,black");
        assert_eq!(params["label"], ".R=100.G=200");
        assert_eq!(params["matrix"], ";color=blue;color=black");
    }
}
