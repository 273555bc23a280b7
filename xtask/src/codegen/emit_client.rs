//! Emits `src/generated/operations.rs`: one async `Client` method per operation, and the error enum
//! that holds each operation's documented error bodies, chosen by status code.

use super::docs;
use super::emit_docs;
use super::emit_types::rust_type;
use super::model::*;
use super::rust::{self, Writer};

pub fn generate(api: &Api) -> Result<Vec<String>, String> {
    let mut items = vec!["#![allow(clippy::too_many_arguments, clippy::large_enum_variant)]\n".to_string()];
    // Only what the operations use is imported, so that small specs compile without warnings.
    let has_path_params = api.operations.iter().any(|op| op.params.iter().any(|p| p.location == ParamLocation::Path));
    let has_params = api.operations.iter().any(|op| !op.params.is_empty());
    let mut runtime_uses = Vec::new();
    if has_path_params {
        runtime_uses.push("path_segment".to_string());
    }
    runtime_uses.extend(["Error", "OperationInfo", "ResponseValue"].map(String::from));
    if has_params {
        runtime_uses.push("ToParam".to_string());
    }
    let mut w = Writer::new();
    w.group("use crate::runtime::{", &runtime_uses, "};");
    items.push(w.finish()?);
    let uses_types = api.operations.iter().any(|op| {
        let params = op.params.iter().map(|p| &p.ty);
        let body = op.body.iter().filter(|b| b.kind != BodyKind::Multipart).map(|b| &b.ty);
        let responses = op.success.iter().chain(&op.errors).filter_map(|c| c.ty.as_ref());
        params.chain(body).chain(responses).any(TypeRef::mentions_named)
    });
    if uses_types {
        items.push("use super::types;\n".to_string());
    }

    let base_url = api.default_base_url.as_deref().unwrap_or("");
    let mut w = Writer::new();
    if base_url.is_empty() {
        w.doc("The spec names no server: pass a base URL to `Client::builder`.");
    } else {
        w.doc(&format!("The spec's first server, {}.", docs::inline_code(base_url)));
    }
    w.atomic(&format!("pub const DEFAULT_BASE_URL: &str = {};", rust::string(base_url)));
    items.push(w.finish()?);

    for op in &api.operations {
        items.push(method(op)?);
        if let Some(name) = &op.success_enum {
            let doc = format!(
                "The documented success responses of [`Client::{0}`](crate::Client::{0}), by status code.",
                op.name
            );
            items.push(status_enum(name, &doc, &op.success, false)?);
        }
        let doc =
            format!("The documented error responses of [`Client::{0}`](crate::Client::{0}), by status code.", op.name);
        items.push(status_enum(&op.error_enum, &doc, &op.errors, true)?);
        if !op.errors.is_empty() {
            items.push(status_fn(op)?);
        }
    }
    Ok(items)
}

/// The argument type of a parameter: strings by reference, numbers and flags by value.
fn arg_type(param: &Param) -> String {
    let by_value = matches!(param.ty, TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
    let inner = match &param.ty {
        TypeRef::String => "&str".to_string(),
        ty if by_value => rust_type(ty, true),
        ty => format!("&{}", rust_type(ty, true)),
    };
    if param.required {
        inner
    } else {
        format!("Option<{inner}>")
    }
}

fn success_type(op: &Operation) -> String {
    if let Some(name) = &op.success_enum {
        return name.clone();
    }
    match op.success.first().and_then(|case| case.ty.as_ref()) {
        Some(ty) => rust_type(ty, true),
        None => "()".to_string(),
    }
}

fn method(op: &Operation) -> Result<String, String> {
    let doc_lines = emit_docs::method_docs(op);
    let mut w = Writer::new();
    w.open("impl crate::Client {");
    w.docs(&doc_lines);
    signature(&mut w, op);

    w.open("const OPERATION: OperationInfo = OperationInfo {");
    w.atomic(&format!("name: {},", rust::string(&op.name)));
    w.atomic(&format!("operation_id: {},", rust::string(op.api_name.as_deref().unwrap_or(&op.name))));
    w.atomic(&format!("method: {},", rust::string(&op.method)));
    w.atomic(&format!("path: {},", rust::string(&op.path)));
    w.atomic(&format!("idempotent: {},", op.idempotent));
    w.close("};");
    if !op.errors.is_empty() {
        w.atomic(&format!("type E = {};", op.error_enum));
    }
    let pieces: Vec<String> = op
        .path_parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => rust::string(text),
            PathPart::Param(index) => {
                let param = &op.params[*index];
                format!("&path_segment({}, &{}.to_param())?", rust::string(&param.api_name), param.name)
            }
        })
        .collect();
    let array = format!("let path = [{}]", pieces.join(", "));
    if w.fits(&format!("{array}.concat();")) {
        w.line(&format!("{array}.concat();"));
    } else if w.fits(&array) {
        // prettyplease breaks the method call before the array literal.
        w.line(&array);
        w.enter();
        w.line(".concat();");
        w.leave();
    } else {
        // prettyplease indents a method call on a broken array literal one level.
        w.open("let path = [");
        for piece in &pieces {
            w.line(&format!("{piece},"));
        }
        w.close("]");
        w.enter();
        w.line(".concat();");
        w.leave();
    }
    let has_steps = !op.constant_headers.is_empty()
        || op.body.is_some()
        || op.params.iter().any(|p| p.location != ParamLocation::Path);
    let request_mut = if has_steps { "mut " } else { "" };
    w.line(&format!("let {request_mut}request = self.request(reqwest::Method::{}, &path);", op.method));
    for (header, value) in &op.constant_headers {
        w.line(&format!("request = request.header({}, {});", rust::string(header), rust::string(value)));
    }
    for param in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        if param.required {
            w.open("{");
            w.line(&format!("let value = {};", param.name));
        } else {
            w.open(&format!("if let Some(value) = {} {{", param.name));
        }
        let api_name = rust::string(&param.api_name);
        match (param.location, &param.ty) {
            (ParamLocation::Query, TypeRef::Vec(_)) => {
                w.open("for item in value.iter() {");
                w.line(&format!("request = request.query(&[({api_name}, item.to_param())]);"));
                w.close("}");
            }
            (ParamLocation::Query, _) => {
                w.line(&format!("request = request.query(&[({api_name}, value.to_param())]);"))
            }
            (_, _) => w.line(&format!(
                "request = request.header({api_name}, crate::runtime::header_value({api_name}, &value.to_param())?);"
            )),
        }
        w.close("}");
    }
    if let Some(body) = &op.body {
        w.line(&match body.kind {
            BodyKind::Json => {
                format!("request = crate::runtime::json_body(request, {}, body)?;", rust::string(&body.media_type))
            }
            BodyKind::FormUrlEncoded => "request = crate::runtime::form_body(request, body)?;".to_string(),
            BodyKind::Multipart => "request = crate::runtime::multipart_body(request, body);".to_string(),
        });
    }
    w.line("let response = self.execute(&OPERATION, request).await?;");
    w.open("match response.status().as_u16() {");
    for case in &op.success {
        let expr = match (&op.success_enum, &case.ty) {
            (Some(name), Some(ty)) => {
                format!("response.into_value_as::<{}, _, _>({name}::{})", rust_type(ty, true), case.variant)
            }
            (Some(name), None) => format!("Ok(response.into_empty_as({name}::{}))", case.variant),
            (None, Some(_)) => "response.into_value()".to_string(),
            (None, None) => "Ok(response.into_empty())".to_string(),
        };
        w.arm(&status_pattern(case.status), &expr);
    }
    for case in &op.errors {
        let variant = &case.variant;
        // A variant for several statuses keeps the one received, for `status()` to return.
        let expr = match (case.status.is_exact(), &case.ty) {
            (true, Some(_)) => format!("Err(response.into_error(E::{variant}))"),
            (true, None) => format!("Err(response.into_error_without_body(E::{variant}))"),
            (false, Some(_)) => {
                format!("Err(response.into_error_with_status(|status, body| E::{variant} {{ status, body }}))")
            }
            (false, None) => format!("Err(response.into_error_with_status_only(|status| E::{variant} {{ status }}))"),
        };
        if !case.status.is_exact() {
            // Closures holding struct literals are rare enough to leave to prettyplease.
            w.defer_to_prettyplease();
        }
        w.arm(&status_pattern(case.status), &expr);
    }
    if !op.has_default() {
        w.line("_ => Err(response.into_unexpected()),");
    }
    w.close("}");
    w.close("}");
    w.close("}");
    w.finish()
}

/// The method's signature: on one line when it fits, else one argument per line, and the result
/// type's arguments too when even its line does not fit.
fn signature(w: &mut Writer, op: &Operation) {
    let mut args = vec!["&self".to_string()];
    args.extend(op.params.iter().map(|p| format!("{}: {}", p.name, arg_type(p))));
    if let Some(body) = &op.body {
        args.push(match body.kind {
            BodyKind::Multipart => "body: crate::multipart::Form".to_string(),
            _ => format!("body: &{}", rust_type(&body.ty, true)),
        });
    }
    let success = format!("ResponseValue<{}>", success_type(op));
    let error = format!("Error<{}>", op.error_enum);
    let result = format!("Result<{success}, {error}>");
    let head = format!("pub async fn {}(", op.name);
    let flat = format!("{head}{}) -> {result} {{", args.join(", "));
    if w.fits(&flat) {
        w.open(&flat);
        return;
    }
    w.open(&head);
    for arg in &args {
        w.line(&format!("{arg},"));
    }
    let tail = format!(") -> {result} {{");
    if w.fits_outer(&tail) {
        w.close(&tail);
    } else {
        w.close(") -> Result<");
        w.enter();
        w.line(&format!("{success},"));
        w.line(&format!("{error},"));
        w.close("> {");
    }
    w.enter();
}

/// An enum of an operation's documented statuses, one variant per status, holding the body where
/// the status has one.
fn status_enum(name: &str, doc: &str, cases: &[ResponseCase], keep_status: bool) -> Result<String, String> {
    let mut w = Writer::new();
    w.doc(doc);
    w.atomic("#[derive(Debug, Clone, PartialEq)]");
    if cases.is_empty() {
        w.atomic(&format!("pub enum {name} {{}}"));
        return w.finish();
    }
    w.open_atomic(&format!("pub enum {name} {{"));
    for case in cases {
        w.doc(&emit_docs::variant_doc(case));
        match &case.ty {
            _ if keep_status && !case.status.is_exact() => {
                // A variant for several statuses keeps the one it was received with.
                w.open(&format!("{} {{", case.variant));
                w.doc("The status code the response was received with.");
                w.line("status: u16,");
                if let Some(ty) = &case.ty {
                    w.doc("The response body.");
                    w.line(&format!("body: {},", rust_type(ty, true)));
                }
                w.close("},");
            }
            Some(ty) => w.line(&format!("{}({}),", case.variant, rust_type(ty, true))),
            None => w.line(&format!("{},", case.variant)),
        }
    }
    w.close("}");
    w.finish()
}

fn status_fn(op: &Operation) -> Result<String, String> {
    let arms = op.errors.iter().map(|case| match (case.status, &case.ty) {
        (Status::Code(code), Some(_)) => (format!("Self::{}(_)", case.variant), code.to_string()),
        (Status::Code(code), None) => (format!("Self::{}", case.variant), code.to_string()),
        (_, _) => (format!("Self::{} {{ status, .. }}", case.variant), "*status".to_string()),
    });
    rust::match_impl(
        &format!("impl {} {{", op.error_enum),
        Some("The status code this error was received with."),
        "pub fn status(&self) -> u16 {",
        "self",
        arms,
        None,
    )
}

/// The match pattern of a documented status: the code, a range of codes, or any status.
fn status_pattern(status: Status) -> String {
    match (status, status.range()) {
        (Status::Code(code), _) => code.to_string(),
        (_, Some((first, last))) => format!("{first}..={last}"),
        _ => "_".to_string(),
    }
}
