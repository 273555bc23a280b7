//! Reads a spec file's text into an untyped JSON value, refusing input that would exhaust memory
//! or time before a parser sees it. JSON is parsed as JSON, YAML as YAML.

use std::path::Path;

use super::Source;
use crate::codegen::diag::{Error, Location};

/// By default a file larger than this is refused before parsing, so hostile input cannot exhaust
/// memory: parsing YAML takes about a hundred times the file's size (24 MB of YAML took 2.4 GB), and
/// HighLevel's largest spec is well under 1 MB. Some public specs are larger (Microsoft Graph's is
/// 47 MB of JSON), so `--max-input-mb` raises it for a spec the user trusts.
pub const DEFAULT_MAX_INPUT_MB: u64 = 16;
/// How deep YAML flow collections (`[`, `{`) may nest. libyaml's scanner takes time quadratic in
/// this depth before serde_yaml's recursion limit (128) is reached, so deeper text is refused first.
const MAX_FLOW_DEPTH: usize = 512;

/// Reads and parses one file, refusing it unread when it is larger than `max_bytes`.
pub(super) fn parse_value(path: &Path, display: &str, max_bytes: u64) -> Result<Source, Error> {
    let size =
        std::fs::metadata(path).map_err(|e| Error::other(format!("{display}: cannot read the spec: {e}")))?.len();
    if size > max_bytes {
        return Err(Error::other(too_large(display, size, max_bytes)));
    }
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::other(format!("{display}: cannot read the spec: {e}")))?;
    let is_json = path.extension().is_some_and(|e| e == "json");
    // JSON is parsed as JSON: YAML parsers reject some valid JSON, such as the escape `\/`.
    let value = if is_json {
        serde_json::from_str(&text).map_err(|e| Error {
            location: Some(Location { file: display.to_string(), pointer: "#".into(), line: Some(e.line()) }),
            message: format!("invalid JSON: {e}"),
        })
    } else if let Some(line) = flow_depth_exceeded(&text, MAX_FLOW_DEPTH) {
        Err(Error {
            location: Some(Location { file: display.to_string(), pointer: "#".into(), line: Some(line) }),
            message: format!("invalid YAML: collections nest deeper than {MAX_FLOW_DEPTH} levels"),
        })
    } else {
        serde_yaml::from_str(&text).map_err(|e| Error {
            location: Some(Location {
                file: display.to_string(),
                pointer: "#".into(),
                line: e.location().map(|l| l.line()),
            }),
            message: format!("invalid YAML: {e}"),
        })
    }?;
    Ok(Source { display: display.to_string(), text, is_json, value })
}

/// The refusal of an oversized file, naming the option that raises the limit.
fn too_large(display: &str, size: u64, max_bytes: u64) -> String {
    let mib = |bytes: u64| bytes.div_ceil(1024 * 1024);
    format!(
        "{display}: the file is {size} bytes ({} MiB), over the limit of {max_bytes} bytes; \
         `--max-input-mb {}` raises the limit for a spec you trust",
        mib(size),
        mib(size)
    )
}

/// The line where `[` and `{` outside quotes and comments first nest deeper than `limit`, if they do.
/// It over-counts only brackets in plain scalars, which real specs do not pile up by the hundred.
fn flow_depth_exceeded(text: &str, limit: usize) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1);
    let (mut quote, mut escaped, mut comment, mut previous) = (None, false, false, ' ');
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            comment = false;
        } else if comment {
            // The rest of the line is a comment.
        } else if let Some(open) = quote {
            if escaped {
                escaped = false;
            } else if open == '"' && c == '\\' {
                escaped = true;
            } else if c == open {
                quote = None;
            }
        } else {
            match c {
                '#' if previous.is_whitespace() => comment = true,
                // A quote opens a quoted scalar only where a scalar can start, not inside "don't".
                '"' | '\'' if previous.is_whitespace() || matches!(previous, '[' | '{' | ',' | ':') => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some(line);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        previous = c;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_unread_naming_the_option() {
        let path = std::env::temp_dir().join(format!("parse-limit-{}.json", std::process::id()));
        std::fs::write(&path, r#"{"openapi": "3.0.3", "padding": "0123456789"}"#).unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        let refused = parse_value(&path, "x.json", size - 1).map(|_| ()).unwrap_err().to_string();
        let read = parse_value(&path, "x.json", size).map(|s| s.value["openapi"].clone());
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            refused,
            format!(
                "x.json: the file is {size} bytes (1 MiB), over the limit of {} bytes; `--max-input-mb 1` raises the limit for a spec you trust",
                size - 1
            )
        );
        assert_eq!(read.unwrap(), "3.0.3");
    }

    #[test]
    fn flow_depth_counts_brackets_outside_quotes_and_comments() {
        assert_eq!(flow_depth_exceeded("a: [[[x]]]\n", 3), None);
        assert_eq!(flow_depth_exceeded("a: 1\nb: [[[[x]]]]\n", 3), Some(2));
        assert_eq!(flow_depth_exceeded("a: \"[[[[\\\"[[\"\nb: '[[[[' # [[[[\nc: don't [[ ]]\n", 3), None);
    }
}
