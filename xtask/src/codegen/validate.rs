//! Checks a spec before anything is generated from it: every example against its schema, and the
//! structure that generation relies on (unique operationIds, declared path variables, resolving
//! `$ref`s, defined security schemes, no unused components).
//!
//! It works on the untyped documents as loaded, reading them through the `spec` layer as lowering
//! does, so that every finding has an exact JSON pointer and (through `lines`) a line. Walks over
//! documents are iterative or depth-bounded, and `$ref` chains are cut at the `spec` hop limit, so
//! hostile input cannot make it loop or overflow the stack.
//!
//! This file holds the entry points and the checker that collects findings; `structure` checks the
//! structure, `examples` finds the examples, `schema` matches one against its schema, and
//! `formats` holds the value-level rules that matching uses.

mod examples;
mod formats;
mod schema;
mod structure;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::diag::{Error, Location, Warning};
use super::load::Target;
use super::load::{DocKey, Spec};
use super::spec;

/// How deep schemas and examples are followed; deeper parts are taken as valid.
const MAX_DEPTH: usize = 200;
/// How many further errors an error from `check` lists after the first.
const MAX_LISTED: usize = 50;

/// Everything found wrong with a spec, in file and line order.
#[derive(Debug, Default)]
pub struct Report {
    /// The spec as named in the diagnostics.
    pub spec: String,
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

/// Validates the spec for generation: the warnings, or one error that lists every error found.
/// The warnings come without lines: generation adds them together with its own warnings' lines, in
/// one scan of each document.
pub fn check(spec: &Spec, leniency: Leniency) -> Result<Vec<Warning>, Error> {
    let checker = checker(spec, leniency);
    let failed = !checker.errors.is_empty();
    let report = checker.finish(failed);
    let Some((first, rest)) = report.errors.split_first() else {
        return Ok(report.warnings);
    };
    let mut error = first.clone();
    for other in rest.iter().take(MAX_LISTED) {
        error.message.push_str(&format!("\nerror: {other}"));
    }
    if rest.len() > MAX_LISTED {
        error.message.push_str(&format!("\n... and {} more errors", rest.len() - MAX_LISTED));
    }
    Err(error)
}

/// Runs every check and collects what they find, with lines.
pub fn report(spec: &Spec, leniency: Leniency) -> Report {
    checker(spec, leniency).finish(true)
}

/// Runs every check.
fn checker(spec: &Spec, leniency: Leniency) -> Checker<'_> {
    let mut checker = Checker {
        spec,
        allow_invalid_examples: leniency.invalid_examples,
        allow_dangling_refs: leniency.dangling_refs,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    checker.structure();
    for doc in spec.sources.keys() {
        checker.document_examples(doc);
    }
    checker
}

/// Which defects of third-party specs are reported as warnings instead of errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct Leniency {
    /// Examples that contradict their schema.
    pub invalid_examples: bool,
    /// `$ref`s to schemas that do not exist, which generation types as any JSON value.
    pub dangling_refs: bool,
}

/// A finding before its line is known.
struct Finding<'a> {
    doc: &'a DocKey,
    pointer: String,
    message: String,
}

/// Collects the findings of every check; the checks are its methods, in the submodules.
struct Checker<'a> {
    spec: &'a Spec,
    allow_invalid_examples: bool,
    allow_dangling_refs: bool,
    errors: Vec<Finding<'a>>,
    warnings: Vec<Finding<'a>>,
}

impl<'a> Checker<'a> {
    fn error(&mut self, doc: &'a DocKey, pointer: String, message: impl Into<String>) {
        self.errors.push(Finding { doc, pointer, message: message.into() });
    }

    fn warn(&mut self, doc: &'a DocKey, pointer: String, message: impl Into<String>) {
        self.warnings.push(Finding { doc, pointer, message: message.into() });
    }

    /// The untyped value of a document; a document that was not loaded reads as null, which no
    /// check finds anything in.
    fn value(&self, doc: &DocKey) -> &'a Value {
        static NULL: Value = Value::Null;
        self.spec.sources.get(doc).map(|s| &s.value).unwrap_or(&NULL)
    }

    /// Follows `$ref`s from `start` to the first node that is not one: an error when one does not
    /// resolve, `None` when they go on past the hop limit, which only a cycle makes them do.
    fn follow(&self, start: Target<'a>) -> Result<Option<Target<'a>>, String> {
        spec::follow(start, |node| {
            let reference = node.value.get("$ref").and_then(Value::as_str)?;
            Some(self.spec.resolve(node.doc, reference))
        })
    }

    /// Follows `$ref`s until a node that is not one; `None` when one dangles or they form a cycle.
    fn deref(&self, doc: &'a DocKey, pointer: String, value: &'a Value) -> Option<Target<'a>> {
        self.follow(Target { doc, pointer, value }).ok().flatten()
    }

    /// Turns the findings into diagnostics, with lines when `with_lines`, sorted by file and line.
    fn finish(self, with_lines: bool) -> Report {
        let mut wanted: BTreeMap<&DocKey, BTreeSet<String>> = BTreeMap::new();
        for finding in self.errors.iter().chain(&self.warnings).filter(|_| with_lines) {
            wanted.entry(finding.doc).or_default().insert(finding.pointer.clone());
        }
        let lines: BTreeMap<&DocKey, BTreeMap<String, usize>> = wanted
            .into_iter()
            .filter_map(|(doc, pointers)| {
                let source = self.spec.sources.get(doc)?;
                Some((doc, super::lines::find(&source.text, source.is_json, &pointers)))
            })
            .collect();
        let locate = |finding: &Finding| Location {
            file: self.spec.sources.get(finding.doc).map(|s| s.display.clone()).unwrap_or_default(),
            line: lines.get(finding.doc).and_then(|l| l.get(&finding.pointer)).copied(),
            pointer: finding.pointer.clone(),
        };
        let order = |l: &Location| (l.file.clone(), l.line.unwrap_or(usize::MAX), l.pointer.clone());
        let mut errors: Vec<Error> =
            self.errors.iter().map(|f| Error { location: Some(locate(f)), message: f.message.clone() }).collect();
        errors.sort_by_key(|e| (e.location.as_ref().map(order), e.message.clone()));
        errors.dedup();
        let mut warnings: Vec<Warning> =
            self.warnings.iter().map(|f| Warning { location: locate(f), message: f.message.clone() }).collect();
        warnings.sort_by_key(|w| (order(&w.location), w.message.clone()));
        warnings.dedup();
        let spec = self.spec.sources.get(&self.spec.root_key).map(|s| s.display.clone()).unwrap_or_default();
        Report { spec, errors, warnings }
    }
}

/// `file#pointer` for a pointer into `doc`, for a schema in another document than the finding.
fn qualified(spec: &Spec, doc: &DocKey, pointer: &str) -> String {
    match spec.sources.get(doc) {
        Some(source) => format!("{}{pointer}", source.display),
        None => pointer.to_string(),
    }
}
