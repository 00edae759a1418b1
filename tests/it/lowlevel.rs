//! The generated low-level client against wiremock.

use cloudflare_api_secondary_dns::Client;
use cloudflare_core::{Hooks, Product};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn low_level(server: &MockServer) -> Client {
    let hooks = Hooks::new().with_header(AUTHORIZATION, HeaderValue::from_static("Bearer t0ken"));
    Client::with_hooks(
        &format!("{}/client/v4", server.uri()),
        crate::support::plain_http(),
        hooks,
    )
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
    let response = client
        .secondary_dns_peer_list_peers()
        .account_id("acc-1")
        .page(3u64)
        .per_page(20)
        .send()
        .await
        .expect("decodes");
    assert_eq!(response.status(), 200);
    let body = response.into_inner();
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
        .secondary_dns_peer_list_peers()
        .account_id("a")
        .send()
        .await
        .expect_err("403");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    let progenitor_client::Error::ErrorResponse(rv) = err else {
        panic!("not an ErrorResponse: {err:?}")
    };
    assert_eq!(rv.errors[0].code, 81057);
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
        .secondary_dns_peer_list_peers()
        .account_id("a")
        .send()
        .await
        .expect_err("429");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    let progenitor_client::Error::ErrorResponse(rv) = err else {
        panic!("not an ErrorResponse: {err:?}")
    };
    assert_eq!(rv.non_json_body.as_deref(), Some("<html>slow down</html>"));
    assert!(rv.errors.is_empty());
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
        .secondary_dns_peer_list_peers()
        .account_id("a")
        .send()
        .await
        .expect_err("413");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(413));
    let progenitor_client::Error::ErrorResponse(rv) = err else {
        panic!("not an ErrorResponse: {err:?}")
    };
    let kept = rv.non_json_body.as_deref().expect("snippet");
    assert_eq!(kept.len(), cloudflare_core::FailureEnvelope::SNIPPET_LIMIT);
}
