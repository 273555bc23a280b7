//! What a corpus run found, spec by spec: the table printed at the end and the details behind it,
//! read off the generator's results and cargo's output.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::CRATE_PREFIX;

/// How generating one spec ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Outcome {
    #[default]
    Generated,
    /// Skipped unread: Swagger 2.0, OpenAPI 3.1, or no version at all.
    NotOpenApi30(String),
    /// The generator refused the spec with an error (exit code 1); its first error line.
    Refused(String),
    /// The generator died (a panic, a stack overflow): how, and its last words.
    Crashed(String),
    /// Killed at the time limit.
    TimedOut,
}

impl Outcome {
    /// The word in the table's `generated` column.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Generated => "yes",
            Outcome::NotOpenApi30(_) => "not 3.0",
            Outcome::Refused(_) => "refused",
            Outcome::Crashed(_) => "crashed",
            Outcome::TimedOut => "timed out",
        }
    }
}

/// The outcome for one spec.
#[derive(Debug, Clone, Default)]
pub struct SpecReport {
    /// The crate's folder, e.g. `contacts` or `googleapis-com-abusiveexperiencereport`.
    pub name: String,
    /// The spec's file as the corpus names it, e.g. `contacts.json`.
    pub file: String,
    pub operations: usize,
    pub outcome: Outcome,
    /// The generator's wall time, in seconds.
    pub seconds: f64,
    /// The generator's peak memory, in KiB, where the platform reports it.
    pub peak_kib: Option<u64>,
    pub warnings: Vec<String>,
    /// `None` when the crate was not compiled (generation failed, or it was not in the sample).
    pub compiles: Option<bool>,
    /// The compiler's first diagnostic about the crate, when it does not compile cleanly.
    pub compile_error: Option<String>,
    /// Examples of the spec, as generated tests.
    pub examples: usize,
    /// Filled in when the example tests ran.
    pub example_results: Option<ExampleResults>,
}

impl SpecReport {
    pub fn generated(&self) -> bool {
        self.outcome == Outcome::Generated
    }

    /// Why the spec did not generate, if it did not.
    pub fn error(&self) -> Option<String> {
        match &self.outcome {
            Outcome::Generated => None,
            Outcome::NotOpenApi30(what) => Some(format!("{}: not OpenAPI 3.0: {what}", self.file)),
            Outcome::Refused(error) => Some(error.clone()),
            Outcome::Crashed(how) => Some(format!("{}: the generator crashed: {how}", self.file)),
            Outcome::TimedOut => Some(format!("{}: the generator ran over the time limit", self.file)),
        }
    }
}

/// How the generated example tests of one spec fared.
#[derive(Debug, Clone, Default)]
pub struct ExampleResults {
    /// Examples that deserialize into their type and serialize back to the same JSON.
    pub round_trip: usize,
    /// Examples that deserialize but lose or change something on the way back (for example
    /// properties the schema does not declare).
    pub parsed_but_changed: Vec<String>,
    /// Examples that do not deserialize: the spec's example contradicts its own schema.
    pub rejected: Vec<String>,
}

impl ExampleResults {
    pub fn parsed(&self) -> usize {
        self.round_trip + self.parsed_but_changed.len()
    }
}

/// The whole run: one report per spec, sorted by name, and the compiler's output on failure.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub specs: Vec<SpecReport>,
    /// The seed and the crates of the sample that was compiled, when only a sample was.
    pub sample: Option<(u64, Vec<String>)>,
    /// The compiler's diagnostics when some crate did not compile.
    pub compiler_output: String,
}

impl Report {
    /// Whether every spec generated, every compiled crate compiled, and, under `strict`, no spec
    /// gave a warning.
    pub fn all_ok(&self, strict: bool) -> bool {
        self.specs.iter().all(|s| s.generated() && s.compiles != Some(false) && (!strict || s.warnings.is_empty()))
    }

    /// A Markdown table: spec, operations, generated, compiles, warnings, examples parsed.
    pub fn table(&self) -> String {
        let mut out = String::from(
            "| spec | operations | generated | compiles | warnings | examples parsed |\n|---|---:|---|---|---:|---|\n",
        );
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        for spec in &self.specs {
            let compiles = spec.compiles.map(yes_no).unwrap_or("-");
            let examples = match &spec.example_results {
                Some(r) => format!("{}/{}", r.parsed(), spec.examples),
                None => format!("not run ({})", spec.examples),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                spec.file,
                spec.operations,
                spec.outcome.label(),
                compiles,
                spec.warnings.len(),
                examples
            );
        }
        let total = |f: &dyn Fn(&SpecReport) -> usize| self.specs.iter().map(f).sum::<usize>();
        let parsed = total(&|s| s.example_results.as_ref().map_or(0, ExampleResults::parsed));
        let _ = writeln!(
            out,
            "| **total** | {} | {}/{} | {}/{} | {} | {} |",
            total(&|s| s.operations),
            total(&|s| usize::from(s.generated())),
            self.specs.len(),
            total(&|s| usize::from(s.compiles == Some(true))),
            total(&|s| usize::from(s.compiles.is_some())),
            total(&|s| s.warnings.len()),
            if self.specs.iter().any(|s| s.example_results.is_some()) {
                format!("{parsed}/{}", total(&|s| s.examples))
            } else {
                format!("not run ({})", total(&|s| s.examples))
            }
        );
        out
    }
}

impl Report {
    /// Generation errors, warnings and failing examples, spec by spec.
    pub fn details(&self) -> String {
        let mut out = String::new();
        for spec in &self.specs {
            if let Some(error) = spec.error() {
                let _ = writeln!(out, "error: {error}");
            }
            for warning in &spec.warnings {
                let _ = writeln!(out, "warning: {warning}");
            }
            if let Some(results) = &spec.example_results {
                for line in &results.rejected {
                    let _ = writeln!(out, "example rejected: {line}");
                }
                for line in &results.parsed_but_changed {
                    let _ = writeln!(out, "example changed: {line}");
                }
            }
        }
        out
    }
}

/// The crates whose sources the compiler's diagnostics point into, with their first diagnostic.
/// Warnings count as failures, as under clippy's `-D warnings` for the checked-in client; they are
/// read from the output rather than made errors by `RUSTFLAGS`, which would rebuild every
/// dependency whenever the caller's `RUSTFLAGS` differ.
pub(super) fn failing_crates(output: &str, members: &[String]) -> BTreeMap<String, String> {
    let mut failed = BTreeMap::new();
    for line in output.lines() {
        for member in members {
            let prefix = format!("{member}/src/");
            let could_not = format!("could not compile `{CRATE_PREFIX}{member}`");
            if line.starts_with(&prefix) || line.contains(&could_not) {
                failed.entry(member.clone()).or_insert_with(|| line.to_string());
            }
        }
    }
    failed
}

/// Reads libtest's output for one crate: which example tests passed, and why the others failed.
pub(super) fn example_results(output: &str) -> ExampleResults {
    let mut results = ExampleResults::default();
    for line in output.lines() {
        if line.starts_with("test generated::examples::") && line.ends_with("... ok") {
            results.round_trip += 1;
        } else if line.contains(": the example does not deserialize into ") {
            results.rejected.push(line.to_string());
        } else if line.contains(": the example changed in a round trip through ") {
            results.parsed_but_changed.push(line.trim_start_matches("assertion `left == right` failed: ").to_string());
        }
    }
    // libtest prints in the order the tests finish, which changes from run to run.
    results.rejected.sort();
    results.parsed_but_changed.sort();
    results
}
