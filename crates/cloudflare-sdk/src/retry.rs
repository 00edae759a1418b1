//! The one retry policy: when to send a request again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// When and how often a failed request is sent again.
///
/// Defaults match Cloudflare's own SDKs: 2 retries, exponential backoff from 0.5 s doubling
/// up to 8 s with jitter, on transport errors, timeouts, 408, 409, 429 and 5xx (see
/// [`Error::is_retryable`](crate::Error::is_retryable)). A server's `Retry-After` (seconds
/// or HTTP date) or `retry-after-ms` replaces the backoff, capped at 60 s.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// The default policy (2 retries, 0.5 s → 8 s backoff with jitter, `Retry-After` ≤ 60 s).
    pub fn new() -> Self {
        Self::default()
    }

    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..Self::default() }
    }

    /// Retries after the first attempt. Defaults to 2 (3 attempts in all).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Backoff before the first retry; it doubles for each further one. Defaults to 0.5 s.
    pub fn initial_backoff(mut self, d: Duration) -> Self {
        self.initial_backoff = d;
        self
    }

    /// The longest backoff between two attempts. Defaults to 8 s.
    pub fn max_backoff(mut self, d: Duration) -> Self {
        self.max_backoff = d;
        self
    }

    /// The longest wait a server's `Retry-After` can impose. Defaults to 60 s.
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// Whether backoff is randomised (between 75 % and 100 % of the nominal delay), so that
    /// many clients do not retry in lockstep. Defaults to `true`.
    pub fn jitter(mut self, on: bool) -> Self {
        self.jitter = on;
        self
    }

    /// The configured number of retries.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// How long to wait before retry number `retry` (1-based), given the server's
    /// `Retry-After`, if any.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(ra) = retry_after {
            return ra.min(self.max_retry_after);
        }
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1).min(31)));
        let nominal = exp.min(self.max_backoff);
        if self.jitter { nominal.mul_f64(1.0 - 0.25 * fastrand::f64()) } else { nominal }
    }
}

/// The wait a response asks for: `retry-after-ms`, else `Retry-After` in seconds or as an
/// HTTP date. Unparseable values are ignored.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(ms) = get("retry-after-ms").and_then(|v| v.parse::<f64>().ok())
        && ms.is_finite()
        && ms >= 0.0
    {
        return Some(Duration::from_secs_f64((ms / 1000.0).min(86_400.0)));
    }
    let v = get("retry-after")?;
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(when.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}
