//! Emits `src/generated/operations.rs`: one async `Client` method per operation, and the enums
//! that hold each operation's documented response bodies, chosen by status code.

use proc_macro2::TokenStream;
use quote::quote;

mod params;
mod responses;
mod style;

use super::{imports, sentences, signature};
use crate::codegen::emit::tokens::{docs, ident, runtime};
use crate::codegen::model::*;
use responses::{response_arms, status_enum, status_fn};

pub fn generate(api: &Api) -> Result<TokenStream, String> {
    // An array parameter is taken as `&Vec<T>`, the type of its field in a parameters struct.
    let allow = quote!(#![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::ptr_arg)]);
    let mut items = Vec::new();
    for op in &api.operations {
        items.push(method(op, api.info.upstream())?);
        if let Some(name) = &op.params_struct {
            items.push(params::params_struct(op, name)?);
        }
        if let Some(name) = &op.success_enum {
            items.push(status_enum(name, &sentences::status_enum_doc(op, true), &op.success, false)?);
        }
        items.push(status_enum(&op.error_enum, &sentences::status_enum_doc(op, false), &op.errors, true)?);
        if !op.errors.is_empty() {
            items.push(status_fn(op)?);
        }
    }
    let body = quote!(#(#items)*);
    // Only what the code names is imported, so that every spec's client compiles without warnings.
    let uses = imports::uses(&body)?;
    Ok(quote!(#allow #uses #body))
}

fn method(op: &Operation, upstream: sentences::Upstream) -> Result<TokenStream, String> {
    let docs = docs(&sentences::method_docs(op, upstream));
    let signature::Method { name, args, ok, error } = signature::method(op)?;
    let args = args.iter().map(|(name, ty)| quote!(#name: #ty));
    let (info, body) = (operation_info(op), method_body(op)?);
    let destructure = op.params_struct.as_ref().map(|name| params::destructure(op, name)).transpose()?;
    let alias = (!op.errors.is_empty()).then(|| quote!(type E = #error;));
    Ok(quote! {
        impl super::client::Client {
            #docs
            pub async fn #name(&self, #(#args),*) -> Result<ResponseValue<#ok>, Error<#error>> {
                #info
                #alias
                #destructure
                #body
            }
        }
    })
}

/// What the runtime's spans and retry policy know of the operation.
fn operation_info(op: &Operation) -> TokenStream {
    let (name, method, path, idempotent, accept) = (&op.name, &op.method, &op.path, op.idempotent, &op.accept);
    let operation_id = op.api_name.as_deref().unwrap_or(&op.name);
    quote! {
        const OPERATION: OperationInfo = OperationInfo {
            name: #name,
            operation_id: #operation_id,
            method: #method,
            path: #path,
            idempotent: #idempotent,
            accept: #accept,
        };
    }
}

/// The request built step by step, sent, and its response matched by status.
///
/// Hygiene by construction: the query, the path and the request builder are `__query`, `__path`
/// and `__request`, and parameter names never start with `_` (see `naming::snake_name`); every
/// other local is bound only after the last use of the arguments (`response`) or holds the
/// argument of the same name (`if let Some(x) = x`); runtime functions are called by their full
/// path, since a parameter may be named `path_segment`.
fn method_body(op: &Operation) -> Result<TokenStream, String> {
    let rt = runtime();
    let mut pieces = Vec::new();
    for part in &op.path_parts {
        pieces.push(match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(index) => style::path_piece(&op.params[*index])?,
        });
    }
    let query = style::query(op)?;
    if query.is_some() {
        pieces.push(quote!(__query.as_str()));
    }
    let steps = request_steps(op)?;
    let mutability = (!steps.is_empty()).then(|| quote!(mut));
    let method = ident(&op.method)?;
    let arms = response_arms(op)?;
    let fallback = (!op.has_default()).then(|| quote!(_ => Err(response.into_unexpected()),));
    Ok(quote! {
        #query
        let __path = [#(#pieces),*].concat();
        let #mutability __request = self.0.request(#rt::reqwest::Method::#method, &__path);
        #(#steps)*
        let response = self.0.execute(&OPERATION, __request).await?;
        match response.status().as_u16() {
            #(#arms)*
            #fallback
        }
    })
}

/// The headers the client sends itself, the header parameters, and the body.
fn request_steps(op: &Operation) -> Result<Vec<TokenStream>, String> {
    let rt = runtime();
    let mut steps = Vec::new();
    for (header, value) in &op.constant_headers {
        steps.push(quote!(__request = __request.header(#header, #value);));
    }
    for param in op.params.iter().filter(|p| p.location == ParamLocation::Header) {
        steps.push(style::header(param)?);
    }
    if let Some(body) = &op.body {
        let media_type = &body.media_type;
        steps.push(match body.kind {
            BodyKind::Json => quote!(__request = #rt::json_body(__request, #media_type, body)?;),
            BodyKind::FormUrlEncoded => quote!(__request = #rt::form_body(__request, body)?;),
            BodyKind::Multipart => quote!(__request = #rt::multipart_body(__request, body);),
            BodyKind::Text | BodyKind::Binary => {
                quote!(__request = __request.header(#rt::reqwest::header::CONTENT_TYPE, #media_type).body(body);)
            }
        });
    }
    Ok(steps)
}
