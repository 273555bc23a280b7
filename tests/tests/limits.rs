//! Rate-limit headers, deadlines, redirects and the body cap, against servers on 127.0.0.1 that
//! count what they receive (the retry tests are in `resilience.rs`).

mod support;

use std::time::Duration;

use generated_client::{Error, RateLimit, RateLimitExt, RetryPolicy};
use support::{
    attach_body, client, count, fail_then, no_jitter, ok_body, Behaviour, RawServer, ACCOUNT, LOCATION, PATH, TOKEN,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn with_rate_limits(template: ResponseTemplate, remaining: &str) -> ResponseTemplate {
    template
        .insert_header("X-RateLimit-Remaining", remaining)
        .insert_header("X-RateLimit-Max", "100")
        .insert_header("X-RateLimit-Interval-Milliseconds", "10000")
        .insert_header("X-RateLimit-Limit-Daily", "200000")
        .insert_header("X-RateLimit-Daily-Remaining", "199990")
}

#[tokio::test]
async fn rate_limit_headers_are_typed_on_success_and_on_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(with_rate_limits(ok_body(), "97")).mount(&server).await;
    let body = serde_json::json!({"statusCode": 422, "message": ["bad"]}).to_string();
    let rejected = ResponseTemplate::new(422).set_body_raw(body, "application/json");
    Mock::given(method("POST")).respond_with(with_rate_limits(rejected, "96")).mount(&server).await;
    let client = client(&server.uri(), RetryPolicy::none());

    let response = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    let expected = RateLimit {
        remaining: Some(97),
        max: Some(100),
        interval: Some(Duration::from_secs(10)),
        limit_daily: Some(200_000),
        daily_remaining: Some(199_990),
    };
    assert_eq!(response.rate_limit(), expected);

    let error = client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &attach_body()).await.unwrap_err();
    assert_eq!(error.rate_limit(), Some(RateLimit { remaining: Some(96), ..expected }));
    assert_eq!(Error::<()>::InvalidRequest(String::new()).rate_limit(), None, "no response, no limits");
}

#[tokio::test]
async fn a_server_that_never_answers_gives_a_timeout_near_the_deadline() {
    let server = RawServer::start(Behaviour::NeverAnswer).await;
    let deadline = Duration::from_millis(300);
    let build = |retry| {
        generated_client::Client::builder(TOKEN).base_url(server.uri()).timeout(deadline).retry(retry).build().unwrap()
    };

    let started = std::time::Instant::now();
    let error = build(RetryPolicy::none()).get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    let took = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(matches!(error, Error::Timeout(_)));
    assert!(took >= deadline && took < deadline * 4, "{took:?}");
    assert_eq!(server.accepted(), 1);

    // A POST that timed out may have been acted on: it is not sent again, retries or not.
    let error = build(RetryPolicy::default())
        .attach_instagram_professional_accounts(LOCATION, ACCOUNT, &attach_body())
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(server.accepted(), 2);
}

/// `timeout` bounds the whole call: a GET to a server that never answers is not tried again once
/// the first try used up the deadline, where per-try timeouts would have taken three tries.
#[tokio::test]
async fn one_deadline_bounds_every_try_of_a_call() {
    let server = RawServer::start(Behaviour::NeverAnswer).await;
    let deadline = Duration::from_millis(300);
    let client = generated_client::Client::builder(TOKEN).base_url(server.uri()).timeout(deadline).build().unwrap();
    let started = std::time::Instant::now();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    let took = started.elapsed();
    assert!(error.is_timeout(), "{error:?}");
    assert!(took >= deadline && took < deadline * 3, "{took:?}");
    assert_eq!(server.accepted(), 1, "the first try used up the deadline");
}

/// No retry starts whose wait would end past the deadline: with waits of 250, 500 and 1000 ms and
/// a 1 s deadline, the tries are at 0, 250 and 750 ms, and the fourth would start at 1750 ms.
#[tokio::test]
async fn retries_stop_where_their_wait_would_pass_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503).set_body_string("busy")).mount(&server).await;
    let client = generated_client::Client::builder(TOKEN)
        .base_url(server.uri())
        .timeout(Duration::from_secs(1))
        .retry(no_jitter().max_retries(5))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(&error, Error::UnexpectedStatus(r) if r.status() == 503), "{error:?}");
    assert_eq!(count(&server).await, 3, "without the deadline, five retries would make six tries");
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
}

#[tokio::test]
async fn redirects_to_another_origin_are_not_followed_and_the_token_stays_home() {
    let elsewhere = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(ok_body()).mount(&elsewhere).await;
    // 127.0.0.1 and localhost are both loopback, but different origins.
    let elsewhere_url = format!("http://localhost:{}/stolen", elsewhere.address().port());

    let home = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(302).insert_header("location", elsewhere_url.as_str()))
        .mount(&home)
        .await;
    let error = client(&home.uri(), RetryPolicy::none())
        .get_instagram_professional_accounts(LOCATION, ACCOUNT)
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::UnexpectedStatus(r) if r.status() == 302 && r.headers()["location"] == elsewhere_url.as_str()),
        "{error:?}"
    );
    assert_eq!(count(&home).await, 1);
    assert_eq!(count(&elsewhere).await, 0, "the redirect was not followed");

    // The control: a plain client follows the same redirect, so the target was reachable.
    reqwest::get(format!("{}{PATH}", home.uri())).await.unwrap();
    assert_eq!(count(&elsewhere).await, 1);
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_with_the_token() {
    let server = MockServer::start().await;
    Mock::given(path(PATH))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/moved"))
        .mount(&server)
        .await;
    Mock::given(path("/moved")).respond_with(ok_body()).mount(&server).await;
    let response =
        client(&server.uri(), RetryPolicy::none()).get_instagram_professional_accounts(LOCATION, ACCOUNT).await;
    assert!(response.is_ok(), "{response:?}");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.iter().map(|r| r.url.path()).collect::<Vec<_>>(), [PATH, "/moved"]);
    assert_eq!(requests[1].headers["authorization"], format!("Bearer {TOKEN}").as_str());
}

#[tokio::test]
async fn a_body_over_the_cap_stops_the_read_early() {
    let limit = 1024 * 1024;
    let total = 256 * 1024 * 1024;
    let server = RawServer::start(Behaviour::Stream { total }).await;
    let client = generated_client::Client::builder(TOKEN)
        .base_url(server.uri())
        .max_response_bytes(limit)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: l, .. } if l == limit), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    // Give the server a moment to notice the hang-up; what it wrote by then is the cap plus what
    // the kernel's socket buffers held, far below the 256 MiB it meant to send.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let written = server.written();
    assert!(written < 64 * 1024 * 1024, "the server wrote {written} bytes");
    assert!(written >= limit as u64, "the server wrote {written} bytes, less than the cap");
}

#[tokio::test]
async fn extra_fields_at_any_depth_parse_and_a_missing_field_keeps_the_body() {
    let server = MockServer::start().await;
    let mut body = tests::response_example(&tests::spec(), "get", "200");
    body["addedLater"] = serde_json::json!({"nested": [1, 2]});
    body["results"]["cursor"] = serde_json::json!("abc");
    body["results"]["accounts"][0]["followers"] = serde_json::json!(12);
    body["results"]["accounts"][0]["platform"] = serde_json::json!("a-platform-added-later");
    let incomplete = r#"{"success":true,"statusCode":200,"results":{}}"#;
    let first = ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json");
    fail_then(&server, "GET", first, 1, ResponseTemplate::new(200).set_body_raw(incomplete, "application/json")).await;
    let client = client(&server.uri(), RetryPolicy::none());

    let response = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    let accounts = response.results.as_ref().unwrap().accounts.as_ref().unwrap();
    assert_eq!(accounts[0].id.as_deref(), Some("idu37swmmLbA02zgqKPpxITe2"));

    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    let Error::InvalidResponsePayload { response, source } = &error else { panic!("{error:?}") };
    assert!(source.to_string().contains("missing field `message`"), "{source}");
    assert_eq!(response.text(), incomplete);
    assert!(error.to_string().contains("status 200"), "{error}");
}
