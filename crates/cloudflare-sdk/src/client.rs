//! The client: what it holds, its accessors, and the generic doors (`list`, `call`,
//! `request`) through which every endpoint reaches the one request loop.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use cloudflare_core::{
    AuthMode, CallOptions, CursorListing, CursorPaginated, DecodeAs, Envelope, Listing, Operation,
    Paginated, Single,
};

use crate::Error;
use crate::RetryPolicy;
use crate::api::Api;
use crate::builder::ClientBuilder;
use crate::call::Call;
use cloudflare_core::List;

/// A Cloudflare API client. Cheap to clone (an `Arc`); clones share the connection pool
/// and the rate limit, and are safe to use from many tasks at once.
///
/// ```no_run
/// # async fn run() -> Result<(), cloudflare_sdk::Error> {
/// let client = cloudflare_sdk::Client::from_env()?;
/// let peers = client.dns().zone_transfers().peers().list("account-id").into_paginator().all().await?;
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
    pub(crate) timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: RetryPolicy,
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

/// The per-call options a call or list starts from: the client's deadline.
pub(crate) fn call_options(client: &Client) -> CallOptions {
    let mut opts = CallOptions::default();
    opts.deadline = client.inner.deadline;
    opts
}

impl Client {
    /// Sends `op` through the one request loop ([`cloudflare_core::execute`]) with `opts`.
    pub(crate) async fn execute<O>(&self, op: O, opts: &CallOptions) -> Result<O::Response, Error>
    where
        O: Operation,
        O::Response: Envelope,
    {
        cloudflare_core::execute(op, opts).await
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
    ///         api.dns()
    ///             .dns_zone_transfers_acls_list()
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
        O: Paginated + DecodeAs,
        O::Response: Envelope + Listing,
        <O::Response as Listing>::Item: serde::Serialize + Send + 'static,
    {
        cloudflare_core::paginate(build(self.api()))
    }

    /// Any generated list operation that pages with a cursor (R2 buckets, Workers KV keys,
    /// Durable Objects objects, Rules list items), through the same pager: it sends each
    /// page's `cursor` (and `per_page` as the operation's page size), follows
    /// `result_info.cursor` (or `cursors.after`) until there is none, and ends with
    /// [`Error::Pagination`] rather than loop if a cursor or a page comes back twice.
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_sdk::Client) -> Result<(), cloudflare_sdk::Error> {
    /// # #[cfg(feature = "kv")] {
    /// let keys = client
    ///     .list_by_cursor(|api| {
    ///         api.kv()
    ///             .kv_namespaces_keys_list()
    ///             .account_id("023e105f4ecef8ad9ca31a8372d0c353")
    ///             .namespace_id("0f2ac74b498b48028cb68387c421e279")
    ///     })
    ///     .per_page(1000)
    ///     .all()
    ///     .await?;
    /// println!("{} keys", keys.len());
    /// # }
    /// # Ok(()) }
    /// ```
    pub fn list_by_cursor<O>(
        &self,
        build: impl FnOnce(&Api) -> O,
    ) -> List<<O::Response as CursorListing>::Item>
    where
        O: CursorPaginated + DecodeAs,
        O::Response: Envelope + CursorListing,
        <O::Response as CursorListing>::Item: serde::Serialize + Send + 'static,
    {
        cloudflare_core::paginate_by_cursor(build(self.api()))
    }

    /// Any generated single-object operation of any enabled product (get, create, update,
    /// delete, actions): its `result`, through the one request loop. A success without a
    /// `result` is an [`Error::Decode`].
    ///
    /// ```no_run
    /// # async fn run(client: cloudflare_sdk::Client) -> Result<(), cloudflare_sdk::Error> {
    /// let status = client
    ///     .call(|api| {
    ///         api.dns()
    ///             .dns_zone_transfers_outgoing_status_get()
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
}
