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
    /// `[names]`: resource-tree names that override the document's and the reference's,
    /// by operationId: `"<operationId>" = "<resource path>.<method>"`
    /// (`"zones-0-get" = "zones.get"`).
    #[serde(default)]
    pub names: std::collections::BTreeMap<String, String>,
}

/// One generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
    /// Resource roots (path prefixes: segments, `{}` matches any path parameter) of the
    /// operations of `whole` the product claims, each with everything under it. The longest
    /// matching prefix over all products wins. A scope (`/accounts`, `/accounts/{}`,
    /// `/zones/{}`, `/user`, …: see [`SCOPES`]) is never a resource root: claiming it would
    /// take every new product of the scope without a word.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Paths the product claims exactly, nothing under them: the scopes' own operations
    /// (`/accounts`, `/accounts/{}`, `/zones`, `/zones/{}`, `/user`).
    #[serde(default)]
    pub exact: Vec<String>,
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

    /// How many segments of `path` the product's claim on it covers, the most: an exact
    /// path covers all of them (and beats any prefix), a resource root its own length.
    fn claim(&self, path: &[&str]) -> Option<usize> {
        let exact = self
            .exact
            .iter()
            .any(|e| {
                let e: Vec<&str> = segments(e).collect();
                e.len() == path.len() && matches(&e, path)
            })
            .then_some(usize::MAX);
        let prefix = self
            .paths
            .iter()
            .filter_map(|prefix| {
                let prefix: Vec<&str> = segments(prefix).collect();
                (prefix.len() <= path.len() && matches(&prefix, path)).then_some(prefix.len())
            })
            .max();
        exact.or(prefix)
    }
}

/// The path segments that name a scope: the account, zone, user and organization levels of
/// the API. `/accounts`, `/accounts/{}` (and the same for the others) are scope roots, which a
/// product may claim only exactly (`exact`), never as a resource root (`paths`).
pub const SCOPES: [&str; 4] = ["accounts", "zones", "user", "organizations"];

/// Whether a prefix is a scope root: a scope, or a scope and its id.
fn is_scope_root(prefix: &[&str]) -> bool {
    match prefix {
        [] => true,
        [scope] | [scope, "{}"] => SCOPES.contains(scope),
        _ => false,
    }
}

/// Whether the path `got` starts with the manifest pattern `want` (`{}` matches any path
/// parameter).
fn matches(want: &[&str], got: &[&str]) -> bool {
    want.iter()
        .zip(got)
        .all(|(want, got)| want == got || (*want == "{}" && got.starts_with('{')))
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// A path as the manifest spells it: every parameter `{}`.
pub fn pattern(path: &str) -> String {
    let mut out = String::new();
    for s in segments(path) {
        out.push('/');
        out.push_str(if s.starts_with('{') { "{}" } else { s });
    }
    out
}

/// An operation no product claims, with the product its path suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclaimed {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path template.
    pub path: String,
    /// The operationId, or `METHOD path`.
    pub label: String,
    /// What to add to the manifest.
    pub suggestion: Suggestion,
}

/// Where an unclaimed operation's path suggests it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suggestion {
    /// A product that claims the same resource under another scope
    /// (`/zones/{}/email` → `email-routing` for `/accounts/{}/email/…`): add `root` to it.
    Existing {
        /// The product.
        product: String,
        /// The resource root to add to its `paths`.
        root: String,
    },
    /// A new product for a new resource root.
    New {
        /// Its name, from the resource's path segment.
        product: String,
        /// Its resource root.
        root: String,
    },
    /// A scope root (`/accounts/{}`): claim it with `exact`.
    Exact {
        /// The path to add to a product's `exact`.
        path: String,
    },
}

impl std::fmt::Display for Suggestion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Existing { product, root } => {
                write!(f, "add \"{root}\" to the paths of product `{product}`")
            }
            Self::New { product, root } => write!(
                f,
                "a new product: [[product]] name = \"{product}\" paths = [\"{root}\"]"
            ),
            Self::Exact { path } => write!(f, "add \"{path}\" to a product's `exact`"),
        }
    }
}

impl Manifest {
    /// The product that claims `path` (the longest claim wins), if exactly one does.
    pub fn owner(&self, path: &str) -> Result<Option<&Product>, [&Product; 2]> {
        let path: Vec<&str> = segments(path).collect();
        let mut claims: Vec<(usize, &Product)> = self
            .products
            .iter()
            .filter_map(|p| p.claim(&path).map(|n| (n, p)))
            .collect();
        claims.sort_by_key(|c| std::cmp::Reverse(c.0));
        match claims.as_slice() {
            [] => Ok(None),
            [(n, a), (m, b), ..] if n == m => Err([a, b]),
            [(_, p), ..] => Ok(Some(p)),
        }
    }

    /// Where an unclaimed `path` belongs: its resource root (the scope, its id and the next
    /// segment), claimed by the product that has the same resource under another scope, or
    /// a new product named after it.
    pub fn suggest(&self, path: &str) -> Suggestion {
        let segs: Vec<&str> = segments(path).collect();
        // Skip the scope and its id.
        let scoped = segs.first().is_some_and(|s| SCOPES.contains(s));
        let skip = match (scoped, segs.get(1)) {
            (false, _) => 0,
            (true, Some(id)) if id.starts_with('{') => 2,
            (true, _) => 1,
        };
        let Some(resource) = segs.get(skip).filter(|r| !r.starts_with('{')) else {
            return Suggestion::Exact {
                path: pattern(path),
            };
        };
        let root = pattern(&segs[..=skip].join("/"));
        let same_resource = self.products.iter().find(|p| {
            p.paths
                .iter()
                .any(|prefix| segments(prefix).last() == Some(*resource))
        });
        match same_resource {
            Some(p) => Suggestion::Existing {
                product: p.name.clone(),
                root,
            },
            None => Suggestion::New {
                product: resource.to_ascii_lowercase().replace('_', "-"),
                root,
            },
        }
    }
}

/// Which product owns each operation of a document, and what no product claims.
#[derive(Debug, Clone, Default)]
pub struct Assignment {
    /// Product name → the operationIds (or `METHOD path` labels) it owns.
    pub owned: BTreeMap<String, BTreeSet<String>>,
    /// Operations no product claims, with a suggestion each.
    pub unclaimed: Vec<Unclaimed>,
    /// `path (product, product)`: claimed equally by two products.
    pub contested: Vec<String>,
    /// Products of the manifest that claim no operation of the document.
    pub idle: Vec<String>,
}

impl Assignment {
    /// An error naming every operation no product claims (with the product its path
    /// suggests), every one two products claim equally, and every product that claims
    /// nothing; `allow_unclaimed` reports none of the first kind.
    pub fn check(&self, document: &str, allow_unclaimed: bool) -> Result<(), String> {
        let mut problems = Vec::new();
        if !allow_unclaimed && !self.unclaimed.is_empty() {
            problems.push(format!(
                "{} operation(s) of {document} no product claims:\n{}",
                self.unclaimed.len(),
                self.unclaimed_report()
            ));
        }
        if !self.contested.is_empty() {
            problems.push(format!(
                "claimed equally by two products: {:#?}",
                self.contested
            ));
        }
        for product in &self.idle {
            problems.push(claims_nothing(product, document));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("{MANIFEST}: {}", problems.join("\n")))
        }
    }

    /// One line per unclaimed operation: `METHOD path (label): suggestion`.
    pub fn unclaimed_report(&self) -> String {
        self.unclaimed
            .iter()
            .map(|u| {
                format!(
                    "  {} {} ({}): {}\n",
                    u.method, u.path, u.label, u.suggestion
                )
            })
            .collect()
    }
}

/// The error for a product that claims no operation of `document`.
pub fn claims_nothing(product: &str, document: &str) -> String {
    format!(
        "product `{product}` claims no operation of {document}: remove it from {MANIFEST}, \
         or give it the paths it has there"
    )
}

/// Which product owns each operation of `document` (the whole document, or a patched copy),
/// by the longest claim; what no product claims, with suggestions; and the products of the
/// manifest that claim nothing (a product with its own `spec` claims from it too, so it is
/// never idle while that document has operations).
pub fn assignment(manifest: &Manifest, document: &Value) -> Assignment {
    let mut out = Assignment::default();
    for o in crate::normalize::operations(document) {
        let label = o.label();
        match manifest.owner(o.path) {
            Ok(Some(p)) => {
                out.owned.entry(p.name.clone()).or_default().insert(label);
            }
            Ok(None) => out.unclaimed.push(Unclaimed {
                method: o.method.to_uppercase(),
                path: o.path.to_owned(),
                label,
                suggestion: manifest.suggest(o.path),
            }),
            Err([a, b]) => out
                .contested
                .push(format!("{} ({}, {})", o.path, a.name, b.name)),
        }
    }
    out.idle = manifest
        .products
        .iter()
        .filter(|p| p.spec.is_none() && !out.owned.contains_key(&p.name))
        .map(|p| p.name.clone())
        .collect();
    out
}

/// Which product owns each operation of the whole document: product name → operationIds.
/// Fails naming the operations no product claims (and the product each one's path
/// suggests), those two products claim equally, and the products that claim nothing.
pub fn assign(
    manifest: &Manifest,
    whole: &Value,
) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let a = assignment(manifest, whole);
    a.check(&format!("openapi/{}", manifest.whole), false)?;
    Ok(a.owned)
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
        for prefix in &p.paths {
            let segs: Vec<&str> = segments(prefix).collect();
            if is_scope_root(&segs) {
                return Err(format!(
                    "{MANIFEST}: product {:?} claims {prefix:?} in `paths`, a whole scope: every \
                     new product under it would land there unannounced. Claim resource roots \
                     (\"{prefix}/<resource>\") in `paths`, and the scope's own operations \
                     with `exact`",
                    p.name
                ));
            }
        }
    }
    Ok(manifest)
}
