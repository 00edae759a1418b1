//! Conversions from what a person has into the generated unions (untagged enums whose
//! members each hold one value), so a setter or a field takes it as it is: `From<&str>` for a union with one string member (a zone setting's
//! `.value("on")`), and `From<i64>` for a union with one number member and no other numeric
//! one (a DNS record's `ttl: 1.into()`). A union that already has the conversion keeps its
//! own.

use syn::{Item, parse_quote};

use crate::syntax::{last_ident, module_items_mut, serde_keys};

/// Adds the conversions to every qualifying enum of `file`'s `types`.
pub fn add(file: &mut syn::File) {
    let Some(items) = module_items_mut(file, "types") else {
        return;
    };
    let string: syn::Type = parse_quote!(::std::string::String);
    let numbers: [syn::Type; 2] = [
        parse_quote!(::cloudflare_core::Number),
        parse_quote!(::cloudflare_core::Integer),
    ];
    let str_ref: syn::Type = parse_quote!(&str);
    let int: syn::Type = parse_quote!(i64);
    let mut added: Vec<Item> = Vec::new();
    for item in items.iter() {
        let Item::Enum(e) = item else { continue };
        // Unions only: untagged, every member one value (a string enum's unit variants and a
        // tagged union's struct variants have their own conversions or none).
        if !serde_keys(&e.attrs).iter().any(|k| k == "untagged")
            || e.variants
                .iter()
                .any(|v| !matches!(&v.fields, syn::Fields::Unnamed(f) if f.unnamed.len() == 1))
        {
            continue;
        }
        let members: Vec<(&syn::Ident, &syn::Type)> = e
            .variants
            .iter()
            .filter_map(|v| match &v.fields {
                syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                    Some((&v.ident, &f.unnamed[0].ty))
                }
                _ => None,
            })
            .collect();
        let name = &e.ident;
        let has = |from: &syn::Type| converts_from(items, &name.to_string(), from);
        if let [(variant, _)] = members
            .iter()
            .filter(|(_, t)| **t == string)
            .collect::<Vec<_>>()[..]
            && !has(&str_ref)
        {
            added.push(parse_quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        Self::#variant(value.to_owned())
                    }
                }
            });
        }
        let numeric: Vec<_> = members
            .iter()
            .filter(|(_, t)| is_numeric(t, &numbers))
            .collect();
        if let [(variant, ty)] = numeric[..]
            && (numbers.contains(ty) || *ty == &int)
            && !has(&int)
        {
            added.push(parse_quote! {
                impl ::std::convert::From<i64> for #name {
                    fn from(value: i64) -> Self {
                        Self::#variant(value.into())
                    }
                }
            });
        }
    }
    items.extend(added);
}

/// A member type that holds a number: the core's `Number`/`Integer`, or a primitive.
fn is_numeric(ty: &syn::Type, numbers: &[syn::Type]) -> bool {
    numbers.contains(ty)
        || last_ident(ty).is_some_and(|n| {
            matches!(
                n.as_str(),
                "i8" | "i16"
                    | "i32"
                    | "i64"
                    | "u8"
                    | "u16"
                    | "u32"
                    | "u64"
                    | "f32"
                    | "f64"
                    | "NonZeroU64"
                    | "NonZeroU32"
            )
        })
}

/// Whether `items` hold `impl From<from> for name`.
fn converts_from(items: &[Item], name: &str, from: &syn::Type) -> bool {
    items.iter().any(|i| match i {
        Item::Impl(imp) => {
            last_ident(&imp.self_ty).as_deref() == Some(name)
                && imp.trait_.as_ref().is_some_and(|(_, path, _)| {
                    path.segments.last().is_some_and(|s| {
                        s.ident == "From"
                            && matches!(&s.arguments, syn::PathArguments::AngleBracketed(a)
                                if a.args.len() == 1
                                    && matches!(&a.args[0], syn::GenericArgument::Type(t)
                                        if strip_lifetime(t) == *from))
                    })
                })
        }
        _ => false,
    })
}

/// `&'a str` as `&str`.
fn strip_lifetime(ty: &syn::Type) -> syn::Type {
    match ty {
        syn::Type::Reference(r) => {
            let mut r = r.clone();
            r.lifetime = None;
            syn::Type::Reference(r)
        }
        other => other.clone(),
    }
}
