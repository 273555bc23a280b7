//! Shared helpers of the workspace's integration tests, which live in `tests/tests/`.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests lives in the workspace").to_path_buf()
}

/// The spec as JSON, with `$ref`s left as they are.
pub fn spec() -> serde_json::Value {
    let text = std::fs::read_to_string(workspace().join("spec/social-planner.yaml")).expect("the spec is readable");
    serde_yaml::from_str(&text).expect("the spec is valid YAML")
}

/// Follows a local `$ref` (`#/components/...`) if `value` is one.
pub fn deref<'a>(spec: &'a serde_json::Value, value: &'a serde_json::Value) -> &'a serde_json::Value {
    match value.get("$ref").and_then(|r| r.as_str()) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("only local refs in the spec");
            spec.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {reference}"))
        }
        None => value,
    }
}

/// The operation object of `method` on the one path of the spec.
pub fn operation<'a>(spec: &'a serde_json::Value, method: &str) -> &'a serde_json::Value {
    &spec["paths"]["/social-media-posting/oauth/{locationId}/instagram/accounts/{accountId}"][method]
}

/// The documented JSON example of a response status of an operation.
pub fn response_example(spec: &serde_json::Value, method: &str, status: &str) -> serde_json::Value {
    let response = deref(spec, &operation(spec, method)["responses"][status]);
    response["content"]["application/json"]["example"].clone()
}

/// The documented JSON example of an operation's request body.
pub fn request_example(spec: &serde_json::Value, method: &str) -> serde_json::Value {
    operation(spec, method)["requestBody"]["content"]["application/json"]["example"].clone()
}
