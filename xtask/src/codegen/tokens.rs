//! Building blocks the emitters share, as tokens: identifiers, literals, doc attributes and the
//! Rust type of a model type. Nothing here lays out text; prettyplease does that in the sink.

use std::str::FromStr;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::model::TypeRef;

/// An identifier from a name `lower` chose. Names are valid by construction (see `naming.rs`); a
/// name that is not an identifier is an internal error, not a panic.
pub fn ident(name: &str) -> Result<Ident, String> {
    syn::parse_str::<Ident>(name).map_err(|e| format!("internal error: `{name}` is not an identifier: {e}"))
}

/// Doc attributes, one per line; prettyplease prints each as a `///` line.
pub fn docs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = line.as_ref().trim_end_matches(' ');
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #text])
    });
    quote!(#(#lines)*)
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

/// The Rust type of a model type. `qualified` prefixes generated types with `types::`, for use
/// outside the types module.
pub fn rust_type(ty: &TypeRef, qualified: bool) -> Result<TokenStream, String> {
    Ok(match ty {
        TypeRef::String => quote!(String),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Vec(item) => {
            let item = rust_type(item, qualified)?;
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, qualified)?;
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Named(name) => {
            let name = ident(name)?;
            if qualified {
                quote!(types::#name)
            } else {
                quote!(#name)
            }
        }
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
}
