//! Request hooks: credentials, `api-version` removal, pluggable transport, and the
//! non-JSON error body guard.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use crate::{Client, FailureEnvelope};

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>;

/// Executes one request. The default is `client.execute(request)`; the ergonomic crate plugs
/// in its own (rate limit, per-call timeout, tracing, body cap).
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` with `client`. `operation` is the generated method's name.
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation: &'static str,
    ) -> TransportFuture<'a>;
}

/// The state the generated [`Client`] carries for its hooks (progenitor's "inner type").
#[derive(Clone, Default)]
pub struct Hooks {
    headers: HeaderMap,
    transport: Option<Arc<dyn Transport>>,
}

impl Hooks {
    /// No credentials, the default transport.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header sent with every request. Its value is marked sensitive, so reqwest and
    /// this type's `Debug` never show it. Use it for credentials.
    pub fn with_header(mut self, name: HeaderName, mut value: HeaderValue) -> Self {
        value.set_sensitive(true);
        self.headers.insert(name, value);
        self
    }

    /// Executes requests through `transport` instead of `reqwest::Client::execute`.
    pub fn with_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Hooks")
            .field("headers", &names)
            .field("values", &"<redacted>")
            .field("transport", &self.transport.as_ref().map(|_| "custom"))
            .finish()
    }
}

impl ClientHooks<Hooks> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        // progenitor sends the spec's `info.version` as `api-version`; Cloudflare does not
        // define that header.
        request.headers_mut().remove("api-version");
        for (name, value) in &self.inner().headers {
            request.headers_mut().insert(name, value.clone());
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let response = match &self.inner().transport {
            Some(t) => t.execute(self.client(), request, info.operation_id).await?,
            None => self.client().execute(request).await?,
        };
        keep_non_json_errors(response).await
    }
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
