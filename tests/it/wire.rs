//! Every generated operation, on a loopback server (`wire_cases.rs`, written by
//! `cargo xtask codegen` from xtask/src/wire.rs):
//!
//! - **The wire test.** Each sends exactly the request line its template says: each path
//!   parameter as the plain text given, percent-encoded as one segment, never JSON-quoted
//!   and never refused before sending; for a 32-hex id, a 36-character UUID and a name with
//!   a space and a `/` in it.
//! - **The conformance suite.** Each operation's response, served as the document shows it
//!   (its example response where it has one; an instance of its response schema assembled
//!   from the document's property examples for every operation), decodes with every field
//!   kept and nothing added; and mutants of those responses (an unknown property at any
//!   depth, an unknown enum value, a `null`, a value of another JSON type) fail no call.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use axum::http::{Method, Uri};
use cloudflare_sdk::api::Api;
use serde_json::{Value, json};

use crate::support::client;

/// Builds an operation's request with the given path value and sends it with its `send()`
/// (the request loop): the response as JSON (for a generated response type), or the error
/// if the call failed.
pub type SendFn = for<'a> fn(
    &'a Api,
    &'a str,
) -> Pin<
    Box<dyn Future<Output = Result<Option<Value>, cloudflare_sdk::Error>> + Send>,
>;

/// One operation: what it is and how to send it with `v` for every path parameter.
pub struct Case {
    pub product: &'static str,
    pub operation: &'static str,
    pub method: &'static str,
    pub template: &'static str,
    /// The status of its documented JSON success response (200 where none).
    pub status: u16,
    /// The document's example response, or `""`.
    pub example: &'static str,
    /// An instance of the response schema from the document's property examples, or `""`.
    pub instance: &'static str,
    pub send: SendFn,
}

/// A required parameter or body from the JSON the generator built from its schema.
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json} does not decode: {e}"))
}

const ENVELOPE: &str = r#"{"success":true,"errors":[],"messages":[],"result":null}"#;

/// A loopback server that records each request line and its credential, and answers with
/// the status and body set (an empty body with no content type).
struct Server {
    seen: Arc<Mutex<Vec<(Method, Uri)>>>,
    authorized: Arc<Mutex<Vec<bool>>>,
    body: Arc<Mutex<(u16, String)>>,
    api: cloudflare_sdk::Client,
}

/// What one send gave: the request lines the server saw and the call's result.
type Sent = (Vec<String>, Result<Option<Value>, cloudflare_sdk::Error>);

impl Server {
    async fn start() -> Self {
        let seen: Arc<Mutex<Vec<(Method, Uri)>>> = Arc::default();
        let authorized: Arc<Mutex<Vec<bool>>> = Arc::default();
        let body = Arc::new(Mutex::new((200, ENVELOPE.to_owned())));
        let (record, answer, auth) = (seen.clone(), body.clone(), authorized.clone());
        let app = axum::Router::new().fallback(
            move |method: Method, uri: Uri, headers: axum::http::HeaderMap| {
                let (record, answer, auth) = (record.clone(), answer.clone(), auth.clone());
                async move {
                    record.lock().unwrap().push((method, uri));
                    let bearer = format!("Bearer {}", crate::support::TOKEN);
                    auth.lock().unwrap().push(
                        headers
                            .get("authorization")
                            .is_some_and(|v| v.as_bytes() == bearer.as_bytes()),
                    );
                    let (status, body) = answer.lock().unwrap().clone();
                    let status = axum::http::StatusCode::from_u16(status).unwrap_or_default();
                    let mut response = axum::response::IntoResponse::into_response(body.clone());
                    *response.status_mut() = status;
                    if !body.is_empty() {
                        response.headers_mut().insert(
                            "content-type",
                            axum::http::HeaderValue::from_static("application/json"),
                        );
                    } else {
                        response.headers_mut().remove("content-type");
                    }
                    response
                }
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let api = client(&format!("http://{addr}/client/v4"));
        Server {
            seen,
            authorized,
            body,
            api,
        }
    }

    /// Sends `case` with `v`, answering `body` with the case's documented status; the
    /// request lines seen and the result.
    async fn send(&self, case: &Case, v: &str, body: &str) -> Result<Sent, String> {
        let status = if body == ENVELOPE { 200 } else { case.status };
        self.answer(case, v, status, body).await
    }

    /// Sends `case` with `v`, answering `status` and `body`; the request lines seen and the
    /// result (`Err`: the request could not be built).
    async fn answer(&self, case: &Case, v: &str, status: u16, body: &str) -> Result<Sent, String> {
        self.seen.lock().unwrap().clear();
        self.authorized.lock().unwrap().clear();
        *self.body.lock().unwrap() = (status, body.to_owned());
        let api = self.api.api();
        let sent = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (case.send)(api, v)))
            .map_err(|e| {
            let why = e.downcast_ref::<String>().cloned().unwrap_or_default();
            format!("{}: not built: {why}", case.operation)
        })?;
        let result = sent.await;
        let seen = self.seen.lock().unwrap();
        let lines = seen
            .iter()
            .map(|(m, u)| format!("{m} {}", u.path()))
            .collect();
        Ok((lines, result))
    }
}

fn all_cases() -> Vec<Case> {
    let cases = super::wire_cases::all();
    let ids: BTreeSet<&str> = cases.iter().map(|c| c.operation).collect();
    assert_eq!(ids.len(), cases.len(), "one case per operation");
    // Every operation of the document (the patch data adds none today), counted once for
    // the tests that share the cases: the document is 22 MB of JSON.
    static OPERATIONS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let operations = *OPERATIONS.get_or_init(|| {
        let root = xtask::codegen::workspace_root();
        let m = xtask::manifest::load(&root).expect("manifest");
        let whole: serde_json::Value = serde_json::from_slice(
            &std::fs::read(root.join("openapi").join(&m.whole)).expect("whole"),
        )
        .expect("JSON");
        xtask::normalize::operations(&whole).count()
    });
    assert_eq!(cases.len(), operations);
    cases
}

/// The path values: a 32-hex id, a UUID, a name with a space and a `/`.
const VALUES: [&str; 3] = [
    "023e105f4ecef8ad9ca31a8372d0c353",
    "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
    "my name/with slash",
];

/// `value` as one path segment: what must be on the wire.
fn segment(value: &str) -> String {
    value
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('/', "%2F")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_sends_its_template_with_plain_segments() {
    let server = Server::start().await;
    let cases = all_cases();
    let mut wrong = Vec::new();
    for case in &cases {
        for v in VALUES {
            let (got, result) = match server.send(case, v, ENVELOPE).await {
                Ok(r) => r,
                Err(e) => {
                    wrong.push(e);
                    break;
                }
            };
            let expected: Vec<String> = case
                .template
                .split('/')
                .map(|s| {
                    // Every `{name}` of the segment is the value (`{scan_id}.png`,
                    // `{event_t}.{event_n}`), the rest of it as written.
                    let mut out = String::new();
                    let mut rest = s;
                    while let Some(open) = rest.find('{') {
                        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
                        out.push_str(&rest[..open]);
                        out.push_str(&segment(v));
                        rest = &rest[close..];
                    }
                    out.push_str(rest);
                    out
                })
                .collect();
            let expected = format!("{} /client/v4{}", case.method, expected.join("/"));
            if got != [expected.clone()] {
                wrong.push(format!(
                    "{}: want {expected}, got {got:?} ({:?})",
                    case.operation,
                    result.err()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} requests differ from their template:\n{}",
        wrong.len(),
        cases.len() * VALUES.len(),
        wrong[..wrong.len().min(30)].join("\n")
    );
}

/// The leaves of a JSON value as `(pointer, value)`, `null`s and empty lists and objects
/// left out (an `Option` reads `null` and absence alike), numbers compared as numbers.
fn leaves(v: &Value, at: String, out: &mut BTreeSet<(String, String)>) {
    match v {
        Value::Null => {}
        Value::Object(o) => {
            for (k, v) in o {
                leaves(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                leaves(v, format!("{at}/{i}"), out);
            }
        }
        Value::Number(n) => {
            out.insert((at, n.as_f64().unwrap_or_default().to_string()));
        }
        other => {
            out.insert((at, other.to_string()));
        }
    }
}

fn leaf_set(v: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    leaves(v, String::new(), &mut out);
    out
}

/// How a mutant differs from the response it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Mutation {
    UnknownProperty,
    UnknownEnumValue,
    Null,
    /// Every property of `result`'s objects `null` at once.
    AllNull,
    TypeSwap,
}

const MUTATIONS: [Mutation; 5] = [
    Mutation::UnknownProperty,
    Mutation::UnknownEnumValue,
    Mutation::Null,
    Mutation::AllNull,
    Mutation::TypeSwap,
];

/// The places of `v` a mutation may touch: inside `result`, below its top (a `result`, or
/// an item of it, of the wrong kind is an error by design; the envelope's other parts are
/// the core's own types).
fn places(v: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    let in_result = matches!(at.first(), Some(Step::Key(k)) if k == "result");
    if in_result && at.iter().skip(1).any(|s| matches!(s, Step::Key(_))) {
        out.push(at.clone());
    }
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                at.push(Step::Key(k.clone()));
                places(v, at, out);
                at.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                at.push(Step::Index(i));
                places(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |v, s| match s {
        Step::Key(k) => &mut v[k.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

/// `path` as a JSON pointer.
fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}

/// `doc` with one mutation at a place chosen by `rng` (every place, for
/// [`Mutation::AllNull`]), and the places set to `null`; `None` when it has no such place.
fn mutate(doc: &Value, m: Mutation, rng: &mut fastrand::Rng) -> Option<(Value, Vec<String>)> {
    let mut all = Vec::new();
    places(doc, &mut Vec::new(), &mut all);
    let mut doc = doc.clone();
    if m == Mutation::AllNull {
        // Pre-order: a property is nulled unless one above it was already.
        let mut nulled: Vec<Vec<Step>> = Vec::new();
        for place in &all {
            let below = |n: &Vec<Step>| {
                place.len() > n.len() && pointer(place).starts_with(&(pointer(n) + "/"))
            };
            if nulled.iter().any(below) || at_mut(&mut doc, place).is_null() {
                continue;
            }
            *at_mut(&mut doc, place) = Value::Null;
            nulled.push(place.clone());
        }
        let nulled: Vec<String> = nulled.iter().map(|p| pointer(p)).collect();
        return (!nulled.is_empty()).then_some((doc, nulled));
    }
    let fits = |v: &Value| match m {
        Mutation::UnknownProperty => v.is_object(),
        Mutation::UnknownEnumValue => v.is_string(),
        Mutation::Null | Mutation::TypeSwap => !v.is_null(),
        Mutation::AllNull => unreachable!("handled above"),
    };
    let candidates: Vec<&Vec<Step>> = all
        .iter()
        .filter(|p| fits(at_mut(&mut doc.clone(), p)))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let place = candidates[rng.usize(..candidates.len())].clone();
    let v = at_mut(&mut doc, &place);
    match m {
        Mutation::UnknownProperty => {
            v["zz_property_the_document_lacks"] = json!({"nested": [1, "two", {"three": null}]});
        }
        Mutation::UnknownEnumValue => *v = json!("a_value_the_document_does_not_list"),
        Mutation::Null => *v = Value::Null,
        Mutation::AllNull => unreachable!("handled above"),
        Mutation::TypeSwap => {
            *v = match v {
                Value::String(_) => json!(12345),
                Value::Number(_) => json!("12345"),
                Value::Bool(_) => json!("true"),
                Value::Array(_) => json!({"not": "a list"}),
                _ => json!(["not", "an", "object"]),
            }
        }
    }
    let nulled = if m == Mutation::Null {
        vec![pointer(&place)]
    } else {
        Vec::new()
    };
    Some((doc, nulled))
}

/// Per product: operations, documented example responses (decoded with every field kept),
/// assembled instances (decoded, kept), mutants (sent, failed, unknown property lost).
#[derive(Debug, Default, serde::Serialize)]
struct Counts {
    operations: usize,
    examples: usize,
    examples_kept: usize,
    instances: usize,
    instances_kept: usize,
    mutants: usize,
    mutants_failed: usize,
    /// Mutants with an unknown property whose decoded response does not carry it.
    unknown_lost: usize,
    /// `null`s sent (by the `null` mutants) that the decoded response, written back, does
    /// not have as `null` where the server sent it.
    nulls_sent: usize,
    nulls_lost: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_documented_response_decodes_whole_and_no_mutant_fails() {
    let server = Server::start().await;
    let cases = all_cases();
    let mut counts: BTreeMap<&str, Counts> = BTreeMap::new();
    let mut lost = Vec::new();
    let mut failed = Vec::new();
    let mut rng = fastrand::Rng::with_seed(19);
    for case in &cases {
        let c = counts.entry(case.product).or_default();
        c.operations += 1;
        for (kind, body) in [("example", case.example), ("instance", case.instance)] {
            if body.is_empty() {
                continue;
            }
            let sent: Value = serde_json::from_str(body).unwrap();
            let result = server.send(case, VALUES[0], body).await.map(|r| r.1);
            let decoded = match result {
                Ok(Ok(Some(decoded))) => decoded,
                // Not a generated response type (raw, `()`, free-form): nothing to compare.
                Ok(Ok(None)) => continue,
                Ok(Err(e)) => {
                    lost.push(format!("{} ({kind}): the call failed: {e}", case.operation));
                    continue;
                }
                Err(e) => {
                    lost.push(format!("{} ({kind}): {e}", case.operation));
                    continue;
                }
            };
            let (want, got) = (leaf_set(&sent), leaf_set(&decoded));
            let kept = want == got;
            if !kept {
                let missing: Vec<_> = want.difference(&got).take(3).collect();
                let added: Vec<_> = got.difference(&want).take(3).collect();
                lost.push(format!(
                    "{} ({kind}): lost {missing:?}, added {added:?}",
                    case.operation
                ));
            }
            match kind {
                "example" => {
                    c.examples += 1;
                    c.examples_kept += usize::from(kept);
                }
                _ => {
                    c.instances += 1;
                    c.instances_kept += usize::from(kept);
                }
            }
            if kind != "instance" {
                continue;
            }
            for m in MUTATIONS {
                let Some((mutant, nulled)) = mutate(&sent, m, &mut rng) else {
                    continue;
                };
                c.mutants += 1;
                let result = server.send(case, VALUES[0], &mutant.to_string()).await;
                let ok = match &result {
                    Ok((_, Ok(decoded))) => {
                        // What the mutant added is kept too (counted; the snapshot guards it).
                        let kept = m != Mutation::UnknownProperty
                            || decoded
                                .as_ref()
                                .is_none_or(|d| leaf_set(d) == leaf_set(&mutant));
                        if !kept {
                            c.unknown_lost += 1;
                            eprintln!(
                                "{} ({m:?}): the unknown property was not kept",
                                case.operation
                            );
                        }
                        // A `null` stays `null`, written back where the server sent it.
                        if let Some(d) = decoded {
                            c.nulls_sent += nulled.len();
                            for at in &nulled {
                                if d.pointer(at) != Some(&Value::Null) {
                                    c.nulls_lost += 1;
                                    lost.push(format!(
                                        "{} ({m:?}): null at {at} written back as {:?}",
                                        case.operation,
                                        d.pointer(at)
                                    ));
                                }
                            }
                        }
                        true
                    }
                    _ => false,
                };
                if !ok {
                    c.mutants_failed += 1;
                    failed.push(format!(
                        "{} ({m:?}): {:?}",
                        case.operation,
                        result.map(|r| r.1)
                    ));
                }
            }
        }
    }
    let total = |f: fn(&Counts) -> usize| counts.values().map(f).sum::<usize>();
    let summary = json!({
        "operations": total(|c| c.operations),
        "examples": total(|c| c.examples),
        "examples_kept": total(|c| c.examples_kept),
        "instances": total(|c| c.instances),
        "instances_kept": total(|c| c.instances_kept),
        "mutants": total(|c| c.mutants),
        "mutants_failed": total(|c| c.mutants_failed),
        "unknown_lost": total(|c| c.unknown_lost),
        "nulls_sent": total(|c| c.nulls_sent),
        "nulls_lost": total(|c| c.nulls_lost),
    });
    for line in lost.iter().chain(&failed).take(40) {
        eprintln!("{line}");
    }
    insta::assert_json_snapshot!(
        "conformance_counts",
        json!({"total": summary, "products": counts})
    );
    assert_eq!(
        total(|c| c.unknown_lost),
        0,
        "unknown properties lost (the lines above name each)"
    );
    assert!(
        lost.is_empty() && failed.is_empty(),
        "{} documented responses lost or added fields, {} mutants failed:\n{}\n{}",
        lost.len(),
        failed.len(),
        lost[..lost.len().min(20)].join("\n"),
        failed[..failed.len().min(20)].join("\n")
    );
}

/// A value of another JSON type than `v`'s: what a server that moved on from the document
/// sends in its place.
fn other_type(v: &Value) -> Value {
    match v {
        Value::Array(_) => json!({"not": "a list"}),
        Value::Object(_) => json!(["not", "an", "object"]),
        Value::String(_) => json!(12345),
        Value::Number(_) => json!("12345"),
        Value::Bool(_) => json!("true"),
        Value::Null => json!("a string where the document has no value"),
    }
}

/// What the server answers in `every_operation_takes_cloudflares_answer_as_it_comes`.
#[derive(Debug, Default, serde::Serialize)]
struct Answers {
    operations: usize,
    /// Calls sent without the client's API token.
    sent_without_token: usize,
    /// Calls refused before anything was sent.
    refused: usize,
    /// Success bodies answered `200`, `201` and `202`, and `204` with no body.
    successes: usize,
    successes_failed: usize,
    /// `success: false` with code 1004, answered `200` and `400`.
    failures: usize,
    failures_not_api_1004: usize,
    /// Success bodies with `result` of another JSON type than documented.
    results_of_another_type: usize,
    results_of_another_type_failed: usize,
}

/// The server is the authority, for every operation: each is called with an API token
/// (whatever its document's `security` lists) and answered its documented success body
/// with `200`, `201` and `202`, then `204` with no body: none is refused, none fails. Each
/// answered Cloudflare's `success: false` with code 1004, at `200` and at `400`: `Error::Api`
/// with code 1004, however its document types the envelope. Each answered a `result` of
/// another JSON type than documented: no call fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_takes_cloudflares_answer_as_it_comes() {
    let server = Server::start().await;
    let cases = all_cases();
    let mut n = Answers::default();
    let mut wrong: Vec<String> = Vec::new();
    let failure = json!({
        "success": false,
        "errors": [{"code": 1004, "message": "DNS Validation Error"}],
        "messages": [],
        "result": null
    })
    .to_string();
    for case in &cases {
        n.operations += 1;
        let documented = [case.example, case.instance]
            .into_iter()
            .find(|b| !b.is_empty())
            .unwrap_or(ENVELOPE);
        let mut answers: Vec<(&str, u16, String)> = [200, 201, 202]
            .into_iter()
            .map(|status| ("success", status, documented.to_owned()))
            .collect();
        answers.push(("success", 204, String::new()));
        answers.push(("failure", 200, failure.clone()));
        answers.push(("failure", 400, failure.clone()));
        let mut doc: Value = serde_json::from_str(documented).unwrap_or_else(|_| json!({}));
        if let Some(map) = doc.as_object_mut() {
            let result = map.get("result").cloned().unwrap_or(Value::Null);
            map.insert("result".into(), other_type(&result));
            answers.push(("other type", 200, doc.to_string()));
        }
        for (kind, status, body) in answers {
            let (lines, result) = match server.answer(case, VALUES[0], status, &body).await {
                Ok(sent) => sent,
                Err(e) => {
                    wrong.push(e);
                    n.refused += 1;
                    continue;
                }
            };
            if lines.is_empty() {
                n.refused += 1;
                wrong.push(format!(
                    "{} ({kind} {status}): nothing sent: {result:?}",
                    case.operation
                ));
                continue;
            }
            if server.authorized.lock().unwrap().iter().any(|ok| !ok) {
                n.sent_without_token += 1;
                wrong.push(format!("{}: sent without the API token", case.operation));
            }
            match kind {
                "success" => {
                    n.successes += 1;
                    if let Err(e) = result {
                        n.successes_failed += 1;
                        wrong.push(format!("{} ({kind} {status}): {e}", case.operation));
                    }
                }
                "failure" => {
                    n.failures += 1;
                    let api_1004 = matches!(
                        &result,
                        Err(e @ cloudflare_sdk::Error::Api(_)) if e.api().and_then(|a| a.code()) == Some(1004)
                    );
                    if !api_1004 {
                        n.failures_not_api_1004 += 1;
                        wrong.push(format!("{} ({kind} {status}): {result:?}", case.operation));
                    }
                }
                _ => {
                    n.results_of_another_type += 1;
                    if let Err(e) = result {
                        n.results_of_another_type_failed += 1;
                        wrong.push(format!("{} ({kind} {status}): {e}", case.operation));
                    }
                }
            }
        }
    }
    for line in wrong.iter().take(40) {
        eprintln!("{line}");
    }
    insta::assert_json_snapshot!("answers_counts", n);
    assert!(
        wrong.is_empty(),
        "{} answers were not taken as they came",
        wrong.len()
    );
}
