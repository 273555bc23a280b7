//! The client's default dependencies stay lean: rustls for TLS, never OpenSSL or native-tls, and
//! nothing of the dev-only tooling (mock servers, YAML) leaks into what users compile; the
//! types-only build (`default-features = false`) has no HTTP stack at all.

use std::process::Command;

/// The names of the crates `generated-client` pulls into a user's build, from `cargo tree`.
fn normal_dependencies() -> Vec<String> {
    dependencies_with(&[])
}

/// The same with extra `cargo tree` arguments, such as a feature selection.
fn dependencies_with(extra: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["tree", "--offline", "--locked", "-p", "generated-client", "-e", "normal", "--prefix", "none"])
        .args(["--format", "{p}"])
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo tree failed: {}", String::from_utf8_lossy(&output.stderr));
    let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn tls_is_rustls_without_openssl_and_dev_tools_stay_out() {
    let names = normal_dependencies();
    assert!(names.iter().any(|n| n == "rustls"), "rustls is the TLS backend: {names:?}");
    for unwanted in ["openssl", "openssl-sys", "native-tls", "hyper-tls", "wiremock", "serde_yaml", "tokio-macros"] {
        assert!(!names.iter().any(|n| n == unwanted), "{unwanted} is in the default build: {names:?}");
    }
}

#[test]
fn the_types_only_build_has_no_http_stack() {
    let names = dependencies_with(&["--no-default-features"]);
    for wanted in ["serde", "serde_json", "chrono"] {
        assert!(names.iter().any(|n| n == wanted), "{wanted} is missing from the types-only build: {names:?}");
    }
    for unwanted in ["reqwest", "rustls", "tokio", "hyper", "progenitor-client", "tracing", "wiremock"] {
        assert!(!names.iter().any(|n| n == unwanted), "{unwanted} is in the types-only build: {names:?}");
    }
}
