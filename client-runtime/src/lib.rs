//! The runtime of every client the generator writes, as `progenitor-client` is to progenitor's
//! output. It knows no generated item: base URLs, operation metadata and the mock's tables are
//! passed in by the generated code, which names this crate by its path (`::client_runtime::X`).
