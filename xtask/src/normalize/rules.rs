//! The rules themselves, one function each (named in [`RULES`](super::RULES)): each matches a
//! shape, rewrites it, and notes where in the [`Report`](super::Report).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use super::walk::*;
use super::{
    CURSOR_INFO_COMPONENT, FAILURE_COMPONENT, INTEGER_COMPONENT, MESSAGES_COMPONENT,
    NUMBER_COMPONENT, RESULT_INFO_COMPONENT, Report, TaggedUnion,
};

pub(crate) const RESULT_INFO_FIELDS: [&str; 5] =
    ["page", "per_page", "count", "total_count", "total_pages"];

/// Cloudflare's failure envelope: `success` pinned to `false` (`enum: [false]`, or in older
/// products only `example: false`) beside `errors`.
pub(crate) fn is_failure_envelope(schema: &Value) -> bool {
    let success = schema.pointer("/properties/success");
    schema.pointer("/properties/errors").is_some()
        && success.is_some_and(|s| {
            s.get("enum") == Some(&json!([false]))
                || (s.get("enum").is_none() && s.get("example") == Some(&json!(false)))
        })
}

pub(crate) fn detect_failure_envelopes(spec: &Value, report: &mut Report) {
    if let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, s) in schemas {
            if is_failure_envelope(s) {
                report.failure_envelopes.insert(name.clone());
            }
        }
    }
}

pub(crate) fn is_message_list(schema: &Value) -> bool {
    schema.get("type") == Some(&json!("array"))
        && schema.pointer("/items/properties/code").is_some()
        && schema.pointer("/items/properties/message").is_some()
}

/// Cloudflare's `errors`/`messages` lists (`[{code, message, documentation_url, source}]`)
/// become the hand-written `Messages` type of the generated crate, so every envelope exposes
/// its errors the same way (and codes above 65,535 decode).
pub(crate) fn detect_message_lists(spec: &Value, report: &mut Report) {
    if let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, s) in schemas {
            if is_message_list(s) {
                report.message_lists.insert(name.clone());
                report.note("shared-message-list", name.clone());
            }
        }
    }
}

/// Adds the shared `errors`/`messages` list component (replaced by the core's `Messages`).
pub(crate) fn add_messages_component(spec: &mut Value, report: &mut Report) {
    add_component(
        spec,
        MESSAGES_COMPONENT,
        json!({"type": "array", "items": {"type": "object", "properties": {
            "code": {"type": "integer"}, "message": {"type": "string"}}}}),
    );
    report.message_lists.insert(MESSAGES_COMPONENT.to_owned());
}

/// `{allOf: [x]}` (a lone member, as Cloudflare wraps some `$ref`s) is `x`.
fn lone_member(schema: &Value) -> &Value {
    ["allOf", "oneOf", "anyOf"]
        .iter()
        .find_map(|k| match schema.get(*k).and_then(Value::as_array) {
            Some(members) if members.len() == 1 => Some(&members[0]),
            _ => None,
        })
        .unwrap_or(schema)
}

/// Rule `shared-result-info`: every page-number `result_info` object, inline or by `$ref`
/// (properties drawn from page, per_page, count, total_count, total_pages), becomes one shared
/// component, which the generator replaces with the hand-written `ResultInfo`: one pager
/// serves every list.
pub(crate) fn shared_result_info(spec: &mut Value, report: &mut Report) {
    let schemas = component_schemas(spec);
    let mut found = false;
    let mut messages_used = false;
    visit_all_schemas(spec, &mut |schema, at| {
        // `errors`/`messages` arrays given inline (items by `$ref`) are the shared list too.
        for key in ["errors", "messages"] {
            if let Some(list) = schema.get_mut("properties").and_then(|p| p.get_mut(key))
                && list.get("$ref").is_none()
                && let Some(items) = list.get("items")
                && is_message_list(&json!({"type": "array", "items": deref(items, &schemas)}))
            {
                *list = json!({"$ref": format!("#/components/schemas/{MESSAGES_COMPONENT}")});
                messages_used = true;
                report.note("shared-message-list", at);
            }
        }
        // A `result` that is a named array component (`IamPermissionGroups(Vec<_>)`) is
        // inlined, so the list's items are the envelope's `result`.
        if let Some(result) = schema
            .get_mut("properties")
            .and_then(|p| p.get_mut("result"))
            && result.get("$ref").is_some()
        {
            let target = deref(result, &schemas);
            if target.get("type") == Some(&json!("array")) && target.get("items").is_some() {
                *result = target.clone();
                report.note("array-result-inlined", at);
            }
        }
        if let Some(ri) = schema
            .get_mut("properties")
            .and_then(|p| p.get_mut("result_info"))
            && let Some(props) = deref(lone_member(ri), &schemas)
                .get("properties")
                .and_then(Value::as_object)
            && !props.is_empty()
            && props
                .keys()
                .all(|k| RESULT_INFO_FIELDS.contains(&k.as_str()))
        {
            *ri = json!({"$ref": format!("#/components/schemas/{RESULT_INFO_COMPONENT}")});
            found = true;
            report.note("shared-result-info", at);
        }
    });
    if messages_used {
        add_messages_component(spec, report);
    }
    if found {
        let props: Map<String, Value> = RESULT_INFO_FIELDS
            .iter()
            .map(|f| ((*f).to_owned(), json!({"type": "integer"})))
            .collect();
        add_component(
            spec,
            RESULT_INFO_COMPONENT,
            json!({"type": "object", "properties": props}),
        );
    }
}

/// Rules on media types progenitor cannot combine:
/// - `binary-body`: an `application/octet-stream` request body becomes `{type: string,
///   format: binary}` whatever schema it declared;
/// - `request-media-types-reduced`: a request body offering several media types keeps one
///   (JSON when offered): progenitor panics on more than two;
/// - `response-kinds-reduced`: success responses that mix JSON, other and empty bodies keep
///   the JSON ones (lossy: the others are dropped from the description).
pub(crate) fn media_types(label: &str, op: &mut Value, report: &mut Report) {
    if let Some(content) = op
        .pointer_mut("/requestBody/content")
        .and_then(Value::as_object_mut)
    {
        if let Some(bin) = content.get_mut("application/octet-stream")
            && bin.get("schema") != Some(&json!({"type": "string", "format": "binary"}))
        {
            bin["schema"] = json!({"type": "string", "format": "binary"});
            report.note("binary-body", label);
        }
        if content.len() > 1 {
            let keep = content
                .keys()
                .find(|k| k.contains("json"))
                .or_else(|| content.keys().next())
                .cloned()
                .expect("non-empty");
            content.retain(|k, _| *k == keep);
            report.note("request-media-types-reduced", label);
        }
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for r in responses.values_mut() {
        if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut)
            && content.len() > 1
        {
            let keep = content
                .keys()
                .find(|k| k.contains("json"))
                .or_else(|| content.keys().next())
                .cloned()
                .expect("non-empty");
            content.retain(|k, _| *k == keep);
            report.note("response-media-types-reduced", label);
        }
    }
    let kind = |r: &Value| match r.get("content").and_then(Value::as_object) {
        None => "empty",
        Some(c) if c.is_empty() => "empty",
        Some(c) if c.keys().any(|k| k.contains("json")) => "json",
        Some(_) => "other",
    };
    let kinds: BTreeSet<&str> = responses
        .iter()
        .filter(|(c, _)| is_success_code(c))
        .map(|(_, r)| kind(r))
        .collect();
    if kinds.len() > 1 {
        let keep = if kinds.contains("json") {
            "json"
        } else {
            "other"
        };
        responses.retain(|code, r| !is_success_code(code) || kind(r) == keep);
        report.note("response-kinds-reduced", label);
    }
    // Several JSON success schemas that differ: keep the lowest status code's.
    let json_success: Vec<String> = responses
        .iter()
        .filter(|(c, r)| is_success_code(c) && kind(r) == "json")
        .map(|(c, _)| c.clone())
        .collect();
    if json_success.len() > 1 {
        let first = responses[&json_success[0]].clone();
        let same = json_success
            .iter()
            .all(|c| responses[c].get("content") == first.get("content"));
        if !same {
            for c in &json_success[1..] {
                responses.remove(c);
            }
            report.note("response-kinds-reduced", label);
        }
    }
}

/// Rule `schemaless-json-body`: a JSON request body with no schema rejects the whole document
/// in progenitor; a JSON response with no schema panics it. Give bodies `{type: object}` and
/// responses "any JSON value".
pub(crate) fn schemaless_bodies(label: &str, op: &mut Value, report: &mut Report) {
    if let Some(content) = op
        .pointer_mut("/requestBody/content")
        .and_then(Value::as_object_mut)
    {
        for (media, m) in content.iter_mut() {
            if media.contains("json") && m.get("schema").is_none() {
                m["schema"] = json!({"type": "object"});
                report.note("schemaless-json-request-body", label);
            }
        }
    }
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
        for (_, r) in responses.iter_mut() {
            if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
                for (media, m) in content.iter_mut() {
                    if media.contains("json") && m.get("schema").is_none() {
                        m["schema"] = json!({});
                        report.note("schemaless-json-response", label);
                    }
                }
            }
        }
    }
}

/// Rule `default-response-moved`: progenitor counts `default` as a success type beside a 2xx
/// and panics when the two differ. Move it to `4XX` (or `5XX`) when that key is free.
pub(crate) fn default_response_beside_success(label: &str, op: &mut Value, report: &mut Report) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    if !responses.keys().any(|k| is_success_code(k)) || !responses.contains_key("default") {
        return;
    }
    for target in ["4XX", "5XX"] {
        if !responses.contains_key(target) {
            let d = responses.remove("default").expect("checked above");
            responses.insert(target.to_owned(), d);
            report.note("default-response-moved", label);
            return;
        }
    }
    responses.remove("default");
    report.note("default-response-dropped", label);
}

/// Rule `failure-envelope-only`: Cloudflare's error responses are `allOf[<success envelope>,
/// <failure envelope>]`, which no value satisfies (`success: [true]` and `[false]`). Keep the
/// failure envelope alone, so every error decodes into one typed failure with its status.
pub(crate) fn failure_envelope_only(
    label: &str,
    op: &mut Value,
    envelopes: &BTreeSet<String>,
    report: &mut Report,
) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for (code, r) in responses.iter_mut() {
        if is_success_code(code) {
            continue;
        }
        let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) else {
            continue;
        };
        let component = |s: &Value| {
            s.get("$ref")
                .and_then(Value::as_str)
                .and_then(ref_name)
                .is_some_and(|n| envelopes.contains(n) || n == FAILURE_COMPONENT)
        };
        if content.len() == 1
            && content.keys().all(|m| m.contains("json"))
            && content
                .values()
                .all(|m| m.get("schema").is_some_and(component))
        {
            continue;
        }
        // One failure envelope for every error body: an uninhabited `allOf[success,
        // failure]` keeps its failure member, anything else (an inline envelope, a bare
        // `{success, errors}`, a non-JSON body) is read as the core's failure envelope, whose
        // hooks keep a non-JSON body with its status.
        let failure = content
            .values()
            .filter_map(|m| m.pointer("/schema/allOf").and_then(Value::as_array))
            .flatten()
            .find(|member| component(member))
            .cloned()
            .unwrap_or_else(|| {
                report
                    .failure_envelopes
                    .insert(FAILURE_COMPONENT.to_owned());
                json!({"$ref": format!("#/components/schemas/{FAILURE_COMPONENT}")})
            });
        content.clear();
        content.insert("application/json".into(), json!({ "schema": failure }));
        report.note("failure-envelope-only", label);
    }
    // An operation that documents no error body still answers errors with the envelope.
    let documents_errors = responses
        .iter()
        .any(|(code, r)| !is_success_code(code) && r.get("content").is_some());
    if !documents_errors {
        report
            .failure_envelopes
            .insert(FAILURE_COMPONENT.to_owned());
        responses.insert(
            "4XX".into(),
            json!({"description": "Cloudflare's failure envelope", "content": {
                "application/json": {"schema":
                    {"$ref": format!("#/components/schemas/{FAILURE_COMPONENT}")}}}}),
        );
        report.note("failure-envelope-only", label);
    }
}

/// Rule `object-query-parameter`: a query parameter whose schema is an object (form style,
/// exploded) becomes one query parameter per property, as it is sent on the wire.
pub(crate) fn object_query_params(
    label: &str,
    op: &mut Value,
    schemas: &Map<String, Value>,
    report: &mut Report,
) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    let mut out = Vec::new();
    let mut changed = false;
    for p in params.drain(..) {
        let object = (p.get("in") == Some(&json!("query")))
            .then(|| p.get("schema"))
            .flatten()
            .and_then(|s| object_properties(s, schemas, 0));
        match object {
            Some(props) => {
                changed = true;
                for (name, schema) in props {
                    out.push(
                        json!({"in": "query", "name": name, "required": false, "schema": schema}),
                    );
                }
            }
            None => out.push(p),
        }
    }
    *params = out;
    if changed {
        report.note("object-query-parameter", label);
    }
}

/// The properties of an object schema, through `$ref` and `allOf` (a later member's
/// property schema merged over an earlier one's); `None` for anything else.
fn object_properties(
    schema: &Value,
    schemas: &Map<String, Value>,
    depth: usize,
) -> Option<Map<String, Value>> {
    let schema = deref(schema, schemas);
    if depth > 8 {
        return None;
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        let mut out = Map::new();
        for m in members {
            for (name, prop) in object_properties(m, schemas, depth + 1)? {
                match (out.get_mut(&name), prop) {
                    (Some(Value::Object(have)), Value::Object(more)) => have.extend(more),
                    (_, prop) => {
                        out.insert(name, prop);
                    }
                }
            }
        }
        return Some(out);
    }
    let object = schema.get("type") == Some(&json!("object"))
        || (schema.get("type").is_none() && schema.get("properties").is_some());
    object
        .then(|| schema.get("properties").and_then(Value::as_object).cloned())
        .flatten()
}

/// Rule `query-shadows-path`: a query parameter named like a path parameter is dropped.
pub(crate) fn duplicate_query_params(label: &str, op: &mut Value, report: &mut Report) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    let path_names: BTreeSet<String> = params
        .iter()
        .filter(|p| p.get("in") == Some(&json!("path")))
        .filter_map(|p| {
            p.get("name")
                .and_then(Value::as_str)
                .map(super::method_name)
        })
        .collect();
    let before = params.len();
    // Compared as Rust names: `httpProtocol` in the query shadows `{http_protocol}`.
    params.retain(|p| {
        !(p.get("in") == Some(&json!("query"))
            && p.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| path_names.contains(&super::method_name(n))))
    });
    if params.len() != before {
        report.note("query-shadows-path", label);
    }
}

pub(crate) fn is_scalar(schema: &Value) -> bool {
    let ty = schema.get("type").and_then(Value::as_str);
    matches!(ty, Some("string" | "number" | "integer" | "boolean"))
        && schema.get("enum").is_none()
        && schema.get("$ref").is_none()
        && schema.get("allOf").is_none()
        && schema.get("oneOf").is_none()
        && schema.get("anyOf").is_none()
}

/// Rule `inline-scalar-ref`: a `$ref` to a scalar component becomes a newtype per field
/// (`SecondaryDnsPort(f64)`); inline the scalar so fields are plain `String`, `f64`, `bool`.
pub(crate) fn inline_scalar_refs(spec: &mut Value, report: &mut Report) {
    let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
    else {
        return;
    };
    let scalars: BTreeMap<String, Value> =
        schemas.into_iter().filter(|(_, s)| is_scalar(s)).collect();
    fn walk(v: &mut Value, scalars: &BTreeMap<String, Value>, hits: &mut BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                if let Some(name) = map.get("$ref").and_then(Value::as_str).and_then(ref_name)
                    && let Some(target) = scalars.get(name)
                {
                    hits.insert(name.to_owned());
                    let mut inlined = target.as_object().cloned().unwrap_or_default();
                    // Sibling keys beside `$ref` (descriptions) win over the target's.
                    for (k, val) in map.iter() {
                        if k != "$ref" {
                            inlined.insert(k.clone(), val.clone());
                        }
                    }
                    *map = inlined;
                    return;
                }
                for (_, child) in map.iter_mut() {
                    walk(child, scalars, hits);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, scalars, hits)),
            _ => {}
        }
    }
    let mut hits = BTreeSet::new();
    walk(spec, &scalars, &mut hits);
    for h in hits {
        report.note("inline-scalar-ref", h);
    }
}

/// Applies [`SCHEMA_RULES`] to every schema object of the document, then adds the shared
/// `Integer` component if `integral-number` used it.
pub(crate) fn fix_schemas(spec: &mut Value, report: &mut Report) {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    visit_all_schemas(spec, &mut |schema, at| {
        for rule in SCHEMA_RULES {
            rule(schema, at, &schemas, report);
        }
    });
    if report.rules.contains_key("integral-number") {
        add_component(spec, INTEGER_COMPONENT, json!({"type": "integer"}));
    }
    if report.rules.contains_key("number-as-sent") {
        add_component(spec, NUMBER_COMPONENT, json!({"type": "number"}));
    }
}

/// The schema-local rules, in the order they apply to every schema object of the document:
/// each one function, named for its rule in [`RULES`](super::RULES).
pub(crate) const SCHEMA_RULES: &[SchemaRule] = &[
    single_value_boolean_enum,
    integral_number,
    null_enum,
    infer_type,
    enum_names_collide,
    misplaced_composition_on_array,
    readonly_not_required,
    invalid_default,
    default_dropped,
    number_as_sent,
    allof_conflict_flattened,
    property_names_collide,
];

/// A schema-local rule: the schema object, its location, the document's component schemas,
/// the report.
pub(crate) type SchemaRule = fn(&mut Map<String, Value>, &str, &Map<String, Value>, &mut Report);

fn single_value_boolean_enum(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    let ty = map.get("type").and_then(Value::as_str).map(str::to_owned);
    if ty.as_deref() == Some("boolean")
        && map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| e.len() == 1)
    {
        map.remove("enum");
        report.note("single-value-boolean-enum", at);
    }
}

fn integral_number(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    let ty = map.get("type").and_then(Value::as_str).map(str::to_owned);
    // Rule `integral-number`: `type: number` with no float format and an integer example
    // (ports, serials, counts, seconds) is an integer: sent as `53`, not `53.0` (which a
    // strict server rejects), and decoded leniently (`53`, `53.0`, `"53"`) by the shared
    // hand-written `Integer`.
    if ty.as_deref() == Some("number")
        && map.get("format").is_none()
        && map.get("enum").is_none()
        && map.get("example").is_some_and(|e| e.is_i64() || e.is_u64())
    {
        let doc = map.get("description").cloned();
        map.clear();
        map.insert(
            "$ref".into(),
            json!(format!("#/components/schemas/{INTEGER_COMPONENT}")),
        );
        if let Some(d) = doc {
            map.insert("description".into(), d);
        }
        report.note("integral-number", at);
    }
}

/// Rule `number-as-sent`: any other `number` (no format, no enum; after `integral-number`
/// and the rules that read its `default`) is the core's `Number`, written back as it was
/// read (an `f64` writes `53` as `53.0`).
fn number_as_sent(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    if map.get("type").and_then(Value::as_str) == Some("number")
        && map.get("format").is_none()
        && map.get("enum").is_none()
    {
        map.remove("type");
        map.remove("example");
        map.insert(
            "allOf".into(),
            json!([{"$ref": format!("#/components/schemas/{NUMBER_COMPONENT}")}]),
        );
        report.note("number-as-sent", at);
    }
}

fn null_enum(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    if map.get("enum") == Some(&json!([null])) {
        map.remove("enum");
        map.remove("type");
        map.insert("nullable".into(), json!(true));
        report.note("null-enum", at);
    }
}

fn infer_type(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    let ty = map.get("type").and_then(Value::as_str).map(str::to_owned);
    if ty.is_none()
        && !["$ref", "allOf", "oneOf", "anyOf", "not", "enum"]
            .iter()
            .any(|k| map.contains_key(*k))
    {
        let inferred = if map.contains_key("properties") || map.contains_key("additionalProperties")
        {
            Some("object")
        } else if map.contains_key("items") {
            Some("array")
        } else if ["maxLength", "minLength", "pattern"]
            .iter()
            .any(|k| map.contains_key(*k))
            || ["binary", "byte"]
                .iter()
                .any(|f| map.get("format") == Some(&json!(f)))
        {
            Some("string")
        } else if ["minimum", "maximum", "multipleOf"]
            .iter()
            .any(|k| map.contains_key(*k))
        {
            Some("number")
        } else {
            None
        };
        if let Some(t) = inferred {
            map.insert("type".into(), json!(t));
            report.note("infer-type", at);
        }
    }
}

fn enum_names_collide(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    if let Some(values) = map.get("enum").and_then(Value::as_array)
        && values.iter().all(Value::is_string)
    {
        let mut names = BTreeSet::new();
        let distinct = values.iter().filter_map(Value::as_str).all(|v| {
            let name: String = v
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_lowercase();
            !name.is_empty() && names.insert(name)
        });
        if !distinct {
            map.remove("enum");
            report.note("enum-names-collide", at);
        }
    }
}

fn misplaced_composition_on_array(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    if map.get("type") == Some(&json!("array"))
        && map.contains_key("items")
        && (map.remove("anyOf").is_some() | map.remove("oneOf").is_some())
    {
        report.note("misplaced-composition-on-array", at);
    }
}

fn readonly_not_required(
    map: &mut Map<String, Value>,
    at: &str,
    schemas: &Map<String, Value>,
    report: &mut Report,
) {
    // Rule `readonly-not-required`: a `readOnly` property (a server-assigned `id`) applies to
    // responses only; requiring it in request bodies forces callers to invent one.
    if let (Some(required), Some(props)) = (
        map.get("required").and_then(Value::as_array),
        map.get("properties").and_then(Value::as_object),
    ) {
        let kept: Vec<Value> = required
            .iter()
            .filter(|r| {
                let prop = r.as_str().and_then(|n| props.get(n));
                !prop.is_some_and(|p| deref(p, schemas).get("readOnly") == Some(&json!(true)))
            })
            .cloned()
            .collect();
        if kept.len() != required.len() {
            map.insert("required".into(), Value::Array(kept));
            report.note("readonly-not-required", at);
        }
    }
}

fn invalid_default(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    let composite = ["$ref", "allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| map.contains_key(*k));
    if composite && map.remove("default").is_some() {
        report.note("invalid-default", at);
    }
    if let (Some(t), Some(d)) = (map.get("type").and_then(Value::as_str), map.get("default")) {
        let fits = match t {
            "string" => d.is_string(),
            "integer" => d.is_i64() || d.is_u64(),
            "number" => d.is_number(),
            "boolean" => d.is_boolean(),
            "array" => d.is_array(),
            "object" => d.is_object(),
            _ => true,
        };
        let in_enum = map
            .get("enum")
            .and_then(Value::as_array)
            .is_none_or(|e| e.contains(d));
        if !fits || !in_enum {
            map.remove("default");
            report.note("invalid-default", at);
        }
    }
}

/// Rule `default-dropped`: a (valid) `default` is dropped, and said in the description
/// instead. typify fills a default into a field the server did not send (a response read
/// back says `http_only_cookie_attribute: true` where the server said nothing) and into a
/// request body field the caller did not set (a DNS record sent with `proxied: false`): the
/// server applies its own defaults, and what is read or sent is what is there.
fn default_dropped(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    let Some(d) = map.remove("default") else {
        return;
    };
    let said = format!("Default: `{d}`.");
    match map.get_mut("description") {
        Some(Value::String(text)) if !text.contains(&said) => {
            text.push_str(if text.ends_with('.') { " " } else { ". " });
            text.push_str(&said);
        }
        Some(_) => {}
        None => {
            map.insert("description".into(), json!(said));
        }
    }
    report.note("default-dropped", at);
}

fn allof_conflict_flattened(
    map: &mut Map<String, Value>,
    at: &str,
    schemas: &Map<String, Value>,
    report: &mut Report,
) {
    if let Some(members) = map.get("allOf").and_then(Value::as_array)
        && allof_conflicts(members, schemas)
    {
        let members = members.clone();
        map.remove("allOf");
        let mut props = Map::new();
        let mut required = BTreeSet::new();
        flatten_into(&members, schemas, &mut props, &mut required, 0);
        map.insert("type".into(), json!("object"));
        map.insert("properties".into(), Value::Object(props));
        if !required.is_empty() {
            map.insert("required".into(), json!(required));
        }
        report.note("allof-conflict-flattened", at);
    }
}

pub(crate) fn object_members<'a>(
    members: &'a [Value],
    schemas: &'a Map<String, Value>,
    depth: usize,
    out: &mut Vec<&'a Value>,
) {
    for m in members {
        let m = deref(m, schemas);
        if let (Some(inner), true) = (m.get("allOf").and_then(Value::as_array), depth < 8) {
            object_members(inner, schemas, depth + 1, out);
        }
        out.push(m);
    }
}

pub(crate) fn allof_conflicts(members: &[Value], schemas: &Map<String, Value>) -> bool {
    let mut all = Vec::new();
    object_members(members, schemas, 0, &mut all);
    let mut seen: BTreeMap<&str, &Value> = BTreeMap::new();
    for m in all {
        if let Some(props) = m.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                if let Some(prev) = seen.insert(k, v)
                    && prev != v
                {
                    return true;
                }
            }
        }
    }
    false
}

pub(crate) fn flatten_into(
    members: &[Value],
    schemas: &Map<String, Value>,
    props: &mut Map<String, Value>,
    required: &mut BTreeSet<String>,
    depth: usize,
) {
    for m in members {
        let m = deref(m, schemas);
        if let (Some(inner), true) = (m.get("allOf").and_then(Value::as_array), depth < 8) {
            flatten_into(inner, schemas, props, required, depth + 1);
        }
        if let Some(p) = m.get("properties").and_then(Value::as_object) {
            for (k, v) in p {
                props.insert(k.clone(), v.clone());
            }
        }
        if let Some(r) = m.get("required").and_then(Value::as_array) {
            required.extend(r.iter().filter_map(Value::as_str).map(str::to_owned));
        }
    }
}

/// Rule `tolerant-response`: schemas that responses reach must decode whatever Cloudflare
/// sends next year. Length, pattern and item-count limits are dropped (an overlong id from the
/// server must not fail a whole list), `required` is dropped (a missing field is `None`) and
/// array properties become nullable (`"result": null` decodes as no items).
pub(crate) fn loosen_response_schemas(spec: &mut Value, report: &mut Report) {
    let reached = response_components(spec);
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for method in METHODS {
                let Some(responses) = item.get_mut(method).and_then(|o| o.get_mut("responses"))
                else {
                    continue;
                };
                let mut changed = false;
                visit_container(responses, &mut |s| changed |= loosen(s));
                if changed {
                    report.note(
                        "tolerant-response",
                        format!("{} {path}", method.to_uppercase()),
                    );
                }
            }
        }
    }
    if let Some(comp) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in &reached {
            if let Some(s) = comp.get_mut(name) {
                let mut changed = false;
                visit_schema(s, &mut |m| changed |= loosen(m));
                if changed {
                    report.note("tolerant-response", name.clone());
                }
            }
        }
    }
}

/// Every component schema a response reaches, through `$ref`s (also those of
/// `components.responses` and `headers`).
pub(crate) fn response_components(spec: &Value) -> BTreeSet<String> {
    let responses: Vec<Value> = operations(spec)
        .filter_map(|o| o.op.get("responses").cloned())
        .collect();
    let components = spec.get("components").unwrap_or(&Value::Null);
    let (mut reached, _) = ref_closure(&Value::Array(responses), |section, name| {
        components.get(section)?.get(name)
    });
    reached.remove("schemas").unwrap_or_default()
}

/// Rule `request-union-named`: a request body that is an `anyOf` of `$ref`s (typify makes it a struct
/// of optional `subtype_N` parts, one per member, all flattened) becomes a `oneOf`, which
/// typify makes an enum with one variant per member, named after it
/// (`ZonePurgeBody::CachePurgeSingleFile(..)`): the caller picks one member, as the API
/// means. Not for the tagged unions, which have their own enums. A member written inline
/// with a `title` is first lifted into a component of its own (`<union>_<title>`), so every
/// variant is a newtype over a component type. A union a response also reaches stays as it
/// is for the response (tolerant): the body refers to a copy, `<union>_request`.
pub(crate) fn request_unions_named(spec: &mut Value, report: &mut Report) {
    let reached = response_components(spec);
    let mut components = BTreeSet::new();
    let tagged: BTreeSet<String> = report.tagged_unions.keys().cloned().collect();
    // Members by `$ref` (or inline with a title, lifted below): each variant is then a
    // newtype over a component type, built with `..Default::default()` (an untitled inline
    // member would be a struct variant, which has to be written out field by field).
    let member_ok =
        |m: &Value| m.get("$ref").is_some() || m.get("title").and_then(Value::as_str).is_some();
    let plain_union = |s: &Map<String, Value>| {
        s.get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|m| m.len() > 1 && m.iter().all(member_ok))
            && !["oneOf", "allOf", "properties", "discriminator"]
                .iter()
                .any(|k| s.contains_key(*k))
    };
    // (path, method, union) of bodies that refer to a union a response reaches.
    let mut copies = Vec::new();
    let mut inline = Vec::new();
    for o in operations(spec) {
        let Some(body) = o.op.get("requestBody") else {
            continue;
        };
        let body = deref_local(spec, body);
        let Some(schema) = body.pointer("/content/application~1json/schema") else {
            continue;
        };
        match schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(ref_name)
        {
            Some(name) => {
                let target = spec.pointer(&format!(
                    "/components/schemas/{}",
                    name.replace('~', "~0").replace('/', "~1")
                ));
                if !tagged.contains(name)
                    && target.and_then(Value::as_object).is_some_and(plain_union)
                {
                    if reached.contains(name) {
                        copies.push((o.path.to_owned(), o.method, name.to_owned()));
                    } else {
                        components.insert(name.to_owned());
                    }
                }
            }
            // An inline body's members stay by `$ref` only (nothing to name a lifted one by).
            None if schema.as_object().is_some_and(plain_union)
                && schema["anyOf"]
                    .as_array()
                    .is_some_and(|m| m.iter().all(|m| m.get("$ref").is_some())) =>
            {
                inline.push((o.path.to_owned(), o.method, o.label()));
            }
            None => {}
        }
    }
    for (path, method, label) in inline {
        let schema = spec
            .get_mut("paths")
            .and_then(|p| p.get_mut(&path))
            .and_then(|i| i.get_mut(method))
            .and_then(|op| op.pointer_mut("/requestBody/content/application~1json/schema"))
            .and_then(Value::as_object_mut);
        if let Some(schema) = schema
            && let Some(members) = schema.remove("anyOf")
        {
            schema.insert("oneOf".into(), members);
            report.note("request-union-named", label);
        }
    }
    for (path, method, union) in copies {
        let copy = format!("{union}_request");
        let Some(schema) = spec
            .get_mut("paths")
            .and_then(|p| p.get_mut(&path))
            .and_then(|i| i.get_mut(method))
            .and_then(|op| op.pointer_mut("/requestBody/content/application~1json/schema"))
        else {
            // A body through `components/requestBodies` is shared: left as it is.
            continue;
        };
        *schema = json!({"$ref": format!("#/components/schemas/{copy}")});
        let original = spec
            .pointer(&format!("/components/schemas/{union}"))
            .cloned()
            .unwrap_or_default();
        if spec
            .pointer(&format!("/components/schemas/{copy}"))
            .is_none()
        {
            add_component(spec, &copy, original);
        }
        components.insert(copy);
    }
    for name in components {
        // Inline members with a title become components of their own.
        let mut lifted = Vec::new();
        if let Some(members) = spec
            .pointer_mut(&format!("/components/schemas/{name}/anyOf"))
            .and_then(Value::as_array_mut)
        {
            for member in members.iter_mut().filter(|m| m.get("$ref").is_none()) {
                let title = member
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or("member");
                // A title `titles-collide` already prefixed with the union keeps one prefix.
                let title = super::field_name(title);
                let component = if title.starts_with(&format!("{name}_")) {
                    title
                } else {
                    format!("{name}_{title}")
                };
                let schema = std::mem::replace(
                    member,
                    json!({"$ref": format!("#/components/schemas/{component}")}),
                );
                lifted.push((component, schema));
            }
        }
        for (component, schema) in lifted {
            if spec
                .pointer(&format!("/components/schemas/{component}"))
                .is_none()
            {
                add_component(spec, &component, schema);
            }
        }
        if let Some(schema) = spec
            .pointer_mut(&format!("/components/schemas/{name}"))
            .and_then(Value::as_object_mut)
            && let Some(members) = schema.remove("anyOf")
        {
            schema.insert("oneOf".into(), members);
            report.note("request-union-named", name);
        }
    }
}

/// Loosens one schema object (not its children: the visitor reaches those).
pub(crate) fn loosen(map: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    for k in ["maxLength", "minLength", "pattern", "maxItems", "minItems"] {
        changed |= map.remove(k).is_some();
    }
    if map.get("required").is_some_and(Value::is_array) {
        map.remove("required");
        changed = true;
    }
    // A `null` list is an empty list, not a failed decode (`"result": null` on errors).
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        for prop in props.values_mut() {
            if prop.get("type") == Some(&json!("array")) && prop.get("nullable").is_none() {
                prop["nullable"] = json!(true);
                changed = true;
            }
        }
    }
    changed
}

/// Rule `prune-unreferenced`: components nothing references any more (the scalars inlined
/// above, the success branch of the old error `allOf`s) would still become types.
pub(crate) fn prune_unreferenced(spec: &mut Value, report: &mut Report) {
    loop {
        let mut refs = Vec::new();
        collect_refs(spec, &mut refs);
        let refs: BTreeSet<String> = refs
            .iter()
            .filter_map(|r| ref_name(r))
            .map(str::to_owned)
            .collect();
        let Some(comp) = spec
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        let unused: Vec<String> = comp
            .keys()
            .filter(|k| !refs.contains(*k))
            .cloned()
            .collect();
        if unused.is_empty() {
            return;
        }
        for name in unused {
            comp.remove(&name);
            report.note("prune-unreferenced", name);
        }
    }
}

/// Rule `tagged-union`: a component that is a `oneOf`/`anyOf` of `$ref`s whose members all
/// carry one property (through their `allOf`s) with a single, distinct string value (DNS
/// records' `type: enum [A]`, `enum [AAAA]`, …) becomes a tolerant tagged enum: a variant per
/// member and `Other` with the raw JSON, so a kind newer than the spec never fails a page.
/// typify would make an untagged enum that fails on any value it does not know.
pub(crate) fn detect_tagged_unions(spec: &Value, report: &mut Report) {
    let schemas = component_schemas(spec);
    for (name, schema) in &schemas {
        let Some(union) = tagged_union_of(schema, &schemas) else {
            continue;
        };
        report.tagged_unions.insert(name.clone(), union);
        report.note("tagged-union", name.clone());
    }
}

/// The tagged union `schema` is: a `oneOf`/`anyOf` of two `$ref`s or more whose members each
/// carry one single-value property, with distinct values.
fn tagged_union_of(schema: &Value, schemas: &Map<String, Value>) -> Option<TaggedUnion> {
    let members = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)?;
    let refs: Vec<&str> = members
        .iter()
        .map(|m| m.get("$ref").and_then(Value::as_str).and_then(ref_name))
        .collect::<Option<_>>()?;
    if refs.len() < 2 || !refs.iter().all(|r| schemas.contains_key(*r)) {
        return None;
    }
    let tags: Vec<BTreeMap<String, String>> = refs
        .iter()
        .map(|r| single_value_properties(&schemas[*r], schemas, 0))
        .collect();
    let property = tags[0].keys().find(|p| {
        let values: BTreeSet<Option<&String>> = tags.iter().map(|t| t.get(*p)).collect();
        values.len() == refs.len() && !values.contains(&None)
    })?;
    let variants = refs
        .iter()
        .zip(&tags)
        .map(|(r, t)| (t[property].clone(), (*r).to_owned()))
        .collect();
    Some(TaggedUnion {
        property: property.clone(),
        variants,
    })
}

/// Rule `tagged-union-hoisted`: a tagged union written inline (a list's `items`, a
/// `result`: the description derived from the SDKs writes every union in place) becomes a
/// component, one per set of members, named after what its members' names share
/// (`DnsRecordResponseARecord`, `…AAAARecord`, … → `DnsRecordResponse`), so `tagged-union`
/// makes it the tolerant tagged enum, and the list, get, create and edit of one resource
/// share it.
pub(crate) fn hoist_tagged_unions(spec: &mut Value, report: &mut Report) {
    let schemas = component_schemas(spec);
    let mut taken = taken_type_names(&schemas);
    // Members (as JSON) → the component they become.
    let mut hoisted: BTreeMap<String, (String, Value)> = BTreeMap::new();
    let mut visit = |map: &mut Map<String, Value>, at: &str| {
        let keyword = if map.contains_key("oneOf") {
            "oneOf"
        } else {
            "anyOf"
        };
        let Some(members) = map.get(keyword).filter(|m| m.is_array()).cloned() else {
            return;
        };
        if map.keys().any(|k| {
            !matches!(
                k.as_str(),
                "oneOf" | "anyOf" | "description" | "title" | "nullable"
            )
        }) || tagged_union_of(&json!({keyword: members.clone()}), &schemas).is_none()
            || recursive(&members, &schemas)
        {
            return;
        }
        let key = members.to_string();
        let name = match hoisted.get(&key) {
            Some((name, _)) => name.clone(),
            None => {
                let names: Vec<&str> = members
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|m| m.get("$ref").and_then(Value::as_str).and_then(ref_name))
                    .collect();
                let Some(name) = union_name(&names, &mut taken) else {
                    return;
                };
                hoisted.insert(key, (name.clone(), json!({keyword: members})));
                name
            }
        };
        map.remove(keyword);
        map.remove("title");
        let target = json!({"$ref": format!("#/components/schemas/{name}")});
        if map.is_empty() {
            map.extend(target.as_object().cloned().unwrap_or_default());
        } else {
            map.insert("allOf".into(), json!([target]));
        }
        report.note("tagged-union-hoisted", format!("{at} -> {name}"));
    };
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            visit_container(item, &mut |m| visit(m, path));
        }
    }
    if let Some(components) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in components.iter_mut() {
            // A component that is the union itself stays (`tagged-union` reads it): its
            // own schema, the first the walk sees, is skipped.
            let mut top = true;
            visit_schema(schema, &mut |m| {
                if !std::mem::take(&mut top) {
                    visit(m, name);
                }
            });
        }
    }
    for (_, (name, union)) in hoisted {
        add_component(spec, &name, union);
    }
}

/// Whether a member of the union `members` reaches a member again through its `$ref`s (a
/// field list whose items are fields): typify boxes such a union where it writes it, the
/// tolerant enum, put in its place, would not be.
fn recursive(members: &Value, schemas: &Map<String, Value>) -> bool {
    let mut refs = Vec::new();
    collect_refs(members, &mut refs);
    let starts: BTreeSet<&str> = refs.iter().filter_map(|r| ref_name(r)).collect();
    // What the members' own schemas reach: the union is recursive when that comes back.
    let targets: Vec<Value> = starts
        .iter()
        .filter_map(|name| schemas.get(*name).cloned())
        .collect();
    let (reached, _) = ref_closure(&Value::Array(targets), |section, name| {
        (section == "schemas").then(|| schemas.get(name)).flatten()
    });
    reached
        .get("schemas")
        .is_some_and(|names| names.iter().any(|n| starts.contains(n.as_str())))
}

/// A name for a union of `members`: the words (CamelCase or `_`/`-` separated) their names
/// share at the start, when that is a free Rust name; else that with `Union`; else `None`.
fn union_name(members: &[&str], taken: &mut BTreeSet<String>) -> Option<String> {
    fn words(s: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in s.chars() {
            if c == '_' || c == '-' {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                prev_lower = false;
                continue;
            }
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }
    let split: Vec<Vec<String>> = members.iter().map(|m| words(m)).collect();
    let first = split.first()?;
    let shared = (0..first.len())
        .take_while(|&i| split.iter().all(|w| w.get(i) == first.get(i)))
        .count();
    if shared == 0 {
        return None;
    }
    let base: String = first[..shared].concat();
    [base.clone(), format!("{base}Union")]
        .into_iter()
        .find(|n| taken.insert(super::type_name(n)))
}

/// Properties of an object schema (through `$ref` and `allOf`) whose schema is a string
/// `enum` of exactly one value: property → value.
pub(crate) fn single_value_properties(
    schema: &Value,
    schemas: &Map<String, Value>,
    depth: usize,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if depth > 8 {
        return out;
    }
    let schema = deref(schema, schemas);
    for member in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.extend(single_value_properties(member, schemas, depth + 1));
    }
    for (prop, s) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some([Value::String(v)]) = deref(s, schemas)
            .get("enum")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
        {
            out.insert(prop.clone(), v.clone());
        }
    }
    out
}

/// Rule `integer-page-parameter`: `page` and `per_page` query parameters typed `number`
/// (as many Cloudflare lists declare them) become `integer`, so every list builder takes the
/// pager's page numbers and `Paginated` is generated for it.
pub(crate) fn integer_page_parameters(spec: &mut Value, report: &mut Report) {
    let mut fix = |param: &mut Value, at: &str| {
        let is_page = param.get("in") == Some(&json!("query"))
            && matches!(
                param.get("name").and_then(Value::as_str),
                Some("page" | "per_page" | "perPage" | "limit")
            );
        if let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut)
            && is_page
            && schema
                .get("type")
                .is_none_or(|t| *t == json!("number") || *t == json!("string"))
            && !["$ref", "allOf", "oneOf", "anyOf"]
                .iter()
                .any(|k| schema.contains_key(*k))
        {
            schema.insert("type".into(), json!("integer"));
            schema.remove("format");
            report.note("integer-page-parameter", at);
        }
        let is_cursor = param.get("in") == Some(&json!("query"))
            && param.get("name").and_then(Value::as_str) == Some("cursor");
        if let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut)
            && is_cursor
            && matches!(
                schema.get("type").and_then(Value::as_str),
                Some("integer" | "number")
            )
        {
            schema.insert("type".into(), json!("string"));
            schema.remove("format");
            report.note("string-cursor-parameter", at);
        }
    };
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            for p in item
                .get_mut("parameters")
                .and_then(Value::as_array_mut)
                .into_iter()
                .flatten()
            {
                fix(p, path);
            }
            for method in METHODS {
                let Some(op) = item.get_mut(method) else {
                    continue;
                };
                let label = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or(path)
                    .to_owned();
                for p in op
                    .get_mut("parameters")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    fix(p, &label);
                }
            }
        }
    }
    if let Some(params) = spec
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        for (name, p) in params.iter_mut() {
            fix(p, name);
        }
    }
}

/// Rule `float-widened` (with the string rules below): a `number` of `format: float` is
/// read as `f64`, so `1987.06` reads and writes back as `1987.06`, not
/// `1987.06005859375`.
///
/// Rule `string-format-dropped`: a string's `format` (other than `binary`, which marks a raw
/// body) is dropped. typify would decode `date-time` into `chrono`, `uuid` into `uuid` and
/// `ipv4` into `Ipv4Addr`, each a dependency and a way for one odd value to fail a whole
/// response; the SDK's models decide what to parse.
///
/// Rule `string-pattern-dropped`: a `pattern` is dropped too. The server is the authority on
/// what it accepts: a pattern in a spec that lags behind the API must not refuse a valid
/// request (nor fail a response), and no regex engine is compiled into every product.
///
/// Rule `string-length-dropped`: so are a string's `minLength` and `maxLength`, for the same
/// reason (the 2024 document limits ids to 32 characters; Cloudflare's UUIDs have 36), and
/// each was a newtype with a fallible conversion.
pub(crate) fn drop_string_formats(spec: &mut Value, report: &mut Report) {
    visit_all_schemas(spec, &mut |schema, at| {
        if schema.get("type") == Some(&json!("string"))
            && schema.get("format").is_some_and(|f| f != &json!("binary"))
        {
            schema.remove("format");
            report.note("string-format-dropped", at);
        }
        if schema.remove("pattern").is_some() {
            report.note("string-pattern-dropped", at);
        }
        if schema.get("type") == Some(&json!("number"))
            && schema.get("format") == Some(&json!("float"))
        {
            schema.insert("format".into(), json!("double"));
            report.note("float-widened", at);
        }
        if schema.get("type") == Some(&json!("string"))
            && (schema.remove("minLength").is_some() | schema.remove("maxLength").is_some())
        {
            report.note("string-length-dropped", at);
        }
    });
}

/// Request body media types progenitor builds.
pub(crate) const SUPPORTED_REQUEST_MEDIA: [&str; 3] = [
    "application/json",
    "application/octet-stream",
    "application/x-www-form-urlencoded",
];

/// Operations whose request body offers no media type progenitor can build (multipart,
/// NDJSON, JavaScript): operationId → why.
pub fn unsupported_request_bodies(spec: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for o in operations(spec) {
        let body = o.op.get("requestBody").map(|b| deref_local(spec, b));
        let Some(content) = body
            .and_then(|b| b.get("content"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        let media: Vec<&str> = content.keys().map(String::as_str).collect();
        let supported = media.iter().any(|m| {
            let essence = m.split(';').next().unwrap_or_default().trim();
            SUPPORTED_REQUEST_MEDIA.contains(&essence)
        });
        if !supported {
            out.push((
                o.label(),
                format!(
                    "{} request body: progenitor generates no such requests",
                    media.join(", ")
                ),
            ));
        }
    }
    out
}

/// Rule `envelope-completed`: an inline success response with a `result` but no `success`
/// (some operations document only `{result: {id}}`) gets Cloudflare's `success`, `errors`
/// and `messages`: every response is the envelope, so a `200` with `success: false` is an
/// error there too, and the result is reachable through `Single`.
pub(crate) fn complete_envelope(label: &str, op: &mut Value, report: &mut Report) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for (code, response) in responses.iter_mut() {
        if !is_success_code(code) {
            continue;
        }
        let Some(props) = response
            .pointer_mut("/content/application~1json/schema/properties")
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if props.contains_key("result") && !props.contains_key("success") {
            let messages = json!({"$ref": format!("#/components/schemas/{MESSAGES_COMPONENT}")});
            props.insert("success".into(), json!({"type": "boolean"}));
            props.insert("errors".into(), messages.clone());
            props.insert("messages".into(), messages);
            report.note("envelope-completed", label);
        }
    }
}

/// The properties of a schema and of its `allOf`/`oneOf`/`anyOf` members, through `$ref`.
pub(crate) fn all_properties(
    schema: &Value,
    schemas: &Map<String, Value>,
    depth: usize,
) -> Map<String, Value> {
    let schema = deref(schema, schemas);
    let mut out = Map::new();
    if depth > 10 {
        return out;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for m in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(all_properties(m, schemas, depth + 1));
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        out.extend(props.clone());
    }
    out
}

/// What kind of list a `GET` operation's success response is, from its schema alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `result` is an array and `result_info` has `page` or `total_pages`.
    PageNumber,
    /// `result` is an array and `result_info` (or a query parameter) has a cursor.
    Cursor,
}

/// The list kind of `op` (a `GET`), or `None` when its `result` is not an array with a
/// page-number or cursor `result_info`.
pub fn list_kind(op: &Value, schemas: &Map<String, Value>) -> Option<ListKind> {
    let responses = op.get("responses")?;
    let schema = ["200", "2XX", "201"]
        .iter()
        .find_map(|c| responses.get(*c))?
        .pointer("/content/application~1json/schema")?;
    let props = all_properties(schema, schemas, 0);
    let result = deref(props.get("result")?, schemas);
    let is_array = |s: &Value| s.get("type") == Some(&json!("array")) || s.get("items").is_some();
    // `result` is the list, or an object holding exactly one (`{result: {buckets: [..]}}`),
    // as the generator's `Listing` impls read it.
    let nested = || {
        let inner = all_properties(result, schemas, 0);
        inner
            .values()
            .filter(|p| is_array(deref(p, schemas)))
            .count()
            == 1
    };
    if !is_array(result) && !nested() {
        return None;
    }
    let info = all_properties(props.get("result_info")?, schemas, 0);
    if info.contains_key("page") || info.contains_key("total_pages") {
        Some(ListKind::PageNumber)
    } else if info.contains_key("cursor") || info.contains_key("cursors") {
        Some(ListKind::Cursor)
    } else {
        None
    }
}

/// Rule `page-parameters-added`: a `GET` whose `result` is an array with a page-number
/// `result_info` (it has `page` or `total_pages`) but that declares no `page` or no `per_page`
/// query parameter gets the missing one (an optional integer). Cloudflare pages these lists
/// whether or not their description says so; read by the letter of its description, such a
/// list would stop after the first page, silently.
pub(crate) fn page_parameters(spec: &mut Value, report: &mut Report) {
    let schemas = component_schemas(spec);
    let parameters = component_parameters(spec);
    let name_of = |p: &Value| -> Option<String> {
        let p = deref_parameter(p, &parameters);
        (p.get("in") == Some(&json!("query")))
            .then(|| p.get("name").and_then(Value::as_str).map(str::to_owned))
            .flatten()
    };
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let shared: Vec<String> = item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(name_of)
            .collect();
        let Some(op) = item.get_mut("get") else {
            continue;
        };
        if list_kind(op, &schemas) != Some(ListKind::PageNumber) {
            continue;
        }
        let declared: Vec<String> = op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(name_of)
            .chain(shared)
            .collect();
        let label = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or(path)
            .to_owned();
        for (name, what) in [
            ("page", "Page number of paginated results (1-based)."),
            ("per_page", "Number of results per page."),
        ] {
            if declared.iter().any(|d| d == name) {
                continue;
            }
            let params = op
                .as_object_mut()
                .expect("an operation is an object")
                .entry("parameters")
                .or_insert_with(|| json!([]));
            if let Some(params) = params.as_array_mut() {
                params.push(json!({"in": "query", "name": name, "required": false,
                    "description": what, "schema": {"type": "integer", "minimum": 1}}));
                report.note("page-parameters-added", &label);
            }
        }
    }
}

/// Every `GET` list of `spec` by label (operationId, or `GET path`), with its kind.
pub fn list_kinds(spec: &Value) -> BTreeMap<String, ListKind> {
    let schemas = component_schemas(spec);
    operations(spec)
        .filter(|o| o.method == "get")
        .filter_map(|o| list_kind(o.op, &schemas).map(|k| (o.label(), k)))
        .collect()
}

/// Rule `component-names-collide`: component schemas whose Rust type names collide
/// (`bill-subs-api_rate-plan` and `bill-subs-api_rate_plan`) would be two types of one
/// name; every one after the first is renamed (`…-2`) and each `$ref` to it follows.
pub(crate) fn component_names(spec: &mut Value, report: &mut Report) {
    let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for name in schemas.keys() {
        if taken.insert(super::type_name(name)) {
            continue;
        }
        let mut n = 2;
        let renamed = loop {
            let candidate = format!("{name}-{n}");
            if !schemas.contains_key(&candidate) && taken.insert(super::type_name(&candidate)) {
                break candidate;
            }
            n += 1;
        };
        renames.insert(name.clone(), renamed);
    }
    rename_components(spec, &renames, |old, _| {
        report.note("component-names-collide", old.to_owned());
    });
}

/// Renames each component schema of `renames`' keys to its value, points every `$ref` at
/// the new name, and tells `noted` of each rename made.
fn rename_components(
    spec: &mut Value,
    renames: &BTreeMap<String, String>,
    mut noted: impl FnMut(&str, &str),
) {
    if renames.is_empty() {
        return;
    }
    let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (old, new) in renames {
        if let Some(s) = schemas.remove(old) {
            schemas.insert(new.clone(), s);
            noted(old, new);
        }
    }
    retarget_refs(spec, renames);
}

/// Points every `$ref` to a component of `renames`' keys at its value instead.
fn retarget_refs(v: &mut Value, renames: &BTreeMap<String, String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref")
                && let Some(new) = r
                    .strip_prefix("#/components/schemas/")
                    .and_then(|n| renames.get(n))
            {
                *r = format!("#/components/schemas/{new}");
            }
            map.values_mut().for_each(|v| retarget_refs(v, renames));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget_refs(v, renames)),
        _ => {}
    }
}

/// Rule `identical-components-merged`: components of one shape (the same schema once every
/// `$ref` is read as the shape it points to; `description`, `title` and examples aside)
/// become one, the shortest name (then the first) kept and every `$ref` pointed at it.
/// Cloudflare's SDKs declare one class per method (`RulesetCreateResponse`,
/// `RulesetGetResponse`, … and every class nested in them), so the description derived from
/// them holds each shape many times: one Rust type per shape instead of one per class.
pub(crate) fn merge_identical_components(spec: &mut Value, report: &mut Report) {
    let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let names: Vec<&String> = schemas.keys().collect();
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    // Partition refinement: a component's class is its previous class and its shape with
    // each `$ref` read as the class of its target, until no class splits.
    let mut class = vec![0usize; names.len()];
    let mut count = 1;
    loop {
        let mut ids: BTreeMap<(usize, String), usize> = BTreeMap::new();
        let next: Vec<usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let mut key = String::new();
                shape_key_of(&schemas[*n], false, &index, &class, &mut key);
                let fresh = ids.len();
                *ids.entry((class[i], key)).or_insert(fresh)
            })
            .collect();
        let done = ids.len() == count;
        count = ids.len();
        class = next;
        if done {
            break;
        }
    }
    let mut keep: BTreeMap<usize, &String> = BTreeMap::new();
    for (i, n) in names.iter().enumerate() {
        let k = keep.entry(class[i]).or_insert(n);
        if (n.len(), n.as_str()) < (k.len(), k.as_str()) {
            *k = n;
        }
    }
    let renames: BTreeMap<String, String> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| keep[&class[*i]] != **n)
        .map(|(i, n)| ((*n).clone(), keep[&class[i]].clone()))
        .collect();
    if renames.is_empty() {
        return;
    }
    let schemas = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .expect("checked above");
    for (old, new) in &renames {
        schemas.remove(old);
        report.note("identical-components-merged", format!("{old} -> {new}"));
    }
    retarget_refs(spec, &renames);
}

/// A schema's shape as text: keys sorted, `description`, `title` and examples left out (of
/// schemas; `names`: `v` is a `properties` map, whose keys are names, all kept), a `$ref` to a
/// component written as the component's class.
fn shape_key_of(
    v: &Value,
    names: bool,
    index: &BTreeMap<&str, usize>,
    class: &[usize],
    out: &mut String,
) {
    use std::fmt::Write;
    match v {
        Value::Object(map) if names => {
            out.push('{');
            for (k, child) in map {
                let _ = write!(out, "{k:?}:");
                shape_key_of(child, false, index, class, out);
                out.push(',');
            }
            out.push('}');
        }
        Value::Object(map) => {
            if let Some(target) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(ref_name)
                .and_then(|n| index.get(n))
            {
                let _ = write!(out, "#{}", class[*target]);
            }
            let mut keys: Vec<&String> = map
                .keys()
                .filter(|k| {
                    !matches!(
                        k.as_str(),
                        "$ref" | "description" | "title" | "example" | "examples"
                    )
                })
                .collect();
            keys.sort();
            out.push('{');
            for k in keys {
                let _ = write!(out, "{k:?}:");
                let names = matches!(k.as_str(), "properties" | "patternProperties");
                shape_key_of(&map[k], names, index, class, out);
                out.push(',');
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for item in items {
                shape_key_of(item, false, index, class, out);
                out.push(',');
            }
            out.push(']');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// Rule `response-ref-inlined`: a response given by `$ref` (`#/components/responses/…`) is
/// replaced by a copy of the response, so the response rules (one failure envelope, media
/// types) see it like any inline one.
pub(crate) fn inline_response_refs(spec: &mut Value, report: &mut Report) {
    let Some(components) = spec
        .pointer("/components/responses")
        .and_then(Value::as_object)
        .cloned()
    else {
        return;
    };
    for_each_operation(spec, |label, op, _| {
        for r in op
            .get_mut("responses")
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            if let Some(target) = r
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|s| s.strip_prefix("#/components/responses/"))
                .and_then(|n| components.get(n))
            {
                *r = target.clone();
                report.note("response-ref-inlined", label);
            }
        }
    });
}

/// Rule `path-parameter-not-null`: a path parameter's schema loses `nullable` (a path
/// segment is always there; an `Option` cannot be formatted into the path).
///
/// Rule `path-parameter-plain-string`: every path parameter's schema becomes a plain
/// `string` (its description and example kept). A path segment is text: typed as anything
/// else (a JSON value, a number, a string with length or pattern limits) it became a
/// per-operation newtype that refused real ids before sending (36-character UUIDs where the
/// document says 32) or a `serde_json::Value` sent JSON-quoted (`/accounts/%22…%22`).
pub(crate) fn plain_path_parameters(spec: &mut Value, report: &mut Report) {
    let mut fix = |p: &mut Value, at: &str| {
        if p.get("in") != Some(&json!("path")) {
            return;
        }
        let Some(schema) = p.get_mut("schema").and_then(Value::as_object_mut) else {
            p["schema"] = json!({"type": "string"});
            report.note("path-parameter-plain-string", at);
            return;
        };
        if schema.remove("nullable").is_some() {
            report.note("path-parameter-not-null", at);
        }
        let mut plain = Map::new();
        plain.insert("type".into(), json!("string"));
        for key in ["description", "example"] {
            if let Some(v) = schema.get(key) {
                plain.insert(key.into(), v.clone());
            }
        }
        if *schema != plain {
            *schema = plain;
            report.note("path-parameter-plain-string", at);
        }
    };
    if let Some(params) = spec
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        for (name, p) in params.iter_mut() {
            fix(p, name);
        }
    }
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (key, v) in item.iter_mut() {
            let list = if key == "parameters" {
                v.as_array_mut()
            } else {
                v.get_mut("parameters").and_then(Value::as_array_mut)
            };
            for p in list.into_iter().flatten() {
                fix(p, path);
            }
        }
    }
}

/// Rule `property-names-collide`: properties whose Rust field names would be the same
/// (`<=1y` and `>1y` are both `x1y`) cannot all be fields; they are taken out of
/// `properties` and the object is opened (`additionalProperties: {}`), so their values land,
/// keyed as sent, in the struct's flattened `extra` map.
fn property_names_collide(
    map: &mut Map<String, Value>,
    at: &str,
    _schemas: &Map<String, Value>,
    report: &mut Report,
) {
    let Some(props) = map.get("properties").and_then(Value::as_object) else {
        return;
    };
    let mut by_field: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in props.keys() {
        by_field
            .entry(super::field_name(name))
            .or_default()
            .push(name.clone());
    }
    let colliding: Vec<String> = by_field
        .into_values()
        .filter(|names| names.len() > 1)
        .flatten()
        .collect();
    if colliding.is_empty() {
        return;
    }
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        for name in &colliding {
            props.remove(name);
        }
    }
    if let Some(required) = map.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|r| r.as_str().is_none_or(|r| !colliding.iter().any(|c| c == r)));
    }
    if !map
        .get("additionalProperties")
        .is_some_and(Value::is_object)
    {
        map.insert("additionalProperties".into(), json!({}));
    }
    report.note("property-names-collide", at);
}

/// Rule `shared-cursor-info`: the `result_info` of a cursor list (`result: [T]`, and a
/// `result_info` with `cursor` or `cursors`) becomes one shared component, which the generator
/// replaces with the core's `CursorInfo`, and the list's page size (`per_page` or `limit`) an
/// integer: one pager serves the cursor lists too.
pub(crate) fn shared_cursor_info(spec: &mut Value, report: &mut Report) {
    let schemas = component_schemas(spec);
    let parameters = component_parameters(spec);
    let mut found = false;
    for_each_operation(spec, |label, op, _| {
        if op.get("responses").is_none()
            || list_kind(op, &schemas) != Some(ListKind::Cursor)
            || !op.get("parameters").is_some_and(Value::is_array)
        {
            return;
        }
        for p in op["parameters"].as_array_mut().into_iter().flatten() {
            *p = deref_parameter(p, &parameters).clone();
            let size = p.get("in") == Some(&json!("query"))
                && matches!(
                    p.get("name").and_then(Value::as_str),
                    Some("per_page" | "limit")
                );
            if let Some(schema) = p.get_mut("schema").and_then(Value::as_object_mut)
                && size
                && schema.get("type") != Some(&json!("integer"))
                && schema.get("$ref").is_none()
            {
                schema.insert("type".into(), json!("integer"));
                schema.remove("format");
            }
        }
        found = true;
        report.note("shared-cursor-info", label);
    });
    if !found {
        return;
    }
    visit_all_schemas(spec, &mut |schema, _| {
        if let Some(ri) = schema
            .get_mut("properties")
            .and_then(|p| p.get_mut("result_info"))
            && let Some(props) = deref(ri, &schemas)
                .get("properties")
                .and_then(Value::as_object)
            && (props.contains_key("cursor") || props.contains_key("cursors"))
            && props
                .keys()
                .all(|k| ["cursor", "cursors", "count", "per_page"].contains(&k.as_str()))
        {
            *ri = json!({"$ref": format!("#/components/schemas/{CURSOR_INFO_COMPONENT}")});
        }
    });
    add_component(
        spec,
        CURSOR_INFO_COMPONENT,
        json!({"type": "object", "properties": {"cursor": {"type": "string"}}}),
    );
}

/// Rule `response-union-merged`: a success response that is a `oneOf`/`anyOf` of objects
/// (WAF packages: `anyOf[collection envelope, {result: [package]}]`; memberships: a list
/// with or without policies) is read as all of them at once (`allOf`): responses are
/// decoded tolerantly, so the merged object takes either shape, and the list is a list the
/// pager can page rather than an untagged enum.
pub(crate) fn response_union_merged(
    label: &str,
    op: &mut Value,
    schemas: &Map<String, Value>,
    report: &mut Report,
) {
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    for (code, r) in responses.iter_mut() {
        if !is_success_code(code) {
            continue;
        }
        let Some(schema) = r.pointer_mut("/content/application~1json/schema") else {
            continue;
        };
        let tagged = schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(ref_name)
            .is_some_and(|n| report.tagged_unions.contains_key(n));
        if tagged {
            continue;
        }
        let target = deref(schema, schemas).clone();
        for key in ["oneOf", "anyOf"] {
            let Some(members) = target.get(key).and_then(Value::as_array) else {
                continue;
            };
            let objects = members.iter().all(|m| {
                let m = deref(m, schemas);
                m.get("type") == Some(&json!("object"))
                    || m.get("properties").is_some()
                    || m.get("allOf").is_some()
            });
            if objects && members.len() > 1 {
                *schema = json!({"allOf": members});
                report.note("response-union-merged", label);
                break;
            }
        }
    }
}

/// Every titled inline schema of the document (a component's own title names nothing: typify
/// names a component by its key), in one fixed order: `f` gets the schema, its owner (the
/// component's name or the operation's id) and its position in that order.
fn visit_titled_inline(spec: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    if let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, entry) in schemas.iter_mut() {
            let mut root = true;
            visit_schema(entry, &mut |m| {
                if !std::mem::take(&mut root) && m.get("title").is_some_and(Value::is_string) {
                    f(m, name);
                }
            });
        }
    }
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (key, part) in item.iter_mut() {
            let owner = part
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| format!("{key} {path}"), str::to_owned);
            visit_container(part, &mut |m| {
                if m.get("title").is_some_and(Value::is_string) {
                    f(m, &owner);
                }
            });
        }
    }
}

/// Rule `titles-collide`: typify names an inline schema by its `title` and, meeting a second
/// schema whose name is taken, silently reuses the first type. Cloudflare titles the members
/// of a request union and of its response union alike (`Self Hosted Application`), so a
/// created Access application decoded into the request's type and lost `id`, `aud` and
/// `created_at`. Where schemas that differ would get one Rust name (with each other or with
/// a component), each inline one is titled after its owner (`access_app_response Self Hosted
/// Application`), numbered if that still collides.
pub(crate) fn titles_collide(spec: &mut Value, report: &mut Report) {
    // Rust name → the distinct schemas (as written) that would take it.
    let mut claims: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let components: BTreeSet<String> = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().map(|k| super::type_name(k)).collect())
        .unwrap_or_default();
    let mut seen: Vec<(String, String, String, String)> = Vec::new();
    visit_titled_inline(spec, &mut |m, owner| {
        let title = m["title"].as_str().unwrap_or_default().to_owned();
        let name = super::type_name(&title);
        let body = Value::Object(m.clone()).to_string();
        claims.entry(name.clone()).or_default().insert(body.clone());
        seen.push((name, title, owner.to_owned(), body));
    });
    let collides =
        |name: &String| components.contains(name) || claims.get(name).is_some_and(|c| c.len() > 1);
    if !seen.iter().any(|(name, ..)| collides(name)) {
        return;
    }
    // New titles, in visit order; a new name is taken by the first schema that claims it.
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let mut titles: Vec<Option<String>> = Vec::with_capacity(seen.len());
    for (name, title, owner, body) in &seen {
        if !collides(name) {
            titles.push(None);
            continue;
        }
        let base = format!("{owner} {title}");
        let mut n = 1;
        let new = loop {
            let candidate = if n == 1 {
                base.clone()
            } else {
                format!("{base} {n}")
            };
            let key = super::type_name(&candidate);
            let free = !components.contains(&key) && !claims.contains_key(&key);
            match taken.get(&key) {
                Some(b) if b == body => break candidate,
                None if free => {
                    taken.insert(key, body.clone());
                    break candidate;
                }
                _ => n += 1,
            }
        };
        report.note("titles-collide", format!("{owner}: {title}"));
        titles.push(Some(new));
    }
    let mut i = 0;
    visit_titled_inline(spec, &mut |m, _| {
        if let Some(Some(new)) = titles.get(i) {
            m.insert("title".into(), Value::String(new.clone()));
        }
        i += 1;
    });
}

/// Names a component a rule makes up never takes: a type of the generated `types` module by
/// one of these names would shadow the prelude's or progenitor's in the generated code.
const RESERVED_TYPE_NAMES: [&str; 14] = [
    "Result", "Option", "Vec", "String", "Box", "Error", "Client", "Value", "Map", "Some", "None",
    "Ok", "Err", "Default",
];

/// The Rust names a component a rule makes up may not take: the components' own and
/// [`RESERVED_TYPE_NAMES`].
fn taken_type_names(schemas: &Map<String, Value>) -> BTreeSet<String> {
    schemas
        .keys()
        .map(|k| super::type_name(k))
        .chain(RESERVED_TYPE_NAMES.iter().map(|n| (*n).to_owned()))
        .collect()
}

/// Rule `inline-enums-shared`: an inline string enum (two values or more) that appears in
/// more than one place with the same values (a query parameter's `format: JSON | CSV` on
/// every Radar method, a `status` in each method's classes) becomes one component, named
/// after the property or parameter that holds it most often (`format` → `Format`) when that
/// name is free; every place refers to it, keeping its own description. One Rust type per
/// set of values instead of one per place.
pub(crate) fn share_inline_enums(spec: &mut Value, report: &mut Report) {
    // Values → (how often each owner name holds them, how many places).
    let mut groups: BTreeMap<String, (BTreeMap<String, usize>, usize)> = BTreeMap::new();
    visit_named_schemas(spec, &mut |schema, owner| {
        if let Some(key) = enum_key(schema) {
            let (owners, n) = groups.entry(key).or_default();
            *owners.entry(owner.to_owned()).or_default() += 1;
            *n += 1;
        }
    });
    let mut taken = taken_type_names(&component_schemas(spec));
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (key, (owners, n)) in &groups {
        if *n < 2 {
            continue;
        }
        let mut candidates: Vec<(&String, &usize)> = owners.iter().collect();
        candidates.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if let Some((owner, _)) = candidates
            .into_iter()
            .find(|(o, _)| !o.is_empty() && taken.insert(super::type_name(o)))
        {
            names.insert(key.clone(), owner.clone());
        }
    }
    if names.is_empty() {
        return;
    }
    visit_named_schemas(spec, &mut |schema, owner| {
        let Some(name) = enum_key(schema).and_then(|k| names.get(&k)) else {
            return;
        };
        let Value::Object(map) = schema else { return };
        let target = json!({"$ref": format!("#/components/schemas/{name}")});
        map.remove("enum");
        map.remove("type");
        let new = if map.is_empty() {
            target
        } else {
            let mut wrapper = std::mem::take(map);
            wrapper.insert("allOf".into(), json!([target]));
            Value::Object(wrapper)
        };
        *schema = new;
        report.note("inline-enums-shared", format!("{owner} -> {name}"));
    });
    for (key, name) in names {
        let values: Value = serde_json::from_str(&key).expect("written by enum_key");
        add_component(spec, &name, json!({"type": "string", "enum": values}));
    }
}

/// The values of an inline string enum of two values or more whose only other keywords are
/// annotations (so a `$ref` in its place says the same), as JSON text.
fn enum_key(schema: &Value) -> Option<String> {
    let map = schema.as_object()?;
    let values = map.get("enum")?.as_array()?;
    let annotations = [
        "type",
        "enum",
        "description",
        "title",
        "example",
        "nullable",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
    ];
    (values.len() >= 2
        && values.iter().all(Value::is_string)
        && map.get("type").is_none_or(|t| t == "string")
        && map.keys().all(|k| annotations.contains(&k.as_str())))
    .then(|| Value::Array(values.clone()).to_string())
}

/// Calls `f(schema, owner)` on every schema held by a named place: a property (its name), a
/// parameter (its name), and what those hold through `items`, `additionalProperties` and
/// the members of `allOf`/`oneOf`/`anyOf` (the same name). Children first. (Parameters of
/// `components.parameters` are not visited: their schemas stay inline.)
fn visit_named_schemas(spec: &mut Value, f: &mut dyn FnMut(&mut Value, &str)) {
    fn inside(schema: &mut Value, owner: &str, f: &mut dyn FnMut(&mut Value, &str)) {
        let Value::Object(map) = schema else { return };
        for (k, child) in map.iter_mut() {
            match k.as_str() {
                "properties" => {
                    if let Value::Object(props) = child {
                        for (name, p) in props.iter_mut() {
                            inside(p, name, f);
                            f(p, name);
                        }
                    }
                }
                "items" | "additionalProperties" => {
                    inside(child, owner, f);
                    f(child, owner);
                }
                "allOf" | "oneOf" | "anyOf" => {
                    if let Value::Array(list) = child {
                        for member in list.iter_mut() {
                            inside(member, owner, f);
                            f(member, owner);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    fn parameters(list: Option<&mut Value>, f: &mut dyn FnMut(&mut Value, &str)) {
        for p in list.and_then(Value::as_array_mut).into_iter().flatten() {
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if let Some(schema) = p.get_mut("schema") {
                inside(schema, &name, f);
                f(schema, &name);
            }
        }
    }
    fn bodies(v: &mut Value, f: &mut dyn FnMut(&mut Value, &str)) {
        match v {
            Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    if k == "schema" {
                        inside(child, "", f);
                    } else if k != "example" && k != "examples" {
                        bodies(child, f);
                    }
                }
            }
            Value::Array(list) => list.iter_mut().for_each(|c| bodies(c, f)),
            _ => {}
        }
    }
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            parameters(item.get_mut("parameters"), f);
            for method in METHODS {
                if let Some(op) = item.get_mut(method) {
                    parameters(op.get_mut("parameters"), f);
                    if let Some(body) = op.get_mut("requestBody") {
                        bodies(body, f);
                    }
                    if let Some(responses) = op.get_mut("responses") {
                        bodies(responses, f);
                    }
                }
            }
        }
    }
    if let Some(schemas) = spec
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut() {
            inside(schema, "", f);
        }
    }
}

/// Rule `inline-names-collide`: progenitor names an operation's inline success response
/// `<OperationId>Response` and its inline request body `<OperationId>Body`; a component of
/// that Rust name (the description derived from the SDKs has `DnsZoneTransfersIncomingGetResponse`,
/// the Python class of the `result` of `dns.zone_transfers.incoming.get`) would be the same
/// type, and typify keeps the first: the envelope would decode as its `result`, every field
/// absent and `success: false` unseen. The component is renamed (`…Response` → `…Result`,
/// `…Body` → `…Params`, else a number) and every `$ref` follows.
pub(crate) fn inline_names_collide(spec: &mut Value, report: &mut Report) {
    let mut inline_names: BTreeSet<String> = BTreeSet::new();
    for o in operations(spec) {
        let Some(id) = o.id() else { continue };
        let inline = |v: Option<&Value>| {
            v.and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .into_iter()
                .flat_map(|c| c.values())
                .any(|m| m.get("schema").is_some_and(|s| s.get("$ref").is_none()))
        };
        let responses = o.op.get("responses").and_then(Value::as_object);
        if responses
            .into_iter()
            .flatten()
            .any(|(code, r)| code.starts_with('2') && inline(Some(r)))
        {
            inline_names.insert(super::type_name(&format!("{id}-response")));
        }
        if inline(o.op.get("requestBody")) {
            inline_names.insert(super::type_name(&format!("{id}-body")));
        }
    }
    let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let mut taken: BTreeSet<String> = schemas
        .keys()
        .map(|k| super::type_name(k))
        .chain(inline_names.iter().cloned())
        .collect();
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for name in schemas.keys() {
        if !inline_names.contains(&super::type_name(name)) {
            continue;
        }
        let stem = name
            .strip_suffix("Response")
            .map(|s| format!("{s}Result"))
            .or_else(|| name.strip_suffix("Body").map(|s| format!("{s}Params")))
            .unwrap_or_else(|| format!("{name}Value"));
        let renamed = std::iter::once(stem.clone())
            .chain((2..).map(|n| format!("{stem}{n}")))
            .find(|c| taken.insert(super::type_name(c)))
            .expect("an unbounded supply of names");
        renames.insert(name.clone(), renamed);
    }
    rename_components(spec, &renames, |old, new| {
        report.note("inline-names-collide", format!("{old} -> {new}"));
    });
}
