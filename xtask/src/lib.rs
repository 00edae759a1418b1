//! Project automation for the Cloudflare SDK workspace.
//!
//! `cargo xtask codegen` regenerates the low-level client; the same functions back the
//! freshness test in `tests/`, so plain `cargo test` catches a stale or hand-edited file.
//! `cargo xtask vendor` cuts a slice out of a full Cloudflare document; `cargo xtask survey`
//! dry-runs the pipeline over every operation of one.

pub mod codegen;
pub mod normalize;
pub mod slice;
pub mod survey;
pub mod vendor;
