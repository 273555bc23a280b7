//! The response side of a generated method: its success type, the match that reads each documented
//! status as JSON, text or bytes (or as an error variant), and the enums of success and error
//! statuses with their `status()`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::emit::sentences;
use crate::codegen::emit::tokens::{docs, ident, response_type, rust_type, status_literal, Scope};
use crate::codegen::model::*;

/// One match arm per documented status: successes as `Ok`, errors as their variant of `E`.
pub fn response_arms(op: &Operation) -> Result<Vec<TokenStream>, String> {
    let mut arms = Vec::new();
    for case in &op.success {
        let pattern = status_pattern(case.status);
        let expr = match &op.success_enum {
            Some(name) => {
                let (name, variant) = (ident(name)?, ident(&case.variant)?);
                success_as(case, quote!(#name::#variant))?
            }
            None => success(case),
        };
        arms.push(quote!(#pattern => #expr,));
    }
    for case in &op.errors {
        let (pattern, variant) = (status_pattern(case.status), ident(&case.variant)?);
        let typed = match case.value() {
            None => false,
            Some(ResponseKind::Json(_)) => true,
            Some(_) => {
                return Err(format!("internal error: {} {} has an error body that is not JSON", op.name, case.variant))
            }
        };
        // A variant for several statuses keeps the one received, for `status()` to return.
        let expr = match (case.status.is_exact(), typed) {
            (true, true) => quote!(Err(response.into_error(E::#variant))),
            (true, false) => quote!(Err(response.into_error_without_body(E::#variant))),
            (false, true) => {
                quote!(Err(response.into_error_with_status(|status, body| E::#variant { status, body })))
            }
            (false, false) => quote!(Err(response.into_error_with_status_only(|status| E::#variant { status }))),
        };
        arms.push(quote!(#pattern => #expr,));
    }
    Ok(arms)
}

/// How a success of the method's one body type is read.
fn success(case: &ResponseCase) -> TokenStream {
    match case.value() {
        Some(ResponseKind::Json(_)) => quote!(response.into_value()),
        Some(ResponseKind::Text) => quote!(response.into_text()),
        Some(ResponseKind::Binary) => quote!(Ok(response.into_bytes())),
        Some(ResponseKind::Raw) | None => quote!(Ok(response.into_empty())),
    }
}

/// How a success is read into its variant of the success enum, `variant` being its path.
fn success_as(case: &ResponseCase, variant: TokenStream) -> Result<TokenStream, String> {
    Ok(match case.value() {
        Some(ResponseKind::Json(ty)) => {
            let ty = rust_type(ty, Scope::Outside)?;
            quote!(response.into_value_as::<#ty, _, _>(#variant))
        }
        Some(ResponseKind::Text) => quote!(response.into_text_as(#variant)),
        Some(ResponseKind::Binary) => quote!(Ok(response.into_bytes_as(#variant))),
        Some(ResponseKind::Raw) | None => quote!(Ok(response.into_empty_as(#variant))),
    })
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
pub fn status_enum(name: &str, doc: &str, cases: &[ResponseCase], keep_status: bool) -> Result<TokenStream, String> {
    let (doc, name) = (docs(&[doc]), ident(name)?);
    let mut variants = Vec::new();
    for case in cases {
        let (variant_doc, variant) = (docs(&[sentences::variant_doc(case)]), ident(&case.variant)?);
        variants.push(match response_type(case)? {
            // A variant for several statuses keeps the one it was received with.
            ty if keep_status && !case.status.is_exact() => {
                let body_doc = docs(&[sentences::range_body_doc()]);
                let body = ty.map(|ty| quote!(#body_doc body: #ty,));
                let status_doc = docs(&[sentences::range_status_doc()]);
                quote! {
                    #variant_doc
                    #variant {
                        #status_doc
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
pub fn status_fn(op: &Operation) -> Result<TokenStream, String> {
    let mut arms = Vec::new();
    for case in &op.errors {
        let variant = ident(&case.variant)?;
        arms.push(match (case.status, case.value().is_some()) {
            (Status::Code(code), true) => {
                let code = status_literal(code);
                quote!(Self::#variant(_) => #code,)
            }
            (Status::Code(code), false) => {
                let code = status_literal(code);
                quote!(Self::#variant => #code,)
            }
            _ => quote!(Self::#variant { status, .. } => *status,),
        });
    }
    let name = ident(&op.error_enum)?;
    let doc = docs(&[sentences::error_status_doc()]);
    Ok(quote! {
        impl #name {
            #doc
            pub fn status(&self) -> u16 {
                match self { #(#arms)* }
            }
        }
    })
}
