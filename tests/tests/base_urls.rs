//! Base URLs: refused at `build()` unless absolute `http` or `https`, a gateway's path prefix kept,
//! and a password in the URL shown nowhere.

mod support;

use generated_client::{BuildError, Client};
use support::{ACCOUNT, LOCATION, PATH, TOKEN};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn unusable_base_urls_fail_at_build_naming_the_url() {
    for url in ["not a url", "ftp://example.com/files", "http://", "http://exa mple.com", "example.com"] {
        match Client::builder(TOKEN).base_url(url).build() {
            Err(error @ BuildError::InvalidBaseUrl { .. }) => {
                assert!(error.to_string().contains(&format!("`{url}`")), "{error}")
            }
            Err(other) => panic!("{url:?}: {other}"),
            Ok(_) => panic!("{url:?} was accepted"),
        }
    }
}

#[test]
fn a_password_in_the_base_url_is_shown_by_no_debug_or_error() {
    let url = "http://user:hunter2@127.0.0.1:9/api";
    let client = Client::builder(TOKEN).base_url(url).build().expect("a valid URL");
    assert_eq!(client.base_url(), "http://user:***@127.0.0.1:9/api");
    let builder = Client::builder(TOKEN).base_url(url);
    for shown in [format!("{client:?}"), format!("{builder:?}")] {
        assert!(!shown.contains("hunter2"), "{shown}");
    }
    let refused = Client::builder(TOKEN).base_url("ftp://user:hunter2@example.com").build().expect_err("refused");
    assert!(!format!("{refused} {refused:?}").contains("hunter2"), "{refused:?}");
}

#[tokio::test]
async fn a_failed_call_through_a_url_with_a_password_does_not_show_it() {
    let unused = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let client = Client::builder(TOKEN)
        .base_url(format!("http://user:hunter2@{unused}"))
        .retry(generated_client::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.expect_err("nothing listens");
    assert!(!format!("{error} {error:?}").contains("hunter2"), "{error:?}");
}

#[tokio::test]
async fn a_gateway_path_prefix_is_kept_with_or_without_a_trailing_slash() {
    let server = MockServer::start().await;
    let body = serde_json::json!({ "success": true, "statusCode": 200, "message": "ok", "results": [] });
    Mock::given(method("GET"))
        .and(path(format!("/gateway/highlevel{PATH}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(2)
        .mount(&server)
        .await;
    for prefix in ["/gateway/highlevel", "/gateway/highlevel/"] {
        let client = Client::builder(TOKEN).base_url(format!("{}{prefix}", server.uri())).build().unwrap();
        client.get_instagram_professional_accounts(LOCATION, ACCOUNT).await.expect("the prefix is kept");
    }
}
