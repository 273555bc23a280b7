//! The mock server (cargo feature `mock`): a wiremock server that knows the spec. Stubs are typed
//! per operation (the generator writes one method per operation in each crate's `generated/mock.rs`,
//! on a `MockServer` of its own that derefs to this one), and
//! every request is checked against the spec first: one that breaks it is answered with a 400
//! naming each violation, and the server fails the test when it is dropped.

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use wiremock::{Mock, Request, ResponseTemplate};

mod check;
// Lint, the mock's check and the generated types given the same values (a test only).
#[cfg(test)]
mod agreement;

use check::{route, violations, Seen};
pub use check::{Contract, Lookup, Property, Shape};

/// The token `MockServer::client` sends and the server expects; a test value, not a secret.
const TOKEN: &str = "mock-token";

/// The spec as the generator wrote it for the mock: every operation's contract and the shapes of
/// the generated types.
#[derive(Clone, Copy)]
pub struct Spec {
    /// Every operation's contract.
    pub contracts: &'static [Contract],
    /// The shape of each generated type, by its Rust name.
    pub lookup: Lookup,
}

/// A mock of an API on 127.0.0.1 that checks every request against its spec.
pub struct MockServer {
    server: wiremock::MockServer,
    spec: Spec,
    violations: Arc<Mutex<Vec<String>>>,
}

/// A documented error body that a stub can answer with, at the status of its variant.
pub trait MockError {
    /// The status the variant stands for.
    fn mock_status(&self) -> u16;
    /// The body, as JSON.
    fn mock_body(&self) -> serde_json::Value;
}

impl MockServer {
    /// Starts a server on 127.0.0.1 for `spec` (a generated crate's `MockServer::start` passes its
    /// own), which answers every request breaking the spec with a 400.
    pub async fn start(spec: Spec) -> Self {
        let server = wiremock::MockServer::start().await;
        let violations = Arc::new(Mutex::new(Vec::new()));
        let checker = Checker { spec, violations: Arc::clone(&violations) };
        // The lowest priority: a stub (which matches only requests that keep the spec) wins.
        Mock::given(wiremock::matchers::any()).respond_with(checker).with_priority(u8::MAX).mount(&server).await;
        MockServer { server, spec, violations }
    }

    /// The server's base URL, `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client pointed at this server, with the token the server expects; `C` is a generated
    /// crate's `Client`, whose `MockServer::client` calls this.
    pub fn client<C: From<crate::Client>>(&self) -> C {
        crate::ClientBuilder::<C>::new(TOKEN, self.uri()).build_or_panic()
    }

    /// The token the server expects, for a client built by hand.
    pub fn token(&self) -> &'static str {
        TOKEN
    }

    /// The violations of the spec seen so far, one message each, in the order received.
    pub fn violations(&self) -> Vec<String> {
        self.violations.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// The violations seen so far, cleared, for a test that expects them; the server no longer
    /// fails the test for these.
    pub fn take_violations(&self) -> Vec<String> {
        self.violations.lock().map(|mut v| std::mem::take(&mut *v)).unwrap_or_default()
    }

    /// Panics with the list of violations, if there were any; `Drop` does the same.
    pub fn verify(&self) {
        let found = self.violations();
        if !found.is_empty() {
            panic!("the mock server received requests that break the spec:\n  - {}", found.join("\n  - "));
        }
    }

    /// A stub of one operation; the generated methods name the operation and its types.
    #[doc(hidden)]
    pub fn stub<B, T, E>(&self, contract: &'static Contract) -> Stub<'_, B, T, E> {
        Stub { server: self, contract, params: Vec::new(), times: None, delay: None, types: PhantomData }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // A test that already fails keeps its own message; a second panic would abort.
        if !std::thread::panicking() {
            self.verify();
        }
    }
}

/// The answer to one operation: chosen by `ok`, `example`, `error` or `status`, which mount it.
/// `B` is the request body's type, `T` the success body's (or [`Text`] or [`Binary`], see
/// [`Answer`]), `E` the operation's error enum.
#[must_use = "a stub answers nothing until `ok`, `example`, `error` or `status` mounts it"]
pub struct Stub<'a, B, T, E> {
    server: &'a MockServer,
    contract: &'static Contract,
    params: Vec<(String, String)>,
    times: Option<u64>,
    delay: Option<Duration>,
    types: PhantomData<fn(B, T, E)>,
}

impl<B, T, E> Stub<'_, B, T, E> {
    /// Answers only requests whose path parameter `name` (its name in the spec, such as
    /// `locationId`) is `value`.
    pub fn path_param(mut self, name: &str, value: impl Into<String>) -> Self {
        assert!(
            self.contract.path.contains(&format!("{{{name}}}")),
            "{} has no path parameter `{name}` ({})",
            self.contract.name,
            self.contract.path
        );
        self.params.push((name.to_string(), value.into()));
        self
    }

    /// Expects exactly `n` matching requests; the server panics when dropped otherwise.
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Waits this long before answering, for timeout tests.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// Answers with the first documented success status and this body: a value of the body's
    /// type for JSON, a `&str` for a text body and a `&[u8]` for a binary one, which go out as
    /// given under their documented media type.
    pub async fn ok(self, body: &T::Body)
    where
        T: Answer,
    {
        let template = T::answer(ResponseTemplate::new(self.contract.success_status), body, self.contract);
        self.mount(template).await
    }

    /// Answers with the first documented success status and the spec's example of its body.
    pub async fn example(self) {
        let text = self.contract.example.unwrap_or_else(|| panic!("{} has no success example", self.contract.name));
        let value = serde_json::from_str(text).expect("the generator writes examples as JSON");
        let status = self.contract.success_status;
        self.json(status, value).await
    }

    /// Answers with a documented error: the variant's status and its body.
    pub async fn error(self, error: &E)
    where
        E: MockError,
    {
        let (status, body) = (error.mock_status(), error.mock_body());
        self.json(status, body).await
    }

    /// Answers with a status and no body, such as a 503 for retry tests.
    pub async fn status(self, status: u16) {
        self.mount(ResponseTemplate::new(status)).await
    }

    /// Answers with any status and JSON body, for what the typed answers cannot say.
    pub async fn json(self, status: u16, body: serde_json::Value) {
        self.mount(ResponseTemplate::new(status).set_body_json(body)).await
    }

    async fn mount(self, mut template: ResponseTemplate) {
        if let Some(delay) = self.delay {
            template = template.set_delay(delay);
        }
        let matcher = Matches { spec: self.server.spec, contract: self.contract, params: self.params };
        let mut mock = Mock::given(matcher).respond_with(template);
        if let Some(n) = self.times {
            mock = mock.expect(n);
        }
        mock.mount(&self.server.server).await
    }

    /// The requests for this operation that kept the spec, with their path parameters and the
    /// decoded body (`None` for an operation without a body).
    pub async fn received(&self) -> Vec<Received<B>>
    where
        B: DeserializeOwned,
    {
        let requests = self.server.server.received_requests().await.unwrap_or_default();
        let matcher = Matches { spec: self.server.spec, contract: self.contract, params: self.params.clone() };
        requests
            .iter()
            .filter(|r| wiremock::Match::matches(&matcher, r))
            .map(|r| Received {
                path_params: route(self.server.spec.contracts, r.method.as_str(), r.url.path())
                    .map(|(_, params)| params)
                    .unwrap_or_default(),
                body: self.contract.body.as_ref().and_then(|_| serde_json::from_slice(&r.body).ok()),
            })
            .collect()
    }
}

/// What a stub's `ok` takes, and how it goes on the wire: any serializable value as JSON, and the
/// [`Text`] and [`Binary`] bodies as given. The generated stubs name one per operation.
pub trait Answer {
    /// The argument of `ok`.
    type Body: ?Sized;
    /// The response answering with `body`.
    #[doc(hidden)]
    fn answer(template: ResponseTemplate, body: &Self::Body, contract: &Contract) -> ResponseTemplate;
}

impl<T: Serialize> Answer for T {
    type Body = T;

    fn answer(template: ResponseTemplate, body: &T, _: &Contract) -> ResponseTemplate {
        template.set_body_json(serde_json::to_value(body).expect("generated types serialize to JSON"))
    }
}

/// A stub's `ok` for a `text/*` success body, which takes the text as a `&str`.
pub struct Text;

impl Answer for Text {
    type Body = str;

    fn answer(template: ResponseTemplate, body: &str, contract: &Contract) -> ResponseTemplate {
        template.set_body_raw(body.as_bytes().to_vec(), contract.success_media_type)
    }
}

/// A stub's `ok` for a success body of bytes (`application/octet-stream`, `image/png`), which
/// takes them as a `&[u8]`.
pub struct Binary;

impl Answer for Binary {
    type Body = [u8];

    fn answer(template: ResponseTemplate, body: &[u8], contract: &Contract) -> ResponseTemplate {
        template.set_body_raw(body.to_vec(), contract.success_media_type)
    }
}

/// A request the server received for one operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Received<B> {
    /// The path parameters by their names in the spec, as sent (percent-encoded).
    pub path_params: BTreeMap<String, String>,
    /// The request body, typed.
    pub body: Option<B>,
}

/// Runs the checks on a wiremock request.
fn check(spec: Spec, request: &Request) -> Result<(&'static Contract, BTreeMap<String, String>), Vec<String>> {
    let header = |name: &str| request.headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let seen = Seen { method: request.method.as_str(), path: request.url.path(), header: &header, body: &request.body };
    let (contract, params) = route(spec.contracts, seen.method, seen.path).map_err(|e| vec![e])?;
    let found = violations(contract, &seen, TOKEN, spec.lookup);
    if found.is_empty() {
        Ok((contract, params))
    } else {
        Err(found.into_iter().map(|v| format!("{} {}: {v}", seen.method, contract.path)).collect())
    }
}

/// Matches the requests of one operation that keep the spec (and the path parameters asked for).
struct Matches {
    spec: Spec,
    contract: &'static Contract,
    params: Vec<(String, String)>,
}

impl wiremock::Match for Matches {
    fn matches(&self, request: &Request) -> bool {
        match check(self.spec, request) {
            Ok((contract, params)) => {
                // By name: method names are unique, and a contract read through a `const` may be
                // a copy at another address.
                contract.name == self.contract.name
                    && self.params.iter().all(|(name, value)| params.get(name) == Some(value))
            }
            Err(_) => false,
        }
    }
}

/// Answers what no stub matched: a request that breaks the spec gets a 400 naming each violation,
/// in the shape of HighLevel's validation errors; one that keeps it, a 404 saying no stub matched.
struct Checker {
    spec: Spec,
    violations: Arc<Mutex<Vec<String>>>,
}

impl wiremock::Respond for Checker {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        match check(self.spec, request) {
            Err(found) => {
                if let Ok(mut all) = self.violations.lock() {
                    all.extend(found.iter().cloned());
                }
                let body =
                    serde_json::json!({ "statusCode": 400, "message": found, "error": "Request breaks the spec" });
                ResponseTemplate::new(400).set_body_json(body)
            }
            Ok((contract, _)) => ResponseTemplate::new(404).set_body_json(serde_json::json!({
                "statusCode": 404,
                "message": format!("the mock has no stub for this {} request; mount one", contract.name),
            })),
        }
    }
}
