//! Every official HighLevel spec generates a client that compiles: the corpus in
//! `../shared/highlevel-openapi/apps` and the generator's fixtures (`xtask/test_data`) are generated
//! into one temporary workspace and `cargo check`ed. Without the corpus, only the fixtures are.
//! `cargo xtask corpus --examples` also runs the example tests, which is too slow for CI.

use xtask::corpus::{self, Settings};

#[test]
fn every_corpus_spec_and_fixture_generates_and_compiles() {
    let settings = Settings::new(env!("CARGO_BIN_EXE_xtask"));
    if settings.apps.is_none() {
        eprintln!(
            "skipped the HighLevel corpus: {} is absent (set HIGHLEVEL_OPENAPI_APPS to its apps folder); compiling the fixtures only",
            corpus::DEFAULT_APPS
        );
    }
    let report = corpus::run(&settings).unwrap_or_else(|e| panic!("{e}"));
    println!("{}", report.details());
    println!("{}", report.table());
    let failed: Vec<String> = report
        .specs
        .iter()
        .filter(|s| !s.generated() || s.compiles != Some(true))
        .map(|s| format!("{}: {}", s.file, s.error().unwrap_or_else(|| "does not compile cleanly".into())))
        .collect();
    assert!(failed.is_empty(), "{}\n{}", failed.join("\n"), report.compiler_output);
    assert!(report.specs.len() >= settings.fixtures.len(), "every fixture is compiled");
    assert!(settings.fixtures.len() >= 4, "the fixtures that generate code: {:?}", settings.fixtures);
    if settings.apps.is_some() {
        assert!(
            report.specs.len() >= settings.fixtures.len() + 41,
            "expected HighLevel's 41 specs, found {}",
            report.specs.len()
        );
    }
}
