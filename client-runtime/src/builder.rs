//! `ClientBuilder`: the settings of a `Client` (server, timeouts, limits, retries, credentials).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{AccessToken, TokenSource};
use crate::base_url::{redact, BaseUrl, BuildError};
use crate::client::{Auth, Client, Inner, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
use crate::pacing::Pacer;
use crate::retry::RetryPolicy;

/// Settings for a client. `C` is the client it builds: a generated crate's own `Client`, which
/// wraps this crate's [`Client`] (its `ClientBuilder` is this type with its `Client` as `C`).
pub struct ClientBuilder<C = Client> {
    auth: Auth,
    retry: RetryPolicy,
    base_url: String,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
    pace: bool,
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &redact(&self.base_url))
            .field("token", &self.auth)
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("pace_rate_limit", &self.pace)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Settings for a client of the server at `base_url` (a generated crate's `Client::builder`
    /// passes its spec's first server) that sends `token` as `Authorization: Bearer <token>`.
    ///
    /// `token` is kept as a header value, never shown by `Debug`; one that cannot be a header
    /// value fails every request with `Error::InvalidRequest`, without sending anything.
    pub fn new(token: impl AsRef<str>, base_url: impl Into<String>) -> Self {
        Self::with_auth(Auth::Fixed(AccessToken::new(token.as_ref()).header()), base_url.into())
    }

    /// Settings for a client that asks `source` for the token of each request, and renews it once
    /// when the server answers 401 (see [`TokenSource`]).
    pub fn with_token_source(source: impl TokenSource + 'static, base_url: impl Into<String>) -> Self {
        Self::with_auth(Auth::Source(Arc::new(source)), base_url.into())
    }

    fn with_auth(auth: Auth, base_url: String) -> Self {
        ClientBuilder {
            auth,
            retry: RetryPolicy::default(),
            base_url,
            http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            pace: true,
            client: PhantomData,
        }
    }

    /// Another server, such as a mock server in tests: `http://127.0.0.1:8080`. It must be an
    /// absolute `http` or `https` URL, which [`build`](Self::build) checks; a path prefix (a
    /// gateway's) is kept, with or without a trailing `/`. A password in it is never shown.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Your own `reqwest::Client`, with its own pool, proxy and TLS settings. Its timeouts and
    /// redirect policy apply instead of this builder's.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// The limit on establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The deadline of a whole call, from sending to the last byte of the body, retries and their
    /// waits included: each try gets what is left of it, and no retry starts whose wait would end
    /// past it. A server that accepts the connection and never answers gives `Error::Timeout`
    /// after it. With your own `reqwest::Client` ([`ClientBuilder::http_client`]) its timeouts
    /// apply instead. A timeout too long to ever pass (over about 136 years, such as
    /// `Duration::MAX`) means no deadline.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body read; a larger one is `Error::ResponseTooLarge`.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// When and how often a failed request is sent again; [`RetryPolicy::none`] turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether each try waits for room in HighLevel's rate limit (on by default). The client
    /// counts, per token (one app and Sub-Account, as HighLevel counts), the tries of the burst
    /// window the server reports (`X-RateLimit-Max` per `X-RateLimit-Interval-Milliseconds`), so
    /// that concurrent calls wait their turn instead of spending retries on 429s; until the first
    /// response tells the limit, nothing waits. A wait counts against the call's deadline, and one
    /// that would end past it fails at once with `Error::RateLimited(LimitSpent::Burst)`. After a
    /// response with `X-RateLimit-Daily-Remaining: 0`, calls fail at once with
    /// `Error::RateLimited(LimitSpent::Daily)` for a minute, then one is sent to learn whether the
    /// day has turned. Far from the limit a call does not wait at all.
    pub fn pace_rate_limit(mut self, pace: bool) -> Self {
        self.pace = pace;
        self
    }

    /// Asks `source` for the token of each request instead of using the token given to
    /// [`ClientBuilder::new`], and renews it once when the server answers 401.
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.auth = Auth::Source(Arc::new(source));
        self
    }

    /// Builds the client; fails when the base URL is not an absolute `http` or `https` URL
    /// ([`BuildError::InvalidBaseUrl`], naming it) or the TLS backend cannot be initialised.
    pub fn build(self) -> Result<C, BuildError> {
        let base_url = BaseUrl::parse(&self.base_url)?;
        let deadline = self.http.is_none().then_some(self.timeout);
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(same_origin_redirects())
                .build()
                .map_err(BuildError::Http)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                deadline,
                base_url,
                auth: self.auth,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                pacer: self.pace.then(Pacer::new),
            }),
        }
        .into())
    }

    /// Builds the client, panicking when [`build`](Self::build) fails (as `reqwest::Client::new`
    /// does when the TLS backend cannot be initialised); a generated `Client::new` is this with
    /// default settings, whose base URL is valid.
    pub fn build_or_panic(self) -> C {
        match self.build() {
            Ok(client) => client,
            Err(error) => panic!("{error}"),
        }
    }
}

/// Follows at most five redirects, and only within the origin of the request, so that the token
/// never travels to another host.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 5 || !same_origin {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}
