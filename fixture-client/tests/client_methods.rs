//! Operations named like the methods every generated `Client` and `MockServer` has (`new`,
//! `builder`, `base_url`, `clone`, `client`, `start`, `uri`, `verify`, ...): the crate compiles, the
//! `Client`'s own methods keep their meaning, and each operation's method reaches its own path.

use fixture_client_methods::mock::MockServer;
use fixture_client_methods::{Client, Error, ResponseValue};

/// The status a call ended with, whether the spec documents it or not.
fn status<E>(result: Result<ResponseValue<()>, Error<E>>) -> Option<u16> {
    match result {
        Ok(response) => Some(response.status().as_u16()),
        Err(error) => error.status().map(|s| s.as_u16()),
    }
}

#[tokio::test]
async fn every_operation_reaches_its_own_path_beside_the_clients_own_methods() {
    let server = MockServer::start().await;
    let client: Client = server.client();
    // The constructors and accessors are the client's, not operations.
    assert_eq!(client.base_url(), server.uri());
    assert_eq!(Client::new("t").base_url(), fixture_client_methods::DEFAULT_BASE_URL);
    let clone = client.clone();

    // Each path's stub answers a status of its own, so a call that reached another path shows.
    server.new_2_2().times(1).status(231).await;
    server.new_2().times(1).status(232).await;
    server.builder_2().times(1).status(233).await;
    server.builder_with_token_source_2().times(1).status(234).await;
    server.base_url_2().times(1).status(235).await;
    server.clone_2().times(1).status(236).await;
    server.fmt_2().times(1).status(237).await;
    server.client_2().times(1).status(238).await;
    server.start_2().times(1).status(239).await;
    server.uri_2().times(1).status(240).await;
    server.verify_2().times(1).status(241).await;

    let statuses = [
        status(clone.new_2_2().await),
        status(clone.new_2().await),
        status(client.builder_2().await),
        status(client.builder_with_token_source_2().await),
        status(client.base_url_2().await),
        status(client.clone_2().await),
        status(client.fmt_2().await),
        status(client.client_2().await),
        status(client.start_2().await),
        status(client.uri_2().await),
        status(client.verify_2().await),
    ];
    let expected: Vec<Option<u16>> = (231..=241).map(Some).collect();
    assert_eq!(statuses.to_vec(), expected);
    server.verify();
}

/// Which path each renamed operation has, read off the generated contract: `new` is the spec's
/// `/new`, and the spec's own `new_2` keeps a name of its own.
#[test]
fn renamed_operations_keep_their_paths_in_the_docs() {
    let operations = include_str!("../../xtask/test_data/client-methods/expected/src/generated/operations.rs");
    let sends = |method: &str| {
        let at = operations.find(&format!("pub async fn {method}(")).expect("the method exists");
        let before = &operations[..at];
        let line = before.rfind("/// Sends `GET ").expect("the method says what it sends");
        before[line..].lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(sends("new_2_2"), "/// Sends `GET /new`.");
    assert_eq!(sends("new_2"), "/// Sends `GET /new-2`.");
    assert_eq!(sends("base_url_2"), "/// Sends `GET /base-url`.");
}
