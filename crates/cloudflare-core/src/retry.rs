//! The one retry policy: when to send a request again, and how long to wait first.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;

/// When and how often a failed request is sent again.
///
/// Defaults match Cloudflare's own SDKs: 2 retries, exponential backoff from 0.5 s doubling
/// up to 8 s with jitter, on transport errors, timeouts, 408, 409, 429 and 5xx (see
/// [`Error::is_retryable`](crate::Error::is_retryable)). A server's `Retry-After` (seconds
/// or HTTP date) or `retry-after-ms` replaces the backoff when it is at most
/// [`max_retry_after`](Self::max_retry_after) (60 s). A longer one is neither slept nor
/// shortened: the request is not retried, and the error
/// ([`Error::RateLimited`](crate::Error::RateLimited) for a 429) carries the server's value in
/// [`ApiError::retry_after`](crate::ApiError::retry_after), for the caller to decide.
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
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
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

    /// The longest `Retry-After` this policy waits out. A longer one ends the retries: the
    /// error is returned with the server's value. Defaults to 60 s.
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
    /// `Retry-After`, if any; `None` when the server asks for longer than
    /// [`max_retry_after`](Self::max_retry_after): then there is no retry.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Option<Duration> {
        if let Some(ra) = retry_after {
            return (ra <= self.max_retry_after).then_some(ra);
        }
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1).min(31)));
        let nominal = exp.min(self.max_backoff);
        Some(if self.jitter {
            nominal.mul_f64(1.0 - 0.25 * fastrand::f64())
        } else {
            nominal
        })
    }
}

/// The wait a response asks for: `retry-after-ms`, else `Retry-After` in seconds or as an
/// HTTP date. Unparseable values are ignored.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
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
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_doubles_from_half_a_second_and_caps_at_eight() {
        let p = RetryPolicy::new().jitter(false);
        let secs: Vec<f64> = (1..=7)
            .map(|i| p.delay(i, None).expect("backoff").as_secs_f64())
            .collect();
        assert_eq!(secs, [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]);
        assert_eq!(p.delay(u32::MAX, None), Some(Duration::from_secs(8)));
    }

    #[test]
    fn jitter_stays_between_75_and_100_percent() {
        let p = RetryPolicy::new();
        for _ in 0..1000 {
            let d = p.delay(3, None).expect("backoff");
            assert!(
                d >= Duration::from_millis(1500) && d <= Duration::from_secs(2),
                "{d:?}"
            );
        }
    }

    #[test]
    fn retry_after_replaces_backoff_and_beyond_the_cap_ends_retries() {
        let p = RetryPolicy::new();
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(7))),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(60))),
            Some(Duration::from_secs(60))
        );
        assert_eq!(p.delay(1, Some(Duration::from_secs(3600))), None);
    }

    #[test]
    fn retry_after_headers_parse() {
        let h = |pairs: &[(&'static str, &'static str)]| {
            let mut m = HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, HeaderValue::from_static(v));
            }
            retry_after(&m)
        };
        assert_eq!(h(&[("retry-after", "2")]), Some(Duration::from_secs(2)));
        assert_eq!(
            h(&[("retry-after", "1.5")]),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            h(&[("retry-after-ms", "250"), ("retry-after", "9")]),
            Some(Duration::from_millis(250))
        );
        assert_eq!(
            h(&[("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT")]),
            Some(Duration::ZERO)
        );
        assert_eq!(h(&[("retry-after", "soon")]), None);
        assert_eq!(h(&[("retry-after", "-1")]), None);
        assert_eq!(h(&[("retry-after-ms", "NaN")]), None);
        assert_eq!(h(&[]), None);
    }
}
