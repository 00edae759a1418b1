//! [`JsonAttempt`]: the future of one attempt of a generated operation whose success is a
//! JSON body and whose documented failures are Cloudflare's failure envelope (most
//! operations).
//!
//! The future is a named type in two parts: the sending and reading, which do not depend on
//! the body's type, as one boxed future compiled once in this crate; and the decoding of
//! the body, a plain function generic over the type. A generated builder's `send_once`
//! only builds its request and returns this future: no async state machine per operation
//! for a product crate to type-check, prove `Send` and lower.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use progenitor_client::Error;

use crate::{Attempt, BuiltRequest, FailureEnvelope, Hooks};

/// The status, headers and body of a success, or the attempt's error.
type Answer = Result<crate::de::Body, Error<FailureEnvelope>>;

/// One attempt of a generated operation, decoding a success body as `T`: what
/// [`Hooks::attempt`] returns. `Send` whatever `T` is.
#[must_use = "futures do nothing unless polled"]
pub struct JsonAttempt<T> {
    answer: Pin<Box<dyn Future<Output = Answer> + Send>>,
    body: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for JsonAttempt<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonAttempt").finish_non_exhaustive()
    }
}

impl<T: serde::de::DeserializeOwned> Future for JsonAttempt<T> {
    type Output = Attempt<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Attempt<T>> {
        let body = ready!(self.answer.as_mut().poll(cx))?;
        Poll::Ready(crate::de::decode_body(body))
    }
}

impl Hooks {
    /// One attempt of a generated operation, whole: the request its builder built (or why
    /// it could not), [`send`](Self::send), then the answer read by status as the
    /// operation's responses declare it: a status in `success` is the body decoded as `T`,
    /// one in `failure` (`400..=499` for most operations) Cloudflare's failure envelope as
    /// the error, anything else an unexpected response.
    pub fn attempt<T>(
        self,
        http: reqwest::Client,
        base_url: String,
        request: BuiltRequest,
        template: &'static str,
        success: std::ops::RangeInclusive<u16>,
        failure: std::ops::RangeInclusive<u16>,
    ) -> JsonAttempt<T> {
        JsonAttempt {
            answer: Box::pin(async move {
                let response = self.send(&http, request?, &base_url, template).await?;
                let status = response.status().as_u16();
                if success.contains(&status) {
                    crate::de::read_body(response).await
                } else if failure.contains(&status) {
                    Err(Error::ErrorResponse(
                        crate::de::json_response(response).await?,
                    ))
                } else {
                    Err(Error::UnexpectedResponse(response))
                }
            }),
            body: PhantomData,
        }
    }
}
