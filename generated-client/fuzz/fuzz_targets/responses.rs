//! Fuzz target: any bytes as the body of any status, decoded into every response and error type
//! and shown through `Error`'s `Display` and `Debug`. A panic or an unbounded message is a bug.

#![no_main]

use generated_client::types::{
    BadRequestDto, GetInstagramAccountsResponseDto, SocialMediaInstagramAccountResponseDto, UnauthorizedDto,
    UnprocessableDto,
};
use generated_client::{Error, GetInstagramProfessionalAccountsError, RawResponse};
use libfuzzer_sys::fuzz_target;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

fuzz_target!(|data: &[u8]| {
    // The first two bytes pick the status, so that every status meets every body.
    let (status, body) = match data {
        [high, low, body @ ..] => (100 + u16::from_be_bytes([*high, *low]) % 500, body),
        _ => (200, data),
    };
    let _ = serde_json::from_slice::<GetInstagramAccountsResponseDto>(body);
    let _ = serde_json::from_slice::<SocialMediaInstagramAccountResponseDto>(body);
    let _ = serde_json::from_slice::<BadRequestDto>(body);
    let _ = serde_json::from_slice::<UnauthorizedDto>(body);
    let _ = serde_json::from_slice::<UnprocessableDto>(body);
    let status = StatusCode::from_u16(status).expect("100..600 are valid statuses");
    let error: Error<GetInstagramProfessionalAccountsError> =
        Error::UnexpectedStatus(RawResponse::new(status, HeaderMap::new(), body.to_vec()));
    let shown = error.to_string();
    assert!(shown.len() < 1024, "Display printed {} bytes", shown.len());
    let _ = format!("{error:?}");
});
