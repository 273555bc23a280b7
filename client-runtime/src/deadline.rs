//! The deadline of one call: when it ends, what is left of it, and bounding any await by it.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

/// Timeouts longer than this (about 136 years) mean no deadline at all. Saturating here keeps
/// every later `Instant + Duration`, ours and the timer's, far from overflowing.
const NO_DEADLINE_BEYOND: Duration = Duration::from_secs(1 << 32);

/// When a call must be over; `None` when it has no deadline (a caller's own HTTP client, or a
/// timeout too long to matter).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Deadline(Option<Instant>);

/// The deadline passed while waiting for something other than the HTTP exchange.
pub(crate) struct Elapsed;

impl Deadline {
    /// The deadline `timeout` from now; `None` or an overlong timeout give no deadline.
    pub(crate) fn after(timeout: Option<Duration>) -> Deadline {
        let timeout = timeout.filter(|timeout| *timeout <= NO_DEADLINE_BEYOND);
        Deadline(timeout.and_then(|timeout| Instant::now().checked_add(timeout)))
    }

    /// What is left of the deadline, zero once it has passed; `None` without a deadline.
    pub(crate) fn remaining(&self) -> Option<Duration> {
        self.0.map(|deadline| deadline.saturating_duration_since(Instant::now()))
    }

    /// Whether a wait of `wait` starting now ends before the deadline; a wait too long to be
    /// added to the clock never does.
    pub(crate) fn allows_wait(&self, wait: Duration) -> bool {
        match self.0 {
            None => true,
            Some(deadline) => Instant::now().checked_add(wait).is_some_and(|end| end < deadline),
        }
    }

    /// Awaits `future` until the deadline at most. A future that is ready at once never arms a
    /// timer, so a fixed or cached token costs nothing here.
    pub(crate) async fn bound<F: Future>(&self, future: F) -> Result<F::Output, Elapsed> {
        match self.0 {
            None => Ok(future.await),
            Some(deadline) => tokio::time::timeout_at(deadline, future).await.map_err(|_| Elapsed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_timeouts_mean_no_deadline_instead_of_an_overflow() {
        for timeout in [Duration::MAX, Duration::from_secs(u64::MAX / 2), NO_DEADLINE_BEYOND + Duration::from_nanos(1)]
        {
            let deadline = Deadline::after(Some(timeout));
            assert!(deadline.remaining().is_none(), "{timeout:?}");
            assert!(deadline.allows_wait(Duration::MAX));
        }
        let near = Deadline::after(Some(Duration::from_secs(60)));
        assert!(near.remaining().is_some_and(|left| left <= Duration::from_secs(60)));
        assert!(!near.allows_wait(Duration::MAX), "a wait that cannot be added to the clock ends past any deadline");
        assert!(!near.allows_wait(Duration::from_secs(61)));
        assert!(near.allows_wait(Duration::from_secs(1)));
    }
}
