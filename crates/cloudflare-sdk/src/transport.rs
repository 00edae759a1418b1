//! The SDK's [`Transport`] for the generated client: rate limit, per-call timeout, body cap,
//! and the response metadata the error mapping needs.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cloudflare_core::{Transport, TransportFuture};
use futures::StreamExt;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::ratelimit::Limiter;

/// Per-call settings and results, handed from the request loop to the transport through a
/// task-local (the generated builders have no slot for them).
#[derive(Debug)]
pub(crate) struct CallContext {
    pub(crate) timeout: Duration,
    meta: Mutex<Option<(StatusCode, HeaderMap)>>,
}

impl CallContext {
    pub(crate) fn new(timeout: Duration) -> Arc<Self> {
        Arc::new(CallContext {
            timeout,
            meta: Mutex::new(None),
        })
    }

    /// Status and headers of the response, once one arrived.
    pub(crate) fn meta(&self) -> Option<(StatusCode, HeaderMap)> {
        self.meta.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

tokio::task_local! {
    pub(crate) static CALL: Arc<CallContext>;
}

/// The response body went past the configured cap.
#[derive(Debug, thiserror::Error)]
#[error("response body exceeds the {limit}-byte cap")]
pub(crate) struct BodyTooLarge {
    pub(crate) limit: u64,
}

pub(crate) struct SdkTransport {
    pub(crate) limiter: Option<Limiter>,
    pub(crate) max_body: u64,
}

impl Transport for SdkTransport {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        mut request: reqwest::Request,
    ) -> TransportFuture<'a> {
        Box::pin(async move {
            let ctx = CALL.try_with(Arc::clone).ok();
            if let Some(ctx) = &ctx {
                *request.timeout_mut() = Some(ctx.timeout);
            }
            if let Some(limiter) = &self.limiter {
                limiter.acquire().await;
            }
            let response = client.execute(request).await?;
            let span = tracing::Span::current();
            span.record("status", response.status().as_u16());
            if let Some(ray) = crate::error::ray_id(response.headers()) {
                span.record("cf_ray", ray.as_str());
            }
            if let Some(ctx) = &ctx {
                *ctx.meta.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some((response.status(), response.headers().clone()));
            }
            Ok(cap_body(response, self.max_body))
        })
    }
}

/// Replaces the body by one that fails with [`BodyTooLarge`] past `limit` bytes: a declared
/// `Content-Length` over the cap fails before anything is read, a chunked body as soon as it
/// crosses it.
fn cap_body(response: reqwest::Response, limit: u64) -> reqwest::Response {
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let declared_too_large = response.content_length().is_some_and(|n| n > limit);
    let mut seen = 0u64;
    let mut failed = false;
    let body = response.bytes_stream().map(move |chunk| {
        if failed {
            return Err(
                Box::new(BodyTooLarge { limit }) as Box<dyn std::error::Error + Send + Sync>
            );
        }
        let chunk = chunk.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)?;
        seen += chunk.len() as u64;
        if declared_too_large || seen > limit {
            failed = true;
            return Err(Box::new(BodyTooLarge { limit }) as _);
        }
        Ok(chunk)
    });
    let body = if declared_too_large {
        reqwest::Body::wrap_stream(futures::stream::once(async move {
            Err::<bytes::Bytes, _>(
                Box::new(BodyTooLarge { limit }) as Box<dyn std::error::Error + Send + Sync>
            )
        }))
    } else {
        reqwest::Body::wrap_stream(body)
    };
    let mut rebuilt = http::Response::new(body);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    reqwest::Response::from(rebuilt)
}
