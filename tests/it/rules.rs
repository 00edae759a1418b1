//! One minimal OpenAPI fixture per generic rule the multi-product generator relies on, with
//! what the rule makes of it (insta) and what the generated code then offers.

use serde_json::{Value, json};
use xtask::codegen::generate_code;
use xtask::normalize::{self, Report};

fn doc(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "fixture", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fn envelope_list(item: Value, result_info: Value) -> Value {
    json!({"200": {"description": "ok", "content": {"application/json": {"schema": {
        "type": "object",
        "properties": {
            "success": {"type": "boolean"},
            "errors": {"$ref": "#/components/schemas/messages"},
            "result": {"type": "array", "items": item},
            "result_info": result_info,
        }
    }}}}})
}

fn messages() -> Value {
    json!({"type": "array", "items": {"type": "object", "properties": {
        "code": {"type": "integer"}, "message": {"type": "string"}}}})
}

fn normalised(mut spec: Value) -> (Value, Report, String) {
    let report = normalize::normalize(&mut spec);
    let code = generate_code(&spec, &report, "fixture").expect("generates");
    (spec, report, code)
}

/// `page`/`per_page` typed `number` become integers, so `Paginated` is generated; a
/// `result_info` given by `$ref` is the shared `ResultInfo`, so `Listing` is generated.
#[test]
fn numeric_page_parameters_and_ref_result_info() {
    let spec = doc(
        json!({"/things": {"get": {
            "operationId": "list-things",
            "parameters": [
                {"in": "query", "name": "page", "schema": {"type": "number", "minimum": 1}},
                {"in": "query", "name": "per_page", "schema": {"$ref": "#/components/schemas/per_page"}},
            ],
            "responses": envelope_list(json!({"type": "string"}), json!({"$ref": "#/components/schemas/ri"})),
        }}}),
        json!({
            "per_page": {"type": "number", "example": 20},
            "ri": {"type": "object", "properties": {
                "page": {"type": "number"}, "per_page": {"type": "number"},
                "count": {"type": "number"}, "total_count": {"type": "number"}}},
            "messages": messages(),
        }),
    );
    let (spec, report, code) = normalised(spec);
    insta::assert_json_snapshot!(
        "rule_integer_page_parameter",
        (
            &spec["paths"]["/things"]["get"]["parameters"],
            &report.rules
        )
    );
    assert!(spec["components"]["schemas"].get("ri").is_none(), "pruned");
    assert!(
        code.contains("impl ::cloudflare_core::Paginated for ListThings"),
        "{code}"
    );
    assert!(code.contains("impl ::cloudflare_core::Listing for ListThingsResponse"));
}

/// A `oneOf` told apart by a single-value `type` becomes a tagged enum with `Other`.
#[test]
fn tagged_union_with_a_catch_all() {
    let member = |t: &str| {
        json!({"allOf": [
            {"properties": {"type": {"type": "string", "enum": [t]}, "content": {"type": "string"}}},
            {"$ref": "#/components/schemas/base"},
        ]})
    };
    let spec = doc(
        json!({"/records": {"get": {
            "operationId": "list-records",
            "responses": envelope_list(json!({"$ref": "#/components/schemas/record"}), json!({"type": "object"})),
        }}}),
        json!({
            "base": {"type": "object", "properties": {"id": {"type": "string"}}},
            "A": member("A"),
            "MX": member("MX"),
            "record": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/MX"}]},
            "messages": messages(),
        }),
    );
    let (_, report, code) = normalised(spec);
    insta::assert_json_snapshot!("rule_tagged_union", &report.tagged_unions);
    for needle in [
        "pub enum Record {",
        "A(A),",
        "Mx(Mx),",
        "Other(::serde_json::Value),",
        "impl<'de> ::serde::Deserialize<'de> for Record",
    ] {
        assert!(code.contains(needle), "{needle} missing");
    }
}

/// The generated enum at run time: known tags decode as their variant, an unknown tag (or a
/// value that does not fit its variant) is kept whole, and both serialise back as they came.
#[test]
fn tagged_union_decodes_unknown_kinds_without_failing() {
    use cloudflare_sdk::api::dns::types::DnsRecordsDnsRecord as Record;
    let a: Record =
        serde_json::from_value(json!({"type": "A", "name": "x", "content": "198.51.100.4"}))
            .expect("decodes");
    assert!(matches!(a, Record::A(_)), "{a:?}");
    for raw in [
        json!({"type": "OPENPGPKEY", "name": "x", "content": "mQ"}),
        json!({"name": "no type"}),
        json!({"type": "A", "ttl": "not a number"}),
        json!("not even an object"),
    ] {
        let r: Record = serde_json::from_value(raw.clone()).expect("never fails");
        assert_eq!(r, Record::Other(raw.clone()));
        assert_eq!(serde_json::to_value(&r).expect("encodes"), raw);
    }
}

/// Security: each requirement object grants the modes it lists in full; `{}` or none means
/// any mode; the operation's own `security` wins over the document's.
#[test]
fn operation_security_becomes_auth_metadata() {
    let ok = json!({"200": {"description": "ok"}});
    let mut spec = doc(
        json!({
            "/a": {"get": {"operationId": "token-or-key", "responses": ok,
                "security": [{"api_email": [], "api_key": [], "api_token": []}]}},
            "/b": {"get": {"operationId": "key-only", "responses": ok,
                "security": [{"api_email": [], "api_key": []}]}},
            "/c": {"get": {"operationId": "public", "responses": ok, "security": [{}]}},
            "/d": {"get": {"operationId": "inherits", "responses": ok}},
        }),
        json!({}),
    );
    spec["security"] = json!([{"user_service_key": []}]);
    let (_, _, code) = normalised(spec);
    let auth = |op: &str| {
        let at = code
            .find(&format!("const OPERATION_ID: &'static str = \"{op}\""))
            .expect(op);
        let rest = &code[at..];
        let start = rest.find("const AUTH").expect("AUTH");
        let end = rest[start..].find(';').expect("end") + start;
        rest[start..end]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    insta::assert_snapshot!(
        "rule_operation_security",
        ["token-or-key", "key-only", "public", "inherits"]
            .map(|op| format!("{op}: {}", auth(op)))
            .join("\n")
    );
}

/// A response with `result` but no envelope fields gets them; a free-form JSON request body
/// starts as `{}`; builders own their client; formats and patterns are dropped.
#[test]
fn envelope_completed_empty_body_owned_builders_plain_strings() {
    let spec = doc(
        json!({"/things/{id}": {"delete": {
            "operationId": "delete-thing",
            "parameters": [{"in": "path", "name": "id", "required": true,
                "schema": {"type": "string", "format": "uuid", "pattern": "^[0-9a-f]{32}$"}}],
            "requestBody": {"content": {"application/json": {}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"result": {"type": "object", "properties": {
                    "id": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}}}
            }}}}},
        }}}),
        json!({}),
    );
    let (spec, report, code) = normalised(spec);
    let rules: Vec<&str> = report.rules.keys().copied().collect();
    insta::assert_json_snapshot!("rule_envelope_and_strings", (rules, &spec["paths"]));
    for needle in [
        "impl ::cloudflare_core::Single for DeleteThingResponse",
        "body: Ok(::serde_json::Map::new())",
        "client: super::Client,",
        "client: client.clone(),",
    ] {
        assert!(code.contains(needle), "{needle} missing");
    }
    assert!(!code.contains("chrono") && !code.contains("uuid") && !code.contains("regress"));
}
