//! Regeneration gives small, local diffs: a change to one part of the spec changes only the
//! generated lines of that part, so a reviewer reads exactly what changed. (That reordering the
//! spec's keys changes nothing is `tests/tests/determinism.rs`.)

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use similar::{DiffOp, TextDiff};
use support::{workspace_spec, Scratch};

/// Generates from a spec value written as `social-planner.yaml` in `dir`; file name to contents.
fn generate(dir: &Path, spec: &Value) -> BTreeMap<String, String> {
    let path = dir.join("social-planner.yaml");
    std::fs::write(&path, serde_yaml::to_string(spec).unwrap()).unwrap();
    let generated =
        xtask::codegen::generate(&xtask::codegen::Options::new(&path, "unused")).unwrap_or_else(|e| panic!("{e}"));
    generated.files.into_iter().map(|f| (f.path.display().to_string(), f.contents)).collect()
}

/// The changed parts of a diff, as (old line range, new line range).
fn changes(old: &str, new: &str) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>, bool)> {
    TextDiff::from_lines(old, new)
        .ops()
        .iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| (op.old_range(), op.new_range(), matches!(op, DiffOp::Insert { .. })))
        .collect()
}

/// The lines of the type `name` in a generated `types.rs`: its docs and attributes, the type and
/// the impl blocks that follow it, up to the next type.
fn type_region(types: &str, name: &str) -> std::ops::Range<usize> {
    let lines: Vec<&str> = types.lines().collect();
    let is_type = |l: &str| l.starts_with("pub struct ") || l.starts_with("pub enum ");
    let header = |index: usize| {
        let mut start = index;
        while start > 0 && (lines[start - 1].starts_with("///") || lines[start - 1].starts_with("#[")) {
            start -= 1;
        }
        start
    };
    let at = lines
        .iter()
        .position(|l| *l == format!("pub struct {name} {{") || *l == format!("pub enum {name} {{"))
        .unwrap_or_else(|| panic!("no type {name}"));
    let end = (at + 1..lines.len()).find(|&i| is_type(lines[i])).map(header).unwrap_or(lines.len());
    header(at)..end
}

#[test]
fn adding_a_property_changes_only_that_type() {
    let scratch = Scratch::new("locality-property");
    let dir = scratch.path();
    let before_spec = workspace_spec();
    let before = generate(dir, &before_spec);
    let mut after_spec = before_spec.clone();
    after_spec["components"]["schemas"]["InstagramAccountSchema"]["properties"]["followerCount"] =
        json!({"type": "integer", "description": "How many accounts follow this one.", "example": 1200});
    let after = generate(dir, &after_spec);

    let region = type_region(&after["src/generated/types.rs"], "InstagramAccountSchema");
    let type_changes = changes(&before["src/generated/types.rs"], &after["src/generated/types.rs"]);
    assert!(!type_changes.is_empty(), "the new property must show in types.rs");
    for (_, new, _) in &type_changes {
        assert!(
            region.start <= new.start && new.end <= region.end,
            "types.rs changed lines {new:?}, outside InstagramAccountSchema ({region:?})"
        );
    }
    assert!(after["src/generated/types.rs"][..].contains("pub follower_count: Option<i64>"));
    // The property's example becomes one more round-trip test: lines are added, none changed.
    let example_changes = changes(&before["src/generated/examples.rs"], &after["src/generated/examples.rs"]);
    assert!(!example_changes.is_empty() && example_changes.iter().all(|(_, _, insert)| *insert), "{example_changes:?}");
    for name in ["src/generated/mod.rs", "src/generated/operations.rs"] {
        assert_eq!(before[name], after[name], "{name} changed");
    }
}

#[test]
fn adding_an_operation_only_adds_lines() {
    let scratch = Scratch::new("locality-operation");
    let dir = scratch.path();
    let before_spec = workspace_spec();
    let before = generate(dir, &before_spec);
    let mut after_spec = before_spec.clone();
    after_spec["paths"]["/social-media-posting/oauth/{locationId}/instagram/accounts/{accountId}/refresh"] = json!({
        "parameters": [
            {"$ref": "#/components/parameters/Version"},
            {"$ref": "#/components/parameters/LocationId"},
            {"$ref": "#/components/parameters/AccountId"}
        ],
        "post": {
            "operationId": "refreshInstagramProfessionalAccount",
            "summary": "Refresh an Instagram Professional Account",
            "responses": {
                "204": {"description": "Refreshed"},
                "401": {"$ref": "#/components/responses/Unauthorized"}
            }
        }
    });
    let after = generate(dir, &after_spec);

    assert!(after["src/generated/operations.rs"].contains("refresh_instagram_professional_account"));
    for (name, old) in &before {
        let found = changes(old, &after[name]);
        assert!(found.iter().all(|(_, _, insert)| *insert), "{name}: lines other than insertions changed: {found:?}");
    }
    assert_ne!(before["src/generated/operations.rs"], after["src/generated/operations.rs"]);
}
