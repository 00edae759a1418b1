//! The raw path: the operations whose request body progenitor cannot build (multipart forms,
//! NDJSON, JavaScript). The generator emits a builder for each (path and query setters, a
//! [`RawBody`]) that implements [`Operation`](crate::Operation) like every other builder, so
//! it goes through the same hooks, request loop, retries and error type. This module builds
//! its request and reads its response.

use std::fmt;

use bytes::Bytes;
use progenitor_client::{Error, encode_path};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Envelope, FailureEnvelope, Message, Messages, Single};

/// A raw operation's path and query parameters and body, as its builder collected them.
/// Cheap to clone: a body's bytes are shared.
#[derive(Debug, Clone, Default)]
pub struct RawParams {
    path: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    body: Option<RawBody>,
}

impl RawParams {
    /// Sets the path parameter `name` (generated setters call this).
    pub fn set_path(&mut self, name: &'static str, value: String) {
        self.path.retain(|(n, _)| *n != name);
        self.path.push((name, value));
    }

    /// Sets the query parameter `name` (generated setters call this).
    pub fn set_query(&mut self, name: &'static str, value: String) {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value));
    }

    /// Sets the request body (generated setters call this).
    pub fn set_body(&mut self, body: RawBody) {
        self.body = Some(body);
    }
}

/// The body of a raw operation: a multipart form, or bytes with their content type (NDJSON,
/// JavaScript, …).
#[derive(Debug, Clone)]
pub enum RawBody {
    /// `multipart/form-data`.
    Multipart(Multipart),
    /// Bytes sent as they are, with this `Content-Type`.
    Bytes {
        /// The `Content-Type` header.
        content_type: String,
        /// The body.
        bytes: Bytes,
    },
}

impl RawBody {
    /// Bytes with a content type.
    pub fn bytes(content_type: impl Into<String>, bytes: impl Into<Bytes>) -> Self {
        RawBody::Bytes {
            content_type: content_type.into(),
            bytes: bytes.into(),
        }
    }

    /// `application/x-ndjson`: one JSON value per line, from an iterator (Vectorize's insert
    /// and upsert).
    ///
    /// # Errors
    ///
    /// A value that does not serialise to JSON.
    pub fn ndjson<T: Serialize>(
        items: impl IntoIterator<Item = T>,
    ) -> Result<Self, serde_json::Error> {
        let mut out = Vec::new();
        for item in items {
            serde_json::to_writer(&mut out, &item)?;
            out.push(b'\n');
        }
        Ok(Self::bytes("application/x-ndjson", out))
    }

    /// `application/javascript`: a Worker script.
    pub fn javascript(code: impl Into<String>) -> Self {
        Self::bytes("application/javascript", code.into())
    }
}

/// Text, sent as `text/plain` (a KV value).
impl From<&str> for RawBody {
    fn from(text: &str) -> Self {
        Self::bytes("text/plain", text.to_owned())
    }
}

/// Text, sent as `text/plain` (a KV value).
impl From<String> for RawBody {
    fn from(text: String) -> Self {
        Self::bytes("text/plain", text)
    }
}

/// Bytes, sent as `application/octet-stream`.
impl From<Vec<u8>> for RawBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::bytes("application/octet-stream", bytes)
    }
}

/// Bytes, sent as `application/octet-stream`.
impl From<Bytes> for RawBody {
    fn from(bytes: Bytes) -> Self {
        Self::bytes("application/octet-stream", bytes)
    }
}

impl From<Multipart> for RawBody {
    fn from(form: Multipart) -> Self {
        RawBody::Multipart(form)
    }
}

/// A `multipart/form-data` body: named text, JSON and file parts. Unlike reqwest's `Form`
/// it is `Clone` (parts share their bytes), so a retry sends the same form again.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone)]
struct Part {
    name: String,
    value: Bytes,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Part values may be secrets or large files: their length only.
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("len", &self.value.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    #[must_use]
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            value: Bytes::from(value.into()),
            file_name: None,
            content_type: None,
        });
        self
    }

    /// Adds a field holding `value` as JSON (`Content-Type: application/json`), such as a
    /// Worker upload's `metadata`.
    ///
    /// # Errors
    ///
    /// A value that does not serialise to JSON.
    pub fn json<T: Serialize>(
        mut self,
        name: impl Into<String>,
        value: &T,
    ) -> Result<Self, serde_json::Error> {
        self.parts.push(Part {
            name: name.into(),
            value: Bytes::from(serde_json::to_vec(value)?),
            file_name: None,
            content_type: Some("application/json".into()),
        });
        Ok(self)
    }

    /// Adds a file part.
    #[must_use]
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: impl Into<String>,
        bytes: impl Into<Bytes>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            value: bytes.into(),
            file_name: Some(file_name.into()),
            content_type: Some(content_type.into()),
        });
        self
    }

    fn form(&self) -> Result<reqwest::multipart::Form, reqwest::Error> {
        let mut form = reqwest::multipart::Form::new();
        for p in &self.parts {
            let len = p.value.len() as u64;
            let mut part = reqwest::multipart::Part::stream_with_length(p.value.clone(), len);
            if let Some(name) = &p.file_name {
                part = part.file_name(name.clone());
            }
            if let Some(ct) = &p.content_type {
                part = part.mime_str(ct)?;
            }
            form = form.part(p.name.clone(), part);
        }
        Ok(form)
    }
}

/// The request of a raw operation: `template`'s parameters filled (each percent-encoded as
/// one segment), the query and the body set.
///
/// # Errors
///
/// `InvalidRequest` naming a path parameter that was not set, or a body the operation requires
/// that was not set; a multipart content type that is not a MIME type.
#[allow(clippy::result_large_err)] // progenitor's error type, the one every operation returns
pub fn build(
    client: &reqwest::Client,
    base_url: &str,
    method: &'static str,
    template: &'static str,
    params: &RawParams,
    body_required: bool,
) -> Result<reqwest::Request, Error<FailureEnvelope>> {
    let mut url = String::from(base_url);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| Error::InvalidRequest(format!("path template {template}")))?;
        url.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let value = params
            .path
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| Error::InvalidRequest(format!("path parameter `{name}` is not set")))?;
        url.push_str(&encode_path(value));
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
    let method = reqwest::Method::from_bytes(method.as_bytes())
        .map_err(|e| Error::InvalidRequest(e.to_string()))?;
    let mut request = client
        .request(method, url)
        .header(reqwest::header::ACCEPT, "application/json")
        .query(&params.query);
    request = match &params.body {
        None if body_required => {
            return Err(Error::InvalidRequest(
                "the request body is not set (`.body(...)`)".into(),
            ));
        }
        None => request,
        Some(RawBody::Multipart(form)) => request.multipart(form.form()?),
        Some(RawBody::Bytes {
            content_type,
            bytes,
        }) => request
            .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
            .body(bytes.clone()),
    };
    Ok(request.build()?)
}

/// The response of a raw operation: Cloudflare's envelope with the `result` as JSON.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct RawResponse {
    /// The envelope's `success`.
    #[serde(default)]
    pub success: Option<bool>,
    /// The envelope's `errors`.
    #[serde(default)]
    pub errors: Option<Messages>,
    /// The envelope's `messages`.
    #[serde(default)]
    pub messages: Option<Messages>,
    /// The `result`, as JSON.
    #[serde(default)]
    pub result: Option<Value>,
}

impl Envelope for RawResponse {
    fn success(&self) -> Option<bool> {
        self.success
    }
    fn errors(&self) -> &[Message] {
        self.errors.as_deref().map_or(&[], |m| m.as_slice())
    }
}

impl Single for RawResponse {
    type Item = Value;
    fn into_result(self) -> Option<Value> {
        self.result
    }
}
