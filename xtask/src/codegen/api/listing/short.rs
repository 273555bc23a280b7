//! A type of the generated code as the listing prints it: the emitters' own tokens, with the
//! paths a reader does not need left out, so that the listing shows what the code declares without
//! the noise of where each name lives.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{GenericArgument, Path, PathArguments, Type, TypeParamBound};

/// Crates whose types the listing names by their last segment (`chrono::DateTime` as `DateTime`):
/// their names are familiar and distinct. Others, such as `reqwest::Body`, keep their path.
const SHORT_CRATES: &[&str] = &["std", "chrono", "serde_json", "bytes"];

/// Module prefixes the listing leaves out: the generated types all live in `types`, and a path from
/// the crate's root reads as the crate's own module (`multipart::Form`).
const LOCAL_ROOTS: &[&str] = &["crate", "types"];

/// The runtime crate's name as generated code writes it.
const RUNTIME_CRATE: &str = "client_runtime";

/// `ty`, printed as the listing shows it: `&str`, `Option<Vec<Post>>`, `impl Into<reqwest::Body>`.
pub fn short(ty: &TokenStream) -> Result<String, String> {
    let parsed: Type = syn::parse2(ty.clone()).map_err(|e| format!("internal error: `{ty}` is not a type: {e}"))?;
    Ok(print(&parsed))
}

fn print(ty: &Type) -> String {
    match ty {
        Type::Path(path) if path.qself.is_none() => print_path(&path.path),
        Type::Reference(reference) => {
            let mutability = if reference.mutability.is_some() { "mut " } else { "" };
            format!("&{mutability}{}", print(&reference.elem))
        }
        Type::ImplTrait(bounds) => format!("impl {}", print_bounds(bounds.bounds.iter())),
        Type::Tuple(tuple) => format!("({})", tuple.elems.iter().map(print).collect::<Vec<_>>().join(", ")),
        Type::Slice(slice) => format!("[{}]", print(&slice.elem)),
        // Forms the emitters do not write print as tokens, still readable and still compared.
        other => other.to_token_stream().to_string(),
    }
}

fn print_bounds<'a>(bounds: impl Iterator<Item = &'a TypeParamBound>) -> String {
    let printed = bounds.map(|bound| match bound {
        TypeParamBound::Trait(bound) => print_path(&bound.path),
        other => other.to_token_stream().to_string(),
    });
    printed.collect::<Vec<_>>().join(" + ")
}

fn print_path(path: &Path) -> String {
    let mut segments: Vec<_> = path.segments.iter().collect();
    // The runtime re-exports the HTTP crates the generated code names; the listing names them as
    // the crates they are (`bytes::Bytes` as `Bytes`, `reqwest::Body`).
    if segments.len() > 1 && segments[0].ident == RUNTIME_CRATE {
        segments.remove(0);
    }
    let root = segments.first().map(|s| s.ident.to_string()).unwrap_or_default();
    let kept = if SHORT_CRATES.contains(&root.as_str()) {
        &segments[segments.len() - 1..]
    } else if LOCAL_ROOTS.contains(&root.as_str()) {
        &segments[1..]
    } else {
        &segments[..]
    };
    let printed = kept.iter().map(|segment| {
        let args = match &segment.arguments {
            PathArguments::AngleBracketed(args) => {
                let args = args.args.iter().map(|arg| match arg {
                    GenericArgument::Type(ty) => print(ty),
                    other => other.to_token_stream().to_string(),
                });
                format!("<{}>", args.collect::<Vec<_>>().join(", "))
            }
            PathArguments::None => String::new(),
            other => other.to_token_stream().to_string(),
        };
        format!("{}{args}", segment.ident)
    });
    printed.collect::<Vec<_>>().join("::")
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn printed(ty: TokenStream) -> String {
        short(&ty).unwrap()
    }

    #[test]
    fn paths_a_reader_does_not_need_are_left_out() {
        assert_eq!(printed(quote!(Option<&types::Post>)), "Option<&Post>");
        assert_eq!(printed(quote!(serde_json::Map<String, serde_json::Value>)), "Map<String, Value>");
        assert_eq!(printed(quote!(::std::option::Option<::std::boxed::Box<Node>>)), "Option<Box<Node>>");
        assert_eq!(
            printed(quote!(std::collections::BTreeMap<String, chrono::DateTime<chrono::Utc>>)),
            "BTreeMap<String, DateTime<Utc>>"
        );
        assert_eq!(printed(quote!(::client_runtime::reqwest::multipart::Form)), "reqwest::multipart::Form");
        assert_eq!(printed(quote!(::client_runtime::bytes::Bytes)), "Bytes");
        assert_eq!(printed(quote!(impl Into<reqwest::Body>)), "impl Into<reqwest::Body>");
        assert_eq!(printed(quote!(())), "()");
        assert!(short(&quote!(+)).is_err());
    }
}
