//! `openapi/products.toml`: which products are generated, from which document, with which
//! operations and patch data.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

/// The manifest's path, relative to the workspace root.
pub const MANIFEST: &str = "openapi/products.toml";

/// Every product, in manifest order, and the whole document they share.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The vendored whole document, relative to `openapi/`: every one of its operations
    /// belongs to exactly one product.
    pub whole: String,
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
    /// The vendored document it is generated from, relative to `openapi/`; `None`: the
    /// manifest's `whole`. A product with its own document takes every operation of it.
    pub spec: Option<String>,
    /// Path prefixes (segments; `{}` matches any path parameter) of the operations of
    /// `whole` the product claims. The longest matching prefix over all products wins.
    pub paths: Vec<String>,
    /// RFC 6902 JSON Patch applied to the document before cutting, relative to `openapi/`.
    pub patch: Option<String>,
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

    /// The document the product is generated from, relative to `openapi/`.
    pub fn spec<'a>(&'a self, manifest: &'a Manifest) -> &'a str {
        self.spec.as_deref().unwrap_or(&manifest.whole)
    }

    /// How many segments of `path` one of the product's prefixes matches, the longest.
    fn claim(&self, path: &[&str]) -> Option<usize> {
        self.paths
            .iter()
            .filter_map(|prefix| {
                let prefix: Vec<&str> = segments(prefix).collect();
                let matches = prefix.len() <= path.len()
                    && prefix
                        .iter()
                        .zip(path)
                        .all(|(want, got)| want == got || (*want == "{}" && got.starts_with('{')));
                matches.then_some(prefix.len())
            })
            .max()
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// Which product owns each operation of the whole document: product name → operationIds.
/// Fails naming the operations no product claims and those two products claim equally.
pub fn assign(
    manifest: &Manifest,
    whole: &Value,
) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let mut owned: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut unclaimed = Vec::new();
    let mut contested = Vec::new();
    for o in crate::normalize::operations(whole) {
        let id = o.id().map_or_else(|| o.label(), str::to_owned);
        let path: Vec<&str> = segments(o.path).collect();
        let mut claims: Vec<(usize, &str)> = manifest
            .products
            .iter()
            .filter_map(|p| p.claim(&path).map(|n| (n, p.name.as_str())))
            .collect();
        claims.sort_unstable_by(|a, b| b.cmp(a));
        match claims.as_slice() {
            [] => unclaimed.push(format!("{} {}", o.method.to_uppercase(), o.path)),
            [(n, a), (m, b), ..] if n == m => contested.push(format!("{} ({a}, {b})", o.path)),
            [(_, name), ..] => {
                owned.entry((*name).to_owned()).or_default().insert(id);
            }
        }
    }
    if !unclaimed.is_empty() || !contested.is_empty() {
        return Err(format!(
            "{MANIFEST}: {} operation(s) of openapi/{} no product claims (add a path prefix to \
             a product, or a product): {unclaimed:#?}; claimed equally by two products: \
             {contested:#?}",
            unclaimed.len(),
            manifest.whole
        ));
    }
    Ok(owned)
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
