//! The `use` lines of a generated file, read from the tokens the file writes: a runtime item named
//! unqualified is imported, and `super::types` where the code writes `types::`, and nothing else.
//! Deciding them apart from the code (from the model) let the two disagree: a spec whose only
//! styled parameter was a header of JSON text got an unused `Style`.

use std::collections::BTreeSet;

use proc_macro2::{Spacing, TokenStream, TokenTree};
use quote::quote;

use crate::codegen::emit::tokens::{ident, runtime};

/// The runtime items generated code names unqualified; every other one it writes by its full path.
/// None of them can be a generated name written bare: the spec's types are `types::` qualified,
/// variants are matched as `E::` or `Self::`, and the enums operations.rs defines end in `Error`,
/// `Success` or `Params` after the operation's name.
const RUNTIME_NAMES: &[&str] = &["Error", "OperationInfo", "ParamValue", "Query", "ResponseValue", "Style"];

/// The runtime traits generated code uses by calling their method, by that method's name.
const TRAIT_METHODS: &[(&str, &str)] = &[("to_param", "ToParam")];

/// The `use` lines for `body`, a generated module's items: the runtime's items it names, in
/// alphabetical order, and the generated types' module if it names it.
pub fn uses(body: &TokenStream) -> Result<TokenStream, String> {
    let mut found = Found::default();
    scan(body.clone(), &mut found);
    let runtime_use = if found.runtime.is_empty() {
        TokenStream::new()
    } else {
        let (root, names) = (runtime(), found.runtime.into_iter().map(ident).collect::<Result<Vec<_>, _>>()?);
        quote!(use #root::{#(#names),*};)
    };
    let types_use = found.types.then(|| {
        quote!(
            use super::types;
        )
    });
    Ok(quote!(#runtime_use #types_use))
}

#[derive(Default)]
struct Found {
    runtime: BTreeSet<&'static str>,
    types: bool,
}

fn scan(tokens: TokenStream, found: &mut Found) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    // The punctuation at an offset from the current token, if that token is punctuation.
    let punct = |at: Option<usize>| match at.and_then(|at| trees.get(at)) {
        Some(TokenTree::Punct(p)) => Some((p.as_char(), p.spacing())),
        _ => None,
    };
    for (i, tree) in trees.iter().enumerate() {
        let name = match tree {
            TokenTree::Group(group) => {
                scan(group.stream(), found);
                continue;
            }
            TokenTree::Ident(name) => name.to_string(),
            _ => continue,
        };
        let qualified = punct(i.checked_sub(2)) == Some((':', Spacing::Joint))
            && punct(i.checked_sub(1)).is_some_and(|(c, _)| c == ':');
        if qualified {
            continue;
        }
        if punct(i.checked_sub(1)).is_some_and(|(c, _)| c == '.') {
            found.runtime.extend(TRAIT_METHODS.iter().filter(|(method, _)| *method == name).map(|(_, t)| *t));
        } else if let Some(known) = RUNTIME_NAMES.iter().find(|known| **known == name) {
            found.runtime.insert(known);
        } else if name == "types" && punct(Some(i + 1)) == Some((':', Spacing::Joint)) {
            found.types = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses_of(body: TokenStream) -> String {
        uses(&body).unwrap().to_string()
    }

    #[test]
    fn only_names_written_unqualified_are_imported() {
        let body = quote! {
            fn f(x: &types::Point) -> Result<ResponseValue<()>, Error<E>> {
                let v = ParamValue::structured(x);
                let s = ::client_runtime::Style::Simple;
                let t = D::Error;
                path(&id.to_param())
            }
        };
        let expected = quote!(
            use ::client_runtime::{Error, ParamValue, ResponseValue, ToParam};
            use super::types;
        );
        assert_eq!(uses_of(body), expected.to_string());
    }

    #[test]
    fn nothing_named_imports_nothing() {
        assert_eq!(
            uses_of(quote!(
                pub const A: &str = "Style";
            )),
            ""
        );
        assert_eq!(
            uses_of(quote!(
                fn types() {}
                fn g() {
                    x.Style()
                }
            )),
            ""
        );
    }
}
