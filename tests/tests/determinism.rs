//! The generator is deterministic: the same spec gives the same bytes, whatever the order of its
//! keys, and the checked-in client is exactly what the generator produces.

use std::path::Path;

use tests::workspace;

fn generate(spec: &Path) -> Vec<(String, String)> {
    let generated =
        xtask::codegen::generate(&xtask::codegen::Options::new(spec, "unused")).unwrap_or_else(|e| panic!("{e}"));
    generated.files.into_iter().map(|f| (f.path.display().to_string(), f.contents)).collect()
}

/// Reverses the key order of every object, recursively, except inside examples: an example is data,
/// and the order of its keys is how the documentation shows it.
fn reverse_keys(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.reverse();
            serde_json::Value::Object(
                entries.into_iter().map(|(k, v)| if k == "example" { (k, v) } else { (k, reverse_keys(v)) }).collect(),
            )
        }
        serde_json::Value::Array(items) => serde_json::Value::Array(items.into_iter().map(reverse_keys).collect()),
        other => other,
    }
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("determinism-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn two_runs_give_identical_output() {
    let spec = workspace().join("spec/social-planner.yaml");
    let first = generate(&spec);
    let second = generate(&spec);
    let names: Vec<&str> = first.iter().map(|(path, _)| path.as_str()).collect();
    let sources = ["mod.rs", "types.rs", "client.rs", "operations.rs", "examples.rs", "mock.rs"]
        .map(|f| format!("src/generated/{f}"));
    assert_eq!(names[..6], sources, "the generated sources");
    assert_eq!(names[6..], ["api.txt", "Cargo.toml", "src/lib.rs"], "the listing, and a new crate's own files");
    assert_eq!(first, second);
}

#[test]
fn reordering_the_keys_of_the_spec_changes_nothing() {
    let text = std::fs::read_to_string(workspace().join("spec/social-planner.yaml")).unwrap();
    let value: serde_json::Value = serde_yaml::from_str(&text).unwrap();
    let reversed = reverse_keys(value.clone());
    assert_ne!(
        serde_json::to_string(&value).unwrap(),
        serde_json::to_string(&reversed).unwrap(),
        "the reordering must change the document's text"
    );
    // Both copies have the same file name, which the generated preamble shows.
    let original_dir = temp_dir("original");
    let reversed_dir = temp_dir("reversed");
    let original_spec = original_dir.join("social-planner.yaml");
    let reversed_spec = reversed_dir.join("social-planner.yaml");
    std::fs::write(&original_spec, serde_yaml::to_string(&value).unwrap()).unwrap();
    std::fs::write(&reversed_spec, serde_yaml::to_string(&reversed).unwrap()).unwrap();
    let original = generate(&original_spec);
    let reordered = generate(&reversed_spec);
    std::fs::remove_dir_all(&original_dir).ok();
    std::fs::remove_dir_all(&reversed_dir).ok();
    for ((name, a), (_, b)) in original.iter().zip(&reordered) {
        assert_eq!(a, b, "{name} depends on the key order of the spec");
    }
}

#[test]
fn the_checked_in_client_is_what_the_generator_produces() {
    let options = xtask::codegen::Options { check: true, ..xtask::codegen::Options::workspace() };
    let (_, outcome) = xtask::codegen::run(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        outcome.is_fresh(),
        "generated-client is stale; run `cargo xtask codegen`:\n{}\nobsolete: {:?}",
        outcome.diff,
        outcome.obsolete
    );
}
