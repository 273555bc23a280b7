//! The rustdoc of the items every generated crate has whatever its spec: the `Client` with its
//! constructors, the `ClientBuilder` alias, the base URL, and the `MockServer` with its stubs.

use crate::codegen::emit::prose::{inline_code, prose};
use crate::codegen::model::{Api, ApiInfo, Operation};

/// The default base URL's docs.
pub fn base_url_doc(base_url: &str) -> String {
    if base_url.is_empty() {
        "The spec names no server: pass a base URL to `Client::builder(..).base_url(..)`.".to_string()
    } else {
        format!("The spec's first server, {}.", inline_code(base_url))
    }
}

/// The `Client`'s docs: the spec's title, and what the type is.
pub fn client_doc(info: &ApiInfo) -> Vec<String> {
    let mut lines = prose(&format!("A client for {}.", info.title.trim().trim_end_matches('.')));
    lines.push(String::new());
    lines.push(
        "One method per operation of the spec. Cheap to clone: clones share one connection pool. \
         It wraps the runtime's [`client_runtime::Client`], which holds the connections, the \
         credentials and the policies."
            .to_string(),
    );
    lines
}

/// The `ClientBuilder` alias's docs.
pub fn builder_alias_doc() -> String {
    "Settings for a [`Client`]: server, timeouts, limits, retries and credentials.".to_string()
}

/// `Client::new`'s docs.
pub fn new_doc() -> Vec<String> {
    [
        "A client for the default server ([`DEFAULT_BASE_URL`]) with default settings.",
        "",
        "`token` is sent as `Authorization: Bearer <token>` and never shown by `Debug`.",
        "",
        "# Panics",
        "",
        "When the TLS backend cannot be initialised, like `reqwest::Client::new`; use",
        "[`Client::builder`] to handle that as an error.",
    ]
    .map(str::to_string)
    .to_vec()
}

/// `Client::builder`'s docs.
pub fn builder_doc() -> String {
    "A builder for a client with other settings (base URL, timeouts, your own `reqwest::Client`).".to_string()
}

/// `Client::builder_with_token_source`'s docs.
pub fn token_source_doc() -> String {
    "A builder for a client that asks `source` for the token of each request, and renews it once when \
     the server answers 401 (see [`client_runtime::TokenSource`])."
        .to_string()
}

/// `Client::base_url`'s docs.
pub fn base_url_method_doc() -> String {
    "The base URL requests go to, without a trailing `/`.".to_string()
}

/// The `MockServer`'s docs.
pub fn mock_server_doc() -> Vec<String> {
    [
        "A mock of the API on 127.0.0.1 that checks every request against the spec, with one typed",
        "stub per operation. A request that breaks the spec is answered with a 400 naming each",
        "violation, and the server fails the test when it is dropped. The runtime's methods (`uri`,",
        "`token`, `violations`, `take_violations`, `verify`) are reached through `Deref`.",
    ]
    .map(str::to_string)
    .to_vec()
}

/// `MockServer::start`'s docs.
pub fn mock_start_doc() -> String {
    "Starts a server on 127.0.0.1 that answers every request breaking the spec with a 400.".to_string()
}

/// `MockServer::client`'s docs.
pub fn mock_client_doc() -> String {
    "A [`Client`](super::client::Client) pointed at this server, with the token the server expects.".to_string()
}

/// A stub method's docs.
pub fn stub_doc(op: &Operation) -> Vec<String> {
    vec![
        format!(
            "A stub of {}, answering what [`Client::{1}`](super::client::Client::{1}) receives.",
            inline_code(&format!("{} {}", op.method, op.path)),
            op.name
        ),
        String::new(),
        "Mount it with `ok`, `example`, `error` or `status`; requests that break the spec never reach it.".to_string(),
    ]
}

/// A new crate's one-line description, for its manifest.
pub fn crate_description(api: &Api) -> String {
    format!("A client for {}, generated from {} by `cargo xtask codegen`.", api.info.title.trim(), api.spec_display)
}

/// A new crate's docs, which its owner may then edit: the spec's title, version and description,
/// its server, and how to start.
pub fn crate_docs(api: &Api, name: &str) -> Vec<String> {
    let info = &api.info;
    let mut lines = prose(&format!("A client for {} (version {}).", info.title.trim(), info.version.trim()));
    if let Some(description) = &info.description {
        lines.push(String::new());
        lines.extend(prose(description));
    }
    lines.push(String::new());
    lines.push(format!(
        "The types and methods are generated from {} by `cargo xtask codegen`, which writes only \
         `src/generated/` and `api.txt`: this file is yours to edit.",
        inline_code(&api.spec_display)
    ));
    lines.push(String::new());
    match &api.default_base_url {
        Some(url) => lines.push(format!("Requests go to {} unless the builder says otherwise.", inline_code(url))),
        None => lines.push("The spec names no server: give one with `Client::builder(..).base_url(..)`.".to_string()),
    }
    lines.extend(["", "```no_run"].map(str::to_string));
    lines.push(format!("let client = {}::Client::new(\"token\");", name.replace('-', "_")));
    lines.push("println!(\"{}\", client.base_url());".to_string());
    lines.push("```".to_string());
    lines
}
