//! The parameters struct of an operation with many optional parameters: every parameter as a
//! public field, `new` taking the required ones, so that a call names what it sets.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::emit::sentences;
use crate::codegen::emit::signature;
use crate::codegen::emit::tokens::{docs, ident, Scope};
use crate::codegen::model::*;

/// The struct and, unless every parameter is optional (then it is `Default`), its `new`.
pub fn params_struct(op: &Operation, name: &str) -> Result<TokenStream, String> {
    let (doc, name) = (docs(&sentences::params_struct_doc(op, name)), ident(name)?);
    let signatures = signature::params_fields(op)?;
    let default = signature::is_default(&signatures).then(|| quote!(Default,));
    let fields = op.params.iter().zip(&signatures).map(|(param, signature::Field { name, ty, .. })| {
        let doc = docs(&[sentences::param_doc(param)]);
        quote!(#doc pub #name: #ty,)
    });
    let new = signature::constructor(&name, &sentences::constructor_doc(true), &signatures, Scope::Outside)?;
    Ok(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name { #(#fields)* }
        #new
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
