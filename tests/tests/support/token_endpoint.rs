//! A local HighLevel with OAuth that enforces rotation: `POST /oauth/token` takes only the one live
//! refresh token and retires it with each use, `POST /oauth/locationToken` mints Sub-Account
//! tokens for the live Agency token, and the API's GET accepts only live access tokens.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use generated_client::StoredTokens;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use super::ok_body;

/// What the endpoint holds and saw.
#[derive(Default)]
pub struct State {
    /// The refresh token that works now; every earlier one is spent.
    pub live_refresh: String,
    /// Access tokens the API accepts.
    pub live_access: HashSet<String>,
    /// Every refresh token sent to `/oauth/token`, in order, refused ones included.
    pub refresh_tokens_sent: Vec<String>,
    /// `(companyId, locationId)` of every Sub-Account token minted.
    pub minted: Vec<(String, String)>,
    /// The `expires_in` of the tokens it gives.
    pub expires_in: u64,
    /// How long `/oauth/token` takes to answer a good refresh token.
    pub delay: std::time::Duration,
    rotations: u64,
}

impl State {
    /// Refresh tokens sent more than once.
    pub fn reused(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        self.refresh_tokens_sent.iter().filter(|token| !seen.insert(*token)).cloned().collect()
    }
}

/// The server, its state, and the tokens an installation starts with.
pub struct Endpoint {
    pub server: MockServer,
    pub state: Arc<Mutex<State>>,
}

/// The first tokens of an installation: `user_type` `Company` (an Agency) or `Location`,
/// `expires_at` seconds from now (negative: already expired).
pub fn installed(user_type: &str, expires_in: i64) -> StoredTokens {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    StoredTokens {
        access_token: "access-0".into(),
        refresh_token: "refresh-0".into(),
        expires_at: (now + expires_in).max(0) as u64,
        user_type: user_type.into(),
        company_id: Some("company-1".into()),
        location_id: None,
    }
}

/// A folder for a test's token files, removed with everything in it when dropped.
pub struct Folder(std::path::PathBuf);

impl std::ops::Deref for Folder {
    type Target = std::path::Path;
    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A new, empty folder in the system's temporary folder.
pub fn fresh_folder(name: &str) -> Folder {
    let folder = std::env::temp_dir().join(format!("client-tests-oauth-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    Folder(folder)
}

impl Endpoint {
    pub async fn start() -> Endpoint {
        let state = State {
            live_refresh: "refresh-0".into(),
            live_access: HashSet::from(["access-0".to_string()]),
            expires_in: 86_399,
            ..State::default()
        };
        let state = Arc::new(Mutex::new(state));
        let server = MockServer::start().await;
        let on = |verb: &str, route: &str| Mock::given(method(verb)).and(path(route));
        on("POST", "/oauth/token").respond_with(Rotate(state.clone())).mount(&server).await;
        on("POST", "/oauth/locationToken").respond_with(Mint(state.clone())).mount(&server).await;
        // The API's GET, for any Sub-Account.
        let api = Mock::given(method("GET")).and(path_regex("^/social-media-posting/oauth/[^/]+/instagram/accounts/"));
        api.respond_with(Api(state.clone())).mount(&server).await;
        Endpoint { server, state }
    }

    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }
}

/// The fields of a form body (the tests' values need no decoding).
fn form(request: &Request) -> Vec<(String, String)> {
    let body = String::from_utf8_lossy(&request.body).into_owned();
    body.split('&').filter_map(|pair| pair.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn field(form: &[(String, String)], name: &str) -> String {
    form.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone()).unwrap_or_default()
}

fn bearer(request: &Request) -> String {
    let value = request.headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
    value.strip_prefix("Bearer ").unwrap_or_default().to_string()
}

struct Rotate(Arc<Mutex<State>>);

impl Respond for Rotate {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form = form(request);
        let mut state = self.0.lock().unwrap();
        let sent = field(&form, "refresh_token");
        state.refresh_tokens_sent.push(sent.clone());
        let app = field(&form, "client_id") == "app-id" && field(&form, "client_secret") == "app-secret";
        if !app || field(&form, "grant_type") != "refresh_token" || sent != state.live_refresh {
            return ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"}));
        }
        state.rotations += 1;
        let (access, refresh) = (format!("access-{}", state.rotations), format!("refresh-{}", state.rotations));
        state.live_refresh = refresh.clone();
        state.live_access = HashSet::from([access.clone()]);
        ResponseTemplate::new(200).set_delay(state.delay).set_body_json(serde_json::json!({
            "access_token": access, "refresh_token": refresh, "expires_in": state.expires_in,
            "token_type": "Bearer", "userType": field(&form, "user_type"), "companyId": "company-1",
        }))
    }
}

struct Mint(Arc<Mutex<State>>);

impl Respond for Mint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form = form(request);
        let mut state = self.0.lock().unwrap();
        if !state.live_access.contains(&bearer(request)) {
            return ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "Invalid JWT"}));
        }
        let (company, location) = (field(&form, "companyId"), field(&form, "locationId"));
        state.minted.push((company, location.clone()));
        let token = format!("location-{location}-{}", state.minted.len());
        state.live_access.insert(token.clone());
        ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": token, "expires_in": state.expires_in, "locationId": location,
        }))
    }
}

struct Api(Arc<Mutex<State>>);

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        if self.0.lock().unwrap().live_access.contains(&bearer(request)) {
            ok_body()
        } else {
            ResponseTemplate::new(401).set_body_json(serde_json::json!({"statusCode": 401, "message": "Invalid JWT"}))
        }
    }
}
