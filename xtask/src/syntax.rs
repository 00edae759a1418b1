//! Reading and writing the generated code's syntax: the `syn` helpers every pass shares
//! (a type's generic argument or last identifier, a module's items, a field's JSON name, a
//! call inside an expression, the client's methods) and the prose of generated doc comments.
//! Every test on generated code is on its syntax tree, never on its text.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use syn::Item;

/// The JSON name of a generated struct field: its `#[serde(rename = "…")]`, else its name.
pub(crate) fn json_name(field: &syn::Field) -> Option<String> {
    serde_rename(&field.attrs).or_else(|| {
        let ident = field.ident.as_ref()?.to_string();
        Some(ident.strip_prefix("r#").unwrap_or(&ident).to_owned())
    })
}

/// The `rename = "…"` of a field's or variant's `#[serde(…)]` attributes.
pub(crate) fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    serde_attrs(attrs)
        .into_iter()
        .filter(|(key, _)| key == "rename")
        .filter_map(|(_, value)| value)
        .next_back()
}

/// Whether `expr` calls a function or method named `name` (a path's last segment).
pub(crate) fn calls(expr: &syn::Expr, name: &str) -> bool {
    struct Find<'a> {
        name: &'a str,
        found: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Find<'_> {
        fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
            if let syn::Expr::Path(p) = &*c.func
                && p.path.segments.last().is_some_and(|s| s.ident == self.name)
            {
                self.found = true;
            }
            syn::visit::visit_expr_call(self, c);
        }
        fn visit_expr_method_call(&mut self, c: &'ast syn::ExprMethodCall) {
            if c.method == self.name {
                self.found = true;
            }
            syn::visit::visit_expr_method_call(self, c);
        }
    }
    let mut find = Find { name, found: false };
    syn::visit::Visit::visit_expr(&mut find, expr);
    find.found
}

/// Drops the call `.name(..)` from a method-call chain.
pub(crate) fn drop_method(expr: &mut syn::Expr, name: &str) {
    if let syn::Expr::Try(t) = expr {
        drop_method(&mut t.expr, name);
    } else if let syn::Expr::MethodCall(call) = expr {
        if call.method == name {
            *expr = (*call.receiver).clone();
            drop_method(expr, name);
        } else {
            drop_method(&mut call.receiver, name);
        }
    }
}

/// `T` of `Result<ResponseValue<T>, _>`.
pub(crate) fn success_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let ok = generic_arg(ty, "Result")?;
    // progenitor's `Result<ResponseValue<T>, _>`, or the safe `send()`'s `Result<T, Error>`.
    Some(generic_arg(ok, "ResponseValue").unwrap_or(ok).clone())
}

/// The type arguments of `ty`'s last path segment (`[T, E]` of `Result<T, E>`).
pub(crate) fn generic_args(ty: &syn::Type) -> Vec<&syn::Type> {
    let syn::Type::Path(p) = ty else {
        return Vec::new();
    };
    let Some(syn::PathArguments::AngleBracketed(args)) =
        p.path.segments.last().map(|s| &s.arguments)
    else {
        return Vec::new();
    };
    args.args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The first type argument of `ty` when its last path segment is `outer`.
pub(crate) fn generic_arg<'a>(ty: &'a syn::Type, outer: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != outer {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// `X` for `types::X` (a type of this crate), `None` for `()`, `ByteStream`, `::std::..`.
pub(crate) fn local_type(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    // `types::X` as progenitor writes it, or `crate::types::X` (a replacement the generator
    // gave typify: a tolerant tagged union).
    let local = match segs.as_slice() {
        [types, name] if types == "types" => Some(name),
        [krate, types, name] if krate == "crate" && types == "types" => Some(name),
        _ => None,
    };
    local.filter(|_| p.path.leading_colon.is_none()).cloned()
}

/// Client method of each builder, from `impl Client { pub fn x(&self) -> builder::X { .. } }`.
pub(crate) fn client_methods(file: &syn::File) -> BTreeMap<String, String> {
    let mut builder_of = BTreeMap::new();
    for item in &file.items {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || last_ident(&imp.self_ty).as_deref() != Some("Client") {
            continue;
        }
        for it in &imp.items {
            if let syn::ImplItem::Fn(f) = it
                && let syn::ReturnType::Type(_, ty) = &f.sig.output
                && let Some(b) = last_ident(ty)
                && b != "Self"
            {
                builder_of.insert(b, f.sig.ident.to_string());
            }
        }
    }
    builder_of
}

pub(crate) fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

pub(crate) fn module_items<'a>(file: &'a syn::File, name: &str) -> impl Iterator<Item = &'a Item> {
    file.items
        .iter()
        .filter_map(move |i| match i {
            Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items),
            _ => None,
        })
        .flatten()
}

/// The items of the inline module `name`, to change.
pub(crate) fn module_items_mut<'a>(
    file: &'a mut syn::File,
    name: &str,
) -> Option<&'a mut Vec<Item>> {
    file.items.iter_mut().find_map(|i| match i {
        Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

pub(crate) fn append_to_module(file: &mut syn::File, name: &str, items: Vec<Item>) {
    if let Some(content) = module_items_mut(file, name) {
        content.extend(items);
    }
}

/// Each builder struct of `items` (the `builder` module) with the type its `body` field
/// holds (`body: Result<T, String>` → `T`).
pub(crate) fn builder_bodies(items: &[Item]) -> BTreeMap<String, &syn::Type> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Struct(st) => {
                let body = st
                    .fields
                    .iter()
                    .find(|f| f.ident.as_ref().is_some_and(|i| i == "body"))?;
                Some((st.ident.to_string(), generic_arg(&body.ty, "Result")?))
            }
            _ => None,
        })
        .collect()
}

/// The names of the methods of `imp`.
pub(crate) fn method_names(imp: &syn::ItemImpl) -> BTreeSet<String> {
    imp.items
        .iter()
        .filter_map(|i| match i {
            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The keys of an item's `#[serde(...)]` attributes (`default`, `flatten`,
/// `skip_serializing_if`, …), in order.
pub(crate) fn serde_keys(attrs: &[syn::Attribute]) -> Vec<String> {
    serde_attrs(attrs).into_iter().map(|(key, _)| key).collect()
}

/// Each key of an item's `#[serde(...)]` attributes, in order, with its value when that is a
/// string (`rename = "type"` → `("rename", Some("type"))`, `flatten` → `("flatten", None)`).
/// What does not parse is left out (rustc would refuse it).
pub(crate) fn serde_attrs(attrs: &[syn::Attribute]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|meta| {
            let value = if meta.input.peek(syn::Token![=]) {
                lit_str(&meta.value()?.parse::<syn::Expr>()?)
            } else {
                None
            };
            if let Some(key) = meta.path.get_ident() {
                out.push((key.to_string(), value));
            }
            Ok(())
        });
    }
    out
}

/// A field of a `decode_struct!`/`encode_struct!` line: its name, and the words after it.
pub(crate) type MacroField = (String, Vec<String>);

/// The struct and fields of a `decode_struct!`/`encode_struct!` line
/// (`decode_struct!(default X { a, b = "jsonName" default }, extra)`): the type's name, and
/// each field with the words after it (`default`, `null_default`, `required`, `skip_empty`).
/// `None` for any other macro.
pub(crate) fn object_macro(mac: &syn::Macro) -> Option<(String, Vec<MacroField>)> {
    let name = mac.path.segments.last()?.ident.to_string();
    if name != "decode_struct" && name != "encode_struct" {
        return None;
    }
    let mut ty = None;
    for token in mac.tokens.clone() {
        match token {
            proc_macro2::TokenTree::Ident(i) => ty = Some(i.to_string()),
            proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => {
                let mut fields: Vec<MacroField> = Vec::new();
                let mut at_start = true;
                for t in g.stream() {
                    match t {
                        proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => at_start = true,
                        proc_macro2::TokenTree::Ident(i) if at_start => {
                            fields.push((i.to_string(), Vec::new()));
                            at_start = false;
                        }
                        proc_macro2::TokenTree::Ident(i) => {
                            if let Some((_, words)) = fields.last_mut() {
                                words.push(i.to_string());
                            }
                        }
                        _ => {}
                    }
                }
                return Some((ty?, fields));
            }
            _ => {}
        }
    }
    None
}

/// A description's first paragraph on one line.
pub(crate) fn first_paragraph(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text from the document made safe for rustdoc: one line, no code fences, no HTML or link
/// syntax rustdoc would read, bare URLs in angle brackets.
pub(crate) fn doc_text(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            let w = w
                .replace("```", "")
                .replace('\\', "\\\\")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('[', "\\[")
                .replace(']', "\\]");
            let Some(i) = w.find("http://").or_else(|| w.find("https://")) else {
                return w;
            };
            let url = w[i..].trim_end_matches(|c: char| ".,;:)'\"".contains(c));
            let end = i + url.len();
            format!("{}<{url}>{}", &w[..i], &w[end..])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tokens as text, for what a person reads (the API surface snapshot, `cargo xtask diff`'s
/// report): the one place the passes turn syntax into a string. No pass decides anything by
/// matching such text.
pub(crate) fn render(tokens: &impl ToTokens) -> String {
    tokens.to_token_stream().to_string()
}

/// Whether `path` is `segments` (a leading `::` aside): `::reqwest::header::ACCEPT`.
pub(crate) fn path_is(path: &syn::Path, segments: &[&str]) -> bool {
    path.segments.len() == segments.len()
        && path
            .segments
            .iter()
            .zip(segments)
            .all(|(s, want)| s.ident == want)
}

/// Whether `expr` is the path `segments` (a value, or the function of a call).
pub(crate) fn expr_path_is(expr: &syn::Expr, segments: &[&str]) -> bool {
    matches!(expr, syn::Expr::Path(p) if p.qself.is_none() && path_is(&p.path, segments))
}

/// Whether `expr` names the path `segments` anywhere in it (`From::from`, `Some`).
pub(crate) fn mentions_path(expr: &syn::Expr, segments: &[&str]) -> bool {
    struct Find<'a> {
        segments: &'a [&'a str],
        found: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Find<'_> {
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            self.found |= path_is(&p.path, self.segments);
        }
    }
    let mut find = Find {
        segments,
        found: false,
    };
    syn::visit::Visit::visit_expr(&mut find, expr);
    find.found
}

/// Whether `expr` expands the macro `name!` anywhere in it (`format!`).
pub(crate) fn uses_macro(expr: &syn::Expr, name: &str) -> bool {
    struct Find<'a> {
        name: &'a str,
        found: bool,
    }
    impl<'ast> syn::visit::Visit<'ast> for Find<'_> {
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            self.found |= m.path.is_ident(self.name);
        }
    }
    let mut find = Find { name, found: false };
    syn::visit::Visit::visit_expr(&mut find, expr);
    find.found
}

/// Whether the block calls a function or method named `name` anywhere.
pub(crate) fn block_calls(block: &syn::Block, name: &str) -> bool {
    block.stmts.iter().any(|s| match s {
        syn::Stmt::Local(l) => l.init.as_ref().is_some_and(|i| calls(&i.expr, name)),
        syn::Stmt::Expr(e, _) => calls(e, name),
        _ => false,
    })
}

/// The innermost call of a method-call chain (`value.try_into()` of
/// `value.try_into().map(Some).map_err(..)`), through `?`.
pub(crate) fn chain_start(expr: &syn::Expr) -> Option<&syn::ExprMethodCall> {
    match expr {
        syn::Expr::Try(t) => chain_start(&t.expr),
        syn::Expr::MethodCall(call) => match &*call.receiver {
            syn::Expr::MethodCall(_) | syn::Expr::Try(_) => chain_start(&call.receiver),
            _ => Some(call),
        },
        _ => None,
    }
}

/// The initialiser of `let <name> = <init>;` (`mut` or not), when `stmt` is that.
pub(crate) fn let_init<'a>(stmt: &'a syn::Stmt, name: &str) -> Option<&'a syn::Expr> {
    let syn::Stmt::Local(local) = stmt else {
        return None;
    };
    let syn::Pat::Ident(p) = &local.pat else {
        return None;
    };
    (p.ident == name).then_some(())?;
    local.init.as_ref().map(|i| &*i.expr)
}

/// Whether `stmt` is `let Self { .. } = self;` (progenitor's first line of a `send`).
pub(crate) fn destructures_self(stmt: &syn::Stmt) -> bool {
    matches!(stmt, syn::Stmt::Local(syn::Local { pat: syn::Pat::Struct(p), init: Some(init), .. })
        if p.path.is_ident("Self") && expr_path_is(&init.expr, &["self"]))
}

/// The value of a string literal expression.
pub(crate) fn lit_str(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// The value of an integer literal expression.
pub(crate) fn lit_int(expr: &syn::Expr) -> Option<u64> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_parse().ok(),
        _ => None,
    }
}

/// Whether a plain `#[derive(..)]` of `attrs` lists `name`.
pub(crate) fn derives(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| match &a.meta {
        syn::Meta::List(list) => derive_lists(list, name),
        _ => false,
    })
}

/// Whether `list` is a `derive(..)` that lists `name` (also inside a `cfg_attr`).
pub(crate) fn derive_lists(list: &syn::MetaList, name: &str) -> bool {
    list.path.is_ident("derive")
        && list
            .parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == name))
            })
}

/// Removes `name` from a `#[derive(..)]` list; whether it was there.
pub(crate) fn drop_derive(attrs: &mut [syn::Attribute], name: &str) -> bool {
    let mut dropped = false;
    for attr in attrs.iter_mut() {
        if !attr.path().is_ident("derive") {
            continue;
        }
        let Ok(paths) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let kept: Vec<&syn::Path> = paths
            .iter()
            .filter(|p| p.segments.last().is_none_or(|s| s.ident != name))
            .collect();
        if kept.len() != paths.len() {
            dropped = true;
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    dropped
}
