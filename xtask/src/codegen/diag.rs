//! Errors and warnings that point into the spec: every one names a file and a JSON pointer.

use std::fmt;

/// A place in a spec file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: String,
    /// A JSON pointer (RFC 6901) such as `#/paths/~1x/get/responses/400`.
    pub pointer: String,
    /// The line, where the parser knows it.
    pub line: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.file, self.pointer),
            None => write!(f, "{}: {}", self.file, self.pointer),
        }
    }
}

/// Why generation stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub location: Option<Location>,
    pub message: String,
}

impl Error {
    pub fn at(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Error {
            location: Some(Location { file: file.to_string(), pointer: pointer.to_string(), line: None }),
            message: message.into(),
        }
    }

    pub fn other(message: impl Into<String>) -> Self {
        Error { location: None, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(location) => write!(f, "{location}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Something the generator recovered from; `--strict` makes these errors.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Appends a key to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub fn pointer_push(pointer: &str, key: &str) -> String {
    // Built in one allocation: the generator and the validator call this for every node they visit.
    let mut out = String::with_capacity(pointer.len() + key.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_slashes_and_tildes() {
        assert_eq!(pointer_push("#/paths", "/x/{id}"), "#/paths/~1x~1{id}");
        assert_eq!(pointer_push("#", "a~b"), "#/a~0b");
    }

    #[test]
    fn errors_name_file_line_and_pointer() {
        let mut error = Error::at("spec.yaml", "#/paths/~1x/get", "no responses");
        assert_eq!(error.to_string(), "spec.yaml: #/paths/~1x/get: no responses");
        error.location.as_mut().unwrap().line = Some(12);
        assert_eq!(error.to_string(), "spec.yaml:12: #/paths/~1x/get: no responses");
    }
}
