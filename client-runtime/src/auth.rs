//! Where the bearer token comes from: a fixed token, or a source that renews it when it expires.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;

/// A boxed future, so that [`TokenSource`] can be used as a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A bearer token: an OAuth access token or a Private Integration Token. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Arc::from(token.into()))
    }

    /// The token itself, for code that must hand it on (to store it, say).
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// `Bearer <token>`, marked sensitive so that `http` and reqwest never print it; `None` when
    /// the token holds bytes a header cannot carry.
    pub(crate) fn header(&self) -> Option<HeaderValue> {
        let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0)).ok()?;
        value.set_sensitive(true);
        Some(value)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl From<String> for AccessToken {
    fn from(token: String) -> Self {
        AccessToken::new(token)
    }
}

impl From<&str> for AccessToken {
    fn from(token: &str) -> Self {
        AccessToken::new(token)
    }
}

/// A token source failed to give a token; the request was not sent.
///
/// The message is the source's own error: a source must keep secrets out of it.
pub struct AuthError {
    pub(crate) source: Box<dyn StdError + Send + Sync>,
    timed_out: bool,
}

impl AuthError {
    /// Wraps the error of a token source.
    pub fn new(error: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        AuthError { source: error.into(), timed_out: false }
    }

    /// The call's deadline passed while the client waited for the token source.
    pub(crate) fn timed_out() -> Self {
        AuthError { source: "it did not answer before the call's deadline".into(), timed_out: true }
    }

    /// Whether the call's deadline passed while the client waited for the token source (to give
    /// a token, or to renew one), rather than the source reporting an error of its own.
    pub fn is_timeout(&self) -> bool {
        self.timed_out
    }
}

impl fmt::Debug for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthError").field("source", &self.source).field("timed_out", &self.timed_out).finish()
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the token source gave no token: {}", self.source)
    }
}

impl StdError for AuthError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// Gives the client a token for each request, and a new one when the server rejects it.
///
/// The client asks [`token`](Self::token) before every request. When the server answers 401,
/// the client calls [`refresh`](Self::refresh) with the token it sent, once per call, and sends
/// the request again once with the new token (even a POST: a 401 means the server did not act on
/// it). A second 401 is returned to the caller.
///
/// Many requests can fail with the same expired token at once; an implementation should renew
/// only once for all of them, by returning its current token when that already differs from
/// `rejected`. [`RefreshingToken`](crate::RefreshingToken) does this for you over a refresh callback.
pub trait TokenSource: Send + Sync {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>>;

    /// A token to use instead of `rejected`, which the server refused; `Ok(None)` when this
    /// source cannot renew tokens, and the 401 is returned as it is.
    fn refresh<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<Option<AccessToken>, AuthError>> {
        let _ = rejected;
        Box::pin(async { Ok(None) })
    }
}

/// A fixed token, which cannot be renewed.
impl TokenSource for AccessToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        let token = self.clone();
        Box::pin(async move { Ok(token) })
    }
}
