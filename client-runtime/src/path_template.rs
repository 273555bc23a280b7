//! OpenAPI path templates such as `/accounts/{accountId}/posts`: the one parser the generator
//! (which turns a template into a method's path) and the mock server (which routes a request by
//! it) both use, so a template means the same to both.

use std::collections::BTreeMap;
use std::fmt;

/// A piece of a path template: literal text, or the name of a `{variable}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'p> {
    /// Text the path holds as written.
    Literal(&'p str),
    /// The name of a variable, without its braces.
    Variable(&'p str),
}

/// Why a template cannot be parsed, and where: everything before `at` is a well-formed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// The whole template.
    pub template: String,
    /// The byte offset of the `{` that starts the malformed variable.
    pub at: usize,
    /// What is wrong there.
    pub problem: Problem,
}

/// The ways a `{variable}` can be malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A `{` without its `}`.
    Unclosed,
    /// `{}`.
    EmptyName,
    /// A `{` inside a variable's name, as in `{a{b}`.
    Nested,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = match self.problem {
            Problem::Unclosed => "an unclosed `{`",
            Problem::EmptyName => "a variable without a name (`{}`)",
            Problem::Nested => "a `{` inside a variable's name",
        };
        write!(f, "path `{}` has {problem} at byte {}", self.template, self.at)
    }
}

impl std::error::Error for TemplateError {}

/// Splits a path template into literal text and `{variables}`. A `}` outside a variable is
/// literal text.
pub fn parse(template: &str) -> Result<Vec<Segment<'_>>, TemplateError> {
    let mut segments = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let at = template.len() - rest.len() + open;
        let error = |problem| TemplateError { template: template.to_string(), at, problem };
        let name_and_after = &rest[open + 1..];
        let Some(close) = name_and_after.find('}') else { return Err(error(Problem::Unclosed)) };
        let name = &name_and_after[..close];
        if name.contains('{') {
            return Err(error(Problem::Nested));
        }
        if name.is_empty() {
            return Err(error(Problem::EmptyName));
        }
        if open > 0 {
            segments.push(Segment::Literal(&rest[..open]));
        }
        segments.push(Segment::Variable(name));
        rest = &name_and_after[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Literal(rest));
    }
    Ok(segments)
}

/// The variables of `template` if `path` (still percent-encoded) is an instance of it, each the
/// text it stands for. A variable stands for non-empty text within one `/`-separated segment,
/// up to the first occurrence of the literal that follows it (`/f/{name}.{ext}` reads `a.b.c` as
/// `a` and `b.c`). Leading and trailing slashes are not significant.
pub fn matches<'a>(template: &[Segment<'_>], path: &'a str) -> Option<BTreeMap<String, &'a str>> {
    let mut variables = BTreeMap::new();
    let mut rest = path.trim_start_matches('/');
    let mut pieces = template.iter().peekable();
    let mut first = true;
    while let Some(piece) = pieces.next() {
        match piece {
            Segment::Literal(text) => {
                let text = if first { text.trim_start_matches('/') } else { text };
                let text = if pieces.peek().is_none() { text.trim_end_matches('/') } else { text };
                rest = rest.strip_prefix(text)?;
            }
            Segment::Variable(name) => {
                let segment_end = rest.find('/').unwrap_or(rest.len());
                let end = match pieces.peek() {
                    Some(Segment::Literal(next)) if !next.starts_with('/') => {
                        rest[..segment_end].find(next.split('/').next().unwrap_or(next))?
                    }
                    _ => segment_end,
                };
                if end == 0 {
                    return None;
                }
                variables.insert(name.to_string(), &rest[..end]);
                rest = &rest[end..];
            }
        }
        first = false;
    }
    rest.trim_end_matches('/').is_empty().then_some(variables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Segment::{Literal, Variable};

    #[test]
    fn templates_split_into_literals_and_variables() {
        assert_eq!(parse("/a/{id}/b{x}").unwrap(), [Literal("/a/"), Variable("id"), Literal("/b"), Variable("x")]);
        assert_eq!(parse("/a/b}").unwrap(), [Literal("/a/b}")]);
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn malformed_templates_say_what_and_where() {
        let error = parse("/a/{id}/{x").unwrap_err();
        assert_eq!((error.at, error.problem), (8, Problem::Unclosed));
        assert_eq!(error.to_string(), "path `/a/{id}/{x` has an unclosed `{` at byte 8");
        assert_eq!(parse("/a/{}").unwrap_err().problem, Problem::EmptyName);
        assert_eq!(parse("/a/{b{c}").unwrap_err().problem, Problem::Nested);
        assert!(parse(&"/a/{b{c}"[..parse("/a/{b{c}").unwrap_err().at]).is_ok());
    }

    #[test]
    fn paths_match_segment_by_segment() {
        let template = parse("/a/{id}/b").unwrap();
        assert_eq!(matches(&template, "/a/x1/b").unwrap()["id"], "x1");
        assert_eq!(matches(&template, "a/x1/b/").unwrap()["id"], "x1");
        assert!(matches(&template, "/a//b").is_none());
        assert!(matches(&template, "/a/x/y/b").is_none());
        assert!(matches(&template, "/a/x1/bc").is_none());
        let file = parse("/f/{name}.{ext}").unwrap();
        let found = matches(&file, "/f/a.b.c").unwrap();
        assert_eq!((found["name"], found["ext"]), ("a", "b.c"));
        assert!(matches(&file, "/f/a/b.c").is_none());
        assert!(matches(&parse("/").unwrap(), "/").is_some());
    }
}
