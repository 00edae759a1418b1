//! Every generated operation (`wire_cases.rs`, written by `cargo xtask codegen` from
//! xtask/src/wire.rs) sends exactly the request line its template says: each path parameter
//! as the plain text given, percent-encoded as one segment, never JSON-quoted and never
//! refused before sending; for a 32-hex id, a 36-character UUID and a name with a space and
//! a `/` in it. On a loopback server that records what arrives.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use axum::http::{Method, Uri};
use cloudflare_sdk::api::Api;

use crate::support::client;

/// Builds an operation's request with the given path value and sends it once; the error,
/// if sending failed.
pub type SendFn =
    for<'a> fn(&'a Api, &'a str) -> Pin<Box<dyn Future<Output = Option<String>> + Send>>;

/// One operation: what it is and how to send it with `v` for every path parameter.
pub struct Case {
    pub operation: &'static str,
    pub method: &'static str,
    pub template: &'static str,
    pub send: SendFn,
}

/// A required parameter or body from the JSON the generator built from its schema.
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json} does not decode: {e}"))
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
    let seen: Arc<Mutex<Vec<(Method, Uri)>>> = Arc::default();
    let record = seen.clone();
    let app = axum::Router::new().fallback(move |method: Method, uri: Uri| {
        let record = record.clone();
        async move {
            record.lock().unwrap().push((method, uri));
            (
                [("content-type", "application/json")],
                r#"{"success":true,"errors":[],"messages":[],"result":null}"#,
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let c = client(&format!("http://{addr}/client/v4"));
    let api = c.api();

    let cases = super::wire_cases::all();
    let mut ids: Vec<&str> = cases.iter().map(|c| c.operation).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), cases.len(), "one case per operation");
    // The vendored 2024 document's 1,533 operations and the 3 the DNS patch data adds.
    assert_eq!(cases.len(), 1_536);

    let mut wrong = Vec::new();
    for case in &cases {
        for v in VALUES {
            seen.lock().unwrap().clear();
            let send =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (case.send)(api, v)));
            let error = match send {
                Ok(sent) => sent.await,
                Err(e) => {
                    let why = e.downcast_ref::<String>().cloned().unwrap_or_default();
                    wrong.push(format!("{}: not built: {why}", case.operation));
                    break;
                }
            };
            let expected: String = case
                .template
                .split('/')
                .map(|s| {
                    if s.starts_with('{') && s.ends_with('}') {
                        segment(v)
                    } else {
                        s.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let expected = format!("{} /client/v4{expected}", case.method);
            let got: Vec<String> = seen
                .lock()
                .unwrap()
                .iter()
                .map(|(m, u)| format!("{m} {}", u.path()))
                .collect();
            if got != [expected.clone()] {
                wrong.push(format!(
                    "{}: want {expected}, got {got:?} ({error:?})",
                    case.operation
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
