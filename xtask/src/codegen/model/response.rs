//! The model of an operation's responses: the statuses it documents, and each body by how the
//! client reads it (JSON, text, bytes, or an error body kept as received).

use super::TypeRef;

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

    /// The first and last status of a range.
    pub fn range(&self) -> Option<(u16, u16)> {
        match self {
            Status::Range(digit) => Some((digit * 100, digit * 100 + 99)),
            _ => None,
        }
    }

    /// Whether the case's statuses are all of one class (`2` for 2xx); `default` is of none.
    pub fn in_class(&self, digit: u16) -> bool {
        match self {
            Status::Code(code) => code / 100 == digit,
            Status::Range(range) => *range == digit,
            Status::Default => false,
        }
    }

    /// Whether the case covers exactly one status. An error variant for a case that is not exact
    /// keeps the status it was received with, for `status()` to give it.
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
    /// The body and how the client reads it; `None` when the response documents no content.
    pub body: Option<ResponseBody>,
    pub description: String,
    /// The response's first documented example, as compact JSON.
    pub example: Option<String>,
    /// A success taken from the `default` response, because the operation documents no success
    /// status.
    pub from_default: bool,
}

impl ResponseCase {
    /// The body as the caller receives it, typed: JSON, text or bytes; `None` for a response
    /// without content and for an error body kept as received.
    pub fn value(&self) -> Option<&ResponseKind> {
        self.body.as_ref().map(|body| &body.kind).filter(|kind| **kind != ResponseKind::Raw)
    }
}

/// A documented response body: the media types the client reads, and as what.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseBody {
    /// The media type the docs name and the mock answers with, as the spec writes it (e.g.
    /// `text/plain; charset=utf-8`): the first of `accepted`.
    pub media_type: String,
    /// Every media type the response offers that is read as `kind` too (`image/jpeg` and
    /// `image/png` are both bytes), sorted; the `Accept` header lists them.
    pub accepted: Vec<String>,
    pub kind: ResponseKind,
}

/// How a response body reaches the caller. A response documented in several media types is read
/// as the first of JSON, text and bytes (`lower` decides), so that a typed body wins.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResponseKind {
    /// JSON (`application/json`, `+json`, and `*/*` with a schema that is not a string), decoded
    /// into its type.
    Json(TypeRef),
    /// `text/*`: the body as a `String`, read as UTF-8.
    Text,
    /// Any other media type (`application/octet-stream`, `image/png`, `*/*` without a schema or
    /// with a string schema): the bytes as received, a `bytes::Bytes`.
    Binary,
    /// An error body that is not JSON: the error variant holds nothing, and the body stays in the
    /// error's raw response (`ErrorResponseValue::raw`), as received.
    Raw,
}
