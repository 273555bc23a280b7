//! Lowers the loaded `openapiv3` documents into the emitter's model.
//!
//! Every naming and ordering decision is made here: maps are walked in sorted order and names are
//! claimed in that order, so the output depends only on the spec's content, not on its key order.
//! Defects the generator can recover from become warnings that name the file and JSON pointer.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, Discriminator as SpecDiscriminator, MediaType, Parameter, ParameterSchemaOrContent,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, StatusCode, Type, VariantOrUnknownOrEmpty,
};

use super::diag::{pointer_push, Error, Location, Warning};
use super::docs;
use super::load::{DocKey, Spec};
use super::model::*;
use super::naming::{self, Namer};

/// The properties of an object schema, as `openapiv3` keeps them.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// A schema in some document, named by its key under `components/schemas`.
type SchemaKey = (DocKey, String);

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

/// What a schema lowers to: a type that needs a definition of its own, or a reference to one.
enum Shape {
    Def(TypeKind),
    Ref(TypeRef),
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
    let operations = lowerer.operations()?;
    while let Some(key) = lowerer.pending.pop_first() {
        lowerer.component(&key)?;
    }
    let mut types: Vec<TypeDef> = lowerer.types.into_values().collect();
    mark_boxed(&mut types);
    mark_member_properties(&mut types);
    let mut examples = lowerer.examples;
    examples.sort_by(|a, b| a.origin.cmp(&b.origin));
    let mut warnings = lowerer.warnings;
    warnings.sort();
    warnings.dedup();
    let mut skipped = lowerer.skipped;
    skipped.sort();
    skipped.dedup();
    let info = &spec.root.info;
    Ok(Lowered {
        api: Api {
            spec_display: spec_display.to_string(),
            title: info.title.clone(),
            version: info.version.clone(),
            default_base_url: spec.root.servers.first().map(|s| s.url.trim_end_matches('/').to_string()),
            types,
            operations,
            examples,
        },
        warnings,
        skipped,
    })
}

struct Lowerer<'a> {
    spec: &'a Spec,
    type_names: Namer,
    named: BTreeMap<SchemaKey, String>,
    /// Component schemas named but not lowered yet.
    pending: BTreeSet<SchemaKey>,
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
        self.warnings.push(Warning {
            location: Location { file, pointer: pointer.to_string(), line: None },
            message: message.into(),
        });
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

    fn origin(&self, doc: &DocKey, pointer: &str) -> String {
        format!("{}{}", self.display(doc), pointer)
    }

    /// The Rust name of a component schema, claimed on first use and queued for lowering.
    fn name_of(&mut self, key: &SchemaKey) -> String {
        if let Some(name) = self.named.get(key) {
            return name.clone();
        }
        let name = self.type_names.claim(naming::type_name(&key.1));
        self.named.insert(key.clone(), name.clone());
        self.pending.insert(key.clone());
        name
    }

    /// Resolves a `$ref` to `components/<kind>/<name>` of some document.
    fn resolve(&self, doc: &DocKey, pointer: &str, reference: &str, kind: &str) -> Result<(DocKey, String), Error> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if file.is_empty() {
            doc.clone()
        } else {
            self.spec.links.get(&(doc.clone(), file.to_string())).cloned().ok_or_else(|| {
                self.error(doc, pointer, format!("`$ref: {reference}` names a file that was not loaded"))
            })?
        };
        let prefix = format!("/components/{kind}/");
        let name = fragment.strip_prefix(&prefix).filter(|n| !n.contains('/')).ok_or_else(|| {
            self.error(doc, pointer, format!("`$ref: {reference}` must point to `#/components/{kind}/<name>`"))
        })?;
        Ok((target, name.replace("~1", "/").replace("~0", "~")))
    }

    /// The schema a `$ref` names, or `None` when the reference dangles (no such schema in a loaded
    /// file); a reference that cannot name a schema at all is an error.
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

    fn dangling(&mut self, doc: &DocKey, pointer: &str, reference: &str) {
        self.warn(
            doc,
            pointer,
            format!("dangling `$ref: {reference}`: there is no such schema; typed as any JSON value"),
        );
    }

    /// Lowers one component schema into a named type.
    fn component(&mut self, key: &SchemaKey) -> Result<(), Error> {
        let spec = self.spec;
        let name = self.named[key].clone();
        let schema = &spec.documents[&key.0].components.schemas[&key.1];
        let ctx =
            Ctx { doc: key.0.clone(), pointer: pointer_push("#/components/schemas", &key.1), name_hint: name.clone() };
        let (kind, mut docs) = match schema {
            ReferenceOr::Reference { reference } => {
                (TypeKind::Alias(self.type_of(SchemaAt::Ref(reference), &ctx)?), Vec::new())
            }
            ReferenceOr::Item(schema) => {
                let kind = match self.shape(schema, &ctx)? {
                    Shape::Def(kind) => kind,
                    Shape::Ref(ty) => TypeKind::Alias(ty),
                };
                if let Some(example) = &schema.schema_data.example {
                    self.example(&ctx, "example", TypeRef::Named(name.clone()), example);
                }
                (kind, schema_docs(schema))
            }
        };
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!("Schema {} of {}.", docs::inline_code(&key.1), self.display(&key.0)));
        let origin = self.origin(&key.0, &ctx.pointer);
        self.types.insert(name.clone(), TypeDef { name, origin, docs, kind });
        Ok(())
    }

    /// The type of a schema in a field, parameter or body position.
    fn type_of(&mut self, at: SchemaAt<'a>, ctx: &Ctx) -> Result<TypeRef, Error> {
        match at {
            SchemaAt::Ref(reference) => {
                let Some((key, _)) = self.schema_target(&ctx.doc, &ctx.pointer, reference)? else {
                    self.dangling(&ctx.doc, &ctx.pointer, reference);
                    return Ok(TypeRef::Json);
                };
                Ok(TypeRef::Named(self.name_of(&key)))
            }
            SchemaAt::Item(schema) => match self.shape(schema, ctx)? {
                Shape::Ref(ty) => Ok(ty),
                Shape::Def(kind) => {
                    let name = self.type_names.claim(naming::type_name(&ctx.name_hint));
                    let mut docs = schema_docs(schema);
                    if !docs.is_empty() {
                        docs.push(String::new());
                    }
                    docs.push(format!("Inline schema at {}.", docs::inline_code(&ctx.pointer)));
                    let origin = self.origin(&ctx.doc, &ctx.pointer);
                    self.types.insert(name.clone(), TypeDef { name: name.clone(), origin, docs, kind });
                    Ok(TypeRef::Named(name))
                }
            },
        }
    }

    fn shape(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<Shape, Error> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if !string.enumeration.is_empty() {
                    let values: Vec<&str> = string.enumeration.iter().flatten().map(String::as_str).collect();
                    return Ok(Shape::Def(self.string_enum(&values, ctx)));
                }
                Shape::Ref(match &string.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => TypeRef::DateTime,
                    VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => TypeRef::Date,
                    _ => TypeRef::String,
                })
            }
            SchemaKind::Type(Type::Number(number)) => Shape::Ref(match number.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Integer(integer)) => Shape::Ref(match integer.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ref(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                Shape::Ref(self.array(array.items.as_ref().map(SchemaAt::from), ctx)?)
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.object(&object.properties, &object.required, object.additional_properties.as_ref(), ctx)?
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, ctx)?,
            SchemaKind::OneOf { one_of: members } => {
                self.one_of(members, "oneOf", schema.schema_data.discriminator.as_ref(), ctx)?
            }
            SchemaKind::AnyOf { any_of: members } => {
                self.one_of(members, "anyOf", schema.schema_data.discriminator.as_ref(), ctx)?
            }
            SchemaKind::Not { .. } => {
                self.warn(&ctx.doc, &ctx.pointer, "`not` is typed as any JSON value");
                Shape::Ref(TypeRef::Json)
            }
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() {
                    let mut shape = self.all_of(&any.all_of, ctx)?;
                    if !any.properties.is_empty() {
                        // allOf beside own properties: the own properties are one more member.
                        shape = self.merge(&any.all_of, Some((&any.properties, &any.required)), ctx)?;
                    }
                    shape
                } else if (!any.one_of.is_empty() || !any.any_of.is_empty())
                    && any.properties.is_empty()
                    && any.typ.is_none()
                {
                    // Mixed with nothing else (`nullable` aside): the same as a plain `oneOf`.
                    let (members, keyword) =
                        if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
                    self.one_of(members, keyword, schema.schema_data.discriminator.as_ref(), ctx)?
                } else if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    self.warn(
                        &ctx.doc,
                        &ctx.pointer,
                        "`oneOf`/`anyOf` beside `type` or `properties` is typed as any JSON value",
                    );
                    Shape::Ref(TypeRef::Json)
                } else {
                    match any.typ.as_deref() {
                        Some("array") => Shape::Ref(self.array(any.items.as_ref().map(SchemaAt::from), ctx)?),
                        Some("object") | None if !any.properties.is_empty() => {
                            self.object(&any.properties, &any.required, any.additional_properties.as_ref(), ctx)?
                        }
                        Some("string") => Shape::Ref(TypeRef::String),
                        Some("integer") => Shape::Ref(TypeRef::I64),
                        Some("number") => Shape::Ref(TypeRef::F64),
                        Some("boolean") => Shape::Ref(TypeRef::Bool),
                        Some("object") => Shape::Ref(TypeRef::JsonObject),
                        None => Shape::Ref(TypeRef::Json),
                        Some(other) => {
                            self.warn(
                                &ctx.doc,
                                &ctx.pointer,
                                format!("`type: {other}` is not an OpenAPI type; typed as any JSON value"),
                            );
                            Shape::Ref(TypeRef::Json)
                        }
                    }
                }
            }
        })
    }

    fn array(&mut self, items: Option<SchemaAt<'a>>, ctx: &Ctx) -> Result<TypeRef, Error> {
        Ok(match items {
            Some(items) => TypeRef::Vec(Box::new(self.type_of(items, &ctx.child("items", "Item"))?)),
            None => TypeRef::Vec(Box::new(TypeRef::Json)),
        })
    }

    fn object(
        &mut self,
        properties: &'a Properties,
        required: &[String],
        additional: Option<&'a AdditionalProperties>,
        ctx: &Ctx,
    ) -> Result<Shape, Error> {
        if properties.is_empty() {
            return Ok(Shape::Ref(match additional {
                Some(AdditionalProperties::Schema(schema)) => {
                    let value =
                        self.type_of(SchemaAt::from(schema.as_ref()), &ctx.child("additionalProperties", "Value"))?;
                    TypeRef::Map(Box::new(value))
                }
                _ => TypeRef::JsonObject,
            }));
        }
        let props: Vec<(&'a String, SchemaAt<'a>)> = properties.iter().map(|(k, v)| (k, SchemaAt::from(v))).collect();
        Ok(Shape::Def(TypeKind::Struct(self.fields(&props, required, ctx)?)))
    }

    /// Builds struct fields; properties are sorted by wire name, and a property whose Rust name is
    /// its wire name claims the name before others that convert to the same name (`id` before `_id`).
    fn fields(
        &mut self,
        props: &[(&'a String, SchemaAt<'a>)],
        required: &[String],
        ctx: &Ctx,
    ) -> Result<Struct, Error> {
        // Each property's Rust name is worked out once: converting case is most of the cost here.
        let mut sorted: Vec<(String, &(&String, SchemaAt))> =
            props.iter().map(|prop| (naming::snake_name(prop.0), prop)).collect();
        sorted.sort_by(|(a_rust, (a, _)), (b_rust, (b, _))| {
            (a_rust != a.as_str(), a.as_str()).cmp(&(b_rust != b.as_str(), b.as_str()))
        });
        let mut field_names = Namer::default();
        let mut fields = Vec::new();
        for (rust_name, (api_name, at)) in sorted {
            let name = field_names.claim(rust_name.clone());
            let field_ctx = Ctx {
                doc: ctx.doc.clone(),
                pointer: pointer_push(&pointer_push(&ctx.pointer, "properties"), api_name),
                name_hint: format!("{}{}", ctx.name_hint, naming::type_name(api_name)),
            };
            let ty = self.type_of(*at, &field_ctx)?;
            let (nullable, field_docs) = match at {
                SchemaAt::Item(schema) => {
                    if let Some(example) = &schema.schema_data.example {
                        self.example(&field_ctx, "example", ty.clone(), example);
                    }
                    (schema.schema_data.nullable, schema_docs(schema))
                }
                SchemaAt::Ref(reference) => {
                    // A dangling target was reported by `type_of` above and is typed as any JSON value.
                    let target = self.schema_target(&ctx.doc, &field_ctx.pointer, reference)?;
                    let nullable = matches!(target, Some((_, ReferenceOr::Item(s))) if s.schema_data.nullable);
                    (nullable, Vec::new())
                }
            };
            let mut docs = field_docs;
            if docs.is_empty() {
                // Every public item is documented; the wire name is the least a reader needs.
                docs.push(format!("The {} property.", docs::inline_code(api_name)));
            }
            if rust_name != name {
                docs.push(format!(
                    "Wire name {}; renamed because another property takes the same Rust name.",
                    docs::inline_code(api_name)
                ));
            }
            fields.push(Field {
                name,
                api_name: api_name.to_string(),
                ty,
                required: required.contains(api_name) && !nullable,
                boxed: false,
                docs,
            });
        }
        for name in required {
            if !props.iter().any(|(p, _)| *p == name) {
                self.skip(
                    &ctx.doc,
                    &pointer_push(&ctx.pointer, "required"),
                    format!("`{name}` is required but not a property; ignored"),
                );
            }
        }
        fields.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Struct { fields })
    }

    fn string_enum(&mut self, values: &[&str], ctx: &Ctx) -> TypeKind {
        let mut seen = BTreeSet::new();
        let mut names = Namer::default();
        // `Unknown` holds values the spec does not list, so no listed value may take that name.
        names.claim("Unknown".into());
        let mut variants = Vec::new();
        let mut repeated = Vec::new();
        for value in values {
            if !seen.insert(*value) {
                repeated.push(format!("`{value}`"));
                continue;
            }
            variants.push(EnumVariant { name: names.claim(naming::variant_name(value)), api_name: value.to_string() });
        }
        // One warning per enum: a copy-pasted list repeats dozens of values, and one line says it all.
        if !repeated.is_empty() {
            repeated.sort();
            repeated.dedup();
            let shown = repeated.len().min(8);
            let more =
                if repeated.len() > shown { format!(" and {} more", repeated.len() - shown) } else { String::new() };
            let count =
                if repeated.len() == 1 { "1 value is".to_string() } else { format!("{} values are", repeated.len()) };
            let message =
                format!("{count} listed more than once; each is kept once: {}{more}", repeated[..shown].join(", "));
            self.warn(&ctx.doc, &pointer_push(&ctx.pointer, "enum"), message);
        }
        TypeKind::StringEnum(variants)
    }

    /// `oneOf`/`anyOf`: one member is that member's type; several become an enum whose variants
    /// are in the spec's order, free-form members last.
    fn one_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        keyword: &str,
        discriminator: Option<&'a SpecDiscriminator>,
        ctx: &Ctx,
    ) -> Result<Shape, Error> {
        let base = ctx.child(keyword, "");
        let mut types = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_ctx = base.child(&index.to_string(), &format!("Option{}", index + 1));
            let ty = self.type_of(SchemaAt::from(member), &member_ctx)?;
            if !types.contains(&ty) {
                types.push(ty);
            }
        }
        if types.is_empty() {
            self.warn(&ctx.doc, &ctx.pointer, format!("`{keyword}` without members is typed as any JSON value"));
            return Ok(Shape::Ref(TypeRef::Json));
        }
        if types.len() == 1 {
            return Ok(Shape::Ref(types.remove(0)));
        }
        // A free-form member accepts every value, so the variants after it could never match.
        types.sort_by_key(|ty| matches!(ty, TypeRef::Json | TypeRef::JsonObject));
        let mut names = Namer::default();
        // Member properties are filled in once every type is lowered (`mark_member_properties`),
        // since a member may be a component schema that is still pending.
        let variants: Vec<OneOfVariant> = types
            .into_iter()
            .map(|ty| OneOfVariant { name: names.claim(variant_for(&ty)), ty, boxed: false, properties: None })
            .collect();
        let discriminator = match discriminator {
            Some(discriminator) => Some(self.discriminator(discriminator, members, &variants, ctx)?),
            None => None,
        };
        Ok(Shape::Def(TypeKind::OneOf(OneOf { variants, discriminator })))
    }

    /// The values of a `discriminator` and the variants they select: the `mapping`'s entries (each a
    /// `$ref` or a schema name), and for a member that is a `$ref` no entry points to, its schema's
    /// name, as OpenAPI's implicit mapping says.
    fn discriminator(
        &mut self,
        discriminator: &'a SpecDiscriminator,
        members: &'a [ReferenceOr<Schema>],
        variants: &[OneOfVariant],
        ctx: &Ctx,
    ) -> Result<Discriminator, Error> {
        let at = pointer_push(&ctx.pointer, "discriminator");
        // Every member was named when it was lowered; a schema without a name is no member, and
        // naming it here would generate a type nothing uses.
        let variant_of = |named: &BTreeMap<SchemaKey, String>, key: &SchemaKey| {
            let ty = TypeRef::Named(named.get(key)?.clone());
            variants.iter().find(|v| v.ty == ty).map(|v| v.name.clone())
        };
        let mut values: BTreeMap<String, String> = BTreeMap::new();
        let mut mapped: BTreeSet<SchemaKey> = BTreeSet::new();
        let mut entries: Vec<(&String, &String)> = discriminator.mapping.iter().collect();
        entries.sort();
        for (value, target) in entries {
            let entry_at = pointer_push(&pointer_push(&at, "mapping"), value);
            // A bare schema name stands for that schema of the same document.
            let reference = if target.contains('#') || target.contains('/') {
                target.clone()
            } else {
                format!("#/components/schemas/{target}")
            };
            let Some((key, _)) = self.schema_target(&ctx.doc, &entry_at, &reference)? else {
                self.skip(&ctx.doc, &entry_at, format!("`{target}` is no schema; the value `{value}` is not accepted"));
                continue;
            };
            let variant = variant_of(&self.named, &key);
            mapped.insert(key);
            match variant {
                Some(variant) => {
                    values.insert(value.clone(), variant);
                }
                None => self.skip(
                    &ctx.doc,
                    &entry_at,
                    format!("`{target}` is not a member; the value `{value}` is not accepted"),
                ),
            }
        }
        for member in members {
            let ReferenceOr::Reference { reference } = member else { continue };
            let Some((key, _)) = self.schema_target(&ctx.doc, &ctx.pointer, reference)? else { continue };
            if mapped.contains(&key) || values.contains_key(&key.1) {
                continue;
            }
            if let Some(variant) = variant_of(&self.named, &key) {
                values.insert(key.1.clone(), variant);
            }
        }
        Ok(Discriminator { property: discriminator.property_name.clone(), values: values.into_iter().collect() })
    }

    fn all_of(&mut self, members: &'a [ReferenceOr<Schema>], ctx: &Ctx) -> Result<Shape, Error> {
        match members {
            [single] => Ok(Shape::Ref(self.type_of(SchemaAt::from(single), &ctx.child("allOf", "").child("0", ""))?)),
            _ => self.merge(members, None, ctx),
        }
    }

    /// Merges the properties of several object schemas (`allOf`) into one struct.
    fn merge(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        own: Option<(&'a Properties, &'a [String])>,
        ctx: &Ctx,
    ) -> Result<Shape, Error> {
        let mut props: Vec<(&'a String, SchemaAt<'a>)> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        let mut add = |props_in: &'a Properties, req: &'a [String]| {
            for (k, v) in props_in {
                if let Some(slot) = props.iter_mut().find(|(name, _)| *name == k) {
                    slot.1 = SchemaAt::from(v);
                } else {
                    props.push((k, SchemaAt::from(v)));
                }
            }
            required.extend(req.iter().cloned());
        };
        for (index, member) in members.iter().enumerate() {
            let pointer = pointer_push(&pointer_push(&ctx.pointer, "allOf"), &index.to_string());
            let mut schema = member;
            let mut hops = 0;
            while let ReferenceOr::Reference { reference } = schema {
                hops += 1;
                if hops > 32 {
                    return Err(self.error(&ctx.doc, &pointer, "`$ref` chain of more than 32 hops (a cycle?)"));
                }
                match self.schema_target(&ctx.doc, &pointer, reference)? {
                    Some((_, target)) => schema = target,
                    None => {
                        self.dangling(&ctx.doc, &pointer, reference);
                        return Ok(Shape::Ref(TypeRef::Json));
                    }
                }
            }
            let ReferenceOr::Item(schema) = schema else { unreachable!("references were followed above") };
            match &schema.schema_kind {
                SchemaKind::Type(Type::Object(object)) => add(&object.properties, &object.required),
                SchemaKind::Any(any) if any.all_of.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() => {
                    add(&any.properties, &any.required)
                }
                _ => {
                    self.warn(
                        &ctx.doc,
                        &pointer,
                        "`allOf` member is not an object schema; the whole `allOf` is typed as any JSON value",
                    );
                    return Ok(Shape::Ref(TypeRef::Json));
                }
            }
        }
        if let Some((properties, req)) = own {
            add(properties, req);
        }
        Ok(Shape::Def(TypeKind::Struct(self.fields(&props, &required, ctx)?)))
    }

    fn example(&mut self, ctx: &Ctx, key: &str, ty: TypeRef, value: &serde_json::Value) {
        let pointer = pointer_push(&ctx.pointer, key);
        let origin = self.origin(&ctx.doc, &pointer);
        // Examples of the spec itself are named by pointer alone; others also by file.
        let local = if ctx.doc == self.spec.root_key { pointer.clone() } else { origin.clone() };
        let test_name = self.test_names.claim(naming::test_name(&local));
        self.examples.push(Example { origin, test_name, ty, json: value.to_string() });
    }

    fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let spec = self.spec;
        let doc = spec.root_key.clone();
        let mut paths: Vec<_> = spec.root.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut method_names = Namer::default();
        let mut operations = Vec::new();
        for (path, item) in paths {
            let path_pointer = pointer_push("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.skip(
                        &doc,
                        &path_pointer,
                        format!("path items by `$ref` ({reference}) are not supported; its operations are skipped"),
                    );
                    continue;
                }
            };
            let methods = [
                ("GET", &item.get),
                ("PUT", &item.put),
                ("POST", &item.post),
                ("DELETE", &item.delete),
                ("OPTIONS", &item.options),
                ("HEAD", &item.head),
                ("PATCH", &item.patch),
                ("TRACE", &item.trace),
            ];
            for (method, op) in methods {
                let Some(op) = op else { continue };
                let pointer = pointer_push(&path_pointer, &method.to_ascii_lowercase());
                if let Some(operation) =
                    self.operation(path, method, op, &item.parameters, &pointer, &mut method_names)?
                {
                    operations.push(operation);
                }
            }
        }
        operations.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(operations)
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a openapiv3::Operation,
        path_level: &'a [ReferenceOr<Parameter>],
        pointer: &str,
        method_names: &mut Namer,
    ) -> Result<Option<Operation>, Error> {
        let doc = self.spec.root_key.clone();
        let name = method_names.claim(match &op.operation_id {
            Some(id) if !naming::snake_name(id).is_empty() => naming::snake_name(id),
            _ => naming::method_name_from_path(method, path),
        });
        let type_prefix = naming::type_name(&name);
        let error_enum = self.type_names.claim(format!("{type_prefix}Error"));

        // Parameters: operation-level ones replace path-level ones of the same name and location.
        let mut declared: Vec<(&'a openapiv3::ParameterData, ParamLocation, String)> = Vec::new();
        let levels = [
            (path_level, pointer.rsplit_once('/').map(|(p, _)| p.to_string()).unwrap_or_default()),
            (&op.parameters[..], pointer.to_string()),
        ];
        for (list, base) in levels {
            for (index, param) in list.iter().enumerate() {
                let at = pointer_push(&pointer_push(&base, "parameters"), &index.to_string());
                let param = self.parameter(param, &at)?;
                let (data, location) = match param {
                    Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
                    Parameter::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
                    Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
                    Parameter::Cookie { parameter_data, .. } => {
                        self.skip(
                            &doc,
                            &at,
                            format!("cookie parameter `{}` is not supported; not sent", parameter_data.name),
                        );
                        continue;
                    }
                };
                declared.retain(|(d, l, _)| !(d.name == data.name && *l == location));
                declared.push((data, location, at));
            }
        }

        let mut arg_names = Namer::default();
        arg_names.claim("body".into());
        let mut params = Vec::new();
        let mut constant_headers = Vec::new();
        let mut path_parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                return Err(self.error(&doc, pointer, format!("path `{path}` has an unclosed `{{`")));
            };
            if open > 0 {
                path_parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            let var = &rest[open + 1..close];
            let found = declared.iter().find(|(d, l, _)| *l == ParamLocation::Path && d.name == var);
            let param = match found {
                Some((data, _, at)) => {
                    let ty = self.param_type(data, at, &type_prefix)?;
                    Param {
                        name: arg_names.claim(naming::snake_name(var)),
                        api_name: var.to_string(),
                        location: ParamLocation::Path,
                        ty,
                        required: true,
                        docs: data.description.as_deref().map(docs::prose).unwrap_or_default(),
                    }
                }
                None => {
                    self.warn(
                        &doc,
                        pointer,
                        format!(
                            "path parameter `{var}` is used in the path but not declared; taken as a required string"
                        ),
                    );
                    Param {
                        name: arg_names.claim(naming::snake_name(var)),
                        api_name: var.to_string(),
                        location: ParamLocation::Path,
                        ty: TypeRef::String,
                        required: true,
                        docs: Vec::new(),
                    }
                }
            };
            path_parts.push(PathPart::Param(params.len()));
            params.push(param);
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            path_parts.push(PathPart::Literal(rest.to_string()));
        }

        let mut optional = Vec::new();
        for (data, location, at) in &declared {
            match location {
                ParamLocation::Path => {
                    if !params.iter().any(|p| p.api_name == data.name) {
                        self.skip(
                            &doc,
                            at,
                            format!("path parameter `{}` does not occur in the path; ignored", data.name),
                        );
                    }
                    continue;
                }
                ParamLocation::Header if data.name.eq_ignore_ascii_case("authorization") => {
                    // The client sends the bearer token itself.
                    continue;
                }
                ParamLocation::Header => {
                    if let Some(value) = single_value(data) {
                        if data.required {
                            constant_headers.push((data.name.clone(), value));
                            continue;
                        }
                    }
                }
                ParamLocation::Query => {}
            }
            let ty = self.param_type(data, at, &type_prefix)?;
            let name = arg_names.claim(naming::snake_name(&data.name));
            if params.iter().any(|p| p.location == ParamLocation::Path && p.api_name == data.name) {
                // Which of the two the server reads is unknowable; sending both loses nothing.
                self.warn(
                    &doc,
                    at,
                    format!(
                        "`{}` is declared both in the path and here; both are kept, this one as the argument `{name}`",
                        data.name
                    ),
                );
            }
            let param = Param {
                name,
                api_name: data.name.clone(),
                location: *location,
                ty,
                required: data.required,
                docs: data.description.as_deref().map(docs::prose).unwrap_or_default(),
            };
            if param.required {
                params.push(param);
            } else {
                optional.push(param);
            }
        }
        params.extend(optional);

        let body = match &op.request_body {
            None => None,
            Some(body) => {
                let at = pointer_push(pointer, "requestBody");
                let body = self.request_body(body, &at)?;
                match self.body(body, &at, &type_prefix)? {
                    Some(body) => Some(body),
                    None => return Ok(None),
                }
            }
        };

        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut statuses: Vec<_> = op.responses.responses.iter().collect();
        statuses.sort_by_key(|(code, _)| code.to_string());
        let documented = statuses.into_iter().map(|(code, response)| {
            let status = match code {
                StatusCode::Code(code) => Status::Code(*code),
                StatusCode::Range(digit) => Status::Range(*digit),
            };
            (status, response)
        });
        for (status, response) in documented.chain(op.responses.default.as_ref().map(|r| (Status::Default, r))) {
            let at = pointer_push(&pointer_push(pointer, "responses"), &status.label());
            let response = self.response(response, &at)?;
            let (class, variant) = match status {
                Status::Code(code) => (code / 100, naming::status_variant(code)),
                Status::Range(digit) => (digit, naming::status_range_variant(digit)),
                // `default` is what the API answers when none of the documented statuses applies,
                // which specs mostly use for errors: beside documented success statuses, a success
                // it covers is an error variant too (an operation documenting none is handled below).
                Status::Default => (5, "Default".to_string()),
            };
            let hint = if class == 2 { format!("{type_prefix}Response") } else { format!("{type_prefix}{variant}") };
            let ty = self.response_body(response, &at, &hint)?;
            let case = ResponseCase { status, variant, ty, description: response.description.clone() };
            match class {
                2 => success.push(case),
                4 | 5 => errors.push(case),
                _ => self.warn(
                    &doc,
                    &at,
                    format!("status {} is neither success nor error; it is `Error::UnexpectedStatus`", status.label()),
                ),
            }
        }
        // With no success status documented, `default` is the only description of a success too
        // (as in `default: {description: successful operation}`): a 2xx answer is its body as `Ok`,
        // and any other status stays the `Default` error.
        if success.is_empty() {
            if let Some(default) = errors.iter().find(|c| c.status == Status::Default) {
                success.push(ResponseCase {
                    status: Status::Range(2),
                    variant: naming::status_range_variant(2),
                    ty: default.ty.clone(),
                    description: format!(
                        "{} Documented as `default`, since the operation documents no success status.",
                        default.description.trim()
                    ),
                });
            }
        }
        // Match arms are tried in order: exact codes before the ranges that contain them, `default` last.
        success.sort_by_key(|c| c.status);
        errors.sort_by_key(|c| c.status);
        let response_docs = response_docs(&success, &errors, &error_enum);
        let distinct: BTreeSet<&Option<TypeRef>> = success.iter().map(|c| &c.ty).collect();
        let success_enum = (distinct.len() > 1).then(|| self.type_names.claim(format!("{type_prefix}Success")));

        let idempotent = op
            .extensions
            .get("x-idempotent")
            .and_then(|v| v.as_bool())
            .unwrap_or(matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS" | "TRACE"));
        let vendor_id = op.extensions.get("x-highlevel-operation-id").and_then(|v| v.as_str()).map(str::to_string);
        let mut op_docs = Vec::new();
        if let Some(summary) = &op.summary {
            op_docs.extend(docs::prose(summary));
        }
        if let Some(description) = &op.description {
            if Some(description) != op.summary.as_ref() {
                op_docs.push(String::new());
                op_docs.extend(docs::prose(description));
            }
        }
        op_docs.push(String::new());
        op_docs.push(format!("Sends {}.", docs::inline_code(&format!("{method} {path}"))));
        if let Some(id) = &op.operation_id {
            op_docs.push(format!("Spec operationId: {}.", docs::inline_code(id)));
        }
        if let Some(id) = &vendor_id {
            op_docs.push(format!("HighLevel operationId: {}.", docs::inline_code(id)));
        }
        if op.deprecated {
            op_docs.push(String::new());
            op_docs.push("Deprecated by the spec.".to_string());
        }
        Ok(Some(Operation {
            name,
            api_name: op.operation_id.clone(),
            vendor_id,
            method: method.to_string(),
            path: path.to_string(),
            path_parts,
            params,
            constant_headers,
            body,
            success,
            success_enum,
            error_enum,
            errors,
            docs: op_docs,
            response_docs,
            idempotent,
        }))
    }

    fn parameter(&mut self, param: &'a ReferenceOr<Parameter>, at: &str) -> Result<&'a Parameter, Error> {
        let spec = self.spec;
        match param {
            ReferenceOr::Item(param) => Ok(param),
            ReferenceOr::Reference { reference } => {
                let key = self.resolve(&spec.root_key, at, reference, "parameters")?;
                match spec.documents.get(&key.0).and_then(|d| d.components.parameters.get(&key.1)) {
                    Some(ReferenceOr::Item(param)) => Ok(param),
                    Some(ReferenceOr::Reference { .. }) => Err(self.error(
                        &spec.root_key,
                        at,
                        format!("`$ref: {reference}` leads to another `$ref`; not supported for parameters"),
                    )),
                    None => Err(self.error(
                        &spec.root_key,
                        at,
                        format!("dangling `$ref: {reference}`: there is no such parameter"),
                    )),
                }
            }
        }
    }

    fn param_type(
        &mut self,
        data: &'a openapiv3::ParameterData,
        at: &str,
        type_prefix: &str,
    ) -> Result<TypeRef, Error> {
        let ctx = Ctx {
            doc: self.spec.root_key.clone(),
            pointer: pointer_push(at, "schema"),
            name_hint: format!("{type_prefix}{}", naming::type_name(&data.name)),
        };
        let ty = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.type_of(SchemaAt::from(schema), &ctx)?,
            ParameterSchemaOrContent::Content(_) => TypeRef::String,
        };
        if let Some(example) = &data.example {
            let ctx = Ctx { pointer: at.to_string(), ..ctx };
            self.example(&ctx, "example", ty.clone(), example);
        }
        Ok(ty)
    }

    fn request_body(&mut self, body: &'a ReferenceOr<RequestBody>, at: &str) -> Result<&'a RequestBody, Error> {
        let spec = self.spec;
        match body {
            ReferenceOr::Item(body) => Ok(body),
            ReferenceOr::Reference { reference } => {
                let key = self.resolve(&spec.root_key, at, reference, "requestBodies")?;
                match spec.documents.get(&key.0).and_then(|d| d.components.request_bodies.get(&key.1)) {
                    Some(ReferenceOr::Item(body)) => Ok(body),
                    _ => Err(self.error(
                        &spec.root_key,
                        at,
                        format!("dangling `$ref: {reference}`: there is no such request body"),
                    )),
                }
            }
        }
    }

    /// The request body, or `None` (with a warning) when no media type of it is supported.
    fn body(&mut self, body: &'a RequestBody, at: &str, type_prefix: &str) -> Result<Option<Body>, Error> {
        let doc = self.spec.root_key.clone();
        let mut media: Vec<(&String, &'a MediaType)> = body.content.iter().collect();
        media.sort_by_key(|(m, _)| (!is_json(m), m.as_str()));
        let supported = media
            .iter()
            .find(|(m, _)| is_json(m) || is_form(m))
            .or_else(|| media.iter().find(|(m, _)| is_multipart(m)));
        let Some((media_type, content)) = supported else {
            let offered: Vec<&str> = media.iter().map(|(m, _)| m.as_str()).collect();
            self.skip(&doc, at, format!("request media types {offered:?} are not supported; the operation is skipped"));
            return Ok(None);
        };
        let content_at = pointer_push(&pointer_push(at, "content"), media_type);
        let ctx = Ctx {
            doc: doc.clone(),
            pointer: pointer_push(&content_at, "schema"),
            name_hint: format!("{type_prefix}Body"),
        };
        let ty = match &content.schema {
            Some(schema) => self.type_of(SchemaAt::from(schema), &ctx)?,
            None => TypeRef::Json,
        };
        self.media_examples(content, &content_at, &ty);
        let kind = if is_json(media_type) {
            BodyKind::Json
        } else if is_form(media_type) {
            BodyKind::FormUrlEncoded
        } else {
            BodyKind::Multipart
        };
        if !body.required {
            self.warn(&doc, at, "an optional request body is always sent");
        }
        let parts =
            if kind == BodyKind::Multipart { self.multipart_parts(content.schema.as_ref(), &ctx)? } else { Vec::new() };
        Ok(Some(Body { ty, media_type: media_type.to_string(), kind, parts }))
    }

    /// Describes the parts of a multipart body for the method's docs: a `format: binary` string
    /// (or an array of them) is a file part, anything else a text part.
    fn multipart_parts(&mut self, schema: Option<&'a ReferenceOr<Schema>>, ctx: &Ctx) -> Result<Vec<String>, Error> {
        let mut schema = schema;
        let mut hops = 0;
        while let Some(ReferenceOr::Reference { reference }) = schema {
            hops += 1;
            if hops > 32 {
                return Err(self.error(&ctx.doc, &ctx.pointer, "`$ref` chain of more than 32 hops (a cycle?)"));
            }
            schema = self.schema_target(&ctx.doc, &ctx.pointer, reference)?.map(|(_, target)| target);
        }
        let properties = match schema {
            Some(ReferenceOr::Item(Schema { schema_kind: SchemaKind::Type(Type::Object(object)), .. })) => {
                &object.properties
            }
            Some(ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(any), .. })) => &any.properties,
            _ => return Ok(Vec::new()),
        };
        let is_binary = |schema: &ReferenceOr<Box<Schema>>| match schema {
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) => {
                    matches!(s.format, VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
                }
                _ => false,
            },
            ReferenceOr::Reference { .. } => false,
        };
        let mut parts: Vec<String> = properties
            .iter()
            .map(|(name, property)| {
                let file = match property {
                    ReferenceOr::Item(schema) => match &schema.schema_kind {
                        SchemaKind::Type(Type::Array(array)) => array.items.as_ref().is_some_and(is_binary),
                        _ => is_binary(property),
                    },
                    ReferenceOr::Reference { .. } => false,
                };
                format!("{}: {}", docs::inline_code(name), if file { "a file part" } else { "a text part" })
            })
            .collect();
        parts.sort();
        Ok(parts)
    }

    fn response(&mut self, response: &'a ReferenceOr<Response>, at: &str) -> Result<&'a Response, Error> {
        let spec = self.spec;
        match response {
            ReferenceOr::Item(response) => Ok(response),
            ReferenceOr::Reference { reference } => {
                let key = self.resolve(&spec.root_key, at, reference, "responses")?;
                match spec.documents.get(&key.0).and_then(|d| d.components.responses.get(&key.1)) {
                    Some(ReferenceOr::Item(response)) => Ok(response),
                    _ => Err(self.error(
                        &spec.root_key,
                        at,
                        format!("dangling `$ref: {reference}`: there is no such response"),
                    )),
                }
            }
        }
    }

    fn response_body(&mut self, response: &'a Response, at: &str, hint: &str) -> Result<Option<TypeRef>, Error> {
        let doc = self.spec.root_key.clone();
        let mut media: Vec<(&String, &'a MediaType)> = response.content.iter().filter(|(m, _)| is_json(m)).collect();
        media.sort_by_key(|(m, _)| m.as_str());
        let Some((media_type, content)) = media.first() else {
            if !response.content.is_empty() {
                let offered: Vec<&String> = response.content.keys().collect();
                self.warn(&doc, at, format!("response media types {offered:?} are not JSON; the body is not decoded"));
            }
            return Ok(None);
        };
        let content_at = pointer_push(&pointer_push(at, "content"), media_type);
        let ctx = Ctx { doc, pointer: pointer_push(&content_at, "schema"), name_hint: hint.to_string() };
        let ty = match &content.schema {
            Some(schema) => self.type_of(SchemaAt::from(schema), &ctx)?,
            None => TypeRef::Json,
        };
        self.media_examples(content, &content_at, &ty);
        Ok(Some(ty))
    }

    fn media_examples(&mut self, content: &MediaType, at: &str, ty: &TypeRef) {
        let ctx = Ctx { doc: self.spec.root_key.clone(), pointer: at.to_string(), name_hint: String::new() };
        if let Some(example) = &content.example {
            self.example(&ctx, "example", ty.clone(), example);
        }
        let mut named: Vec<_> = content.examples.iter().collect();
        named.sort_by(|a, b| a.0.cmp(b.0));
        for (name, example) in named {
            if let ReferenceOr::Item(openapiv3::Example { value: Some(value), .. }) = example {
                let ctx = Ctx { pointer: pointer_push(&pointer_push(at, "examples"), name), ..ctx.clone() };
                self.example(&ctx, "value", ty.clone(), value);
            }
        }
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn is_multipart(media_type: &str) -> bool {
    media_type.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("multipart/form-data")
}

fn is_form(media_type: &str) -> bool {
    media_type.split(';').next().unwrap_or_default().trim().eq_ignore_ascii_case("application/x-www-form-urlencoded")
}

/// The one allowed value of a parameter, such as HighLevel's `Version: 2021-07-28`.
fn single_value(data: &openapiv3::ParameterData) -> Option<String> {
    match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::String(string)),
            ..
        })) => match string.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// A schema's description, deviation note and example as rustdoc lines.
fn schema_docs(schema: &Schema) -> Vec<String> {
    let data = &schema.schema_data;
    let mut lines = Vec::new();
    if let Some(title) = &data.title {
        lines.extend(docs::prose(title));
    }
    if let Some(description) = &data.description {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(docs::prose(description));
    }
    if let Some(deviation) = data.extensions.get("x-deviation").and_then(|v| v.as_str()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push("Deviation from HighLevel's documentation:".to_string());
        lines.extend(docs::prose(deviation));
    }
    if data.read_only {
        lines.push(String::new());
        lines.push("Read-only: sent by the server, ignored in requests.".to_string());
    }
    if data.deprecated {
        lines.push(String::new());
        lines.push("Deprecated by the spec.".to_string());
    }
    if let Some(example) = &data.example {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        match example {
            serde_json::Value::String(s) if !s.contains('\n') && s.len() < 80 => {
                lines.push(format!("Example: {}", docs::inline_code(s)));
            }
            serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                lines.push(format!("Example: {}", docs::inline_code(&example.to_string())));
            }
            _ => {
                lines.push("Example:".to_string());
                let pretty = serde_json::to_string_pretty(example).unwrap_or_else(|_| example.to_string());
                lines.extend(docs::code_block("json", &pretty));
            }
        }
    }
    lines
}

/// The `# Responses` lines of a method's docs: what each documented status gives, and what any
/// other status gives.
fn response_docs(success: &[ResponseCase], errors: &[ResponseCase], error_enum: &str) -> Vec<String> {
    let label = |case: &ResponseCase| case.status.doc_label();
    let mut lines = Vec::new();
    for case in success {
        lines.push(format!("- {}: {}; returned as `Ok`", label(case), docs::prose(&case.description).join(" ")));
    }
    for case in errors {
        let kept = if case.status.is_exact() { "" } else { ", with the status it was received with" };
        lines.push(format!(
            "- {}: {}; returned as `Error::ErrorResponse` holding [`{error_enum}::{}`]{kept}",
            label(case),
            docs::prose(&case.description).join(" "),
            case.variant
        ));
    }
    if !errors.iter().any(|c| c.status == Status::Default) {
        lines.push("- any other status: `Error::UnexpectedStatus`, with the status, headers and body".to_string());
    }
    lines
}

/// Records, for each `oneOf` member that is an object with declared properties (directly or
/// through aliases), the wire names of those properties, for best-fit deserialization.
fn mark_member_properties(types: &mut [TypeDef]) {
    let index: BTreeMap<&str, usize> = types.iter().enumerate().map(|(i, d)| (d.name.as_str(), i)).collect();
    let properties = |ty: &TypeRef| {
        let mut ty = ty;
        // Aliases can chain, but never in a cycle longer than the number of types.
        for _ in 0..=types.len() {
            let TypeRef::Named(name) = ty else { return None };
            match &types[*index.get(name.as_str())?].kind {
                TypeKind::Alias(target) => ty = target,
                TypeKind::Struct(s) => {
                    let mut names: Vec<String> = s.fields.iter().map(|f| f.api_name.clone()).collect();
                    names.sort();
                    return Some(names);
                }
                _ => return None,
            }
        }
        None
    };
    // Worked out with the types borrowed, then written: only the `oneOf` members are looked up.
    let mut found = Vec::new();
    for (i, def) in types.iter().enumerate() {
        if let TypeKind::OneOf(one_of) = &def.kind {
            found.push((i, one_of.variants.iter().map(|v| properties(&v.ty)).collect::<Vec<_>>()));
        }
    }
    for (i, properties) in found {
        if let TypeKind::OneOf(one_of) = &mut types[i].kind {
            for (variant, properties) in one_of.variants.iter_mut().zip(properties) {
                variant.properties = properties;
            }
        }
    }
}

/// Boxes struct fields through which a type contains itself, so that recursive schemas compile.
fn mark_boxed(types: &mut [TypeDef]) {
    // Edges of direct containment: `Vec` and maps already put their items on the heap.
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for def in types.iter() {
        let targets = match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct_target(&f.ty)).collect(),
            TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
            TypeKind::StringEnum(_) => Vec::new(),
            TypeKind::OneOf(one_of) => one_of.variants.iter().filter_map(|v| direct_target(&v.ty)).collect(),
        };
        edges.insert(def.name.clone(), targets);
    }
    let reaches = |from: &str, to: &str| {
        let mut stack = vec![from.to_string()];
        let mut seen = BTreeSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                stack.extend(edges.get(&node).cloned().unwrap_or_default());
            }
        }
        false
    };
    for def in types.iter_mut() {
        let name = def.name.clone();
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = direct_target(&field.ty) {
                        field.boxed = reaches(&target, &name);
                    }
                }
            }
            TypeKind::OneOf(one_of) => {
                for variant in &mut one_of.variants {
                    if let Some(target) = direct_target(&variant.ty) {
                        variant.boxed = reaches(&target, &name);
                    }
                }
            }
            TypeKind::Alias(_) | TypeKind::StringEnum(_) => {}
        }
    }
}

fn direct_target(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
}

/// The variant name of a `oneOf` member: the generated type's name, or the Rust type's.
fn variant_for(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Date => "Date".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::JsonObject => "Object".into(),
        TypeRef::Vec(item) => format!("{}List", variant_for(item)),
        TypeRef::Map(value) => format!("{}Map", variant_for(value)),
    }
}
