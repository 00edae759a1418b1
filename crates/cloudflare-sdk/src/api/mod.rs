//! The generated product crates, re-exported one module per product (each behind its Cargo
//! feature), and [`Api`], the handle that gives each product's generated client (the
//! builders of the resource tree, by their operationIds' names).

use std::fmt;

use cloudflare_core::{Hooks, Product};

// Generated; its long lines are rustfmt's to leave alone.
#[rustfmt::skip]
mod products;

#[allow(unused_imports)] // empty when no product feature is enabled
pub use products::*;

/// Builds generated requests that carry this client's credentials, settings (timeout,
/// deadline, retries, rate limit, body cap) and base URL. One accessor per enabled product
/// (`api.dns()`, `api.zones()`, …) returns that product's generated client; its methods
/// return request builders.
#[derive(Clone)]
pub struct Api {
    base_url: String,
    http: reqwest::Client,
    hooks: Hooks,
}

impl fmt::Debug for Api {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Api")
            .field("base_url", &self.base_url)
            .field("hooks", &self.hooks)
            .finish_non_exhaustive()
    }
}

impl Api {
    pub(crate) fn new(base_url: String, http: reqwest::Client, hooks: Hooks) -> Self {
        Api {
            base_url,
            http,
            hooks,
        }
    }

    /// What every request of this client carries (credentials, settings).
    pub(crate) fn hooks(&self) -> &Hooks {
        &self.hooks
    }

    /// The generated client of product `P`, sharing this client's connection pool and hooks.
    #[allow(dead_code)] // unused only when no product feature is enabled
    fn product<P: Product>(&self) -> P {
        P::with_hooks(&self.base_url, self.http.clone(), self.hooks.clone())
    }
}
