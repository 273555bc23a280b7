//! HighLevel's `X-RateLimit-*` response headers, typed, for successes and errors alike.

use std::time::Duration;

use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;

/// The burst window's remaining requests.
pub const REMAINING: &str = "x-ratelimit-remaining";
/// The requests allowed in one burst window.
pub const MAX: &str = "x-ratelimit-max";
/// The length of the burst window, in milliseconds.
pub const INTERVAL_MILLISECONDS: &str = "x-ratelimit-interval-milliseconds";
/// The requests allowed per day.
pub const LIMIT_DAILY: &str = "x-ratelimit-limit-daily";
/// The requests left today.
pub const DAILY_REMAINING: &str = "x-ratelimit-daily-remaining";

/// The rate-limit state HighLevel reports on every response (100 requests per 10 seconds and
/// 200,000 a day per app and location at the time of writing).
///
/// Each field is `None` when its header is missing or is not a non-negative integer: a proxy or a
/// mock server may leave them out, and a malformed header must not fail an otherwise good call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RateLimit {
    /// `X-RateLimit-Remaining`: requests left in the current burst window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Max`: requests allowed in one burst window.
    pub max: Option<u64>,
    /// `X-RateLimit-Interval-Milliseconds`: the length of the burst window.
    pub interval: Option<Duration>,
    /// `X-RateLimit-Limit-Daily`: requests allowed per day.
    pub limit_daily: Option<u64>,
    /// `X-RateLimit-Daily-Remaining`: requests left today.
    pub daily_remaining: Option<u64>,
}

impl RateLimit {
    /// Reads the headers; never fails, whatever bytes they hold.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        RateLimit {
            remaining: number(headers, REMAINING),
            max: number(headers, MAX),
            interval: number(headers, INTERVAL_MILLISECONDS).map(Duration::from_millis),
            limit_daily: number(headers, LIMIT_DAILY),
            daily_remaining: number(headers, DAILY_REMAINING),
        }
    }

    /// Whether the response carried none of the headers.
    pub fn is_empty(&self) -> bool {
        *self == RateLimit::default()
    }
}

fn number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// The rate limits of a successful response; `ResponseValue` comes from another crate, hence a
/// trait rather than a method of its own.
///
/// ```
/// use client_runtime::RateLimitExt;
/// # fn show(response: client_runtime::ResponseValue<()>) {
/// if let Some(remaining) = response.rate_limit().remaining {
///     println!("{remaining} requests left in this burst window");
/// }
/// # }
/// ```
pub trait RateLimitExt {
    /// The `X-RateLimit-*` headers of the response.
    fn rate_limit(&self) -> RateLimit;
}

impl<T> RateLimitExt for ResponseValue<T> {
    fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(self.headers())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn every_header_is_read_and_malformed_ones_are_none() {
        let mut headers = HeaderMap::new();
        headers.insert(REMAINING, HeaderValue::from_static("99"));
        headers.insert(MAX, HeaderValue::from_static("100"));
        headers.insert(INTERVAL_MILLISECONDS, HeaderValue::from_static("10000"));
        headers.insert(LIMIT_DAILY, HeaderValue::from_static("200000"));
        headers.insert(DAILY_REMAINING, HeaderValue::from_static("-1"));
        let limits = RateLimit::from_headers(&headers);
        assert_eq!(
            limits,
            RateLimit {
                remaining: Some(99),
                max: Some(100),
                interval: Some(Duration::from_secs(10)),
                limit_daily: Some(200_000),
                daily_remaining: None,
            }
        );
        assert!(RateLimit::from_headers(&HeaderMap::new()).is_empty());
    }
}
