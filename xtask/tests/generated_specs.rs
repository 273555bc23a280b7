//! Property test over generated specs: whatever the spec (valid or not, YAML or JSON, cut short or
//! with parts replaced by junk), checking and generation return rather than panic, a spec that lint
//! rejects is rejected by generation too, and a failed generation leaves the output untouched.
//!
//! The case count is modest for CI; `PROPTEST_CASES=2000 cargo test -p xtask --test generated_specs`
//! runs more.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use xtask::codegen::{self, Options};

const NAMES: [&str; 5] = ["Account", "Post", "Media", "Error", "Page"];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES.to_vec()).prop_map(String::from)
}

/// Any JSON value, small.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|n| json!(n)),
        "[a-z{}/~#-]{0,8}".prop_map(Value::String),
        Just(json!("2024-03-14T11:03:37Z")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,6}", inner, 0..4).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A schema: typed or not, referring to other schemas (which may not exist), with an example that
/// may or may not fit.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        prop::sample::select(vec!["string", "integer", "number", "boolean", "object", "array", "bogus"])
            .prop_map(|t| json!({"type": t})),
        name().prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "enum": ["A", "B"]})),
        Just(json!({"$ref": "other.yaml#/components/schemas/X"})),
    ];
    let schema = leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (prop::collection::btree_map("[a-z]{1,5}", inner.clone(), 0..3), prop::collection::vec("[a-z]{1,5}", 0..2), any::<bool>())
                .prop_map(|(properties, required, closed)| {
                    let mut schema = json!({"type": "object", "properties": properties, "required": required});
                    if closed {
                        schema["additionalProperties"] = json!(false);
                    }
                    schema
                }),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|members| json!({"oneOf": members})),
            // A discriminator whose mapping names members, other schemas, missing ones, or no
            // schema at all.
            (prop::collection::vec(inner.clone(), 1..3), prop::collection::btree_map("[a-z]{1,4}", mapping_target(), 0..3))
                .prop_map(|(members, mapping)| json!({"anyOf": members, "discriminator": {"propertyName": "kind", "mapping": mapping}})),
            prop::collection::vec(inner, 1..3).prop_map(|members| json!({"allOf": members})),
        ]
    });
    (schema, prop::option::of(json_value()), any::<bool>()).prop_map(|(mut schema, example, nullable)| {
        if let Value::Object(map) = &mut schema {
            if let Some(example) = example {
                map.insert("example".into(), example);
            }
            if nullable {
                map.insert("nullable".into(), json!(true));
            }
        }
        schema
    })
}

fn mapping_target() -> impl Strategy<Value = String> {
    prop_oneof![
        name().prop_map(|n| format!("#/components/schemas/{n}")),
        name(),
        Just("#/definitions/Thing".to_string()),
        Just("other.yaml#/components/schemas/X".to_string()),
    ]
}

fn operation() -> impl Strategy<Value = (String, String, Value)> {
    (
        prop::sample::select(vec!["/a", "/a/{id}", "/b/{id}/{sub}", "/c"]),
        prop::sample::select(vec!["get", "post", "delete"]),
        prop::option::of(prop::sample::select(vec!["getThing", "postThing", "listThings"])),
        prop::collection::vec(prop::sample::select(vec!["id", "sub", "q"]), 0..3),
        schema(),
        prop::option::of(json_value()),
        prop::option::of(prop::sample::select(vec!["bearer", "oauth"])),
        // Another response: an error code, a range (of any class) or `default`, with or without a body.
        prop::option::of((prop::sample::select(vec!["404", "1XX", "2XX", "4XX", "5XX", "default"]), any::<bool>())),
    )
        .prop_map(|(path, method, id, params, body, example, security, other)| {
            let parameters: Vec<Value> = params
                .iter()
                .map(|p| json!({"name": p, "in": if *p == "q" { "query" } else { "path" }, "required": *p != "q", "schema": {"type": "string"}}))
                .collect();
            let mut operation = json!({
                "parameters": parameters,
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": body}}}}
            });
            if let Some(id) = id {
                operation["operationId"] = json!(id);
            }
            if let Some(example) = example {
                operation["responses"]["200"]["content"]["application/json"]["example"] = example;
            }
            if let Some(scheme) = security {
                operation["security"] = json!([{scheme: []}]);
            }
            if let Some((status, with_body)) = other {
                let body = json!({"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}});
                operation["responses"][status] = if with_body { json!({"description": "other", "content": body}) } else { json!({"description": "other"}) };
            }
            (path.to_string(), method.to_string(), operation)
        })
}

/// How the document is damaged on its way to the disk, if at all.
#[derive(Debug, Clone)]
enum Damage {
    None,
    /// The value at a path of object keys is replaced.
    Replace(Vec<String>, Value),
    /// The text is cut after this fraction of its length.
    Truncate(f64),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        4 => Just(Damage::None),
        2 => (prop::collection::vec(prop::sample::select(vec!["paths", "components", "schemas", "info", "/a", "get", "responses", "200", "content"]).prop_map(String::from), 1..5), json_value())
            .prop_map(|(path, value)| Damage::Replace(path, value)),
        1 => (0.0f64..1.0).prop_map(Damage::Truncate),
    ]
}

fn spec() -> impl Strategy<Value = (Value, bool, Damage)> {
    (
        prop::collection::btree_map(name(), schema(), 0..4),
        prop::collection::vec(operation(), 0..4),
        any::<bool>(),
        damage(),
    )
        .prop_map(|(schemas, operations, as_json, damage)| {
            let mut paths = Map::new();
            for (path, method, operation) in operations {
                let item = paths.entry(path).or_insert_with(|| json!({}));
                item[method] = operation;
            }
            let spec = json!({
                "openapi": "3.0.3",
                "info": {"title": "Generated", "version": "1"},
                "paths": paths,
                "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}}
            });
            (spec, as_json, damage)
        })
}

fn apply(mut spec: Value, damage: &Damage) -> Value {
    if let Damage::Replace(path, value) = damage {
        let mut at = &mut spec;
        for key in &path[..path.len() - 1] {
            match at.get_mut(key.as_str()) {
                Some(next) => at = next,
                None => return spec,
            }
        }
        if let Value::Object(map) = at {
            map.insert(path[path.len() - 1].clone(), value.clone());
        }
    }
    spec
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let generated = dir.join("src/generated");
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&generated).unwrap() {
        let path = entry.unwrap().path();
        files.insert(path.clone(), std::fs::read(&path).unwrap());
    }
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generation_never_panics_and_failures_write_nothing((spec, as_json, damage) in spec()) {
        let dir = std::env::temp_dir().join(format!("generated-specs-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(dir.join("out/src/generated")).unwrap();
        // The previous output: what a failed run must leave as it is.
        std::fs::write(dir.join("out/src/generated/mod.rs"), "// previous\n").unwrap();
        std::fs::write(dir.join("out/src/generated/types.rs"), "// previous types\n").unwrap();
        let spec = apply(spec, &damage);
        let mut text = if as_json { serde_json::to_string_pretty(&spec).unwrap() } else { serde_yaml::to_string(&spec).unwrap() };
        if let Damage::Truncate(fraction) = damage {
            let mut cut = (text.len() as f64 * fraction) as usize;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        let path = dir.join(if as_json { "spec.json" } else { "spec.yaml" });
        std::fs::write(&path, &text).unwrap();
        let options = Options::new(&path, dir.join("out"));

        let lint = codegen::lint(&options);
        let before = snapshot(&dir.join("out"));
        let generated = codegen::run(&options);
        match &generated {
            Err(error) => {
                prop_assert!(!error.to_string().is_empty());
                prop_assert_eq!(snapshot(&dir.join("out")), before, "a failed run changed the output");
            }
            Ok(_) => {
                let lint = lint.as_ref().map_err(|e| TestCaseError::fail(format!("lint failed but generation passed: {e}")))?;
                prop_assert!(lint.errors.is_empty(), "lint found errors that generation let through: {:?}", lint.errors);
            }
        }
        if let Ok(report) = &lint {
            if !report.errors.is_empty() {
                prop_assert!(generated.is_err(), "generation passed a spec with lint errors");
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
