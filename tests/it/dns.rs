//! DNS records and Zones (the second and third products) against a loopback server,
//! through the resource tree (`client.dns().records()`, `client.zones()`) and the generic
//! `Client::list`/`call` on generated requests.

use cloudflare_sdk::Error;
use cloudflare_sdk::api::dns::types::{
    DnsRecordResponse, DnsRecordsCreateBody, DnsRecordsCreateBodyTtl, DnsRecordsEditBody,
    DnsRecordsEditBodyTtl,
};
use futures::TryStreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::client;

const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn record(id: &str, kind: &str, name: &str, content: &str) -> Value {
    json!({
        "id": id, "type": kind, "name": name, "content": content, "proxiable": true,
        "proxied": false, "ttl": 3600, "locked": false, "zone_id": ZONE,
        "zone_name": "example.com", "created_on": "2014-01-01T05:20:00.12345Z",
        "modified_on": "2014-01-01T05:20:00.12345Z", "comment": null, "tags": [],
        "meta": {"auto_added": false, "source": "primary"}
    })
}

/// A page of DNS records as Cloudflare sends it: `result_info` without `total_pages`.
fn page(records: Vec<Value>, page: u64, per_page: u64, total_count: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "success": true, "errors": [], "messages": [],
        "result": records,
        "result_info": {"page": page, "per_page": per_page, "count": records.len(), "total_count": total_count}
    }))
}

/// Two pages, the filters on both, an unknown record type kept, and no third request: the
/// page count comes from `total_count` when `total_pages` is absent.
#[tokio::test]
async fn list_follows_two_pages_with_the_filters_on_both() {
    let server = MockServer::start().await;
    let p = format!("/client/v4/zones/{ZONE}/dns_records");
    for (n, records) in [
        (
            1,
            vec![
                record("a1", "A", "www.example.com", "198.51.100.4"),
                record("a2", "NEWKIND", "www.example.com", "mQINBFq..."),
            ],
        ),
        (
            2,
            vec![record("a3", "A", "www.example.com", "198.51.100.5")],
        ),
    ] {
        Mock::given(method("GET"))
            .and(path(p.as_str()))
            .and(query_param("page", n.to_string()))
            .and(query_param("per_page", "2"))
            .and(query_param("type", "A"))
            .and(query_param("name.exact", "www.example.com"))
            .and(query_param("proxied", "false"))
            .and(query_param("tag.exact", "team:dns"))
            .and(query_param("match", "any"))
            .and(query_param("order", "name"))
            .and(query_param("direction", "desc"))
            .respond_with(page(records, n, 2, 3))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&format!("{}/client/v4", server.uri()));
    let records = client
        .dns()
        .records()
        .list(ZONE)
        .type_("A")
        .name_exact("www.example.com")
        .proxied(false)
        .tag_exact("team:dns")
        .match_("any")
        .order("name")
        .direction("desc")
        .into_paginator()
        .per_page(2)
        .all()
        .await
        .expect("lists");
    // The fields every record type has are read without matching the type, a type this
    // version does not know (`Other`) included.
    let seen: Vec<_> = records
        .iter()
        .map(|r| (r.tag(), r.id(), r.name(), r.proxied()))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("A"), Some("a1"), Some("www.example.com"), Some(false)),
            (
                Some("NEWKIND"),
                Some("a2"),
                Some("www.example.com"),
                Some(false)
            ),
            (Some("A"), Some("a3"), Some("www.example.com"), Some(false)),
        ]
    );
    let DnsRecordResponse::A(a) = &records[0] else {
        panic!("{:?}", records[0]);
    };
    assert_eq!(a.content.as_deref(), Some("198.51.100.4"));
    assert_eq!(a.proxied, Some(false));
    assert_eq!(a.created_on.as_deref(), Some("2014-01-01T05:20:00.12345Z"));
}

/// Any generated list request, with its filters set, streams through the pager with no
/// wrapper; a record type the spec does not know is kept whole, not a failed page.
#[tokio::test]
async fn any_generated_list_streams_through_the_pager() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/client/v4/zones/{ZONE}/dns_records")))
        .and(query_param("type", "A"))
        .and(query_param("page", "1"))
        .respond_with(page(
            vec![
                record("a1", "A", "example.com", "198.51.100.4"),
                record("x1", "NEWKIND", "example.com", "mQINBFq..."),
            ],
            1,
            100,
            2,
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    let items: Vec<DnsRecordResponse> = client
        .api()
        .dns()
        .dns_records_list()
        .zone_id(ZONE)
        .type_("A")
        .into_paginator()
        .items()
        .try_collect()
        .await
        .expect("lists");
    assert_eq!(items.len(), 2);
    let DnsRecordResponse::A(a) = &items[0] else {
        panic!("{:?}", items[0]);
    };
    assert_eq!(a.content.as_deref(), Some("198.51.100.4"));
    let DnsRecordResponse::Other(raw) = &items[1] else {
        panic!("{:?}", items[1]);
    };
    assert_eq!(raw["content"], "mQINBFq...");
    assert_eq!(items[1].tag(), Some("NEWKIND"));
}

#[tokio::test]
async fn create_sends_exactly_the_fields_set_and_maps_an_error() {
    let server = MockServer::start().await;
    let p = format!("/client/v4/zones/{ZONE}/dns_records");
    Mock::given(method("POST"))
        .and(path(p.as_str()))
        .and(body_json(json!({
            "type": "A", "name": "www", "content": "198.51.100.4", "proxied": true, "ttl": 1
        })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": record("a1", "A", "www.example.com", "198.51.100.4")
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(p.as_str()))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "success": false, "result": null, "messages": [],
            "errors": [{"code": 81057, "message": "Record already exists."}]
        })))
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    let records = client.dns().records();
    let input = DnsRecordsCreateBody::A {
        name: "www".into(),
        content: Some("198.51.100.4".into()),
        proxied: Some(true),
        comment: None,
        private_routing: None,
        settings: None,
        tags: Vec::new(),
        ttl: DnsRecordsCreateBodyTtl::CloudflareSdkNumber(1.into()),
    };
    let created = records.create(ZONE).body(input.clone()).send().await;
    let created = created.expect("created");
    assert_eq!(created.id(), Some("a1"));
    let err = records.create(ZONE).body(input).send().await;
    let err = err.expect_err("exists");
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((api.status, api.code()), (400, Some(81057)));
    assert_eq!(api.errors[0].message, "Record already exists.");
}

/// A patch sends only what is set (and the variant's `type`): no `proxied: false` slips in
/// to unproxy a record.
#[tokio::test]
async fn patch_get_and_delete() {
    let server = MockServer::start().await;
    let p = format!("/client/v4/zones/{ZONE}/dns_records/a1");
    let one = ResponseTemplate::new(200).set_body_json(json!({
        "success": true, "errors": [], "messages": [],
        "result": record("a1", "A", "www.example.com", "198.51.100.4")
    }));
    Mock::given(method("PATCH"))
        .and(path(p.as_str()))
        .and(body_json(
            json!({"type": "A", "name": "www.example.com", "ttl": 1, "comment": "web"}),
        ))
        .respond_with(one.clone())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .respond_with(one)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(p.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": {"id": "a1"}})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    let records = client.dns().records();
    // The current API's edit takes a record's `name` and `ttl` with what changes.
    let changes = DnsRecordsEditBody::A {
        name: "www.example.com".into(),
        ttl: DnsRecordsEditBodyTtl::CloudflareSdkNumber(1.into()),
        comment: Some("web".into()),
        content: None,
        private_routing: None,
        proxied: None,
        settings: None,
        tags: Vec::new(),
    };
    let patched = records.edit(ZONE, "a1").body(changes).send().await;
    let patched = patched.expect("patched");
    assert_eq!(patched.id(), Some("a1"));
    let got = records.get(ZONE, "a1").send().await.expect("got");
    let DnsRecordResponse::A(a) = got else {
        panic!("not an A record")
    };
    assert_eq!(a.name.as_deref(), Some("www.example.com"));
    let deleted = records.delete(ZONE, "a1").send().await.expect("deleted");
    assert_eq!(deleted.id, Some("a1".into()));
}

/// A hostile or malformed zone id never reaches the server.
#[tokio::test]
async fn hostile_zone_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    let client = client(&format!("{}/client/v4", server.uri()));
    for zone in ["", "..", ".", "a\\b"] {
        let err = client.dns().records().list(zone).send().await;
        assert!(
            matches!(err, Err(Error::InvalidInput { .. })),
            "{zone:?}: {err:?}"
        );
        let err = client.dns().records().get(zone, "a1").send().await;
        assert!(
            matches!(err, Err(Error::InvalidInput { .. })),
            "{zone:?}: {err:?}"
        );
    }
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

#[tokio::test]
async fn zones_list_with_filters_and_get() {
    let server = MockServer::start().await;
    let zone = |id: &str, name: &str| {
        json!({"id": id, "name": name, "account": {"id": "acc", "name": "Acme"},
               "name_servers": ["bob.ns.cloudflare.com"], "status": "active", "type": "full",
               "paused": false, "permissions": ["#zone:read"], "verification_key": "284344499-1084221259",
               "plan": {"id": "0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "name": "Free Website", "price": 0,
                        "currency": "USD", "frequency": "", "is_subscribed": true}})
    };
    for (n, zones) in [
        (1, vec![zone("z1", "a.com"), zone("z2", "b.com")]),
        (2, vec![zone("z3", "c.com")]),
    ] {
        Mock::given(method("GET"))
            .and(path("/client/v4/zones"))
            .and(query_param("page", n.to_string()))
            .and(query_param("status", "active"))
            .and(query_param("account.id", "acc"))
            .and(query_param("order", "name"))
            .and(query_param("direction", "asc"))
            .and(query_param_is_missing("match"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "success": true, "errors": [], "messages": [], "result": zones,
                "result_info": {"page": n, "per_page": 2, "count": 2, "total_count": 3, "total_pages": 2}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("/client/v4/zones/{ZONE}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": zone(ZONE, "example.com")
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    let zones = client
        .zones()
        .list()
        .status("active")
        .account_id("acc")
        .order("name")
        .direction("asc")
        .into_paginator()
        .all()
        .await
        .expect("lists");
    let names: Vec<_> = zones.iter().map(|z| z.name.as_deref()).collect();
    assert_eq!(names, [Some("a.com"), Some("b.com"), Some("c.com")]);
    let account = zones[0].account.as_ref().expect("an account");
    assert_eq!(
        (account.id.as_deref(), account.name.as_deref()),
        (Some("acc"), Some("Acme"))
    );
    let zone = client.zones().get(ZONE).send().await.expect("got");
    assert_eq!(
        (zone.id.as_deref(), zone.name.as_deref()),
        (Some(ZONE), Some("example.com"))
    );
    // The fields the 2024 document lacks, added as patch data from the current reference.
    assert_eq!(
        zone.status.map(|s| s.to_string()).as_deref(),
        Some("active")
    );
    assert_eq!(zone.paused, Some(false));
    assert_eq!(
        zone.permissions.as_deref(),
        Some(&["#zone:read".to_owned()][..])
    );
    assert_eq!(
        zone.verification_key.as_deref(),
        Some("284344499-1084221259")
    );
    assert_eq!(
        zone.plan.and_then(|p| p.name).as_deref(),
        Some("Free Website")
    );
}

/// Generic calls: a single-object operation's `result`, and a whole response.
#[tokio::test]
async fn any_generated_single_object_operation() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/client/v4/zones/{ZONE}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [{"code": 1, "message": "hi"}],
            "result": {"id": ZONE, "name": "example.com"}
        })))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    let zone = client
        .api()
        .zones()
        .zones_get()
        .zone_id(ZONE)
        .send()
        .await
        .expect("got");
    assert_eq!(zone.name.as_deref(), Some("example.com"));
    let whole = client
        .api()
        .zones()
        .zones_get()
        .zone_id(ZONE)
        .send_envelope()
        .await
        .expect("got");
    assert_eq!(whole.success, Some(true));
    assert_eq!(whole.messages.map(|m| m.len()), Some(1));
}

/// Endpoints the 2024 document lacks, added as patch data (`openapi/patches/dns.json-patch.json`,
/// sources in `openapi/PROVENANCE.md`): Batch DNS Records through the one request loop, body
/// byte for byte, a 503 retried, the typed result.
#[tokio::test]
async fn batch_dns_records_added_by_patch_data() {
    use cloudflare_sdk::api::dns::types::DnsRecordsBatchBody;
    let server = MockServer::start().await;
    let p = format!("/client/v4/zones/{ZONE}/dns_records/batch");
    let body = json!({
        "deletes": [{"id": "023e105f4ecef8ad9ca31a8372d0c353"}],
        "patches": [{"id": "a7362d577a6c3019a474fd6f485823aa", "proxied": true}],
        // Nothing is filled in: no `proxied: false` the caller did not set.
        "posts": [{"type": "A", "name": "api.example.com", "content": "198.51.100.7", "ttl": 1}],
    });
    Mock::given(method("POST"))
        .and(path(p.as_str()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(p.as_str()))
        .and(body_json(&body))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": {
                "deletes": [record("023e105f4ecef8ad9ca31a8372d0c353", "A", "old.example.com", "198.51.100.1")],
                "patches": [record("a7362d577a6c3019a474fd6f485823aa", "A", "www.example.com", "198.51.100.4")],
                "posts": [record("b1", "A", "api.example.com", "198.51.100.7")],
                "puts": [],
            }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    let request: DnsRecordsBatchBody = serde_json::from_value(body.clone()).expect("a batch");
    let result = client
        .api()
        .dns()
        .dns_records_batch()
        .zone_id(ZONE)
        .body(request)
        .send()
        .await
        .expect("the batch is applied");
    let id = |r: &DnsRecordResponse| serde_json::to_value(r).expect("json")["id"].clone();
    assert_eq!(
        result.deletes.iter().flatten().map(id).collect::<Vec<_>>(),
        [json!("023e105f4ecef8ad9ca31a8372d0c353")]
    );
    assert_eq!(
        result.posts.iter().flatten().map(id).collect::<Vec<_>>(),
        [json!("b1")]
    );
    assert_eq!(result.puts.map(|p| p.len()), Some(0));
}

/// List Scanned DNS Records and Review Scanned DNS Records (patch data too): the list's
/// records decode (an unknown type kept), the review sends its body and reads its result;
/// a `success: false` answer is the one error type.
#[tokio::test]
async fn dns_records_scan_review_added_by_patch_data() {
    use cloudflare_sdk::api::dns::types::DnsRecordsScanReviewBody;
    let server = MockServer::start().await;
    let p = format!("/client/v4/zones/{ZONE}/dns_records/scan/review");
    Mock::given(method("GET"))
        .and(path(p.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": [
                record("s1", "A", "mail.example.com", "198.51.100.9"),
                record("s2", "NEWKIND", "example.com", "mQINBFq..."),
            ]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let review = json!({"accepts": [{"type": "A", "name": "mail.example.com", "content": "198.51.100.9", "ttl": 1}],
                        "rejects": [{"id": "s2"}]});
    Mock::given(method("POST"))
        .and(path(p.as_str()))
        .and(body_json(&review))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": {"accepts": [record("s1", "A", "mail.example.com", "198.51.100.9")], "rejects": ["s2"]}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    let found = client
        .api()
        .dns()
        .dns_records_scan_list()
        .zone_id(ZONE)
        .send()
        .await
        .expect("lists the scan");
    assert_eq!(found.len(), 2);
    let request: DnsRecordsScanReviewBody = serde_json::from_value(review).expect("a review");
    let reviewed = client
        .api()
        .dns()
        .dns_records_scan_review()
        .zone_id(ZONE)
        .body(request.clone())
        .send()
        .await
        .expect("reviewed");
    assert_eq!(reviewed.accepts.map(|a| a.len()), Some(1));
    assert_eq!(
        reviewed
            .rejects
            .iter()
            .flatten()
            .map(|id| id.as_str())
            .collect::<Vec<_>>(),
        ["s2"]
    );

    // `success: false` in a 200 is an API error, not an empty result.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path(p.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": false, "errors": [{"code": 81044, "message": "no scan results"}],
            "messages": [], "result": null
        })))
        .mount(&server)
        .await;
    let err = client
        .api()
        .dns()
        .dns_records_scan_review()
        .zone_id(ZONE)
        .body(request)
        .send()
        .await
        .expect_err("success: false");
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert!(err.to_string().contains("81044"), "{err}");
}

/// A value the document does not list for an enum decodes into the enum's `Other`, kept as
/// sent: it prints and serialises back unchanged, and a known value is its variant (every
/// generated string enum is open).
#[tokio::test]
async fn an_unknown_enum_value_is_kept_not_a_failed_call() {
    use cloudflare_sdk::api::dns::types::DnsDnssecDnssecDnssecStatus;
    let server = MockServer::start().await;
    let result = json!({"status": "pending-rollover", "algorithm": "13", "flags": 257});
    Mock::given(method("GET"))
        .and(path(format!("/client/v4/zones/{ZONE}/dnssec")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": result
        })))
        .expect(1)
        .mount(&server)
        .await;
    // The 2024 document declares only email + key for DNSSEC.
    let client = crate::support::key_client(&format!("{}/client/v4", server.uri()));
    let dnssec = client
        .api()
        .dns()
        .dns_dnssec_get()
        .zone_id(ZONE)
        .send()
        .await
        .expect("decodes");
    let status = dnssec.status.clone().expect("status");
    assert_eq!(
        status,
        DnsDnssecDnssecDnssecStatus::Other("pending-rollover".into())
    );
    assert_eq!(
        (status.as_str(), status.to_string().as_str()),
        ("pending-rollover", "pending-rollover")
    );
    assert_eq!(serde_json::to_value(&dnssec).expect("encodes"), result);
    // Known values are their variants, and parse from their wire spelling.
    let known: DnsDnssecDnssecDnssecStatus =
        serde_json::from_value(json!("pending-disabled")).expect("known");
    assert_eq!(known, DnsDnssecDnssecDnssecStatus::PendingDisabled);
    assert_eq!(
        "active"
            .parse::<DnsDnssecDnssecDnssecStatus>()
            .expect("parses"),
        DnsDnssecDnssecDnssecStatus::Active
    );
    assert_eq!(
        serde_json::to_value(DnsDnssecDnssecDnssecStatus::Active).expect("encodes"),
        json!("active")
    );
}

/// `null` where the document has a map or a list (Cloudflare sends them) reads as empty:
/// it fails neither the call nor the fields beside it.
#[tokio::test]
async fn null_where_a_map_or_list_is_expected_reads_as_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/client/v4/zones/{ZONE}/dns_analytics/report")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [],
            "result": {"max": null, "min": null, "totals": {"queryCount": 5}, "rows": 1, "data": null}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = crate::support::key_client(&format!("{}/client/v4", server.uri()));
    let report = client
        .api()
        .dns()
        .dns_analytics_reports_get()
        .zone_id(ZONE)
        .send()
        .await
        .expect("decodes");
    assert_eq!((report.max, report.min), (None, None));
    assert_eq!(
        report.totals.as_ref().and_then(|t| t.get("queryCount")),
        Some(&json!(5))
    );
    assert_eq!(report.rows.map(|r| r.to_string()), Some("1".to_owned()));
}
