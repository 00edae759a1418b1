//! How the generated structs are decoded: one line per struct, the core's `decode_struct!`,
//! in place of serde's derived `Deserialize`.
//!
//! serde's derive writes, for each struct, a field enum with its own visitor, a sequence
//! visitor JSON never uses and, for the flattened `extra`, a buffer of every unknown
//! property re-read through a second deserializer. That was half of what a product crate
//! cost to compile (the workers crate: 12.8 s of `rustc`, 6.0 s without it). The macro
//! writes one map visitor whose `match` on the key fills the fields and keeps the rest in
//! `extra`: the same JSON read the same way (the same field names, the same `None` for an
//! absent `Option`, the same "missing field" error for an absent required one), at a fraction
//! of the code.
//!
//! An untagged union whose members are each one type gets `decode_untagged!` likewise: the
//! value read once, each member tried in turn.
//!
//! A struct whose attributes the macro does not model (a container `#[serde(..)]`, a
//! `flatten` of another type, `skip`, `alias`, a `deserialize_with` other than the core's
//! `null_as_default` and `Option::deserialize`, generics) keeps serde's derive.

use quote::quote;
use syn::{Item, parse_quote};

use crate::syntax::{
    derive_lists, derives, drop_derive, generic_arg, json_name, module_items_mut, path_is,
    serde_attrs,
};

/// How a field the macro decodes treats `null` and absence.
enum Mode {
    /// serde's default: absent is `None` for an `Option`, else a "missing field" error.
    Plain,
    /// `#[serde(default)]`: absent is the type's default.
    Default,
    /// `#[serde(default, deserialize_with = "null_as_default")]`: `null` or absent is the
    /// type's default.
    NullDefault,
    /// `#[serde(deserialize_with = "Option::deserialize")]` (typify's required nullable
    /// field): `null` is `None`, absent is a "missing field" error.
    Required,
}

/// The macro's line for one field: `name`, `name = "jsonName"`, then its mode; or `None` when the macro does not
/// model its attributes.
fn field_line(field: &syn::Field) -> Option<(proc_macro2::TokenStream, Mode)> {
    let (mut default, mut with) = (false, None);
    for (key, value) in serde_attrs(&field.attrs) {
        match (key.as_str(), value) {
            ("rename", Some(_)) => {}
            ("default", None) => default = true,
            ("skip_serializing_if", Some(_)) => {}
            ("deserialize_with", Some(path)) => {
                with = Some(syn::parse_str::<syn::Path>(&path).ok()?)
            }
            _ => return None,
        }
    }
    let mode = match (default, with) {
        (false, None) => Mode::Plain,
        (true, None) => Mode::Default,
        (true, Some(p)) if path_is(&p, &["cloudflare_core", "de", "null_as_default"]) => {
            Mode::NullDefault
        }
        (false, Some(p)) if path_is(&p, &["std", "option", "Option", "deserialize"]) => {
            Mode::Required
        }
        _ => return None,
    };
    let word = match mode {
        Mode::Plain => quote!(),
        Mode::Default => quote!(default),
        Mode::NullDefault => quote!(null_default),
        Mode::Required => quote!(required),
    };
    let named = named_field(field)?;
    Some((quote!(#named #word), mode))
}

/// A field as both macros name it: `name`, or `name = "jsonName"` where its JSON name
/// ([`json_name`]) differs.
fn named_field(field: &syn::Field) -> Option<proc_macro2::TokenStream> {
    let ident = field.ident.as_ref()?;
    let wire = json_name(field)?;
    let differs = *ident != wire;
    let wire = differs.then(|| quote!(= #wire));
    Some(quote!(#ident #wire))
}

/// Whether `field` is the flattened `extra` every response struct keeps its unknown
/// properties in.
fn is_extra(field: &syn::Field) -> bool {
    let flattened = serde_attrs(&field.attrs) == [("flatten".to_owned(), None)];
    let extra = matches!(&field.ty, syn::Type::Path(p)
        if path_is(&p.path, &["cloudflare_core", "Extra"]));
    flattened && extra && field.ident.as_ref().is_some_and(|i| i == "extra")
}

/// The fields of a struct the macros can model (no generics, no container `#[serde(..)]`,
/// named fields).
fn modelled_fields(
    st: &syn::ItemStruct,
) -> Option<&syn::punctuated::Punctuated<syn::Field, syn::Token![,]>> {
    if !st.generics.params.is_empty() || st.attrs.iter().any(|a| a.path().is_ident("serde")) {
        return None;
    }
    match &st.fields {
        syn::Fields::Named(named) => Some(&named.named),
        _ => None,
    }
}

/// The `decode_struct!` line of a struct, or `None` when it keeps serde's derive.
fn decoder(st: &syn::ItemStruct) -> Option<Item> {
    let fields = modelled_fields(st)?;
    let mut lines = Vec::new();
    let mut extra = None;
    // Whether the derived `Default` is what serde gives every absent field.
    let mut defaults = derives(&st.attrs, "Default");
    for field in fields {
        if is_extra(field) {
            extra = Some(quote!(, extra));
            continue;
        }
        let (line, mode) = field_line(field)?;
        defaults &= match mode {
            Mode::Default | Mode::NullDefault => true,
            Mode::Plain => generic_arg(&field.ty, "Option").is_some(),
            Mode::Required => false,
        };
        lines.push(line);
    }
    let ident = &st.ident;
    let start = defaults.then(|| quote!(default));
    Some(parse_quote! {
        ::cloudflare_core::decode_struct!(#start #ident { #(#lines),* } #extra);
    })
}

/// The `decode_untagged!` line of an untagged union whose every member is one type
/// (`Name(T)`), or `None` when it keeps serde's derive (a member written inline as a
/// struct variant, any other `#[serde(..)]`).
fn union_decoder(en: &syn::ItemEnum) -> Option<Item> {
    let untagged = en
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .count()
        == 1
        && serde_attrs(&en.attrs) == [("untagged".to_owned(), None)];
    if !untagged || !en.generics.params.is_empty() {
        return None;
    }
    let mut variants = Vec::new();
    for v in &en.variants {
        let one = matches!(&v.fields, syn::Fields::Unnamed(f) if f.unnamed.len() == 1);
        if !one || v.attrs.iter().any(|a| a.path().is_ident("serde")) {
            return None;
        }
        variants.push(&v.ident);
    }
    let ident = &en.ident;
    // `#[serde(untagged)]` stays for `Serialize`.
    Some(parse_quote! {
        ::cloudflare_core::decode_untagged!(#ident { #(#variants),* });
    })
}

/// The product crates' feature that derives `Deserialize` on the request types too (the
/// SDK forwards it).
pub const REQUEST_DECODING: &str = "deserialize-requests";

/// The `encode_struct!` line of a struct, or `None` when it keeps serde's derived
/// `Serialize` (what `decoder` refuses, a `skip_serializing_if` other than typify's
/// `Option::is_none` and `is_empty` of a list or map).
fn encoder(st: &syn::ItemStruct) -> Option<Item> {
    let fields = modelled_fields(st)?;
    let mut lines = Vec::new();
    let mut extra = None;
    for field in fields {
        if is_extra(field) {
            extra = Some(quote!(, extra));
            continue;
        }
        let mut skip = None;
        for (key, value) in serde_attrs(&field.attrs) {
            match (key.as_str(), value) {
                // How it is read: `decode_struct!`'s business.
                ("rename", Some(_)) | ("default", None) | ("deserialize_with", Some(_)) => {}
                ("skip_serializing_if", Some(path)) if skips_empty(&path) => {
                    skip = Some(quote!(skip_empty))
                }
                _ => return None,
            }
        }
        let named = named_field(field)?;
        lines.push(quote!(#named #skip));
    }
    let ident = &st.ident;
    Some(parse_quote! {
        ::cloudflare_core::encode_struct!(#ident { #(#lines),* } #extra);
    })
}

/// Whether a `skip_serializing_if` function is one `encode_struct!`'s `skip_empty` stands
/// for: `Option::is_none`, or `is_empty` of a list or map (typify writes these paths in
/// several spellings, `::std::vec::Vec::is_empty`, `:: std :: collections :: HashMap::is_empty`).
fn skips_empty(function: &str) -> bool {
    let Ok(path) = syn::parse_str::<syn::Path>(function) else {
        return false;
    };
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    matches!(
        names
            .iter()
            .rev()
            .take(2)
            .map(String::as_str)
            .collect::<Vec<_>>()[..],
        ["is_none", "Option"] | ["is_empty", "Vec" | "HashMap" | "BTreeMap" | "Map"]
    )
}

/// Whether `attr` is `#[cfg_attr(feature = "deserialize-requests", derive(Deserialize))]`,
/// which a type only requests use carries ([`REQUEST_DECODING`]).
fn decodes_with_requests(attr: &syn::Attribute) -> bool {
    if !attr.path().is_ident("cfg_attr") {
        return false;
    }
    let Ok(args) = attr.parse_args_with(
        syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
    ) else {
        return false;
    };
    match &args.iter().collect::<Vec<_>>()[..] {
        [syn::Meta::NameValue(cond), syn::Meta::List(derive)] => {
            cond.path.is_ident("feature")
                && crate::syntax::lit_str(&cond.value).as_deref() == Some(REQUEST_DECODING)
                && derive_lists(derive, "Deserialize")
        }
        _ => false,
    }
}

/// Replaces serde's derives on every struct of `types` the macros model: `Deserialize` with
/// one `decode_struct!` line after it (behind the request decoding feature for a type only
/// requests use, as its derive was), then `Serialize` with one `encode_struct!` line, the
/// fields' `#[serde(..)]` attributes going with it. Untagged unions whose members are one type
/// each get `decode_untagged!` and keep their derived `Serialize`.
pub fn compact_decoding(file: &mut syn::File) {
    let Some(items) = module_items_mut(file, "types") else {
        return;
    };
    let mut out = Vec::with_capacity(items.len());
    for mut item in std::mem::take(items) {
        let mut lines: Vec<Item> = Vec::new();
        match &mut item {
            Item::Struct(st) => {
                if derives(&st.attrs, "Deserialize") {
                    lines.extend(decoder(st).inspect(|_| {
                        drop_derive(&mut st.attrs, "Deserialize");
                    }));
                } else if let Some(at) = st.attrs.iter().position(decodes_with_requests)
                    && let Some(Item::Macro(mut line)) = decoder(st)
                {
                    st.attrs.remove(at);
                    line.attrs
                        .push(parse_quote!(#[cfg(feature = #REQUEST_DECODING)]));
                    lines.push(Item::Macro(line));
                }
                let decoded_here = !derives(&st.attrs, "Deserialize")
                    && !st.attrs.iter().any(decodes_with_requests);
                if decoded_here
                    && derives(&st.attrs, "Serialize")
                    && let Some(line) = encoder(st)
                {
                    drop_derive(&mut st.attrs, "Serialize");
                    if let syn::Fields::Named(named) = &mut st.fields {
                        for field in &mut named.named {
                            field.attrs.retain(|a| !a.path().is_ident("serde"));
                        }
                    }
                    lines.push(line);
                }
            }
            Item::Enum(en) if derives(&en.attrs, "Deserialize") => {
                lines.extend(union_decoder(en).inspect(|_| {
                    drop_derive(&mut en.attrs, "Deserialize");
                }));
            }
            _ => {}
        }
        out.push(item);
        out.extend(lines);
    }
    *items = out;
}
