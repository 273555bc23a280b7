//! The call's deadline bounds the wait for the token source, and a stuck renewal holds back only
//! the calls that need its result, each until its own deadline. Servers are on 127.0.0.1.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use generated_client::{
    types, AccessToken, AuthError, BoxFuture, Client, Error, RefreshingToken, RetryPolicy, TokenSource,
};
use tokio::sync::Semaphore;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOCATION: &str = "w37swmmLbA02zgqKPpxITe2";
const ACCOUNT: &str = "w37swmmLbA02zgqKPpxITe";
const OLD: &str = "old-access-token";
const NEW: &str = "new-access-token";
/// The call deadline of these tests.
const DEADLINE: Duration = Duration::from_millis(400);
/// How long a test waits before it calls a call hung: far past the deadline, so that a loaded
/// machine cannot make a correct client look hung.
const HUNG: Duration = Duration::from_secs(20);

const GET_OK: &str = r#"{"success":true,"statusCode":200,"message":"ok","results":{"accounts":[]}}"#;
const POST_OK: &str = r#"{"success":true,"statusCode":201,"message":"ok","results":{}}"#;

/// A server that takes `NEW` for everything, and `OLD` for GET only: a POST with `OLD` is a 401.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    for (verb, status, body, token, priority) in
        [("GET", 200, GET_OK, NEW, 1), ("POST", 201, POST_OK, NEW, 1), ("GET", 200, GET_OK, OLD, 2)]
    {
        Mock::given(method(verb))
            .and(header("authorization", format!("Bearer {token}").as_str()))
            .respond_with(ResponseTemplate::new(status).set_body_raw(body, "application/json"))
            .with_priority(priority)
            .mount(&server)
            .await;
    }
    let rejected = r#"{"statusCode":401,"message":"Invalid JWT"}"#;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401).set_body_raw(rejected, "application/json"))
        .with_priority(3)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, source: impl TokenSource + 'static) -> Client {
    Client::builder_with_token_source(source)
        .base_url(server.uri())
        .timeout(DEADLINE)
        .retry(RetryPolicy::none())
        .build()
        .expect("the client builds")
}

/// A source whose every request for a token hangs for good.
struct Hanging;

impl TokenSource for Hanging {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        Box::pin(std::future::pending())
    }
}

fn assert_token_timeout<E: std::fmt::Debug>(result: Result<impl std::fmt::Debug, Error<E>>) {
    match result {
        Err(Error::Auth(error)) if error.is_timeout() => {}
        other => panic!("expected a token-source timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_hanging_token_source_gives_a_timeout_at_the_deadline_for_every_call() {
    let server = server().await;
    let client = client(&server, Hanging);
    let calls = (0..2).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await })
    });
    for call in calls.collect::<Vec<_>>() {
        let result = tokio::time::timeout(HUNG, call).await.expect("the call ends at its deadline").unwrap();
        let error = result.as_ref().unwrap_err();
        assert!(error.is_timeout() && error.is_retryable(), "{error:?}");
        assert!(error.to_string().contains("deadline"), "{error}");
        assert_token_timeout(result);
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing is sent without a token");
}

/// A refresh callback that counts its runs and finishes a run only when the test adds a permit.
fn gated_fetch(
    runs: Arc<AtomicUsize>,
    gate: Arc<Semaphore>,
) -> impl Fn() -> BoxFuture<'static, Result<AccessToken, AuthError>> + Send + Sync {
    move || {
        let (runs, gate) = (runs.clone(), gate.clone());
        Box::pin(async move {
            runs.fetch_add(1, Ordering::SeqCst);
            gate.acquire().await.expect("the gate stays open").forget();
            Ok(AccessToken::new(NEW))
        })
    }
}

#[tokio::test]
async fn a_stuck_renewal_delays_only_the_calls_that_need_it_and_each_until_its_own_deadline() {
    let server = server().await;
    let (runs, gate) = (Arc::new(AtomicUsize::new(0)), Arc::new(Semaphore::new(0)));
    let client = client(&server, RefreshingToken::with_token(OLD, gated_fetch(runs.clone(), gate.clone())));
    let body = types::AttachIgAccountDto::new("p1".into());

    // The POST is rejected with the old token; its renewal hangs, so it ends at its deadline.
    let first = tokio::time::timeout(HUNG, client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body));
    assert_token_timeout(first.await.expect("the POST ends at its deadline"));
    assert_eq!(runs.load(Ordering::SeqCst), 1);

    // The renewal is still under way: a GET, which the old token still serves, goes through.
    let get = tokio::time::timeout(HUNG, client.get_instagram_professional_accounts(LOCATION, ACCOUNT));
    assert_eq!(get.await.expect("the GET is not held up").unwrap().status(), 200);

    // A second rejected POST waits for the same renewal, not a new one, until its own deadline.
    let second = tokio::time::timeout(HUNG, client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body));
    assert_token_timeout(second.await.expect("the second POST ends at its deadline"));
    assert_eq!(runs.load(Ordering::SeqCst), 1, "one renewal under way, shared");

    // Once the renewal ends, its token serves everyone without another run of the callback.
    gate.add_permits(1);
    let third = tokio::time::timeout(HUNG, async {
        loop {
            match client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body).await {
                Ok(created) => break created,
                Err(error) if error.is_timeout() => continue,
                Err(error) => panic!("{error:?}"),
            }
        }
    });
    assert_eq!(third.await.expect("the renewed token arrives").status(), 201);
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failed_renewal_reaches_every_waiting_call_and_the_next_rejection_tries_again() {
    let server = server().await;
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = runs.clone();
    let source = RefreshingToken::with_token(OLD, move || {
        let run = counted.fetch_add(1, Ordering::SeqCst);
        async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            if run == 0 {
                Err(AuthError::new("the token endpoint said no"))
            } else {
                Ok(AccessToken::new(NEW))
            }
        }
    });
    let client = client(&server, source);
    let body = types::AttachIgAccountDto::new("p1".into());
    let (a, b) = tokio::join!(
        client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body),
        client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body),
    );
    for result in [a.map(|_| ()), b.map(|_| ())] {
        let error = result.unwrap_err();
        assert!(matches!(&error, Error::Auth(e) if !e.is_timeout()), "{error:?}");
        assert!(error.to_string().contains("the token endpoint said no"), "{error}");
    }
    assert_eq!(runs.load(Ordering::SeqCst), 1, "the two rejected calls shared one run");
    client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body).await.unwrap();
    assert_eq!(runs.load(Ordering::SeqCst), 2);
}
