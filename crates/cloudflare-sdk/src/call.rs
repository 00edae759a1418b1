//! [`Call`]: one request to a single-object endpoint, with per-call settings.

use std::future::{Future, IntoFuture};
use std::time::Duration;

use futures::future::BoxFuture;

use cloudflare_core::CallOptions;

use crate::client::{Client, call_options};
use crate::{Error, RetryPolicy};

type Make<T> = Box<dyn FnOnce(Client, CallOptions) -> BoxFuture<'static, Result<T, Error>> + Send>;

/// A request to a single-object endpoint. `.await` it (or call [`send`](Self::send)); set
/// per-call options first if needed.
///
/// ```no_run
/// # async fn run(client: cloudflare_sdk::Client) -> Result<(), cloudflare_sdk::Error> {
/// use std::time::Duration;
/// let peers = client.dns().zone_transfers().peers();
/// let peer = client.call(|_| peers.get("account", "peer")).timeout(Duration::from_secs(5)).await?;
/// # Ok(()) }
/// ```
#[must_use = "a Call does nothing until awaited"]
pub struct Call<T> {
    client: Client,
    make: Make<T>,
    opts: CallOptions,
}

impl<T> std::fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("opts", &self.opts)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Call<T> {
    pub(crate) fn new<Fut>(
        client: &Client,
        make: impl FnOnce(Client, CallOptions) -> Fut + Send + 'static,
    ) -> Self
    where
        Fut: Future<Output = Result<T, Error>> + Send + 'static,
    {
        Call {
            client: client.clone(),
            make: Box::new(move |c, o| Box::pin(make(c, o))),
            opts: call_options(client),
        }
    }

    /// Timeout for each attempt of this call. Defaults to the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.opts.timeout = Some(timeout);
        self
    }

    /// Deadline for the whole call, retries and waits included; past it the call fails with
    /// [`Error::Deadline`]. Defaults to the client's (none unless set).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.opts.deadline = Some(deadline);
        self
    }

    /// Retry policy for this call. Defaults to the client's.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.opts.retry = Some(policy);
        self
    }

    /// Converts the result once it arrives (a wrapper's generated type into its model).
    pub fn map<U: Send + 'static>(self, f: impl FnOnce(T) -> U + Send + 'static) -> Call<U> {
        let Call { client, make, opts } = self;
        Call {
            client,
            make: Box::new(move |c, o| Box::pin(async move { make(c, o).await.map(f) })),
            opts,
        }
    }

    /// Sends the request (with retries) and decodes the result.
    pub async fn send(self) -> Result<T, Error> {
        (self.make)(self.client, self.opts).await
    }
}

impl<T: Send + 'static> IntoFuture for Call<T> {
    type Output = Result<T, Error>;
    type IntoFuture = BoxFuture<'static, Result<T, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        (self.make)(self.client, self.opts)
    }
}
