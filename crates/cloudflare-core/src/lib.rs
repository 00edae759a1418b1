//! The small shared core of the Cloudflare SDK. Every generated product crate
//! (`cloudflare-api-*`) and the ergonomic `cloudflare-sdk` depend on it; a generated crate
//! holds generated code only and refers to this one for everything hand-written:
//!
//! - [`Operation`], [`Paginated`], [`CursorPaginated`], [`DecodeAs`], [`Envelope`], [`Listing`],
//!   [`CursorListing`], [`Single`] and [`Product`]:
//!   implemented by the generator for every request builder, response type and product
//!   client, so one request loop, one pager and one error mapping serve every operation;
//! - [`FailureEnvelope`], [`Messages`], [`ResultInfo`], [`CursorInfo`], [`Integer`], [`Number`]: Cloudflare's envelope
//!   parts, shared by every operation, tolerant of missing, null and unknown fields;
//! - [`execute`], [`Error`], [`RetryPolicy`]: the one request loop under every generated
//!   builder's `send()` (deadline, retries honouring `Retry-After`,
//!   `success: false` as an error), its one error type and its one retry policy;
//! - [`List`]: the one pager under every generated list builder's `into_paginator()`
//!   ([`paginate`], [`paginate_by_cursor`]): every page, loop detection, prefetch, strict
//!   mode;
//! - [`Hooks`]: what every generated client does to each request: credentials (marked
//!   sensitive), the path-shape guard, a pluggable [`Transport`], and non-JSON error bodies
//!   kept with their status;
//! - [`Extra`] and [`extra::repair`]: what the document does not declare, or types
//!   otherwise than the server sends, kept in the object that holds it;
//! - [`de`]: the tolerant decoders the generated types and the SDK share;
//! - [`raw`]: the request and response of the operations progenitor cannot build
//!   (multipart, NDJSON, JavaScript bodies), which the generator emits builders for.
//!
//! Most users want the `cloudflare-sdk` crate, which wraps all of this.

#![warn(missing_docs)]

mod attempt;
pub mod de;
mod envelope;
mod error;
pub mod extra;
mod hooks;
mod mapping;
mod operation;
mod pager;
pub mod raw;
pub mod redact;
mod request;
mod retry;
#[doc(hidden)]
pub mod setter;

pub use attempt::JsonAttempt;
pub use envelope::{
    CursorInfo, Cursors, FailureEnvelope, Integer, ListResponse, Message, MessageSource, Messages,
    Number, Response, ResultInfo,
};
pub use error::{ApiError, Error, ListChanged, ray_id};
pub use extra::Extra;
pub use hooks::{Hooks, Transport, TransportFuture};
pub use operation::{
    Attempt, AttemptFuture, AuthMode, BuiltRequest, CursorListing, CursorPaginated, DecodeAs,
    Envelope, Listing, Operation, Paginated, Product, Single,
};
pub use pager::{List, ListChanges, Page, RawItem, paginate, paginate_by_cursor};
pub use request::{BodyTooLarge, CallOptions, SendFuture, Settings, execute};
pub use retry::RetryPolicy;
