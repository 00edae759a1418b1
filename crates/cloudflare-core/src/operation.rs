//! The traits the generator implements for every operation, response and product client, so
//! one request loop, one pager and one error mapping serve every generated operation.

use std::fmt;

use crate::{CursorInfo, FailureEnvelope, Hooks, Message, ResultInfo};

/// A request builder of a generated operation: implemented by the generator for every one.
///
/// Builders own their client and are `Clone`, so a caller can keep a configured request and
/// send it again (a retry, the next page) by cloning it.
pub trait Operation: Clone + Send + Sync + 'static {
    /// The decoded success body.
    type Response: Send + 'static;
    /// The operation's `operationId` in Cloudflare's spec (`dns-records-for-a-zone-list-dns-records`).
    const OPERATION_ID: &'static str;
    /// The generated client method (`dns_records_for_a_zone_list_dns_records`).
    const METHOD_NAME: &'static str;
    /// `GET`, `POST`, …
    const HTTP_METHOD: &'static str;
    /// The path template (`/zones/{zone_id}/dns_records`).
    const PATH: &'static str;
    /// The credential modes the operation's document lists (its `security`, else the
    /// document's): documentation only. The client's credentials are sent whatever they
    /// are; the server is the authority on what it accepts (a refusal is
    /// [`Error::Authentication`](crate::Error::Authentication) or
    /// [`Error::Permission`](crate::Error::Permission)).
    const AUTH: &'static [AuthMode];
    /// The hooks of the client the builder was made from (credentials, transport, and the
    /// request loop's [`Settings`](crate::Settings)).
    fn hooks(&self) -> &Hooks;
    /// The builder made a request for the request loop: built here, once per call, in
    /// the builder's crate (its `send()` hands it to [`execute`](crate::execute)). Use the
    /// builder's `send()`.
    #[doc(hidden)]
    fn prepare(self) -> crate::Prepared;
    /// The per-call settings of this request (a copy of its client's, which
    /// `with_timeout`/`with_deadline`/`with_retry` change for this request only).
    #[doc(hidden)]
    fn hooks_mut(&mut self) -> &mut Hooks;
}

/// The request a generated builder built, or why it could not (a missing parameter, a body
/// that does not convert): what its `prepare()` hands to
/// [`Prepared::new`](crate::Prepared::new).
pub type BuiltRequest = Result<reqwest::Request, progenitor_client::Error<FailureEnvelope>>;

/// A request builder of a list that pages with `page`/`per_page`: implemented by the
/// generator for every builder that has both setters.
pub trait Paginated: Operation {
    /// Sets `page` (1-based) and, when given, `per_page`. A value the parameter's type cannot
    /// hold fails at send time with `InvalidRequest`.
    fn paginate(self, page: u64, per_page: Option<u64>) -> Self;
}

/// A response envelope: implemented by the generator for every response type that has
/// Cloudflare's `success` and `errors` fields.
pub trait Envelope {
    /// The envelope's `success` flag (`None` when absent).
    fn success(&self) -> Option<bool>;
    /// The envelope's `errors`.
    fn errors(&self) -> &[Message];
    /// Whether the server's `result` had another JSON type than the document's and is kept,
    /// raw, in the envelope's `extra` (its `result` reads as absent): a single call's answer
    /// keeps it, readable; the pager ends the list with an error naming the page instead of
    /// reading it as an empty page. `false` for a type with no such `result`.
    fn result_kept_raw(&self) -> bool {
        false
    }
    /// `self` with every `null` of `body` (the JSON it was decoded from) kept where its
    /// field would drop it, so `Serialize` writes the server's `null` again
    /// ([`extra::keep_nulls`](crate::extra::keep_nulls)): what the generated types and the
    /// core's envelopes do. The default returns `self`: a type that holds JSON as sent
    /// keeps its `null`s already.
    #[doc(hidden)]
    fn with_nulls_kept(self, body: &[u8]) -> Self
    where
        Self: Sized,
    {
        let _ = body;
        self
    }
}

/// A page of a list: implemented by the generator for every response type with
/// `result: [T]` and a page-number `result_info`.
pub trait Listing {
    /// The list's item type.
    type Item;
    /// The JSON name of the field of `result` that holds the items, when `result` is an
    /// object holding the list; `None` (the default) when `result` is the list.
    const ITEMS_FIELD: Option<&'static str> = None;
    /// The page's items and its `result_info`, when present.
    fn into_parts(self) -> (Vec<Self::Item>, Option<ResultInfo>);
}

/// A request builder of a list that pages with a cursor (`cursor` and a page size, `per_page`
/// or `limit`): implemented by the generator for every builder with a `cursor` setter.
pub trait CursorPaginated: Operation {
    /// Sets the cursor (`None`: the first page) and, when given, the page size.
    fn resume(self, cursor: Option<String>, per_page: Option<u64>) -> Self;
}

/// A page of a cursor list: implemented by the generator for every response type with
/// `result: [T]` and a cursor `result_info`.
pub trait CursorListing {
    /// The list's item type.
    type Item;
    /// The JSON name of the field of `result` that holds the items, when `result` is an
    /// object holding the list (R2's `buckets`); `None` (the default) when `result` is the
    /// list.
    const ITEMS_FIELD: Option<&'static str> = None;
    /// The page's items and its `result_info`, when present.
    fn into_parts(self) -> (Vec<Self::Item>, Option<CursorInfo>);
}

/// A single-object response: implemented by the generator for every response type with a
/// (non-list) `result` and no `result_info`.
pub trait Single {
    /// The `result` type.
    type Item;
    /// The `result`, when present.
    fn into_result(self) -> Option<Self::Item>;
}

/// A generated product client (`cloudflare_api_dns::Client`): implemented by the generator
/// for every product crate, so the SDK builds each one over its shared connection pool and
/// hooks.
pub trait Product: Clone + Send + Sync + 'static {
    /// The product's name in `openapi/products.toml` (`dns`).
    const NAME: &'static str;
    /// A client for `base_url` that sends through `http` with `hooks`.
    fn with_hooks(base_url: &str, http: reqwest::Client, hooks: Hooks) -> Self;
}

/// A way to authenticate, as Cloudflare's spec names them in `securitySchemes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum AuthMode {
    /// An API token (`Authorization: Bearer`; scheme `api_token`).
    ApiToken,
    /// An email and global API key (`X-Auth-Email` + `X-Auth-Key`; schemes `api_email` and
    /// `api_key`).
    ApiKey,
    /// A user service key (`X-Auth-User-Service-Key`; scheme `user_service_key`).
    UserServiceKey,
}

impl fmt::Display for AuthMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthMode::ApiToken => "API token",
            AuthMode::ApiKey => "API key (email + key)",
            AuthMode::UserServiceKey => "user service key",
        })
    }
}

/// A response with no body: nothing to check.
impl Envelope for () {
    fn success(&self) -> Option<bool> {
        None
    }
    fn errors(&self) -> &[Message] {
        &[]
    }
}

/// A response described as free-form JSON: its `success` flag is still honoured.
impl Envelope for serde_json::Value {
    fn success(&self) -> Option<bool> {
        self.get("success").and_then(serde_json::Value::as_bool)
    }
    fn errors(&self) -> &[Message] {
        &[]
    }
}

/// A JSON success body with no envelope (a bare string, number, boolean, list or map, as
/// some descriptions type a KV value or a count): the status says success, and a body that
/// is Cloudflare's envelope saying `success: false` is still the failure it reports (the
/// decoder reads that before the type).
macro_rules! bare_json {
    ($([$($generic:ident),*] $ty:ty),* $(,)?) => {$(
        impl<$($generic),*> Envelope for $ty {
            fn success(&self) -> Option<bool> {
                None
            }
            fn errors(&self) -> &[Message] {
                &[]
            }
        }
    )*};
}

bare_json!(
    [] String,
    [] bool,
    [] i64,
    [] u64,
    [] f64,
    [T] Vec<T>,
    [T] std::collections::HashMap<String, T>,
);

/// A success body the description allows to be `null` (a whole response typed
/// `nullable`: the Zero Trust Gateway custom certificate settings): the value's envelope when
/// there is one, else no envelope.
impl<T: Envelope> Envelope for Option<T> {
    fn success(&self) -> Option<bool> {
        self.as_ref().and_then(Envelope::success)
    }
    fn errors(&self) -> &[Message] {
        self.as_ref().map_or(&[], Envelope::errors)
    }
    fn result_kept_raw(&self) -> bool {
        self.as_ref().is_some_and(Envelope::result_kept_raw)
    }
    fn with_nulls_kept(self, body: &[u8]) -> Self {
        self.map(|value| value.with_nulls_kept(body))
    }
}
