//! The generator finishes on schemas built to make it recurse without end or work exponentially
//! (issue 11, item 8): every such spec generates, with a warning where a construct had to give way,
//! and none overflows the stack or runs on.

mod support;

use serde_json::{json, Map, Value};
use support::Scratch;

/// Generates from a spec whose `components/schemas` are `schemas`, with one operation answering
/// the first of them; returns the warnings.
fn generate(scratch: &Scratch, schemas: Map<String, Value>, first: &str) -> Vec<String> {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "bounded", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": {
            "description": "Ok.",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{first}")}}}
        }}}}},
        "components": {"schemas": schemas}
    });
    let path = scratch.path().join("spec.json");
    std::fs::write(&path, serde_json::to_string(&spec).unwrap()).unwrap();
    let options =
        xtask::codegen::Options { allow_dangling_refs: false, ..xtask::codegen::Options::new(&path, "unused") };
    let generated = xtask::codegen::generate(&options).unwrap_or_else(|e| panic!("{e}"));
    generated.warnings.iter().map(ToString::to_string).collect()
}

/// `S0: allOf: [S1, S1, S1]`, `S1: allOf: [S2, S2, S2]`...: merged naively, 3^20 members.
#[test]
fn schemas_that_reach_one_another_many_times_over_are_merged_within_a_budget() {
    let scratch = Scratch::new("bounded-diamonds");
    let mut schemas = Map::new();
    for i in 0..20 {
        let next = json!({"$ref": format!("#/components/schemas/S{}", i + 1)});
        schemas.insert(format!("S{i}"), json!({"allOf": [next, next, next]}));
    }
    schemas.insert("S20".into(), json!({"type": "object", "properties": {"leaf": {"type": "string"}}}));
    let warnings = generate(&scratch, schemas, "S0");
    assert!(warnings.iter().any(|w| w.contains("reach one another too often")), "{warnings:#?}");
}

/// A chain of 2,000 schemas, each an `allOf` of the next with a description (the pattern of
/// public cloud-provider descriptions), and each merging the next with a property of its own.
#[test]
fn long_chains_of_all_of_generate() {
    let scratch = Scratch::new("bounded-chains");
    let mut schemas = Map::new();
    for i in 0..2000 {
        let next = json!({"$ref": format!("#/components/schemas/A{}", i + 1)});
        let merged = json!({"$ref": format!("#/components/schemas/M{}", i + 1)});
        let property = json!({"type": "object", "properties": {format!("p{i}"): {"type": "string"}}});
        schemas.insert(
            format!("A{i}"),
            json!({"type": "object", "properties": {"next": {"allOf": [next, {"description": "The next."}]}}}),
        );
        schemas.insert(format!("M{i}"), json!({"allOf": [merged, property]}));
    }
    schemas.insert("A2000".into(), json!({"type": "object", "properties": {"end": {"type": "boolean"}}}));
    schemas.insert("M2000".into(), json!({"type": "object", "properties": {"end": {"type": "boolean"}}}));
    let warnings = generate(&scratch, schemas, "A0");
    let too_deep = warnings.iter().filter(|w| w.contains("nest too deep")).count();
    assert!(too_deep > 0 && warnings.iter().all(|w| !w.contains("not an object schema")), "{warnings:#?}");
}

/// Inline schemas nested as deep as the JSON parser allows generate, on a test thread's small stack.
#[test]
fn deeply_nested_inline_schemas_generate() {
    let scratch = Scratch::new("bounded-nesting");
    let mut schema = json!({"type": "string"});
    for i in 0..60 {
        schema = json!({"type": "object", "properties": {format!("level{i}"): schema}});
    }
    let mut schemas = Map::new();
    schemas.insert("Deep".into(), schema);
    let warnings = generate(&scratch, schemas, "Deep");
    assert!(warnings.is_empty(), "{warnings:#?}");
}
