//! One call of an operation: the token, each try within the call's deadline, retries, token
//! renewal after a 401, and reading the body within the size limit.

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::{RequestBuilder, StatusCode};
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::{AccessToken, AuthError};
use crate::client::{Auth, Client};
use crate::deadline::Deadline;
use crate::error::{Error, RawResponse};
use crate::retry::Outcome;
use crate::support::OperationInfo;

/// The credentials of the next try: the token (when it comes from a source that may renew it)
/// and the header made of it.
struct Credentials {
    token: Option<AccessToken>,
    authorization: HeaderValue,
}

impl Client {
    /// Adds the credentials, sends, retries as the policy allows, and reads the whole body within
    /// the size limit. Every wait of the call, for the token source included, ends at the call's
    /// deadline. Each try is a `tracing` span named `http_request` with the operation, the
    /// method, the path template (never the filled-in path), the attempt number, the status and
    /// the duration; neither the token nor any header or body is recorded.
    pub async fn execute<E>(
        &self,
        operation: &OperationInfo,
        request: RequestBuilder,
    ) -> Result<RawResponse, Error<E>> {
        let deadline = Deadline::after(self.inner.deadline);
        let mut request = request
            .header(ACCEPT, HeaderValue::from_static(operation.accept))
            .build()
            .map_err(|e| Error::InvalidRequest(format!("the request cannot be built: {}", e.without_url())))?;
        let mut credentials = self.credentials(deadline).await?;
        let (mut retries, mut renewed, mut attempt) = (0, false, 0u32);
        loop {
            attempt += 1;
            // A copy for another try is made only when another try is possible at all. Bodies are
            // always bytes in memory, so a request can be cloned; one that could not be would
            // simply be sent once.
            let another_try = retries < self.inner.retry.retries() || (!renewed && credentials.token.is_some());
            let spare = if another_try { request.try_clone() } else { None };
            request.headers_mut().insert(AUTHORIZATION, credentials.authorization.clone());
            let (result, span) = self.paced_try(operation, attempt, request, &credentials, deadline).await?;
            let Some(spare) = spare else { return result.map_err(Sent::into_error) };
            request = spare;
            if let (Ok(response), Some(rejected), false) = (&result, &credentials.token, renewed) {
                if response.status == StatusCode::UNAUTHORIZED {
                    renewed = true;
                    tracing::debug!(parent: &span, "the server rejected the token; renewing it for one more try");
                    if let Some(fresh) = self.renew(rejected, deadline).await? {
                        credentials = fresh;
                        continue;
                    }
                }
            }
            match self.retry_wait(operation, retries, &result) {
                // A wait that would end past the deadline leaves no time for another try.
                Some(wait) if deadline.allows_wait(wait) => {
                    retries += 1;
                    tracing::debug!(parent: &span, wait_ms = wait.as_millis() as u64, "retrying");
                    tokio::time::sleep(wait).await;
                }
                _ => return result.map_err(Sent::into_error),
            }
        }
    }

    /// The token for the first try, asked of the source within the call's deadline.
    async fn credentials<E>(&self, deadline: Deadline) -> Result<Credentials, Error<E>> {
        match &self.inner.auth {
            Auth::Fixed(Some(header)) => Ok(Credentials { token: None, authorization: header.clone() }),
            Auth::Fixed(None) => Err(unusable_token()),
            Auth::Source(source) => {
                let token = deadline.bound(source.token()).await.map_err(|_| Error::Auth(AuthError::timed_out()))?;
                Credentials::of(token.map_err(Error::Auth)?)
            }
        }
    }

    /// A new token after the server rejected `rejected`, asked of the source within the call's
    /// deadline; `None` when the source cannot renew tokens.
    async fn renew<E>(&self, rejected: &AccessToken, deadline: Deadline) -> Result<Option<Credentials>, Error<E>> {
        let Auth::Source(source) = &self.inner.auth else { return Ok(None) };
        let fresh = deadline.bound(source.refresh(rejected)).await.map_err(|_| Error::Auth(AuthError::timed_out()))?;
        fresh.map_err(Error::Auth)?.map(Credentials::of).transpose()
    }

    /// Waits for room in the rate limit's window (when pacing is on), then sends one try with
    /// what is left of the call's deadline, so that neither waits nor retries extend it.
    async fn paced_try<E>(
        &self,
        operation: &OperationInfo,
        attempt: u32,
        mut request: reqwest::Request,
        credentials: &Credentials,
        deadline: Deadline,
    ) -> Result<(Result<RawResponse, Sent>, tracing::Span), Error<E>> {
        let place = match &self.inner.pacer {
            Some(pacer) => {
                let key = pacer.key(credentials.authorization.as_bytes());
                Some(pacer.place(key, deadline).await.map_err(Error::RateLimited)?)
            }
            None => None,
        };
        if let Some(remaining) = deadline.remaining() {
            *request.timeout_mut() = Some(remaining);
        }
        let (result, span) = self.try_once(operation, attempt, request).await;
        if let Some(place) = place {
            place.end(match &result {
                Ok(response) => Some((response.status, &response.headers)),
                Err(Sent::TooLarge { status, headers, .. }) => Some((*status, headers)),
                Err(Sent::Failed(_)) => None,
            });
        }
        Ok((result, span))
    }

    /// Sends one try inside its `http_request` span and records how it went.
    async fn try_once(
        &self,
        operation: &OperationInfo,
        attempt: u32,
        request: reqwest::Request,
    ) -> (Result<RawResponse, Sent>, tracing::Span) {
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
        // Timing and recording cost a clock read each; nobody listens to a disabled span.
        let started = (!span.is_disabled()).then(Instant::now);
        let result = self.send(request).instrument(span.clone()).await;
        if let Some(started) = started {
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            if let Some(status) = result.as_ref().map_or_else(Sent::status, |response| Some(response.status)) {
                span.record("status", status.as_u16());
            }
        }
        (result, span)
    }

    /// The wait before another try, or `None` when the policy rules one out.
    fn retry_wait(
        &self,
        operation: &OperationInfo,
        retries: u32,
        result: &Result<RawResponse, Sent>,
    ) -> Option<std::time::Duration> {
        let outcome = match result {
            Ok(response) => Outcome::Response { status: response.status, headers: &response.headers },
            // A request reqwest could not build, or a redirect loop, would fail the same way again.
            Err(Sent::Failed(error)) if error.is_builder() || error.is_redirect() => return None,
            Err(Sent::Failed(error)) => Outcome::Failure { connect: error.is_connect() },
            // A body over the limit will be over it again.
            Err(Sent::TooLarge { .. }) => return None,
        };
        self.inner.retry.delay(operation.idempotent, retries, outcome)
    }

    /// Sends one try and reads its body.
    async fn send(&self, request: reqwest::Request) -> Result<RawResponse, Sent> {
        let response = self.inner.http.execute(request).await.map_err(Sent::Failed)?;
        self.read(response).await
    }

    /// Reads the body up to the limit. The headers are moved out of the response rather than
    /// copied, and a body that arrives in one chunk (the usual case with a known length) is kept
    /// as that chunk instead of being copied into a buffer.
    async fn read(&self, mut response: reqwest::Response) -> Result<RawResponse, Sent> {
        let status = response.status();
        let limit = self.inner.max_response_bytes;
        let headers = std::mem::take(response.headers_mut());
        let known = response.content_length();
        if known.is_some_and(|length| length > limit as u64) {
            return Err(Sent::TooLarge { status, headers, limit });
        }
        let mut first = Bytes::new();
        let mut joined: Option<BytesMut> = None;
        while let Some(chunk) = response.chunk().await.map_err(Sent::Failed)? {
            let read = joined.as_ref().map_or(first.len(), BytesMut::len);
            if read + chunk.len() > limit {
                return Err(Sent::TooLarge { status, headers, limit });
            }
            match &mut joined {
                None if first.is_empty() => first = chunk,
                None => {
                    // Capacity for the whole body when its length is known, so it is copied once.
                    let capacity = known.map_or(0, |length| length as usize).max(first.len() + chunk.len());
                    let mut buffer = BytesMut::with_capacity(capacity);
                    buffer.extend_from_slice(&first);
                    buffer.extend_from_slice(&chunk);
                    joined = Some(buffer);
                }
                Some(buffer) => buffer.extend_from_slice(&chunk),
            }
        }
        let body = joined.map_or(first, BytesMut::freeze);
        Ok(RawResponse { status, headers, body })
    }
}

impl Credentials {
    fn of<E>(token: AccessToken) -> Result<Credentials, Error<E>> {
        let authorization = token.header().ok_or_else(unusable_token)?;
        Ok(Credentials { token: Some(token), authorization })
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
