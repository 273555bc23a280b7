//! Finds the line of a JSON pointer in a spec's source text, so that diagnostics can name it.
//!
//! `serde_yaml` and `serde_json` keep no positions in the values they build, so the text is scanned a
//! second time, only when a diagnostic needs a line: YAML through `yaml-rust2`'s event parser (which
//! never expands aliases, so an alias bomb costs nothing here) and JSON through a small tokenizer.
//! A pointer into a mapping is given the line of its key, which is where a reader looks.

use std::collections::{BTreeMap, BTreeSet};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::diag::pointer_push;

/// The lines of those of `wanted` that occur in `text`; pointers it cannot place are left out.
pub fn find(text: &str, is_json: bool, wanted: &BTreeSet<String>) -> BTreeMap<String, usize> {
    let mut finder = Finder { wanted, found: BTreeMap::new(), stack: Vec::new() };
    if is_json {
        json_events(text, &mut finder);
    } else {
        // A document the YAML parser rejects here was accepted by serde_yaml; lines found before the
        // disagreement are still right, so the error is ignored.
        let _ = Parser::new_from_str(text).load(&mut finder, false);
    }
    finder.found
}

/// The position of the node being read inside its parent.
enum Frame {
    Mapping {
        pointer: String,
        key: Option<(String, usize)>,
    },
    Sequence {
        pointer: String,
        index: usize,
    },
    /// A mapping or sequence used as a key, which no JSON pointer can name.
    Ignored,
}

struct Finder<'a> {
    wanted: &'a BTreeSet<String>,
    found: BTreeMap<String, usize>,
    stack: Vec<Frame>,
}

/// What the finder needs of a parser event.
enum Node {
    Start {
        mapping: bool,
    },
    End,
    Scalar(String),
    /// An alias, which stands for a whole node and so takes a place like a scalar does.
    Alias,
}

impl Finder<'_> {
    /// Gives a node its pointer and line; `None` when the node is a mapping key.
    fn place(&mut self, line: usize, scalar: Option<&str>) -> Option<String> {
        match self.stack.last_mut() {
            None => Some("#".to_string()),
            Some(Frame::Ignored) => Some(String::new()),
            Some(Frame::Sequence { pointer, index }) => {
                let at = pointer_push(pointer, &index.to_string());
                *index += 1;
                self.record(&at, line);
                Some(at)
            }
            Some(Frame::Mapping { pointer, key }) => match key.take() {
                None => {
                    *key = Some((scalar.unwrap_or_default().to_string(), line));
                    None
                }
                Some((name, key_line)) => {
                    let at = pointer_push(pointer, &name);
                    self.record(&at, key_line);
                    Some(at)
                }
            },
        }
    }

    fn record(&mut self, pointer: &str, line: usize) {
        if self.wanted.contains(pointer) {
            self.found.entry(pointer.to_string()).or_insert(line);
        }
    }

    fn node(&mut self, node: Node, line: usize) {
        match node {
            Node::Scalar(text) => {
                self.place(line, Some(&text));
            }
            Node::Alias => {
                self.place(line, Some(""));
            }
            Node::Start { mapping } => {
                let frame = match self.place(line, None) {
                    // A collection used as a mapping key.
                    None => Frame::Ignored,
                    Some(pointer) if pointer.is_empty() => Frame::Ignored,
                    Some(pointer) if mapping => Frame::Mapping { pointer, key: None },
                    Some(pointer) => Frame::Sequence { pointer, index: 0 },
                };
                self.stack.push(frame);
            }
            Node::End => {
                self.stack.pop();
            }
        }
    }
}

impl MarkedEventReceiver for Finder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        match event {
            Event::Scalar(text, ..) => self.node(Node::Scalar(text), line),
            Event::Alias(_) => self.node(Node::Alias, line),
            Event::MappingStart(..) => self.node(Node::Start { mapping: true }, line),
            Event::SequenceStart(..) => self.node(Node::Start { mapping: false }, line),
            Event::MappingEnd | Event::SequenceEnd => self.node(Node::End, line),
            _ => {}
        }
    }
}

/// Feeds the finder the events of a JSON text. The text was already accepted by `serde_json`, so
/// the tokenizer only needs to be right for valid JSON; it stops quietly on anything else.
fn json_events(text: &str, finder: &mut Finder<'_>) {
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match c {
            '\n' => line += 1,
            '{' => finder.node(Node::Start { mapping: true }, line),
            '[' => finder.node(Node::Start { mapping: false }, line),
            '}' | ']' => finder.node(Node::End, line),
            '"' => {
                let mut value = String::new();
                loop {
                    match chars.next() {
                        None => return,
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => value.push('\n'),
                            Some('t') => value.push('\t'),
                            Some('r') => value.push('\r'),
                            Some('b') => value.push('\u{8}'),
                            Some('f') => value.push('\u{c}'),
                            Some('u') => {
                                let code: String = chars.by_ref().take(4).collect();
                                let unit = u32::from_str_radix(&code, 16).unwrap_or(0xFFFD);
                                if (0xD800..0xDC00).contains(&unit) && chars.peek() == Some(&'\\') {
                                    chars.next();
                                    chars.next();
                                    let low: String = chars.by_ref().take(4).collect();
                                    let low = u32::from_str_radix(&low, 16).unwrap_or(0xDC00);
                                    let combined =
                                        0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
                                    value.push(char::from_u32(combined).unwrap_or('\u{FFFD}'));
                                } else {
                                    value.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                                }
                            }
                            Some(other) => value.push(other),
                            None => return,
                        },
                        Some(other) => value.push(other),
                    }
                }
                finder.node(Node::Scalar(value), line);
            }
            c if c == '-' || c.is_ascii_alphanumeric() => {
                let mut literal = c.to_string();
                while let Some(&next) = chars.peek() {
                    if next.is_ascii_alphanumeric() || matches!(next, '.' | '+' | '-') {
                        literal.push(next);
                        chars.next();
                    } else {
                        break;
                    }
                }
                finder.node(Node::Scalar(literal), line);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, is_json: bool, pointers: &[&str]) -> Vec<Option<usize>> {
        let wanted: BTreeSet<String> = pointers.iter().map(|p| p.to_string()).collect();
        let found = find(text, is_json, &wanted);
        pointers.iter().map(|p| found.get(*p).copied()).collect()
    }

    #[test]
    fn yaml_pointers_get_the_line_of_their_key() {
        let text = "a:\n  b: 1\n  c:\n    - x\n    - {d: 2,\n       e: 3}\n\"f/g\": 4\n";
        assert_eq!(
            lines(text, false, &["#/a", "#/a/b", "#/a/c/1", "#/a/c/1/e", "#/f~1g", "#/missing"]),
            [Some(1), Some(2), Some(5), Some(6), Some(7), None]
        );
    }

    #[test]
    fn json_pointers_get_the_line_of_their_key() {
        let text = "{\n  \"a\": {\n    \"b\\/c\": [1,\n      {\"d\": \"x\\\"y\"}],\n    \"e\": null\n  }\n}\n";
        assert_eq!(lines(text, true, &["#/a", "#/a/b~1c/1/d", "#/a/e"]), [Some(2), Some(4), Some(5)]);
    }

    #[test]
    fn collections_as_keys_do_not_shift_later_keys() {
        let text = "? [a, b]\n: 1\nc: 2\n";
        assert_eq!(lines(text, false, &["#/c"]), [Some(3)]);
    }
}
