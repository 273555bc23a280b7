//! A typed Rust client for HighLevel's (LeadConnector) Social Planner API: the Instagram
//! Professional Accounts of a Sub-Account.
//!
//! The types and methods are generated from `spec/social-planner.yaml` by `cargo xtask codegen`;
//! this file and the runtime beside it are written by hand. The workspace's README says how the
//! generator works; `examples/instagram_accounts.rs` runs both calls against a mock
//! server without any credentials (`cargo run -p generated-client --example instagram_accounts`).
//!
//! # Quick start
//!
//! [`Client::get_instagram_professional_accounts`] lists the Instagram Professional Accounts an
//! OAuth connection of a Sub-Account gives access to; [`Client::attach_instagram_professional_accounts`]
//! attaches one of them to the Sub-Account.
//!
//! ```no_run
//! use generated_client::{types, Client};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::new(std::env::var("HIGHLEVEL_TOKEN")?);
//! let (location_id, account_id) = ("w37swmmLbA02zgqKPpxITe2", "w37swmmLbA02zgqKPpxITe");
//!
//! let listed = client.get_instagram_professional_accounts(location_id, account_id).await?;
//! for account in listed.results.iter().flat_map(|r| r.accounts.iter().flatten()) {
//!     println!("{:?} (page {:?}) connected: {:?}", account.name, account.page_id, account.is_connected);
//! }
//!
//! let body = types::AttachIgAccountDto::new("234234234242sd".to_string());
//! let attached = client.attach_instagram_professional_accounts(location_id, account_id, &body).await?;
//! println!("{} {}: {:?}", attached.status(), attached.message, attached.results);
//! # Ok(())
//! # }
//! ```
//!
//! A successful call returns a [`ResponseValue`], which derefs to the typed body (as `listed.results`
//! above) and also gives the [`status`](ResponseValue::status) and
//! [`headers`](ResponseValue::headers). The client sends `Authorization: Bearer <token>`, an
//! `Accept` header listing the media types the spec documents for the operation's responses
//! (`application/json` here) and the required `Version: 2021-07-28` header itself.
//!
//! # Authentication
//!
//! Both endpoints take a **Sub-Account** token, of either kind:
//!
//! - a **Private Integration Token** of the Sub-Account, created in the Sub-Account's settings
//!   (*Private Integrations*): long-lived, which suits a service that works for one Sub-Account;
//! - an **OAuth access token** of a Marketplace app, issued for user type *Sub-Account*
//!   (`Location`): it lives about a day and is renewed with the refresh token that came with it.
//!
//! HighLevel's reference lists the token type of both endpoints as *Sub-Account Token*, so an
//! Agency (Company) token does not do. `Client::new(token)` sends a fixed token; for retries and
//! rate limits see [Production behaviour](#production-behaviour).
//!
//! # OAuth tokens that are never lost
//!
//! Each refresh of an OAuth token returns a new refresh token and retires the old one, so a
//! refresh token used and not stored locks the app out until someone installs it again.
//! [`OAuthTokens`] refreshes through HighLevel's token endpoint and keeps the tokens in a
//! [`TokenStore`]: [`FileStore`] (written atomically, mode 0600, locked so that clients and
//! processes sharing it never spend one refresh token twice), [`MemoryStore`], or your own.
//!
//! ```no_run
//! use generated_client::{Client, FileStore, OAuthApp, OAuthTokens, TokenStore};
//!
//! # async fn run(code: &str) -> Result<(), Box<dyn std::error::Error>> {
//! let app = OAuthApp::new(std::env::var("HL_CLIENT_ID")?, std::env::var("HL_CLIENT_SECRET")?);
//! let store = FileStore::new("/var/lib/my-app/highlevel-tokens.json");
//! // Once, when the app is installed: save the first tokens.
//! store.save(&app.exchange_code(code, "Location").await?).await?;
//! let client = Client::builder_with_token_source(OAuthTokens::new(app, store)).build()?;
//! # Ok(())
//! # }
//! ```
//!
//! The access token is renewed five minutes before `expires_in` runs out
//! ([`OAuthTokens::with_renew_before`]; other calls go on with it meanwhile) and after a 401.
//! The new tokens are saved before the new access token is used; a save that fails fails the
//! call, and the tokens are saved again before anything else on the next one. With an Agency (`Company`) installation,
//! `agency.location(location_id)` is a token source for one Sub-Account, whose tokens are minted
//! (`POST /oauth/locationToken`) and cached with their own expiry.
//!
//! **When a token is lost.** One window cannot be closed: from the moment the token endpoint
//! retires the old refresh token until the new one is on disk, a killed process (or a lost
//! connection before the answer arrives) loses it. A renewal then fails with an error saying the
//! refresh token was refused: the app must be installed again in that account (the installation
//! link of the Marketplace app), and the tokens of the new installation saved in the store as above.
//!
//! # Request bodies
//!
//! Every type with required fields has a `new` taking exactly those, so a required field cannot be
//! forgotten; the optional ones follow with struct update syntax. Types whose fields are all
//! optional implement [`Default`] instead.
//!
//! ```
//! use generated_client::types::AttachIgAccountDto;
//!
//! let body = AttachIgAccountDto {
//!     name: Some("JOHN_DEO".to_string()),
//!     ..AttachIgAccountDto::new("234234234242sd".to_string())
//! };
//! assert_eq!(
//!     serde_json::to_value(&body).unwrap(),
//!     serde_json::json!({ "pageId": "234234234242sd", "name": "JOHN_DEO" }),
//! );
//! ```
//!
//! Leaving out `pageId`, which the spec requires, does not compile: the type has no `Default`.
//!
//! ```compile_fail,E0277
//! use generated_client::types::AttachIgAccountDto;
//!
//! let body = AttachIgAccountDto { name: Some("JOHN_DEO".to_string()), ..Default::default() };
//! ```
//!
//! # Bodies that are not JSON
//!
//! Both endpoints speak JSON, but a client generated from another spec (`cargo xtask codegen
//! --spec`) never leaves out an operation for its media types. A `text/*` request body is a
//! `String`, any other media type bytes (anything `Into<reqwest::Body>`). A success response is
//! read as JSON whenever it offers JSON; else a `text/*` body comes back as a `String` (UTF-8; other
//! bytes are [`Error::InvalidResponsePayload`], which keeps them) and any other body as
//! `bytes::Bytes`, in a [`ResponseValue`] with its status and headers. Both are read within the
//! size limit like JSON ([`ClientBuilder::max_response_bytes`]). An error body that is not JSON is
//! kept as received, in the error's [`raw_response`](Error::raw_response).
//!
//! # Errors
//!
//! Every method returns [`Error<E>`](Error), where `E` is the operation's enum of documented error
//! bodies ([`GetInstagramProfessionalAccountsError`], [`AttachInstagramProfessionalAccountsError`]):
//!
//! - a documented error status (400, 401, 422) is [`Error::ErrorResponse`], and the variant of `E`
//!   is chosen by the status code, each holding that status's typed body; a `message` may be a
//!   string or a list of strings ([`types::ErrorMessage`]), as HighLevel sends either;
//! - any other status is [`Error::UnexpectedStatus`], and a documented status whose body does not
//!   match its schema is [`Error::InvalidResponsePayload`];
//! - every error that came from a response keeps its status, headers and whole body
//!   ([`Error::raw_response`]), typed ones too, so a field the schema leaves out, such as the
//!   `traceId` HighLevel's support asks for, stays within reach;
//! - nothing sent or received is [`Error::InvalidRequest`], [`Error::Communication`],
//!   [`Error::Timeout`] or, when HighLevel's rate limit left no room, [`Error::RateLimited`].
//!
//! [`Error::status`], [`Error::headers`] and [`Error::is_retryable`] answer the usual questions
//! whatever the variant. `Error` implements [`std::error::Error`], so `?` turns it into a
//! `Box<dyn std::error::Error>` or an `anyhow::Error`; its `Display` names the status and shows the
//! start of the body, never the token.
//!
//! ```no_run
//! use generated_client::{Client, Error, GetInstagramProfessionalAccountsError as GetError};
//!
//! # async fn run(client: Client) {
//! match client.get_instagram_professional_accounts("w37swmmLbA02zgqKPpxITe2", "w37swmmLbA02zgqKPpxITe").await {
//!     Ok(listed) => println!("{}", listed.message),
//!     Err(Error::ErrorResponse(response)) => match response.into_inner() {
//!         GetError::Unauthorized(body) => eprintln!("renew the token: {:?}", body.message),
//!         GetError::BadRequest(body) => eprintln!("bad request: {:?}", body.message),
//!         GetError::UnprocessableEntity(body) => eprintln!("check the ids: {:?}", body.message),
//!     },
//!     Err(error) if error.is_retryable() => eprintln!("try again later: {error}"),
//!     Err(error) => {
//!         eprintln!("{error}");
//!         if let Some(raw) = error.raw_response() {
//!             eprintln!("status {}, body {}", raw.status(), raw.text());
//!         }
//!     }
//! }
//! # }
//! ```
//!
//! # Testing against a local server
//!
//! Point the client at any server with [`Client::builder`] and [`ClientBuilder::base_url`]:
//!
//! ```
//! let client = generated_client::Client::builder("test-token")
//!     .base_url("http://127.0.0.1:8080")
//!     .build()
//!     .expect("the HTTP client builds");
//! assert_eq!(client.base_url(), "http://127.0.0.1:8080");
//! ```
//!
//! `build()` checks the base URL: anything but an absolute `http` or `https` URL is
//! [`BuildError::InvalidBaseUrl`], which names it. A path prefix (a gateway's) is kept, with or
//! without a trailing `/`, and a password in the URL is shown as `***` by `base_url()`, `Debug`
//! and errors.
//!
//! # Types only
//!
//! A webhook receiver, a queue consumer or code on another HTTP stack needs only [`types`]. Without
//! the default `client` feature the crate is that module alone, built on serde, serde_json and
//! chrono, with no reqwest, rustls or tokio to compile:
//!
//! ```toml
//! [dependencies]
//! generated-client = { path = "path/to/generated-client", default-features = false }
//! ```
//!
//! # Testing your code with the mock server
//!
//! With the cargo feature `mock` (for dev-dependencies:
//! `generated-client = { path = "...", features = ["mock"] }`), `mock::MockServer` is a server on
//! 127.0.0.1 generated from the spec: `MockServer::start().await`, `server.client()` (a `Client`
//! pointed at it, token included) and `server.uri()`. Each operation has a typed stub,
//! `server.get_instagram_professional_accounts()`, optionally matched on path parameters
//! (`.path_param("locationId", "...")`), with `.times(n)` and `.delay(d)`, answering `.ok(&body)`,
//! `.example()` (the spec's example), `.error(&GetInstagramProfessionalAccountsError::Unauthorized(..))`
//! or `.status(503)`; `stub.received().await` gives the requests with their typed bodies.
//!
//! Every request is checked against the spec first: method and path template, the `Version`
//! header and its value, the bearer token (its scheme `Bearer` in any case, as RFC 9110 allows),
//! `Content-Type`, and the JSON body's required fields, types and enum values. A request that breaks it is answered with a 400 whose `message` names each
//! violation, and dropping the server fails the test with the list (`take_violations()` for a test
//! that expects them). `downstream/tests/connect.rs` in the repository is a worked example.
//!
//! # Production behaviour
//!
//! What the client does on its own in a long-lived service, and how to change it. Each point is
//! proved by a test against a server on 127.0.0.1 in the repository's `tests/` crate.
//!
//! - **Retries.** GET, and any operation the spec marks idempotent, is retried on connection errors,
//!   timeouts and the statuses 408, 429, 500, 502, 503 and 504. POST is retried only when the server
//!   cannot have acted on it: after a 429 or a connection that was never established. 400, 401, 422
//!   and other statuses are never retried. By default: 2 retries, backoff from 250 ms doubling up to
//!   8 s with jitter (each wait between half and all of its value). A `Retry-After` header (seconds
//!   or an HTTP date) replaces the backoff; a 429 without one waits for HighLevel's burst window
//!   (`X-RateLimit-Interval-Milliseconds`). A wait longer than `max_wait` (30 s by default) is not
//!   waited: the error is returned at once.
//!
//!   ```no_run
//!   use std::time::Duration;
//!   use generated_client::{Client, RetryPolicy};
//!
//!   let client = Client::builder("token")
//!       .retry(RetryPolicy::default().max_retries(4).max_wait(Duration::from_secs(15)))
//!       .build()
//!       .expect("the TLS backend initialises");
//!   let without_retries = Client::builder("token").retry(RetryPolicy::none()).build().expect("the TLS backend initialises");
//!   ```
//! - **Timeouts.** `connect_timeout` (10 s) and `timeout` (60 s): one deadline for the whole call,
//!   from asking for the token to the last byte, retries and their waits included (a timeout over
//!   about 136 years, such as `Duration::MAX`, means none; no setting or header overflows the clock).
//!   Each try gets what is left of
//!   it, and no retry starts whose wait would end past it. A server that accepts and never answers
//!   gives `Error::Timeout` after `timeout`. With your own `reqwest::Client` its timeouts apply instead.
//! - **Rate limits.** HighLevel allows a burst of requests per window for each app and
//!   Sub-Account (100 per 10 s, 200,000 a day at the time of writing) and says so on every
//!   response. The client paces itself by it (`pace_rate_limit(true)`, the default): per token, it
//!   counts the tries of the window the server reports, so that concurrent calls wait their turn
//!   instead of spending retries on 429s. Only tries sent before the first response told the limit
//!   can meet a 429; far from the limit nothing waits. A wait counts against the call's deadline;
//!   one that would end past it fails at once with `Error::RateLimited(LimitSpent::Burst)`, and
//!   after a response with `X-RateLimit-Daily-Remaining: 0` calls fail at once with
//!   `Error::RateLimited(LimitSpent::Daily)`, nothing sent, for a minute, after which one call is
//!   sent to learn whether the day has turned. The count is per client: clients (or processes)
//!   sharing a token learn of each other from `X-RateLimit-Remaining: 0` and 429s, which hold back
//!   the token's calls for a window. `pace_rate_limit(false)` turns pacing off.
//!   `response.rate_limit()` (trait `RateLimitExt`) on a success and `error.rate_limit()` on an
//!   error give `RateLimit { remaining, max, interval, limit_daily, daily_remaining }` from the
//!   `X-RateLimit-*` headers.
//! - **Token renewal.** `Client::builder_with_token_source(source)` asks a `TokenSource` for the
//!   token of each request. On a 401 it asks the source once for a new token and sends the request
//!   once more; requests rejected together share one renewal. `RefreshingToken` is a source over your
//!   refresh callback (for OAuth access tokens, which last about a day; store the rotated refresh
//!   token in the callback), and [`OAuthTokens`] one over HighLevel's token endpoint (see
//!   [OAuth tokens that are never lost](#oauth-tokens-that-are-never-lost)). A fixed token
//!   (`Client::builder(token)`) is never renewed. The call's
//!   deadline bounds the wait for the source too (`Error::Auth` with `is_timeout()`), and a renewal
//!   under way holds back only the calls that need its token; the others go on with the current one.
//! - **Limits and hostile input.** Bodies are read up to `max_response_bytes` (8 MiB) and the read
//!   stops there with `Error::ResponseTooLarge`; parameters are written in the `style` the spec
//!   gives them (OpenAPI 3.0.3), path parameters encoded as one segment each and empty or dot
//!   segments refused; header values (the token too) with CR, LF or NUL are refused
//!   before sending, without echoing them. Redirects are followed only within the origin, so the
//!   `Authorization` header never reaches another host (a `reqwest::Client` of your own keeps its
//!   own redirect policy).
//! - **Tracing.** Every try is a `tracing` span `http_request` with `operation`, `operation_id`,
//!   `method`, `path` (the template, never the identifiers), `attempt`, `status` and `duration_ms`;
//!   retries, token renewals and waits for the rate limit are `debug` events. Tokens appear in no span, event, `Debug` or
//!   `Display`. An error's `Debug` and `Display` show a few hundred bytes of body and headers at most,
//!   saying how much was cut, with `Set-Cookie`, `Cookie`, `Authorization`, `Proxy-Authorization`,
//!   `WWW-Authenticate` and `Proxy-Authenticate` values redacted; `headers()` and `raw_response()`
//!   still give everything.

// Errors carry the response headers so that callers can read rate limits and trace ids off a
// failure; successes carry them too (`ResponseValue`), so a boxed error would not make `Result`
// smaller where it matters.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

#[rustfmt::skip]
mod generated;

pub use generated::*;

/// A mock HighLevel API for testing code that uses the client (cargo feature `mock`): a server on
/// 127.0.0.1 with one typed stub per operation, which checks every request against the spec.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// use generated_client::mock::MockServer;
///
/// let server = MockServer::start().await;
/// server.get_instagram_professional_accounts().times(1).example().await;
/// let listed = server.client().get_instagram_professional_accounts("loc", "acc").await.unwrap();
/// assert_eq!(listed.message, "Fetched Instagram Account");
/// # }
/// ```
#[cfg(feature = "mock")]
pub mod mock {
    pub use crate::generated::mock::MockServer;
    pub use client_runtime::mock::{Answer, Binary, MockError, Received, Stub, Text};
}

/// Multipart request bodies: operations that upload files take a [`multipart::Form`].
#[cfg(feature = "client")]
pub use client_runtime::reqwest::multipart;
#[cfg(feature = "client")]
pub use client_runtime::{
    retry_after, AccessToken, AuthError, BoxFuture, BuildError, Error, ErrorResponseValue, FileStore, LimitSpent,
    LocationToken, MemoryStore, OAuthApp, OAuthTokens, RateLimit, RateLimitExt, RawResponse, RefreshingToken,
    ResponseValue, RetryPolicy, StoreLock, StoredTokens, TokenSource, TokenStore, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
};

/// The README's Rust code blocks, compiled (and run unless marked `no_run`) as doctests, so that
/// the README cannot drift from the crate.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
