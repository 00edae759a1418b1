//! The scope of an operation Cloudflare serves under both `/accounts/{account_id}` and
//! `/zones/{zone_id}` (Access applications, IP access rules, custom pages, rulesets, …): one
//! method of the resource tree takes it as its first argument and builds the account's or
//! the zone's request.
//!
//! ```no_run
//! # #[cfg(feature = "zero-trust-access")]
//! # async fn run(client: cloudflare_sdk::Client) -> Result<(), cloudflare_sdk::Error> {
//! use cloudflare_sdk::{Account, Zone};
//! let in_account = client.zero_trust().access().applications().list(Account("023e105f4ecef8ad9ca31a8372d0c353"));
//! let in_zone = client.zero_trust().access().applications().list(Zone("023e105f4ecef8ad9ca31a8372d0c353"));
//! let (a, z) = (in_account.await?, in_zone.await?);
//! # Ok(()) }
//! ```

/// An account id as a scope: `/accounts/{account_id}/…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Account<S>(pub S);

/// A zone id as a scope: `/zones/{zone_id}/…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone<S>(pub S);

/// Only [`Account`] and [`Zone`] are scopes.
#[allow(dead_code)] // unused when no enabled product has a method that takes a scope
pub trait Sealed {}

impl<S> Sealed for Account<S> {}
impl<S> Sealed for Zone<S> {}
