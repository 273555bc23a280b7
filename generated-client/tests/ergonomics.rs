//! What a developer relies on without reading the source: the traits every type and error
//! implements, and what an error tells about the response it came from.

use std::fmt::Debug;

use generated_client::{
    types, AttachInstagramProfessionalAccountsError, Client, Error, GetInstagramProfessionalAccountsError,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn data_type<T: Debug + Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static>() {}
fn all_optional<T: Default>() {}
fn error_type<T: std::error::Error + Send + Sync + 'static>() {}

#[test]
fn every_type_derives_the_usual_traits() {
    data_type::<types::AttachIgAccountDto>();
    data_type::<types::BadRequestDto>();
    data_type::<types::GetInstagramAccountsResponseDto>();
    data_type::<types::GetInstagramAccountsSchema>();
    data_type::<types::InstagramAccountSchema>();
    data_type::<types::SocialMediaInstagramAccountResponseDto>();
    data_type::<types::SocialMediaInstagramAccountSchema>();
    data_type::<types::UnauthorizedDto>();
    data_type::<types::UnprocessableDto>();
    // Types without required fields can be built field by field from `Default`.
    all_optional::<types::BadRequestDto>();
    all_optional::<types::GetInstagramAccountsSchema>();
    all_optional::<types::InstagramAccountSchema>();
    all_optional::<types::SocialMediaInstagramAccountSchema>();
    all_optional::<types::UnauthorizedDto>();
    all_optional::<types::UnprocessableDto>();
}

#[test]
fn errors_are_std_errors_that_box_and_cross_threads() {
    error_type::<Error<GetInstagramProfessionalAccountsError>>();
    error_type::<Error<AttachInstagramProfessionalAccountsError>>();
    error_type::<Error<()>>();
}

#[test]
fn new_takes_the_required_fields_and_struct_update_adds_the_rest() {
    let body = types::AttachIgAccountDto {
        company_id: Some("sdfdsfdsfEWEsdfsdsW32dd".to_string()),
        ..types::AttachIgAccountDto::new("234234234242sd".to_string())
    };
    assert_eq!(
        serde_json::to_value(&body).expect("the body serializes"),
        serde_json::json!({ "pageId": "234234234242sd", "companyId": "sdfdsfdsfEWEsdfsdsW32dd" })
    );
    let copy = body.clone();
    assert_eq!(copy, body);
}

/// A rate-limited 429 comes back with the headers that say when to try again, converts into a
/// boxed error with `?`, and its `Display` names the status and what the server said.
#[tokio::test]
async fn an_error_exposes_status_headers_body_and_whether_to_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "7")
                .set_body_json(serde_json::json!({ "statusCode": 429, "message": "Too many requests" })),
        )
        .mount(&server)
        .await;
    let client = Client::builder("secret-token-value").base_url(server.uri()).build().expect("the client builds");

    async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        client.get_instagram_professional_accounts("location", "account").await?;
        Ok(())
    }
    let boxed = call(&client).await.expect_err("a 429 is an error");
    let error = boxed
        .downcast_ref::<Error<GetInstagramProfessionalAccountsError>>()
        .expect("the boxed error is the client's error");

    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(error.headers().and_then(|h| h.get("retry-after")).map(|v| v.as_bytes()), Some(&b"7"[..]));
    let raw = error.raw_response().expect("an undocumented status keeps the body");
    assert!(raw.text().contains("Too many requests"), "{}", raw.text());
    assert!(error.is_retryable());

    let shown = error.to_string();
    assert!(shown.contains("429") && shown.contains("Too many requests"), "{shown}");
    assert!(!shown.contains("secret-token-value") && !format!("{error:?}").contains("secret-token-value"));
}
