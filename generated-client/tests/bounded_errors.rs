//! `Debug` and `Display` of errors stay a few hundred bytes whatever the server sends, never show
//! credentials, and the accessors still give everything. The server is on 127.0.0.1.

use generated_client::{Client, Error, GetInstagramProfessionalAccountsError as GetError, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOCATION: &str = "w37swmmLbA02zgqKPpxITe2";
const ACCOUNT: &str = "w37swmmLbA02zgqKPpxITe";
/// What a log line of an error may take, whatever the server sent.
const PRINTED_LIMIT: usize = 2_048;

async fn get(template: ResponseTemplate) -> Error<GetError> {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(template).mount(&server).await;
    let client = Client::builder("token").base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err()
}

#[tokio::test]
async fn a_huge_typed_error_body_prints_bounded_and_stays_whole_behind_the_accessor() {
    let message = "m".repeat(5 * 1024 * 1024);
    let body = serde_json::json!({ "statusCode": 400, "message": message }).to_string();
    let error = get(ResponseTemplate::new(400).set_body_raw(body, "application/json")).await;
    for printed in [format!("{error:?}"), format!("{error:#?}"), error.to_string()] {
        assert!(printed.len() < PRINTED_LIMIT, "{} bytes printed", printed.len());
        assert!(printed.contains("more bytes cut"), "{printed}");
    }
    let Some(GetError::BadRequest(typed)) = error.error_body() else { panic!("{error:?}") };
    let Some(generated_client::types::ErrorMessage::String(typed_message)) = &typed.message else { panic!() };
    assert_eq!(typed_message.len(), message.len());
}

#[tokio::test]
async fn huge_headers_print_bounded_and_credential_headers_never_print() {
    let big = "h".repeat(64 * 1024);
    let mut template = ResponseTemplate::new(418)
        .insert_header("set-cookie", "session=cookie-secret-1")
        .insert_header("www-authenticate", "Bearer error=\"invalid_token\", token=\"challenge-secret-2\"")
        .insert_header("proxy-authorization", "Basic proxy-secret-3")
        .insert_header("authorization", "Bearer echoed-secret-4")
        .set_body_raw("b".repeat(100_000), "text/plain");
    for n in 0..3 {
        template = template.insert_header(format!("x-big-{n}").as_str(), big.as_str());
    }
    let error = get(template).await;
    let raw = error.raw_response().expect("an undocumented status keeps the raw response");
    for printed in [format!("{error:?}"), format!("{error:#?}"), error.to_string(), format!("{raw:?}")] {
        assert!(printed.len() < PRINTED_LIMIT, "{} bytes printed", printed.len());
        assert!(!printed.contains("secret"), "{printed}");
    }
    let debug = format!("{error:?}");
    assert!(debug.contains("(65536 bytes)") && debug.contains("(100000 bytes in all)"), "{debug}");
    let headers = error.headers().unwrap();
    assert_eq!(headers["x-big-2"].len(), big.len(), "the accessor gives the whole header");
    assert_eq!(headers["set-cookie"], "session=cookie-secret-1", "and the credentials, to code that asks");
    assert_eq!(raw.body().len(), 100_000);
}
