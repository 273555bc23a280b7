//! The `hygiene` fixture over HTTP: parameters named like a generated method's locals (`path`,
//! `request`, `response`, `value`, `item`, ...) reach the server under their own names and
//! values through a parameters struct, and schemas named like the prelude (`Result`, `Option`, `Vec`, `String`) round-trip.

use fixture_hygiene::types;
use fixture_hygiene::{Client, GetThingParams, PutThingSuccess, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder("test-token").base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client builds")
}

#[tokio::test]
async fn parameters_named_like_locals_reach_the_right_url() {
    let server = MockServer::start().await;
    let answer = json!({"value": "text", "option": "none", "list": ["a"], "text": "t"});
    Mock::given(method("GET"))
        .and(path("/things/a%20path/7"))
        .and(query_param("response", "r"))
        .and(query_param("value", "v"))
        .and(query_param("item", "i1"))
        .and(query_param("E", "e"))
        .and(query_param("OPERATION", "op"))
        .and(query_param("types", "t"))
        .and(query_param("self", "s"))
        .and(query_param("path_segment", "ps"))
        .and(query_param("params", "p"))
        .and(header("headers", "h"))
        .and(header("Self", "S"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(answer.to_string(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    // Five or more optional parameters: the method takes a parameters struct, built with `new`
    // from the required ones and struct update syntax for the optional ones.
    let params = GetThingParams {
        value: Some("v".into()),
        item: Some(vec!["i1".into(), "i2".into()]),
        headers: Some("h".into()),
        result: Some(true),
        e: Some("e".into()),
        operation: Some("op".into()),
        types: Some("t".into()),
        self_: Some("s".into()),
        self_2: Some("S".into()),
        crate_: Some("c".into()),
        path_segment: Some("ps".into()),
        params: Some("p".into()),
        ..GetThingParams::new("a path".into(), 7, "r".into())
    };
    let response = client(&server).get_thing(&params).await.expect("the mock matched every parameter");
    let result: types::Result = response.into_inner();
    assert_eq!(result.value, types::Value::String("text".into()));
    assert_eq!(result.option, Some(types::Option::None));
    assert_eq!(result.list, Some(vec!["a".to_string()]));
    assert_eq!(result.text.as_deref(), Some("t"));
}

#[tokio::test]
async fn a_query_parameter_named_body_is_not_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/things/p/1"))
        .and(query_param("body", "query body"))
        .and(header("response", "r"))
        .and(body_json(json!({"name": "n"})))
        .respond_with(ResponseTemplate::new(201).set_body_raw("\"some\"", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let body = types::Client::new("n".into());
    let response = client(&server).put_thing("p", 1, "query body", "r", &body).await.expect("the mock matched");
    assert_eq!(response.into_inner(), PutThingSuccess::Created(types::Option::Some));
}
