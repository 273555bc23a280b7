//! The intermediate model between the OpenAPI document and the emitted Rust code.
//!
//! Everything here is already named and sorted: the emitters only print it, and render the docs
//! from what the spec says (titles, descriptions, where a schema lives). Nothing in this module
//! refers to `openapiv3`, so the emitters cannot depend on the spec's representation.

use std::collections::BTreeSet;

mod param;
mod response;

pub use param::*;
pub use response::*;

/// One API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec file as shown in the generated preamble (relative to the workspace where possible).
    pub spec_display: String,
    pub default_base_url: Option<String>,
    /// The spec's `info`: what a new crate's docs and its `Client`'s docs are made from.
    pub info: ApiInfo,
    /// Sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Sorted by Rust method name.
    pub operations: Vec<Operation>,
    /// Sorted by JSON pointer.
    pub examples: Vec<Example>,
    /// Each pair of a type and a generated type it holds directly (not through a `Vec` or map)
    /// that contains the first again: such a field or variant is boxed, or the type would be
    /// infinitely large.
    pub recursive: BTreeSet<(String, String)>,
    /// Whether a generated type takes a name the standard library's prelude uses (`String`,
    /// `Result`, ...), so that `types.rs`, where the generated types are in scope, writes the
    /// standard library's items as full paths (`::std::string::String`).
    pub std_paths: bool,
}

/// The spec's `info`, as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiInfo {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Whose documentation the spec is written from (`info.x-upstream`), for the docs' sentences
    /// about upstream operation ids and deviations.
    pub upstream: Option<String>,
}

impl Api {
    /// Whether `owner` holds `ty` in a box, because `ty` contains `owner` again.
    pub fn boxed(&self, owner: &str, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(target) => self.recursive.contains(&(owner.to_string(), target.clone())),
            _ => false,
        }
    }

    /// For a `oneOf` member that is an object with declared properties (directly or through
    /// aliases), their wire names, sorted; best-fit deserialization counts an object's keys
    /// against them. `None` for any other member.
    pub fn member_keys<'a>(&'a self, ty: &'a TypeRef) -> Option<Vec<&'a str>> {
        let lookup =
            |name: &str| self.types.binary_search_by(|d| d.name.as_str().cmp(name)).ok().map(|i| &self.types[i]);
        let TypeRef::Named(name) = without_aliases(ty, self.types.len(), lookup)? else { return None };
        match &lookup(name)?.kind {
            TypeKind::Struct(s) => {
                let mut names: Vec<&str> = s.fields.iter().map(|f| f.api_name.as_str()).collect();
                names.sort_unstable();
                Some(names)
            }
            _ => None,
        }
    }
}

/// A type with its aliases followed, looking names up with `lookup` among `count` types; `None`
/// for a name that is no type, or for aliases in a cycle (a chain is never longer than `count`).
pub fn without_aliases<'t>(
    ty: &'t TypeRef,
    count: usize,
    lookup: impl Fn(&str) -> Option<&'t TypeDef>,
) -> Option<&'t TypeRef> {
    let mut ty = ty;
    for _ in 0..=count {
        let TypeRef::Named(name) = ty else { return Some(ty) };
        match &lookup(name)?.kind {
            TypeKind::Alias(target) => ty = target,
            _ => return Some(ty),
        }
    }
    None
}

/// A named Rust type generated from a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust identifier.
    pub name: String,
    pub origin: Origin,
    pub doc: SchemaDoc,
    pub kind: TypeKind,
}

/// Where a generated type's schema lives in the spec.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// A schema under `components/schemas`, by its key and the file it is in.
    Component { key: String, file: String },
    /// A schema written in place, by its JSON pointer.
    Inline { pointer: String },
}

/// What the spec says about a schema, for its docs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemaDoc {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Why this spec departs from the vendor's documentation (`x-deviation`).
    pub deviation: Option<String>,
    pub read_only: bool,
    pub deprecated: bool,
    pub example: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum; values unknown to the spec deserialize into an `Unknown(String)` variant.
    StringEnum(Vec<EnumVariant>),
    /// A schema that is not an object, e.g. an array or a free-form value: a type alias.
    Alias(TypeRef),
    /// `oneOf`/`anyOf`: an enum with one variant per member, serialized untagged.
    OneOf(OneOf),
}

/// A `oneOf`/`anyOf` with several members.
///
/// Without a discriminator, deserializing picks the member that fits best: among the members an
/// object deserializes into, the one that knows every key, then the one that knows the most keys,
/// then the first; other values take the first member they deserialize into.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOf {
    /// In the spec's order, free-form members last (they accept anything).
    pub variants: Vec<OneOfVariant>,
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    pub name: String,
    pub ty: TypeRef,
}

/// An OpenAPI `discriminator`: the value of one property names the member.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property's wire name.
    pub property: String,
    /// Each value of the property with the name of the variant it selects, sorted by value.
    pub values: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Sorted by Rust name, so that reordering properties in the spec changes nothing.
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust identifier.
    pub name: String,
    /// The JSON property name on the wire.
    pub api_name: String,
    pub ty: TypeRef,
    /// Required and not nullable: the field is not an `Option`.
    pub required: bool,
    /// What the spec says of the property; empty for a `$ref`, whose type documents itself.
    pub doc: SchemaDoc,
    /// Whether the natural Rust name was taken by another property that converts to the same name.
    pub renamed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub api_name: String,
}

/// A reference to a Rust type, as used in fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    String,
    DateTime,
    Date,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonObject,
    Vec(Box<TypeRef>),
    /// A JSON object whose values all have one type (`additionalProperties` with a schema).
    Map(Box<TypeRef>),
    /// A generated type, by Rust name.
    Named(String),
}

/// One API operation, emitted as one async method on `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The Rust method name.
    pub name: String,
    /// The spec's operationId, if it has one.
    pub api_name: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The operationId of the documentation this spec is written from (`x-upstream-operation-id`),
    /// when the spec records it.
    pub upstream_id: Option<String>,
    /// Upper-case HTTP method, e.g. `GET`.
    pub method: String,
    /// The path template as written in the spec.
    pub path: String,
    pub path_parts: Vec<PathPart>,
    /// Method arguments in order: path parameters in template order, then the other parameters.
    pub params: Vec<Param>,
    /// When the operation has [`PARAMS_STRUCT_MIN_OPTIONAL`] or more optional parameters: the
    /// struct that holds all of `params`, which the method then takes in their place.
    pub params_struct: Option<String>,
    /// Headers with one allowed value (like `Version`), sent by the client itself.
    pub constant_headers: Vec<(String, String)>,
    pub body: Option<Body>,
    pub success: Vec<ResponseCase>,
    /// When success statuses have different bodies: the enum that holds them, one variant per status.
    pub success_enum: Option<String>,
    /// The per-operation error enum and its variants, one per documented error status.
    pub error_enum: String,
    pub errors: Vec<ResponseCase>,
    /// The `Accept` header: the media types the client reads for the documented responses,
    /// successes first, without repeats; `application/json` when the operation documents none.
    pub accept: String,
    /// GET, HEAD, PUT, DELETE, OPTIONS and TRACE are idempotent by RFC 9110; the spec can say so too.
    pub idempotent: bool,
}

impl Operation {
    /// Whether a `default` response covers every status no other case documents, so that none is
    /// left for `Error::UnexpectedStatus`.
    pub fn has_default(&self) -> bool {
        self.errors.iter().any(|c| c.status == Status::Default)
    }
}

/// From this many optional parameters on, an operation takes its parameters as one struct: a call
/// of five or more `None`s no longer says which is which, while a named field does. Fewer stay
/// positional, where `get(id, None)` reads well. The count is the spec's, so the rule is
/// deterministic; the request body stays its own argument either way.
pub const PARAMS_STRUCT_MIN_OPTIONAL: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// An index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The body's type; for multipart bodies the type of the documented fields, while the method
    /// takes a `multipart::Form` built by the caller.
    pub ty: TypeRef,
    pub media_type: String,
    pub kind: BodyKind,
    /// For multipart bodies, the documented parts, sorted by name.
    pub parts: Vec<Part>,
}

/// A documented part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub name: String,
    /// A `format: binary` string, or an array of them: the part is a file.
    pub file: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    FormUrlEncoded,
    /// `multipart/form-data`: the caller builds the parts (files need names and bytes, which a
    /// serde type cannot carry), guided by the parts the spec documents.
    Multipart,
    /// `text/*`: the caller passes the text as a `String`.
    Text,
    /// Any other media type (`application/octet-stream`, `image/png`): the caller passes the bytes
    /// as anything that converts into a `reqwest::Body` (`Vec<u8>`, `bytes::Bytes`, a stream).
    Binary,
}

impl BodyKind {
    /// Whether the body is a value of the body's generated type, serialized by the client.
    pub fn is_serialized(self) -> bool {
        matches!(self, BodyKind::Json | BodyKind::FormUrlEncoded)
    }
}

/// A JSON example from the spec, with the type it must deserialize into.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where the example is, as `file#/json/pointer`.
    pub origin: String,
    /// The test function name.
    pub test_name: String,
    pub ty: TypeRef,
    /// The example as compact JSON.
    pub json: String,
}
