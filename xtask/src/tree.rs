//! The resource tree: every generated operation of every product as a method under
//! Cloudflare's resource names (`client.dns().records().list(zone_id)`), written into the
//! SDK (`crates/cloudflare-sdk/src/resources.rs`), and `api.md`, the list of every method
//! with its call path, verb and path, and the types it takes and returns.
//!
//! [`ops`] reads what a method needs from one product's generated syntax tree (its builder,
//! client method, path setters, body and response types) and document (summary,
//! description, deprecation, `x-fern-*` names); [`files`] names every operation of every
//! product ([`crate::names`]) and writes the two files.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;
use syn::Item;

use crate::model::{Reach, Reached};
use crate::names::{self, Name, Reference, Scope, Subject};
use crate::normalize::path_params;
use crate::syntax::{doc_text, first_paragraph};

/// What the tree needs of one generated operation.
#[derive(Debug, Clone)]
pub struct TreeOp {
    /// The product's SDK feature (`secondary-dns`).
    pub feature: String,
    /// The product's `Api` accessor and module (`secondary_dns`).
    pub accessor: String,
    /// operationId.
    pub id: String,
    /// `GET`, `POST`, …
    pub http: String,
    /// The path template.
    pub path: String,
    /// The product client's method (`secondary_dns_peer_list_peers`).
    pub method: String,
    /// The builder, relative to the product crate (`builder::SecondaryDnsPeerListPeers`).
    pub builder: String,
    /// Each path parameter of the template, in order, and the builder's setter for it.
    pub params: Vec<(String, String)>,
    /// The request body's type, relative to the product crate.
    pub body: Option<String>,
    /// The response type, relative to the product crate.
    pub response: String,
    /// How the SDK reaches it (lists get `into_paginator()`).
    pub reach: Reach,
    /// The document's summary.
    pub summary: String,
    /// The first paragraph of the document's description.
    pub description: String,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
    /// The credential modes the document's `security` lists for it (`ApiToken`, `ApiKey`,
    /// `UserServiceKey`), empty when it lists none: documentation on the method.
    pub auth: Vec<&'static str>,
    /// `x-fern-sdk-group-name` and `x-fern-sdk-method-name`.
    pub fern: Option<(String, String)>,
}

/// Every operation of one product's completed file (progenitor's builders and the raw
/// path).
pub fn ops(
    file: &syn::File,
    spec: &Value,
    raw: &[crate::raw::RawOp],
    reached: &Reached,
    (feature, accessor): (&str, &str),
) -> Result<Vec<TreeOp>, String> {
    let metas = crate::model::operations(spec);
    let methods = crate::syntax::client_methods(file);
    let structs: BTreeMap<String, &syn::ItemStruct> = crate::syntax::module_items(file, "builder")
        .filter_map(|i| match i {
            Item::Struct(s) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect();
    let mut responses: BTreeMap<String, String> = BTreeMap::new();
    for item in crate::syntax::module_items(file, "builder") {
        let Item::Impl(imp) = item else { continue };
        let Some((_, tr, _)) = &imp.trait_ else {
            continue;
        };
        if tr.segments.last().is_none_or(|s| s.ident != "Operation") {
            continue;
        }
        let Some(name) = crate::syntax::last_ident(&imp.self_ty) else {
            continue;
        };
        for it in &imp.items {
            if let syn::ImplItem::Type(t) = it
                && t.ident == "Response"
            {
                responses.insert(name.clone(), type_string(&t.ty));
            }
        }
    }
    let doc = |path: &str, http: &str| spec["paths"][path][http.to_lowercase()].clone();
    let mut out = Vec::new();
    for (builder, method) in &methods {
        let (Some(meta), Some(st), Some(response)) = (
            metas.get(method),
            structs.get(builder),
            responses.get(builder),
        ) else {
            continue;
        };
        let fields: Vec<(String, Option<String>)> = st
            .fields
            .iter()
            .filter_map(|f| {
                let name = f.ident.as_ref()?.to_string();
                let ty = crate::syntax::generic_arg(&f.ty, "Result").map(type_string);
                Some((name, ty))
            })
            .collect();
        let mut params = Vec::new();
        for p in path_params(&meta.path) {
            let setter = crate::wire::path_setter(fields.iter().map(|(f, _)| f.as_str()), &p)
                .ok_or_else(|| format!("`{}`: no setter for path parameter `{p}`", meta.id))?;
            params.push((p, setter.to_owned()));
        }
        let body = fields
            .iter()
            .find(|(f, _)| f == "body")
            .and_then(|(_, t)| t.clone());
        let op = doc(&meta.path, &meta.http);
        out.push(tree_op(
            (feature, accessor),
            (&meta.id, &meta.http, &meta.path),
            (method, &format!("builder::{builder}")),
            params,
            body,
            response.clone(),
            reached.get(&meta.id).copied().unwrap_or(Reach::Envelope),
            (&op, spec.get("security")),
        ));
    }
    for r in raw {
        let method = crate::normalize::method_name(&r.id);
        let builder = {
            use heck::ToUpperCamelCase;
            format!("raw::{}", method.to_upper_camel_case())
        };
        let params = r
            .path_params
            .iter()
            .map(|p| (p.clone(), crate::raw::ident(p).to_string()))
            .collect();
        let op = doc(&r.path, &r.http);
        out.push(tree_op(
            (feature, accessor),
            (&r.id, &r.http, &r.path),
            (&method, &builder),
            params,
            Some("cloudflare_core::raw::RawBody".into()),
            "cloudflare_core::raw::RawResponse".into(),
            Reach::Raw,
            (&op, spec.get("security")),
        ));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn tree_op(
    (feature, accessor): (&str, &str),
    (id, http, path): (&str, &str, &str),
    (method, builder): (&str, &str),
    params: Vec<(String, String)>,
    body: Option<String>,
    response: String,
    reach: Reach,
    (op, document_security): (&Value, Option<&Value>),
) -> TreeOp {
    let text = |k: &str| op.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let fern = match (
        op.get("x-fern-sdk-group-name").and_then(Value::as_str),
        op.get("x-fern-sdk-method-name").and_then(Value::as_str),
    ) {
        (Some(g), Some(m)) => Some((g.to_owned(), m.to_owned())),
        _ => None,
    };
    TreeOp {
        feature: feature.to_owned(),
        accessor: accessor.to_owned(),
        id: id.to_owned(),
        http: http.to_owned(),
        path: path.to_owned(),
        method: method.to_owned(),
        builder: builder.to_owned(),
        params,
        body,
        response,
        reach,
        summary: text("summary"),
        description: first_paragraph(&text("description")),
        deprecated: op.get("deprecated").and_then(Value::as_bool) == Some(true),
        auth: crate::model::auth_modes(op.get("security").or(document_security)),
        fern,
    }
}

fn type_string(ty: &syn::Type) -> String {
    crate::syntax::render(ty)
        .replace(' ', "")
        .replace(',', ", ")
        .replace("types::builder::", "types::")
}

/// A Rust identifier for a name: `_` after a keyword, `_` before a leading digit.
fn ident(name: &str) -> syn::Ident {
    let mut s = name.to_owned();
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if syn::parse_str::<syn::Ident>(&s).is_err() || s == "self" {
        s.push('_');
    }
    format_ident!("{s}")
}

fn camel(words: &[String]) -> String {
    use heck::ToUpperCamelCase;
    words.join("_").to_upper_camel_case()
}

/// The tree's methods: every operation with its name.
pub struct Named<'a> {
    /// The operation.
    pub op: &'a TreeOp,
    /// Its name.
    pub name: Name,
}

/// Names every operation (see [`crate::names`]).
pub fn name_all<'a>(
    ops: &'a [TreeOp],
    reference: &Reference,
    overrides: &BTreeMap<String, String>,
) -> Result<Vec<Named<'a>>, String> {
    let subjects: Vec<Subject<'_>> = ops
        .iter()
        .map(|o| Subject {
            id: &o.id,
            http: &o.http,
            path: &o.path,
            fern: o.fern.as_ref().map(|(g, m)| (g.as_str(), m.as_str())),
            list: matches!(
                o.reach,
                Reach::PageNumberList | Reach::CursorList | Reach::UnpagedList
            ),
            deprecated: o.deprecated,
        })
        .collect();
    let mut named = Vec::new();
    let mut errors = Vec::new();
    for s in &subjects {
        match names::name(reference, overrides, s) {
            Ok(n) => named.push(n),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    names::resolve(&subjects, &mut named)?;
    Ok(ops
        .iter()
        .zip(named)
        .map(|(op, name)| Named { op, name })
        .collect())
}

/// How the tree's names compare with Cloudflare's API reference.
#[derive(Debug, serde::Serialize)]
pub struct NameStats {
    /// Operations in the tree.
    pub operations: usize,
    /// By where their name came from.
    pub by_source: BTreeMap<String, usize>,
    /// Operations the reference names (by verb and path, either scope form included).
    pub reference_covers: usize,
    /// Of those, how many carry the reference's resource path and method name exactly.
    pub carry_reference_name: usize,
    /// Methods that take the scope (`Account`/`Zone`) as their first argument.
    pub scoped_methods: usize,
    /// Method names that repeat a word of their resource path.
    pub repeat_a_resource_word: usize,
    /// Median and 90th-percentile length of a call path without arguments
    /// (`client.dns().records().list()`), in characters.
    pub call_path_median: usize,
    /// 90th percentile of the same.
    pub call_path_p90: usize,
}

/// The figures of [`NameStats`] for `named`.
pub fn stats(named: &[Named<'_>], reference: &Reference) -> NameStats {
    let mut by_source = BTreeMap::new();
    let (mut covers, mut carry, mut scoped, mut repeat) = (0, 0, 0, 0);
    let mut lengths = Vec::new();
    for n in named {
        *by_source.entry(format!("{:?}", n.name.source)).or_default() += 1;
        if let Some((resource, method)) = reference.name_of(&n.op.http, &n.op.path) {
            covers += 1;
            if resource == n.name.resource && method == n.name.method {
                carry += 1;
            }
        }
        if n.name.scope.is_some() {
            scoped += 1;
        }
        if names::repeats(&n.name.resource, &n.name.method) {
            repeat += 1;
        }
        lengths.push(
            format!(
                "client.{}().{}()",
                n.name.resource.join("()."),
                n.name.method
            )
            .len(),
        );
    }
    lengths.sort_unstable();
    let at = |q: f64| {
        lengths
            .get(((lengths.len() as f64 - 1.0) * q).round() as usize)
            .copied()
    };
    NameStats {
        operations: named.len(),
        by_source,
        reference_covers: covers,
        carry_reference_name: carry,
        scoped_methods: scoped,
        repeat_a_resource_word: repeat,
        call_path_median: at(0.5).unwrap_or(0),
        call_path_p90: at(0.9).unwrap_or(0),
    }
}

/// One node of the tree.
#[derive(Default)]
struct Node<'a> {
    /// Its methods.
    methods: Vec<&'a Named<'a>>,
    /// Its children's last words.
    children: BTreeSet<String>,
    /// The features of every operation at or under it.
    features: BTreeSet<String>,
}

fn cfg(features: &BTreeSet<String>) -> TokenStream {
    let f = features.iter();
    if features.len() == 1 {
        quote!(#[cfg(feature = #(#f)*)])
    } else {
        quote!(#[cfg(any(#(feature = #f),*))])
    }
}

/// The parameter name a path parameter gets in a method: `account_id` after `accounts`,
/// `zone_id` after `zones`, else its own name in snake_case.
fn param_names(op: &TreeOp) -> Vec<String> {
    let segs: Vec<&str> = op.path.split('/').collect();
    let mut names: Vec<String> = Vec::new();
    let params = segs
        .iter()
        .enumerate()
        .flat_map(|(i, s)| crate::normalize::segment_params(s).map(move |p| (i, p)));
    for (i, p) in params {
        let prev = i.checked_sub(1).map(|j| segs[j]);
        let mut n = match prev {
            Some("accounts") if i == 2 => "account_id".to_owned(),
            Some("zones") if i == 2 => "zone_id".to_owned(),
            _ => names::snake(p),
        };
        if n.is_empty() {
            n = "id".into();
        }
        while names.contains(&n) {
            n.push('_');
        }
        names.push(n);
    }
    names
}

/// The generated files, as (path from the workspace root, contents): the SDK's
/// `src/resources.rs` and the workspace's `api.md`.
pub fn files(named: &[Named<'_>]) -> Result<Vec<(String, String)>, String> {
    let mut nodes: BTreeMap<Vec<String>, Node<'_>> = BTreeMap::new();
    for n in named {
        let path = &n.name.resource;
        for k in 1..=path.len() {
            let node = nodes.entry(path[..k].to_vec()).or_default();
            node.features.insert(n.op.feature.clone());
            if k < path.len() {
                node.children.insert(path[k].clone());
            }
        }
        nodes.entry(path.clone()).or_default().methods.push(n);
    }
    // A method named like a child accessor of its node gets a `_` (never in the reference).
    let mut items: Vec<TokenStream> = Vec::new();
    let mut scoped_traits: Vec<TokenStream> = Vec::new();
    let mut errors = Vec::new();
    let mut top = Vec::new();
    let mut struct_names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in nodes.keys() {
        struct_names
            .entry(camel(path))
            .or_default()
            .push(path.join("."));
    }
    for (camel_name, paths) in &struct_names {
        if paths.len() > 1 {
            errors.push(format!(
                "resources {} would all be the type `{camel_name}`",
                paths.join(", ")
            ));
        }
    }
    for (path, node) in &nodes {
        let ty = format_ident!("{}", camel(path));
        let node_cfg = cfg(&node.features);
        let dotted = path.join(".");
        let doc = format!(" The `{dotted}` resource: its operations and sub-resources.");
        let accessor_doc = format!(" The `{dotted}` resource.");
        let last = ident(path.last().expect("a node has a name"));
        items.push(quote! {
            #[doc = #doc]
            #node_cfg
            #[derive(Debug, Clone, Copy)]
            pub struct #ty<'a> {
                api: &'a Api,
            }
        });
        if path.len() == 1 {
            top.push(quote! {
                #[doc = #accessor_doc]
                #node_cfg
                pub fn #last(&self) -> #ty<'_> {
                    #ty { api: self.api() }
                }
            });
        }
        let mut members: Vec<TokenStream> = Vec::new();
        for child in &node.children {
            let mut child_path = path.clone();
            child_path.push(child.clone());
            let child_ty = format_ident!("{}", camel(&child_path));
            let child_cfg = cfg(&nodes[&child_path].features);
            let child_ident = ident(child);
            let d = format!(" The `{}` resource.", child_path.join("."));
            members.push(quote! {
                #[doc = #d]
                #child_cfg
                pub fn #child_ident(&self) -> #child_ty<'a> {
                    #child_ty { api: self.api }
                }
            });
        }
        // Scoped methods: one per (method name), with the account and zone forms.
        let mut by_method: BTreeMap<String, Vec<&Named<'_>>> = BTreeMap::new();
        for m in &node.methods {
            by_method.entry(m.name.method.clone()).or_default().push(m);
        }
        for (method, forms) in &by_method {
            let mut method_name = method.clone();
            if node.children.contains(&method_name) {
                method_name.push('_');
            }
            let fn_ident = ident(&method_name);
            if forms.len() == 1 {
                members.push(plain_method(forms[0], &fn_ident));
                continue;
            }
            // The account and zone forms of one operation: the scope is the argument.
            let trait_ident =
                format_ident!("{}{}", camel(path), camel(std::slice::from_ref(method)));
            let first = forms
                .iter()
                .find(|f| f.name.scope == Some(Scope::Account))
                .unwrap_or(&forms[0]);
            let rest_names: Vec<syn::Ident> = param_names(first.op)
                .into_iter()
                .skip(1)
                .map(|n| ident(&n))
                .collect();
            let rest_setters_count = rest_names.len();
            let features: BTreeSet<String> = forms.iter().map(|f| f.op.feature.clone()).collect();
            let m_cfg = cfg(&features);
            let mut docs = summary_docs(first.op);
            docs.push(
                " `scope`: an [`Account`](crate::Account) or a [`Zone`](crate::Zone); each builds \
                 its own request:"
                    .to_owned(),
            );
            let mut aliases = Vec::new();
            for f in forms {
                if f.op.params.len() != rest_setters_count + 1 {
                    errors.push(format!(
                        "`{}` and `{}` are {dotted}.{method} but take different path parameters",
                        first.op.id, f.op.id
                    ));
                }
                let short = f.op.builder.rsplit("::").next().unwrap_or_default();
                // A link only where every form's product is enabled with the method.
                let target = if features.len() == 1 {
                    format!(
                        "[`{short}`](crate::api::{}::{})",
                        f.op.accessor, f.op.builder
                    )
                } else {
                    format!("`{}::{}`", f.op.accessor, f.op.builder)
                };
                docs.push(format!(
                    " - `{}`: `{} {}`, {target}",
                    match f.name.scope {
                        Some(Scope::Zone) => "Zone(zone_id)",
                        _ => "Account(account_id)",
                    },
                    f.op.http,
                    f.op.path,
                ));
                aliases.extend(self::aliases(f.op));
                let scope_ty = match f.name.scope {
                    Some(Scope::Zone) => quote!(crate::Zone<S>),
                    _ => quote!(crate::Account<S>),
                };
                let builder = builder_path(f.op);
                let acc = format_ident!("{}", f.op.accessor);
                let client_method = format_ident!("{}", f.op.method);
                let setters = f.op.params.iter().map(|(_, s)| format_ident!("{s}"));
                let mut values = vec![quote!(Into::<String>::into(self.0))];
                values.extend(rest_names.iter().map(|n| quote!(#n)));
                let f_cfg = cfg(&BTreeSet::from([f.op.feature.clone()]));
                let rest_args = rest_names.iter().map(|n| quote!(#n: String));
                scoped_traits.push(quote! {
                    #f_cfg
                    impl<S: Into<String>> #trait_ident for #scope_ty {
                        type Request = #builder;
                        fn request(self, api: &Api, #(#rest_args),*) -> Self::Request {
                            api.#acc().#client_method() #(.#setters(#values))*
                        }
                    }
                });
            }
            docs.extend(list_docs(first.op));
            docs.extend(auth_docs(first.op));
            let trait_doc = format!(
                " The scopes [`{ty}::{method_name}`](super::{ty}::{method_name}) takes: \
                 [`Account`](crate::Account) and [`Zone`](crate::Zone)."
            );
            let rest_args: Vec<TokenStream> =
                rest_names.iter().map(|n| quote!(#n: String)).collect();
            scoped_traits.push(quote! {
                #[doc = #trait_doc]
                #m_cfg
                pub trait #trait_ident: crate::scope::Sealed {
                    /// The request this scope builds.
                    type Request;
                    #[doc(hidden)]
                    fn request(self, api: &Api, #(#rest_args),*) -> Self::Request;
                }
            });
            let deprecated = first
                .op
                .deprecated
                .then(|| quote!(#[deprecated(note = "deprecated in Cloudflare's API document")]));
            let args = rest_names.iter().map(|n| quote!(#n: impl Into<String>));
            let docs = docs.iter().map(|d| quote!(#[doc = #d]));
            members.push(quote! {
                #(#docs)*
                #(#[doc(alias = #aliases)])*
                #deprecated
                #m_cfg
                pub fn #fn_ident<S: scoped::#trait_ident>(&self, scope: S, #(#args),*) -> S::Request {
                    scope.request(self.api, #(#rest_names.into()),*)
                }
            });
        }
        items.push(quote! {
            #node_cfg
            impl<'a> #ty<'a> {
                #(#members)*
            }
        });
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    let tokens = quote! {
        #[allow(unused_imports)] // unused when no product feature is enabled
        use crate::api::Api;

        impl crate::Client {
            #(#top)*
        }

        #(#items)*

        /// The traits of the methods that take a scope ([`Account`](crate::Account) or
        /// [`Zone`](crate::Zone)): sealed, one per method.
        pub mod scoped {
            #[allow(unused_imports)]
            use crate::api::Api;
            #(#scoped_traits)*
        }
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the resource tree does not parse: {e}"))?;
    let rs = format!(
        "// @generated by `cargo xtask codegen` (xtask/src/tree.rs) from every product's \
         operations and\n// openapi/reference-names-2026.tsv. Do not edit by hand.\n\n\
         //! The resource tree: every operation of every enabled product under Cloudflare's \
         resource\n//! names, `client.<resource>()…<method>(path parameters)`, returning the \
         operation's request\n//! builder (`send()`, `send_envelope()`, and `into_paginator()` for lists). \
         Generated; every method names its\n//! operationId (`#[doc(alias)]`), verb and path. \
         `api.md` at the workspace root lists them all.\n\n{}",
        prettyplease::unparse(&file)
    );
    Ok(vec![
        ("crates/cloudflare-sdk/src/resources.rs".into(), rs),
        ("api.md".into(), api_md(named)),
    ])
}

/// What rustdoc's search finds a method by: its operationId (without the quotes rustdoc
/// refuses in an alias) and the generated client's method name.
fn aliases(op: &TreeOp) -> Vec<String> {
    let id: String = op.id.chars().filter(|c| !matches!(c, '\'' | '"')).collect();
    let mut out = vec![id];
    if !out.contains(&op.method) {
        out.push(op.method.clone());
    }
    out
}

fn builder_path(op: &TreeOp) -> TokenStream {
    let path: syn::Path = syn::parse_str(&format!("crate::api::{}::{}", op.accessor, op.builder))
        .expect("a builder path parses");
    quote!(#path)
}

/// A method's first doc lines: the document's summary, then its description's first
/// paragraph, each followed by a blank line; neither where the document has none (some
/// methods of the derived description: its verb and path line comes first).
fn summary_docs(op: &TreeOp) -> Vec<String> {
    let mut docs = Vec::new();
    for text in [&op.summary, &op.description] {
        if !text.trim().is_empty() {
            docs.push(format!(" {}", doc_text(text)));
            docs.push(String::new());
        }
    }
    docs
}

fn list_docs(op: &TreeOp) -> Vec<String> {
    match op.reach {
        Reach::PageNumberList | Reach::CursorList => vec![
            String::new(),
            " A list: `.send()` (or `.await`) returns every item of every page; \
             `.into_paginator()` is the one pager (`.items()` streams, `.pages()`); \
             `.send_envelope()` reads one page."
                .to_owned(),
        ],
        _ => Vec::new(),
    }
}

/// The credentials Cloudflare's document lists for the operation, as documentation: the
/// client sends its own whatever they are, and the server decides.
fn auth_docs(op: &TreeOp) -> Vec<String> {
    let named: Vec<&str> = op
        .auth
        .iter()
        .map(|m| match *m {
            "ApiToken" => "an API token",
            "ApiKey" => "an API key with its email",
            "UserServiceKey" => "a user service key",
            other => other,
        })
        .collect();
    if named.is_empty() {
        return Vec::new();
    }
    vec![
        String::new(),
        format!(
            " Credentials the document lists: {} (documentation only: the client's are sent \
             and Cloudflare decides).",
            named.join(", or ")
        ),
    ]
}

fn plain_method(m: &Named<'_>, fn_ident: &syn::Ident) -> TokenStream {
    let op = m.op;
    let names: Vec<syn::Ident> = param_names(op).iter().map(|n| ident(n)).collect();
    let setters = op.params.iter().map(|(_, s)| format_ident!("{s}"));
    let acc = format_ident!("{}", op.accessor);
    let client_method = format_ident!("{}", op.method);
    let builder = builder_path(op);
    let f_cfg = cfg(&BTreeSet::from([op.feature.clone()]));
    let mut docs = summary_docs(op);
    docs.push(format!(
        " `{} {}`: [`{}`](crate::api::{}::{}).",
        op.http,
        op.path,
        op.builder.rsplit("::").next().unwrap_or_default(),
        op.accessor,
        op.builder
    ));
    docs.extend(list_docs(op));
    docs.extend(auth_docs(op));
    let docs = docs.iter().map(|d| quote!(#[doc = #d]));
    let aliases = aliases(op);
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "deprecated in Cloudflare's API document")]));
    let args = names.iter().map(|n| quote!(#n: impl Into<String>));
    quote! {
        #(#docs)*
        #(#[doc(alias = #aliases)])*
        #deprecated
        #f_cfg
        pub fn #fn_ident(&self, #(#args),*) -> #builder {
            self.api.#acc().#client_method() #(.#setters(Into::<String>::into(#names)))*
        }
    }
}

/// `api.md`: every method, grouped by top-level resource.
fn api_md(named: &[Named<'_>]) -> String {
    let mut by_top: BTreeMap<&str, Vec<&Named<'_>>> = BTreeMap::new();
    for n in named {
        by_top.entry(&n.name.resource[0]).or_default().push(n);
    }
    let mut sources: BTreeMap<&str, usize> = BTreeMap::new();
    for n in named {
        *sources
            .entry(match n.name.source {
                names::Source::Override => "the manifest's `[names]`",
                names::Source::Fern => "the document's `x-fern-sdk-*` names",
                names::Source::Reference => "Cloudflare's API reference",
                names::Source::Rule => "the rule on path and verb",
            })
            .or_default() += 1;
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- @generated by `cargo xtask codegen` (xtask/src/tree.rs). Do not edit by hand. -->\n\n\
         # API\n\n\
         Every operation of every product, as a method of the resource tree \
         (`cloudflare_sdk::resources`). Each returns the operation's request builder: \
         optional parameters and the body are its setters, `.send()` (or `.await`) sends it \
         through the one request loop and returns the operation's `result` (a list's every \
         item), `.send_envelope()` the whole response, and a list's `.into_paginator()` is the \
         pager. Types are those of \
         the product's module, `cloudflare_sdk::api::<product>`; each product is the SDK \
         feature of the same name.\n\n\
         {} operations. Names from {}.\n",
        named.len(),
        sources
            .iter()
            .map(|(s, n)| format!("{s}: {n}"))
            .collect::<Vec<_>>()
            .join("; ")
    );
    for (top, mut ops) in by_top {
        ops.sort_by(|a, b| {
            (&a.name.resource, &a.name.method, &a.op.path).cmp(&(
                &b.name.resource,
                &b.name.method,
                &b.op.path,
            ))
        });
        let _ = writeln!(out, "## {top}\n");
        let _ = writeln!(
            out,
            "| Method | HTTP | Product | Body | Returns |\n| --- | --- | --- | --- | --- |"
        );
        for n in ops {
            let op = n.op;
            let mut args: Vec<String> = param_names(op);
            if n.name.scope.is_some() {
                args[0] = match n.name.scope {
                    Some(Scope::Zone) => "Zone(zone_id)".into(),
                    _ => "Account(account_id)".into(),
                };
            }
            let call = format!(
                "client.{}().{}({})",
                n.name.resource.join("()."),
                n.name.method,
                args.join(", ")
            );
            let list = match op.reach {
                Reach::PageNumberList | Reach::CursorList => " (`.into_paginator()`)",
                _ => "",
            };
            let cell = |t: &str| {
                t.replace("::cloudflare_core::", "")
                    .replace("cloudflare_core::", "")
                    .replace("crate::types::", "types::")
                    .replace('|', "\\|")
            };
            let _ = writeln!(
                out,
                "| `{call}` | `{} {}` | `{}` | {} | `{}`{list} |",
                op.http,
                op.path.replace('|', "\\|"),
                op.feature,
                op.body
                    .as_deref()
                    .map_or("".to_owned(), |b| format!("`{}`", cell(b))),
                cell(&op.response),
            );
        }
        out.push('\n');
    }
    out
}
