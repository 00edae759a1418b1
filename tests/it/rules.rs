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
    (spec, report, code.code)
}

/// `page`/`per_page` typed `number` become integers, so `Paginated` is generated; a
/// `result_info` given by `$ref` is the shared `ResultInfo`, so `Listing` is generated.
#[test]
fn numeric_page_parameters_and_ref_result_info() {
    let spec = fixture_integer_pages();
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
    let spec = fixture_tagged_union();
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
    use cloudflare_sdk::api::dns::types::DnsRecordResponse as Record;
    let a: Record =
        serde_json::from_value(json!({"type": "A", "name": "x", "content": "198.51.100.4"}))
            .expect("decodes");
    assert!(matches!(a, Record::A(_)), "{a:?}");
    for raw in [
        json!({"type": "NEWKIND", "name": "x", "content": "mQ"}),
        json!({"name": "no type"}),
        json!("not even an object"),
    ] {
        let r: Record = serde_json::from_value(raw.clone()).expect("never fails");
        assert_eq!(r, Record::Other(raw.clone()));
        assert_eq!(serde_json::to_value(&r).expect("encodes"), raw);
    }
    // A known type with a value of another JSON type: the member, repaired (the value in
    // its `extra`), written back as it came.
    let raw = json!({"type": "A", "ttl": "not a number"});
    let r: Record = serde_json::from_value(raw.clone()).expect("never fails");
    let Record::A(a) = &r else { panic!("{r:?}") };
    assert_eq!(
        (a.ttl.as_ref(), &a.extra["ttl"]),
        (None, &json!("not a number"))
    );
    assert_eq!(serde_json::to_value(&r).expect("encodes"), raw);
}

/// Security: each requirement object grants the modes it lists in full; `{}` or none means
/// any mode; the operation's own `security` wins over the document's.
#[test]
fn operation_security_becomes_auth_metadata() {
    let spec = fixture_security();
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
    let spec = fixture_envelope_and_strings();
    let (spec, report, code) = normalised(spec);
    let rules: Vec<&str> = report.rules.keys().copied().collect();
    insta::assert_json_snapshot!("rule_envelope_and_strings", (rules, &spec["paths"]));
    for needle in [
        // The envelope the rule completed is the core's shared one.
        "type Response = ::cloudflare_core::Response<",
        "body: Ok(::serde_json::Map::new())",
        "client: super::Client,",
        "client: client.clone(),",
    ] {
        assert!(code.contains(needle), "{needle} missing");
    }
    assert!(!code.contains("chrono") && !code.contains("uuid") && !code.contains("regress"));
}

/// The rules the whole 2024 document needs, each on its own minimal operation or schema: the
/// report says which rule touched which place, and the document generates afterwards.
#[test]
fn whole_document_rules_each_on_a_minimal_fixture() {
    let spec = fixture_whole_document();
    let (spec, report, code) = normalised(spec);
    let rules: std::collections::BTreeMap<&str, Vec<&String>> = report
        .rules
        .iter()
        .map(|(rule, at)| (*rule, at.iter().collect()))
        .collect();
    insta::assert_json_snapshot!("rule_whole_document_rules", rules);
    for (path, method, key) in [
        ("/object-query", "get", "parameters"),
        ("/shadow/{id}", "get", "parameters"),
        ("/default-moved", "get", "responses"),
        ("/kinds", "get", "responses"),
        ("/pages", "get", "parameters"),
        ("/cursor", "get", "parameters"),
        ("/union", "get", "responses"),
        ("/ref-response", "get", "responses"),
    ] {
        insta::assert_json_snapshot!(
            format!("rule_fixture{}", path.replace(['/', '{', '}'], "_")),
            &spec["paths"][path][method][key]
        );
    }
    assert!(code.contains("pub struct Client"), "the document generates");
    assert!(code.contains("impl ::cloudflare_core::CursorPaginated for SharedCursorInfo"));
    // The cursor list's envelope is the core's shared one, with the cursor `result_info`.
    let squashed: String = code.split_whitespace().collect();
    let send = squashed
        .split("send_methods!(SharedCursorInfo,")
        .nth(1)
        .and_then(|rest| rest.split(");").next())
        .unwrap_or_default();
    assert!(
        send.starts_with("::cloudflare_core::ListResponse<") && send.ends_with(",cursor"),
        "the cursor list sends through the pager: {send}"
    );
    assert!(!code.contains("pub struct SharedCursorInfoResponse"));
    let ages = code.split("pub struct Ages").nth(1).unwrap_or_default();
    let ages = &ages[..ages.find('}').unwrap_or(ages.len())];
    assert!(
        ages.contains("pub extra: "),
        "ages keeps <=1y, >1y in `extra`: {ages}"
    );
}

/// Every fixture document of this file, by name: the guard below normalises each one.
/// A fixture document, made fresh.
type Fixture = fn() -> Value;

const FIXTURES: [(&str, Fixture); 8] = [
    ("titles", fixture_titles),
    ("request union", fixture_request_union),
    ("integer pages", fixture_integer_pages),
    ("tagged union", fixture_tagged_union),
    ("security", fixture_security),
    ("envelope and strings", fixture_envelope_and_strings),
    ("whole document", fixture_whole_document),
    ("multi-product", fixture_multi_product),
];

/// A purge-like request body that is an `anyOf` of three shapes, and a response that is an
/// `anyOf` too.
fn fixture_request_union() -> Value {
    doc(
        json!({"/zones/{zone_id}/purge": {"post": {"operationId": "purge",
            "parameters": [{"name": "zone_id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/purge_body"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/purge_result"}}}}}}}}),
        json!({
            "purge_body": {"anyOf": [
                {"$ref": "#/components/schemas/purge_files"},
                {"$ref": "#/components/schemas/purge_tags"},
                {"$ref": "#/components/schemas/purge_everything"}]},
            "purge_files": {"type": "object", "required": ["files"], "properties": {"files": {"type": "array", "items": {"type": "string"}}}},
            "purge_tags": {"type": "object", "required": ["tags"], "properties": {"tags": {"type": "array", "items": {"type": "string"}}}},
            "purge_everything": {"type": "object", "required": ["purge_everything"], "properties": {"purge_everything": {"type": "boolean"}}},
            "purge_result": {"anyOf": [
                {"type": "object", "properties": {"id": {"type": "string"}}},
                {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "string"}}}}]},
        }),
    )
}

/// `request-union-named`: the request body is an enum with a variant per member, named
/// after it (no `subtype_N` struct); the response union is left to the response-side rules
/// (an enum would decode the first member that fits and drop the rest).
#[test]
fn a_request_union_is_an_enum_of_named_members() {
    let (spec, report, code) = normalised(fixture_request_union());
    assert!(report.rules["request-union-named"].contains("purge_body"));
    assert!(
        spec.pointer("/components/schemas/purge_body/oneOf")
            .is_some()
    );
    assert!(
        spec.pointer("/components/schemas/purge_result/oneOf")
            .is_none()
    );
    assert!(!report.rules["request-union-named"].contains("purge_result"));
    assert!(
        code.contains("pub enum PurgeBody {"),
        "PurgeBody is an enum"
    );
    // typify names each variant after its member, less the prefix they share.
    for (variant, member) in [
        ("Files", "PurgeFiles"),
        ("Tags", "PurgeTags"),
        ("Everything", "PurgeEverything"),
    ] {
        assert!(code.contains(&format!("{variant}({member})")), "{variant}");
    }
    assert!(!code.contains("pub struct PurgeBody"), "no subtype struct");
}

/// A request union and a response union whose members share a title but not a shape (as
/// Cloudflare's Access applications do), an identical titled schema in two places, and an
/// inline title that is a component's name.
fn fixture_titles() -> Value {
    let app = |extra: Value| {
        let mut props = json!({"name": {"type": "string"}});
        props
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        json!({"title": "Hosted App", "type": "object", "properties": props})
    };
    let same =
        json!({"title": "Same Shape", "type": "object", "properties": {"a": {"type": "string"}}});
    doc(
        json!({"/apps": {"post": {"operationId": "create-app",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/app_request"}}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"result": {"$ref": "#/components/schemas/app_response"},
                    "thing": {"$ref": "#/components/schemas/thing"},
                    "holder": {"$ref": "#/components/schemas/holder"}}}}}}}}}}),
        json!({
            "app_request": {"anyOf": [app(json!({})), same.clone()]},
            "app_response": {"anyOf": [app(json!({"id": {"type": "string"}, "aud": {"type": "string"}})), same]},
            "thing": {"type": "object", "properties": {"b": {"type": "string"}}},
            "holder": {"type": "object", "properties": {"inner": {"title": "Thing", "type": "object",
                "properties": {"c": {"type": "integer"}}}}},
        }),
    )
}

/// `titles-collide` and `request-union-named`: the request union's titled member becomes a
/// component of its own, so the response union's member (with `id` and `aud`) no longer
/// shares a type with it; an inline schema is no longer titled like a component, and
/// identical schemas keep their shared title.
#[test]
fn titles_that_collide_are_made_distinct() {
    let mut spec = fixture_titles();
    let report = normalize::normalize(&mut spec);
    let title = |p: &str| spec.pointer(p).and_then(Value::as_str).map(str::to_owned);
    // The request union's members are lifted into components (`request-union-named`).
    assert_eq!(
        title("/components/schemas/app_request/oneOf/0/$ref").as_deref(),
        Some("#/components/schemas/app_request_hosted_app")
    );
    assert_eq!(
        title("/components/schemas/app_request_hosted_app/title").as_deref(),
        Some("Hosted App")
    );
    // The request's member is a component now (typify names it `AppRequestHostedApp`), so
    // the response's keeps its title: nothing collides.
    assert_eq!(
        title("/components/schemas/app_response/anyOf/0/title").as_deref(),
        Some("Hosted App")
    );
    assert_eq!(
        title("/components/schemas/holder/properties/inner/title").as_deref(),
        Some("holder Thing")
    );
    assert_eq!(
        title("/components/schemas/app_response/anyOf/1/title").as_deref(),
        Some("Same Shape")
    );
    assert_eq!(
        report.rules["titles-collide"].len(),
        1,
        "{:?}",
        report.rules["titles-collide"]
    );
}

/// `tests/fixtures/multi-product.json`: three small products' worth of Cloudflare shapes.
fn fixture_multi_product() -> Value {
    let path = xtask::codegen::workspace_root().join("tests/fixtures/multi-product.json");
    serde_json::from_slice(&std::fs::read(path).expect("fixture")).expect("JSON")
}

/// The rules that fire on each fixture of [`FIXTURES`], normalised here and now, after
/// `edit` has seen each one (by name).
fn fired_in_fixtures(
    edit: impl Fn(&str, &mut Value),
) -> std::collections::BTreeMap<&'static str, Vec<&'static str>> {
    let mut fired: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for (name, fixture) in FIXTURES {
        let mut spec = fixture();
        edit(name, &mut spec);
        for rule in normalize::normalize(&mut spec).rules.keys() {
            fired.entry(rule).or_default().push(name);
        }
    }
    fired
}

/// The rule table is the rules: every name the normaliser notes is in `RULES` and every
/// entry of `RULES` is noted somewhere; and every rule fires on one of this file's fixture
/// documents, normalised in this test (not read back from a snapshot, which would hold the
/// rule's name whatever fired): a rule whose fixture is removed fails here.
#[test]
fn every_rule_is_in_the_table_and_proved_by_a_fixture() {
    let root = xtask::codegen::workspace_root();
    let mut source = String::new();
    for entry in std::fs::read_dir(root.join("xtask/src/normalize")).expect("dir") {
        source.push_str(&std::fs::read_to_string(entry.expect("entry").path()).expect("read"));
    }
    let noted: std::collections::BTreeSet<&str> = source
        .split("note(")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix('"'))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let table: std::collections::BTreeSet<&str> = normalize::RULES.iter().map(|r| r.name).collect();
    assert_eq!(noted, table, "noted rules and RULES differ");
    let unproved = unproved(&table, &fired_in_fixtures(|_, _| {}));
    assert!(
        unproved.is_empty(),
        "rules no fixture of tests/it/rules.rs makes fire: {unproved:?}"
    );
    insta::assert_json_snapshot!("rule_table", normalize::RULES);
}

fn unproved<'a>(
    table: &std::collections::BTreeSet<&'a str>,
    fired: &std::collections::BTreeMap<&str, Vec<&str>>,
) -> Vec<&'a str> {
    table
        .iter()
        .copied()
        .filter(|r| !fired.contains_key(r))
        .collect()
}

/// The guard can fail: the whole-document fixture without its `query-shadows-path`
/// operation leaves that rule unproved.
#[test]
fn the_rule_guard_fails_when_a_fixture_is_removed() {
    let table: std::collections::BTreeSet<&str> = normalize::RULES.iter().map(|r| r.name).collect();
    let fired = fired_in_fixtures(|name, spec| {
        if name == "whole document" {
            spec["paths"]
                .as_object_mut()
                .expect("paths")
                .remove("/shadow/{id}");
        }
    });
    assert_eq!(unproved(&table, &fired), ["query-shadows-path"]);
}

/// Integer page parameters and a `result_info` by `$ref`; a cursor list whose `cursor` is an
/// integer; one shape under two component names; one enum in two places; a component named
/// as an inline response; a tagged union written inline.
fn fixture_integer_pages() -> Value {
    doc(
        json!({"/things": {"get": {
            "operationId": "list-things",
            "parameters": [
                {"in": "query", "name": "page", "schema": {"type": "number", "minimum": 1}},
                {"in": "query", "name": "per_page", "schema": {"$ref": "#/components/schemas/per_page"}},
                {"in": "query", "name": "format", "schema": {"type": "string", "enum": ["JSON", "CSV"]}},
            ],
            "responses": envelope_list(json!({"$ref": "#/components/schemas/thing"}), json!({"$ref": "#/components/schemas/ri"})),
        }}, "/pets": {"get": {
            "operationId": "list-pets",
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"result": {"type": "array", "items": {"oneOf": [
                    {"$ref": "#/components/schemas/pet_cat"}, {"$ref": "#/components/schemas/pet_dog"}]}},
                    "also": {"$ref": "#/components/schemas/ListThingsResponse"}}}}}}},
        }}, "/cursored": {"get": {
            "operationId": "list-cursored",
            "parameters": [
                {"in": "query", "name": "cursor", "schema": {"type": "integer"}},
                {"in": "query", "name": "limit", "schema": {"type": "integer"}},
                {"in": "query", "name": "format", "schema": {"type": "string", "enum": ["JSON", "CSV"]}},
            ],
            "responses": envelope_list(json!({"$ref": "#/components/schemas/same_thing"}), json!({"type": "object", "properties": {"cursor": {"type": "string"}}})),
        }}}),
        json!({
            // The name progenitor gives `list-things`' inline response: renamed.
            "ListThingsResponse": {"type": "object", "properties": {"x": {"type": "string"}}},
            // A tagged union written inline: hoisted, then tolerant.
            "pet_cat": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["cat"]}, "name": {"type": "string"}}},
            "pet_dog": {"type": "object", "properties": {"kind": {"type": "string", "enum": ["dog"]}, "name": {"type": "string"}}},
            // One shape under two names (as SDK classes declare it per method): one type.
            "thing": {"type": "object", "description": "A thing.", "properties": {"description": {"type": "string"}}},
            "same_thing": {"type": "object", "description": "The same thing.", "properties": {"description": {"type": "string"}}},
            "per_page": {"type": "number", "example": 20},
            "ri": {"type": "object", "properties": {
                "page": {"type": "number"}, "per_page": {"type": "number"},
                "count": {"type": "number"}, "total_count": {"type": "number"}}},
            "messages": messages(),
        }),
    )
}

/// A `oneOf` told apart by a single-value `type`.
fn fixture_tagged_union() -> Value {
    let member = |t: &str| {
        json!({"allOf": [
            {"properties": {"type": {"type": "string", "enum": [t]}, "content": {"type": "string"}}},
            {"$ref": "#/components/schemas/base"},
        ]})
    };
    doc(
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
    )
}

/// Per-operation and document security.
fn fixture_security() -> Value {
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
    spec
}

/// An incomplete envelope, a schemaless body, formats and patterns.
fn fixture_envelope_and_strings() -> Value {
    doc(
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
    )
}

/// One minimal operation or schema per rule the whole 2024 document needs.
fn fixture_whole_document() -> Value {
    let ok_json = |schema: Value| json!({"description": "ok", "content": {"application/json": {"schema": schema}}});
    let spec = doc(
        json!({
            "/binary": {"put": {"operationId": "binary-body",
                "requestBody": {"content": {"application/octet-stream": {"schema": {"type": "object"}}}},
                "responses": {"200": {"description": "ok"}}}},
            "/media": {"post": {"operationId": "request-media-types-reduced",
                "requestBody": {"content": {
                    "application/json": {"schema": {"type": "object"}},
                    "application/x-www-form-urlencoded": {"schema": {"type": "object"}},
                    "text/plain": {"schema": {"type": "string"}}}},
                "responses": {"200": {"description": "ok"}}}},
            "/response-media": {"get": {"operationId": "response-media-types-reduced",
                "responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": {"type": "string"}},
                    "text/csv": {"schema": {"type": "string"}}}}}}},
            "/kinds": {"get": {"operationId": "response-kinds-reduced",
                "responses": {
                    "200": ok_json(json!({"type": "string"})),
                    "204": {"description": "empty"}}}},
            "/schemaless": {"get": {"operationId": "schemaless-json-response",
                "responses": {"200": {"description": "ok", "content": {"application/json": {}}}}}},
            "/default-moved": {"get": {"operationId": "default-response-moved",
                "responses": {"200": ok_json(json!({"type": "string"})),
                              "default": ok_json(json!({"type": "integer"}))}}},
            "/default-dropped": {"get": {"operationId": "default-response-dropped",
                "responses": {"200": ok_json(json!({"type": "string"})),
                              "4XX": ok_json(json!({"type": "boolean"})),
                              "5XX": ok_json(json!({"type": "boolean"})),
                              "default": ok_json(json!({"type": "integer"}))}}},
            "/object-query": {"get": {"operationId": "object-query-parameter",
                "parameters": [{"in": "query", "name": "filter", "schema": {"type": "object",
                    "properties": {"since": {"type": "string"}, "until": {"type": "string"}}}}],
                "responses": {"200": {"description": "ok"}}}},
            "/pages": {"get": {"operationId": "page-parameters-added",
                "responses": {"200": ok_json(json!({"type": "object", "properties": {
                    "success": {"type": "boolean"}, "errors": messages(), "messages": messages(),
                    "result": {"type": "array", "items": {"type": "string"}},
                    "result_info": {"type": "object", "properties": {
                        "page": {"type": "number"}, "total_pages": {"type": "number"}}}}}))}}},
            "/cursor": {"get": {"operationId": "shared-cursor-info",
                "parameters": [
                    {"in": "query", "name": "cursor", "schema": {"type": "string"}},
                    {"in": "query", "name": "limit", "schema": {"type": "number"}}],
                "responses": {"200": ok_json(json!({"type": "object", "properties": {
                    "success": {"type": "boolean"}, "errors": messages(), "messages": messages(),
                    "result": {"$ref": "#/components/schemas/names"},
                    "result_info": {"type": "object", "properties": {
                        "count": {"type": "number"}, "cursor": {"type": "string"}}}}}))}}},
            "/union": {"get": {"operationId": "response-union-merged",
                "responses": {"200": ok_json(json!({"anyOf": [
                    {"type": "object", "properties": {"success": {"type": "boolean"}}},
                    {"properties": {"result": {"type": "array", "items": {"type": "string"}}}}]}))}}},
            "/nullable/{id}": {"get": {"operationId": "path-parameter-not-null",
                "parameters": [{"in": "path", "name": "id", "required": true,
                    "schema": {"type": "string", "nullable": true}}],
                "responses": {"200": {"description": "ok"}}}},
            "/ref-response": {"get": {"operationId": "response-ref-inlined",
                "responses": {"200": {"description": "ok"},
                    "4XX": {"$ref": "#/components/responses/failure"}}}},
            "/readonly": {"post": {"operationId": "readonly-not-required",
                "requestBody": {"content": {"application/json": {"schema": {"type": "object",
                    "required": ["id", "name"],
                    "properties": {"id": {"type": "string", "readOnly": true}, "name": {"type": "string"}}}}}},
                "responses": {"200": ok_json(json!({"allOf": [
                    {"type": "object", "properties": {"value": {"type": "string"}}},
                    {"type": "object", "properties": {"value": {"type": "integer"}, "on": {"type": "boolean"}}}]}))}}},
            "/plain/{account_id}/{uuid}/{name}": {"get": {"operationId": "path-parameter-plain-string",
                "parameters": [
                    {"in": "path", "name": "account_id", "required": true,
                        "schema": {"description": "Identifier", "example": "023e105f4ecef8ad9ca31a8372d0c353"}},
                    {"in": "path", "name": "uuid", "required": true,
                        "schema": {"type": "string", "maxLength": 32, "minLength": 32}},
                    {"in": "path", "name": "name", "required": true, "schema": {"type": "number"}},
                    {"in": "query", "name": "label", "schema": {"type": "string", "maxLength": 10, "pattern": "^[a-z]+$"}},
                    {"in": "query", "name": "ratio", "schema": {"type": "number", "format": "float"}}],
                "responses": {"200": {"description": "ok"}}}},
            "/shadow/{id}": {"get": {"operationId": "query-shadows-path",
                "parameters": [
                    {"in": "path", "name": "id", "required": true, "schema": {"type": "string"}},
                    {"in": "query", "name": "id", "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}}}},
        }),
        json!({
            "names": {"type": "array", "items": {"type": "string"}},
            "ages": {"type": "object", "properties": {
                "<=1y": {"type": "string"}, ">1y": {"type": "string"}, "total": {"type": "string"}}},
            "rate-plan": {"type": "object", "properties": {"id": {"type": "string"}}},
            "rate_plan": {"type": "object", "properties": {"name": {"type": "string"}}},
            "plans": {"type": "object", "properties": {
                "ages": {"$ref": "#/components/schemas/ages"},
                "a": {"$ref": "#/components/schemas/rate-plan"},
                "b": {"$ref": "#/components/schemas/rate_plan"}}},
            "enum-names-collide": {"type": "string", "enum": ["<", "<=", "=", ""]},
            "misplaced-composition-on-array": {"type": "array", "items": {"type": "string"},
                "oneOf": [{"minItems": 1}, {"maxItems": 3}]},
            "invalid-default": {"type": "object", "properties": {
                "wrong-type": {"type": "integer", "default": "ten"},
                "outside-enum": {"type": "string", "enum": ["a", "b"], "default": "c"},
                "on-a-ref": {"$ref": "#/components/schemas/enum-names-collide", "default": "x"}}},
            "user": {"type": "object", "properties": {
                "kinds": {"$ref": "#/components/schemas/enum-names-collide"},
                "list": {"$ref": "#/components/schemas/misplaced-composition-on-array"},
                "defaults": {"$ref": "#/components/schemas/invalid-default"}}},
        }),
    );
    let mut spec = spec;
    spec["paths"]["/binary"]["put"]["responses"]["200"] =
        ok_json(json!({"$ref": "#/components/schemas/user"}));
    spec["paths"]["/media"]["post"]["responses"]["200"] =
        ok_json(json!({"$ref": "#/components/schemas/plans"}));
    spec["components"]["responses"] = json!({"failure": ok_json(json!({"type": "object",
        "properties": {"success": {"type": "boolean"}, "errors": messages()}}))});
    spec
}

/// The generator's reading of typify's type names is an identifier for any component name:
/// one starting with a digit (`19pAsHlbConfigurations`, in an older upstream document, made
/// `cargo xtask diff` panic) gets typify's `X` prefix, a keyword its `_` suffix.
#[test]
fn type_names_are_identifiers_as_typify_makes_them() {
    use xtask::normalize::type_name;
    for (component, want) in [
        ("19pAsHlbConfigurations", "X19pAsHlbConfigurations"),
        ("dns-records_AAAARecord", "DnsRecordsAaaaRecord"),
        ("self", "Self_"),
        ("-1", "Minus1"),
    ] {
        let got = type_name(component);
        assert_eq!(got, want, "{component}");
        assert!(got.starts_with(char::is_alphabetic), "{got}");
    }
}
