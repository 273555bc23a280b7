//! A new crate's own files: `Cargo.toml` and `src/lib.rs`, made when `--out` names a folder with no
//! crate in it. They belong to the crate's owner from then on: the write sink creates them when
//! they are missing and never compares or overwrites them (`write::Owner::User`), so only
//! `src/generated/` and `api.txt` follow the spec.

use std::path::{Component, Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;

use crate::codegen::emit::sentences;
use crate::codegen::emit::tokens::{inner_docs, RUNTIME_PACKAGE};
use crate::codegen::model::Api;
use crate::codegen::write::{self, File, Owner};

/// A new crate's version.
pub const VERSION: &str = "0.1.0";

/// The crate's name: `--name`, else the output folder's name, made a valid package name.
pub fn crate_name(out: &Path, name: Option<&str>) -> String {
    let raw = match name {
        Some(name) => name.to_string(),
        None => out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
    };
    let cleaned: String =
        raw.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    let cleaned = cleaned.trim_matches(|c| c == '-' || c == '_').to_ascii_lowercase();
    match cleaned.chars().next() {
        None => "generated-client".to_string(),
        Some(first) if first.is_ascii_digit() => format!("api-{cleaned}"),
        Some(_) => cleaned,
    }
}

/// The manifest and the hand-editable `lib.rs` of a new crate named `name` in `out`, whose runtime
/// dependency is the workspace's `client-runtime` folder, `runtime`.
pub fn files(api: &Api, out: &Path, name: &str, runtime: &Path) -> Result<Vec<File>, String> {
    let lib = syn::parse2::<syn::File>(lib_tokens(api, name))
        .map_err(|e| format!("internal error: the new crate's lib.rs does not parse: {e}"))?;
    Ok(vec![
        File {
            path: PathBuf::from("Cargo.toml"),
            contents: manifest(api, name, &toml_string(&relative(out, runtime))),
            owner: Owner::User,
        },
        File { path: PathBuf::from("src/lib.rs"), contents: laid_out(lib), owner: Owner::User },
    ])
}

fn laid_out(lib: syn::File) -> String {
    let mut contents = String::new();
    write::layout(lib, &mut contents);
    contents.trim_start().to_string()
}

fn manifest(api: &Api, name: &str, runtime: &str) -> String {
    let description = toml_string(&sentences::crate_description(api));
    format!(
        r#"[package]
name = "{name}"
version = "{VERSION}"
edition = "2021"
description = {description}
publish = false

[dependencies]
# What the types need; with `default-features = false` the crate has only these (and the runtime's
# types support, which needs nothing more).
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
{RUNTIME_PACKAGE} = {{ path = {runtime}, default-features = false }}

[features]
default = ["client"]
# The `Client` and one method per operation.
client = ["{RUNTIME_PACKAGE}/client"]
# `mock::MockServer`: a server on 127.0.0.1 with one typed stub per operation, which checks every
# request against the spec. For tests.
mock = ["client", "{RUNTIME_PACKAGE}/mock"]
"#
    )
}

/// The crate root: docs from the spec's `info` and servers, the generated modules, and the
/// runtime's items a user names, re-exported.
fn lib_tokens(api: &Api, name: &str) -> TokenStream {
    let crate_docs = inner_docs(&sentences::crate_docs(api, name));
    quote! {
        #crate_docs
        #![allow(clippy::result_large_err)]

        #[rustfmt::skip]
        mod generated;

        pub use generated::*;

        // Short lists, so that prettyplease and rustfmt lay them out alike.
        #[cfg(feature = "client")]
        pub use client_runtime::{retry_after, RateLimit, RateLimitExt, RetryPolicy};
        #[cfg(feature = "client")]
        pub use client_runtime::{AccessToken, AuthError, RefreshingToken, TokenSource};
        #[cfg(feature = "client")]
        pub use client_runtime::{Error, ErrorResponseValue, RawResponse, ResponseValue};

        /// A mock server for tests (feature `mock`), with one typed stub per operation.
        #[cfg(feature = "mock")]
        pub mod mock {
            pub use crate::generated::mock::MockServer;
            pub use client_runtime::mock::{Answer, Binary, MockError, Received, Stub, Text};
        }
    }
}

/// `text` as a TOML basic string, quoted, with what TOML requires escaped.
fn toml_string(text: &str) -> String {
    let mut quoted = String::from('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// `to` as a path from `from`, with `/` separators, for a manifest; absolute when the two share no
/// root.
fn relative(from: &Path, to: &Path) -> String {
    let absolute = |p: &Path| {
        let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        p.components().fold(PathBuf::new(), |mut acc, c| {
            match c {
                Component::ParentDir => {
                    acc.pop();
                }
                Component::CurDir => {}
                other => acc.push(other),
            }
            acc
        })
    };
    let (from, to) = (absolute(from), absolute(to));
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to.to_string_lossy().replace('\\', "/");
    }
    let ups = from.components().count() - common;
    let mut parts: Vec<String> = vec!["..".to_string(); ups];
    parts.extend(to.components().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_folder_unless_given() {
        assert_eq!(crate_name(Path::new("/x/Petstore Client"), None), "petstore-client");
        assert_eq!(crate_name(Path::new("/x/y"), Some("my_api")), "my_api");
        assert_eq!(crate_name(Path::new("/x/3d"), None), "api-3d");
        assert_eq!(crate_name(Path::new("/"), None), "generated-client");
    }

    #[test]
    fn manifest_strings_escape_what_toml_requires() {
        assert_eq!(toml_string("C:\\a \"b\"\n"), r#""C:\\a \"b\"\u000A""#);
    }

    #[test]
    fn the_runtime_is_found_relative_to_the_crate() {
        assert_eq!(relative(Path::new("/w/a/b"), Path::new("/w/client-runtime")), "../../client-runtime");
        assert_eq!(relative(Path::new("/w/a/../c"), Path::new("/w/client-runtime")), "../client-runtime");
    }
}
