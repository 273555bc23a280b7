//! The model of an operation's parameters: where each goes, its type, and how its value is
//! written there (OpenAPI's `style` and `explode`, and what kind of value the styles see).

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
    pub ty: super::TypeRef,
    pub required: bool,
    pub description: Option<String>,
    /// Where the parameter is declared, as a JSON pointer into the spec's own file (the operation,
    /// for a path variable nobody declares), for warnings about it.
    pub pointer: String,
    /// The spec's `style`, or the default of the location: `form` in the query, `simple` in the
    /// path and in headers.
    pub style: ParamStyle,
    /// The spec's `explode`, or its default: true for `form`, false for every other style.
    pub explode: bool,
    /// What the value is, as the styles tell values apart; it depends on the type's definition,
    /// so `lower` decides it once every type is lowered.
    pub value: ValueKind,
}

/// OpenAPI's parameter styles (3.0.3, "Style Values").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Query: `color=blue,black` or, exploded, `color=blue&color=black`.
    Form,
    /// Query: `color=blue%20black`.
    SpaceDelimited,
    /// Query: `color=blue%7Cblack`.
    PipeDelimited,
    /// Query, for objects: `color[R]=100&color[G]=200`.
    DeepObject,
    /// Path and header: `blue,black`.
    Simple,
    /// Path: `.blue.black`.
    Label,
    /// Path: `;color=blue,black`.
    Matrix,
}

impl ParamStyle {
    /// The style as the spec writes it, for messages.
    pub fn spec_name(self) -> &'static str {
        match self {
            ParamStyle::Form => "form",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
        }
    }
}

/// A parameter's value as the styles tell values apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// One value the runtime's `ToParam` writes: a string, number, flag, date, string enum, and
    /// also a `oneOf` or any-JSON value (as its JSON text).
    Primitive,
    /// An array of such values.
    Array,
    /// An object (a generated struct or a map), or an array of objects or arrays: written from
    /// its JSON form, one level deep.
    Structured,
}
