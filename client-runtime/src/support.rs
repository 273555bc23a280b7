//! The pieces the generated methods are made of: path and header encoding, bodies, and response
//! decoding. Kept by hand, so that the generated code stays short and every method behaves alike.
//! Built only with the `client` feature; `types_runtime.rs` holds what the types need.

use bytes::Bytes;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use reqwest::RequestBuilder;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use crate::error::{Error, ErrorResponseValue, RawResponse};
pub use progenitor_client::ResponseValue;

/// What the runtime knows of the operation it sends, for retries and tracing.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// The Rust method name.
    pub name: &'static str,
    /// The spec's `operationId`.
    pub operation_id: &'static str,
    /// The HTTP method, upper case.
    pub method: &'static str,
    /// The path template, never the filled-in path (which may hold identifiers).
    pub path: &'static str,
    /// Whether sending the request twice has the effect of sending it once.
    pub idempotent: bool,
    /// The `Accept` header: the media types the spec documents for the operation's responses.
    /// The generator writes only values a header can carry.
    pub accept: &'static str,
}

/// Every byte but the unreserved ones of RFC 3986 (`A-Z a-z 0-9 - . _ ~`) is percent-encoded, so a
/// value is always exactly one path segment: `a/b` cannot add a segment and `x?y=1` no query.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes a path parameter as one segment. Empty values and dot segments (`.`, `..`, and their
/// percent-encoded forms, which some proxies decode) are refused: they would change which resource
/// the request reaches.
pub fn path_segment<E>(name: &str, value: &str) -> Result<String, Error<E>> {
    if value.is_empty() {
        return Err(Error::InvalidRequest(format!("path parameter `{name}` is empty")));
    }
    // Ids are nearly always unreserved characters only, which neither decoding nor encoding
    // changes: one scan instead of a decode and an encode on every call.
    if value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) {
        if value == "." || value == ".." {
            return Err(Error::InvalidRequest(format!("path parameter `{name}` is a dot segment")));
        }
        return Ok(value.to_owned());
    }
    let decoded = percent_decode_str(value).decode_utf8_lossy();
    if decoded == "." || decoded == ".." {
        return Err(Error::InvalidRequest(format!("path parameter `{name}` is a dot segment")));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// A header value, refused when it holds bytes a header cannot carry (CR, LF, NUL and other
/// controls). The value is not repeated in the error, since headers carry secrets.
pub fn header_value<E>(name: &str, value: &str) -> Result<HeaderValue, Error<E>> {
    HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(format!("header `{name}` holds characters a header cannot carry (such as CR, LF or NUL)"))
    })
}

/// Sends `body` as JSON under `media_type`.
pub fn json_body<T: Serialize + ?Sized, E>(
    request: RequestBuilder,
    media_type: &'static str,
    body: &T,
) -> Result<RequestBuilder, Error<E>> {
    let bytes = serde_json::to_vec(body)
        .map_err(|e| Error::InvalidRequest(format!("the request body does not serialize to JSON: {e}")))?;
    Ok(request.header(CONTENT_TYPE, HeaderValue::from_static(media_type)).body(bytes))
}

/// Sends `body` as `application/x-www-form-urlencoded`.
pub fn form_body<T: Serialize + ?Sized, E>(request: RequestBuilder, body: &T) -> Result<RequestBuilder, Error<E>> {
    let text = serde_urlencoded::to_string(body)
        .map_err(|e| Error::InvalidRequest(format!("the request body does not serialize as a form: {e}")))?;
    Ok(request.header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded")).body(text))
}

impl RawResponse {
    /// Decodes a documented success body.
    pub fn into_value<T: DeserializeOwned, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(ResponseValue::new(value, self.status, self.headers)),
            Err(source) => Err(Error::InvalidResponsePayload { response: self, source }),
        }
    }

    /// A documented success without a JSON body.
    pub fn into_empty(self) -> ResponseValue<()> {
        ResponseValue::new((), self.status, self.headers)
    }

    /// Decodes a documented error body into the variant its status code selects.
    pub fn into_error<B: DeserializeOwned, E>(self, variant: impl FnOnce(B) -> E) -> Error<E> {
        match serde_json::from_slice(&self.body) {
            Ok(body) => Error::ErrorResponse(ErrorResponseValue::new(variant(body), self)),
            Err(source) => Error::InvalidResponsePayload { response: self, source },
        }
    }

    /// A documented error status without a JSON body.
    pub fn into_error_without_body<E>(self, variant: E) -> Error<E> {
        Error::ErrorResponse(ErrorResponseValue::new(variant, self))
    }

    /// A status the spec does not document for the operation.
    pub fn into_unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(self)
    }

    /// Decodes the body of an error case that covers several statuses (`5XX`, `default`) into a
    /// variant that also keeps the status, so that the error enum's `status()` gives the real one.
    pub fn into_error_with_status<B: DeserializeOwned, E>(self, variant: impl FnOnce(u16, B) -> E) -> Error<E> {
        let status = self.status.as_u16();
        self.into_error(|body| variant(status, body))
    }

    /// An error case that covers several statuses and has no JSON body.
    pub fn into_error_with_status_only<E>(self, variant: impl FnOnce(u16) -> E) -> Error<E> {
        let status = self.status.as_u16();
        self.into_error_without_body(variant(status))
    }
}

/// Sends a `multipart/form-data` body; reqwest sets the content type with its boundary.
pub fn multipart_body(request: RequestBuilder, form: reqwest::multipart::Form) -> RequestBuilder {
    request.multipart(form)
}

/// Decoding for operations whose success statuses have different bodies: each status wraps its
/// body in its own variant of the operation's success enum.
impl RawResponse {
    /// Decodes a documented JSON success body into the success enum's variant for it.
    pub fn into_value_as<T: DeserializeOwned, U, E>(
        self,
        variant: impl FnOnce(T) -> U,
    ) -> Result<ResponseValue<U>, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(value) => Ok(ResponseValue::new(variant(value), self.status, self.headers)),
            Err(source) => Err(Error::InvalidResponsePayload { response: self, source }),
        }
    }

    /// A documented success without a body, as the success enum's variant for it.
    pub fn into_empty_as<U>(self, value: U) -> ResponseValue<U> {
        ResponseValue::new(value, self.status, self.headers)
    }
}

/// Success bodies that are not JSON. The body was already read within the client's size limit
/// (`ClientBuilder::max_response_bytes`), like any other, so neither can be unbounded.
impl RawResponse {
    /// A documented `text/*` success body, as UTF-8 text.
    pub fn into_text<E>(self) -> Result<ResponseValue<String>, Error<E>> {
        self.into_text_as(|text| text)
    }

    /// A `text/*` body that is not UTF-8 is refused with the response kept, bytes and all: the
    /// caller can still decode another charset from `raw_response()`.
    pub fn into_text_as<U, E>(self, variant: impl FnOnce(String) -> U) -> Result<ResponseValue<U>, Error<E>> {
        // The body's buffer is reused when nothing else holds it, so valid text is not copied.
        match String::from_utf8(Vec::from(self.body)) {
            Ok(text) => Ok(ResponseValue::new(variant(text), self.status, self.headers)),
            Err(error) => {
                let source = <serde_json::Error as serde::de::Error>::custom(format!(
                    "the text body is not UTF-8 ({})",
                    error.utf8_error()
                ));
                let response =
                    RawResponse { status: self.status, headers: self.headers, body: error.into_bytes().into() };
                Err(Error::InvalidResponsePayload { response, source })
            }
        }
    }

    /// A documented success body of any other media type, as the bytes received.
    pub fn into_bytes(self) -> ResponseValue<Bytes> {
        ResponseValue::new(self.body, self.status, self.headers)
    }

    /// A documented binary success body, as the success enum's variant for it.
    pub fn into_bytes_as<U>(self, variant: impl FnOnce(Bytes) -> U) -> ResponseValue<U> {
        ResponseValue::new(variant(self.body), self.status, self.headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(value: &str) -> Result<String, String> {
        path_segment::<()>("id", value).map_err(|e| e.to_string())
    }

    #[test]
    fn path_parameters_are_one_segment_each() {
        assert_eq!(segment("abc-_.~9").unwrap(), "abc-_.~9");
        assert_eq!(segment("a/b").unwrap(), "a%2Fb");
        assert_eq!(segment("x?y=1").unwrap(), "x%3Fy%3D1");
        assert_eq!(segment("a#b").unwrap(), "a%23b");
        assert_eq!(segment("a b").unwrap(), "a%20b");
        assert_eq!(segment("é").unwrap(), "%C3%A9");
        assert_eq!(segment("100%").unwrap(), "100%25");
        assert_eq!(segment("..a").unwrap(), "..a");
    }

    #[test]
    fn empty_and_dot_segments_are_refused() {
        for value in ["", ".", "..", "%2e%2e", "%2E.", "%2e"] {
            let error = segment(value).unwrap_err();
            assert!(error.contains("`id`"), "{value}: {error}");
        }
    }

    #[test]
    fn header_values_with_line_breaks_are_refused_without_echo() {
        for value in ["a\r\nX-Evil: 1", "a\nb", "a\0b"] {
            let error = header_value::<()>("X-Test", value).unwrap_err().to_string();
            assert!(error.contains("X-Test"), "{error}");
            assert!(!error.contains("Evil") && !error.contains("a\nb"), "{error}");
        }
        assert_eq!(header_value::<()>("X-Test", "ok").unwrap(), "ok");
    }
}
