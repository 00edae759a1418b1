//! Secondary DNS through the resource tree (`client.dns().zone_transfers()…`), against the
//! fake and wiremock: every request as its template says, every response decoded, the one
//! error type, secrets kept out of `Debug`.

use cloudflare_fake::FakeCloudflare;
use cloudflare_sdk::Error;
use cloudflare_sdk::api::dns::types::{
    DnsZoneTransfersPeersUpdateBody, DnsZoneTransfersTsigsCreateBody,
};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCOUNT, TOKEN, client};

const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const TSIG_SECRET: &str = "caf79a7804b04337c9c66ccd7bef9190a1e1679b5dd03d8aa10f7ad45e1a9dab92b417896c15d4d007c7c14194538d2a5d0feffdecc5a7f0e1c570cfa700837c";

fn ok(result: Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(json!({"success": true, "errors": [], "messages": [], "result": result}))
}

async fn expect(
    server: &MockServer,
    verb: &str,
    p: &str,
    body: Option<Value>,
    response: ResponseTemplate,
) {
    let mut mock = Mock::given(method(verb)).and(path(format!("/client/v4{p}")));
    if let Some(b) = body {
        mock = mock.and(body_json(b));
    }
    mock.respond_with(response).expect(1).mount(server).await;
}

#[tokio::test]
async fn peers_crud_against_the_fake() {
    let fake = FakeCloudflare::builder()
        .api_token(TOKEN)
        .seed_peers(ACCOUNT, 3)
        .start()
        .await
        .expect("fake");
    let client = client(&fake.base_url());
    let peers = client.dns().zone_transfers().peers();

    let created = peers
        .create(ACCOUNT)
        .name("my-peer-1")
        .await
        .expect("created");
    assert_eq!(created.name.as_deref(), Some("my-peer-1"));
    let id = created.id.clone().expect("an id");
    assert_eq!(id.len(), 32);

    let update = DnsZoneTransfersPeersUpdateBody {
        name: "my-peer-1".into(),
        ip: Some("192.0.2.53".into()),
        port: Some(53.into()),
        ixfr_enable: Some(false),
        tsig_id: None,
    };
    let updated = peers
        .update(ACCOUNT, &id)
        .body(update)
        .send()
        .await
        .expect("updated");
    assert_eq!(
        (
            updated.ip.as_deref(),
            updated.port.as_ref().and_then(|p| p.to::<u16>())
        ),
        (Some("192.0.2.53"), Some(53))
    );

    let fetched = peers.get(ACCOUNT, &id).send().await.expect("fetched");
    assert_eq!(fetched, updated);
    let all = peers.list(ACCOUNT).into_paginator().all().await;
    assert_eq!(all.expect("listed").len(), 4);

    let deleted = peers.delete(ACCOUNT, &id).send().await.expect("deleted");
    assert_eq!(deleted.id, Some(id.clone()));
    let err = peers.get(ACCOUNT, &id).send().await.expect_err("gone");
    assert!(
        matches!(&err, Error::NotFound(a) if a.code() == Some(1003)),
        "{err:?}"
    );
    let all = peers.list(ACCOUNT).into_paginator().all().await;
    assert_eq!(all.expect("listed").len(), 3);
}

#[tokio::test]
async fn tsigs_crud_and_list_keep_the_secret_out_of_debug() {
    let server = MockServer::start().await;
    let tsig = json!({"id": "69cd1e104af3e6ed3cb344f263fd0d5a", "name": "tsig.customer.cf.", "algo": "hmac-sha512.", "secret": TSIG_SECRET});
    let base = format!("/accounts/{ACCOUNT}/secondary_dns/tsigs");
    let one = format!("{base}/69cd1e104af3e6ed3cb344f263fd0d5a");
    let body = json!({"name": "tsig.customer.cf.", "algo": "hmac-sha512.", "secret": TSIG_SECRET});
    expect(&server, "POST", &base, Some(body.clone()), ok(tsig.clone())).await;
    expect(&server, "GET", &one, None, ok(tsig.clone())).await;
    expect(&server, "PUT", &one, Some(body), ok(tsig.clone())).await;
    expect(
        &server,
        "DELETE",
        &one,
        None,
        ok(json!({"id": "69cd1e104af3e6ed3cb344f263fd0d5a"})),
    )
    .await;
    for page in [1, 2] {
        Mock::given(method("GET"))
            .and(path(format!("/client/v4{base}")))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "success": true, "errors": [], "messages": [],
                "result": [{"id": format!("t{page}"), "name": format!("k{page}."), "algo": "hmac-sha256.", "secret": TSIG_SECRET}],
                "result_info": {"page": page, "per_page": 1, "count": 1, "total_count": 2, "total_pages": 2}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }

    let client = client(&format!("{}/client/v4", server.uri()));
    let tsigs = client.dns().zone_transfers().tsigs();
    let input = || DnsZoneTransfersTsigsCreateBody {
        name: "tsig.customer.cf.".into(),
        algo: "hmac-sha512.".into(),
        secret: TSIG_SECRET.into(),
    };
    let created = tsigs.create(ACCOUNT).body(input()).send().await;
    let created = created.expect("created");
    assert_eq!(created.secret.as_deref(), Some(TSIG_SECRET));
    for shown in [format!("{created:?}"), format!("{:?}", input())] {
        assert!(
            !shown.contains(TSIG_SECRET),
            "TSIG secret in Debug: {shown}"
        );
        assert!(shown.contains("<redacted>"), "{shown}");
    }
    let id = created.id.expect("an id");
    let got = tsigs.get(ACCOUNT, &id).send().await.expect("get");
    assert_eq!(got.algo.as_deref(), Some("hmac-sha512."));
    tsigs
        .update(ACCOUNT, &id)
        .body_map(|b| {
            b.name("tsig.customer.cf.")
                .algo("hmac-sha512.")
                .secret(TSIG_SECRET)
        })
        .send()
        .await
        .expect("update");
    let deleted = tsigs.delete(ACCOUNT, &id).send().await.expect("delete");
    assert_eq!(deleted.id, Some(id));
    let listed = tsigs.list(ACCOUNT).into_paginator().all().await;
    let ids: Vec<_> = listed.expect("list").into_iter().map(|t| t.id).collect();
    assert_eq!(ids, [Some("t1".to_owned()), Some("t2".to_owned())]);
}

#[tokio::test]
async fn acls_create_and_list() {
    let server = MockServer::start().await;
    let acl = json!({"id": "23ff594956f20c2a721606e94745a8aa", "name": "my-acl-1", "ip_range": "192.0.2.53/28"});
    let base = format!("/accounts/{ACCOUNT}/secondary_dns/acls");
    expect(
        &server,
        "POST",
        &base,
        Some(json!({"name": "my-acl-1", "ip_range": "192.0.2.53/28"})),
        ok(acl.clone()),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("/client/v4{base}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": [acl],
            "result_info": {"page": 1, "per_page": 20, "count": 1, "total_count": 1, "total_pages": 1}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let client = client(&format!("{}/client/v4", server.uri()));
    let acls = client.dns().zone_transfers().acls();
    let created = acls
        .create(ACCOUNT)
        .name("my-acl-1")
        .ip_range("192.0.2.53/28")
        .await
        .expect("created");
    assert_eq!(created.ip_range.as_deref(), Some("192.0.2.53/28"));
    let listed = acls.list(ACCOUNT).await;
    assert_eq!(listed.expect("list"), vec![created]);
}

#[tokio::test]
async fn zone_transfers_incoming_and_outgoing() {
    let server = MockServer::start().await;
    let incoming = json!({
        "id": "269d8f4853475ca241c4e730be286b20", "name": "www.example.com.", "auto_refresh_seconds": 86400,
        "peers": ["23ff594956f20c2a721606e94745a8aa", "00920f38ce07c2e2f4df50b1f61d4194"], "soa_serial": 2019102400
    });
    let base = format!("/zones/{ZONE}/secondary_dns");
    expect(
        &server,
        "GET",
        &format!("{base}/incoming"),
        None,
        ok(incoming.clone()),
    )
    .await;
    expect(
        &server,
        "POST",
        &format!("{base}/incoming"),
        Some(json!({"name": "www.example.com.", "peers": ["23ff594956f20c2a721606e94745a8aa"], "auto_refresh_seconds": 86400})),
        ok(incoming.clone()),
    )
    .await;
    for action in ["enable", "disable", "force_notify"] {
        expect(
            &server,
            "POST",
            &format!("{base}/outgoing/{action}"),
            None,
            ok(json!("Enabled")),
        )
        .await;
    }
    expect(
        &server,
        "GET",
        &format!("{base}/outgoing/status"),
        None,
        ok(json!("Enabled")),
    )
    .await;

    let client = client(&format!("{}/client/v4", server.uri()));
    let transfers = client.dns().zone_transfers();
    let got = transfers.incoming().get(ZONE).send().await.expect("get");
    assert_eq!(
        got.auto_refresh_seconds.and_then(|n| n.to::<u64>()),
        Some(86400)
    );
    assert_eq!(got.peers.as_ref().map(|p| p.len()), Some(2));
    transfers
        .incoming()
        .create(ZONE)
        .body_map(|b| {
            b.name("www.example.com.")
                .peers(vec!["23ff594956f20c2a721606e94745a8aa".to_owned()])
                .auto_refresh_seconds(86400_i64)
        })
        .send()
        .await
        .expect("create");
    let outgoing = transfers.outgoing();
    outgoing.enable(ZONE).send().await.expect("enable");
    outgoing.disable(ZONE).send().await.expect("disable");
    outgoing.force_notify(ZONE).send().await.expect("notify");
    let status = outgoing.status().get(ZONE).send().await.expect("status");
    assert_eq!(status, "Enabled");
}

#[tokio::test]
async fn errors_and_hostile_ids_through_the_tree() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).insert_header("cf-ray", "abc-SJC").set_body_json(json!({
            "success": false, "errors": [{"code": 1003, "message": "Not found"}], "messages": [], "result": null
        })))
        .mount(&server)
        .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let transfers = c.dns().zone_transfers();
    let err = transfers.outgoing().status().get(ZONE).send().await;
    let err = err.expect_err("404");
    assert!(
        matches!(&err, Error::NotFound(a) if a.ray_id.as_deref() == Some("abc-SJC")),
        "{err:?}"
    );
    for bad in ["", "..", "a\\b"] {
        let err = transfers.force_axfr().create(bad).send().await;
        assert!(
            matches!(err, Err(Error::InvalidInput { .. })),
            "{bad:?}: {err:?}"
        );
        let err = transfers.tsigs().get(ACCOUNT, bad).send().await;
        let err = err.expect_err("invalid");
        assert!(
            matches!(err, Error::InvalidInput { .. }),
            "{bad:?}: {err:?}"
        );
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), 1);
}
