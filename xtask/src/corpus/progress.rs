//! Runs `cargo check` over the corpus workspace and tells on stderr how far it got as it goes: each
//! dependency compiled, each corpus crate checked or failed (`checked n/M: name`), and a line every
//! half minute while one large crate keeps the compiler busy, so a long run is never silent.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use super::crates::{cargo_command, CargoOutput};
use super::{Settings, CRATE_PREFIX};

/// How long the compiler may work without a line on stderr before one says it still does.
const HEARTBEAT: Duration = Duration::from_secs(30);

enum Line {
    /// One JSON message of `--message-format json-diagnostic-short`.
    Json(String),
    /// Cargo's own status lines and errors.
    Status(String),
}

/// `cargo check` of every member and its tests, going on past failing crates. The output text is
/// what `--message-format short` would print: each diagnostic's short rendering, then cargo's
/// status lines.
pub(super) fn check(settings: &Settings, members: &[String]) -> Result<CargoOutput, String> {
    let mut command = cargo_command(settings);
    command.args(["check", "--workspace", "--all-targets", "--keep-going", "--message-format"]);
    command.arg("json-diagnostic-short").stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|e| format!("cannot run cargo: {e}"))?;
    let (sender, receiver) = mpsc::channel();
    let mut tracker = Tracker::new(members);
    std::thread::scope(|scope| {
        let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
        let json = sender.clone();
        scope.spawn(move || forward(stdout, &json, Line::Json));
        scope.spawn(move || forward(stderr, &sender, Line::Status));
        loop {
            match receiver.recv_timeout(HEARTBEAT) {
                Ok(line) => tracker.take(line),
                Err(RecvTimeoutError::Timeout) => tracker.heartbeat(),
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
    });
    let status = child.wait().map_err(|e| format!("waiting for cargo: {e}"))?;
    let mut text = tracker.diagnostics;
    text.push_str(&tracker.status);
    Ok(CargoOutput { success: status.success(), text })
}

/// Sends every line of a pipe, until it closes.
fn forward(pipe: Option<impl Read>, sender: &Sender<Line>, wrap: fn(String) -> Line) {
    let Some(pipe) = pipe else { return };
    for line in BufReader::new(pipe).lines().map_while(Result::ok) {
        if sender.send(wrap(line)).is_err() {
            return;
        }
    }
}

/// What cargo has done so far.
struct Tracker {
    members: BTreeSet<String>,
    finished: BTreeSet<String>,
    dependencies: usize,
    diagnostics: String,
    status: String,
    start: Instant,
}

impl Tracker {
    fn new(members: &[String]) -> Tracker {
        Tracker {
            members: members.iter().cloned().collect(),
            finished: BTreeSet::new(),
            dependencies: 0,
            diagnostics: String::new(),
            status: String::new(),
            start: Instant::now(),
        }
    }

    fn take(&mut self, line: Line) {
        match line {
            Line::Json(json) => self.message(&json),
            Line::Status(line) => {
                self.status.push_str(&line);
                self.status.push('\n');
                let words: Vec<&str> = line.split_whitespace().collect();
                match words.as_slice() {
                    ["Compiling" | "Checking", package, version, ..] if !package.starts_with(CRATE_PREFIX) => {
                        self.dependencies += 1;
                        eprintln!("compiling dependency {}: {package} {version}", self.dependencies);
                    }
                    _ => {
                        if let Some(member) = could_not_compile(&line).filter(|m| self.members.contains(*m)) {
                            self.finish(member, "failed");
                        }
                    }
                }
            }
        }
    }

    /// A JSON message: a diagnostic is kept as text, and a crate's test target built means the
    /// crate is checked (its library and its tests are the two targets `--all-targets` checks).
    fn message(&mut self, json: &str) {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(json) else { return };
        match message["reason"].as_str() {
            Some("compiler-message") => {
                if let Some(rendered) = message["message"]["rendered"].as_str() {
                    self.diagnostics.push_str(rendered.trim_end());
                    self.diagnostics.push('\n');
                }
            }
            Some("compiler-artifact") if message["profile"]["test"] == true => {
                let folder = message["manifest_path"].as_str().map(Path::new).and_then(Path::parent);
                let name = folder.and_then(Path::file_name).map(|n| n.to_string_lossy().into_owned());
                if let Some(member) = name.filter(|n| self.members.contains(n)) {
                    self.finish(&member, "checked");
                }
            }
            _ => {}
        }
    }

    fn finish(&mut self, member: &str, how: &str) {
        if self.finished.insert(member.to_string()) {
            eprintln!("{how} {}/{}: {member}", self.finished.len(), self.members.len());
        }
    }

    fn heartbeat(&self) {
        eprintln!(
            "still checking: {}/{} crates done after {} s",
            self.finished.len(),
            self.members.len(),
            self.start.elapsed().as_secs()
        );
    }
}

/// The member whose crate cargo's line says failed, e.g. ``error: could not compile
/// `corpus-contacts` (lib test) due to 2 previous errors``.
fn could_not_compile(line: &str) -> Option<&str> {
    let (_, rest) = line.split_once("could not compile `")?;
    rest.split_once('`')?.0.strip_prefix(CRATE_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargos_messages_become_progress_and_short_text() {
        let mut tracker = Tracker::new(&["a".to_string(), "b".to_string()]);
        let artifact = |folder: &str, test: bool| {
            Line::Json(
                serde_json::json!({"reason": "compiler-artifact", "manifest_path": format!("/ws/{folder}/Cargo.toml"), "profile": {"test": test}})
                    .to_string(),
            )
        };
        tracker.take(Line::Status("   Compiling serde v1.0.0".into()));
        tracker.take(Line::Status("    Checking corpus-a v0.1.0 (/ws/a)".into()));
        tracker.take(artifact("a", false));
        assert!(tracker.finished.is_empty(), "the library alone is half of the crate");
        tracker.take(artifact("a", true));
        let warning = serde_json::json!({"reason": "compiler-message", "message": {"rendered": "b/src/lib.rs:1:1: warning: x\n"}});
        tracker.take(Line::Json(warning.to_string()));
        tracker.take(Line::Status("error: could not compile `corpus-b` (lib) due to 1 previous error".into()));
        assert_eq!(tracker.dependencies, 1);
        assert_eq!(tracker.finished, BTreeSet::from(["a".to_string(), "b".to_string()]));
        assert_eq!(tracker.diagnostics, "b/src/lib.rs:1:1: warning: x\n");
        assert!(tracker.status.ends_with("due to 1 previous error\n"));
    }
}
