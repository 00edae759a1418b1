//! Compressed responses: asked for, decoded, and capped by their decoded size.

use std::io::Write;

use cloudflare_sdk::{Client, Error};
use serde_json::json;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCOUNT, TOKEN};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("compress");
    enc.finish().expect("compress")
}

fn gzipped(body: &[u8]) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("content-encoding", "gzip")
        .insert_header("content-type", "application/json")
        .set_body_raw(gzip(body), "application/json")
}

#[tokio::test]
async fn gzip_is_asked_for_and_decoded() {
    let server = MockServer::start().await;
    let peers: Vec<_> = (0..500)
        .map(|i| json!({"id": format!("{i:032x}"), "name": format!("peer-{i}"), "ip": "192.0.2.1", "port": 53}))
        .collect();
    let body = serde_json::to_vec(&json!({
        "success": true, "errors": [], "messages": [], "result": peers,
        "result_info": {"page": 1, "per_page": 500, "count": 500, "total_count": 500, "total_pages": 1}
    }))
    .expect("json");
    let compressed = gzip(&body);
    assert!(
        compressed.len() * 5 < body.len(),
        "{} vs {}",
        compressed.len(),
        body.len()
    );
    Mock::given(method("GET"))
        .and(header("accept-encoding", "gzip"))
        .respond_with(gzipped(&body))
        .expect(1)
        .mount(&server)
        .await;
    let client = crate::support::client(&format!("{}/client/v4", server.uri()));
    let all = client
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .all()
        .await
        .expect("decoded");
    assert_eq!(all.len(), 500);
    assert_eq!(all[499].name.as_deref(), Some("peer-499"));
}

/// A small compressed body that inflates past the cap fails with `BodyTooLarge`, counted
/// on the decoded bytes as they stream (not inflated whole first).
#[tokio::test]
async fn a_gzip_bomb_fails_at_the_cap_on_the_decoded_size() {
    let server = MockServer::start().await;
    let mut bomb = br#"{"success":true,"errors":[],"messages":[],"result":[],"padding":""#.to_vec();
    bomb.extend(std::iter::repeat_n(b' ', 8 * 1024 * 1024));
    bomb.extend_from_slice(br#""}"#);
    let compressed = gzip(&bomb);
    assert!(compressed.len() < 64 * 1024, "{}", compressed.len());
    Mock::given(method("GET"))
        .respond_with(gzipped(&bomb))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(format!("{}/client/v4", server.uri()))
        .max_response_bytes(1024 * 1024)
        .retry(crate::support::fast_retries())
        .build()
        .expect("client");
    let err = client
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(err, Error::BodyTooLarge { limit } if limit == 1024 * 1024),
        "{err:?}"
    );
}
