//! The description of Cloudflare's current API derived from its SDK packages
//! (`openapi/cloudflare-derived.json`, written by `cargo xtask derive`): an OpenAPI 3.0
//! document the generator's reader takes, that names every method of Cloudflare's current
//! reference (`openapi/reference-names-2026.tsv`) exactly as the reference does, at the
//! reference's verb and path. (`cargo xtask derive --check`, run by `.ci/run`, proves the
//! vendored file is what the pinned packages derive.)

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use xtask::codegen::workspace_root;

fn derived() -> Value {
    let path = workspace_root().join(xtask::derive::DOCUMENT);
    let bytes = std::fs::read(&path).expect("the derived document");
    serde_json::from_slice(&bytes).expect("JSON")
}

/// A path with its parameters' names left out: the reference and the SDK name them apart
/// (`{dnsRecordID}`, `{dns_record_id}`).
fn pattern(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_derived_document_names_every_reference_method_at_its_verb_and_path() {
    let doc = derived();
    // The generator's own reader takes it.
    let _: openapiv3::OpenAPI =
        serde_json::from_value(doc.clone()).expect("an OpenAPI 3.0 document openapiv3 reads");
    assert_eq!(doc["openapi"], "3.0.3");
    let from = &doc["info"]["x-derived-from"];
    assert!(
        from.as_array()
            .is_some_and(|a| a.iter().any(|p| p["registry"] == "PyPI")
                && a.iter().any(|p| p["registry"] == "npm")),
        "the packages it was derived from: {from}"
    );

    // (verb, path pattern) -> the names of the operations there (aliases included).
    let mut named: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (verb, op) in item.as_object().expect("a path item") {
            operations += 1;
            let names = named
                .entry((verb.to_uppercase(), pattern(path)))
                .or_default();
            names.insert(format!(
                "{}.{}",
                op["x-stainless-resource"].as_str().expect("a resource"),
                op["x-stainless-method"].as_str().expect("a method")
            ));
            for alias in op["x-stainless-aliases"].as_array().into_iter().flatten() {
                let alias = alias.as_str().expect("an alias");
                // A both-scope alias carries its scope last.
                let alias = alias
                    .strip_suffix(".accounts")
                    .or_else(|| alias.strip_suffix(".zones"))
                    .unwrap_or(alias);
                names.insert(alias.to_owned());
            }
        }
    }
    let table = std::fs::read_to_string(workspace_root().join("openapi/reference-names-2026.tsv"))
        .expect("reference table");
    let (mut methods, mut found) = (0, 0);
    let mut missing = Vec::new();
    for line in table.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [verb, path, resource, method, ..] = cols[..] else {
            panic!("bad row {line:?}");
        };
        methods += 1;
        let name = format!("{resource}.{method}");
        // `/{accountOrZone}/{accountOrZoneId}/…`: one method, an operation in each scope.
        let paths = match path.strip_prefix("/{accountOrZone}/{accountOrZoneId}") {
            Some(rest) => vec![
                format!("/accounts/{{}}{}", pattern(rest)),
                format!("/zones/{{}}{}", pattern(rest)),
            ],
            None => vec![pattern(path)],
        };
        let here = paths.iter().all(|p| {
            named
                .get(&(verb.to_owned(), p.clone()))
                .is_some_and(|n| n.contains(&name))
        });
        if here {
            found += 1;
        } else {
            missing.push(format!("{verb} {path} {name}"));
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .map_or(0, |s| s.len());
    insta::assert_json_snapshot!(
        "derived_counts",
        json!({
            "reference_methods": methods,
            "named_at_their_verb_and_path": found,
            "operations": operations,
            "schemas": schemas,
        })
    );
    // The bar is 99%; today every one is.
    assert!(
        found * 100 >= methods * 99,
        "{} of {methods} reference methods are not in the derived document under their \
         reference name, verb and path:\n{}",
        missing.len(),
        missing.join("\n")
    );
}
