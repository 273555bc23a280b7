//! Generates each spec of a corpus run in a child process, the `xtask` binary itself running
//! `codegen`: a spec that crashes the generator (a stack overflow aborts the whole process) or runs
//! too long is recorded as such instead of ending the run, and several specs generate at once.

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::child::{self, Exit, Finished};
use super::discover::{not_openapi_30, Found};
use super::report::{Outcome, SpecReport};
use super::{Settings, CRATE_PREFIX};
use crate::codegen::MIB;

/// How much of a refusal a progress line shows; the report has all of it.
const PROGRESS_CHARS: usize = 160;

/// Generates every spec, `settings.jobs` at a time, printing each outcome on stderr as it comes,
/// and returns the reports in the order of `specs`. Unless `keep`, each crate is deleted once its
/// outcome is known, so that a run compiling nothing, or only a sample, does not fill the disk.
pub(super) fn all(settings: &Settings, specs: &[Found], keep: bool) -> Vec<SpecReport> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<SpecReport>>> = Mutex::new(vec![None; specs.len()]);
    std::thread::scope(|scope| {
        for _ in 0..settings.jobs.clamp(1, specs.len().max(1)) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(spec) = specs.get(index) else { break };
                let entry = one(settings, spec, keep);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, specs.len(), &entry);
                results.lock().unwrap_or_else(PoisonError::into_inner)[index] = Some(entry);
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().flatten().collect()
}

/// Generates one spec into its crate, unless it is not an OpenAPI 3.0 document.
fn one(settings: &Settings, spec: &Found, keep: bool) -> SpecReport {
    let mut entry = SpecReport { name: spec.name.clone(), file: spec.file.clone(), ..SpecReport::default() };
    if let Some(what) = not_openapi_30(&spec.path, settings.max_input_mb.saturating_mul(MIB)) {
        entry.outcome = Outcome::NotOpenApi30(what);
        return entry;
    }
    let dir = settings.workspace.join(&spec.name);
    let finished = child::run(command(settings, &spec.path, &dir, &spec.name), settings.timeout);
    match finished {
        Ok(finished) => read(&mut entry, finished),
        Err(error) => entry.outcome = Outcome::Crashed(error),
    }
    if !keep {
        let _ = std::fs::remove_dir_all(&dir);
    }
    entry
}

/// `xtask codegen` with the leniency third-party specs need: their examples contradict their
/// schemas in places (the example tests count them), and some `$ref`s lead nowhere.
fn command(settings: &Settings, spec: &Path, out: &Path, name: &str) -> Command {
    let mut command = Command::new(&settings.generator);
    command
        .args(["codegen", "--allow-invalid-examples", "--allow-dangling-refs"])
        .args(["--max-input-mb", &settings.max_input_mb.to_string()])
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--name", &format!("{CRATE_PREFIX}{name}")]);
    command
}

/// Classifies the generator's run by how it ended, from what it printed on stderr.
fn read(entry: &mut SpecReport, finished: Finished) {
    entry.seconds = finished.seconds;
    entry.peak_kib = finished.peak_kib;
    let stderr = &finished.stderr;
    entry.outcome = match finished.exit {
        Exit::Code(0) => {
            entry.warnings = stderr.lines().filter_map(|l| l.strip_prefix("warning: ")).map(String::from).collect();
            // The summary line: `contacts.json: 32 operations, 40 types, 277 examples, 17 warnings, 0 skipped`.
            let summary = stderr.lines().rev().find(|l| l.contains(" operations, ") && l.contains(" examples, "));
            entry.operations = summary.and_then(|l| count_before(l, " operations, ")).unwrap_or_default();
            entry.examples = summary.and_then(|l| count_before(l, " examples, ")).unwrap_or_default();
            Outcome::Generated
        }
        Exit::Code(1) => Outcome::Refused(
            stderr.lines().find_map(|l| l.strip_prefix("error: ")).map_or_else(|| last_words(stderr), String::from),
        ),
        Exit::Code(code) => Outcome::Crashed(format!("exit code {code}: {}", last_words(stderr))),
        Exit::Signal(signal) => Outcome::Crashed(format!("killed by signal {signal}: {}", last_words(stderr))),
        Exit::TimedOut => Outcome::TimedOut,
    };
}

/// The number written just before `word` in `line`.
fn count_before(line: &str, word: &str) -> Option<usize> {
    let end = line.find(word)?;
    line[..end].rsplit(' ').next()?.parse().ok()
}

/// What a dying process said last that tells why: a panic's location and message, else its last
/// line, such as Rust's `fatal runtime error: stack overflow, aborting`.
fn last_words(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    match lines.iter().position(|l| l.contains("panicked at")) {
        Some(at) => lines[at..].iter().take(2).copied().collect::<Vec<_>>().join(" "),
        None => lines.last().copied().unwrap_or("no output").to_string(),
    }
}

fn progress(n: usize, total: usize, entry: &SpecReport) {
    let file = &entry.file;
    let seconds = entry.seconds;
    match &entry.outcome {
        Outcome::Generated => eprintln!("generated {n}/{total}: {file} ({seconds:.1} s)"),
        Outcome::NotOpenApi30(what) => eprintln!("skipped {n}/{total}: {file}: not OpenAPI 3.0 ({what})"),
        Outcome::Refused(error) => {
            let shown: String = error.chars().take(PROGRESS_CHARS).collect();
            let more = if shown.len() < error.len() { "…" } else { "" };
            eprintln!("refused {n}/{total}: {file}: {shown}{more}");
        }
        Outcome::Crashed(how) => eprintln!("crashed {n}/{total}: {file}: {how} ({seconds:.1} s)"),
        Outcome::TimedOut => eprintln!("timed out {n}/{total}: {file} (killed after {seconds:.1} s)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(exit: Exit, stderr: &str) -> SpecReport {
        let mut entry = SpecReport::default();
        read(&mut entry, Finished { exit, seconds: 0.5, peak_kib: Some(1), stderr: stderr.to_string() });
        entry
    }

    #[test]
    fn the_generators_output_tells_how_a_spec_fared() {
        let generated = classify(
            Exit::Code(0),
            "warning: a.json:3: #/x: odd\nwarning: a.json:4: #/y: odd\na.json: 32 operations, 40 types, 277 examples, 2 warnings, 0 skipped\n",
        );
        assert_eq!((generated.outcome, generated.operations, generated.examples), (Outcome::Generated, 32, 277));
        assert_eq!(generated.warnings, ["a.json:3: #/x: odd", "a.json:4: #/y: odd"]);
        let refused = classify(Exit::Code(1), "warning: w\nerror: a.json:1: #/p: bad\nnothing was written\n");
        assert_eq!(refused.outcome, Outcome::Refused("a.json:1: #/p: bad".into()));
        let overflow = "\nthread 'main' has overflowed its stack\nfatal runtime error: stack overflow, aborting\n";
        assert_eq!(
            classify(Exit::Signal(6), overflow).outcome,
            Outcome::Crashed("killed by signal 6: fatal runtime error: stack overflow, aborting".into())
        );
        let panic = "thread 'main' panicked at src/x.rs:1:2:\nboom\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            classify(Exit::Code(101), panic).outcome,
            Outcome::Crashed("exit code 101: thread 'main' panicked at src/x.rs:1:2: boom".into())
        );
        assert_eq!(classify(Exit::TimedOut, "").outcome, Outcome::TimedOut);
    }
}
