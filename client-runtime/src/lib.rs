//! The runtime of every client the generator writes, as `progenitor-client` is to progenitor's
//! output: calls, retries, deadlines, authentication and token sources, errors, rate limits,
//! parameter styles, `oneOf` decoding, and (feature `mock`) a mock server that checks every request
//! against the spec.
//!
//! It knows no generated item: a generated crate passes in its base URL, its operations' metadata
//! ([`OperationInfo`]) and its mock tables (`mock::Spec`, with the `mock` feature), and names this crate by its path
//! (`::client_runtime::X`). Each generated crate has a `Client` of its own that wraps this crate's
//! [`Client`], with one method per operation, and re-exports what its users name from here.
//!
//! [`values`] (which JSON values a type or format accepts) and [`path_template`] build without
//! default features, on serde_json and chrono alone: `cargo xtask lint` judges the spec by them,
//! and the mock server judges requests by them.
//!
//! Features: `client` (default) is the HTTP client and everything a call needs; without it only
//! what the generated types need is built (serde, serde_json and chrono). `mock` adds the mock
//! server, on wiremock.

// Errors carry the response headers so that callers can read rate limits and trace ids off a
// failure; successes carry them too (`ResponseValue`), so a boxed error would not make `Result`
// smaller where it matters.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

#[cfg(feature = "client")]
mod auth;
#[cfg(feature = "client")]
mod base_url;
#[cfg(feature = "client")]
mod builder;
#[cfg(feature = "client")]
mod call;
#[cfg(feature = "client")]
mod client;
#[cfg(feature = "client")]
mod deadline;
#[cfg(feature = "client")]
mod error;
#[cfg(feature = "mock")]
pub mod mock;
#[cfg(feature = "client")]
mod oauth;
#[cfg(feature = "client")]
mod pacing;
pub mod path_template;
#[cfg(feature = "client")]
mod preview;
#[cfg(feature = "client")]
mod rate_limit;
#[cfg(feature = "client")]
mod refreshing;
#[cfg(feature = "client")]
mod retry;
#[cfg(feature = "client")]
mod styles;
#[cfg(feature = "client")]
mod support;
mod types;
pub mod values;

pub use types::*;

#[cfg(feature = "client")]
pub use {
    auth::{AccessToken, AuthError, BoxFuture, TokenSource},
    base_url::BuildError,
    builder::ClientBuilder,
    client::{Client, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT},
    error::{Error, ErrorResponseValue, RawResponse},
    oauth::{
        FileStore, LocationToken, MemoryStore, OAuthApp, OAuthTokens, StoreLock, StoredTokens, TokenStore,
        DEFAULT_OAUTH_BASE_URL, DEFAULT_RENEW_BEFORE,
    },
    pacing::LimitSpent,
    progenitor_client::ResponseValue,
    rate_limit::{RateLimit, RateLimitExt},
    refreshing::RefreshingToken,
    retry::{retry_after, RetryPolicy},
    styles::*,
    support::*,
};

/// The HTTP crates the generated code names (`reqwest::Method`, `bytes::Bytes`), re-exported so
/// that a generated crate needs no dependency on them of its own, and always at the version this
/// runtime was built with.
#[cfg(feature = "client")]
pub use {bytes, reqwest};
