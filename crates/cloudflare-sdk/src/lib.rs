#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod api;
mod auth;
mod builder;
mod client;
#[rustfmt::skip] // generated (prettyplease's layout), checked by `cargo xtask codegen --check`
pub mod resources;
mod scope;

pub use api::Api;
pub use auth::{Credentials, Secret};
pub use builder::{ClientBuilder, DEFAULT_BASE_URL};
pub use client::Client;
pub use cloudflare_core::RateLimit;
pub use cloudflare_core::raw;
pub use cloudflare_core::{ApiError, Error, ListChanged, RetryPolicy};
pub use cloudflare_core::{AuthMode, Message as ApiMessage, MessageSource, ResultInfo};
pub use cloudflare_core::{CursorInfo, Extra, ListResponse, Response};
pub use cloudflare_core::{List, ListChanges, Page, RawItem};
pub use scope::{Account, Zone};

/// The workspace README's examples compile too.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct WorkspaceReadme;
