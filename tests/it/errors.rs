//! Every documented failure shape gives its documented outcome; `Display` is snapshotted.

use cloudflare_sdk::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCOUNT, TOKEN};

const RAY: &str = "8a1b2c3d4e5f6a7b-SJC";

async fn outcome(
    template: ResponseTemplate,
) -> (
    Result<Vec<cloudflare_sdk::api::dns::types::DnsZoneTransfersPeer>, Error>,
    usize,
) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(template.insert_header("cf-ray", RAY))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(format!("{}/client/v4", server.uri()))
        .retry(RetryPolicy::none())
        .build()
        .expect("builds");
    let result = client
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .send()
        .await
        .map(|p| p.items);
    (
        result,
        server.received_requests().await.expect("recorded").len(),
    )
}

fn failure(status: u16, code: u32, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({
        "success": false,
        "errors": [{"code": code, "message": message, "documentation_url": "https://developers.cloudflare.com/api/"}],
        "messages": [],
        "result": null
    }))
}

fn kind(e: &Error) -> &'static str {
    match e {
        Error::Authentication(_) => "Authentication",
        Error::Permission(_) => "Permission",
        Error::NotFound(_) => "NotFound",
        Error::RateLimited(_) => "RateLimited",
        Error::Server(_) => "Server",
        Error::Api(_) => "Api",
        Error::Transport { .. } => "Transport",
        Error::Timeout { .. } => "Timeout",
        Error::Decode { .. } => "Decode",
        Error::BodyTooLarge { .. } => "BodyTooLarge",
        Error::Pagination { .. } => "Pagination",
        Error::InvalidInput { .. } => "InvalidInput",
        Error::Config { .. } => "Config",
        _ => "other",
    }
}

#[tokio::test]
async fn failure_shapes() {
    let cases: Vec<(&str, ResponseTemplate)> = vec![
        ("400", failure(400, 1001, "Invalid request: name is required")),
        ("401", failure(401, 10000, "Authentication error")),
        ("403", failure(403, 9109, "Unauthorized to access requested resource")),
        ("403 no auth code", failure(403, 1100, "Forbidden by a policy")),
        ("404", failure(404, 7003, "No route for the URI")),
        ("429", failure(429, 971, "Please wait and consider throttling your request speed").insert_header("retry-after", "7")),
        ("500", failure(500, 1002, "Internal error")),
        ("409 code 81057", failure(409, 81057, "Record already exists.")),
        (
            "400 with two errors",
            ResponseTemplate::new(400).set_body_json(json!({
                "success": false,
                "errors": [{"code": 1004, "message": "bad ip"}, {"code": 1005, "message": "bad port", "source": {"pointer": "/port"}}],
                "messages": [], "result": null
            })),
        ),
        ("502 HTML", ResponseTemplate::new(502).set_body_raw("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")),
        (
            "200 success:false",
            ResponseTemplate::new(200).set_body_json(json!({
                "success": false, "errors": [{"code": 10000, "message": "Authentication error"}],
                "messages": [], "result": null
            })),
        ),
        (
            "200 success:false other code",
            ResponseTemplate::new(200).set_body_json(json!({
                "success": false, "errors": [{"code": 1003, "message": "Invalid account"}], "messages": [], "result": []
            })),
        ),
        ("200 HTML", ResponseTemplate::new(200).set_body_raw("<!DOCTYPE html><html>Just a moment...</html>", "text/html")),
        ("200 truncated JSON", ResponseTemplate::new(200).set_body_raw(r#"{"success":true,"errors":[],"messages":[],"result":[{"id":"23ff"#, "application/json")),
        ("200 not UTF-8", ResponseTemplate::new(200).set_body_raw(b"{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[{\"id\":\"caf\xe9\"}]}".to_vec(), "application/json")),
        ("200 errors null", ResponseTemplate::new(200).set_body_json(json!({"success": true, "errors": null, "messages": null, "result": null}))),
    ];
    let mut report = String::new();
    for (name, template) in cases {
        let (result, requests) = outcome(template).await;
        assert_eq!(
            requests, 1,
            "{name}: sent {requests} requests with retries off"
        );
        let line = match &result {
            Ok(items) => format!("Ok({} peers)", items.len()),
            Err(e) => {
                assert!(!e.to_string().contains(TOKEN));
                assert_eq!(e.ray_id(), Some(RAY), "{name}: ray id");
                format!(
                    "{kind} status={status:?} retryable={retry}\n    {e}",
                    kind = kind(e),
                    status = e.status(),
                    retry = e.is_retryable()
                )
            }
        };
        report.push_str(&format!("{name}: {line}\n"));
    }
    insta::assert_snapshot!("failure_shapes", report);
}

#[tokio::test]
async fn api_error_carries_every_entry_and_retry_after() {
    let (result, _) = outcome(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "7")
            .set_body_json(json!({
                "success": false,
                "errors": [{"code": 971, "message": "slow down", "documentation_url": "https://x", "source": {"pointer": "/a"}},
                           {"code": 70000, "message": "second"}],
                "messages": [{"code": 1, "message": "info"}],
                "result": null
            })),
    )
    .await;
    let err = result.expect_err("429");
    let Error::RateLimited(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 429);
    assert_eq!(api.errors.len(), 2);
    assert_eq!(
        api.errors[0].documentation_url.as_deref(),
        Some("https://x")
    );
    assert_eq!(
        api.errors[0]
            .source
            .as_ref()
            .and_then(|s| s.pointer.as_deref()),
        Some("/a")
    );
    assert_eq!(api.errors[1].code, 70000);
    assert_eq!(api.messages[0].message, "info");
    assert_eq!(api.retry_after, Some(std::time::Duration::from_secs(7)));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn peers_with_unknown_fields_nulls_and_odd_numbers_decode() {
    let (result, _) = outcome(ResponseTemplate::new(200).set_body_json(json!({
        "success": true, "errors": [], "messages": [], "future_field": {"x": 1},
        "result": [
            {"id": "a1", "name": "full", "ip": "192.0.2.53", "ixfr_enable": true, "port": 53, "tsig_id": "t1", "new_field": [1, 2]},
            {"id": "a2", "name": "nulls", "ip": null, "ixfr_enable": null, "port": null, "tsig_id": null},
            {"id": "a3", "name": "missing"},
            {"id": "a4", "name": null, "port": 53.0},
            {"name": "no id", "port": 70000},
            {"id": "a6", "name": "float port", "port": 53.5}
        ],
        "result_info": {"page": 1.0, "per_page": 20, "count": 6, "total_count": 6, "total_pages": 1, "cursor": "new"}
    })))
    .await;
    let peers = result.expect("decodes");
    insta::assert_json_snapshot!("tolerant_peers", peers);
}

/// A request that cannot be built (its required body not set) fails before anything is
/// sent, naming the operation and the field that is missing.
#[tokio::test]
async fn an_unbuildable_request_names_its_operation() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(format!("{}/client/v4", server.uri()))
        .build()
        .expect("builds");
    let err = client
        .dns()
        .zone_transfers()
        .peers()
        .create(ACCOUNT)
        .send()
        .await
        .expect_err("no body");
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    insta::assert_snapshot!(err.to_string(), @"invalid input: dns.zone_transfers.peers.create: no value supplied for name");
    // The body's fields as the builder's own setters: the one left out is named.
    let err = client
        .dns()
        .zone_transfers()
        .tsigs()
        .create(ACCOUNT)
        .name("tsig.example.")
        .algo("hmac-sha512.")
        .await
        .expect_err("no secret");
    insta::assert_snapshot!(err.to_string(), @"invalid input: dns.zone_transfers.tsigs.create: no value supplied for secret");
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}
