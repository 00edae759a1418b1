//! The one request loop: deadline, attempts with a tracing span each,
//! retries with backoff, and every failure mapped into [`Error`]. Every generated builder's
//! `send()` goes through [`execute`], and so does every wrapper of `cloudflare-sdk`.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use tracing::Instrument;

use crate::error::Error;
use crate::mapping::map_result;
use crate::retry::RetryPolicy;
use crate::{Envelope, FailureEnvelope, Operation};
use progenitor_client::ResponseValue;

/// What the request loop does for a client, installed in its [`Hooks`](crate::Hooks) by
/// whoever builds it (`cloudflare-sdk`'s `ClientBuilder`). A product client built with
/// plain [`Hooks::new`](crate::Hooks::new) gets the defaults.
#[derive(Debug, Clone)]
pub struct Settings {
    /// When a failed attempt is sent again.
    pub retry: RetryPolicy,
    /// Each attempt's timeout.
    pub timeout: Duration,
    /// The whole call's deadline, retries included (`None`: none).
    pub deadline: Option<Duration>,
}

impl Default for Settings {
    /// The default [`RetryPolicy`], a 60 s timeout, no deadline.
    fn default() -> Self {
        Settings {
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(60),
            deadline: None,
        }
    }
}

/// Per-call overrides of a client's [`Settings`]; the default overrides nothing.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    /// Each attempt's timeout.
    pub timeout: Option<Duration>,
    /// The retry policy.
    pub retry: Option<RetryPolicy>,
    /// The whole call's (or list's) deadline, from when it starts.
    pub deadline: Option<Duration>,
    /// When the deadline passes: set when the call or list starts, shared by its requests.
    deadline_at: Option<(Instant, Duration)>,
}

impl CallOptions {
    /// Starts the deadline clock, once (a list starts it at its first page, and its pages
    /// share it).
    pub fn start(&mut self) {
        if self.deadline_at.is_none()
            && let Some(d) = self.deadline
        {
            self.deadline_at = Some((Instant::now() + d, d));
        }
    }
}

/// What `.await` on a builder gives: the builder's `send()`. Generic over the operation and
/// started on its first poll, so the request loop is compiled where a builder is awaited,
/// not once per operation in every product crate.
pub struct SendFuture<O: Operation> {
    op: Option<O>,
    running: Option<BoxFuture<'static, Result<O::Response, Error>>>,
}

impl<O: Operation> SendFuture<O> {
    /// The future of `op.send()`.
    pub fn new(op: O) -> Self {
        Self {
            op: Some(op),
            running: None,
        }
    }
}

// Nothing in it is pinned: the builder is moved out before the first poll and the running
// future is boxed.
impl<O: Operation> Unpin for SendFuture<O> {}

impl<O: Operation> std::fmt::Debug for SendFuture<O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SendFuture")
            .field("operation", &O::OPERATION_ID)
            .field("started", &self.running.is_some())
            .finish()
    }
}

impl<O> std::future::Future for SendFuture<O>
where
    O: Operation,
    O::Response: Envelope,
{
    type Output = Result<O::Response, Error>;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        let this = self.get_mut();
        if this.running.is_none() {
            let op = this.op.take().expect("SendFuture polled after it finished");
            this.running = Some(Box::pin(async move {
                execute(op, &CallOptions::default()).await
            }));
        }
        let running = this.running.as_mut().expect("started above");
        running.as_mut().poll(cx)
    }
}

/// A builder's `send()` and, with `awaitable`, its `IntoFuture` (`builder.await` is
/// `builder.send().await`): the generator writes one line per builder,
/// `::cloudflare_core::send_methods!(Builder, types::Response, awaitable);`. A builder that
/// can page has no `.await` (it would read one page; `.all()` reads them all).
#[doc(hidden)]
#[macro_export]
macro_rules! send_methods {
    ($builder:ident, $response:ty) => {
        impl $builder {
            /// Sends the request through the one request loop
            /// ([`execute`](::cloudflare_core::execute): deadline,
            /// retries, `success: false` as the error); a list's reads one page.
            pub async fn send(self) -> ::std::result::Result<$response, $crate::Error> {
                $crate::execute(self, &::std::default::Default::default()).await
            }
        }
    };
    ($builder:ident, $response:ty, awaitable) => {
        $crate::send_methods!($builder, $response);
        /// `builder.await` is `builder.send().await`.
        impl ::std::future::IntoFuture for $builder {
            type Output = ::std::result::Result<$response, $crate::Error>;
            type IntoFuture = $crate::SendFuture<Self>;
            fn into_future(self) -> Self::IntoFuture {
                $crate::SendFuture::new(self)
            }
        }
    };
}

/// Sends `op` through the one request loop and returns its decoded body: the client's
/// credentials (whatever modes the operation's document lists), the deadline, one tracing
/// span per attempt, retries with backoff (`Retry-After` honoured), any `2xx` a success
/// (see [`de::decode_success`](crate::de::decode_success)), `success: false` the API error
/// at any status, every failure one [`Error`].
pub async fn execute<O>(op: O, opts: &CallOptions) -> Result<O::Response, Error>
where
    O: Operation,
    O::Response: Envelope,
{
    execute_with(op, opts, O::send_once).await
}

/// [`execute`] with another decoding of the success body: the request loop around
/// `attempt` (one send of `op`, decoding its success body as `R`).
pub(crate) async fn execute_with<O, R, F>(
    op: O,
    opts: &CallOptions,
    attempt: impl Fn(O) -> F + Send,
) -> Result<R, Error>
where
    O: Operation,
    R: Envelope,
    F: Future<Output = Result<ResponseValue<R>, progenitor_client::Error<FailureEnvelope>>> + Send,
{
    let settings = op.hooks().settings().clone();
    let mut opts = opts.clone();
    if opts.deadline.is_none() {
        opts.deadline = settings.deadline;
    }
    opts.start();
    let attempts = attempts(op, &settings, &opts, attempt);
    match opts.deadline_at {
        Some((at, after)) => tokio::time::timeout_at(at.into(), attempts)
            .await
            .unwrap_or(Err(Error::Deadline { after })),
        None => attempts.await,
    }
}

/// The request loop proper: attempts and retries. The client's credentials go with every
/// operation, whatever modes its document lists: the server is the authority on them.
async fn attempts<O, R, F>(
    op: O,
    settings: &Settings,
    opts: &CallOptions,
    send: impl Fn(O) -> F,
) -> Result<R, Error>
where
    O: Operation,
    R: Envelope,
    F: Future<Output = Result<ResponseValue<R>, progenitor_client::Error<FailureEnvelope>>>,
{
    let policy = opts.retry.as_ref().unwrap_or(&settings.retry);
    let timeout = opts.timeout.unwrap_or(settings.timeout);
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
            .scope(ctx.clone(), send(op.clone()))
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

/// One attempt's settings and results, handed from the request loop to [`Hooks::exec`]
/// (crate::Hooks::exec) through a task-local (the generated builders have no slot for them).
#[derive(Debug)]
pub(crate) struct CallContext {
    timeout: Duration,
    meta: Mutex<Option<(StatusCode, HeaderMap)>>,
}

impl CallContext {
    fn new(timeout: Duration) -> Arc<Self> {
        Arc::new(CallContext {
            timeout,
            meta: Mutex::new(None),
        })
    }

    /// The attempt's timeout, set on the request before it is sent.
    pub(crate) fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Keeps the response's status and headers for the error mapping.
    pub(crate) fn record(&self, status: StatusCode, headers: &HeaderMap) {
        *self.meta.lock().unwrap_or_else(|p| p.into_inner()) = Some((status, headers.clone()));
    }

    /// Status and headers of the response, once one arrived.
    fn meta(&self) -> Option<(StatusCode, HeaderMap)> {
        self.meta.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

tokio::task_local! {
    pub(crate) static CALL: Arc<CallContext>;
}

/// The response body went past the configured cap: a [`Transport`](crate::Transport) that
/// caps bodies fails the body stream with it, and the loop reports
/// [`Error::BodyTooLarge`].
#[derive(Debug, thiserror::Error)]
#[error("response body exceeds the {limit}-byte cap")]
pub struct BodyTooLarge {
    /// The cap, in bytes.
    pub limit: u64,
}
