//! The raw path for the operations progenitor cannot generate (request bodies it has no
//! support for: multipart forms, NDJSON, JavaScript): they are taken out of the document
//! before progenitor runs, and a builder is emitted for each (a setter per path and query
//! parameter, `body(RawBody)`) that implements `cloudflare_core::Operation` and sends through
//! `cloudflare_core::raw` and the product client's hooks, like every generated builder.

use std::collections::BTreeMap;

use heck::ToUpperCamelCase;
use quote::{format_ident, quote};
use serde_json::Value;
use syn::{Item, parse_quote};

use crate::normalize::{self, METHODS};

/// One operation on the raw path.
#[derive(Debug, Clone)]
pub struct RawOp {
    /// `operationId`.
    pub id: String,
    /// `POST`, `PUT`, …
    pub http: String,
    /// The path template.
    pub path: String,
    /// The `cloudflare_core::AuthMode` variants it accepts.
    pub auth: Vec<&'static str>,
    /// Why progenitor cannot generate it.
    pub why: String,
    /// The operation's summary.
    pub summary: String,
    /// Path parameter names, in template order.
    pub path_params: Vec<String>,
    /// Query parameter names.
    pub query_params: Vec<String>,
    /// Whether the request body is required.
    pub body_required: bool,
    /// The request body's media types.
    pub media: Vec<String>,
    /// The documented fields of a multipart body.
    pub fields: Vec<String>,
}

impl RawOp {
    /// Whether one of its bodies is `multipart/form-data`.
    pub fn multipart(&self) -> bool {
        self.media.iter().any(|m| m.starts_with("multipart/"))
    }
}

/// Takes the operations progenitor cannot generate out of `spec` (so the normalisation
/// prunes what only they use) and describes each for [`items`].
pub fn take_unsupported(spec: &mut Value) -> Vec<RawOp> {
    let mut unsupported = normalize::unsupported_request_bodies(spec);
    // Every operation's path and method by label, to find the unsupported ones in one
    // look-up each. A binary body (`application/octet-stream`, an audio file for Workers AI)
    // is a `reqwest::Body` in progenitor's builder, which cannot be cloned for a retry: raw
    // path.
    let mut located: BTreeMap<String, (String, &'static str)> = BTreeMap::new();
    for o in normalize::operations(spec) {
        let label = o.label();
        let binary = o
            .op
            .get("requestBody")
            .map(|b| normalize::deref_local(spec, b))
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
            .is_some_and(|c| {
                !c.keys().any(|m| m.contains("json"))
                    && c.values()
                        .any(|m| m.pointer("/schema/format") == Some(&serde_json::json!("binary")))
            });
        if binary && !unsupported.iter().any(|(l, _)| *l == label) {
            unsupported.push((
                label.clone(),
                "binary request body: progenitor's builder could not be resent".into(),
            ));
        }
        located.insert(label, (o.path.to_owned(), o.method));
    }
    // The multipart form fields are read through `$ref`s: one copy of the schemas for all.
    let schemas = normalize::component_schemas(spec);
    let document_security = spec.get("security").cloned();
    let mut out = Vec::new();
    for (label, why) in unsupported {
        let Some((path, method)) = located.get(&label).cloned() else {
            continue;
        };
        let item = &spec["paths"][&path];
        let op = &item[method];
        let mut params: Vec<Value> = Vec::new();
        for list in [item.get("parameters"), op.get("parameters")]
            .into_iter()
            .flatten()
        {
            params.extend(
                list.as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| normalize::deref_local(spec, p).clone()),
            );
        }
        let names = |place: &str| -> Vec<String> {
            let mut v: Vec<String> = params
                .iter()
                .filter(|p| p.get("in").and_then(Value::as_str) == Some(place))
                .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
                .collect();
            v.dedup();
            v
        };
        let path_params = crate::normalize::path_params(&path);
        let body = op
            .get("requestBody")
            .map(|b| normalize::deref_local(spec, b));
        let content = body
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object);
        let media: Vec<String> = content
            .into_iter()
            .flat_map(|c| c.keys().cloned())
            .collect();
        let fields: Vec<String> = content
            .and_then(|c| c.iter().find(|(m, _)| m.starts_with("multipart/")))
            .and_then(|(_, m)| m.get("schema"))
            .map(|schema| {
                normalize::all_properties(schema, &schemas, 0)
                    .keys()
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        out.push(RawOp {
            id: label.clone(),
            http: method.to_uppercase(),
            path: path.clone(),
            auth: crate::model::auth_modes(op.get("security").or(document_security.as_ref())),
            why,
            summary: op
                .get("summary")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            path_params,
            query_params: names("query"),
            body_required: body
                .and_then(|b| b.get("required"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            media,
            fields,
        });
        if let Some(item) = spec["paths"][&path].as_object_mut() {
            item.remove(method);
            if !item.keys().any(|k| METHODS.contains(&k.as_str())) {
                spec["paths"].as_object_mut().expect("paths").remove(&path);
            }
        }
    }
    out
}

/// A Rust identifier for a parameter name (`script_name`, `type_`).
pub(crate) fn ident(name: &str) -> syn::Ident {
    let mut s = normalize::method_name(name);
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if syn::parse_str::<syn::Ident>(&s).is_err() || s == "body" || s == "send" {
        s.push('_');
    }
    format_ident!("{s}")
}

/// The items for the raw operations: a `raw` module with one builder each (with its
/// `Operation` impl), and the client methods returning them.
pub fn items(raw: &[RawOp]) -> Vec<Item> {
    if raw.is_empty() {
        return Vec::new();
    }
    let mut builders = Vec::new();
    let mut methods = Vec::new();
    for op in raw {
        let method_name = normalize::method_name(&op.id);
        let method = format_ident!("{method_name}");
        let builder = format_ident!("{}", method_name.to_upper_camel_case());
        let RawOp { id, http, path, .. } = op;
        let mut doc = format!(
            "{summary} (`{http} {path}`, operationId `{id}`).\n\nOn the raw path: {why}. Set \
             the body with `.body(...)`: ",
            summary = op.summary.trim_end_matches('.'),
            why = op.why,
        );
        if op.multipart() {
            doc.push_str("a `cloudflare_core::raw::Multipart` form");
            if !op.fields.is_empty() {
                let fields: Vec<String> = op.fields.iter().map(|f| format!("`{f}`")).collect();
                doc.push_str(&format!(" (documented fields: {})", fields.join(", ")));
            }
        } else {
            doc.push_str(&format!(
                "a `cloudflare_core::raw::RawBody` ({})",
                op.media.join(", ")
            ));
        }
        doc.push('.');
        let setters = op.path_params.iter().map(|p| {
            let f = ident(p);
            let d = format!("Sets the path parameter `{p}`.");
            quote! {
                #[doc = #d]
                pub fn #f(mut self, value: impl ::std::string::ToString) -> Self {
                    self.params.set_path(#p, value.to_string());
                    self
                }
            }
        });
        let query = op
            .query_params
            .iter()
            .filter(|q| !op.path_params.contains(q))
            .map(|q| {
                let f = ident(q);
                let d = format!("Sets the query parameter `{q}`.");
                quote! {
                    #[doc = #d]
                    pub fn #f(mut self, value: impl ::std::string::ToString) -> Self {
                        self.params.set_query(#q, value.to_string());
                        self
                    }
                }
            });
        let required = op.body_required;
        let auth = op.auth.iter().map(|a| format_ident!("{a}"));
        builders.push(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone)]
            pub struct #builder {
                client: super::Client,
                params: ::cloudflare_core::raw::RawParams,
            }

            impl #builder {
                /// A request with no parameters set.
                pub fn new(client: &super::Client) -> Self {
                    Self {
                        client: client.clone(),
                        params: ::cloudflare_core::raw::RawParams::default(),
                    }
                }
                #(#setters)*
                #(#query)*
                /// Sets the request body.
                pub fn body(mut self, body: impl Into<::cloudflare_core::raw::RawBody>) -> Self {
                    self.params.set_body(body.into());
                    self
                }
                /// The request's parameters, for the core's request loop (which builds the
                /// request of each attempt from them).
                pub(crate) fn prepare(self) -> ::cloudflare_core::Prepared {
                    let Self { client, params } = self;
                    ::cloudflare_core::Prepared::raw::<Self>(
                        client.inner,
                        client.client,
                        client.baseurl,
                        params,
                        #required,
                    )
                }
            }

            ::cloudflare_core::send_methods!(#builder, ::cloudflare_core::raw::RawResponse, result);

            impl ::cloudflare_core::Operation for #builder {
                type Response = ::cloudflare_core::raw::RawResponse;
                const OPERATION_ID: &'static str = #id;
                const METHOD_NAME: &'static str = #method_name;
                const HTTP_METHOD: &'static str = #http;
                const PATH: &'static str = #path;
                const AUTH: &'static [::cloudflare_core::AuthMode] =
                    &[#(::cloudflare_core::AuthMode::#auth),*];
                fn hooks(&self) -> &::cloudflare_core::Hooks {
                    &self.client.inner
                }
                fn prepare(self) -> ::cloudflare_core::Prepared {
                    #builder::prepare(self)
                }
                fn hooks_mut(&mut self) -> &mut ::cloudflare_core::Hooks {
                    &mut self.client.inner
                }
            }
        });
        let d = format!(
            "{} (`{http} {path}`): on the raw path, see [`raw::{builder}`].",
            op.summary.trim_end_matches('.')
        );
        methods.push(quote! {
            #[doc = #d]
            pub fn #method(&self) -> raw::#builder {
                raw::#builder::new(self)
            }
        });
    }
    let module: Item = parse_quote! {
        /// Builders for the operations progenitor cannot generate (multipart, NDJSON and
        /// JavaScript request bodies): each implements `cloudflare_core::Operation` and sends
        /// through the same client hooks as every other builder.
        pub mod raw {
            #[allow(unused_imports)]
            use super::{ClientHooks, Error, OperationInfo, ResponseValue};
            #(#builders)*
        }
    };
    let client: Item = parse_quote! {
        impl Client {
            #(#methods)*
        }
    };
    vec![module, client]
}
