//! The SDK's [`Transport`] for the generated client: rate limit, tracing fields, body cap.
//! (The attempt's timeout and the response metadata the error mapping needs are the core's
//! `Hooks::exec`.)

use cloudflare_core::{BodyTooLarge, Transport, TransportFuture};
use futures::StreamExt;

use crate::ratelimit::Limiter;

pub(crate) struct SdkTransport {
    pub(crate) limiter: Option<Limiter>,
    pub(crate) max_body: u64,
}

impl Transport for SdkTransport {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
    ) -> TransportFuture<'a> {
        Box::pin(async move {
            if let Some(limiter) = &self.limiter {
                limiter.acquire().await;
            }
            let response = client.execute(request).await?;
            let span = tracing::Span::current();
            span.record("status", response.status().as_u16());
            if let Some(ray) = cloudflare_core::ray_id(response.headers()) {
                span.record("cf_ray", ray.as_str());
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
