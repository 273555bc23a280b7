//! Property test of the emitters' layout rules (`xtask/src/codegen/rust.rs`): for specs whose names,
//! values and paths have random lengths, so that every construct lands on either side of
//! prettyplease's margin, every generated item is exactly what prettyplease prints for it.
//!
//! `PROPTEST_CASES=N` is not read; edit `cases` below to run more.

mod support;

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use support::Scratch;
use xtask::codegen::{self, Options};

/// A wire name of 1 to `max` characters, camelCase words so that the Rust name's length varies too.
fn wire_name(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z]{1,12}", 1..=max / 6 + 1).prop_map(move |words| {
        let mut name = String::new();
        for (i, word) in words.iter().enumerate() {
            if i == 0 {
                name.push_str(word);
            } else {
                name.push_str(&word[..1].to_uppercase());
                name.push_str(&word[1..]);
            }
        }
        name.truncate(max);
        name
    })
}

/// An enum value: any printable text, quotes, backslashes and non-ASCII letters included.
fn enum_value() -> impl Strategy<Value = String> {
    "[a-z0-9 ._\"\\\\é/-]{1,90}"
}

#[derive(Debug, Clone)]
struct Shape {
    type_name: String,
    properties: Vec<(String, bool)>,
    values: Vec<String>,
    operation_id: String,
    segments: Vec<String>,
    query: Vec<String>,
    header: String,
    media_type: String,
    statuses: Vec<u16>,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        wire_name(70),
        prop::collection::vec((wire_name(50), any::<bool>()), 1..8),
        prop::collection::btree_set(enum_value(), 1..5),
        wire_name(90),
        prop::collection::vec(wire_name(40), 1..5),
        prop::collection::vec(wire_name(50), 0..3),
        "[A-Z][a-z]{0,10}(-[A-Z][a-z]{0,10}){0,4}",
        "[a-z]{1,30}",
        prop::collection::btree_set(prop::sample::select(vec![200u16, 201, 202, 400, 404, 409, 422, 500]), 1..5),
    )
        .prop_map(
            |(type_name, properties, values, operation_id, segments, query, header, media_type, statuses)| Shape {
                type_name,
                properties,
                values: values.into_iter().collect(),
                operation_id,
                segments,
                query,
                header,
                media_type,
                statuses: statuses.into_iter().collect(),
            },
        )
}

fn spec(shape: &Shape) -> Value {
    let schema_name = format!("{}{}", shape.type_name[..1].to_uppercase(), &shape.type_name[1..]);
    let schema_ref = json!({"$ref": format!("#/components/schemas/{schema_name}")});
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (i, (name, is_required)) in shape.properties.iter().enumerate() {
        let schema = match i % 4 {
            0 => json!({"type": "string", "enum": shape.values}),
            1 => json!({"type": "array", "items": schema_ref}),
            2 => json!({"type": "object", "additionalProperties": {"type": "integer", "format": "int64"}}),
            _ => {
                json!({"oneOf": [{"type": "string"}, {"type": "object", "properties": {name.clone(): {"type": "boolean"}}}]})
            }
        };
        properties.insert(name.clone(), schema);
        if *is_required {
            required.push(name.clone());
        }
    }
    let mut object = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        object["required"] = json!(required);
    }
    let path = format!("/{}/{{{}}}", shape.segments.join("/"), shape.properties[0].0);
    let mut parameters =
        vec![json!({"name": shape.properties[0].0, "in": "path", "required": true, "schema": {"type": "string"}})];
    parameters.extend(
        shape
            .query
            .iter()
            .map(|q| json!({"name": q, "in": "query", "schema": {"type": "array", "items": {"type": "string"}}})),
    );
    parameters.push(json!({"name": shape.header, "in": "header", "schema": {"type": "string"}}));
    let mut responses = Map::new();
    for status in &shape.statuses {
        responses.insert(
            status.to_string(),
            json!({"description": "A response.", "content": {"application/json": {"schema": schema_ref}}}),
        );
    }
    responses.insert("5XX".into(), json!({"description": "Server trouble.", "content": {"application/json": {"schema": {"type": "array", "items": schema_ref}}}}));
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Layout", "version": "1"},
        "servers": [{"url": "https://api.example.test"}],
        "paths": {path: {"post": {
            "operationId": shape.operation_id,
            "parameters": parameters,
            "requestBody": {"required": true, "content": {format!("application/vnd.{}+json", shape.media_type): {"schema": schema_ref}}},
            "responses": responses,
        }}},
        "components": {"schemas": {schema_name: object}},
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_item_is_laid_out_as_prettyplease_lays_it_out(shape in shape()) {
        let scratch = Scratch::new("layout");
        let path = scratch.path().join("spec.json");
        std::fs::write(&path, serde_json::to_string_pretty(&spec(&shape)).unwrap()).unwrap();
        let options = Options { verify_formatting: true, allow_invalid_examples: true, ..Options::new(&path, scratch.path().join("out")) };
        match codegen::generate(&options) {
            Ok(generated) => prop_assert_eq!(generated.operations, 1),
            Err(error) => prop_assert!(false, "{}", error),
        }
    }
}
