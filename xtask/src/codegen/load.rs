//! Reads the spec and every file its `$ref`s reach, and parses each into `openapiv3` types.
//!
//! All file I/O of the generator happens here, so that lowering is a pure function of what was
//! loaded. Parse errors carry the file, the line where the parser knows it, and the JSON pointer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use openapiv3::{Components, OpenAPI};
use serde::Deserialize;

use super::diag::{pointer_push, Error, Location, Warning};

/// A spec larger than this is refused before parsing, so hostile input cannot exhaust memory: parsing
/// YAML takes about a hundred times the file's size (24 MB of YAML took 2.4 GB), and HighLevel's
/// largest spec is well under 1 MB.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
/// How deep YAML flow collections (`[`, `{`) may nest. libyaml's scanner takes time quadratic in
/// this depth before serde_yaml's recursion limit (128) is reached, so deeper text is refused first.
const MAX_FLOW_DEPTH: usize = 512;
/// How many files one spec may pull in through `$ref`s.
const MAX_FILES: usize = 256;

/// The spec and the documents it references.
#[derive(Debug)]
pub struct Spec {
    pub root: OpenAPI,
    pub root_key: DocKey,
    /// Components of every document, the root included, by canonical path.
    pub documents: BTreeMap<DocKey, Document>,
    /// Where each file named in a `$ref` leads: (referring document, file as written) to document.
    pub links: BTreeMap<(DocKey, String), DocKey>,
    /// Defects repaired before parsing, each naming file and pointer.
    pub warnings: Vec<Warning>,
    /// The text and untyped value of every document, for validation and for the lines of diagnostics.
    pub sources: BTreeMap<DocKey, Source>,
}

impl Spec {
    /// Gives an error about one of the documents the line of its pointer, where it has one.
    pub fn locate(&self, error: Error) -> Error {
        let file = error.location.as_ref().map(|l| l.file.as_str());
        match self.sources.values().find(|s| Some(s.display.as_str()) == file) {
            Some(source) => source.locate(error),
            None => error,
        }
    }

    /// Gives warnings the lines of their pointers, one scan per document.
    pub fn locate_warnings(&self, warnings: &mut [Warning]) {
        for source in self.sources.values() {
            let wanted: BTreeSet<String> = warnings
                .iter()
                .filter(|w| w.location.line.is_none() && w.location.file == source.display)
                .map(|w| w.location.pointer.clone())
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let lines = super::lines::find(&source.text, source.is_json, &wanted);
            for warning in
                warnings.iter_mut().filter(|w| w.location.line.is_none() && w.location.file == source.display)
            {
                warning.location.line = lines.get(&warning.location.pointer).copied();
            }
        }
    }
}

/// A document as read, before any typing.
#[derive(Debug)]
pub struct Source {
    pub display: String,
    pub text: String,
    pub is_json: bool,
    pub value: serde_json::Value,
}

impl Source {
    /// Gives an error the line of its pointer, where the text has one.
    pub fn locate(&self, mut error: Error) -> Error {
        if let Some(location) = error.location.as_mut().filter(|l| l.line.is_none()) {
            let wanted = std::iter::once(location.pointer.clone()).collect();
            location.line = super::lines::find(&self.text, self.is_json, &wanted).remove(&location.pointer);
        }
        error
    }
}

/// A document's canonical path, which identifies it in `$ref` resolution.
pub type DocKey = PathBuf;

#[derive(Debug)]
pub struct Document {
    /// The path as shown in diagnostics: as given for the root, relative to the root's folder else.
    pub display: String,
    pub components: Components,
}

/// Referenced documents only need their components; they may lack `paths` or `info`.
#[derive(Deserialize)]
struct ComponentsOnly {
    #[serde(default)]
    components: Option<Components>,
}

pub fn load(path: &Path, display: &str) -> Result<Spec, Error> {
    let root_key = canonical(path, display)?;
    let mut source = parse_value(&root_key, display)?;
    let mut warnings = Vec::new();
    repair(&mut source.value, display, &mut warnings);
    let root: OpenAPI = from_value(&source.value, display).map_err(|e| source.locate(e))?;
    let mut documents = BTreeMap::new();
    documents.insert(
        root_key.clone(),
        Document { display: display.to_string(), components: root.components.clone().unwrap_or_default() },
    );
    let mut links = BTreeMap::new();
    let mut sources = BTreeMap::new();
    let mut pending = vec![(root_key.clone(), source)];
    while let Some((key, source)) = pending.pop() {
        let from_display = documents[&key].display.clone();
        for (pointer, reference) in external_refs(&source.value) {
            let file = super::spec::parse_reference(&reference)
                .map_err(|e| source.locate(Error::at(&from_display, &pointer, format!("`$ref: {reference}`: {e}"))))?
                .file;
            let base = key.parent().unwrap_or(Path::new("."));
            let target_display = display_path(&from_display, file);
            let target = base.join(file);
            let target_key = target.canonicalize().map_err(|e| {
                source.locate(Error::at(
                    &from_display,
                    &pointer,
                    format!("`$ref: {reference}` names {target_display}, which cannot be read: {e}"),
                ))
            })?;
            links.insert((key.clone(), file.to_string()), target_key.clone());
            if documents.contains_key(&target_key) {
                continue;
            }
            if documents.len() >= MAX_FILES {
                return Err(source.locate(Error::at(
                    &from_display,
                    &pointer,
                    format!("more than {MAX_FILES} files are referenced"),
                )));
            }
            let target_source = parse_value(&target_key, &target_display)?;
            let doc: ComponentsOnly =
                from_value(&target_source.value, &target_display).map_err(|e| target_source.locate(e))?;
            documents.insert(
                target_key.clone(),
                Document { display: target_display, components: doc.components.unwrap_or_default() },
            );
            pending.push((target_key, target_source));
        }
        sources.insert(key, source);
    }
    Ok(Spec { root, root_key, documents, links, sources, warnings })
}

fn canonical(path: &Path, display: &str) -> Result<PathBuf, Error> {
    path.canonicalize().map_err(|e| Error::other(format!("{display}: cannot read the spec: {e}")))
}

/// `dir/a.yaml` referencing `../common/b.json` is shown as `common/b.json`, without touching the disk.
fn display_path(from: &str, file: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in file.split('/') {
        match part {
            "." | "" => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

fn parse_value(path: &Path, display: &str) -> Result<Source, Error> {
    let size =
        std::fs::metadata(path).map_err(|e| Error::other(format!("{display}: cannot read the spec: {e}")))?.len();
    if size > MAX_FILE_BYTES {
        return Err(Error::other(format!("{display}: the file is {size} bytes; at most {MAX_FILE_BYTES} are read")));
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

/// Deserializes with the path of the first mismatch, turned into a JSON pointer.
fn from_value<T: serde::de::DeserializeOwned>(raw: &serde_json::Value, display: &str) -> Result<T, Error> {
    // Tracking the path costs more than half of the deserialization, and only a failure needs it:
    // a valid document is read directly, an invalid one is read again to find where it fails.
    if let Ok(value) = T::deserialize(raw) {
        return Ok(value);
    }
    serde_path_to_error::deserialize::<_, T>(raw).map_err(|error| {
        let (pointer, message) = describe(&error, "#");
        // `openapiv3` reads path items, parameters and responses through flattened and untagged
        // types, which lose the path of a mismatch (`#/paths`); reading the parts one by one finds
        // the part at fault.
        let (pointer, message) = match narrow(raw) {
            Some(narrower) if narrower.0.starts_with(&pointer) => narrower,
            _ => (pointer, message),
        };
        Error::at(display, &pointer, format!("not a valid OpenAPI 3.0 document: {message}"))
    })
}

/// The pointer (below `base`) and message of a deserialization error.
fn describe(error: &serde_path_to_error::Error<serde_json::Error>, base: &str) -> (String, String) {
    let mut pointer = base.to_string();
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            serde_path_to_error::Segment::Map { key } => pointer = pointer_push(&pointer, key),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    (pointer, error.inner().to_string())
}

/// The pointer and message of the first mismatch of `value` as a `T`, if there is one.
fn first_error<T: serde::de::DeserializeOwned>(value: &serde_json::Value, base: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value).err().map(|error| describe(&error, base))
}

/// The first mismatch among the parts of `paths` and `components` that `openapiv3` reads without
/// keeping the path: each parameter, request body and response, then each operation and path item.
fn narrow(raw: &serde_json::Value) -> Option<(String, String)> {
    use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema};
    fn entries(value: Option<&serde_json::Value>) -> impl Iterator<Item = (&String, &serde_json::Value)> {
        value.and_then(|v| v.as_object()).into_iter().flatten()
    }
    fn items(value: Option<&serde_json::Value>) -> impl Iterator<Item = (usize, &serde_json::Value)> {
        value.and_then(|v| v.as_array()).into_iter().flatten().enumerate()
    }
    for (path, item) in entries(raw.get("paths")) {
        let item_at = pointer_push("#/paths", path);
        for (index, parameter) in items(item.get("parameters")) {
            let at = pointer_push(&pointer_push(&item_at, "parameters"), &index.to_string());
            if let Some(found) = first_error::<ReferenceOr<Parameter>>(parameter, &at) {
                return Some(found);
            }
        }
        for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
            let Some(operation) = item.get(method) else { continue };
            let op_at = pointer_push(&item_at, method);
            for (index, parameter) in items(operation.get("parameters")) {
                let at = pointer_push(&pointer_push(&op_at, "parameters"), &index.to_string());
                if let Some(found) = first_error::<ReferenceOr<Parameter>>(parameter, &at) {
                    return Some(found);
                }
            }
            if let Some(body) = operation.get("requestBody") {
                if let Some(found) = first_error::<ReferenceOr<RequestBody>>(body, &pointer_push(&op_at, "requestBody"))
                {
                    return Some(found);
                }
            }
            for (status, response) in entries(operation.get("responses")) {
                let at = pointer_push(&pointer_push(&op_at, "responses"), status);
                if let Some(found) = first_error::<ReferenceOr<Response>>(response, &at) {
                    return Some(found);
                }
            }
            if let Some(found) = first_error::<Operation>(operation, &op_at) {
                return Some(found);
            }
        }
        if let Some(found) = first_error::<PathItem>(item, &item_at) {
            return Some(found);
        }
    }
    let components = raw.get("components");
    for (name, schema) in entries(components.and_then(|c| c.get("schemas"))) {
        if let Some(found) = first_error::<ReferenceOr<Schema>>(schema, &pointer_push("#/components/schemas", name)) {
            return Some(found);
        }
    }
    for (name, parameter) in entries(components.and_then(|c| c.get("parameters"))) {
        if let Some(found) =
            first_error::<ReferenceOr<Parameter>>(parameter, &pointer_push("#/components/parameters", name))
        {
            return Some(found);
        }
    }
    for (name, response) in entries(components.and_then(|c| c.get("responses"))) {
        if let Some(found) =
            first_error::<ReferenceOr<Response>>(response, &pointer_push("#/components/responses", name))
        {
            return Some(found);
        }
    }
    None
}

/// Repairs defects that `openapiv3` cannot parse but whose intent is clear, with a warning each.
///
/// A response header with neither `schema` nor `content` (HighLevel documents `Content-Type` that
/// way) is given `schema: {type: string}`: a header's value is text, and the generated client does
/// not read response headers through types anyway.
fn repair(raw: &mut serde_json::Value, display: &str, warnings: &mut Vec<Warning>) {
    let Some(paths) = raw.get_mut("paths").and_then(|p| p.as_object_mut()) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for (method, op) in item.iter_mut() {
            let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else { continue };
            for (status, response) in responses.iter_mut() {
                let Some(headers) = response.get_mut("headers").and_then(|h| h.as_object_mut()) else { continue };
                for (name, header) in headers.iter_mut() {
                    let Some(header) = header.as_object_mut() else { continue };
                    if ["schema", "content", "$ref"].iter().any(|k| header.contains_key(*k)) {
                        continue;
                    }
                    header.insert("schema".into(), serde_json::json!({ "type": "string" }));
                    let mut pointer = pointer_push("#/paths", path);
                    for key in [method.as_str(), "responses", status.as_str(), "headers", name.as_str()] {
                        pointer = pointer_push(&pointer, key);
                    }
                    warnings.push(Warning {
                        location: Location { file: display.to_string(), pointer, line: None },
                        message: "response header has neither `schema` nor `content`; taken as a string".into(),
                    });
                }
            }
        }
    }
}

/// Every `$ref` that names another file, with the pointer of the object holding it, in document order.
fn external_refs(raw: &serde_json::Value) -> Vec<(String, String)> {
    super::spec::refs_in(raw, "#")
        .into_iter()
        .filter(|(_, reference)| !reference.starts_with('#') && !reference.is_empty())
        .map(|(pointer, reference)| (pointer, reference.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_depth_counts_brackets_outside_quotes_and_comments() {
        assert_eq!(flow_depth_exceeded("a: [[[x]]]\n", 3), None);
        assert_eq!(flow_depth_exceeded("a: 1\nb: [[[[x]]]]\n", 3), Some(2));
        assert_eq!(flow_depth_exceeded("a: \"[[[[\\\"[[\"\nb: '[[[[' # [[[[\nc: don't [[ ]]\n", 3), None);
    }

    #[test]
    fn referenced_files_are_shown_relative_to_the_referrer() {
        assert_eq!(display_path("apps/a.json", "../common/c.json"), "common/c.json");
        assert_eq!(display_path("a.yaml", "./b.yaml"), "b.yaml");
        assert_eq!(display_path("a.yaml", "../b.yaml"), "../b.yaml");
    }
}
