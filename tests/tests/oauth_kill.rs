//! A process killed while it renews tokens in a shared file store: this test binary runs itself
//! as the child (`child_renews_until_killed`), which stops at a point of its renewal until the
//! parent kills it; the parent then carries on with the same file.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generated_client::{AccessToken, AuthError, BoxFuture, FileStore, OAuthApp, OAuthTokens, StoreLock};
use generated_client::{StoredTokens, TokenSource, TokenStore};
use support::token_endpoint::{installed, Endpoint};

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

/// Runs the child until it reaches `at`, kills it, and gives the store's path.
async fn kill_child_at(endpoint: &Endpoint, at: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("wt-prod-oauth-kill-{at}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
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
    path
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
    let path = kill_child_at(&endpoint, AFTER_SAVE).await;
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
    let path = kill_child_at(&endpoint, BEFORE_SAVE).await;
    // The window that cannot be closed: the endpoint spent refresh-0, and its successor died
    // unsaved. The file still holds a whole set of tokens, and the error says what to do.
    let stored = FileStore::new(&path).load().await.unwrap().expect("the file is whole");
    assert_eq!(stored.refresh_token, "refresh-0");
    let error = source(&endpoint, &path).token().await.unwrap_err().to_string();
    assert!(error.contains("installed again"), "{error}");
}
