//! `cargo xtask codegen`: for every product of `openapi/products.toml`, vendored document +
//! patch data → the product's operations → normalised → progenitor → `crates/api/<name>/`;
//! plus the SDK's product features and accessors.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::manifest::{self, Manifest, Product};
use crate::normalize::{self, Report};
use crate::raw::RawOp;
use crate::{emit, slice};

/// The workspace root of the clone `cargo xtask` (or `cargo test`) runs in.
pub fn workspace_root() -> PathBuf {
    // Cargo sets `CARGO_MANIFEST_DIR` when it runs the binary or a test too: the clone that
    // ran `cargo xtask`, even when clones share a target directory (and so this binary),
    // where the compile-time path would be the clone that built it.
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    // The nearest directory above whose Cargo.toml is the workspace's.
    manifest_dir
        .ancestors()
        .skip(1)
        .find(|dir| {
            std::fs::read_to_string(dir.join("Cargo.toml"))
                .is_ok_and(|toml| toml.lines().any(|l| l.trim() == "[workspace]"))
        })
        .expect("xtask lives below the workspace root")
        .to_path_buf()
}

/// One file the generator owns, relative to the workspace root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the workspace root.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// Everything one product's generation produces.
#[derive(Debug)]
pub struct Generated {
    /// The product's name.
    pub product: String,
    /// `Cargo.toml`, `src/lib.rs`, `src/generated.rs` of the product crate.
    pub files: Vec<File>,
    /// What normalisation changed.
    pub report: Report,
    /// operationIds generated (through progenitor or the raw path), sorted.
    pub operations: Vec<String>,
    /// The operations on the raw path.
    pub raw: Vec<RawOp>,
    /// How the SDK reaches each operation.
    pub reached: crate::model::Reached,
    /// The wire test's case for each operation ([`crate::wire`]).
    pub wire: Vec<proc_macro2::TokenStream>,
    /// What the resource tree needs of each operation ([`crate::tree`]).
    pub tree: Vec<crate::tree::TreeOp>,
}

impl Generated {
    /// The generated Rust (`src/generated.rs`).
    pub fn code(&self) -> &str {
        self.files
            .iter()
            .find(|f| f.path.ends_with("/src/generated.rs"))
            .map_or("", |f| f.contents.as_str())
    }
}

/// Vendored documents, read and hashed once per run.
#[derive(Default)]
pub struct Inputs {
    docs: BTreeMap<String, (Value, String)>,
}

impl Inputs {
    /// Uses `value` as `openapi/<name>` (a document that is not on disk: another upstream
    /// revision, for `cargo xtask diff`); its hash is that of its JSON text.
    pub fn insert(&mut self, name: &str, value: Value) {
        let sha = sha256(value.to_string().as_bytes());
        self.docs.insert(name.to_owned(), (value, sha));
    }

    /// `openapi/<name>` parsed, with its sha256.
    pub fn document(&mut self, root: &Path, name: &str) -> Result<&(Value, String), String> {
        if !self.docs.contains_key(name) {
            let path = format!("openapi/{name}");
            let bytes =
                std::fs::read(root.join(&path)).map_err(|e| format!("reading {path}: {e}"))?;
            let value: Value =
                serde_json::from_slice(&bytes).map_err(|e| format!("{path} is not JSON: {e}"))?;
            self.docs.insert(name.to_owned(), (value, sha256(&bytes)));
        }
        Ok(&self.docs[name])
    }
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// A product's operations, patched and cut out of its document, ready to normalise; with
/// a provenance line naming every input and its hash. `claimed` is what the product owns of
/// the manifest's whole document ([`manifest::assign`]).
pub fn load(
    root: &Path,
    manifest: &Manifest,
    product: &Product,
    claimed: &BTreeSet<String>,
    inputs: &mut Inputs,
) -> Result<(Value, String), String> {
    let spec_name = product.spec(manifest);
    let own_document = spec_name != manifest.whole;
    let (doc, doc_sha) = inputs.document(root, spec_name)?;
    let original = doc;
    let mut provenance = format!("openapi/{spec_name} (sha256 {doc_sha})");
    // The document is cloned only when there is patch data to apply to it.
    let patched;
    let doc = match &product.patch {
        None => doc,
        Some(patch_path) => {
            let path = format!("openapi/{patch_path}");
            let bytes =
                std::fs::read(root.join(&path)).map_err(|e| format!("reading {path}: {e}"))?;
            let patch: json_patch::Patch = serde_json::from_slice(&bytes)
                .map_err(|e| format!("{path} is not an RFC 6902 JSON Patch: {e}"))?;
            let mut copy = doc.clone();
            // Every operation that no longer applies is named at once (a document that
            // moved on may hold the fix already, or have moved the place).
            let mut stale = Vec::new();
            for (i, op) in patch.0.iter().enumerate() {
                if let Err(e) = json_patch::patch(&mut copy, std::slice::from_ref(op)) {
                    stale.push(format!(
                        "  operation {i} ({} {}): {}",
                        serde_json::to_value(op)
                            .ok()
                            .and_then(|v| v["op"].as_str().map(str::to_owned))
                            .unwrap_or_default(),
                        op.path(),
                        e.kind
                    ));
                }
            }
            if !stale.is_empty() {
                return Err(format!(
                    "{path}: {} of its {} operations do not apply to openapi/{spec_name} \
                     (drop each the document now holds, or point it at where the document \
                     moved it):\n{}",
                    stale.len(),
                    patch.0.len(),
                    stale.join("\n")
                ));
            }
            write!(provenance, " + {path} (sha256 {})", sha256(&bytes)).expect("string");
            patched = copy;
            &patched
        }
    };
    // Patch data may add operations the document lacks (an endpoint of Cloudflare's current
    // API that the vendored document does not have yet): the product claims those of the
    // patched document its paths claim, by the same rule as the rest.
    let patched_claims;
    let claimed = if product.patch.is_some() && !own_document {
        let mut after = manifest::assignment(manifest, doc);
        // An operation the patch adds belongs to this product: one no product claims, or
        // another product claims, would vanish from every crate without a word.
        let before = manifest::assignment(manifest, original);
        let mut strays: Vec<String> = after
            .unclaimed
            .iter()
            .filter(|u| !before.unclaimed.iter().any(|b| b.label == u.label))
            .map(|u| {
                format!(
                    "  {} {} ({}): no product claims it",
                    u.method, u.path, u.label
                )
            })
            .collect();
        for (other, ops) in &after.owned {
            if other == &product.name {
                continue;
            }
            let had = before.owned.get(other);
            for op in ops.iter().filter(|op| had.is_none_or(|h| !h.contains(*op))) {
                strays.push(format!("  {op}: product `{other}` claims it"));
            }
        }
        if !strays.is_empty() {
            return Err(format!(
                "openapi/{}: adds operations the product does not claim (give the product \
                 their path in openapi/products.toml, or move the patch to their product):\n{}",
                product.patch.as_deref().unwrap_or_default(),
                strays.join("\n")
            ));
        }
        patched_claims = after.owned.remove(&product.name).unwrap_or_default();
        &patched_claims
    } else {
        claimed
    };
    let sliced = if own_document {
        // Its own (newer) document: every operation of it, and every one it claims of the
        // whole document must be there.
        let missing: Vec<&String> = claimed
            .iter()
            .filter(|id| !slice::contains(doc, id))
            .collect();
        if !missing.is_empty() {
            return Err(format!(
                "product `{}` claims operations of openapi/{} that openapi/{spec_name} lacks: \
                 {missing:?}",
                product.name, manifest.whole
            ));
        }
        slice::slice_with(doc, |_, _, _| true)?
    } else {
        write!(provenance, ", paths {:?}", product.paths).expect("string");
        if !product.exact.is_empty() {
            write!(provenance, ", exact {:?}", product.exact).expect("string");
        }
        slice::slice_with(doc, |path, method, op| {
            claimed.contains(&normalize::label(path, method, op))
        })?
    };
    if sliced.operations.is_empty() {
        return Err(manifest::claims_nothing(
            &product.name,
            &format!("openapi/{spec_name}"),
        ));
    }
    Ok((sliced.spec, provenance))
}

/// Generates one product's files from the files on disk.
pub fn generate(
    root: &Path,
    manifest: &Manifest,
    product: &Product,
    claimed: &BTreeSet<String>,
    inputs: &mut Inputs,
) -> Result<Generated, String> {
    let (mut spec, provenance) = load(root, manifest, product, claimed, inputs)?;
    let report = normalize::normalize(&mut spec);
    let operations = operation_ids(&spec);
    let generated = generate_code(&spec, &report, &product.name)
        .map_err(|e| format!("product `{}`: {e}", product.name))?;
    let header = format!(
        "// @generated by `cargo xtask codegen` from {provenance}.\n\
         // Do not edit by hand: change openapi/products.toml, the patch data, the normalisation\n\
         // or the generator settings in xtask/, then run `cargo xtask codegen`.\n\n"
    );
    let dir = product.crate_dir();
    let files = vec![
        File {
            path: format!("{dir}/Cargo.toml"),
            contents: cargo_toml(product, &generated),
        },
        File {
            path: format!("{dir}/src/lib.rs"),
            contents: lib_rs(product, operations.len(), generated.raw.len()),
        },
        File {
            path: format!("{dir}/README.md"),
            contents: readme(product, operations.len()),
        },
        File {
            path: format!("{dir}/src/generated.rs"),
            contents: header + &generated.code,
        },
    ];
    Ok(Generated {
        product: product.name.clone(),
        files,
        report,
        operations,
        raw: generated.raw,
        reached: generated.reached,
        wire: generated.wire,
        tree: generated.tree,
    })
}

fn operation_ids(spec: &Value) -> Vec<String> {
    let mut ids: Vec<String> = normalize::operations(spec)
        .filter_map(|o| o.id().map(str::to_owned))
        .collect();
    ids.sort();
    ids
}

/// One product's generated Rust and the operations it put on the raw path.
#[derive(Debug)]
pub struct Code {
    /// `src/generated.rs` without its header.
    pub code: String,
    /// The operations progenitor cannot generate, emitted on the raw path.
    pub raw: Vec<RawOp>,
    /// How the SDK reaches each operation.
    pub reached: crate::model::Reached,
    /// The wire test's case for each operation.
    pub wire: Vec<proc_macro2::TokenStream>,
    /// What the resource tree needs of each operation.
    pub tree: Vec<crate::tree::TreeOp>,
}

/// Runs progenitor on a normalised document and completes its output (see
/// [`emit::complete`]). Operations whose request body progenitor cannot build go on the raw
/// path ([`crate::raw`]); generator panics are errors that name the operations.
pub fn generate_code(spec: &Value, report: &Report, product: &str) -> Result<Code, String> {
    normalize::check_operation_ids(spec)?;
    let mut spec = spec.clone();
    let raw = crate::raw::take_unsupported(&mut spec);
    let file =
        emit::progenitor_file(&spec, report).map_err(|e| format!("{e}{}", blame(&spec, report)))?;
    let (file, reached) = emit::complete(file, &spec, report, product, &raw)?;
    let accessor = product.replace('-', "_");
    let wire = crate::wire::cases(&file, &spec, &raw, &accessor)?;
    let tree = crate::tree::ops(&file, &spec, &raw, &reached, (product, &accessor))?;
    Ok(Code {
        code: prettyplease::unparse(&file),
        raw,
        reached,
        wire,
        tree,
    })
}

/// Generates each operation alone (with the closure of its `$ref`s) to say which ones fail
/// and why.
fn blame(spec: &Value, report: &Report) -> String {
    let mut out = String::new();
    for (label, single) in slice::each_operation(spec) {
        let result = single.and_then(|s| emit::progenitor_file(&s.spec, report).map(drop));
        if let Err(e) = result {
            write!(out, "\n  operation `{label}`: {e}").expect("string");
        }
    }
    out
}

fn cargo_toml(product: &Product, generated: &Code) -> String {
    let code = generated.code.as_str();
    let core = "cloudflare-core.workspace = true\n";
    let mut deps = vec!["progenitor-client", "reqwest", "serde", "serde_json"];
    for (marker, dep) in [
        ("::regress::", "regress"),
        ("::chrono::", "chrono"),
        ("::uuid::", "uuid"),
    ] {
        if code.contains(marker) {
            deps.push(dep);
        }
    }
    deps.sort_unstable();
    let deps: String = std::iter::once(core.to_owned())
        .chain(deps.iter().map(|d| format!("{d}.workspace = true\n")))
        .collect();
    format!(
        "# @generated by `cargo xtask codegen` from openapi/products.toml (product `{name}`).\n\
         # Do not edit by hand.\n\
         [package]\n\
         name = \"{crate_name}\"\n\
         description = \"Cloudflare API, generated from Cloudflare's OpenAPI description: {summary}\"\n\
         documentation = \"https://docs.rs/{crate_name}\"\n\
         readme = \"README.md\"\n\
         version.workspace = true\n\
         edition.workspace = true\n\
         rust-version.workspace = true\n\
         license.workspace = true\n\
         repository.workspace = true\n\
         homepage.workspace = true\n\
         keywords.workspace = true\n\
         categories.workspace = true\n\
         \n\
         [package.metadata.docs.rs]\n\
         # Generated code builds the same everywhere: one target is enough.\n\
         targets = [\"x86_64-unknown-linux-gnu\"]\n\
         \n\
         [lints]\n\
         workspace = true\n\
         \n\
         [lib]\n\
         doctest = false\n\
         test = false\n\
         \n\
         [features]\n\
         # Derive `Deserialize` on the request types too (without it they only derive\n\
         # `Serialize`: the SDK only ever sends them).\n\
         {decode} = []\n\
         \n\
         [dependencies]\n\
         {deps}",
        decode = crate::decoding::REQUEST_DECODING,
        name = product.name,
        crate_name = product.crate_name(),
        summary = product.summary.replace('"', "'"),
    )
}

fn readme(product: &Product, operations: usize) -> String {
    format!(
        "<!-- @generated by `cargo xtask codegen` from openapi/products.toml (product `{name}`). Do not edit by hand. -->\n\
         # {krate}\n\
         \n\
         {summary}\n\
         \n\
         Generated from Cloudflare's OpenAPI description ({operations} operations) for the \
         [`cloudflare-sdk`](https://crates.io/crates/cloudflare-sdk) crate, which sends every one \
         of them through its request loop (credentials, retries, deadlines, one error type) and \
         its pager. Depend on the SDK with the product's feature rather than on this crate:\n\
         \n\
         ```toml\n\
         cloudflare-sdk = {{ version = \"{version}\", features = [\"{name}\"] }}\n\
         ```\n\
         \n\
         Versions move in lockstep with the SDK's (see its README, \"Versioning\"). Licensed \
         MIT OR Apache-2.0; the OpenAPI description it is generated from is Cloudflare's, \
         BSD-3-Clause.\n",
        name = product.name,
        krate = product.crate_name(),
        summary = product.summary,
        version = env!("CARGO_PKG_VERSION"),
    )
}

fn lib_rs(product: &Product, operations: usize, raw: usize) -> String {
    format!(
        "// @generated by `cargo xtask codegen` from openapi/products.toml (product `{name}`).\n\
         // Do not edit by hand.\n\
         \n\
         //! {summary}\n\
         //!\n\
         //! Generated by progenitor from Cloudflare's OpenAPI description ({operations} operations,\n\
         //! {raw} of them on the raw path): one method per operation on [`Client`], a builder per\n\
         //! request in `builder` (and `raw`, for the request bodies progenitor cannot build), the\n\
         //! request and response types in `types`. Every builder implements\n\
         //! `cloudflare_core::Operation`, so the `cloudflare-sdk` crate (feature `{name}`) sends\n\
         //! it through its one request loop, pager and error type.\n\
         \n\
         #[rustfmt::skip]\n\
         #[allow(missing_docs, dead_code, unreachable_patterns, unused_imports, clippy::all, clippy::pedantic)]\n\
         mod generated;\n\
         \n\
         pub use generated::*;\n",
        name = product.name,
        summary = product.summary,
    )
}

/// The SDK's side of the products: its generated `api/products.rs` (a re-export and an
/// accessor per product, each behind its feature) and the marked regions of the workspace and
/// SDK manifests (the path dependency and the feature).
pub fn sdk_files(root: &Path, manifest: &Manifest) -> Result<Vec<File>, String> {
    let mut rs = String::from(
        "// @generated by `cargo xtask codegen` from openapi/products.toml. Do not edit by hand.\n\
         \n\
         //! One re-export and one [`Api`] accessor per generated product, each behind the\n\
         //! product's Cargo feature.\n",
    );
    let mut workspace = String::new();
    let mut profiles = String::new();
    let mut features = String::new();
    let mut deps = String::new();
    for p in &manifest.products {
        let (name, krate, ident, accessor) =
            (&p.name, p.crate_name(), p.crate_ident(), p.accessor());
        write!(
            rs,
            "\n/// {summary}\n///\n/// The generated `{krate}` crate (feature `{name}`).\n\
             #[cfg(feature = \"{name}\")]\npub use {ident} as {accessor};\n\
             \n#[cfg(feature = \"{name}\")]\nimpl super::Api {{\n    \
             /// {short} (feature `{name}`).\n    \
             pub fn {accessor}(&self) -> {ident}::Client {{\n        \
             self.product()\n    }}\n}}\n",
            summary = p.summary,
            short = p.summary.trim_end_matches('.'),
        )
        .expect("string");
        writeln!(
            workspace,
            "{krate} = {{ path = \"{}\", version = \"{}\" }}",
            p.crate_dir(),
            env!("CARGO_PKG_VERSION")
        )
        .expect("string");
        writeln!(
            profiles,
            "[profile.dev.package.{krate}]\ndebug = false\nincremental = false"
        )
        .expect("string");
        writeln!(features, "## {}\n{name} = [\"dep:{krate}\"]", p.summary).expect("string");
        writeln!(deps, "{krate} = {{ workspace = true, optional = true }}").expect("string");
    }
    let all: Vec<String> = manifest
        .products
        .iter()
        .map(|p| format!("\"{}\"", p.name))
        .collect();
    let decode: Vec<String> = manifest
        .products
        .iter()
        .map(|p| {
            format!(
                "\"{}?/{}\"",
                p.crate_name(),
                crate::decoding::REQUEST_DECODING
            )
        })
        .collect();
    writeln!(
        features,
        "## Derive `Deserialize` on the enabled products' request types too (they derive only\n\
         ## `Serialize` without it: the SDK only sends them; decoding them costs build time).\n\
         {} = [{}]",
        crate::decoding::REQUEST_DECODING,
        decode.join(", ")
    )
    .expect("string");
    writeln!(
        features,
        "## Every product ({} crates, about a million generated lines: a long build).\nfull = [{}]",
        all.len(),
        all.join(", ")
    )
    .expect("string");
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).map_err(|e| format!("reading {path}: {e}"))
    };
    let sdk = "crates/cloudflare-sdk/Cargo.toml";
    let sdk_toml = replace_region(&read(sdk)?, "product features", &features)
        .and_then(|t| replace_region(&t, "product crates", &deps))
        .map_err(|e| format!("{sdk}: {e}"))?;
    let workspace_toml = replace_region(&read("Cargo.toml")?, "products", &workspace)
        .and_then(|t| replace_region(&t, "product profiles", &profiles))
        .map_err(|e| format!("Cargo.toml: {e}"))?;
    Ok(vec![
        File {
            path: "crates/cloudflare-sdk/src/api/products.rs".into(),
            contents: rs,
        },
        File {
            path: "Cargo.toml".into(),
            contents: workspace_toml,
        },
        File {
            path: sdk.into(),
            contents: sdk_toml,
        },
    ])
}

/// `text` with the lines between `# @generated begin <name>…` and `# @generated end <name>`
/// replaced by `body`.
fn replace_region(text: &str, name: &str, body: &str) -> Result<String, String> {
    let begin = format!("# @generated begin {name}: `cargo xtask codegen` writes these lines\n");
    let end = format!("# @generated end {name}\n");
    match (text.find(&begin), text.find(&end)) {
        (Some(b), Some(e)) if b < e => Ok(format!("{}{begin}{body}{}", &text[..b], &text[e..])),
        _ => Err(format!(
            "the `{}` … `{}` markers are missing",
            begin.trim(),
            end.trim()
        )),
    }
}

/// Generates every product of the manifest, and the SDK's side. `each` sees every product's
/// result as it is made. An operation of the whole document that no product claims is an
/// error naming it and the product its path suggests, unless `allow_unclaimed`: then
/// `unclaimed` sees the report and the operation is not generated. A product that claims
/// nothing is always an error.
pub fn generate_all(
    root: &Path,
    allow_unclaimed: bool,
    mut unclaimed: impl FnMut(&manifest::Assignment),
    mut each: impl FnMut(&Generated),
) -> Result<Vec<File>, String> {
    let manifest = manifest::load(root)?;
    let mut inputs = Inputs::default();
    let assignment = manifest::assignment(&manifest, &inputs.document(root, &manifest.whole)?.0);
    // One run reports every problem: the manifest's, then each product's, then the SDK's,
    // each naming what it is about; nothing is written unless there is none.
    let mut problems = Vec::new();
    if let Err(e) = assignment.check(&format!("openapi/{}", manifest.whole), allow_unclaimed) {
        problems.push(e);
    }
    if !assignment.unclaimed.is_empty() {
        unclaimed(&assignment);
    }
    let idle = assignment.idle;
    let owned = assignment.owned;
    let none = BTreeSet::new();
    let mut files = Vec::new();
    let mut wire = Vec::new();
    let mut tree = Vec::new();
    for product in &manifest.products {
        if idle.contains(&product.name) {
            continue; // named above: it claims nothing of the document
        }
        let claimed = owned.get(&product.name).unwrap_or(&none);
        match generate(root, &manifest, product, claimed, &mut inputs) {
            Ok(mut generated) => {
                each(&generated);
                wire.push((product.accessor(), std::mem::take(&mut generated.wire)));
                tree.append(&mut generated.tree);
                files.extend(generated.files);
            }
            Err(e) => problems.push(format!("product `{}`: {e}", product.name)),
        }
    }
    match sdk_files(root, &manifest) {
        Ok(f) => files.extend(f),
        Err(e) => problems.push(format!("the SDK's product files: {e}")),
    }
    if problems.is_empty() {
        match tree_files(root, &manifest, &tree) {
            Ok(f) => files.extend(f),
            Err(e) => problems.push(format!("the resource tree: {e}")),
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "{} problem(s), nothing written:\n\n{}",
            problems.len(),
            problems.join("\n\n")
        ));
    }
    files.push(File {
        path: "tests/it/wire_cases.rs".into(),
        contents: crate::wire::file(&wire),
    });
    Ok(files)
}

/// The resource tree and `api.md` ([`crate::tree`]), every operation named by
/// [`crate::names`] from the manifest's `[names]`, the document and the reference table.
pub fn tree_files(
    root: &Path,
    manifest: &Manifest,
    ops: &[crate::tree::TreeOp],
) -> Result<Vec<File>, String> {
    let reference = reference(root)?;
    let named = crate::tree::name_all(ops, &reference, &manifest.names)?;
    crate::tree::files(&named).map(|files| {
        files
            .into_iter()
            .map(|(path, contents)| File { path, contents })
            .collect()
    })
}

/// The product crates under `crates/api/` that no product of the manifest owns any more
/// (its product was removed, or renamed): generated code only, and still workspace members
/// (`crates/api/*`) that would be built and packaged. `cargo xtask codegen` removes them;
/// `--check` names them.
pub fn orphaned_crates(root: &Path) -> Result<Vec<String>, String> {
    let manifest = manifest::load(root)?;
    let owned: BTreeSet<String> = manifest.products.iter().map(|p| p.crate_dir()).collect();
    let dir = root.join("crates/api");
    let mut out = Vec::new();
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("crates/api/{name}");
        if entry.path().is_dir() && !owned.contains(&path) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// `openapi/reference-names-2026.tsv`, read.
pub fn reference(root: &Path) -> Result<crate::names::Reference, String> {
    let path = crate::names::REFERENCE;
    let text =
        std::fs::read_to_string(root.join(path)).map_err(|e| format!("reading {path}: {e}"))?;
    crate::names::Reference::parse(&text)
}

/// rust-analyzer's `ensure_file_contents`: writes `contents` to `path`, or in check mode fails
/// with a diff when they differ.
pub fn ensure_file_contents(path: &Path, contents: &str, check: bool) -> Result<bool, String> {
    ensure_recorded(path, contents, check, "cargo xtask codegen")
}

/// [`ensure_file_contents`] for a file another command records: the error says to run
/// `command`.
pub fn ensure_recorded(
    path: &Path,
    contents: &str,
    check: bool,
    command: &str,
) -> Result<bool, String> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    if old == contents {
        return Ok(false);
    }
    if check {
        let diff = similar::TextDiff::from_lines(old.as_str(), contents)
            .unified_diff()
            .context_radius(2)
            .header("checked in", "fresh generation")
            .to_string();
        let shown: String = diff.lines().take(80).collect::<Vec<_>>().join("\n");
        return Err(format!(
            "{} is not up to date; run `{command}` and commit.\n{shown}",
            path.display()
        ));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok(true)
}
