//! Emits `src/generated/examples.rs`: one test per JSON example in the spec, proving that the example
//! deserializes into its generated type and serializes back to the same JSON value. The tests grow
//! with the spec, so a new example cannot go unchecked.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::emit_types::rust_type;
use super::model::*;

pub fn generate(api: &Api) -> TokenStream {
    let tests = api.examples.iter().map(|example| {
        let name = format_ident!("{}", example.test_name);
        let ty = rust_type(&example.ty, true);
        let origin = &example.origin;
        let json = raw_string(&example.json);
        let doc = format!(" `{origin}`");
        quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                let origin = #origin;
                let json = #json;
                crate::runtime::round_trip::<#ty>(origin, json);
            }
        }
    });
    let types_use = api.examples.iter().any(|e| e.ty.mentions_named()).then(|| quote! { use super::types; });
    quote! {
        #types_use

        #(#tests)*
    }
}

/// A raw string literal, so that JSON in the generated tests reads as JSON rather than escapes.
fn raw_string(text: &str) -> proc_macro2::TokenStream {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal = format!("r{hashes}\"{text}\"{hashes}");
    // Control characters cannot stand in a raw string; fall back to an escaped literal then.
    match literal.parse::<proc_macro2::Literal>() {
        Ok(literal) if !text.contains(|c: char| c.is_control()) => quote! { #literal },
        _ => {
            let literal = proc_macro2::Literal::string(text);
            quote! { #literal }
        }
    }
}
