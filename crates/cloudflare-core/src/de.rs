//! Tolerant serde helpers, shared by this crate's envelope types and the SDK's models: a
//! missing, `null` or odd value never fails a whole response.

use serde::{Deserialize, Deserializer};

/// `deserialize_with` helper: `null` (or, with `#[serde(default)]`, absence) is the type's
/// default, so `"errors": null` is an empty list and `"name": null` an empty string.
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `deserialize_with` helper for counts, ports and the like, whatever the spec's type: a
/// non-negative integer from `53`, `53.0` or `"53"` that fits `T`; anything else (fractional,
/// negative, too large, not a number) is `None`. The one JSON integer coercion of the SDK
/// (from a generated [`Integer`](crate::Integer), [`Integer::to`](crate::Integer::to)).
pub fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<u64>,
{
    Ok(lenient_u64(d)?.and_then(|n| T::try_from(n).ok()))
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let non_negative = |f: f64| integral(f).and_then(|n| u64::try_from(n).ok());
    Ok(
        Option::<serde_json::Value>::deserialize(d)?.and_then(|v| match v {
            serde_json::Value::Number(n) => {
                n.as_u64().or_else(|| n.as_f64().and_then(non_negative))
            }
            serde_json::Value::String(s) => s.trim().parse::<f64>().ok().and_then(non_negative),
            _ => None,
        }),
    )
}

/// An integral `f64` of magnitude below 2^53 (exactly representable) as `i64`.
pub(crate) fn integral(f: f64) -> Option<i64> {
    (f.fract() == 0.0 && f.abs() < 9.0e15).then_some(f as i64)
}

/// A response's status, headers and whole body, as [`read_body`] reads them.
pub(crate) type Body = (
    reqwest::StatusCode,
    reqwest::header::HeaderMap,
    bytes::Bytes,
);

/// The status policy of every operation, whatever statuses its document lists (the server
/// is the authority): any `2xx` is a success, handed back to be read; a `3xx` is not
/// followed (the error mapping reports the redirect); any other status is a failure, its
/// body read as Cloudflare's failure envelope (a body that is not JSON, an HTML page from a
/// proxy, stands as one that keeps its start, so the error keeps its status).
///
/// # Errors
///
/// `ErrorResponse` for a failure, `UnexpectedResponse` for a redirect or an informational
/// status, `ResponseBodyError` when a failure's body could not be read.
pub async fn success(
    response: reqwest::Response,
) -> Result<reqwest::Response, progenitor_client::Error<crate::FailureEnvelope>> {
    use progenitor_client::{Error, ResponseValue};
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    if status.as_u16() < 400 {
        return Err(Error::UnexpectedResponse(response));
    }
    // A failure's body is read whole to be classified, so it is capped: past the cap it is
    // "not JSON" and only its start is kept.
    let headers = response.headers().clone();
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Error::ResponseBodyError)? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_ERROR_BODY {
            break;
        }
    }
    let envelope = if body.len() > MAX_ERROR_BODY {
        crate::FailureEnvelope::for_non_json(&body)
    } else {
        crate::FailureEnvelope::from_body(&body)
    };
    Err(Error::ErrorResponse(ResponseValue::new(
        envelope, status, headers,
    )))
}

/// The most of a failure's body [`success`] reads: 1 MiB.
const MAX_ERROR_BODY: usize = 1024 * 1024;

/// A response's status, headers and whole body.
pub(crate) async fn read_body<E>(
    response: reqwest::Response,
) -> Result<Body, progenitor_client::Error<E>> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(progenitor_client::Error::ResponseBodyError)?;
    Ok((status, headers, body))
}

/// Reads a success (any `2xx`) as `T`: what every generated operation whose success is
/// JSON does with its body. The server is the authority, so:
///
/// - an empty body (a `204`, or a `200` with nothing) is `T`'s empty value: `null`, `{}` or
///   `[]`, whichever `T` reads (an envelope with no `result`, an empty list, `()`);
/// - a body that does not decode is decoded again through
///   [`repair`](crate::extra::repair), which keeps each value of another JSON type than the
///   document's raw in the `extra` of the object that holds it, the envelope's `result`
///   included (with a warning naming them);
/// - Cloudflare's envelope saying `success: false` (or, with no `success`, a non-empty
///   `errors`) is the failure it reports, at any status and however the document types
///   the rest of the body (`ErrorResponse`, which the request loop maps to the API error);
/// - a `null` the value's fields would drop (an `Option` read as `None`, a list read as
///   empty) is kept in the `extra` of the object that held it, so `Serialize` writes it
///   back ([`keep_nulls`](crate::extra::keep_nulls));
/// - a body `T` cannot hold anything of (`()`) never fails;
///
/// and only a body none of that can read is an error (`InvalidResponsePayload`).
///
/// The body is checked to be UTF-8 once, as a whole, and decoded from the `str`: serde_json
/// then skips its UTF-8 check of every string and key, about a tenth of the decoding time
/// of a large list.
#[allow(clippy::result_large_err)] // progenitor's error type
pub fn decode_success<T>(
    (status, headers, body): Body,
) -> Result<progenitor_client::ResponseValue<T>, progenitor_client::Error<crate::FailureEnvelope>>
where
    T: serde::de::DeserializeOwned + crate::Envelope,
{
    use progenitor_client::{Error, ResponseValue};
    let failure = |envelope: crate::FailureEnvelope, status, headers| {
        Err(Error::ErrorResponse(ResponseValue::new(
            envelope, status, headers,
        )))
    };
    let value: T = if body.iter().all(u8::is_ascii_whitespace) {
        match empty_value() {
            Some(v) => v,
            None => {
                return Err(Error::InvalidResponsePayload(
                    body,
                    serde::de::Error::custom("an empty body where a value was expected"),
                ));
            }
        }
    } else {
        let decoded = match std::str::from_utf8(&body) {
            Ok(text) => serde_json::from_str(text),
            Err(_) => serde_json::from_slice(&body),
        };
        match decoded {
            Ok(v) => v,
            Err(e) => {
                if let Some(envelope) = crate::FailureEnvelope::reported_in(&body) {
                    return failure(envelope, status, headers);
                }
                match crate::extra::repair::<T>(&body) {
                    Some((v, moved)) => {
                        tracing::warn!(
                            error = %crate::redact::decoder_message(&e.to_string()),
                            moved = ?moved,
                            "response values of another JSON type than the document's: kept \
                             raw in the `extra` of the object that holds each"
                        );
                        v
                    }
                    None if std::mem::size_of::<T>() == 0 => match empty_value() {
                        Some(v) => v,
                        None => return Err(Error::InvalidResponsePayload(body, e)),
                    },
                    None => return Err(Error::InvalidResponsePayload(body, e)),
                }
            }
        }
    };
    // A `null` the value's fields would drop is kept, to be written back as sent.
    let value = value.with_nulls_kept(&body);
    // The envelope's word: a typed `success: false`, typed `errors` with no `success`, or a
    // body whose type does not read the envelope (an enum, a newtype, `()`) that says
    // `success: false`.
    let reported = match value.success() {
        Some(true) => None,
        Some(false) => Some(
            crate::FailureEnvelope::reported_in(&body).unwrap_or_else(|| crate::FailureEnvelope {
                success: Some(false),
                errors: crate::Messages(value.errors().to_vec()),
                ..Default::default()
            }),
        ),
        // No `success` read: the envelope's `errors` when the type reads them, else a body
        // that says `success: false` itself. A body that is not the envelope may hold an
        // `errors` list of its own (a bulk create's per-item errors): that is no failure.
        None if !value.errors().is_empty() => Some(crate::FailureEnvelope {
            errors: crate::Messages(value.errors().to_vec()),
            ..crate::FailureEnvelope::reported_in(&body).unwrap_or_default()
        }),
        None => crate::FailureEnvelope::reported_in(&body).filter(|e| e.success == Some(false)),
    };
    match reported {
        Some(envelope) => failure(envelope, status, headers),
        None => Ok(ResponseValue::new(value, status, headers)),
    }
}

/// The value an empty body stands for: `T` read from `null`, `{}` or `[]`, the first that
/// decodes.
pub(crate) fn empty_value<T: serde::de::DeserializeOwned>() -> Option<T> {
    [
        serde_json::Value::Null,
        serde_json::Value::Object(Default::default()),
        serde_json::Value::Array(Vec::new()),
    ]
    .iter()
    .find_map(|v| T::deserialize(v).ok())
}

/// How much of a JSON success body of a byte-stream operation is read to see whether it is
/// Cloudflare's failure envelope: 1 MiB.
const MAX_PROBED: usize = 1024 * 1024;

/// Reads a success of an operation whose body is bytes (a file, a script, a KV value) as a
/// stream, after [`success`]'s status policy; a JSON body that is Cloudflare's envelope
/// saying `success: false` is the failure it reports (a body of another content type is
/// the bytes, whatever they hold). What every generated byte-stream operation calls.
///
/// # Errors
///
/// As [`success`], and `ErrorResponse` for a failure envelope with a `2xx`.
pub async fn stream_success(
    response: reqwest::Response,
) -> Result<
    progenitor_client::ResponseValue<progenitor_client::ByteStream>,
    progenitor_client::Error<crate::FailureEnvelope>,
> {
    use futures::StreamExt as _;
    use progenitor_client::{ByteStream, Error, ResponseValue};
    let mut response = success(response).await?;
    let json = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().contains("json"));
    if !json {
        return Ok(ResponseValue::stream(response));
    }
    let (status, headers) = (response.status(), response.headers().clone());
    let mut start = Vec::new();
    let mut complete = false;
    while start.len() <= MAX_PROBED {
        match response.chunk().await.map_err(Error::ResponseBodyError)? {
            Some(chunk) => start.extend_from_slice(&chunk),
            None => {
                complete = true;
                break;
            }
        }
    }
    if complete && let Some(envelope) = crate::FailureEnvelope::reported_in(&start) {
        return Err(Error::ErrorResponse(ResponseValue::new(
            envelope, status, headers,
        )));
    }
    let first = futures::stream::iter([Ok(bytes::Bytes::from(start))]);
    let rest = response.bytes_stream();
    let body = ByteStream::new(Box::pin(first.chain(rest)));
    Ok(ResponseValue::new(body, status, headers))
}

/// Decodes a generated string enum through `from_wire` (known values to their variant,
/// anything else to its `Other(String)`): a value the document does not list never fails a
/// response, and only an unknown one allocates.
pub fn string_enum<'de, D, T>(d: D, from_wire: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct V<T>(fn(&str) -> T);
    impl<T> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }
    d.deserialize_str(V(from_wire))
}

/// The trait impls of a generated open string enum (`Display`, `FromStr`, `TryFrom` of
/// `&str`, `&String` and `String`, `Serialize`, `Deserialize`), all through its `as_str` and `from_wire`: a value the document does not
/// list decodes to `Other(String)` and is written back unchanged. The generator writes one
/// line per enum, `::cloudflare_core::open_string_enum!(Name);`, in the module that holds it
/// (where `self::error::ConversionError` is the crate's conversion error).
#[doc(hidden)]
#[macro_export]
macro_rules! open_string_enum {
    ($ty:ident) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::str::FromStr for $ty {
            type Err = self::error::ConversionError;
            fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                Ok(Self::from_wire(value))
            }
        }
        impl ::std::convert::TryFrom<&str> for $ty {
            type Error = self::error::ConversionError;
            fn try_from(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                Ok(Self::from_wire(value))
            }
        }
        impl ::std::convert::TryFrom<&::std::string::String> for $ty {
            type Error = self::error::ConversionError;
            fn try_from(
                value: &::std::string::String,
            ) -> ::std::result::Result<Self, self::error::ConversionError> {
                Ok(Self::from_wire(value))
            }
        }
        impl ::std::convert::TryFrom<::std::string::String> for $ty {
            type Error = self::error::ConversionError;
            fn try_from(
                value: ::std::string::String,
            ) -> ::std::result::Result<Self, self::error::ConversionError> {
                Ok(Self::from_wire(&value))
            }
        }
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::string_enum(d, Self::from_wire)
            }
        }
    };
}

/// One variant of a generated tagged union, decoded from the whole value: `wrap` of it as
/// its member `T`, or repaired into the member's `extra` (as a whole body would be), else
/// `other` of the value kept as it came. The generated `Deserialize` calls it once per tag.
pub fn tagged_variant<T, E>(
    value: serde_json::Value,
    wrap: impl FnOnce(T) -> E,
    other: impl FnOnce(serde_json::Value) -> E,
) -> E
where
    T: serde::de::DeserializeOwned,
{
    match T::deserialize(&value) {
        Ok(x) => wrap(x),
        Err(_) => match crate::extra::repair_value::<T>(value.clone()) {
            Some((x, _)) => wrap(x),
            None => other(value),
        },
    }
}

/// One variant of a generated tagged union, serialised: the member's JSON with the tag
/// `property: tag` written in when the member leaves it out (so a variant built with
/// `..Default::default()` still says which it is); a tag the member sets is kept.
pub fn serialize_tagged<S, T>(
    s: S,
    member: &T,
    property: &str,
    tag: &str,
) -> Result<S::Ok, S::Error>
where
    S: serde::Serializer,
    T: serde::Serialize,
{
    use serde::Serialize as _;
    use serde::ser::Error as _;
    let mut value = serde_json::to_value(member).map_err(S::Error::custom)?;
    if let serde_json::Value::Object(map) = &mut value
        && map.get(property).is_none_or(serde_json::Value::is_null)
    {
        map.insert(property.to_owned(), tag.into());
    }
    value.serialize(s)
}
