//! Bodies of every media type kind over HTTP, against a local server: text and binary request
//! bodies go out as given under their documented media type, and JSON, text and binary bodies come
//! back (the `bodies` fixture's server echoes what it receives), typed, exact and within the
//! client's size limit, with the `Accept` header listing what the operation documents.

use fixture_bodies::types::{Job, Note};
use fixture_bodies::{Client, DownloadFileError, EchoJsonError, Error, ExportItemsSuccess, PingError, RetryPolicy};
use wiremock::matchers::{body_bytes, body_string, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A client of the `unions` fixture, whose operations send text and binary bodies.
fn unions_client(server: &MockServer) -> fixture_unions::Client {
    fixture_unions::Client::builder("test-token").base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap()
}

fn client(server: &MockServer) -> Client {
    Client::builder("test-token").base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client builds")
}

/// Answers with the request's body under the request's content type, and an `X-Echo` header.
struct Echo;

impl Respond for Echo {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let media_type = request.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
        ResponseTemplate::new(200).insert_header("x-echo", "seen").set_body_raw(request.body.clone(), media_type)
    }
}

/// A server that echoes every request to `route` with `method_name`.
async fn echo_server(method_name: &str, route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(method_name)).and(path(route)).respond_with(Echo).mount(&server).await;
    server
}

/// A server that answers every request to `route` with `status`, `body` and `media_type`.
async fn answering(route: &str, status: u16, body: &[u8], media_type: &str) -> MockServer {
    let server = MockServer::start().await;
    let template = ResponseTemplate::new(status).set_body_raw(body.to_vec(), media_type);
    Mock::given(path(route)).respond_with(template).mount(&server).await;
    server
}

/// The `Accept` header of the one request the server received.
async fn accept_sent(server: &MockServer) -> String {
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1, "one request expected");
    let accept = requests[0].headers.get("accept").expect("an Accept header");
    accept.to_str().expect("ASCII").to_string()
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
    let response = unions_client(&server).put_blob("b1", bytes).await.expect("the mock matched the bytes");
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
    unions_client(&server).put_text("t1", "héllo\nworld".to_string()).await.expect("the mock matched the text");
}

#[tokio::test]
async fn a_json_body_comes_back_typed_with_its_status_and_headers() {
    let server = echo_server("POST", "/echo/json").await;
    let note = Note { lines: Some(3), ..Note::new("Groceries".into()) };
    let response = client(&server).echo_json(&note).await.expect("the echo is the note");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-echo"], "seen");
    assert_eq!(response.into_inner(), note);
    // JSON wins over the CSV the success offers too; the 400's text is listed after it.
    assert_eq!(accept_sent(&server).await, "application/json, text/plain");
}

#[tokio::test]
async fn a_text_body_comes_back_exactly() {
    let server = echo_server("POST", "/echo/text").await;
    let text = "héllo\r\nwörld ✓\n\t";
    let response = client(&server).echo_text(text.to_string()).await.expect("the echo is the text");
    assert_eq!(response.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(response.into_inner(), text);
    assert_eq!(accept_sent(&server).await, "text/plain; charset=utf-8");
}

#[tokio::test]
async fn a_binary_body_comes_back_byte_for_byte() {
    let server = echo_server("PUT", "/echo/binary/b1").await;
    // Not UTF-8: bytes are never read as text.
    let bytes = vec![0u8, 159, 146, 150, 255, b'\n', 0xC3, 0x28];
    let response = client(&server).echo_binary("b1", bytes.clone()).await.expect("the echo is the bytes");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-echo"], "seen");
    assert_eq!(response.into_inner().as_ref(), bytes.as_slice());
    assert_eq!(accept_sent(&server).await, "application/octet-stream");
}

#[tokio::test]
async fn text_and_binary_bodies_over_the_size_limit_are_refused_with_their_status() {
    let limited = |server: &MockServer| {
        let builder = Client::builder("test-token").base_url(server.uri()).retry(RetryPolicy::none());
        builder.max_response_bytes(16).build().expect("client builds")
    };
    let server = echo_server("PUT", "/echo/binary/big").await;
    let at_limit = limited(&server).echo_binary("big", vec![7u8; 16]).await.expect("16 bytes fit");
    assert_eq!(at_limit.into_inner().len(), 16);
    let error = limited(&server).echo_binary("big", vec![7u8; 17]).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 16, .. }), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    let message = error.to_string();
    assert!(message.contains("status 200") && message.contains("limit of 16 bytes"), "{message}");

    let server = echo_server("POST", "/echo/text").await;
    let error = limited(&server).echo_text("x".repeat(17)).await.unwrap_err();
    assert!(matches!(error, Error::ResponseTooLarge { limit: 16, .. }), "{error:?}");
}

#[tokio::test]
async fn a_text_body_that_is_not_utf8_is_refused_and_kept() {
    let server = answering("/echo/text", 200, &[b'a', 0xFF, 0xFE], "text/plain; charset=utf-8").await;
    let error = client(&server).echo_text("a".into()).await.unwrap_err();
    let Error::InvalidResponsePayload { response, .. } = &error else { panic!("{error:?}") };
    assert_eq!(response.body().as_ref(), [b'a', 0xFF, 0xFE]);
    let message = error.to_string();
    assert!(message.contains("status 200") && message.contains("not UTF-8"), "{message}");
}

#[tokio::test]
async fn error_bodies_that_are_not_json_are_kept_as_received() {
    let server = answering("/files/a.txt", 404, b"<h1>Gone</h1>", "text/html").await;
    let error = client(&server).download_file("a.txt").await.unwrap_err();
    assert_eq!(error.error_body(), Some(&DownloadFileError::NotFound));
    assert_eq!(error.raw_response().map(|r| r.text().into_owned()).as_deref(), Some("<h1>Gone</h1>"));
    assert!(error.to_string().contains("404"), "{error}");
    // `*/*` asks for anything, then the error bodies' media types.
    assert_eq!(accept_sent(&server).await, "*/*, text/html, text/plain");

    let server = answering("/files/a.txt", 503, b"try later", "text/plain").await;
    let error = client(&server).download_file("a.txt").await.unwrap_err();
    assert_eq!(error.error_body(), Some(&DownloadFileError::ServerError { status: 503 }));
    assert_eq!(error.raw_response().map(|r| r.body().to_vec()), Some(b"try later".to_vec()));

    let server = answering("/echo/json", 400, b"title is empty", "text/plain").await;
    let error = client(&server).echo_json(&Note::new(String::new())).await.unwrap_err();
    assert_eq!(error.error_body(), Some(&EchoJsonError::BadRequest));
    assert_eq!(error.raw_response().map(|r| r.text().into_owned()).as_deref(), Some("title is empty"));
}

#[tokio::test]
async fn a_wildcard_body_is_bytes_without_a_schema_and_typed_with_one() {
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let server = answering("/files/logo.png", 200, &png, "image/png").await;
    let file = client(&server).download_file("logo.png").await.expect("any media type is bytes");
    assert_eq!(file.headers()["content-type"], "image/png");
    assert_eq!(file.into_inner().as_ref(), png);

    let server = answering("/notes/n1", 200, br#"{"title":"Typed","lines":1}"#, "application/json").await;
    let note = client(&server).get_note_any_type("n1").await.expect("an object schema under */* is JSON");
    assert_eq!(note.into_inner(), Note { lines: Some(1), ..Note::new("Typed".into()) });
}

#[tokio::test]
async fn every_binary_media_type_offered_is_accepted() {
    let server = answering("/images/i1", 200, &[0xFF, 0xD8, 0xFF], "image/jpeg").await;
    let image = client(&server).get_image("i1").await.expect("an image is bytes");
    assert_eq!(image.into_inner().as_ref(), [0xFF, 0xD8, 0xFF]);
    assert_eq!(accept_sent(&server).await, "image/jpeg, image/png");
}

#[tokio::test]
async fn success_statuses_of_different_media_types_are_variants_of_one_enum() {
    let server = answering("/export", 200, b"id,name\n1,a\n", "text/csv").await;
    let export = client(&server).export_items().await.expect("the CSV");
    assert_eq!(export.into_inner(), ExportItemsSuccess::Ok("id,name\n1,a\n".into()));
    assert_eq!(accept_sent(&server).await, "text/csv, application/json");

    let server = answering("/export", 202, br#"{"id":"job-1"}"#, "application/json").await;
    let export = client(&server).export_items().await.expect("the job");
    assert_eq!(export.into_inner(), ExportItemsSuccess::Accepted(Job::new("job-1".into())));
}

#[tokio::test]
async fn a_text_default_is_the_success_and_the_error_alike() {
    let server = answering("/ping", 200, b"pong", "text/plain").await;
    assert_eq!(client(&server).ping().await.expect("a 2xx is the success").into_inner(), "pong");

    let server = answering("/ping", 500, b"down", "text/plain").await;
    let error = client(&server).ping().await.unwrap_err();
    assert_eq!(error.error_body(), Some(&PingError::Default { status: 500 }));
    assert_eq!(error.raw_response().map(|r| r.text().into_owned()).as_deref(), Some("down"));
}
