//! Path parameters stay one percent-encoded segment; empty ids fail before any request.

use cloudflare_sdk::Error;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCOUNT, client, list_body};

#[tokio::test]
async fn hostile_account_ids_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_body(
            serde_json::json!([]),
            1,
            20,
            0,
        )))
        .mount(&server)
        .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let hostile = [
        "../zones",
        "a/b?c#d",
        "%2e",
        "%2e%2e",
        "..%2f",
        "ünï/cødé",
        "a b",
        "x;y=1",
        "..;/",
        "a\tb",
        ACCOUNT,
    ];
    for id in hostile {
        c.dns()
            .zone_transfers()
            .peers()
            .list(id)
            .into_paginator()
            .send()
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
    }
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), hostile.len());
    let mut seen = String::new();
    for (id, r) in hostile.iter().zip(&requests) {
        let path = r.url.path();
        let segments: Vec<&str> = path.split('/').collect();
        // "", "client", "v4", "accounts", <id>, "secondary_dns", "peers"
        assert_eq!(segments.len(), 7, "{id:?} became {path}");
        assert_eq!(
            &segments[..4],
            ["", "client", "v4", "accounts"],
            "{id:?} became {path}"
        );
        assert_eq!(
            &segments[5..],
            ["secondary_dns", "peers"],
            "{id:?} became {path}"
        );
        assert!(
            r.url.query().is_some_and(|q| q.starts_with("page=")),
            "{id:?}: query {:?}",
            r.url.query()
        );
        let decoded = percent_decode(segments[4]);
        assert_eq!(&decoded, id, "{id:?} arrived as {}", segments[4]);
        seen.push_str(&format!("{id:?} -> {}\n", segments[4]));
    }
    insta::assert_snapshot!("hostile_ids", seen);
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf8")
}

#[tokio::test]
async fn empty_and_dot_ids_fail_before_any_request() {
    let server = MockServer::start().await;
    let c = client(&format!("{}/client/v4", server.uri()));
    for id in ["", ".", "..", "a\\b"] {
        let err = c
            .dns()
            .zone_transfers()
            .peers()
            .list(id)
            .into_paginator()
            .send()
            .await
            .expect_err(id);
        assert!(matches!(err, Error::InvalidInput { .. }), "{id:?}: {err:?}");
        assert!(err.to_string().contains("account_id"), "{err}");
    }
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

/// Real ids and names reach the server as the text given, each one percent-encoded segment:
/// a 32-hex id, a 36-character UUID (which the 2024 document's `maxLength: 32` used to refuse
/// before sending) and a key name with a space and a `/`. Path parameters are plain strings
/// for every operation (`path-parameter-plain-string`), never a JSON value sent quoted.
#[tokio::test]
async fn real_ids_and_names_are_sent_as_plain_segments() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "success": true, "errors": [], "messages": [], "result": {"id": "x"}
        })))
        .mount(&server)
        .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let uuid = "7a1e6f3b-3c3e-4b8e-9f3a-2d1c0b9a8e7f";
    let name = "my key/with space";
    c.api()
        .kv()
        .kv_namespaces_metadata_get()
        .account_id(ACCOUNT)
        .namespace_id(uuid)
        .key_name(name)
        .send()
        .await
        .expect("sent");
    c.api()
        .dns()
        .dns_records_get()
        .zone_id(uuid)
        .dns_record_id(ACCOUNT)
        .send()
        .await
        .expect("sent");
    let lines: Vec<String> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        lines,
        [
            format!(
                "GET /client/v4/accounts/{ACCOUNT}/storage/kv/namespaces/{uuid}/metadata/my%20key%2Fwith%20space"
            ),
            format!("GET /client/v4/zones/{uuid}/dns_records/{ACCOUNT}"),
        ]
    );
}
