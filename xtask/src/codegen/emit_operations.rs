//! Emits `src/generated/operations.rs`: one async `Client` method per operation, and the enums
//! that hold each operation's documented response bodies, chosen by status code.

use proc_macro2::TokenStream;
use quote::quote;

mod params;

use super::emit_docs;
use super::model::*;
use super::tokens::{docs, ident, rust_type, status_literal, Scope};

pub fn generate(api: &Api) -> Result<TokenStream, String> {
    let mut items = vec![quote!(#![allow(clippy::too_many_arguments, clippy::large_enum_variant)])];
    items.push(imports(api));
    let base_url = api.default_base_url.as_deref().unwrap_or("");
    let base_url_doc = docs(&[emit_docs::base_url_doc(base_url)]);
    items.push(quote! { #base_url_doc pub const DEFAULT_BASE_URL: &str = #base_url; });
    for op in &api.operations {
        items.push(method(op)?);
        if let Some(name) = &op.params_struct {
            items.push(params::params_struct(op, name)?);
        }
        if let Some(name) = &op.success_enum {
            items.push(status_enum(name, &emit_docs::status_enum_doc(op, true), &op.success, false)?);
        }
        items.push(status_enum(&op.error_enum, &emit_docs::status_enum_doc(op, false), &op.errors, true)?);
        if !op.errors.is_empty() {
            items.push(status_fn(op)?);
        }
    }
    Ok(quote!(#(#items)*))
}

/// Only what the operations use is imported, so that small specs compile without warnings.
fn imports(api: &Api) -> TokenStream {
    let params = || api.operations.iter().flat_map(|op| &op.params);
    let mut runtime = Vec::new();
    runtime.extend([quote!(Error), quote!(OperationInfo), quote!(ResponseValue)]);
    if params().next().is_some() {
        runtime.push(quote!(ToParam));
    }
    let uses_types = api.operations.iter().any(|op| {
        let params = op.params.iter().map(|p| &p.ty);
        let body = op.body.iter().filter(|b| b.kind.is_serialized()).map(|b| &b.ty);
        let responses = op.success.iter().chain(&op.errors).filter_map(|c| c.ty.as_ref());
        params.chain(body).chain(responses).any(TypeRef::mentions_named)
    });
    let types = uses_types.then(|| {
        quote!(
            use super::types;
        )
    });
    quote! { use crate::runtime::{#(#runtime),*}; #types }
}

/// The argument type of a parameter: strings by reference, numbers and flags by value.
fn arg_type(param: &Param) -> Result<TokenStream, String> {
    let inner = match &param.ty {
        TypeRef::String => quote!(&str),
        ty @ (TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64) => {
            rust_type(ty, Scope::Outside)?
        }
        ty => {
            let ty = rust_type(ty, Scope::Outside)?;
            quote!(&#ty)
        }
    };
    Ok(if param.required { inner } else { quote!(Option<#inner>) })
}

fn success_type(op: &Operation) -> Result<TokenStream, String> {
    if let Some(name) = &op.success_enum {
        let name = ident(name)?;
        return Ok(quote!(#name));
    }
    match op.success.first().and_then(|case| case.ty.as_ref()) {
        Some(ty) => rust_type(ty, Scope::Outside),
        None => Ok(quote!(())),
    }
}

fn method(op: &Operation) -> Result<TokenStream, String> {
    let docs = docs(&emit_docs::method_docs(op));
    let (name, error_enum, success) = (ident(&op.name)?, ident(&op.error_enum)?, success_type(op)?);
    let mut args = match &op.params_struct {
        Some(params) => {
            let params = ident(params)?;
            vec![quote!(params: &#params)]
        }
        None => op.params.iter().map(arg).collect::<Result<Vec<_>, _>>()?,
    };
    if let Some(body) = &op.body {
        args.push(match body.kind {
            BodyKind::Multipart => quote!(body: crate::multipart::Form),
            BodyKind::Text => quote!(body: String),
            BodyKind::Binary => quote!(body: impl Into<reqwest::Body>),
            BodyKind::Json | BodyKind::FormUrlEncoded => {
                let ty = rust_type(&body.ty, Scope::Outside)?;
                quote!(body: &#ty)
            }
        });
    }
    let (info, body) = (operation_info(op), method_body(op)?);
    let destructure = op.params_struct.as_ref().map(|name| params::destructure(op, name)).transpose()?;
    let alias = (!op.errors.is_empty()).then(|| quote!(type E = #error_enum;));
    Ok(quote! {
        impl crate::Client {
            #docs
            pub async fn #name(&self, #(#args),*) -> Result<ResponseValue<#success>, Error<#error_enum>> {
                #info
                #alias
                #destructure
                #body
            }
        }
    })
}

/// A positional argument: its name and type.
fn arg(param: &Param) -> Result<TokenStream, String> {
    let (name, ty) = (ident(&param.name)?, arg_type(param)?);
    Ok(quote!(#name: #ty))
}

/// What the runtime's spans and retry policy know of the operation.
fn operation_info(op: &Operation) -> TokenStream {
    let (name, method, path, idempotent) = (&op.name, &op.method, &op.path, op.idempotent);
    let operation_id = op.api_name.as_deref().unwrap_or(&op.name);
    quote! {
        const OPERATION: OperationInfo = OperationInfo {
            name: #name,
            operation_id: #operation_id,
            method: #method,
            path: #path,
            idempotent: #idempotent,
        };
    }
}

/// The request built step by step, sent, and its response matched by status.
///
/// Hygiene by construction: the path and the request builder are `__path` and `__request`, and parameter names never start
/// with `_` (see `naming::snake_name`); every other local is bound only after the last use of the
/// arguments (`response`) or holds the argument of the same name (`if let Some(x) = x`); runtime
/// functions are called by their full path, since a parameter may be named `path_segment`.
fn method_body(op: &Operation) -> Result<TokenStream, String> {
    let mut pieces = Vec::new();
    for part in &op.path_parts {
        pieces.push(match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(index) => {
                let param = &op.params[*index];
                let (api_name, name) = (&param.api_name, ident(&param.name)?);
                quote!(&crate::runtime::path_segment(#api_name, &#name.to_param())?)
            }
        });
    }
    let steps = request_steps(op)?;
    let mutability = (!steps.is_empty()).then(|| quote!(mut));
    let method = ident(&op.method)?;
    let arms = response_arms(op)?;
    let fallback = (!op.has_default()).then(|| quote!(_ => Err(response.into_unexpected()),));
    Ok(quote! {
        let __path = [#(#pieces),*].concat();
        let #mutability __request = self.request(reqwest::Method::#method, &__path);
        #(#steps)*
        let response = self.execute(&OPERATION, __request).await?;
        match response.status().as_u16() {
            #(#arms)*
            #fallback
        }
    })
}

/// The headers the client sends itself, the query and header parameters, and the body.
fn request_steps(op: &Operation) -> Result<Vec<TokenStream>, String> {
    let mut steps = Vec::new();
    for (header, value) in &op.constant_headers {
        steps.push(quote!(__request = __request.header(#header, #value);));
    }
    for param in op.params.iter().filter(|p| p.location != ParamLocation::Path) {
        let (name, api_name) = (ident(&param.name)?, &param.api_name);
        let send = match (param.location, &param.ty) {
            (ParamLocation::Query, TypeRef::Vec(_)) => quote! {
                for item in #name.iter() {
                    __request = __request.query(&[(#api_name, item.to_param())]);
                }
            },
            (ParamLocation::Query, _) => quote!(__request = __request.query(&[(#api_name, #name.to_param())]);),
            _ => {
                quote!(__request = __request.header(#api_name, crate::runtime::header_value(#api_name, &#name.to_param())?);)
            }
        };
        steps.push(if param.required { send } else { quote!(if let Some(#name) = #name { #send }) });
    }
    if let Some(body) = &op.body {
        let media_type = &body.media_type;
        steps.push(match body.kind {
            BodyKind::Json => quote!(__request = crate::runtime::json_body(__request, #media_type, body)?;),
            BodyKind::FormUrlEncoded => quote!(__request = crate::runtime::form_body(__request, body)?;),
            BodyKind::Multipart => quote!(__request = crate::runtime::multipart_body(__request, body);),
            BodyKind::Text | BodyKind::Binary => {
                quote!(__request = __request.header(reqwest::header::CONTENT_TYPE, #media_type).body(body);)
            }
        });
    }
    Ok(steps)
}

/// One match arm per documented status: successes as `Ok`, errors as their variant of `E`.
fn response_arms(op: &Operation) -> Result<Vec<TokenStream>, String> {
    let mut arms = Vec::new();
    for case in &op.success {
        let pattern = status_pattern(case.status);
        let variant = ident(&case.variant)?;
        let expr = match (&op.success_enum, &case.ty) {
            (Some(name), Some(ty)) => {
                let (name, ty) = (ident(name)?, rust_type(ty, Scope::Outside)?);
                quote!(response.into_value_as::<#ty, _, _>(#name::#variant))
            }
            (Some(name), None) => {
                let name = ident(name)?;
                quote!(Ok(response.into_empty_as(#name::#variant)))
            }
            (None, Some(_)) => quote!(response.into_value()),
            (None, None) => quote!(Ok(response.into_empty())),
        };
        arms.push(quote!(#pattern => #expr,));
    }
    for case in &op.errors {
        let (pattern, variant) = (status_pattern(case.status), ident(&case.variant)?);
        // A variant for several statuses keeps the one received, for `status()` to return.
        let expr = match (case.status.is_exact(), &case.ty) {
            (true, Some(_)) => quote!(Err(response.into_error(E::#variant))),
            (true, None) => quote!(Err(response.into_error_without_body(E::#variant))),
            (false, Some(_)) => {
                quote!(Err(response.into_error_with_status(|status, body| E::#variant { status, body })))
            }
            (false, None) => quote!(Err(response.into_error_with_status_only(|status| E::#variant { status }))),
        };
        arms.push(quote!(#pattern => #expr,));
    }
    Ok(arms)
}

/// The match pattern of a documented status: the code, a range of codes, or any status.
fn status_pattern(status: Status) -> TokenStream {
    match (status, status.range()) {
        (Status::Code(code), _) => {
            let code = status_literal(code);
            quote!(#code)
        }
        (_, Some((first, last))) => {
            let (first, last) = (status_literal(first), status_literal(last));
            quote!(#first..=#last)
        }
        _ => quote!(_),
    }
}

/// An enum of an operation's documented statuses, one variant per status, holding the body where
/// the status has one.
fn status_enum(name: &str, doc: &str, cases: &[ResponseCase], keep_status: bool) -> Result<TokenStream, String> {
    let (doc, name) = (docs(&[doc]), ident(name)?);
    let mut variants = Vec::new();
    for case in cases {
        let (variant_doc, variant) = (docs(&[emit_docs::variant_doc(case)]), ident(&case.variant)?);
        let ty = case.ty.as_ref().map(|ty| rust_type(ty, Scope::Outside)).transpose()?;
        variants.push(match ty {
            // A variant for several statuses keeps the one it was received with.
            _ if keep_status && !case.status.is_exact() => {
                let body = ty.map(|ty| quote!(#[doc = " The response body."] body: #ty,));
                quote! {
                    #variant_doc
                    #variant {
                        #[doc = " The status code the response was received with."]
                        status: u16,
                        #body
                    },
                }
            }
            Some(ty) => quote!(#variant_doc #variant(#ty),),
            None => quote!(#variant_doc #variant,),
        });
    }
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name { #(#variants)* }
    })
}

/// `status()` of an error enum: the documented code, or the one received for a range.
fn status_fn(op: &Operation) -> Result<TokenStream, String> {
    let mut arms = Vec::new();
    for case in &op.errors {
        let variant = ident(&case.variant)?;
        arms.push(match (case.status, &case.ty) {
            (Status::Code(code), Some(_)) => {
                let code = status_literal(code);
                quote!(Self::#variant(_) => #code,)
            }
            (Status::Code(code), None) => {
                let code = status_literal(code);
                quote!(Self::#variant => #code,)
            }
            _ => quote!(Self::#variant { status, .. } => *status,),
        });
    }
    let name = ident(&op.error_enum)?;
    Ok(quote! {
        impl #name {
            #[doc = " The status code this error was received with."]
            pub fn status(&self) -> u16 {
                match self { #(#arms)* }
            }
        }
    })
}
