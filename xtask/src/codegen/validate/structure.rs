//! The structure that generation relies on: unique operationIds, declared path variables, defined
//! security schemes, `$ref`s that resolve and end in a definition, and no unused components.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::Checker;
use crate::codegen::diag::pointer_push;
use crate::codegen::load::DocKey;
use crate::codegen::load::Target;
use crate::codegen::spec::{self, Segment};

/// The component kinds whose members are reached through `$ref`, with their names in messages.
const COMPONENT_KINDS: [(&str, &str); 8] = [
    ("schemas", "schema"),
    ("responses", "response"),
    ("parameters", "parameter"),
    ("examples", "example"),
    ("requestBodies", "request body"),
    ("headers", "header"),
    ("links", "link"),
    ("callbacks", "callback"),
];

impl<'a> Checker<'a> {
    /// Runs the structure checks. Security schemes are counted as used while the requirements are
    /// checked, so the unused ones can be named last.
    pub(super) fn structure(&mut self) {
        let root = &self.spec.root_key;
        let mut used_schemes = BTreeSet::new();
        self.security(root, self.value(root).get("security"), "#/security".to_string(), &mut used_schemes);
        self.operations(root, &mut used_schemes);
        self.references();
        self.unused_components(&used_schemes);
    }

    /// Every operation of the root document: its operationId, path variables and security.
    fn operations(&mut self, root: &'a DocKey, used_schemes: &mut BTreeSet<String>) {
        let Some(Value::Object(paths)) = self.value(root).get("paths") else { return };
        let mut operation_ids: BTreeMap<&str, String> = BTreeMap::new();
        for (path, item) in paths {
            let item_pointer = pointer_push("#/paths", path);
            // A referenced path item is checked by the reference check alone.
            if item.get("$ref").is_some() {
                continue;
            }
            for method in spec::METHODS {
                let Some(operation) = item.get(method).filter(|o| o.is_object()) else { continue };
                let pointer = pointer_push(&item_pointer, method);
                if let Some(id) = operation.get("operationId").and_then(Value::as_str) {
                    if let Some(first) = operation_ids.get(id) {
                        let message =
                            format!("the operationId `{id}` is also used by {first}; operationIds must be unique");
                        self.error(root, pointer_push(&pointer, "operationId"), message);
                    } else {
                        operation_ids.insert(id, pointer.clone());
                    }
                }
                self.path_variables(root, path, item, operation, &pointer);
                self.security(root, operation.get("security"), pointer_push(&pointer, "security"), used_schemes);
            }
        }
    }

    /// Every `{name}` of the path template must be a path parameter of the path or the operation.
    fn path_variables(&mut self, doc: &'a DocKey, path: &str, item: &'a Value, operation: &'a Value, pointer: &str) {
        let mut declared = BTreeSet::new();
        for list in [item.get("parameters"), operation.get("parameters")] {
            let Some(Value::Array(list)) = list else { continue };
            for parameter in list {
                let Some(parameter) = self.deref(doc, String::new(), parameter) else { continue };
                if parameter.value.get("in").and_then(Value::as_str) == Some("path") {
                    if let Some(name) = parameter.value.get("name").and_then(Value::as_str) {
                        declared.insert(name);
                    }
                }
            }
        }
        for name in variables(path) {
            if !declared.contains(name) {
                // Generation recovers (the variable becomes a required string), so this is a warning,
                // here and in `codegen` alike; `--strict` makes it an error.
                let message = format!(
                    "the path variable `{{{name}}}` is not declared, so it is taken as a required string: add a parameter with `name: {name}` and `in: path` to the operation or the path"
                );
                self.warn(doc, pointer.to_string(), message);
            }
        }
    }

    /// Every scheme named in a security requirement must be defined.
    fn security(
        &mut self,
        doc: &'a DocKey,
        requirements: Option<&'a Value>,
        pointer: String,
        used: &mut BTreeSet<String>,
    ) {
        let Some(Value::Array(requirements)) = requirements else { return };
        let defined = self.value(doc).pointer("/components/securitySchemes");
        for (index, requirement) in requirements.iter().enumerate() {
            let Value::Object(requirement) = requirement else { continue };
            for name in requirement.keys() {
                used.insert(name.clone());
                if defined.and_then(|d| d.get(name)).is_none() {
                    let message =
                        format!("the security scheme `{name}` is not defined in #/components/securitySchemes");
                    self.error(doc, pointer_push(&pointer, &index.to_string()), message);
                }
            }
        }
    }

    /// Every `$ref` of every document must resolve, and a chain of them must end in a definition.
    fn references(&mut self) {
        for doc in self.spec.sources.keys() {
            for (pointer, reference) in spec::refs_in(self.value(doc), "#") {
                let at = pointer_push(&pointer, "$ref");
                match self.spec.resolve(doc, reference) {
                    // Generation can stand in any JSON value for a missing schema, but not for a
                    // missing parameter or response, so only schema references may be let through.
                    Err(reason) if self.allow_dangling_refs && reference.contains("#/components/schemas/") => {
                        let message =
                            format!("`$ref: {reference}` does not resolve: {reason}; typed as any JSON value");
                        self.warn(doc, at, message);
                    }
                    Err(reason) => self.error(doc, at, format!("`$ref: {reference}` does not resolve: {reason}")),
                    // A chain that breaks further on is reported where the broken `$ref` is written;
                    // one that goes on past the hop limit is a cycle.
                    Ok(target) => {
                        if let Ok(None) = self.follow(target) {
                            let message = format!(
                                "`$ref: {reference}` leads to a cycle of `$ref`s that never reaches a definition"
                            );
                            self.error(doc, at, message);
                        }
                    }
                }
            }
        }
    }

    /// Components of the spec itself that nothing outside `components` reaches, directly or not.
    /// Referenced documents are libraries shared between specs, so their unused parts are fine.
    fn unused_components(&mut self, used_schemes: &BTreeSet<String>) {
        let root = &self.spec.root_key;
        let reached = self.reached();
        let Some(Value::Object(components)) = self.value(root).get("components") else { return };
        for (kind, singular) in COMPONENT_KINDS {
            let Some(Value::Object(members)) = components.get(kind) else { continue };
            for name in members.keys() {
                let pointer = pointer_push(&pointer_push("#/components", kind), name);
                let used = reached
                    .iter()
                    .any(|(doc, at)| *doc == root && (spec::within(at, &pointer) || spec::within(&pointer, at)));
                if !used {
                    self.warn(root, pointer, format!("the {singular} `{name}` is never referenced"));
                }
            }
        }
        let Some(Value::Object(schemes)) = components.get("securitySchemes") else { return };
        for name in schemes.keys().filter(|name| !used_schemes.contains(*name)) {
            let pointer = pointer_push("#/components/securitySchemes", name);
            self.warn(root, pointer, format!("the security scheme `{name}` is never used by a security requirement"));
        }
    }

    /// The nodes that `$ref`s reach from outside the root's components, directly or through the
    /// `$ref`s inside the nodes reached.
    fn reached(&self) -> BTreeSet<(&'a DocKey, String)> {
        let root = &self.spec.root_key;
        let refs: BTreeMap<&DocKey, Vec<(String, &str)>> =
            self.spec.sources.iter().map(|(doc, source)| (doc, spec::refs_in(&source.value, "#"))).collect();
        let mut reached = BTreeSet::new();
        let mut pending: Vec<(&DocKey, &str)> = refs[root]
            .iter()
            .filter(|(holder, _)| !spec::within(holder, "#/components"))
            .map(|(_, reference)| (root, *reference))
            .collect();
        while let Some((doc, reference)) = pending.pop() {
            let Ok(Target { doc: target, pointer, .. }) = self.spec.resolve(doc, reference) else { continue };
            if !reached.insert((target, pointer.clone())) {
                continue;
            }
            if let Some(inner) = refs.get(target) {
                let inside = inner.iter().filter(|(holder, _)| spec::within(holder, &pointer));
                pending.extend(inside.map(|(_, reference)| (target, *reference)));
            }
        }
        reached
    }
}

/// The variables of a path template. A malformed variable is lowering's to report; the variables
/// before it are still checked, and they are those of the template cut where the error starts,
/// which the parser guarantees is well formed.
fn variables(path: &str) -> Vec<&str> {
    let template =
        spec::path_template(path).or_else(|error| spec::path_template(&path[..error.at])).unwrap_or_default();
    let names = template.into_iter().filter_map(|segment| match segment {
        Segment::Variable(name) => Some(name),
        Segment::Literal(_) => None,
    });
    names.collect()
}

#[cfg(test)]
mod tests {
    use super::variables;

    #[test]
    fn variables_before_an_unclosed_brace_are_still_found() {
        assert_eq!(variables("/a/{id}/b/{x}"), ["id", "x"]);
        assert_eq!(variables("/a/{id}/b}/{x"), ["id"]);
        assert!(variables("/a/{x").is_empty());
        assert_eq!(variables("/a/{id}/{}/{b{c}"), ["id"]);
    }
}
