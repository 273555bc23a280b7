//! No setting and no server header makes a call panic on `Instant + Duration` overflow: overlong
//! durations saturate. The server is on 127.0.0.1.

use std::time::Duration;

use generated_client::{Client, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOCATION: &str = "w37swmmLbA02zgqKPpxITe2";
const ACCOUNT: &str = "w37swmmLbA02zgqKPpxITe";
const GET_OK: &str = r#"{"success":true,"statusCode":200,"message":"ok","results":{"accounts":[]}}"#;

async fn answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(template).mount(&server).await;
    server
}

#[tokio::test]
async fn the_longest_timeouts_mean_no_deadline() {
    let server = answering(ResponseTemplate::new(200).set_body_raw(GET_OK, "application/json")).await;
    for timeout in [Duration::MAX, Duration::from_secs(u64::MAX / 2), Duration::from_secs(i64::MAX as u64)] {
        let client = Client::builder("token")
            .base_url(server.uri())
            .timeout(timeout)
            .connect_timeout(timeout)
            .build()
            .expect("the client builds");
        let response = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await;
        assert_eq!(response.expect("the call succeeds").status(), 200, "{timeout:?}");
    }
}

#[tokio::test]
async fn the_largest_retry_after_under_the_longest_max_wait_returns_the_error() {
    let server = answering(ResponseTemplate::new(503).insert_header("retry-after", "18446744073709551615")).await;
    let client = Client::builder("token")
        .base_url(server.uri())
        .retry(RetryPolicy::default().max_wait(Duration::MAX))
        .build()
        .expect("the client builds");
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "a wait past the deadline is not waited");
}

#[tokio::test]
async fn the_longest_backoffs_return_the_error_with_or_without_jitter() {
    let server = answering(ResponseTemplate::new(503)).await;
    for jitter in [true, false] {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::MAX)
            .max_backoff(Duration::MAX)
            .max_wait(Duration::MAX)
            .max_retries(u32::MAX)
            .jitter(jitter);
        let client = Client::builder("token").base_url(server.uri()).retry(policy).build().expect("the client builds");
        let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "one try per client, no retry");
}
