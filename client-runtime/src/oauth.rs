//! HighLevel's OAuth: a token source over the token endpoint (`POST /oauth/token`) that saves
//! each rotated refresh token before the new access token is used, renews ahead of expiry as well
//! as after a 401, and (in `location.rs`) mints Sub-Account tokens from an Agency token.

mod location;
mod store;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use serde::Deserialize;

pub use location::LocationToken;
pub use store::{FileStore, MemoryStore, StoreLock, StoredTokens, TokenStore};

use crate::auth::{AccessToken, AuthError, BoxFuture, TokenSource};

/// HighLevel's API, where its token endpoints are.
pub const DEFAULT_OAUTH_BASE_URL: &str = "https://services.leadconnectorhq.com";
/// How long before its expiry an access token is renewed.
pub const DEFAULT_RENEW_BEFORE: Duration = Duration::from_secs(5 * 60);
/// The limit on one request to a token endpoint. A renewal outlives the calls that wait for it
/// (so that its tokens are saved whoever gave up), and must not hold the next renewal off forever.
const TOKEN_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A Marketplace app: its client id and secret, and where its token endpoints are. `Debug` never
/// shows the secret.
#[derive(Clone)]
pub struct OAuthApp {
    client_id: String,
    client_secret: String,
    base_url: String,
    http: reqwest::Client,
}

impl fmt::Debug for OAuthApp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthApp")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("base_url", &crate::base_url::redact(&self.base_url))
            .finish()
    }
}

/// What the token endpoints answer.
#[derive(Deserialize)]
struct Granted {
    access_token: String,
    refresh_token: Option<String>,
    expires_in: u64,
    #[serde(rename = "userType")]
    user_type: Option<String>,
    #[serde(rename = "companyId")]
    company_id: Option<String>,
    #[serde(rename = "locationId")]
    location_id: Option<String>,
}

impl OAuthApp {
    /// The app with these credentials, against HighLevel's API.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        OAuthApp {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            base_url: DEFAULT_OAUTH_BASE_URL.to_string(),
            http: reqwest::Client::new(),
        }
    }

    /// Another server for the token endpoints, such as a local one in tests.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into().trim_end_matches('/').to_string();
        self
    }

    /// Your own `reqwest::Client` for the token endpoints.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = http;
        self
    }

    /// Exchanges the code of an installation (`grant_type=authorization_code`) for its first
    /// tokens, which you then save in the store the source will use.
    pub async fn exchange_code(&self, code: &str, user_type: &str) -> Result<StoredTokens, AuthError> {
        let form = [("grant_type", "authorization_code"), ("code", code), ("user_type", user_type)];
        self.tokens(&form, user_type).await
    }

    /// Spends `old`'s refresh token for the next tokens.
    async fn refresh(&self, old: &StoredTokens) -> Result<StoredTokens, AuthError> {
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", old.refresh_token.as_str()),
            ("user_type", old.user_type.as_str()),
        ];
        let mut fresh = self.tokens(&form, &old.user_type).await?;
        fresh.company_id = fresh.company_id.or_else(|| old.company_id.clone());
        fresh.location_id = fresh.location_id.or_else(|| old.location_id.clone());
        Ok(fresh)
    }

    async fn tokens(&self, form: &[(&str, &str)], user_type: &str) -> Result<StoredTokens, AuthError> {
        let credentials = [("client_id", self.client_id.as_str()), ("client_secret", self.client_secret.as_str())];
        let all: Vec<_> = credentials.iter().chain(form).copied().collect();
        let granted = self.post("/oauth/token", &all, None).await?;
        let refresh_token =
            granted.refresh_token.ok_or_else(|| AuthError::new("the token endpoint gave no refresh token"))?;
        Ok(StoredTokens {
            access_token: granted.access_token,
            refresh_token,
            expires_at: expires_at(granted.expires_in),
            user_type: granted.user_type.unwrap_or_else(|| user_type.to_string()),
            company_id: granted.company_id,
            location_id: granted.location_id,
        })
    }

    /// Posts a form to a token endpoint. Errors name the endpoint and the status, never a token.
    async fn post(
        &self,
        path: &str,
        form: &[(&str, &str)],
        bearer: Option<&AccessToken>,
    ) -> Result<Granted, AuthError> {
        let body = serde_urlencoded::to_string(form).map_err(AuthError::new)?;
        let mut request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .header(CONTENT_TYPE, HeaderValue::from_static("application/x-www-form-urlencoded"))
            .header("Version", HeaderValue::from_static("2021-07-28"))
            .timeout(TOKEN_REQUEST_TIMEOUT)
            .body(body);
        if let Some(token) = bearer {
            let header = token.header().ok_or_else(|| AuthError::new("the Agency token cannot be a header"))?;
            request = request.header(AUTHORIZATION, header);
        }
        let failed = |error: reqwest::Error| AuthError::new(format!("{path}: {}", error.without_url()));
        let response = request.send().await.map_err(failed)?;
        let status = response.status();
        if !status.is_success() {
            return Err(AuthError::new(Refused { path: path.to_string(), status: status.as_u16() }));
        }
        response.json().await.map_err(failed)
    }
}

/// A token endpoint answered with an error status.
#[derive(Debug)]
struct Refused {
    path: String,
    status: u16,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} answered {}", self.path, self.status)?;
        if self.path == "/oauth/token" && matches!(self.status, 400 | 401) {
            f.write_str(
                ": the refresh token was refused (spent or revoked); the app must be installed again in \
                 this account, and its new tokens saved in the store",
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Refused {}

fn expires_at(expires_in: u64) -> u64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    now.saturating_add(expires_in)
}

/// A token source over HighLevel's token endpoint and a [`TokenStore`].
///
/// Renews the access token [`DEFAULT_RENEW_BEFORE`] ahead of its expiry and after a 401, one
/// renewal at a time: it takes the store's lock, reads the stored tokens (another client or
/// process may have renewed them already, then they are used as they are), spends the refresh
/// token, and saves the new tokens before the new access token is used. A save that fails fails
/// the call; the new tokens are kept in memory and saved again before anything else next time. A
/// renewal runs as a task of its own, so a call that gives up does not abandon its tokens.
#[derive(Clone)]
pub struct OAuthTokens {
    inner: Arc<Inner>,
}

struct Inner {
    app: OAuthApp,
    store: Box<dyn TokenStore>,
    renew_before: Duration,
    current: Mutex<Option<StoredTokens>>,
    /// Tokens the endpoint gave whose save failed: the only copy of the live refresh token.
    unsaved: Mutex<Option<StoredTokens>>,
    renewing: tokio::sync::Mutex<()>,
    /// Sub-Account tokens minted from this (Agency) source, per Sub-Account.
    locations: location::Cache,
}

impl fmt::Debug for OAuthTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthTokens").field("app", &self.inner.app).finish_non_exhaustive()
    }
}

impl OAuthTokens {
    /// A source for the installation whose tokens are in `store`.
    pub fn new(app: OAuthApp, store: impl TokenStore + 'static) -> Self {
        Self::with_renew_before(app, store, DEFAULT_RENEW_BEFORE)
    }

    /// As [`new`](Self::new), renewing `renew_before` ahead of expiry.
    pub fn with_renew_before(app: OAuthApp, store: impl TokenStore + 'static, renew_before: Duration) -> Self {
        let inner = Inner {
            app,
            store: Box::new(store),
            renew_before,
            current: Mutex::default(),
            unsaved: Mutex::default(),
            renewing: tokio::sync::Mutex::new(()),
            locations: location::Cache::default(),
        };
        OAuthTokens { inner: Arc::new(inner) }
    }

    /// The current access token unless it is `rejected` or due for renewal.
    fn usable(&self, rejected: Option<&AccessToken>) -> Option<AccessToken> {
        let current = lock(&self.inner.current);
        let tokens = current.as_ref().filter(|tokens| tokens.fresh_for(self.inner.renew_before))?;
        let token = AccessToken::new(tokens.access_token.clone());
        (Some(&token) != rejected).then_some(token)
    }

    /// The current access token when it is due for renewal ahead of its expiry but still good,
    /// while another call renews it: calls go on with it rather than wait for that renewal.
    fn valid_while_renewing(&self) -> Option<AccessToken> {
        if self.inner.renewing.try_lock().is_ok() {
            return None;
        }
        let current = lock(&self.inner.current);
        let tokens = current.as_ref().filter(|tokens| tokens.fresh_for(Duration::from_secs(1)))?;
        Some(AccessToken::new(tokens.access_token.clone()))
    }

    /// Renews in a task of its own, and waits for it.
    async fn renewed(&self, rejected: Option<AccessToken>) -> Result<AccessToken, AuthError> {
        let renewal = renew(self.inner.clone(), rejected);
        let tokens = match tokio::runtime::Handle::try_current() {
            Ok(runtime) => runtime.spawn(renewal).await.map_err(|_| AuthError::new("the renewal ended early"))?,
            Err(_) => renewal.await,
        }?;
        Ok(AccessToken::new(tokens.access_token))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One renewal, in the store's turn. See [`OAuthTokens`].
async fn renew(inner: Arc<Inner>, rejected: Option<AccessToken>) -> Result<StoredTokens, AuthError> {
    let _turn = inner.renewing.lock().await;
    let good = |tokens: &StoredTokens| {
        tokens.fresh_for(inner.renew_before) && rejected.as_ref().is_none_or(|r| r.secret() != tokens.access_token)
    };
    if let Some(current) = lock(&inner.current).clone().filter(good) {
        return Ok(current);
    }
    let _held = inner.store.lock().await?;
    let unsaved = lock(&inner.unsaved).clone();
    let stored = match unsaved {
        Some(unsaved) => {
            inner.store.save(&unsaved).await?;
            *lock(&inner.unsaved) = None;
            unsaved
        }
        None => inner.store.load().await?.ok_or_else(|| {
            AuthError::new(
                "the token store holds no tokens: save those of an installation first (`OAuthApp::exchange_code`)",
            )
        })?,
    };
    let tokens = if good(&stored) { stored } else { spend(&inner, &stored).await? };
    *lock(&inner.current) = Some(tokens.clone());
    Ok(tokens)
}

/// Spends the stored refresh token and saves what it gives before anything uses it.
async fn spend(inner: &Inner, stored: &StoredTokens) -> Result<StoredTokens, AuthError> {
    let fresh = inner.app.refresh(stored).await?;
    if let Err(error) = inner.store.save(&fresh).await {
        *lock(&inner.unsaved) = Some(fresh);
        return Err(error);
    }
    Ok(fresh)
}

impl TokenSource for OAuthTokens {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, AuthError>> {
        match self.usable(None).or_else(|| self.valid_while_renewing()) {
            Some(token) => Box::pin(async move { Ok(token) }),
            None => Box::pin(self.renewed(None)),
        }
    }

    fn refresh<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<Option<AccessToken>, AuthError>> {
        match self.usable(Some(rejected)) {
            Some(token) => Box::pin(async move { Ok(Some(token)) }),
            None => Box::pin(async move { self.renewed(Some(rejected.clone())).await.map(Some) }),
        }
    }
}
