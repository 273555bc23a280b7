//! The `Client`: what it holds (HTTP client, base URL, credentials, policies) and how it is made.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use reqwest::{Method, RequestBuilder};

use crate::auth::TokenSource;
use crate::base_url::BaseUrl;
use crate::pacing::Pacer;
use crate::retry::RetryPolicy;

/// The default limit on a response body: far above any documented HighLevel response, far below
/// what would hurt a service that reads many responses at once.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// The default limit on establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default deadline of a whole call, from sending to the last byte of the body, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// The HTTP side of a generated client: the connection pool, base URL, credentials and policies.
///
/// Each generated crate wraps it in a `Client` of its own, whose methods are the spec's
/// operations; those methods reach this one through [`Client::request`] and [`Client::execute`].
/// Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// The deadline of a whole call, retries included; `None` with the caller's own HTTP client,
    /// whose timeouts apply instead.
    pub(crate) deadline: Option<Duration>,
    pub(crate) base_url: BaseUrl,
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    pub(crate) max_response_bytes: usize,
    /// The rate limit's windows; `None` when pacing is off.
    pub(crate) pacer: Option<Arc<Pacer>>,
}

/// Where the `Authorization` header comes from.
#[derive(Clone)]
pub(crate) enum Auth {
    /// A fixed token, made into a header once. `None` when the token cannot be a header value:
    /// that is kept as a fact alone, and every request fails with `Error::InvalidRequest` without
    /// sending anything.
    Fixed(Option<HeaderValue>),
    /// A source asked per request, which may renew the token after a 401.
    Source(Arc<dyn TokenSource>),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Fixed(_) => f.write_str("<redacted>"),
            Auth::Source(_) => f.write_str("TokenSource(<redacted>)"),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.shown())
            .field("token", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("pace_rate_limit", &self.inner.pacer.is_some())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL requests go to, without a trailing `/`, and with its password (if it has
    /// one) shown as `***`, so that it can be logged.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.shown()
    }

    /// Starts a request to `path` (already encoded) under the base URL; the generated methods
    /// add their parameters and body, then hand it to [`Client::execute`].
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let url = format!("{}{}", self.inner.base_url.full(), path);
        self.inner.http.request(method, url)
    }
}
