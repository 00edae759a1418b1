//! The one error type of the SDK: every generated operation's `send()` and every wrapper
//! of `cloudflare-sdk` (which re-exports it) returns it.

use std::fmt;
use std::time::Duration;

use crate::{FailureEnvelope, Message};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Cloudflare error codes that mean "the credentials are wrong", whatever the HTTP status.
const AUTH_CODES: [u32; 6] = [9103, 9106, 9107, 9109, 10000, 10001];

/// Everything that can go wrong, as distinct, matchable kinds.
///
/// API failures carry an [`ApiError`] with the status, every `errors[]` entry, the `cf-ray`
/// id and `Retry-After`. `Display` never contains a credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401, or a Cloudflare authentication code (10000 "Authentication error" and kin).
    #[error("authentication failed: {0}")]
    Authentication(Box<ApiError>),
    /// 403: the credentials are valid but lack a permission.
    #[error("permission denied: {0}")]
    Permission(Box<ApiError>),
    /// 404.
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),
    /// 429: over Cloudflare's rate limit (retried by default, honouring `Retry-After`).
    #[error("rate limited: {0}")]
    RateLimited(Box<ApiError>),
    /// 5xx, including HTML error pages from Cloudflare's edge (502, 503, 520–527).
    #[error("server error: {0}")]
    Server(Box<ApiError>),
    /// Any other API failure: 400, 409, or a 200 whose envelope says `success: false`.
    #[error("API error: {0}")]
    Api(Box<ApiError>),
    /// The connection failed, was reset, or the body ended early. Retried by default.
    #[error("transport error: {message}")]
    Transport {
        /// What happened, with the whole chain of causes (`error sending request: client
        /// error (Connect): Connection refused`).
        message: String,
        /// The underlying error, for inspection. It is not this error's `source()`: the
        /// message already holds its chain, and error reporters would print it twice.
        cause: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No complete response within the request timeout. Retried by default.
    #[error("request timed out after {after:?}")]
    Timeout {
        /// The timeout that expired.
        after: Duration,
    },
    /// The response could not be decoded (HTML where JSON was expected, truncated JSON…).
    #[error("could not decode the response{}: {message}; body starts: {snippet:?}", status.map(|s| format!(" (status {s})")).unwrap_or_default())]
    Decode {
        /// HTTP status of the response, when one arrived.
        status: Option<u16>,
        /// `cf-ray` of the response, when present.
        ray_id: Option<String>,
        /// What the decoder said.
        message: String,
        /// The start of the body (at most 2 KiB, lossy UTF-8).
        snippet: String,
    },
    /// The call, or the whole list, did not finish within its deadline (retries and waits
    /// included; see `deadline` on the SDK's client builder, a `Call` or a
    /// `List`). A list yielded what it fetched before.
    #[error("no result within the {after:?} deadline (retries and waits included)")]
    Deadline {
        /// The deadline that passed.
        after: Duration,
    },
    /// The server answered with a redirect. Cloudflare's API does not redirect, and no
    /// credential may follow one to another origin, so redirects are never followed.
    #[error(
        "the server answered {status} redirecting to {}; redirects are not followed (no \
         credential leaves for another origin)",
        location.as_deref().unwrap_or("nowhere (no Location)")
    )]
    Redirect {
        /// The 3xx status.
        status: u16,
        /// The `Location` header, when present.
        location: Option<String>,
    },
    /// A page-number list changed while it was read (its `total_count` or `total_pages`
    /// moved between pages), in a list made strict (`List::strict` in the SDK): an item may have
    /// been skipped or seen twice. Items fetched before were yielded.
    #[error("{0}")]
    ListChanged(ListChanged),
    /// The response body is larger than the client's cap; it was not read further.
    #[error("response body exceeds the {limit}-byte cap")]
    BodyTooLarge {
        /// The configured cap, in bytes.
        limit: u64,
    },
    /// A paginated list misbehaved (a page other than the one asked for, or the same page
    /// twice). Items fetched before were yielded; the list ends here instead of looping.
    #[error("pagination stopped: {message}")]
    Pagination {
        /// What the server did.
        message: String,
    },
    /// A parameter was rejected before any request was sent (an empty id, for example).
    #[error("invalid input: {message}")]
    InvalidInput {
        /// What is wrong.
        message: String,
    },
    /// The client could not be built: missing or conflicting credentials, a bad base URL, a
    /// secret with invalid header bytes.
    #[error("invalid configuration: {message}")]
    Config {
        /// What is wrong, naming the setting or environment variable.
        message: String,
    },
}

impl Error {
    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => *status,
            Error::Redirect { status, .. } => Some(*status),
            _ => self.api().map(|a| a.status),
        }
    }

    /// The `cf-ray` id of the response, for Cloudflare support.
    pub fn ray_id(&self) -> Option<&str> {
        match self {
            Error::Decode { ray_id, .. } => ray_id.as_deref(),
            _ => self.api().and_then(|a| a.ray_id.as_deref()),
        }
    }

    /// The API error details, for the API kinds.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Authentication(a)
            | Error::Permission(a)
            | Error::NotFound(a)
            | Error::RateLimited(a)
            | Error::Server(a)
            | Error::Api(a) => Some(a),
            _ => None,
        }
    }

    /// Whether sending the same request again may succeed: transport errors, timeouts,
    /// 408, 409, 429 and 5xx, unless the server said `x-should-retry: false` (and any
    /// status when it said `x-should-retry: true`).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { .. } | Error::Timeout { .. } => true,
            _ => match self.api() {
                Some(api) => api
                    .should_retry
                    .unwrap_or(matches!(api.status, 408 | 409 | 429) || api.status >= 500),
                None => false,
            },
        }
    }

    /// An [`Error::Config`] saying `message`.
    pub fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }

    /// Classifies an API failure into its kind.
    pub(crate) fn from_api(api: ApiError) -> Self {
        let auth_code = api.errors.iter().any(|e| AUTH_CODES.contains(&e.code));
        let api = Box::new(api);
        match api.status {
            401 => Error::Authentication(api),
            _ if auth_code => Error::Authentication(api),
            403 => Error::Permission(api),
            404 => Error::NotFound(api),
            429 => Error::RateLimited(api),
            s if s >= 500 => Error::Server(api),
            _ => Error::Api(api),
        }
    }
}

/// A failure Cloudflare (or a proxy in front of it) answered with.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// Every entry of the envelope's `errors` (empty for a non-JSON body).
    pub errors: Vec<Message>,
    /// The envelope's `messages`.
    pub messages: Vec<Message>,
    /// The `cf-ray` response header: the id Cloudflare support asks for.
    pub ray_id: Option<String>,
    /// How long the server asked us to wait (`Retry-After` / `retry-after-ms`), uncapped.
    pub retry_after: Option<Duration>,
    /// The start of the body when it was not JSON (an HTML page from a proxy).
    pub non_json_body: Option<String>,
    /// The server's `x-should-retry` header, when present.
    pub should_retry: Option<bool>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, headers: &HeaderMap, envelope: FailureEnvelope) -> Self {
        // Cloudflare's messages may quote what was sent or stored: a secret never shows.
        let redacted = |messages: crate::Messages| -> Vec<Message> {
            messages
                .0
                .into_iter()
                .map(|m| Message {
                    message: crate::redact::text(&m.message),
                    // What else the server said is not quoted in an error: it may hold
                    // anything, secrets included.
                    extra: Default::default(),
                    ..m
                })
                .collect()
        };
        ApiError {
            status: status.as_u16(),
            errors: redacted(envelope.errors),
            messages: redacted(envelope.messages),
            ray_id: ray_id(headers),
            retry_after: crate::retry::retry_after(headers),
            non_json_body: envelope.non_json_body,
            should_retry: headers
                .get("x-should-retry")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| match v.trim() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                }),
        }
    }

    /// The first error's code, if any.
    pub fn code(&self) -> Option<u32> {
        self.errors.first().map(|e| e.code)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        write!(f, "HTTP {} {reason}", self.status)?;
        if self.errors.is_empty() {
            if self
                .non_json_body
                .as_deref()
                .is_some_and(|b| b.trim().is_empty())
            {
                write!(f, " (empty body)")?;
            } else if let Some(body) = &self.non_json_body {
                let one_line: String = body
                    .chars()
                    .take(120)
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                write!(f, " (non-JSON body: {one_line:?})")?;
            }
        } else {
            for (i, e) in self.errors.iter().enumerate() {
                let sep = if i == 0 { ": " } else { "; " };
                write!(f, "{sep}{} (code {})", e.message, e.code)?;
            }
        }
        if let Some(ray) = &self.ray_id {
            write!(f, " [cf-ray {ray}]")?;
        }
        Ok(())
    }
}

/// The `cf-ray` header of a response (Cloudflare's request id, for support), when present.
pub fn ray_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("cf-ray")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// What changed in a list while it was read: the counts on the first page and on the page
/// where they differed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListChanged {
    /// The page whose counts differ from the first page's.
    pub page: u64,
    /// `(total_count, total_pages)` on the first page.
    pub before: (Option<u64>, Option<u64>),
    /// `(total_count, total_pages)` on `page`.
    pub after: (Option<u64>, Option<u64>),
}

impl fmt::Display for ListChanged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |c: (Option<u64>, Option<u64>)| {
            let n = |v: Option<u64>| v.map_or_else(|| "?".to_owned(), |v| v.to_string());
            format!("{} items in {} pages", n(c.0), n(c.1))
        };
        write!(
            f,
            "the list changed while it was read: {} on page 1, {} on page {}; with page-number \
             paging an item may have been skipped or seen twice",
            count(self.before),
            count(self.after),
            self.page
        )
    }
}
