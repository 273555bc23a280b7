//! The `tracing` spans of requests: one per try, with operation, method, path template, attempt,
//! status and duration, and never the token, captured by a subscriber written for this test.

mod support;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use generated_client::{AccessToken, Client, RefreshingToken, RetryPolicy};
use support::{ACCOUNT, LOCATION, PATH};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "sk-very-secret-2a9c";
const RENEWED: &str = "sk-renewed-secret-7f3e";

/// Everything a subscriber was told: spans with their fields, and events as text.
#[derive(Default)]
struct Captured {
    spans: Vec<(String, BTreeMap<String, String>)>,
    events: Vec<String>,
}

#[derive(Clone, Default)]
struct Capture {
    captured: Arc<Mutex<Captured>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_string(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        let mut captured = self.captured.lock().unwrap();
        captured.spans.push((attributes.metadata().name().to_string(), fields));
        Id::from_u64(captured.spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut captured = self.captured.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut captured.spans[index].1));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.captured.lock().unwrap().events.push(format!("{} {fields:?}", event.metadata().target()));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn every_try_is_a_span_with_its_facts_and_no_secret() {
    let spec = tests::spec();
    let ok = tests::response_example(&spec, "get", "200").to_string();
    let server = MockServer::start().await;
    // The old token is rejected; the renewed one first meets a 503, then succeeds.
    Mock::given(header("authorization", format!("Bearer {SECRET}").as_str()))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", format!("Bearer {RENEWED}").as_str()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(ok, "application/json"))
        .mount(&server)
        .await;
    let source = RefreshingToken::with_token(SECRET, || async { Ok(AccessToken::new(RENEWED)) });
    let client = Client::builder_with_token_source(source)
        .base_url(server.uri())
        .retry(RetryPolicy::default().initial_backoff(std::time::Duration::from_millis(1)))
        .build()
        .unwrap();

    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    drop(guard);

    let captured = capture.captured.lock().unwrap();
    let tries: Vec<_> = captured.spans.iter().filter(|(name, _)| name == "http_request").map(|(_, f)| f).collect();
    assert_eq!(tries.len(), 3, "{:?}", captured.spans);
    for (number, (fields, status)) in tries.iter().zip(["401", "503", "200"]).enumerate() {
        assert_eq!(fields["operation"], "get_instagram_professional_accounts");
        assert_eq!(fields["operation_id"], "getInstagramProfessionalAccounts");
        assert_eq!(fields["method"], "GET");
        assert_eq!(fields["path"], "/social-media-posting/oauth/{locationId}/instagram/accounts/{accountId}");
        assert_eq!(fields["attempt"], (number + 1).to_string());
        assert_eq!(fields["status"], status);
        assert!(fields["duration_ms"].parse::<u64>().is_ok(), "{fields:?}");
    }
    assert!(captured.events.iter().any(|e| e.contains("renewing")), "{:?}", captured.events);
    assert!(captured.events.iter().any(|e| e.contains("retrying")), "{:?}", captured.events);

    let everything = format!("{:?} {:?}", captured.spans, captured.events);
    assert!(!everything.contains(SECRET) && !everything.contains(RENEWED), "a token was traced: {everything}");
    assert!(
        !everything.contains(PATH) && !everything.contains(LOCATION),
        "the filled-in path was traced: {everything}"
    );
}
