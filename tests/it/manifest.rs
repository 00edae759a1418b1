//! The product manifest sees every new endpoint: no product is a catch-all, an operation no
//! product claims (or a product that claims nothing) stops `cargo xtask codegen` with its
//! name, and the endpoints of Cloudflare's current API reference that the vendored document
//! lacks go where their resource roots say.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use xtask::codegen::{Inputs, workspace_root};
use xtask::manifest::{self, Manifest, Suggestion};

fn manifest() -> Manifest {
    manifest::load(&workspace_root()).expect("manifest")
}

fn whole() -> Value {
    let root = workspace_root();
    let m = manifest();
    let mut inputs = Inputs::default();
    inputs.document(&root, &m.whole).expect("whole").0.clone()
}

/// A copy of the vendored document with one brand-new product's path added: the assignment
/// `cargo xtask codegen` runs fails, naming the operation, its path and the product to add.
#[test]
fn a_new_path_stops_codegen_and_is_named() {
    let m = manifest();
    let mut doc = whole();
    doc["paths"]["/accounts/{account_id}/brand_new_product/things"] = json!({
        "get": {"operationId": "brand-new-product-list-things",
                "responses": {"200": {"description": "ok"}}}});
    let err = manifest::assign(&m, &doc).expect_err("an unclaimed operation is an error");
    assert!(
        err.contains("GET /accounts/{account_id}/brand_new_product/things"),
        "{err}"
    );
    assert!(err.contains("brand-new-product-list-things"), "{err}");
    assert!(
        err.contains(
            "a new product: [[product]] name = \"brand-new-product\" paths = \
             [\"/accounts/{}/brand_new_product\"]"
        ),
        "{err}"
    );
    // With the flag, the same run reports it and generates the rest.
    let a = manifest::assignment(&m, &doc);
    a.check("the copy", true).expect("allowed");
    assert_eq!(a.unclaimed.len(), 1);
    // A new resource beside a known one under another scope is suggested to its product.
    assert_eq!(
        m.suggest("/zones/{zone_id}/hyperdrive/configs"),
        Suggestion::Existing {
            product: "hyperdrive".into(),
            root: "/zones/{}/hyperdrive".into()
        }
    );
}

/// A product that claims nothing in the document is an error naming it (an upstream
/// revision that drops a product, or a manifest entry with a typo).
#[test]
fn a_product_that_claims_nothing_is_named() {
    let m = manifest();
    let mut doc = whole();
    doc["paths"]
        .as_object_mut()
        .expect("paths")
        .retain(|path, _| !path.starts_with("/ips"));
    let err = manifest::assign(&m, &doc).expect_err("ips claims nothing");
    assert!(
        err.contains(&format!(
            "product `ips` claims no operation of openapi/{}",
            m.whole
        )),
        "{err}"
    );
}

/// A scope (`/accounts/{}`, `/zones`) cannot be a resource root: it would swallow every new
/// product under it.
#[test]
fn a_scope_is_not_a_resource_root() {
    for prefix in ["/accounts", "/accounts/{}", "/zones/{}", "/user"] {
        let text = format!(
            "whole = \"x.json\"\n[[product]]\nname = \"a\"\nsummary = \"s\"\npaths = [\"{prefix}\"]\n"
        );
        let err = manifest::parse(&text).expect_err("a scope");
        assert!(err.contains("a whole scope"), "{prefix}: {err}");
    }
    let exact = "whole = \"x.json\"\n[[product]]\nname = \"a\"\nsummary = \"s\"\nexact = [\"/accounts/{}\"]\n";
    let m = manifest::parse(exact).expect("exact scope roots are fine");
    assert_eq!(
        m.owner("/accounts/{account_id}")
            .map(|p| p.map(|p| &p.name)),
        Ok(Some(&"a".to_owned()))
    );
    assert_eq!(
        m.owner("/accounts/{account_id}/things")
            .map(|p| p.is_some()),
        Ok(false)
    );
}

/// Every endpoint of Cloudflare's current API reference (`openapi/reference-names-2026.tsv`)
/// is in the document the crates are generated from, and fed through the assignment each
/// lands in a product through a resource root or an exact path (never through a scope):
/// counted per product in a snapshot. Endpoints the document lacks (a document older than
/// the reference) are counted too, with where each would go.
#[test]
fn reference_endpoints_go_to_their_resource_roots() {
    let m = manifest();
    let doc = whole();
    let known: BTreeSet<(String, String)> = xtask::normalize::operations(&doc)
        .map(|o| (o.method.to_uppercase(), manifest::pattern(o.path)))
        .collect();
    let table = std::fs::read_to_string(workspace_root().join("openapi/reference-names-2026.tsv"))
        .expect("reference table");
    let mut by_product: BTreeMap<String, usize> = BTreeMap::new();
    let (mut endpoints, mut lacking) = (0, 0);
    let mut unclaimed: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for line in table.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (Some(verb), Some(path)) = (cols.next(), cols.next()) else {
            panic!("bad row {line:?}");
        };
        // `/{accountOrZone}/{accountOrZoneId}/…` is served under both scopes.
        let paths = match path.strip_prefix("/{accountOrZone}/{accountOrZoneId}") {
            Some(rest) => vec![
                format!("/accounts/{{account_id}}{rest}"),
                format!("/zones/{{zone_id}}{rest}"),
            ],
            None => vec![path.to_owned()],
        };
        for path in paths {
            endpoints += 1;
            if !known.contains(&(verb.to_owned(), manifest::pattern(&path))) {
                lacking += 1;
            }
            match m.owner(&path) {
                Ok(Some(p)) => {
                    let pattern = manifest::pattern(&path);
                    let segs = pattern.split('/').filter(|s| !s.is_empty()).count();
                    let exact = p.exact.contains(&pattern);
                    let root = p.paths.iter().any(|r| {
                        pattern.starts_with(r.as_str())
                            && r.split('/').filter(|s| !s.is_empty()).count() <= segs
                    });
                    assert!(
                        exact || root,
                        "{verb} {path} reaches {} through no root",
                        p.name
                    );
                    *by_product.entry(p.name.clone()).or_default() += 1;
                }
                Ok(None) => {
                    let s = m.suggest(&path);
                    let key = match &s {
                        Suggestion::Existing { root, .. } | Suggestion::New { root, .. } => {
                            root.clone()
                        }
                        Suggestion::Exact { path } => path.clone(),
                    };
                    unclaimed.entry(key).or_insert((0, s.to_string())).0 += 1;
                }
                Err([a, b]) => panic!("{path}: claimed equally by {} and {}", a.name, b.name),
            }
        }
    }
    assert!(endpoints > 2_700, "{endpoints} reference endpoints");
    let report = json!({
        "reference endpoints": endpoints,
        "the document lacks": lacking,
        "per product": by_product,
        "unclaimed, by resource root": unclaimed
            .iter()
            .map(|(root, (n, s))| format!("{root}: {n} ({s})"))
            .collect::<Vec<_>>(),
    });
    insta::assert_json_snapshot!("reference_endpoints", report);
}

/// Every crate under `crates/api/` is a product of the manifest: a product removed or
/// renamed leaves no orphaned crate that would still be a workspace member, built and
/// packaged (`cargo xtask codegen` removes them, `--check` names them).
#[test]
fn no_product_crate_is_orphaned() {
    assert_eq!(
        xtask::codegen::orphaned_crates(&workspace_root()).expect("crates/api"),
        Vec::<String>::new()
    );
}
