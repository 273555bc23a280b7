//! Benchmark: decoding a large accounts list into the generated types against a hand-written
//! serde struct of the same shape, in the same run. Prints the throughput ratio (target: within 5%).
//!
//! Run with `cargo bench -p generated-client --bench decode`.

use std::time::{Duration, Instant};

use generated_client::types::GetInstagramAccountsResponseDto;
use serde::Deserialize;

const ACCOUNTS: usize = 50_000;
const ROUNDS: usize = 15;

/// The response as someone would write it by hand for this one endpoint.
#[allow(dead_code)]
#[derive(Deserialize)]
struct HandResponse {
    success: bool,
    #[serde(rename = "statusCode")]
    status_code: i64,
    message: String,
    results: Option<HandResults>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct HandResults {
    accounts: Option<Vec<HandAccount>>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct HandAccount {
    avatar: Option<String>,
    id: Option<String>,
    #[serde(rename = "isConnected")]
    is_connected: Option<bool>,
    name: Option<String>,
    #[serde(rename = "pageId")]
    page_id: Option<String>,
}

fn body() -> Vec<u8> {
    let accounts: Vec<_> = (0..ACCOUNTS)
        .map(|i| {
            serde_json::json!({
                "avatar": format!("https://cdn.example.com/avatars/{i}.png"),
                "id": format!("idu37swmmLbA02zgqKPp{i:08}"),
                "isConnected": i % 3 != 0,
                "name": format!("Account number {i}"),
                "pageId": format!("pidu37swmmLbA02zgqKP{i:08}"),
            })
        })
        .collect();
    let response = serde_json::json!({
        "success": true,
        "statusCode": 200,
        "message": "Fetched Instagram Account",
        "results": {"accounts": accounts},
    });
    serde_json::to_vec(&response).unwrap()
}

fn time<T>(bytes: &[u8], decode: fn(&[u8]) -> T) -> Duration {
    let started = Instant::now();
    std::hint::black_box(decode(std::hint::black_box(bytes)));
    started.elapsed()
}

fn main() {
    let bytes = body();
    let generated = |b: &[u8]| serde_json::from_slice::<GetInstagramAccountsResponseDto>(b).unwrap();
    let hand = |b: &[u8]| serde_json::from_slice::<HandResponse>(b).unwrap();
    assert_eq!(generated(&bytes).results.unwrap().accounts.unwrap().len(), ACCOUNTS);
    time(&bytes, generated);
    time(&bytes, hand);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    // Alternating which side goes first keeps allocator and cache warmth from favouring one; the
    // fastest round of each is the one least disturbed by other work on the machine.
    for round in 0..ROUNDS {
        if round % 2 == 0 {
            ours.push(time(&bytes, generated));
            theirs.push(time(&bytes, hand));
        } else {
            theirs.push(time(&bytes, hand));
            ours.push(time(&bytes, generated));
        }
    }
    let (ours, theirs) = (*ours.iter().min().unwrap(), *theirs.iter().min().unwrap());
    let rate = |d: Duration| bytes.len() as f64 / d.as_secs_f64() / 1e6;
    println!(
        "body:                  {} accounts, {:.1} MB (fastest of {ROUNDS} rounds)",
        ACCOUNTS,
        bytes.len() as f64 / 1e6
    );
    println!("generated types:       {:.0} MB/s", rate(ours));
    println!("hand-written struct:   {:.0} MB/s", rate(theirs));
    println!("throughput ratio generated/hand: {:.3} (target >= 0.95)", rate(ours) / rate(theirs));
}
