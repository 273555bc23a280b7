//! A seeded fault-injection soak: 100 tasks drive calls through one `Client` against a server on
//! 127.0.0.1 that resets connections, stalls heads and bodies, truncates bodies, answers 429 and
//! 503, and expires the token in waves, while the token's refresh is itself slow or failing. A
//! last phase adds a rate limit that the server enforces as HighLevel does ([`LIMIT`] per
//! [`WINDOW`], 429 beyond it), which the client must pace itself by.
//!
//! `cargo test -p generated-client --test soak` runs 1,000 calls. The full run (10,000 calls)
//! prints its report with:
//!
//! ```sh
//! cargo test -p generated-client --release --test soak -- --ignored --nocapture
//! ```
//!
//! `SOAK_SEED` and `SOAK_CALLS` change the seed (13) and the number of calls of the full run.

mod report;
mod server;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated_client::{types, AccessToken, AuthError, Client, Error, RefreshingToken, RetryPolicy};
use report::{Report, Snapshot};
use server::{roll, Server};

const LOCATION: &str = "w37swmmLbA02zgqKPpxITe2";
const TASKS: u64 = 100;
const DEADLINE: Duration = Duration::from_secs(2);
/// How many times the server expires the token in a run.
const WAVES: u64 = 10;
/// What the process may keep of the memory a run used: freed memory stays with the allocator,
/// so the end is compared with the state after a warm-up run, with room for that.
const RSS_SLACK_KIB: u64 = 16 * 1024;
/// The rate limit of the last phase: fewer requests per window than there are tasks.
const LIMIT: u64 = 50;
const WINDOW: Duration = Duration::from_millis(500);

/// Counts of the refresh callback, and the server's token generation it reads.
#[derive(Default)]
struct Refreshes {
    runs: AtomicU64,
    ok: AtomicU64,
    failed: AtomicU64,
}

fn client(server: &Server, seed: u64, refreshes: Arc<Refreshes>) -> Client {
    let generation = server.generation.clone();
    let fetch = move || {
        let (refreshes, generation) = (refreshes.clone(), generation.clone());
        let run = refreshes.runs.fetch_add(1, Ordering::SeqCst);
        async move {
            let fault = roll(seed, 3, run);
            if fault < 0.2 {
                tokio::time::sleep(Duration::from_millis(800)).await;
            } else if fault < 0.35 {
                refreshes.failed.fetch_add(1, Ordering::SeqCst);
                return Err(AuthError::new("the token endpoint is unavailable"));
            }
            refreshes.ok.fetch_add(1, Ordering::SeqCst);
            Ok(AccessToken::new(format!("tok-{}", generation.load(Ordering::SeqCst))))
        }
    };
    Client::builder_with_token_source(RefreshingToken::with_token("tok-0", fetch))
        .base_url(format!("http://{}", server.addr))
        .timeout(DEADLINE)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(50)).max_wait(Duration::from_secs(1)))
        .build()
        .expect("the client builds")
}

/// What came of a call, by kind.
fn kind<E: std::fmt::Debug>(result: &Result<(), Error<E>>) -> String {
    match result {
        Ok(()) => "ok".into(),
        Err(Error::Auth(e)) if e.is_timeout() => "error: token source timeout".into(),
        Err(Error::Auth(_)) => "error: token source failed".into(),
        Err(Error::Timeout(_)) => "error: timeout".into(),
        Err(Error::Communication(_)) => "error: communication".into(),
        Err(Error::ErrorResponse(v)) => format!("error: documented {}", v.status().as_u16()),
        Err(Error::UnexpectedStatus(r)) => format!("error: undocumented {}", r.status().as_u16()),
        Err(Error::InvalidResponsePayload { .. }) => "error: invalid payload".into(),
        Err(other) => format!("error: other ({other})"),
    }
}

/// Runs `calls` calls, ids `first..first + calls`, from [`TASKS`] tasks; the token expires
/// [`WAVES`] times along the way when `waves` is set. Gives each call's latency and outcome.
async fn drive(
    client: &Client,
    server: &Server,
    seed: u64,
    first: u64,
    calls: u64,
    waves: bool,
) -> Vec<(Duration, String)> {
    let next = Arc::new(AtomicU64::new(first));
    let results = Arc::new(Mutex::new(Vec::new()));
    let wave_every = (calls / WAVES).max(1);
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (client, next, results, generation) =
                (client.clone(), next.clone(), results.clone(), server.generation.clone());
            tokio::spawn(async move {
                loop {
                    let id = next.fetch_add(1, Ordering::SeqCst);
                    if id >= first + calls {
                        return;
                    }
                    if waves && (id - first) % wave_every == wave_every / 2 {
                        generation.fetch_add(1, Ordering::SeqCst);
                    }
                    let account = format!("call-{id}");
                    let started = Instant::now();
                    let outcome = if roll(seed, 2, id) < 0.5 {
                        kind(&client.get_instagram_professional_accounts(LOCATION, &account).await.map(|_| ()))
                    } else {
                        let body = types::AttachIgAccountDto::new(account.clone());
                        kind(
                            &client.attach_instagram_professional_accounts(LOCATION, &account, &body).await.map(|_| ()),
                        )
                    };
                    results.lock().unwrap().push((started.elapsed(), outcome));
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("no call task panics");
    }
    let results = std::mem::take(&mut *results.lock().unwrap());
    results
}

/// Waits (up to 10 s) for the sockets and tasks of a finished run to go.
async fn settle(baseline: Snapshot) -> Snapshot {
    let started = Instant::now();
    loop {
        let now = Snapshot::now();
        if (now.sockets <= baseline.sockets && now.tasks <= baseline.tasks)
            || started.elapsed() > Duration::from_secs(10)
        {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn soak(seed: u64, calls: u64) -> Report {
    let before = Snapshot::now();
    let server = Server::start(seed).await;
    let refreshes = Arc::new(Refreshes::default());
    let client = client(&server, seed, refreshes.clone());
    // A warm-up run without token expiry fills the pool and the allocator, so the end can be
    // compared with a process that has done this work before.
    drive(&client, &server, seed, 1 << 40, calls / 10, false).await;
    let warm = Snapshot::now();
    let (ok_before, failed_before) = (refreshes.ok.load(Ordering::SeqCst), refreshes.failed.load(Ordering::SeqCst));
    let started = Instant::now();
    let results = drive(&client, &server, seed, 0, calls, true).await;
    let elapsed = started.elapsed();
    let limited = limited_phase(&client, &server, seed, calls / 10).await;
    drop(client);
    server.stop();
    let after = settle(before).await;
    let mut outcomes = BTreeMap::new();
    for (_, outcome) in &results {
        *outcomes.entry(outcome.clone()).or_insert(0) += 1;
    }
    let mut latencies: Vec<Duration> = results.iter().map(|(latency, _)| *latency).collect();
    latencies.sort();
    let requests =
        server.counts.tries.lock().unwrap().iter().filter(|(id, _)| **id < calls).map(|(_, n)| u64::from(*n)).sum();
    let max_post_actions = server.counts.posts_acted.lock().unwrap().values().copied().max().unwrap_or(0);
    Report {
        seed,
        calls,
        deadline: DEADLINE,
        elapsed,
        outcomes,
        latencies,
        requests,
        max_post_actions,
        waves: server.generation.load(Ordering::SeqCst),
        refreshes_ok: refreshes.ok.load(Ordering::SeqCst) - ok_before,
        refreshes_failed: refreshes.failed.load(Ordering::SeqCst) - failed_before,
        peak_rss_kib: report::status_kib("VmHWM"),
        before,
        warm,
        after,
        limited,
    }
}

/// `calls` calls (ids from `1 << 41`, without token expiry) while the server enforces [`LIMIT`]
/// per [`WINDOW`].
async fn limited_phase(client: &Client, server: &Server, seed: u64, calls: u64) -> report::Limited {
    *server.window.lock().unwrap() = Some(tests::FixedWindow::new(LIMIT, WINDOW, None));
    let first = 1 << 41;
    let results = drive(client, server, seed, first, calls, false).await;
    *server.window.lock().unwrap() = None;
    let tries = server.counts.tries.lock().unwrap();
    report::Limited {
        calls,
        outcomes: results.into_iter().fold(BTreeMap::new(), |mut outcomes, (_, outcome)| {
            *outcomes.entry(outcome).or_insert(0) += 1;
            outcomes
        }),
        requests: tries.iter().filter(|(id, _)| **id >= first).map(|(_, n)| u64::from(*n)).sum(),
        window_429s: server.counts.window_rejections.load(Ordering::SeqCst),
    }
}

/// What every run must show, whatever its size.
fn check(report: &Report) {
    report.print();
    assert_eq!(report.latencies.len() as u64, report.calls, "every call ended");
    let limit = report.deadline.mul_f64(1.1);
    assert!(
        report.max_latency() <= limit,
        "a call took {:?}, past its deadline by more than 10 %",
        report.max_latency()
    );
    assert!(report.max_post_actions <= 1, "a POST reached the server {} times", report.max_post_actions);
    assert!(
        report.refreshes_ok <= report.waves,
        "{} refreshes for {} waves of 401s",
        report.refreshes_ok,
        report.waves
    );
    assert!(
        report.outcomes.get("ok").copied().unwrap_or(0) > report.calls / 2,
        "most calls succeed: {:?}",
        report.outcomes
    );
    for kind in ["error: timeout", "error: undocumented 503", "error: communication"] {
        assert!(report.outcomes.contains_key(kind), "the faults were met ({kind}): {:?}", report.outcomes);
    }
    // Only requests sent before the client heard the limit meet it: at most the first wave.
    assert!(report.limited.window_429s <= TASKS, "{:?}", report.limited);
    assert!(report.after.sockets <= report.before.sockets, "sockets left open: {:?}", report.after);
    assert!(report.after.tasks <= report.before.tasks, "tasks left alive: {:?}", report.after);
    assert!(
        report.after.rss_kib <= report.warm.rss_kib + RSS_SLACK_KIB,
        "memory grew: {report:?}",
        report = report.after
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_calls_under_faults_keep_every_promise() {
    check(&soak(13, 1_000).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "the full soak: 10,000 calls, see the module's documentation"]
async fn full_soak() {
    let number = |name: &str, default: u64| std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    check(&soak(number("SOAK_SEED", 13), number("SOAK_CALLS", 10_000)).await);
}
