//! Emits `src/generated/types.rs`: one Rust type per schema.

use super::emit_docs;
use super::model::*;
use super::rust::{self, Writer};

pub fn generate(api: &Api) -> Result<Vec<String>, String> {
    let mut items = vec!["#![allow(clippy::too_many_arguments, clippy::large_enum_variant)]\n".to_string()];
    for def in &api.types {
        match &def.kind {
            TypeKind::Alias(ty) => {
                let mut w = Writer::new();
                w.docs(&emit_docs::type_docs(def));
                w.line(&format!("pub type {} = {};", def.name, rust_type(ty, false)));
                items.push(w.finish()?);
            }
            TypeKind::Struct(s) => struct_def(api, &mut items, def, s)?,
            TypeKind::StringEnum(variants) => string_enum(&mut items, def, variants)?,
            TypeKind::OneOf(one_of_def) => {
                items.push(one_of(api, def, &one_of_def.variants)?);
                items.push(one_of_deserialize(api, &def.name, one_of_def)?);
                items.push(one_line_impl(
                    &format!("impl crate::runtime::ToParam for {} {{", def.name),
                    "fn to_param(&self) -> std::borrow::Cow<'_, str> {",
                    "crate::runtime::json_param(self)",
                )?);
            }
        }
    }
    Ok(items)
}

/// The Rust type for a model type. `qualified` prefixes generated types with `types::`, for use
/// outside the types module.
pub fn rust_type(ty: &TypeRef, qualified: bool) -> String {
    match ty {
        TypeRef::String => "String".to_string(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_string(),
        TypeRef::Date => "chrono::NaiveDate".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::I32 => "i32".to_string(),
        TypeRef::I64 => "i64".to_string(),
        TypeRef::F32 => "f32".to_string(),
        TypeRef::F64 => "f64".to_string(),
        TypeRef::Json => "serde_json::Value".to_string(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_string(),
        TypeRef::Vec(item) => format!("Vec<{}>", rust_type(item, qualified)),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", rust_type(value, qualified)),
        TypeRef::Named(name) if qualified => format!("types::{name}"),
        TypeRef::Named(name) => name.clone(),
    }
}

/// An outer attribute with arguments, such as `#[serde(...)]`: prettyplease breaks its arguments
/// one per line, without a trailing comma, when it does not fit.
fn attribute(w: &mut Writer, name: &str, args: &[String]) {
    let flat = format!("#[{name}({})]", args.join(", "));
    if w.fits(&flat) {
        w.line(&flat);
    } else {
        w.open(&format!("#[{name}("));
        for (i, arg) in args.iter().enumerate() {
            w.line(&if i + 1 < args.len() { format!("{arg},") } else { arg.clone() });
        }
        w.close(")]");
    }
}

fn derive(w: &mut Writer, traits: &[&str]) {
    attribute(w, "derive", &traits.iter().map(|t| t.to_string()).collect::<Vec<_>>());
}

fn one_of(api: &Api, def: &TypeDef, variants: &[OneOfVariant]) -> Result<String, String> {
    let mut w = Writer::new();
    w.docs(&emit_docs::type_docs(def));
    w.docs(&[
        "",
        "One of several shapes, serialized as the variant's value alone. Deserializing picks the",
        "variant the discriminator property names, where the spec has one; otherwise, for an",
        "object, the variant that knows all of its keys, else the one that knows the most, and for",
        "other values the first variant that fits.",
    ]);
    derive(&mut w, &["Debug", "Clone", "PartialEq", "serde::Serialize"]);
    w.atomic("#[serde(untagged)]");
    w.open_atomic(&format!("pub enum {} {{", def.name));
    for variant in variants {
        let ty = rust_type(&variant.ty, false);
        let ty = if api.boxed(&def.name, &variant.ty) { format!("Box<{ty}>") } else { ty };
        w.doc(&format!("The value as {}.", variant.name));
        w.line(&format!("{}({ty}),", variant.name));
    }
    w.close("}");
    w.finish()
}

/// The `Deserialize` impl of a `oneOf` enum: a list of its members for the runtime to choose from,
/// by discriminator value when the spec has one, else by best fit.
fn one_of_deserialize(api: &Api, name: &str, one_of: &OneOf) -> Result<String, String> {
    let parse = |variant_name: &str| {
        if one_of.variants.iter().any(|v| v.name == variant_name && api.boxed(name, &v.ty)) {
            format!("|v| serde::Deserialize::deserialize(v).map(|x| Self::{variant_name}(Box::new(x)))")
        } else {
            format!("|v| serde::Deserialize::deserialize(v).map(Self::{variant_name})")
        }
    };
    let (function, mut args, members) = match &one_of.discriminator {
        Some(discriminator) => {
            let members = discriminator.values.iter().map(|(value, variant)| {
                format!("crate::runtime::Tagged {{ value: {}, parse: {} }}", rust::string(value), parse(variant))
            });
            ("by_discriminator", vec![rust::string(&discriminator.property)], members.collect::<Vec<_>>())
        }
        None => {
            let members = one_of.variants.iter().map(|variant| {
                let keys = match api.member_keys(&variant.ty) {
                    Some(keys) => {
                        format!("Some(&[{}])", keys.iter().map(|k| rust::string(k)).collect::<Vec<_>>().join(", "))
                    }
                    None => "None".to_string(),
                };
                format!(
                    "crate::runtime::Member {{ name: {}, keys: {keys}, parse: {} }}",
                    rust::string(&variant.name),
                    parse(&variant.name)
                )
            });
            ("best_fit", Vec::new(), members.collect())
        }
    };
    args.insert(0, rust::string(name));
    args.insert(0, "deserializer".to_string());
    args.push(format!("&[{}]", members.join(", ")));
    let mut w = Writer::new();
    w.open(&format!("impl<'de> serde::Deserialize<'de> for {name} {{"));
    w.group(
        "fn deserialize<D: serde::Deserializer<'de>>(",
        &["deserializer: D".to_string()],
        ") -> Result<Self, D::Error> {",
    );
    w.enter();
    w.line(&format!("crate::runtime::{function}({})", args.join(", ")));
    w.close("}");
    w.close("}");
    // Lists of struct literals holding closures are left to prettyplease.
    w.defer_to_prettyplease();
    w.finish()
}

fn field_type(api: &Api, owner: &str, field: &Field) -> String {
    let ty = rust_type(&field.ty, false);
    let ty = if api.boxed(owner, &field.ty) { format!("Box<{ty}>") } else { ty };
    if field.required {
        ty
    } else {
        format!("Option<{ty}>")
    }
}

fn struct_def(api: &Api, items: &mut Vec<String>, def: &TypeDef, s: &Struct) -> Result<(), String> {
    let mut w = Writer::new();
    w.docs(&emit_docs::type_docs(def));
    if s.all_optional() {
        derive(&mut w, &["Debug", "Clone", "PartialEq", "Default", "serde::Serialize", "serde::Deserialize"]);
    } else {
        derive(&mut w, &["Debug", "Clone", "PartialEq", "serde::Serialize", "serde::Deserialize"]);
    }
    w.open_atomic(&format!("pub struct {} {{", def.name));
    for field in &s.fields {
        w.docs(&emit_docs::field_docs(field));
        let mut serde = Vec::new();
        if field.name != field.api_name {
            serde.push(format!("rename = {}", rust::string(&field.api_name)));
        }
        if !field.required {
            serde.push("default".to_string());
            serde.push("skip_serializing_if = \"Option::is_none\"".to_string());
        }
        if !serde.is_empty() {
            attribute(&mut w, "serde", &serde);
        }
        w.line(&format!("pub {}: {},", field.name, field_type(api, &def.name, field)));
    }
    w.close("}");
    items.push(w.finish()?);

    if s.all_optional() {
        return Ok(());
    }
    let mut w = Writer::new();
    w.open_atomic(&format!("impl {} {{", def.name));
    w.doc("Creates a value from the required fields; every optional field is `None`.");
    let args: Vec<String> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| format!("{}: {}", f.name, field_type(api, &def.name, f)))
        .collect();
    w.group("pub fn new(", &args, ") -> Self {");
    w.enter();
    let inits: Vec<String> =
        s.fields.iter().map(|f| if f.required { f.name.clone() } else { format!("{}: None", f.name) }).collect();
    w.struct_literal("Self", &inits, "");
    w.close("}");
    w.close("}");
    items.push(w.finish()?);
    Ok(())
}

fn string_enum(items: &mut Vec<String>, def: &TypeDef, variants: &[EnumVariant]) -> Result<(), String> {
    let name = &def.name;
    let values: Vec<String> = variants.iter().map(|v| rust::string(&v.api_name)).collect();

    let mut w = Writer::new();
    w.docs(&emit_docs::type_docs(def));
    w.docs(&[
        "",
        "Values this version of the spec does not list deserialize into `Unknown`, so a new value",
        "sent by the API does not fail the whole response.",
    ]);
    w.atomic("#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]");
    w.atomic("#[non_exhaustive]");
    w.open_atomic(&format!("pub enum {name} {{"));
    for variant in variants {
        w.doc(&format!("`{}`", variant.api_name.replace('`', "'")));
        w.line(&format!("{},", variant.name));
    }
    w.doc("A value the spec does not list, as received.");
    w.line("Unknown(String),");
    w.close("}");
    items.push(w.finish()?);

    items.push(rust::match_impl(
        &format!("impl {name} {{"),
        Some("The value as sent on the wire."),
        "pub fn as_str(&self) -> &str {",
        "self",
        variants.iter().zip(&values).map(|(variant, value)| (format!("Self::{}", variant.name), value.clone())),
        Some("Self::Unknown(value) => value,"),
    )?);
    items.push(rust::match_impl(
        &format!("impl From<&str> for {name} {{"),
        None,
        "fn from(value: &str) -> Self {",
        "value",
        variants.iter().zip(&values).map(|(variant, value)| (value.clone(), format!("Self::{}", variant.name))),
        Some("other => Self::Unknown(other.to_string()),"),
    )?);
    items.push(one_line_impl(
        &format!("impl std::fmt::Display for {name} {{"),
        "fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {",
        "f.write_str(self.as_str())",
    )?);
    items.push(one_line_impl(
        &format!("impl serde::Serialize for {name} {{"),
        "fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {",
        "serializer.serialize_str(self.as_str())",
    )?);

    let mut w = Writer::new();
    w.open(&format!("impl<'de> serde::Deserialize<'de> for {name} {{"));
    w.group(
        "fn deserialize<D: serde::Deserializer<'de>>(",
        &["deserializer: D".to_string()],
        ") -> Result<Self, D::Error> {",
    );
    w.enter();
    // prettyplease breaks the qualified path's generic arguments rather than the call.
    w.open("let value = <std::borrow::Cow<");
    w.line("'de,");
    w.line("str,");
    w.close("> as serde::Deserialize>::deserialize(deserializer)?;");
    w.line("Ok(Self::from(value.as_ref()))");
    w.close("}");
    w.close("}");
    items.push(w.finish()?);

    items.push(one_line_impl(
        &format!("impl crate::runtime::ToParam for {name} {{"),
        "fn to_param(&self) -> std::borrow::Cow<'_, str> {",
        "std::borrow::Cow::Borrowed(self.as_str())",
    )?);
    Ok(())
}

/// A trait implementation with one method whose body is one expression.
fn one_line_impl(header: &str, signature: &str, body: &str) -> Result<String, String> {
    let mut w = Writer::new();
    w.open(header);
    w.open(signature);
    w.line(body);
    w.close("}");
    w.close("}");
    w.finish()
}
