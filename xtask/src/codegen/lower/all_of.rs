//! Lowers `allOf`: one member that carries a type, beside members that only annotate it, is that
//! member's type; several object members are merged into one struct.
//!
//! Merged properties keep the place of the schema that declares them, so an inline type inside a
//! referenced schema is the same type wherever it is merged, and a schema that merges itself (an
//! `Expression` whose `not` is an `allOf` of `Expression`) gives a recursive type, not endless
//! recursion. Nested `allOf`s are flattened to a bounded depth.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{Lowered, Prop, Properties};
use super::{schema_doc, Ctx, Lowerer, SchemaAt, SchemaKey};
use crate::codegen::diag::Error;
use crate::codegen::model::*;

/// How deep `allOf`s inside `allOf` members (through `$ref`s or inline) are flattened.
const MAX_MERGE_DEPTH: usize = 32;
/// How many members one merge may visit in all, so that schemas which reach one another many times
/// over (`A: allOf: [B, B]`, `B: allOf: [C, C]`...) cannot make the work grow exponentially.
const MAX_MERGE_MEMBERS: usize = 1000;

/// The properties and required names one member contributes, and where they are declared.
type Part<'a> = (&'a Properties, &'a [String], Ctx);

/// What a merge has gathered, and the component schemas it is inside of, to see a cycle at once.
#[derive(Default)]
struct Gathered<'a> {
    parts: Vec<Part<'a>>,
    within: Vec<SchemaKey>,
    visited: usize,
}

impl<'a> Lowerer<'a> {
    pub(super) fn all_of(&mut self, members: &'a [ReferenceOr<Schema>], ctx: &Ctx) -> Result<Lowered, Error> {
        let typed: Vec<(usize, &'a ReferenceOr<Schema>)> =
            members.iter().enumerate().filter(|(_, member)| !is_annotation(member)).collect();
        match typed.as_slice() {
            [] => Ok(Lowered::Ref(TypeRef::Json)),
            [(index, member)] => {
                let member_ctx = ctx.child("allOf", "").child(&index.to_string(), "");
                Ok(Lowered::Ref(self.type_of(SchemaAt::from(*member), &member_ctx)?))
            }
            _ => self.merge(members, None, ctx),
        }
    }

    /// Merges the properties of several object schemas (`allOf`, and the schema's own properties
    /// beside it) into one struct; a later member's property replaces an earlier one of the same name.
    pub(super) fn merge(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: Option<(&'a Properties, &'a [String])>,
        ctx: &Ctx,
    ) -> Result<Lowered, Error> {
        let mut gathered = Gathered::default();
        for (index, member) in members.iter().enumerate() {
            let member_ctx = ctx.child("allOf", "").child(&index.to_string(), "");
            if !self.merge_member(SchemaAt::from(member), member_ctx, &mut gathered)? {
                return Ok(Lowered::Ref(TypeRef::Json));
            }
        }
        gathered.parts.extend(own.map(|(properties, required)| (properties, required, ctx.clone())));
        let mut props: Vec<Prop<'a>> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        for (properties, req, owner) in gathered.parts {
            for (name, schema) in properties {
                let prop = (name, SchemaAt::from(schema), owner.clone());
                match props.iter_mut().find(|(taken, ..)| *taken == name) {
                    Some(slot) => *slot = prop,
                    None => props.push(prop),
                }
            }
            required.extend(req.iter().cloned());
        }
        Ok(Lowered::Def(TypeKind::Struct(self.fields(&props, &required, ctx)?)))
    }

    /// Adds what one `allOf` member contributes; `false` when it is no object schema (or its
    /// reference dangles, which validation reports), which makes the whole `allOf` any JSON value.
    fn merge_member(&mut self, member: SchemaAt<'a>, ctx: Ctx, gathered: &mut Gathered<'a>) -> Result<bool, Error> {
        gathered.visited += 1;
        let too_deep = gathered.within.len() > MAX_MERGE_DEPTH || gathered.visited > MAX_MERGE_MEMBERS;
        if too_deep {
            let message = "`allOf` members nest too deep or reach one another too often; the whole `allOf` is typed as any JSON value";
            self.warn(&ctx.doc, &ctx.pointer, message);
            return Ok(false);
        }
        // Properties are lowered where they are declared; a misfit is reported where the `allOf` names it.
        let (schema, owner) = match member {
            SchemaAt::Item(schema) => (schema, ctx.clone()),
            SchemaAt::Ref(reference) => {
                let Some((key, target)) = self.schema_target(&ctx.doc, &ctx.pointer, reference)? else {
                    return Ok(false);
                };
                if gathered.within.contains(&key) {
                    let message = format!("`allOf` includes `{}`, which includes this `allOf`: a schema cannot extend itself; the whole `allOf` is typed as any JSON value", key.1);
                    self.warn(&ctx.doc, &ctx.pointer, message);
                    return Ok(false);
                }
                gathered.within.push(key.clone());
                let merged = match target {
                    ReferenceOr::Item(schema) => self.merge_schema(schema, self.component_ctx(&key), &ctx, gathered),
                    ReferenceOr::Reference { reference } => {
                        self.merge_member(SchemaAt::Ref(reference), self.component_ctx(&key), gathered)
                    }
                };
                gathered.within.pop();
                return merged;
            }
        };
        self.merge_schema(schema, owner, &ctx, gathered)
    }

    /// Adds the properties of one member's schema, and those of the `allOf` inside it.
    fn merge_schema(
        &mut self,
        schema: &'a Schema,
        owner: Ctx,
        at: &Ctx,
        gathered: &mut Gathered<'a>,
    ) -> Result<bool, Error> {
        let nested = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                gathered.parts.push((&object.properties, &object.required[..], owner));
                return Ok(true);
            }
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) if any.one_of.is_empty() && any.any_of.is_empty() => &any.all_of,
            _ => {
                let message = "`allOf` member is not an object schema; the whole `allOf` is typed as any JSON value";
                self.warn(&at.doc, &at.pointer, message);
                return Ok(false);
            }
        };
        for (index, inner) in nested.iter().enumerate() {
            let inner_ctx = owner.child("allOf", "").child(&index.to_string(), "");
            if !self.merge_member(SchemaAt::from(inner), inner_ctx, gathered)? {
                return Ok(false);
            }
        }
        if let SchemaKind::Any(any) = &schema.schema_kind {
            gathered.parts.push((&any.properties, &any.required[..], owner));
        }
        Ok(true)
    }
}

/// Whether an `allOf` member only annotates (`description`, `nullable`, `example`, `readOnly`,
/// constraints...) and adds nothing to the type.
fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else { return false };
    let SchemaKind::Any(any) = &schema.schema_kind else { return false };
    any.typ.is_none()
        && any.properties.is_empty()
        && any.required.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// Whether a field's schema is nullable, and its docs: its own, completed by those of the members
/// of its `allOf` that only annotate (`allOf: [{$ref: X}, {description: ...}]`).
pub(super) fn annotations(schema: &Schema) -> (bool, SchemaDoc) {
    let mut nullable = schema.schema_data.nullable;
    let mut doc = schema_doc(schema);
    let members = match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => &all_of[..],
        SchemaKind::Any(any) => &any.all_of[..],
        _ => &[],
    };
    for member in members.iter().filter(|member| is_annotation(member)) {
        let ReferenceOr::Item(annotation) = member else { continue };
        let more = schema_doc(annotation);
        nullable |= annotation.schema_data.nullable;
        doc.title = doc.title.or(more.title);
        doc.description = doc.description.or(more.description);
        doc.example = doc.example.or(more.example);
        doc.read_only |= more.read_only;
        doc.deprecated |= more.deprecated;
    }
    (nullable, doc)
}
