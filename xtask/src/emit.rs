//! From a normalised document to one product's generated Rust: progenitor's settings, the
//! owned-builder rewrite, and the trait impls (against `cloudflare-core`) that let the SDK's
//! one request loop, pager and error mapping serve every operation. Everything is built as
//! syntax trees (`syn`, `quote!`), never by matching or pasting strings.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::{format_ident, quote};
use serde_json::Value;
use syn::visit_mut::VisitMut;
use syn::{Item, parse_quote};

use crate::decoding::REQUEST_DECODING;
use crate::model::{OperationMeta, Reach, Reached, operations};
use crate::normalize::{self, Report};
use crate::syntax::{
    append_to_module, calls, chain_start, client_methods, destructures_self, drop_derive,
    drop_method, expr_path_is, generic_arg, generic_args, json_name, last_ident, let_init, lit_int,
    lit_str, local_type, mentions_path, module_items, module_items_mut, serde_keys, serde_rename,
    success_type, uses_macro,
};

/// progenitor's settings for every product crate.
pub fn settings(report: &Report) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_inner_type(quote!(::cloudflare_core::Hooks))
        .with_hooks(HooksMode::Expected)
        .with_derive("PartialEq");
    let replace = |settings: &mut GenerationSettings, component: &str, with: &str| {
        settings.with_replacement(
            normalize::type_name(component),
            with,
            std::iter::empty::<TypeImpl>(),
        );
    };
    for envelope in &report.failure_envelopes {
        replace(
            &mut settings,
            envelope,
            "::cloudflare_core::FailureEnvelope",
        );
    }
    for list in &report.message_lists {
        replace(&mut settings, list, "::cloudflare_core::Messages");
    }
    replace(
        &mut settings,
        normalize::INTEGER_COMPONENT,
        "::cloudflare_core::Integer",
    );
    replace(
        &mut settings,
        normalize::NUMBER_COMPONENT,
        "::cloudflare_core::Number",
    );
    replace(
        &mut settings,
        normalize::RESULT_INFO_COMPONENT,
        "::cloudflare_core::ResultInfo",
    );
    replace(
        &mut settings,
        normalize::CURSOR_INFO_COMPONENT,
        "::cloudflare_core::CursorInfo",
    );
    for union in report.tagged_unions.keys() {
        let path = format!("crate::types::{}", normalize::type_name(union));
        replace(&mut settings, union, &path);
    }
    settings
}

/// Runs `f`, turning a panic into an `Err` with its message. The panic message is still
/// printed by the default hook: swapping the process-wide hook is not safe while other
/// threads (tests) run.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "unknown panic".to_owned())
    })
}

/// progenitor on a normalised document, as a syntax tree; panics are caught.
pub fn progenitor_file(spec: &Value, report: &Report) -> Result<syn::File, String> {
    let openapi: openapiv3::OpenAPI = serde_json::from_value(spec.clone())
        .map_err(|e| format!("not an OpenAPI 3.0 document after normalisation: {e}"))?;
    let tokens = match catch(|| Generator::new(&settings(report)).generate_tokens(&openapi)) {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => return Err(format!("progenitor: {e}")),
        Err(panic) => return Err(format!("progenitor panicked: {panic}")),
    };
    syn::parse2(tokens).map_err(|e| format!("progenitor emitted invalid Rust: {e}"))
}

/// progenitor's output for one product, rewritten and completed: builders own their client,
/// and every builder, response type and the client implement `cloudflare-core`'s traits.
/// A client method that matches no operation of the document is an error naming it.
pub fn complete(
    mut file: syn::File,
    spec: &Value,
    report: &Report,
    product: &str,
    raw: &[crate::raw::RawOp],
) -> Result<(syn::File, Reached), String> {
    let ops = operations(spec);
    // operationId → (response type, whether the builder pages).
    let mut responses: BTreeMap<String, (Option<String>, bool, bool)> = BTreeMap::new();
    crate::union_names::name_members(&mut file);
    OwnedBuilders::default().visit_file_mut(&mut file);
    open_string_enums(&mut file);
    NullAsEmpty.visit_file_mut(&mut file);

    if module_items(&file, "types").any(|i| {
        matches!(i, Item::Struct(st) if st.ident == "Option")
            || matches!(i, Item::Enum(e) if e.ident == "Option")
    }) {
        return Err(
            "a generated type is named `Option`: rename its schema in the patch data".into(),
        );
    }
    let builder_of = client_methods(&file);

    let mut builder_items: Vec<Item> = Vec::new();
    let mut response_types = BTreeSet::new();
    let mut safe_send_responses: BTreeMap<String, syn::Type> = BTreeMap::new();
    // operationId → its builder and response type.
    let mut builder_of_op: BTreeMap<String, (syn::Ident, syn::Type)> = BTreeMap::new();
    for item in module_items(&file, "builder") {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(name) = last_ident(&imp.self_ty) else {
            continue;
        };
        let Some(method) = builder_of.get(&name) else {
            return Err(format!("builder `{name}` is returned by no client method"));
        };
        let Some(meta) = ops.get(method) else {
            return Err(format!(
                "client method `{method}` (builder `{name}`) matches no operationId of the \
                 document: progenitor's naming changed; update normalize::method_name"
            ));
        };
        let send = imp.items.iter().find_map(|i| match i {
            syn::ImplItem::Fn(f) if f.sig.ident == "send" => Some(f),
            _ => None,
        });
        let Some(response) = send.and_then(|f| success_type(&f.sig.output)) else {
            return Err(format!(
                "builder `{name}` has no `send` returning a ResponseValue"
            ));
        };
        // A whole response the description allows to be `null` is `Option<types::X>`: `X`
        // gets the envelope impls, the core's `Option<T>` impl delegates to it.
        let whole = generic_arg(&response, "Option").unwrap_or(&response);
        if let Some(local) = local_type(whole) {
            response_types.insert(local.clone());
        }
        safe_send_responses.insert(name.clone(), response.clone());
        builder_of_op.insert(meta.id.clone(), (format_ident!("{name}"), response.clone()));
        let builder = format_ident!("{name}");
        let OperationMeta {
            id,
            http,
            path,
            auth,
        } = meta;
        let auth = auth.iter().map(|a| format_ident!("{a}"));
        builder_items.push(parse_quote! {
            impl ::cloudflare_core::Operation for #builder {
                type Response = #response;
                const OPERATION_ID: &'static str = #id;
                const METHOD_NAME: &'static str = #method;
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
        // Only a `GET` is a list the pager pages, whatever query parameters the document
        // gives another verb (Turnstile's widget create takes `page` and `per_page`).
        let has = |setter: &str| {
            http == "GET"
                && imp
                    .items
                    .iter()
                    .any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == setter))
        };
        responses.insert(
            meta.id.clone(),
            (
                local_type(&response),
                has("page") && has("per_page"),
                has("cursor"),
            ),
        );
        if has("cursor") {
            let size = ["per_page", "limit"]
                .into_iter()
                .find(|s| has(s))
                .map(|s| format_ident!("{s}"));
            let sized = match size {
                Some(setter) => quote! {
                    match per_page {
                        Some(n) => op.#setter(n),
                        None => op,
                    }
                },
                // No page size to set: the server's own.
                None => quote! {
                    let _ = per_page;
                    op
                },
            };
            builder_items.push(parse_quote! {
                impl ::cloudflare_core::CursorPaginated for #builder {
                    fn resume(self, cursor: Option<String>, per_page: Option<u64>) -> Self {
                        let op = match cursor {
                            Some(c) => self.cursor(c),
                            None => self,
                        };
                        #sized
                    }
                }
            });
        }
        if has("page") && has("per_page") {
            builder_items.push(parse_quote! {
                impl ::cloudflare_core::Paginated for #builder {
                    fn paginate(self, page: u64, per_page: Option<u64>) -> Self {
                        let op = self.page(page);
                        match per_page {
                            Some(n) => op.per_page(n),
                            None => op,
                        }
                    }
                }
            });
        }
    }
    SafeSend {
        responses: safe_send_responses,
    }
    .visit_file_mut(&mut file);
    append_to_module(&mut file, "builder", builder_items);
    // The tagged enums replace their unions later; their members are response types too.
    let mut roots = response_types.clone();
    // A whole response of a generic type (`Vec<types::X>`, `HashMap<String, types::X>`)
    // reaches its arguments.
    for response in safe_send_responses_types(&builder_of_op) {
        roots.extend(response);
    }
    for tagged in report.tagged_unions.values() {
        roots.extend(tagged.variants.iter().map(|(_, m)| normalize::type_name(m)));
    }
    let reached = reached_from(&file, &roots);
    keep_unknown(&mut file, &reached);
    decode_only_responses(&mut file, &reached);
    strip_response_builders(&mut file);
    CompactSetters { in_types: false }.visit_file_mut(&mut file);
    let mut sends = CompactSends::default();
    sends.visit_file_mut(&mut file);
    if !sends.unread.is_empty() {
        return Err(format!(
            "the status match of {} is not one the core's status policy replaces (a success \
             that is JSON, none or bytes, then failures): teach emit::success_kind its shape",
            sends.unread.join(", ")
        ));
    }
    ShortSkipPaths.visit_file_mut(&mut file);
    redact_secrets(&mut file);
    drop_call_examples(&mut file);

    let type_items = envelope_impls(&file, &response_types, report);
    let implemented = |tr: &str| -> BTreeSet<String> {
        type_items
            .iter()
            .filter_map(|i| match i {
                Item::Impl(imp)
                    if imp.trait_.as_ref().is_some_and(|(_, p, _)| {
                        p.segments.last().is_some_and(|s| s.ident == tr)
                    }) =>
                {
                    last_ident(&imp.self_ty)
                }
                _ => None,
            })
            .collect()
    };
    let (listing, cursor_listing, single, envelope) = (
        implemented("Listing"),
        implemented("CursorListing"),
        implemented("Single"),
        implemented("Envelope"),
    );
    let mut reached: Reached = responses
        .into_iter()
        .map(|(id, (ty, pages, cursor))| {
            let reach = match ty {
                Some(t) if cursor_listing.contains(&t) && cursor => Reach::CursorList,
                Some(t) if listing.contains(&t) && pages => Reach::PageNumberList,
                Some(t) if single.contains(&t) => Reach::Single,
                Some(t) if listing.contains(&t) => Reach::UnpagedList,
                Some(t) if envelope.contains(&t) => Reach::Envelope,
                // `()`, free-form JSON and byte streams: the core's `Envelope` impls.
                None => Reach::Envelope,
                _ => Reach::NoUsableResponseType,
            };
            (id, reach)
        })
        .collect();
    reached.extend(raw.iter().map(|r| (r.id.clone(), Reach::Raw)));
    // `send()`, `send_envelope()` and `.await` on every builder, `send()` returning what the
    // operation's kind answers (see `cloudflare_core::send_methods!`); a list's
    // `into_paginator()` with them.
    let mut builder_tail: Vec<Item> = reached
        .iter()
        .filter_map(|(id, reach)| {
            let (builder, response) = builder_of_op.get(id)?;
            let kind = match reach {
                Reach::PageNumberList => quote!(pages),
                Reach::CursorList => quote!(cursor),
                Reach::Single => quote!(result),
                Reach::UnpagedList => quote!(items),
                Reach::Envelope | Reach::NoUsableResponseType => quote!(body),
                // Its own builder and `send_methods!` (`raw::items`).
                Reach::Raw => return None,
            };
            Some(parse_quote!(::cloudflare_core::send_methods!(#builder, #response, #kind);))
        })
        .collect();
    // `Self::PATH` in every builder's `prepare`.
    builder_tail.push(parse_quote!(
        use ::cloudflare_core::Operation as _;
    ));
    append_to_module(&mut file, "builder", builder_tail);
    append_to_module(&mut file, "types", type_items);
    crate::accessors::add(&mut file, report);
    crate::variants::add(&mut file, spec);
    crate::conversions::add(&mut file);
    crate::body_setters::add(&mut file);
    crate::envelopes::share(&mut file);
    crate::decoding::compact_decoding(&mut file);

    file.items.extend(crate::raw::items(raw));
    // progenitor asks for the hooks impl; the core's request loop does what they would.
    file.items.push(parse_quote! {
        impl ClientHooks<::cloudflare_core::Hooks> for Client {}
    });
    file.items.push(parse_quote! {
        impl Client {
            /// The request of operation `O` its builder built, with this client's hooks,
            /// connection pool and base URL: what the request loop sends.
            pub(crate) fn prepare<O: ::cloudflare_core::Operation>(
                self,
                request: ::cloudflare_core::BuiltRequest,
            ) -> ::cloudflare_core::Prepared {
                ::cloudflare_core::Prepared::new::<O>(self.inner, self.client, self.baseurl, request)
            }
        }
    });
    file.items.push(parse_quote! {
        impl ::cloudflare_core::Product for Client {
            const NAME: &'static str = #product;
            fn with_hooks(
                base_url: &str,
                http: reqwest::Client,
                hooks: ::cloudflare_core::Hooks,
            ) -> Self {
                Self::new_with_client(base_url, http, hooks)
            }
        }
    });
    Ok((file, reached))
}

/// `Envelope` for every response type (the real one when it has `success` and `errors`, an
/// empty one otherwise); `Listing` for every type with `result: [T]` and the shared
/// `result_info`; `Single` for every other envelope with a `result`; and the
/// tolerant tagged enums the normalisation asked for.
fn envelope_impls(file: &syn::File, responses: &BTreeSet<String>, report: &Report) -> Vec<Item> {
    let opt = |t: syn::Type| -> syn::Type { parse_quote!(::std::option::Option<#t>) };
    let success_ty = opt(parse_quote!(bool));
    let errors_ty = opt(parse_quote!(::cloudflare_core::Messages));
    let result_info_ty = opt(parse_quote!(::cloudflare_core::ResultInfo));
    let cursor_info_ty = opt(parse_quote!(::cloudflare_core::CursorInfo));
    let mut out: Vec<Item> = Vec::new();
    let structs: BTreeMap<String, &syn::ItemStruct> = module_items(file, "types")
        .filter_map(|i| match i {
            Item::Struct(st) => Some((st.ident.to_string(), st)),
            _ => None,
        })
        .collect();
    for item in module_items(file, "types") {
        // A response type that is an enum or a newtype has no envelope fields to read; it
        // still goes through the request loop (its `send()`), its status checked.
        let other = match item {
            Item::Enum(e) => Some(&e.ident),
            Item::Struct(st) if !matches!(st.fields, syn::Fields::Named(_)) => Some(&st.ident),
            _ => None,
        };
        if let Some(name) = other.filter(|n| responses.contains(&n.to_string())) {
            out.push(empty_envelope(name));
            continue;
        }
        let Item::Struct(st) = item else { continue };
        let name = &st.ident;
        let syn::Fields::Named(fields) = &st.fields else {
            continue;
        };
        let field = |f: &str| {
            fields
                .named
                .iter()
                .find(|x| x.ident.as_ref().is_some_and(|i| i == f))
                .map(|x| &x.ty)
        };
        if field("success") == Some(&success_ty) && field("errors") == Some(&errors_ty) {
            // A `result` of another JSON type than the document's is kept raw in `extra`.
            let kept_raw = field("result")
                .filter(|t| generic_arg(t, "Option").is_some() && field("extra").is_some())
                .map(|_| {
                    quote! {
                        fn result_kept_raw(&self) -> bool {
                            self.result.is_none() && self.extra.holds_value("result")
                        }
                    }
                });
            // A response type (decoded, so `Deserialize` whatever the features) keeps the
            // server's `null`s; an envelope-shaped request type is never decoded.
            // `#[inline]`: compiled where a call is awaited, not in the product crate (which
            // would otherwise compile every response type's decoders three times over).
            let nulls_kept = responses.contains(&name.to_string()).then(|| {
                quote! {
                    #[inline]
                    fn with_nulls_kept(self, body: &[u8]) -> Self {
                        ::cloudflare_core::extra::keep_nulls(body, self)
                    }
                }
            });
            out.push(parse_quote! {
                impl ::cloudflare_core::Envelope for #name {
                    fn success(&self) -> Option<bool> {
                        self.success
                    }
                    fn errors(&self) -> &[::cloudflare_core::Message] {
                        self.errors.as_deref().map_or(&[], |m| m.as_slice())
                    }
                    #kept_raw
                    #nulls_kept
                }
            });
        } else if responses.contains(&name.to_string()) {
            out.push(empty_envelope(name));
        }
        let Some(result) = field("result") else {
            continue;
        };
        // The item type, how `into_parts` takes the items, and `ITEMS_FIELD` when nested.
        let items =
            if let Some(item) = generic_arg(result, "Option").and_then(|v| generic_arg(v, "Vec")) {
                Some((item, quote!(self.result.unwrap_or_default()), quote!()))
            } else if let Some(item) = generic_arg(result, "Vec") {
                Some((item, quote!(self.result), quote!()))
            } else {
                nested_list(result, &structs).map(|(item, take, json)| {
                    (
                        item,
                        take,
                        quote!(const ITEMS_FIELD: Option<&'static str> = Some(#json);),
                    )
                })
            };
        let page_of = items
            .clone()
            .filter(|_| field("result_info") == Some(&result_info_ty));
        let cursor_page_of = items
            .clone()
            .filter(|_| field("result_info") == Some(&cursor_info_ty));
        // `result` is itself the list (not an object holding one).
        let whole_list = generic_arg(result, "Vec").is_some()
            || generic_arg(result, "Option")
                .and_then(|v| generic_arg(v, "Vec"))
                .is_some();
        if let Some((item, items, nested)) = cursor_page_of {
            out.push(parse_quote! {
                impl ::cloudflare_core::CursorListing for #name {
                    type Item = #item;
                    #nested
                    fn into_parts(self) -> (Vec<Self::Item>, Option<::cloudflare_core::CursorInfo>) {
                        (#items, self.result_info)
                    }
                }
            });
            continue;
        }
        if let Some((item, items, nested)) = page_of {
            out.push(parse_quote! {
                impl ::cloudflare_core::Listing for #name {
                    type Item = #item;
                    #nested
                    fn into_parts(self) -> (Vec<Self::Item>, Option<::cloudflare_core::ResultInfo>) {
                        (#items, self.result_info)
                    }
                }
            });
            if whole_list {
                continue;
            }
        } else if let Some((item, items, nested)) = items.filter(|_| field("result_info").is_none())
        {
            // A list that reports no `result_info`: the pager reads it to an empty or short
            // page when its operation takes `page`/`per_page`.
            out.push(parse_quote! {
                impl ::cloudflare_core::Listing for #name {
                    type Item = #item;
                    #nested
                    fn into_parts(self) -> (Vec<Self::Item>, Option<::cloudflare_core::ResultInfo>) {
                        (#items, None)
                    }
                }
            });
        }
        // Any other `result` (an object, a scalar, a list without page-number
        // `result_info`, a required one; in a full envelope or only `{success, result}`) is
        // the operation's answer (`Single`).
        let (item, get) = match generic_arg(result, "Option") {
            Some(inner) => (inner, quote!(self.result)),
            None => (result, quote!(Some(self.result))),
        };
        out.push(parse_quote! {
            impl ::cloudflare_core::Single for #name {
                type Item = #item;
                fn into_result(self) -> Option<Self::Item> {
                    #get
                }
            }
        });
    }
    for (union, tagged) in &report.tagged_unions {
        out.extend(tagged_enum(union, tagged));
        // A tolerant tagged enum that is itself a response (a bare union body): the status
        // says success, as for any enum response.
        let name = format_ident!("{}", normalize::type_name(union));
        if responses.contains(&name.to_string()) {
            out.push(empty_envelope(&name));
        }
    }
    out
}

/// `Envelope` for a response type with no envelope fields: the status alone says success.
fn empty_envelope(name: &syn::Ident) -> Item {
    parse_quote! {
        impl ::cloudflare_core::Envelope for #name {
            fn success(&self) -> Option<bool> {
                None
            }
            fn errors(&self) -> &[::cloudflare_core::Message] {
                &[]
            }
            #[inline]
            fn with_nulls_kept(self, body: &[u8]) -> Self {
                ::cloudflare_core::extra::keep_nulls(body, self)
            }
        }
    }
}

/// A list inside an object `result` (`{result: {images: [..]}}`, `{result: {events: [..]}}`):
/// when the `result` type is a struct with exactly one list field, that field's items, and
/// the expression that takes them out of `self`.
fn nested_list<'a>(
    result: &'a syn::Type,
    structs: &BTreeMap<String, &'a syn::ItemStruct>,
) -> Option<(&'a syn::Type, proc_macro2::TokenStream, String)> {
    let (inner, optional) = match generic_arg(result, "Option") {
        Some(inner) => (inner, true),
        None => (result, false),
    };
    let st = structs.get(&last_ident(inner)?)?;
    let syn::Fields::Named(fields) = &st.fields else {
        return None;
    };
    let lists: Vec<(&syn::Field, &syn::Type, bool)> = fields
        .named
        .iter()
        .filter_map(|f| {
            if let Some(item) = generic_arg(&f.ty, "Option").and_then(|v| generic_arg(v, "Vec")) {
                Some((f, item, true))
            } else {
                generic_arg(&f.ty, "Vec").map(|item| (f, item, false))
            }
        })
        .collect();
    let [(field, item, field_optional)] = lists.as_slice() else {
        return None;
    };
    let json = json_name(field)?;
    let field = field.ident.as_ref()?;
    let take = match (optional, field_optional) {
        (true, true) => quote!(self.result.and_then(|r| r.#field).unwrap_or_default()),
        (true, false) => quote!(self.result.map(|r| r.#field).unwrap_or_default()),
        (false, true) => quote!(self.result.#field.unwrap_or_default()),
        (false, false) => quote!(self.result.#field),
    };
    Some((item, take, json))
}

/// A tolerant tagged enum for a `oneOf` whose members are told apart by one single-value
/// property: a variant per member, and `Other` holding the raw JSON of any value whose tag
/// is unknown or that does not decode as its member, so a new kind never fails a page.
fn tagged_enum(union: &str, tagged: &normalize::TaggedUnion) -> Vec<Item> {
    let name = format_ident!("{}", normalize::type_name(union));
    let property = &tagged.property;
    let doc = format!(
        "One of the `{property}` variants of `{union}`; a value with another `{property}`, or \
         that does not decode as its variant, is kept whole in `Other`."
    );
    let mut variants = Vec::new();
    let mut used = BTreeSet::new();
    for (tag, member) in &tagged.variants {
        let mut ident = normalize::variant_name(tag);
        while !used.insert(ident.clone()) || ident == "Other" {
            ident.push('_');
        }
        variants.push((
            tag.clone(),
            format_ident!("{ident}"),
            format_ident!("{}", normalize::type_name(member)),
        ));
    }
    let decls = variants.iter().map(|(tag, v, ty)| {
        let doc = format!("`{property}: {tag}`");
        quote!(#[doc = #doc] #v(#ty),)
    });
    let decode = variants.iter().map(|(tag, v, _)| {
        quote!(Some(#tag) => ::cloudflare_core::de::tagged_variant(value, Self::#v, Self::Other),)
    });
    let encode = variants.iter().map(|(tag, v, _)| {
        quote!(Self::#v(x) => ::cloudflare_core::de::serialize_tagged(s, x, #property, #tag),)
    });
    // A variant built from its member: `.body(DnsRecordsARecord { .. })`.
    let mut seen = BTreeSet::new();
    let from: Vec<Item> = variants
        .iter()
        .filter(|(_, _, ty)| variants.iter().filter(|(_, _, t)| t == ty).count() == 1)
        .filter(|(_, _, ty)| seen.insert(ty.to_string()))
        .map(|(_, v, ty)| {
            parse_quote! {
                impl ::std::convert::From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#v(value)
                    }
                }
            }
        })
        .collect();
    let tags = variants
        .iter()
        .map(|(tag, v, _)| quote!(Self::#v(_) => Some(#tag),));
    vec![
        parse_quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq)]
            pub enum #name {
                #(#decls)*
                /// A value whose tag this version does not know (or that did not decode as its
                /// variant, even repaired), kept as it came.
                Other(::serde_json::Value),
            }
        },
        parse_quote! {
            impl #name {
                /// The value of the tag property, when it is a string.
                pub fn tag(&self) -> Option<&str> {
                    match self {
                        #(#tags)*
                        Self::Other(v) => v.get(#property).and_then(::serde_json::Value::as_str),
                    }
                }
            }
        },
        parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(d)?;
                    let tag = value.get(#property).and_then(::serde_json::Value::as_str);
                    Ok(match tag {
                        #(#decode)*
                        _ => Self::Other(value),
                    })
                }
            }
        },
        parse_quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #(#encode)*
                        Self::Other(x) => x.serialize(s),
                    }
                }
            }
        },
    ]
    .into_iter()
    .chain(from)
    .collect()
}

/// One safe way to send: progenitor's `send()` (one attempt, no retries, a `200` with
/// `success: false` read as `Ok`) is renamed `send_once()`, crate-private, for
/// [`CompactSends`] to turn into the builder's `prepare()`; every builder's public `send()`
/// hands that request to the core's loop ([`cloudflare_core::execute`]): credentials,
/// deadline, retries honouring `Retry-After`, `success: false` as the error, one error type.
struct SafeSend {
    /// Builder → its operation's response type.
    responses: BTreeMap<String, syn::Type>,
}

impl VisitMut for SafeSend {
    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if m.ident != "builder" {
            return;
        }
        for item in m.content.iter_mut().flat_map(|(_, items)| items) {
            let Item::Impl(imp) = item else { continue };
            if imp.trait_.is_some() {
                continue;
            }
            let Some(response) = last_ident(&imp.self_ty).and_then(|n| self.responses.get(&n))
            else {
                continue;
            };
            let response = response.clone();
            let Some(once) = imp.items.iter_mut().find_map(|i| match i {
                syn::ImplItem::Fn(f) if f.sig.ident == "send" => Some(f),
                _ => None,
            }) else {
                continue;
            };
            once.sig.ident = format_ident!("send_once");
            once.sig.output = parse_quote!(-> ::cloudflare_core::Attempt<#response>);
            once.vis = parse_quote!(pub(crate));
            once.attrs.retain(|a| !a.path().is_ident("doc"));
            once.attrs.push(parse_quote!(
                /// One attempt, with none of the request loop (what it calls per attempt).
            ));
        }
    }
}

/// Every setter of the request builders (progenitor's, and typify's struct builders of the
/// request types) in one line through `cloudflare_core::setter`: the same conversion, the
/// same message on failure, kept for `send()`, without ten lines of `try_into`/`map_err`
/// per setter; and the struct builders' fields as `setter::Field<T>`.
struct CompactSetters {
    /// Inside `types` (its `builder` module holds the struct builders).
    in_types: bool,
}

impl VisitMut for CompactSetters {
    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if m.ident == "types" {
            self.in_types = true;
            syn::visit_mut::visit_item_mod_mut(self, m);
            self.in_types = false;
            return;
        }
        if m.ident != "builder" {
            return;
        }
        for item in m.content.iter_mut().flat_map(|(_, items)| items) {
            match item {
                Item::Impl(imp) if imp.trait_.is_none() => {
                    for it in &mut imp.items {
                        if let syn::ImplItem::Fn(f) = it
                            && let Some(compact) = compact_setter(f)
                        {
                            *f = compact;
                        }
                    }
                }
                Item::Struct(st) if self.in_types => {
                    for field in st.fields.iter_mut() {
                        let string: syn::Type = parse_quote!(::std::string::String);
                        if let Some(inner) = generic_arg(&field.ty, "Result")
                            && generic_args(&field.ty).get(1) == Some(&&string)
                        {
                            let inner = inner.clone();
                            field.ty = parse_quote!(::cloudflare_core::setter::Field<#inner>);
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// `f` rewritten through `cloudflare_core::setter` when it is a generated setter: one type
/// parameter `V: TryInto<T>`, `(mut self, value: V) -> Self`, and a body `self.x =
/// value.try_into()…; self`.
fn compact_setter(f: &syn::ImplItemFn) -> Option<syn::ImplItemFn> {
    let [syn::GenericParam::Type(param)] = f.sig.generics.params.iter().collect::<Vec<_>>()[..]
    else {
        return None;
    };
    let returns_self = matches!(&f.sig.output, syn::ReturnType::Type(_, ty)
        if matches!(&**ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("Self")));
    if f.sig.inputs.len() != 2 || !returns_self {
        return None;
    }
    let predicates = &f.sig.generics.where_clause.as_ref()?.predicates;
    let syn::WherePredicate::Type(first) = predicates.first()? else {
        return None;
    };
    let syn::TypeParamBound::Trait(bound) = first.bounds.first()? else {
        return None;
    };
    let last = bound.path.segments.last()?;
    if last.ident != "TryInto" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let Some(syn::GenericArgument::Type(target)) = args.args.first() else {
        return None;
    };
    let [
        syn::Stmt::Expr(syn::Expr::Assign(assign), Some(_)),
        syn::Stmt::Expr(_, None),
    ] = &f.block.stmts[..]
    else {
        return None;
    };
    let syn::Expr::Field(lhs) = &*assign.left else {
        return None;
    };
    let rhs = &*assign.right;
    let start = chain_start(rhs)?;
    if start.method != "try_into" || !expr_path_is(&start.receiver, &["value"]) {
        return None;
    }
    let (member, name, v) = (&lhs.member, f.sig.ident.to_string(), &param.ident);
    let (bounds, call) = if mentions_path(rhs, &["From", "from"]) {
        let ty = last_ident(target)?;
        (
            quote!(TryInto<#target, Error: std::fmt::Display>),
            quote!(::cloudflare_core::setter::body::<#target, _, _>(value, #ty)),
        )
    } else if uses_macro(rhs, "format") {
        // An optional field takes the value itself, as a keyword argument would.
        match generic_arg(target, "Option") {
            Some(inner) => (
                quote!(TryInto<#inner, Error: std::fmt::Display>),
                quote!(::cloudflare_core::setter::field_some(value, #name)),
            ),
            None => (
                quote!(TryInto<#target, Error: std::fmt::Display>),
                quote!(::cloudflare_core::setter::field(value, #name)),
            ),
        }
    } else if maps_to_some(rhs) {
        (
            quote!(TryInto<#target>),
            quote!(::cloudflare_core::setter::some(value, #name)),
        )
    } else {
        (
            quote!(TryInto<#target>),
            quote!(::cloudflare_core::setter::required(value, #name)),
        )
    };
    let (attrs, vis, ident) = (&f.attrs, &f.vis, &f.sig.ident);
    Some(parse_quote! {
        #(#attrs)*
        #vis fn #ident<#v: #bounds>(mut self, value: #v) -> Self {
            self.#member = #call;
            self
        }
    })
}

/// Whether a setter's method chain has `.map(Some)` (an optional parameter).
fn maps_to_some(expr: &syn::Expr) -> bool {
    match expr {
        syn::Expr::MethodCall(call) => {
            (call.method == "map" && call.args.len() == 1 && expr_path_is(&call.args[0], &["Some"]))
                || maps_to_some(&call.receiver)
        }
        syn::Expr::Try(t) => maps_to_some(&t.expr),
        _ => false,
    }
}

/// Every builder's one attempt (`send_once`) as its `prepare()` ([`compact_send`]): the
/// request it builds, without what the core does for all of them (progenitor's
/// `api-version` header, which Cloudflare does not define; the hook calls; the status
/// match: the core's one status policy and `Decode` read every response, whatever statuses
/// the document lists). A builder whose send is not of the shape `compact_send` knows is a
/// generation error naming it (`unread`): no operation reads its statuses as its document
/// lists them.
#[derive(Default)]
struct CompactSends {
    unread: Vec<String>,
}

impl VisitMut for CompactSends {
    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if m.ident != "builder" {
            return;
        }
        for item in m.content.iter_mut().flat_map(|(_, items)| items) {
            let Item::Impl(imp) = item else { continue };
            if imp.trait_.is_some() {
                continue;
            }
            let name = last_ident(&imp.self_ty).unwrap_or_default();
            for it in &mut imp.items {
                let syn::ImplItem::Fn(f) = it else { continue };
                if f.sig.ident != "send_once" {
                    continue;
                }
                let status_match = matches!(
                    f.block.stmts.last(),
                    Some(syn::Stmt::Expr(syn::Expr::Match(_), None))
                );
                if compact_send(f).is_none() && status_match {
                    self.unread.push(name.clone());
                }
            }
        }
    }
}

/// progenitor's one attempt as the builder's `prepare()`: without what the core does anyway
/// (the `api-version` header, the hook calls and the response: the core's request loop
/// sends, reads by its one status policy and decodes), with short `Accept` headers; a plain
/// function that builds the request in a closure and hands it to the core
/// (`Client::prepare`, then `cloudflare_core::Prepared`). No async state machine per
/// operation to type-check, borrow-check and lower. What its status match reads a success
/// as (see `success_kind`); `None`, and `f` unchanged, when its shape is not progenitor's
/// (`let Self { .. } = self;`, the request, `let info = OperationInfo { .. }` … `let
/// response = result?;`, the status match).
fn compact_send(f: &mut syn::ImplItemFn) -> Option<Success> {
    let stmts = &f.block.stmts;
    let success = match stmts.last() {
        Some(syn::Stmt::Expr(syn::Expr::Match(m), None)) => success_kind(m)?,
        _ => return None,
    };
    let hooks = stmts.iter().position(|s| {
        matches!(let_init(s, "info"), Some(syn::Expr::Struct(e))
            if e.path.segments.last().is_some_and(|s| s.ident == "OperationInfo"))
    })?;
    let answered = stmts.iter().position(|s| {
        matches!(let_init(s, "response"), Some(syn::Expr::Try(t))
            if expr_path_is(&t.expr, &["result"]))
    })?;
    if f.sig.asyncness.is_none() || hooks == 0 || answered < hooks || !destructures_self(&stmts[0])
    {
        return None;
    }
    let first = stmts[0].clone();
    let mut build: Vec<syn::Stmt> = stmts[1..hooks].to_vec();
    // The `api-version` header, and the header map when it held nothing else.
    let lone_map = build.iter().any(|s| {
        matches!(let_init(s, "header_map"), Some(syn::Expr::Call(c))
            if matches!(&*c.func, syn::Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| s.ident == "with_capacity"))
                && c.args.len() == 1
                && lit_int(&c.args[0]) == Some(1))
    });
    build.retain(|s| {
        let api_version = matches!(s, syn::Stmt::Expr(syn::Expr::MethodCall(c), _)
        if c.method == "append"
            && expr_path_is(&c.receiver, &["header_map"])
            && c.args.first().is_some_and(|name| {
                lit_str(name).as_deref() == Some("api-version")
                    || matches!(name, syn::Expr::Call(from) if from.args.len() == 1
                        && lit_str(&from.args[0]).as_deref() == Some("api-version"))
            }));
        !(api_version || lone_map && let_init(s, "header_map").is_some())
    });
    for st in &mut build {
        if let syn::Stmt::Local(local) = st
            && let Some(init) = &mut local.init
        {
            if lone_map {
                drop_method(&mut init.expr, "headers");
            }
            // `Accept: application/json` as two strings.
            short_accept(&mut init.expr);
            json_through_core(&mut init.expr);
            // `pre` took the request by `&mut`; the closure returns it.
            if let syn::Pat::Ident(p) = &mut local.pat
                && p.ident == "request"
            {
                p.mutability = None;
                local.attrs.retain(|a| !a.path().is_ident("allow"));
            }
        }
    }
    f.sig.asyncness = None;
    f.sig.ident = format_ident!("prepare");
    f.sig.output = parse_quote!(-> ::cloudflare_core::Prepared);
    f.attrs.retain(|a| !a.path().is_ident("doc"));
    f.attrs.push(parse_quote!(
        /// The request, built once per call, for the core's request loop.
    ));
    f.block = parse_quote! {{
        #first
        let request = (|| -> ::cloudflare_core::BuiltRequest {
            #(#build)*
            Ok(request)
        })();
        client.prepare::<Self>(request)
    }};
    Some(success)
}

/// What an operation's success is, as its status match reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Success {
    /// A JSON body (`ResponseValue::from_response`), or none (`ResponseValue::empty`): the core's
    /// The core's `Decode` reads both.
    Json,
    /// Bytes (`ResponseValue::stream`).
    Stream,
}

/// The success kind of progenitor's status match `match response.status().as_u16() { <2xx>
/// => <success>, <failures> => .., _ => unexpected }`, read from its first arm (the
/// documented statuses themselves are left to the core's policy: any `2xx` is a success,
/// anything else the failure it is); `None` for any other match.
fn success_kind(m: &syn::ExprMatch) -> Option<Success> {
    let first = m.arms.first()?;
    let two_xx = |e: &syn::Expr| {
        matches!(e, syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. })
            if i.base10_parse::<u16>().is_ok_and(|c| (200..300).contains(&c)))
    };
    let is_success = match &first.pat {
        syn::Pat::Lit(l) => two_xx(&syn::Expr::Lit(l.clone())),
        syn::Pat::Range(r) => r.start.as_deref().is_some_and(two_xx),
        _ => false,
    };
    let last = m.arms.last()?;
    if !is_success
        || !matches!(last.pat, syn::Pat::Wild(_))
        || !calls(&last.body, "UnexpectedResponse")
    {
        return None;
    }
    if calls(&first.body, "from_response") || calls(&first.body, "empty") {
        Some(Success::Json)
    } else if calls(&first.body, "stream") {
        Some(Success::Stream)
    } else {
        None
    }
}

/// `.json(&body)` in a request chain as `::cloudflare_core::object::json_body(chain, &body)`:
/// the body serialises through the core's one instance of `RequestBuilder::json` and of
/// serde_json's writer, not one per body type compiled in each product crate.
fn json_through_core(expr: &mut syn::Expr) {
    match expr {
        syn::Expr::Try(t) => json_through_core(&mut t.expr),
        syn::Expr::MethodCall(call) => {
            json_through_core(&mut call.receiver);
            if call.method == "json"
                && let [body] = &call.args.iter().collect::<Vec<_>>()[..]
            {
                let (request, body) = (&call.receiver, *body);
                let through: syn::Expr =
                    parse_quote!(::cloudflare_core::object::json_body(#request, #body));
                *expr = through;
            }
        }
        _ => {}
    }
}

/// `.header(ACCEPT, HeaderValue::from_static(v))` as `.header("accept", v)` in a request
/// chain (the same header; one line instead of four).
fn short_accept(expr: &mut syn::Expr) {
    match expr {
        syn::Expr::Try(t) => short_accept(&mut t.expr),
        syn::Expr::MethodCall(call) => {
            if call.method == "header"
                && let [name, syn::Expr::Call(value)] = &call.args.iter().collect::<Vec<_>>()[..]
                && expr_path_is(name, &["reqwest", "header", "ACCEPT"])
                && expr_path_is(
                    &value.func,
                    &["reqwest", "header", "HeaderValue", "from_static"],
                )
                && let [v] = &value.args.iter().collect::<Vec<_>>()[..]
            {
                let v = (*v).clone();
                call.args = parse_quote!("accept", #v);
            }
            short_accept(&mut call.receiver);
        }
        _ => {}
    }
}

/// `skip_serializing_if = "Option::is_none"` for typify's
/// `"::std::option::Option::is_none"`: the same function (no generated type is named
/// `Option`: `complete` refuses a document that would make one), and most field attributes
/// fit one line again.
struct ShortSkipPaths;

impl VisitMut for ShortSkipPaths {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        let syn::Meta::List(list) = &mut attr.meta else {
            return;
        };
        if !list.path.is_ident("serde") {
            return;
        }
        list.tokens = std::mem::take(&mut list.tokens)
            .into_iter()
            .map(|token| match &token {
                proc_macro2::TokenTree::Literal(lit)
                    if syn::parse2::<syn::LitStr>(
                        proc_macro2::TokenTree::Literal(lit.clone()).into(),
                    )
                    .is_ok_and(|s| s.value() == "::std::option::Option::is_none") =>
                {
                    proc_macro2::TokenTree::Literal(proc_macro2::Literal::string("Option::is_none"))
                }
                _ => token,
            })
            .collect();
    }
}

/// Two rewrites of progenitor's request builders:
/// - they borrow the client (`Builder<'a> { client: &'a Client }`); the SDK keeps a
///   configured request and sends it again for every page and retry, possibly from another
///   task, so builders own a clone of the client instead (two `Arc`s and a URL);
/// - a free-form JSON object body (what `schemaless-json-request-body` gives a delete or an
///   action with no documented body) starts as `{}` instead of "body was not initialized",
///   so no caller has to set an empty body.
#[derive(Default)]
struct OwnedBuilders {
    empty_body: BTreeSet<String>,
}

impl VisitMut for OwnedBuilders {
    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if m.ident != "builder" {
            return;
        }
        let free_form: syn::Type = parse_quote!(
            Result<::serde_json::Map<::std::string::String, ::serde_json::Value>, String>
        );
        for item in m.content.iter_mut().flat_map(|(_, items)| items) {
            match item {
                Item::Struct(st) => {
                    if !strip_lifetimes(&mut st.generics) {
                        continue;
                    }
                    for f in st.fields.iter_mut() {
                        if f.ident.as_ref().is_some_and(|i| i == "client") {
                            f.ty = parse_quote!(super::Client);
                        }
                        if f.ident.as_ref().is_some_and(|i| i == "body") && f.ty == free_form {
                            self.empty_body.insert(st.ident.to_string());
                        }
                    }
                }
                Item::Impl(imp) => {
                    if !strip_lifetimes(&mut imp.generics) {
                        continue;
                    }
                    strip_type_args(&mut imp.self_ty);
                    for it in &mut imp.items {
                        let syn::ImplItem::Fn(f) = it else { continue };
                        if f.sig.ident != "new" {
                            continue;
                        }
                        f.sig.inputs = parse_quote!(client: &super::Client);
                        let empty_body =
                            last_ident(&imp.self_ty).is_some_and(|n| self.empty_body.contains(&n));
                        InitialFields { empty_body }.visit_block_mut(&mut f.block);
                    }
                }
                _ => {}
            }
        }
    }

    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        if imp.trait_.is_none() && last_ident(&imp.self_ty).as_deref() == Some("Client") {
            for it in &mut imp.items {
                if let syn::ImplItem::Fn(f) = it
                    && let syn::ReturnType::Type(_, ty) = &mut f.sig.output
                {
                    strip_type_args(ty);
                }
            }
        }
    }
}

/// In a builder's `new`: `client: client` → `client: client.clone()`, and, for a free-form
/// object body, `body: Err(..)` → `body: Ok(Map::new())`.
struct InitialFields {
    empty_body: bool,
}

impl VisitMut for InitialFields {
    fn visit_field_value_mut(&mut self, fv: &mut syn::FieldValue) {
        match &fv.member {
            syn::Member::Named(i) if i == "client" => fv.expr = parse_quote!(client.clone()),
            syn::Member::Named(i) if i == "body" && self.empty_body => {
                fv.expr = parse_quote!(Ok(::serde_json::Map::new()));
            }
            _ => {}
        }
    }
}

/// Removes lifetime parameters; true when there were some.
fn strip_lifetimes(g: &mut syn::Generics) -> bool {
    let before = g.params.len();
    g.params = g
        .params
        .iter()
        .filter(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
        .cloned()
        .collect();
    if g.params.is_empty() {
        g.lt_token = None;
        g.gt_token = None;
    }
    g.params.len() != before
}

/// `builder::X<'_>` → `builder::X`.
fn strip_type_args(ty: &mut syn::Type) {
    if let syn::Type::Path(p) = ty
        && let Some(last) = p.path.segments.last_mut()
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && args
            .args
            .iter()
            .all(|a| matches!(a, syn::GenericArgument::Lifetime(_)))
    {
        last.arguments = syn::PathArguments::None;
    }
}

/// The local types (`types::X`) inside each operation's response type, at any depth.
fn safe_send_responses_types(
    builder_of_op: &BTreeMap<String, (syn::Ident, syn::Type)>,
) -> Vec<Vec<String>> {
    struct Locals(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for Locals {
        fn visit_type(&mut self, ty: &'ast syn::Type) {
            if let Some(local) = local_type(ty) {
                self.0.push(local);
            }
            syn::visit::visit_type(self, ty);
        }
    }
    builder_of_op
        .values()
        .map(|(_, ty)| {
            let mut locals = Locals(Vec::new());
            syn::visit::Visit::visit_type(&mut locals, ty);
            locals.0
        })
        .collect()
}

/// Every generated string enum (unit variants, each a JSON string) becomes open: a variant
/// `Other(String)` holds a value the document does not list, kept as sent, and the serde,
/// `Display` and `FromStr` impls go through one `as_str`/`from_wire` pair, so an unknown
/// value decodes, prints and serialises back unchanged (Cloudflare adds values to its enums
/// without notice: `ssl.method: "cname"`, a new device posture `type`).
fn open_string_enums(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut m.content else {
            continue;
        };
        // Enum name → (variant, wire string), for the enums that are string enums.
        let mut opened: BTreeMap<String, Vec<(syn::Ident, String)>> = BTreeMap::new();
        for it in items.iter_mut() {
            let Item::Enum(e) = it else { continue };
            if e.variants.is_empty()
                || !e
                    .variants
                    .iter()
                    .all(|v| matches!(v.fields, syn::Fields::Unit))
                || e.variants.iter().any(|v| v.ident == "Other")
            {
                continue;
            }
            let mut wire = Vec::new();
            for v in &mut e.variants {
                let name = serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string());
                v.attrs.retain(|a| !a.path().is_ident("serde"));
                wire.push((v.ident.clone(), name));
            }
            e.attrs.retain(|a| !a.path().is_ident("serde"));
            for a in &mut e.attrs {
                if a.path().is_ident("derive")
                    && let Ok(list) = a.parse_args_with(
                        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                    )
                {
                    let kept: Vec<&syn::Path> = list
                        .iter()
                        .filter(|p| {
                            let last = p.segments.last().map(|s| s.ident.to_string());
                            !matches!(last.as_deref(), Some("Serialize" | "Deserialize" | "Copy"))
                        })
                        .collect();
                    *a = syn::parse_quote!(#[derive(#(#kept),*)]);
                }
            }
            e.variants.push(syn::parse_quote! {
                /// A value this version of Cloudflare's description does not list, kept as
                /// sent (and sent as given).
                Other(::std::string::String)
            });
            opened.insert(e.ident.to_string(), wire);
        }
        // Their `Display`, `FromStr` and `TryFrom` impls are replaced (by
        // `cloudflare_core::open_string_enum!`); serde's and `as_str` are added.
        items.retain(|it| {
            let Item::Impl(imp) = it else { return true };
            let Some(name) = last_ident(&imp.self_ty) else {
                return true;
            };
            let Some((_, tr, _)) = &imp.trait_ else {
                return true;
            };
            let tr = tr.segments.last().map(|s| s.ident.to_string());
            !(opened.contains_key(&name)
                && matches!(tr.as_deref(), Some("Display" | "FromStr" | "TryFrom")))
        });
        for (name, wire) in &opened {
            let ty = syn::Ident::new(name, proc_macro2::Span::call_site());
            let idents: Vec<&syn::Ident> = wire.iter().map(|(i, _)| i).collect();
            let strings: Vec<&String> = wire.iter().map(|(_, s)| s).collect();
            let impls: syn::File = syn::parse_quote! {
                impl #ty {
                    /// The value as Cloudflare spells it.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(Self::#idents => #strings,)*
                            Self::Other(value) => value,
                        }
                    }
                    fn from_wire(value: &str) -> Self {
                        match value {
                            #(#strings => Self::#idents,)*
                            other => Self::Other(other.to_owned()),
                        }
                    }
                }
                ::cloudflare_core::open_string_enum!(#ty);
            };
            items.extend(impls.items);
        }
    }
}

/// A field typify gives `#[serde(default)]` (a list or map that may be left out) also takes
/// `null` as empty, through `cloudflare_core::de::null_as_default`: Cloudflare sends
/// `"add_headers": null` where the document has an object, and one such value must not fail
/// the call or the page. (`Option` fields take `null` as `None` already; a flattened map is
/// left alone.)
struct NullAsEmpty;

impl VisitMut for NullAsEmpty {
    fn visit_field_mut(&mut self, field: &mut syn::Field) {
        let keys = serde_keys(&field.attrs);
        let defaulted = keys.iter().any(|k| k == "default");
        let flattened_or_custom = keys
            .iter()
            .any(|k| ["flatten", "deserialize_with", "with"].contains(&k.as_str()));
        if defaulted && !flattened_or_custom {
            field.attrs.push(syn::parse_quote!(
                #[serde(deserialize_with = "::cloudflare_core::de::null_as_default")]
            ));
        }
        syn::visit_mut::visit_field_mut(self, field);
    }
}

/// Every struct a response can hold (`reached`: the response types and every type their
/// fields and variants reach) gets `#[serde(flatten)] pub extra: cloudflare_core::Extra`: a property the
/// document does not declare is kept as sent and written back by `Serialize`, and the
/// core's repair decode puts a value of an unexpected JSON type there under its own name.
/// A response struct's `deny_unknown_fields` (`additionalProperties: false`) is dropped; a
/// struct that has a flattened field already (typify's typed `additionalProperties`) keeps
/// what it has. Its builder (`types::builder::X`) carries the map through both conversions.
fn keep_unknown(file: &mut syn::File, reached: &BTreeSet<String>) {
    let Some(items) = module_items_mut(file, "types") else {
        return;
    };
    let mut kept = BTreeSet::new();
    for item in items.iter_mut() {
        // A union's members written inline (untagged struct variants) keep theirs too.
        if let Item::Enum(en) = item
            && reached.contains(&en.ident.to_string())
        {
            for variant in en.variants.iter_mut() {
                if let syn::Fields::Named(fields) = &mut variant.fields
                    && !fields.named.iter().any(|f| {
                        f.ident.as_ref().is_some_and(|i| i == "extra")
                            || serde_keys(&f.attrs).iter().any(|k| k == "flatten")
                    })
                {
                    fields.named.push(parse_quote! {
                        /// Properties the document does not declare, and `null`s and values
                        /// of another JSON type, kept as the server sent them.
                        #[serde(flatten)]
                        extra: ::cloudflare_core::Extra
                    });
                }
            }
            continue;
        }
        let Item::Struct(st) = item else { continue };
        if !reached.contains(&st.ident.to_string()) {
            continue;
        }
        // `additionalProperties: false` on a response type: what the server adds is kept
        // all the same (the document cannot promise Cloudflare adds nothing).
        st.attrs
            .retain(|a| serde_keys(std::slice::from_ref(a)) != ["deny_unknown_fields"]);
        let syn::Fields::Named(fields) = &mut st.fields else {
            continue;
        };
        let refuses = st.attrs.iter().any(|a| {
            serde_keys(std::slice::from_ref(a))
                .iter()
                .any(|k| k == "deny_unknown_fields")
        });
        let flattened = fields
            .named
            .iter()
            .any(|f| serde_keys(&f.attrs).iter().any(|k| k == "flatten"));
        let taken = fields
            .named
            .iter()
            .any(|f| f.ident.as_ref().is_some_and(|i| i == "extra"));
        if refuses || flattened || taken {
            continue;
        }
        fields.named.push(parse_quote! {
            /// Properties the document does not declare, and declared ones whose value had
            /// another JSON type than the document's, kept as the server sent them
            /// (see [`Extra`](::cloudflare_core::Extra)).
            #[serde(flatten)]
            pub extra: ::cloudflare_core::Extra
        });
        kept.insert(st.ident.to_string());
    }
    // Struct literals of a kept type outside the builders (typify's `Default` impls).
    struct Fill<'a>(&'a BTreeSet<String>, syn::Expr);
    impl VisitMut for Fill<'_> {
        fn visit_expr_struct_mut(&mut self, e: &mut syn::ExprStruct) {
            let named = e.path.segments.last().map(|s| s.ident.to_string());
            let ours = named.as_deref() == Some("Self")
                || named.as_ref().is_some_and(|n| self.0.contains(n));
            let has = e
                .fields
                .iter()
                .any(|f| matches!(&f.member, syn::Member::Named(i) if i == "extra"));
            if ours && e.rest.is_none() && !has {
                let value = &self.1;
                e.fields.push(parse_quote!(extra: #value));
            }
            syn::visit_mut::visit_expr_struct_mut(self, e);
        }
    }
    let default: syn::Expr = parse_quote!(::std::default::Default::default());
    for item in items.iter_mut() {
        match item {
            Item::Impl(imp) if last_ident(&imp.self_ty).is_some_and(|n| kept.contains(&n)) => {
                Fill(&kept, default.clone()).visit_item_impl_mut(imp);
            }
            Item::Mod(m) if m.ident == "builder" => {
                let Some((_, b)) = &mut m.content else {
                    continue;
                };
                for it in b.iter_mut() {
                    match it {
                        Item::Struct(st) if kept.contains(&st.ident.to_string()) => {
                            if let syn::Fields::Named(f) = &mut st.fields {
                                f.named.push(parse_quote! {
                                    extra: ::std::result::Result<::cloudflare_core::Extra, ::std::string::String>
                                });
                            }
                        }
                        Item::Impl(imp) => {
                            let Some(name) = last_ident(&imp.self_ty) else {
                                continue;
                            };
                            let trait_name = imp
                                .trait_
                                .as_ref()
                                .and_then(|(_, p, _)| p.segments.last())
                                .map(|s| s.ident.to_string());
                            // `TryFrom<builder::X> for super::X`, `From<super::X> for X`,
                            // `Default for X`.
                            let value: syn::Expr = match trait_name.as_deref() {
                                Some("TryFrom") => parse_quote!(value.extra?),
                                Some("From") => parse_quote!(Ok(value.extra)),
                                Some("Default") => {
                                    parse_quote!(Ok(::std::default::Default::default()))
                                }
                                _ => continue,
                            };
                            if kept.contains(&name) {
                                Fill(&kept, value).visit_item_impl_mut(imp);
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// The types of the `types` module that `roots` reach through their fields and variants.
fn reached_from(file: &syn::File, roots: &BTreeSet<String>) -> BTreeSet<String> {
    use syn::visit::Visit;
    struct Names<'a>(&'a BTreeSet<String>, BTreeSet<String>);
    impl<'ast> Visit<'ast> for Names<'_> {
        fn visit_path_segment(&mut self, s: &'ast syn::PathSegment) {
            let name = s.ident.to_string();
            if self.0.contains(&name) {
                self.1.insert(name);
            }
            syn::visit::visit_path_segment(self, s);
        }
    }
    let types: Vec<&Item> = module_items(file, "types").collect();
    let names: BTreeSet<String> = types
        .iter()
        .filter_map(|i| match i {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Enum(e) => Some(e.ident.to_string()),
            _ => None,
        })
        .collect();
    let mut refs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in &types {
        let mut v = Names(&names, BTreeSet::new());
        let name = match item {
            Item::Struct(s) => {
                v.visit_fields(&s.fields);
                s.ident.to_string()
            }
            Item::Enum(e) => {
                for var in &e.variants {
                    v.visit_fields(&var.fields);
                }
                e.ident.to_string()
            }
            _ => continue,
        };
        refs.insert(name, v.1);
    }
    let mut reached = BTreeSet::new();
    let mut todo: Vec<String> = roots.iter().cloned().collect();
    while let Some(t) = todo.pop() {
        if reached.insert(t.clone()) {
            todo.extend(refs.get(&t).into_iter().flatten().cloned());
        }
    }
    reached
}

/// A type no response reaches (a request body or a part of one) is only ever sent: it
/// derives `Deserialize` only with the crate's `deserialize-requests` feature
/// ([`REQUEST_DECODING`]), as the official SDKs' request parameters are write-only. A tenth
/// of a product crate's build was decoders the SDK never calls.
fn decode_only_responses(file: &mut syn::File, reached: &BTreeSet<String>) {
    let Some(items) = module_items_mut(file, "types") else {
        return;
    };
    for item in items.iter_mut() {
        let (ident, attrs) = match item {
            Item::Struct(s) => (&s.ident, &mut s.attrs),
            Item::Enum(e) => (&e.ident, &mut e.attrs),
            _ => continue,
        };
        if reached.contains(&ident.to_string()) {
            continue;
        }
        if drop_derive(attrs, "Deserialize") {
            let at = 1.min(attrs.len());
            attrs.insert(
                at,
                parse_quote! {
                    #[cfg_attr(
                        feature = #REQUEST_DECODING,
                        derive(::serde::Deserialize)
                    )]
                },
            );
        }
    }
}

/// Whether a field holds a credential: `secret`, `client_secret`, `password`, `private_key`,
/// `psk`, `token`, `api_key`, `passphrase` (a TSIG secret, an identity provider's client
/// secret, a tunnel token). The same rule as the core's `redact::is_secret_name`, which
/// redacts what errors quote from a response (a test holds the two to one answer).
pub fn is_secret_field(name: &str) -> bool {
    let name = name.trim_end_matches('_');
    name.contains("secret")
        || name.contains("password")
        || name.contains("passphrase")
        || matches!(name, "private_key" | "psk" | "token" | "api_key")
}

/// Secrets never appear in output: every generated struct with a credential field
/// ([`is_secret_field`]) in `types` (and its request builder in `types::builder`) gets a
/// `Debug` that prints `<redacted>` for it instead of the derived one. `Serialize` still
/// writes it: a request must carry it.
fn redact_secrets(file: &mut syn::File) {
    fn visit(items: &mut Vec<Item>) {
        let mut impls: Vec<Item> = Vec::new();
        for item in items.iter_mut() {
            match item {
                Item::Mod(m) => {
                    if let Some((_, inner)) = &mut m.content {
                        visit(inner);
                    }
                }
                Item::Struct(st) => {
                    let syn::Fields::Named(named) = &st.fields else {
                        continue;
                    };
                    let secret = named.named.iter().any(|f| {
                        f.ident
                            .as_ref()
                            .is_some_and(|i| is_secret_field(&i.to_string()))
                    });
                    if !secret || !drop_derive(&mut st.attrs, "Debug") {
                        continue;
                    }
                    let ident = &st.ident;
                    let label = ident.to_string();
                    let fields = named.named.iter().filter_map(|f| {
                        let i = f.ident.as_ref()?;
                        let key = i.to_string();
                        let key = key.strip_prefix("r#").unwrap_or(&key).to_owned();
                        Some(if is_secret_field(&key) {
                            quote!(.field(#key, &"<redacted>"))
                        } else {
                            quote!(.field(#key, &self.#i))
                        })
                    });
                    impls.push(parse_quote! {
                        impl ::std::fmt::Debug for #ident {
                            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                                f.debug_struct(#label) #(#fields)* .finish()
                            }
                        }
                    });
                }
                _ => {}
            }
        }
        items.extend(impls);
    }
    for item in &mut file.items {
        if let Item::Mod(m) = item
            && m.ident == "types"
            && let Some((_, items)) = &mut m.content
        {
            visit(items);
        }
    }
}

/// progenitor ends each client method's docs with an example of the builder call
/// (` ```ignore let response = client.x().account_id(..)..send().await; ``` `): it repeats
/// the arguments list above it, and SDK users call through the resource tree, whose docs have
/// the example. Each method keeps its summary, verb and path, and arguments.
fn drop_call_examples(file: &mut syn::File) {
    for item in &mut file.items {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || last_ident(&imp.self_ty).as_deref() != Some("Client") {
            continue;
        }
        for f in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = f else { continue };
            for attr in f.attrs.iter_mut().filter(|a| a.path().is_ident("doc")) {
                let syn::Meta::NameValue(nv) = &attr.meta else {
                    continue;
                };
                let Some(text) = lit_str(&nv.value) else {
                    continue;
                };
                if let Some(at) = text.find("\n```ignore\n") {
                    let kept = text[..at].trim_end();
                    *attr = parse_quote!(#[doc = #kept]);
                }
            }
        }
    }
}

/// The struct builders typify writes for every type (`types::builder::X`, its setters and
/// conversions, `X::builder()`) are kept only where a request is built with them: the body
/// types progenitor's request builders take (`body_map`) and the types their fields reach.
/// A response-only type is read, never built (a struct literal with `..Default::default()`
/// still builds one): about half of a product's generated lines otherwise.
fn strip_response_builders(file: &mut syn::File) {
    use syn::visit::Visit;
    /// Every `builder::X` (and `types::builder::X`) a part of the file names.
    #[derive(Default)]
    struct Named(BTreeSet<String>);
    impl<'ast> Visit<'ast> for Named {
        fn visit_path(&mut self, p: &'ast syn::Path) {
            let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            if let Some(i) = segs.iter().position(|s| s == "builder")
                && let Some(name) = segs.get(i + 1)
                && i + 2 == segs.len()
            {
                self.0.insert(name.clone());
            }
            syn::visit::visit_path(self, p);
        }
    }
    /// Every type name a struct's fields mention.
    #[derive(Default)]
    struct Idents(BTreeSet<String>);
    impl<'ast> Visit<'ast> for Idents {
        fn visit_path_segment(&mut self, s: &'ast syn::PathSegment) {
            self.0.insert(s.ident.to_string());
            syn::visit::visit_path_segment(self, s);
        }
    }
    let mut used = Named::default();
    for item in module_items(file, "builder") {
        used.visit_item(item);
    }
    let mut fields: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in module_items(file, "types") {
        if let Item::Struct(st) = item {
            let mut idents = Idents::default();
            idents.visit_fields(&st.fields);
            fields.insert(st.ident.to_string(), idents.0);
        }
    }
    let mut keep = used.0;
    let mut todo: Vec<String> = keep.iter().cloned().collect();
    while let Some(t) = todo.pop() {
        for f in fields.get(&t).into_iter().flatten() {
            if fields.contains_key(f) && keep.insert(f.clone()) {
                todo.push(f.clone());
            }
        }
    }
    let dropped = |ty: &syn::Type| last_ident(ty).is_some_and(|n| !keep.contains(&n));
    for item in &mut file.items {
        let Item::Mod(types) = item else { continue };
        if types.ident != "types" {
            continue;
        }
        let Some((_, items)) = &mut types.content else {
            continue;
        };
        items.retain(|i| match i {
            // `impl X { pub fn builder() -> builder::X }`
            Item::Impl(imp) if imp.trait_.is_none() && dropped(&imp.self_ty) => !imp
                .items
                .iter()
                .all(|it| matches!(it, syn::ImplItem::Fn(f) if f.sig.ident == "builder")),
            _ => true,
        });
        for i in items.iter_mut() {
            let Item::Mod(b) = i else { continue };
            if b.ident != "builder" {
                continue;
            }
            let Some((_, inner)) = &mut b.content else {
                continue;
            };
            inner.retain(|i| match i {
                Item::Struct(st) => keep.contains(&st.ident.to_string()),
                // Setters, `Default`, `From<super::X>` on the builder, and `TryFrom<X> for
                // super::X`: each named `X` by its self type.
                Item::Impl(imp) => last_ident(&imp.self_ty).is_none_or(|n| keep.contains(&n)),
                _ => true,
            });
        }
    }
}
