//! Snapshot tests: every fixture spec under `xtask/test_data/<case>/spec.yaml` generates exactly the
//! checked-in files under `xtask/test_data/<case>/expected/`, warnings and errors included, so a
//! change to the generator shows as a reviewable diff of expected output.
//!
//! After an intended change, `UPDATE_SNAPSHOTS=1 cargo test -p xtask --test snapshots` rewrites the
//! expected files; review them with `git diff xtask/test_data`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use xtask::codegen::{self, Options};

/// The fixtures stand for real-world specs, whose defects generation recovers from with warnings
/// only when asked to, as for HighLevel's own specs.
fn third_party(options: Options) -> Options {
    Options { allow_invalid_examples: true, allow_dangling_refs: true, ..options }
}

/// The generated files, warnings and skipped items (or the error) of one fixture, by file name.
fn actual(spec: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    match codegen::generate(&third_party(Options::new(spec, "unused"))) {
        Ok(generated) => {
            for file in generated.files {
                let name = file.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                files.insert(name, file.contents);
            }
            let lines = |items: &[codegen::Warning]| items.iter().map(|w| format!("{w}\n")).collect::<String>();
            files.insert("warnings.txt".into(), lines(&generated.warnings));
            files.insert("skipped.txt".into(), lines(&generated.skipped));
        }
        Err(error) => {
            files.insert("error.txt".into(), format!("{error}\n"));
        }
    }
    files
}

fn expected(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            files.insert(name, std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    files
}

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("spec.yaml").is_file())
        .collect();
    cases.sort();
    cases
}

#[test]
fn fixtures_generate_their_expected_output() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let cases = cases();
    assert!(cases.len() >= 5, "expected the fixture cases under xtask/test_data, found {}", cases.len());
    let mut failures = Vec::new();
    for case in cases {
        let expected_dir = case.join("expected");
        let actual = actual(&case.join("spec.yaml"));
        if update {
            let _ = std::fs::remove_dir_all(&expected_dir);
            std::fs::create_dir_all(&expected_dir).unwrap();
            for (name, contents) in &actual {
                std::fs::write(expected_dir.join(name), contents).unwrap();
            }
            continue;
        }
        let expected = expected(&expected_dir);
        let names: std::collections::BTreeSet<&String> = actual.keys().chain(expected.keys()).collect();
        for name in names {
            let old = expected.get(name).map(String::as_str).unwrap_or("");
            let new = actual.get(name).map(String::as_str).unwrap_or("");
            if old != new {
                let diff = similar::TextDiff::from_lines(old, new);
                let label = format!("{}/expected/{name}", case.file_name().unwrap().to_string_lossy());
                failures.push(format!("{}", diff.unified_diff().context_radius(2).header(&label, "generated")));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "generated output differs from the snapshots:\n{}\nif the change is intended, run `UPDATE_SNAPSHOTS=1 cargo test -p xtask --test snapshots` and review `git diff xtask/test_data`",
        failures.join("\n")
    );
}

#[test]
fn strict_turns_the_defects_fixtures_warnings_into_an_error_naming_file_and_pointer() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/defects");
    let out = std::env::temp_dir().join(format!("snapshots-strict-{}", std::process::id()));
    let mut options = third_party(Options::new(dir.join("spec.yaml"), &out));
    options.strict = true;
    let error = codegen::run(&options).err().expect("--strict fails on a spec with warnings").to_string();
    assert!(error.contains("--strict") && error.contains("defects/spec.yaml:") && error.contains(": #/"), "{error}");
    assert!(!out.exists(), "a failed run writes nothing");
}
