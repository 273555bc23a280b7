//! Emits `src/generated/examples.rs`: one test per JSON example in the spec, proving that the example
//! deserializes into its generated type and serializes back to the same JSON value. The tests grow
//! with the spec, so a new example cannot go unchecked.

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::emit::tokens::{docs, ident, raw_string, runtime, rust_type, Scope};
use crate::codegen::emit::{imports, sentences};
use crate::codegen::model::*;

pub fn generate(api: &Api) -> Result<TokenStream, String> {
    let rt = runtime();
    let mut items = Vec::with_capacity(api.examples.len());
    for example in &api.examples {
        let (doc, name) = (docs(&[sentences::example_test_doc(&example.origin)]), ident(&example.test_name)?);
        let (origin, json, ty) = (&example.origin, raw_string(&example.json), rust_type(&example.ty, Scope::Outside)?);
        items.push(quote! {
            #doc
            #[test]
            fn #name() {
                let origin = #origin;
                let json = #json;
                #rt::round_trip::<#ty>(origin, json);
            }
        });
    }
    let body = quote!(#(#items)*);
    let uses = imports::uses(&body)?;
    Ok(quote!(#uses #body))
}
