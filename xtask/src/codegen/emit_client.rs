//! Emits `src/generated/operations.rs`: one async `Client` method per operation, and the error enum
//! that holds each operation's documented error bodies, chosen by status code.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::docs;
use super::emit_types::{doc_attrs, rust_type};
use super::model::*;

pub fn generate(api: &Api) -> TokenStream {
    let operations = api.operations.iter().map(|op| {
        let method = method(op);
        let error_enum = error_enum(op);
        let success_enum = success_enum(op);
        quote! {
            impl crate::Client {
                #method
            }
            #success_enum
            #error_enum
        }
    });
    let base_url = api.default_base_url.as_deref().unwrap_or("");
    let base_url_doc = if base_url.is_empty() {
        " The spec names no server: pass a base URL to `Client::builder`.".to_string()
    } else {
        format!(" The spec's first server, {}.", docs::inline_code(base_url))
    };
    // Only what the operations use is imported, so that small specs compile without warnings.
    let has_path_params = api.operations.iter().any(|op| op.params.iter().any(|p| p.location == ParamLocation::Path));
    let has_params = api.operations.iter().any(|op| !op.params.is_empty());
    let mut runtime_uses = Vec::new();
    if has_path_params {
        runtime_uses.push(quote! { path_segment });
    }
    runtime_uses.extend([quote! { Error }, quote! { OperationInfo }, quote! { ResponseValue }]);
    if has_params {
        runtime_uses.push(quote! { ToParam });
    }
    let uses_types = api.operations.iter().any(|op| {
        let params = op.params.iter().map(|p| &p.ty);
        let body = op.body.iter().filter(|b| b.kind != BodyKind::Multipart).map(|b| &b.ty);
        let responses = op.success.iter().chain(&op.errors).filter_map(|c| c.ty.as_ref());
        params.chain(body).chain(responses).any(TypeRef::mentions_named)
    });
    let types_use = uses_types.then(|| quote! { use super::types; });
    quote! {
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant)]
        use crate::runtime::{#(#runtime_uses),*};
        #types_use

        #[doc = #base_url_doc]
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #(#operations)*
    }
}

/// The argument type of a parameter: strings by reference, numbers and flags by value.
fn arg_type(param: &Param) -> TokenStream {
    let by_value = matches!(param.ty, TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64);
    let inner = match &param.ty {
        TypeRef::String => quote! { &str },
        ty if by_value => rust_type(ty, true),
        ty => {
            let ty = rust_type(ty, true);
            quote! { &#ty }
        }
    };
    if param.required {
        inner
    } else {
        quote! { Option<#inner> }
    }
}

fn success_type(op: &Operation) -> TokenStream {
    if let Some(name) = &op.success_enum {
        let ident = format_ident!("{}", name);
        return quote! { #ident };
    }
    match op.success.first().and_then(|case| case.ty.as_ref()) {
        Some(ty) => rust_type(ty, true),
        None => quote! { () },
    }
}

fn method(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let error_name = format_ident!("{}", op.error_enum);
    let success = success_type(op);

    let mut doc_lines = op.docs.clone();
    let args_docs: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            let what = if p.docs.is_empty() { String::new() } else { format!(": {}", p.docs.join(" ")) };
            let location = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            format!("- `{}`: {location} parameter {}{what}", p.name, docs::inline_code(&p.api_name))
        })
        .chain(op.body.as_ref().map(|b| match b.kind {
            BodyKind::Multipart if b.parts.is_empty() => {
                format!("- `body`: the request body, sent as {}; the spec documents no parts", docs::inline_code(&b.media_type))
            }
            BodyKind::Multipart => format!(
                "- `body`: the request body, sent as {}; the spec documents these parts: {}",
                docs::inline_code(&b.media_type),
                b.parts.join(", ")
            ),
            _ => format!("- `body`: the request body, sent as {}", docs::inline_code(&b.media_type)),
        }))
        .collect();
    if !args_docs.is_empty() {
        doc_lines.push(String::new());
        doc_lines.push("# Arguments".to_string());
        doc_lines.extend(args_docs);
    }
    doc_lines.push(String::new());
    doc_lines.push("# Responses".to_string());
    doc_lines.extend(op.response_docs.iter().cloned());
    for header in &op.constant_headers {
        doc_lines.push(String::new());
        doc_lines.push(format!("The client sends {} itself.", docs::inline_code(&format!("{}: {}", header.0, header.1))));
    }
    let docs = doc_attrs(&doc_lines);

    let args = op.params.iter().map(|p| {
        let ident = format_ident!("{}", p.name);
        let ty = arg_type(p);
        quote! { #ident: #ty }
    });
    let body_arg = op.body.as_ref().map(|b| {
        if b.kind == BodyKind::Multipart {
            return quote! { body: crate::multipart::Form, };
        }
        let ty = rust_type(&b.ty, true);
        quote! { body: &#ty, }
    });

    let pieces = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { #text },
        PathPart::Param(index) => {
            let param = &op.params[*index];
            let ident = format_ident!("{}", param.name);
            let api_name = &param.api_name;
            quote! { &path_segment(#api_name, &#ident.to_param())? }
        }
    });

    let http_method = format_ident!("{}", op.method);
    let mut steps = Vec::new();
    for (header, value) in &op.constant_headers {
        steps.push(quote! { request = request.header(#header, #value); });
    }
    for param in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        let ident = format_ident!("{}", param.name);
        let api_name = &param.api_name;
        let add = match (param.location, &param.ty) {
            (ParamLocation::Query, TypeRef::Vec(_)) => quote! {
                for item in value.iter() {
                    request = request.query(&[(#api_name, item.to_param())]);
                }
            },
            (ParamLocation::Query, _) => quote! { request = request.query(&[(#api_name, value.to_param())]); },
            (_, _) => quote! { request = request.header(#api_name, crate::runtime::header_value(#api_name, &value.to_param())?); },
        };
        steps.push(if param.required {
            quote! { { let value = #ident; #add } }
        } else {
            quote! { if let Some(value) = #ident { #add } }
        });
    }
    if let Some(body) = &op.body {
        let media_type = &body.media_type;
        steps.push(match body.kind {
            BodyKind::Json => quote! { request = crate::runtime::json_body(request, #media_type, body)?; },
            BodyKind::FormUrlEncoded => quote! { request = crate::runtime::form_body(request, body)?; },
            BodyKind::Multipart => quote! { request = crate::runtime::multipart_body(request, body); },
        });
    }

    let arms_success = op.success.iter().map(|case| {
        let status = status_pattern(case.status);
        if let Some(name) = &op.success_enum {
            let ident = format_ident!("{}", name);
            let variant = format_ident!("{}", case.variant);
            return match &case.ty {
                Some(ty) => {
                    let ty = rust_type(ty, true);
                    quote! { #status => response.into_value_as::<#ty, _, _>(#ident::#variant), }
                }
                None => quote! { #status => Ok(response.into_empty_as(#ident::#variant)), },
            };
        }
        if case.ty.is_some() {
            quote! { #status => response.into_value(), }
        } else {
            quote! { #status => Ok(response.into_empty()), }
        }
    });
    let arms_error = op.errors.iter().map(|case| {
        let status = status_pattern(case.status);
        let variant = format_ident!("{}", case.variant);
        if !case.status.is_exact() {
            return error_arm_keeping_status(case, &status, &variant);
        }
        if case.ty.is_some() {
            quote! { #status => Err(response.into_error(E::#variant)), }
        } else {
            quote! { #status => Err(response.into_error_without_body(E::#variant)), }
        }
    });

    let operation_name = &op.name;
    let operation_id = op.api_name.as_deref().unwrap_or(&op.name);
    let method_str = &op.method;
    let path = &op.path;
    let idempotent = op.idempotent;
    let request_mut = (!steps.is_empty()).then(|| quote! { mut });
    let error_alias = (!op.errors.is_empty()).then(|| quote! { type E = #error_name; });
    let fallback = (!op.has_default()).then(|| quote! { _ => Err(response.into_unexpected()), });
    quote! {
        #docs
        pub async fn #name(&self, #(#args,)* #body_arg) -> Result<ResponseValue<#success>, Error<#error_name>> {
            const OPERATION: OperationInfo = OperationInfo {
                name: #operation_name,
                operation_id: #operation_id,
                method: #method_str,
                path: #path,
                idempotent: #idempotent,
            };
            #error_alias
            let path = [#(#pieces),*].concat();
            let #request_mut request = self.request(reqwest::Method::#http_method, &path);
            #(#steps)*
            let response = self.execute(&OPERATION, request).await?;
            match response.status().as_u16() {
                #(#arms_success)*
                #(#arms_error)*
                #fallback
            }
        }
    }
}

/// One enum variant per documented status, holding the body where the status has one. With
/// `keep_status`, a case that covers several statuses also holds the one received.
fn status_variants(cases: &[ResponseCase], keep_status: bool) -> Vec<TokenStream> {
    cases
        .iter()
        .map(|case| {
            let variant = format_ident!("{}", case.variant);
            let doc = format!(" {}", case.variant_doc());
            if keep_status && !case.status.is_exact() {
                return variant_keeping_status(case, &doc, &variant);
            }
            match &case.ty {
                Some(ty) => {
                    let ty = rust_type(ty, true);
                    quote! { #[doc = #doc] #variant(#ty), }
                }
                None => quote! { #[doc = #doc] #variant, },
            }
        })
        .collect()
}

/// The enum of an operation whose success statuses have different bodies, one variant per status.
fn success_enum(op: &Operation) -> Option<TokenStream> {
    let name = format_ident!("{}", op.success_enum.as_ref()?);
    let doc = format!(" The documented success responses of [`Client::{}`](crate::Client::{}), by status code.", op.name, op.name);
    let variants = status_variants(&op.success, false);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn error_enum(op: &Operation) -> TokenStream {
    let name = format_ident!("{}", op.error_enum);
    let doc = format!(" The documented error responses of [`Client::{}`](crate::Client::{}), by status code.", op.name, op.name);
    let variants = status_variants(&op.errors, true);
    let statuses = op.errors.iter().map(|case| {
        let variant = format_ident!("{}", case.variant);
        let Status::Code(status) = case.status else {
            return quote! { Self::#variant { status, .. } => *status, };
        };
        let status = Literal::u16_unsuffixed(status);
        match &case.ty {
            Some(_) => quote! { Self::#variant(_) => #status, },
            None => quote! { Self::#variant => #status, },
        }
    });
    let status_fn = (!op.errors.is_empty()).then(|| {
        quote! {
            impl #name {
                /// The status code this error was received with.
                pub fn status(&self) -> u16 {
                    match self {
                        #(#statuses)*
                    }
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
        #status_fn
    }
}

/// The match pattern of a documented status: the code, a range of codes, or any status.
fn status_pattern(status: Status) -> TokenStream {
    match (status, status.range()) {
        (Status::Code(code), _) => Literal::u16_unsuffixed(code).into_token_stream(),
        (_, Some((first, last))) => {
            let (first, last) = (Literal::u16_unsuffixed(first), Literal::u16_unsuffixed(last));
            quote! { #first..=#last }
        }
        _ => quote! { _ },
    }
}

/// The match arm of an error case that covers several statuses: its variant keeps the status.
fn error_arm_keeping_status(case: &ResponseCase, status: &TokenStream, variant: &proc_macro2::Ident) -> TokenStream {
    if case.ty.is_some() {
        quote! { #status => Err(response.into_error_with_status(|status, body| E::#variant { status, body })), }
    } else {
        quote! { #status => Err(response.into_error_with_status_only(|status| E::#variant { status })), }
    }
}

/// The error variant of a case that covers several statuses, with the status it was received with.
fn variant_keeping_status(case: &ResponseCase, doc: &str, variant: &proc_macro2::Ident) -> TokenStream {
    match &case.ty {
        Some(ty) => {
            let ty = rust_type(ty, true);
            quote! {
                #[doc = #doc]
                #variant {
                    /// The status code the response was received with.
                    status: u16,
                    /// The response body.
                    body: #ty,
                },
            }
        }
        None => quote! {
            #[doc = #doc]
            #variant {
                /// The status code the response was received with.
                status: u16,
            },
        },
    }
}
