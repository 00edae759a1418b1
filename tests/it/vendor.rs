//! `cargo xtask vendor` and `cargo xtask survey` on a small multi-product fixture.

use std::collections::BTreeSet;
use std::path::PathBuf;

use xtask::slice::Selection;
use xtask::survey::Outcome;
use xtask::vendor::{Request, vendor};

fn fixture() -> PathBuf {
    xtask::codegen::workspace_root().join("tests/fixtures/multi-product.json")
}

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cf-sdk-vendor-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn vendor_by_tag_keeps_the_operations_and_the_closure_of_their_refs() {
    let dir = out_dir("tag");
    let request = Request {
        from: fixture(),
        name: "dns-records".into(),
        selection: Selection {
            tags: set(&["DNS Records"]),
            ..Default::default()
        },
        upstream: Some("fixture@0000000".into()),
        date: Some("2026-11-27".into()),
        leave_out_unsupported: false,
    };
    let written = vendor(&dir, &request).expect("vendors");
    assert_eq!(written.operations, 3);
    // Said up front: the multipart import will not generate.
    assert_eq!(written.unsupported.len(), 1, "{:?}", written.unsupported);
    assert!(written.unsupported[0].1.starts_with("multipart/form-data"));
    let spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&written.spec_path).expect("read"))
            .expect("json");
    let paths: BTreeSet<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        paths,
        set(&[
            "/zones/{zone_id}/dns_records",
            "/zones/{zone_id}/dns_records/import"
        ])
    );
    let schemas: BTreeSet<String> = spec["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        schemas,
        set(&[
            "common_api-response",
            "common_failure",
            "common_messages",
            "common_page-number",
            "dns_identifier",
            "dns_list-response",
            "dns_record",
            "dns_type",
        ]),
        "the closure, reached through parameters, bodies, responses and allOf; nothing of Zone, Workers or unused"
    );
    assert!(spec["components"]["parameters"]["common_page"].is_object());
    assert!(spec["components"]["securitySchemes"]["api_token"].is_object());
    // Path-level parameters travel with their path.
    assert!(spec["paths"]["/zones/{zone_id}/dns_records"]["parameters"].is_array());

    let provenance = std::fs::read_to_string(&written.provenance_path).expect("read");
    let source_sha = format!(
        "{:x}",
        <sha2::Sha256 as sha2::Digest>::digest(std::fs::read(fixture()).expect("read"))
    );
    let slice_sha = format!(
        "{:x}",
        <sha2::Sha256 as sha2::Digest>::digest(std::fs::read(&written.spec_path).expect("read"))
    );
    for needle in [
        source_sha.as_str(),
        slice_sha.as_str(),
        "2026-11-27",
        "fixture@0000000",
        "`dns-records-create`",
        "BSD 3-Clause",
    ] {
        assert!(
            provenance.contains(needle),
            "{needle} missing from:\n{provenance}"
        );
    }

    // The slice is self-contained: it normalises and generates on its own (multipart aside).
    let mut spec = spec;
    spec["paths"]
        .as_object_mut()
        .expect("paths")
        .remove("/zones/{zone_id}/dns_records/import");
    let report = xtask::normalize::normalize(&mut spec);
    let code = xtask::codegen::generate_code(&spec, &report, "fixture").expect("generates");
    assert!(
        code.code
            .contains("::cloudflare_core::ListResponse<crate::types::"),
        "the shared pager applies"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn vendor_by_operation_id_and_errors() {
    let dir = out_dir("op");
    let mut request = Request {
        leave_out_unsupported: false,
        from: fixture(),
        name: "zones".into(),
        selection: Selection {
            operation_ids: set(&["zones-get"]),
            ..Default::default()
        },
        upstream: None,
        date: None,
    };
    let w = vendor(&dir, &request).expect("vendors");
    assert_eq!((w.operations, w.schemas), (1, 6));

    request.selection.operation_ids = set(&["zones-get", "no-such-op"]);
    let err = vendor(&dir, &request).expect_err("unknown id");
    assert!(err.contains("no-such-op"), "{err}");
    request.selection = Selection {
        tags: set(&["Nope"]),
        ..Default::default()
    };
    assert!(
        vendor(&dir, &request)
            .expect_err("no match")
            .contains("no operation matches")
    );
    request.selection = Selection {
        tags: set(&["Zone"]),
        ..Default::default()
    };
    request.name = "../escape".into();
    assert!(vendor(&dir, &request).is_err());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn survey_reports_each_operation_and_never_panics() {
    let full: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture()).expect("read")).expect("json");
    let survey = xtask::survey::survey(&full, |_, _| {});
    assert_eq!(survey.outcomes.len(), 5);
    assert_eq!(survey.clean(), 4, "{}", survey.render());
    match &survey.outcomes["dns-records-import"] {
        Outcome::Failed(reason) => assert!(reason.contains("multipart/form-data"), "{reason}"),
        other => panic!("{other:?}"),
    }
    insta::assert_snapshot!("survey_fixture", survey.render());
}

#[test]
fn vendor_can_leave_out_what_will_not_generate() {
    let dir = out_dir("leave-out");
    let request = Request {
        from: fixture(),
        name: "dns-records".into(),
        selection: Selection {
            tags: set(&["DNS Records"]),
            ..Default::default()
        },
        upstream: None,
        date: Some("2026-11-27".into()),
        leave_out_unsupported: true,
    };
    let written = vendor(&dir, &request).expect("vendors");
    assert_eq!(written.operations, 2);
    assert_eq!(written.unsupported.len(), 1);
    let mut spec: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&written.spec_path).expect("read"))
            .expect("json");
    let report = xtask::normalize::normalize(&mut spec);
    xtask::codegen::generate_code(&spec, &report, "fixture").expect("the rest generates");
    let _ = std::fs::remove_dir_all(&dir);
}
