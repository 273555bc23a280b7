//! Bounded, redacted text of what a server sent, for the `Debug` and `Display` of errors: a log
//! line stays a few hundred bytes whatever the server sends, and credentials never appear in it.

use std::fmt::{self, Write};

use reqwest::header::{HeaderMap, HeaderName};

/// How many bytes of a body `Debug` and `Display` show: enough to recognise an error page.
pub(crate) const BODY_PREVIEW: usize = 200;
/// How many bytes of the headers `Debug` shows in all.
const HEADERS_PREVIEW: usize = 400;
/// How many bytes of one header value `Debug` shows.
const VALUE_PREVIEW: usize = 64;

/// Headers whose values carry credentials (cookies, tokens, authentication challenges); their
/// values are never printed.
const CREDENTIAL_HEADERS: [&str; 6] =
    ["authorization", "cookie", "proxy-authenticate", "proxy-authorization", "set-cookie", "www-authenticate"];

fn carries_credentials(name: &HeaderName) -> bool {
    CREDENTIAL_HEADERS.contains(&name.as_str())
}

/// Text limited to `limit` bytes; what does not fit is counted, not kept. Once anything was cut,
/// later pieces are cut too, so the text is always a prefix of what was written.
pub(crate) struct Bounded {
    text: String,
    limit: usize,
    cut: usize,
}

impl Bounded {
    pub(crate) fn new(limit: usize) -> Bounded {
        Bounded { text: String::new(), limit, cut: 0 }
    }

    /// The text, followed by how many bytes were cut when any were.
    pub(crate) fn finish(mut self) -> String {
        if self.cut > 0 {
            let _ = write!(self.text, "... ({} more bytes cut)", self.cut);
        }
        self.text
    }
}

impl Write for Bounded {
    fn write_str(&mut self, piece: &str) -> fmt::Result {
        let room = if self.cut > 0 { 0 } else { self.limit - self.text.len() };
        let mut end = piece.len().min(room);
        while !piece.is_char_boundary(end) {
            end -= 1;
        }
        self.text.push_str(&piece[..end]);
        self.cut += piece.len() - end;
        Ok(())
    }
}

/// The `Debug` text of `value`, at most `limit` bytes of it and a note of how much was cut. The
/// value is formatted in full, but never held in memory in full.
pub(crate) fn bounded_debug(value: &dyn fmt::Debug, limit: usize) -> String {
    let mut bounded = Bounded::new(limit);
    let _ = write!(bounded, "{value:?}");
    bounded.finish()
}

/// The start of a body as text, with control characters as spaces and its full length when cut.
pub(crate) fn body(body: &[u8]) -> String {
    let shown = &body[..body.len().min(BODY_PREVIEW)];
    let text = String::from_utf8_lossy(shown);
    let mut preview: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if shown.len() < body.len() {
        let _ = write!(preview, "... ({} bytes in all)", body.len());
    }
    preview
}

/// The `Debug` of a header map: each value up to [`VALUE_PREVIEW`] bytes, credentials redacted,
/// and the whole up to [`HEADERS_PREVIEW`] bytes, saying how much was cut.
pub(crate) struct Headers<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for Headers<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bounded = Bounded::new(HEADERS_PREVIEW);
        let _ = bounded.write_char('{');
        for (index, (name, value)) in self.0.iter().enumerate() {
            let separator = if index == 0 { "" } else { ", " };
            if carries_credentials(name) || value.is_sensitive() {
                let _ = write!(bounded, "{separator}{name:?}: <redacted>");
                continue;
            }
            let bytes = value.as_bytes();
            let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(VALUE_PREVIEW)]);
            let _ = write!(bounded, "{separator}{name:?}: {shown:?}");
            if bytes.len() > VALUE_PREVIEW {
                let _ = write!(bounded, "... ({} bytes)", bytes.len());
            }
        }
        let _ = bounded.write_char('}');
        f.write_str(&bounded.finish())
    }
}

/// Text that `Debug` prints as it is, without quotes, for previews inside `debug_struct`.
pub(crate) struct Verbatim(pub(crate) String);

impl fmt::Debug for Verbatim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn bounded_text_is_a_prefix_cut_on_a_char_boundary_and_says_how_much_was_cut() {
        let mut bounded = Bounded::new(5);
        let _ = bounded.write_str("abcdé");
        let _ = bounded.write_str("f");
        assert_eq!(bounded.finish(), "abcd... (3 more bytes cut)");
        let mut fits = Bounded::new(5);
        let _ = fits.write_str("abc");
        assert_eq!(fits.finish(), "abc");
    }

    #[test]
    fn headers_are_bounded_and_credentials_redacted() {
        let mut headers = HeaderMap::new();
        headers.insert("set-cookie", HeaderValue::from_static("session=cookie-secret"));
        headers.insert("www-authenticate", HeaderValue::from_static("Bearer realm=\"x\", token=\"challenge-secret\""));
        for n in 0..8 {
            headers.insert(
                HeaderName::from_bytes(format!("x-big-{n}").as_bytes()).unwrap(),
                "a".repeat(65_536).parse().unwrap(),
            );
        }
        let shown = format!("{:?}", Headers(&headers));
        assert!(shown.len() < HEADERS_PREVIEW + 40, "{} bytes", shown.len());
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("\"set-cookie\": <redacted>"), "{shown}");
        assert!(shown.contains("(65536 bytes)") && shown.contains("more bytes cut)"), "{shown}");
    }
}
