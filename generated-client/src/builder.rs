//! `ClientBuilder`: the settings of a `Client` (server, timeouts, limits, retries, credentials).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::TokenSource;
use crate::client::{Auth, Client, Inner, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
use crate::retry::RetryPolicy;

/// Settings for a [`Client`].
pub struct ClientBuilder {
    auth: Auth,
    retry: RetryPolicy,
    base_url: String,
    http: Option<reqwest::Client>,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_bytes: usize,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.auth)
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn new(auth: Auth, base_url: String) -> ClientBuilder {
        ClientBuilder {
            auth,
            retry: RetryPolicy::default(),
            base_url,
            http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Another server, such as a mock server in tests: `http://127.0.0.1:8080`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_string();
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

    /// Asks `source` for the token of each request instead of using the token given to
    /// [`Client::builder`], and renews it once when the server answers 401.
    pub fn token_source(mut self, source: impl TokenSource + 'static) -> Self {
        self.auth = Auth::Source(Arc::new(source));
        self
    }

    /// Builds the client; fails only when the TLS backend cannot be initialised.
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let deadline = self.http.is_none().then_some(self.timeout);
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(same_origin_redirects())
                .build()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                deadline,
                base_url: self.base_url,
                auth: self.auth,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
            }),
        })
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
