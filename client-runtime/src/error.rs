//! The error type of every client method, and the raw response it keeps when a body cannot be typed.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::auth::AuthError;
use crate::pacing::LimitSpent;
use crate::preview::{self, Verbatim, BODY_PREVIEW};
use crate::rate_limit::RateLimit;

/// A response as received: status, headers and the whole body.
#[derive(Clone)]
pub struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl RawResponse {
    /// A response built by hand, for tests of code that handles errors.
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> Self {
        RawResponse { status, headers, body: body.into() }
    }

    /// The `X-RateLimit-*` headers.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, as received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    fn preview(&self) -> String {
        preview::body(&self.body)
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &preview::Headers(&self.headers))
            .field("body", &self.preview())
            .finish()
    }
}

/// A documented error body, typed, beside the response it was decoded from.
///
/// It reads like a [`ResponseValue`](crate::ResponseValue): it derefs to the typed body and has
/// [`status`](Self::status), [`headers`](Self::headers) and [`into_inner`](Self::into_inner); and
/// [`raw`](Self::raw) gives the whole body as received, with the fields the schema leaves out.
#[derive(Clone)]
pub struct ErrorResponseValue<E> {
    inner: E,
    raw: RawResponse,
}

impl<E> ErrorResponseValue<E> {
    /// A typed error body and the response it came from, for tests of code that handles errors.
    pub fn new(inner: E, raw: RawResponse) -> Self {
        ErrorResponseValue { inner, raw }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.raw.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.raw.headers
    }

    /// The response as received, body included.
    pub fn raw(&self) -> &RawResponse {
        &self.raw
    }

    /// The typed body.
    pub fn into_inner(self) -> E {
        self.inner
    }

    /// The typed body and the response as received.
    pub fn into_parts(self) -> (E, RawResponse) {
        (self.inner, self.raw)
    }
}

impl<E: fmt::Debug> fmt::Debug for ErrorResponseValue<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The typed body is bounded like the raw one: the server decides how long it is.
        f.debug_struct("ErrorResponseValue")
            .field("inner", &Verbatim(preview::bounded_debug(&self.inner, 2 * BODY_PREVIEW)))
            .field("raw", &self.raw)
            .finish()
    }
}

impl<E> std::ops::Deref for ErrorResponseValue<E> {
    type Target = E;

    fn deref(&self) -> &E {
        &self.inner
    }
}

impl<E> AsRef<E> for ErrorResponseValue<E> {
    fn as_ref(&self) -> &E {
        &self.inner
    }
}

/// What went wrong in a call. `E` is the operation's enum of documented error bodies.
#[non_exhaustive]
pub enum Error<E> {
    /// Nothing was sent: an argument or the token cannot be sent as given (an empty or `..` path
    /// segment, a header value with CR, LF or NUL, a body that does not serialize).
    InvalidRequest(String),
    /// The token source gave no token; nothing was sent (or, after a 401, nothing more).
    Auth(AuthError),
    /// Connecting, sending or receiving failed; no response was received.
    Communication(reqwest::Error),
    /// The connect timeout or the request deadline passed.
    Timeout(reqwest::Error),
    /// A documented error status, with its typed body and the response as received. The variant of
    /// `E` follows the status code.
    ErrorResponse(ErrorResponseValue<E>),
    /// A status the spec does not document for this operation.
    UnexpectedStatus(RawResponse),
    /// A documented status whose body does not match the documented schema.
    InvalidResponsePayload {
        /// The response, body included.
        response: RawResponse,
        /// Where and why decoding failed.
        source: serde_json::Error,
    },
    /// Nothing was sent: HighLevel's rate limit left no room (the daily limit is spent, or the
    /// burst window would not open before the call's deadline). See `ClientBuilder::pace_rate_limit`.
    RateLimited(LimitSpent),
    /// The body is larger than the client's limit (`ClientBuilder::max_response_bytes`).
    ResponseTooLarge {
        /// The status code.
        status: StatusCode,
        /// The response headers.
        headers: HeaderMap,
        /// The limit the body exceeded, in bytes.
        limit: usize,
    },
}

impl<E> Error<E> {
    /// The status code, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::InvalidRequest(_) | Error::Auth(_) | Error::RateLimited(_) => None,
            Error::Communication(e) | Error::Timeout(e) => e.status(),
            Error::ErrorResponse(value) => Some(value.status()),
            Error::UnexpectedStatus(response) | Error::InvalidResponsePayload { response, .. } => Some(response.status),
            Error::ResponseTooLarge { status, .. } => Some(*status),
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::ErrorResponse(value) => Some(value.headers()),
            Error::UnexpectedStatus(response) | Error::InvalidResponsePayload { response, .. } => {
                Some(&response.headers)
            }
            Error::ResponseTooLarge { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The `X-RateLimit-*` headers, when a response was received.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.headers().map(RateLimit::from_headers)
    }

    /// The response as received (status, headers and the whole body), whenever one was read: for a
    /// typed error body too, so that fields the schema does not list (such as a `traceId`) stay
    /// within reach.
    pub fn raw_response(&self) -> Option<&RawResponse> {
        match self {
            Error::ErrorResponse(value) => Some(value.raw()),
            Error::UnexpectedStatus(response) | Error::InvalidResponsePayload { response, .. } => Some(response),
            _ => None,
        }
    }

    /// The typed body of a documented error status.
    pub fn error_body(&self) -> Option<&E> {
        match self {
            Error::ErrorResponse(value) => Some(value.as_ref()),
            _ => None,
        }
    }

    /// Whether sending the same request again could succeed: connection failures, timeouts, and the
    /// statuses 408, 429, 500, 502, 503 and 504. A 400, 401 or 422 never is.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Communication(_) | Error::Timeout(_) => true,
            // A token source that did not answer in time may answer the next call.
            Error::Auth(e) => e.is_timeout(),
            // The burst window opens again soon; the day does not.
            Error::RateLimited(spent) => *spent == LimitSpent::Burst,
            Error::InvalidRequest(_) | Error::InvalidResponsePayload { .. } | Error::ResponseTooLarge { .. } => false,
            Error::ErrorResponse(_) | Error::UnexpectedStatus(_) => {
                self.status().is_some_and(|s| matches!(s.as_u16(), 408 | 429 | 500 | 502 | 503 | 504))
            }
        }
    }

    /// Whether the connect timeout or the request deadline passed, the latter also while waiting
    /// for the token source ([`AuthError::is_timeout`]).
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout(_) => true,
            Error::Auth(e) => e.is_timeout(),
            _ => false,
        }
    }

    /// Drops the typed body, for code that handles the errors of several operations alike.
    pub fn into_untyped(self) -> Error<()> {
        match self {
            Error::InvalidRequest(m) => Error::InvalidRequest(m),
            Error::Auth(e) => Error::Auth(e),
            Error::Communication(e) => Error::Communication(e),
            Error::Timeout(e) => Error::Timeout(e),
            Error::RateLimited(spent) => Error::RateLimited(spent),
            Error::ErrorResponse(value) => Error::ErrorResponse(ErrorResponseValue::new((), value.raw)),
            Error::UnexpectedStatus(r) => Error::UnexpectedStatus(r),
            Error::InvalidResponsePayload { response, source } => Error::InvalidResponsePayload { response, source },
            Error::ResponseTooLarge { status, headers, limit } => Error::ResponseTooLarge { status, headers, limit },
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::Auth(e) => f.debug_tuple("Auth").field(e).finish(),
            Error::Communication(e) => f.debug_tuple("Communication").field(e).finish(),
            Error::Timeout(e) => f.debug_tuple("Timeout").field(e).finish(),
            Error::RateLimited(spent) => f.debug_tuple("RateLimited").field(spent).finish(),
            Error::ErrorResponse(value) => f
                .debug_struct("ErrorResponse")
                .field("status", &value.status())
                .field("headers", &preview::Headers(value.headers()))
                .field("body", &Verbatim(preview::bounded_debug(value.as_ref(), 2 * BODY_PREVIEW)))
                .finish(),
            Error::UnexpectedStatus(response) => f.debug_tuple("UnexpectedStatus").field(response).finish(),
            Error::InvalidResponsePayload { response, source } => {
                f.debug_struct("InvalidResponsePayload").field("response", response).field("source", source).finish()
            }
            Error::ResponseTooLarge { status, limit, .. } => {
                f.debug_struct("ResponseTooLarge").field("status", status).field("limit", limit).finish()
            }
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => write!(f, "invalid request, nothing was sent: {m}"),
            Error::Auth(e) => write!(f, "{e}"),
            Error::Communication(e) => write!(f, "communication error: {e}"),
            Error::Timeout(e) => write!(f, "timed out: {e}"),
            Error::RateLimited(spent) => write!(f, "rate limited: {spent}"),
            Error::ErrorResponse(value) => {
                // The typed body's Debug can be as long as the server made it; show its start.
                write!(f, "error response {}: {}", value.status(), preview::bounded_debug(value.as_ref(), BODY_PREVIEW))
            }
            Error::UnexpectedStatus(response) => {
                write!(f, "undocumented status {}: {}", response.status, response.preview())
            }
            Error::InvalidResponsePayload { response, source } => write!(
                f,
                "status {}: the body does not match the documented schema ({source}): {}",
                response.status,
                response.preview()
            ),
            Error::ResponseTooLarge { status, limit, .. } => {
                write!(f, "status {status}: the body is larger than the limit of {limit} bytes")
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Communication(e) | Error::Timeout(e) => Some(e),
            Error::Auth(e) => Some(e),
            Error::InvalidResponsePayload { source, .. } => Some(source),
            _ => None,
        }
    }
}
