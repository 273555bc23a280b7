//! Property tests: request bodies survive a JSON round trip, and no JSON, bytes or header value
//! makes a response type, an error or a rate-limit parser panic or print without bound.

use std::time::SystemTime;

use generated_client::types::{
    AttachIgAccountDto, BadRequestDto, GetInstagramAccountsResponseDto, GetInstagramAccountsSchema,
    InstagramAccountSchema, SocialMediaInstagramAccountResponseDto, SocialMediaInstagramAccountSchema, UnauthorizedDto,
    UnprocessableDto,
};
use generated_client::{retry_after, Error, GetInstagramProfessionalAccountsError, RateLimit, RawResponse};
use proptest::prelude::*;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// The field names of the spec's schemas, so that generated objects often reach typed fields
/// rather than only unknown ones.
const KEYS: &[&str] = &[
    "message",
    "statusCode",
    "success",
    "results",
    "accounts",
    "id",
    "_id",
    "pageId",
    "name",
    "avatar",
    "isConnected",
    "meta",
    "createdAt",
    "updatedAt",
    "platform",
    "type",
    "error",
    "active",
    "deleted",
    "locationId",
    "oAuthId",
    "oldId",
    "originId",
    "companyId",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![3 => proptest::sample::select(KEYS).prop_map(str::to_string), 1 => any::<String>()]
}

/// Any JSON value, up to a few levels deep.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        any::<String>().prop_map(serde_json::Value::from),
        Just(serde_json::Value::from("2024-03-14T11:03:37.015Z")),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(key(), inner, 0..6)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Decodes into `T` from a value and from bytes; only a panic could fail this.
fn decode<T: DeserializeOwned>(value: &serde_json::Value, bytes: &[u8]) {
    let _ = serde_json::from_value::<T>(value.clone());
    let _ = serde_json::from_slice::<T>(bytes);
}

fn decode_every_type(value: &serde_json::Value, bytes: &[u8]) {
    decode::<GetInstagramAccountsResponseDto>(value, bytes);
    decode::<GetInstagramAccountsSchema>(value, bytes);
    decode::<InstagramAccountSchema>(value, bytes);
    decode::<SocialMediaInstagramAccountResponseDto>(value, bytes);
    decode::<SocialMediaInstagramAccountSchema>(value, bytes);
    decode::<AttachIgAccountDto>(value, bytes);
    decode::<BadRequestDto>(value, bytes);
    decode::<UnauthorizedDto>(value, bytes);
    decode::<UnprocessableDto>(value, bytes);
}

fn attach_body() -> impl Strategy<Value = AttachIgAccountDto> {
    let text = || proptest::option::of(any::<String>());
    (any::<String>(), text(), text(), text(), text()).prop_map(|(page_id, avatar, company_id, name, origin_id)| {
        AttachIgAccountDto { avatar, company_id, name, origin_id, ..AttachIgAccountDto::new(page_id) }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn request_bodies_round_trip(body in attach_body()) {
        let json = serde_json::to_value(&body).unwrap();
        prop_assert_eq!(&json["pageId"], &serde_json::Value::from(body.page_id.clone()));
        // Absent optional fields are left out rather than sent as null.
        let sent = json.as_object().unwrap().len();
        let present = 1 + [&body.avatar, &body.company_id, &body.name, &body.origin_id].iter().filter(|f| f.is_some()).count();
        prop_assert_eq!(sent, present);
        let back: AttachIgAccountDto = serde_json::from_value(json).unwrap();
        prop_assert_eq!(back, body);
    }

    #[test]
    fn arbitrary_json_never_panics_any_response_or_error_type(value in json()) {
        decode_every_type(&value, value.to_string().as_bytes());
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_errors_print_a_bounded_preview(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        status in 100u16..600,
    ) {
        decode_every_type(&serde_json::Value::Null, &bytes);
        let response = RawResponse::new(StatusCode::from_u16(status).unwrap(), HeaderMap::new(), bytes.clone());
        let error: Error<GetInstagramProfessionalAccountsError> = Error::UnexpectedStatus(response);
        let shown = error.to_string();
        prop_assert!(shown.chars().count() < 300, "{} chars", shown.chars().count());
        prop_assert!(!shown.chars().any(char::is_control));
        let _ = format!("{error:?}");
    }

    #[test]
    fn rate_limit_headers_parse_numbers_and_ignore_the_rest(number in any::<u64>(), junk in "[ -~]{0,24}") {
        let mut headers = HeaderMap::new();
        headers.insert(HeaderName::from_static("x-ratelimit-remaining"), HeaderValue::from(number));
        headers.insert(HeaderName::from_static("x-ratelimit-max"), HeaderValue::from_str(&junk).unwrap());
        headers.insert(HeaderName::from_static("retry-after"), HeaderValue::from_str(&junk).unwrap());
        let limits = RateLimit::from_headers(&headers);
        prop_assert_eq!(limits.remaining, Some(number));
        prop_assert_eq!(limits.max, junk.trim().parse::<u64>().ok());
        let _ = retry_after(&headers, SystemTime::now());
    }
}
