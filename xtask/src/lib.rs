//! Project automation for the Cloudflare SDK workspace.
//!
//! `cargo xtask codegen` regenerates the low-level client; the same functions back the
//! freshness test in `tests/`, so plain `cargo test` catches a stale or hand-edited file.

pub mod codegen;
pub mod normalize;
