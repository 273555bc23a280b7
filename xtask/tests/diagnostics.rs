//! The diagnostics a user sees: each folder of `test_data/diagnostics/` holds a spec with one kind of
//! mistake and `expected.txt`, the exact stderr of `cargo xtask lint` (or of the command in `args`)
//! followed by its exit code. `UPDATE_SNAPSHOTS=1 cargo test -p xtask --test diagnostics` rewrites the expected
//! files, which are then reviewed like any other change.

use std::path::{Path, PathBuf};
use std::process::Command;

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/diagnostics")
}

/// Runs the xtask binary on a case and returns its stderr and exit code as one text.
fn run(case: &Path) -> String {
    let args = std::fs::read_to_string(case.join("args")).unwrap_or_else(|_| "lint".to_string());
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args.split_whitespace())
        .arg("--spec")
        .arg(case.join("spec.yaml"))
        .output()
        .expect("the xtask binary runs");
    let stderr = String::from_utf8(output.stderr).expect("diagnostics are UTF-8");
    format!("{stderr}exit code: {}\n", output.status.code().expect("xtask exits normally, without a signal"))
}

#[test]
fn every_case_prints_its_expected_diagnostics() {
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(cases()).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    names.sort();
    assert!(names.len() >= 12, "the cases are missing: {names:?}");
    let bless = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for case in &names {
        let actual = run(case);
        let expected_path = case.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!("{}:\n--- expected\n{expected}--- actual\n{actual}", case.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The exit codes of the command line: 0 success, 1 invalid spec or stale output, 2 usage error.
#[test]
fn exit_codes_tell_usage_errors_from_invalid_specs() {
    let xtask = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().unwrap();
    let usage = xtask(&["lint", "--frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("unknown option `--frobnicate`"));
    assert_eq!(xtask(&[]).status.code(), Some(2));
    assert_eq!(xtask(&["lint", "--spec"]).status.code(), Some(2));
    let missing = xtask(&["lint", "--spec", "/nonexistent/spec.yaml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read the spec"));
    let spec = cases().join("undeclared-path-variable/spec.yaml");
    assert_eq!(xtask(&["lint", "--spec", spec.to_str().unwrap()]).status.code(), Some(0));
    let strict = xtask(&["lint", "--strict", "--spec", spec.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1), "--strict makes the warning fail the lint");
    assert_eq!(xtask(&["lint"]).status.code(), Some(0), "the workspace's own spec is clean");
}

/// Hostile documents are refused by limits rather than processed: an alias bomb is not expanded
/// (serde_yaml's repetition limit), nesting deeper than the loader allows is refused before parsing
/// (libyaml would take time quadratic in the depth), and nesting below that stops at the parsers'
/// recursion limit, in YAML and JSON alike. Through lint and generation.
#[test]
fn hostile_documents_are_refused() {
    let dir = std::env::temp_dir().join(format!("diagnostics-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let nested = format!("{}{}", "[".repeat(300), "]".repeat(300));
    std::fs::write(dir.join("deep.yaml"), format!("openapi: 3.0.3\nx: {nested}\n")).unwrap();
    std::fs::write(dir.join("deep.json"), format!("{{\"openapi\": \"3.0.3\", \"x\": {nested}}}")).unwrap();
    let specs = [
        (cases().join("billion-laughs/spec.yaml"), "repetition limit exceeded"),
        (cases().join("deep-nesting/spec.yaml"), "collections nest deeper than 512 levels"),
        (dir.join("deep.yaml"), "recursion limit exceeded"),
        (dir.join("deep.json"), "recursion limit exceeded"),
    ];
    for (spec, message) in specs {
        let case = spec.display().to_string();
        let options = xtask::codegen::Options::new(spec, "unused");
        let error = xtask::codegen::lint(&options).unwrap_err();
        assert!(error.to_string().contains(message), "{case}: {error}");
        let error = xtask::codegen::generate(&options).err().expect("refused");
        assert!(error.to_string().contains(message), "{case}: {error}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Generation runs the same checks: an invalid example stops it unless allowed, and then it is a
/// warning that `--strict` turns back into an error.
#[test]
fn generation_validates_like_lint() {
    let spec = cases().join("wrong-example-type/spec.yaml");
    let mut options = xtask::codegen::Options::new(&spec, "unused");
    let error = xtask::codegen::generate(&options).err().expect("the invalid example is an error");
    assert!(error.to_string().contains("#/components/schemas/Account/properties/platform/example"), "{error}");
    assert_eq!(error.location.as_ref().and_then(|l| l.line), Some(22));
    options.allow_invalid_examples = true;
    let generated = xtask::codegen::generate(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.warnings.iter().any(|w| w.message.contains("found the string \"instagram\"")));
    options.strict = true;
    options.check = true;
    assert!(xtask::codegen::run(&options).is_err());
}

/// An error in generation lists every error, not only the first.
#[test]
fn generation_lists_every_error() {
    let spec = cases().join("nested-example-mismatches/spec.yaml");
    let error = xtask::codegen::generate(&xtask::codegen::Options::new(&spec, "unused")).err().expect("invalid");
    let text = error.to_string();
    assert_eq!(text.lines().count(), 8, "{text}");
    assert!(text.lines().skip(1).all(|l| l.starts_with("error: ")), "{text}");
}

/// Lint and generation agree on an undeclared path variable: a warning, reported once, with the fix.
#[test]
fn an_undeclared_path_variable_is_one_warning_in_generation_too() {
    let spec = cases().join("undeclared-path-variable/spec.yaml");
    let generated =
        xtask::codegen::generate(&xtask::codegen::Options::new(&spec, "unused")).unwrap_or_else(|e| panic!("{e}"));
    let about: Vec<_> = generated.warnings.iter().filter(|w| w.message.contains("accountId")).collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].message.contains("add a parameter with `name: accountId` and `in: path`"));
    assert_eq!(about[0].location.line, Some(10));
}
