//! `codegen --check` shows what is stale as a bounded unified diff and writes nothing, and a failed
//! generation leaves the previous output as it was.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use support::{snapshot, workspace_spec, Scratch};
use xtask::codegen::{self, Options};

fn write_spec(dir: &Path, name: &str, spec: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_yaml::to_string(spec).unwrap()).unwrap();
    path
}

fn with_new_property(mut spec: Value) -> Value {
    spec["components"]["schemas"]["InstagramAccountSchema"]["properties"]["followerCount"] = json!({"type": "integer"});
    spec
}

#[test]
fn check_prints_a_unified_diff_and_writes_nothing() {
    let scratch = Scratch::new("check-diff-stale");
    let dir = scratch.path();
    let out = dir.join("out");
    let spec = write_spec(dir, "social-planner.yaml", &workspace_spec());
    codegen::run(&Options::new(&spec, &out)).unwrap_or_else(|e| panic!("{e}"));
    let before = snapshot(&out);
    let changed = write_spec(dir, "social-planner.yaml", &with_new_property(workspace_spec()));

    let (_, outcome) = codegen::run(&Options { check: true, ..Options::new(&changed, &out) }).unwrap();
    // The new property is a field of its type, a property of the mock's shape of it, and a line of
    // the public-API listing.
    let stale = ["src/generated/types.rs", "src/generated/mock.rs", "api.txt"].map(Path::new);
    assert_eq!(outcome.stale, stale);
    let diff = outcome.diff.lines().collect::<Vec<_>>();
    assert_eq!(diff[..2], ["--- a/src/generated/types.rs", "+++ b/src/generated/types.rs"]);
    assert!(diff.iter().any(|l| l.starts_with("@@ ")), "{}", outcome.diff);
    assert!(diff.contains(&"+    pub follower_count: Option<i64>,"), "{}", outcome.diff);
    assert!(
        diff.iter().all(|l| !l.starts_with('-') || l.starts_with("---")),
        "only lines are added:\n{}",
        outcome.diff
    );
    assert_eq!(snapshot(&out), before, "--check wrote to the output");

    // The command line prints the same diff and exits 1.
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check", "--spec"])
        .arg(&changed)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&outcome.diff), "{stderr}");
    // `--check` states what the stale output means for the crate's version.
    assert!(
        stderr.contains("additive  added    field InstagramAccountSchema.follower_count: a new optional field"),
        "{stderr}"
    );
    assert!(stderr.contains("semver verdict: additive;"), "{stderr}");
    assert!(
        stderr.contains("stale: ") && stderr.contains("the generated code is out of date: run `cargo xtask codegen`"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn the_diff_is_bounded() {
    let scratch = Scratch::new("check-diff-bounded");
    let dir = scratch.path();
    let spec = write_spec(dir, "social-planner.yaml", &workspace_spec());
    // Against an empty output every line is new: far more than the bound.
    let (generated, outcome) =
        codegen::run(&Options { check: true, ..Options::new(&spec, dir.join("empty")) }).unwrap();
    let total: usize = generated.files.iter().map(|f| f.contents.lines().count()).sum();
    assert!(total > 400, "the case must exceed the bound ({total} lines)");
    // A new crate's own files are made when missing and never compared, so never stale.
    let compared = generated.files.iter().filter(|f| f.owner == codegen::Owner::Generator).count();
    assert_eq!(outcome.stale.len(), compared);
    let lines: Vec<&str> = outcome.diff.lines().collect();
    assert!(lines.len() <= 201, "{} lines", lines.len());
    assert_eq!(lines.last(), Some(&"... (diff cut here)"));
    assert!(!dir.join("empty").exists(), "--check created the output");
}

#[test]
fn a_failed_generation_leaves_the_output_untouched() {
    let scratch = Scratch::new("check-diff-failed");
    let dir = scratch.path();
    let out = dir.join("out");
    let spec = write_spec(dir, "social-planner.yaml", &workspace_spec());
    codegen::run(&Options::new(&spec, &out)).unwrap_or_else(|e| panic!("{e}"));
    let before = snapshot(&out);
    let mut invalid = with_new_property(workspace_spec());
    invalid["components"]["schemas"]["InstagramAccountSchema"]["properties"]["isConnected"]["example"] = json!("yes");
    let invalid = write_spec(dir, "social-planner.yaml", &invalid);
    let error = codegen::run(&Options::new(&invalid, &out)).err().expect("the invalid example stops generation");
    assert!(
        error.to_string().contains("isConnected/example: expected a boolean (type: boolean), found the string \"yes\""),
        "{error}"
    );
    assert_eq!(snapshot(&out), before, "a failed run changed the output");

    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--spec"])
        .arg(&invalid)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).ends_with("nothing was written\n"));
    assert_eq!(snapshot(&out), before);
}
