//! Runs the spec-checking mock server (`generated_client::mock`) on 127.0.0.1 until stdin closes, with
//! both operations answering their documented examples. It prints the base URL and the token it
//! expects on the first two lines, so that a script can send it requests; on exit it prints every
//! violation it saw. `scripts/prism-crosscheck.sh` uses it to compare the mock's checks with Prism's.
//!
//! `cargo run -p generated-client --features mock --example mock_server`

use std::io::BufRead;

use generated_client::mock::MockServer;

#[tokio::main]
async fn main() {
    let server = MockServer::start().await;
    server.get_instagram_professional_accounts().example().await;
    server.attach_instagram_professional_accounts().example().await;
    println!("{}", server.uri());
    println!("{}", server.token());
    // The server runs on this runtime's threads; the main task only waits for the caller to finish.
    tokio::task::spawn_blocking(|| std::io::stdin().lock().lines().count()).await.expect("stdin is read");
    for violation in server.take_violations() {
        eprintln!("violation: {violation}");
    }
}
