//! The generated low-level client against wiremock: every builder's `send()` goes through
//! the one request loop (retries, `success: false`, the one error type), with no SDK
//! wrapper in between.

use std::time::Duration;

use cloudflare_api_dns::Client;
use cloudflare_core::{Error, Hooks, Product, RetryPolicy, Settings};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A product client built from the core alone: a token header and the request loop's
/// settings (no retries unless `retries` says so, 10 ms backoff).
fn low_level_with(server: &MockServer, retries: u32) -> Client {
    let hooks = Hooks::new()
        .with_header(AUTHORIZATION, HeaderValue::from_static("Bearer t0ken"))
        .with_settings(Settings {
            retry: RetryPolicy::new()
                .max_retries(retries)
                .initial_backoff(Duration::from_millis(10))
                .jitter(false),
            ..Settings::default()
        });
    Client::with_hooks(
        &format!("{}/client/v4", server.uri()),
        crate::support::plain_http(),
        hooks,
    )
}

fn low_level(server: &MockServer) -> Client {
    low_level_with(server, 0)
}

/// The response example of Cloudflare's List Peers reference.
fn reference_example() -> serde_json::Value {
    json!({
        "errors": [{"code": 1000, "message": "message", "documentation_url": "documentation_url", "source": {"pointer": "pointer"}}],
        "messages": [{"code": 1000, "message": "message", "documentation_url": "documentation_url", "source": {"pointer": "pointer"}}],
        "success": true,
        "result": [{
            "id": "23ff594956f20c2a721606e94745a8aa",
            "name": "my-peer-1",
            "ip": "192.0.2.53",
            "ixfr_enable": false,
            "port": 53,
            "tsig_id": "69cd1e104af3e6ed3cb344f263fd0d5a"
        }],
        "result_info": {"count": 1, "page": 1, "per_page": 20, "total_count": 2000, "total_pages": 100}
    })
}

#[tokio::test]
async fn generated_list_peers_decodes_the_reference_example() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/client/v4/accounts/acc-1/secondary_dns/peers"))
        .and(query_param("page", "3"))
        .and(query_param("per_page", "20"))
        .and(header("authorization", "Bearer t0ken"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reference_example()))
        .expect(1)
        .mount(&server)
        .await;

    let client = low_level(&server);
    let body = client
        .dns_zone_transfers_peers_list()
        .account_id("acc-1")
        .page(3u64)
        .per_page(20)
        .send_envelope()
        .await
        .expect("decodes");
    assert_eq!(body.success, Some(true));
    let result = body.result.expect("result");
    assert_eq!(result.len(), 1);
    let peer = &result[0];
    assert_eq!(peer.id.as_deref(), Some("23ff594956f20c2a721606e94745a8aa"));
    assert_eq!(peer.name.as_deref(), Some("my-peer-1"));
    assert_eq!(peer.ip.as_deref(), Some("192.0.2.53"));
    assert_eq!(peer.ixfr_enable, Some(false));
    assert_eq!(peer.port.as_ref().and_then(|p| p.as_i64()), Some(53));
    assert_eq!(
        peer.tsig_id.as_deref(),
        Some("69cd1e104af3e6ed3cb344f263fd0d5a")
    );
    let info = body.result_info.expect("result_info");
    assert_eq!(
        (
            info.page,
            info.per_page,
            info.count,
            info.total_count,
            info.total_pages
        ),
        (Some(1), Some(20), Some(1), Some(2000), Some(100))
    );
    let errors = body.errors.expect("errors");
    assert_eq!(errors[0].code, 1000);
    assert_eq!(
        errors[0].documentation_url.as_deref(),
        Some("documentation_url")
    );
    assert_eq!(
        errors[0].source.as_ref().and_then(|s| s.pointer.as_deref()),
        Some("pointer")
    );
    assert_eq!(body.messages.expect("messages")[0].message, "message");

    // No `api-version` header (progenitor's default) reaches Cloudflare.
    let received = server.received_requests().await.expect("recorded");
    assert!(received[0].headers.get("api-version").is_none());
}

#[tokio::test]
async fn generated_4xx_decodes_into_the_failure_envelope_with_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(json!({
            "success": false, "errors": [{"code": 81057, "message": "Record already exists."}],
            "messages": [], "result": null
        })))
        .mount(&server)
        .await;
    let err = low_level(&server)
        .dns_zone_transfers_peers_list()
        .account_id("a")
        .send()
        .await
        .expect_err("403");
    let Error::Permission(api) = err else {
        panic!("not a permission error: {err:?}")
    };
    assert_eq!(api.status, 403);
    assert_eq!(api.errors[0].code, 81057);
}

#[tokio::test]
async fn generated_4xx_with_html_body_keeps_its_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429).set_body_raw("<html>slow down</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let err = low_level(&server)
        .dns_zone_transfers_peers_list()
        .account_id("a")
        .send()
        .await
        .expect_err("429");
    let Error::RateLimited(api) = err else {
        panic!("not rate limited: {err:?}")
    };
    assert_eq!(api.status, 429);
    assert_eq!(api.non_json_body.as_deref(), Some("<html>slow down</html>"));
    assert!(api.errors.is_empty());
}

#[tokio::test]
async fn generated_error_bodies_are_read_with_a_cap() {
    let server = MockServer::start().await;
    let huge = "x".repeat(3 * 1024 * 1024);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(413).set_body_raw(huge, "text/plain"))
        .mount(&server)
        .await;
    let err = low_level(&server)
        .dns_zone_transfers_peers_list()
        .account_id("a")
        .send()
        .await
        .expect_err("413");
    let api = err.api().expect("an API error");
    assert_eq!(api.status, 413);
    let kept = api.non_json_body.as_deref().expect("snippet");
    assert_eq!(kept.len(), cloudflare_core::FailureEnvelope::SNIPPET_LIMIT);
}

/// The one safe way to send: a generated builder's own `send()` retries a 503 (honouring
/// the policy) and returns the page that followed.
#[tokio::test]
async fn a_generated_send_retries_a_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({
            "success": false, "errors": [{"code": 1200, "message": "busy"}], "messages": []})))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(reference_example()))
        .mount(&server)
        .await;
    let body = low_level_with(&server, 2)
        .dns_zone_transfers_peers_list()
        .account_id("a")
        .send_envelope()
        .await
        .expect("the third attempt answers");
    assert_eq!(body.result.map(|r| r.len()), Some(1));
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);

    // Without retries the 503 is the error, with its status and URL-free message.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({
            "success": false, "errors": [{"code": 1200, "message": "busy"}], "messages": []})))
        .mount(&server)
        .await;
    let err = low_level(&server)
        .dns_zone_transfers_peers_list()
        .account_id("a")
        .send()
        .await
        .expect_err("503");
    assert!(
        matches!(err, Error::Server(ref a) if a.status == 503),
        "{err:?}"
    );
    assert!(!err.to_string().contains("no.url.provided"), "{err}");
}

/// A `200` whose envelope says `success: false` is the API error, not an `Ok`.
#[tokio::test]
async fn a_generated_send_turns_success_false_into_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false, "errors": [{"code": 1004, "message": "DNS Validation Error"}],
            "messages": [], "result": null})))
        .mount(&server)
        .await;
    let err = low_level(&server)
        .dns_zone_transfers_peers_list()
        .account_id("a")
        .send()
        .await
        .expect_err("success: false");
    let api = err.api().expect("an API error");
    assert_eq!((api.status, api.code()), (200, Some(1004)));
}

/// A generated list builder's own `into_paginator()` is the one pager: every page, each
/// through the request loop (page 2's 503 is retried), on the product crate alone.
#[tokio::test]
async fn a_generated_list_reads_every_page() {
    let server = MockServer::start().await;
    let page = |n: u64| {
        ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": [{"id": format!("p{n}"), "name": format!("peer-{n}")}],
            "result_info": {"page": n, "per_page": 1, "count": 1, "total_count": 3, "total_pages": 3}
        }))
    };
    Mock::given(method("GET"))
        .and(query_param("page", "2"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    for n in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/client/v4/accounts/a/secondary_dns/peers"))
            .and(query_param("page", n.to_string()))
            .and(query_param("per_page", "1"))
            .respond_with(page(n))
            .mount(&server)
            .await;
    }
    let peers = low_level_with(&server, 2)
        .dns_zone_transfers_peers_list()
        .account_id("a")
        .into_paginator()
        .per_page(1)
        .all()
        .await
        .expect("every page");
    let ids: Vec<_> = peers.iter().map(|p| p.id.as_deref()).collect();
    assert_eq!(ids, [Some("p1"), Some("p2"), Some("p3")]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 4);
}
