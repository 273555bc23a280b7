//! The `Client`: connection settings, the bearer token, and sending a request with bounded reads.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::BytesMut;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::{Method, RequestBuilder, StatusCode};
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::{AccessToken, TokenSource};
use crate::error::{Error, RawResponse};
use crate::retry::{Outcome, RetryPolicy};
use crate::runtime::OperationInfo;
use crate::DEFAULT_BASE_URL;

/// The default limit on a response body: far above any documented HighLevel response, far below
/// what would hurt a service that reads many responses at once.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// The default limit on establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default deadline of a whole call, from sending to the last byte of the body, retries included.
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
    /// The deadline of a whole call, retries included; `None` with the caller's own HTTP client,
    /// whose timeouts apply instead.
    deadline: Option<Duration>,
    base_url: String,
    auth: Auth,
    retry: RetryPolicy,
    max_response_bytes: usize,
}

/// Where the `Authorization` header comes from.
#[derive(Clone)]
enum Auth {
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
            .field("base_url", &self.inner.base_url)
            .field("token", &self.inner.auth)
            .field("retry", &self.inner.retry)
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
        Self::builder_with_auth(Auth::Fixed(AccessToken::new(token.as_ref()).header()))
    }

    /// A builder for a client that asks `source` for the token of each request, and renews it
    /// once when the server answers 401 (see [`TokenSource`]).
    pub fn builder_with_token_source(source: impl TokenSource + 'static) -> ClientBuilder {
        Self::builder_with_auth(Auth::Source(Arc::new(source)))
    }

    fn builder_with_auth(auth: Auth) -> ClientBuilder {
        ClientBuilder {
            auth,
            retry: RetryPolicy::default(),
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

    /// Adds the credentials, sends, retries as the policy allows, and reads the whole body within
    /// the size limit. Each try is a `tracing` span named `http_request` with the operation, the
    /// method, the path template (never the filled-in path), the attempt number, the status and
    /// the duration; neither the token nor any header or body is recorded.
    pub(crate) async fn execute<E>(
        &self,
        operation: &OperationInfo,
        request: RequestBuilder,
    ) -> Result<RawResponse, Error<E>> {
        let deadline = self.inner.deadline.map(|d| tokio::time::Instant::now() + d);
        let mut request = request
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .build()
            .map_err(|e| Error::InvalidRequest(format!("the request cannot be built: {}", e.without_url())))?;
        let (mut token, mut authorization) = match &self.inner.auth {
            Auth::Fixed(Some(header)) => (None, header.clone()),
            Auth::Fixed(None) => return Err(unusable_token()),
            Auth::Source(source) => {
                let token = source.token().await.map_err(Error::Auth)?;
                let header = token.header().ok_or_else(unusable_token)?;
                (Some(token), header)
            }
        };
        let mut retries = 0;
        let mut renewed = false;
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            // Bodies are always bytes in memory, so a request can be cloned for another try; one
            // that could not be would simply be sent once.
            let spare = request.try_clone();
            request.headers_mut().insert(AUTHORIZATION, authorization.clone());
            // Each try gets what is left of the call's deadline, so retries never extend it.
            if let Some(deadline) = deadline {
                *request.timeout_mut() = Some(deadline.saturating_duration_since(tokio::time::Instant::now()));
            }
            let span = tracing::info_span!(
                "http_request",
                operation = operation.name,
                operation_id = operation.operation_id,
                method = operation.method,
                path = operation.path,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let started = Instant::now();
            let result = self.send(request).instrument(span.clone()).await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            if let Some(status) = result.as_ref().map_or_else(Sent::status, |response| Some(response.status)) {
                span.record("status", status.as_u16());
            }
            let Some(spare) = spare else { return result.map_err(Sent::into_error) };
            request = spare;
            if let (Ok(response), Auth::Source(source), Some(rejected), false) =
                (&result, &self.inner.auth, &token, renewed)
            {
                if response.status == StatusCode::UNAUTHORIZED {
                    renewed = true;
                    tracing::debug!(parent: &span, "the server rejected the token; renewing it for one more try");
                    if let Some(fresh) = source.refresh(rejected).await.map_err(Error::Auth)? {
                        authorization = fresh.header().ok_or_else(unusable_token)?;
                        token = Some(fresh);
                        continue;
                    }
                }
            }
            let outcome = match &result {
                Ok(response) => Some(Outcome::Response { status: response.status, headers: &response.headers }),
                // A request reqwest could not build, or a redirect loop, would fail the same way again.
                Err(Sent::Failed(error)) if error.is_builder() || error.is_redirect() => None,
                Err(Sent::Failed(error)) => Some(Outcome::Failure { connect: error.is_connect() }),
                // A body over the limit will be over it again.
                Err(Sent::TooLarge { .. }) => None,
            };
            match outcome.and_then(|outcome| self.inner.retry.delay(operation.idempotent, retries, outcome)) {
                // A wait that would end past the deadline leaves no time for another try.
                Some(wait) if deadline.is_none_or(|deadline| tokio::time::Instant::now() + wait < deadline) => {
                    retries += 1;
                    tracing::debug!(parent: &span, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                }
                _ => return result.map_err(Sent::into_error),
            }
        }
    }

    /// Sends one try and reads its body.
    async fn send(&self, request: reqwest::Request) -> Result<RawResponse, Sent> {
        let response = self.inner.http.execute(request).await.map_err(Sent::Failed)?;
        self.read(response).await
    }

    async fn read(&self, mut response: reqwest::Response) -> Result<RawResponse, Sent> {
        let status = response.status();
        let limit = self.inner.max_response_bytes;
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(Sent::TooLarge { status, headers: response.headers().clone(), limit });
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(Sent::Failed)? {
            if body.len() + chunk.len() > limit {
                return Err(Sent::TooLarge { status, headers: response.headers().clone(), limit });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse { status, headers: response.headers().clone(), body: body.freeze() })
    }
}

/// How one try failed, before it is made into the operation's `Error<E>`.
enum Sent {
    Failed(reqwest::Error),
    TooLarge { status: StatusCode, headers: HeaderMap, limit: usize },
}

impl Sent {
    fn status(&self) -> Option<StatusCode> {
        match self {
            Sent::Failed(error) => error.status(),
            Sent::TooLarge { status, .. } => Some(*status),
        }
    }

    fn into_error<E>(self) -> Error<E> {
        match self {
            Sent::Failed(error) => communication(error),
            Sent::TooLarge { status, headers, limit } => Error::ResponseTooLarge { status, headers, limit },
        }
    }
}

fn unusable_token<E>() -> Error<E> {
    Error::InvalidRequest("the bearer token holds characters a header cannot carry (such as CR, LF or NUL)".to_string())
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
    /// apply instead.
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
