//! Types an untyped document as `openapiv3` values; a document that does not fit is an error that
//! names the JSON pointer of the first mismatch, as deep as it can be found.

use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
use serde_json::Value;

use crate::codegen::diag::{pointer_push, Error};
use crate::codegen::spec;

/// Deserializes with the path of the first mismatch, turned into a JSON pointer.
pub(super) fn from_value<T: serde::de::DeserializeOwned>(raw: &serde_json::Value, display: &str) -> Result<T, Error> {
    // Tracking the path costs more than half of the deserialization, and only a failure needs it:
    // a valid document is read directly, an invalid one is read again to find where it fails.
    if let Ok(value) = T::deserialize(raw) {
        return Ok(value);
    }
    serde_path_to_error::deserialize::<_, T>(raw).map_err(|error| {
        let (pointer, message) = describe(&error, "#");
        // `openapiv3` reads path items, parameters and responses through flattened and untagged
        // types, which lose the path of a mismatch (`#/paths`); reading the parts one by one finds
        // the part at fault.
        let (pointer, message) = match narrow(raw) {
            Some(narrower) if narrower.0.starts_with(&pointer) => narrower,
            _ => (pointer, message),
        };
        Error::at(display, &pointer, format!("not a valid OpenAPI 3.0 document: {message}"))
    })
}

/// The pointer (below `base`) and message of a deserialization error.
fn describe(error: &serde_path_to_error::Error<serde_json::Error>, base: &str) -> (String, String) {
    let mut pointer = base.to_string();
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            serde_path_to_error::Segment::Map { key } => pointer = pointer_push(&pointer, key),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    (pointer, error.inner().to_string())
}

/// The pointer and message of the first mismatch of `value` as a `T`, if there is one.
fn first_error<T: serde::de::DeserializeOwned>(value: &serde_json::Value, base: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value).err().map(|error| describe(&error, base))
}

/// The first mismatch among the parts of `paths` and `components` that `openapiv3` reads without
/// keeping the path: each parameter, request body and response, then each operation and path item.
fn narrow(raw: &Value) -> Option<(String, String)> {
    let paths = entries(raw.get("paths")).find_map(|(path, item)| path_item(item, &pointer_push("#/paths", path)));
    paths.or_else(|| {
        let components = raw.get("components");
        let of = |kind: &'static str| {
            entries(components.and_then(|c| c.get(kind)))
                .map(move |(name, value)| (pointer_push(&pointer_push("#/components", kind), name), value))
        };
        of("schemas")
            .find_map(|(at, schema)| first_error::<ReferenceOr<Schema>>(schema, &at))
            .or_else(|| {
                of("parameters").find_map(|(at, parameter)| first_error::<ReferenceOr<Parameter>>(parameter, &at))
            })
            .or_else(|| of("responses").find_map(|(at, response)| first_error::<ReferenceOr<Response>>(response, &at)))
    })
}

/// The first mismatch in a path item: its parameters, then each operation, then the item itself.
fn path_item(item: &Value, at: &str) -> Option<(String, String)> {
    parameters(item, at)
        .or_else(|| {
            spec::METHODS
                .iter()
                .find_map(|method| Some(item.get(*method)?).and_then(|op| operation(op, &pointer_push(at, method))))
        })
        .or_else(|| first_error::<PathItem>(item, at))
}

/// The first mismatch in an operation: parameters, request body, responses, then the operation.
fn operation(op: &Value, at: &str) -> Option<(String, String)> {
    parameters(op, at)
        .or_else(|| {
            op.get("requestBody")
                .and_then(|b| first_error::<ReferenceOr<RequestBody>>(b, &pointer_push(at, "requestBody")))
        })
        .or_else(|| {
            let responses = pointer_push(at, "responses");
            entries(op.get("responses"))
                .find_map(|(status, r)| first_error::<ReferenceOr<Response>>(r, &pointer_push(&responses, status)))
        })
        .or_else(|| first_error::<Operation>(op, at))
}

fn parameters(holder: &Value, at: &str) -> Option<(String, String)> {
    let list = pointer_push(at, "parameters");
    let items = holder.get("parameters").and_then(|v| v.as_array()).into_iter().flatten().enumerate();
    items
        .into_iter()
        .find_map(|(index, p)| first_error::<ReferenceOr<Parameter>>(p, &pointer_push(&list, &index.to_string())))
}

fn entries(value: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    value.and_then(|v| v.as_object()).into_iter().flatten()
}
