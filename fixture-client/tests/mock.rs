//! The generated mock for what our spec lacks: an error variant of a status range answers with
//! its own status, a `oneOf` request body is checked member by member, and text and binary
//! success bodies are answered as given (`cargo test -p fixture-client --features mock`).
#![cfg(feature = "mock")]

use fixture_unions::mock::MockServer;
use fixture_unions::{types, AddPetError, Client, Error, RetryPolicy};

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

/// The `bodies` fixture's stubs answer text and bytes as given, under the documented media type
/// (`application/octet-stream` for `*/*`), and JSON as before.
#[tokio::test]
async fn text_and_binary_stubs_answer_under_their_media_type() {
    let server = fixture_bodies::mock::MockServer::start().await;
    let client = fixture_bodies::Client::builder(server.token())
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    server.echo_text().times(1).ok("stubbed ✓\n").await;
    let text = client.echo_text("sent".into()).await.expect("the stub answers");
    assert_eq!(text.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(text.into_inner(), "stubbed ✓\n");

    server.get_image().times(1).ok(&[0xFF, 0xD8, 0x00]).await;
    let image = client.get_image("i1").await.expect("the stub answers");
    assert_eq!(image.headers()["content-type"], "image/jpeg");
    assert_eq!(image.into_inner().as_ref(), [0xFF, 0xD8, 0x00]);

    server.download_file().times(1).ok(b"\x00\x01").await;
    let file = client.download_file("f").await.expect("the stub answers");
    assert_eq!(file.headers()["content-type"], "application/octet-stream");
    assert_eq!(file.into_inner().as_ref(), b"\x00\x01");

    let note = fixture_bodies::types::Note::new("JSON".into());
    server.echo_json().times(1).ok(&note).await;
    assert_eq!(client.echo_json(&note).await.expect("the stub answers").into_inner(), note);
}
