//! Every JSON example of HighLevel's reference pages (`../shared/seeds/`) is in the spec verbatim,
//! at the operation and status it documents. The seeds are read and stripped of their scraping
//! artefacts here, so the check does not depend on anyone's eyes.

use std::path::PathBuf;

use tests::{deref, operation, request_example, response_example, spec, workspace};

fn seeds_dir() -> Option<PathBuf> {
    let dir = workspace().join("../shared/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent, so the seeds cannot be compared with the spec", dir.display());
        None
    }
}

/// One reference page: which operation it documents and the JSON examples it shows.
struct Page {
    method: &'static str,
    /// Statuses in the order the page lists them, which is the order of its response examples.
    statuses: Vec<String>,
    response_examples: Vec<serde_json::Value>,
    request_example: Option<serde_json::Value>,
    /// `(property, example)` pairs of the schema sections, as the page prints them.
    property_examples: Vec<(String, String)>,
}

/// Removes the scraper's `\` before line breaks (`[\`, `"207",\`), which are not part of the JSON.
fn strip_artefacts(text: &str) -> String {
    text.replace("\\\n", "\n")
}

fn fenced_blocks<'a>(text: &'a str, fence: &str) -> Vec<&'a str> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("\n```").expect("every fence is closed");
        blocks.push(&body[..end]);
        rest = &body[end + 4..];
    }
    blocks
}

fn parse_page(text: &str) -> Page {
    let text = strip_artefacts(text);
    let method = if text.contains("\nPOST https://services.leadconnectorhq.com") {
        "post"
    } else if text.contains("\nGET https://services.leadconnectorhq.com") {
        "get"
    } else {
        panic!("a seed page documents neither GET nor POST")
    };
    let responses = &text[text.find("## Responses").expect("a Responses section")..];
    let statuses = responses
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| l.starts_with("- "))
        .map(|l| l[2..].trim().to_string())
        .collect();
    let response_examples = fenced_blocks(&text, "```codeBlockLines_e6Vv\n")
        .into_iter()
        .map(|block| {
            serde_json::from_str(block).unwrap_or_else(|e| panic!("a seed example is not JSON ({e}): {block}"))
        })
        .collect();
    // The page writes "Body required" with a no-break space.
    let request_example = text
        .find("\nBody\u{a0}required\n\n```\n")
        .map(|at| fenced_blocks(&text[at..], "```\n")[0])
        .map(|block| serde_json::from_str(block).expect("the request example is JSON"));
    let mut property_examples = Vec::new();
    let mut current: Option<String> = None;
    for line in responses_and_request(&text).lines() {
        if let Some(name) = line.strip_prefix("**").and_then(|l| l.split("**").next()) {
            current = Some(name.replace("\\_", "_"));
        } else if let (Some(name), Some(example)) = (&current, line.strip_prefix("Example:`")) {
            property_examples.push((name.clone(), example.trim_end_matches('`').to_string()));
            current = None;
        }
    }
    Page { method, statuses, response_examples, request_example, property_examples }
}

/// The part of a page with the request body and response schemas.
fn responses_and_request(text: &str) -> &str {
    let start = text.find("## Request").expect("a Request section");
    let end = text.find("## Share your feedback").unwrap_or(text.len());
    &text[start..end]
}

fn pages() -> Vec<(String, Page)> {
    let Some(dir) = seeds_dir() else { return Vec::new() };
    let mut pages: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| (p.display().to_string(), parse_page(&std::fs::read_to_string(&p).unwrap())))
        .collect();
    pages.sort_by(|a, b| a.0.cmp(&b.0));
    pages
}

#[test]
fn every_seed_json_example_is_in_the_spec_where_the_seed_documents_it() {
    let spec = spec();
    let pages = pages();
    if pages.is_empty() {
        return;
    }
    assert_eq!(pages.len(), 2, "two reference pages");
    let mut compared = 0;
    for (file, page) in &pages {
        assert_eq!(page.statuses.len(), page.response_examples.len(), "{file}: one example per status");
        assert_eq!(page.statuses.len(), 4, "{file}: a success and three error statuses");
        for (status, example) in page.statuses.iter().zip(&page.response_examples) {
            assert_eq!(&response_example(&spec, page.method, status), example, "{file}: {} {status}", page.method);
            compared += 1;
        }
        if let Some(example) = &page.request_example {
            assert_eq!(&request_example(&spec, page.method), example, "{file}: request body");
            compared += 1;
        }
    }
    // 4 response examples on each page and the request body of POST.
    assert_eq!(compared, 9);
}

/// Collects every `properties.<name>.example` of the spec, following `$ref`s.
fn spec_property_examples(
    spec: &serde_json::Value,
    value: &serde_json::Value,
    out: &mut Vec<(String, serde_json::Value)>,
) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(properties)) = map.get("properties") {
                for (name, schema) in properties {
                    let schema = deref(spec, schema);
                    if let Some(example) = schema.get("example") {
                        out.push((name.clone(), example.clone()));
                    }
                }
            }
            for child in map.values() {
                spec_property_examples(spec, child, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| spec_property_examples(spec, i, out)),
        _ => {}
    }
}

#[test]
fn every_seed_property_example_is_a_property_example_of_the_spec() {
    let spec = spec();
    let pages = pages();
    if pages.is_empty() {
        return;
    }
    let mut in_spec = Vec::new();
    spec_property_examples(&spec, &spec, &mut in_spec);
    let mut checked = 0;
    for (file, page) in &pages {
        assert!(page.property_examples.len() >= 10, "{file}: the page's schema examples were found");
        for (name, shown) in &page.property_examples {
            // The page prints strings bare and JSON values as JSON.
            let found = in_spec.iter().any(|(n, example)| {
                n == name
                    && match example {
                        serde_json::Value::String(s) => s == shown,
                        other => serde_json::from_str::<serde_json::Value>(shown).ok().as_ref() == Some(other),
                    }
            });
            assert!(found, "{file}: property `{name}` with example {shown} is not in the spec");
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} property examples checked");
}

#[test]
fn path_parameters_carry_the_seed_examples() {
    let spec = spec();
    if pages().is_empty() {
        return;
    }
    for method in ["get", "post"] {
        let op = operation(&spec, method);
        assert!(op.is_object());
    }
    let params =
        &spec["paths"]["/social-media-posting/oauth/{locationId}/instagram/accounts/{accountId}"]["parameters"];
    let examples: Vec<(String, String)> = params
        .as_array()
        .unwrap()
        .iter()
        .map(|p| deref(&spec, p))
        .filter(|p| p["in"] == "path")
        .map(|p| (p["name"].as_str().unwrap().to_string(), p["example"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        examples,
        vec![
            ("locationId".to_string(), "w37swmmLbA02zgqKPpxITe2".to_string()),
            ("accountId".to_string(), "w37swmmLbA02zgqKPpxITe".to_string())
        ]
    );
    for (file, _) in pages() {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains("Example: w37swmmLbA02zgqKPpxITe2") && text.contains("Example: w37swmmLbA02zgqKPpxITe\n")
        );
    }
}
