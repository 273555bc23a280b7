//! Everything after `lower`: each generated file's tokens, built with `quote!` from the model (one
//! module per file), the rustdoc sentences (`docs`), and a new crate's own files (`scaffold`).
//! Only prettyplease, in `write`, lays out text.

pub mod client;
pub mod examples;
pub mod imports;
pub mod mock;
pub mod operations;
pub mod prose;
pub mod scaffold;
pub mod sentences;
pub mod signature;
pub mod tokens;
pub mod types;
