//! Writes Rust source text laid out the way prettyplease lays it out, and falls back to prettyplease
//! itself for any item whose layout the emitters cannot vouch for.
//!
//! Generating tokens with `quote`, re-parsing them with syn and printing them with prettyplease took
//! three quarters of the generator's time on large specs, although nearly all generated items share
//! a few fixed shapes. The emitters therefore write those shapes directly: every line is either
//! laid out by the same rule prettyplease applies (a group stays on one line when the line fits in
//! [`MARGIN`] columns), or is one prettyplease cannot break either (a comment, a string literal).
//! When a line that prettyplease could break would still be too wide, the emitter's layout might
//! differ from prettyplease's, so the whole item goes through prettyplease instead ([`Writer::finish`]).
//! `Options::verify_formatting`, on in every test that generates and in `cargo xtask corpus`,
//! checks that each item is exactly what prettyplease prints for the same code;
//! `xtask/tests/layout.rs` runs that check over specs with random name and value lengths.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many items have gone through prettyplease since the process started: a statistic for the
/// benchmark, which shows how often the fallback is taken.
static REFORMATTED: AtomicUsize = AtomicUsize::new(0);

pub fn reformatted_items() -> usize {
    REFORMATTED.load(Ordering::Relaxed)
}

/// The column prettyplease fills up to before it breaks a line.
pub const MARGIN: usize = 89;

/// The indentation of one block level.
const INDENT: usize = 4;

/// One item's text, written line by line.
#[derive(Default)]
pub struct Writer {
    out: String,
    indent: usize,
    /// A breakable line went past the margin: prettyplease would have broken it somewhere.
    overflow: bool,
}

impl Writer {
    pub fn new() -> Self {
        Writer::default()
    }

    /// Whether `text` fits on a line at the current indentation.
    pub fn fits(&self, text: &str) -> bool {
        self.indent + text.len() <= MARGIN
    }

    /// A line that prettyplease would break if it did not fit.
    pub fn line(&mut self, text: &str) {
        if !self.fits(text) {
            self.overflow = true;
        }
        self.atomic(text);
    }

    /// A line that prettyplease prints as it is, however long: a comment, or a statement whose only
    /// long part is a literal or a name.
    pub fn atomic(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push(' ');
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A line that opens a block: the following lines are indented one more level.
    pub fn open(&mut self, text: &str) {
        self.line(text);
        self.indent += INDENT;
    }

    /// A line that opens a block and that prettyplease cannot break, like `fn name() {`.
    pub fn open_atomic(&mut self, text: &str) {
        self.atomic(text);
        self.indent += INDENT;
    }

    /// Indents the following lines one more level, after a block opened by [`Writer::group`].
    pub fn enter(&mut self) {
        self.indent += INDENT;
    }

    /// A match arm: on one line when it fits (its comma aside), else with its expression in a
    /// block, as prettyplease does.
    pub fn arm(&mut self, pattern: &str, expr: &str) {
        // The comma that ends an arm on one line may stand past the margin.
        let flat = format!("{pattern} => {expr}");
        if self.fits(&flat) {
            self.atomic(&format!("{flat},"));
        } else {
            self.open(&format!("{pattern} => {{"));
            self.line(expr);
            self.close("}");
        }
    }

    /// A struct literal such as `Self { a, b: None }`, followed by `tail`: on one line when it fits
    /// and is short (prettyplease breaks any struct literal wider than 34 columns up to its closing
    /// brace), else one field per line.
    pub fn struct_literal(&mut self, head: &str, fields: &[String], tail: &str) {
        let literal = format!("{head} {{ {} }}", fields.join(", "));
        let flat = format!("{literal}{tail}");
        if literal.len() - 1 <= 34 && self.fits(&flat) {
            self.line(&flat);
        } else {
            self.open(&format!("{head} {{"));
            for field in fields {
                self.line(&format!("{field},"));
            }
            self.close(&format!("}}{tail}"));
        }
    }

    /// Whether `text` fits on a line one level shallower than the current indentation, where the
    /// next [`Writer::close`] puts it.
    pub fn fits_outer(&self, text: &str) -> bool {
        self.indent - INDENT + text.len() <= MARGIN
    }

    /// Goes back one level of indentation without writing a line.
    pub fn leave(&mut self) {
        self.indent -= INDENT;
    }

    /// A line that closes a block opened with [`Writer::open`].
    pub fn close(&mut self, text: &str) {
        self.indent -= INDENT;
        self.line(text);
    }

    /// Doc comments, one `///` line per line of text, as prettyplease prints `#[doc]` attributes.
    pub fn docs<S: AsRef<str>>(&mut self, lines: &[S]) {
        for line in lines {
            self.doc(line.as_ref());
        }
    }

    pub fn doc(&mut self, line: &str) {
        let line = line.trim_end_matches(' ');
        if line.is_empty() {
            self.atomic("///");
        } else {
            self.atomic(&format!("/// {line}"));
        }
    }

    /// A comma-separated group: on one line as `{head}{items}{tail}` when that fits, else `head`,
    /// one item per line with a trailing comma, and `tail` (prettyplease's layout of argument lists,
    /// attribute arguments and array literals).
    pub fn group(&mut self, head: &str, items: &[String], tail: &str) {
        let flat = format!("{head}{}{tail}", items.join(", "));
        if self.fits(&flat) || items.is_empty() {
            self.line(&flat);
        } else {
            self.open(head);
            for item in items {
                self.line(&format!("{item},"));
            }
            self.close(tail);
        }
    }

    /// Leaves the layout of this item to prettyplease: for shapes too rare to be worth a layout
    /// rule of their own (lists of closures, nested struct literals), written one per line.
    pub fn defer_to_prettyplease(&mut self) {
        self.overflow = true;
    }

    /// The item's text: as written, or as prettyplease prints it when a line overflowed.
    pub fn finish(self) -> Result<String, String> {
        if self.overflow {
            REFORMATTED.fetch_add(1, Ordering::Relaxed);
            reformat(&self.out)
        } else {
            Ok(self.out)
        }
    }
}

/// An `impl` block with one method whose body is a `match` on `subject`: one arm per pair of
/// pattern and expression, then `last` (a whole arm) if given.
pub fn match_impl(
    header: &str,
    doc: Option<&str>,
    signature: &str,
    subject: &str,
    arms: impl Iterator<Item = (String, String)>,
    last: Option<&str>,
) -> Result<String, String> {
    let mut w = Writer::new();
    w.open(header);
    if let Some(doc) = doc {
        w.doc(doc);
    }
    w.open(signature);
    w.open(&format!("match {subject} {{"));
    for (pattern, expr) in arms {
        w.arm(&pattern, &expr);
    }
    if let Some(last) = last {
        w.line(last);
    }
    w.close("}");
    w.close("}");
    w.close("}");
    w.finish()
}

/// Code formatted by prettyplease, one item at a time (each ending in a newline, with no blank line
/// between items: the caller separates items).
pub fn reformat(code: &str) -> Result<String, String> {
    let file =
        syn::parse_file(code).map_err(|e| format!("internal error: generated code does not parse: {e}\n{code}"))?;
    let mut out = String::with_capacity(code.len());
    let mut parts = Vec::with_capacity(file.items.len() + 1);
    if !file.attrs.is_empty() {
        parts.push(syn::File { shebang: None, attrs: file.attrs, items: Vec::new() });
    }
    parts.extend(file.items.into_iter().map(|item| syn::File { shebang: None, attrs: Vec::new(), items: vec![item] }));
    for part in &parts {
        out.push_str(&prettyplease::unparse(part));
        // prettyplease ends a file of inner attributes alone without a newline.
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    Ok(out)
}

/// A string literal, escaped exactly as prettyplease prints one built by `quote`.
pub fn string(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// A raw string literal where possible, so that JSON in the generated tests reads as JSON rather
/// than escapes; control characters cannot stand in a raw string, so those get an escaped literal.
pub fn raw_string(text: &str) -> String {
    if text.contains(|c: char| c.is_control()) {
        return string(text);
    }
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_break_exactly_where_prettyplease_breaks_them() {
        // Argument lists one column either side of the margin.
        for len in [70, 71, 72, 73, 74] {
            let arg = "a".repeat(len);
            let mut w = Writer::new();
            w.open("fn f() {");
            w.group("g(", &[arg.clone(), "b".to_string()], ");");
            w.close("}");
            let written = w.out.clone();
            assert_eq!(written, reformat(&written).unwrap(), "argument of {len} characters");
        }
    }

    #[test]
    fn an_overflowing_line_sends_the_item_through_prettyplease() {
        let mut w = Writer::new();
        w.open("fn f() {");
        w.line(&format!("g({}, {});", "a".repeat(60), "b".repeat(60)));
        w.close("}");
        let formatted = w.finish().unwrap();
        assert!(formatted.contains("    g(\n"), "{formatted}");
    }

    #[test]
    fn literals_are_printed_as_prettyplease_prints_them() {
        for text in ["plain", "quote \" and \\ backslash", "tab\tnewline\n", "émoji 🎉", "\u{a0}nbsp", "nul\0", "'"]
        {
            let code = format!("const A: &str = {};\n", string(text));
            assert_eq!(reformat(&code).unwrap(), code, "{text:?}");
            let parsed: syn::LitStr = syn::parse_str(&string(text)).unwrap();
            assert_eq!(parsed.value(), text);
        }
        assert_eq!(raw_string(r#"{"a":"b"}"#), r###"r#"{"a":"b"}"#"###);
        assert_eq!(raw_string(r##"x"#y"##), r###"r##"x"#y"##"###);
        assert_eq!(raw_string("a\u{1}b"), "\"a\\u{1}b\"");
    }
}
