//! `OAuthTokens` against a local token endpoint that enforces rotation (a spent refresh token is
//! refused): concurrent callers, two clients sharing a file store, a store that fails, renewal
//! ahead of expiry and after a 401, and an Agency token minting Sub-Account tokens. The process
//! kills are in `oauth_kill.rs`.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use generated_client::{
    AccessToken, AuthError, BoxFuture, Client, FileStore, MemoryStore, OAuthApp, OAuthTokens, StoreLock, StoredTokens,
    TokenSource, TokenStore,
};
use support::token_endpoint::{fresh_folder, installed, Endpoint};
use support::{ACCOUNT, LOCATION};

fn app(endpoint: &Endpoint) -> OAuthApp {
    OAuthApp::new("app-id", "app-secret").base_url(endpoint.uri())
}

fn client(endpoint: &Endpoint, source: impl TokenSource + 'static) -> Client {
    Client::builder_with_token_source(source).base_url(endpoint.uri()).build().unwrap()
}

#[tokio::test]
async fn concurrent_calls_with_an_expired_token_share_one_refresh() {
    let endpoint = Endpoint::start().await;
    let store = Arc::new(MemoryStore::new(installed("Location", -10)));
    let client = client(&endpoint, OAuthTokens::new(app(&endpoint), store.clone()));
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().expect("every call succeeds");
    }
    assert_eq!(endpoint.state().refresh_tokens_sent, ["refresh-0"]);
    assert_eq!(store.load().await.unwrap().unwrap().refresh_token, "refresh-1", "the new refresh token is stored");
}

#[tokio::test]
async fn renews_ahead_of_expiry_and_after_a_401() {
    let endpoint = Endpoint::start().await;
    // Expiring in a minute, inside the five minutes of renewal ahead.
    let source = OAuthTokens::new(app(&endpoint), MemoryStore::new(installed("Location", 60)));
    assert_eq!(source.token().await.unwrap(), AccessToken::new("access-1"));
    // The server revokes the access token: the 401 renews it once, and the call succeeds.
    let client = client(&endpoint, source);
    endpoint.state().live_access.clear();
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.expect("renewed after the 401");
    assert_eq!(endpoint.state().refresh_tokens_sent, ["refresh-0", "refresh-1"]);
}

#[tokio::test]
async fn while_a_token_due_for_renewal_is_renewed_other_calls_go_on_with_it() {
    let endpoint = Endpoint::start().await;
    // Tokens for an hour, renewed two hours ahead: every token is due as soon as it is given.
    (endpoint.state().delay, endpoint.state().expires_in) = (Duration::from_millis(500), 3_600);
    let store = MemoryStore::new(installed("Location", 3_600));
    let source = OAuthTokens::with_renew_before(app(&endpoint), store, Duration::from_secs(7_200));
    assert_eq!(source.token().await.unwrap(), AccessToken::new("access-1"), "renewed ahead, waiting for it");
    let renewing = tokio::spawn({
        let source = source.clone();
        async move { source.refresh(&AccessToken::new("access-1")).await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = std::time::Instant::now();
    assert_eq!(source.token().await.unwrap(), AccessToken::new("access-1"), "the current token, at once");
    assert!(started.elapsed() < Duration::from_millis(300), "{:?}", started.elapsed());
    assert_eq!(renewing.await.unwrap().unwrap(), Some(AccessToken::new("access-2")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_clients_sharing_a_file_store_never_spend_a_refresh_token_twice() {
    let endpoint = Endpoint::start().await;
    let folder = fresh_folder("two-clients");
    let path = folder.join("tokens.json");
    FileStore::new(&path).save(&installed("Location", -10)).await.unwrap();
    let sources = [0, 1].map(|_| OAuthTokens::new(app(&endpoint), FileStore::new(&path)));
    let mut held = Vec::new();
    for source in &sources {
        held.push(source.token().await.expect("the expired token is renewed once"));
    }
    // Each round the server revokes the access token; both sources are rejected at once and renew.
    for _ in 0..5 {
        endpoint.state().live_access.clear();
        let renewals: Vec<_> = sources
            .iter()
            .zip(&held)
            .map(|(source, rejected)| {
                let (source, rejected) = (source.clone(), rejected.clone());
                tokio::spawn(async move { source.refresh(&rejected).await })
            })
            .collect();
        for (renewal, held) in renewals.into_iter().zip(&mut held) {
            *held = renewal.await.unwrap().expect("each renewal succeeds").expect("a token");
        }
        assert_eq!(held[0], held[1], "both use the one renewed token");
    }
    let stored = FileStore::new(&path).load().await.unwrap().unwrap();
    let state = endpoint.state();
    assert!(state.reused().is_empty(), "refresh tokens sent twice: {:?}", state.reused());
    // The expired token's renewal, then one renewal per round shared by both sources.
    assert_eq!(state.refresh_tokens_sent.len(), 6, "{:?}", state.refresh_tokens_sent);
    assert_eq!(stored.refresh_token, state.live_refresh, "the live refresh token is the stored one");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(!format!("{stored:?} {:?}", sources[0]).contains(&stored.refresh_token), "Debug shows no token");
}

/// A store whose saves fail while `failing` is set.
struct Flaky {
    inner: MemoryStore,
    failing: AtomicBool,
}

impl TokenStore for Flaky {
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredTokens>, AuthError>> {
        self.inner.load()
    }
    fn save<'a>(&'a self, tokens: &'a StoredTokens) -> BoxFuture<'a, Result<(), AuthError>> {
        if self.failing.load(Ordering::SeqCst) {
            return Box::pin(async { Err(AuthError::new("the disk is full")) });
        }
        self.inner.save(tokens)
    }
    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, AuthError>> {
        self.inner.lock()
    }
}

#[tokio::test]
async fn a_store_that_fails_fails_the_call_and_the_new_tokens_are_saved_before_use() {
    let endpoint = Endpoint::start().await;
    let store = Arc::new(Flaky { inner: MemoryStore::new(installed("Location", -10)), failing: AtomicBool::new(true) });
    let client = client(&endpoint, OAuthTokens::new(app(&endpoint), store.clone()));
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(error.to_string().contains("the disk is full"), "{error}");
    assert_eq!(endpoint.server.received_requests().await.unwrap().len(), 1, "only the token endpoint was asked");
    // Still failing: the unsaved tokens are not used, and the endpoint is not asked again.
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    store.failing.store(false, Ordering::SeqCst);
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.expect("saved, then used");
    assert_eq!(endpoint.state().refresh_tokens_sent, ["refresh-0"]);
    assert_eq!(store.inner.load().await.unwrap().unwrap().refresh_token, "refresh-1");
}

#[tokio::test]
async fn a_spent_refresh_token_is_refused_with_what_to_do() {
    let endpoint = Endpoint::start().await;
    endpoint.state().live_refresh = "refresh-elsewhere".into();
    let source = OAuthTokens::new(app(&endpoint), MemoryStore::new(installed("Location", -10)));
    let error = source.token().await.unwrap_err().to_string();
    assert!(error.contains("installed again"), "{error}");
    assert!(!error.contains("refresh-0"), "{error}");
}

#[tokio::test]
async fn an_agency_token_mints_sub_account_tokens_cached_per_location() {
    let endpoint = Endpoint::start().await;
    let agency = OAuthTokens::new(app(&endpoint), MemoryStore::new(installed("Company", 3_600)));
    let (first, second) = (client(&endpoint, agency.location("loc-a")), client(&endpoint, agency.location("loc-b")));
    for _ in 0..3 {
        first.get_instagram_professional_accounts("loc-a", ACCOUNT).await.unwrap();
        second.get_instagram_professional_accounts("loc-b", ACCOUNT).await.unwrap();
    }
    let minted =
        |state: &support::token_endpoint::State| state.minted.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>();
    assert_eq!(minted(&endpoint.state()), ["loc-a", "loc-b"], "one token per Sub-Account, then the cache");
    assert!(endpoint.state().minted.iter().all(|(company, _)| company == "company-1"));
    // The Agency token is revoked: minting renews it once, and a rejected location token is replaced.
    endpoint.state().live_access.clear();
    first.get_instagram_professional_accounts("loc-a", ACCOUNT).await.expect("minted again");
    assert_eq!(minted(&endpoint.state()), ["loc-a", "loc-b", "loc-a"]);
    assert_eq!(endpoint.state().refresh_tokens_sent, ["refresh-0"]);
}
