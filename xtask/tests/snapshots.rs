//! Snapshot tests: every fixture spec under `xtask/test_data/<case>/spec.yaml` generates exactly the
//! checked-in files under `xtask/test_data/<case>/expected/`, warnings and errors included, so a
//! change to the generator shows as a reviewable diff of expected output. Each `expected/` is the
//! complete crate `cargo xtask codegen --out` makes in an empty folder (`Cargo.toml`, `src/lib.rs`,
//! `src/generated/`, `api.txt`), and a workspace member, so every fixture is also compiled and its
//! example tests run.
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

/// The generated files, warnings and skipped items (or the error) of one fixture, by path within
/// `expected/`.
fn actual(case: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let name = format!("fixture-{}", case.file_name().unwrap_or_default().to_string_lossy());
    let mut options = third_party(Options::new(case.join("spec.yaml"), case.join("expected")));
    options.name = Some(name);
    match codegen::generate(&options) {
        Ok(generated) => {
            for file in generated.files {
                files.insert(file.path.to_string_lossy().replace('\\', "/"), file.contents);
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

/// Every file under `dir`, by path within it.
fn expected(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let name = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            files.insert(name, std::fs::read_to_string(&path).unwrap_or_default());
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
        let actual = actual(&case);
        if update {
            let _ = std::fs::remove_dir_all(&expected_dir);
            for (name, contents) in &actual {
                let path = expected_dir.join(name);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, contents).unwrap();
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
