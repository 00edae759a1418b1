//! The raw path: an operation progenitor cannot build (a multipart body) sent through the
//! SDK's one request loop, against a loopback server: credentials, the form on the wire, a
//! retry that sends the same form again, typed errors, path checks.

use cloudflare_sdk::Error;
use cloudflare_sdk::raw::Multipart;
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{EMAIL, KEY, key_client as client};

const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn form() -> Multipart {
    Multipart::new()
        .json("metadata", &json!({"main_module": "snippet.js"}))
        .expect("json")
        .file(
            "files",
            "snippet.js",
            "application/javascript",
            "export default { async fetch(r) { return fetch(r) } }",
        )
}

#[tokio::test]
async fn multipart_upload_goes_through_the_request_loop_and_is_resent_on_retry() {
    let server = MockServer::start().await;
    let route = format!("/client/v4/zones/{ZONE}/snippets/my_snippet");
    Mock::given(method("PUT"))
        .and(path(route.as_str()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(route.as_str()))
        .and(header("x-auth-email", EMAIL))
        .and(header("x-auth-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": {"snippet_name": "my_snippet"}})))
        .mount(&server)
        .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let result = c
        .api()
        .snippets()
        .snippets_update()
        .zone_id(ZONE)
        .snippet_name("my_snippet")
        .body(form())
        .send()
        .await
        .expect("uploaded after one retry");
    assert_eq!(result, json!({"snippet_name": "my_snippet"}));
    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 2, "one retry");
    for r in &received {
        let ct = r.headers["content-type"].to_str().expect("ascii");
        assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
        let body = String::from_utf8_lossy(&r.body);
        assert!(body.contains("name=\"metadata\""), "{body}");
        assert!(body.contains("{\"main_module\":\"snippet.js\"}"), "{body}");
        assert!(body.contains("filename=\"snippet.js\""), "{body}");
        assert!(body.contains("return fetch(r)"), "{body}");
    }
}

#[tokio::test]
async fn raw_path_errors_are_typed_and_hostile_paths_refused() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "success": false, "errors": [{"code": 1002, "message": "bad snippet"}],
            "messages": [], "result": null})))
        .mount(&server)
        .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let err = c
        .api()
        .snippets()
        .snippets_update()
        .zone_id(ZONE)
        .snippet_name("x")
        .body(form())
        .send()
        .await
        .expect_err("400");
    assert!(
        matches!(&err, Error::Api(e) if e.errors.iter().any(|m| m.code == 1002)),
        "{err:?}"
    );
    for bad in ["", ".."] {
        let err = c
            .api()
            .snippets()
            .snippets_update()
            .zone_id(bad)
            .snippet_name("x")
            .body(form())
            .send()
            .await
            .expect_err("hostile");
        assert!(
            matches!(err, Error::InvalidInput { .. }),
            "{bad:?}: {err:?}"
        );
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}

/// An operation whose response is not JSON (a Workers KV value) goes through the same
/// request loop with `client.request`: credentials, a retry on 503, the bytes as sent.
#[tokio::test]
async fn byte_stream_response_goes_through_the_request_loop() {
    use futures::TryStreamExt;
    let server = MockServer::start().await;
    let route = format!(
        "/client/v4/accounts/{ZONE}/storage/kv/namespaces/0f2ac74b498b48028cb68387c421e279/values/my-key"
    );
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .and(header("x-auth-key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_bytes(b"\x00value\xff".to_vec()))
        .mount(&server)
        .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let stream = c
        .api()
        .kv()
        .kv_namespaces_values_get()
        .account_id(ZONE)
        .namespace_id("0f2ac74b498b48028cb68387c421e279")
        .key_name("my-key")
        .send()
        .await
        .expect("read after one retry");
    let chunks: Vec<bytes::Bytes> = stream.into_inner().try_collect().await.expect("body");
    assert_eq!(chunks.concat(), b"\x00value\xff");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}
