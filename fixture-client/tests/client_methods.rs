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

/// The spec's path of each operation, by its method's name.
const PATHS: [&str; 11] = [
    "/new",
    "/new-2",
    "/builder",
    "/builder-with-token-source",
    "/base-url",
    "/clone",
    "/fmt",
    "/client",
    "/start",
    "/uri",
    "/verify",
];

/// Calls every operation once, in the order of `PATHS`, and gives the status of each.
async fn call_all(client: &Client) -> Vec<Option<u16>> {
    let clone = client.clone();
    vec![
        status(clone.new_2().await),
        status(clone.new_2_2().await),
        status(client.builder_2().await),
        status(client.builder_with_token_source_2().await),
        status(client.base_url_2().await),
        status(client.clone_2().await),
        status(client.fmt_2().await),
        status(client.client_2().await),
        status(client.start_2().await),
        status(client.uri_2().await),
        status(client.verify_2().await),
    ]
}

/// A plain server answers each of the spec's paths with a status of its own, so a method that
/// reached another path shows.
#[tokio::test]
async fn every_operation_reaches_its_own_path_beside_the_clients_own_methods() {
    let server = wiremock::MockServer::start().await;
    for (i, path) in PATHS.iter().enumerate() {
        wiremock::Mock::given(wiremock::matchers::path(*path))
            .respond_with(wiremock::ResponseTemplate::new(231 + i as u16))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::builder("t").base_url(server.uri()).build().unwrap();
    // The constructors and accessors are the client's, not operations.
    assert_eq!(client.base_url(), server.uri());
    assert_eq!(Client::new("t").base_url(), fixture_client_methods::DEFAULT_BASE_URL);
    let expected: Vec<Option<u16>> = (231..=241).map(Some).collect();
    assert_eq!(call_all(&client).await, expected);
}

/// The generated mock's `start`, `client`, `uri` and `verify` are the server's, and each
/// operation's stub answers its own method.
#[tokio::test]
async fn the_mock_servers_own_methods_keep_their_meaning() {
    let server = MockServer::start().await;
    let client: Client = server.client();
    assert_eq!(client.base_url(), server.uri());
    server.new_2().times(1).ok(&()).await;
    server.new_2_2().times(1).ok(&()).await;
    server.builder_2().times(1).ok(&()).await;
    server.builder_with_token_source_2().times(1).ok(&()).await;
    server.base_url_2().times(1).ok(&()).await;
    server.clone_2().times(1).ok(&()).await;
    server.fmt_2().times(1).ok(&()).await;
    server.client_2().times(1).ok(&()).await;
    server.start_2().times(1).ok(&()).await;
    server.uri_2().times(1).ok(&()).await;
    server.verify_2().times(1).ok(&()).await;
    assert_eq!(call_all(&client).await, vec![Some(204); 11]);
    server.verify();
}

/// Which path each renamed method sends to, read off its docs: the spec's `new` is `new_2`, and
/// the spec's own `new_2`, claimed after it, is `new_2_2`.
#[test]
fn renamed_operations_keep_their_paths_in_the_docs() {
    let operations = include_str!("../../xtask/test_data/client-methods/expected/src/generated/operations.rs");
    let sends = |method: &str| {
        let at = operations.find(&format!("pub async fn {method}(")).expect("the method exists");
        let before = &operations[..at];
        let line = before.rfind("/// Sends `GET ").expect("the method says what it sends");
        before[line..].lines().next().unwrap_or_default().to_string()
    };
    assert_eq!(sends("new_2"), "/// Sends `GET /new`.");
    assert_eq!(sends("new_2_2"), "/// Sends `GET /new-2`.");
    assert_eq!(sends("base_url_2"), "/// Sends `GET /base-url`.");
}
