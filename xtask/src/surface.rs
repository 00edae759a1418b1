//! A readable view of a generated crate's API surface (client methods, builder setters,
//! response types), snapshotted by the test suite so a regeneration's effect is reviewable.

use std::fmt::Write as _;

/// A readable view of the generated API surface: one block per client method with its
/// builder setters, success type and error type. Snapshotted by the test suite.
pub fn api_surface(code: &str) -> Result<String, String> {
    let file = syn::parse_file(code).map_err(|e| format!("generated file does not parse: {e}"))?;
    let mut methods = Vec::new();
    let mut builders: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let items = item_types(&file);
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
                    // `send_methods!(Builder, Response, kind);`
                    if let syn::Item::Macro(mac) = it
                        && mac
                            .mac
                            .path
                            .segments
                            .last()
                            .is_some_and(|s| s.ident == "send_methods")
                        && let [builder, response, kind] = macro_args(&mac.mac).as_slice()
                    {
                        let sigs = builders.entry(builder.clone()).or_default();
                        let item = |listing: &str| {
                            item_of(&items, listing, response)
                                .unwrap_or_else(|| format!("<{response} as {listing}>::Item"))
                        };
                        let output = match kind.as_str() {
                            "result" => item("Single"),
                            "items" | "pages" => format!("Vec<{}>", item("Listing")),
                            "cursor" => format!("Vec<{}>", item("CursorListing")),
                            _ => response.clone(),
                        };
                        sigs.push(format!("send -> Result<{output}, Error>"));
                        sigs.push(format!("send_envelope -> Result<{response}, Error>"));
                        sigs.push(".await (IntoFuture: send)".to_owned());
                        match kind.as_str() {
                            "pages" => {
                                sigs.push(format!(".into_paginator() -> List<{}>", item("Listing")))
                            }
                            "cursor" => sigs.push(format!(
                                ".into_paginator() -> List<{}>",
                                item("CursorListing")
                            )),
                            _ => {}
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

/// `(trait, type) → Item` of every `impl ::cloudflare_core::{Single, Listing,
/// CursorListing} for Type { type Item = ..; }` in the `types` module.
fn item_types(file: &syn::File) -> std::collections::BTreeMap<(String, String), String> {
    let mut out = std::collections::BTreeMap::new();
    let types = file.items.iter().filter_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref(),
        _ => None,
    });
    for imp in types.flat_map(|(_, items)| items).filter_map(|i| match i {
        syn::Item::Impl(imp) => Some(imp),
        _ => None,
    }) {
        let (Some((_, tr, _)), Some(ty)) = (&imp.trait_, type_ident(&imp.self_ty)) else {
            continue;
        };
        let Some(tr) = tr.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        for it in &imp.items {
            if let syn::ImplItem::Type(t) = it
                && t.ident == "Item"
            {
                out.insert(
                    (tr.clone(), ty.clone()),
                    squash(&crate::syntax::render(&t.ty)),
                );
            }
        }
    }
    out
}

/// The `Item` of `response` (squashed text) as `listing` (`Single`, `Listing`,
/// `CursorListing`): a core envelope's type argument, or a generated type's impl.
fn item_of(
    items: &std::collections::BTreeMap<(String, String), String>,
    listing: &str,
    response: &str,
) -> Option<String> {
    let ty: syn::Type = syn::parse_str(response).ok()?;
    let syn::Type::Path(p) = &ty else { return None };
    let last = p.path.segments.last()?;
    let name = last.ident.to_string();
    if crate::envelopes::is_shared(&ty) {
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        let syn::GenericArgument::Type(first) = args.args.first()? else {
            return None;
        };
        return Some(squash(&crate::syntax::render(first)));
    }
    items.get(&(listing.to_owned(), name)).cloned()
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
