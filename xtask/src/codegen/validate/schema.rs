//! The subset of JSON Schema that an example is matched against: `$ref`, `nullable`, `type`,
//! `enum`, the date formats, `required`, `properties`, `additionalProperties`, `items`, `allOf`,
//! `oneOf` and `anyOf`. Matching stops at the first mismatch, which names where in the example it
//! is and which schema rejected it.

use serde_json::{Map, Value};

use super::formats::{describe, format_expectation, format_matches, same, type_matches, with_article};
use super::{qualified, MAX_DEPTH};
use crate::codegen::diag::pointer_push;
use crate::codegen::load::{DocKey, Spec};

/// Why an example does not match its schema.
pub(super) struct Mismatch {
    /// Where in the example, as a pointer suffix.
    pub at: String,
    pub message: String,
    /// The schema that rejected it.
    pub schema: String,
}

/// The first way `example` fails `schema`, which is written at `pointer` of `doc`, if any.
pub(super) fn first_mismatch<'a>(
    spec: &'a Spec,
    doc: &'a DocKey,
    pointer: &str,
    schema: &'a Value,
    example: &Value,
) -> Option<Mismatch> {
    let schema = Schema { doc, pointer: pointer.to_string(), value: schema, depth: 0 };
    Matcher { spec, active: Vec::new() }.mismatch(&schema, example, "")
}

/// A schema as matching reaches it: the node, the document its `$ref`s are resolved in, the pointer
/// that messages name it by, and how many schemas deep matching has gone to reach it.
struct Schema<'a> {
    doc: &'a DocKey,
    pointer: String,
    value: &'a Value,
    depth: usize,
}

impl<'a> Schema<'a> {
    /// The subschema `value`, written at `keys` below this one.
    fn child(&self, keys: &[&str], value: &'a Value) -> Schema<'a> {
        let pointer = keys.iter().fold(self.pointer.clone(), |pointer, key| pointer_push(&pointer, key));
        Schema { doc: self.doc, pointer, value, depth: self.depth + 1 }
    }

    /// This schema rejecting the part of the example at `at`.
    fn rejects(&self, at: &str, message: String) -> Option<Mismatch> {
        Some(Mismatch { at: at.to_string(), message, schema: self.pointer.clone() })
    }
}

/// Matches one example against its schema.
struct Matcher<'a> {
    spec: &'a Spec,
    /// The (schema, part of the example) pairs being matched, to cut cycles through `$ref`s.
    active: Vec<(*const Value, *const Value)>,
}

impl<'a> Matcher<'a> {
    /// The first way `instance`, the part of the example at `at`, fails `schema`. Every recursion
    /// goes one schema deeper, and matching stops past [`MAX_DEPTH`], taking the rest as valid.
    fn mismatch(&mut self, schema: &Schema<'a>, instance: &Value, at: &str) -> Option<Mismatch> {
        let Value::Object(map) = schema.value else { return None };
        if schema.depth > MAX_DEPTH {
            return None;
        }
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            return self.referenced(schema, reference, instance, at);
        }
        if instance.is_null() && map.get("nullable") == Some(&Value::Bool(true)) {
            return None;
        }
        if let Some(message) = value_mismatch(map, instance) {
            return schema.rejects(at, message);
        }
        if let Value::Object(object) = instance {
            if let Some(found) = self.object(schema, map, object, at) {
                return Some(found);
            }
        }
        self.items(schema, instance, at)
            .or_else(|| self.all_of(schema, instance, at))
            .or_else(|| self.alternatives(schema, instance, at))
    }

    /// Matches against the schema a `$ref` names; one that does not resolve is reported by the
    /// structure checks, so it matches anything here.
    fn referenced(&mut self, schema: &Schema<'a>, reference: &str, instance: &Value, at: &str) -> Option<Mismatch> {
        let target = self.spec.resolve(schema.doc, reference).ok()?;
        // The same schema on the same part of the example again is a cycle through `$ref`s, which
        // can add no new finding.
        let key = (target.value as *const Value, instance as *const Value);
        if self.active.contains(&key) {
            return None;
        }
        let pointer =
            if target.doc == schema.doc { target.pointer } else { qualified(self.spec, target.doc, &target.pointer) };
        let next = Schema { doc: target.doc, pointer, value: target.value, depth: schema.depth + 1 };
        self.active.push(key);
        let found = self.mismatch(&next, instance, at);
        self.active.pop();
        found
    }

    /// `required`, then each property of the object in order against `properties` or
    /// `additionalProperties`.
    fn object(
        &mut self,
        schema: &Schema<'a>,
        map: &'a Map<String, Value>,
        object: &Map<String, Value>,
        at: &str,
    ) -> Option<Mismatch> {
        if let Some(Value::Array(required)) = map.get("required") {
            if let Some(name) = required.iter().filter_map(Value::as_str).find(|name| !object.contains_key(*name)) {
                return schema.rejects(at, format!("the required property `{name}` is missing"));
            }
        }
        let properties = map.get("properties").and_then(Value::as_object);
        object.iter().find_map(|(name, value)| {
            let at = pointer_push(at, name);
            match (properties.and_then(|p| p.get(name)), map.get("additionalProperties")) {
                (Some(property), _) => self.mismatch(&schema.child(&["properties", name], property), value, &at),
                (None, Some(Value::Bool(false))) => schema.rejects(
                    &at,
                    format!("the property `{name}` is not declared, and `additionalProperties: false` allows no other"),
                ),
                (None, Some(extra @ Value::Object(_))) => {
                    self.mismatch(&schema.child(&["additionalProperties"], extra), value, &at)
                }
                (None, _) => None,
            }
        })
    }

    /// Each item of an array against `items`.
    fn items(&mut self, schema: &Schema<'a>, instance: &Value, at: &str) -> Option<Mismatch> {
        let (Value::Array(items), Some(item_schema)) = (instance, schema.value.get("items")) else { return None };
        let item_schema = schema.child(&["items"], item_schema);
        items
            .iter()
            .enumerate()
            .find_map(|(index, item)| self.mismatch(&item_schema, item, &pointer_push(at, &index.to_string())))
    }

    /// The value against every member of `allOf`.
    fn all_of(&mut self, schema: &Schema<'a>, instance: &Value, at: &str) -> Option<Mismatch> {
        let Some(Value::Array(members)) = schema.value.get("allOf") else { return None };
        members.iter().enumerate().find_map(|(index, member)| {
            self.mismatch(&schema.child(&["allOf", &index.to_string()], member), instance, at)
        })
    }

    /// The value against `oneOf` and `anyOf`, both read as "matches at least one member": matching
    /// more than one is the generated client's concern, not the example's. A value that matches no
    /// member is reported with why it fails the first.
    fn alternatives(&mut self, schema: &Schema<'a>, instance: &Value, at: &str) -> Option<Mismatch> {
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Array(members)) = schema.value.get(keyword) else { continue };
            let mut first = None;
            for (index, member) in members.iter().enumerate() {
                match self.mismatch(&schema.child(&[keyword, &index.to_string()], member), instance, at) {
                    None => {
                        first = None;
                        break;
                    }
                    Some(found) => {
                        first.get_or_insert(found);
                    }
                }
            }
            if let Some(first) = first {
                let place =
                    first.at.strip_prefix(at).filter(|rest| !rest.is_empty()).map(|rest| format!("at {rest}: "));
                let count = members.len();
                let message = format!(
                    "matches none of the {count} schemas of `{keyword}`; against the first: {}{}",
                    place.unwrap_or_default(),
                    first.message
                );
                return schema.rejects(at, message);
            }
        }
        None
    }
}

/// Why `instance` fails the keywords that look at the value alone: `type`, `enum` and `format`.
fn value_mismatch(map: &Map<String, Value>, instance: &Value) -> Option<String> {
    let ty = map.get("type").and_then(Value::as_str);
    if let Some(ty) = ty.filter(|ty| !type_matches(ty, instance)) {
        let mut message = format!("expected {} (type: {ty}), found {}", with_article(ty), describe(instance));
        if instance.is_null() {
            message.push_str(" and the schema is not `nullable`");
        } else if ty == "integer" && instance.as_f64().is_some_and(|f| f.fract() == 0.0) {
            // A whole number refused as an integer needs the reason, which `10.5` does not.
            message.push_str(": an integer is written without a fraction or exponent, within 64 bits");
        }
        return Some(message);
    }
    if let Some(Value::Array(allowed)) = map.get("enum") {
        if !allowed.iter().any(|a| same(a, instance)) {
            let listed: Vec<String> = allowed.iter().take(10).map(Value::to_string).collect();
            let more = if allowed.len() > 10 { ", ..." } else { "" };
            return Some(format!(
                "{} is not one of the `enum` values [{}{more}]",
                describe(instance),
                listed.join(", ")
            ));
        }
    }
    let format = map.get("format").and_then(Value::as_str)?;
    if !format_matches(ty, format, instance) {
        let expected = format_expectation(format).unwrap_or(format);
        return Some(format!("{} is not {expected}", describe(instance)));
    }
    None
}
