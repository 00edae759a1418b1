//! One attempt of an operation: rate limit → timeout → send → status and Ray ID on the span →
//! body cap → status policy → decode. The request loop ([`execute`](crate::execute)) runs it
//! once per attempt; nothing in it calls back into generated code.

use std::future::Future;

use futures::StreamExt as _;
use progenitor_client::{ByteStream, Error as GenError};

use crate::{Envelope, FailureEnvelope};

/// What one attempt gives: the decoded success body, or the failure as progenitor's error
/// type (the request loop maps it into [`Error`](crate::Error)).
pub(crate) type Outcome<T> = Result<T, GenError<FailureEnvelope>>;

/// How the request loop reads a success into an operation's response type: any type that
/// is JSON ([`Envelope`] and `Deserialize`: every generated response type, `()`, bare JSON)
/// through [`de::decode_success`](crate::de::decode_success), and a byte stream through
/// [`de::stream_success`](crate::de::stream_success). Implemented here for both; the
/// generator implements nothing.
pub trait Decode: Sized + Send + 'static {
    /// Reads `response` (any status) by the one status policy and decodes a success.
    #[doc(hidden)]
    fn read(response: reqwest::Response) -> impl Future<Output = Outcome<Self>> + Send;
}

impl<T> Decode for T
where
    T: serde::de::DeserializeOwned + Envelope + Send + 'static,
{
    async fn read(response: reqwest::Response) -> Outcome<Self> {
        let response = crate::de::success(response).await?;
        let body = crate::de::read_body(response).await?;
        crate::de::decode_success(body).map(progenitor_client::ResponseValue::into_inner)
    }
}

impl Decode for ByteStream {
    async fn read(response: reqwest::Response) -> Outcome<Self> {
        crate::de::stream_success(response)
            .await
            .map(progenitor_client::ResponseValue::into_inner)
    }
}

/// The response body went past the configured cap: the capped body fails its stream with
/// it, and the request loop reports [`Error::BodyTooLarge`](crate::Error::BodyTooLarge).
#[derive(Debug, thiserror::Error)]
#[error("response body exceeds the {limit}-byte cap")]
pub struct BodyTooLarge {
    /// The cap, in bytes.
    pub limit: u64,
}

/// Replaces the body by one that fails with [`BodyTooLarge`] past `limit` bytes: a declared
/// `Content-Length` over the cap fails before anything is read, a chunked body as soon as it
/// crosses it.
pub(crate) fn cap_body(response: reqwest::Response, limit: u64) -> reqwest::Response {
    type BoxError = Box<dyn std::error::Error + Send + Sync>;
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let declared_too_large = response.content_length().is_some_and(|n| n > limit);
    let body = if declared_too_large {
        reqwest::Body::wrap_stream(futures::stream::once(async move {
            Err::<bytes::Bytes, BoxError>(Box::new(BodyTooLarge { limit }))
        }))
    } else {
        let mut seen = 0u64;
        let mut failed = false;
        reqwest::Body::wrap_stream(response.bytes_stream().map(move |chunk| {
            if failed {
                return Err(Box::new(BodyTooLarge { limit }) as BoxError);
            }
            let chunk = chunk.map_err(|e| Box::new(e) as BoxError)?;
            seen += chunk.len() as u64;
            if seen > limit {
                failed = true;
                return Err(Box::new(BodyTooLarge { limit }) as BoxError);
            }
            Ok(chunk)
        }))
    };
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}
