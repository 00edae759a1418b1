//! The one request loop: a generated builder's request ([`Prepared`]) sent with the
//! client's credentials, under its deadline, one attempt at a time (a tracing span each),
//! retried with backoff, every failure mapped into [`Error`]. Every generated builder's
//! `send()` goes through [`execute`], and so does every page of the pager.

use std::time::{Duration, Instant};

use progenitor_client::Error as GenError;
use tracing::Instrument;

use crate::attempt::{Decode, cap_body};
use crate::error::Error;
use crate::mapping::{Answered, map_outcome};
use crate::ratelimit::Limiter;
use crate::raw::RawParams;
use crate::retry::RetryPolicy;
use crate::{BuiltRequest, FailureEnvelope, Hooks, Operation};

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
    /// A client-side rate limit every attempt waits for (`None`: none); its clones share
    /// it.
    pub rate_limit: Option<Limiter>,
    /// The largest response body read, in bytes (past it: [`Error::BodyTooLarge`]).
    pub max_body: u64,
}

impl Default for Settings {
    /// The default [`RetryPolicy`], a 60 s timeout, no deadline, no rate limit, a 64 MiB
    /// body cap.
    fn default() -> Self {
        Settings {
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(60),
            deadline: None,
            rate_limit: None,
            max_body: 64 * 1024 * 1024,
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

/// A request a generated builder built, with what the request loop needs to send it: the
/// client's hooks and connection pool, and the operation it belongs to. A generated
/// builder's `prepare()` returns it (`Client::prepare::<Self>(request)` in the generated
/// code); [`execute`] sends it. Built once per call: the loop sends a copy per attempt.
pub struct Prepared {
    hooks: Hooks,
    http: reqwest::Client,
    base_url: String,
    operation_id: &'static str,
    method: &'static str,
    template: &'static str,
    source: Source,
}

/// Where each attempt's request comes from.
enum Source {
    /// Built once by the generated builder (a JSON body, or none: copied per attempt).
    Built(BuiltRequest),
    /// A raw operation's parameters, built into a request per attempt by
    /// [`raw::build`](crate::raw::build) (a multipart body is a stream, which a request
    /// cannot copy).
    Raw {
        params: RawParams,
        body_required: bool,
    },
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("template", &self.template)
            .finish_non_exhaustive()
    }
}

impl Prepared {
    /// The request `request` of operation `O`, sent through `hooks` and `http` to
    /// `base_url`.
    pub fn new<O: Operation>(
        hooks: Hooks,
        http: reqwest::Client,
        base_url: String,
        request: BuiltRequest,
    ) -> Self {
        Self::from_source::<O>(hooks, http, base_url, Source::Built(request))
    }

    /// The raw operation `O` with the parameters its builder collected.
    pub fn raw<O: Operation>(
        hooks: Hooks,
        http: reqwest::Client,
        base_url: String,
        params: RawParams,
        body_required: bool,
    ) -> Self {
        let source = Source::Raw {
            params,
            body_required,
        };
        Self::from_source::<O>(hooks, http, base_url, source)
    }

    fn from_source<O: Operation>(
        hooks: Hooks,
        http: reqwest::Client,
        base_url: String,
        source: Source,
    ) -> Self {
        Prepared {
            hooks,
            http,
            base_url,
            operation_id: O::OPERATION_ID,
            method: O::HTTP_METHOD,
            template: O::PATH,
            source,
        }
    }
}

/// A request that is never sent: what stays in place of a request taken whole to be sent
/// once (its body could not be copied).
fn placeholder() -> reqwest::Request {
    reqwest::Request::new(
        reqwest::Method::GET,
        reqwest::Url::parse("http://localhost/").expect("a valid URL"),
    )
}

/// A builder's `send()`, `send_envelope()`, per-call settings and `IntoFuture`
/// (`builder.await` is `builder.send().await`): the generator writes one line per builder,
/// `::cloudflare_core::send_methods!(Builder, types::Response, <kind>);`, the kind saying
/// what `send()` answers ([`answer`](crate::answer)):
///
/// - `result`: the envelope's `result` ([`TheResult`](crate::answer::TheResult));
/// - `items`: the items of a list Cloudflare does not page;
/// - `pages` / `cursor`: every item of every page of a list paged by page number / by
///   cursor, read by the one pager, which `into_paginator()` returns for control;
/// - `body`: the whole body, where there is no envelope `result`.
///
/// The request is built here, in the builder's crate, and handed to the core: the request
/// loop never calls back into generated code, and it is compiled only where a call is
/// awaited.
#[doc(hidden)]
#[macro_export]
macro_rules! send_methods {
    ($builder:ident, $response:ty, result) => {
        $crate::send_methods!(@send $builder, TheResult);
    };
    ($builder:ident, $response:ty, items) => {
        $crate::send_methods!(@send $builder, Items);
    };
    ($builder:ident, $response:ty, body) => {
        $crate::send_methods!(@send $builder, Whole);
    };
    ($builder:ident, $response:ty, pages) => {
        $crate::send_methods!(@list $builder, $response, Listing, paginate, Pages);
    };
    ($builder:ident, $response:ty, cursor) => {
        $crate::send_methods!(@list $builder, $response, CursorListing, paginate_by_cursor, CursorPages);
    };
    (@list $builder:ident, $response:ty, $listing:ident, $paginate:ident, $kind:ident) => {
        impl $builder {
            /// Every page of this list, each through the one request loop: the one pager
            /// ([`List`](::cloudflare_core::List): `.items()` streams every item, `.pages()`
            /// gives each page with its `result_info`, `.prefetch(n)`, `.strict(true)`).
            // `#[inline]`: the pager and the decoders are compiled where it is called.
            #[inline]
            pub fn into_paginator(self) -> $crate::List<<$response as $crate::$listing>::Item> {
                $crate::$paginate(self)
            }
        }
        $crate::send_methods!(@send $builder, $kind);
    };
    (@send $builder:ident, $kind:ident) => {
        impl $builder {
            /// This request's timeout for each attempt (the client's by default).
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                $crate::Operation::hooks_mut(&mut self)
                    .settings_mut()
                    .timeout = timeout;
                self
            }
            /// This request's deadline, retries and waits included; past it the call fails
            /// with [`Error::Deadline`]($crate::Error::Deadline) (the client's by default).
            pub fn with_deadline(mut self, deadline: ::std::time::Duration) -> Self {
                $crate::Operation::hooks_mut(&mut self)
                    .settings_mut()
                    .deadline = Some(deadline);
                self
            }
            /// This request's retry policy (the client's by default).
            pub fn with_retry(mut self, policy: $crate::RetryPolicy) -> Self {
                $crate::Operation::hooks_mut(&mut self).settings_mut().retry = policy;
                self
            }
            /// Sends the request through the one request loop
            /// ([`execute`](::cloudflare_core::execute): deadline, retries, `success: false`
            /// as the error) and answers with what the operation answers: its `result`, or
            /// every item of a list (every page of a paged one). `builder.await` is the same
            /// call.
            pub fn send(self) -> $crate::answer::Sending<Self, $crate::answer::$kind> {
                $crate::answer::Sending::new(self)
            }
            /// Sends one request and answers with the whole response as the server sent it:
            /// the envelope with its `messages` and, for a list, one page with its
            /// `result_info`.
            pub fn send_envelope(self) -> $crate::answer::Sending<Self, $crate::answer::Whole> {
                $crate::answer::Sending::new(self)
            }
        }
        /// `builder.await` is `builder.send().await`.
        impl ::std::future::IntoFuture for $builder {
            type Output = <Self::IntoFuture as ::std::future::Future>::Output;
            type IntoFuture = $crate::answer::Sending<Self, $crate::answer::$kind>;
            fn into_future(self) -> Self::IntoFuture {
                $crate::answer::Sending::new(self)
            }
        }
    };
}

/// Sends `request` through the one request loop and returns its decoded body: the client's
/// credentials (whatever modes the operation's document lists: the server is the authority
/// on them), the path-shape guard, the deadline, one tracing span per attempt, the rate
/// limit, retries with backoff (`Retry-After` honoured), any `2xx` a success (see
/// [`de::decode_success`](crate::de::decode_success)), `success: false` the API error at
/// any status, every failure one [`Error`].
pub async fn execute<R: Decode>(request: Prepared, opts: CallOptions) -> Result<R, Error> {
    let settings = request.hooks.settings().clone();
    let mut opts = opts;
    if opts.deadline.is_none() {
        opts.deadline = settings.deadline;
    }
    opts.start();
    let attempts = attempts(request, &settings, &opts);
    match opts.deadline_at {
        Some((at, after)) => tokio::time::timeout_at(at.into(), attempts)
            .await
            .unwrap_or(Err(Error::Deadline { after })),
        None => attempts.await,
    }
}

/// The request loop proper: attempts and retries.
async fn attempts<R: Decode>(
    request: Prepared,
    settings: &Settings,
    opts: &CallOptions,
) -> Result<R, Error> {
    let policy = opts.retry.as_ref().unwrap_or(&settings.retry);
    let timeout = opts.timeout.unwrap_or(settings.timeout);
    let Prepared {
        hooks,
        http,
        base_url,
        operation_id,
        method,
        template,
        source,
    } = request;
    let mut requests = Requests::new(source, &hooks, &http, &base_url, method, template);
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let span = tracing::debug_span!(
            "cloudflare.request",
            method,
            path = template,
            attempt,
            status = tracing::field::Empty,
            cf_ray = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let (outcome, answered) = match requests.next() {
            Ok(request) => {
                one_attempt::<R>(&http, request, settings, timeout, &span)
                    .instrument(span.clone())
                    .await
            }
            Err(e) => (Err(e), None),
        };
        let outcome = map_outcome(outcome, answered, timeout, operation_id).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        let err = match outcome {
            Ok(body) => return Ok(body),
            Err(e) => e,
        };
        if attempt > policy.retries() || !err.is_retryable() || !requests.can_repeat() {
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

/// One attempt: rate limit, timeout, send, the answer's status and Ray ID on the span, the
/// body cap, then the status policy and decoding ([`Decode`]). Gives what the error mapping
/// needs to know of the answer, when one came.
async fn one_attempt<R: Decode>(
    http: &reqwest::Client,
    mut request: reqwest::Request,
    settings: &Settings,
    timeout: Duration,
    span: &tracing::Span,
) -> (crate::attempt::Outcome<R>, Option<Answered>) {
    if let Some(limiter) = &settings.rate_limit {
        limiter.acquire().await;
    }
    *request.timeout_mut() = Some(timeout);
    let response = match http.execute(request).await {
        Ok(response) => response,
        Err(e) => return (Err(GenError::CommunicationError(e)), None),
    };
    let answered = Answered {
        status: response.status(),
        ray_id: crate::ray_id(response.headers()),
    };
    span.record("status", answered.status.as_u16());
    if let Some(ray) = &answered.ray_id {
        span.record("cf_ray", ray.as_str());
    }
    let outcome = R::read(cap_body(response, settings.max_body)).await;
    (outcome, Some(answered))
}

/// Each attempt's request: the builder's, guarded and with the client's credentials, copied
/// for each attempt (taken whole when its body cannot be copied: it is then sent once); a
/// raw operation's, built anew each time.
struct Requests<'a> {
    source: Source,
    hooks: &'a Hooks,
    http: &'a reqwest::Client,
    base_url: &'a str,
    method: &'static str,
    template: &'static str,
    /// Whether another attempt can be sent.
    repeatable: bool,
}

impl<'a> Requests<'a> {
    #[allow(clippy::result_large_err)] // progenitor's error type
    fn new(
        source: Source,
        hooks: &'a Hooks,
        http: &'a reqwest::Client,
        base_url: &'a str,
        method: &'static str,
        template: &'static str,
    ) -> Self {
        let source = match source {
            Source::Built(request) => {
                Source::Built(request.and_then(|r| hooks.finish(r, base_url, template)))
            }
            raw => raw,
        };
        Requests {
            source,
            hooks,
            http,
            base_url,
            method,
            template,
            repeatable: true,
        }
    }

    /// The next attempt's request.
    #[allow(clippy::result_large_err)] // progenitor's error type
    fn next(&mut self) -> Result<reqwest::Request, GenError<FailureEnvelope>> {
        match &mut self.source {
            Source::Built(Ok(request)) => match request.try_clone() {
                Some(copy) => Ok(copy),
                None => {
                    self.repeatable = false;
                    Ok(std::mem::replace(request, placeholder()))
                }
            },
            Source::Built(Err(e)) => {
                self.repeatable = false;
                Err(std::mem::replace(
                    e,
                    GenError::InvalidRequest("already reported".into()),
                ))
            }
            Source::Raw {
                params,
                body_required,
            } => crate::raw::build(
                self.http,
                self.base_url,
                self.method,
                self.template,
                params,
                *body_required,
            )
            .and_then(|r| self.hooks.finish(r, self.base_url, self.template)),
        }
    }

    /// Whether another attempt can be sent (no body that could only be sent once was).
    fn can_repeat(&self) -> bool {
        self.repeatable
    }
}
