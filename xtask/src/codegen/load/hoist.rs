//! Gives every node that a `$ref` names by a JSON pointer outside `#/components/<kind>/<name>` a
//! component of its own, so that everything after loading resolves only component references.
//!
//! OpenAPI lets a `$ref` name any JSON pointer: `#/paths/~1x/get/responses/200/content/application~1json/schema`
//! or `#/components/schemas/A/properties/b`. Such a node is moved under `components` of its
//! document, keyed by the pointer where it lived (no Rust name is made here: `lower` names the type
//! after that place), its old place becomes a reference to it, and every reference to it is
//! rewritten; so the type is generated once and reused by every reference. Only the values that are typed change: validation reads the
//! documents as written, so its diagnostics point where the user looks.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::{DocKey, Source};
use crate::codegen::diag::{pointer_push, Error};
use crate::codegen::spec::{self, Kind};

/// What hoisting changed.
#[derive(Default)]
pub(super) struct Hoisted {
    /// The documents that changed, as they are to be typed.
    pub values: BTreeMap<DocKey, Value>,
    /// Where each new component lived, by document, kind and name.
    pub origins: BTreeMap<DocKey, BTreeMap<(Kind, String), String>>,
}

/// A node some `$ref` names by a pointer outside the components, and the first reference to it,
/// for diagnostics.
struct Target {
    kind: Kind,
    name: String,
    display: String,
    pointer: String,
    reference: String,
}

/// A node of some document, by the decoded segments of its pointer.
type Node = (DocKey, Vec<String>);

/// A `$ref` to be rewritten: its document, the segments of the object holding it, the node it
/// names, and the file part of the reference as written.
type Referrer = (DocKey, Vec<String>, Node, String);

pub(super) fn hoist(
    sources: &BTreeMap<DocKey, Source>,
    links: &BTreeMap<(DocKey, String), DocKey>,
) -> Result<Hoisted, Error> {
    let (mut targets, referrers) = find(sources, links);
    if targets.is_empty() {
        return Ok(Hoisted::default());
    }
    name(sources, &mut targets);
    let mut hoisted = Hoisted::default();
    for (from, holder, target, file) in &referrers {
        let value = hoisted.values.entry(from.clone()).or_insert_with(|| sources[from].value.clone());
        let kind = targets[target].kind;
        let reference = format!("{file}{}", component_pointer(kind, &targets[target].name));
        if let Some(Value::Object(map)) = node_mut(value, holder) {
            map.insert("$ref".into(), Value::String(reference));
        }
    }
    // The deepest nodes move first, so that a node inside another is taken from where it still is.
    let mut order: Vec<&Node> = targets.keys().collect();
    order.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.cmp(b)));
    for key in order {
        let target = &targets[key];
        let value = hoisted.values.entry(key.0.clone()).or_insert_with(|| sources[&key.0].value.clone());
        move_to_components(value, &key.1, target)?;
        let origin = pointer_of(&key.1);
        hoisted.origins.entry(key.0.clone()).or_default().insert((target.kind, target.name.clone()), origin);
    }
    Ok(hoisted)
}

/// Every `$ref` in a place the generator resolves that names a node outside the components.
fn find(
    sources: &BTreeMap<DocKey, Source>,
    links: &BTreeMap<(DocKey, String), DocKey>,
) -> (BTreeMap<Node, Target>, Vec<Referrer>) {
    let mut targets = BTreeMap::new();
    let mut referrers = Vec::new();
    for (from, source) in sources {
        for (pointer, reference) in spec::refs_in(&source.value, "#") {
            // A reference that cannot be parsed or followed is reported by validation.
            let Ok(parsed) = spec::parse_reference(reference) else { continue };
            let Ok(holder) = spec::parse_reference(&pointer) else { continue };
            let Some(kind) = spec::kind_at(&holder.segments) else { continue };
            if is_component(&parsed.segments) {
                continue;
            }
            let doc = if parsed.file.is_empty() { Some(from) } else { links.get(&(from.clone(), parsed.file.into())) };
            let Some(doc) = doc else { continue };
            let key = (doc.clone(), parsed.segments);
            let target = || Target {
                kind,
                name: String::new(),
                display: source.display.clone(),
                pointer: pointer.clone(),
                reference: reference.to_string(),
            };
            targets.entry(key.clone()).or_insert_with(target);
            referrers.push((from.clone(), holder.segments, key, parsed.file.to_string()));
        }
    }
    (targets, referrers)
}

/// Whether a pointer names a component, `components/<kind>/<name>`, which needs no hoisting.
fn is_component(segments: &[String]) -> bool {
    matches!(segments, [components, _, _] if components == "components")
}

/// Keys each target by the pointer of its place (`/components/schemas/A/properties/b`), unique
/// among its document's components of that kind.
fn name(sources: &BTreeMap<DocKey, Source>, targets: &mut BTreeMap<Node, Target>) {
    let mut taken: BTreeMap<(DocKey, Kind), Vec<String>> = BTreeMap::new();
    for ((doc, segments), target) in targets.iter_mut() {
        let taken = taken.entry((doc.clone(), target.kind)).or_insert_with(|| {
            let existing = sources[doc].value.get("components").and_then(|c| c.get(target.kind.components_key()));
            existing.and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default()
        });
        let base = segments.iter().fold(String::new(), |pointer, segment| pointer_push(&pointer, segment));
        let mut name = base.clone();
        let mut n = 1;
        while taken.contains(&name) {
            n += 1;
            name = format!("{base}#{n}");
        }
        taken.push(name.clone());
        target.name = name;
    }
}

/// Moves the node at `segments` to `components/<kind>/<name>` and leaves a reference in its place.
fn move_to_components(value: &mut Value, segments: &[String], target: &Target) -> Result<(), Error> {
    let fail = |why: String| {
        Error::at(&target.display, &target.pointer, format!("`$ref: {}` cannot be followed: {why}", target.reference))
    };
    if segments.first().is_none_or(|s| s == "components") && segments.len() < 3 {
        return Err(fail("it names no single object but a whole map or document".into()));
    }
    // Only an object of the same kind, or a node in a place OpenAPI gives no meaning to, can move.
    match spec::place_at(segments) {
        spec::Place::Object(kind) if kind == target.kind => {}
        spec::Place::Free => {}
        spec::Place::Object(other) => {
            let (found, wanted) = (other.noun(), target.kind.noun());
            return Err(fail(format!("{} is {found}, where {wanted} is expected", pointer_of(segments))));
        }
        spec::Place::Structure => {
            let wanted = target.kind.noun();
            let message =
                format!("{} is part of the document's structure, where {wanted} is expected", pointer_of(segments));
            return Err(fail(message));
        }
    }
    let place = reference_to(target.kind, &target.name);
    let Some(node) = node_mut(value, segments) else {
        return Err(fail(format!("{} does not exist", pointer_of(segments))));
    };
    let node = std::mem::replace(node, place);
    let Value::Object(root) = value else { return Err(fail("the document is not an object".into())) };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let map = components
        .as_object_mut()
        .map(|c| c.entry(target.kind.components_key()).or_insert_with(|| Value::Object(Map::new())));
    match map.and_then(Value::as_object_mut) {
        Some(map) => {
            map.insert(target.name.clone(), node);
            Ok(())
        }
        None => Err(fail(format!("`components/{}` is not an object", target.kind.components_key()))),
    }
}

/// `{"$ref": "#/components/<kind>/<name>"}`.
fn reference_to(kind: Kind, name: &str) -> Value {
    let mut map = Map::new();
    map.insert("$ref".into(), Value::String(component_pointer(kind, name)));
    Value::Object(map)
}

fn component_pointer(kind: Kind, name: &str) -> String {
    pointer_push(&pointer_push("#/components", kind.components_key()), name)
}

fn pointer_of(segments: &[String]) -> String {
    segments.iter().fold("#".to_string(), |pointer, segment| pointer_push(&pointer, segment))
}

/// The node at `segments`, following object keys and array indexes.
fn node_mut<'v>(value: &'v mut Value, segments: &[String]) -> Option<&'v mut Value> {
    segments.iter().try_fold(value, |node, segment| match node {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}
