//! The semver verdict of a regeneration, against spec edits: each edit of
//! `xtask/test_data/semver/base.yaml` gets its expected verdict and items, and the verdict is checked
//! against reality by compiling a user program written for the base client (`user.rs`) against the
//! edited one: "additive" must mean it still compiles, "breaking" that it no longer does.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use support::Scratch;
use xtask::codegen::semver::{Advice, Level, Verdict};
use xtask::codegen::{self, Options};

/// One spec edit: what it does to the base spec, and what the verdict must say.
struct Edit {
    name: &'static str,
    apply: fn(&mut Value),
    level: Level,
    /// Each changed item as `CLASS CHANGE KEY`, in the verdict's order.
    items: &'static [&'static str],
    /// For a breaking edit, a piece of the compiler's complaint about the user program, proving
    /// that it fails because of this edit.
    compiler_says: &'static str,
}

fn post(spec: &mut Value) -> &mut Value {
    &mut spec["components"]["schemas"]["Post"]
}

fn get_post(spec: &mut Value) -> &mut Value {
    &mut spec["paths"]["/posts/{postId}"]["get"]
}

const EDITS: &[Edit] = &[
    Edit {
        name: "add-optional-property",
        apply: |s| post(s)["properties"]["summary"] = json!({"type": "string"}),
        level: Level::Additive,
        items: &["additive added field Post.summary"],
        compiler_says: "",
    },
    Edit {
        name: "make-property-required",
        apply: |s| post(s)["required"] = json!(["title", "body"]),
        level: Level::Breaking,
        items: &["breaking changed field Post.body", "breaking changed type Post"],
        compiler_says: "this function takes 2 arguments but 1 argument was supplied",
    },
    Edit {
        name: "remove-property",
        apply: |s| drop(post(s)["properties"].as_object_mut().unwrap().remove("body")),
        level: Level::Breaking,
        items: &["breaking removed field Post.body"],
        compiler_says: "has no field named `body`",
    },
    Edit {
        name: "change-property-type",
        apply: |s| post(s)["properties"]["body"] = json!({"type": "integer"}),
        level: Level::Breaking,
        items: &["breaking changed field Post.body"],
        compiler_says: "mismatched types",
    },
    Edit {
        name: "add-enum-value",
        apply: |s| s["components"]["schemas"]["PostStatus"]["enum"] = json!(["draft", "published", "archived"]),
        level: Level::Additive,
        items: &["additive added variant PostStatus::Archived"],
        compiler_says: "",
    },
    Edit {
        name: "remove-enum-value",
        apply: |s| s["components"]["schemas"]["PostStatus"]["enum"] = json!(["draft"]),
        level: Level::Breaking,
        items: &["breaking removed variant PostStatus::Published"],
        compiler_says: "no variant or associated item named `Published`",
    },
    Edit {
        name: "add-operation",
        apply: |s| {
            let parameters = get_post(s)["parameters"].clone();
            s["paths"]["/posts/{postId}"]["delete"] = json!({
                "operationId": "deletePost",
                "parameters": parameters,
                "responses": {"204": {"description": "Deleted."}},
            });
        },
        level: Level::Additive,
        items: &["additive added method Client::delete_post", "additive added type DeletePostError"],
        compiler_says: "",
    },
    Edit {
        name: "remove-status",
        apply: |s| drop(get_post(s)["responses"].as_object_mut().unwrap().remove("404")),
        level: Level::Breaking,
        items: &["breaking removed error GetPostError::NotFound"],
        compiler_says: "no variant or associated item named `NotFound`",
    },
    Edit {
        name: "add-status",
        apply: |s| {
            let problem = json!({"schema": {"$ref": "#/components/schemas/Problem"}});
            get_post(s)["responses"]["409"] =
                json!({"description": "Conflict.", "content": {"application/json": problem}});
        },
        level: Level::Breaking,
        items: &["breaking added error GetPostError::Conflict"],
        compiler_says: "`GetPostError::Conflict(_)` not covered",
    },
    Edit {
        name: "rename-operation",
        apply: |s| get_post(s)["operationId"] = json!("fetchPost"),
        level: Level::Breaking,
        items: &[
            "breaking removed method Client::get_post",
            "breaking removed type GetPostError",
            "additive added method Client::fetch_post",
            "additive added type FetchPostError",
        ],
        compiler_says: "no method named `get_post` found",
    },
];

fn test_data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/semver")
}

/// Generates the base spec into `out`, then the edited one, as a maintainer would, and returns
/// the second run's verdict. The edited spec is written beside `out`.
fn regenerate(out: &Path, edit: &Edit) -> Verdict {
    let base = test_data().join("base.yaml");
    codegen::run(&Options::new(&base, out)).unwrap_or_else(|e| panic!("base: {e}"));
    let edited = write_edited(out, edit);
    let (generated, _) = codegen::run(&Options::new(&edited, out)).unwrap_or_else(|e| panic!("{}: {e}", edit.name));
    generated.verdict.expect("run compares with the listing on disk")
}

fn item_lines(verdict: &Verdict) -> Vec<String> {
    let class_and_change = |i: &codegen::semver::Item| format!("{:?} {:?}", i.class, i.change).to_lowercase();
    verdict.items.iter().map(|i| format!("{} {}", class_and_change(i), i.key)).collect()
}

/// A crate folder with a manifest of version `version`, as the verdict reads it.
fn crate_at(dir: &Path, version: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("Cargo.toml"), format!("[package]\nname = \"client\"\nversion = \"{version}\"\n")).unwrap();
    dir.to_path_buf()
}

#[test]
fn every_edit_gets_its_expected_verdict_and_items() {
    let scratch = Scratch::new("semver-verdicts");
    let mut failures = Vec::new();
    for edit in EDITS {
        let verdict = regenerate(&crate_at(&scratch.path().join(edit.name), "0.1.0"), edit);
        let expected_version = if edit.level == Level::Breaking { "0.2.0" } else { "0.1.1" };
        let advice = Advice::Bump { from: "0.1.0".into(), to: expected_version.into() };
        if verdict.level != edit.level || item_lines(&verdict) != edit.items || verdict.advice != advice {
            failures.push(format!("{}: expected {:?} {:?}, got:\n{verdict}", edit.name, edit.level, edit.items));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_version_bumped_before_regenerating_is_already_bumped_when_enough() {
    let scratch = Scratch::new("semver-bumped");
    let edit = EDITS.iter().find(|e| e.name == "remove-property").unwrap();
    let out = crate_at(&scratch.path().join("bumped"), "0.1.0");
    codegen::run(&Options::new(test_data().join("base.yaml"), &out)).unwrap();
    // The listing on disk records 0.1.0; a patch bump is not enough for a breaking change.
    crate_at(&out, "0.1.1");
    let verdict = check_edit(&out, edit);
    assert_eq!(verdict.advice, Advice::Bump { from: "0.1.1".into(), to: "0.2.0".into() }, "{verdict}");
    crate_at(&out, "0.2.0");
    let verdict = check_edit(&out, edit);
    assert_eq!(verdict.advice, Advice::AlreadyBumped { listed: "0.1.0".into(), current: "0.2.0".into() });
    assert!(verdict.to_string().contains("already bumped (0.1.0 → 0.2.0)"), "{verdict}");
}

/// The verdict of `--check` for an edit of the base spec, against what `out` holds.
fn check_edit(out: &Path, edit: &Edit) -> Verdict {
    let edited = write_edited(out, edit);
    codegen::run(&Options { check: true, ..Options::new(&edited, out) }).unwrap().0.verdict.unwrap()
}

/// The base spec with the edit applied, written beside `out`.
fn write_edited(out: &Path, edit: &Edit) -> std::path::PathBuf {
    let base = std::fs::read_to_string(test_data().join("base.yaml")).unwrap();
    let mut spec: Value = serde_yaml::from_str(&base).unwrap();
    (edit.apply)(&mut spec);
    let edited = out.with_extension("yaml");
    std::fs::write(&edited, serde_yaml::to_string(&spec).unwrap()).unwrap();
    edited
}

#[test]
fn a_malformed_listing_on_disk_is_reported_and_replaced() {
    let scratch = Scratch::new("semver-malformed");
    let out = crate_at(&scratch.path().join("c"), "0.1.0");
    std::fs::write(out.join("api.txt"), "not a listing\n").unwrap();
    let (generated, outcome) = codegen::run(&Options::new(test_data().join("base.yaml"), &out)).unwrap();
    let verdict = generated.verdict.unwrap();
    assert_eq!(verdict.level, Level::None);
    let summary = verdict.to_string();
    assert!(summary.contains("the previous api.txt is malformed (line 1: expected the header"), "{summary}");
    assert!(outcome.stale.contains(&Path::new("api.txt").to_path_buf()));
    assert!(std::fs::read_to_string(out.join("api.txt")).unwrap().starts_with("# public API of client 0.1.0"));
}

/// The manifest of a user program's crate, depending on the client in `client_dir` as `client`.
fn user_manifest(name: &str, client_dir: &str) -> String {
    format!(
        "[package]\nname = \"corpus-{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nclient = {{ package = \"{client_dir}\", path = \"../{client_dir}\" }}\n"
    )
}

/// Writes a file unless it already holds `contents`, so that cargo's fingerprints stay valid
/// between runs.
fn write_if_changed(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return;
    }
    std::fs::write(path, contents).unwrap();
}

/// Every client crate (the base and one per edit) and one user program per client, all in one
/// temporary workspace checked by one cargo invocation, so that dependencies compile once. Its
/// target folder is its own: `cargo test` holds the main one's lock.
#[test]
fn the_verdict_matches_whether_a_user_program_for_the_old_client_compiles_against_the_new() {
    let root = codegen::workspace_root();
    let (ws, target) = (root.join("target/semver/ws"), root.join("target/semver/target"));
    let template = xtask::corpus::Template::read().unwrap();
    let user = std::fs::read_to_string(test_data().join("user.rs")).unwrap();
    let mut members = Vec::new();
    let mut verdicts = Vec::new();
    for name in std::iter::once("base").chain(EDITS.iter().map(|e| e.name)) {
        let client = format!("client-{name}");
        let options = Options::new(test_data().join("base.yaml"), ws.join(&client));
        match EDITS.iter().find(|e| e.name == name) {
            Some(edit) => verdicts.push((edit, regenerate(&ws.join(&client), edit))),
            None => drop(codegen::run(&options).unwrap()),
        }
        let program = format!("user-{name}");
        write_if_changed(&ws.join(&program).join("Cargo.toml"), &user_manifest(&program, &client));
        write_if_changed(&ws.join(&program).join("src/lib.rs"), &user);
        members.extend([client, program]);
    }
    write_if_changed(&ws.join("Cargo.toml"), &template.workspace_manifest(&members));
    write_if_changed(&ws.join("Cargo.lock"), &template.lock);
    let output = Command::new(env!("CARGO"))
        .args(["--offline", "check", "--workspace", "--keep-going", "--message-format", "short"])
        .current_dir(&ws)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr).into_owned();
    let errors_in = |member: &str| -> Vec<&str> {
        text.lines().filter(|l| l.starts_with(&format!("{member}/src/")) && l.contains("error")).collect()
    };
    for client in members.iter().filter(|m| m.starts_with("client-")) {
        assert!(!text.contains(&format!("could not compile `corpus-{client}`")), "{client} does not compile:\n{text}");
    }
    assert!(errors_in("user-base").is_empty(), "the user program does not compile against the base:\n{text}");
    let mut failures = Vec::new();
    for (edit, verdict) in verdicts {
        let errors = errors_in(&format!("user-{}", edit.name));
        let witnessed = match verdict.level {
            Level::Breaking => !errors.is_empty() && errors.iter().any(|e| e.contains(edit.compiler_says)),
            _ => errors.is_empty(),
        };
        if !witnessed || verdict.level != edit.level {
            failures.push(format!(
                "{}: the verdict is {}, and the user program's errors are {errors:#?}",
                edit.name, verdict.level
            ));
        }
    }
    assert!(failures.is_empty(), "{}\n\ncargo said:\n{text}", failures.join("\n"));
}
