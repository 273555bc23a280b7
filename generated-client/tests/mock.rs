//! The mock server's checks, each caught on its own and a well-formed request passing, over real
//! HTTP on 127.0.0.1 (`cargo test -p generated-client --features mock`).
#![cfg(feature = "mock")]

use std::time::Duration;

use generated_client::mock::MockServer;
use generated_client::{types, Error, RetryPolicy};

/// A request sent by hand and the violation it must be named by: method, path, headers, body and
/// the expected text.
type Case<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, &'a str, &'a str);

const PATH: &str = "/social-media-posting/oauth/loc/instagram/accounts/acc";

/// Sends a request by hand, as code on another HTTP stack would; returns the status.
async fn send(server: &MockServer, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> u16 {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new().request(method, format!("{}{path}", server.uri()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(body.to_string()).send().await.unwrap().status().as_u16()
}

fn good_headers(server: &MockServer) -> Vec<(&'static str, String)> {
    vec![("Authorization", format!("Bearer {}", server.token())), ("Version", "2021-07-28".into())]
}

#[tokio::test]
async fn a_well_formed_request_reaches_its_stub_without_violations() {
    let server = MockServer::start().await;
    server.attach_instagram_professional_accounts().times(1).example().await;
    let body = types::AttachIgAccountDto::new("page".into());
    let attached = server.client().attach_instagram_professional_accounts("loc", "acc", &body).await.unwrap();
    assert_eq!(attached.status(), 201);
    assert!(server.violations().is_empty());
}

#[tokio::test]
async fn each_kind_of_violation_is_named() {
    let server = MockServer::start().await;
    let headers = good_headers(&server);
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut all: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        all.extend_from_slice(extra);
        all
    };
    let json = [("Content-Type", "application/json")];
    let cases: Vec<Case<'_>> = vec![
        (
            "POST",
            PATH,
            with(&[("Content-Type", "text/plain")]),
            r#"{"pageId":"p"}"#,
            "`Content-Type` is \"text/plain\"",
        ),
        ("POST", PATH, with(&json), r#"{"pageId":7}"#, "`body.pageId` is 7; the spec expects a string"),
        ("POST", PATH, with(&json), "not json", "the body is not JSON"),
        ("DELETE", PATH, with(&[]), "", "the spec allows only"),
        ("GET", "/nowhere", with(&[]), "", "no operation of the spec matches GET /nowhere"),
        ("GET", PATH, vec![("Version", "2021-07-28")], "", "`Authorization: Bearer` token is missing"),
        ("GET", PATH, vec![("Authorization", "Bearer mock-token")], "", "required header `Version` is missing"),
    ];
    for (method, path, headers, body, expected) in cases {
        assert_eq!(send(&server, method, path, &headers, body).await, 400, "{expected}");
        let found = server.take_violations();
        assert!(found.iter().any(|v| v.contains(expected)), "expected {expected:?} in {found:?}");
    }
}

#[tokio::test]
async fn the_bearer_scheme_is_accepted_in_any_case_but_not_a_wrong_token() {
    let server = MockServer::start().await;
    server.get_instagram_professional_accounts().example().await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let authorization = format!("{scheme} {}", server.token());
        let headers = [("Authorization", authorization.as_str()), ("Version", "2021-07-28")];
        assert_eq!(send(&server, "GET", PATH, &headers, "").await, 200, "{scheme}");
    }
    assert!(server.take_violations().is_empty());
    let wrong = [("Authorization", "bearer not-the-token"), ("Version", "2021-07-28")];
    assert_eq!(send(&server, "GET", PATH, &wrong, "").await, 400);
    let found = server.take_violations();
    assert!(found.iter().any(|v| v.contains("not `Bearer` with the mock server's token")), "{found:?}");
}

#[tokio::test]
async fn a_violation_answers_a_400_the_client_reads_as_a_bad_request() {
    let server = MockServer::start().await;
    let client = generated_client::Client::builder("wrong").base_url(server.uri()).build().unwrap();
    let error = client.get_instagram_professional_accounts("loc", "acc").await.unwrap_err();
    let Error::ErrorResponse(response) = &error else { panic!("{error:?}") };
    assert_eq!(response.status(), 400);
    assert!(response.raw().text().contains("Authorization"), "{:?}", response.raw());
    assert_eq!(server.take_violations().len(), 1);
}

#[tokio::test]
async fn status_delay_times_and_path_params_shape_the_answers() {
    let server = MockServer::start().await;
    // Matched on another account: this request keeps the spec but has no stub, so a 404.
    server.get_instagram_professional_accounts().path_param("accountId", "other").times(0).example().await;
    let client = server.client();
    let error = client.get_instagram_professional_accounts("loc", "acc").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));

    let retried = MockServer::start().await;
    retried.get_instagram_professional_accounts().times(3).delay(Duration::from_millis(5)).status(503).await;
    let client = generated_client::Client::builder(retried.token())
        .base_url(retried.uri())
        .retry(RetryPolicy::default().max_retries(2).initial_backoff(Duration::from_millis(1)))
        .build()
        .unwrap();
    let error = client.get_instagram_professional_accounts("loc", "acc").await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(retried.violations().is_empty() && server.violations().is_empty());
}
