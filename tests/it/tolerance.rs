//! Responses never fail on what Cloudflare may send, and lose nothing: unknown properties at
//! any depth are kept in the generated types' `extra` and written back; a value of another
//! JSON type than the document's is kept raw under its own name; the envelope's own parts
//! of the wrong type still fail the call with a typed error. Against a loopback server,
//! through generated requests and the SDK's wrappers.

use cloudflare_sdk::Error;
use cloudflare_sdk::api::dns::types::DnsRecordResponse;
use serde_json::{Value, json};
use wiremock::MockServer;

use crate::support::{ACCOUNT, client, list_body, mount_json};

fn peers_route() -> String {
    format!("/client/v4/accounts/{ACCOUNT}/secondary_dns/peers")
}

fn peer(id: &str) -> Value {
    json!({"id": id, "name": format!("peer-{id}"), "ip": "192.0.2.53", "port": 53,
           "ixfr_enable": false, "tsig_id": null})
}

/// `v` with every `null` property taken out (an `Option` reads `null` and absence alike, and
/// writes neither).
fn without_nulls(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[tokio::test]
async fn unknown_properties_at_any_depth_are_kept_and_written_back() {
    let server = MockServer::start().await;
    let mut p = peer("p1");
    p["new_field"] = json!({"nested": [1, {"deeper": true}]});
    p["labels"] = json!(["a", "b"]);
    let body = list_body(json!([p.clone()]), 1, 20, 1);
    mount_json(&server, &peers_route(), &[], body).await;
    let c = client(&format!("{}/client/v4", server.uri()));

    let generated = c
        .api()
        .dns()
        .dns_zone_transfers_peers_list()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("the list decodes");
    let item = &generated[0];
    assert_eq!(item.extra["new_field"]["nested"][1]["deeper"], true);
    assert_eq!(item.extra["labels"], json!(["a", "b"]));
    assert_eq!(
        without_nulls(&serde_json::to_value(item).unwrap()),
        without_nulls(&p)
    );

    // The pager keeps them too.
    let peers = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .all()
        .await
        .unwrap();
    assert_eq!(peers[0].extra["new_field"], p["new_field"]);
}

/// Objects are read as a JSON parser reads them, through each generated struct's decoder
/// (`decode_struct!`): an escaped property name is its unescaped name, a repeated property
/// is its last value, `null` is an absent `Option`, and what the type does not declare is
/// kept in `extra`, in the typed call and in the pager alike.
#[tokio::test]
async fn objects_are_read_as_json_parsers_read_them() {
    use wiremock::matchers::{method, path};
    let server = MockServer::start().await;
    let body = r#"{"success": true, "errors": [], "messages": [],
        "result": [{"id": "p1", "na\u006de": "escaped", "port": 53, "port": 5353,
                    "ip": null, "new": {"a": [1]}, "\u0001moved:odd": true}],
        "result_info": {"page": 1, "per_page": 20, "count": 1, "total_count": 1}}"#;
    wiremock::Mock::given(method("GET"))
        .and(path(peers_route()))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    for peers in [
        c.dns()
            .zone_transfers()
            .peers()
            .list(ACCOUNT)
            .await
            .unwrap(),
        c.dns()
            .zone_transfers()
            .peers()
            .list(ACCOUNT)
            .into_paginator()
            .all()
            .await
            .unwrap(),
    ] {
        let peer = &peers[0];
        assert_eq!(peer.name.as_deref(), Some("escaped"));
        assert_eq!(peer.port, Some(5353.into()));
        assert_eq!(peer.ip, None);
        assert_eq!(peer.extra["new"], json!({"a": [1]}));
        // A name only the repair gives a property is taken off again.
        assert_eq!(peer.extra["odd"], true);
        // The server's `null` is kept to be written back (`keep_nulls`); nothing else is.
        assert!(peer.extra["ip"].is_null() && peer.extra.contains_key("ip"));
        assert_eq!(peer.extra.len(), 3);
    }
}

/// A value of another JSON type (a bool as a string, an object where the document has a
/// list, a number as a list) fails neither the item, the page nor the call: the field reads
/// as absent and the raw value is in the item's `extra` under its own name, in every item
/// that has it; the item serialises back to what the server sent.
#[tokio::test]
async fn a_value_of_another_json_type_is_kept_raw_and_fails_nothing() {
    let server = MockServer::start().await;
    let mut odd = peer("p2");
    odd["ixfr_enable"] = json!("yes");
    odd["name"] = json!({"first": "peer", "second": 2});
    let mut odd2 = peer("p3");
    odd2["ixfr_enable"] = json!("no");
    let items = json!([peer("p1"), odd.clone(), odd2.clone()]);
    mount_json(
        &server,
        &peers_route(),
        &[],
        list_body(items.clone(), 1, 20, 3),
    )
    .await;
    let c = client(&format!("{}/client/v4", server.uri()));

    let result = c
        .api()
        .dns()
        .dns_zone_transfers_peers_list()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("a mistyped value does not fail the call");
    assert_eq!(result.len(), 3, "no item is dropped");
    assert_eq!(result[0].ixfr_enable, Some(false));
    assert!(
        result[0].extra.values().all(serde_json::Value::is_null),
        "nothing but the server's nulls"
    );
    assert_eq!(result[1].ixfr_enable, None);
    assert_eq!(result[1].extra["ixfr_enable"], "yes");
    assert_eq!(result[1].name, None);
    assert_eq!(result[1].extra["name"], odd["name"]);
    assert_eq!(result[2].extra["ixfr_enable"], "no");
    for (item, sent) in result.iter().zip(items.as_array().unwrap()) {
        assert_eq!(
            without_nulls(&serde_json::to_value(item).unwrap()),
            without_nulls(sent)
        );
    }

    // Through the pager: every item, the raw value kept.
    let peers = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .all()
        .await
        .unwrap();
    assert_eq!(peers.len(), 3);
    assert_eq!(peers[1].extra["ixfr_enable"], "yes");
    assert_eq!(peers[1].id.as_deref(), Some("p2"));
}

/// A DNS record reads through the same repair: an object where the document has a list is
/// kept raw in the record's `extra`, and everything else of the record is there (`meta` is
/// any JSON value, as the current reference says, so it reads as sent).
#[tokio::test]
async fn a_record_with_a_mistyped_field_keeps_it_in_its_extra() {
    let server = MockServer::start().await;
    let route = format!("/client/v4/zones/{ACCOUNT}/dns_records");
    let record = json!({
        "id": "r1", "type": "A", "name": "www.example.com", "content": "198.51.100.4",
        "ttl": 1, "proxied": false,
        "meta": {"auto_added": "sometimes", "source": ["primary"]}, "tags": {"not": "a list"}
    });
    mount_json(
        &server,
        &route,
        &[],
        list_body(json!([record.clone()]), 1, 100, 1),
    )
    .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let records = c
        .dns()
        .records()
        .list(ACCOUNT)
        .into_paginator()
        .all()
        .await
        .expect("decodes");
    assert_eq!(records.len(), 1);
    let DnsRecordResponse::A(a) = &records[0] else {
        panic!("{:?}", records[0])
    };
    assert_eq!(a.id.as_deref(), Some("r1"));
    assert_eq!(a.content.as_deref(), Some("198.51.100.4"));
    assert!(a.tags.is_none());
    assert_eq!(a.extra["tags"], record["tags"]);
    assert_eq!(
        a.meta
            .as_ref()
            .map(|m| serde_json::to_value(m).expect("JSON")),
        Some(record["meta"].clone())
    );
}

/// A `result` of another JSON type than the document's (a string, a list holding a number
/// among its objects) never fails a single request: `send_envelope()` keeps it raw in the
/// envelope's `extra`. The pager (a list's `send()`) never reads it as an empty page: it ends with an error naming the page,
/// the same in the typed and the raw list when `result` is not a list at all (a list with an
/// item of the wrong kind is still a list to the raw pager, which yields the server's JSON).
/// A `result_info` of the wrong kind is kept raw too.
#[tokio::test]
async fn a_result_of_another_type_is_kept_raw_and_ends_a_list_naming_the_page() {
    for body in [
        json!({"success": true, "errors": [], "messages": [], "result": "not a list"}),
        json!({"success": true, "errors": [], "messages": [], "result": [peer("p1"), 7]}),
    ] {
        let server = MockServer::start().await;
        mount_json(&server, &peers_route(), &[], body.clone()).await;
        let c = client(&format!("{}/client/v4", server.uri()));
        let list = c.dns().zone_transfers().peers().list(ACCOUNT);
        let page = list
            .clone()
            .send_envelope()
            .await
            .expect("a single call keeps it");
        assert!(page.result.is_none());
        assert_eq!(page.extra["result"], body["result"]);
        let typed = list.clone().send().await.expect_err("not a list");
        assert!(
            matches!(typed, Error::Pagination { .. }),
            "{body}: {typed:?}"
        );
        assert_eq!(
            typed.to_string(),
            "pagination stopped: page 1: its `result` is not a list (another JSON type than \
             the document's); the list ends here"
        );
        let raw =
            futures::TryStreamExt::try_collect::<Vec<_>>(list.into_paginator().raw().items()).await;
        match body["result"].as_array() {
            // The raw list is the server's JSON: a list with a number among its items is
            // still a list.
            Some(items) => assert_eq!(raw.expect("a list").len(), items.len()),
            // Not a list at all: the same error as the typed list.
            None => assert_eq!(raw.expect_err("not a list").to_string(), typed.to_string()),
        }
    }
    let server = MockServer::start().await;
    let body = json!({"success": true, "errors": [], "messages": [], "result": [peer("p1")],
                      "result_info": "page one"});
    mount_json(&server, &peers_route(), &[], body).await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let page = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .send_envelope()
        .await
        .expect("kept");
    assert_eq!(page.result.map(|r| r.len()), Some(1));
    assert_eq!(page.extra["result_info"], "page one");
}

/// A builder's `send()` answers with the envelope's `result`. A `result` left out, `null`, or
/// an empty value of another JSON type (`[]` where the document has an object) is the type's
/// empty value; a non-empty one of another JSON type cannot be the typed value: `send()`
/// fails with a decode error that says where it is kept (secrets in it redacted) and
/// `send_envelope()` returns it raw in `extra`.
#[tokio::test]
async fn send_answers_the_result_its_empty_value_or_says_where_the_raw_one_is() {
    let route = |id: &str| format!("/client/v4/accounts/{ACCOUNT}/secondary_dns/tsigs/{id}");
    let envelope =
        |result: Value| json!({"success": true, "errors": [], "messages": [], "result": result});
    let server = MockServer::start().await;
    let tsig = json!({"id": "t1", "name": "tsig.", "algo": "hmac-sha512.", "secret": "s3cr3t-ABC"});
    mount_json(&server, &route("t1"), &[], envelope(tsig.clone())).await;
    mount_json(&server, &route("null"), &[], envelope(Value::Null)).await;
    mount_json(
        &server,
        &route("absent"),
        &[],
        json!({"success": true, "errors": []}),
    )
    .await;
    mount_json(&server, &route("empty"), &[], envelope(json!([]))).await;
    let other = json!([{"id": "t2", "secret": "s3cr3t-XYZ"}]);
    mount_json(&server, &route("other"), &[], envelope(other.clone())).await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let tsigs = c.dns().zone_transfers().tsigs();

    let got = tsigs.get(ACCOUNT, "t1").await.expect("the result");
    assert_eq!(got.id.as_deref(), Some("t1"));
    for empty in ["null", "absent", "empty"] {
        let got = tsigs.get(ACCOUNT, empty).await.expect("the empty value");
        assert_eq!((got.id, got.extra.len()), (None, 0), "{empty}");
    }
    let err = tsigs.get(ACCOUNT, "other").await.expect_err("not a TSIG");
    assert!(
        matches!(
            err,
            Error::Decode {
                status: Some(200),
                ..
            }
        ),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains("send_envelope()"), "{text}");
    assert!(text.contains("t2") && !text.contains("s3cr3t"), "{text}");
    let whole = tsigs
        .get(ACCOUNT, "other")
        .send_envelope()
        .await
        .expect("the whole envelope keeps it");
    assert!(whole.result.is_none());
    assert_eq!(whole.extra["result"], other);
}
