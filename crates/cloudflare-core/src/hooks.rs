//! [`Hooks`]: what every request of a client carries (credentials, the request loop's
//! settings), and the path-shape guard.

use std::fmt;
use std::sync::Arc;

use progenitor_client::Error;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::FailureEnvelope;
use crate::request::Settings;

/// What every request of a client carries: its credential headers (marked sensitive) and
/// the request loop's [`Settings`]. Held by every generated product client and read by the
/// request loop. Cheap to clone (an `Arc`).
#[derive(Clone, Default)]
pub struct Hooks {
    inner: Arc<HooksInner>,
}

#[derive(Clone, Default)]
pub(crate) struct HooksInner {
    headers: HeaderMap,
    settings: Settings,
}

impl Hooks {
    /// No credentials, the default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header sent with every request. Its value is marked sensitive, so reqwest and
    /// this type's `Debug` never show it. Use it for credentials.
    pub fn with_header(self, name: HeaderName, mut value: HeaderValue) -> Self {
        value.set_sensitive(true);
        self.changed(|inner| {
            inner.headers.insert(name, value);
        })
    }

    /// The request loop's settings for this client (retries, timeout, deadline, rate limit,
    /// body cap): every generated `send()` reads them.
    pub fn with_settings(self, settings: Settings) -> Self {
        self.changed(|inner| inner.settings = settings)
    }

    /// The request loop's settings (the defaults unless [`with_settings`](Self::with_settings)
    /// set them).
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// The request loop's settings, to change for this copy of the hooks only (a request's
    /// per-call timeout, deadline or retry policy): the client's other requests keep theirs.
    pub fn settings_mut(&mut self) -> &mut Settings {
        &mut Arc::make_mut(&mut self.inner).settings
    }

    /// These hooks with `change` made to a copy: clones that share the old ones keep them.
    pub(crate) fn changed(self, change: impl FnOnce(&mut HooksInner)) -> Self {
        let mut inner = Arc::unwrap_or_clone(self.inner);
        change(&mut inner);
        Hooks {
            inner: Arc::new(inner),
        }
    }

    /// Before the first attempt: refuses a URL whose path does not have the shape of
    /// `template` below `base_url` (a path parameter that was empty, `.`, `..` or held a
    /// separator the URL parser honours: no request can reach another endpoint), and adds
    /// the credential headers.
    #[allow(clippy::result_large_err)] // progenitor's error type
    pub(crate) fn finish(
        &self,
        mut request: reqwest::Request,
        base_url: &str,
        template: &str,
    ) -> Result<reqwest::Request, Error<FailureEnvelope>> {
        check_path(request.url(), base_url, template).map_err(Error::InvalidRequest)?;
        let headers = request.headers_mut();
        for (name, value) in &self.inner.headers {
            headers.insert(name, value.clone());
        }
        Ok(request)
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.inner.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Hooks")
            .field("headers", &names)
            .field("values", &"<redacted>")
            .field("settings", &self.inner.settings)
            .finish()
    }
}

/// `url`'s path must be `base_url`'s path followed by `template`, each `{parameter}` one
/// non-empty segment and every literal segment equal.
fn check_path(url: &reqwest::Url, base_url: &str, template: &str) -> Result<(), String> {
    let base_path = reqwest::Url::parse(base_url)
        .map(|b| b.path().trim_end_matches('/').to_owned())
        .unwrap_or_default();
    let refused = || {
        format!(
            "a path parameter of `{template}` is empty or would not stay one path segment \
             (`.`, `..` and `\\` are refused); nothing was sent"
        )
    };
    let rest = url.path().strip_prefix(&base_path).ok_or_else(refused)?;
    let mut got = rest.split('/');
    let mut want = template.split('/');
    loop {
        match (got.next(), want.next()) {
            (None, None) => return Ok(()),
            (Some(g), Some(w)) if w.contains('{') && segment_matches(g, w) => {}
            (Some(g), Some(w)) if g == w => {}
            _ => return Err(refused()),
        }
    }
}

/// Whether a request's path segment `got` fills the template segment `want` (`{id}`,
/// `{scan_id}.png`, `{event_t}.{event_n}`): the literal text around the parameters as
/// written, each parameter non-empty. Percent-encoding keeps a value's `/` and `.` from
/// changing the segment, and a whole segment of `.` or `..` is refused by the caller's URL.
fn segment_matches(got: &str, want: &str) -> bool {
    let literals: Vec<&str> = want
        .split('{')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('}').map_or("", |(_, l)| l)
            }
        })
        .collect();
    let (Some(first), Some(last)) = (literals.first(), literals.last()) else {
        return false;
    };
    let Some(mut rest) = got.strip_prefix(first) else {
        return false;
    };
    rest = match rest.strip_suffix(last) {
        Some(r) if literals.len() > 1 => r,
        _ => return false,
    };
    // The literals between parameters, in order, each after a non-empty value.
    for literal in &literals[1..literals.len() - 1] {
        match rest.get(1..).and_then(|r| r.find(literal)) {
            Some(at) => rest = &rest[1 + at + literal.len()..],
            None => return false,
        }
    }
    !rest.is_empty()
}
