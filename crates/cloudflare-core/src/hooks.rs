//! [`Hooks`]: credentials, `api-version` removal, the path-shape guard, a pluggable
//! transport, and the non-JSON error body guard, shared by every generated client.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::Error;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use crate::FailureEnvelope;
use crate::request::{CALL, Settings};

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>;

/// Executes one request. The default is `client.execute(request)`; the ergonomic crate plugs
/// in its own (rate limit, per-call timeout, tracing, body cap).
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` with `client`.
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
    ) -> TransportFuture<'a>;
}

/// What every generated client does to each request (progenitor's "inner type"): the
/// generated `ClientHooks` impl of each product crate calls [`pre`](Self::pre) and
/// [`exec`](Self::exec). Cheap to clone (an `Arc`).
#[derive(Clone, Default)]
pub struct Hooks {
    inner: Arc<HooksInner>,
}

#[derive(Default)]
struct HooksInner {
    headers: HeaderMap,
    transport: Option<Arc<dyn Transport>>,
    settings: Settings,
}

impl Hooks {
    /// No credentials, the default transport.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header sent with every request. Its value is marked sensitive, so reqwest and
    /// this type's `Debug` never show it. Use it for credentials.
    pub fn with_header(self, name: HeaderName, mut value: HeaderValue) -> Self {
        value.set_sensitive(true);
        let mut headers = self.inner.headers.clone();
        headers.insert(name, value);
        Hooks {
            inner: Arc::new(HooksInner {
                headers,
                transport: self.inner.transport.clone(),
                settings: self.inner.settings.clone(),
            }),
        }
    }

    /// Executes requests through `transport` instead of `reqwest::Client::execute`.
    pub fn with_transport(self, transport: Arc<dyn Transport>) -> Self {
        Hooks {
            inner: Arc::new(HooksInner {
                headers: self.inner.headers.clone(),
                transport: Some(transport),
                settings: self.inner.settings.clone(),
            }),
        }
    }

    /// The request loop's settings for this client (retries, timeout,
    /// deadline): every generated `send()` reads them.
    pub fn with_settings(self, settings: Settings) -> Self {
        Hooks {
            inner: Arc::new(HooksInner {
                headers: self.inner.headers.clone(),
                transport: self.inner.transport.clone(),
                settings,
            }),
        }
    }

    /// The request loop's settings (the defaults unless [`with_settings`](Self::with_settings)
    /// set them).
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Before sending: drops progenitor's `api-version` header (Cloudflare defines none),
    /// adds the credential headers, and refuses a URL whose path does not have the shape of
    /// `template` below `base_url` (a path parameter that was empty, `.`, `..` or held a
    /// separator the URL parser honours): no request can reach another endpoint.
    #[allow(clippy::result_large_err)] // progenitor's hook signature
    pub fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        base_url: &str,
        template: &str,
    ) -> Result<(), Error<E>> {
        check_path(request.url(), base_url, template).map_err(Error::InvalidRequest)?;
        let headers = request.headers_mut();
        headers.remove("api-version");
        for (name, value) in &self.inner.headers {
            headers.insert(name, value.clone());
        }
        Ok(())
    }

    /// One attempt of a generated operation whose URL follows `template`: [`pre`](Self::pre)
    /// (credentials, path-shape guard), then [`exec`](Self::exec). What every generated
    /// builder's one attempt calls.
    pub async fn send<E>(
        &self,
        client: &reqwest::Client,
        mut request: reqwest::Request,
        base_url: &str,
        template: &str,
    ) -> Result<reqwest::Response, Error<E>> {
        self.pre(&mut request, base_url, template)?;
        Ok(self.exec(client, request).await?)
    }

    /// Sends `request` through the transport (with the attempt's timeout, when the request
    /// loop runs it), keeps the response's status and headers for the error mapping, then
    /// replaces a non-JSON error body by a failure envelope that keeps its start, so the
    /// error keeps its status.
    pub async fn exec(
        &self,
        client: &reqwest::Client,
        mut request: reqwest::Request,
    ) -> reqwest::Result<reqwest::Response> {
        let ctx = CALL.try_with(Arc::clone).ok();
        if let Some(ctx) = &ctx {
            *request.timeout_mut() = Some(ctx.timeout());
        }
        let response = match &self.inner.transport {
            Some(t) => t.execute(client, request).await?,
            None => client.execute(request).await?,
        };
        if let Some(ctx) = &ctx {
            ctx.record(response.status(), response.headers());
        }
        keep_non_json_errors(response).await
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.inner.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Hooks")
            .field("headers", &names)
            .field("values", &"<redacted>")
            .field(
                "transport",
                &self.inner.transport.as_ref().map(|_| "custom"),
            )
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

/// The most of an error body the hook reads: 1 MiB.
const MAX_ERROR_BODY: usize = 1024 * 1024;

/// An error response whose body is not JSON (an HTML page from a proxy) would decode as
/// `InvalidResponsePayload`, which has no status. Replace such a body by a failure envelope
/// that keeps the start of the original, so the error keeps its status and headers.
async fn keep_non_json_errors(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if status.is_success() || status.is_informational() {
        return Ok(response);
    }
    let mut headers = response.headers().clone();
    let version = response.version();
    // Error bodies are read whole to be classified, so they are capped: one past the cap
    // makes the body "not JSON" and only its start is kept.
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_ERROR_BODY {
            break;
        }
    }
    let complete = body.len() <= MAX_ERROR_BODY;
    let body = if complete && serde_json::from_slice::<serde::de::IgnoredAny>(&body).is_ok() {
        body
    } else {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.remove(reqwest::header::CONTENT_LENGTH);
        serde_json::to_vec(&FailureEnvelope::for_non_json(&body))
            .expect("a failure envelope serialises")
    };
    let mut rebuilt = http::Response::new(reqwest::Body::from(body));
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}
