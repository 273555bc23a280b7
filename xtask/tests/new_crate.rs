//! A spec from outside the workspace, generated into an empty folder outside it, is a complete
//! crate: `cargo test` (its example round trips and the doctest of its new `lib.rs`) and
//! `cargo doc` with warnings denied pass there; a second run leaves the owner's files alone.

mod support;

use std::path::Path;
use std::process::Command;

use support::Scratch;

/// Cargo in the new crate, offline, with the target folder the corpus test uses (dependencies
/// compile once for both, and never in the main one, whose lock `cargo test` holds).
fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    let target = xtask::codegen::workspace_root().join("target/corpus");
    Command::new(env!("CARGO"))
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .expect("cargo runs")
}

fn text(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

#[test]
fn a_spec_generates_into_an_empty_folder_a_crate_whose_tests_and_docs_pass() {
    let scratch = Scratch::new("new-crate");
    // The spec is copied out of the workspace first, as a user's own file would be.
    let fixture = xtask::codegen::workspace_root().join("xtask/test_data/unions/spec.yaml");
    let spec = scratch.path().join("petstore.yaml");
    std::fs::copy(&fixture, &spec).unwrap();
    let out = scratch.path().join("Petstore Client");
    let generate = || {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["codegen", "--allow-invalid-examples", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("the xtask binary runs")
    };
    let first = generate();
    assert!(first.status.success(), "{}", text(&first));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"petstore-client\""), "the name comes from the folder:\n{manifest}");
    assert!(text(&first).contains("created: "), "{}", text(&first));
    // The same versions as the workspace, offline.
    std::fs::copy(xtask::codegen::workspace_root().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();

    let test = cargo(&out, &["test", "--all-features"]);
    assert!(test.status.success(), "{}", text(&test));
    let output = text(&test);
    assert!(output.contains("generated::examples::"), "the example round trips ran:\n{output}");
    assert!(output.contains("src/lib.rs - (line"), "the new lib.rs's doctest ran:\n{output}");
    let doc = cargo(&out, &["doc", "--no-deps", "--all-features"]);
    assert!(doc.status.success(), "{}", text(&doc));

    // The owner's files are theirs from now on: a second run changes none of them.
    let lib = out.join("src/lib.rs");
    std::fs::write(&lib, format!("{}\n// edited by its owner\n", std::fs::read_to_string(&lib).unwrap())).unwrap();
    let second = generate();
    assert!(second.status.success(), "{}", text(&second));
    assert!(std::fs::read_to_string(&lib).unwrap().ends_with("// edited by its owner\n"));
    assert!(!text(&second).contains("created: "), "{}", text(&second));
}
