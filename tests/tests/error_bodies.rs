//! Error bodies as HighLevel really sends them, against a mock server on 127.0.0.1: `message` as a
//! string or an array on 400 and 422 alike, a `traceId` the schema does not list, and `integer`
//! fields sent as `201.0`.

use generated_client::types::ErrorMessage;
use generated_client::{types, Client, Error, GetInstagramProfessionalAccountsError as GetError, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const LOCATION: &str = "w37swmmLbA02zgqKPpxITe2";
const ACCOUNT: &str = "w37swmmLbA02zgqKPpxITe";

/// A server that answers every GET with `body` and `status`, and a client for it.
async fn answering(status: u16, body: serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let template = ResponseTemplate::new(status).set_body_raw(body.to_string(), "application/json");
    Mock::given(method("GET")).respond_with(template.clone()).mount(&server).await;
    Mock::given(method("POST")).respond_with(template).mount(&server).await;
    let client = Client::builder("t").base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap();
    (server, client)
}

async fn get_error(status: u16, body: serde_json::Value) -> Error<GetError> {
    let (_server, client) = answering(status, body).await;
    client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.unwrap_err()
}

#[tokio::test]
async fn a_400_with_an_array_message_is_the_documented_variant() {
    let error = get_error(400, serde_json::json!({"statusCode": 400, "message": ["pageId must be a string"]})).await;
    let Error::ErrorResponse(value) = error else { panic!("not the documented variant: {error:?}") };
    let GetError::BadRequest(body) = value.into_inner() else { panic!("not BadRequest") };
    assert_eq!(body.message, Some(ErrorMessage::StringList(vec!["pageId must be a string".into()])));
}

#[tokio::test]
async fn a_422_with_a_string_message_is_the_documented_variant() {
    let error = get_error(422, serde_json::json!({"statusCode": 422, "message": "locationId is invalid"})).await;
    let Error::ErrorResponse(value) = error else { panic!("not the documented variant: {error:?}") };
    let GetError::UnprocessableEntity(body) = value.into_inner() else { panic!("not UnprocessableEntity") };
    assert_eq!(body.message, Some(ErrorMessage::String("locationId is invalid".into())));
}

/// The typed body drops `traceId`; the raw response keeps it, with the status and headers.
#[tokio::test]
async fn a_typed_error_keeps_its_raw_response() {
    let sent = serde_json::json!({"statusCode": 400, "message": "Bad Request", "traceId": "trace-7c1"});
    let error = get_error(400, sent.clone()).await;
    let raw = error.raw_response().expect("a typed error keeps the response");
    assert_eq!(raw.status(), 400);
    assert_eq!(raw.headers()["content-type"], "application/json");
    let received: serde_json::Value = serde_json::from_slice(raw.body()).unwrap();
    assert_eq!(received["traceId"], "trace-7c1");
    // Dropping the typed body keeps the raw one too.
    let untyped = error.into_untyped();
    assert_eq!(untyped.raw_response().map(|r| r.text().into_owned()), Some(sent.to_string()));
}

/// The generator's rule (docs/maintaining.md): an `integer` field accepts only JSON integers, so a
/// `201.0` is a payload that does not match the schema, kept whole in the error.
#[tokio::test]
async fn an_integer_sent_with_a_fractional_part_is_refused_and_kept() {
    let (_server, client) =
        answering(201, serde_json::json!({"success": true, "statusCode": 201.0, "message": "ok"})).await;
    let body = types::AttachIgAccountDto::new("p".into());
    let error = client.attach_instagram_professional_accounts(LOCATION, ACCOUNT, &body).await.unwrap_err();
    let Error::InvalidResponsePayload { response, source } = &error else { panic!("{error:?}") };
    assert!(source.to_string().contains("i64"), "{source}");
    assert_eq!(response.status(), 201);
    assert!(response.text().contains("201.0"));
}
