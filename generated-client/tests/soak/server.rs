//! The soak's fault-injecting HTTP/1.1 server on 127.0.0.1. Which fault a request meets is a
//! function of the seed, the call's id and the try's number, so a run is reproducible whatever
//! order the tasks run in.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tests::FixedWindow;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Instant;

pub const GET_OK: &str = r#"{"success":true,"statusCode":200,"message":"ok","results":{"accounts":[]}}"#;
pub const POST_OK: &str = r#"{"success":true,"statusCode":201,"message":"ok","results":{}}"#;
const REJECTED: &str = r#"{"statusCode":401,"message":"Invalid JWT"}"#;

/// A number in `[0, 1)` fixed by its inputs (splitmix64 over them).
pub fn roll(seed: u64, a: u64, b: u64) -> f64 {
    let mut x = seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (((x ^ (x >> 31)) >> 11) as f64) / (1u64 << 53) as f64
}

/// What the server counted.
#[derive(Default)]
pub struct Counts {
    /// Requests whose head and body were read, per call id.
    pub tries: Mutex<HashMap<u64, u32>>,
    /// POSTs the server acted on (it got past the token, the rate limit and the 503s), per call id.
    pub posts_acted: Mutex<HashMap<u64, u32>>,
    /// Connections open now.
    pub open: AtomicUsize,
    /// Requests answered 429 because the rate limit's window was full (not the random 429s).
    pub window_rejections: AtomicU64,
}

/// The server: its address, the token generation it accepts, and its counts.
pub struct Server {
    pub addr: SocketAddr,
    pub generation: Arc<AtomicU64>,
    pub counts: Arc<Counts>,
    /// The rate limit the server enforces, in the rate-limited phase; `None` outside it.
    pub window: Arc<Mutex<Option<FixedWindow>>>,
    accept: tokio::task::JoinHandle<()>,
}

impl Server {
    pub async fn start(seed: u64) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port is free");
        let addr = listener.local_addr().unwrap();
        let (generation, counts) = (Arc::new(AtomicU64::new(0)), Arc::new(Counts::default()));
        let window = Arc::new(Mutex::new(None));
        let (generation2, counts2, window2) = (generation.clone(), counts.clone(), window.clone());
        let accept = tokio::spawn(async move {
            let mut connection = 0u64;
            while let Ok((stream, _)) = listener.accept().await {
                connection += 1;
                let state =
                    Conn { seed, generation: generation2.clone(), counts: counts2.clone(), window: window2.clone() };
                // A few connections are reset before a byte of the request is read.
                if roll(seed, u64::MAX, connection) < 0.03 {
                    reset(stream);
                    continue;
                }
                counts2.open.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    serve(stream, &state).await;
                    state.counts.open.fetch_sub(1, Ordering::SeqCst);
                });
            }
        });
        Server { addr, generation, counts, window, accept }
    }

    /// Stops accepting; connections end when the client closes them.
    pub fn stop(&self) {
        self.accept.abort();
    }
}

struct Conn {
    seed: u64,
    generation: Arc<AtomicU64>,
    counts: Arc<Counts>,
    window: Arc<Mutex<Option<FixedWindow>>>,
}

/// Closes with a TCP reset rather than an orderly close.
fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

/// One request as read: its call id (the last path segment, and for a POST the body's `pageId`),
/// method, token and whether the connection may be kept.
struct Request {
    id: u64,
    post: bool,
    token: String,
}

async fn serve(mut stream: TcpStream, conn: &Conn) {
    let mut pending = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut pending).await else { return };
        let attempt = {
            let mut tries = conn.counts.tries.lock().unwrap();
            let count = tries.entry(request.id).or_insert(0);
            *count += 1;
            *count as u64
        };
        if !respond(&mut stream, conn, &request, attempt).await {
            return;
        }
    }
}

/// Answers one request; `false` when the connection is closed.
async fn respond(stream: &mut TcpStream, conn: &Conn, request: &Request, attempt: u64) -> bool {
    let (seed, id) = (conn.seed, request.id);
    if request.token != format!("Bearer tok-{}", conn.generation.load(Ordering::SeqCst)) {
        return write(stream, 401, &[], REJECTED).await;
    }
    // HighLevel's headers on every answer but the faults', which come from elsewhere.
    let admission = conn.window.lock().unwrap().as_mut().map(|window| window.admit(Instant::now().into_std()));
    let limits: Vec<(&str, &str)> = admission.iter().flat_map(|a| &a.headers).map(|(n, v)| (*n, v.as_str())).collect();
    if admission.as_ref().is_some_and(|admission| !admission.admitted) {
        conn.counts.window_rejections.fetch_add(1, Ordering::SeqCst);
        return write(stream, 429, &limits, "").await;
    }
    // 503 bursts: every try of the calls of one block of 25 ids.
    if roll(seed, 1, id / 25) < 0.08 {
        return write(stream, 503, &[], "").await;
    }
    let fault = roll(seed, id, attempt);
    if (0.11..0.14).contains(&fault) {
        return write(stream, 429, &[("retry-after", "1")], "").await;
    }
    if (0.14..0.16).contains(&fault) {
        return write(stream, 429, &[], "").await;
    }
    if request.post {
        *conn.counts.posts_acted.lock().unwrap().entry(id).or_insert(0) += 1;
    }
    let body = if request.post { POST_OK } else { GET_OK };
    let status = if request.post { 201 } else { 200 };
    let delay = |low: f64, high: f64| Duration::from_secs_f64(low + (high - low) * roll(seed, id ^ 7, attempt));
    match fault {
        f if f < 0.03 => {
            // Reset after the request was read (and, for a POST, acted on).
            let _ = stream.set_zero_linger();
            false
        }
        f if f < 0.06 => {
            tokio::time::sleep(delay(0.2, 2.6)).await;
            write(stream, status, &[], body).await
        }
        f if f < 0.09 => slow_body(stream, status, body, delay(0.1, 1.5)).await,
        f if f < 0.11 => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body.as_bytes()[..body.len() / 2]).await;
            false
        }
        _ => write(stream, status, &limits, body).await,
    }
}

/// Writes the head at once and the body in five pieces over `spread`.
async fn slow_body(stream: &mut TcpStream, status: u16, body: &str, spread: Duration) -> bool {
    let head =
        format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
    if stream.write_all(head.as_bytes()).await.is_err() {
        return false;
    }
    for piece in body.as_bytes().chunks(body.len().div_ceil(5)) {
        tokio::time::sleep(spread / 5).await;
        if stream.write_all(piece).await.is_err() {
            return false;
        }
    }
    true
}

async fn write(stream: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &str) -> bool {
    let mut head =
        format!("HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.push_str(body);
    stream.write_all(head.as_bytes()).await.is_ok()
}

/// Reads one request (head and `content-length` body); `None` when the connection ends.
async fn read_request(stream: &mut TcpStream, pending: &mut Vec<u8>) -> Option<Request> {
    let mut buffer = [0u8; 4096];
    let end = loop {
        if let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => pending.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8_lossy(&pending[..end]).into_owned();
    let header = |name: &str| {
        head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim().to_string())
        })
    };
    let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
    while pending.len() < end + length {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => pending.extend_from_slice(&buffer[..n]),
        }
    }
    let body: Vec<u8> = pending.drain(..end + length).skip(end).collect();
    let path = head.split_whitespace().nth(1)?;
    let post = head.starts_with("POST ");
    let id = if post {
        let value: serde_json::Value = serde_json::from_slice(&body).ok()?;
        value["pageId"].as_str()?.strip_prefix("call-")?.parse().ok()?
    } else {
        path.rsplit('/').next()?.strip_prefix("call-")?.parse().ok()?
    };
    Some(Request { id, post, token: header("authorization").unwrap_or_default() })
}
