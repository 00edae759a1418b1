//! Guards for the generated code, for every product of `openapi/products.toml`: freshness,
//! determinism, pristine inputs, readable views (insta).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use xtask::codegen::{File, Inputs, ensure_file_contents, generate, generate_all, generate_code};
use xtask::codegen::{load, workspace_root};
use xtask::manifest::{self, Manifest, Product};
use xtask::normalize::{self, Report};
use xtask::surface::api_surface;

/// The products the SDK wraps by hand: their API surface and normalisation are snapshots a
/// reviewer reads, since a change there can break a wrapper.
const WRAPPED: [&str; 2] = ["dns", "zones"];

fn manifest() -> Manifest {
    manifest::load(&workspace_root()).expect("manifest")
}

fn products() -> Vec<Product> {
    manifest().products
}

/// One product's generation, as the guards need it.
struct Made {
    report: Report,
    operations: Vec<String>,
    reached: xtask::model::Reached,
    tree: Vec<xtask::tree::TreeOp>,
}

/// Every product generated once for all the guards (it takes a while: about a million lines).
fn generation() -> &'static (Vec<File>, BTreeMap<String, Made>) {
    static ALL: OnceLock<(Vec<File>, BTreeMap<String, Made>)> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut made = BTreeMap::new();
        let files = generate_all(
            &workspace_root(),
            false,
            |_| {},
            |g| {
                made.insert(
                    g.product.clone(),
                    Made {
                        report: g.report.clone(),
                        operations: g.operations.clone(),
                        reached: g.reached.clone(),
                        tree: g.tree.clone(),
                    },
                );
            },
        )
        .expect("generation succeeds");
        (files, made)
    })
}

/// Every checked-in generated file (each product crate, the SDK's product features and
/// accessors) equals a fresh generation: a hand edit, or a spec, patch, manifest or
/// generator change without `cargo xtask codegen`, fails here.
#[test]
fn generated_code_is_fresh() {
    let root = workspace_root();
    let (files, _) = generation();
    let stale: Vec<String> = files
        .iter()
        .filter_map(|f| ensure_file_contents(&root.join(&f.path), &f.contents, true).err())
        .collect();
    assert!(stale.is_empty(), "{}", stale.join("\n"));
    for p in products() {
        for file in ["Cargo.toml", "src/lib.rs", "src/generated.rs"] {
            let path = format!("{}/{file}", p.crate_dir());
            assert!(files.iter().any(|f| f.path == path), "{path} not generated");
        }
    }
}

/// The resource tree's names against Cloudflare's API reference: how many operations it
/// names, how many carry the reference's resource path and method name, how many method
/// names repeat a word of their resource, and how long a call path is.
#[test]
fn resource_names_follow_the_reference() {
    let root = workspace_root();
    let (_, made) = generation();
    let ops: Vec<xtask::tree::TreeOp> = made.values().flat_map(|m| m.tree.clone()).collect();
    let reference = xtask::codegen::reference(&root).expect("reference");
    let named = xtask::tree::name_all(&ops, &reference, &manifest().names).expect("named");
    let stats = xtask::tree::stats(&named, &reference);
    assert_eq!(stats.operations, ops.len());
    assert!(
        stats.carry_reference_name * 100 >= stats.reference_covers * 95,
        "{stats:#?}"
    );
    assert!(
        stats.repeat_a_resource_word * 100 <= stats.operations * 2,
        "{stats:#?}"
    );
    insta::assert_json_snapshot!(stats);
}

/// Generating again gives the same bytes (checked on the hand-wrapped products and one with
/// raw operations; the freshness guard covers the rest against the checked-in files).
#[test]
fn generation_is_deterministic() {
    let root = workspace_root();
    let m = manifest();
    let mut inputs = Inputs::default();
    let owned = manifest::assign(&m, &inputs.document(&root, &m.whole).expect("whole").0)
        .expect("every operation has a product");
    let (files, _) = generation();
    for p in m
        .products
        .iter()
        .filter(|p| WRAPPED.contains(&p.name.as_str()) || p.name == "snippets")
    {
        let claimed = owned.get(&p.name).cloned().unwrap_or_default();
        let again = generate(&root, &m, p, &claimed, &mut inputs).expect("second run");
        for f in &again.files {
            let first = files.iter().find(|g| g.path == f.path).expect("generated");
            assert!(first == f, "{}: two generations differ", f.path);
        }
    }
}

#[test]
fn generated_files_say_they_are_generated() {
    let root = workspace_root();
    for p in products() {
        for file in ["Cargo.toml", "src/lib.rs", "src/generated.rs"] {
            let path = root.join(p.crate_dir()).join(file);
            let text = std::fs::read_to_string(&path).expect("read");
            let first = text.lines().next().unwrap_or_default();
            assert!(
                first.contains("@generated by `cargo xtask codegen` from openapi/"),
                "{}: {first}",
                path.display()
            );
        }
    }
}

/// A generated crate holds generated code only, and compiles once: no doctests, no unit
/// tests of its own.
#[test]
fn generated_crates_compile_once() {
    let root = workspace_root();
    for p in products() {
        let toml =
            std::fs::read_to_string(root.join(p.crate_dir()).join("Cargo.toml")).expect("read");
        assert!(toml.contains("doctest = false") && toml.contains("test = false"));
        let src: Vec<String> = std::fs::read_dir(root.join(p.crate_dir()).join("src"))
            .expect("src")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(src, ["generated.rs", "lib.rs"], "{}", p.name);
    }
}

#[test]
fn api_surface_snapshots() {
    let root = workspace_root();
    for name in WRAPPED {
        let p = products()
            .into_iter()
            .find(|p| p.name == name)
            .expect("product");
        let code = std::fs::read_to_string(root.join(p.crate_dir()).join("src/generated.rs"))
            .expect("read");
        let surface = api_surface(&code).expect("parses");
        insta::assert_snapshot!(format!("api_surface_{}", p.name), surface);
    }
}

#[test]
fn normalisation_report_snapshots() {
    let (_, made) = generation();
    for name in WRAPPED {
        insta::assert_json_snapshot!(format!("normalisation_report_{name}"), made[name].report);
    }
    // The whole API: how many operations or schemas each rule changed, over every product.
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for m in made.values() {
        for (rule, n) in m.report.counts() {
            *totals.entry(rule).or_default() += n;
        }
    }
    insta::assert_json_snapshot!("normalisation_whole_api", totals);
}

/// Every operation of Cloudflare's API is reachable from Rust, and every page-number list of
/// the document goes through the pager: the counts, by how the SDK reaches each operation,
/// add up to the whole document's.
#[test]
fn every_operation_is_reachable_counts() {
    use xtask::model::Reach;
    let root = workspace_root();
    let m = manifest();
    let mut inputs = Inputs::default();
    let whole = inputs.document(&root, &m.whole).expect("whole").0.clone();
    let (_, made) = generation();
    let mut reached: BTreeMap<String, Reach> = BTreeMap::new();
    for g in made.values() {
        assert_eq!(g.reached.len(), g.operations.len());
        reached.extend(g.reached.clone());
    }
    let document: BTreeSet<String> = normalize::operations(&whole).map(|o| o.label()).collect();
    let missing: Vec<&String> = document
        .iter()
        .filter(|id| !reached.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "not reachable: {missing:?}");
    // Beyond the document: the endpoints patch data adds (none today: the derived
    // description holds every method of the reference).
    let added: Vec<&String> = reached
        .keys()
        .filter(|id| !document.contains(*id))
        .collect();
    assert!(added.is_empty(), "patch data adds {added:?}");
    assert_eq!(reached.len(), document.len() + added.len());

    let kinds = normalize::list_kinds(&whole);
    let page_lists: Vec<&String> = kinds
        .iter()
        .filter(|(_, k)| **k == normalize::ListKind::PageNumber)
        .map(|(id, _)| id)
        .collect();
    let cursor_lists: Vec<&String> = kinds
        .iter()
        .filter(|(_, k)| **k == normalize::ListKind::Cursor)
        .map(|(id, _)| id)
        .collect();
    let unpaged: Vec<&String> = page_lists
        .iter()
        .copied()
        .filter(|id| reached[*id] != Reach::PageNumberList)
        .collect();
    let count = |r: Reach| reached.values().filter(|x| **x == r).count();
    let counts = serde_json::json!({
        "operations in the document": document.len(),
        "operations added by patch data": added,
        "operations generated": reached.len(),
        "through progenitor": reached.len() - count(Reach::Raw),
        "through the raw path": count(Reach::Raw),
        "page-number lists the pager serves": count(Reach::PageNumberList),
        "cursor lists the pager serves": count(Reach::CursorList),
        "  of them page-number lists by the document's result_info": page_lists.len() - unpaged.len(),
        "page-number lists by the document's result_info": page_lists.len(),
        "  not served by the pager": unpaged,
        "cursor lists by the document's result_info": cursor_lists,
        "single results (client.call)": count(Reach::Single),
        "list responses without page parameters (client.request)": count(Reach::UnpagedList),
        "no typed result: the whole response (client.request)": count(Reach::Envelope),
        "no usable response type (the builder's send)": count(Reach::NoUsableResponseType),
    });
    insta::assert_json_snapshot!("reachable_operations", counts);
    let cursor_unserved: Vec<&&String> = cursor_lists
        .iter()
        .filter(|id| reached[**id] != Reach::CursorList)
        .collect();
    assert!(
        cursor_unserved.is_empty(),
        "cursor lists not served: {cursor_unserved:?}"
    );
    assert_eq!(
        count(Reach::PageNumberList)
            + count(Reach::CursorList)
            + count(Reach::Single)
            + count(Reach::UnpagedList)
            + count(Reach::Envelope)
            + count(Reach::Raw)
            + count(Reach::NoUsableResponseType),
        reached.len()
    );
}

/// Every vendored document the manifest names is byte-for-byte what was vendored (its hash
/// is in openapi/PROVENANCE.md), and so is every patch file's existence.
#[test]
fn vendored_specs_are_pristine() {
    let root = workspace_root();
    let provenance = std::fs::read_to_string(root.join("openapi/PROVENANCE.md")).expect("read");
    let mut inputs = Inputs::default();
    let m = manifest();
    for p in &m.products {
        let spec = p.spec(&m);
        let (_, sha) = inputs.document(&root, spec).expect("document");
        assert!(
            provenance.contains(sha.as_str()),
            "openapi/{spec} changed: sha256 {sha} is not in openapi/PROVENANCE.md",
        );
    }
}

/// The BSD-3 license text travels with the vendored documents, in full.
#[test]
fn vendored_license_is_present() {
    let root = workspace_root();
    let license =
        std::fs::read_to_string(root.join("openapi/LICENSE-cloudflare-api-schemas")).expect("read");
    assert!(license.starts_with("BSD 3-Clause License"));
    assert!(license.contains("Copyright (c) 2022, Cloudflare"));
    assert!(license.contains("EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE."));
}

fn spec_with(ops: serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": ops,
        "components": {"schemas": {}},
    })
}

#[test]
fn colliding_operation_ids_fail_naming_both() {
    let ok = serde_json::json!({"200": {"description": "ok"}});
    let spec = spec_with(serde_json::json!({
        "/a": {"get": {"operationId": "list-peers", "responses": ok}},
        "/b": {"get": {"operationId": "list_peers", "responses": ok}},
    }));
    let err = generate_code(&spec, &normalize::Report::default(), "t").expect_err("collision");
    assert!(
        err.contains("`list-peers`") && err.contains("`list_peers`"),
        "{err}"
    );
}

#[test]
fn generator_panic_is_caught_and_names_the_operation() {
    // Two different success bodies on one operation make progenitor panic.
    let spec = spec_with(serde_json::json!({
        "/ok": {"get": {"operationId": "fine", "responses": {"200": {"description": "ok"}}}},
        "/bad": {"get": {"operationId": "two-bodies", "responses": {
            "200": {"description": "a", "content": {"application/json": {"schema": {"type": "string"}}}},
            "201": {"description": "b", "content": {"application/json": {"schema": {"type": "integer"}}}},
        }}},
    }));
    let err = generate_code(&spec, &normalize::Report::default(), "t").expect_err("panics");
    assert!(err.contains("two-bodies"), "{err}");
    assert!(!err.contains("`fine`"), "{err}");
}

/// An operation progenitor cannot build (a multipart body) goes on the raw path: a builder
/// with its path and query setters and `body`, implementing `Operation` like the others.
#[test]
fn unsupported_request_body_goes_on_the_raw_path() {
    let spec = spec_with(serde_json::json!({
        "/zones/{zone_id}/import": {"post": {"operationId": "import-things",
            "summary": "Import things.",
            "parameters": [
                {"in": "path", "name": "zone_id", "required": true, "schema": {"type": "string"}},
                {"in": "query", "name": "dry-run", "schema": {"type": "boolean"}},
            ],
            "requestBody": {"required": true, "content": {"multipart/form-data": {"schema":
                {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}}},
            "responses": {"200": {"description": "ok"}}}},
        "/zones/{zone_id}/things": {"get": {"operationId": "list-things",
            "parameters": [
                {"in": "path", "name": "zone_id", "required": true, "schema": {"type": "string"}},
            ],
            "responses": {"200": {"description": "ok"}}}},
    }));
    let code = generate_code(&spec, &normalize::Report::default(), "t").expect("generates");
    assert_eq!(code.raw.len(), 1);
    assert!(code.raw[0].multipart());
    let surface = api_surface(&code.code).expect("parses");
    insta::assert_snapshot!("raw_path_surface", surface);
    for expected in [
        "pub struct ImportThings",
        "pub fn zone_id(mut self, value: impl ::std::string::ToString) -> Self",
        "self.params.set_query(\"dry-run\", value.to_string())",
        "pub fn import_things(&self) -> raw::ImportThings",
        "impl ::cloudflare_core::Operation for ImportThings",
        "::cloudflare_core::Prepared::raw::<",
    ] {
        assert!(code.code.contains(expected), "missing {expected}");
    }
}

#[test]
fn manifest_refuses_bad_names_and_duplicates() {
    let entry = |name: &str| {
        format!("\n[[product]]\nname = \"{name}\"\nsummary = \"s\"\npaths = [\"/x\"]\n")
    };
    let whole = "whole = \"x.json\"\n".to_owned();
    assert!(manifest::parse(&(whole.clone() + &entry("dns"))).is_ok());
    let err = manifest::parse(&(whole.clone() + &entry("DNS Records"))).expect_err("bad name");
    assert!(err.contains("lower-case words"), "{err}");
    let err =
        manifest::parse(&(whole.clone() + &entry("dns") + &entry("dns"))).expect_err("duplicate");
    assert!(err.contains("appears twice"), "{err}");
    let err =
        manifest::parse(&(whole + &entry("dns") + "colour = \"red\"\n")).expect_err("unknown key");
    assert!(err.contains("colour"), "{err}");
}

/// Every operation of the whole document belongs to exactly one product, by the longest
/// path prefix; an operation no product claims is an error that names it.
#[test]
fn every_operation_belongs_to_one_product() {
    let root = workspace_root();
    let m = manifest();
    let mut inputs = Inputs::default();
    let whole = inputs.document(&root, &m.whole).expect("whole").0.clone();
    let owned = manifest::assign(&m, &whole).expect("assigned");
    let total: usize = owned.values().map(BTreeSet::len).sum();
    assert_eq!(total, normalize::operations(&whole).count());
    // The longest prefix wins: Workers for Platforms' scripts are not Workers'.
    let owner = |path: &str| m.owner(path).ok().flatten().map(|p| p.name.clone());
    assert_eq!(
        owner("/accounts/{a}/workers/dispatch/namespaces/{n}/scripts/{s}").as_deref(),
        Some("workers-for-platforms")
    );
    assert_eq!(
        owner("/accounts/{a}/workers/scripts/{s}").as_deref(),
        Some("workers")
    );
    let mut less = m.clone();
    less.products.retain(|p| p.name != "ips");
    let err = manifest::assign(&less, &whole).expect_err("unclaimed");
    assert!(err.contains("GET /ips"), "{err}");
}

#[test]
fn dns_normalisation_gives_every_operation_the_failure_envelope() {
    let root = workspace_root();
    let m = manifest();
    let p = m.products.iter().find(|p| p.name == "dns").expect("dns");
    let (mut spec, _) = load(&root, &m, p, &BTreeSet::new(), &mut Inputs::default()).expect("load");
    let report = normalize::normalize(&mut spec);
    let text = spec.to_string();
    assert!(
        !text.contains("\"enum\":[true]"),
        "single-value boolean enums remain"
    );
    // Every error response is the failure envelope alone, documented or not.
    let mut operations = 0;
    for (_, item) in spec["paths"].as_object().expect("paths") {
        for (_, op) in item.as_object().expect("item") {
            operations += 1;
            let errors: Vec<&serde_json::Value> = op["responses"]
                .as_object()
                .expect("responses")
                .iter()
                .filter(|(status, _)| !status.starts_with('2'))
                .map(|(_, r)| &r["content"]["application/json"]["schema"])
                .collect();
            assert!(!errors.is_empty(), "no error response: {op}");
            for schema in errors {
                assert!(schema.get("allOf").is_none(), "still an allOf: {schema}");
            }
        }
    }
    assert_eq!(report.rules["failure-envelope-only"].len(), operations);
}
