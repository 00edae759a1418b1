//! Generic normalisation of a Cloudflare OpenAPI document before progenitor sees it.
//!
//! Every rule is a rule over shapes, never a list of operation ids: the same rules run on the
//! Secondary DNS slice and on the whole upstream document (`cargo xtask survey`). Each change is
//! recorded in a [`Report`], which the test suite snapshots.

mod naming;
mod rules;
mod walk;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};

pub use naming::{check_operation_ids, field_name, method_name, type_name, variant_name};
pub(crate) use rules::all_properties;
pub use rules::{ListKind, list_kind, list_kinds, unsupported_request_bodies};
pub(crate) use walk::{
    METHODS, component_schemas, deref, deref_local, deref_parameter, ref_closure,
};
pub use walk::{OperationRef, label, operations, path_params, segment_params};

use rules::*;
use walk::{add_component, for_each_operation};

/// What normalisation changed: rule name → locations (operation or schema) it touched.
#[derive(Debug, Default, Serialize, Clone, PartialEq, Eq)]
pub struct Report {
    /// Rule → sorted, de-duplicated locations.
    pub rules: BTreeMap<&'static str, BTreeSet<String>>,
    /// Component schemas recognised as Cloudflare's failure envelope (`success: enum [false]`).
    pub failure_envelopes: BTreeSet<String>,
    /// Component schemas recognised as Cloudflare's message list (`[{code, message}]`).
    pub message_lists: BTreeSet<String>,
    /// Component schemas that become tolerant tagged enums (see `tagged-union`).
    pub tagged_unions: BTreeMap<String, TaggedUnion>,
}

/// A `oneOf`/`anyOf` whose members are told apart by one single-value property.
#[derive(Debug, Default, Serialize, Clone, PartialEq, Eq)]
pub struct TaggedUnion {
    /// The property that tells members apart (`type`).
    pub property: String,
    /// (tag value, member component), in the union's order.
    pub variants: Vec<(String, String)>,
}

/// The component an error response that is no recognised failure envelope is rewritten to
/// (see `failure-envelope-only`); the generator replaces it with `FailureEnvelope`.
pub const FAILURE_COMPONENT: &str = "cloudflare-sdk_failure";

/// The component every cursor `result_info` is rewritten to (see `shared-cursor-info`); the
/// generator replaces it with `CursorInfo`.
pub const CURSOR_INFO_COMPONENT: &str = "cloudflare-sdk_cursor-info";

/// The component every page-number `result_info` is rewritten to (see `shared-result-info`).
pub const RESULT_INFO_COMPONENT: &str = "cloudflare-sdk_result-info";

/// The message list `envelope-completed` adds (replaced by the shared `Messages`).
pub const MESSAGES_COMPONENT: &str = "cloudflare-sdk_messages";

/// The component integral numbers are rewritten to (see `integral-number`).
pub const INTEGER_COMPONENT: &str = "cloudflare-sdk_integer";

/// The component other numbers are rewritten to (see `number-as-sent`).
pub const NUMBER_COMPONENT: &str = "cloudflare-sdk_number";

/// One normalisation rule: its name (as the [`Report`] writes it), the shape it matches, and
/// what it makes of it. Every rule is over shapes, never operation ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The name in reports and snapshots.
    pub name: &'static str,
    /// The shape it matches.
    pub matches: &'static str,
    /// What it does with it.
    pub does: &'static str,
}

const fn rule(name: &'static str, matches: &'static str, does: &'static str) -> Rule {
    Rule {
        name,
        matches,
        does,
    }
}

/// Every rule, in the order `normalize` applies them (the functions are in `rules.rs`).
pub const RULES: &[Rule] = &[
    rule(
        "inline-enums-shared",
        "an inline string enum (two values or more) with the same values in more than one place (Radar's `format: JSON | CSV` on every method)",
        "one component named after the property or parameter that holds it most often, when free; each place refers to it",
    ),
    rule(
        "identical-components-merged",
        "components of one shape (`$ref`s read as the shapes they point to; descriptions, titles and examples aside), as a description derived from SDK classes declares per method",
        "one component, the shortest name kept, every `$ref` pointed at it",
    ),
    rule(
        "failure-envelope-only",
        "an error response that is not a failure envelope alone (an uninhabited `allOf[success, failure]`, a bare `{success, errors}`)",
        "keeps the failure envelope alone; every failure envelope becomes the core's `FailureEnvelope`",
    ),
    rule(
        "shared-message-list",
        "an `errors`/`messages` list of `{code, message}`",
        "becomes the core's `Messages`",
    ),
    rule(
        "tagged-union-hoisted",
        "a `oneOf`/`anyOf` of `$ref`s told apart by one single-value property, written inline (a list's `items`, a `result`)",
        "a component named after what its members' names share (`DnsRecordResponse`), one per set of members, which `tagged-union` then reads",
    ),
    rule(
        "tagged-union",
        "a `oneOf`/`anyOf` of `$ref`s told apart by one single-value property",
        "a tolerant tagged enum with `Other(serde_json::Value)`",
    ),
    rule(
        "shared-result-info",
        "a page-number `result_info` object, inline or by `$ref`",
        "becomes the core's `ResultInfo`",
    ),
    rule(
        "schemaless-json-request-body",
        "a JSON request body with no schema (progenitor rejects the document)",
        "`{type: object}`, which the generator starts as `{}`",
    ),
    rule(
        "schemaless-json-response",
        "a JSON response with no schema (progenitor panics)",
        "any JSON value",
    ),
    rule(
        "binary-body",
        "an `application/octet-stream` request body with another schema",
        "`{type: string, format: binary}`",
    ),
    rule(
        "request-media-types-reduced",
        "a request body offering several media types",
        "keeps JSON when offered, else the first",
    ),
    rule(
        "response-media-types-reduced",
        "a response offering several media types",
        "keeps JSON when offered, else the first",
    ),
    rule(
        "response-kinds-reduced",
        "success responses mixing JSON, other and empty bodies, or differing JSON schemas",
        "keeps the JSON ones, then the lowest status's (lossy: reported)",
    ),
    rule(
        "default-response-moved",
        "a `default` response beside a 2xx (progenitor counts it as a success)",
        "moves it to `4XX` or `5XX`",
    ),
    rule(
        "default-response-dropped",
        "the same, with `4XX` and `5XX` both taken",
        "drops it",
    ),
    rule(
        "object-query-parameter",
        "an object-typed query parameter (form, exploded)",
        "one query parameter per property",
    ),
    rule(
        "query-shadows-path",
        "a query parameter whose Rust name is a path parameter's (`httpProtocol`, `{http_protocol}`)",
        "drops the query one",
    ),
    rule(
        "envelope-completed",
        "a success response with `result` but no `success`",
        "adds `success`, `errors`, `messages`",
    ),
    rule(
        "inline-scalar-ref",
        "a `$ref` to a scalar component (a newtype per field)",
        "inlines the scalar",
    ),
    rule(
        "inline-names-collide",
        "a component whose Rust name is the one progenitor gives an operation's inline response (`<OperationId>Response`) or body (`<OperationId>Body`); typify would make them one type",
        "the component renamed (`…Response` → `…Result`, `…Body` → `…Params`), every `$ref` following",
    ),
    rule(
        "component-names-collide",
        "component schemas whose Rust type names are the same",
        "renames all but the first (`-2`, …) and follows every `$ref`",
    ),
    rule(
        "response-ref-inlined",
        "a response given by `$ref` to `components/responses`",
        "a copy of it, which the response rules then see",
    ),
    rule(
        "path-parameter-not-null",
        "a path parameter whose schema is `nullable`",
        "not nullable: a path segment is always there",
    ),
    rule(
        "property-names-collide",
        "properties whose Rust field names are the same (`<=1y`, `>1y`)",
        "taken out of `properties`; the object keeps them in its flattened `extra` map",
    ),
    rule(
        "shared-cursor-info",
        "a `GET` list whose `result_info` has `cursor` or `cursors`",
        "`result_info` becomes the core's `CursorInfo`, the page size an integer",
    ),
    rule(
        "array-result-inlined",
        "a `result` given by `$ref` to a named array component",
        "the array inline, so the list's items are the envelope's `result`",
    ),
    rule(
        "response-union-merged",
        "a success response that is a `oneOf`/`anyOf` of objects",
        "`allOf` of them: one tolerant object that takes either shape",
    ),
    rule(
        "page-parameters-added",
        "a `GET` list with a page-number `result_info` missing `page` or `per_page`",
        "gets the missing query parameter, so the pager reads every page",
    ),
    rule(
        "integer-page-parameter",
        "`page`, `per_page` (`perPage`) and `limit` query parameters typed `number`, `string` or untyped",
        "`integer`, so `Paginated` applies",
    ),
    rule(
        "string-cursor-parameter",
        "a `cursor` query parameter typed `integer` or `number` (Cloudflare Network Interconnects)",
        "a `string`: the pager sends back the cursor text the server gave, as it gave it",
    ),
    rule(
        "string-format-dropped",
        "a string `format` other than `binary` (chrono, uuid, Ipv4Addr)",
        "drops it: strings stay `String`",
    ),
    rule(
        "float-widened",
        "a `number` of `format: float`",
        "`double`: an `f64` reads and writes back the value sent (an `f32` turns `1987.06` into `1987.06005859375`)",
    ),
    rule(
        "string-pattern-dropped",
        "a `pattern`",
        "drops it: the server is the authority",
    ),
    rule(
        "string-length-dropped",
        "a string's `minLength`/`maxLength`",
        "drops them: the server is the authority (no newtype refusing a real id)",
    ),
    rule(
        "path-parameter-plain-string",
        "a path parameter typed other than a plain `string` (a JSON value, a number, limits)",
        "a plain `string`: sent as the text given, percent-encoded as one segment",
    ),
    rule(
        "single-value-boolean-enum",
        "`{type: boolean, enum: [true]}`",
        "a plain boolean",
    ),
    rule("null-enum", "`enum: [null]`", "nullable anything"),
    rule(
        "infer-type",
        "a schema with one type's keywords but no `type`",
        "gets that `type`",
    ),
    rule(
        "enum-names-collide",
        "string enum values that do not make distinct Rust names (`<`, `<=`, `\"\"`)",
        "drops the enum, keeps the string",
    ),
    rule(
        "misplaced-composition-on-array",
        "`oneOf`/`anyOf` beside `items` on an array",
        "drops the composition",
    ),
    rule(
        "readonly-not-required",
        "a `readOnly` property listed in `required`",
        "not required (request bodies need not invent ids)",
    ),
    rule(
        "invalid-default",
        "a `default` of the wrong type, outside its enum, or on a composite",
        "drops the default",
    ),
    rule(
        "default-dropped",
        "a `default`",
        "said in the description, not filled in: nothing is read or sent that was not there",
    ),
    rule(
        "allof-conflict-flattened",
        "an `allOf` whose members declare one property differently",
        "flattens it, later member wins, `required` united",
    ),
    rule(
        "integral-number",
        "`type: number` with an integer example and no float format",
        "the core's `Integer` (sent as `53`, decoded leniently)",
    ),
    rule(
        "number-as-sent",
        "`type: number` with no format, enum or integer example (every number of the description derived from the SDKs: ports, counts and scores alike)",
        "the core's `Number`: the JSON number as sent, written back unchanged (`53`, not `53.0`)",
    ),
    rule(
        "tolerant-response",
        "schemas responses reach",
        "drops `required` and length/pattern/item limits, arrays nullable",
    ),
    rule(
        "request-union-named",
        "a request body that is an `anyOf` of `$ref`s no response reaches (and no tagged union)",
        "becomes a `oneOf`: an enum with a variant named after each member, not a struct of `subtype_N` parts",
    ),
    rule(
        "prune-unreferenced",
        "components nothing references any more",
        "removes them",
    ),
    rule(
        "titles-collide",
        "inline schemas that differ but whose `title`s make one Rust name (with each other or a component); typify would reuse the first type for all",
        "titled after their owner (`access_app_response Self Hosted Application`), numbered if that still collides",
    ),
];

impl Report {
    fn note(&mut self, rule: &'static str, at: impl Into<String>) {
        debug_assert!(
            RULES.iter().any(|r| r.name == rule),
            "rule `{rule}` is not in RULES"
        );
        self.rules.entry(rule).or_default().insert(at.into());
    }

    /// Per-rule counts, for the closing summary of `cargo xtask codegen`.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        self.rules.iter().map(|(k, v)| (*k, v.len())).collect()
    }
}

/// Normalise `spec` in place and report what changed.
pub fn normalize(spec: &mut Value) -> Report {
    let mut report = Report::default();
    share_inline_enums(spec, &mut report);
    merge_identical_components(spec, &mut report);
    component_names(spec, &mut report);
    inline_names_collide(spec, &mut report);
    inline_response_refs(spec, &mut report);
    detect_failure_envelopes(spec, &mut report);
    detect_message_lists(spec, &mut report);
    hoist_tagged_unions(spec, &mut report);
    detect_tagged_unions(spec, &mut report);
    page_parameters(spec, &mut report);
    shared_cursor_info(spec, &mut report);
    shared_result_info(spec, &mut report);
    // The recognised failure envelopes; `failure-envelope-only` adds only
    // `FAILURE_COMPONENT`, which it recognises by name.
    let envelopes = report.failure_envelopes.clone();
    for_each_operation(spec, |label, op, schemas| {
        schemaless_bodies(label, op, &mut report);
        media_types(label, op, &mut report);
        response_union_merged(label, op, schemas, &mut report);
        default_response_beside_success(label, op, &mut report);
        failure_envelope_only(label, op, &envelopes, &mut report);
        object_query_params(label, op, schemas, &mut report);
        duplicate_query_params(label, op, &mut report);
        complete_envelope(label, op, &mut report);
    });
    if report.failure_envelopes.contains(FAILURE_COMPONENT) {
        add_component(spec, FAILURE_COMPONENT, json!({"type": "object"}));
    }
    if report.rules.contains_key("envelope-completed") {
        add_messages_component(spec, &mut report);
    }
    inline_scalar_refs(spec, &mut report);
    plain_path_parameters(spec, &mut report);
    integer_page_parameters(spec, &mut report);
    drop_string_formats(spec, &mut report);
    fix_schemas(spec, &mut report);
    loosen_response_schemas(spec, &mut report);
    request_unions_named(spec, &mut report);
    prune_unreferenced(spec, &mut report);
    titles_collide(spec, &mut report);
    report
}
