//! Retries, backoff and `Retry-After` (rate limits, deadlines, redirects and the body cap are in
//! `limits.rs`),
//! against servers on 127.0.0.1 that count what they receive. Waits are measured on tokio's
//! paused clock, which jumps over sleeps, so these tests take no real time to wait.

mod support;

use std::time::{Duration, SystemTime};

use generated_client::{Error, RetryPolicy};
use support::{
    attach_body, client, count, created_body, fail_then, no_jitter, ok_body, paused_clock_client, Behaviour, RawServer,
    ACCOUNT, LOCATION, PATH, TOKEN,
};
use tokio::time::Instant;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(start_paused = true)]
async fn get_is_retried_on_every_retryable_status_with_exponential_backoff() {
    for status in [408u16, 429, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        fail_then(&server, "GET", ResponseTemplate::new(status), 2, ok_body()).await;
        let client = paused_clock_client(&server.uri(), no_jitter());
        let started = Instant::now();
        let response = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await;
        assert!(response.is_ok(), "{status}: {response:?}");
        assert_eq!(count(&server).await, 3, "{status}: two failures and the success");
        // 250 ms, then 500 ms: the default backoff, doubled once.
        assert_eq!(started.elapsed(), Duration::from_millis(750), "{status}");
        for request in server.received_requests().await.unwrap() {
            assert_eq!(request.url.path(), PATH);
            assert_eq!(request.headers["authorization"], format!("Bearer {TOKEN}").as_str());
        }
    }
}

#[tokio::test(start_paused = true)]
async fn retries_stop_at_the_configured_count_and_can_be_turned_off() {
    for (policy, expected) in [(no_jitter(), 3), (no_jitter().max_retries(4), 5), (RetryPolicy::none(), 1)] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
            .mount(&server)
            .await;
        let error = paused_clock_client(&server.uri(), policy)
            .get_instagram_professional_accounts(LOCATION, ACCOUNT)
            .await
            .unwrap_err();
        assert!(matches!(&error, Error::UnexpectedStatus(r) if r.status() == 503), "{error:?}");
        assert_eq!(count(&server).await, expected);
    }
}

#[tokio::test(start_paused = true)]
async fn jittered_backoff_stays_between_half_and_all_of_each_wait() {
    let server = MockServer::start().await;
    fail_then(&server, "GET", ResponseTemplate::new(502), 2, ok_body()).await;
    let client = paused_clock_client(&server.uri(), RetryPolicy::default());
    let started = Instant::now();
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(375) && waited <= Duration::from_millis(750), "{waited:?}");
    assert_eq!(count(&server).await, 3);
}

#[tokio::test(start_paused = true)]
async fn client_errors_are_never_retried() {
    for status in [400u16, 401, 403, 404, 422] {
        let server = MockServer::start().await;
        let body = serde_json::json!({"statusCode": status, "message": "no"}).to_string();
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .mount(&server)
            .await;
        let client = paused_clock_client(&server.uri(), no_jitter());
        let started = Instant::now();
        client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
        client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &attach_body()).await.unwrap_err();
        assert_eq!(count(&server).await, 2, "{status}: one GET and one POST");
        assert_eq!(started.elapsed(), Duration::ZERO);
    }
}

#[tokio::test(start_paused = true)]
async fn post_is_never_sent_twice_after_the_server_may_have_acted() {
    for status in [408u16, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        fail_then(&server, "POST", ResponseTemplate::new(status), 1, created_body()).await;
        let client = paused_clock_client(&server.uri(), no_jitter());
        let error = client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &attach_body()).await.unwrap_err();
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(count(&server).await, 1, "POST answered {status} must not be repeated");
    }
}

#[tokio::test(start_paused = true)]
async fn post_is_retried_after_a_429_with_its_body_intact() {
    let server = MockServer::start().await;
    fail_then(&server, "POST", ResponseTemplate::new(429).insert_header("retry-after", "2"), 1, created_body()).await;
    let client = paused_clock_client(&server.uri(), no_jitter());
    let started = Instant::now();
    let created = client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &attach_body()).await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(started.elapsed(), Duration::from_secs(2));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    for request in requests {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
            serde_json::json!({"pageId": "p1"})
        );
    }
}

#[tokio::test]
async fn post_is_not_resent_when_the_connection_drops_after_sending() {
    let server = RawServer::start(Behaviour::HangUp).await;
    let client = client(&server.uri(), no_jitter().initial_backoff(Duration::from_millis(1)));
    let error = client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &attach_body()).await.unwrap_err();
    assert!(matches!(error, Error::Communication(_)), "{error:?}");
    assert_eq!(server.accepted(), 1, "the POST reached the server once");

    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(error, Error::Communication(_)), "{error:?}");
    assert_eq!(server.accepted(), 1 + 3, "the GET was tried three times");
}

#[tokio::test(start_paused = true)]
async fn a_refused_connection_is_retried_even_for_post() {
    // A port that was just free and is now closed refuses connections.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let client = paused_clock_client(&format!("http://{closed}"), no_jitter());
    let started = Instant::now();
    let error = client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &attach_body()).await.unwrap_err();
    assert!(matches!(&error, Error::Communication(e) if e.is_connect()), "{error:?}");
    assert_eq!(started.elapsed(), Duration::from_millis(750), "two retries were waited for");
}

#[tokio::test(start_paused = true)]
async fn retry_after_in_seconds_is_honoured() {
    let server = MockServer::start().await;
    fail_then(&server, "GET", ResponseTemplate::new(503).insert_header("retry-after", "7"), 1, ok_body()).await;
    let started = Instant::now();
    paused_clock_client(&server.uri(), no_jitter())
        .get_instagram_professional_accounts(LOCATION, ACCOUNT)
        .await
        .unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(7));
    assert_eq!(count(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    let date = httpdate_in(Duration::from_secs(6));
    fail_then(&server, "GET", ResponseTemplate::new(429).insert_header("retry-after", date.as_str()), 1, ok_body())
        .await;
    let started = Instant::now();
    paused_clock_client(&server.uri(), no_jitter())
        .get_instagram_professional_accounts(LOCATION, ACCOUNT)
        .await
        .unwrap();
    // HTTP dates have whole seconds, so the wait is cut to the second before.
    let waited = started.elapsed();
    assert!(waited > Duration::from_secs(4) && waited <= Duration::from_secs(6), "{waited:?}");
    assert_eq!(count(&server).await, 2);
}

/// An HTTP date `from_now` ahead of the wall clock, which `Retry-After` dates are relative to.
fn httpdate_in(from_now: Duration) -> String {
    let when = SystemTime::now() + from_now;
    let seconds = when.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    // Formatting by hand keeps httpdate out of the tests' dependencies; the client parses it.
    let days = seconds / 86_400;
    let (hour, minute, second) = (seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
    let (year, month, day) = civil_from_days(days as i64);
    let month =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month as usize - 1];
    format!("{weekday}, {day:02} {month} {year} {hour:02}:{minute:02}:{second:02} GMT")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[tokio::test(start_paused = true)]
async fn a_429_without_retry_after_waits_for_the_burst_window() {
    let server = MockServer::start().await;
    let limited = ResponseTemplate::new(429)
        .insert_header("x-ratelimit-interval-milliseconds", "1500")
        .insert_header("x-ratelimit-remaining", "0");
    fail_then(&server, "GET", limited, 1, ok_body()).await;
    let started = Instant::now();
    paused_clock_client(&server.uri(), no_jitter())
        .get_instagram_professional_accounts(LOCATION, ACCOUNT)
        .await
        .unwrap();
    assert_eq!(started.elapsed(), Duration::from_millis(1500));
    assert_eq!(count(&server).await, 2);
}

#[tokio::test(start_paused = true)]
async fn a_wait_longer_than_the_cap_returns_the_error_at_once() {
    let server = MockServer::start().await;
    fail_then(&server, "GET", ResponseTemplate::new(429).insert_header("retry-after", "31"), 2, ok_body()).await;
    let started = Instant::now();
    let error = paused_clock_client(&server.uri(), no_jitter())
        .get_instagram_professional_accounts(LOCATION, ACCOUNT)
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert!(error.is_retryable());
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert_eq!(count(&server).await, 1);

    let raised = paused_clock_client(&server.uri(), no_jitter().max_wait(Duration::from_secs(60)));
    raised.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(started.elapsed(), Duration::from_secs(31), "a raised cap lets the wait through");
    assert_eq!(count(&server).await, 3);
}
