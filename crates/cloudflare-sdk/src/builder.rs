//! [`ClientBuilder`]: credentials, base URL policy (https, or http to loopback), timeouts,
//! TLS, and the HTTP client every product's generated client shares.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use cloudflare_core::Hooks;

use crate::Error;
use crate::RetryPolicy;
use crate::api::Api;
use crate::auth::{Credentials, credentials_from_env, env};
use crate::client::{Client, Inner};
use cloudflare_core::{Limiter, RateLimit};

/// Cloudflare's API base URL, used unless the builder or `CLOUDFLARE_BASE_URL` says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.cloudflare.com/client/v4";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_BODY: u64 = 64 * 1024 * 1024;

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
        let hooks = hooks.with_settings(cloudflare_core::Settings {
            retry: self.retry.clone(),
            timeout: self.timeout,
            deadline: self.deadline,
            rate_limit: self.rate_limit.map(Limiter::new),
            max_body: self.max_body,
        });
        let http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .connect_timeout(self.connect_timeout)
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
            }),
        })
    }
}

/// rustls with the ring provider (no process-wide default is installed or needed) and the
/// platform's certificate verifier.
///
/// Built once per process and cloned into every client (a clone shares the verifier):
/// loading the platform's root certificates takes milliseconds, which a program that builds
/// a client per account or per job would otherwise pay each time. Like any one client, the
/// process then keeps the roots it loaded first.
#[cfg(feature = "rustls")]
fn rustls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    static CONFIG: std::sync::OnceLock<Result<rustls::ClientConfig, String>> =
        std::sync::OnceLock::new();
    let config = CONFIG.get_or_init(|| {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS: {e}"))?
            .with_platform_verifier()
            .map_err(|e| format!("TLS certificate verifier: {e}"))
            .map(|b| b.with_no_client_auth())
    });
    config.clone().map_err(Error::config)
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
