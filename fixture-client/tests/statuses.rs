//! Status ranges (`4XX`, `5XX`, `2XX`) and `default` responses over HTTP against a mock server on
//! 127.0.0.1, and `oneOf` values as query parameters.

use fixture_unions::types::{self, ListAssetsNear, NameOrId, Position};
use fixture_unions::{
    AddNoteError, AddPetError, AddPetSuccess, Client, Error, ListAssetsError, PutShapeError, RetryPolicy,
};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Retries are off so that each answer is seen once, 5xx included.
fn client(server: &MockServer) -> Client {
    Client::builder("test-token").base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client builds")
}

async fn answering(verb: &str, route: &str, status: u16, body: Option<serde_json::Value>) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status);
    if let Some(body) = body {
        template = template.set_body_raw(body.to_string(), "application/json");
    }
    Mock::given(method(verb)).and(path(route)).respond_with(template).mount(&server).await;
    server
}

fn problem(message: &str) -> types::Problem {
    types::Problem { message: Some(message.to_string()) }
}

#[tokio::test]
async fn an_exact_status_wins_over_the_range_that_contains_it() {
    let server = answering("GET", "/assets", 404, Some(json!({"message": "gone"}))).await;
    let error = client(&server).list_assets(None, None).await.unwrap_err();
    assert_eq!(error.error_body(), Some(&ListAssetsError::NotFound(problem("gone"))));
    assert_eq!(error.error_body().map(ListAssetsError::status), Some(404));
}

#[tokio::test]
async fn a_status_in_a_documented_range_is_its_variant_and_keeps_the_status() {
    let server = answering("GET", "/assets", 418, Some(json!({"message": "teapot"}))).await;
    let error = client(&server).list_assets(None, None).await.unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(418));
    let Error::ErrorResponse(response) = error else { panic!("not a typed error: {error:?}") };
    assert_eq!(response.status(), 418);
    assert_eq!(response.status(), response.as_ref().status());
    assert_eq!(response.into_inner(), ListAssetsError::ClientError { status: 418, body: problem("teapot") });

    // A range without a body.
    let server = answering("GET", "/assets", 503, None).await;
    let error = client(&server).list_assets(None, None).await.unwrap_err();
    assert_eq!(error.error_body(), Some(&ListAssetsError::ServerError { status: 503 }));
    assert!(error.is_retryable(), "503 stays retryable: {error:?}");
}

#[tokio::test]
async fn any_other_status_is_the_default_variant_with_its_status() {
    // An undocumented success status is not a success when the spec says `default` covers the rest.
    let server = answering("GET", "/assets", 207, Some(json!({"message": "partly"}))).await;
    let error = client(&server).list_assets(None, None).await.unwrap_err();
    assert_eq!(error.error_body(), Some(&ListAssetsError::Default { status: 207, body: problem("partly") }));
    assert_eq!(error.error_body().map(ListAssetsError::status), Some(207));

    let server = answering("PUT", "/shapes", 409, None).await;
    let shape = types::Shape::Square(types::Square::new("Square".into(), 1.0));
    let error = client(&server).put_shape(&shape).await.unwrap_err();
    assert_eq!(error.error_body(), Some(&PutShapeError::Default { status: 409 }));

    // A body that does not fit the default's schema is still reported with the body as received.
    let server = answering("GET", "/assets", 302, Some(json!(["not", "a", "problem"]))).await;
    let error = client(&server).list_assets(None, None).await.unwrap_err();
    assert!(matches!(&error, Error::InvalidResponsePayload { response, .. } if response.status() == 302), "{error:?}");
}

#[tokio::test]
async fn a_success_range_types_statuses_the_exact_codes_leave() {
    let server = answering("POST", "/pets", 202, Some(json!({"position": 3}))).await;
    let pet = types::Pet::Cat(types::Cat::new("Tom".into(), "cat".into()));
    let queued = client(&server).add_pet(&pet).await.unwrap();
    assert_eq!(queued.status(), 202);
    assert_eq!(queued.into_inner(), AddPetSuccess::Success(types::Queued { position: Some(3) }));

    let server = answering("POST", "/pets", 201, Some(json!({"petType": "kitten", "name": "Kit"}))).await;
    let created = client(&server).add_pet(&pet).await.unwrap();
    assert_eq!(
        created.into_inner(),
        AddPetSuccess::Created(types::Pet::Cat(types::Cat::new("Kit".into(), "kitten".into())))
    );

    let server = answering("POST", "/pets", 500, Some(json!({"message": "down"}))).await;
    let error = client(&server).add_pet(&pet).await.unwrap_err();
    assert_eq!(error.error_body(), Some(&AddPetError::ServerError { status: 500, body: problem("down") }));
}

#[tokio::test]
async fn one_of_query_parameters_send_scalars_as_text_and_objects_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/assets"))
        .and(query_param("match", "42"))
        .and(query_param("near", r#"{"lat":1.5,"lng":-2.0}"#))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/assets"))
        .and(query_param("match", "north pole"))
        .and(query_param("near", "here"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("[]", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let near = ListAssetsNear::Position(Position::new(1.5, -2.0));
    let listed = client.list_assets(Some(&NameOrId::Integer(42)), Some(&near)).await.unwrap();
    assert!(listed.is_empty());
    let here = ListAssetsNear::String("here".into());
    client.list_assets(Some(&NameOrId::String("north pole".into())), Some(&here)).await.unwrap();
}

#[tokio::test]
async fn an_operation_documenting_only_default_takes_a_2xx_as_success_and_the_rest_as_default() {
    for status in [200, 201] {
        let server = answering("POST", "/notes", status, Some(json!({"message": "stored"}))).await;
        let note = client(&server).add_note(&problem("new")).await.unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(note.status().as_u16(), status);
        assert_eq!(note.into_inner(), problem("stored"));
    }
    let server = answering("POST", "/notes", 409, Some(json!({"message": "taken"}))).await;
    let error = client(&server).add_note(&problem("new")).await.unwrap_err();
    assert_eq!(error.error_body(), Some(&AddNoteError::Default { status: 409, body: problem("taken") }));
}

#[tokio::test]
async fn a_documented_3xx_is_a_typed_success_with_its_headers() {
    use fixture_unions::GetPositionSuccess;

    let server = answering("GET", "/positions/p1", 304, None).await;
    let response = client(&server).get_position("p1").await.expect("304 is documented");
    assert_eq!(response.status().as_u16(), 304);
    assert_eq!(response.into_inner(), GetPositionSuccess::NotModified);

    // A redirect to another origin is not followed (the token stays home): it reaches the caller.
    let server = MockServer::start().await;
    let moved = ResponseTemplate::new(303).insert_header("Location", "http://elsewhere.invalid/positions/p2");
    Mock::given(method("GET")).and(path("/positions/p1")).respond_with(moved).mount(&server).await;
    let response = client(&server).get_position("p1").await.expect("303 is documented");
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_string);
    assert_eq!(location.as_deref(), Some("http://elsewhere.invalid/positions/p2"));
    assert_eq!(response.into_inner(), GetPositionSuccess::SeeOther);
}

#[tokio::test]
async fn an_undocumented_3xx_is_still_an_unexpected_status() {
    let server = answering("GET", "/positions/p1", 307, None).await;
    let error = client(&server).get_position("p1").await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
}
