//! Fuzz target: any bytes as the value of every rate-limit header and of `Retry-After`. Parsing
//! must never panic, whatever a server or a proxy sends.

#![no_main]

use std::time::SystemTime;

use generated_client::{retry_after, RateLimit};
use libfuzzer_sys::fuzz_target;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

const NAMES: [&str; 6] = [
    "x-ratelimit-remaining",
    "x-ratelimit-max",
    "x-ratelimit-interval-milliseconds",
    "x-ratelimit-limit-daily",
    "x-ratelimit-daily-remaining",
    "retry-after",
];

fuzz_target!(|data: &[u8]| {
    let Ok(value) = HeaderValue::from_bytes(data) else { return };
    let mut headers = HeaderMap::new();
    for name in NAMES {
        headers.insert(HeaderName::from_static(name), value.clone());
    }
    let _ = RateLimit::from_headers(&headers);
    let _ = retry_after(&headers, SystemTime::now());
});
