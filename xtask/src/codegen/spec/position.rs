//! What kind of OpenAPI object stands at a JSON pointer of a document, read from the keys along
//! the way, so that a `$ref` written at that place can be given the kind of component it names.

/// The kinds of reusable object the generator resolves through `$ref`s, by their key under
/// `components`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    Example,
}

impl Kind {
    /// What one object of this kind is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Schema => "a schema",
            Kind::Parameter => "a parameter",
            Kind::RequestBody => "a request body",
            Kind::Response => "a response",
            Kind::Header => "a header",
            Kind::Example => "an example",
        }
    }

    /// The key of this kind's map under `components`.
    pub fn components_key(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Header => "headers",
            Kind::Example => "examples",
        }
    }
}

/// Where a walk down a document stands: an object of some kind, or a map or list of them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum At {
    Root,
    Paths,
    PathItem,
    Operation,
    Components,
    Object(Kind),
    /// A map or list whose entries are all of one kind (`properties`, `parameters`, `allOf`...).
    Entries(Kind),
    Content,
    MediaType,
    Encodings,
    Encoding,
    Responses,
    /// Anything the generator does not resolve references in (callbacks, links, extensions...).
    Elsewhere,
}

/// What stands at a place of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// An object of a kind a `$ref` can stand for.
    Object(Kind),
    /// Another part of OpenAPI's structure: a path item, an operation, a `content` map...
    Structure,
    /// A place OpenAPI gives no meaning to here (extensions, example data, links, callbacks).
    Free,
}

/// What stands at `segments` (a decoded JSON pointer).
pub fn place_at(segments: &[String]) -> Place {
    match segments.iter().fold(At::Root, |at, key| step(at, key)) {
        At::Object(kind) => Place::Object(kind),
        At::Elsewhere => Place::Free,
        _ => Place::Structure,
    }
}

/// The kind of object at `segments`, or `None` when it is no object a `$ref` can stand for.
pub fn kind_at(segments: &[String]) -> Option<Kind> {
    match place_at(segments) {
        Place::Object(kind) => Some(kind),
        _ => None,
    }
}

/// One step of the walk: what the member `key` of an object at `at` is.
fn step(at: At, key: &str) -> At {
    use Kind::*;
    match (at, key) {
        (At::Root, "paths") => At::Paths,
        (At::Root, "components") => At::Components,
        (At::Paths, _) => At::PathItem,
        (At::PathItem | At::Operation, "parameters") => At::Entries(Parameter),
        (At::PathItem, method) if super::METHODS.contains(&method) => At::Operation,
        (At::Operation, "requestBody") => At::Object(RequestBody),
        (At::Operation, "responses") => At::Responses,
        (At::Responses, _) => At::Object(Response),
        (At::Components, "schemas") => At::Entries(Schema),
        (At::Components, "parameters") => At::Entries(Parameter),
        (At::Components, "requestBodies") => At::Entries(RequestBody),
        (At::Components, "responses") => At::Responses,
        (At::Components, "headers") => At::Entries(Header),
        (At::Components, "examples") => At::Entries(Example),
        (At::Entries(kind), _) => At::Object(kind),
        (At::Object(Parameter | Header), "schema") | (At::MediaType, "schema") => At::Object(Schema),
        (At::Object(Parameter | Header | RequestBody | Response), "content") => At::Content,
        (At::Object(Parameter | Header) | At::MediaType, "examples") => At::Entries(Example),
        (At::Object(Response) | At::Encoding, "headers") => At::Entries(Header),
        (At::Content, _) => At::MediaType,
        (At::MediaType, "encoding") => At::Encodings,
        (At::Encodings, _) => At::Encoding,
        (At::Object(Schema), "properties") => At::Entries(Schema),
        (At::Object(Schema), "allOf" | "oneOf" | "anyOf") => At::Entries(Schema),
        (At::Object(Schema), "items" | "not" | "additionalProperties") => At::Object(Schema),
        _ => At::Elsewhere,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(pointer: &str) -> Option<Kind> {
        let segments: Vec<String> = pointer.split('/').skip(1).map(str::to_string).collect();
        kind_at(&segments)
    }

    #[test]
    fn places_are_read_from_the_keys_along_the_way() {
        // Path keys and media types hold `/`, so this pointer is given as decoded segments.
        let schema = ["paths", "/x/{id}", "get", "responses", "200", "content", "application/json", "schema"];
        let segments: Vec<String> = schema.iter().map(|s| s.to_string()).collect();
        assert_eq!(kind_at(&segments), Some(Kind::Schema));
        assert_eq!(kind("#/components/schemas/A/properties/b/items/allOf/0"), Some(Kind::Schema));
        assert_eq!(kind("#/components/schemas/A/properties/parameters/items"), Some(Kind::Schema));
        assert_eq!(kind("#/components/responses/R"), Some(Kind::Response));
        assert_eq!(kind("#/components/responses/R/headers/X-Rate"), Some(Kind::Header));
        assert_eq!(kind("#/paths/x/parameters/0"), Some(Kind::Parameter));
        assert_eq!(kind("#/paths/x/post/requestBody"), Some(Kind::RequestBody));
        assert_eq!(kind("#/paths/x/post/responses/200/links/next"), None);
        assert_eq!(kind("#/paths/x/post/callbacks/c"), None);
        assert_eq!(kind("#/components/schemas/A/example"), None);
        assert_eq!(place_at(&["paths".into(), "/x".into(), "get".into()]), Place::Structure);
        assert_eq!(place_at(&["x-schemas".into(), "A".into()]), Place::Free);
    }
}
