//! The public-API listing (`api.txt`) names every public item of the generated code and nothing
//! else: for every fixture's expected output and the checked-in client, the items read from the
//! generated files with `syn` (types, their public fields, enum variants, public methods with
//! their arguments) are exactly the items the listing's keys name. The listing is what `semver.rs`
//! compares, so an item it missed would change without a verdict.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::{Fields, FnArg, ImplItem, Item, Pat, Visibility};
use xtask::codegen::api_listing;

/// The generated files whose public items the listing holds. A further generated file with public
/// items is listed here.
const FILES: &[&str] = &["types.rs", "client.rs", "operations.rs"];

/// Items every generated crate has, whatever the spec (its `client.rs`), which the listing leaves
/// out since it holds what the spec produces.
const NOT_LISTED: &[&str] = &[
    "const DEFAULT_BASE_URL",
    "type Client",
    "type ClientBuilder",
    "fn Client::new(token)",
    "fn Client::builder(token)",
    "fn Client::builder_with_token_source(source)",
    "fn Client::base_url()",
];

/// The listed items in the form `items_of_code` gives them.
fn items_of_listing(text: &str) -> BTreeSet<String> {
    let listing = api_listing::parse(text).unwrap_or_else(|e| panic!("api.txt does not parse: {e}"));
    let mut items = BTreeSet::new();
    for (key, detail) in &listing.items {
        let (kind, path) = key.split_once(' ').unwrap_or_else(|| panic!("`{key}` is not `KIND PATH`"));
        let item = match kind {
            "type" => {
                // The methods a type's kind promises, which the listing states in its detail.
                if let Some(args) = detail.strip_prefix("struct; new(").and_then(|rest| rest.strip_suffix(')')) {
                    items.insert(format!("fn {path}::new({args})"));
                } else if detail.starts_with(api_listing::OPEN_ENUM) {
                    items.insert(format!("fn {path}::as_str()"));
                    items.insert(format!("variant {path}::Unknown"));
                } else if detail.starts_with("error enum") && has_members(&listing, "error", path) {
                    // An enum without variants has no status to return.
                    items.insert(format!("fn {path}::status()"));
                }
                format!("type {path}")
            }
            "field" => format!("field {path}"),
            "variant" | "error" | "success" => format!("variant {path}"),
            "method" => format!("fn {path}({})", argument_names(detail).join(", ")),
            _ => panic!("unknown kind in `{key}`"),
        };
        items.insert(item);
    }
    items
}

/// Whether the listing has an item `KIND OWNER::...`.
fn has_members(listing: &api_listing::Listing, kind: &str, owner: &str) -> bool {
    let prefix = format!("{kind} {owner}::");
    listing.items.range(prefix.clone()..).next().is_some_and(|(key, _)| key.starts_with(&prefix))
}

/// The argument names of a method's detail, `(a: &str, body: &Map<String, Value>) -> ...`.
fn argument_names(detail: &str) -> Vec<&str> {
    let args = detail.strip_prefix('(').and_then(|rest| rest.split_once(") -> ")).map_or("", |(args, _)| args);
    let is_name = |name: &str| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // A type's own `, ` (`Map<String, Value>`) leaves a piece without `NAME: ` before it.
    args.split(", ").filter_map(|piece| piece.split_once(": ").map(|(name, _)| name)).filter(|n| is_name(n)).collect()
}

/// Every public item of a generated file, as `KIND PATH`, methods with their argument names.
fn items_of_code(file: &syn::File, items: &mut BTreeSet<String>) {
    let public = |vis: &Visibility| matches!(vis, Visibility::Public(_));
    for item in &file.items {
        match item {
            Item::Struct(s) if public(&s.vis) => {
                items.insert(format!("type {}", s.ident));
                if let Fields::Named(fields) = &s.fields {
                    let names = fields.named.iter().filter(|f| public(&f.vis)).filter_map(|f| f.ident.as_ref());
                    items.extend(names.map(|name| format!("field {}.{name}", s.ident)));
                }
            }
            Item::Enum(e) if public(&e.vis) => {
                items.insert(format!("type {}", e.ident));
                items.extend(e.variants.iter().map(|v| format!("variant {}::{}", e.ident, v.ident)));
            }
            Item::Type(t) if public(&t.vis) => {
                items.insert(format!("type {}", t.ident));
            }
            // A trait's impl adds no name of its own; the type's kind in the listing stands for it.
            Item::Impl(imp) if imp.trait_.is_none() => {
                let owner = match &*imp.self_ty {
                    syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                };
                let owner = owner.unwrap_or_else(|| panic!("an impl of an unnamed type"));
                for method in imp.items.iter().filter_map(|i| if let ImplItem::Fn(f) = i { Some(f) } else { None }) {
                    if public(&method.vis) {
                        items.insert(format!("fn {owner}::{}({})", method.sig.ident, arguments(&method.sig)));
                    }
                }
            }
            Item::Const(c) if public(&c.vis) => {
                items.insert(format!("const {}", c.ident));
            }
            Item::Fn(f) if public(&f.vis) => {
                items.insert(format!("fn {}({})", f.sig.ident, arguments(&f.sig)));
            }
            Item::Use(_)
            | Item::Impl(_)
            | Item::Struct(_)
            | Item::Enum(_)
            | Item::Type(_)
            | Item::Const(_)
            | Item::Fn(_) => {}
            other => panic!("a kind of item this test does not know: {}", quote::quote!(#other)),
        }
    }
}

fn arguments(sig: &syn::Signature) -> String {
    let names = sig.inputs.iter().filter_map(|arg| match arg {
        FnArg::Typed(typed) => match &*typed.pat {
            Pat::Ident(name) => Some(name.ident.to_string()),
            _ => None,
        },
        FnArg::Receiver(_) => None,
    });
    names.collect::<Vec<_>>().join(", ")
}

/// Each generated crate: its listing and the folder of its generated files.
fn crates() -> Vec<(PathBuf, PathBuf)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut crates =
        vec![(manifest.join("../generated-client/api.txt"), manifest.join("../generated-client/src/generated"))];
    for entry in std::fs::read_dir(manifest.join("test_data")).unwrap().flatten() {
        let expected = entry.path().join("expected");
        if expected.join(api_listing::FILE).is_file() {
            crates.push((expected.join(api_listing::FILE), expected.join("src/generated")));
        }
    }
    crates.sort();
    crates
}

#[test]
fn the_listing_names_every_public_item_of_the_generated_code_and_nothing_else() {
    let crates = crates();
    assert!(crates.len() >= 10, "expected the fixtures under xtask/test_data, found {}", crates.len());
    let mut failures = Vec::new();
    for (listing, generated) in crates {
        let listed = items_of_listing(&std::fs::read_to_string(&listing).unwrap());
        let mut declared = BTreeSet::new();
        for name in FILES {
            let path = generated.join(name);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut items = BTreeSet::new();
            items_of_code(&file, &mut items);
            // `client.rs` holds what every crate has: exactly those items, none of them listed (a
            // schema may still be named `Client`, in `types.rs`).
            if *name == "client.rs" {
                let fixed: BTreeSet<String> = NOT_LISTED.iter().map(|item| item.to_string()).collect();
                assert_eq!(items, fixed, "{}: the items every generated crate has", path.display());
                continue;
            }
            declared.extend(items);
        }
        let unlisted: Vec<_> = declared.difference(&listed).collect();
        let missing: Vec<_> = listed.difference(&declared).collect();
        if !unlisted.is_empty() || !missing.is_empty() {
            failures.push(format!(
                "{}:\n  in the code, not in the listing: {unlisted:?}\n  in the listing, not in the code: {missing:?}",
                listing.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn argument_names_skip_the_commas_of_types() {
    assert_eq!(argument_names("(a: &str, body: &Map<String, Value>) -> (); errors E"), ["a", "body"]);
    assert_eq!(argument_names("() -> Post; errors E"), Vec::<&str>::new());
}
