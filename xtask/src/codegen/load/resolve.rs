//! Following a `$ref` through the loaded documents: the file it names, the node it points at, the
//! component it must name. The reference syntax itself is the spec layer's (`spec::parse_reference`).

use serde_json::Value;

use super::{DocKey, Spec};
use crate::codegen::diag::pointer_push;
use crate::codegen::spec::{closest, parse_reference};

/// What a `$ref` points at in the untyped documents.
pub struct Target<'s> {
    pub doc: &'s DocKey,
    /// The canonical pointer of the node, such as `#/components/schemas/Account`.
    pub pointer: String,
    pub value: &'s Value,
}

impl Spec {
    /// The document a reference's file part names, as seen from the document `from`.
    pub fn document<'s>(&'s self, from: &'s DocKey, file: &str) -> Result<&'s DocKey, String> {
        if file.is_empty() {
            return Ok(from);
        }
        match self.links.get_key_value(&(from.clone(), file.to_string())) {
            Some((_, target)) => Ok(target),
            None => Err(format!("the file {file} was not loaded")),
        }
    }

    /// Resolves a `$ref` written in `from` to the node it names. A missing key is reported with the
    /// closest existing key, as a likely typo.
    pub fn resolve<'s>(&'s self, from: &'s DocKey, reference: &str) -> Result<Target<'s>, String> {
        let parsed = parse_reference(reference)?;
        let doc = self.document(from, parsed.file)?;
        let mut value = self.sources.get(doc).map(|s| &s.value).ok_or("the document was not loaded")?;
        let mut pointer = "#".to_string();
        for segment in &parsed.segments {
            let child = match value {
                Value::Object(map) => map.get(segment),
                Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            let Some(child) = child else {
                // Suggestions are skipped for huge maps and names, to keep hostile input cheap.
                let suggestion = value
                    .as_object()
                    .filter(|map| map.len() <= 1000 && segment.len() <= 100)
                    .and_then(|map| closest(map.keys(), segment));
                let hint = suggestion.map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
                return Err(format!("{pointer} has no `{segment}`{hint}"));
            };
            value = child;
            pointer = pointer_push(&pointer, segment);
        }
        Ok(Target { doc, pointer, value })
    }

    /// Resolves a `$ref` that must name a component, `#/components/<kind>/<name>` of some document,
    /// to that document and the component's name. The typed components of `load` are keyed so. The
    /// error completes the sentence "`$ref: ...` ...".
    pub fn component(&self, from: &DocKey, reference: &str, kind: &str) -> Result<(DocKey, String), String> {
        let parsed = parse_reference(reference).map_err(|e| format!("cannot be followed: {e}"))?;
        let doc = self.document(from, parsed.file).map_err(|_| "names a file that was not loaded".to_string())?;
        match parsed.segments.as_slice() {
            [components, k, name] if components == "components" && k == kind => Ok((doc.clone(), name.clone())),
            _ => Err(format!("must point to `#/components/{kind}/<name>`")),
        }
    }
}
