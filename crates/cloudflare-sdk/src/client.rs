//! The client, its builder, and the one request loop every endpoint goes through.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudflare_core::{
    AuthMode, Envelope, FailureEnvelope, Hooks, Listing, Operation, Paginated, Single,
};
use progenitor_client::Error as GenError;
use tracing::Instrument;

use crate::api::Api;
use crate::auth::{Credentials, credentials_from_env, env};
use crate::call::Call;
use crate::error::{ApiError, Error, ray_id};
use crate::pager::List;
use crate::ratelimit::{Limiter, RateLimit};
use crate::retry::RetryPolicy;
use crate::transport::{BodyTooLarge, CALL, CallContext, SdkTransport};

/// Cloudflare's API base URL, used unless the builder or `CLOUDFLARE_BASE_URL` says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_BODY: u64 = 64 * 1024 * 1024;

/// A Cloudflare API client. Cheap to clone (an `Arc`); clones share the connection pool
/// and the rate limit, and are safe to use from many tasks at once.
///
/// ```no_run
/// # async fn run() -> Result<(), cloudflare_sdk::Error> {
/// let client = cloudflare_sdk::Client::from_env()?;
/// let peers = client.secondary_dns().peers().list("account-id").all().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    api: Api,
    base_url: String,
    mode: AuthMode,
    timeout: Duration,
    deadline: Option<Duration>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.mode.to_string())
            .field("credentials", &"<redacted>")
            .field("timeout", &self.inner.timeout)
            .field("deadline", &self.inner.deadline)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

/// Reads one environment variable.
type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Builds a [`Client`]. Explicit settings beat the environment.
#[derive(Clone)]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    use_env: bool,
    env: Option<EnvLookup>,
    timeout: Duration,
    deadline: Option<Duration>,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    max_body: u64,
    allow_http: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("use_env", &self.use_env)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("max_body", &self.max_body)
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            credentials: None,
            base_url: None,
            use_env: false,
            env: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!("cloudflare-sdk-rust/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            rate_limit: None,
            max_body: DEFAULT_MAX_BODY,
            allow_http: false,
        }
    }
}

impl ClientBuilder {
    /// Authenticate with these credentials. No default: without credentials (here or, after
    /// [`from_env`](Self::from_env), in the environment) [`build`](Self::build) fails.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Authenticate with an API token (`Authorization: Bearer`).
    pub fn api_token(self, token: impl Into<crate::Secret>) -> Self {
        self.credentials(Credentials::api_token(token))
    }

    /// Authenticate with an email and global API key (`X-Auth-Email` + `X-Auth-Key`).
    pub fn api_key(self, email: impl Into<String>, key: impl Into<crate::Secret>) -> Self {
        self.credentials(Credentials::api_key(email, key))
    }

    /// Authenticate with a user service key (`X-Auth-User-Service-Key`).
    pub fn user_service_key(self, key: impl Into<crate::Secret>) -> Self {
        self.credentials(Credentials::user_service_key(key))
    }

    /// The API base URL. Defaults to `CLOUDFLARE_BASE_URL` (with [`from_env`](Self::from_env))
    /// or [`DEFAULT_BASE_URL`]. Must be `https`, or `http` to a loopback host, unless
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Fill what was not set explicitly from the environment: `CLOUDFLARE_API_TOKEN`,
    /// `CLOUDFLARE_EMAIL` + `CLOUDFLARE_API_KEY`, `CLOUDFLARE_API_USER_SERVICE_KEY`,
    /// `CLOUDFLARE_BASE_URL`. Empty variables count as unset. Off by default.
    pub fn from_env(mut self) -> Self {
        self.use_env = true;
        self
    }

    /// Like [`from_env`](Self::from_env), reading variables through `lookup` instead of the
    /// process environment (for configuration systems and tests).
    pub fn from_env_with(
        mut self,
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.use_env = true;
        self.env = Some(Arc::new(lookup));
        self
    }

    /// Timeout for one attempt of a request, from connecting to the end of the body.
    /// Defaults to 60 seconds. Per call: `.timeout(..)` on a request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Deadline for a whole call, or a whole list, retries and waits included: past it the
    /// call fails with [`Error::Deadline`] (a list after yielding what it fetched). Defaults
    /// to none (each attempt still has [`timeout`](Self::timeout)). Per call or list:
    /// `.deadline(..)`.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Timeout for establishing a connection. Defaults to 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header. Defaults to `cloudflare-sdk-rust/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The retry policy. Defaults to [`RetryPolicy::default`]; [`RetryPolicy::none`] turns
    /// retries off. Per call: `.retry(..)` on a request.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Keep this client (and all its clones and streams) under a request rate, e.g.
    /// [`RateLimit::cloudflare`]. Defaults to no client-side limit.
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Largest response body accepted, in bytes; a larger one fails with
    /// [`Error::BodyTooLarge`] without being read. Defaults to 64 MiB.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_body = limit;
        self
    }

    /// Allow a plain `http` base URL to a non-loopback host: credentials then cross the
    /// network unencrypted. Off by default.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Builds the client. Fails with [`Error::Config`] on missing or conflicting
    /// credentials, a secret with invalid header bytes, or a base URL that is not https.
    pub fn build(self) -> Result<Client, Error> {
        let process_env = |name: &str| std::env::var(name).ok();
        let lookup: &dyn Fn(&str) -> Option<String> = match &self.env {
            Some(f) => f.as_ref(),
            None => &process_env,
        };
        let credentials = match (self.credentials, self.use_env) {
            (Some(c), _) => c,
            (None, true) => credentials_from_env(lookup)?,
            (None, false) => {
                return Err(Error::config(
                    "no credentials: call .api_token(..), .api_key(..) or \
                     .user_service_key(..), or .from_env()",
                ));
            }
        };
        let base_url = self
            .base_url
            .or_else(|| {
                self.use_env
                    .then(|| lookup(env::BASE_URL).filter(|v| !v.is_empty()))
                    .flatten()
            })
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned());
        let base_url = check_base_url(&base_url, self.allow_http)?;

        let mut hooks = Hooks::new();
        for (name, value) in credentials.headers()? {
            hooks = hooks.with_header(name, value);
        }
        let transport = SdkTransport {
            limiter: self.rate_limit.map(Limiter::new),
            max_body: self.max_body,
        };
        let hooks = hooks.with_transport(Arc::new(transport));
        let http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            // Cloudflare's API does not redirect; following one could carry the credential
            // headers to another origin. A redirect is an error (`Error::Redirect`).
            .redirect(reqwest::redirect::Policy::none());
        #[cfg(feature = "rustls")]
        let http = http.tls_backend_preconfigured(rustls_config()?);
        let http = http
            .build()
            .map_err(|e| Error::config(format!("HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                api: Api::new(base_url.clone(), http, hooks),
                base_url,
                mode: credentials.mode(),
                timeout: self.timeout,
                deadline: self.deadline,
                retry: self.retry,
            }),
        })
    }
}

/// rustls with the ring provider (no process-wide default is installed or needed) and the
/// platform's certificate verifier.
#[cfg(feature = "rustls")]
fn rustls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config(format!("TLS: {e}")))?
        .with_platform_verifier()
        .map_err(|e| Error::config(format!("TLS certificate verifier: {e}")))
        .map(|b| b.with_no_client_auth())
}

/// `https`, or `http` to a loopback host, or anything http(s) when explicitly allowed.
fn check_base_url(raw: &str, allow_http: bool) -> Result<String, Error> {
    let url = url::Url::parse(raw)
        .map_err(|e| Error::config(format!("base URL {raw:?} is not a valid URL: {e}")))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback || allow_http => {}
        "http" => {
            return Err(Error::config(format!(
                "base URL {raw:?}: https is required (plain http is only allowed to a loopback \
                 host, or with .allow_insecure_http(true))"
            )));
        }
        other => {
            return Err(Error::config(format!(
                "base URL {raw:?}: scheme {other:?} is not supported; https is required"
            )));
        }
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(Error::config(format!(
            "base URL {raw:?} must not carry a query, fragment or user info"
        )));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Per-call overrides of the client's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    /// The whole call's (or list's) deadline, from when it starts.
    pub(crate) deadline: Option<Duration>,
    /// When the deadline passes: set when the call or list starts, shared by its requests.
    pub(crate) deadline_at: Option<(Instant, Duration)>,
}

impl CallOptions {
    /// Starts the deadline clock (this options' deadline, else `default`), once.
    pub(crate) fn start(&mut self, default: Option<Duration>) {
        if self.deadline_at.is_none()
            && let Some(d) = self.deadline.or(default)
        {
            self.deadline_at = Some((Instant::now() + d, d));
        }
    }
}

impl Client {
    /// A builder with defaults: no credentials, [`DEFAULT_BASE_URL`], 60 s timeout, 2 retries.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment alone (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Client, Error> {
        Client::builder().from_env().build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The client's default deadline for a call or a list.
    pub(crate) fn default_deadline(&self) -> Option<Duration> {
        self.inner.deadline
    }

    /// The handle generated requests are built with (`api.dns()`, `api.zones()`, … one per
    /// enabled product). Requests built from it carry this client's credentials, rate limit
    /// and body cap; send them with [`list`](Self::list), [`call`](Self::call) or
    /// [`request`](Self::request) to get retries, pagination and typed errors too.
    pub fn api(&self) -> &Api {
        &self.inner.api
    }

    /// Any generated list operation of any enabled product, through the one pager: `build`
    /// gets the [`Api`] and returns the request with its filters set; the pager sets `page`
    /// and `per_page`.
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_sdk::Client) -> Result<(), cloudflare_sdk::Error> {
    /// use futures::TryStreamExt;
    /// let mut acls = client
    ///     .list(|api| {
    ///         api.secondary_dns()
    ///             .secondary_dns_acl_list_ac_ls()
    ///             .account_id("023e105f4ecef8ad9ca31a8372d0c353")
    ///     })
    ///     .per_page(100)
    ///     .items();
    /// while let Some(acl) = acls.try_next().await? {
    ///     println!("{:?} {:?}", acl.name, acl.ip_range);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// With the `dns` feature, DNS records with filters are
    /// `client.list(|api| api.dns().dns_records_for_a_zone_list_dns_records().zone_id(zone).type_("A"))`.
    pub fn list<O>(&self, build: impl FnOnce(&Api) -> O) -> List<<O::Response as Listing>::Item>
    where
        O: Paginated,
        O::Response: Envelope + Listing,
        <O::Response as Listing>::Item: Send + 'static,
    {
        let op = build(self.api());
        List::from_operation(self, move |client, q, opts| {
            let op = op.clone().paginate(q.page, q.per_page);
            async move { client.execute_hashed(op, &opts).await }
        })
    }

    /// Any generated single-object operation of any enabled product (get, create, update,
    /// delete, actions): its `result`, through the one request loop. A success without a
    /// `result` is an [`Error::Decode`].
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_sdk::Client) -> Result<(), cloudflare_sdk::Error> {
    /// let status = client
    ///     .call(|api| {
    ///         api.secondary_dns()
    ///             .secondary_dns_primary_zone_get_outgoing_zone_transfer_status()
    ///             .zone_id("269d8f4853475ca241c4e730be286b20")
    ///     })
    ///     .await?;
    /// println!("{status}");
    /// # Ok(()) }
    /// ```
    pub fn call<O>(&self, build: impl FnOnce(&Api) -> O) -> Call<<O::Response as Single>::Item>
    where
        O: Operation,
        O::Response: Envelope + Single,
        <O::Response as Single>::Item: Send + 'static,
    {
        let op = build(self.api());
        Call::new(self, move |client, opts| async move {
            match client.execute(op, &opts).await?.into_result() {
                Some(result) => Ok(result),
                None => Err(Error::Decode {
                    status: None,
                    ray_id: None,
                    message: format!("the {} response has no `result`", O::OPERATION_ID),
                    snippet: String::new(),
                }),
            }
        })
    }

    /// Any generated operation of any enabled product: its whole decoded response (for
    /// operations whose response has no `result`, or to read `messages`), through the one
    /// request loop.
    pub fn request<O>(&self, build: impl FnOnce(&Api) -> O) -> Call<O::Response>
    where
        O: Operation,
        O::Response: Envelope + Send + 'static,
    {
        let op = build(self.api());
        Call::new(self, move |client, opts| async move {
            client.execute(op, &opts).await
        })
    }

    /// Sends `op` with retries, one tracing span per attempt, and maps every failure into
    /// [`Error`]. Every endpoint of this crate goes through here.
    pub(crate) async fn execute<O>(&self, op: O, opts: &CallOptions) -> Result<O::Response, Error>
    where
        O: Operation,
        O::Response: Envelope,
    {
        self.execute_hashed(op, opts).await.map(|(body, _)| body)
    }

    /// [`execute`](Self::execute), also returning a hash of the response body's bytes (the
    /// pager's "same page twice" check).
    pub(crate) async fn execute_hashed<O>(
        &self,
        op: O,
        opts: &CallOptions,
    ) -> Result<(O::Response, u64), Error>
    where
        O: Operation,
        O::Response: Envelope,
    {
        let mut opts = opts.clone();
        opts.start(self.inner.deadline);
        match opts.deadline_at {
            Some((at, after)) => tokio::time::timeout_at(at.into(), self.attempts(op, &opts))
                .await
                .unwrap_or(Err(Error::Deadline { after })),
            None => self.attempts(op, &opts).await,
        }
    }

    /// The request loop proper: credentials check, attempts, retries.
    async fn attempts<O>(&self, op: O, opts: &CallOptions) -> Result<(O::Response, u64), Error>
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
                Ok(body) => return Ok((body, ctx.body_hash())),
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

/// Maps one attempt's outcome into the SDK's types.
async fn map_result<T: Envelope>(
    result: Result<progenitor_client::ResponseValue<T>, GenError<FailureEnvelope>>,
    meta: Option<(reqwest::StatusCode, reqwest::header::HeaderMap)>,
    timeout: Duration,
) -> Result<T, Error> {
    match result {
        Ok(rv) => {
            let status = rv.status();
            let headers = rv.headers().clone();
            let body = rv.into_inner();
            if body.success() == Some(false) {
                let envelope = FailureEnvelope {
                    success: Some(false),
                    errors: cloudflare_core::Messages(body.errors().to_vec()),
                    ..Default::default()
                };
                return Err(Error::from_api(ApiError::new(status, &headers, envelope)));
            }
            Ok(body)
        }
        Err(GenError::ErrorResponse(rv)) => {
            let status = rv.status();
            let headers = rv.headers().clone();
            Err(Error::from_api(ApiError::new(
                status,
                &headers,
                rv.into_inner(),
            )))
        }
        Err(GenError::UnexpectedResponse(response)) if response.status().is_redirection() => {
            Err(redirect(response.status(), response.headers()))
        }
        Err(GenError::UnexpectedResponse(response)) => {
            let status = response.status();
            let headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|e| transport_error(e, timeout))?;
            if status.is_success() {
                return Err(Error::Decode {
                    status: Some(status.as_u16()),
                    ray_id: ray_id(&headers),
                    message: format!("status {status} is not one this operation documents"),
                    snippet: FailureEnvelope::snippet(&body),
                });
            }
            let envelope = serde_json::from_slice::<FailureEnvelope>(&body)
                .unwrap_or_else(|_| FailureEnvelope::for_non_json(&body));
            Err(Error::from_api(ApiError::new(status, &headers, envelope)))
        }
        Err(GenError::InvalidResponsePayload(body, e)) => {
            let (status, ray) = match &meta {
                Some((s, h)) => (Some(s.as_u16()), ray_id(h)),
                None => (None, None),
            };
            Err(Error::Decode {
                status,
                ray_id: ray,
                message: e.to_string(),
                snippet: FailureEnvelope::snippet(&body),
            })
        }
        Err(GenError::CommunicationError(e))
        | Err(GenError::ResponseBodyError(e))
        | Err(GenError::InvalidUpgrade(e)) => Err(transport_error(e, timeout)),
        Err(GenError::InvalidRequest(message)) => Err(Error::InvalidInput { message }),
        Err(GenError::Custom(message)) => Err(Error::InvalidInput { message }),
    }
}

/// A 3xx, not followed.
fn redirect(status: reqwest::StatusCode, headers: &reqwest::header::HeaderMap) -> Error {
    Error::Redirect {
        status: status.as_u16(),
        location: headers
            .get(reqwest::header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
    }
}

/// A reqwest error as [`Error::BodyTooLarge`], [`Error::Timeout`] or [`Error::Transport`].
fn transport_error(e: reqwest::Error, timeout: Duration) -> Error {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = source {
        if let Some(b) = s.downcast_ref::<BodyTooLarge>() {
            return Error::BodyTooLarge { limit: b.limit };
        }
        source = s.source();
    }
    if e.is_timeout() {
        return Error::Timeout { after: timeout };
    }
    let e = e.without_url();
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Transport {
        message,
        cause: Box::new(e),
    }
}
