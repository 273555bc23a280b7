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
pub struct AuthError(Box<dyn StdError + Send + Sync>);

impl AuthError {
    /// Wraps the error of a token source.
    pub fn new(error: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        AuthError(error.into())
    }
}

impl fmt::Debug for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AuthError").field(&self.0).finish()
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the token source gave no token: {}", self.0)
    }
}

impl StdError for AuthError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.0)
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
/// `rejected`. [`RefreshingToken`] does this for you over a refresh callback.
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

/// A token source over a callback that fetches a fresh access token, such as HighLevel's OAuth
/// token endpoint with the latest refresh token (which rotates on each use, so the callback must
/// store the new one it receives).
///
/// The callback runs when the first request needs a token (unless one was given to
/// [`with_token`](Self::with_token)) and whenever the server rejects the current token. Requests
/// that are rejected together share one run of the callback: while it runs, other requests wait
/// for its result instead of starting their own.
///
/// ```no_run
/// use generated_client::{AccessToken, AuthError, Client, RefreshingToken};
///
/// # async fn fetch_new_access_token() -> Result<String, std::io::Error> { Ok(String::new()) }
/// let source = RefreshingToken::new(|| async {
///     let token = fetch_new_access_token().await.map_err(AuthError::new)?;
///     Ok(AccessToken::new(token))
/// });
/// let client = Client::builder_with_token_source(source).build()?;
/// # Ok::<(), reqwest::Error>(())
/// ```
pub struct RefreshingToken<F> {
    fetch: F,
    current: tokio::sync::Mutex<Option<AccessToken>>,
}

impl<F, Fut> RefreshingToken<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<AccessToken, AuthError>> + Send,
{
    /// A source with no token yet: the first request fetches one.
    pub fn new(fetch: F) -> Self {
        RefreshingToken { fetch, current: tokio::sync::Mutex::new(None) }
    }

    /// A source that starts with `token` and fetches a new one when the server rejects it.
    pub fn with_token(token: impl Into<AccessToken>, fetch: F) -> Self {
        RefreshingToken { fetch, current: tokio::sync::Mutex::new(Some(token.into())) }
    }
}

impl<F> fmt::Debug for RefreshingToken<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshingToken(<redacted>)")
    }
}

impl<F, Fut> TokenSource for RefreshingToken<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<AccessToken, AuthError>> + Send,
{
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            if let Some(token) = &*current {
                return Ok(token.clone());
            }
            let token = (self.fetch)().await?;
            *current = Some(token.clone());
            Ok(token)
        })
    }

    fn refresh<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<Option<AccessToken>, AuthError>> {
        Box::pin(async move {
            // The lock is held across the fetch, so requests rejected at the same time queue
            // here and find the token renewed by the first of them.
            let mut current = self.current.lock().await;
            if let Some(token) = current.as_ref().filter(|token| *token != rejected) {
                return Ok(Some(token.clone()));
            }
            let token = (self.fetch)().await?;
            *current = Some(token.clone());
            Ok(Some(token))
        })
    }
}
