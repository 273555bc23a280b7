//! The generated mock for what our spec lacks: an error variant of a status range answers with
//! its own status, and a `oneOf` request body is checked member by member
//! (`cargo test -p fixture-client --features mock`).
#![cfg(feature = "mock")]

use fixture_client::mock::MockServer;
use fixture_client::{types, AddPetError, Client, Error, RetryPolicy};

fn client(server: &MockServer) -> Client {
    Client::builder(server.token()).base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap()
}

#[tokio::test]
async fn a_range_error_answers_with_the_status_it_carries() {
    let server = MockServer::start().await;
    let body = types::Problem { message: Some("down".into()) };
    server.add_pet().times(1).error(&AddPetError::ServerError { status: 503, body }).await;
    let pet = types::Pet::Cat(types::Cat::new("Tom".into(), "cat".into()));
    let error = client(&server).add_pet(&pet).await.unwrap_err();
    let Error::ErrorResponse(response) = &error else { panic!("{error:?}") };
    assert_eq!(response.status(), 503);
    assert!(matches!(&**response, AddPetError::ServerError { status: 503, .. }), "{error:?}");
    let sent = server.add_pet().received().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body, Some(pet));
}

#[tokio::test]
async fn a_body_that_fits_no_member_of_a_one_of_is_a_violation() {
    let server = MockServer::start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/pets", server.uri()))
        .header("Authorization", format!("Bearer {}", server.token()))
        .header("Content-Type", "application/json")
        .body(r#"{"petType": 7}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let found = server.take_violations();
    assert!(found.iter().any(|v| v.contains("`body`") && v.contains("one of the documented shapes")), "{found:?}");
}
