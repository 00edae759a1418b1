//! What a builder's `send()` returns of its response: the envelope's `result` ([`send_result`]),
//! a list's items ([`send_items`], [`send_pages`], [`send_cursor_pages`]), or the body itself where the operation has no
//! envelope ([`send_envelope`]). The whole envelope is the builder's `send_envelope()`.
//!
//! A `result` the server did not send (absent or `null`), or sent as an empty value of
//! another JSON type (`{}` where the document has a list, `[]` where it has an object), is the
//! result type's empty value: read from `null`, `{}` or `[]`, the first that decodes (as an
//! empty body is). A non-empty `result` of another JSON type than the document's cannot be the
//! typed value: `send()` fails with [`Error::Decode`] quoting it (secrets redacted), and
//! `send_envelope()` returns it whole, kept raw in the envelope's `extra`.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::attempt::{Decode, Outcome};
use crate::request::{CallOptions, execute};
use crate::{
    CursorListing, CursorPaginated, Envelope, Error, Listing, Operation, Paginated, Single,
};

/// Sends `op` and returns its envelope's `result` (see the module docs for a `result` that is
/// absent, `null` or of another JSON type). What `send()` is on every builder whose response
/// is an envelope around one `result`.
pub async fn send_result<O>(op: O) -> Result<<O::Response as Single>::Item, Error>
where
    O: Operation,
    O::Response: Single + Envelope + Decode + Serialize,
    <O::Response as Single>::Item: DeserializeOwned + Send + 'static,
{
    execute::<Answer<O::Response, ResultPart>>(op.prepare(), CallOptions::default())
        .await
        .map(|a| a.0)
}

/// Sends `op` and returns the items of its one-page list (a list Cloudflare does not page).
/// What `send()` is on every builder of such a list.
pub async fn send_items<O>(op: O) -> Result<Vec<<O::Response as Listing>::Item>, Error>
where
    O: Operation,
    O::Response: Listing + Envelope + Decode + Serialize,
    <O::Response as Listing>::Item: Send + 'static,
{
    execute::<Answer<O::Response, ItemsPart>>(op.prepare(), CallOptions::default())
        .await
        .map(|a| a.0)
}

/// Every item of every page of the page-number list `op`, read by the one pager
/// ([`paginate`](crate::paginate)): what `send()` is on every builder of such a list.
pub async fn send_pages<O>(op: O) -> Result<Vec<<O::Response as Listing>::Item>, Error>
where
    O: Paginated,
    O::Response: Envelope + Listing + Decode,
    <O::Response as Listing>::Item: Serialize + Send + 'static,
{
    crate::paginate(op).all().await
}

/// Every item of every page of the cursor list `op`, read by the one pager
/// ([`paginate_by_cursor`](crate::paginate_by_cursor)): what `send()` is on every builder of
/// such a list.
pub async fn send_cursor_pages<O>(op: O) -> Result<Vec<<O::Response as CursorListing>::Item>, Error>
where
    O: CursorPaginated,
    O::Response: Envelope + CursorListing + Decode,
    <O::Response as CursorListing>::Item: Serialize + Send + 'static,
{
    crate::paginate_by_cursor(op).all().await
}

/// `send_envelope()` on every builder: the whole response of one request (a list's one page,
/// with its `result_info`), `success: false` the error as always. Also `send()` on every
/// builder whose response has no envelope `result` (a body of its own, bytes, nothing).
pub async fn send_envelope<O>(op: O) -> Result<O::Response, Error>
where
    O: Operation,
    O::Response: Decode,
{
    execute(op.prepare(), CallOptions::default()).await
}

/// The part of a response `R` that `send()` returns, read after `R` decoded.
pub(crate) trait Part<R>: Send + 'static {
    /// What is returned.
    type Output: Send + 'static;
    /// The part, or the `result` that could not be it (`None`: absent or `null`).
    fn take(response: R) -> Result<Self::Output, Option<Value>>;
    /// The empty value of the part, when it has one.
    fn empty() -> Option<Self::Output>;
}

/// The envelope's `result`.
pub(crate) struct ResultPart;

impl<R> Part<R> for ResultPart
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

/// The items of a one-page list.
pub(crate) struct ItemsPart;

impl<R> Part<R> for ItemsPart
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
pub(crate) struct Answer<R, P: Part<R>>(P::Output);

impl<R, P> Decode for Answer<R, P>
where
    R: Decode,
    P: Part<R>,
{
    async fn read(response: reqwest::Response) -> Outcome<Self> {
        let decoded = R::read(response).await?;
        match P::take(decoded) {
            Ok(part) => Ok(Answer(part)),
            Err(raw) if is_empty(raw.as_ref()) => match P::empty() {
                Some(empty) => Ok(Answer(empty)),
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
