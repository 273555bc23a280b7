//! `RefreshingToken`: a token source over a refresh callback, whose one fetch at a time is shared
//! by every request that needs it and never blocks requests that can go on with the current token.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

use crate::auth::{AccessToken, AuthError, BoxFuture, TokenSource};

/// A token source over a callback that fetches a fresh access token, such as HighLevel's OAuth
/// token endpoint with the latest refresh token (which rotates on each use, so the callback must
/// store the new one it receives).
///
/// The callback runs when the first request needs a token (unless one was given to
/// [`with_token`](Self::with_token)) and whenever the server rejects the current token. Requests
/// that are rejected together share one run of the callback: while it runs, they wait for its
/// result (each until its own call's deadline) instead of starting their own, and requests that
/// are not waiting for a new token go on with the current one. The fetch runs as a task of its
/// own on the tokio runtime, so a caller that gives up does not cancel it for the others.
///
/// ```no_run
/// use client_runtime::{AccessToken, AuthError, Client, ClientBuilder, RefreshingToken};
///
/// # async fn fetch_new_access_token() -> Result<String, std::io::Error> { Ok(String::new()) }
/// let source = RefreshingToken::new(|| async {
///     let token = fetch_new_access_token().await.map_err(AuthError::new)?;
///     Ok(AccessToken::new(token))
/// });
/// let client: Client = ClientBuilder::with_token_source(source, "https://api.example.com").build()?;
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
pub struct RefreshingToken<F> {
    fetch: F,
    state: Arc<Mutex<State>>,
}

/// The token and the fetch under way. The lock around it is held only to read or swap these,
/// never across an await, so a slow fetch cannot stall anyone who does not need its result.
#[derive(Default)]
struct State {
    current: Option<AccessToken>,
    fetching: Option<watch::Receiver<Option<Fetched>>>,
}

/// What a fetch gave, shared by everyone who waited for it.
type Fetched = Result<AccessToken, Arc<dyn StdError + Send + Sync>>;

impl<F, Fut> RefreshingToken<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<AccessToken, AuthError>> + Send + 'static,
{
    /// A source with no token yet: the first request fetches one.
    pub fn new(fetch: F) -> Self {
        RefreshingToken { fetch, state: Arc::default() }
    }

    /// A source that starts with `token` and fetches a new one when the server rejects it.
    pub fn with_token(token: impl Into<AccessToken>, fetch: F) -> Self {
        let state = State { current: Some(token.into()), fetching: None };
        RefreshingToken { fetch, state: Arc::new(Mutex::new(state)) }
    }

    /// Joins the fetch under way, or starts one. A fetch whose task ended without a result (it
    /// panicked) is replaced, so that one bad run does not leave every later caller waiting.
    fn join_or_start(&self, state: &mut State) -> Waiting {
        if let Some(fetching) = state.fetching.as_ref().filter(|fetching| fetching.has_changed().is_ok()) {
            return Waiting { result: fetching.clone(), driver: None };
        }
        let (sender, receiver) = watch::channel(None);
        state.fetching = Some(receiver.clone());
        let run = fetch_and_publish((self.fetch)(), self.state.clone(), sender, receiver.clone());
        // Without a tokio runtime there is nowhere to spawn; the caller then drives the fetch.
        let driver = match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(run);
                None
            }
            Err(_) => Some(Box::pin(run) as BoxFuture<'static, ()>),
        };
        Waiting { result: receiver, driver }
    }
}

/// Runs one fetch, stores its token, and hands the result to everyone waiting for it.
async fn fetch_and_publish<Fut>(
    fetch: Fut,
    state: Arc<Mutex<State>>,
    sender: watch::Sender<Option<Fetched>>,
    receiver: watch::Receiver<Option<Fetched>>,
) where
    Fut: Future<Output = Result<AccessToken, AuthError>>,
{
    let result: Fetched = fetch.await.map_err(|error| Arc::from(error.source));
    {
        let mut state = lock(&state);
        if let Ok(token) = &result {
            state.current = Some(token.clone());
        }
        if state.fetching.as_ref().is_some_and(|fetching| fetching.same_channel(&receiver)) {
            state.fetching = None;
        }
    }
    // Nobody may be waiting any more; the token is stored all the same.
    let _ = sender.send(Some(result));
}

/// A wait for a fetch's result, and the fetch itself when it could not run as a task.
struct Waiting {
    result: watch::Receiver<Option<Fetched>>,
    driver: Option<BoxFuture<'static, ()>>,
}

impl Waiting {
    async fn token(mut self) -> Result<AccessToken, AuthError> {
        if let Some(driver) = self.driver.take() {
            driver.await;
        }
        let fetched = self.result.wait_for(Option::is_some).await;
        match fetched.as_deref() {
            Ok(Some(Ok(token))) => Ok(token.clone()),
            Ok(Some(Err(error))) => Err(AuthError::new(SharedError(error.clone()))),
            Ok(None) | Err(_) => Err(AuthError::new("the token fetch ended without a result")),
        }
    }
}

/// The error of one fetch, as each of the requests that waited for it reports it.
struct SharedError(Arc<dyn StdError + Send + Sync>);

impl fmt::Debug for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for SharedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl StdError for SharedError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0.source()
    }
}

/// The state stays consistent whatever panicked while it was locked (only a clone or a swap
/// happens under the lock), so a poisoned lock is used as it is.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<F> fmt::Debug for RefreshingToken<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RefreshingToken(<redacted>)")
    }
}

impl<F, Fut> TokenSource for RefreshingToken<F>
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<AccessToken, AuthError>> + Send + 'static,
{
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        let waiting = {
            let mut state = lock(&self.state);
            if let Some(token) = &state.current {
                let token = token.clone();
                return Box::pin(async move { Ok(token) });
            }
            self.join_or_start(&mut state)
        };
        Box::pin(waiting.token())
    }

    fn refresh<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<Option<AccessToken>, AuthError>> {
        let waiting = {
            let mut state = lock(&self.state);
            // Another request renewed the token already: use that one instead of renewing again.
            if let Some(token) = state.current.as_ref().filter(|token| *token != rejected) {
                let token = token.clone();
                return Box::pin(async move { Ok(Some(token)) });
            }
            self.join_or_start(&mut state)
        };
        Box::pin(async move { waiting.token().await.map(Some) })
    }
}
