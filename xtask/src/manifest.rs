//! `openapi/products.toml`: which products are generated, from which document, with which
//! operations and patch data.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::slice::Selection;

/// The manifest's path, relative to the workspace root.
pub const MANIFEST: &str = "openapi/products.toml";

/// Every product, in manifest order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// `[[product]]` entries.
    #[serde(rename = "product")]
    pub products: Vec<Product>,
}

/// One generated crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Lower-case words joined by `-` (`secondary-dns`): the crate is
    /// `cloudflare-api-<name>` in `crates/api/<name>`, the SDK feature is `<name>`.
    pub name: String,
    /// One line for the crate's description and docs.
    pub summary: String,
    /// The vendored document, relative to `openapi/`.
    pub spec: String,
    /// Keep the operations with these tags.
    #[serde(default)]
    pub tags: BTreeSet<String>,
    /// Keep these operationIds.
    #[serde(default)]
    pub operations: BTreeSet<String>,
    /// RFC 6902 JSON Patch applied to `spec` before cutting, relative to `openapi/`.
    pub patch: Option<String>,
    /// operationId → why it is left out (progenitor cannot generate it).
    #[serde(default)]
    pub exclude: BTreeMap<String, String>,
}

impl Product {
    /// `cloudflare-api-<name>`.
    pub fn crate_name(&self) -> String {
        format!("cloudflare-api-{}", self.name)
    }

    /// `cloudflare_api_<name>`: the crate's Rust name.
    pub fn crate_ident(&self) -> String {
        self.crate_name().replace('-', "_")
    }

    /// `crates/api/<name>`.
    pub fn crate_dir(&self) -> String {
        format!("crates/api/{}", self.name)
    }

    /// `<name>` with `_` for `-`: the SDK's accessor (`api.secondary_dns()`).
    pub fn accessor(&self) -> String {
        self.name.replace('-', "_")
    }

    /// Which operations of `spec` the product keeps; `None` keeps them all.
    pub fn selection(&self) -> Option<Selection> {
        (!self.tags.is_empty() || !self.operations.is_empty()).then(|| Selection {
            operation_ids: self.operations.clone(),
            tags: self.tags.clone(),
        })
    }
}

/// Reads and checks the manifest: names are unique lower-case words joined by `-`.
pub fn load(root: &Path) -> Result<Manifest, String> {
    let text = std::fs::read_to_string(root.join(MANIFEST))
        .map_err(|e| format!("reading {MANIFEST}: {e}"))?;
    parse(&text)
}

/// Parses and checks a manifest's text.
pub fn parse(text: &str) -> Result<Manifest, String> {
    let manifest: Manifest = toml::from_str(text).map_err(|e| format!("{MANIFEST}: {e}"))?;
    let mut seen = BTreeSet::new();
    for p in &manifest.products {
        let valid = p.name.split('-').all(|w| {
            !w.is_empty()
                && w.starts_with(|c: char| c.is_ascii_lowercase())
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
        if !valid {
            return Err(format!(
                "{MANIFEST}: product name {:?}: use lower-case words joined by '-'",
                p.name
            ));
        }
        if !seen.insert(p.name.as_str()) {
            return Err(format!("{MANIFEST}: product {:?} appears twice", p.name));
        }
    }
    Ok(manifest)
}
