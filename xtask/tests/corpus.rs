//! Every official HighLevel spec generates a client that compiles: the corpus in
//! `../shared/highlevel-openapi/apps` is generated into one temporary workspace and `cargo check`ed.
//! `cargo xtask corpus --examples` also runs the example tests, which is too slow for CI.

use xtask::corpus::{self, Settings};

#[test]
fn every_corpus_spec_generates_and_compiles() {
    let Some(settings) = Settings::default_corpus() else {
        eprintln!("skipped: the HighLevel corpus ({}) is absent; set HIGHLEVEL_OPENAPI_APPS to run this test", corpus::DEFAULT_APPS);
        return;
    };
    let report = corpus::run(&settings).unwrap_or_else(|e| panic!("{e}"));
    println!("{}", report.details());
    println!("{}", report.table());
    let failed: Vec<String> = report
        .specs
        .iter()
        .filter(|s| !s.generated() || s.compiles != Some(true))
        .map(|s| format!("{}: {}", s.name, s.error.as_deref().unwrap_or("does not compile cleanly")))
        .collect();
    assert!(failed.is_empty(), "{}\n{}", failed.join("\n"), report.compiler_output);
    assert!(report.specs.len() >= 41, "expected HighLevel's 41 specs, found {}", report.specs.len());
}
