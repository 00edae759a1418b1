//! Accessors on the tagged enums (a DNS record is one of 20 variants): every field that each
//! variant's struct has, with the same type, gets a method on the enum (`record.id()`,
//! `record.name()`, `record.proxied()`), so a caller reads it without matching the
//! variant. In `Other` (a value whose tag this version does not know, kept as it came) a
//! string or boolean field is read from the raw value; any other field is `None` there.

use std::collections::{BTreeMap, BTreeSet};

use quote::format_ident;
use syn::{Item, parse_quote};

use crate::normalize::{self, Report};
use crate::syntax::{generic_arg, json_name, last_ident, module_items_mut};

/// Adds the shared-field accessors to every tagged enum of `report` in `file`'s `types`.
pub fn add(file: &mut syn::File, report: &Report) {
    let Some(items) = module_items_mut(file, "types") else {
        return;
    };
    let structs: BTreeMap<String, syn::ItemStruct> = items
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => Some((s.ident.to_string(), s.clone())),
            _ => None,
        })
        .collect();
    // Methods the enums have already (`tag`, …): an accessor never shadows one.
    let mut taken: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in items.iter() {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && let Some(name) = last_ident(&imp.self_ty)
        {
            for it in &imp.items {
                if let syn::ImplItem::Fn(f) = it {
                    taken
                        .entry(name.clone())
                        .or_default()
                        .insert(f.sig.ident.to_string());
                }
            }
        }
    }
    let mut out = Vec::new();
    for (union, tagged) in &report.tagged_unions {
        let name = normalize::type_name(union);
        let members: Vec<&syn::ItemStruct> = tagged
            .variants
            .iter()
            .filter_map(|(_, m)| structs.get(&normalize::type_name(m)))
            .collect();
        if members.is_empty() || members.len() != tagged.variants.len() {
            continue;
        }
        let variants = enum_variants(items, &name);
        if variants.len() != members.len() {
            continue;
        }
        let mut methods: Vec<syn::ImplItem> = Vec::new();
        for field in shared_fields(&members) {
            let (Some(ident), Some(json)) = (&field.ident, json_name(&field)) else {
                continue;
            };
            if json == tagged.property
                || taken
                    .get(&name)
                    .is_some_and(|t| t.contains(&ident.to_string()))
            {
                continue;
            }
            if let Some(method) = accessor(ident, &json, &field.ty, &variants) {
                methods.push(method);
            }
        }
        if !methods.is_empty() {
            let name = format_ident!("{name}");
            out.push(parse_quote! {
                impl #name {
                    #(#methods)*
                }
            });
        }
    }
    items.extend(out);
}

/// The variants of enum `name` that wrap a value (`A(DnsRecordResponseARecord)`), `Other`
/// aside.
fn enum_variants(items: &[Item], name: &str) -> Vec<syn::Ident> {
    items
        .iter()
        .find_map(|i| match i {
            Item::Enum(e) if e.ident == name => Some(e),
            _ => None,
        })
        .map(|e| {
            e.variants
                .iter()
                .filter(|v| v.ident != "Other" && v.fields.len() == 1)
                .map(|v| v.ident.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The named fields every member has, with the same type and JSON name.
fn shared_fields(members: &[&syn::ItemStruct]) -> Vec<syn::Field> {
    let Some((first, rest)) = members.split_first() else {
        return Vec::new();
    };
    first
        .fields
        .iter()
        .filter(|f| f.ident.as_ref().is_some_and(|i| i != "extra"))
        .filter(|f| {
            rest.iter().all(|m| {
                m.fields
                    .iter()
                    .any(|g| g.ident == f.ident && g.ty == f.ty && json_name(g) == json_name(f))
            })
        })
        .cloned()
        .collect()
}

/// `pub fn <field>(&self) -> …` over every variant: `Option<&str>` for an optional string,
/// `Option<bool>` for an optional boolean (both also read from `Other`'s raw value),
/// `Option<&T>` for any other optional field.
fn accessor(
    ident: &syn::Ident,
    json: &str,
    ty: &syn::Type,
    variants: &[syn::Ident],
) -> Option<syn::ImplItem> {
    let inner = generic_arg(ty, "Option")?;
    let string: syn::Type = parse_quote!(::std::string::String);
    let boolean: syn::Type = parse_quote!(bool);
    let doc = format!(
        "`{json}`, whichever variant this is (in `Other`, read from the value as it came when \
         it is a string or a boolean)."
    );
    let (output, get, other): (syn::Type, syn::Expr, syn::Arm) = if *inner == string {
        (
            parse_quote!(::std::option::Option<&str>),
            parse_quote!(x.#ident.as_deref()),
            parse_quote!(Self::Other(v) => v.get(#json).and_then(::serde_json::Value::as_str),),
        )
    } else if *inner == boolean {
        (
            parse_quote!(::std::option::Option<bool>),
            parse_quote!(x.#ident),
            parse_quote!(Self::Other(v) => v.get(#json).and_then(::serde_json::Value::as_bool),),
        )
    } else {
        (
            parse_quote!(::std::option::Option<&#inner>),
            parse_quote!(x.#ident.as_ref()),
            parse_quote!(Self::Other(_) => None,),
        )
    };
    Some(parse_quote! {
        #[doc = #doc]
        pub fn #ident(&self) -> #output {
            match self {
                #(Self::#variants(x) => #get,)*
                #other
            }
        }
    })
}
