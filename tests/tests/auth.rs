//! Token sources against a server on 127.0.0.1 that accepts only the fresh token: renewal after
//! a 401, one renewal shared by concurrent requests, and no second renewal per call.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use generated_client::{
    types, AccessToken, AuthError, BoxFuture, Client, Error, GetInstagramProfessionalAccountsError as GetError,
    RefreshingToken, RetryPolicy, TokenSource,
};
use support::{ACCOUNT, LOCATION};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const EXPIRED: &str = "expired-access-token";
const FRESH: &str = "fresh-access-token";

/// A server that answers 200 (or 201 for POST) to `Bearer fresh-access-token` and 401 to anything else.
async fn server_accepting_only_the_fresh_token() -> MockServer {
    let spec = tests::spec();
    let server = MockServer::start().await;
    for (verb, status, code) in [("GET", "200", 200), ("POST", "201", 201)] {
        let body = tests::response_example(&spec, &verb.to_lowercase(), status).to_string();
        Mock::given(method(verb))
            .and(header("authorization", format!("Bearer {FRESH}").as_str()))
            .respond_with(ResponseTemplate::new(code).set_body_raw(body, "application/json"))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    let rejected = serde_json::json!({"statusCode": 401, "message": "Invalid JWT"}).to_string();
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401).set_body_raw(rejected, "application/json"))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

/// A refresh callback that counts its calls, waits a little (so that concurrent requests pile up
/// behind it), and returns `token`.
fn counting_refresh(
    calls: Arc<AtomicUsize>,
    token: &'static str,
) -> impl Fn() -> BoxFuture<'static, Result<AccessToken, AuthError>> + Send + Sync {
    move || {
        let calls = calls.clone();
        Box::pin(async move {
            calls.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(AccessToken::new(token))
        })
    }
}

fn client_with(server: &MockServer, source: impl TokenSource + 'static) -> Client {
    Client::builder_with_token_source(source).base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap()
}

fn tokens_sent(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| r.headers["authorization"].to_str().unwrap().trim_start_matches("Bearer ").to_string())
        .collect()
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_and_the_request_sent_again() {
    let server = server_accepting_only_the_fresh_token().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client_with(&server, RefreshingToken::with_token(EXPIRED, counting_refresh(calls.clone(), FRESH)));

    let response = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(tokens_sent(&server.received_requests().await.unwrap()), [EXPIRED, FRESH]);

    // The renewed token is kept: the next call sends it straight away.
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(tokens_sent(&server.received_requests().await.unwrap()), [EXPIRED, FRESH, FRESH]);
}

#[tokio::test]
async fn a_post_rejected_with_401_is_sent_again_with_the_new_token_and_the_same_body() {
    let server = server_accepting_only_the_fresh_token().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client_with(&server, RefreshingToken::with_token(EXPIRED, counting_refresh(calls.clone(), FRESH)));
    let body = types::AttachIgAccountDto::new("p1".into());
    let created = client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body).await.unwrap();
    assert_eq!(created.status(), 201);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(tokens_sent(&requests), [EXPIRED, FRESH]);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn concurrent_requests_rejected_together_share_one_renewal() {
    let server = server_accepting_only_the_fresh_token().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client_with(&server, RefreshingToken::with_token(EXPIRED, counting_refresh(calls.clone(), FRESH)));

    let requests = (0..10).map(|_| client.get_instagram_professional_accounts(LOCATION, ACCOUNT));
    let results = futures_join_all(requests).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "one renewal for all ten");
    let sent = tokens_sent(&server.received_requests().await.unwrap());
    assert_eq!(sent.iter().filter(|t| *t == FRESH).count(), 10);
    assert_eq!(sent.iter().filter(|t| *t == EXPIRED).count(), 10, "all ten were sent before the renewal ended");
}

/// Runs the futures concurrently on this task, without a dependency on the `futures` crate.
async fn futures_join_all<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for future in futures {
        set.push(Box::pin(future));
    }
    let mut outputs: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in set.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().map(|o| o.expect("every future finished")).collect()
}

#[tokio::test]
async fn a_second_401_is_returned_without_another_renewal() {
    let server = server_accepting_only_the_fresh_token().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client =
        client_with(&server, RefreshingToken::with_token(EXPIRED, counting_refresh(calls.clone(), "still-wrong")));
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    let Error::ErrorResponse(value) = error else { panic!("{error:?}") };
    assert!(matches!(value.into_inner(), GetError::Unauthorized(b) if b.message.as_deref() == Some("Invalid JWT")));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(tokens_sent(&server.received_requests().await.unwrap()), [EXPIRED, "still-wrong"]);
}

#[tokio::test]
async fn a_fixed_token_is_not_renewed() {
    let server = server_accepting_only_the_fresh_token().await;
    let client = Client::builder(EXPIRED).base_url(server.uri()).build().unwrap();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_source_without_a_token_fetches_one_before_the_first_request() {
    let server = server_accepting_only_the_fresh_token().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let client = client_with(&server, RefreshingToken::new(counting_refresh(calls.clone(), FRESH)));
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(tokens_sent(&server.received_requests().await.unwrap()), [FRESH]);
}

/// A source written by a user: it counts how often it is asked, and fails on demand.
struct Rotating {
    asked: AtomicUsize,
    fail: bool,
    token: &'static str,
}

impl TokenSource for Rotating {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            if self.fail {
                Err(AuthError::new("the vault is sealed"))
            } else {
                Ok(AccessToken::new(self.token))
            }
        })
    }
}

#[tokio::test]
async fn a_user_source_is_asked_for_every_request() {
    let server = server_accepting_only_the_fresh_token().await;
    let source = Arc::new(Rotating { asked: AtomicUsize::new(0), fail: false, token: FRESH });
    struct Shared(Arc<Rotating>);
    impl TokenSource for Shared {
        fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
            self.0.token()
        }
    }
    let client = client_with(&server, Shared(source.clone()));
    for _ in 0..3 {
        client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    }
    assert_eq!(source.asked.load(Ordering::SeqCst), 3);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_failing_source_sends_nothing_and_says_why() {
    let server = server_accepting_only_the_fresh_token().await;
    let client = client_with(&server, Rotating { asked: AtomicUsize::new(0), fail: true, token: FRESH });
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert!(error.to_string().contains("the vault is sealed"), "{error}");
    assert!(!error.is_retryable());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_source_token_with_a_line_break_is_refused_and_never_shown() {
    let server = server_accepting_only_the_fresh_token().await;
    let client =
        client_with(&server, Rotating { asked: AtomicUsize::new(0), fail: false, token: "secret\r\nX-Evil: 1" });
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(!format!("{error} {error:?}").contains("secret"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn tokens_and_sources_never_show_in_debug() {
    let token = AccessToken::new(FRESH);
    assert_eq!(token.secret(), FRESH);
    let source = RefreshingToken::with_token(FRESH, counting_refresh(Arc::new(AtomicUsize::new(0)), FRESH));
    let client = Client::builder_with_token_source(source).build().unwrap();
    for shown in [format!("{token:?}"), format!("{client:?}")] {
        assert!(!shown.contains(FRESH) && shown.contains("redacted"), "{shown}");
    }
}
