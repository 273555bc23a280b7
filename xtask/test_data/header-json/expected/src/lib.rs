//! A client for Header JSON fixture (version 1).
//!
//! The only parameter with a style is a header holding an array of objects, which the client sends as JSON text: operations.rs must import what that writes (`ParamValue`) and nothing else, so that the generated crate compiles without an unused import.
//!
//! The types and methods are generated from `xtask/test_data/header-json/spec.yaml` by `cargo xtask codegen`, which writes only `src/generated/` and `api.txt`: this file is yours to edit.
//!
//! Requests go to `https://api.example.test` unless the builder says otherwise.
//!
//! ```no_run
//! let client = fixture_header_json::Client::new("token");
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
