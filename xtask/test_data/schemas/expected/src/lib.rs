//! A client for Schemas fixture (version 1).
//!
//! The types and methods are generated from `xtask/test_data/schemas/spec.yaml` by `cargo xtask codegen`, which writes only `src/generated/` and `api.txt`: this file is yours to edit.
//!
//! The spec names no server: give one with `Client::builder(..).base_url(..)`.
//!
//! ```no_run
//! let client = fixture_schemas::Client::new("token");
//! println!("{}", client.base_url());
//! ```
#![allow(clippy::result_large_err)]

#[rustfmt::skip]
mod generated;

pub use generated::*;

#[cfg(feature = "client")]
pub use client_runtime::{retry_after, RateLimit, RateLimitExt, RetryPolicy};

#[cfg(feature = "client")]
pub use client_runtime::{AccessToken, AuthError, RefreshingToken, TokenSource};

#[cfg(feature = "client")]
pub use client_runtime::{Error, ErrorResponseValue, RawResponse, ResponseValue};

/// A mock server for tests (feature `mock`), with one typed stub per operation.
#[cfg(feature = "mock")]
pub mod mock {
    pub use crate::generated::mock::MockServer;
    pub use client_runtime::mock::{Answer, Binary, MockError, Received, Stub, Text};
}
