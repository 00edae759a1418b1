//! One setter per variant of a union request body, on the operation's builder, for every
//! variant that has one property a caller sets: `.tags(["a"])`, `.purge_everything(true)`,
//! `.single_file(vec![url])` on a cache purge, `.always_online("on")` on a zone-setting edit.
//! Such a setter replaces the whole body with that variant, its property set and the rest
//! defaulted (the variant's tag, if the union has one, is written by the union's `Serialize`).
//!
//! A variant qualifies when its schema (through `allOf`) declares exactly one property that
//! is neither `readOnly` nor the union's tag (a single-value `enum`), and its struct derives
//! `Default`. The setter is named for that property when no other qualifying variant of the
//! union has a property of that name, else for the variant; a name the builder already has
//! (a path parameter, `body`, `send`) is never reused. Variants with several properties (DNS
//! records) are set whole through `.body(..)`.

use std::collections::{BTreeMap, BTreeSet};

use quote::{format_ident, quote};
use serde_json::{Map, Value};
use syn::{Item, parse_quote};

use crate::model::SEND_METHODS;
use crate::normalize;
use crate::syntax::{builder_bodies, generic_arg, last_ident, method_names};

/// Adds the variant setters to every builder whose body is a union of `types`.
pub fn add(file: &mut syn::File, spec: &Value) {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    // Rust type name → its component.
    let component: BTreeMap<String, &str> = schemas
        .keys()
        .map(|c| (normalize::type_name(c), c.as_str()))
        .collect();
    let mut enums: BTreeMap<String, Vec<(syn::Ident, String)>> = BTreeMap::new();
    // Members written inline (`Variant0 { tags: Vec<String> }`): those of one field.
    let mut inline: BTreeMap<String, Vec<(syn::Ident, syn::Field)>> = BTreeMap::new();
    let mut structs: BTreeMap<String, syn::ItemStruct> = BTreeMap::new();
    let mut locals = BTreeSet::new();
    for item in crate::syntax::module_items(file, "types") {
        match item {
            Item::Type(t) => {
                locals.insert(t.ident.to_string());
            }
            Item::Enum(e) => {
                let variants = e
                    .variants
                    .iter()
                    .filter_map(|v| match &v.fields {
                        syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => {
                            Some((v.ident.clone(), last_ident(&f.unnamed[0].ty)?))
                        }
                        _ => None,
                    })
                    .collect();
                enums.insert(e.ident.to_string(), variants);
                inline.insert(
                    e.ident.to_string(),
                    e.variants
                        .iter()
                        .filter_map(|v| match &v.fields {
                            syn::Fields::Named(f) if f.named.len() == 1 => {
                                Some((v.ident.clone(), f.named[0].clone()))
                            }
                            _ => None,
                        })
                        .collect(),
                );
                locals.insert(e.ident.to_string());
            }
            Item::Struct(s) => {
                structs.insert(s.ident.to_string(), s.clone());
                locals.insert(s.ident.to_string());
            }
            _ => {}
        }
    }
    let setters_of = |union: &str| -> Vec<Setter> {
        let Some(variants) = enums.get(union) else {
            return Vec::new();
        };
        let mut found: Vec<Setter> = variants
            .iter()
            .filter_map(|(variant, ty)| {
                let st = structs.get(ty)?;
                if !crate::syntax::derives(&st.attrs, "Default") {
                    return None;
                }
                let schema = schemas.get(*component.get(ty)?)?;
                let settable = settable(schema, &schemas);
                let [(property, description)] = settable.as_slice() else {
                    return None;
                };
                let syn::Fields::Named(fields) = &st.fields else {
                    return None;
                };
                let field = fields
                    .named
                    .iter()
                    .find(|f| crate::syntax::json_name(f).as_deref() == Some(property.as_str()))?;
                let (mut value, optional) = match generic_arg(&field.ty, "Option") {
                    Some(inner) => (inner.clone(), true),
                    None => (field.ty.clone(), false),
                };
                syn::visit_mut::VisitMut::visit_type_mut(
                    &mut Qualify(&locals, &["types"]),
                    &mut value,
                );
                Some(Setter {
                    name: field.ident.as_ref()?.to_string(),
                    variant: variant.clone(),
                    ty: Some(format_ident!("{ty}")),
                    field: field.ident.clone()?,
                    value,
                    optional,
                    property: property.clone(),
                    description: description.clone(),
                })
            })
            .collect();
        for (variant, field) in inline.get(union).into_iter().flatten() {
            let (mut value, optional) = match generic_arg(&field.ty, "Option") {
                Some(inner) => (inner.clone(), true),
                None => (field.ty.clone(), false),
            };
            syn::visit_mut::VisitMut::visit_type_mut(&mut Qualify(&locals, &["types"]), &mut value);
            let (Some(ident), Some(property)) = (&field.ident, crate::syntax::json_name(field))
            else {
                continue;
            };
            found.push(Setter {
                name: ident.to_string(),
                variant: variant.clone(),
                ty: None,
                field: ident.clone(),
                value,
                optional,
                property,
                description: String::new(),
            });
        }
        let mut count: BTreeMap<String, usize> = BTreeMap::new();
        for s in &found {
            *count.entry(s.name.clone()).or_default() += 1;
        }
        // Two variants setting one property: a named member's variant names it; members
        // written inline (`Variant4`, `Variant5`: no name to give) are the property, then
        // the property numbered (`files`, `files_2`).
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        for s in &mut found {
            if count[&s.name] > 1 {
                if s.ty.is_some() {
                    s.name = snake(&s.variant.to_string());
                } else {
                    let n = seen.entry(s.name.clone()).or_default();
                    *n += 1;
                    if *n > 1 {
                        s.name = format!("{}_{n}", s.name);
                    }
                }
            }
        }
        found
    };

    let mut cache: BTreeMap<String, Vec<Setter>> = BTreeMap::new();
    for item in &mut file.items {
        let Item::Mod(m) = item else { continue };
        if m.ident != "builder" {
            continue;
        }
        let Some((_, items)) = &mut m.content else {
            continue;
        };
        // Builder → the union its body is.
        let unions: BTreeMap<String, String> = builder_bodies(items)
            .into_iter()
            .filter_map(|(builder, body)| {
                let ty = last_ident(body)?;
                enums.contains_key(&ty).then_some((builder, ty))
            })
            .collect();
        for it in items.iter_mut() {
            let Item::Impl(imp) = it else { continue };
            if imp.trait_.is_some() {
                continue;
            }
            let Some(union) = last_ident(&imp.self_ty).and_then(|b| unions.get(&b)) else {
                continue;
            };
            let setters = cache
                .entry(union.clone())
                .or_insert_with(|| setters_of(union));
            let mut taken = method_names(imp);
            taken.extend(SEND_METHODS.iter().map(|m| (*m).to_owned()));
            let union = format_ident!("{union}");
            for s in setters.iter() {
                if syn::parse_str::<syn::Ident>(&s.name).is_err() || !taken.insert(s.name.clone()) {
                    continue;
                }
                imp.items.push(s.method(&union));
            }
        }
    }
}

/// The types of the `types` module named bare (`X`) under a prefix: `types::X` from the
/// `builder` module, `crate::types::X` from anywhere.
pub(crate) struct Qualify<'a>(
    pub(crate) &'a BTreeSet<String>,
    pub(crate) &'static [&'static str],
);

impl syn::visit_mut::VisitMut for Qualify<'_> {
    fn visit_type_path_mut(&mut self, t: &mut syn::TypePath) {
        syn::visit_mut::visit_type_path_mut(self, t);
        if t.qself.is_none()
            && t.path.leading_colon.is_none()
            && t.path.segments.len() == 1
            && self.0.contains(&t.path.segments[0].ident.to_string())
        {
            for (i, segment) in self.1.iter().enumerate() {
                t.path.segments.insert(i, format_ident!("{segment}").into());
            }
        }
    }
}

/// One variant's setter.
struct Setter {
    name: String,
    variant: syn::Ident,
    /// The member's type; `None` for a member written inline in the enum.
    ty: Option<syn::Ident>,
    field: syn::Ident,
    /// The property's type, without `Option`.
    value: syn::Type,
    optional: bool,
    property: String,
    description: String,
}

impl Setter {
    fn method(&self, union: &syn::Ident) -> syn::ImplItem {
        let Self {
            variant,
            ty,
            field,
            value,
            ..
        } = self;
        let name = format_ident!("{}", self.name);
        let set = if self.optional {
            quote!(Some(v))
        } else {
            quote!(v)
        };
        let mut doc = match ty {
            Some(ty) => format!(
                " The body as its `{variant}` variant ([`{ty}`](crate::types::{ty})) with `{}` \
                 set (the rest defaulted).",
                self.property
            ),
            None => format!(
                " The body as its `{variant}` variant, which holds `{}` alone.",
                self.property
            ),
        };
        let make = match ty {
            Some(ty) => {
                quote!(crate::types::#union::#variant(crate::types::#ty { #field: #set, ..Default::default() }))
            }
            None => quote!(crate::types::#union::#variant { #field: #set }),
        };
        if !self.description.is_empty() {
            doc.push_str(&format!(" `{}`: {}", self.property, self.description));
        }
        let property = &self.property;
        // A list takes any iterator of what converts into its items: `.tags(["a", "b"])`.
        if let Some(item) = generic_arg(value, "Vec") {
            return parse_quote! {
                #[doc = #doc]
                pub fn #name<I: Into<#item>>(mut self, value: impl IntoIterator<Item = I>) -> Self {
                    let v = value.into_iter().map(Into::into).collect();
                    self.body = Ok(#make);
                    self
                }
            };
        }
        parse_quote! {
            #[doc = #doc]
            pub fn #name<V: TryInto<#value>>(mut self, value: V) -> Self {
                self.body = ::cloudflare_core::setter::variant(value, #property, |v| #make);
                self
            }
        }
    }
}

/// The properties of an object schema (through `allOf` and `$ref`) a caller sets: neither
/// `readOnly` nor a single-value `enum` (a union's tag), each with its description's first
/// paragraph.
fn settable(schema: &Value, schemas: &Map<String, Value>) -> Vec<(String, String)> {
    normalize::all_properties(schema, schemas, 0)
        .into_iter()
        .filter_map(|(name, p)| {
            let p = normalize::deref(&p, schemas);
            let read_only = p.get("readOnly").and_then(Value::as_bool) == Some(true);
            let tag = p
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|e| e.len() == 1);
            let description = p.get("description").and_then(Value::as_str);
            (!read_only && !tag).then(|| {
                (
                    name,
                    description
                        .map(|d| crate::syntax::doc_text(&crate::syntax::first_paragraph(d)))
                        .unwrap_or_default(),
                )
            })
        })
        .collect()
}

fn snake(camel: &str) -> String {
    let mut out = String::new();
    for (i, c) in camel.trim_end_matches('_').chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
