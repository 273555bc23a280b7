//! Checks a spec before anything is generated from it: every example against its schema, and the
//! structure that generation relies on (unique operationIds, declared path variables, resolving
//! `$ref`s, defined security schemes, no unused components).
//!
//! It works on the untyped documents as loaded, with its own `$ref` resolution, so that every
//! finding has an exact JSON pointer and (through `lines`) a line, and so that it does not depend on
//! how lowering reads the spec. Walks over documents are iterative or depth-bounded, and `$ref`
//! cycles are cut, so hostile input cannot make it loop or overflow the stack.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::diag::{pointer_push, Error, Location, Warning};
use super::load::{DocKey, Spec};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
/// How deep schemas and examples are followed; deeper parts are taken as valid.
const MAX_DEPTH: usize = 200;
/// How many `$ref`s in a row are followed before a chain counts as a cycle.
const MAX_REF_HOPS: usize = 64;
/// How many further errors an error from `check` lists after the first.
const MAX_LISTED: usize = 50;
/// The component kinds whose members are reached through `$ref`.
const COMPONENT_KINDS: [(&str, &str); 8] = [
    ("schemas", "schema"),
    ("responses", "response"),
    ("parameters", "parameter"),
    ("examples", "example"),
    ("requestBodies", "request body"),
    ("headers", "header"),
    ("links", "link"),
    ("callbacks", "callback"),
];

/// Everything found wrong with a spec, in file and line order.
#[derive(Debug, Default)]
pub struct Report {
    /// The spec as named in the diagnostics.
    pub spec: String,
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

/// Validates the spec for generation: the warnings, or one error that lists every error found.
/// The warnings come without lines: generation adds them together with its own warnings' lines, in
/// one scan of each document.
pub fn check(spec: &Spec, leniency: Leniency) -> Result<Vec<Warning>, Error> {
    let checker = checker(spec, leniency);
    let failed = !checker.errors.is_empty();
    let report = checker.finish(failed);
    let Some((first, rest)) = report.errors.split_first() else {
        return Ok(report.warnings);
    };
    let mut error = first.clone();
    for other in rest.iter().take(MAX_LISTED) {
        error.message.push_str(&format!("\nerror: {other}"));
    }
    if rest.len() > MAX_LISTED {
        error.message.push_str(&format!("\n... and {} more errors", rest.len() - MAX_LISTED));
    }
    Err(error)
}

/// Runs every check and collects what they find, with lines.
pub fn report(spec: &Spec, leniency: Leniency) -> Report {
    checker(spec, leniency).finish(true)
}

/// Runs every check.
fn checker(spec: &Spec, leniency: Leniency) -> Checker<'_> {
    let mut checker = Checker {
        spec,
        allow_invalid_examples: leniency.invalid_examples,
        allow_dangling_refs: leniency.dangling_refs,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    checker.structure();
    for doc in spec.sources.keys() {
        checker.document_examples(doc);
    }
    checker
}

/// A finding before its line is known.
struct Finding<'a> {
    doc: &'a DocKey,
    pointer: String,
    message: String,
}

/// Why an example does not match its schema.
struct Mismatch {
    /// Where in the example, as a pointer suffix.
    at: String,
    message: String,
    /// The schema that rejected it.
    schema: String,
}

/// Which defects of third-party specs are reported as warnings instead of errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct Leniency {
    /// Examples that contradict their schema.
    pub invalid_examples: bool,
    /// `$ref`s to schemas that do not exist, which generation types as any JSON value.
    pub dangling_refs: bool,
}

struct Checker<'a> {
    spec: &'a Spec,
    allow_invalid_examples: bool,
    allow_dangling_refs: bool,
    errors: Vec<Finding<'a>>,
    warnings: Vec<Finding<'a>>,
}

impl<'a> Checker<'a> {
    fn error(&mut self, doc: &'a DocKey, pointer: String, message: impl Into<String>) {
        self.errors.push(Finding { doc, pointer, message: message.into() });
    }

    fn warn(&mut self, doc: &'a DocKey, pointer: String, message: impl Into<String>) {
        self.warnings.push(Finding { doc, pointer, message: message.into() });
    }

    fn value(&self, doc: &DocKey) -> &'a Value {
        static NULL: Value = Value::Null;
        self.spec.sources.get(doc).map(|s| &s.value).unwrap_or(&NULL)
    }

    /// Resolves a `$ref` written in `doc` to its document, canonical pointer and value.
    fn resolve(&self, doc: &'a DocKey, reference: &str) -> Result<(&'a DocKey, String, &'a Value), String> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if file.is_empty() {
            doc
        } else {
            let key = (doc.clone(), file.to_string());
            match self.spec.links.get_key_value(&key) {
                Some((_, target)) => target,
                None => return Err(format!("the file {file} was not loaded")),
            }
        };
        let mut value = self.value(target);
        let mut pointer = "#".to_string();
        let fragment = percent_decode(fragment);
        if fragment.is_empty() {
            return Ok((target, pointer, value));
        }
        let Some(path) = fragment.strip_prefix('/') else {
            return Err("the part after `#` must be a JSON pointer, starting with `/`".to_string());
        };
        for segment in path.split('/') {
            let segment = segment.replace("~1", "/").replace("~0", "~");
            let child = match value {
                Value::Object(map) => map.get(&segment),
                Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match child {
                Some(child) => value = child,
                None => {
                    // Suggestions are skipped for huge maps and names, to keep hostile input cheap.
                    let suggestion = value
                        .as_object()
                        .filter(|map| map.len() <= 1000 && segment.len() <= 100)
                        .and_then(|map| closest(map.keys(), &segment));
                    let hint = suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
                    return Err(format!("{pointer} has no `{segment}`{hint}"));
                }
            }
            pointer = pointer_push(&pointer, &segment);
        }
        Ok((target, pointer, value))
    }

    /// Follows `$ref`s until a node that is not one; `None` when one dangles or they form a cycle.
    fn deref(&self, doc: &'a DocKey, pointer: String, value: &'a Value) -> Option<(&'a DocKey, String, &'a Value)> {
        let mut current = (doc, pointer, value);
        for _ in 0..MAX_REF_HOPS {
            match current.2.get("$ref").and_then(Value::as_str) {
                None => return Some(current),
                Some(reference) => current = self.resolve(current.0, reference).ok()?,
            }
        }
        None
    }

    // ---- Structure ----

    fn structure(&mut self) {
        let root = &self.spec.root_key;
        let root_value = self.value(root);
        let mut operation_ids: BTreeMap<&str, String> = BTreeMap::new();
        let mut used_schemes = BTreeSet::new();
        self.security(root, root_value.get("security"), "#/security".to_string(), &mut used_schemes);
        if let Some(Value::Object(paths)) = root_value.get("paths") {
            for (path, item) in paths {
                let item_pointer = pointer_push("#/paths", path);
                if item.get("$ref").is_some() {
                    continue;
                }
                for method in METHODS {
                    let Some(operation) = item.get(method).filter(|o| o.is_object()) else { continue };
                    let pointer = pointer_push(&item_pointer, method);
                    if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                        if let Some(first) = operation_ids.get(id) {
                            let message =
                                format!("the operationId `{id}` is also used by {first}; operationIds must be unique");
                            self.error(root, pointer_push(&pointer, "operationId"), message);
                        } else {
                            operation_ids.insert(id, pointer.clone());
                        }
                    }
                    self.path_variables(root, path, item, operation, &pointer);
                    self.security(
                        root,
                        operation.get("security"),
                        pointer_push(&pointer, "security"),
                        &mut used_schemes,
                    );
                }
            }
        }
        self.references();
        self.unused_components(&used_schemes);
    }

    /// Every `{name}` of the path template must be a path parameter of the path or the operation.
    fn path_variables(&mut self, doc: &'a DocKey, path: &str, item: &'a Value, operation: &'a Value, pointer: &str) {
        let mut declared = BTreeSet::new();
        for list in [item.get("parameters"), operation.get("parameters")] {
            let Some(Value::Array(list)) = list else { continue };
            for parameter in list {
                let resolved = self.deref(doc, String::new(), parameter);
                let Some((_, _, parameter)) = resolved else { continue };
                if parameter.get("in").and_then(Value::as_str) == Some("path") {
                    if let Some(name) = parameter.get("name").and_then(Value::as_str) {
                        declared.insert(name);
                    }
                }
            }
        }
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else { break };
            let name = &rest[open + 1..open + close];
            if !declared.contains(name) {
                // Generation recovers (the variable becomes a required string), so this is a warning,
                // here and in `codegen` alike; `--strict` makes it an error.
                let message = format!(
                    "the path variable `{{{name}}}` is not declared, so it is taken as a required string: add a parameter with `name: {name}` and `in: path` to the operation or the path"
                );
                self.warn(doc, pointer.to_string(), message);
            }
            rest = &rest[open + close + 1..];
        }
    }

    /// Every scheme named in a security requirement must be defined.
    fn security(
        &mut self,
        doc: &'a DocKey,
        requirements: Option<&'a Value>,
        pointer: String,
        used: &mut BTreeSet<String>,
    ) {
        let Some(Value::Array(requirements)) = requirements else { return };
        let defined = self.value(doc).pointer("/components/securitySchemes");
        for (index, requirement) in requirements.iter().enumerate() {
            let Value::Object(requirement) = requirement else { continue };
            for name in requirement.keys() {
                used.insert(name.clone());
                if defined.and_then(|d| d.get(name)).is_none() {
                    let message =
                        format!("the security scheme `{name}` is not defined in #/components/securitySchemes");
                    self.error(doc, pointer_push(&pointer, &index.to_string()), message);
                }
            }
        }
    }

    /// Whether following `$ref`s from `value` comes back to a node already seen (rather than to one
    /// that does not resolve, which is reported where it is written).
    fn ends_in_cycle(&self, doc: &'a DocKey, value: &'a Value) -> bool {
        let mut seen: Vec<*const Value> = Vec::new();
        let mut current = (doc, value);
        while let Some(reference) = current.1.get("$ref").and_then(Value::as_str) {
            if seen.contains(&(current.1 as *const Value)) || seen.len() > MAX_REF_HOPS {
                return true;
            }
            seen.push(current.1);
            match self.resolve(current.0, reference) {
                Ok((target, _, value)) => current = (target, value),
                Err(_) => return false,
            }
        }
        false
    }

    /// Every `$ref` of every document must resolve.
    fn references(&mut self) {
        for doc in self.spec.sources.keys() {
            for (pointer, reference) in refs_in(self.value(doc), "#") {
                match self.resolve(doc, reference) {
                    // Generation can stand in any JSON value for a missing schema, but not for a
                    // missing parameter or response, so only schema references may be let through.
                    Err(reason) if self.allow_dangling_refs && reference.contains("#/components/schemas/") => {
                        self.warn(
                            doc,
                            pointer_push(&pointer, "$ref"),
                            format!("`$ref: {reference}` does not resolve: {reason}; typed as any JSON value"),
                        );
                    }
                    Err(reason) => {
                        self.error(
                            doc,
                            pointer_push(&pointer, "$ref"),
                            format!("`$ref: {reference}` does not resolve: {reason}"),
                        );
                    }
                    Ok((target, at, value)) => {
                        // Every step resolves, so a chain that never ends in a node is a cycle.
                        if value.get("$ref").is_some()
                            && self.deref(target, at, value).is_none()
                            && self.ends_in_cycle(target, value)
                        {
                            self.error(
                                doc,
                                pointer_push(&pointer, "$ref"),
                                format!(
                                    "`$ref: {reference}` leads to a cycle of `$ref`s that never reaches a definition"
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    /// Components of the spec itself that nothing outside `components` reaches, directly or not.
    /// Referenced documents are libraries shared between specs, so their unused parts are fine.
    fn unused_components(&mut self, used_schemes: &BTreeSet<String>) {
        let root = &self.spec.root_key;
        let refs: BTreeMap<&DocKey, Vec<(String, &str)>> =
            self.spec.sources.iter().map(|(doc, source)| (doc, refs_in(&source.value, "#"))).collect();
        let mut reached: BTreeSet<(&DocKey, String)> = BTreeSet::new();
        let mut pending: Vec<(&DocKey, &str)> = refs[root]
            .iter()
            .filter(|(holder, _)| !within(holder, "#/components"))
            .map(|(_, reference)| (root, *reference))
            .collect();
        while let Some((doc, reference)) = pending.pop() {
            let Ok((target, pointer, _)) = self.resolve(doc, reference) else { continue };
            if !reached.insert((target, pointer.clone())) {
                continue;
            }
            if let Some(inner) = refs.get(target) {
                pending.extend(inner.iter().filter(|(holder, _)| within(holder, &pointer)).map(|(_, r)| (target, *r)));
            }
        }
        let Some(Value::Object(components)) = self.value(root).get("components") else { return };
        for (kind, singular) in COMPONENT_KINDS {
            let Some(Value::Object(members)) = components.get(kind) else { continue };
            for name in members.keys() {
                let pointer = pointer_push(&pointer_push("#/components", kind), name);
                let used =
                    reached.iter().any(|(doc, at)| *doc == root && (within(at, &pointer) || within(&pointer, at)));
                if !used {
                    self.warn(root, pointer, format!("the {singular} `{name}` is never referenced"));
                }
            }
        }
        if let Some(Value::Object(schemes)) = components.get("securitySchemes") {
            for name in schemes.keys() {
                if !used_schemes.contains(name) {
                    let pointer = pointer_push("#/components/securitySchemes", name);
                    self.warn(
                        root,
                        pointer,
                        format!("the security scheme `{name}` is never used by a security requirement"),
                    );
                }
            }
        }
    }

    // ---- Examples ----

    /// Validates the examples of one document: those of its operations (the root only) and of its
    /// components. Referenced nodes are validated where they are defined, so each example once.
    fn document_examples(&mut self, doc: &'a DocKey) {
        let value = self.value(doc);
        if doc == &self.spec.root_key {
            if let Some(Value::Object(paths)) = value.get("paths") {
                for (path, item) in paths {
                    let pointer = pointer_push("#/paths", path);
                    self.parameters(doc, item.get("parameters"), &pointer);
                    for method in METHODS {
                        let Some(operation) = item.get(method) else { continue };
                        let pointer = pointer_push(&pointer, method);
                        self.parameters(doc, operation.get("parameters"), &pointer);
                        if let Some(body) = operation.get("requestBody") {
                            self.content(doc, body, &pointer_push(&pointer, "requestBody"));
                        }
                        if let Some(Value::Object(responses)) = operation.get("responses") {
                            for (status, response) in responses {
                                self.response(
                                    doc,
                                    response,
                                    &pointer_push(&pointer_push(&pointer, "responses"), status),
                                );
                            }
                        }
                    }
                }
            }
        }
        let Some(Value::Object(components)) = value.get("components") else { return };
        let members = |kind: &str| components.get(kind).and_then(Value::as_object).into_iter().flatten();
        for (name, schema) in members("schemas") {
            self.schema(doc, schema, pointer_push("#/components/schemas", name), 0);
        }
        for (name, parameter) in members("parameters") {
            self.parameter(doc, parameter, pointer_push("#/components/parameters", name));
        }
        for (name, header) in members("headers") {
            self.parameter(doc, header, pointer_push("#/components/headers", name));
        }
        for (name, body) in members("requestBodies") {
            self.content(doc, body, &pointer_push("#/components/requestBodies", name));
        }
        for (name, response) in members("responses") {
            self.response(doc, response, &pointer_push("#/components/responses", name));
        }
    }

    fn parameters(&mut self, doc: &'a DocKey, list: Option<&'a Value>, pointer: &str) {
        let Some(Value::Array(list)) = list else { return };
        for (index, parameter) in list.iter().enumerate() {
            self.parameter(doc, parameter, pointer_push(&pointer_push(pointer, "parameters"), &index.to_string()));
        }
    }

    /// A parameter or a header: a schema with examples, or content.
    fn parameter(&mut self, doc: &'a DocKey, parameter: &'a Value, pointer: String) {
        if parameter.get("$ref").is_some() {
            return;
        }
        if let Some(schema) = parameter.get("schema") {
            let schema_pointer = pointer_push(&pointer, "schema");
            self.schema(doc, schema, schema_pointer.clone(), 0);
            self.examples_of(doc, parameter, &pointer, schema, &schema_pointer);
        }
        self.content(doc, parameter, &pointer);
    }

    fn response(&mut self, doc: &'a DocKey, response: &'a Value, pointer: &str) {
        if response.get("$ref").is_some() {
            return;
        }
        self.content(doc, response, pointer);
        if let Some(Value::Object(headers)) = response.get("headers") {
            for (name, header) in headers {
                self.parameter(doc, header, pointer_push(&pointer_push(pointer, "headers"), name));
            }
        }
    }

    /// The media types of `holder.content` (a request body, response or parameter).
    fn content(&mut self, doc: &'a DocKey, holder: &'a Value, pointer: &str) {
        if holder.get("$ref").is_some() {
            return;
        }
        let Some(Value::Object(content)) = holder.get("content") else { return };
        for (media_type, media) in content {
            let pointer = pointer_push(&pointer_push(pointer, "content"), media_type);
            let Some(schema) = media.get("schema") else { continue };
            let schema_pointer = pointer_push(&pointer, "schema");
            self.schema(doc, schema, schema_pointer.clone(), 0);
            self.examples_of(doc, media, &pointer, schema, &schema_pointer);
        }
    }

    /// `holder.example` and every `holder.examples.*.value` against `schema`.
    fn examples_of(
        &mut self,
        doc: &'a DocKey,
        holder: &'a Value,
        pointer: &str,
        schema: &'a Value,
        schema_pointer: &str,
    ) {
        if let Some(example) = holder.get("example") {
            self.example(doc, example, pointer_push(pointer, "example"), schema, schema_pointer);
        }
        let Some(Value::Object(examples)) = holder.get("examples") else { return };
        for (name, example) in examples {
            let at = pointer_push(&pointer_push(pointer, "examples"), name);
            // A named example may be a `$ref` to `#/components/examples`; it is checked here, against
            // the schema of the place that uses it, and reported where its value is written.
            let Some((example_doc, at, example)) = self.deref(doc, at, example) else { continue };
            if let Some(value) = example.get("value") {
                let at = pointer_push(&at, "value");
                let schema_pointer =
                    if example_doc == doc { schema_pointer.to_string() } else { self.qualified(doc, schema_pointer) };
                self.example(example_doc, value, at, schema, &schema_pointer);
            }
        }
    }

    /// Walks a schema where it is written, validating its own example and those of its parts.
    fn schema(&mut self, doc: &'a DocKey, schema: &'a Value, pointer: String, depth: usize) {
        let Value::Object(map) = schema else { return };
        if depth > MAX_DEPTH || map.contains_key("$ref") {
            return;
        }
        if let Some(example) = map.get("example") {
            self.example(doc, example, pointer_push(&pointer, "example"), schema, &pointer);
        }
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, property) in properties {
                self.schema(doc, property, pointer_push(&pointer_push(&pointer, "properties"), name), depth + 1);
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(inner) = map.get(key) {
                self.schema(doc, inner, pointer_push(&pointer, key), depth + 1);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = map.get(key) {
                for (index, member) in members.iter().enumerate() {
                    self.schema(doc, member, pointer_push(&pointer_push(&pointer, key), &index.to_string()), depth + 1);
                }
            }
        }
    }

    /// `file#pointer` for a schema in another document than the finding.
    fn qualified(&self, doc: &DocKey, pointer: &str) -> String {
        match self.spec.sources.get(doc) {
            Some(source) => format!("{}{pointer}", source.display),
            None => pointer.to_string(),
        }
    }

    fn example(
        &mut self,
        doc: &'a DocKey,
        example: &'a Value,
        pointer: String,
        schema: &'a Value,
        schema_pointer: &str,
    ) {
        let mut active = Vec::new();
        let Some(mismatch) = self.mismatch(doc, schema_pointer, schema, example, "", &mut active, 0) else { return };
        let mut message = mismatch.message;
        // Name the schema when it is not the one written beside the example.
        if !pointer.starts_with(&format!("{}/", mismatch.schema)) && mismatch.schema != schema_pointer {
            message.push_str(&format!(" (schema: {})", mismatch.schema));
        }
        let at = format!("{pointer}{}", mismatch.at);
        if self.allow_invalid_examples {
            self.warn(doc, at, message);
        } else {
            self.error(doc, at, message);
        }
    }

    /// The first way `instance` fails `schema`, if any.
    #[allow(clippy::too_many_arguments)]
    fn mismatch(
        &self,
        doc: &'a DocKey,
        schema_pointer: &str,
        schema: &'a Value,
        instance: &Value,
        at: &str,
        active: &mut Vec<(*const Value, *const Value)>,
        depth: usize,
    ) -> Option<Mismatch> {
        let Value::Object(map) = schema else { return None };
        if depth > MAX_DEPTH {
            return None;
        }
        if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
            let (target_doc, pointer, target) = self.resolve(doc, reference).ok()?;
            // The same schema on the same part of the example again is a cycle through `$ref`s, which
            // can add no new finding.
            let key = (target as *const Value, instance as *const Value);
            if active.contains(&key) {
                return None;
            }
            let pointer = if target_doc == doc { pointer } else { self.qualified(target_doc, &pointer) };
            active.push(key);
            let found = self.mismatch(target_doc, &pointer, target, instance, at, active, depth + 1);
            active.pop();
            return found;
        }
        let fail = |message: String| Some(Mismatch { at: at.to_string(), message, schema: schema_pointer.to_string() });
        let nullable = map.get("nullable") == Some(&Value::Bool(true));
        if instance.is_null() && nullable {
            return None;
        }
        if let Some(ty) = map.get("type").and_then(Value::as_str) {
            if !type_matches(ty, instance) {
                let mut message = format!("expected {} (type: {ty}), found {}", with_article(ty), describe(instance));
                if instance.is_null() {
                    message.push_str(" and the schema is not `nullable`");
                }
                return fail(message);
            }
        }
        if let Some(Value::Array(allowed)) = map.get("enum") {
            if !allowed.iter().any(|a| same(a, instance)) {
                let listed: Vec<String> = allowed.iter().take(10).map(Value::to_string).collect();
                let more = if allowed.len() > 10 { ", ..." } else { "" };
                return fail(format!(
                    "{} is not one of the `enum` values [{}{more}]",
                    describe(instance),
                    listed.join(", ")
                ));
            }
        }
        if let (Some(format), Value::String(text)) = (map.get("format").and_then(Value::as_str), instance) {
            let valid = match format {
                "date-time" => is_date_time(text),
                "date" => is_date(text),
                _ => true,
            };
            if !valid {
                return fail(format!("{} is not an RFC 3339 {format}", describe(instance)));
            }
        }
        if let Value::Object(object) = instance {
            if let Some(Value::Array(required)) = map.get("required") {
                for name in required.iter().filter_map(Value::as_str) {
                    if !object.contains_key(name) {
                        return fail(format!("the required property `{name}` is missing"));
                    }
                }
            }
            let properties = map.get("properties").and_then(Value::as_object);
            for (name, value) in object {
                let inner_at = pointer_push(at, name);
                let found = match properties.and_then(|p| p.get(name)) {
                    Some(property) => {
                        let pointer = pointer_push(&pointer_push(schema_pointer, "properties"), name);
                        self.mismatch(doc, &pointer, property, value, &inner_at, active, depth + 1)
                    }
                    None => match map.get("additionalProperties") {
                        Some(Value::Bool(false)) => Some(Mismatch {
                            at: inner_at,
                            message: format!("the property `{name}` is not declared, and `additionalProperties: false` allows no other"),
                            schema: schema_pointer.to_string(),
                        }),
                        Some(extra @ Value::Object(_)) => {
                            let pointer = pointer_push(schema_pointer, "additionalProperties");
                            self.mismatch(doc, &pointer, extra, value, &inner_at, active, depth + 1)
                        }
                        _ => None,
                    },
                };
                if found.is_some() {
                    return found;
                }
            }
        }
        if let (Value::Array(items), Some(item_schema)) = (instance, map.get("items")) {
            let pointer = pointer_push(schema_pointer, "items");
            for (index, item) in items.iter().enumerate() {
                let found = self.mismatch(
                    doc,
                    &pointer,
                    item_schema,
                    item,
                    &pointer_push(at, &index.to_string()),
                    active,
                    depth + 1,
                );
                if found.is_some() {
                    return found;
                }
            }
        }
        if let Some(Value::Array(members)) = map.get("allOf") {
            for (index, member) in members.iter().enumerate() {
                let pointer = pointer_push(&pointer_push(schema_pointer, "allOf"), &index.to_string());
                let found = self.mismatch(doc, &pointer, member, instance, at, active, depth + 1);
                if found.is_some() {
                    return found;
                }
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            let Some(Value::Array(members)) = map.get(keyword) else { continue };
            let mut first = None;
            for (index, member) in members.iter().enumerate() {
                let pointer = pointer_push(&pointer_push(schema_pointer, keyword), &index.to_string());
                match self.mismatch(doc, &pointer, member, instance, at, active, depth + 1) {
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
                return fail(format!(
                    "matches none of the {} schemas of `{keyword}`; against the first: {}{}",
                    members.len(),
                    place.unwrap_or_default(),
                    first.message
                ));
            }
        }
        None
    }

    /// Turns the findings into diagnostics, with lines when `with_lines`, sorted by file and line.
    fn finish(self, with_lines: bool) -> Report {
        let mut wanted: BTreeMap<&DocKey, BTreeSet<String>> = BTreeMap::new();
        for finding in self.errors.iter().chain(&self.warnings).filter(|_| with_lines) {
            wanted.entry(finding.doc).or_default().insert(finding.pointer.clone());
        }
        let lines: BTreeMap<&DocKey, BTreeMap<String, usize>> = wanted
            .into_iter()
            .filter_map(|(doc, pointers)| {
                let source = self.spec.sources.get(doc)?;
                Some((doc, super::lines::find(&source.text, source.is_json, &pointers)))
            })
            .collect();
        let locate = |finding: &Finding| Location {
            file: self.spec.sources.get(finding.doc).map(|s| s.display.clone()).unwrap_or_default(),
            line: lines.get(finding.doc).and_then(|l| l.get(&finding.pointer)).copied(),
            pointer: finding.pointer.clone(),
        };
        let order = |l: &Location| (l.file.clone(), l.line.unwrap_or(usize::MAX), l.pointer.clone());
        let mut errors: Vec<Error> =
            self.errors.iter().map(|f| Error { location: Some(locate(f)), message: f.message.clone() }).collect();
        errors.sort_by_key(|e| (e.location.as_ref().map(order), e.message.clone()));
        errors.dedup();
        let mut warnings: Vec<Warning> =
            self.warnings.iter().map(|f| Warning { location: locate(f), message: f.message.clone() }).collect();
        warnings.sort_by_key(|w| (order(&w.location), w.message.clone()));
        warnings.dedup();
        let spec = self.spec.sources.get(&self.spec.root_key).map(|s| s.display.clone()).unwrap_or_default();
        Report { spec, errors, warnings }
    }
}

/// Every `$ref` string below `value`, with the pointer of the object that holds it. Examples are
/// data, so a `$ref` key inside one is not a reference.
fn refs_in<'v>(value: &'v Value, base: &str) -> Vec<(String, &'v str)> {
    let mut found = Vec::new();
    // (pointer, value, key of the value, key of its parent)
    let mut stack = vec![(base.to_string(), value, "", "")];
    while let Some((pointer, value, key, parent_key)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    found.push((pointer.clone(), reference.as_str()));
                }
                for (child_key, child) in map.iter().rev() {
                    let is_data = (child_key == "example" && key != "properties")
                        || (child_key == "value" && parent_key == "examples");
                    if !is_data {
                        stack.push((pointer_push(&pointer, child_key), child, child_key, key));
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((pointer_push(&pointer, &index.to_string()), child, "", key));
                }
            }
            _ => {}
        }
    }
    found
}

/// The name closest to `wanted` by edit distance, when it is a likely typo (at most two edits).
fn closest<'k>(names: impl Iterator<Item = &'k String>, wanted: &str) -> Option<&'k String> {
    let wanted: Vec<char> = wanted.chars().collect();
    names
        .filter(|name| name.chars().count().abs_diff(wanted.len()) <= 2)
        .map(|name| (edit_distance(&name.chars().collect::<Vec<_>>(), &wanted), name))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein distance, with one row of memory.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Whether `pointer` is `scope` or inside it.
fn within(pointer: &str, scope: &str) -> bool {
    pointer == scope || pointer.strip_prefix(scope).is_some_and(|rest| rest.starts_with('/')) || scope == "#"
}

/// Decodes `%XX` escapes, which URI fragments such as `#/paths/~1x~1%7Bid%7D` may use.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn type_matches(ty: &str, value: &Value) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => {
            value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
        }
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        // Lowering reports unknown types; there is nothing to check against.
        _ => true,
    }
}

fn with_article(ty: &str) -> String {
    match ty {
        "integer" | "array" | "object" => format!("an {ty}"),
        _ => format!("a {ty}"),
    }
}

/// A value as a reader would name it, short enough for one line.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => {
            let shown: String = s.chars().take(60).collect();
            let cut = if shown.len() < s.len() { "..." } else { "" };
            format!("the string {}{cut}", Value::String(shown))
        }
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(_) => "an object".to_string(),
    }
}

/// JSON equality, with numbers compared by value (`1` equals `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn digits(text: &[u8], range: std::ops::Range<usize>, max: u32) -> bool {
    text.get(range)
        .filter(|d| d.iter().all(u8::is_ascii_digit))
        .and_then(|d| std::str::from_utf8(d).ok()?.parse::<u32>().ok())
        .is_some_and(|n| n <= max)
}

/// `YYYY-MM-DD`.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && digits(b, 0..4, 9999)
        && b[4] == b'-'
        && digits(b, 5..7, 12)
        && b[7] == b'-'
        && digits(b, 8..10, 31)
        && &b[5..7] != b"00"
        && &b[8..10] != b"00"
}

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < 20 || !is_date(&text[..10]) || !matches!(b[10], b'T' | b't') {
        return false;
    }
    if !(digits(b, 11..13, 23) && b[13] == b':' && digits(b, 14..16, 59) && b[16] == b':' && digits(b, 17..19, 60)) {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let count = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if count == 0 {
            return false;
        }
        rest = &fraction[count..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] => rest.len() == 6 && digits(rest, 1..3, 23) && rest[3] == b':' && digits(rest, 4..6, 59),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_follow_rfc_3339() {
        for good in ["2024-03-14T11:03:37.015Z", "2024-03-14T11:03:37Z", "2024-03-14t11:03:37+05:30"] {
            assert!(is_date_time(good), "{good}");
        }
        for bad in [
            "2024-03-14",
            "2024-13-14T11:03:37Z",
            "2024-03-14T11:03:37",
            "2024-03-14T11:03:37.Z",
            "yesterday",
            "2024-03-14T11:03:37+5:30",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2024-00-10"));
    }

    #[test]
    fn values_are_named_the_way_a_reader_would() {
        assert_eq!(describe(&serde_json::json!("instagram")), "the string \"instagram\"");
        assert_eq!(describe(&serde_json::json!([1, 2])), "an array of 2 items");
        assert_eq!(describe(&serde_json::json!(1.5)), "the number 1.5");
        assert!(describe(&Value::String("x".repeat(100))).ends_with("\"..."));
    }

    #[test]
    fn integers_accept_whole_floats_only() {
        assert!(type_matches("integer", &serde_json::json!(3)));
        assert!(type_matches("integer", &serde_json::json!(3.0)));
        assert!(!type_matches("integer", &serde_json::json!(3.5)));
        assert!(!type_matches("integer", &serde_json::json!("3")));
    }

    #[test]
    fn typos_get_a_suggestion() {
        let names = ["Account".to_string(), "Accounts".to_string(), "Post".to_string()];
        assert_eq!(closest(names.iter(), "Acount").map(String::as_str), Some("Account"));
        assert_eq!(closest(names.iter(), "Media"), None);
        assert_eq!(edit_distance(&['a', 'b'], &['b', 'a']), 2);
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(percent_decode("/paths/~1x~1%7Bid%7D"), "/paths/~1x~1{id}");
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn refs_inside_examples_are_data() {
        let doc = serde_json::json!({
            "a": {"$ref": "#/x"},
            "b": {"example": {"$ref": "#/not-a-ref"}, "properties": {"example": {"$ref": "#/y"}}},
            "c": {"examples": {"e": {"value": {"$ref": "#/data"}}}}
        });
        let found: Vec<&str> = refs_in(&doc, "#").into_iter().map(|(_, r)| r).collect();
        assert_eq!(found, ["#/x", "#/y"]);
    }
}
