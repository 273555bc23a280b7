//! Shared helpers of the workspace's integration tests, which live in `tests/tests/`.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests lives in the workspace").to_path_buf()
}

/// The spec as JSON, with `$ref`s left as they are.
pub fn spec() -> serde_json::Value {
    let text = std::fs::read_to_string(workspace().join("spec/social-planner.yaml")).expect("the spec is readable");
    serde_yaml::from_str(&text).expect("the spec is valid YAML")
}

/// Follows a local `$ref` (`#/components/...`) if `value` is one.
pub fn deref<'a>(spec: &'a serde_json::Value, value: &'a serde_json::Value) -> &'a serde_json::Value {
    match value.get("$ref").and_then(|r| r.as_str()) {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("only local refs in the spec");
            spec.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {reference}"))
        }
        None => value,
    }
}

/// The operation object of `method` on the one path of the spec.
pub fn operation<'a>(spec: &'a serde_json::Value, method: &str) -> &'a serde_json::Value {
    &spec["paths"]["/social-media-posting/oauth/{locationId}/instagram/accounts/{accountId}"][method]
}

/// The documented JSON example of a response status of an operation.
pub fn response_example(spec: &serde_json::Value, method: &str, status: &str) -> serde_json::Value {
    let response = deref(spec, &operation(spec, method)["responses"][status]);
    response["content"]["application/json"]["example"].clone()
}

/// The documented JSON example of an operation's request body.
pub fn request_example(spec: &serde_json::Value, method: &str) -> serde_json::Value {
    operation(spec, method)["requestBody"]["content"]["application/json"]["example"].clone()
}

/// A rate limit enforced the way HighLevel reports it: `max` requests per window of `interval`,
/// the window starting at the first request after the last one ended, and optionally a daily
/// budget. For the test servers that hold a client to a limit (`tests/tests/pacing.rs`, the soak).
#[derive(Debug)]
pub struct FixedWindow {
    max: u64,
    interval: std::time::Duration,
    started: Option<std::time::Instant>,
    used: u64,
    daily_left: Option<u64>,
}

/// What a [`FixedWindow`] says of one request: admitted or not, and the headers to answer with.
pub struct Admission {
    pub admitted: bool,
    pub headers: Vec<(&'static str, String)>,
}

impl FixedWindow {
    pub fn new(max: u64, interval: std::time::Duration, daily: Option<u64>) -> Self {
        FixedWindow { max, interval, started: None, used: 0, daily_left: daily }
    }

    /// Counts a request arriving at `now` (a rejected one is not counted, as HighLevel does not).
    pub fn admit(&mut self, now: std::time::Instant) -> Admission {
        if self.started.is_none_or(|started| now >= started + self.interval) {
            (self.started, self.used) = (Some(now), 0);
        }
        let admitted = self.used < self.max && self.daily_left != Some(0);
        if admitted {
            self.used += 1;
            self.daily_left = self.daily_left.map(|left| left - 1);
        }
        let mut headers = vec![
            ("x-ratelimit-max", self.max.to_string()),
            ("x-ratelimit-remaining", (self.max - self.used).to_string()),
            ("x-ratelimit-interval-milliseconds", self.interval.as_millis().to_string()),
        ];
        if let Some(left) = self.daily_left {
            headers.push(("x-ratelimit-daily-remaining", left.to_string()));
        }
        Admission { admitted, headers }
    }
}
