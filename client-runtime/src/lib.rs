//! The runtime of every client the generator writes, as `progenitor-client` is to progenitor's
//! output. It knows no generated item: base URLs, operation metadata and the mock's tables are
//! passed in by the generated code, which names this crate by its path (`::client_runtime::X`).
//!
//! [`values`] (which JSON values a type or format accepts) and [`path_template`] build without
//! default features, on serde_json and chrono alone: `cargo xtask lint` judges the spec by them,
//! and the mock server judges requests by them.

pub mod path_template;
pub mod values;
