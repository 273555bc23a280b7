//! Every name a generated file imports is used in it, for every fixture's expected output and the
//! checked-in client, so that each generated crate compiles without `unused import` warnings
//! (`header-json` is the case that once imported `Style` for nothing). Files that allow unused
//! imports (the mock's glob of the operations) are left out.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::{Item, UseTree};

/// The runtime's traits, which code uses by calling their methods rather than by naming them.
const TRAIT_METHODS: &[(&str, &str)] = &[("ToParam", "to_param")];

/// The names `tree` brings into scope.
fn imported(tree: &UseTree, names: &mut Vec<String>) {
    match tree {
        UseTree::Path(path) => imported(&path.tree, names),
        UseTree::Name(name) => names.push(name.ident.to_string()),
        UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        UseTree::Group(group) => group.items.iter().for_each(|tree| imported(tree, names)),
        UseTree::Glob(_) => {}
    }
}

fn idents(tokens: TokenStream, found: &mut BTreeSet<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => idents(group.stream(), found),
            TokenTree::Ident(ident) => {
                found.insert(ident.to_string());
            }
            _ => {}
        }
    }
}

/// The names a file imports and never mentions.
fn unused_imports(text: &str) -> Vec<String> {
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("does not parse: {e}"));
    if text.contains("#![allow(unused_imports)]") {
        return Vec::new();
    }
    let (mut names, mut mentioned) = (Vec::new(), BTreeSet::new());
    for item in &file.items {
        match item {
            Item::Use(item) => imported(&item.tree, &mut names),
            other => idents(other.to_token_stream(), &mut mentioned),
        }
    }
    let used = |name: &String| {
        let method = TRAIT_METHODS.iter().find(|(t, _)| t == name).map(|(_, method)| *method);
        mentioned.contains(name) || method.is_some_and(|method| mentioned.contains(method))
    };
    names.into_iter().filter(|name| !used(name)).collect()
}

/// The generated files of the checked-in client and of every fixture.
fn generated_files() -> Vec<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![manifest.join("../generated-client/src/generated")];
    let fixtures = std::fs::read_dir(manifest.join("test_data")).unwrap().flatten();
    dirs.extend(fixtures.map(|entry| entry.path().join("expected/src/generated")).filter(|dir| dir.is_dir()));
    let files = dirs.iter().flat_map(|dir| std::fs::read_dir(dir).into_iter().flatten().flatten());
    let mut files: Vec<PathBuf> =
        files.map(|entry| entry.path()).filter(|p| p.extension().is_some_and(|e| e == "rs")).collect();
    files.sort();
    files
}

#[test]
fn generated_files_import_only_what_they_use() {
    let files = generated_files();
    assert!(
        files.iter().any(|f| f.ends_with("header-json/expected/src/generated/operations.rs")),
        "the header-json fixture"
    );
    let mut failures = Vec::new();
    for path in files {
        let unused = unused_imports(&std::fs::read_to_string(&path).unwrap());
        if !unused.is_empty() {
            failures.push(format!("{}: unused import of {unused:?}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn an_import_never_mentioned_is_reported() {
    let text = "use crate::runtime::{Error, Style, ToParam};\nfn f(x: u8) -> Error<E> { x.to_param() }\n";
    assert_eq!(unused_imports(text), ["Style"]);
}
