//! Error mapping: one attempt's outcome (a decoded body, an error response, a transport
//! failure, a request that could not be built) into the SDK's [`Error`].

use std::time::Duration;

use crate::FailureEnvelope;
use progenitor_client::Error as GenError;

use crate::attempt::{BodyTooLarge, Outcome};
use crate::error::{ApiError, Error};

/// What the error mapping knows of an answer that came: its status and Ray ID.
#[derive(Debug)]
pub(crate) struct Answered {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) ray_id: Option<String>,
}

/// Maps one attempt's outcome of operation `operation_id` into the SDK's types.
pub(crate) async fn map_outcome<T>(
    result: Outcome<T>,
    answered: Option<Answered>,
    timeout: Duration,
    operation_id: &str,
) -> Result<T, Error> {
    match result {
        Ok(value) => Ok(value),
        Err(GenError::ErrorResponse(rv)) => {
            let status = rv.status();
            let headers = rv.headers().clone();
            Err(Error::from_api(ApiError::new(
                status,
                &headers,
                rv.into_inner(),
            )))
        }
        Err(GenError::UnexpectedResponse(response)) if response.status().is_redirection() => {
            Err(redirect(response.status(), response.headers()))
        }
        Err(GenError::UnexpectedResponse(response)) => {
            let status = response.status();
            let headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|e| transport_error(e, timeout))?;
            Err(Error::from_api(ApiError::new(
                status,
                &headers,
                FailureEnvelope::from_body(&body),
            )))
        }
        Err(GenError::InvalidResponsePayload(body, e)) => {
            let (status, ray) = match answered {
                Some(a) => (Some(a.status.as_u16()), a.ray_id),
                None => (None, None),
            };
            Err(Error::Decode {
                status,
                ray_id: ray,
                message: crate::redact::decoder_message(&e.to_string()),
                snippet: FailureEnvelope::snippet(&body),
            })
        }
        Err(GenError::CommunicationError(e))
        | Err(GenError::ResponseBodyError(e))
        | Err(GenError::InvalidUpgrade(e)) => Err(transport_error(e, timeout)),
        Err(GenError::InvalidRequest(message)) | Err(GenError::Custom(message)) => {
            Err(Error::InvalidInput {
                message: format!("{operation_id}: {message}"),
            })
        }
    }
}

/// A 3xx, not followed.
fn redirect(status: reqwest::StatusCode, headers: &reqwest::header::HeaderMap) -> Error {
    Error::Redirect {
        status: status.as_u16(),
        location: headers
            .get(reqwest::header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
    }
}

/// A reqwest error as [`Error::BodyTooLarge`], [`Error::Timeout`] or [`Error::Transport`].
fn transport_error(e: reqwest::Error, timeout: Duration) -> Error {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(s) = source {
        if let Some(b) = s.downcast_ref::<BodyTooLarge>() {
            return Error::BodyTooLarge { limit: b.limit };
        }
        source = s.source();
    }
    if e.is_timeout() {
        return Error::Timeout { after: timeout };
    }
    let e = e.without_url();
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Error::Transport {
        message,
        cause: Box::new(e),
    }
}
