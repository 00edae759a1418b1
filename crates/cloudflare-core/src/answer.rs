//! What a builder's `send()` answers, by the operation's kind: the envelope's `result`
//! ([`TheResult`]), a one-page list's items ([`Items`]), every item of a list the pager reads
//! ([`Pages`], [`CursorPages`]), or the whole response ([`Whole`]: the body of an operation
//! with no envelope `result`, and every builder's `send_envelope()`). `send()` returns a
//! [`Sending`], the future of that answer.
//!
//! A `result` the server did not send (absent or `null`), or sent as an empty value of
//! another JSON type (`{}` where the document has a list, `[]` where it has an object), is the
//! result type's empty value: read from `null`, `{}` or `[]`, the first that decodes (as an
//! empty body is). A non-empty `result` of another JSON type than the document's cannot be the
//! typed value: `send()` fails with [`Error::Decode`] quoting it (secrets redacted), and
//! `send_envelope()` returns it whole, kept raw in the envelope's `extra`.
//!
//! The request loop and the decoders are generic over the operation: they are compiled where
//! a future is awaited (in the program that calls the operation), not in the product crate
//! that declares a thousand operations.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::attempt::{Decode, Outcome};
use crate::request::{CallOptions, execute};
use crate::{
    CursorListing, CursorPaginated, Envelope, Error, Listing, Operation, Paginated, Single,
};

/// What `send()` answers for operation `O`: implemented by the kinds below, one per shape of
/// response. The generator names an operation's kind in its `send_methods!` line.
pub trait Answer<O>: 'static {
    /// The answer.
    type Output: Send + 'static;
    /// The future of sending `op` and reading the answer.
    #[doc(hidden)]
    fn start(op: O) -> BoxFuture<'static, Result<Self::Output, Error>>;
}

/// The envelope's `result`.
#[derive(Debug)]
pub enum TheResult {}

/// The items of a list Cloudflare does not page.
#[derive(Debug)]
pub enum Items {}

/// Every item of every page of a page-number list, read by the one pager.
#[derive(Debug)]
pub enum Pages {}

/// Every item of every page of a cursor list, read by the one pager.
#[derive(Debug)]
pub enum CursorPages {}

/// The whole response of one request.
#[derive(Debug)]
pub enum Whole {}

impl<O> Answer<O> for TheResult
where
    O: Operation,
    O::Response: Single + Envelope + Decode + Serialize,
    <O::Response as Single>::Item: DeserializeOwned + Send + 'static,
{
    type Output = <O::Response as Single>::Item;
    fn start(op: O) -> BoxFuture<'static, Result<Self::Output, Error>> {
        Box::pin(send_part::<O, Self>(op))
    }
}

impl<O> Answer<O> for Items
where
    O: Operation,
    O::Response: Listing + Envelope + Decode + Serialize,
    <O::Response as Listing>::Item: Send + 'static,
{
    type Output = Vec<<O::Response as Listing>::Item>;
    fn start(op: O) -> BoxFuture<'static, Result<Self::Output, Error>> {
        Box::pin(send_part::<O, Self>(op))
    }
}

impl<O> Answer<O> for Pages
where
    O: Paginated,
    O::Response: Envelope + Listing + Decode,
    <O::Response as Listing>::Item: Serialize + Send + 'static,
{
    type Output = Vec<<O::Response as Listing>::Item>;
    fn start(op: O) -> BoxFuture<'static, Result<Self::Output, Error>> {
        Box::pin(crate::paginate(op).all())
    }
}

impl<O> Answer<O> for CursorPages
where
    O: CursorPaginated,
    O::Response: Envelope + CursorListing + Decode,
    <O::Response as CursorListing>::Item: Serialize + Send + 'static,
{
    type Output = Vec<<O::Response as CursorListing>::Item>;
    fn start(op: O) -> BoxFuture<'static, Result<Self::Output, Error>> {
        Box::pin(crate::paginate_by_cursor(op).all())
    }
}

impl<O> Answer<O> for Whole
where
    O: Operation,
    O::Response: Decode,
{
    type Output = O::Response;
    fn start(op: O) -> BoxFuture<'static, Result<O::Response, Error>> {
        Box::pin(execute(op.prepare(), CallOptions::default()))
    }
}

/// What a builder's `send()` (and `.await`) returns: the future of operation `O`'s answer of
/// kind `K` (`Result<K::Output, Error>`). Nothing is sent before its first poll.
pub struct Sending<O, K: Answer<O>> {
    op: Option<O>,
    running: Option<BoxFuture<'static, Result<K::Output, Error>>>,
    kind: PhantomData<fn() -> K>,
}

impl<O, K: Answer<O>> Sending<O, K> {
    /// The future of sending `op`.
    pub fn new(op: O) -> Self {
        Sending {
            op: Some(op),
            running: None,
            kind: PhantomData,
        }
    }
}

// Nothing in it is pinned: the operation is moved out on the first poll and the running
// future is boxed.
impl<O, K: Answer<O>> Unpin for Sending<O, K> {}

impl<O: std::fmt::Debug, K: Answer<O>> std::fmt::Debug for Sending<O, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sending")
            .field("op", &self.op)
            .field("started", &self.running.is_some())
            .finish()
    }
}

impl<O, K: Answer<O>> Future for Sending<O, K> {
    type Output = Result<K::Output, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let running = match (&mut this.running, this.op.take()) {
            (Some(running), _) => running,
            (running @ None, Some(op)) => running.insert(K::start(op)),
            (None, None) => panic!("`Sending` polled after it finished"),
        };
        running.as_mut().poll(cx)
    }
}

/// Sends `op` and returns the part `P` of its response (see the module docs for a `result`
/// that is absent, `null` or of another JSON type).
async fn send_part<O, P>(op: O) -> Result<P::Output, Error>
where
    O: Operation,
    O::Response: Decode,
    P: Part<O::Response>,
{
    execute::<PartOf<O::Response, P>>(op.prepare(), CallOptions::default())
        .await
        .map(|a| a.0)
}

/// The part of a response `R` that `send()` returns, read after `R` decoded: what the kinds
/// [`TheResult`] and [`Items`] take of it.
pub(crate) trait Part<R>: Send + 'static {
    /// What is returned.
    type Output: Send + 'static;
    /// The part, or the `result` that could not be it (`None`: absent or `null`).
    fn take(response: R) -> Result<Self::Output, Option<Value>>;
    /// The empty value of the part, when it has one.
    fn empty() -> Option<Self::Output>;
}

impl<R> Part<R> for TheResult
where
    R: Single + Envelope + Serialize,
    R::Item: DeserializeOwned + Send + 'static,
{
    type Output = R::Item;
    fn take(response: R) -> Result<R::Item, Option<Value>> {
        if response.result_kept_raw() {
            return Err(kept_result(&response));
        }
        response.into_result().ok_or(None)
    }
    fn empty() -> Option<R::Item> {
        crate::de::empty_value()
    }
}

impl<R> Part<R> for Items
where
    R: Listing + Envelope + Serialize,
    R::Item: Send + 'static,
{
    type Output = Vec<R::Item>;
    fn take(response: R) -> Result<Vec<R::Item>, Option<Value>> {
        if response.result_kept_raw() {
            return Err(kept_result(&response));
        }
        Ok(response.into_parts().0)
    }
    fn empty() -> Option<Vec<R::Item>> {
        Some(Vec::new())
    }
}

/// The `result` an envelope keeps raw in its `extra` (read back through its JSON: only on
/// this rare path).
fn kept_result<R: Serialize>(response: &R) -> Option<Value> {
    serde_json::to_value(response)
        .ok()
        .and_then(|mut v| v.get_mut("result").map(Value::take))
}

/// A response `R` read by the one status policy, then the part `P` of it taken: what the
/// request loop decodes for `send()`.
pub(crate) struct PartOf<R, P: Part<R>>(P::Output);

impl<R, P> Decode for PartOf<R, P>
where
    R: Decode,
    P: Part<R>,
{
    async fn read(response: reqwest::Response) -> Outcome<Self> {
        let decoded = R::read(response).await?;
        match P::take(decoded) {
            Ok(part) => Ok(PartOf(part)),
            Err(raw) if is_empty(raw.as_ref()) => match P::empty() {
                Some(empty) => Ok(PartOf(empty)),
                None => mistyped(
                    raw,
                    "a success without a `result`, and its type has no empty value",
                ),
            },
            Err(raw) => mistyped(
                raw,
                "the `result` has another JSON type than the document's \
                 (`send_envelope()` returns it, kept raw in `extra`)",
            ),
        }
    }
}

/// Absent, `null`, `{}` or `[]`.
fn is_empty(raw: Option<&Value>) -> bool {
    match raw {
        None | Some(Value::Null) => true,
        Some(Value::Object(m)) => m.is_empty(),
        Some(Value::Array(a)) => a.is_empty(),
        Some(_) => false,
    }
}

/// The decode error of a `result` that cannot be the typed value: its JSON is the body the
/// error quotes (redacted, capped, as every quoted body).
#[allow(clippy::result_large_err)] // progenitor's error type
fn mistyped<T>(raw: Option<Value>, message: &str) -> Outcome<T> {
    let body = raw.map(|v| v.to_string()).unwrap_or_default();
    Err(progenitor_client::Error::InvalidResponsePayload(
        body.into(),
        serde::de::Error::custom(message),
    ))
}
