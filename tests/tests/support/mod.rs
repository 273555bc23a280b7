//! Test servers on 127.0.0.1 that misbehave in ways wiremock cannot: accepting and never
//! answering, hanging up after the request, or streaming an endless body.

#![allow(dead_code)]

pub mod token_endpoint;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use generated_client::{types, Client, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const TOKEN: &str = "test-token-6f1d";
pub const LOCATION: &str = "w37swmmLbA02zgqKPpxITe2";
pub const ACCOUNT: &str = "w37swmmLbA02zgqKPpxITe";
pub const PATH: &str = "/social-media-posting/oauth/w37swmmLbA02zgqKPpxITe2/instagram/accounts/w37swmmLbA02zgqKPpxITe";

/// What a [`RawServer`] does with each connection.
#[derive(Clone, Copy)]
pub enum Behaviour {
    /// Reads the request and keeps the connection open without a word.
    NeverAnswer,
    /// Reads the request head and closes the connection.
    HangUp,
    /// Answers 200 with a chunked body of `total` bytes, written in 64 KiB pieces, counting the
    /// bytes the client accepted before it hung up.
    Stream { total: u64 },
}

/// A server on 127.0.0.1 that counts connections and the body bytes it managed to write.
pub struct RawServer {
    pub addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    written: Arc<AtomicU64>,
}

impl RawServer {
    pub async fn start(behaviour: Behaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port is free");
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let written = Arc::new(AtomicU64::new(0));
        let (count, bytes) = (accepted.clone(), written.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, behaviour, bytes.clone()));
            }
        });
        RawServer { addr, accepted, written }
    }

    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many connections were accepted.
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// How many body bytes were written before the client hung up.
    pub fn written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }
}

async fn serve(mut stream: TcpStream, behaviour: Behaviour, written: Arc<AtomicU64>) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    match behaviour {
        Behaviour::NeverAnswer => {
            // Holding the stream open until the client gives up; reading returns 0 then.
            let _ = stream.read(&mut buffer).await;
        }
        Behaviour::HangUp => drop(stream),
        Behaviour::Stream { total } => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let piece = vec![b' '; 64 * 1024];
            let chunk_head = format!("{:x}\r\n", piece.len());
            let mut sent = 0u64;
            while sent < total {
                let ok = stream.write_all(chunk_head.as_bytes()).await.is_ok()
                    && stream.write_all(&piece).await.is_ok()
                    && stream.write_all(b"\r\n").await.is_ok();
                if !ok {
                    return;
                }
                sent += piece.len() as u64;
                written.store(sent, Ordering::SeqCst);
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
        }
    }
}

/// A client for `base_url` with the given retry policy.
pub fn client(base_url: &str, retry: RetryPolicy) -> Client {
    Client::builder(TOKEN).base_url(base_url).retry(retry).build().expect("client builds")
}

/// A client whose connection pool sets no timers, for tests on a paused clock: there the clock
/// jumps to the next timer whenever the runtime idles, and only the client's own waits must count.
pub fn paused_clock_client(base_url: &str, retry: RetryPolicy) -> Client {
    let http = reqwest::Client::builder().pool_idle_timeout(None).build().expect("reqwest builds");
    Client::builder(TOKEN).base_url(base_url).http_client(http).retry(retry).build().expect("client builds")
}

/// The spec's example of the GET's 200 body.
pub fn ok_body() -> ResponseTemplate {
    let body = tests::response_example(&tests::spec(), "get", "200");
    ResponseTemplate::new(200).set_body_raw(body.to_string(), "application/json")
}

pub fn created_body() -> ResponseTemplate {
    let body = tests::response_example(&tests::spec(), "post", "201");
    ResponseTemplate::new(201).set_body_raw(body.to_string(), "application/json")
}

/// Answers `status` the first `times` requests of `verb`, then `then`.
pub async fn fail_then(server: &MockServer, verb: &str, failure: ResponseTemplate, times: u64, then: ResponseTemplate) {
    Mock::given(method(verb)).and(path(PATH)).respond_with(failure).up_to_n_times(times).mount(server).await;
    Mock::given(method(verb)).and(path(PATH)).respond_with(then).mount(server).await;
}

pub async fn count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

pub fn no_jitter() -> RetryPolicy {
    RetryPolicy::default().jitter(false)
}

pub fn attach_body() -> types::AttachIgAccountDto {
    types::AttachIgAccountDto::new("p1".into())
}
