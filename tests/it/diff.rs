//! `cargo xtask diff`: two small fixture documents (`tests/fixtures/diff/{old,new}.json`)
//! through the same manifest, normalisation and generator as `cargo xtask codegen`, and the
//! classified changes to the generated Rust API (insta: a reviewer reads the report).

use serde_json::Value;
use xtask::codegen::workspace_root;
use xtask::diff::{self, Level};
use xtask::manifest;

const MANIFEST: &str = r#"
whole = "fixture.json"

[[product]]
name = "things"
summary = "Things."
paths = ["/accounts/{}/things"]

[[product]]
name = "widgets"
summary = "Widgets."
paths = ["/accounts/{}/widgets"]

[[product]]
name = "gadgets"
summary = "Gadgets."
paths = ["/accounts/{}/gadgets"]
"#;

fn fixture(name: &str) -> Value {
    let path = workspace_root().join("tests/fixtures/diff").join(name);
    serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("JSON")
}

#[test]
fn fixture_pair_classifies_every_kind_of_change() {
    let m = manifest::parse(MANIFEST).expect("manifest");
    let d = diff::diff(
        &workspace_root(),
        &m,
        ("old.json", fixture("old.json")),
        ("new.json", fixture("new.json")),
    )
    .expect("both sides generate");
    let by_product = |name: &str| {
        d.products
            .iter()
            .find(|p| p.product == name)
            .unwrap_or_else(|| panic!("{name} changed"))
    };
    let things = by_product("things");
    let has = |level: Level, what: &str| {
        assert!(
            things
                .changes
                .iter()
                .any(|c| c.level == level && c.what == what),
            "missing [{level}] {what} in\n{}",
            d.render()
        );
    };
    // Operations: removed, added, renamed (same template, new operationId).
    has(
        Level::Major,
        "removed operation `things_archive` (POST /accounts/{account_id}/things/{thing_id}/archive)",
    );
    has(
        Level::Minor,
        "new operation `things_copy` (POST /accounts/{account_id}/things/{thing_id}/copy)",
    );
    has(
        Level::Major,
        "renamed operation `things_remove` to `things_delete` (DELETE /accounts/{account_id}/things/{thing_id})",
    );
    // Parameters: a new required one breaks callers, a new optional one does not.
    has(
        Level::Major,
        "operation `things_list`: new required parameter `since: String`",
    );
    has(
        Level::Minor,
        "operation `things_list`: new optional parameter `colour: Colour`",
    );
    // Fields: removed, added (optional), type changed.
    has(Level::Major, "`types::Thing`: removed field `legacy`");
    has(
        Level::Minor,
        "`types::Thing`: new optional field `created_on: Option<String>`",
    );
    assert!(
        things
            .changes
            .iter()
            .any(|c| c.level == Level::Major
                && c.what.starts_with("`types::Thing`: field `size` is")),
        "{}",
        d.render()
    );
    // Enum variants: removed (major), added (minor).
    has(Level::Major, "`types::Colour`: removed variant `Green`");
    has(Level::Minor, "`types::Colour`: new variant `Violet`");
    assert_eq!(things.level(), Level::Major);
    // A description only: patch. A new product crate: minor.
    assert_eq!(by_product("widgets").level(), Level::Patch);
    assert_eq!(by_product("gadgets").level(), Level::Minor);
    assert!(
        by_product("gadgets")
            .changes
            .iter()
            .any(|c| c.what == "new product crate `cloudflare-api-gadgets`")
    );
    assert_eq!(d.level(), Some(Level::Major));
    insta::assert_snapshot!("diff_fixture_report", d.render());
    insta::assert_snapshot!("diff_fixture_changelog", d.changelog(25));
}

/// The same document on both sides: nothing changes.
#[test]
fn a_document_against_itself_changes_nothing() {
    let m = manifest::parse(MANIFEST).expect("manifest");
    let d = diff::diff(
        &workspace_root(),
        &m,
        ("new.json", fixture("new.json")),
        ("new.json", fixture("new.json")),
    )
    .expect("generates");
    assert!(d.products.is_empty(), "{}", d.render());
    assert_eq!(d.level(), None);
    assert_eq!(d.changelog(25), "No change to the generated API.\n");
}

/// `REV:PATH` reads a document as a git revision has it (two revisions of the vendored
/// document compare the same way as two files).
#[test]
fn a_git_revision_of_a_document_reads_like_a_file() {
    let root = workspace_root();
    let from_git =
        diff::read_document(&root, "HEAD:tests/fixtures/diff/old.json").expect("git show");
    assert_eq!(from_git, fixture("old.json"));
    let err = diff::read_document(&root, "no-such-rev:openapi/x.json").expect_err("bad rev");
    assert!(err.contains("git show no-such-rev:openapi/x.json"), "{err}");
}

/// `diff --since` a revision that does not exist is an error naming it, not a release
/// before every crate (which would call every crate new).
#[test]
fn since_a_revision_that_does_not_exist_is_an_error() {
    let root = workspace_root();
    let m = manifest::load(&root).expect("manifest");
    let Err(e) = diff::since(&root, &m, "v0.0.0-no-such-release") else {
        panic!("a diff since a revision that does not exist");
    };
    assert!(e.contains("v0.0.0-no-such-release"), "{e}");
    assert!(e.contains("no such git revision"), "{e}");
}
