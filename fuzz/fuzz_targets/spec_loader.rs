//! Fuzzes the spec loader, the checks and generation with arbitrary bytes as the spec file: each must
//! return an error or a result, never panic, hang or run out of memory.

#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;
use xtask::codegen::{self, Options};

/// One folder per fuzzing process; the loader reads specs from files.
fn spec_path(is_json: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
    dir.join(if is_json { "spec.json" } else { "spec.yaml" })
}

fuzz_target!(|data: &[u8]| {
    // Inputs that start like JSON are read as JSON, the rest as YAML, as the loader decides by name.
    let is_json = data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let path = spec_path(is_json);
    std::fs::write(&path, data).expect("the spec can be written");
    // Generated tokens that do not parse are an internal error: a generator bug whatever the input.
    let options = Options { allow_invalid_examples: data.len() % 2 == 0, ..Options::new(&path, "unused") };
    let linted = codegen::lint(&options);
    let generated = codegen::generate(&options);
    // Generation runs the same checks as lint, so a spec with lint errors cannot generate.
    if let Err(error) = &generated {
        assert!(!error.to_string().contains("internal error"), "{error}");
    }
    if let Ok(report) = linted {
        assert!(report.errors.is_empty() || generated.is_err(), "generation passed a spec with lint errors");
    }
});
