//! A readable view of a generated crate's API surface (client methods, builder setters,
//! response types), snapshotted by the test suite so a regeneration's effect is reviewable.

use std::fmt::Write as _;

/// A readable view of the generated API surface: one block per client method with its
/// builder setters, success type and error type. Snapshotted by the test suite.
pub fn api_surface(code: &str) -> Result<String, String> {
    let file = syn::parse_file(code).map_err(|e| format!("generated file does not parse: {e}"))?;
    let mut methods = Vec::new();
    let mut builders: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for item in &file.items {
        match item {
            syn::Item::Impl(imp) if type_ident(&imp.self_ty).as_deref() == Some("Client") => {
                for it in &imp.items {
                    if let syn::ImplItem::Fn(f) = it
                        && matches!(f.vis, syn::Visibility::Public(_))
                        && let syn::ReturnType::Type(_, ty) = &f.sig.output
                        && let Some(b) = type_ident(ty)
                        && b != "Self"
                    {
                        methods.push((f.sig.ident.to_string(), b));
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "builder" => {
                for it in m.content.iter().flat_map(|(_, items)| items) {
                    // `send_methods!(Builder, Response[, awaitable]);`
                    if let syn::Item::Macro(mac) = it
                        && mac
                            .mac
                            .path
                            .segments
                            .last()
                            .is_some_and(|s| s.ident == "send_methods")
                        && let [builder, response, rest @ ..] = macro_args(&mac.mac).as_slice()
                    {
                        let sigs = builders.entry(builder.clone()).or_default();
                        sigs.push(format!("send -> Result<{response}, Error>"));
                        if !rest.is_empty() {
                            sigs.push(".await (IntoFuture: send)".to_owned());
                        }
                        continue;
                    }
                    let syn::Item::Impl(imp) = it else { continue };
                    let Some(name) = type_ident(&imp.self_ty) else {
                        continue;
                    };
                    if imp.trait_.is_some() {
                        continue;
                    }
                    // `list_methods!(paginate, Listing, Response);`
                    for mac in imp.items.iter().filter_map(|i| match i {
                        syn::ImplItem::Macro(m) => Some(&m.mac),
                        _ => None,
                    }) {
                        if let [_, listing, response] = macro_args(mac).as_slice() {
                            let item = format!("<{response} as {listing}>::Item");
                            let sigs = builders.entry(name.clone()).or_default();
                            sigs.push(format!(".into_paginator() -> List<{item}>"));
                            sigs.push(format!(".all() -> Result<Vec<{item}>, Error>"));
                        }
                    }
                    for f in imp.items.iter().filter_map(|i| match i {
                        syn::ImplItem::Fn(f) => Some(f),
                        _ => None,
                    }) {
                        if f.sig.ident == "new" || !matches!(f.vis, syn::Visibility::Public(_)) {
                            continue;
                        }
                        let sig = if f.sig.ident == "send" {
                            let out = &f.sig.output;
                            format!("send {}", squash(&crate::syntax::render(&out)))
                        } else {
                            let inputs: Vec<String> = f
                                .sig
                                .inputs
                                .iter()
                                .skip(1)
                                .map(|i| squash(&crate::syntax::render(&i)))
                                .collect();
                            let generics = &f.sig.generics;
                            let wc = &f.sig.generics.where_clause;
                            format!(
                                ".{}{}({}) {}",
                                f.sig.ident,
                                squash(&crate::syntax::render(&generics)),
                                inputs.join(", "),
                                squash(&crate::syntax::render(&wc))
                            )
                        };
                        builders
                            .entry(name.clone())
                            .or_default()
                            .push(sig.trim_end().to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    methods.sort();
    let mut out = String::new();
    for (method, builder) in methods {
        writeln!(out, "Client::{method}() -> builder::{builder}").expect("string");
        for s in builders.get(&builder).into_iter().flatten() {
            writeln!(out, "    {s}").expect("string");
        }
    }
    Ok(out)
}

/// A generator macro's comma-separated arguments, each squashed to one line.
fn macro_args(mac: &syn::Macro) -> Vec<String> {
    mac.parse_body_with(syn::punctuated::Punctuated::<syn::Type, syn::Token![,]>::parse_terminated)
        .map(|args| {
            args.iter()
                .map(|a| squash(&crate::syntax::render(&a)))
                .collect()
        })
        .unwrap_or_default()
}

fn type_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn squash(s: &str) -> String {
    s.replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& ", "&")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
        .replace(" : ", ": ")
        .replace(",>", ">")
        .replace(",)", ")")
        .trim_end_matches(',')
        .to_owned()
}
