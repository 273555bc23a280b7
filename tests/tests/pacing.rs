//! Pacing by HighLevel's rate limit, against a server on 127.0.0.1 that enforces one
//! ([`tests::FixedWindow`]) and answers 429 beyond it. Waits run on tokio's paused clock, which the
//! server shares, so the windows are exact and the tests take no real time.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use generated_client::{Client, Error, LimitSpent, RetryPolicy};
use support::{ACCOUNT, LOCATION, TOKEN};
use tests::FixedWindow;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

const BODY: &str = r#"{"success":true,"statusCode":200,"message":"ok","results":{"accounts":[]}}"#;

/// What the server saw: for each request in order of arrival, whether it was answered 429.
#[derive(Default)]
struct Seen {
    rejected: Vec<bool>,
}

impl Seen {
    fn sent(&self) -> usize {
        self.rejected.len()
    }

    fn rejections(&self) -> usize {
        self.rejected.iter().filter(|r| **r).count()
    }
}

/// Starts the server; every request costs a place in `window`.
async fn start(window: FixedWindow) -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port is free");
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let (window, seen) = (Arc::new(Mutex::new(window)), Arc::new(Mutex::new(Seen::default())));
    let state = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, window.clone(), state.clone()));
        }
    });
    (uri, seen)
}

/// Answers one request per connection, then closes it.
async fn serve(mut stream: TcpStream, window: Arc<Mutex<FixedWindow>>, seen: Arc<Mutex<Seen>>) {
    let (mut head, mut buffer) = (Vec::new(), [0u8; 4096]);
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    let admission = window.lock().unwrap().admit(Instant::now().into_std());
    seen.lock().unwrap().rejected.push(!admission.admitted);
    let (status, body) = if admission.admitted { (200, BODY) } else { (429, "") };
    let mut response = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (name, value) in admission.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(body);
    let _ = stream.write_all(response.as_bytes()).await;
}

/// A client whose connection pool sets no timers, as the paused clock needs (see `support`).
fn client(uri: &str, pace: bool) -> Client {
    let http = reqwest::Client::builder().pool_idle_timeout(None).build().unwrap();
    Client::builder(TOKEN).base_url(uri).http_client(http).pace_rate_limit(pace).build().unwrap()
}

/// 120 GETs from 40 tasks through one client; the calls that failed.
async fn forty_tasks(client: Client) -> usize {
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let mut failed = 0;
                for _ in 0..3 {
                    failed += client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.is_err() as usize;
                }
                failed
            })
        })
        .collect();
    let mut failed = 0;
    for task in tasks {
        failed += task.await.unwrap();
    }
    failed
}

#[tokio::test(start_paused = true)]
async fn forty_tasks_wait_their_turn_and_every_call_succeeds() {
    for pace in [false, true] {
        let (uri, seen) = start(FixedWindow::new(20, Duration::from_millis(1000), None)).await;
        let started = Instant::now();
        let failed = forty_tasks(client(&uri, pace)).await;
        let seen = seen.lock().unwrap();
        println!(
            "pace_rate_limit({pace}): 120 calls, {} requests, {} answered 429, {failed} calls failed, {:?} on the clock",
            seen.sent(),
            seen.rejections(),
            started.elapsed()
        );
        if pace {
            assert_eq!(failed, 0);
            // Only the first wave, sent before any response told the limit, meets 429s.
            assert!(seen.rejected[40..].iter().all(|r| !r), "a 429 after the first wave");
            assert!(seen.rejections() <= 20, "{} 429s", seen.rejections());
        }
    }
}

#[tokio::test(start_paused = true)]
async fn far_from_the_limit_nothing_waits() {
    let (uri, seen) = start(FixedWindow::new(100, Duration::from_secs(10), None)).await;
    let client = client(&uri, true);
    let started = Instant::now();
    for _ in 0..50 {
        client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    }
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert_eq!(seen.lock().unwrap().rejections(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_wait_past_the_deadline_fails_at_once_without_sending() {
    let (uri, seen) = start(FixedWindow::new(1, Duration::from_secs(10), None)).await;
    let client = Client::builder(TOKEN).base_url(uri).timeout(Duration::from_secs(5)).build().unwrap();
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    let started = Instant::now();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited(LimitSpent::Burst)), "{error:?}");
    assert!(error.is_retryable());
    assert_eq!(started.elapsed(), Duration::ZERO);
    assert_eq!(seen.lock().unwrap().sent(), 1, "nothing more was sent");
}

#[tokio::test(start_paused = true)]
async fn a_spent_daily_limit_fails_at_once_then_a_minute_later_one_call_probes() {
    let (uri, seen) = start(FixedWindow::new(100, Duration::from_secs(10), Some(2))).await;
    let http = reqwest::Client::builder().pool_idle_timeout(None).build().unwrap();
    let client = Client::builder(TOKEN).base_url(uri).http_client(http).retry(RetryPolicy::none()).build().unwrap();
    for _ in 0..2 {
        client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap();
    }
    let started = Instant::now();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert!(matches!(error, Error::RateLimited(LimitSpent::Daily)), "{error:?}");
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("daily rate limit is spent"), "{error}");
    assert_eq!((started.elapsed(), seen.lock().unwrap().sent()), (Duration::ZERO, 2));
    tokio::time::advance(Duration::from_secs(61)).await;
    let probe = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err();
    assert_eq!(probe.status().map(|s| s.as_u16()), Some(429), "the probe was sent: {probe:?}");
    assert_eq!(seen.lock().unwrap().sent(), 3);
}
