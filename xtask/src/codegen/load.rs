//! Reads the spec and every file its `$ref`s reach, and parses each into `openapiv3` types.
//!
//! All file I/O of the generator happens here, so that lowering is a pure function of what was
//! loaded. Parse errors carry the file, the line where the parser knows it, and the JSON pointer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use openapiv3::{Components, OpenAPI};
use serde::Deserialize;

mod hoist;
mod parse;
mod resolve;
pub use parse::DEFAULT_MAX_INPUT_MB;
mod typed;

use super::diag::{pointer_push, Error, Location, Warning};
use super::spec;
use parse::parse_value;
pub use resolve::Target;
use typed::from_value;

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
    /// Components that hoisting made from nodes a `$ref` named by their place, with that place.
    pub hoisted: BTreeMap<(spec::Kind, String), String>,
}

/// Referenced documents only need their components; they may lack `paths` or `info`.
#[derive(Deserialize)]
struct ComponentsOnly {
    #[serde(default)]
    components: Option<Components>,
}

/// Loads the spec at `path` and every file it references, each at most `max_bytes` long.
pub fn load(path: &Path, display: &str, max_bytes: u64) -> Result<Spec, Error> {
    let root_key = canonical(path, display)?;
    let mut source = parse_value(&root_key, display, max_bytes)?;
    let mut warnings = Vec::new();
    repair(&mut source.value, display, &mut warnings);
    warnings.extend(version_warning(&source.value, display));
    let (sources, links) = read_referenced(root_key.clone(), source, max_bytes)?;
    let mut hoisted = hoist::hoist(&sources, &links).map_err(|error| {
        let file = error.location.as_ref().map(|l| l.file.clone());
        match sources.values().find(|source| Some(&source.display) == file.as_ref()) {
            Some(source) => source.locate(error),
            None => error,
        }
    })?;
    let root_value = without_callback_refs(&sources[&root_key].value, hoisted.values.remove(&root_key));
    let root: OpenAPI = typed(&sources[&root_key], root_value.as_ref())?;
    let mut documents = BTreeMap::new();
    for (key, source) in &sources {
        let components = if *key == root_key {
            root.components.clone().unwrap_or_default()
        } else {
            typed::<ComponentsOnly>(source, hoisted.values.get(key))?.components.unwrap_or_default()
        };
        let hoisted = hoisted.origins.remove(key).unwrap_or_default();
        documents.insert(key.clone(), Document { display: source.display.clone(), components, hoisted });
    }
    Ok(Spec { root, root_key, documents, links, sources, warnings })
}

/// Types a document, as hoisting changed it if it did. A mismatch is looked for in the document as
/// written first, so that its pointer names a place the user can find.
fn typed<T: serde::de::DeserializeOwned>(source: &Source, hoisted: Option<&serde_json::Value>) -> Result<T, Error> {
    let typed = match hoisted {
        None => from_value(&source.value, &source.display),
        Some(value) => from_value(value, &source.display)
            .map_err(|e| from_value::<T>(&source.value, &source.display).err().unwrap_or(e)),
    };
    typed.map_err(|e| source.locate(e))
}

/// Reads the root's text and every file its `$ref`s reach, untyped, with where each file name leads.
fn read_referenced(root_key: DocKey, root: Source, max_bytes: u64) -> Result<ReadDocuments, Error> {
    let mut links = BTreeMap::new();
    let mut sources = BTreeMap::new();
    let mut seen = BTreeSet::from([root_key.clone()]);
    let mut pending = vec![(root_key, root)];
    while let Some((key, source)) = pending.pop() {
        let from_display = source.display.clone();
        for (pointer, reference) in external_refs(&source.value) {
            let file = super::spec::parse_reference(&reference)
                .map_err(|e| source.locate(Error::at(&from_display, &pointer, format!("`$ref: {reference}`: {e}"))))?
                .file;
            let base = key.parent().unwrap_or(Path::new("."));
            let target_display = display_path(&from_display, file);
            let target_key = base.join(file).canonicalize().map_err(|e| {
                let message = format!("`$ref: {reference}` names {target_display}, which cannot be read: {e}");
                source.locate(Error::at(&from_display, &pointer, message))
            })?;
            links.insert((key.clone(), file.to_string()), target_key.clone());
            if seen.contains(&target_key) {
                continue;
            }
            if seen.len() >= MAX_FILES {
                let message = format!("more than {MAX_FILES} files are referenced");
                return Err(source.locate(Error::at(&from_display, &pointer, message)));
            }
            seen.insert(target_key.clone());
            let target_source = parse_value(&target_key, &target_display, max_bytes)?;
            pending.push((target_key, target_source));
        }
        sources.insert(key, source);
    }
    Ok((sources, links))
}

/// The untyped documents and the links between them, as `read_referenced` finds them.
type ReadDocuments = (BTreeMap<DocKey, Source>, BTreeMap<(DocKey, String), DocKey>);

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

/// A warning for a document of a later OpenAPI version than 3.0: `openapiv3` reads a 3.1 document
/// without complaint, but 3.1 means more by some keywords, which would be quietly lost.
fn version_warning(raw: &serde_json::Value, display: &str) -> Option<Warning> {
    let version = raw.get("openapi")?.as_str()?;
    if version.starts_with("3.0") {
        return None;
    }
    let message = format!(
        "the document is OpenAPI {version}; it is read with OpenAPI 3.0's rules, so what later versions add (type lists, `null` types, `$ref` beside other keywords) is not understood"
    );
    Some(Warning { location: Location { file: display.to_string(), pointer: "#/openapi".into(), line: None }, message })
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

/// The root document to type, without the callbacks of operations that are `$ref`s: OpenAPI
/// allows them, but `openapiv3` types an operation's callbacks without references, so they would
/// refuse the whole spec. The generated client makes no use of callbacks (the server calls them),
/// so nothing is lost; validation still reads the document as written. `typed` is the document as
/// hoisting left it, if it changed it; the result is `None` when the written document will do.
fn without_callback_refs(written: &serde_json::Value, typed: Option<serde_json::Value>) -> Option<serde_json::Value> {
    use serde_json::Value;
    let is_ref = |callback: &Value| callback.get("$ref").is_some();
    let has_refs = |op: &Value| op.get("callbacks").and_then(Value::as_object).is_some_and(|c| c.values().any(is_ref));
    let paths = written.get("paths").and_then(Value::as_object);
    if !paths
        .is_some_and(|paths| paths.values().filter_map(Value::as_object).flat_map(|item| item.values()).any(has_refs))
    {
        return typed;
    }
    let mut value = typed.unwrap_or_else(|| written.clone());
    if let Some(paths) = value.get_mut("paths").and_then(Value::as_object_mut) {
        for op in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()) {
            if let Some(callbacks) = op.get_mut("callbacks").and_then(Value::as_object_mut) {
                callbacks.retain(|_, callback| !is_ref(callback));
            }
        }
    }
    Some(value)
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
    fn referenced_files_are_shown_relative_to_the_referrer() {
        assert_eq!(display_path("apps/a.json", "../common/c.json"), "common/c.json");
        assert_eq!(display_path("a.yaml", "./b.yaml"), "b.yaml");
        assert_eq!(display_path("a.yaml", "../b.yaml"), "../b.yaml");
    }
}
