//! Lowers the loaded `openapiv3` documents into the emitters' model.
//!
//! Every naming and ordering decision is made here: maps are walked in sorted order and names are
//! claimed in that order, so the output depends only on the spec's content, not on its key order.
//! Defects the generator can recover from become warnings that name the file and JSON pointer;
//! defects that validation already reports are not reported again. The work is split by job:
//! `schema` (types), `operation` (methods and parameters), `style` (how parameters are written),
//! `body` (request bodies), `response` (responses by status, their bodies by media type) and
//! `graph` (which fields must be boxed).

mod all_of;
mod body;
mod graph;
mod operation;
mod response;
mod schema;
mod style;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Components, ReferenceOr, Schema};

use super::diag::{pointer_push, Error, Location, Warning};
use super::load::{DocKey, Spec};
use super::model::*;
use super::naming::{self, Namer};
use super::spec;

/// A schema in some document, named by its key under `components/schemas`.
type SchemaKey = (DocKey, String);

/// How deep inline schemas may nest while they are lowered. A document nests at most 128 levels,
/// so real specs stay far below; the bound keeps the stack safe whatever the input.
const MAX_SCHEMA_DEPTH: usize = 256;

/// An inline schema's progress: its type once lowered, or the name claimed for it while it is
/// being lowered, when a recursive reference needed one.
enum Inline {
    Lowering(Option<String>),
    Done(TypeRef),
}

/// A schema position without caring whether the spec boxed it.
#[derive(Clone, Copy)]
enum SchemaAt<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaAt<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaAt::Ref(reference),
            ReferenceOr::Item(schema) => SchemaAt::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaAt<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaAt::Ref(reference),
            ReferenceOr::Item(schema) => SchemaAt::Item(schema),
        }
    }
}

/// Where a schema is being lowered: its document, its pointer, and the name an inline type gets.
#[derive(Clone)]
struct Ctx {
    doc: DocKey,
    pointer: String,
    name_hint: String,
}

impl Ctx {
    fn child(&self, key: &str, hint_suffix: &str) -> Ctx {
        Ctx {
            doc: self.doc.clone(),
            pointer: pointer_push(&self.pointer, key),
            name_hint: if hint_suffix.is_empty() {
                self.name_hint.clone()
            } else {
                format!("{}{}", self.name_hint, naming::type_name(hint_suffix))
            },
        }
    }
}

pub struct Lowered {
    pub api: Api,
    pub warnings: Vec<Warning>,
    /// The subset of `warnings` that leave something out of the client.
    pub skipped: Vec<Warning>,
}

pub fn lower(spec: &Spec, spec_display: &str) -> Result<Lowered, Error> {
    let mut lowerer = Lowerer {
        spec,
        type_names: Namer::default(),
        named: BTreeMap::new(),
        pending: BTreeSet::new(),
        inline: BTreeMap::new(),
        depth: 0,
        types: BTreeMap::new(),
        examples: Vec::new(),
        test_names: Namer::default(),
        warnings: spec.warnings.clone(),
        skipped: Vec::new(),
    };
    // Component schemas of the spec itself are claimed first, in sorted order, so that their names
    // never depend on which operation happens to reach them first.
    let root_schemas: BTreeSet<&String> = spec.root.components.iter().flat_map(|c| c.schemas.keys()).collect();
    for name in root_schemas {
        lowerer.name_of(&(spec.root_key.clone(), name.clone()));
    }
    let mut operations = lowerer.operations()?;
    while let Some(key) = lowerer.pending.pop_first() {
        lowerer.component(&key)?;
    }
    lowerer.value_kinds(&mut operations);
    let types: Vec<TypeDef> = lowerer.types.into_values().collect();
    let recursive = graph::recursive(&types);
    let mut examples = lowerer.examples;
    examples.sort_by(|a, b| a.origin.cmp(&b.origin));
    let (mut warnings, mut skipped) = (lowerer.warnings, lowerer.skipped);
    warnings.sort();
    warnings.dedup();
    skipped.sort();
    skipped.dedup();
    let default_base_url = spec.root.servers.first().map(|s| s.url.trim_end_matches('/').to_string());
    let spec_display = spec_display.to_string();
    let std_paths = naming::shadows_prelude(types.iter().map(|t| t.name.as_str()));
    let info = &spec.root.info;
    let upstream = info.extensions.get("x-upstream").and_then(|v| v.as_str()).map(str::to_string);
    let (title, version, description) = (info.title.clone(), info.version.clone(), info.description.clone());
    let info = ApiInfo { title, version, description, upstream };
    let api = Api { spec_display, default_base_url, info, types, operations, examples, recursive, std_paths };
    Ok(Lowered { api, warnings, skipped })
}

struct Lowerer<'a> {
    spec: &'a Spec,
    type_names: Namer,
    named: BTreeMap<SchemaKey, String>,
    /// Component schemas named but not lowered yet.
    pending: BTreeSet<SchemaKey>,
    /// Inline schemas by the place they live, lowered or being lowered, so that a place reached
    /// twice (through an `allOf` that copies another schema's properties) gives one type, and a
    /// place reached again while it is lowered gives a recursive type instead of endless recursion.
    inline: BTreeMap<(DocKey, String), Inline>,
    /// How many inline schemas are being lowered one inside another.
    depth: usize,
    /// Lowered types by Rust name.
    types: BTreeMap<String, TypeDef>,
    examples: Vec<Example>,
    test_names: Namer,
    warnings: Vec<Warning>,
    skipped: Vec<Warning>,
}

impl<'a> Lowerer<'a> {
    fn display(&self, doc: &DocKey) -> String {
        self.spec.documents.get(doc).map(|d| d.display.clone()).unwrap_or_default()
    }

    fn warn(&mut self, doc: &DocKey, pointer: &str, message: impl Into<String>) {
        let file = self.display(doc);
        let location = Location { file, pointer: pointer.to_string(), line: None };
        self.warnings.push(Warning { location, message: message.into() });
    }

    /// A warning about something the client leaves out, also listed in the closing summary.
    fn skip(&mut self, doc: &DocKey, pointer: &str, message: impl Into<String>) {
        self.warn(doc, pointer, message);
        if let Some(warning) = self.warnings.last() {
            self.skipped.push(warning.clone());
        }
    }

    fn error(&self, doc: &DocKey, pointer: &str, message: impl Into<String>) -> Error {
        Error::at(&self.display(doc), pointer, message)
    }

    /// The Rust name of a component schema, claimed on first use and queued for lowering.
    fn name_of(&mut self, key: &SchemaKey) -> String {
        if let Some(name) = self.named.get(key) {
            return name.clone();
        }
        let name = self.type_names.claim(self.component_type_name(key));
        self.named.insert(key.clone(), name.clone());
        self.pending.insert(key.clone());
        name
    }

    /// Resolves a `$ref` to `components/<kind>/<name>` of some document.
    fn resolve(&self, doc: &DocKey, pointer: &str, reference: &str, kind: &str) -> Result<SchemaKey, Error> {
        self.spec
            .component(doc, reference, kind)
            .map_err(|reason| self.error(doc, pointer, format!("`$ref: {reference}` {reason}")))
    }

    /// A parameter, request body or response, following `$ref`s to `components/<kind>` of any
    /// loaded document; `map` picks that kind's map out of a document's components.
    fn component_item<T>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &str,
        (kind, what): (&str, &str),
        map: impl Fn(&'a Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<&'a T, Error> {
        let spec = self.spec;
        let root = &spec.root_key;
        let followed = spec::follow((root.clone(), item), |(from, node)| {
            let ReferenceOr::Reference { reference } = node else { return None };
            let found = spec
                .component(from, reference, kind)
                .map_err(|reason| self.error(root, at, format!("`$ref: {reference}` {reason}")))
                .and_then(|(doc, name)| {
                    let target = spec.documents.get(&doc).and_then(|d| map(&d.components).get(&name));
                    let message = || format!("dangling `$ref: {reference}`: there is no such {what}");
                    target.map(|target| (doc, target)).ok_or_else(|| self.error(root, at, message()))
                });
            Some(found)
        })?;
        match followed {
            Some((_, ReferenceOr::Item(item))) => Ok(item),
            _ => Err(self.error(root, at, format!("`$ref` chain of more than {} hops (a cycle?)", spec::MAX_REF_HOPS))),
        }
    }

    /// The schema a `$ref` names, or `None` when the reference dangles (no such schema in a loaded
    /// file, which validation reports); a reference that cannot name a schema at all is an error.
    fn schema_target(
        &self,
        doc: &DocKey,
        pointer: &str,
        reference: &str,
    ) -> Result<Option<(SchemaKey, &'a ReferenceOr<Schema>)>, Error> {
        let spec = self.spec;
        let key = self.resolve(doc, pointer, reference, "schemas")?;
        Ok(spec.documents.get(&key.0).and_then(|d| d.components.schemas.get(&key.1)).map(|schema| (key, schema)))
    }

    /// Follows a chain of schema `$ref`s to the schema it ends in; `None` when one dangles. A chain
    /// that never ends is an error.
    fn deref_schema(&self, doc: &DocKey, pointer: &str, at: SchemaAt<'a>) -> Result<Option<&'a Schema>, Error> {
        let followed = spec::follow(Some(at), |node| match node {
            Some(SchemaAt::Ref(reference)) => {
                Some(self.schema_target(doc, pointer, reference).map(|target| target.map(|(_, s)| SchemaAt::from(s))))
            }
            _ => None,
        })?;
        match followed {
            Some(Some(SchemaAt::Item(schema))) => Ok(Some(schema)),
            Some(_) => Ok(None),
            None => {
                let message = format!("`$ref` chain of more than {} hops (a cycle?)", spec::MAX_REF_HOPS);
                Err(self.error(doc, pointer, message))
            }
        }
    }

    /// The Rust name a component schema's type is made from: its key, or for a schema hoisted out
    /// of another place (`load/hoist.rs` keys it by its pointer), that place.
    fn component_type_name(&self, key: &SchemaKey) -> String {
        let written = self.spec.documents[&key.0].hoisted.get(&(spec::Kind::Schema, key.1.clone()));
        match written.map(|pointer| spec::parse_reference(pointer)) {
            Some(Ok(place)) => naming::location_name(&place.segments),
            _ => naming::type_name(&key.1),
        }
    }

    /// Where a component schema is lowered: at its place under `components`, or where it was
    /// written when it was hoisted from elsewhere; named as its type is, claimed or not.
    fn component_ctx(&self, key: &SchemaKey) -> Ctx {
        let written = self.spec.documents[&key.0].hoisted.get(&(spec::Kind::Schema, key.1.clone()));
        let pointer = written.cloned().unwrap_or_else(|| pointer_push("#/components/schemas", &key.1));
        let name_hint = self.named.get(key).cloned().unwrap_or_else(|| self.component_type_name(key));
        Ctx { doc: key.0.clone(), pointer, name_hint }
    }

    /// Lowers one component schema into a named type.
    fn component(&mut self, key: &SchemaKey) -> Result<(), Error> {
        let spec = self.spec;
        let name = self.named[key].clone();
        let document = &spec.documents[&key.0];
        let schema = &document.components.schemas[&key.1];
        let ctx = self.component_ctx(key);
        let (kind, doc) = match schema {
            ReferenceOr::Reference { reference } => {
                (TypeKind::Alias(self.type_of(SchemaAt::Ref(reference), &ctx)?), SchemaDoc::default())
            }
            ReferenceOr::Item(schema) => {
                let kind = self.kind(schema, &ctx)?;
                if let Some(example) = &schema.schema_data.example {
                    self.example(&ctx, "example", TypeRef::Named(name.clone()), example);
                }
                (kind, schema_doc(schema))
            }
        };
        // A schema hoisted out of another place is documented as living there.
        let origin = match document.hoisted.contains_key(&(spec::Kind::Schema, key.1.clone())) {
            true => Origin::Inline { pointer: ctx.pointer },
            false => Origin::Component { key: key.1.clone(), file: self.display(&key.0) },
        };
        self.types.insert(name.clone(), TypeDef { name, origin, doc, kind });
        Ok(())
    }

    /// The type of a schema in a field, parameter or body position: a reference to a named type,
    /// or a built-in type; an inline schema that needs a definition of its own gets one, named
    /// after the context.
    fn type_of(&mut self, at: SchemaAt<'a>, ctx: &Ctx) -> Result<TypeRef, Error> {
        match at {
            SchemaAt::Ref(reference) => match self.schema_target(&ctx.doc, &ctx.pointer, reference)? {
                Some((key, _)) => Ok(TypeRef::Named(self.name_of(&key))),
                // Validation reports the dangling reference; the value is typed as any JSON.
                None => Ok(TypeRef::Json),
            },
            SchemaAt::Item(schema) => {
                if self.depth >= MAX_SCHEMA_DEPTH {
                    let message = format!("schemas nest more than {MAX_SCHEMA_DEPTH} levels deep here");
                    return Err(self.error(&ctx.doc, &ctx.pointer, message));
                }
                self.depth += 1;
                let ty = self.inline_type(schema, ctx);
                self.depth -= 1;
                ty
            }
        }
    }

    /// The type of an inline schema, lowered once per place it lives.
    fn inline_type(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<TypeRef, Error> {
        let place = (ctx.doc.clone(), ctx.pointer.clone());
        match self.inline.get_mut(&place) {
            Some(Inline::Done(ty)) => return Ok(ty.clone()),
            Some(Inline::Lowering(claimed)) => {
                // Reached again while being lowered: the type refers to itself, so it needs its name now.
                let name = claimed.get_or_insert_with(|| self.type_names.claim(naming::type_name(&ctx.name_hint)));
                return Ok(TypeRef::Named(name.clone()));
            }
            None => {}
        }
        self.inline.insert(place.clone(), Inline::Lowering(None));
        let shape = self.shape(schema, ctx)?;
        let claimed = match self.inline.remove(&place) {
            Some(Inline::Lowering(claimed)) => claimed,
            _ => None,
        };
        let (kind, claimed) = match (shape, claimed) {
            (schema::Lowered::Ref(ty), None) => {
                self.inline.insert(place, Inline::Done(ty.clone()));
                return Ok(ty);
            }
            (schema::Lowered::Ref(ty), Some(name)) => (TypeKind::Alias(ty), Some(name)),
            (schema::Lowered::Def(kind), claimed) => (kind, claimed),
        };
        let name = claimed.unwrap_or_else(|| self.type_names.claim(naming::type_name(&ctx.name_hint)));
        let origin = Origin::Inline { pointer: ctx.pointer.clone() };
        self.types.insert(name.clone(), TypeDef { name: name.clone(), origin, doc: schema_doc(schema), kind });
        self.inline.insert(place, Inline::Done(TypeRef::Named(name.clone())));
        Ok(TypeRef::Named(name))
    }

    /// The definition of a component schema: its own shape, or an alias of the type it names.
    fn kind(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<TypeKind, Error> {
        Ok(match self.shape(schema, ctx)? {
            schema::Lowered::Def(kind) => kind,
            schema::Lowered::Ref(ty) => TypeKind::Alias(ty),
        })
    }

    /// Records an example, named for its generated test by where it stands in the spec.
    fn example(&mut self, ctx: &Ctx, key: &str, ty: TypeRef, value: &serde_json::Value) {
        let pointer = pointer_push(&ctx.pointer, key);
        let origin = format!("{}{}", self.display(&ctx.doc), pointer);
        // Examples of the spec itself are named by pointer alone; others also by file.
        let local = if ctx.doc == self.spec.root_key { pointer.clone() } else { origin.clone() };
        let test_name = self.test_names.claim(naming::test_name(&local));
        self.examples.push(Example { origin, test_name, ty, json: value.to_string() });
    }
}

/// What the spec says of a schema, for its docs.
fn schema_doc(schema: &Schema) -> SchemaDoc {
    let data = &schema.schema_data;
    SchemaDoc {
        title: data.title.clone(),
        description: data.description.clone(),
        deviation: data.extensions.get("x-deviation").and_then(|v| v.as_str()).map(str::to_string),
        read_only: data.read_only,
        deprecated: data.deprecated,
        example: data.example.clone(),
    }
}
