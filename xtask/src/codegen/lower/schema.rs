//! Lowers schemas into types: scalars, arrays, objects and their fields, string enums, `allOf`
//! merges and `oneOf`/`anyOf` unions with their discriminators.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, AnySchema, Discriminator as SpecDiscriminator, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::{Ctx, Lowerer, SchemaAt, SchemaKey};
use crate::codegen::diag::{pointer_push, Error};
use crate::codegen::model::*;
use crate::codegen::naming::{self, Namer};

/// The properties of an object schema, as `openapiv3` keeps them.
pub(super) type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// A property of a struct: its wire name, its schema, and where the schema that declares it is
/// lowered (an `allOf` takes properties from other schemas, whose inline types live there).
pub(super) type Prop<'a> = (&'a String, SchemaAt<'a>, Ctx);

/// What a schema lowers to: a type that needs a definition of its own, or a reference to one.
pub(super) enum Lowered {
    Def(TypeKind),
    Ref(TypeRef),
}

impl<'a> Lowerer<'a> {
    pub(super) fn shape(&mut self, schema: &'a Schema, ctx: &Ctx) -> Result<Lowered, Error> {
        let discriminator = schema.schema_data.discriminator.as_ref();
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<&str> = string.enumeration.iter().flatten().map(String::as_str).collect();
                Lowered::Def(self.string_enum(&values, ctx))
            }
            SchemaKind::Type(Type::String(string)) => Lowered::Ref(match &string.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Date) => TypeRef::Date,
                _ => TypeRef::String,
            }),
            SchemaKind::Type(Type::Number(number)) => Lowered::Ref(match number.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Integer(integer)) => Lowered::Ref(match integer.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Lowered::Ref(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                Lowered::Ref(self.array(array.items.as_ref().map(Into::into), ctx)?)
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.object(&object.properties, &object.required, object.additional_properties.as_ref(), ctx)?
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, ctx)?,
            SchemaKind::OneOf { one_of } => self.one_of(one_of, "oneOf", discriminator, ctx)?,
            SchemaKind::AnyOf { any_of } => self.one_of(any_of, "anyOf", discriminator, ctx)?,
            SchemaKind::Not { .. } => {
                self.warn(&ctx.doc, &ctx.pointer, "`not` is typed as any JSON value");
                Lowered::Ref(TypeRef::Json)
            }
            SchemaKind::Any(any) => self.any(any, discriminator, ctx)?,
        })
    }

    /// A schema that mixes keywords `openapiv3` keeps apart (`allOf` beside `properties`, `type`
    /// without its usual keywords, or no `type` at all).
    fn any(
        &mut self,
        any: &'a AnySchema,
        discriminator: Option<&'a SpecDiscriminator>,
        ctx: &Ctx,
    ) -> Result<Lowered, Error> {
        let unions = !any.one_of.is_empty() || !any.any_of.is_empty();
        if !any.all_of.is_empty() && !any.properties.is_empty() {
            // `allOf` beside own properties: the own properties are one more member.
            return self.merge(&any.all_of, Some((&any.properties, &any.required)), ctx);
        }
        if !any.all_of.is_empty() {
            return self.all_of(&any.all_of, ctx);
        }
        if unions && any.properties.is_empty() && any.typ.is_none() {
            // Mixed with nothing else (`nullable` aside): the same as a plain `oneOf`.
            let (members, keyword) =
                if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
            return self.one_of(members, keyword, discriminator, ctx);
        }
        if unions {
            let message = "`oneOf`/`anyOf` beside `type` or `properties` is typed as any JSON value";
            self.warn(&ctx.doc, &ctx.pointer, message);
            return Ok(Lowered::Ref(TypeRef::Json));
        }
        Ok(Lowered::Ref(match any.typ.as_deref() {
            Some("array") => self.array(any.items.as_ref().map(Into::into), ctx)?,
            Some("object") | None if !any.properties.is_empty() => {
                return self.object(&any.properties, &any.required, any.additional_properties.as_ref(), ctx);
            }
            Some("string") => TypeRef::String,
            Some("integer") => TypeRef::I64,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            Some("object") => TypeRef::JsonObject,
            None => TypeRef::Json,
            Some(other) => {
                let message = format!("`type: {other}` is not an OpenAPI type; typed as any JSON value");
                self.warn(&ctx.doc, &ctx.pointer, message);
                TypeRef::Json
            }
        }))
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
    ) -> Result<Lowered, Error> {
        if properties.is_empty() {
            return Ok(Lowered::Ref(match additional {
                Some(AdditionalProperties::Schema(schema)) => {
                    let value_ctx = ctx.child("additionalProperties", "Value");
                    TypeRef::Map(Box::new(self.type_of(SchemaAt::from(schema.as_ref()), &value_ctx)?))
                }
                _ => TypeRef::JsonObject,
            }));
        }
        let props: Vec<Prop<'a>> = properties.iter().map(|(k, v)| (k, SchemaAt::from(v), ctx.clone())).collect();
        Ok(Lowered::Def(TypeKind::Struct(self.fields(&props, required, ctx)?)))
    }

    /// Builds struct fields; properties are sorted by wire name, and a property whose Rust name is
    /// its wire name claims the name before others that convert to the same name (`id` before `_id`).
    pub(super) fn fields(&mut self, props: &[Prop<'a>], required: &[String], ctx: &Ctx) -> Result<Struct, Error> {
        // Each property's Rust name is worked out once: converting case is most of the cost here.
        let mut sorted: Vec<(String, &Prop<'a>)> =
            props.iter().map(|prop| (naming::snake_name(prop.0), prop)).collect();
        sorted.sort_by(|(a_rust, (a, ..)), (b_rust, (b, ..))| {
            (a_rust != a.as_str(), a.as_str()).cmp(&(b_rust != b.as_str(), b.as_str()))
        });
        let mut field_names = Namer::default();
        let mut fields = Vec::new();
        for (rust_name, (api_name, at, owner)) in sorted {
            let name = field_names.claim(rust_name.clone());
            let renamed = name != rust_name;
            let mut field = self.field(api_name, *at, owner)?;
            field.required = required.contains(api_name) && field.required;
            fields.push(Field { name, renamed, ..field });
        }
        for name in required {
            if !props.iter().any(|(p, ..)| *p == name) {
                let message = format!("`{name}` is required but not a property; ignored");
                self.skip(&ctx.doc, &pointer_push(&ctx.pointer, "required"), message);
            }
        }
        fields.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Struct { fields })
    }

    /// One property as a field, named later by `fields`; `required` says only whether the value
    /// can be present (not `nullable`).
    fn field(&mut self, api_name: &str, at: SchemaAt<'a>, ctx: &Ctx) -> Result<Field, Error> {
        let field_ctx = Ctx {
            doc: ctx.doc.clone(),
            pointer: pointer_push(&pointer_push(&ctx.pointer, "properties"), api_name),
            name_hint: format!("{}{}", ctx.name_hint, naming::type_name(api_name)),
        };
        let ty = self.type_of(at, &field_ctx)?;
        let (nullable, doc) = match at {
            SchemaAt::Item(schema) => {
                if let Some(example) = &schema.schema_data.example {
                    self.example(&field_ctx, "example", ty.clone(), example);
                }
                super::all_of::annotations(schema)
            }
            SchemaAt::Ref(reference) => {
                let target = self.schema_target(&ctx.doc, &field_ctx.pointer, reference)?;
                let nullable = matches!(target, Some((_, ReferenceOr::Item(s))) if s.schema_data.nullable);
                (nullable, SchemaDoc::default())
            }
        };
        let api_name = api_name.to_string();
        Ok(Field { name: String::new(), api_name, ty, required: !nullable, doc, renamed: false })
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
    ) -> Result<Lowered, Error> {
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
            return Ok(Lowered::Ref(TypeRef::Json));
        }
        if types.len() == 1 {
            return Ok(Lowered::Ref(types.remove(0)));
        }
        // A free-form member accepts every value, so the variants after it could never match.
        types.sort_by_key(|ty| matches!(ty, TypeRef::Json | TypeRef::JsonObject));
        let mut names = Namer::default();
        let variants: Vec<OneOfVariant> =
            types.into_iter().map(|ty| OneOfVariant { name: names.claim(variant_for(&ty)), ty }).collect();
        let discriminator = match discriminator {
            Some(discriminator) => Some(self.discriminator(discriminator, members, &variants, ctx)?),
            None => None,
        };
        Ok(Lowered::Def(TypeKind::OneOf(OneOf { variants, discriminator })))
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
            // A mapping entry that cannot be followed costs its value, not the whole spec.
            let key = match self.schema_target(&ctx.doc, &entry_at, &reference) {
                Ok(Some((key, _))) => key,
                Ok(None) => {
                    let message = format!("`{target}` is no schema; the value `{value}` is not accepted");
                    self.skip(&ctx.doc, &entry_at, message);
                    continue;
                }
                Err(error) => {
                    self.skip(&ctx.doc, &entry_at, format!("{}; the value `{value}` is not accepted", error.message));
                    continue;
                }
            };
            let variant = self.variant_of(variants, &key);
            mapped.insert(key);
            match variant {
                Some(variant) => drop(values.insert(value.clone(), variant)),
                None => {
                    let message = format!("`{target}` is not a member; the value `{value}` is not accepted");
                    self.skip(&ctx.doc, &entry_at, message);
                }
            }
        }
        for member in members {
            let ReferenceOr::Reference { reference } = member else { continue };
            let Some((key, _)) = self.schema_target(&ctx.doc, &ctx.pointer, reference)? else { continue };
            if mapped.contains(&key) || values.contains_key(&key.1) {
                continue;
            }
            if let Some(variant) = self.variant_of(variants, &key) {
                values.insert(key.1.clone(), variant);
            }
        }
        Ok(Discriminator { property: discriminator.property_name.clone(), values: values.into_iter().collect() })
    }

    /// The variant that holds a component schema. Every member was named when it was lowered; a
    /// schema without a name is no member, and naming it here would generate a type nothing uses.
    fn variant_of(&self, variants: &[OneOfVariant], key: &SchemaKey) -> Option<String> {
        let ty = TypeRef::Named(self.named.get(key)?.clone());
        variants.iter().find(|v| v.ty == ty).map(|v| v.name.clone())
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
