//! ARCHITECTURE.md stays true to the code: every figure it states about the generated
//! crates is recomputed here (from the manifest, its document, the generated code and the
//! survey record), and the request path it describes (a product crate builds requests, the
//! core sends them) is checked on every generated crate. A regeneration that changes a
//! figure fails here until the document says the new one.

use std::path::Path;

use xtask::codegen::{Inputs, workspace_root};
use xtask::manifest;

/// The number `ARCHITECTURE.md` writes right before `words` (`2,831 operations`), found
/// once: a figure stated twice must agree.
fn stated(doc: &str, words: &str) -> u64 {
    let mut found: Vec<u64> = Vec::new();
    for (at, _) in doc.match_indices(words) {
        let before = doc[..at].trim_end_matches(' ');
        let digits: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect::<String>()
            .chars()
            .rev()
            .filter(char::is_ascii_digit)
            .collect();
        if let Ok(n) = digits.parse() {
            found.push(n);
        }
    }
    found.dedup();
    match found.as_slice() {
        [n] => *n,
        [] => panic!("ARCHITECTURE.md states no figure before {words:?}"),
        many => panic!("ARCHITECTURE.md states {many:?} before {words:?}"),
    }
}

fn generated_sources(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("crates/api")).expect("crates/api") {
        let dir = entry.expect("entry").path();
        let file = dir.join("src/generated.rs");
        let text = std::fs::read_to_string(&file).expect("generated.rs");
        out.push((dir.display().to_string(), text));
    }
    out
}

#[test]
fn architecture_figures_hold() {
    let root = workspace_root();
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let m = manifest::load(&root).expect("manifest");
    let mut inputs = Inputs::default();
    let whole = inputs.document(&root, &m.whole).expect("whole").0.clone();
    let operations = xtask::normalize::operations(&whole).count() as u64;
    let products = m.products.len() as u64;
    let sources = generated_sources(&root);
    let lines: u64 = sources.iter().map(|(_, s)| s.lines().count() as u64).sum();
    let raw: u64 = sources
        .iter()
        .map(|(_, s)| s.matches("::cloudflare_core::Prepared::raw::<").count() as u64)
        .sum();

    assert_eq!(stated(&doc, " products, "), products, "products");
    assert_eq!(sources.len() as u64, products, "one crate per product");
    assert_eq!(stated(&doc, " operations, about"), operations, "operations");
    assert_eq!(
        stated(&doc, " operations (cases written"),
        operations,
        "wire cases"
    );
    // "about N lines: M per operation", to 5% and to 2 lines.
    let about = stated(&doc, " lines: ");
    assert!(
        about.abs_diff(lines) * 20 <= lines,
        "ARCHITECTURE.md says about {about} generated lines; there are {lines}"
    );
    let per_op = stated(&doc, " per operation;");
    assert!(
        per_op.abs_diff(lines / operations) <= 2,
        "ARCHITECTURE.md says {per_op} lines per operation; there are {}",
        lines / operations
    );
    assert_eq!(
        stated(&doc, " published crates"),
        products + 2,
        "published: every product, the core and the SDK"
    );
    assert_eq!(
        stated(&doc, " operations get generated builders"),
        raw,
        "raw path"
    );
    let survey =
        std::fs::read_to_string(root.join("openapi/survey-2024-08-06.txt")).expect("survey");
    let recorded = |key: &str| -> u64 {
        survey
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("the survey records no {key}"))
    };
    assert_eq!(stated(&doc, " of 1,533 clean"), recorded("clean:"));
    assert_eq!(stated(&doc, " clean; the"), recorded("operations:"));
    assert_eq!(stated(&doc, " others named"), recorded("failed:"));
}

/// The request path ARCHITECTURE.md describes: a generated crate builds requests and
/// types and never sends (no `async fn`, no `execute` of its own, no hook call); its
/// builders hand a `Prepared` request to the core, whose loop sends it. From a builder's
/// `send()` to the bytes that is one crossing (product crate → core), and the SDK's tree
/// adds the other (SDK → product crate).
#[test]
fn generated_crates_build_requests_and_the_core_sends_them() {
    let root = workspace_root();
    for (dir, text) in generated_sources(&root) {
        for sends in [
            "async fn",
            ".execute(",
            "task_local",
            "ClientHooks::pre",
            "ClientHooks::exec",
        ] {
            assert!(!text.contains(sends), "{dir} contains `{sends}`");
        }
        // One `hooks_mut` per `Operation` impl (the impl's header may wrap).
        let builders = text.matches("fn hooks_mut(&mut self)").count();
        let prepared = text
            .matches("fn prepare(self) -> ::cloudflare_core::Prepared")
            .count();
        // Each builder's inherent `prepare` and its `Operation::prepare`.
        assert_eq!(prepared, 2 * builders, "{dir}");
    }
    let core = std::fs::read_to_string(root.join("crates/cloudflare-core/src/request.rs"))
        .expect("request.rs");
    let core: String = core.split_whitespace().collect();
    let answer = std::fs::read_to_string(root.join("crates/cloudflare-core/src/answer.rs"))
        .expect("answer.rs");
    let answer: String = answer.split_whitespace().collect();
    assert!(core.contains("$crate::answer::Sending::new(self)"));
    assert!(answer.contains("execute::<PartOf<O::Response,P>>(op.prepare(),"));
}

/// The modules of xtask, each one job, depend on each other without a circle: the helpers
/// every pass shares (`syntax`, `model`, `normalize`) sit below the passes, the passes below
/// the driver (`codegen`). An edge is any `crate::<module>` the module's code names.
#[test]
fn xtask_modules_have_no_import_circle() {
    use std::collections::{BTreeMap, BTreeSet};
    let src = workspace_root().join("xtask/src");
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(&src).expect("xtask/src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            let module = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            for inner in std::fs::read_dir(&path).expect("dir") {
                let inner = inner.expect("entry").path();
                let text = std::fs::read_to_string(&inner).expect("source");
                files.push((module.clone(), text));
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let module = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            files.push((module, std::fs::read_to_string(&path).expect("source")));
        }
    }
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &files {
        // `crate::x`, and each name of `use crate::{x, y::z}`.
        let mut named: Vec<String> = text
            .match_indices("crate::")
            .map(|(at, m)| {
                text[at + m.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect()
            })
            .collect();
        for (at, m) in text.match_indices("crate::{") {
            let group = &text[at + m.len()..];
            let group = &group[..group.find('}').unwrap_or(group.len())];
            named.extend(
                group
                    .split(',')
                    .map(|p| p.trim().split("::").next().unwrap_or_default().to_owned()),
            );
        }
        for n in named {
            if modules.contains(&n) && &n != module {
                edges.entry(module.clone()).or_default().insert(n);
            }
        }
    }
    // A circle: a module that reaches itself.
    for start in &modules {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((at, path)) = stack.pop() {
            for next in edges.get(&at).into_iter().flatten() {
                if next == start {
                    panic!("xtask modules in a circle: {} → {start}", path.join(" → "));
                }
                if seen.insert(next.clone()) {
                    let mut p = path.clone();
                    p.push(next.clone());
                    stack.push((next.clone(), p));
                }
            }
        }
    }
}

/// No pass of xtask decides anything by matching generated code as text: syntax becomes a
/// string in one place, `syntax::render`, for what a person reads (the API surface, the
/// diff's report, the tree's type names). Every rewrite and check works on the syntax tree,
/// so a progenitor release that changes a shape fails loudly instead of matching nothing.
#[test]
fn xtask_never_matches_stringified_tokens() {
    let src = workspace_root().join("xtask/src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut found = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("source");
        let squashed: String = text.split_whitespace().collect::<Vec<_>>().join("");
        let render = path.ends_with("syntax.rs");
        for pattern in [
            "to_token_stream().to_string()",
            ").to_string().replace(",
            "quote!(#",
        ] {
            // `quote!(#x)` only ever builds tokens; `.to_string()` on it is rendering.
            let hits = squashed
                .match_indices(pattern)
                .filter(|(at, _)| {
                    pattern != "quote!(#"
                        || squashed[*at..]
                            .find(')')
                            .is_some_and(|end| squashed[at + end..].starts_with(").to_string()"))
                })
                .count();
            let allowed = usize::from(render && pattern == "to_token_stream().to_string()");
            if hits > allowed {
                found.push(format!("{}: {pattern}", path.display()));
            }
        }
    }
    assert!(found.is_empty(), "tokens matched as text: {found:#?}");
}
