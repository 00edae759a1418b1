//! Shared envelopes: every generated response struct that is only Cloudflare's envelope
//! (`errors`, `messages`, `result`, `success`, and `result_info` for a list) becomes the
//! core's generic `Response<T>` or `ListResponse<T, I>` in place of a struct of its own,
//! so a product crate compiles one set of decoders per item type, not one per operation.
//!
//! A struct is shared only when the core's type is the same on the wire and to the SDK: the
//! same fields with the same types and serde attributes, an optional `result`, and exactly
//! the `Envelope`/`Single`/`Listing` impls the core's type has. Anything else (a required
//! `result`, a `result` that is an object holding the list, another field) keeps its struct.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Item, parse_quote};

use crate::syntax::{generic_arg, last_ident};

/// Replaces every envelope-only struct of `file`'s `types` module by the core's generic
/// envelope, everywhere it is named; returns how many it replaced.
pub fn share(file: &mut syn::File) -> usize {
    let shared = shareable(file);
    if shared.is_empty() {
        return 0;
    }
    if let Some(items) = crate::syntax::module_items_mut(file, "types") {
        items.retain(|i| match i {
            Item::Struct(st) => !shared.contains_key(&st.ident.to_string()),
            Item::Impl(imp) => last_ident(&imp.self_ty).is_none_or(|n| !shared.contains_key(&n)),
            _ => true,
        });
    }
    Rewrite(&shared).visit_file_mut(file);
    shared.len()
}

/// The envelope-only structs, each with the type that replaces it.
fn shareable(file: &syn::File) -> BTreeMap<String, syn::Type> {
    let types: Vec<&Item> = crate::syntax::module_items(file, "types").collect();
    let local: BTreeSet<String> = types
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect();
    // The traits each type implements (`None`: an inherent impl), and the struct builders.
    let mut impls: BTreeMap<String, BTreeSet<Option<String>>> = BTreeMap::new();
    let mut builders: BTreeSet<String> = BTreeSet::new();
    for item in &types {
        match item {
            Item::Impl(imp) => {
                if let Some(name) = last_ident(&imp.self_ty) {
                    let tr = imp
                        .trait_
                        .as_ref()
                        .and_then(|(_, p, _)| p.segments.last())
                        .map(|s| s.ident.to_string());
                    impls.entry(name).or_default().insert(tr);
                }
            }
            Item::Mod(m) if m.ident == "builder" => {
                for it in m.content.iter().flat_map(|(_, items)| items) {
                    if let Item::Struct(st) = it {
                        builders.insert(st.ident.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for item in &types {
        let Item::Struct(st) = item else { continue };
        let name = st.ident.to_string();
        if builders.contains(&name) {
            continue;
        }
        let Some((shared, traits)) = envelope_of(st, &local) else {
            continue;
        };
        let has: BTreeSet<Option<String>> = impls.get(&name).cloned().unwrap_or_default();
        let want: BTreeSet<Option<String>> = traits.iter().map(|t| Some((*t).to_owned())).collect();
        if has == want {
            out.insert(name, shared);
        }
    }
    out
}

/// The core type an envelope-only struct is, and the trait impls the generator gave the
/// struct that the core type has too; `None` for any other struct.
fn envelope_of(
    st: &syn::ItemStruct,
    local: &BTreeSet<String>,
) -> Option<(syn::Type, &'static [&'static str])> {
    let syn::Fields::Named(fields) = &st.fields else {
        return None;
    };
    let mut by_name: BTreeMap<String, &syn::Type> = BTreeMap::new();
    for f in &fields.named {
        let name = f.ident.as_ref()?.to_string();
        let attrs: Vec<&syn::Attribute> = f
            .attrs
            .iter()
            .filter(|a| !a.path().is_ident("doc"))
            .collect();
        let expected: syn::Attribute = if name == "extra" {
            parse_quote!(#[serde(flatten)])
        } else {
            parse_quote!(#[serde(skip_serializing_if = "Option::is_none")])
        };
        if attrs != [&expected] {
            return None;
        }
        by_name.insert(name, &f.ty);
    }
    let is = |field: &str, want: syn::Type| by_name.get(field).is_some_and(|t| **t == want);
    let standard = is(
        "errors",
        parse_quote!(::std::option::Option<::cloudflare_core::Messages>),
    ) && is(
        "messages",
        parse_quote!(::std::option::Option<::cloudflare_core::Messages>),
    ) && is("success", parse_quote!(::std::option::Option<bool>))
        && is("extra", parse_quote!(::cloudflare_core::Extra));
    if !standard {
        return None;
    }
    let result = generic_arg(by_name.get("result")?, "Option")?;
    let mut result = result.clone();
    // A `types`-module type named bare (`X`) as `crate::types::X`: the same from every module.
    crate::variants::Qualify(local, &["crate", "types"]).visit_type_mut(&mut result);
    let info = by_name.get("result_info").map(|t| generic_arg(t, "Option"));
    match (by_name.len(), info) {
        (5, None) => {
            let traits: &'static [&'static str] = if generic_arg(&result, "Vec").is_some() {
                &["Envelope", "Listing", "Single"]
            } else {
                &["Envelope", "Single"]
            };
            Some((parse_quote!(::cloudflare_core::Response<#result>), traits))
        }
        (6, Some(Some(info))) => {
            let item = generic_arg(&result, "Vec")?;
            let page_number: syn::Type = parse_quote!(::cloudflare_core::ResultInfo);
            let cursor: syn::Type = parse_quote!(::cloudflare_core::CursorInfo);
            if *info == page_number {
                Some((
                    parse_quote!(::cloudflare_core::ListResponse<#item>),
                    &["Envelope", "Listing"],
                ))
            } else if *info == cursor {
                Some((
                    parse_quote!(::cloudflare_core::ListResponse<#item, ::cloudflare_core::CursorInfo>),
                    &["CursorListing", "Envelope"],
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Every mention of a shared struct (`X`, `types::X`, `crate::types::X`, `super::X`), in
/// types and in the `send_methods!` calls, as its core type.
struct Rewrite<'a>(&'a BTreeMap<String, syn::Type>);

impl Rewrite<'_> {
    fn shared(&self, t: &syn::Type) -> Option<syn::Type> {
        let syn::Type::Path(p) = t else { return None };
        if p.qself.is_some() || p.path.leading_colon.is_some() {
            return None;
        }
        let segs = idents(&p.path);
        let (last, prefix) = segs.split_last()?;
        let local = matches!(
            prefix.iter().map(String::as_str).collect::<Vec<_>>()[..],
            [] | ["types"] | ["crate", "types"] | ["super"] | ["super", "types"]
        );
        if !local || !p.path.segments.last()?.arguments.is_none() {
            return None;
        }
        self.0.get(last).cloned()
    }

    /// The arguments of a `send_methods!` call, parsed as types and
    /// rewritten; any other macro call is left as it is.
    fn macro_args(&mut self, mac: &mut syn::Macro) {
        let name = mac.path.segments.last().map(|s| s.ident.to_string());
        if !matches!(name.as_deref(), Some("send_methods")) {
            return;
        }
        let Ok(mut args) = mac.parse_body_with(
            syn::punctuated::Punctuated::<syn::Type, syn::Token![,]>::parse_terminated,
        ) else {
            return;
        };
        for a in args.iter_mut() {
            self.visit_type_mut(a);
        }
        mac.tokens = args.to_token_stream();
    }
}

impl VisitMut for Rewrite<'_> {
    fn visit_type_mut(&mut self, t: &mut syn::Type) {
        if let Some(shared) = self.shared(t) {
            *t = shared;
            return;
        }
        syn::visit_mut::visit_type_mut(self, t);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.macro_args(mac);
    }
}

/// Whether `ty` is one of the core's shared envelopes (`::cloudflare_core::Response<T>`,
/// `::cloudflare_core::ListResponse<T, I>`).
pub fn is_shared(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    let segs = idents(&p.path);
    p.path.leading_colon.is_some()
        && matches!(
            segs.iter().map(String::as_str).collect::<Vec<_>>()[..],
            ["cloudflare_core", "Response" | "ListResponse"]
        )
}

/// A path's segment names.
fn idents(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}
