//! Pacing by HighLevel's rate limit: each try waits for room in the burst window the server
//! reported, per token (one app and Sub-Account, as HighLevel counts), and a spent daily limit
//! fails at once.
//!
//! The window is counted on the client's side without knowing when the server's window began:
//! a try occupies a place from when it is sent until one window length after its response came
//! back. Whatever the server's window (fixed or sliding), every request it counts now arrived
//! after its window began, so it is either still in flight or answered less than a window ago:
//! fewer occupied places than the limit means room on the server too, however slow the network.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::deadline::Deadline;
use crate::rate_limit::RateLimit;

/// How long a spent daily limit fails calls at once before one try is sent to learn whether the
/// day has turned: HighLevel does not say when its day ends.
pub(crate) const DAILY_PROBE_AFTER: Duration = Duration::from_secs(60);

/// Beyond this many tokens, those with nothing to remember are forgotten (tokens rotate daily).
const TOKENS_KEPT: usize = 64;

/// Why the client sent nothing: HighLevel's rate limit left no room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitSpent {
    /// The daily limit is spent (`X-RateLimit-Daily-Remaining: 0`); calls fail at once for a
    /// minute, after which one is sent to learn whether the day has turned.
    Daily,
    /// The burst window would not have room before the call's deadline.
    Burst,
}

impl fmt::Display for LimitSpent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LimitSpent::Daily => "the daily rate limit is spent (X-RateLimit-Daily-Remaining: 0), nothing was sent",
            LimitSpent::Burst => {
                "the rate limit's burst window has no room before the call's deadline, nothing was sent"
            }
        })
    }
}

/// The windows of one client, one per token.
pub(crate) struct Pacer {
    windows: Mutex<HashMap<u64, Window>>,
    hasher: RandomState,
    /// Woken when a try ends, since only then does its place get an end.
    ended: Notify,
}

/// What one token's window looks like from here.
#[derive(Default)]
struct Window {
    /// `X-RateLimit-Max` and `X-RateLimit-Interval-Milliseconds`, once heard: until then nothing waits.
    limit: Option<(u64, Duration)>,
    in_flight: u64,
    /// When each answered try frees its place, in the order they ended: with one window length
    /// that is the order they free in, so expired places are popped from the front. Should the
    /// length change, a place behind a later one is freed late, never early.
    frees_at: VecDeque<Instant>,
    /// No try before this: the server said no room is left (`Remaining: 0`, or a 429).
    closed_until: Option<Instant>,
    /// Calls fail at once before this: the daily limit is spent.
    daily_spent_until: Option<Instant>,
}

/// A place in a window, held while a try is under way; dropping it unanswered (the caller gave up,
/// or no response came) frees the place a window after, as an answer would.
pub(crate) struct Place {
    pacer: Arc<Pacer>,
    key: u64,
    done: bool,
}

impl Pacer {
    pub(crate) fn new() -> Arc<Pacer> {
        Arc::new(Pacer { windows: Mutex::default(), hasher: RandomState::new(), ended: Notify::new() })
    }

    /// The window of a token, by a keyed hash: the token itself is not kept here.
    pub(crate) fn key(&self, authorization: &[u8]) -> u64 {
        self.hasher.hash_one(authorization)
    }

    /// Waits for a place in the window of `key`, within the call's deadline.
    pub(crate) async fn place(self: &Arc<Self>, key: u64, deadline: Deadline) -> Result<Place, LimitSpent> {
        loop {
            // Asked for before the window is read, so that a try ending in between still wakes us.
            let ended = self.ended.notified();
            let wake_at = match self.try_take(key)? {
                None => return Ok(Place { pacer: self.clone(), key, done: false }),
                Some(wake_at) => wake_at,
            };
            match wake_at {
                Some(at) if !deadline.allows_wait(at.saturating_duration_since(Instant::now())) => {
                    return Err(LimitSpent::Burst)
                }
                // Until a place frees, or sooner if a try ends and frees one earlier.
                Some(at) => {
                    let wait_ms = at.saturating_duration_since(Instant::now()).as_millis() as u64;
                    tracing::debug!(wait_ms, "waiting for room in the rate limit's window");
                    let _ = tokio::time::timeout_at(at, ended).await;
                }
                // Every place is held by a try in flight: wait for one to end.
                None => {
                    tracing::debug!("waiting for a try in flight to end, the rate limit's window being full");
                    deadline.bound(ended).await.map_err(|_| LimitSpent::Burst)?
                }
            }
        }
    }

    /// Takes a place when there is room (`Ok(None)`); else says when to look again: `Some(at)`, or
    /// `None` when only the end of a try in flight can make room.
    fn try_take(&self, key: u64) -> Result<Option<Option<Instant>>, LimitSpent> {
        let now = Instant::now();
        let mut windows = self.lock();
        let window = windows.entry(key).or_default();
        if let Some(until) = window.daily_spent_until {
            if until > now {
                return Err(LimitSpent::Daily);
            }
            window.daily_spent_until = None;
        }
        if let Some(until) = window.closed_until.filter(|until| *until > now) {
            return Ok(Some(Some(until)));
        }
        while window.frees_at.front().is_some_and(|at| *at <= now) {
            window.frees_at.pop_front();
        }
        let occupied = window.in_flight + window.frees_at.len() as u64;
        match window.limit {
            Some((max, _)) if occupied >= max => Ok(Some(window.frees_at.front().copied())),
            _ => {
                window.in_flight += 1;
                Ok(None)
            }
        }
    }

    /// Ends a try: learns what the response says and when the try's place is freed.
    fn end(&self, key: u64, response: Option<(StatusCode, &HeaderMap)>) {
        let now = Instant::now();
        let mut windows = self.lock();
        let window = windows.entry(key).or_default();
        window.in_flight = window.in_flight.saturating_sub(1);
        if let Some((status, headers)) = response {
            window.learn(now, status, headers);
        }
        if let Some((_, interval)) = window.limit {
            window.frees_at.push_back(now + interval);
        }
        if windows.len() > TOKENS_KEPT {
            windows.retain(|_, window| !window.is_idle(now));
        }
        drop(windows);
        self.ended.notify_waiters();
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Window>> {
        // Only counters and instants change under the lock; they stay usable after a panic.
        self.windows.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Window {
    fn learn(&mut self, now: Instant, status: StatusCode, headers: &HeaderMap) {
        let heard = RateLimit::from_headers(headers);
        if let (Some(max), Some(interval)) = (heard.max, heard.interval) {
            self.limit = Some((max.max(1), interval));
        }
        // The server's window is full (fuller than counted here, when other clients share the
        // limit): no room until it ends, which is at most a window length from now. A 429 from
        // a server that never told its limit holds back only its own call, by the retry policy.
        let full = status == StatusCode::TOO_MANY_REQUESTS || heard.remaining == Some(0);
        let closed_for = self.limit.filter(|_| full).map(|(_, interval)| interval);
        if let Some(wait) = closed_for.and_then(|wait| now.checked_add(wait)) {
            self.closed_until = Some(self.closed_until.map_or(wait, |until| until.max(wait)));
        }
        if heard.daily_remaining == Some(0) {
            self.daily_spent_until = Some(now + DAILY_PROBE_AFTER);
        }
    }

    fn is_idle(&self, now: Instant) -> bool {
        self.in_flight == 0
            && self.frees_at.iter().all(|at| *at <= now)
            && self.closed_until.is_none_or(|until| until <= now)
            && self.daily_spent_until.is_none_or(|until| until <= now)
    }
}

impl Place {
    /// Ends the try with the response it got, if any.
    pub(crate) fn end(mut self, response: Option<(StatusCode, &HeaderMap)>) {
        self.done = true;
        self.pacer.end(self.key, response);
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if !self.done {
            self.pacer.end(self.key, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn limits(remaining: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-max", HeaderValue::from_static("2"));
        headers.insert("x-ratelimit-interval-milliseconds", HeaderValue::from_static("1000"));
        headers.insert("x-ratelimit-remaining", HeaderValue::from_static(remaining));
        headers
    }

    #[tokio::test(start_paused = true)]
    async fn a_place_is_held_in_flight_and_for_a_window_after_its_answer() {
        let pacer = Pacer::new();
        let deadline = Deadline::after(Some(Duration::from_secs(5)));
        // Nothing is known yet: nothing waits.
        let first = pacer.place(1, deadline).await.unwrap();
        let second = pacer.place(1, deadline).await.unwrap();
        let third = pacer.place(1, deadline).await.unwrap();
        first.end(Some((StatusCode::OK, &limits("1"))));
        second.end(Some((StatusCode::OK, &limits("1"))));
        // Two answered a moment ago and one in flight, for a limit of two: the next waits until
        // a window after the first answers.
        let started = Instant::now();
        tokio::time::advance(Duration::from_millis(400)).await;
        third.end(Some((StatusCode::OK, &limits("1"))));
        let fourth = pacer.place(1, deadline).await.unwrap();
        assert_eq!(started.elapsed(), Duration::from_millis(1000));
        // Another token has a window of its own.
        let elsewhere = pacer.place(2, deadline).await.unwrap();
        assert_eq!(started.elapsed(), Duration::from_millis(1000));
        drop((fourth, elsewhere));
    }

    #[tokio::test(start_paused = true)]
    async fn no_room_before_the_deadline_fails_at_once() {
        let pacer = Pacer::new();
        pacer.place(1, Deadline::after(None)).await.unwrap().end(Some((StatusCode::OK, &limits("0"))));
        let started = Instant::now();
        let refused = pacer.place(1, Deadline::after(Some(Duration::from_millis(500)))).await.err();
        assert_eq!((refused, started.elapsed()), (Some(LimitSpent::Burst), Duration::ZERO));
        assert!(pacer.place(1, Deadline::after(Some(Duration::from_secs(2)))).await.is_ok());
        assert_eq!(started.elapsed(), Duration::from_millis(1000));
    }
}
