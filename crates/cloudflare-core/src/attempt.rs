//! [`JsonAttempt`]: the future of one attempt of a generated operation whose success is a
//! JSON body (or none): every generated operation but the byte streams and the raw path.
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

impl<T: serde::de::DeserializeOwned + crate::Envelope> Future for JsonAttempt<T> {
    type Output = Attempt<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Attempt<T>> {
        let body = ready!(self.answer.as_mut().poll(cx))?;
        Poll::Ready(crate::de::decode_success(body))
    }
}

impl Hooks {
    /// One attempt of a generated operation, whole: the request its builder built (or why
    /// it could not), [`send`](Self::send), then the answer read by the one status policy
    /// ([`de::success`](crate::de::success): any `2xx` is a success, read by
    /// [`de::decode_success`](crate::de::decode_success) as `T`; anything else the failure
    /// it is), whatever statuses the operation's document lists.
    pub fn attempt<T>(
        self,
        http: reqwest::Client,
        base_url: String,
        request: BuiltRequest,
        template: &'static str,
    ) -> JsonAttempt<T> {
        JsonAttempt {
            answer: Box::pin(async move {
                let response = self.send(&http, request?, &base_url, template).await?;
                let response = crate::de::success(response).await?;
                crate::de::read_body(response).await
            }),
            body: PhantomData,
        }
    }
}
