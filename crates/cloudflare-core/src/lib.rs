//! The small shared core of the Cloudflare SDK. Every generated product crate
//! (`cloudflare-api-*`) and the ergonomic `cloudflare-sdk` depend on it; a generated crate
//! holds generated code only and refers to this one for everything hand-written:
//!
//! - [`Operation`], [`Paginated`], [`CursorPaginated`], [`Envelope`], [`Listing`],
//!   [`CursorListing`], [`Single`] and [`Product`]:
//!   implemented by the generator for every request builder, response type and product
//!   client, so one request loop, one pager and one error mapping serve every operation;
//! - [`FailureEnvelope`], [`Messages`], [`ResultInfo`], [`CursorInfo`], [`Integer`], [`Number`]: Cloudflare's envelope
//!   parts, shared by every operation, tolerant of missing, null and unknown fields;
//! - [`execute`], [`Error`], [`RetryPolicy`]: the one request loop under every generated
//!   builder's `send()`, which sends the [`Prepared`] request the builder built (credentials,
//!   path-shape guard, deadline, [`RateLimit`], retries honouring `Retry-After`, body cap,
//!   any `2xx` a success read by [`Decode`], `success: false` as an error), its one error
//!   type and its one retry policy;
//! - [`List`]: the one pager under every generated list builder's `into_paginator()`
//!   ([`paginate`], [`paginate_by_cursor`]): every page, loop detection, prefetch, strict
//!   mode;
//! - [`Hooks`]: what every request of a generated client carries: credentials (marked
//!   sensitive) and the request loop's [`Settings`];
//! - [`Extra`] and [`extra::repair`]: what the document does not declare, or types
//!   otherwise than the server sends, kept in the object that holds it;
//! - [`de`]: the tolerant decoders the generated types and the SDK share;
//! - [`raw`]: the request and response of the operations progenitor cannot build
//!   (multipart, NDJSON, JavaScript bodies), which the generator emits builders for.
//!
//! Most users want the `cloudflare-sdk` crate, which wraps all of this.

#![warn(missing_docs)]

pub mod answer;
mod attempt;
pub mod de;
mod envelope;
mod error;
pub mod extra;
mod hooks;
mod mapping;
pub mod object;
mod operation;
mod pager;
mod ratelimit;
pub mod raw;
pub mod redact;
mod request;
mod retry;
#[doc(hidden)]
pub mod setter;

pub use attempt::{BodyTooLarge, Decode};
pub use envelope::{
    CursorInfo, Cursors, FailureEnvelope, Integer, ListResponse, Message, MessageSource, Messages,
    Number, Response, ResultInfo,
};
pub use error::{ApiError, Error, ListChanged, ray_id};
pub use extra::Extra;
pub use hooks::Hooks;
pub use operation::{
    AuthMode, BuiltRequest, CursorListing, CursorPaginated, Envelope, Listing, Operation,
    Paginated, Product, Single,
};
pub use pager::{List, ListChanges, Page, RawItem, paginate, paginate_by_cursor};
pub use ratelimit::{Limiter, RateLimit};
pub use request::{CallOptions, Prepared, Settings, execute};
pub use retry::RetryPolicy;
