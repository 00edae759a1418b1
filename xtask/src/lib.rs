//! Project automation for the Cloudflare SDK workspace.
//!
//! `cargo xtask codegen` regenerates every product crate listed in `openapi/products.toml`;
//! the same functions back the freshness tests in `tests/`, so plain `cargo test` catches a
//! stale or hand-edited file. `cargo xtask vendor` cuts a slice out of a full Cloudflare
//! document; `cargo xtask survey` dry-runs the pipeline over every operation of one;
//! `cargo xtask diff OLD NEW` says what regenerating from another document changes for users;
//! `cargo xtask derive` derives the current API's description from Cloudflare's SDK packages.

pub mod accessors;
pub mod body_setters;
pub mod codegen;
pub mod conversions;
pub mod decoding;
pub mod derive;
pub mod diff;
pub mod emit;
pub mod envelopes;
pub mod manifest;
pub mod model;
pub mod names;
pub mod normalize;
pub mod raw;
pub mod slice;
pub mod surface;
pub mod survey;
pub mod syntax;
pub mod tree;
pub mod union_names;
pub mod variants;
pub mod vendor;
pub mod wire;
