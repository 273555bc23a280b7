//! The parameters struct of an operation with many optional parameters: every parameter as a
//! public field, `new` taking the required ones, so that a call names what it sets.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::emit_docs;
use super::super::model::*;
use super::super::tokens::{docs, ident, rust_type, Scope};

/// The struct and, unless every parameter is optional (then it is `Default`), its `new`.
pub fn params_struct(op: &Operation, name: &str) -> Result<TokenStream, String> {
    let (doc, name) = (docs(&emit_docs::params_struct_doc(op, name)), ident(name)?);
    let all_optional = op.params.iter().all(|p| !p.required);
    let default = all_optional.then(|| quote!(Default,));
    let (mut fields, mut args, mut inits) = (Vec::new(), Vec::new(), Vec::new());
    for param in &op.params {
        let (field_doc, field) = (docs(&[emit_docs::param_doc(param)]), ident(&param.name)?);
        let ty = rust_type(&param.ty, Scope::Outside)?;
        if param.required {
            fields.push(quote!(#field_doc pub #field: #ty,));
            args.push(quote!(#field: #ty));
            inits.push(quote!(#field));
        } else {
            fields.push(quote!(#field_doc pub #field: Option<#ty>,));
            inits.push(quote!(#field: None));
        }
    }
    let definition = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name { #(#fields)* }
    };
    if all_optional {
        return Ok(definition);
    }
    Ok(quote! {
        #definition
        impl #name {
            #[doc = " Creates the parameters from the required ones; every optional one is `None`."]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    })
}

/// The first statement of a method that takes a parameters struct: its fields as locals of the
/// names the positional form would have, by reference. A field may be called `params` too, since
/// the pattern is bound after the argument is read.
pub fn destructure(op: &Operation, name: &str) -> Result<TokenStream, String> {
    let name = ident(name)?;
    let fields = op.params.iter().map(|p| ident(&p.name)).collect::<Result<Vec<_>, _>>()?;
    Ok(quote!(let #name { #(#fields),* } = params;))
}
