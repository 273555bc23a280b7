//! Calls both endpoints and prints what the client got: by default against a mock server on
//! 127.0.0.1 that this example starts and that answers with the spec's documented examples; with
//! `HIGHLEVEL_TOKEN`, `HIGHLEVEL_LOCATION_ID` and `HIGHLEVEL_ACCOUNT_ID` set, against HighLevel.
//!
//! ```sh
//! cargo run -p generated-client --example instagram_accounts
//! ```
//!
//! Against HighLevel the example only reads, unless `HIGHLEVEL_PAGE_ID` is set too: attaching a
//! page changes the Sub-Account, so it happens only when asked for.

use std::error::Error as StdError;
use std::io::Write;
use std::process::ExitCode;

use generated_client::{types, Client, Error, GetInstagramProfessionalAccountsError};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The spec is compiled in, so the mock serves exactly what the spec documents.
const SPEC: &str = include_str!("../../spec/social-planner.yaml");
const PATH_TEMPLATE: &str = "/social-media-posting/oauth/{locationId}/instagram/accounts/{accountId}";
const MOCK_TOKEN: &str = "mock-token";
const MOCK_LOCATION_ID: &str = "w37swmmLbA02zgqKPpxITe2";
const MOCK_ACCOUNT_ID: &str = "w37swmmLbA02zgqKPpxITe";

/// Where the calls go.
enum Target {
    /// A mock server started here, serving the spec's examples.
    Mock,
    /// HighLevel itself.
    Real { token: String, location_id: String, account_id: String, page_id: Option<String> },
}

impl Target {
    /// Reads the target from the environment through `var`; some but not all of the three
    /// credentials is a mistake worth stopping for, not a reason to fall back to the mock.
    fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Target, String> {
        let names = ["HIGHLEVEL_TOKEN", "HIGHLEVEL_LOCATION_ID", "HIGHLEVEL_ACCOUNT_ID"];
        let values: Vec<Option<String>> = names.iter().map(|name| var(name).filter(|v| !v.is_empty())).collect();
        let missing: Vec<&str> = names.iter().zip(&values).filter(|(_, v)| v.is_none()).map(|(n, _)| *n).collect();
        match (missing.len(), values.as_slice()) {
            (0, [Some(token), Some(location_id), Some(account_id)]) => Ok(Target::Real {
                token: token.clone(),
                location_id: location_id.clone(),
                account_id: account_id.clone(),
                page_id: var("HIGHLEVEL_PAGE_ID").filter(|v| !v.is_empty()),
            }),
            (3, _) => Ok(Target::Mock),
            _ => Err(format!(
                "set all of HIGHLEVEL_TOKEN, HIGHLEVEL_LOCATION_ID and HIGHLEVEL_ACCOUNT_ID to call HighLevel, \
                 or none of them to use the mock server; missing: {}",
                missing.join(", ")
            )),
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let target = match Target::from_env(|name| std::env::var(name).ok()) {
        Ok(target) => target,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(target, &mut std::io::stdout()).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Makes the calls and writes what came back to `out`. `Ok(false)` means HighLevel answered a
/// call with an error, which has been written out.
async fn run(target: Target, out: &mut impl Write) -> Result<bool, Box<dyn StdError>> {
    // The server must outlive the calls: dropping it stops it.
    let mut _mock = None;
    let (client, location_id, account_id, page_id) = match target {
        Target::Mock => {
            let server = start_mock_server().await?;
            writeln!(
                out,
                "No HIGHLEVEL_* credentials: calling a mock server at {} that serves the spec's examples.",
                server.uri()
            )?;
            let client = Client::builder(MOCK_TOKEN).base_url(server.uri()).build()?;
            _mock = Some(server);
            (client, MOCK_LOCATION_ID.to_string(), MOCK_ACCOUNT_ID.to_string(), Some("234234234242sd".to_string()))
        }
        Target::Real { token, location_id, account_id, page_id } => {
            let client = Client::new(token);
            writeln!(out, "Calling HighLevel at {}.", client.base_url())?;
            (client, location_id, account_id, page_id)
        }
    };
    let listed = list(out, &client, &location_id, &account_id).await?;
    let attached = attach(out, &client, &location_id, &account_id, page_id).await?;
    let all_ok = listed && attached;

    if let Some(server) = &_mock {
        // What a rejected token looks like: the mock answers any other token with the documented 401.
        let rejected = Client::builder("expired-token").base_url(server.uri()).build()?;
        match rejected.get_instagram_professional_accounts(&location_id, &account_id).await {
            Ok(_) => return Err("the mock accepted a token it should have rejected".into()),
            Err(error) => explain_get_error(out, "GET  with an expired token", error)?,
        }
    }
    Ok(all_ok)
}

/// Lists the accounts and writes them to `out`; `Ok(false)` when HighLevel answered with an error.
async fn list(
    out: &mut impl Write,
    client: &Client,
    location_id: &str,
    account_id: &str,
) -> Result<bool, Box<dyn StdError>> {
    match client.get_instagram_professional_accounts(location_id, account_id).await {
        Ok(response) => {
            writeln!(out, "GET  {PATH_TEMPLATE}: {} {:?}", response.status(), response.message)?;
            let accounts =
                response.results.as_ref().and_then(|results| results.accounts.as_deref()).unwrap_or_default();
            for account in accounts {
                writeln!(
                    out,
                    "  - {} (id {}, page {}, connected: {})",
                    show(&account.name),
                    show(&account.id),
                    show(&account.page_id),
                    show(&account.is_connected)
                )?;
            }
        }
        Err(error) => {
            explain_get_error(out, "GET ", error)?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// Attaches `page_id`'s account, when there is one, and writes what came back to `out`;
/// `Ok(false)` when HighLevel answered with an error.
async fn attach(
    out: &mut impl Write,
    client: &Client,
    location_id: &str,
    account_id: &str,
    page_id: Option<String>,
) -> Result<bool, Box<dyn StdError>> {
    match page_id {
        Some(page_id) => {
            // `new` takes the required fields, so none can be forgotten; the rest keep `None`.
            let body = types::AttachIgAccountDto {
                name: Some("JOHN_DEO".to_string()),
                ..types::AttachIgAccountDto::new(page_id)
            };
            match client.attach_instagram_professional_accounts(location_id, account_id, &body).await {
                Ok(response) => {
                    writeln!(out, "POST {PATH_TEMPLATE}: {} {:?}", response.status(), response.message)?;
                    if let Some(account) = &response.results {
                        writeln!(
                            out,
                            "  - {} ({} {}, _id {}, created {})",
                            show(&account.name),
                            show(&account.platform),
                            show(&account.type_),
                            show(&account.id),
                            show(&account.created_at)
                        )?;
                        if let Some(meta) = &account.meta {
                            // Sorted, because serde_json keeps the server's order when another
                            // crate of the build enables its `preserve_order` feature.
                            let mut keys: Vec<&str> = meta.keys().map(String::as_str).collect();
                            keys.sort_unstable();
                            writeln!(out, "  - meta (free-form JSON): {}", keys.join(", "))?;
                        }
                    }
                }
                Err(error) => {
                    // Every error says what happened in its Display, whatever the operation.
                    writeln!(out, "POST {PATH_TEMPLATE}: {error} (retrying could help: {})", error.is_retryable())?;
                    return Ok(false);
                }
            }
        }
        None => writeln!(out, "POST skipped: set HIGHLEVEL_PAGE_ID to attach that page to the Sub-Account.")?,
    }
    Ok(true)
}

/// Writes what went wrong in a GET, matching on the documented error bodies.
fn explain_get_error(
    out: &mut impl Write,
    label: &str,
    error: Error<GetInstagramProfessionalAccountsError>,
) -> std::io::Result<()> {
    let retry = error.is_retryable();
    match error {
        Error::ErrorResponse(response) => match response.into_inner() {
            GetInstagramProfessionalAccountsError::Unauthorized(body) => {
                writeln!(out, "{label}: 401 Unauthorized, {} (retrying could help: {retry})", show(&body.message))
            }
            GetInstagramProfessionalAccountsError::BadRequest(body) => {
                writeln!(out, "{label}: 400 Bad Request, {} (retrying could help: {retry})", show(&body.message))
            }
            GetInstagramProfessionalAccountsError::UnprocessableEntity(body) => {
                writeln!(
                    out,
                    "{label}: 422 Unprocessable Entity, {} (retrying could help: {retry})",
                    show(&body.message)
                )
            }
        },
        other => writeln!(out, "{label}: {other} (retrying could help: {retry})"),
    }
}

/// An optional field as text, with `-` for a missing one.
fn show<T: std::fmt::Debug>(value: &Option<T>) -> String {
    match value {
        Some(value) => format!("{value:?}"),
        None => "-".to_string(),
    }
}

/// Starts a server on 127.0.0.1 that answers both operations with the spec's success examples when
/// the mock token and the `Version` header are sent, and with the spec's 401 example otherwise.
async fn start_mock_server() -> Result<MockServer, Box<dyn StdError>> {
    let spec: serde_json::Value = serde_yaml::from_str(SPEC)?;
    let server = MockServer::start().await;
    let url_path = PATH_TEMPLATE.replace("{locationId}", MOCK_LOCATION_ID).replace("{accountId}", MOCK_ACCOUNT_ID);
    for (verb, status) in [("GET", 200), ("POST", 201)] {
        Mock::given(method(verb))
            .and(path(url_path.as_str()))
            .and(header("authorization", format!("Bearer {MOCK_TOKEN}").as_str()))
            .and(header("version", "2021-07-28"))
            .respond_with(ResponseTemplate::new(status).set_body_json(documented_example(&spec, verb, status)?))
            .mount(&server)
            .await;
    }
    // wiremock tries the mocks with the lowest priority number first, so this one answers only
    // what the two above do not.
    Mock::given(path(url_path.as_str()))
        .respond_with(ResponseTemplate::new(401).set_body_json(documented_example(&spec, "GET", 401)?))
        .with_priority(10)
        .mount(&server)
        .await;
    Ok(server)
}

/// The JSON example the spec documents for a response, following a `$ref` to a shared response.
fn documented_example(spec: &serde_json::Value, verb: &str, status: u16) -> Result<serde_json::Value, String> {
    let mut response = &spec["paths"][PATH_TEMPLATE][verb.to_lowercase()]["responses"][status.to_string()];
    if let Some(reference) = response["$ref"].as_str() {
        response = spec.pointer(reference.trim_start_matches('#')).ok_or(format!("the spec has no {reference}"))?;
    }
    match &response["content"]["application/json"]["example"] {
        serde_json::Value::Null => Err(format!("the spec documents no example for {verb} {status}")),
        example => Ok(example.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README shows the output a new user gets; this keeps the two the same.
    #[tokio::test]
    async fn mock_mode_prints_what_the_readme_shows() {
        let mut out = Vec::new();
        let all_ok = run(Target::Mock, &mut out).await.expect("the example runs against its mock server");
        assert!(all_ok, "a call failed:\n{}", String::from_utf8_lossy(&out));
        let out = String::from_utf8(out).expect("the output is UTF-8");
        // The port is chosen by the system, so the README writes it as <port>.
        let port_start = out.find("127.0.0.1:").expect("the output names the mock server") + "127.0.0.1:".len();
        let port_len = out[port_start..].find(|c: char| !c.is_ascii_digit()).expect("the port ends");
        let out = format!("{}<port>{}", &out[..port_start], &out[port_start + port_len..]);

        let readme = include_str!("../../README.md");
        let marker = "<!-- the output of the example in mock mode; a test compares it -->\n```text\n";
        let start = readme.find(marker).expect("README.md has the example's output") + marker.len();
        let end = start + readme[start..].find("```").expect("the output block ends");
        assert_eq!(out, &readme[start..end]);
    }

    #[tokio::test]
    async fn mock_mode_serves_the_spec_examples_to_the_client() {
        let mut out = Vec::new();
        run(Target::Mock, &mut out).await.expect("the example runs against its mock server");
        let out = String::from_utf8(out).expect("the output is UTF-8");
        // Values that appear only in the spec's examples prove the bodies came from there.
        for expected in [
            "GET  /social-media-posting/oauth/{locationId}/instagram/accounts/{accountId}: 200 OK \"Fetched Instagram Account\"",
            "\"Insta account\" (id \"idu37swmmLbA02zgqKPpxITe2\", page \"pidu37swmmLbA02zgqKPpxITe2\", connected: true)",
            "POST /social-media-posting/oauth/{locationId}/instagram/accounts/{accountId}: 201 Created \"Added Instagram Account\"",
            "_id \"65f2d989a4f2f1e5322c3856\", created 2024-03-14T11:03:37.015Z",
            "GET  with an expired token: 401 Unauthorized, \"Invalid token: access token is invalid\" (retrying could help: false)",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
        }
    }

    #[test]
    fn credentials_choose_the_target() {
        let env = |set: &'static [(&'static str, &'static str)]| {
            move |name: &str| set.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        };
        assert!(matches!(Target::from_env(env(&[])), Ok(Target::Mock)));
        let real = Target::from_env(env(&[
            ("HIGHLEVEL_TOKEN", "t"),
            ("HIGHLEVEL_LOCATION_ID", "l"),
            ("HIGHLEVEL_ACCOUNT_ID", "a"),
        ]));
        assert!(matches!(real, Ok(Target::Real { page_id: None, .. })));
        let partial = Target::from_env(env(&[("HIGHLEVEL_TOKEN", "t"), ("HIGHLEVEL_ACCOUNT_ID", "")]));
        let message = partial.err().expect("some credentials but not all is an error");
        assert!(message.ends_with("missing: HIGHLEVEL_LOCATION_ID, HIGHLEVEL_ACCOUNT_ID"), "{message}");
    }
}
