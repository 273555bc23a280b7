//! The workspace's maintenance tasks as a library, so that tests can run the generator in memory.

pub mod codegen;
pub mod corpus;
