//! What kind of value each parameter is, as OpenAPI's styles tell values apart, decided once
//! every type is lowered (its `style` and `explode` come from `parameter_style`, below), with a
//! warning where OpenAPI defines no serialization and the client's way of writing it is a guess.

use std::collections::BTreeMap;

use openapiv3::{Parameter, PathStyle, QueryStyle};

use super::Lowerer;
use crate::codegen::model::*;

impl Lowerer<'_> {
    /// Sets the value kind of every parameter, now that every type it may name is lowered.
    pub(super) fn value_kinds(&mut self, operations: &mut [Operation]) {
        let doc = self.spec.root_key.clone();
        for param in operations.iter_mut().flat_map(|op| &mut op.params) {
            param.value = value_kind(&self.types, &param.ty);
            if let Some(guess) = guess(&self.types, param) {
                let message = format!("parameter `{}`: {guess}", param.api_name);
                self.warn(&doc, &param.pointer, message);
            }
        }
    }
}

/// A type with its aliases followed; `None` for a name that is no type, or aliases in a cycle.
fn resolve<'t>(types: &'t BTreeMap<String, TypeDef>, ty: &'t TypeRef) -> Option<&'t TypeRef> {
    without_aliases(ty, types.len(), |name| types.get(name))
}

fn value_kind(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> ValueKind {
    let is_primitive = |ty: &TypeRef| {
        let kind = resolve(types, ty).map(|ty| shape(types, ty));
        kind == Some(TypeForm::Primitive)
    };
    match resolve(types, ty) {
        Some(TypeRef::Vec(item)) if is_primitive(item) => ValueKind::Array,
        Some(ty) if shape(types, ty) == TypeForm::Primitive => ValueKind::Primitive,
        _ => ValueKind::Structured,
    }
}

/// A resolved type as the styles see it.
#[derive(PartialEq)]
enum TypeForm {
    Primitive,
    Array,
    Object,
}

fn shape(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> TypeForm {
    match ty {
        TypeRef::Vec(_) => TypeForm::Array,
        TypeRef::Map(_) | TypeRef::JsonObject => TypeForm::Object,
        TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::StringEnum(_) | TypeKind::OneOf(_)) => TypeForm::Primitive,
            _ => TypeForm::Object,
        },
        _ => TypeForm::Primitive,
    }
}

/// Why the way a parameter is written is the client's guess rather than OpenAPI's rule, if it is.
fn guess(types: &BTreeMap<String, TypeDef>, param: &Param) -> Option<String> {
    let style = param.style.spec_name();
    let resolved = resolve(types, &param.ty)?;
    let shape = shape(types, resolved);
    match (param.value, param.style) {
        (ValueKind::Primitive, _) => None,
        (ValueKind::Structured, _) if shape == TypeForm::Array => Some(
            "OpenAPI defines no serialization of an array of objects or arrays in a parameter; each item is sent as its JSON text".into(),
        ),
        (ValueKind::Array, ParamStyle::DeepObject) => Some(
            "`style: deepObject` is defined for objects only; the array is sent as `style: form` with `explode: true`".into(),
        ),
        (_, ParamStyle::SpaceDelimited | ParamStyle::PipeDelimited) if param.explode => Some(format!(
            "`explode: true` is not defined for `style: {style}`; the value is sent as `style: form` with `explode: true`"
        )),
        _ if nested(types, resolved) => Some(
            "OpenAPI's styles go one level deep; the object's fields that are objects or arrays are sent as their JSON text".into(),
        ),
        _ => None,
    }
}

/// Whether an object has a field, or a map a value type, that is not a primitive.
fn nested(types: &BTreeMap<String, TypeDef>, object: &TypeRef) -> bool {
    let not_primitive = |ty: &TypeRef| resolve(types, ty).is_none_or(|ty| shape(types, ty) != TypeForm::Primitive);
    match object {
        TypeRef::Map(value) => not_primitive(value),
        // A free-form object's values may be anything; its type says nothing to warn about.
        TypeRef::JsonObject => false,
        TypeRef::Named(name) => match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().any(|field| not_primitive(&field.ty)),
            _ => false,
        },
        _ => false,
    }
}

/// A parameter's `style` and `explode`: as the spec gives them, else the location's default style
/// (`form` in the query and for cookies, `simple` in the path and in headers), and `explode`
/// true for `form` and false for every other style, as OpenAPI 3.0.3 says.
pub fn parameter_style(parameter: &Parameter) -> (ParamStyle, bool) {
    let style = match parameter {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form,
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => ParamStyle::Simple,
            PathStyle::Label => ParamStyle::Label,
            PathStyle::Matrix => ParamStyle::Matrix,
        },
        Parameter::Header { .. } => ParamStyle::Simple,
        Parameter::Cookie { .. } => ParamStyle::Form,
    };
    let explode = parameter.parameter_data_ref().explode.unwrap_or(style == ParamStyle::Form);
    (style, explode)
}
