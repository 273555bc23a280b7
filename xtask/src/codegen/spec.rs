//! The one place that knows OpenAPI's document conventions: `$ref`s, path templates, HTTP methods,
//! and media types. Validation and lowering both read the spec
//! through these functions, so the two can never disagree on what a reference names or what a
//! path template holds.

mod position;

use serde_json::Value;

pub use position::{kind_at, place_at, Kind, Place};

use super::diag::pointer_push;

/// The operations a path item can hold, as OpenAPI spells their keys, in the order the spec lists them.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `$ref`s in a row are followed before a chain counts as a cycle.
pub const MAX_REF_HOPS: usize = 64;

/// Path templates are parsed by the runtime's parser, which the mock server routes by too.
pub use client_runtime::path_template::{parse as path_template, Segment};

/// How the generated client treats a media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Media {
    /// `application/json`, any `+json` type, and `*/*` (which HighLevel uses for JSON).
    Json,
    FormUrlEncoded,
    Multipart,
    /// `text/*`: sent as a string.
    Text,
    /// Anything else (`application/octet-stream`, `image/png`, ...): sent as bytes.
    Other,
}

impl Media {
    pub fn of(media_type: &str) -> Media {
        let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match essence.as_str() {
            "application/json" | "*/*" => Media::Json,
            "application/x-www-form-urlencoded" => Media::FormUrlEncoded,
            "multipart/form-data" => Media::Multipart,
            _ if essence.ends_with("+json") => Media::Json,
            _ if essence.starts_with("text/") => Media::Text,
            _ => Media::Other,
        }
    }

    /// Whether the media type is `*/*`, which promises no format: a request body sends JSON under
    /// it, while a response body is JSON only when its schema says so (see `lower/response.rs`).
    pub fn is_wildcard(media_type: &str) -> bool {
        media_type.split(';').next().unwrap_or_default().trim() == "*/*"
    }

    /// Whether the media type can be sent in a header (`Accept`) as written: visible ASCII,
    /// spaces and tabs only.
    pub fn is_header_safe(media_type: &str) -> bool {
        !media_type.is_empty() && media_type.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
    }
}

/// A `$ref` split into the file it names (empty for the same document) and its decoded JSON
/// pointer segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference<'r> {
    pub file: &'r str,
    pub segments: Vec<String>,
}

/// Parses a `$ref`: the fragment is percent-decoded (URI fragments may write `%7Bid%7D`), then read
/// as an RFC 6901 pointer (`~1` is `/`, `~0` is `~`).
pub fn parse_reference(reference: &str) -> Result<Reference<'_>, String> {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if file.starts_with("http://") || file.starts_with("https://") {
        return Err("remote references are not fetched: download the document and refer to the file".into());
    }
    let fragment = percent_decode(fragment);
    if fragment.is_empty() {
        return Ok(Reference { file, segments: Vec::new() });
    }
    let Some(path) = fragment.strip_prefix('/') else {
        return Err("the part after `#` must be a JSON pointer, starting with `/`".to_string());
    };
    let segments = path.split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
    Ok(Reference { file, segments })
}

/// Follows references from `start`: `next` gives the node a reference leads to, or `None` for a
/// node that is no reference. Gives `Ok(None)` when the chain is longer than [`MAX_REF_HOPS`], which
/// only a cycle makes it.
pub fn follow<N, E>(start: N, mut next: impl FnMut(&N) -> Option<Result<N, E>>) -> Result<Option<N>, E> {
    let mut node = start;
    for _ in 0..=MAX_REF_HOPS {
        match next(&node) {
            None => return Ok(Some(node)),
            Some(step) => node = step?,
        }
    }
    Ok(None)
}

/// Every `$ref` in a document, with the pointer of the object holding it, in document order.
///
/// The contents of `example`, `examples.*.value` and `default` are data, not spec: a `$ref` key in
/// them is part of the example (GitHub's SCIM examples hold such keys), so they are not walked.
pub fn refs_in<'v>(value: &'v Value, base: &str) -> Vec<(String, &'v str)> {
    let mut found = Vec::new();
    // (pointer, value, key of the value, key of its parent)
    let mut stack = vec![(base.to_string(), value, "", "")];
    while let Some((pointer, value, key, parent_key)) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    found.push((pointer.clone(), reference.as_str()));
                }
                for (child_key, child) in map.iter().rev() {
                    // Under `properties` these names are properties, whose values are schemas.
                    // `responses/default` is the default response, not a default value.
                    let is_data = (child_key == "example" && key != "properties")
                        || (child_key == "default" && key != "properties" && key != "responses")
                        || (child_key == "value" && parent_key == "examples");
                    if !is_data {
                        stack.push((pointer_push(&pointer, child_key), child, child_key, key));
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((pointer_push(&pointer, &index.to_string()), child, "", key));
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether `pointer` is `scope` or inside it.
pub fn within(pointer: &str, scope: &str) -> bool {
    pointer == scope || pointer.strip_prefix(scope).is_some_and(|rest| rest.starts_with('/')) || scope == "#"
}

/// The name closest to `wanted` by edit distance, when it is a likely typo (at most two edits).
pub fn closest<'k>(names: impl Iterator<Item = &'k String>, wanted: &str) -> Option<&'k String> {
    let wanted: Vec<char> = wanted.chars().collect();
    names
        .filter(|name| name.chars().count().abs_diff(wanted.len()) <= 2)
        .map(|name| (edit_distance(&name.chars().collect::<Vec<_>>(), &wanted), name))
        .filter(|(distance, _)| *distance <= 2)
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein distance, with one row of memory.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Decodes `%XX` escapes, which URI fragments such as `#/paths/~1x~1%7Bid%7D` may use.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified_by_their_essence() {
        assert_eq!(Media::of("application/json; charset=utf-8"), Media::Json);
        assert_eq!(Media::of("application/problem+json"), Media::Json);
        assert_eq!(Media::of("Multipart/Form-Data"), Media::Multipart);
        assert_eq!(Media::of("application/x-www-form-urlencoded"), Media::FormUrlEncoded);
        assert_eq!(Media::of("text/plain"), Media::Text);
        assert_eq!(Media::of("application/octet-stream"), Media::Other);
        assert!(Media::is_wildcard("*/*; q=0.5") && !Media::is_wildcard("application/*"));
        assert!(Media::is_header_safe("text/plain; charset=utf-8") && !Media::is_header_safe("text/plain\n"));
        assert!(!Media::is_header_safe("text/é") && !Media::is_header_safe(""));
    }

    #[test]
    fn references_are_percent_decoded_then_unescaped() {
        let parsed = parse_reference("other.yaml#/paths/~1x~1%7Bid%7D/a~0b").unwrap();
        assert_eq!(parsed.file, "other.yaml");
        assert_eq!(parsed.segments, ["paths", "/x/{id}", "a~b"]);
        assert!(parse_reference("#components").is_err());
        assert!(parse_reference("https://example.com/a.yaml#/x").unwrap_err().contains("remote references"));
    }

    #[test]
    fn a_chain_longer_than_the_hop_limit_is_a_cycle() {
        let steps = std::cell::Cell::new(0);
        let cycle = follow(0, |_| {
            steps.set(steps.get() + 1);
            Some(Ok::<_, ()>(0))
        });
        assert_eq!(cycle, Ok(None));
        assert_eq!(steps.get(), MAX_REF_HOPS + 1);
        assert_eq!(follow(0, |n| (*n < 3).then_some(Ok::<_, ()>(n + 1))), Ok(Some(3)));
    }

    #[test]
    fn refs_inside_example_data_are_not_references() {
        let doc = serde_json::json!({
            "a": {"$ref": "#/x"},
            "example": {"$ref": "https://example.com/x"},
            "examples": {"e": {"value": {"$ref": "y"}}},
            "properties": {"example": {"$ref": "#/z"}},
            "responses": {"default": {"$ref": "#/r"}}
        });
        let refs: Vec<&str> = refs_in(&doc, "#").into_iter().map(|(_, r)| r).collect();
        assert_eq!(refs, ["#/x", "#/z", "#/r"]);
    }

    #[test]
    fn typos_get_a_suggestion() {
        let names = ["Account".to_string(), "Accounts".to_string(), "Other".to_string()];
        assert_eq!(closest(names.iter(), "Acount").map(String::as_str), Some("Account"));
        assert_eq!(closest(names.iter(), "Zebra"), None);
    }

    #[test]
    fn a_transposition_is_two_edits() {
        assert_eq!(edit_distance(&['a', 'b'], &['b', 'a']), 2);
    }

    #[test]
    fn a_percent_sign_without_two_hex_digits_is_kept() {
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%7Bid%7D"), "{id}");
    }
}
