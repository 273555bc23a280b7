//! The `unions` fixture's generated client (with the `hygiene` and `bodies` fixtures beside it),
//! built from the snapshots the generator's tests keep equal to its output
//! (`xtask/test_data/*/expected/`) and generated-client's hand-written runtime, read from where
//! they live so that neither can drift from what is tested here.
//!
//! The checked-in client's spec has no `oneOf`, discriminator, status range, `default` response,
//! or text and binary body; this crate lets `tests/` call what the generator emits for them, over
//! HTTP where it matters.

// The runtime's own crate allows these; they are its choices, not this crate's.
#![allow(clippy::result_large_err)]

#[path = "../../generated-client/src/auth.rs"]
mod auth;
#[path = "../../generated-client/src/builder.rs"]
mod builder;
#[path = "../../generated-client/src/call.rs"]
mod call;
#[path = "../../generated-client/src/client.rs"]
mod client;
#[path = "../../generated-client/src/deadline.rs"]
mod deadline;
#[path = "../../generated-client/src/error.rs"]
mod error;
#[cfg(feature = "mock")]
#[path = "../../generated-client/src/mock_check.rs"]
mod mock_check;
#[cfg(feature = "mock")]
#[path = "../../generated-client/src/mock_runtime.rs"]
mod mock_runtime;
#[path = "../../generated-client/src/preview.rs"]
mod preview;
#[path = "../../generated-client/src/rate_limit.rs"]
mod rate_limit;
#[path = "../../generated-client/src/refreshing.rs"]
mod refreshing;
#[path = "../../generated-client/src/retry.rs"]
mod retry;
// Parts of the runtime serve only features this fixture does not use.
#[allow(dead_code)]
#[path = "../../generated-client/src/client_runtime.rs"]
mod client_runtime;
#[path = "../../generated-client/src/runtime.rs"]
mod runtime;
#[allow(dead_code)]
#[path = "../../generated-client/src/style_runtime.rs"]
mod style_runtime;
#[allow(dead_code)]
#[path = "../../generated-client/src/types_runtime.rs"]
mod types_runtime;

#[rustfmt::skip]
#[path = "../../xtask/test_data/unions/expected/mod.rs"]
mod generated;

/// The `hygiene` fixture's generated code (`xtask/test_data/hygiene/expected/`): parameters named
/// like a generated method's locals and schemas named like the prelude, on the same runtime.
// With the `mock` feature its generated mock contract is compiled too, which proves it compiles;
// the crate's one mock server serves the `unions` fixture's contracts, so this one goes unused.
#[cfg_attr(feature = "mock", allow(dead_code))]
#[rustfmt::skip]
#[path = "../../xtask/test_data/hygiene/expected/mod.rs"]
pub mod hygiene;

/// The `bodies` fixture's generated code (`xtask/test_data/bodies/expected/`): JSON, text and
/// binary request and response bodies, on the same runtime.
#[rustfmt::skip]
#[path = "../../xtask/test_data/bodies/expected/mod.rs"]
pub mod bodies;

/// The `styles` fixture's generated code (`xtask/test_data/styles/expected/`): path, query and
/// header parameters of every style OpenAPI defines, with strings, arrays and objects.
#[cfg_attr(feature = "mock", allow(dead_code))]
#[rustfmt::skip]
#[path = "../../xtask/test_data/styles/expected/mod.rs"]
pub mod styles;

pub use auth::{AccessToken, AuthError, BoxFuture, TokenSource};
pub use builder::ClientBuilder;
pub use client::Client;
pub use error::{Error, RawResponse};
pub use generated::operations::*;
pub use generated::types;
pub use progenitor_client::ResponseValue;
pub use rate_limit::{RateLimit, RateLimitExt};
pub use refreshing::RefreshingToken;
pub use reqwest::multipart;
pub use retry::{retry_after, RetryPolicy};
/// The fixture's generated mock server, as generated-client offers its own.
#[cfg(feature = "mock")]
pub mod mock {
    pub use crate::mock_runtime::{Answer, Binary, MockError, MockServer, Received, Stub, Text};

    /// A mock server for the `bodies` fixture's operations (`MockServer::start` serves the
    /// `unions` fixture's).
    pub async fn bodies_server() -> MockServer {
        MockServer::start_with(crate::bodies::mock::SPEC).await
    }
}
