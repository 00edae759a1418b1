//! What a union request body sends when it is set through a variant setter or from a
//! member, and `.await` on a builder, against a loopback server: the body is exactly the
//! variant's JSON (its tag written in), and `.await` is `send()`, the one request loop.

use cloudflare_sdk::Error;
use cloudflare_sdk::api::dns::types::DnsRecordsCreateBody;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{client, key_client};

const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn ok(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "success": true, "errors": [], "messages": [], "result": result
    }))
}

/// Answers `verb route` with `ok(result)` only when the body is exactly `body`.
async fn expect(server: &MockServer, verb: &str, route: &str, body: Value, result: Value) {
    Mock::given(method(verb))
        .and(path(route))
        .and(body_json(body))
        .respond_with(ok(result))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn cache_purge_variant_setters_send_exactly_their_variant() {
    let server = MockServer::start().await;
    let route = format!("/client/v4/zones/{ZONE}/purge_cache");
    let url = "https://example.com/a.css";
    expect(
        &server,
        "POST",
        &route,
        json!({"files": [url]}),
        json!({"id": "p1"}),
    )
    .await;
    expect(
        &server,
        "POST",
        &route,
        json!({"tags": ["a", "b"]}),
        json!({"id": "p2"}),
    )
    .await;
    expect(
        &server,
        "POST",
        &route,
        json!({"purge_everything": true}),
        json!({"id": "p3"}),
    )
    .await;
    let client = key_client(&format!("{}/client/v4", server.uri()));
    let purge = || client.cache().purge(ZONE);
    // Two members hold `files` (URLs, or URLs with headers): `files` and `files_2`.
    let one = purge().files([url]).await.expect("purge a file");
    let tags = purge().tags(["a", "b"]).await.expect("purge by tags");
    let all = purge()
        .purge_everything(true)
        .send()
        .await
        .expect("purge everything");
    let ids: Vec<Option<String>> = [one, tags, all].iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        [Some("p1".into()), Some("p2".into()), Some("p3".into())]
    );
}

#[tokio::test]
async fn zone_setting_variant_setter_sends_its_variant_to_the_setting() {
    let server = MockServer::start().await;
    let route = format!("/client/v4/zones/{ZONE}/settings/ssl_recommender");
    expect(
        &server,
        "PATCH",
        &route,
        json!({"enabled": true}),
        json!({"id": "ssl_recommender", "enabled": true, "editable": true}),
    )
    .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    let edited = client
        .zones()
        .settings()
        .edit(ZONE, "ssl_recommender")
        .enabled(true)
        .await
        .expect("edited");
    let result = serde_json::to_value(&edited).expect("JSON");
    assert_eq!(result["enabled"], json!(true), "{result}");

    // A value as a person has it: a string member of the value union from `&str`.
    let route = format!("/client/v4/zones/{ZONE}/settings/always_online");
    expect(
        &server,
        "PATCH",
        &route,
        json!({"value": "on"}),
        json!({"id": "always_online", "value": "on", "editable": true}),
    )
    .await;
    let edited = client
        .zones()
        .settings()
        .edit(ZONE, "always_online")
        .value("on")
        .await
        .expect("edited");
    let result = serde_json::to_value(&edited).expect("JSON");
    assert_eq!(result["value"], json!("on"), "{result}");
}

#[tokio::test]
async fn a_dns_record_from_its_member_says_its_type_and_keeps_one_set() {
    let server = MockServer::start().await;
    let route = format!("/client/v4/zones/{ZONE}/dns_records");
    let sent = json!({"type": "A", "name": "www", "content": "198.51.100.4", "ttl": 1});
    let mut echo = sent.clone();
    echo["id"] = json!("r1");
    Mock::given(method("POST"))
        .and(path(&route))
        .and(body_json(&sent))
        .respond_with(ok(echo))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    // Built as its variant: the variant writes its tag.
    let a = DnsRecordsCreateBody::A {
        name: "www".into(),
        content: Some("198.51.100.4".into()),
        comment: None,
        private_routing: None,
        proxied: None,
        settings: None,
        tags: Vec::new(),
        ttl: 1.into(),
    };
    for record in [a.clone(), a] {
        let created = client
            .dns()
            .records()
            .create(ZONE)
            .body(record)
            .await
            .expect("created");
        let result = serde_json::to_value(&created).expect("JSON");
        assert_eq!(result["type"], json!("A"), "{result}");
    }
}

/// `.await` is the request loop: a 503 is retried, and a `200` with `success: false` is the
/// error type, not `Ok`.
#[tokio::test]
async fn await_on_a_builder_retries_and_reads_success_false_as_the_error() {
    let server = MockServer::start().await;
    let route = format!("/client/v4/zones/{ZONE}/purge_cache");
    Mock::given(method("POST"))
        .and(path(&route))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(&route))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false, "errors": [{"code": 1134, "message": "purge limit"}],
            "messages": [], "result": null
        })))
        .mount(&server)
        .await;
    let client = key_client(&format!("{}/client/v4", server.uri()));
    let err = client
        .cache()
        .purge(ZONE)
        .purge_everything(true)
        .await
        .expect_err("success: false");
    let Error::Api(api) = &err else {
        panic!("not the API error: {err:?}");
    };
    assert_eq!(api.errors.first().map(|e| e.code), Some(1134), "{err:?}");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2, "the 503 was retried once");
}
