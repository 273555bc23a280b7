//! The rustdoc lines of each generated item, rendered from what the model records of the spec.
//!
//! The model keeps the spec's words (titles, descriptions, where a schema lives); the sentences a
//! reader sees are written here, in one place, so that wording changes touch no other stage.

mod client;

use crate::codegen::emit::prose::{code_block, inline_code, prose};
use crate::codegen::model::*;

pub use client::*;

/// Whose documentation the spec is written from (`info.x-upstream`), as the docs name it.
#[derive(Debug, Clone, Copy)]
pub struct Upstream<'a>(pub Option<&'a str>);

impl Upstream<'_> {
    /// "HighLevel's documentation", or "the upstream documentation" when the spec names none.
    fn documentation(self) -> String {
        match self.0 {
            Some(name) => format!("{name}'s documentation"),
            None => "the upstream documentation".to_string(),
        }
    }

    /// "HighLevel", or "Upstream".
    fn whose(self) -> String {
        self.0.unwrap_or("Upstream").to_string()
    }
}

impl ApiInfo {
    /// The spec's upstream, for the docs.
    pub fn upstream(&self) -> Upstream<'_> {
        Upstream(self.upstream.as_deref())
    }
}

/// A type's docs: what the spec says of its schema, then where the schema lives.
pub fn type_docs(def: &TypeDef, upstream: Upstream) -> Vec<String> {
    let mut lines = schema_docs(&def.doc, upstream);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(match &def.origin {
        Origin::Component { key, file } => format!("Schema {} of {file}.", inline_code(key)),
        Origin::Inline { pointer } => format!("Inline schema at {}.", inline_code(pointer)),
    });
    lines
}

/// A field's docs; every field has some, since every public item is documented.
pub fn field_docs(field: &Field, upstream: Upstream) -> Vec<String> {
    let mut lines = schema_docs(&field.doc, upstream);
    if lines.is_empty() {
        // The wire name is the least a reader needs.
        lines.push(format!("The {} property.", inline_code(&field.api_name)));
    }
    if field.renamed {
        lines.push(format!(
            "Wire name {}; renamed because another property takes the same Rust name.",
            inline_code(&field.api_name)
        ));
    }
    lines
}

/// A schema's title, description, deviation note, flags and example.
fn schema_docs(doc: &SchemaDoc, upstream: Upstream) -> Vec<String> {
    let mut lines = Vec::new();
    let paragraph = |lines: &mut Vec<String>, text: Vec<String>| {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(text);
    };
    if let Some(title) = &doc.title {
        lines.extend(prose(title));
    }
    if let Some(description) = &doc.description {
        paragraph(&mut lines, prose(description));
    }
    if let Some(deviation) = &doc.deviation {
        let mut text = vec![format!("Deviation from {}:", upstream.documentation())];
        text.extend(prose(deviation));
        paragraph(&mut lines, text);
    }
    if doc.read_only {
        lines.push(String::new());
        lines.push("Read-only: sent by the server, ignored in requests.".to_string());
    }
    if doc.deprecated {
        lines.push(String::new());
        lines.push("Deprecated by the spec.".to_string());
    }
    if let Some(example) = &doc.example {
        paragraph(&mut lines, example_docs(example));
    }
    lines
}

fn example_docs(example: &serde_json::Value) -> Vec<String> {
    match example {
        serde_json::Value::String(s) if !s.contains('\n') && s.len() < 80 => {
            vec![format!("Example: {}", inline_code(s))]
        }
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
            vec![format!("Example: {}", inline_code(&example.to_string()))]
        }
        _ => {
            let mut lines = vec!["Example:".to_string()];
            let pretty = serde_json::to_string_pretty(example).unwrap_or_else(|_| example.to_string());
            lines.extend(code_block("json", &pretty));
            lines
        }
    }
}

/// A method's docs: summary and description, what it sends, its arguments, its responses, and the
/// headers the client sends itself.
pub fn method_docs(op: &Operation, upstream: Upstream) -> Vec<String> {
    let mut lines = operation_prose(op, upstream);
    let arguments = argument_docs(op);
    if !arguments.is_empty() {
        lines.push(String::new());
        lines.push("# Arguments".to_string());
        lines.extend(arguments);
    }
    lines.push(String::new());
    lines.push("# Responses".to_string());
    lines.extend(response_docs(op));
    for (name, value) in &op.constant_headers {
        lines.push(String::new());
        lines.push(format!("The client sends {} itself.", inline_code(&format!("{name}: {value}"))));
    }
    lines
}

fn operation_prose(op: &Operation, upstream: Upstream) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(summary) = &op.summary {
        lines.extend(prose(summary));
    }
    if let Some(description) = op.description.as_ref().filter(|d| Some(*d) != op.summary.as_ref()) {
        lines.push(String::new());
        lines.extend(prose(description));
    }
    lines.push(String::new());
    lines.push(format!("Sends {}.", inline_code(&format!("{} {}", op.method, op.path))));
    if let Some(id) = &op.api_name {
        lines.push(format!("Spec operationId: {}.", inline_code(id)));
    }
    if let Some(id) = &op.upstream_id {
        lines.push(format!("{} operationId: {}.", upstream.whose(), inline_code(id)));
    }
    if op.deprecated {
        lines.push(String::new());
        lines.push("Deprecated by the spec.".to_string());
    }
    lines
}

fn argument_docs(op: &Operation) -> Vec<String> {
    let params: Vec<String> = match &op.params_struct {
        Some(name) => vec![format!(
            "- `params`: the operation's {} parameters, in [`{name}`] (`{name}::new` takes the required ones; the \
             struct has {} or more optional parameters, so a call names the ones it sets)",
            op.params.len(),
            PARAMS_STRUCT_MIN_OPTIONAL
        )],
        None => op.params.iter().map(|p| format!("- `{}`: {}", p.name, param_doc(p))).collect(),
    };
    params.into_iter().chain(op.body.as_ref().map(body_docs)).collect()
}

/// What a parameter is: where it goes, its name there and the spec's description.
pub fn param_doc(param: &Param) -> String {
    let text = param.description.as_deref().map(prose).unwrap_or_default();
    let what = if text.is_empty() { String::new() } else { format!(": {}", text.join(" ")) };
    let location = match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    };
    format!("{location} parameter {}{what}", inline_code(&param.api_name))
}

/// The doc of an operation's parameters struct, with how to build one.
pub fn params_struct_doc(op: &Operation, name: &str) -> Vec<String> {
    let method = &op.name;
    let mut lines = vec![format!("The parameters of [`Client::{method}`](super::client::Client::{method}).")];
    lines.push(String::new());
    if op.params.iter().all(|p| !p.required) {
        lines.push(format!("Every one is optional: `{name} {{ field: Some(value), ..Default::default() }}`."));
    } else {
        lines.push(format!(
            "`{name}::new` takes the required ones; set optional ones with struct update syntax: \
             `{name} {{ field: Some(value), ..{name}::new(...) }}`."
        ));
    }
    lines
}

fn body_docs(body: &Body) -> String {
    let sent = format!("- `body`: the request body, sent as {}", inline_code(&body.media_type));
    match body.kind {
        BodyKind::Multipart => {}
        BodyKind::Text => return format!("{sent}, the text as given"),
        BodyKind::Binary => {
            return format!("{sent}, the bytes as given (a `Vec<u8>`, `bytes::Bytes`, or a stream)");
        }
        BodyKind::Json | BodyKind::FormUrlEncoded => return sent,
    }
    if body.parts.is_empty() {
        return format!("{sent}; the spec documents no parts");
    }
    let parts: Vec<String> = body
        .parts
        .iter()
        .map(|part| format!("{}: {}", inline_code(&part.name), if part.file { "a file part" } else { "a text part" }))
        .collect();
    format!("{sent}; the spec documents these parts: {}", parts.join(", "))
}

/// The `# Responses` lines: what each documented status gives, and what any other status gives.
fn response_docs(op: &Operation) -> Vec<String> {
    let mut lines = Vec::new();
    for case in &op.success {
        let (status, read) = (status_label(case.status), body_read_as(case));
        lines.push(format!("- {status}: {}; returned as `Ok`{read}", case_prose(case)));
    }
    for case in &op.errors {
        let kept = if case.status.is_exact() { "" } else { ", with the status it was received with" };
        lines.push(format!(
            "- {}: {}; returned as `Error::ErrorResponse` holding [`{}::{}`]{kept}{}",
            status_label(case.status),
            case_prose(case),
            op.error_enum,
            case.variant,
            body_read_as(case)
        ));
    }
    if !op.has_default() {
        lines.push("- any other status: `Error::UnexpectedStatus`, with the status, headers and body".to_string());
    }
    lines
}

/// How a body that is not JSON reaches the caller, as the end of its `# Responses` line; empty for
/// JSON, whose type the signature shows, and for no body.
fn body_read_as(case: &ResponseCase) -> String {
    let Some(body) = &case.body else { return String::new() };
    let media_type = inline_code(&body.media_type);
    match body.kind {
        ResponseKind::Json(_) => String::new(),
        ResponseKind::Text => format!(", the {media_type} body as a `String`"),
        ResponseKind::Binary => format!(", the {media_type} body as `bytes::Bytes`"),
        ResponseKind::Raw => format!("; the {media_type} body is kept as received (`raw()`)"),
    }
}

/// The doc line of a status enum's variant: `404 Not found.`, `5XX: Server trouble.`.
pub fn variant_doc(case: &ResponseCase) -> String {
    match case.status {
        Status::Code(code) => format!("{code} {}", case_prose(case)),
        status => format!("{}: {}", status_label(status), case_prose(case)),
    }
}

/// A response's description on one line, saying where a success documented as `default` came from.
fn case_prose(case: &ResponseCase) -> String {
    if case.from_default {
        let text = format!(
            "{} Documented as `default`, since the operation documents no success status.",
            case.description.trim()
        );
        return prose(&text).join(" ");
    }
    prose(&case.description).join(" ")
}

/// How docs name a status: as the spec writes it, with `default` spelled out.
fn status_label(status: Status) -> String {
    match status {
        Status::Default => "any other status (`default`)".to_string(),
        status => status.label(),
    }
}

/// A string enum's docs: its type docs, then what happens to values the spec does not list.
pub fn string_enum_docs(def: &TypeDef, upstream: Upstream) -> Vec<String> {
    let mut lines = type_docs(def, upstream);
    lines.extend([
        String::new(),
        "Values this version of the spec does not list deserialize into `Unknown`, so a new value".to_string(),
        "sent by the API does not fail the whole response.".to_string(),
    ]);
    lines
}

/// The doc line of a string enum's variant: its value on the wire.
pub fn enum_value_doc(variant: &EnumVariant) -> String {
    format!("`{}`", variant.api_name.replace('`', "'"))
}

/// A `oneOf` enum's docs: its type docs, then how a value finds its variant.
pub fn one_of_docs(def: &TypeDef, upstream: Upstream) -> Vec<String> {
    let mut lines = type_docs(def, upstream);
    lines.extend(
        [
            "",
            "One of several shapes, serialized as the variant's value alone. Deserializing picks the",
            "variant the discriminator property names, where the spec has one; otherwise, for an",
            "object, the variant that knows all of its keys, else the one that knows the most, and for",
            "other values the first variant that fits.",
        ]
        .map(String::from),
    );
    lines
}

/// The doc line of an operation's enum of success or error responses.
pub fn status_enum_doc(op: &Operation, success: bool) -> String {
    let which = if success { "success" } else { "error" };
    format!("The documented {which} responses of [`Client::{0}`](super::client::Client::{0}), by status code.", op.name)
}

/// `new`'s doc line, of a struct of the spec's or of an operation's parameters.
pub fn constructor_doc(params: bool) -> String {
    match params {
        true => "Creates the parameters from the required ones; every optional one is `None`.".to_string(),
        false => "Creates a value from the required fields; every optional field is `None`.".to_string(),
    }
}

/// The doc line of a string enum's `Unknown` variant.
pub fn unknown_value_doc() -> String {
    "A value the spec does not list, as received.".to_string()
}

/// The doc line of a string enum's `as_str`.
pub fn as_str_doc() -> String {
    "The value as sent on the wire.".to_string()
}

/// The doc line of a `oneOf` enum's variant.
pub fn one_of_variant_doc(variant: &str) -> String {
    format!("The value as {variant}.")
}

/// The doc lines of the fields of a variant that covers several statuses.
pub fn range_body_doc() -> String {
    "The response body.".to_string()
}

/// See [`range_body_doc`].
pub fn range_status_doc() -> String {
    "The status code the response was received with.".to_string()
}

/// The doc line of an error enum's `status()`.
pub fn error_status_doc() -> String {
    "The status code this error was received with.".to_string()
}

/// The doc line of an example's round-trip test: where the example is.
pub fn example_test_doc(origin: &str) -> String {
    inline_code(origin)
}
