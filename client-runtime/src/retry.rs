//! When a failed request is sent again, and after how long: the retry policy and its decisions.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;

use crate::rate_limit::RateLimit;

/// How the client retries a request that failed in a way that another try could fix.
///
/// Which failures qualify depends on whether the server may already have acted on the request:
///
/// - Operations that are safe to repeat (GET, and any operation the spec marks idempotent) are
///   retried on connection failures, timeouts and the statuses 408, 429, 500, 502, 503 and 504.
/// - Other operations (POST) are retried only when the server cannot have acted on them: a 429,
///   or a connection that was never established. A timeout or a 503 after sending is returned.
/// - 400, 401, 422 and every other status are never retried (a 401 may instead renew the token
///   once, see [`TokenSource`](crate::TokenSource)).
///
/// The wait before a retry is the server's `Retry-After` (seconds or HTTP date) when it sends
/// one; for a 429 without it, HighLevel's burst window (`X-RateLimit-Interval-Milliseconds`);
/// otherwise exponential backoff with jitter. A wait longer than [`max_wait`](Self::max_wait)
/// means no retry: the error is returned at once, so that a caller is never blocked for longer
/// than it agreed to.
///
/// ```
/// use std::time::Duration;
/// use client_runtime::{Client, ClientBuilder, RetryPolicy};
///
/// let client: Client = ClientBuilder::new("token", "https://api.example.com")
///     .retry(RetryPolicy::default().max_retries(4).max_wait(Duration::from_secs(15)))
///     .build()?;
/// let no_retries: Client = ClientBuilder::new("token", "https://api.example.com").retry(RetryPolicy::none()).build()?;
/// # Ok::<(), client_runtime::BuildError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_wait: Duration,
    jitter: bool,
}

/// Two retries after the first try, backoff from 250 ms doubling up to 8 s, and server-requested
/// waits honoured up to 30 s, which covers HighLevel's 10-second burst window.
impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_wait: Duration::from_secs(30),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// Never retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// How many times a request may be sent again after its first try.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The backoff before the first retry; it doubles for each further one.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff, however many retries came before.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest wait before a retry; a server asking for longer gets its error returned.
    pub fn max_wait(mut self, wait: Duration) -> Self {
        self.max_wait = wait;
        self
    }

    /// Whether backoffs are randomised (between half and all of their value), so that clients
    /// that failed together do not retry together. On by default.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The configured number of retries.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// The wait before retry number `retries_done + 1`, or `None` when the request must not be
    /// sent again.
    pub(crate) fn delay(&self, idempotent: bool, retries_done: u32, outcome: Outcome<'_>) -> Option<Duration> {
        if retries_done >= self.max_retries {
            return None;
        }
        let retryable = match outcome {
            Outcome::Response { status, .. } => match status.as_u16() {
                429 => true,
                408 | 500 | 502 | 503 | 504 => idempotent,
                _ => false,
            },
            Outcome::Failure { connect } => connect || idempotent,
        };
        if !retryable {
            return None;
        }
        let requested = match outcome {
            Outcome::Response { status, headers } => server_wait(status, headers, SystemTime::now()),
            Outcome::Failure { .. } => None,
        };
        let wait = requested.unwrap_or_else(|| self.backoff(retries_done));
        (wait <= self.max_wait).then_some(wait)
    }

    /// Exponential backoff: `initial * 2^retries_done`, at most `max_backoff`, with jitter.
    fn backoff(&self, retries_done: u32) -> Duration {
        let factor = 2u32.checked_pow(retries_done).unwrap_or(u32::MAX);
        let full = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        if self.jitter {
            // Halving before scaling keeps even `Duration::MAX` clear of an overflow.
            let half = full / 2;
            half.saturating_add(half.mul_f64(random_fraction()))
        } else {
            full
        }
    }
}

/// What came of one try, as far as retrying is concerned.
#[derive(Clone, Copy)]
pub(crate) enum Outcome<'a> {
    /// A response arrived.
    Response { status: StatusCode, headers: &'a HeaderMap },
    /// No response arrived; `connect` when the connection was never established, so the server
    /// cannot have seen the request.
    Failure { connect: bool },
}

/// The wait a response asks for: `Retry-After`, or for a 429 the length of HighLevel's burst window,
/// after which the window has certainly been renewed.
fn server_wait(status: StatusCode, headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    retry_after(headers, now).or_else(|| {
        (status == StatusCode::TOO_MANY_REQUESTS).then(|| RateLimit::from_headers(headers).interval).flatten()
    })
}

/// Parses `Retry-After` as delay-seconds or as an HTTP date (a date in the past means now).
/// Anything else is ignored, as if the header were missing.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A number in `[0, 1)` that differs between calls and processes. Jitter needs spread, not
/// unpredictability, so std's randomly keyed hasher over a counter is enough and saves a dependency.
fn random_fraction() -> f64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn response(status: u16, headers: &HeaderMap) -> Outcome<'_> {
        Outcome::Response { status: StatusCode::from_u16(status).unwrap(), headers }
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_after(&headers(&[("retry-after", " 7 ")]), now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(12));
        assert_eq!(retry_after(&headers(&[("retry-after", &later)]), now), Some(Duration::from_secs(12)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(12));
        assert_eq!(retry_after(&headers(&[("retry-after", &earlier)]), now), Some(Duration::ZERO));
        assert_eq!(retry_after(&headers(&[("retry-after", "soon")]), now), None);
        assert_eq!(retry_after(&headers(&[("retry-after", "-3")]), now), None);
    }

    #[test]
    fn which_outcomes_are_retried() {
        let policy = RetryPolicy::default().jitter(false);
        let none = HeaderMap::new();
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(policy.delay(true, 0, response(status, &none)).is_some(), "GET {status}");
        }
        for status in [200, 201, 301, 400, 401, 403, 404, 422, 501] {
            assert!(policy.delay(true, 0, response(status, &none)).is_none(), "GET {status}");
        }
        assert!(policy.delay(false, 0, response(429, &none)).is_some());
        for status in [408, 500, 502, 503, 504] {
            assert!(policy.delay(false, 0, response(status, &none)).is_none(), "POST {status}");
        }
        assert!(policy.delay(false, 0, Outcome::Failure { connect: true }).is_some());
        assert!(policy.delay(false, 0, Outcome::Failure { connect: false }).is_none());
        assert!(policy.delay(true, 0, Outcome::Failure { connect: false }).is_some());
        assert!(policy.delay(true, 2, response(503, &none)).is_none(), "the budget is spent");
        assert!(RetryPolicy::none().delay(true, 0, response(503, &none)).is_none());
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_and_jitter_stays_within_half() {
        let policy = RetryPolicy::default()
            .max_retries(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(500))
            .jitter(false);
        let none = HeaderMap::new();
        let waits: Vec<_> = (0..5).map(|n| policy.delay(true, n, response(503, &none)).unwrap().as_millis()).collect();
        assert_eq!(waits, [100, 200, 400, 500, 500]);
        let jittered = policy.jitter(true);
        let samples: Vec<_> = (0..200).map(|_| jittered.delay(true, 1, response(503, &none)).unwrap()).collect();
        assert!(samples.iter().all(|d| *d >= Duration::from_millis(100) && *d <= Duration::from_millis(200)));
        assert!(samples.iter().any(|d| *d != samples[0]), "jitter varies the wait");
    }

    #[test]
    fn server_waits_win_and_a_wait_over_the_cap_means_no_retry() {
        let policy = RetryPolicy::default().jitter(false).max_wait(Duration::from_secs(20));
        let interval = headers(&[("x-ratelimit-interval-milliseconds", "10000")]);
        assert_eq!(policy.delay(true, 0, response(429, &interval)), Some(Duration::from_secs(10)));
        assert_eq!(
            policy.delay(true, 0, response(503, &interval)),
            Some(Duration::from_millis(250)),
            "only a 429 waits for the window"
        );
        let both = headers(&[("x-ratelimit-interval-milliseconds", "10000"), ("retry-after", "3")]);
        assert_eq!(policy.delay(false, 0, response(429, &both)), Some(Duration::from_secs(3)));
        let long = headers(&[("retry-after", "21")]);
        assert_eq!(policy.delay(true, 0, response(503, &long)), None);
    }
}
