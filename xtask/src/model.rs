//! The model of an operation the passes share: what the document says of it (operationId,
//! verb, path, credential modes) and how the SDK reaches its generated builder ([`Reach`]),
//! built once by `emit::complete` and read by the tree, the wire cases and the diff.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::normalize;

/// The methods `cloudflare_core::send_methods!` gives every builder, beside the builder's
/// own impl: a setter the generator adds never takes one of these names.
pub(crate) const SEND_METHODS: &[&str] = &[
    "send",
    "send_envelope",
    "into_paginator",
    "with_timeout",
    "with_deadline",
    "with_retry",
];

/// What the generator knows of one operation from the document.
#[derive(Debug, Clone)]
pub(crate) struct OperationMeta {
    pub(crate) id: String,
    pub(crate) http: String,
    pub(crate) path: String,
    pub(crate) auth: Vec<&'static str>,
}

/// Every operation of `spec`, by progenitor's method name.
pub(crate) fn operations(spec: &Value) -> BTreeMap<String, OperationMeta> {
    let document_security = spec.get("security");
    normalize::operations(spec)
        .filter_map(|o| {
            let id = o.id()?;
            let meta = OperationMeta {
                id: id.to_owned(),
                http: o.method.to_uppercase(),
                path: o.path.to_owned(),
                auth: auth_modes(o.op.get("security").or(document_security)),
            };
            Some((normalize::method_name(id), meta))
        })
        .collect()
}

/// The `cloudflare_core::AuthMode` variants a `security` value accepts. Each requirement
/// object is read as the modes whose schemes it lists in full: Cloudflare writes
/// `{api_email, api_key, api_token}` where it means "a key or a token". No requirement, or
/// an empty one (`{}`: no credentials needed), accepts every mode (an empty list).
pub(crate) fn auth_modes(security: Option<&Value>) -> Vec<&'static str> {
    let Some(requirements) = security.and_then(Value::as_array) else {
        return Vec::new();
    };
    let mut modes = BTreeSet::new();
    for req in requirements {
        let Some(req) = req.as_object() else { continue };
        if req.is_empty() {
            return Vec::new();
        }
        if req.contains_key("api_token") {
            modes.insert("ApiToken");
        }
        if req.contains_key("api_email") && req.contains_key("api_key") {
            modes.insert("ApiKey");
        }
        if req.contains_key("user_service_key") {
            modes.insert("UserServiceKey");
        }
    }
    ["ApiToken", "ApiKey", "UserServiceKey"]
        .into_iter()
        .filter(|m| modes.contains(m))
        .collect()
}

/// How the SDK reaches one generated operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Reach {
    /// A page-number list the pager serves (`Paginated` builder, `Listing` response).
    PageNumberList,
    /// A cursor list the pager serves (`CursorPaginated` builder, `CursorListing` response).
    CursorList,
    /// A single `result` (`Single` response).
    Single,
    /// A list response the pager cannot page (no `page`/`per_page`): `send()` reads the one
    /// page there is.
    UnpagedList,
    /// No typed `result` (an envelope without one, no body, free-form JSON, a byte stream):
    /// `send()` gives the whole response, through the request loop.
    Envelope,
    /// On the raw path (JSON `result`).
    Raw,
    /// A response with no envelope type (a byte stream, plain JSON, no body): the builder's
    /// own `send`.
    NoUsableResponseType,
}

/// Each operation of a product and how it is reached, by operationId.
pub type Reached = BTreeMap<String, Reach>;
