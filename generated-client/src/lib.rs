//! A typed Rust client for HighLevel's (LeadConnector) Social Planner API: the Instagram
//! Professional Accounts of a Sub-Account.
//!
//! The types and methods are generated from `spec/social-planner.yaml` by `cargo xtask codegen`;
//! this file and the runtime beside it are written by hand.
//!
//! # Quick start
//!
//! ```no_run
//! use generated_client::{types, Client, Error, GetInstagramProfessionalAccountsError};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // An OAuth access token or a Private Integration Token of the Sub-Account.
//! let client = Client::new(std::env::var("HIGHLEVEL_TOKEN")?);
//!
//! match client.get_instagram_professional_accounts("w37swmmLbA02zgqKPpxITe2", "w37swmmLbA02zgqKPpxITe").await {
//!     Ok(response) => {
//!         for account in response.results.iter().flat_map(|r| r.accounts.iter().flatten()) {
//!             println!("{:?} connected: {:?}", account.name, account.is_connected);
//!         }
//!     }
//!     Err(Error::ErrorResponse(error)) => match error.into_inner() {
//!         GetInstagramProfessionalAccountsError::Unauthorized(body) => eprintln!("token rejected: {:?}", body.message),
//!         other => eprintln!("HighLevel answered {}: {other:?}", other.status()),
//!     },
//!     Err(other) => eprintln!("{other}"),
//! }
//!
//! let attached = client
//!     .attach_instagram_professional_accounts(
//!         "w37swmmLbA02zgqKPpxITe2",
//!         "w37swmmLbA02zgqKPpxITe",
//!         &types::AttachIgAccountDto {
//!             name: Some("JOHN_DEO".into()),
//!             ..types::AttachIgAccountDto::new("234234234242sd".into())
//!         },
//!     )
//!     .await?;
//! println!("{}", attached.message);
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! Every method returns [`Error`]. A documented error status (400, 401, 422) is
//! [`Error::ErrorResponse`] holding the operation's error enum, whose variant follows the status
//! code. Any other status is [`Error::UnexpectedStatus`], and a body that does not match its schema
//! is [`Error::InvalidResponsePayload`]; both keep the status, the headers and the raw body.

// Errors carry the response headers so that callers can read rate limits and trace ids off a
// failure; successes carry them too (`ResponseValue`), so a boxed error would not make `Result`
// smaller where it matters.
#![allow(clippy::result_large_err)]
#![warn(missing_docs)]

mod client;
mod error;
// Some runtime pieces serve only specs that use them (form bodies, header parameters), and the
// operation metadata is there for whoever reads it; neither is dead for every spec.
#[allow(dead_code)]
mod runtime;

#[rustfmt::skip]
mod generated;

pub use client::{Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use error::{Error, RawResponse};
pub use generated::operations::*;
pub use generated::types;
pub use progenitor_client::ResponseValue;
/// Multipart request bodies: operations that upload files take a [`multipart::Form`].
pub use reqwest::multipart;
