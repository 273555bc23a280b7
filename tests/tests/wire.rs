//! Both operations over real HTTP against a mock server on 127.0.0.1: what goes on the wire, and how
//! every documented and undocumented answer comes back.

use generated_client::{
    types, AttachInstagramProfessionalAccountsError as AttachError, Client, Error,
    GetInstagramProfessionalAccountsError as GetError, RetryPolicy,
};
use tests::{request_example, response_example, spec};
use types::ErrorMessage;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "test-token-6f1d";
const LOCATION: &str = "w37swmmLbA02zgqKPpxITe2";
const ACCOUNT: &str = "w37swmmLbA02zgqKPpxITe";
const PATH: &str = "/social-media-posting/oauth/w37swmmLbA02zgqKPpxITe2/instagram/accounts/w37swmmLbA02zgqKPpxITe";

/// Retries are off here so that each answer is seen once; `resilience.rs` tests them.
fn client(server: &MockServer) -> Client {
    Client::builder(TOKEN).base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client builds")
}

fn json(body: &serde_json::Value, status: u16) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json")
}

/// Checks the headers every request must carry.
fn assert_common_headers(request: &Request) {
    let get = |name: &str| request.headers.get(name).map(|v| v.to_str().unwrap().to_string());
    assert_eq!(get("authorization").as_deref(), Some("Bearer test-token-6f1d"));
    assert_eq!(get("version").as_deref(), Some("2021-07-28"));
    assert_eq!(get("accept").as_deref(), Some("application/json"));
}

#[tokio::test]
async fn get_sends_the_documented_request_and_types_the_success_body() {
    let spec = spec();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(json(&response_example(&spec, "get", "200"), 200))
        .expect(1)
        .mount(&server)
        .await;

    let response = client(&server).get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.success);
    assert_eq!(response.status_code, 200);
    assert_eq!(response.message, "Fetched Instagram Account");
    let accounts = response.results.as_ref().unwrap().accounts.as_ref().unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].id.as_deref(), Some("idu37swmmLbA02zgqKPpxITe2"));
    assert_eq!(accounts[0].page_id.as_deref(), Some("pidu37swmmLbA02zgqKPpxITe2"));
    assert_eq!(accounts[0].is_connected, Some(true));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method.as_str(), "GET");
    assert_eq!(requests[0].url.path(), PATH);
    assert_eq!(requests[0].url.query(), None);
    assert_common_headers(&requests[0]);
    assert!(requests[0].body.is_empty());
    assert!(requests[0].headers.get("content-type").is_none());
}

#[tokio::test]
async fn post_sends_the_body_as_json_and_types_the_created_account() {
    let spec = spec();
    let server = MockServer::start().await;
    let expected_body = request_example(&spec, "post");
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(json(&response_example(&spec, "post", "201"), 201))
        .expect(1)
        .mount(&server)
        .await;

    let body: types::AttachIgAccountDto = serde_json::from_value(expected_body.clone()).unwrap();
    assert_eq!(body.page_id, "234234234242sd");
    let response = client(&server).attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body).await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.status_code, 201);
    let account = response.results.as_ref().unwrap();
    assert_eq!(account.id.as_deref(), Some("65f2d989a4f2f1e5322c3856"));
    assert_eq!(account.platform.as_deref(), Some("instagram"));
    assert_eq!(account.type_.as_deref(), Some("profile"));
    assert_eq!(account.meta.as_ref().unwrap()["isVerified"], "true");
    assert_eq!(account.meta.as_ref().unwrap()["verified"], true);
    assert_eq!(account.created_at.unwrap().to_rfc3339(), "2024-03-14T11:03:37.015+00:00");

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_common_headers(&requests[0]);
    let sent: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(sent, expected_body);
}

#[tokio::test]
async fn a_body_with_only_the_required_field_sends_only_that_field() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_json(serde_json::json!({"pageId": "p1"})))
        .respond_with(json(&response_example(&spec(), "post", "201"), 201))
        .expect(1)
        .mount(&server)
        .await;
    let body = types::AttachIgAccountDto::new("p1".into());
    client(&server).attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body).await.unwrap();
}

/// Each documented error status comes back as its own variant, chosen by the status code even
/// where the bodies would fit several variants.
#[tokio::test]
async fn documented_error_statuses_come_back_as_their_variants() {
    let spec = spec();
    for status in [400u16, 401, 422] {
        let server = MockServer::start().await;
        let body = response_example(&spec, "get", &status.to_string());
        Mock::given(method("GET")).respond_with(json(&body, status)).mount(&server).await;
        Mock::given(method("POST")).respond_with(json(&body, status)).mount(&server).await;
        let client = client(&server);

        let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(!error.is_retryable());
        let Error::ErrorResponse(value) = error else { panic!("{status}: {error:?}") };
        match (status, value.into_inner()) {
            (400, GetError::BadRequest(b)) => assert_eq!(b.message, Some(ErrorMessage::String("Bad Request".into()))),
            (401, GetError::Unauthorized(b)) => assert_eq!(b.error.as_deref(), Some("Unauthorized")),
            (422, GetError::UnprocessableEntity(b)) => {
                assert_eq!(b.message, Some(ErrorMessage::StringList(vec!["Unprocessable Entity".to_string()])))
            }
            (status, other) => panic!("{status} came back as {other:?}"),
        }

        let body = types::AttachIgAccountDto::new("p".into());
        let error = client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body).await.unwrap_err();
        let Error::ErrorResponse(value) = error else { panic!("{status}: {error:?}") };
        assert_eq!(value.status(), status);
        let variant = value.into_inner();
        assert_eq!(variant.status(), status);
        assert!(matches!(
            (status, variant),
            (400, AttachError::BadRequest(_))
                | (401, AttachError::Unauthorized(_))
                | (422, AttachError::UnprocessableEntity(_))
        ));
    }
}

/// Real error bodies differ from the documented ones: a 401 without `error`, a 400 with `traceId`.
#[tokio::test]
async fn real_world_error_bodies_still_parse() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(&serde_json::json!({"statusCode": 401, "message": "Invalid JWT"}), 401))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json(&serde_json::json!({"statusCode": 400, "message": "bad", "traceId": "t-1"}), 400))
        .mount(&server)
        .await;
    let client = client(&server);
    match client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await {
        Err(Error::ErrorResponse(v)) => match v.into_inner() {
            GetError::Unauthorized(b) => {
                assert_eq!(b.message.as_deref(), Some("Invalid JWT"));
                assert_eq!(b.error, None);
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    let body = types::AttachIgAccountDto::new("p".into());
    match client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body).await {
        Err(Error::ErrorResponse(v)) => {
            assert!(
                matches!(v.into_inner(), AttachError::BadRequest(b) if b.message == Some(ErrorMessage::String("bad".into())))
            )
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_undocumented_status_with_html_keeps_status_and_body() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(html, "text/html"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server).get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(error.is_retryable());
    let Error::UnexpectedStatus(response) = &error else { panic!("{error:?}") };
    assert_eq!(response.status(), 500);
    assert_eq!(response.text(), html);
    assert_eq!(response.headers()["content-type"], "text/html");
    let shown = error.to_string();
    assert!(shown.contains("500") && shown.contains("Bad Gateway"), "{shown}");
}

#[tokio::test]
async fn a_success_with_truncated_json_keeps_status_and_body() {
    let server = MockServer::start().await;
    let truncated = r#"{"success": true, "statusCode": 200, "message": "Fetched Instagram Acc"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(truncated, "application/json"))
        .mount(&server)
        .await;
    let error = client(&server).get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    let Error::InvalidResponsePayload { response, source } = &error else { panic!("{error:?}") };
    assert_eq!(response.status(), 200);
    assert_eq!(response.text(), truncated);
    assert!(source.is_eof(), "{source}");
    let shown = error.to_string();
    assert!(shown.contains("status 200") && shown.contains("does not match"), "{shown}");
}

#[tokio::test]
async fn a_success_missing_a_required_field_names_the_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(&serde_json::json!({"success": true, "statusCode": 200}), 200))
        .mount(&server)
        .await;
    let error = client(&server).get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    let Error::InvalidResponsePayload { source, .. } = &error else { panic!("{error:?}") };
    assert!(source.to_string().contains("missing field `message`"), "{source}");
}

#[tokio::test]
async fn path_parameters_are_encoded_as_one_segment_and_bad_ones_never_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(json(&response_example(&spec(), "get", "200"), 200)).mount(&server).await;
    let client = client(&server);
    client.get_instagram_professional_accounts("a/b?c=1#d", "é x").await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.path(), "/social-media-posting/oauth/a%2Fb%3Fc%3D1%23d/instagram/accounts/%C3%A9%20x");
    assert_eq!(requests[0].url.query(), None);

    for bad in ["", ".", "..", "%2e%2e"] {
        let error = client.get_instagram_professional_accounts(bad, ACCOUNT).await.unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{bad:?}: {error:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "refused requests must not be sent");
}

#[tokio::test]
async fn a_token_with_a_line_break_is_refused_before_sending_and_never_shown() {
    let server = MockServer::start().await;
    let client = Client::builder("secret\r\nX-Injected: 1").base_url(server.uri()).build().unwrap();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(!error.to_string().contains("secret") && !format!("{error:?}").contains("secret"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_token_never_shows_in_debug_output() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503).set_body_string("later")).mount(&server).await;
    let builder = Client::builder(TOKEN).base_url(server.uri()).retry(RetryPolicy::none());
    assert!(!format!("{builder:?}").contains(TOKEN));
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains(TOKEN) && shown.contains("<redacted>"), "{shown}");
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(!format!("{error:?}").contains(TOKEN) && !error.to_string().contains(TOKEN));
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_typed_error() {
    let server = MockServer::start().await;
    let big = format!(r#"{{"success":true,"statusCode":200,"message":"{}"}}"#, "x".repeat(4096));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder(TOKEN).base_url(server.uri()).max_response_bytes(1024).build().unwrap();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 1024, .. }), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn your_own_reqwest_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("user-agent", "my-service/1.0"))
        .respond_with(json(&response_example(&spec(), "get", "200"), 200))
        .expect(1)
        .mount(&server)
        .await;
    let http = reqwest::Client::builder().user_agent("my-service/1.0").build().unwrap();
    let client = Client::builder(TOKEN).base_url(format!("{}/", server.uri())).http_client(http).build().unwrap();
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
}
