//! The one request loop: credentials check, deadline, attempts with a tracing span each,
//! retries with backoff. Every endpoint's request goes through [`Client::execute`].

use std::time::Instant;

use cloudflare_core::{Envelope, Operation};
use tracing::Instrument;

use crate::client::{CallOptions, Client};
use crate::error::Error;
use crate::mapping::map_result;
use crate::transport::{CALL, CallContext};

impl Client {
    /// Sends `op` with retries, one tracing span per attempt, and maps every failure into
    /// [`Error`]. Every endpoint of this crate goes through here.
    pub(crate) async fn execute<O>(&self, op: O, opts: &CallOptions) -> Result<O::Response, Error>
    where
        O: Operation,
        O::Response: Envelope,
    {
        let mut opts = opts.clone();
        opts.start();
        match opts.deadline_at {
            Some((at, after)) => tokio::time::timeout_at(at.into(), self.attempts(op, &opts))
                .await
                .unwrap_or(Err(Error::Deadline { after })),
            None => self.attempts(op, &opts).await,
        }
    }

    /// The request loop proper: credentials check, attempts, retries.
    async fn attempts<O>(&self, op: O, opts: &CallOptions) -> Result<O::Response, Error>
    where
        O: Operation,
        O::Response: Envelope,
    {
        if !O::AUTH.is_empty() && !O::AUTH.contains(&self.inner.mode) {
            return Err(Error::CredentialsNotAccepted {
                operation: O::OPERATION_ID,
                used: self.inner.mode,
                accepted: O::AUTH.to_vec(),
            });
        }
        let policy = opts.retry.as_ref().unwrap_or(&self.inner.retry);
        let timeout = opts.timeout.unwrap_or(self.inner.timeout);
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let span = tracing::debug_span!(
                "cloudflare.request",
                method = O::HTTP_METHOD,
                path = O::PATH,
                attempt,
                status = tracing::field::Empty,
                cf_ray = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let ctx = CallContext::new(timeout);
            let started = Instant::now();
            let result = CALL
                .scope(ctx.clone(), op.clone().send())
                .instrument(span.clone())
                .await;
            let outcome = map_result(result, ctx.meta(), timeout).await;
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            let err = match outcome {
                Ok(body) => return Ok(body),
                Err(e) => e,
            };
            if attempt > policy.retries() || !err.is_retryable() {
                span.in_scope(|| tracing::debug!(error = %err, "request failed"));
                return Err(err);
            }
            let Some(delay) = policy.delay(attempt, err.api().and_then(|a| a.retry_after)) else {
                span.in_scope(|| {
                    tracing::info!(
                        error = %err,
                        "not retried: the server's Retry-After is beyond the policy's cap"
                    )
                });
                return Err(err);
            };
            span.in_scope(|| {
                tracing::info!(
                    attempt,
                    reason = %err,
                    delay_ms = delay.as_millis() as u64,
                    "retrying"
                )
            });
            tokio::time::sleep(delay).await;
        }
    }
}
