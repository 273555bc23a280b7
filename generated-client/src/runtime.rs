//! The one path the generated code names, `crate::runtime::X`: what the types need
//! (`types_runtime.rs`) always, and what the client methods need (`client_runtime.rs`, and
//! `style_runtime.rs` for parameters) with the `client` feature, so that the generator writes the
//! same paths for either build.

// A spec whose types need no runtime support (no enums, no parameters) uses nothing from it.
#[allow(unused_imports)]
pub use crate::types_runtime::*;

#[cfg(feature = "client")]
pub use crate::client_runtime::*;
// A spec without parameters beyond simple path segments and headers uses none of it.
#[cfg(feature = "client")]
#[allow(unused_imports)]
pub use crate::style_runtime::*;
