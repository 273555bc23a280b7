//! Processes sharing a file store: this test binary runs itself as the children. Two renew at
//! once, again and again (`child_renews_in_a_loop`); another stops at a point of its renewal until
//! the parent kills it (`child_renews_until_killed`), and the parent carries on with the file.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generated_client::{AccessToken, AuthError, BoxFuture, FileStore, OAuthApp, OAuthTokens, StoreLock};
use generated_client::{StoredTokens, TokenSource, TokenStore};
use support::token_endpoint::{fresh_folder, installed, Endpoint, Folder};

/// Where the child stops: before its save of the new tokens starts, or after it ended.
const BEFORE_SAVE: &str = "before-save";
const AFTER_SAVE: &str = "after-save";

/// A file store that, at the chosen point of its save, marks that it got there and waits forever.
struct StopAt {
    inner: FileStore,
    at: String,
    marker: PathBuf,
}

impl TokenStore for StopAt {
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredTokens>, AuthError>> {
        self.inner.load()
    }
    fn save<'a>(&'a self, tokens: &'a StoredTokens) -> BoxFuture<'a, Result<(), AuthError>> {
        Box::pin(async move {
            if self.at == AFTER_SAVE {
                self.inner.save(tokens).await?;
            }
            std::fs::write(&self.marker, b"").unwrap();
            std::future::pending().await
        })
    }
    fn lock(&self) -> BoxFuture<'_, Result<StoreLock, AuthError>> {
        self.inner.lock()
    }
}

/// The child's part; does nothing unless the parent started it.
#[tokio::test]
async fn child_renews_until_killed() {
    let Ok(at) = std::env::var("OAUTH_KILL_AT") else { return };
    let var = |name: &str| std::env::var(name).unwrap();
    let store = StopAt { inner: FileStore::new(var("OAUTH_KILL_STORE")), at, marker: var("OAUTH_KILL_MARKER").into() };
    let app = OAuthApp::new("app-id", "app-secret").base_url(var("OAUTH_KILL_ENDPOINT"));
    let _ = OAuthTokens::new(app, store).token().await;
}

/// The part of each of two children renewing at once; does nothing unless the parent started it.
#[tokio::test]
async fn child_renews_in_a_loop() {
    let Ok(path) = std::env::var("OAUTH_LOOP_STORE") else { return };
    let app = OAuthApp::new("app-id", "app-secret").base_url(std::env::var("OAUTH_LOOP_ENDPOINT").unwrap());
    let source = OAuthTokens::new(app, FileStore::new(path));
    let mut held = source.token().await.expect("a token");
    for _ in 0..20 {
        // As if the server had rejected it: the other process may have renewed it already.
        held = source.refresh(&held).await.expect("renewed").expect("a token");
    }
}

#[tokio::test]
async fn two_processes_renewing_at_once_never_spend_a_refresh_token_twice() {
    let endpoint = Endpoint::start().await;
    let folder = fresh_folder("loop");
    let path = folder.join("tokens.json");
    FileStore::new(&path).save(&installed("Location", -10)).await.unwrap();
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args(["child_renews_in_a_loop", "--exact", "--nocapture"])
                .env("OAUTH_LOOP_STORE", &path)
                .env("OAUTH_LOOP_ENDPOINT", endpoint.uri())
                .spawn()
                .expect("the test binary runs as the child")
        })
        .collect();
    for mut child in children {
        // Waited for off the runtime, whose thread serves the endpoint.
        let status = tokio::task::spawn_blocking(move || child.wait().unwrap()).await.unwrap();
        assert!(status.success(), "a child failed");
    }
    let state = endpoint.state();
    assert!(state.reused().is_empty(), "sent twice: {:?}", state.reused());
    let sent = state.refresh_tokens_sent.len();
    println!("two processes, 42 renewals asked: {sent} refresh tokens sent, none twice");
    assert!(sent >= 21, "{sent} renewals");
    let stored = std::fs::read_to_string(&path).unwrap();
    assert!(stored.contains(&state.live_refresh), "the live refresh token is the stored one");
}

/// Runs the child until it reaches `at`, kills it, and gives the store's folder and path.
async fn kill_child_at(endpoint: &Endpoint, at: &str) -> (Folder, PathBuf) {
    let folder = fresh_folder(at);
    let (path, marker) = (folder.join("tokens.json"), folder.join("reached"));
    FileStore::new(&path).save(&installed("Location", -10)).await.unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["child_renews_until_killed", "--exact", "--nocapture"])
        .env("OAUTH_KILL_AT", at)
        .env("OAUTH_KILL_STORE", &path)
        .env("OAUTH_KILL_MARKER", &marker)
        .env("OAUTH_KILL_ENDPOINT", endpoint.uri())
        .spawn()
        .expect("the test binary runs as the child");
    wait_for(&marker).await;
    child.kill().unwrap();
    child.wait().unwrap();
    (folder, path)
}

async fn wait_for(marker: &Path) {
    let started = Instant::now();
    while !marker.exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "the child never reached its stop");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn source(endpoint: &Endpoint, path: &Path) -> OAuthTokens {
    OAuthTokens::new(OAuthApp::new("app-id", "app-secret").base_url(endpoint.uri()), FileStore::new(path))
}

#[tokio::test]
async fn killed_after_the_save_the_next_process_uses_the_saved_tokens() {
    let endpoint = Endpoint::start().await;
    let (_folder, path) = kill_child_at(&endpoint, AFTER_SAVE).await;
    // The lock died with the child, and the saved tokens are used as they are.
    let token = tokio::time::timeout(Duration::from_secs(10), source(&endpoint, &path).token()).await;
    assert_eq!(token.expect("the lock is free").unwrap(), AccessToken::new("access-1"));
    assert_eq!(endpoint.state().refresh_tokens_sent, ["refresh-0"], "no refresh token sent twice");
    // And the saved refresh token is the live one.
    let source = source(&endpoint, &path);
    source.refresh(&AccessToken::new("access-1")).await.expect("the saved refresh token works");
    assert!(endpoint.state().reused().is_empty());
}

#[tokio::test]
async fn killed_between_the_token_response_and_the_save_the_token_is_lost_and_said_so() {
    let endpoint = Endpoint::start().await;
    let (_folder, path) = kill_child_at(&endpoint, BEFORE_SAVE).await;
    // The window that cannot be closed: the endpoint spent refresh-0, and its successor died
    // unsaved. The file still holds a whole set of tokens, and the error says what to do.
    let stored = FileStore::new(&path).load().await.unwrap().expect("the file is whole");
    assert_eq!(stored.refresh_token, "refresh-0");
    let error = source(&endpoint, &path).token().await.unwrap_err().to_string();
    assert!(error.contains("installed again"), "{error}");
}
