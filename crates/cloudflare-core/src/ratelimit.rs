//! A client-side rate limit, shared by every clone of a client and every stream it runs.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// At most `requests` requests per `period`, with bursts of up to `requests`.
///
/// [`RateLimit::cloudflare`] is Cloudflare's global limit: 1,200 requests per 5 minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    requests: u32,
    period: Duration,
}

impl RateLimit {
    /// `requests` per `period`. A zero count or period is treated as 1 and 1 ns.
    pub fn new(requests: u32, period: Duration) -> Self {
        RateLimit {
            requests: requests.max(1),
            period: period.max(Duration::from_nanos(1)),
        }
    }

    /// Cloudflare's documented global limit: 1,200 requests per 5 minutes per user.
    pub fn cloudflare() -> Self {
        Self::new(1200, Duration::from_secs(300))
    }
}

/// A [`RateLimit`] in force, shared by its clones (a client's and its requests'): the generic
/// cell rate algorithm: each request reserves the next slot `interval` after the
/// previous one; up to `requests` slots may be reserved ahead (the burst).
#[derive(Debug, Clone)]
pub struct Limiter {
    interval: Duration,
    burst: Duration,
    /// Theoretical arrival time of the next request.
    tat: Arc<Mutex<Option<Instant>>>,
}

impl Limiter {
    /// The limiter of `limit`, empty.
    pub fn new(limit: RateLimit) -> Self {
        let interval = limit.period / limit.requests;
        Limiter {
            interval,
            burst: interval * (limit.requests - 1),
            tat: Arc::new(Mutex::new(None)),
        }
    }

    /// Waits until this request may go.
    pub(crate) async fn acquire(&self) {
        let wait = {
            let mut tat = self.tat.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let t = tat.map_or(now, |t| t.max(now));
            *tat = Some(t + self.interval);
            // Allowed as soon as `t - burst <= now`.
            t.checked_sub(self.burst)
                .map_or(Duration::ZERO, |earliest| {
                    earliest.saturating_duration_since(now)
                })
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}
