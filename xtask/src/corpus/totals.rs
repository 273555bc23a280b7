//! The totals of a corpus run, for corpora too large to read row by row: how many specs generated,
//! were refused (grouped by the kind of error), crashed or ran over the time limit, how long and
//! how much memory generation took, and how the compiled crates fared.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::report::{Outcome, Report, SpecReport};

/// How many kinds of refusal the totals list.
const TOP_KINDS: usize = 15;

impl Report {
    /// The totals as Markdown, ending with every crash, time-out and compile failure.
    pub fn totals(&self) -> String {
        let mut out = String::from("## Totals\n\n");
        let count = |f: &dyn Fn(&Outcome) -> bool| self.specs.iter().filter(|s| f(&s.outcome)).count();
        let _ = writeln!(out, "- specs: {}", self.specs.len());
        let _ = writeln!(out, "- refused, not OpenAPI 3.0: {}", count(&|o| matches!(o, Outcome::NotOpenApi30(_))));
        let _ = writeln!(out, "- generated: {}", count(&|o| *o == Outcome::Generated));
        let _ = writeln!(out, "- refused with an error: {}", count(&|o| matches!(o, Outcome::Refused(_))));
        let _ = writeln!(out, "- crashed: {}", count(&|o| matches!(o, Outcome::Crashed(_))));
        let _ = writeln!(out, "- timed out: {}", count(&|o| *o == Outcome::TimedOut));
        let ran: Vec<&SpecReport> = self.specs.iter().filter(|s| s.peak_kib.is_some() || s.seconds > 0.0).collect();
        if let (Some(time), Some(memory)) =
            (spread(&ran, |s| s.seconds), spread(&ran, |s| s.peak_kib.unwrap_or(0) as f64))
        {
            let _ = writeln!(out, "- generation time: median {:.2} s, max {:.1} s ({})", time.0, time.1, time.2);
            let _ = writeln!(
                out,
                "- peak memory: median {:.0} MB, max {:.0} MB ({})",
                memory.0 / 1024.0,
                memory.1 / 1024.0,
                memory.2
            );
        }
        self.refusal_kinds(&mut out);
        let failed: Vec<&SpecReport> =
            self.specs.iter().filter(|s| matches!(s.outcome, Outcome::Crashed(_) | Outcome::TimedOut)).collect();
        if !failed.is_empty() {
            let _ = writeln!(out, "Crashed or timed out ({}):\n", failed.len());
        }
        let any = !failed.is_empty();
        for spec in failed {
            let how = match &spec.outcome {
                Outcome::Crashed(how) => how.as_str(),
                _ => "killed at the time limit",
            };
            let memory = spec.peak_kib.map_or(String::new(), |kib| format!(", {} MB", kib / 1024));
            let _ = writeln!(out, "- {}: {}: {how} ({:.1} s{memory})", spec.file, spec.outcome.label(), spec.seconds);
        }
        if any {
            out.push('\n');
        }
        self.compiled(&mut out);
        out
    }

    /// The refusals by kind, the most frequent first, each with one spec that has it.
    fn refusal_kinds(&self, out: &mut String) {
        let mut kinds: BTreeMap<String, (usize, &str)> = BTreeMap::new();
        for spec in &self.specs {
            if let Outcome::Refused(error) = &spec.outcome {
                kinds.entry(kind(error)).or_insert((0, &spec.file)).0 += 1;
            }
        }
        let mut kinds: Vec<(String, (usize, &str))> = kinds.into_iter().collect();
        kinds.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
        if !kinds.is_empty() {
            let _ = writeln!(out, "\nRefusals by kind ({} kinds; the first {TOP_KINDS}):\n", kinds.len());
        }
        let shown = kinds.len().min(TOP_KINDS);
        for (kind, (n, example)) in &kinds[..shown] {
            let _ = writeln!(out, "- {n} × {kind} (e.g. {example})");
        }
        if shown > 0 {
            out.push('\n');
        }
    }

    /// How the compiled crates fared: the sample's seed and members, and each failure's first line.
    fn compiled(&self, out: &mut String) {
        let compiled: Vec<&SpecReport> = self.specs.iter().filter(|s| s.compiles.is_some()).collect();
        if compiled.is_empty() {
            let _ = writeln!(out, "- compiled: none");
            return;
        }
        let ok = compiled.iter().filter(|s| s.compiles == Some(true)).count();
        let of = match &self.sample {
            Some((seed, _)) => format!("a sample of the generated, seed {seed}"),
            None => "every generated crate".to_string(),
        };
        let _ = writeln!(out, "- compiled: {ok} of {} ({of})", compiled.len());
        for spec in compiled.iter().filter(|s| s.compiles == Some(false)) {
            let _ =
                writeln!(out, "- does not compile: {}: {}", spec.file, spec.compile_error.as_deref().unwrap_or("?"));
        }
        if let Some((seed, names)) = &self.sample {
            let files: Vec<&str> = names
                .iter()
                .filter_map(|n| self.specs.iter().find(|s| &s.name == n))
                .map(|s| s.file.as_str())
                .collect();
            let _ = writeln!(out, "\nThe sample (seed {seed}, {}): {}", files.len(), files.join(", "));
        }
    }
}

/// The median and the largest of a measure, with the spec of the largest.
fn spread(specs: &[&SpecReport], measure: impl Fn(&SpecReport) -> f64) -> Option<(f64, f64, String)> {
    let mut values: Vec<(f64, &str)> = specs.iter().map(|s| (measure(s), s.file.as_str())).collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (max, file) = *values.last()?;
    Some((values[values.len() / 2].0, max, file.to_string()))
}

/// A refusal without what is particular to one spec: its file and JSON pointer, the pointers it
/// quotes, quoted values and numbers, so that refusals for the same reason group together.
pub(super) fn kind(error: &str) -> String {
    // `file:line: #/pointer: message`, or `file: message` for errors about the whole file.
    let message = match error.find(": #") {
        Some(at) => error[at + 3..].split_once(": ").map_or("", |(_, rest)| rest),
        None => error.split_once(": ").map_or(error, |(_, rest)| rest),
    };
    // Split at backticks, the pieces inside them are the odd-numbered ones.
    let pieces = message.split('`').enumerate();
    let pieces: Vec<String> =
        pieces.map(|(i, piece)| if i % 2 == 1 { quoted(piece) } else { numbers(&strings(&pointers(piece))) }).collect();
    pieces.join("`")
}

/// A backticked piece: a `$ref` keeps its keyword and loses its target, a template such as
/// `#/components/schemas/<name>` stays, and any other value becomes `…`.
fn quoted(piece: &str) -> String {
    if let Some(target) = piece.strip_prefix("$ref: ") {
        return format!("$ref: {}", if target.starts_with("#/") { "#/…" } else { "…" });
    }
    if piece.contains('<') {
        piece.to_string()
    } else {
        "…".to_string()
    }
}

/// JSON pointers such as `#/paths/~1x/get` become `#/…`.
fn pointers(text: &str) -> String {
    let words = text.split(' ').map(|word| if word.starts_with("#/") { "#/…" } else { word });
    words.collect::<Vec<_>>().join(" ")
}

/// Double-quoted strings become `"…"`.
fn strings(text: &str) -> String {
    text.split('"').enumerate().map(|(i, piece)| if i % 2 == 1 { "…" } else { piece }).collect::<Vec<_>>().join("\"")
}

/// Whole numbers become `N`; version numbers such as `3.0` stay.
fn numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let dotted = (start > 0 && chars[start - 1] == '.')
                || chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if dotted {
                out.extend(&chars[start..i]);
            } else {
                out.push('N');
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_for_the_same_reason_are_one_kind() {
        let a = "a.json:1: #/paths/~1x/get/responses/401: `$ref: #/paths/~1y/get/responses/401` must point to `#/components/responses/<name>`";
        let b = "b.json:7: #/paths/~1z/post/responses/401: `$ref: #/paths/~1/get/responses/401` must point to `#/components/responses/<name>`";
        assert_eq!(kind(a), kind(b));
        assert_eq!(kind(a), "`$ref: #/…` must point to `#/components/responses/<name>`");
        assert_eq!(
            kind("api.video.json:1: #/components/schemas/x: not a valid OpenAPI 3.0 document: invalid type: integer `0`, expected a string"),
            "not a valid OpenAPI 3.0 document: invalid type: integer `…`, expected a string"
        );
        assert_eq!(
            kind("graph.json: the file is 20345645 bytes (20 MiB), over the limit of 16777216 bytes; `--max-input-mb 20` raises the limit"),
            "the file is N bytes (N MiB), over the limit of N bytes; `…` raises the limit"
        );
        assert_eq!(kind(r#"x.yaml:3: #: invalid value "abc" at 12"#), r#"invalid value "…" at N"#);
        assert_eq!(
            kind("e.json:1: #/a: `$ref: #/b` cannot be followed: #/paths/~1v/get/parameters/0 is a parameter"),
            "`$ref: #/…` cannot be followed: #/… is a parameter"
        );
    }
}
