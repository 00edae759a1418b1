//! The wire test's cases: for every generated operation (progenitor's builders and the raw
//! path), a function that builds its request with one given value for every path parameter
//! and valid values for everything else it requires, and sends it through its
//! `send_envelope()` (the request loop, one request, the whole response). `codegen` writes
//! them, for every product, into `tests/it/wire_cases.rs`; `tests/it/wire.rs` sends each on
//! loopback and compares the request line with the operation's template.
//!
//! Required query and header parameters and request bodies get the smallest JSON value
//! their normalised schema accepts (`synth`: required properties only, an enum's first
//! value, a union's first member), decoded into the builder's own type by the test.

use std::collections::BTreeMap;

use serde_json::Map;

use quote::{format_ident, quote};
use serde_json::{Value, json};
use syn::Item;

use crate::normalize::{self, deref, deref_local, deref_parameter, field_name};

/// One product's cases: a `Case { .. }` expression per operation.
pub fn cases(
    file: &syn::File,
    spec: &Value,
    raw: &[crate::raw::RawOp],
    accessor: &str,
) -> Result<Vec<proc_macro2::TokenStream>, String> {
    let acc = format_ident!("{accessor}");
    let krate: syn::Path =
        syn::parse_str(&format!("::cloudflare_sdk::api::{accessor}")).map_err(|e| e.to_string())?;
    let ops = crate::model::operations(spec);
    let methods = crate::syntax::client_methods(file);
    let none = Map::new();
    let component = |kind: &str| {
        spec.pointer(&format!("/components/{kind}"))
            .and_then(Value::as_object)
            .unwrap_or(&none)
    };
    let (schemas, parameters) = (component("schemas"), component("parameters"));
    let mut out = Vec::new();
    let builders: BTreeMap<String, &syn::ItemStruct> = crate::syntax::module_items(file, "builder")
        .filter_map(|i| match i {
            Item::Struct(s) => Some((s.ident.to_string(), s)),
            _ => None,
        })
        .collect();
    // Builder → its `Operation::Response`.
    let responses: BTreeMap<String, &syn::Type> = crate::syntax::module_items(file, "builder")
        .filter_map(|i| match i {
            Item::Impl(imp)
                if imp.trait_.as_ref().is_some_and(|(_, p, _)| {
                    p.segments.last().is_some_and(|s| s.ident == "Operation")
                }) =>
            {
                let ty = imp.items.iter().find_map(|i| match i {
                    syn::ImplItem::Type(t) if t.ident == "Response" => Some(&t.ty),
                    _ => None,
                })?;
                Some((crate::syntax::last_ident(&imp.self_ty)?, ty))
            }
            _ => None,
        })
        .collect();
    for item in crate::syntax::module_items(file, "builder") {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(name) = crate::syntax::last_ident(&imp.self_ty) else {
            continue;
        };
        let (Some(method), Some(st)) = (methods.get(&name), builders.get(&name)) else {
            continue;
        };
        let Some(meta) = ops.get(method) else {
            continue;
        };
        let op = &spec["paths"][&meta.path][meta.http.to_lowercase()];
        let required = required_fields(imp);
        let params = crate::normalize::path_params(&meta.path);
        let fields = fields(st);
        let mut calls = Vec::new();
        let mut path_setters = Vec::new();
        for p in &params {
            let setter = path_setter(fields.iter().map(|(f, _)| f.as_str()), p)
                .ok_or_else(|| format!("`{}`: no setter for path parameter `{p}`", meta.id))?;
            path_setters.push(setter.to_owned());
            let setter = format_ident!("{setter}");
            calls.push(quote!(.#setter(v)));
        }
        for (field, ty) in fields {
            if path_setters.contains(&field) || !required.contains(&field) && field != "body" {
                continue;
            }
            let schema = if field == "body" {
                let request = deref_local(spec, &op["requestBody"]);
                let body = &request["content"]["application/json"]["schema"];
                if body.is_null() {
                    continue;
                }
                body.clone()
            } else {
                let found = op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find_map(|p| {
                        let p = deref_parameter(p, parameters);
                        let n = p["name"].as_str()?;
                        is_setter(&field, n).then(|| p["schema"].clone())
                    });
                found.ok_or_else(|| format!("`{}`: no parameter for `{field}`", meta.id))?
            };
            let value = serde_json::to_string(&synth(&schema, schemas, 0)).unwrap_or_default();
            let ty = qualify(&ty, &krate);
            let setter = format_ident!("{field}");
            calls.push(quote!(.#setter(from_json::<#ty>(#value))));
        }
        let method = format_ident!("{method}");
        // A response of a generated type is handed back as JSON, to compare with what the
        // server sent; `()`, free-form JSON and byte streams are not.
        let local = responses.get(&name).is_some_and(|t| {
            crate::syntax::local_type(t).is_some() || crate::envelopes::is_shared(t)
        });
        let answer = if local {
            quote!(Ok(r) => Ok(::serde_json::to_value(r).ok()))
        } else {
            quote!(Ok(_) => Ok(None))
        };
        let (status, example, instance) = examples(op, schemas);
        let build = quote!(api.#acc().#method() #(#calls)*);
        out.push(case(
            accessor,
            (&meta.id, &meta.http, &meta.path),
            &params,
            (status, &example, &instance),
            build,
            answer,
        ));
    }
    for r in raw {
        let method = format_ident!("{}", normalize::method_name(&r.id));
        let setters = r.path_params.iter().map(|p| {
            let s = crate::raw::ident(p);
            quote!(.#s(v))
        });
        let body = r.body_required.then(|| {
            quote!(.body(::cloudflare_core::raw::RawBody::bytes("application/octet-stream", "x")))
        });
        let build = quote!(api.#acc().#method() #(#setters)* #body);
        out.push(case(
            accessor,
            (&r.id, &r.http, &r.path),
            &r.path_params,
            (200, "", ""),
            build,
            quote!(Ok(_) => Ok(None)),
        ));
    }
    Ok(out)
}

/// One `Case { .. }`: `build` makes the request with `v` for the path parameters, `answer`
/// is the match arm that turns a successful send into the case's result.
fn case(
    accessor: &str,
    (id, http, path): (&str, &str, &str),
    params: &[String],
    (status, example, instance): (u16, &str, &str),
    build: proc_macro2::TokenStream,
    answer: proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let v = value_arg(params);
    quote! {
        Case {
            product: #accessor,
            operation: #id,
            method: #http,
            template: #path,
            status: #status,
            example: #example,
            instance: #instance,
            send: |api, #v| {
                let op = #build;
                Box::pin(async move {
                    match op.send_envelope().await {
                        #answer,
                        Err(e) => Err(e),
                    }
                })
            },
        }
    }
}

/// The operation's first documented JSON success status, its example response (that response's `example`
/// or first `examples` entry), and an instance of its success schema assembled from the
/// document's examples of each property ([`instance`]); `""` where there is none.
fn examples(op: &Value, schemas: &Map<String, Value>) -> (u16, String, String) {
    let Some((status, success)) = op["responses"].as_object().and_then(|r| {
        r.iter()
            .filter(|(code, _)| code.starts_with('2'))
            .map(|(code, r)| {
                (
                    code.parse().unwrap_or(200),
                    &r["content"]["application/json"],
                )
            })
            .find(|(_, c)| c.is_object())
    }) else {
        return (200, String::new(), String::new());
    };
    let example = match (&success["example"], success["examples"].as_object()) {
        (Value::Null, Some(all)) => all.values().next().map(|e| e["value"].clone()),
        (Value::Null, None) => None,
        (e, _) => Some(e.clone()),
    };
    let text = |v: Option<Value>| {
        v.filter(|v| !v.is_null())
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let schema = &success["schema"];
    let instance = (!schema.is_null()).then(|| instance(schema, schemas, 0));
    (status, text(example), text(instance))
}

/// An instance of `schema` with every property, each leaf the document's `example` for it
/// where it gives one of the schema's type (else the smallest value of the type), a union's
/// first member, lists of one item.
fn instance(schema: &Value, schemas: &Map<String, Value>, depth: usize) -> Value {
    if depth > 10 {
        return Value::Null;
    }
    let schema = deref(schema, schemas);
    if let Some(first) = first_enum_value(schema) {
        return first.clone();
    }
    let mut obj = serde_json::Map::new();
    let mut composed = false;
    for m in members(schema) {
        match instance(m, schemas, depth + 1) {
            Value::Object(o) => {
                composed = true;
                obj.extend(o);
            }
            Value::Null => {}
            other if !object_like(schema) => return other,
            _ => {}
        }
    }
    if let Some(props) = schema["properties"].as_object() {
        for (name, p) in props {
            let v = instance(p, schemas, depth + 1);
            if !v.is_null() {
                obj.insert(name.clone(), v);
            }
        }
    }
    if composed || object_like(schema) {
        return Value::Object(obj);
    }
    let ty = leaf_type(schema);
    let example = &schema["example"];
    let fits = match ty.as_str() {
        Some("string") => example.is_string(),
        Some("integer") => example.is_i64() || example.is_u64(),
        Some("number") => example.is_number(),
        Some("boolean") => example.is_boolean(),
        _ => false,
    };
    if fits {
        return example.clone();
    }
    match ty.as_str() {
        Some("string") => json!("x"),
        Some("integer") | Some("number") => json!(1),
        Some("boolean") => json!(true),
        Some("array") => {
            let item = instance(&schema["items"], schemas, depth + 1);
            if item.is_null() {
                json!([])
            } else {
                json!([item])
            }
        }
        _ => Value::Null,
    }
}

/// The case's value argument: `_` for an operation without path parameters.
fn value_arg(params: &[String]) -> syn::Pat {
    if params.is_empty() {
        syn::parse_quote!(_)
    } else {
        syn::parse_quote!(v)
    }
}

/// progenitor's setter for path parameter `name` among a builder's fields: the exact name
/// first (a keyword's `type_` only where there is no `type`), else [`is_setter`]'s.
pub(crate) fn path_setter<'a>(
    fields: impl Iterator<Item = &'a str> + Clone,
    name: &str,
) -> Option<&'a str> {
    let exact = field_name(name);
    fields
        .clone()
        .find(|f| *f == exact)
        .or_else(|| fields.into_iter().find(|f| is_setter(f, name)))
}

/// Whether builder field `field` is progenitor's setter for parameter `name` (its field
/// name, or that with `_` where it is a keyword).
fn is_setter(field: &str, name: &str) -> bool {
    let f = field_name(name);
    field == f || field.strip_suffix('_') == Some(f.as_str())
}

/// A builder struct's fields (but `client`) and the `T` of their `Result<T, String>`.
fn fields(st: &syn::ItemStruct) -> Vec<(String, syn::Type)> {
    st.fields
        .iter()
        .filter_map(|f| {
            let name = f.ident.as_ref()?.to_string();
            let ty = crate::syntax::generic_arg(&f.ty, "Result")?.clone();
            Some((name, ty))
        })
        .collect()
}

/// The fields `new()` starts as `Err(..)`: the ones `send` requires.
fn required_fields(imp: &syn::ItemImpl) -> Vec<String> {
    let mut out = Vec::new();
    for it in &imp.items {
        let syn::ImplItem::Fn(f) = it else { continue };
        if f.sig.ident != "new" {
            continue;
        }
        for stmt in &f.block.stmts {
            let syn::Stmt::Expr(syn::Expr::Struct(s), _) = stmt else {
                continue;
            };
            for fv in &s.fields {
                if let (syn::Member::Named(n), syn::Expr::Call(c)) = (&fv.member, &fv.expr)
                    && matches!(&*c.func, syn::Expr::Path(p) if p.path.is_ident("Err"))
                {
                    out.push(n.to_string());
                }
            }
        }
    }
    out
}

/// A builder field's type as the test names it: every `types::X` or `crate::types::X` in it
/// (and a body's `types::builder::X`, whose setter takes `types::X`) under the SDK's
/// re-export.
fn qualify(ty: &syn::Type, krate: &syn::Path) -> syn::Type {
    struct Q<'a>(&'a syn::Path);
    impl syn::visit_mut::VisitMut for Q<'_> {
        fn visit_path_mut(&mut self, p: &mut syn::Path) {
            syn::visit_mut::visit_path_mut(self, p);
            let names: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            let local = p.leading_colon.is_none()
                && (names.first().is_some_and(|n| n == "types")
                    || names.len() > 1 && names[0] == "crate" && names[1] == "types");
            if local && let Some(last) = p.segments.last().cloned() {
                let krate = self.0;
                *p = syn::parse_quote!(#krate::types::#last);
            }
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Q(krate), &mut ty);
    ty
}

/// The smallest JSON value `schema` accepts: required properties only, an enum's first
/// value, a union's first member, an empty list.
pub fn synth(schema: &Value, schemas: &Map<String, Value>, depth: usize) -> Value {
    synth_in(schema, &[], schemas, depth)
}

/// [`synth`] with the schemas around this one (a union member that only lists `required`
/// finds the properties on its parent).
fn synth_in(schema: &Value, outer: &[&Value], schemas: &Map<String, Value>, depth: usize) -> Value {
    if depth > 24 {
        return json!({});
    }
    let schema = deref(schema, schemas);
    if let Some(first) = first_enum_value(schema) {
        return first.clone();
    }
    let mut chain: Vec<&Value> = vec![schema];
    chain.extend_from_slice(outer);
    let mut obj = serde_json::Map::new();
    let mut composed = false;
    for m in members(schema) {
        match synth_in(m, &chain, schemas, depth + 1) {
            Value::Object(o) => {
                composed = true;
                obj.extend(o);
            }
            other if !object_like(schema) => return other,
            _ => {}
        }
    }
    for p in schema["required"].as_array().into_iter().flatten() {
        let Some(p) = p.as_str() else { continue };
        if !obj.contains_key(p) {
            // The property's schema from the first schema of the chain that declares it.
            let prop = chain
                .iter()
                .find_map(|s| normalize::all_properties(s, schemas, 0).remove(p))
                .unwrap_or(Value::Null);
            obj.insert(p.to_owned(), synth_in(&prop, &[], schemas, depth + 1));
        }
    }
    if composed || object_like(schema) {
        return Value::Object(obj);
    }
    // An untyped schema with an example: the example.
    if schema["type"].is_null() && schema.get("items").is_none() && schema.get("example").is_some()
    {
        return schema["example"].clone();
    }
    let ty = leaf_type(schema);
    match ty.as_str() {
        Some("string") => json!("x"),
        Some("integer") | Some("number") => json!(1),
        Some("boolean") => json!(true),
        Some("array") => {
            let min = schema["minItems"].as_u64().unwrap_or(0);
            let item = synth_in(&schema["items"], &[], schemas, depth + 1);
            Value::Array((0..min).map(|_| item.clone()).collect())
        }
        _ => Value::Object(obj),
    }
}

/// A schema's composition members [`synth`] and [`instance`] take: every `allOf` member,
/// the first of `oneOf` and of `anyOf`.
fn members(schema: &Value) -> impl Iterator<Item = &Value> {
    let all = schema["allOf"].as_array().into_iter().flatten();
    let first = |key: &str| schema[key].as_array().and_then(|m| m.first());
    all.chain(first("oneOf")).chain(first("anyOf"))
}

/// An enum's first value that is not `null`.
fn first_enum_value(schema: &Value) -> Option<&Value> {
    schema["enum"].as_array()?.iter().find(|v| !v.is_null())
}

/// A schema's type: the first that is not `"null"` of a list, `"array"` for an untyped one
/// with `items`.
fn leaf_type(schema: &Value) -> Value {
    match &schema["type"] {
        Value::Array(types) => types
            .iter()
            .find(|t| *t != "null")
            .cloned()
            .unwrap_or_default(),
        Value::Null if schema.get("items").is_some() => json!("array"),
        t => t.clone(),
    }
}

/// An object schema (typed so, or with properties or required ones).
fn object_like(schema: &Value) -> bool {
    let array = schema["type"] == "array" || schema.get("items").is_some();
    schema["type"] == "object"
        || !array && (schema.get("properties").is_some() || schema.get("required").is_some())
}

/// The whole generated test file from every product's cases.
pub fn file(products: &[(String, Vec<proc_macro2::TokenStream>)]) -> String {
    let fns = products.iter().map(|(accessor, cases)| {
        let f = format_ident!("{accessor}");
        quote! {
            pub fn #f() -> Vec<Case> {
                vec![#(#cases),*]
            }
        }
    });
    let names = products.iter().map(|(a, _)| format_ident!("{a}"));
    let tokens = quote! {
        use super::wire::{Case, from_json};

        /// Every product's cases.
        pub fn all() -> Vec<Case> {
            let mut all = Vec::new();
            #(all.extend(#names());)*
            all
        }
        #(#fns)*
    };
    let file: syn::File = syn::parse2(tokens).expect("the wire cases parse");
    format!(
        "// @generated by `cargo xtask codegen` (xtask/src/wire.rs): one case per generated\n\
         // operation for tests/it/wire.rs. Do not edit by hand.\n\n{}",
        prettyplease::unparse(&file)
    )
}
