//! The `Client`: connection settings, the bearer token, and sending a request with bounded reads.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::{Method, RequestBuilder};

use crate::error::{Error, RawResponse};
use crate::runtime::OperationInfo;
use crate::DEFAULT_BASE_URL;

/// The default limit on a response body: far above any documented HighLevel response, far below
/// what would hurt a service that reads many responses at once.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// The default limit on establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default deadline of a whole request, from sending to the last byte of the body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// A client for the API. Cheap to clone: clones share one connection pool.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = generated_client::Client::new("my-private-integration-token");
/// let accounts = client
///     .get_instagram_professional_accounts("w37swmmLbA02zgqKPpxITe2", "w37swmmLbA02zgqKPpxITe")
///     .await?;
/// println!("{:?}", accounts.results);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: Token,
    max_response_bytes: usize,
}

/// The `Authorization` header value, marked sensitive so that reqwest and `http` never print it.
/// A token that cannot be a header value is kept as that fact alone, and every request fails
/// with `Error::InvalidRequest` without sending anything.
#[derive(Clone)]
struct Token(Option<HeaderValue>);

impl Token {
    fn new(token: &str) -> Self {
        let value = HeaderValue::from_str(&format!("Bearer {token}")).ok().map(|mut value| {
            value.set_sensitive(true);
            value
        });
        Token(value)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &self.inner.token)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the default server with default settings.
    ///
    /// `token` is an OAuth access token or a Private Integration Token of a Sub-Account; it is
    /// sent as `Authorization: Bearer <token>` and never shown by `Debug`.
    ///
    /// # Panics
    ///
    /// When the TLS backend cannot be initialised, like `reqwest::Client::new`; use
    /// [`Client::builder`] to handle that as an error.
    pub fn new(token: impl AsRef<str>) -> Self {
        match Self::builder(token).build() {
            Ok(client) => client,
            Err(error) => panic!("the HTTP client cannot be built: {error}"),
        }
    }

    /// A builder for a client with other settings (base URL, timeouts, your own `reqwest::Client`).
    pub fn builder(token: impl AsRef<str>) -> ClientBuilder {
        ClientBuilder {
            token: Token::new(token.as_ref()),
            base_url: DEFAULT_BASE_URL.to_string(),
            http: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Starts a request to `path` (already encoded) under the base URL.
    pub(crate) fn request(&self, method: Method, path: &str) -> RequestBuilder {
        let url = format!("{}{}", self.inner.base_url, path);
        self.inner.http.request(method, url)
    }

    /// Adds the credentials, sends, and reads the whole body within the size limit.
    pub(crate) async fn execute<E>(&self, _operation: &OperationInfo, request: RequestBuilder) -> Result<RawResponse, Error<E>> {
        let Some(token) = self.inner.token.0.clone() else {
            return Err(Error::InvalidRequest(
                "the bearer token holds characters a header cannot carry (such as CR, LF or NUL)".to_string(),
            ));
        };
        let request = request
            .header(AUTHORIZATION, token)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .build()
            .map_err(|e| Error::InvalidRequest(format!("the request cannot be built: {}", e.without_url())))?;
        let response = self.inner.http.execute(request).await.map_err(communication)?;
        self.read(response).await
    }

    async fn read<E>(&self, mut response: reqwest::Response) -> Result<RawResponse, Error<E>> {
        let status = response.status();
        let limit = self.inner.max_response_bytes;
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(Error::ResponseTooLarge { status, headers: response.headers().clone(), limit });
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(communication)? {
            if body.len() + chunk.len() > limit {
                return Err(Error::ResponseTooLarge { status, headers: response.headers().clone(), limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse { status, headers: response.headers().clone(), body: body.freeze() })
    }
}

/// Sorts reqwest's errors into timeouts and other communication failures. URLs are dropped from
/// the error: they hold the path parameters, which callers may consider private.
fn communication<E>(error: reqwest::Error) -> Error<E> {
    let error = error.without_url();
    if error.is_timeout() {
        Error::Timeout(error)
    } else {
        Error::Communication(error)
    }
}

/// Settings for a [`Client`].
pub struct ClientBuilder {
    token: Token,
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
            .field("token", &self.token)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
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

    /// The deadline of a whole request, from sending to the last byte of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body read; a larger one is `Error::ResponseTooLarge`.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Builds the client; fails only when the TLS backend cannot be initialised.
    pub fn build(self) -> Result<Client, reqwest::Error> {
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .redirect(same_origin_redirects())
                .build()?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: self.base_url,
                token: self.token,
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
