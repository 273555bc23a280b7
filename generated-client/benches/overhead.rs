//! Benchmark: the generated client against a bare reqwest call of the same request, both to one
//! keep-alive server on 127.0.0.1, in the same run. Prints the fastest and the median round of
//! each side with their ratios, and the median of the ratios of rounds run back to back
//! (target: at most 1.05). Many short rounds, each side right after the other in alternating
//! order, keep a machine whose load drifts from favouring either side.
//!
//! Run with `cargo bench -p generated-client --bench overhead` (`BENCH_PACE=off` to compare with
//! the client's pacing by the rate limit turned off).

use std::time::{Duration, Instant};

use generated_client::{types, Client, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const LOCATION: &str = "w37swmmLbA02zgqKPpxITe2";
const ACCOUNT: &str = "w37swmmLbA02zgqKPpxITe";
const TOKEN: &str = "bench-token";
const REQUESTS: usize = 500;
const ROUNDS: usize = 41;

const BODY: &str = r#"{"success":true,"statusCode":200,"message":"Fetched Instagram Account","results":{"accounts":[{"avatar":"https://example.com/a.png","id":"idu37swmmLbA02zgqKPpxITe2","isConnected":true,"name":"Jane Doe","pageId":"pidu37swmmLbA02zgqKPpxITe2"}]}}"#;

/// Answers every request on a connection with the same 200, keeping the connection open. Its
/// rate limit is far above what a run sends, so the client counts every try but never waits.
async fn serve(listener: TcpListener) {
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-ratelimit-remaining: 99999\r\nx-ratelimit-max: 100000\r\nx-ratelimit-interval-milliseconds: 10000\r\n\r\n{BODY}",
        BODY.len()
    );
    while let Ok((mut stream, _)) = listener.accept().await {
        let response = response.clone();
        tokio::spawn(async move {
            let mut pending = Vec::new();
            let mut buffer = [0u8; 8192];
            loop {
                // Requests here are GETs without bodies, so a blank line ends each one.
                while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                    pending.drain(..end + 4);
                    if stream.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                }
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => pending.extend_from_slice(&buffer[..n]),
                }
            }
        });
    }
}

async fn generated(client: &Client) -> Duration {
    let started = Instant::now();
    for _ in 0..REQUESTS {
        let response = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.expect("the server answers");
        std::hint::black_box(response);
    }
    started.elapsed()
}

/// The same request by hand: same URL, headers and decoding, none of the client's machinery.
async fn raw(http: &reqwest::Client, url: &str) -> Duration {
    let started = Instant::now();
    for _ in 0..REQUESTS {
        let response = http
            .get(url)
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("version", "2021-07-28")
            .header("accept", "application/json")
            .send()
            .await
            .expect("the server answers");
        let bytes = response.bytes().await.expect("the body arrives");
        let value: types::GetInstagramAccountsResponseDto = serde_json::from_slice(&bytes).expect("the body decodes");
        std::hint::black_box(value);
    }
    started.elapsed()
}

/// Prints the fastest round of each side (the one least disturbed by other work on the machine),
/// the median round (what a typical round costs), and the median ratio of paired rounds.
fn report(ours: &[Duration], theirs: &[Duration]) {
    let per = |d: Duration| d.as_secs_f64() * 1e6 / REQUESTS as f64;
    let fastest = |rounds: &[Duration]| *rounds.iter().min().expect("at least one round");
    let median = |rounds: &[Duration]| {
        let mut sorted = rounds.to_vec();
        sorted.sort();
        sorted[sorted.len() / 2]
    };
    println!("requests per round:         {REQUESTS} ({ROUNDS} rounds per side)");
    for (name, pick) in [("fastest", fastest as fn(&[Duration]) -> Duration), ("median", median)] {
        let (ours, theirs) = (pick(ours), pick(theirs));
        println!(
            "{name:<8} client {:.1} us/request, raw reqwest {:.1} us/request, ratio client/raw {:.3} (target <= 1.05)",
            per(ours),
            per(theirs),
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    }
    let mut ratios: Vec<f64> = ours.iter().zip(theirs).map(|(a, b)| a.as_secs_f64() / b.as_secs_f64()).collect();
    ratios.sort_by(f64::total_cmp);
    println!("median of paired round ratios: {:.3}", ratios[ratios.len() / 2]);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(serve(listener));
        let url = format!("{base}/social-media-posting/oauth/{LOCATION}/instagram/accounts/{ACCOUNT}");
        // `BENCH_PACE=off` measures the client without pacing by the rate limit, for comparison.
        let pace = std::env::var("BENCH_PACE").map_or(true, |value| value != "off");
        println!("pace_rate_limit({pace})");
        let client =
            Client::builder(TOKEN).base_url(&base).retry(RetryPolicy::none()).pace_rate_limit(pace).build().unwrap();
        let http = reqwest::Client::builder().build().unwrap();

        // Warm both pools and code paths before measuring.
        generated(&client).await;
        raw(&http, &url).await;
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        // Alternating rounds, and which side goes first, spread any drift of the machine over both.
        for round in 0..ROUNDS {
            if round % 2 == 0 {
                ours.push(generated(&client).await);
                theirs.push(raw(&http, &url).await);
            } else {
                theirs.push(raw(&http, &url).await);
                ours.push(generated(&client).await);
            }
        }
        report(&ours, &theirs);
    });
}
