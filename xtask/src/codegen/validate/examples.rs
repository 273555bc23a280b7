//! Finds the examples of a document, in the operations of the root and in the components of every
//! document, and has each matched against the schema written beside it. Nodes reached through a
//! `$ref` are checked where they are defined, so each example is checked once.

use serde_json::Value;

use super::schema::first_mismatch;
use super::{qualified, Checker, MAX_DEPTH};
use crate::codegen::diag::pointer_push;
use crate::codegen::load::DocKey;
use crate::codegen::load::Target;
use crate::codegen::spec;

impl<'a> Checker<'a> {
    /// Validates the examples of one document: those of its operations (the root only) and of its
    /// components.
    pub(super) fn document_examples(&mut self, doc: &'a DocKey) {
        let value = self.value(doc);
        if doc == &self.spec.root_key {
            self.operation_examples(doc, value);
        }
        self.component_examples(doc, value);
    }

    /// The examples of every path item and operation.
    fn operation_examples(&mut self, doc: &'a DocKey, value: &'a Value) {
        let Some(Value::Object(paths)) = value.get("paths") else { return };
        for (path, item) in paths {
            let pointer = pointer_push("#/paths", path);
            self.parameters(doc, item.get("parameters"), &pointer);
            for method in spec::METHODS {
                let Some(operation) = item.get(method) else { continue };
                let pointer = pointer_push(&pointer, method);
                self.parameters(doc, operation.get("parameters"), &pointer);
                if let Some(body) = operation.get("requestBody") {
                    self.content(doc, body, &pointer_push(&pointer, "requestBody"));
                }
                let Some(Value::Object(responses)) = operation.get("responses") else { continue };
                for (status, response) in responses {
                    self.response(doc, response, &pointer_push(&pointer_push(&pointer, "responses"), status));
                }
            }
        }
    }

    /// The examples of the components that hold schemas: schemas, parameters, headers, request
    /// bodies and responses.
    fn component_examples(&mut self, doc: &'a DocKey, value: &'a Value) {
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

    /// The parameters listed at `pointer/parameters`.
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

    /// A response: its content and its headers.
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
            let Some(Target { doc: example_doc, pointer: at, value: example }) = self.deref(doc, at, example) else {
                continue;
            };
            if let Some(value) = example.get("value") {
                let at = pointer_push(&at, "value");
                let schema_pointer = if example_doc == doc {
                    schema_pointer.to_string()
                } else {
                    qualified(self.spec, doc, schema_pointer)
                };
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
            let Some(Value::Array(members)) = map.get(key) else { continue };
            for (index, member) in members.iter().enumerate() {
                self.schema(doc, member, pointer_push(&pointer_push(&pointer, key), &index.to_string()), depth + 1);
            }
        }
    }

    /// Matches one example, written at `pointer`, against the schema written at `schema_pointer`,
    /// and reports the first mismatch where in the example it is.
    fn example(
        &mut self,
        doc: &'a DocKey,
        example: &'a Value,
        pointer: String,
        schema: &'a Value,
        schema_pointer: &str,
    ) {
        let Some(mismatch) = first_mismatch(self.spec, doc, schema_pointer, schema, example) else { return };
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
}
