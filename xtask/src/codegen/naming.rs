//! Every Rust name the generator invents: types, fields, methods, variants, test names.
//!
//! Names are a pure function of the spec's names, so the same spec always gives the same code; the
//! callers in `lower` resolve collisions with [`Namer`] in a sorted order.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers. A trailing `_` is appended (`type_`), which reads better in
/// user code than raw identifiers (`r#type`) and also covers `self`, `Self`, `super` and `crate`,
/// which cannot be raw.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro",
    "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static", "struct", "super",
    "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while",
    "yield",
];

/// The standard-library names generated code writes unqualified, with their full paths. Emitters
/// name these items only through `tokens::std_item`, so that the list is complete by construction:
/// when a generated type takes one of these names, `types.rs` writes all of them as full paths.
pub const PRELUDE_PATHS: &[(&str, &str)] = &[
    ("Box", "::std::boxed::Box"),
    ("Default", "::std::default::Default"),
    ("From", "::std::convert::From"),
    ("None", "::std::option::Option::None"),
    ("Option", "::std::option::Option"),
    ("Result", "::std::result::Result"),
    ("Some", "::std::option::Option::Some"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
];

/// Whether a generated type of one of these names would shadow a name of [`PRELUDE_PATHS`].
pub fn shadows_prelude<'a>(mut type_names: impl Iterator<Item = &'a str>) -> bool {
    type_names.any(|name| PRELUDE_PATHS.iter().any(|(short, _)| *short == name))
}

/// Keeps only characters that may appear in an identifier, turning the rest into word breaks.
fn words(raw: &str) -> String {
    raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

fn finish(name: String, fallback: &str, digit_prefix: &str) -> String {
    let name = if name.is_empty() { fallback.to_string() } else { name };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("{digit_prefix}{name}") } else { name };
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// A type or variant name: `AttachIGAccountDTO` becomes `AttachIgAccountDto`.
pub fn type_name(raw: &str) -> String {
    finish(words(raw).to_upper_camel_case(), "Unnamed", "T")
}

/// The name of a node that a `$ref` names by its place rather than as a component, made from the
/// keys along its pointer without OpenAPI's structural ones: `#/components/schemas/A/properties/b`
/// becomes `AB`, as `b`'s inline type would be named, and `#/paths/~1net~1status/post/responses/200/
/// content/application~1json/schema` becomes `NetStatusPost200`.
pub fn location_name(segments: &[String]) -> String {
    const STRUCTURAL: &[&str] = &[
        "paths",
        "components",
        "schemas",
        "parameters",
        "requestBodies",
        "requestBody",
        "responses",
        "headers",
        "examples",
        "content",
        "schema",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
    ];
    let kept: Vec<&str> = segments
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            let media_type = s.contains('/') && !s.starts_with('/');
            let member_index = *i > 0 && ["allOf", "oneOf", "anyOf"].contains(&segments[i - 1].as_str());
            !STRUCTURAL.contains(&s.as_str()) && !media_type && !member_index
        })
        .map(|(_, s)| if s == "items" { "Item" } else { s.as_str() })
        .collect();
    type_name(&kept.join(" "))
}

/// A field, parameter or method name: `statusCode` becomes `status_code`, `_id` becomes `id`.
pub fn snake_name(raw: &str) -> String {
    finish(words(raw).to_snake_case(), "value", "n")
}

/// An enum variant for a string value: `instagram` becomes `Instagram`, `2021-07-28` becomes `V20210728`.
pub fn variant_name(raw: &str) -> String {
    finish(words(raw).to_upper_camel_case(), "Empty", "V")
}

/// The method name of an operation without an operationId, from its method and path:
/// `GET /users/{userId}` becomes `get_users_by_user_id`.
pub fn method_name_from_path(method: &str, path: &str) -> String {
    let mut parts = vec![method.to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(var) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            parts.push(format!("by {var}"));
        } else {
            parts.push(segment.to_string());
        }
    }
    snake_name(&parts.join(" "))
}

/// The response-enum variant for a status code: the standard reason phrase, or `Status{code}`.
pub fn status_variant(status: u16) -> String {
    let reason = match status {
        100 => "Continue",
        101 => "SwitchingProtocols",
        103 => "EarlyHints",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "ContentTooLarge",
        415 => "UnsupportedMediaType",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{status}"),
    };
    reason.to_string()
}

/// The response-enum variant for a status range such as `5XX`, by its hundreds digit: the name of
/// its class in RFC 9110, or `Status{digit}XX`.
pub fn status_range_variant(digit: u16) -> String {
    let class = match digit {
        1 => "Informational",
        2 => "Success",
        3 => "Redirection",
        4 => "ClientError",
        5 => "ServerError",
        _ => return format!("Status{digit}XX"),
    };
    class.to_string()
}

/// A test function name derived from an example's JSON pointer.
pub fn test_name(pointer: &str) -> String {
    format!("example_{}", snake_name(&pointer.replace("~1", " ").replace("~0", " ")))
}

/// The methods a generated `Client` and `MockServer` have whatever the spec (their own, those
/// of the traits they implement, and the runtime `MockServer`'s, reached through `Deref`). An
/// operation's method is named in the same scope on both, so none may take one of these: an
/// operation named `new` gets `new_2`, as any second claim of a name does.
pub const CLIENT_METHODS: &[&str] = &[
    "base_url",
    "builder",
    "builder_with_token_source",
    "client",
    "clone",
    "clone_from",
    "deref",
    "fmt",
    "from",
    "into",
    "new",
    "start",
    "stub",
    "take_violations",
    "token",
    "uri",
    "verify",
    "violations",
];

/// Hands out unique names within one scope: the first claim of a name gets it as is, later claims
/// get `2`, `3`, ... appended (with `_` for snake-case names). Callers claim in a sorted order so
/// that the outcome does not depend on the spec's key order.
#[derive(Debug, Default)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// A scope in which `names` are taken already.
    pub fn reserving(names: &[&str]) -> Self {
        Namer { taken: names.iter().map(|name| name.to_string()).collect() }
    }

    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let snake = name.starts_with(|c: char| c.is_ascii_lowercase());
        let trimmed = name.trim_end_matches('_');
        (2..)
            .map(|n| if snake { format!("{trimmed}_{n}") } else { format!("{trimmed}{n}") })
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_rust_conventions() {
        assert_eq!(type_name("AttachIGAccountDTO"), "AttachIgAccountDto");
        assert_eq!(type_name("Oauth | Instagram"), "OauthInstagram");
        assert_eq!(type_name("2FAResponse"), "T2faResponse");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(snake_name("statusCode"), "status_code");
        assert_eq!(snake_name("_id"), "id");
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("get-instagram-page-group"), "get_instagram_page_group");
        assert_eq!(snake_name("1stPlace"), "n1st_place");
        assert_eq!(snake_name("$$"), "value");
        assert_eq!(variant_name("2021-07-28"), "V20210728");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(method_name_from_path("GET", "/users/{userId}/tags"), "get_users_by_user_id_tags");
        assert_eq!(status_variant(422), "UnprocessableEntity");
        assert_eq!(status_variant(499), "Status499");
        assert_eq!(status_variant(304), "NotModified");
        assert_eq!(status_variant(101), "SwitchingProtocols");
        assert_eq!(status_range_variant(4), "ClientError");
        assert_eq!(status_range_variant(5), "ServerError");
        assert_eq!(status_range_variant(7), "Status7XX");
    }

    #[test]
    fn namer_resolves_collisions_in_claim_order() {
        let mut namer = Namer::default();
        assert_eq!(namer.claim("id".into()), "id");
        assert_eq!(namer.claim("id".into()), "id_2");
        assert_eq!(namer.claim("id".into()), "id_3");
        assert_eq!(namer.claim("Foo".into()), "Foo");
        assert_eq!(namer.claim("Foo".into()), "Foo2");
        assert_eq!(namer.claim("type_".into()), "type_");
        assert_eq!(namer.claim("type_".into()), "type_2");
    }

    #[test]
    fn places_name_what_lives_there() {
        let segments = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(location_name(&segments(&["components", "schemas", "A", "properties", "b"])), "AB");
        let path = ["paths", "/net/{id}", "post", "responses", "200", "content", "application/json", "schema"];
        assert_eq!(location_name(&segments(&path)), "NetIdPost200");
        assert_eq!(location_name(&segments(&["components", "schemas", "A", "allOf", "3", "items"])), "AItem");
    }
}
