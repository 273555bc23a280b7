//! The base URL of a client: checked when the client is built, and never shown with a password.

use std::error::Error as StdError;
use std::fmt;

use reqwest::Url;

/// What a URL's password is shown as, in `Debug`, in errors and by `Client::base_url`.
const HIDDEN: &str = "***";

/// A checked base URL: the one requests go to, and the one shown, whose password is hidden.
#[derive(Clone)]
pub(crate) struct BaseUrl {
    /// Without a trailing `/`, so that a path (which starts with one) is simply appended.
    full: String,
    shown: String,
}

impl BaseUrl {
    /// Checks `raw`: an absolute `http` or `https` URL with a host and neither query nor fragment
    /// (a path prefix, such as a gateway's, is kept, with or without a trailing `/`).
    pub(crate) fn parse(raw: &str) -> Result<BaseUrl, BuildError> {
        let invalid = |reason: &'static str| BuildError::InvalidBaseUrl { url: redact(raw), reason };
        let url = Url::parse(raw.trim()).map_err(|_| invalid("it is not an absolute URL"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("its scheme is not http or https"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid("it has no host"));
        }
        // The path of each request is appended to the base URL, which a query or a fragment
        // would swallow.
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it has a query or a fragment, which the paths of requests would follow"));
        }
        let full = url.as_str().trim_end_matches('/').to_string();
        let shown = hide_password(url).as_str().trim_end_matches('/').to_string();
        Ok(BaseUrl { full, shown })
    }

    /// The URL requests go to, credentials included.
    pub(crate) fn full(&self) -> &str {
        &self.full
    }

    /// The URL with its password, if any, replaced by `***`.
    pub(crate) fn shown(&self) -> &str {
        &self.shown
    }
}

fn hide_password(mut url: Url) -> Url {
    if url.password().is_some() {
        // Cannot fail: the URL has a password, hence a host.
        let _ = url.set_password(Some(HIDDEN));
    }
    url
}

/// `raw` with the password hidden, whether or not it parses: a URL that fails the checks is named
/// in the error, and its credentials must not be.
pub(crate) fn redact(raw: &str) -> String {
    if let Some(url) = Url::parse(raw.trim()).ok().filter(Url::has_host) {
        // Shown as given unless there is a password to hide.
        return if url.password().is_some() { hide_password(url).to_string() } else { raw.to_string() };
    }
    // Unparsable, or without a host (`user:secret@host` parses with the scheme `user`): everything between the scheme and the last `@` of the authority is the user
    // information, and all of it is hidden, since where the user ends is uncertain.
    let (scheme, rest) = raw.split_once("://").map_or(("", raw), |(scheme, rest)| (scheme, rest));
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) if scheme.is_empty() => format!("{HIDDEN}{}", &rest[at..]),
        Some(at) => format!("{scheme}://{HIDDEN}{}", &rest[at..]),
        None => raw.to_string(),
    }
}

/// A client could not be built from its settings.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http` or `https` URL with a host.
    InvalidBaseUrl {
        /// The URL as given, its password (if any) replaced by `***`.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The HTTP client could not be made (the TLS backend did not initialise).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::InvalidBaseUrl { url, reason } => write!(f, "the base URL `{url}` cannot be used: {reason}"),
            BuildError::Http(error) => write!(f, "the HTTP client cannot be built: {error}"),
        }
    }
}

impl StdError for BuildError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            BuildError::InvalidBaseUrl { .. } => None,
            BuildError::Http(error) => Some(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anything_but_an_absolute_http_url_is_refused_with_the_url_named() {
        for raw in ["not a url", "ftp://example.com", "http://", "https://", "/relative", ""] {
            let error = BaseUrl::parse(raw).err().unwrap_or_else(|| panic!("{raw:?} was accepted"));
            assert!(error.to_string().contains(&format!("`{raw}`")), "{error}");
        }
        let with_query = BaseUrl::parse("https://example.com/api?x=1").err().expect("a query is refused");
        assert!(matches!(with_query, BuildError::InvalidBaseUrl { .. }));
    }

    #[test]
    fn path_prefixes_are_kept_with_or_without_a_trailing_slash() {
        for raw in ["https://gateway.example.com/highlevel", "https://gateway.example.com/highlevel/"] {
            assert_eq!(BaseUrl::parse(raw).unwrap().full(), "https://gateway.example.com/highlevel");
        }
        assert_eq!(BaseUrl::parse("http://127.0.0.1:8080/").unwrap().full(), "http://127.0.0.1:8080");
    }

    #[test]
    fn passwords_are_never_shown() {
        let url = BaseUrl::parse("http://user:hunter2@example.com/api").unwrap();
        assert_eq!(url.full(), "http://user:hunter2@example.com/api");
        assert_eq!(url.shown(), "http://user:***@example.com/api");
        for raw in
            ["ftp://user:hunter2@example.com", "http://user:hunter2@", "user:hunter2@host:x/y", "h://u:hunter2@@x"]
        {
            let error = BaseUrl::parse(raw).err().expect("refused");
            assert!(!error.to_string().contains("hunter2"), "{error}");
            assert!(!format!("{error:?}").contains("hunter2"), "{error:?}");
        }
    }
}
