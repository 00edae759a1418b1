//! The client: what it holds and its accessors. Every operation is reached through the
//! resource tree (`client.dns().records()…`) or [`Client::api`], and sent by its builder.

use std::fmt;
use std::sync::Arc;

use cloudflare_core::AuthMode;

use crate::Error;
use crate::api::Api;
use crate::builder::ClientBuilder;

/// A Cloudflare API client. Cheap to clone (an `Arc`); clones share the connection pool
/// and the rate limit, and are safe to use from many tasks at once.
///
/// ```no_run
/// # async fn run() -> Result<(), cloudflare_sdk::Error> {
/// let client = cloudflare_sdk::Client::from_env()?;
/// let peers = client.dns().zone_transfers().peers().list("account-id").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) api: Api,
    pub(crate) base_url: String,
    pub(crate) mode: AuthMode,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.mode.to_string())
            .field("credentials", &"<redacted>")
            .field("settings", self.inner.api.hooks().settings())
            .finish()
    }
}

impl Client {
    /// A builder with defaults: no credentials, [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL),
    /// 60 s timeout, 2 retries.
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

    /// The generated product clients (`api.dns()`, `api.zones()`, … one per enabled
    /// product), whose methods carry the operationIds' names: the same builders the resource
    /// tree returns, sent the same way (`send()`, `into_paginator()`).
    pub fn api(&self) -> &Api {
        &self.inner.api
    }
}
