//! `cargo xtask diff OLD NEW`: what regenerating from another upstream document changes for
//! users, as the generated Rust API sees it. Both documents go through the same manifest,
//! patch data, normalisation and generator as `cargo xtask codegen`; each product crate's
//! generated code is then read back (syn) into its public surface (client methods and their
//! HTTP templates, builder parameters and whether they are required, response types, the
//! types with their fields and enum variants), and the two surfaces are compared. Every
//! change is classified by the versioning policy (README, "Versioning"): removing or
//! changing anything a user can name is major, adding is minor, anything else patch.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::path::Path;

use serde_json::Value;

use crate::codegen::{self, Inputs};
use crate::manifest::{self, Manifest};

/// How a change moves a crate's version (Cargo's semver: for 0.x, major is the minor digit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Nothing a user can name changed (docs, generated internals).
    Patch,
    /// Something was added; existing code keeps compiling.
    Minor,
    /// Something a user can name was removed or changed; existing code may break.
    Major,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        })
    }
}

/// One change to a product crate's public surface.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// How it moves the version.
    pub level: Level,
    /// What changed, one line (Rust names in backticks).
    pub what: String,
}

/// Every change to one product crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDiff {
    /// The product (`dns`).
    pub product: String,
    /// The crate (`cloudflare-api-dns`).
    pub krate: String,
    /// Its changes, most severe first.
    pub changes: Vec<Change>,
}

impl ProductDiff {
    /// The highest level of its changes.
    pub fn level(&self) -> Level {
        self.changes
            .iter()
            .map(|c| c.level)
            .max()
            .unwrap_or(Level::Patch)
    }
}

/// The changes between two documents, per product crate, and what either side could not
/// generate.
#[derive(Debug, Clone, Default)]
pub struct Diff {
    /// The old and new documents' labels.
    pub old: String,
    /// See `old`.
    pub new: String,
    /// Products whose generated code differs, in manifest order.
    pub products: Vec<ProductDiff>,
    /// Notes: patch data that did not apply to a side, operations no product claims there.
    pub notes: Vec<String>,
}

impl Diff {
    /// The highest level over every product: the SDK's bump (it re-exports every product).
    pub fn level(&self) -> Option<Level> {
        self.products.iter().map(ProductDiff::level).max()
    }

    /// The report: a summary, then every product's changes.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let count = |l: Level| self.products.iter().filter(|p| p.level() == l).count();
        writeln!(out, "cargo xtask diff {} -> {}", self.old, self.new).expect("string");
        writeln!(
            out,
            "{} product crate(s) change: {} major, {} minor, {} patch; cloudflare-sdk: {}",
            self.products.len(),
            count(Level::Major),
            count(Level::Minor),
            count(Level::Patch),
            self.level()
                .map_or("unchanged".to_owned(), |l| l.to_string()),
        )
        .expect("string");
        for note in &self.notes {
            writeln!(out, "note: {note}").expect("string");
        }
        for p in &self.products {
            let by = |l: Level| p.changes.iter().filter(|c| c.level == l).count();
            writeln!(
                out,
                "\n{} ({}): {} ({} major, {} minor, {} patch)",
                p.krate,
                p.product,
                p.level(),
                by(Level::Major),
                by(Level::Minor),
                by(Level::Patch)
            )
            .expect("string");
            for c in &p.changes {
                writeln!(out, "  [{}] {}", c.level, c.what).expect("string");
            }
        }
        out
    }

    /// A suggested CHANGELOG.md entry (Keep a Changelog): per crate, its bump and its
    /// changes grouped as removed/changed (breaking), added, other; long groups are cut
    /// after `limit` lines with a count (`0`: one line of counts per crate).
    pub fn changelog(&self, limit: usize) -> String {
        let mut out = String::new();
        let Some(level) = self.level() else {
            return "No change to the generated API.\n".into();
        };
        let what = if self.new == "the working tree" {
            format!("The generated crates since {}", self.old)
        } else {
            format!("Regenerated from {} (was {})", self.new, self.old)
        };
        writeln!(
            out,
            "## [Unreleased]\n\n{what}. `cloudflare-sdk`: {level} (the highest bump of the \
             product crates it re-exports)."
        )
        .expect("string");
        if limit == 0 {
            // Counts only: one line per crate.
            writeln!(out).expect("string");
            for p in &self.products {
                let by = |l: Level| p.changes.iter().filter(|c| c.level == l).count();
                writeln!(
                    out,
                    "- `{}`: {} ({} breaking, {} added, {} other)",
                    p.krate,
                    p.level(),
                    by(Level::Major),
                    by(Level::Minor),
                    by(Level::Patch)
                )
                .expect("string");
            }
            return out;
        }
        for p in &self.products {
            writeln!(out, "\n### `{}`: {}", p.krate, p.level()).expect("string");
            for (title, level) in [
                ("Breaking", Level::Major),
                ("Added", Level::Minor),
                ("Other", Level::Patch),
            ] {
                let items: Vec<&Change> = p.changes.iter().filter(|c| c.level == level).collect();
                if items.is_empty() {
                    continue;
                }
                writeln!(out, "\n#### {title}\n").expect("string");
                for c in items.iter().take(limit) {
                    writeln!(out, "- {}", c.what).expect("string");
                }
                if items.len() > limit {
                    writeln!(
                        out,
                        "- … and {} more (`cargo xtask diff` lists them all)",
                        items.len() - limit
                    )
                    .expect("string");
                }
            }
        }
        out
    }
}

/// Generates every product of `manifest` from `old` and from `new` (in place of the
/// manifest's whole document; patch data and normalisation as in `cargo xtask codegen`) and
/// compares their public surfaces. A product with its own document (`spec`) is the same on
/// both sides and is skipped.
pub fn diff(
    root: &Path,
    manifest: &Manifest,
    (old_label, old): (&str, Value),
    (new_label, new): (&str, Value),
) -> Result<Diff, String> {
    let (old_side, new_side) = std::thread::scope(|s| {
        let old = s.spawn(|| generate_side(root, manifest, old_label, old));
        let new = generate_side(root, manifest, new_label, new);
        (old.join().expect("the old side's generation"), new)
    });
    let (old_side, new_side) = (old_side?, new_side?);
    let mut out = Diff {
        old: old_label.to_owned(),
        new: new_label.to_owned(),
        notes: [old_side.notes, new_side.notes].concat(),
        products: Vec::new(),
    };
    out.products = manifest
        .products
        .iter()
        .filter_map(|p| {
            product_change(
                p,
                old_side.surfaces.get(&p.name),
                new_side.surfaces.get(&p.name),
            )
        })
        .collect();
    Ok(out)
}

/// The release diff: every product crate's generated code as checked in at git revision
/// `rev` against the working tree's (what users of the last release see change, generator
/// and patch-data changes included). A crate absent at `rev` is new.
pub fn since(root: &Path, manifest: &Manifest, rev: &str) -> Result<Diff, String> {
    // A revision that does not exist is an error, not a release before every crate.
    let commit = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--verify", "--quiet"])
        .arg(format!("{rev}^{{commit}}"))
        .output()
        .map_err(|e| format!("running git rev-parse {rev}: {e}"))?;
    if !commit.status.success() {
        return Err(format!(
            "--since {rev}: no such git revision here (a release tag, a branch or a commit; \
             `git tag` lists the tags)"
        ));
    }
    let mut out = Diff {
        old: rev.to_owned(),
        new: "the working tree".to_owned(),
        ..Diff::default()
    };
    for p in &manifest.products {
        let path = format!("{}/src/generated.rs", p.crate_dir());
        let now = std::fs::read_to_string(root.join(&path))
            .map_err(|e| format!("reading {path}: {e}"))?;
        let now = surface(&now)?;
        let then = match git_show(root, &format!("{rev}:{path}")) {
            Ok(bytes) => Some(surface(&String::from_utf8_lossy(&bytes))?),
            Err(_) => None,
        };
        out.products
            .extend(product_change(p, then.as_ref(), Some(&now)));
    }
    Ok(out)
}

/// One product crate's changes from `old` to `new` (`None`: the crate does not exist on
/// that side), or `None` when its code is the same.
fn product_change(
    p: &manifest::Product,
    old: Option<&Surface>,
    new: Option<&Surface>,
) -> Option<ProductDiff> {
    if old.map(|s| &s.code) == new.map(|s| &s.code) {
        return None;
    }
    let mut changes = match (old, new) {
        (None, Some(_)) => vec![Change {
            level: Level::Minor,
            what: format!("new product crate `{}`", p.crate_name()),
        }],
        (Some(_), None) => vec![Change {
            level: Level::Major,
            what: format!(
                "product crate `{}` claims no operation any more",
                p.crate_name()
            ),
        }],
        _ => Vec::new(),
    };
    let empty = Surface::default();
    changes.extend(compare(old.unwrap_or(&empty), new.unwrap_or(&empty)));
    if changes.is_empty() {
        changes.push(Change {
            level: Level::Patch,
            what: "documentation or generated internals only".into(),
        });
    }
    changes.sort_by(|x, y| y.level.cmp(&x.level).then_with(|| x.what.cmp(&y.what)));
    Some(ProductDiff {
        product: p.name.clone(),
        krate: p.crate_name(),
        changes,
    })
}

fn git_show(root: &Path, spec: &str) -> Result<Vec<u8>, String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(spec)
        .output()
        .map_err(|e| format!("running git show {spec}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git show {spec}: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// One side: every product's surface, and what could not be generated as usual.
struct Side {
    surfaces: BTreeMap<String, Surface>,
    notes: Vec<String>,
}

fn generate_side(
    root: &Path,
    manifest: &Manifest,
    label: &str,
    document: Value,
) -> Result<Side, String> {
    let assignment = manifest::assignment(manifest, &document);
    let mut notes = Vec::new();
    if !assignment.unclaimed.is_empty() {
        notes.push(format!(
            "{label}: {} operation(s) no product claims (left out):\n{}",
            assignment.unclaimed.len(),
            assignment.unclaimed_report().trim_end()
        ));
    }
    let mut inputs = Inputs::default();
    inputs.insert(&manifest.whole, document);
    let mut surfaces = BTreeMap::new();
    for p in manifest.products.iter().filter(|p| p.spec.is_none()) {
        let Some(claimed) = assignment.owned.get(&p.name) else {
            continue;
        };
        let generated = match codegen::generate(root, manifest, p, claimed, &mut inputs) {
            Ok(g) => g,
            Err(e) if p.patch.is_some() => {
                // Patch data is written against the vendored document; a side it does not
                // apply to is generated without it, and says so.
                notes.push(format!(
                    "{label}: product `{}` without its patch data: {e}",
                    p.name
                ));
                let mut bare = p.clone();
                bare.patch = None;
                codegen::generate(root, manifest, &bare, claimed, &mut inputs)
                    .map_err(|e| format!("{label}: {e}"))?
            }
            Err(e) => return Err(format!("{label}: {e}")),
        };
        surfaces.insert(p.name.clone(), surface(generated.code())?);
    }
    Ok(Side { surfaces, notes })
}

/// A product crate's public surface, as users name it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// Client method → operation.
    pub ops: BTreeMap<String, Op>,
    /// `types::<Name>` → its shape.
    pub types: BTreeMap<String, TypeShape>,
    /// The generated code without its header, which names the inputs' hashes (a change
    /// with no surface change is a patch).
    pub code: String,
}

/// One operation: a client method and its builder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Op {
    /// `GET /zones/{zone_id}/dns_records`.
    pub template: String,
    /// Builder parameters: name → (Rust type, required).
    pub params: BTreeMap<String, (String, bool)>,
    /// What `send` returns on success.
    pub response: String,
}

/// A generated type's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeShape {
    /// A struct: field → (Rust type, may be left out).
    Struct(BTreeMap<String, (String, bool)>),
    /// An enum: its variants.
    Enum(BTreeSet<String>),
    /// A newtype or alias over this type.
    Other(String),
}

/// Reads a generated file back into its public surface.
pub fn surface(code: &str) -> Result<Surface, String> {
    let file = syn::parse_file(code).map_err(|e| format!("generated file does not parse: {e}"))?;
    let mut out = Surface {
        code: code
            .lines()
            .skip_while(|l| l.starts_with("//") || l.is_empty())
            .flat_map(|l| [l, "\n"])
            .collect(),
        ..Surface::default()
    };
    // Client method → (builder module, builder name, template).
    let mut methods: Vec<(String, String, String, String)> = Vec::new();
    let mut builders: BTreeMap<(String, String), Op> = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Impl(imp) if is_named(&imp.self_ty, "Client") && imp.trait_.is_none() => {
                for it in &imp.items {
                    let syn::ImplItem::Fn(f) = it else { continue };
                    if !matches!(f.vis, syn::Visibility::Public(_)) {
                        continue;
                    }
                    let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                        continue;
                    };
                    let syn::Type::Path(tp) = &**ty else { continue };
                    let segs: Vec<String> = tp
                        .path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect();
                    if let [module, name] = segs.as_slice() {
                        methods.push((
                            f.sig.ident.to_string(),
                            module.clone(),
                            name.clone(),
                            template(&doc(&f.attrs)),
                        ));
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "builder" || m.ident == "raw" => {
                let module = m.ident.to_string();
                for it in m.content.iter().flat_map(|(_, items)| items) {
                    read_builder(&module, it, &mut builders);
                }
            }
            syn::Item::Mod(m) if m.ident == "types" => {
                let items: Vec<&syn::Item> =
                    m.content.iter().flat_map(|(_, items)| items).collect();
                let defaulted = macro_defaults(&items);
                for it in items {
                    if let Some((name, shape)) = read_type(it, &defaulted) {
                        out.types.insert(name, shape);
                    }
                }
            }
            _ => {}
        }
    }
    for (method, module, builder, template) in methods {
        let mut op = builders.remove(&(module, builder)).unwrap_or_default();
        op.template = template;
        out.ops.insert(method, op);
    }
    Ok(out)
}

fn is_named(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident(name))
}

fn doc(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `GET /path` from a client method's doc: progenitor's "Sends a `GET` request to `/path`",
/// or the raw path's "(`GET /path`…".
fn template(doc: &str) -> String {
    if let Some(rest) = doc.split("Sends a `").nth(1)
        && let Some((verb, rest)) = rest.split_once('`')
        && let Some(path) = rest.split("request to `").nth(1)
        && let Some((path, _)) = path.split_once('`')
    {
        return format!("{verb} {path}");
    }
    if let Some(rest) = doc.split("(`").nth(1)
        && let Some((t, _)) = rest.split_once('`')
    {
        return t.to_owned();
    }
    String::new()
}

/// A type as users read it: no `::std::…` or `types::` prefixes.
fn ty_string(ty: &impl quote::ToTokens) -> String {
    let s = crate::syntax::render(ty)
        .replace(' ', "")
        .replace(",>", ">")
        .replace(",)", ")")
        .replace(',', ", ");
    [
        "::std::option::",
        "::std::string::",
        "::std::vec::",
        "::std::collections::",
        "::std::num::",
        "::std::",
        "crate::types::",
        "super::types::",
        "types::",
        "super::",
    ]
    .iter()
    .fold(s, |s, prefix| s.replace(prefix, ""))
}

fn read_builder(module: &str, item: &syn::Item, builders: &mut BTreeMap<(String, String), Op>) {
    match item {
        // progenitor's builders: a field per parameter, `Result<T, String>` (required) or
        // `Result<Option<T>, String>` (optional).
        syn::Item::Struct(s) if module == "builder" => {
            let op = builders
                .entry((module.to_owned(), s.ident.to_string()))
                .or_default();
            for f in &s.fields {
                let Some(name) = f.ident.as_ref().map(ToString::to_string) else {
                    continue;
                };
                if name == "client" {
                    continue;
                }
                let inner = crate::syntax::generic_arg(&f.ty, "Result").unwrap_or(&f.ty);
                let (inner, required) = match crate::syntax::generic_arg(inner, "Option") {
                    Some(t) => (t, false),
                    None => (inner, true),
                };
                let inner = ty_string(inner).replace("builder::", "");
                op.params.insert(name, (inner, required));
            }
        }
        // `send_methods!(Builder, Response, kind);`: the builder's response type.
        syn::Item::Macro(m)
            if m.mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "send_methods") =>
        {
            let Ok(args) = m.mac.parse_body_with(
                syn::punctuated::Punctuated::<syn::Type, syn::Token![,]>::parse_terminated,
            ) else {
                return;
            };
            if let (Some(builder), Some(response)) = (args.first(), args.iter().nth(1)) {
                builders
                    .entry((module.to_owned(), ty_string(builder)))
                    .or_default()
                    .response = ty_string(response);
            }
        }
        syn::Item::Impl(imp) if imp.trait_.is_none() => {
            let syn::Type::Path(tp) = &*imp.self_ty else {
                return;
            };
            let Some(name) = tp.path.get_ident() else {
                return;
            };
            let op = builders
                .entry((module.to_owned(), name.to_string()))
                .or_default();
            for it in &imp.items {
                let syn::ImplItem::Fn(f) = it else { continue };
                let fname = f.sig.ident.to_string();
                if fname == "send" {
                    if let Some(response) = crate::syntax::success_type(&f.sig.output) {
                        op.response = ty_string(&response);
                    }
                } else if module == "raw" && !["new", "body"].contains(&fname.as_str()) {
                    // The raw path's setters: `set_path` parameters are required.
                    let required = crate::syntax::block_calls(&f.block, "set_path");
                    op.params.insert(fname, ("String".into(), required));
                } else if module == "raw" && fname == "body" {
                    op.params.insert(fname, ("raw::RawBody".into(), true));
                }
            }
        }
        _ => {}
    }
}

/// Struct → its fields that read as their default when absent, from the `decode_struct!`
/// and `encode_struct!` lines (`default`, `null_default`; `skip_empty`, which typify gives
/// only a field that also has a default). A struct serde still derives for says it in its
/// fields' `#[serde(default)]`.
fn macro_defaults(items: &[&syn::Item]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in items {
        let syn::Item::Macro(m) = item else { continue };
        let Some((ty, fields)) = crate::syntax::object_macro(&m.mac) else {
            continue;
        };
        let entry = out.entry(ty).or_default();
        for (field, words) in fields {
            if words
                .iter()
                .any(|w| ["default", "null_default", "skip_empty"].contains(&w.as_str()))
            {
                entry.insert(field);
            }
        }
    }
    out
}

fn read_type(
    item: &syn::Item,
    defaulted: &BTreeMap<String, BTreeSet<String>>,
) -> Option<(String, TypeShape)> {
    match item {
        syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
            let shape = match &s.fields {
                syn::Fields::Named(named) => TypeShape::Struct(
                    named
                        .named
                        .iter()
                        .filter_map(|f| {
                            let name = f.ident.as_ref()?.to_string();
                            let ty = ty_string(&f.ty);
                            let defaulted = crate::syntax::serde_keys(&f.attrs)
                                .iter()
                                .any(|k| k == "default")
                                || defaulted
                                    .get(&s.ident.to_string())
                                    .is_some_and(|d| d.contains(&name));
                            let optional = ty.starts_with("Option<") || defaulted;
                            Some((name, (ty, optional)))
                        })
                        .collect(),
                ),
                fields => TypeShape::Other(format!(
                    "({})",
                    fields
                        .iter()
                        .map(|f| ty_string(&f.ty))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            Some((s.ident.to_string(), shape))
        }
        syn::Item::Enum(e) if matches!(e.vis, syn::Visibility::Public(_)) => Some((
            e.ident.to_string(),
            TypeShape::Enum(e.variants.iter().map(|v| v.ident.to_string()).collect()),
        )),
        syn::Item::Type(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
            Some((t.ident.to_string(), TypeShape::Other(ty_string(&t.ty))))
        }
        _ => None,
    }
}

/// Every change from `a` to `b`, classified.
pub fn compare(a: &Surface, b: &Surface) -> Vec<Change> {
    let mut out = Vec::new();
    let mut push = |level, what: String| out.push(Change { level, what });
    for (name, op) in &a.ops {
        let Some(new) = b.ops.get(name) else {
            push(
                Level::Major,
                format!("removed operation `{name}` ({})", op.template),
            );
            continue;
        };
        if op.template != new.template {
            push(
                Level::Minor,
                format!(
                    "operation `{name}` now sends `{}` (was `{}`)",
                    new.template, op.template
                ),
            );
        }
        if op.response != new.response {
            push(
                Level::Major,
                format!(
                    "operation `{name}` returns `{}` (was `{}`)",
                    new.response, op.response
                ),
            );
        }
        for (param, (ty, required)) in &op.params {
            match new.params.get(param) {
                None => push(
                    Level::Major,
                    format!("operation `{name}`: removed parameter `{param}`"),
                ),
                Some((nty, nreq)) => {
                    if ty != nty {
                        push(
                            Level::Major,
                            format!(
                                "operation `{name}`: parameter `{param}` is `{nty}` (was `{ty}`)"
                            ),
                        );
                    }
                    if !required && *nreq {
                        push(
                            Level::Major,
                            format!("operation `{name}`: parameter `{param}` is now required"),
                        );
                    } else if *required && !nreq {
                        push(
                            Level::Minor,
                            format!("operation `{name}`: parameter `{param}` is now optional"),
                        );
                    }
                }
            }
        }
        for (param, (ty, required)) in &new.params {
            if !op.params.contains_key(param) {
                let (level, kind) = if *required {
                    (Level::Major, "required")
                } else {
                    (Level::Minor, "optional")
                };
                push(
                    level,
                    format!("operation `{name}`: new {kind} parameter `{param}: {ty}`"),
                );
            }
        }
    }
    for (name, op) in &b.ops {
        if !a.ops.contains_key(name) {
            push(
                Level::Minor,
                format!("new operation `{name}` ({})", op.template),
            );
        }
    }
    for (name, shape) in &a.types {
        let Some(new) = b.types.get(name) else {
            push(Level::Major, format!("removed type `types::{name}`"));
            continue;
        };
        match (shape, new) {
            (TypeShape::Struct(old), TypeShape::Struct(new)) => {
                for (field, (ty, optional)) in old {
                    match new.get(field) {
                        None => push(
                            Level::Major,
                            format!("`types::{name}`: removed field `{field}`"),
                        ),
                        Some((nty, _)) if nty != ty => push(
                            Level::Major,
                            format!("`types::{name}`: field `{field}` is `{nty}` (was `{ty}`)"),
                        ),
                        Some((_, nopt)) if nopt != optional => push(
                            Level::Major,
                            format!(
                                "`types::{name}`: field `{field}` is {} (was {})",
                                if *nopt { "optional" } else { "required" },
                                if *optional { "optional" } else { "required" }
                            ),
                        ),
                        Some(_) => {}
                    }
                }
                for (field, (ty, optional)) in new {
                    if !old.contains_key(field) {
                        let level = if *optional {
                            Level::Minor
                        } else {
                            Level::Major
                        };
                        let kind = if *optional { "optional" } else { "required" };
                        push(
                            level,
                            format!("`types::{name}`: new {kind} field `{field}: {ty}`"),
                        );
                    }
                }
            }
            (TypeShape::Enum(old), TypeShape::Enum(new)) => {
                for v in old.difference(new) {
                    push(
                        Level::Major,
                        format!("`types::{name}`: removed variant `{v}`"),
                    );
                }
                for v in new.difference(old) {
                    push(Level::Minor, format!("`types::{name}`: new variant `{v}`"));
                }
            }
            (old, new) if old != new => push(
                Level::Major,
                format!(
                    "`types::{name}` changed shape: {} (was {})",
                    shape_str(new),
                    shape_str(old)
                ),
            ),
            _ => {}
        }
    }
    for name in b.types.keys() {
        if !a.types.contains_key(name) {
            push(Level::Minor, format!("new type `types::{name}`"));
        }
    }
    // An operation removed and one added on the same verb and path (parameter names aside):
    // a rename (the operationId changed), said as one breaking change.
    let key = |t: &str| crate::manifest::pattern(t);
    // (operation, template)
    type Named<'a> = (&'a str, &'a str);
    let removed: BTreeMap<String, Named> = a
        .ops
        .iter()
        .filter(|(n, _)| !b.ops.contains_key(*n))
        .map(|(n, op)| (key(&op.template), (n.as_str(), op.template.as_str())))
        .collect();
    let renamed: Vec<(Named, Named)> = b
        .ops
        .iter()
        .filter(|(n, _)| !a.ops.contains_key(*n))
        .filter_map(|(n, op)| {
            let old = removed.get(&key(&op.template))?;
            Some((*old, (n.as_str(), op.template.as_str())))
        })
        .collect();
    out.retain(|c| {
        !renamed.iter().any(|((old, old_t), (new, new_t))| {
            c.what == format!("removed operation `{old}` ({old_t})")
                || c.what == format!("new operation `{new}` ({new_t})")
        })
    });
    for ((old, old_t), (new, new_t)) in &renamed {
        let what = if old_t == new_t {
            format!("renamed operation `{old}` to `{new}` ({new_t})")
        } else {
            format!("renamed operation `{old}` to `{new}` ({new_t}, was {old_t})")
        };
        out.push(Change {
            level: Level::Major,
            what,
        });
    }
    out
}

fn shape_str(shape: &TypeShape) -> String {
    match shape {
        TypeShape::Struct(f) => format!("a struct of {} field(s)", f.len()),
        TypeShape::Enum(v) => format!("an enum of {} variant(s)", v.len()),
        TypeShape::Other(t) => format!("`{t}`"),
    }
}

/// Reads `spec`: a file (relative to the current directory, or else to `root`), or
/// `REV:PATH` (a git revision's file, e.g. `HEAD~1:openapi/cloudflare-2024-08-06.json`) when
/// no such file exists.
pub fn read_document(root: &Path, spec: &str) -> Result<Value, String> {
    let path = [Path::new(spec).to_path_buf(), root.join(spec)]
        .into_iter()
        .find(|p| p.exists());
    let bytes = if let Some(path) = path {
        std::fs::read(&path).map_err(|e| format!("reading {spec}: {e}"))?
    } else if spec.contains(':') {
        git_show(root, spec)?
    } else {
        return Err(format!("{spec}: no such file (nor a git `REV:PATH`)"));
    };
    serde_json::from_slice(&bytes).map_err(|e| format!("{spec} is not JSON: {e}"))
}
