//! Cloudflare's response envelope parts, shared by every generated operation.

use serde::{Deserialize, Deserializer, Serialize};

use crate::de::{integral, lenient, null_as_default};

/// One entry of an envelope's `errors` or `messages`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Cloudflare's numeric code (codes go past 65,535, e.g. 81057), from a number or a
    /// numeric string. 0 when absent or not a code.
    #[serde(default, deserialize_with = "code")]
    pub code: u32,
    /// Human-readable message. Empty when absent; a value of another JSON type as its JSON.
    #[serde(default, deserialize_with = "message_text")]
    pub message: String,
    /// Link to documentation about this error, when Cloudflare gives one.
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub documentation_url: Option<String>,
    /// Where in the request the problem is, when Cloudflare says.
    #[serde(
        default,
        deserialize_with = "loose",
        skip_serializing_if = "Option::is_none"
    )]
    pub source: Option<MessageSource>,
    /// Properties Cloudflare sends beside these (a per-item error's `domain`), kept as sent.
    #[serde(flatten, skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The `source` of a [`Message`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSource {
    /// JSON pointer into the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// A list of [`Message`]s: the type of every envelope's `errors` and `messages`.
///
/// Decoding never fails: `null` or a value that is not a list is no messages, an entry that
/// is a string is a message with that text, any other entry a message holding its JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Messages(pub Vec<Message>);

impl<'de> Deserialize<'de> for Messages {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde_json::Value;
        let entries = match Value::deserialize(d)? {
            Value::Array(entries) => entries,
            _ => Vec::new(),
        };
        Ok(Messages(
            entries
                .into_iter()
                .map(|entry| match entry {
                    Value::String(message) => Message {
                        message,
                        ..Message::default()
                    },
                    entry @ Value::Object(_) => {
                        Message::deserialize(&entry).unwrap_or_else(|_| Message {
                            message: entry.to_string(),
                            ..Message::default()
                        })
                    }
                    other => Message {
                        message: other.to_string(),
                        ..Message::default()
                    },
                })
                .collect(),
        ))
    }
}

/// A [`Message`]'s code: a non-negative integer from a number or a numeric string, else 0.
fn code<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    Ok(lenient::<D, u32>(d)?.unwrap_or_default())
}

/// A [`Message`]'s text: a string as it is, `null` as empty, anything else as its JSON.
fn message_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    })
}

impl std::ops::Deref for Messages {
    type Target = Vec<Message>;
    fn deref(&self) -> &Vec<Message> {
        &self.0
    }
}

/// A number the spec types as `number` but that is an integer in practice (ports, serials,
/// seconds). Built from an `i64` it serialises as `53`, never `53.0`; it decodes from any
/// JSON number or numeric string, so an odd value (`53.5`) never fails a whole response:
/// [`as_i64`](Self::as_i64) then says `None`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Integer(serde_json::Number);

impl Integer {
    /// The value as a `T` (`u16` for a port, `u64` for a serial…), when it is integral and
    /// fits.
    pub fn to<T: TryFrom<i64>>(&self) -> Option<T> {
        self.as_i64().and_then(|n| T::try_from(n).ok())
    }

    /// The value as an `i64`, when it is integral and in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.0
            .as_i64()
            .or_else(|| self.0.as_f64().and_then(integral))
    }
}

impl From<i64> for Integer {
    fn from(v: i64) -> Self {
        Integer(v.into())
    }
}

impl std::fmt::Display for Integer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Integer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.as_i64() {
            Some(i) => s.serialize_i64(i),
            None => self.0.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Integer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::Number(n) => Ok(Integer(n)),
            serde_json::Value::String(s) => serde_json::from_str::<serde_json::Number>(s.trim())
                .map(Integer)
                .map_err(|_| D::Error::custom(format!("expected a number, got {s:?}"))),
            other => Err(D::Error::custom(format!("expected a number, got {other}"))),
        }
    }
}

/// A number the description types as `number` with nothing to say whether it is integral
/// (the description derived from Cloudflare's SDKs has no examples: a port, a count and a
/// score are all `number`). It holds the JSON number as the server sent it and writes it back
/// unchanged (`53` stays `53`, `0.75` stays `0.75`), where an `f64` would write `53.0`; it
/// decodes from any JSON number or numeric string. Read it with [`as_f64`](Self::as_f64),
/// [`as_i64`](Self::as_i64) or [`to`](Self::to); build it from any integer, or from an `f64`
/// with `try_from` (not NaN or infinite).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(serde_json::Number);

impl Number {
    /// The value as an `f64` (always, for a finite JSON number).
    pub fn as_f64(&self) -> Option<f64> {
        self.0.as_f64()
    }

    /// The value as an `i64`, when it is integral and in range (`53.0` included).
    pub fn as_i64(&self) -> Option<i64> {
        self.0
            .as_i64()
            .or_else(|| self.0.as_f64().and_then(integral))
    }

    /// The value as a `T` (`u16` for a port, `u64` for a serial…), when it is integral and
    /// fits.
    pub fn to<T: TryFrom<i64>>(&self) -> Option<T> {
        self.as_i64().and_then(|n| T::try_from(n).ok())
    }
}

macro_rules! number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(v: $t) -> Self {
                Number(v.into())
            }
        }
    )*};
}
number_from!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);

impl TryFrom<f64> for Number {
    type Error = String;
    fn try_from(v: f64) -> Result<Self, String> {
        serde_json::Number::from_f64(v)
            .map(Number)
            .ok_or_else(|| format!("{v} is not a JSON number"))
    }
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Integer::deserialize(d).map(|Integer(n)| Number(n))
    }
}

/// `result_info` of a paged list: all optional, integers (the spec says `number`; a
/// fractional or negative value decodes as absent rather than failing the page).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultInfo {
    /// The page this response holds (1-based).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub page: Option<u64>,
    /// Items per page the server used (it may cap what was asked).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub per_page: Option<u64>,
    /// Items on this page.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<u64>,
    /// Items in the whole list.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_count: Option<u64>,
    /// Pages in the whole list.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_pages: Option<u64>,
}

/// Cloudflare's failure envelope: the typed body of every error response.
///
/// Every field tolerates absence and `null`. When the server's body was not JSON at all
/// (an HTML page from a proxy), `errors` is empty and [`non_json_body`](Self::non_json_body)
/// holds the start of the body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FailureEnvelope {
    /// `false` on a real failure envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// Every error Cloudflare reported.
    #[serde(default, deserialize_with = "null_as_default")]
    pub errors: Messages,
    /// Informational messages.
    #[serde(default, deserialize_with = "null_as_default")]
    pub messages: Messages,
    /// The start of the body (at most [`FailureEnvelope::SNIPPET_LIMIT`] bytes, lossy UTF-8)
    /// when the error response was not JSON. Set by this crate, never by Cloudflare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_json_body: Option<String>,
}

impl FailureEnvelope {
    /// How much of a non-JSON error body is kept: 2 KiB.
    pub const SNIPPET_LIMIT: usize = 2048;

    /// The first [`SNIPPET_LIMIT`](Self::SNIPPET_LIMIT) bytes of `body` as lossy UTF-8,
    /// without a character cut in half at the end.
    ///
    /// Secrets are redacted ([`redact::text`](crate::redact::text)): the snippet goes into
    /// errors and logs.
    pub fn snippet(body: &[u8]) -> String {
        let text = String::from_utf8_lossy(&body[..body.len().min(Self::SNIPPET_LIMIT)]);
        crate::redact::text(text.trim_end_matches('\u{FFFD}'))
    }

    /// The failure `body` reports, when it is Cloudflare's envelope saying so: `success:
    /// false`, or no `success` and a non-empty `errors` (however the document types the
    /// rest of it). `None` for any other body, a success envelope included.
    pub fn reported_in(body: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Probe {
            #[serde(default)]
            success: Option<serde_json::Value>,
            #[serde(default)]
            errors: Messages,
            #[serde(default)]
            messages: Messages,
        }
        let probe: Probe = serde_json::from_slice(body).ok()?;
        let success = probe.success.as_ref().and_then(serde_json::Value::as_bool);
        let failed = match &probe.success {
            Some(serde_json::Value::Bool(false)) => true,
            None | Some(serde_json::Value::Null) => !probe.errors.is_empty(),
            Some(_) => false,
        };
        failed.then_some(FailureEnvelope {
            success,
            errors: probe.errors,
            messages: probe.messages,
            non_json_body: None,
        })
    }

    /// The failure envelope of an error response's body: the body as Cloudflare's envelope,
    /// or, when it is not JSON, the envelope that stands for it ([`for_non_json`](Self::for_non_json)).
    pub fn from_body(body: &[u8]) -> Self {
        serde_json::from_slice(body).unwrap_or_else(|_| Self::for_non_json(body))
    }

    /// The envelope that stands for a non-JSON error body.
    pub fn for_non_json(body: &[u8]) -> Self {
        FailureEnvelope {
            success: Some(false),
            non_json_body: Some(Self::snippet(body)),
            ..Default::default()
        }
    }
}

/// `result_info` of a cursor list (R2 buckets, Workers KV keys, Durable Objects, list items):
/// the next page's cursor as `cursor` or `cursors.after`, and counts. Tolerant: a field of
/// another type decodes as absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CursorInfo {
    /// The cursor of the next page (R2, Workers KV, Durable Objects).
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub cursor: Option<String>,
    /// The cursors around this page (Rules lists).
    #[serde(
        default,
        deserialize_with = "cursors",
        skip_serializing_if = "Option::is_none"
    )]
    pub cursors: Option<Cursors>,
    /// Items on this page.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<u64>,
    /// Items per page the server used.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub per_page: Option<u64>,
}

/// `result_info.cursors` of a Rules list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursors {
    /// The cursor of the next page.
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub after: Option<String>,
    /// The cursor of the previous page.
    #[serde(
        default,
        deserialize_with = "text",
        skip_serializing_if = "Option::is_none"
    )]
    pub before: Option<String>,
}

impl CursorInfo {
    /// The cursor of the next page, when there is one (an empty cursor is none).
    pub fn next(&self) -> Option<&str> {
        self.cursor
            .as_deref()
            .or_else(|| self.cursors.as_ref().and_then(|c| c.after.as_deref()))
            .filter(|c| !c.is_empty())
    }
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        _ => None,
    })
}

fn cursors<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cursors>, D::Error> {
    loose(d)
}

/// A `T` when the value decodes as one, else absent.
fn loose<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(Option::<serde_json::Value>::deserialize(d)?.and_then(|v| serde_json::from_value(v).ok()))
}

/// Cloudflare's response envelope around a `result` of type `T`: the success body of most
/// operations (the generator writes `Response<T>` for every envelope of this shape instead of
/// a struct per operation). Implements [`Envelope`](crate::Envelope) and
/// [`Single`](crate::Single); with `T = Vec<U>` also [`Listing`](crate::Listing) (a list
/// with no `result_info`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response<T> {
    /// The call's errors (empty on success).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Messages>,
    /// The call's messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Messages>,
    /// The answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
    /// Whether the call succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// Properties the document does not declare, kept as the server sent them (see
    /// [`Extra`](crate::Extra)).
    #[serde(flatten)]
    pub extra: crate::Extra,
}

impl<T> Default for Response<T> {
    fn default() -> Self {
        Response {
            errors: None,
            messages: None,
            result: None,
            success: None,
            extra: crate::Extra::default(),
        }
    }
}

/// Cloudflare's envelope of one page of a list: `result` is the page's items and
/// `result_info` says where the page is ([`ResultInfo`] for page numbers, [`CursorInfo`]
/// for cursors). Implements [`Envelope`](crate::Envelope) and
/// [`Listing`](crate::Listing) or [`CursorListing`](crate::CursorListing), so the pager
/// reads every page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListResponse<T, I = ResultInfo> {
    /// The call's errors (empty on success).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Messages>,
    /// The call's messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<Messages>,
    /// The page's items.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Vec<T>>,
    /// Where the page is in the list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_info: Option<I>,
    /// Whether the call succeeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// Properties the document does not declare, kept as the server sent them (see
    /// [`Extra`](crate::Extra)).
    #[serde(flatten)]
    pub extra: crate::Extra,
}

impl<T, I> Default for ListResponse<T, I> {
    fn default() -> Self {
        ListResponse {
            errors: None,
            messages: None,
            result: None,
            result_info: None,
            success: None,
            extra: crate::Extra::default(),
        }
    }
}

impl<T: Serialize + serde::de::DeserializeOwned> crate::Envelope for Response<T> {
    fn success(&self) -> Option<bool> {
        self.success
    }
    fn errors(&self) -> &[Message] {
        self.errors.as_deref().map_or(&[], |m| m.as_slice())
    }
    fn result_kept_raw(&self) -> bool {
        self.result.is_none() && self.extra.holds_value("result")
    }
    fn with_nulls_kept(self, body: &[u8]) -> Self {
        crate::extra::keep_nulls(body, self)
    }
}

impl<T> crate::Single for Response<T> {
    type Item = T;
    fn into_result(self) -> Option<T> {
        self.result
    }
}

/// A list that reports no `result_info`: the pager reads it to an empty or short page when
/// its operation takes `page`/`per_page`.
impl<T> crate::Listing for Response<Vec<T>> {
    type Item = T;
    fn into_parts(self) -> (Vec<T>, Option<ResultInfo>) {
        (self.result.unwrap_or_default(), None)
    }
}

impl<T: Serialize + serde::de::DeserializeOwned, I: Serialize + serde::de::DeserializeOwned>
    crate::Envelope for ListResponse<T, I>
{
    fn success(&self) -> Option<bool> {
        self.success
    }
    fn errors(&self) -> &[Message] {
        self.errors.as_deref().map_or(&[], |m| m.as_slice())
    }
    fn result_kept_raw(&self) -> bool {
        self.result.is_none() && self.extra.holds_value("result")
    }
    fn with_nulls_kept(self, body: &[u8]) -> Self {
        crate::extra::keep_nulls(body, self)
    }
}

impl<T> crate::Listing for ListResponse<T, ResultInfo> {
    type Item = T;
    fn into_parts(self) -> (Vec<T>, Option<ResultInfo>) {
        (self.result.unwrap_or_default(), self.result_info)
    }
}

impl<T> crate::CursorListing for ListResponse<T, CursorInfo> {
    type Item = T;
    fn into_parts(self) -> (Vec<T>, Option<CursorInfo>) {
        (self.result.unwrap_or_default(), self.result_info)
    }
}
