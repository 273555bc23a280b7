//! Two checkouts that share one target folder each generate from their own spec: the command
//! finds its workspace when it runs, not where it was compiled. Cargo does not rebuild a path
//! package that only moved, so a root fixed at compile time would make the second checkout's
//! `cargo xtask codegen` read the first checkout's spec and report success.

mod support;

use std::path::Path;
use std::process::Command;

use support::Scratch;

/// Copies what `cargo xtask codegen` needs into `dir`: a workspace of the xtask and the runtime
/// crate it shares the value rules with, the spec and the folder it generates into.
fn checkout(workspace: &Path, dir: &Path) {
    for file in ["Cargo.lock", ".cargo/config.toml", "spec/social-planner.yaml"] {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        std::fs::copy(workspace.join(file), dir.join(file)).unwrap();
    }
    copy_tree(&workspace.join("xtask"), &dir.join("xtask"));
    copy_tree(&workspace.join("client-runtime"), &dir.join("client-runtime"));
    let manifest = "[workspace]\nresolver = \"2\"\nmembers = [\"xtask\", \"client-runtime\"]\n\n[workspace.package]\nedition = \"2021\"\n\
                    rust-version = \"1.88\"\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n";
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::create_dir_all(dir.join("generated-client/src/generated")).unwrap();
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        if source.is_dir() {
            copy_tree(&source, &target);
        } else {
            std::fs::copy(&source, &target).unwrap();
        }
    }
}

fn codegen(dir: &Path, target: &Path) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["--offline", "xtask", "codegen"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{}: {stderr}", dir.display());
    stderr
}

#[test]
fn each_checkout_generates_from_its_own_spec_with_a_shared_target_folder() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let scratch = Scratch::new("checkouts");
    let (a, b) = (scratch.path().join("a"), scratch.path().join("b"));
    checkout(workspace, &a);
    checkout(workspace, &b);
    let spec = b.join("spec/social-planner.yaml");
    let edited = std::fs::read_to_string(&spec).unwrap().replacen(
        "summary: Get Instagram",
        "summary: Edited in B. Get Instagram",
        1,
    );
    std::fs::write(&spec, edited).unwrap();
    // Kept between runs inside the workspace's own target folder, so that only the first run builds.
    let target = workspace.join("target/two-checkouts");
    codegen(&a, &target);
    let generated_a = std::fs::read_to_string(a.join("generated-client/src/generated/operations.rs")).unwrap();
    let generated_a_types = std::fs::read_to_string(a.join("generated-client/src/generated/types.rs")).unwrap();
    codegen(&b, &target);
    let read_b = |name: &str| {
        let path = b.join("generated-client/src/generated").join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("B's run did not write {}: {e}", path.display()))
    };
    let generated_b = read_b("operations.rs") + &read_b("types.rs");
    assert!(generated_b.contains("Edited in B."), "B's output does not come from B's spec");
    assert!(!generated_a.contains("Edited in B.") && !generated_a_types.contains("Edited in B."));
    let after = std::fs::read_to_string(a.join("generated-client/src/generated/operations.rs")).unwrap();
    assert_eq!(after, generated_a, "B's run wrote into A");
}
