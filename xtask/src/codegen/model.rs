//! The intermediate model between the OpenAPI document and the emitted Rust code.
//!
//! Everything here is already named, sorted and documented: the emitters only print it. Nothing in
//! this module refers to `openapiv3`, so the emitters cannot depend on the spec's representation.

/// One API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec file as shown in the generated preamble (relative to the workspace where possible).
    pub spec_display: String,
    pub title: String,
    pub version: String,
    pub default_base_url: Option<String>,
    /// Sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// Sorted by Rust method name.
    pub operations: Vec<Operation>,
    /// Sorted by JSON pointer.
    pub examples: Vec<Example>,
}

/// A named Rust type generated from a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust identifier.
    pub name: String,
    /// Where the schema lives in the spec (file and JSON pointer), for docs and diagnostics.
    pub origin: String,
    pub docs: Vec<String>,
    pub kind: TypeKind,
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
    /// Boxed because the enum contains itself through this variant.
    pub boxed: bool,
    /// For a member that is an object with declared properties, their wire names, sorted; `None`
    /// for any other member. Best-fit deserialization counts an object's keys against them.
    pub properties: Option<Vec<String>>,
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

impl Struct {
    /// Whether every field is optional, so the struct can implement `Default`.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }
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
    /// Boxed because the type contains itself through this field.
    pub boxed: bool,
    pub docs: Vec<String>,
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

impl TypeRef {
    /// Whether the type names a generated type, directly or inside a `Vec` or map.
    pub fn mentions_named(&self) -> bool {
        match self {
            TypeRef::Named(_) => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) => inner.mentions_named(),
            _ => false,
        }
    }
}

/// One API operation, emitted as one async method on `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The Rust method name.
    pub name: String,
    /// The spec's operationId, if it has one.
    pub api_name: Option<String>,
    /// HighLevel's own operationId (`x-highlevel-operation-id`), when the spec records it.
    pub vendor_id: Option<String>,
    /// Upper-case HTTP method, e.g. `GET`.
    pub method: String,
    /// The path template as written in the spec.
    pub path: String,
    pub path_parts: Vec<PathPart>,
    /// Method arguments in order: path parameters in template order, then the other parameters.
    pub params: Vec<Param>,
    /// Headers with one allowed value (like `Version`), sent by the client itself.
    pub constant_headers: Vec<(String, String)>,
    pub body: Option<Body>,
    pub success: Vec<ResponseCase>,
    /// When success statuses have different bodies: the enum that holds them, one variant per status.
    pub success_enum: Option<String>,
    /// The per-operation error enum and its variants, one per documented error status.
    pub error_enum: String,
    pub errors: Vec<ResponseCase>,
    pub docs: Vec<String>,
    /// The `# Responses` section of the method's docs: one line per case, and what any other
    /// status gives.
    pub response_docs: Vec<String>,
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

#[derive(Debug, Clone, PartialEq)]
pub enum PathPart {
    Literal(String),
    /// An index into `Operation::params`.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Copy)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    pub api_name: String,
    pub location: ParamLocation,
    pub ty: TypeRef,
    pub required: bool,
    pub docs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The body's type; for multipart bodies the type of the documented fields, while the method
    /// takes a `multipart::Form` built by the caller.
    pub ty: TypeRef,
    pub media_type: String,
    pub kind: BodyKind,
    /// For multipart bodies, one doc line per documented part (name, and file or text).
    pub parts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    FormUrlEncoded,
    /// `multipart/form-data`: the caller builds the parts (files need names and bytes, which a
    /// serde type cannot carry), guided by the parts the spec documents.
    Multipart,
}

/// Which statuses a documented response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// One status code, e.g. 404.
    Code(u16),
    /// A range such as `5XX`, by its hundreds digit (5): every status from 500 to 599 that no
    /// `Code` of the same operation documents.
    Range(u16),
    /// The `default` response: every status no other case documents.
    Default,
}

impl Status {
    /// How the spec writes it: `404`, `5XX` or `default`.
    pub fn label(&self) -> String {
        match self {
            Status::Code(code) => code.to_string(),
            Status::Range(digit) => format!("{digit}XX"),
            Status::Default => "default".to_string(),
        }
    }

    /// How docs name it: the label, with `default` spelled out.
    pub fn doc_label(&self) -> String {
        match self {
            Status::Default => "any other status (`default`)".to_string(),
            status => status.label(),
        }
    }

    /// The first and last status of a range.
    pub fn range(&self) -> Option<(u16, u16)> {
        match self {
            Status::Range(digit) => Some((digit * 100, digit * 100 + 99)),
            _ => None,
        }
    }

    /// Whether the case covers more than one status, so that an error variant must keep the
    /// status it was received with for `status()` to give it.
    pub fn is_exact(&self) -> bool {
        matches!(self, Status::Code(_))
    }
}

/// One documented status of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseCase {
    /// Cases are sorted so that codes come before ranges and `default` last, the order in which
    /// statuses must be matched.
    pub status: Status,
    /// The enum variant name (for errors), e.g. `BadRequest`.
    pub variant: String,
    /// The body type; `None` when the response documents no JSON body.
    pub ty: Option<TypeRef>,
    pub description: String,
}

impl ResponseCase {
    /// The doc line of the case's enum variant: `404 Not found.`, `5XX: Server trouble.`.
    pub fn variant_doc(&self) -> String {
        let description = super::docs::prose(&self.description).join(" ");
        match self.status {
            Status::Code(code) => format!("{code} {description}"),
            status => format!("{}: {description}", status.doc_label()),
        }
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
