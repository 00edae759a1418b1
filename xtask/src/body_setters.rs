//! Bodies as keyword arguments: every top-level field of a struct body is a setter on the
//! operation's builder, `client.dns().zone_transfers().peers().create(account).name("p1")
//! .ip("192.0.2.53")`, taking what its body builder's setter takes (`&str` for a string,
//! a number for a number, any iterable of its items for a list: `.domains(["a.com"])`). Each forwards to the body builder (`body_map`), so a required
//! field left unset is still the error naming the operation and the field, before anything
//! is sent. A field whose name the builder already uses (a path or query parameter, `body`,
//! `send`, a per-call setting) keeps only `body_map(|b| b.field(..))`.

use std::collections::BTreeMap;

use syn::visit_mut::VisitMut;
use syn::{Item, parse_quote};

use crate::model::SEND_METHODS;
use crate::syntax::{
    builder_bodies, generic_arg, last_ident, method_names, module_items, module_items_mut,
};

/// Adds the forwarding setters to every builder in `file`'s `builder` module whose body is a
/// struct with a builder in `types::builder`.
pub fn add(file: &mut syn::File) {
    // Body builder name → its setters.
    let mut setters: BTreeMap<String, Vec<syn::ImplItemFn>> = BTreeMap::new();
    for item in module_items(file, "types") {
        let Item::Mod(m) = item else { continue };
        if m.ident != "builder" {
            continue;
        }
        for it in m.content.iter().flat_map(|(_, items)| items) {
            let Item::Impl(imp) = it else { continue };
            let Some(name) = last_ident(&imp.self_ty) else {
                continue;
            };
            if imp.trait_.is_some() {
                continue;
            }
            for f in imp.items.iter().filter_map(|i| match i {
                syn::ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => Some(f),
                _ => None,
            }) {
                if f.sig.inputs.len() == 2 && f.sig.receiver().is_some() {
                    setters.entry(name.clone()).or_default().push(f.clone());
                }
            }
        }
    }
    let Some(items) = module_items_mut(file, "builder") else {
        return;
    };
    // The body builder each builder holds (`body: Result<types::builder::X, String>`).
    let bodies: BTreeMap<String, String> = builder_bodies(items)
        .into_iter()
        .filter_map(|(builder, body)| {
            let syn::Type::Path(p) = body else {
                return None;
            };
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            match &segs[..] {
                [types, inner, name] if types == "types" && inner == "builder" => {
                    Some((builder, name.clone()))
                }
                _ => None,
            }
        })
        .collect();
    for item in items.iter_mut() {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(name) = last_ident(&imp.self_ty) else {
            continue;
        };
        let Some(body) = bodies.get(&name) else {
            continue;
        };
        let Some(fields) = setters.get(body) else {
            continue;
        };
        let mut taken = method_names(imp);
        taken.extend(SEND_METHODS.iter().map(|m| (*m).to_owned()));
        for setter in fields {
            let field = &setter.sig.ident;
            if !taken.insert(field.to_string()) {
                continue;
            }
            let mut sig = setter.sig.clone();
            // `super::X` in `types::builder` is `types::X` here.
            SuperIsTypes.visit_signature_mut(&mut sig);
            let Some(syn::FnArg::Typed(arg)) = sig.inputs.iter().nth(1) else {
                continue;
            };
            let arg = arg.pat.clone();
            let doc = format!(
                " Sets the body's `{field}` (the body builder's [`{field}`](types::builder::{body}::{field}))."
            );
            // A list takes any iterable of what converts to its items: `.domains(["a.com"])`.
            if let Some(item) = list_item(&sig) {
                imp.items.push(parse_quote! {
                    #[doc = #doc]
                    pub fn #field<I: Into<#item>>(mut self, value: impl IntoIterator<Item = I>) -> Self {
                        self.body = self.body.map(|b| {
                            b.#field(value.into_iter().map(Into::into).collect::<::std::vec::Vec<#item>>())
                        });
                        self
                    }
                });
                continue;
            }
            imp.items.push(parse_quote! {
                #[doc = #doc]
                pub #sig {
                    self.body = self.body.map(|b| b.#field(#arg));
                    self
                }
            });
        }
    }
}

/// The item type of a setter whose value is a list (`T: TryInto<Vec<X>, ..>`): `X`.
fn list_item(sig: &syn::Signature) -> Option<syn::Type> {
    let [syn::GenericParam::Type(param)] = &sig.generics.params.iter().collect::<Vec<_>>()[..]
    else {
        return None;
    };
    param.bounds.iter().find_map(|bound| {
        let syn::TypeParamBound::Trait(t) = bound else {
            return None;
        };
        let last = t.path.segments.last()?;
        if last.ident != "TryInto" {
            return None;
        }
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(ty) => generic_arg(ty, "Vec").cloned(),
            _ => None,
        })
    })
}

/// Rewrites paths that start with `super` (the `types` module, seen from `types::builder`)
/// to start with `types`.
struct SuperIsTypes;

impl VisitMut for SuperIsTypes {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_none()
            && let Some(first) = path.segments.first_mut()
            && first.ident == "super"
        {
            first.ident = syn::Ident::new("types", first.ident.span());
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}
