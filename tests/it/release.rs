//! Release readiness: every crate that is published carries the metadata crates.io and
//! docs.rs read, every path dependency carries the one workspace version (so a version bump
//! cannot leave one behind), and CHANGELOG.md exists.

use std::path::Path;

use xtask::codegen::workspace_root;

fn toml_at(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn published_crates_have_metadata_and_versioned_path_dependencies() {
    let root = workspace_root();
    let workspace = toml_at(&root.join("Cargo.toml"));
    let ws = &workspace["workspace"];
    let version = ws["package"]["version"]
        .as_str()
        .expect("workspace version");
    let deps = ws["dependencies"]
        .as_table()
        .expect("workspace dependencies");
    let mut published = 0;
    for (name, dep) in deps {
        let Some(path) = dep.get("path").and_then(|p| p.as_str()) else {
            continue;
        };
        let manifest = toml_at(&root.join(path).join("Cargo.toml"));
        let package = manifest["package"].as_table().expect("package");
        if package.get("publish").and_then(|p| p.as_bool()) == Some(false) {
            continue;
        }
        published += 1;
        assert_eq!(
            dep.get("version").and_then(|v| v.as_str()),
            Some(version),
            "{name}: a published crate's path dependency carries the workspace version"
        );
        for key in [
            "version",
            "license",
            "repository",
            "homepage",
            "keywords",
            "categories",
            "edition",
        ] {
            assert!(
                package
                    .get(key)
                    .and_then(|v| v.get("workspace"))
                    .and_then(|w| w.as_bool())
                    == Some(true),
                "{name}: `{key}.workspace = true`"
            );
        }
        for key in ["description", "readme", "documentation"] {
            assert!(package.contains_key(key), "{name}: no `{key}`");
        }
        let readme = package["readme"].as_str().expect("readme");
        assert!(
            root.join(path).join(readme).exists(),
            "{name}: {readme} missing"
        );
        assert_eq!(
            manifest
                .get("lints")
                .and_then(|l| l.get("workspace"))
                .and_then(|w| w.as_bool()),
            Some(true),
            "{name}: `[lints] workspace = true`"
        );
    }
    // The core, the SDK and every product crate.
    let products = xtask::manifest::load(&root)
        .expect("manifest")
        .products
        .len();
    assert_eq!(published, products + 2);
    assert!(
        !ws["package"]["repository"]
            .as_str()
            .unwrap_or_default()
            .contains("example")
    );
    assert_eq!(
        ws["lints"]["rust"]["unsafe_code"].as_str(),
        Some("forbid"),
        "unsafe code is forbidden everywhere"
    );
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).expect("CHANGELOG.md");
    assert!(
        changelog.contains("## [Unreleased]"),
        "CHANGELOG.md keeps an Unreleased section"
    );
}
