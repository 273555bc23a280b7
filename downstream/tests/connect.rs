//! `connect_first_account` against the spec-checking mock: success, a rejected token, refused ids,
//! and requests that break the spec caught with the violation named.

use downstream::{connect_first_account, Outcome};
use generated_client::mock::MockServer;
use generated_client::types::{ErrorMessage, UnauthorizedDto, UnprocessableDto};
use generated_client::{
    AttachInstagramProfessionalAccountsError as AttachError, GetInstagramProfessionalAccountsError as GetError,
};

const LOCATION: &str = "loc-1";
const ACCOUNT: &str = "acc-1";
const PATH: &str = "/social-media-posting/oauth/loc-1/instagram/accounts/acc-1";

#[tokio::test]
async fn attaches_the_first_unconnected_account() {
    let server = MockServer::start().await;
    let mut listed: serde_json::Value = serde_json::from_str(include_str!("listed.json")).expect("the fixture is JSON");
    listed["results"]["accounts"][0]["isConnected"] = false.into();
    server.get_instagram_professional_accounts().path_param("locationId", LOCATION).times(1).json(200, listed).await;
    let attach = server.attach_instagram_professional_accounts();
    attach.times(1).example().await;

    let outcome = connect_first_account(&server.client(), LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(outcome, Outcome::Attached { page_id: "pidu37swmmLbA02zgqKPpxITe2".into() });
    let sent = server.attach_instagram_professional_accounts().received().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body.as_ref().map(|b| b.page_id.as_str()), Some("pidu37swmmLbA02zgqKPpxITe2"));
    assert_eq!(sent[0].path_params["accountId"], ACCOUNT);
}

#[tokio::test]
async fn a_connected_account_is_not_attached_again() {
    let server = MockServer::start().await;
    server.get_instagram_professional_accounts().example().await;
    server.attach_instagram_professional_accounts().times(0).example().await;
    let outcome = connect_first_account(&server.client(), LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(outcome, Outcome::NothingToAttach);
}

#[tokio::test]
async fn a_rejected_token_asks_to_sign_in_again() {
    let server = MockServer::start().await;
    let body = UnauthorizedDto { message: Some("Invalid JWT".into()), ..Default::default() };
    server.get_instagram_professional_accounts().error(&GetError::Unauthorized(body)).await;
    let outcome = connect_first_account(&server.client(), LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(outcome, Outcome::SignInAgain);
}

#[tokio::test]
async fn refused_ids_come_back_with_the_messages() {
    let server = MockServer::start().await;
    let mut listed: serde_json::Value = serde_json::from_str(include_str!("listed.json")).unwrap();
    listed["results"]["accounts"][0]["isConnected"] = false.into();
    server.get_instagram_professional_accounts().json(200, listed).await;
    let message = Some(ErrorMessage::String("pageId is not an Instagram page".into()));
    let body = UnprocessableDto { message, ..Default::default() };
    server.attach_instagram_professional_accounts().error(&AttachError::UnprocessableEntity(body)).await;
    let outcome = connect_first_account(&server.client(), LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(outcome, Outcome::Refused(vec!["pageId is not an Instagram page".into()]));
}

/// Code on another HTTP stack that forgets `pageId` and sends an old `Version`: the mock answers
/// 400 with each violation named, and would fail the test when dropped.
#[tokio::test]
async fn a_request_that_breaks_the_spec_is_caught_with_the_violation_named() {
    let server = MockServer::start().await;
    server.attach_instagram_professional_accounts().times(0).example().await;
    let response = reqwest::Client::new()
        .post(format!("{}{PATH}", server.uri()))
        .header("Authorization", format!("Bearer {}", server.token()))
        .header("Version", "2021-04-15")
        .header("Content-Type", "application/json")
        .body(r#"{"name":"JOHN_DEO"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let found = server.take_violations();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().any(|v| v.contains("`Version` is \"2021-04-15\"") && v.contains("2021-07-28")), "{found:?}");
    assert!(found.iter().any(|v| v.contains("`body.pageId` is required but missing")), "{found:?}");
}

#[tokio::test]
#[should_panic(expected = "the `Authorization` header is not `Bearer` with the mock server's token")]
async fn a_wrong_token_fails_the_test_at_the_end() {
    let server = MockServer::start().await;
    server.get_instagram_professional_accounts().example().await;
    let client = generated_client::Client::builder("someone-elses-token").base_url(server.uri()).build().unwrap();
    // The mock answers 400, so the user's code sees a refusal; the drop of the server fails the test.
    let outcome = connect_first_account(&client, LOCATION, ACCOUNT).await.unwrap();
    assert!(matches!(outcome, Outcome::Refused(_)), "{outcome:?}");
}
