//! Building blocks the emitters share, as tokens: identifiers, literals, doc attributes and the
//! Rust type of a model type. Nothing here lays out text; prettyplease does that in the sink.

use std::str::FromStr;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::codegen::model::{ResponseCase, ResponseKind, TypeRef};
use crate::codegen::naming::PRELUDE_PATHS;

/// An identifier from a name `lower` chose. Names are valid by construction (see `naming.rs`); a
/// name that is not an identifier is an internal error, not a panic.
pub fn ident(name: &str) -> Result<Ident, String> {
    syn::parse_str::<Ident>(name).map_err(|e| format!("internal error: `{name}` is not an identifier: {e}"))
}

/// Doc attributes, one per line; prettyplease prints each as a `///` line.
pub fn docs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let text = doc_text(line.as_ref());
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
}

/// Inner doc attributes, one per line, for a module's own docs (`//!` lines).
pub fn inner_docs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let text = doc_text(line.as_ref());
        quote!(#![doc = #text])
    });
    quote!(#(#lines)*)
}

fn doc_text(line: &str) -> String {
    let line = line.trim_end_matches(' ');
    if line.is_empty() {
        String::new()
    } else {
        format!(" {line}")
    }
}

/// A raw string literal where possible, so that JSON in the generated tests reads as JSON rather
/// than escapes; control characters cannot stand in a raw string, so those get an escaped literal.
pub fn raw_string(text: &str) -> Literal {
    if text.contains(|c: char| c.is_control()) {
        return Literal::string(text);
    }
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    // A raw string of this form is always a valid literal, so parsing it cannot fail.
    Literal::from_str(&format!("r{hashes}\"{text}\"{hashes}")).unwrap_or_else(|_| Literal::string(text))
}

/// Where a type is named from: `types.rs` itself, or another generated file, which prefixes
/// generated types with `types::`. Only `types.rs` has the spec's types in scope unqualified, so
/// only there can a schema named `String` or `Option` shadow the standard library's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `types.rs`; `true` when a type there shadows a name of `naming::PRELUDE_PATHS`, so that
    /// every standard-library name is written as its full path (see `Api::std_paths`).
    Types(bool),
    /// Any other generated file.
    Outside,
}

/// The runtime's package name, as a generated crate's manifest depends on it.
pub const RUNTIME_PACKAGE: &str = "client-runtime";

/// The runtime crate as generated code names it: by its absolute path (`::client_runtime`), so
/// that no name from the spec can shadow it.
pub fn runtime() -> TokenStream {
    let name = Ident::new(&RUNTIME_PACKAGE.replace('-', "_"), proc_macro2::Span::call_site());
    quote!(::#name)
}

/// A standard-library item by its prelude name: the name itself, or its full path where a
/// generated type may shadow it. An unknown name is an internal error.
pub fn std_item(name: &str, scope: Scope) -> Result<TokenStream, String> {
    let (short, path) = PRELUDE_PATHS
        .iter()
        .find(|(short, _)| *short == name)
        .ok_or_else(|| format!("internal error: `{name}` is not in PRELUDE_PATHS"))?;
    let text = if scope == Scope::Types(true) { path } else { short };
    TokenStream::from_str(text).map_err(|e| format!("internal error: `{text}`: {e}"))
}

/// The Rust type of a model type, as written in `scope`.
pub fn rust_type(ty: &TypeRef, scope: Scope) -> Result<TokenStream, String> {
    let string = std_item("String", scope)?;
    Ok(match ty {
        TypeRef::String => string,
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<#string, serde_json::Value>),
        TypeRef::Vec(item) => {
            let (vec, item) = (std_item("Vec", scope)?, rust_type(item, scope)?);
            quote!(#vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, scope)?;
            quote!(std::collections::BTreeMap<#string, #value>)
        }
        TypeRef::Named(name) => {
            let name = ident(name)?;
            match scope {
                Scope::Outside => quote!(types::#name),
                Scope::Types(_) => quote!(#name),
            }
        }
    })
}

/// The Rust type a response body reaches the caller as, outside `types.rs`: JSON as its type,
/// text as a `String`, bytes as `bytes::Bytes`; `None` for no body and for an error body kept raw.
pub fn response_type(case: &ResponseCase) -> Result<Option<TokenStream>, String> {
    Ok(match case.value() {
        Some(ResponseKind::Json(ty)) => Some(rust_type(ty, Scope::Outside)?),
        Some(ResponseKind::Text) => Some(std_item("String", Scope::Outside)?),
        Some(ResponseKind::Binary) => {
            let rt = runtime();
            Some(quote!(#rt::bytes::Bytes))
        }
        Some(ResponseKind::Raw) | None => None,
    })
}

/// A status code as a match pattern literal, without a type suffix.
pub fn status_literal(code: u16) -> Literal {
    Literal::u16_unsuffixed(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_strings_need_as_many_hashes_as_the_text_demands() {
        assert_eq!(raw_string(r#"{"a":"b"}"#).to_string(), r###"r#"{"a":"b"}"#"###);
        assert_eq!(raw_string(r##"x"#y"##).to_string(), r###"r##"x"#y"##"###);
        assert_eq!(raw_string("a\u{1}b").to_string(), "\"a\\u{1}b\"");
    }

    #[test]
    fn a_name_that_is_no_identifier_is_an_error() {
        assert!(ident("type").is_err());
        assert!(ident("1x").is_err());
        assert_eq!(ident("type_").unwrap().to_string(), "type_");
    }

    #[test]
    fn std_names_are_full_paths_only_where_a_type_shadows_them() {
        let ty = TypeRef::Vec(Box::new(TypeRef::Map(Box::new(TypeRef::String))));
        let short = "Vec < std :: collections :: BTreeMap < String , String > >";
        assert_eq!(rust_type(&ty, Scope::Types(false)).unwrap().to_string(), short);
        assert_eq!(rust_type(&ty, Scope::Outside).unwrap().to_string(), short);
        let full = rust_type(&ty, Scope::Types(true)).unwrap().to_string();
        assert!(full.starts_with(":: std :: vec :: Vec <"), "{full}");
        assert!(full.contains(":: std :: string :: String"), "{full}");
        assert!(std_item("Cow", Scope::Outside).is_err());
    }
}
