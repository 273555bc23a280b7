//! Text and binary request bodies over HTTP: the operation is generated (not skipped for its media
//! type) and sends the string or the bytes as given, under the documented media type.

use fixture_client::{Client, RetryPolicy};
use wiremock::matchers::{body_bytes, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder("test-token").base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client builds")
}

#[tokio::test]
async fn a_binary_body_is_sent_as_the_bytes_given() {
    let server = MockServer::start().await;
    let bytes = vec![0u8, 159, 146, 150, 255];
    Mock::given(method("PUT"))
        .and(path("/blobs/b1"))
        .and(header("content-type", "application/octet-stream"))
        .and(body_bytes(bytes.clone()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server).put_blob("b1", bytes).await.expect("the mock matched the bytes");
    assert_eq!(response.status().as_u16(), 204);
}

#[tokio::test]
async fn a_text_body_is_sent_as_the_string_given() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/blobs/t1"))
        .and(header("content-type", "text/plain; charset=utf-8"))
        .and(body_string("héllo\nworld"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).put_text("t1", "héllo\nworld".to_string()).await.expect("the mock matched the text");
}
