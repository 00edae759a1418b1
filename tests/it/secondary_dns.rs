//! The rest of Secondary DNS: every wrapper against a loopback server.

use cloudflare_fake::FakeCloudflare;
use cloudflare_sdk::secondary_dns::{
    IncomingZoneInput, OutgoingZoneInput, Peer, Side, TsigInput, Write, ZoneCommand,
};
use cloudflare_sdk::{Error, Secret};
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
    let peers = client(&fake.base_url()).secondary_dns().peers();

    let created = peers.create(ACCOUNT, "my-peer-1").await.expect("created");
    assert_eq!(created.name, "my-peer-1");
    assert_eq!(created.id.len(), 32);

    let update = Peer {
        name: "my-peer-1".into(),
        ip: Some("192.0.2.53".into()),
        port: Some(53),
        ixfr_enable: Some(false),
        ..Peer::default()
    };
    let updated = peers
        .update(ACCOUNT, &created.id, &update)
        .await
        .expect("updated");
    assert_eq!(
        (updated.ip.as_deref(), updated.port),
        (Some("192.0.2.53"), Some(53))
    );

    let fetched = peers.get(ACCOUNT, &created.id).await.expect("fetched");
    assert_eq!(fetched, updated);
    assert_eq!(peers.list(ACCOUNT).all().await.expect("listed").len(), 4);

    assert_eq!(
        peers.delete(ACCOUNT, &created.id).await.expect("deleted"),
        created.id
    );
    let err = peers.get(ACCOUNT, &created.id).await.expect_err("gone");
    assert!(
        matches!(&err, Error::NotFound(a) if a.code() == Some(1003)),
        "{err:?}"
    );
    assert_eq!(peers.list(ACCOUNT).all().await.expect("listed").len(), 3);
}

#[tokio::test]
async fn tsigs_list_and_crud_keep_the_secret_secret() {
    let server = MockServer::start().await;
    let tsig = json!({"id": "69cd1e104af3e6ed3cb344f263fd0d5a", "name": "tsig.customer.cf.", "algo": "hmac-sha512.", "secret": TSIG_SECRET});
    let base = format!("/accounts/{ACCOUNT}/secondary_dns/tsigs");
    let input = || TsigInput {
        name: "tsig.customer.cf.".into(),
        algo: "hmac-sha512.".into(),
        secret: Secret::new(TSIG_SECRET),
    };
    let body = json!({"name": "tsig.customer.cf.", "algo": "hmac-sha512.", "secret": TSIG_SECRET});
    expect(&server, "POST", &base, Some(body.clone()), ok(tsig.clone())).await;
    expect(
        &server,
        "GET",
        &format!("{base}/69cd1e104af3e6ed3cb344f263fd0d5a"),
        None,
        ok(tsig.clone()),
    )
    .await;
    expect(
        &server,
        "PUT",
        &format!("{base}/69cd1e104af3e6ed3cb344f263fd0d5a"),
        Some(body),
        ok(tsig.clone()),
    )
    .await;
    expect(
        &server,
        "DELETE",
        &format!("{base}/69cd1e104af3e6ed3cb344f263fd0d5a"),
        Some(json!({})),
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

    let tsigs = client(&format!("{}/client/v4", server.uri()))
        .secondary_dns()
        .tsigs();
    let created = tsigs.create(ACCOUNT, input()).await.expect("created");
    assert_eq!(
        created.secret.as_ref().map(Secret::expose),
        Some(TSIG_SECRET)
    );
    assert!(
        !format!("{created:?}").contains(TSIG_SECRET),
        "TSIG secret in Debug"
    );
    assert!(
        !format!("{:?}", input()).contains(TSIG_SECRET),
        "TSIG secret in Debug"
    );
    assert_eq!(
        tsigs.get(ACCOUNT, &created.id).await.expect("get").algo,
        "hmac-sha512."
    );
    tsigs
        .update(ACCOUNT, &created.id, input())
        .await
        .expect("update");
    assert_eq!(
        tsigs.delete(ACCOUNT, &created.id).await.expect("delete"),
        created.id
    );
    let listed = tsigs.list(ACCOUNT).all().await.expect("list");
    assert_eq!(
        listed.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["t1", "t2"]
    );
}

#[tokio::test]
async fn acls_list_and_crud() {
    let server = MockServer::start().await;
    let acl = json!({"id": "23ff594956f20c2a721606e94745a8aa", "name": "my-acl-1", "ip_range": "192.0.2.53/28"});
    let base = format!("/accounts/{ACCOUNT}/secondary_dns/acls");
    let one = format!("{base}/23ff594956f20c2a721606e94745a8aa");
    expect(
        &server,
        "POST",
        &base,
        Some(json!({"name": "my-acl-1", "ip_range": "192.0.2.53/28"})),
        ok(acl.clone()),
    )
    .await;
    expect(&server, "GET", &one, None, ok(acl.clone())).await;
    expect(
        &server,
        "PUT",
        &one,
        Some(json!({"name": "my-acl-2", "ip_range": "198.51.100.0/24"})),
        ok(acl.clone()),
    )
    .await;
    expect(
        &server,
        "DELETE",
        &one,
        Some(json!({})),
        ok(json!({"id": "23ff594956f20c2a721606e94745a8aa"})),
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

    let acls = client(&format!("{}/client/v4", server.uri()))
        .secondary_dns()
        .acls();
    let created = acls
        .create(ACCOUNT, "my-acl-1", "192.0.2.53/28")
        .await
        .expect("created");
    assert_eq!(created.ip_range, "192.0.2.53/28");
    assert_eq!(acls.get(ACCOUNT, &created.id).await.expect("get"), created);
    acls.update(ACCOUNT, &created.id, "my-acl-2", "198.51.100.0/24")
        .await
        .expect("update");
    assert_eq!(
        acls.delete(ACCOUNT, &created.id).await.expect("delete"),
        created.id
    );
    assert_eq!(acls.list(ACCOUNT).all().await.expect("list"), vec![created]);
}

#[tokio::test]
async fn zone_incoming_configuration_and_force_axfr() {
    let server = MockServer::start().await;
    let incoming = json!({
        "id": "269d8f4853475ca241c4e730be286b20", "name": "www.example.com.", "auto_refresh_seconds": 86400,
        "checked_time": "2019-10-24T17:09:42.883908+01:00", "created_time": "2019-10-24T17:09:42.883908+01:00",
        "modified_time": "2019-10-24T17:09:42.883908+01:00",
        "peers": ["23ff594956f20c2a721606e94745a8aa", "00920f38ce07c2e2f4df50b1f61d4194"], "soa_serial": 2019102400
    });
    let base = format!("/zones/{ZONE}/secondary_dns");
    let body = json!({"name": "www.example.com.", "peers": ["23ff594956f20c2a721606e94745a8aa"], "auto_refresh_seconds": 86400});
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
        Some(body.clone()),
        ok(incoming.clone()),
    )
    .await;
    expect(
        &server,
        "PUT",
        &format!("{base}/incoming"),
        Some(body),
        ok(incoming.clone()),
    )
    .await;
    expect(
        &server,
        "DELETE",
        &format!("{base}/incoming"),
        Some(json!({})),
        ok(json!({"id": "269d8f4853475ca241c4e730be286b20"})),
    )
    .await;
    expect(
        &server,
        "POST",
        &format!("{base}/force_axfr"),
        Some(json!({})),
        ok(json!("OK")),
    )
    .await;

    let zone = client(&format!("{}/client/v4", server.uri()))
        .secondary_dns()
        .zone(ZONE);
    let got = zone.incoming().await.expect("get");
    assert_eq!(got.auto_refresh_seconds, Some(86400));
    assert_eq!(got.soa_serial, Some(2019102400));
    assert_eq!(got.peers.len(), 2);
    let input = || IncomingZoneInput {
        name: "www.example.com.".into(),
        peers: vec!["23ff594956f20c2a721606e94745a8aa".into()],
        auto_refresh_seconds: 86400,
    };
    assert_eq!(
        zone.write_incoming(input(), Write::Create)
            .await
            .expect("create"),
        got
    );
    zone.write_incoming(input(), Write::Replace)
        .await
        .expect("update");
    assert_eq!(
        zone.delete(Side::Incoming).await.expect("delete"),
        "269d8f4853475ca241c4e730be286b20"
    );
    assert_eq!(zone.run(ZoneCommand::ForceAxfr).await.expect("axfr"), "OK");
}

#[tokio::test]
async fn zone_outgoing_configuration_notify_enable_disable_status() {
    let server = MockServer::start().await;
    let outgoing = json!({
        "id": "269d8f4853475ca241c4e730be286b20", "name": "www.example.com.",
        "checked_time": "2019-10-24T17:09:42.883908+01:00", "created_time": "2019-10-24T17:09:42.883908+01:00",
        "last_transferred_time": "2019-10-24T17:09:42.883908+01:00",
        "peers": ["23ff594956f20c2a721606e94745a8aa"], "soa_serial": 2019102400
    });
    let base = format!("/zones/{ZONE}/secondary_dns/outgoing");
    let body = json!({"name": "www.example.com.", "peers": ["23ff594956f20c2a721606e94745a8aa"]});
    expect(&server, "GET", &base, None, ok(outgoing.clone())).await;
    expect(
        &server,
        "POST",
        &base,
        Some(body.clone()),
        ok(outgoing.clone()),
    )
    .await;
    expect(&server, "PUT", &base, Some(body), ok(outgoing.clone())).await;
    expect(
        &server,
        "DELETE",
        &base,
        Some(json!({})),
        ok(json!({"id": "269d8f4853475ca241c4e730be286b20"})),
    )
    .await;
    expect(
        &server,
        "POST",
        &format!("{base}/enable"),
        Some(json!({})),
        ok(json!("Enabled")),
    )
    .await;
    expect(
        &server,
        "POST",
        &format!("{base}/disable"),
        Some(json!({})),
        ok(json!("Disabled")),
    )
    .await;
    expect(
        &server,
        "POST",
        &format!("{base}/force_notify"),
        Some(json!({})),
        ok(json!("OK")),
    )
    .await;
    expect(
        &server,
        "GET",
        &format!("{base}/status"),
        None,
        ok(json!("Enabled")),
    )
    .await;

    let zone = client(&format!("{}/client/v4", server.uri()))
        .secondary_dns()
        .zone(ZONE);
    let got = zone.outgoing().await.expect("get");
    assert_eq!(
        got.last_transferred_time.as_deref(),
        Some("2019-10-24T17:09:42.883908+01:00")
    );
    let input = || OutgoingZoneInput {
        name: "www.example.com.".into(),
        peers: vec!["23ff594956f20c2a721606e94745a8aa".into()],
    };
    assert_eq!(
        zone.write_outgoing(input(), Write::Create)
            .await
            .expect("create"),
        got
    );
    zone.write_outgoing(input(), Write::Replace)
        .await
        .expect("update");
    assert_eq!(
        zone.delete(Side::Outgoing).await.expect("delete"),
        "269d8f4853475ca241c4e730be286b20"
    );
    assert_eq!(
        zone.run(ZoneCommand::EnableOutgoing).await.expect("enable"),
        "Enabled"
    );
    assert_eq!(
        zone.run(ZoneCommand::DisableOutgoing)
            .await
            .expect("disable"),
        "Disabled"
    );
    assert_eq!(
        zone.run(ZoneCommand::ForceNotify).await.expect("notify"),
        "OK"
    );
    assert_eq!(
        zone.run(ZoneCommand::OutgoingStatus).await.expect("status"),
        "Enabled"
    );
}

#[tokio::test]
async fn single_calls_share_the_error_mapping_and_input_checks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).insert_header("cf-ray", "abc-SJC").set_body_json(json!({
            "success": false, "errors": [{"code": 1003, "message": "Not found"}], "messages": [], "result": null
        })))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok(Value::Null))
        .mount(&server)
        .await;
    let c = client(&format!("{}/client/v4", server.uri()));
    let err = c
        .secondary_dns()
        .zone(ZONE)
        .run(ZoneCommand::OutgoingStatus)
        .await
        .expect_err("404");
    assert!(
        matches!(&err, Error::NotFound(a) if a.ray_id.as_deref() == Some("abc-SJC")),
        "{err:?}"
    );
    let err = c
        .secondary_dns()
        .zone(ZONE)
        .run(ZoneCommand::ForceAxfr)
        .await
        .expect_err("no result");
    assert!(
        matches!(&err, Error::Decode { .. }) && err.to_string().contains("no `result`"),
        "{err}"
    );
    for bad in ["", "..", "a\\b"] {
        let err = c
            .secondary_dns()
            .zone(bad)
            .run(ZoneCommand::ForceAxfr)
            .await
            .expect_err("invalid");
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        let err = c
            .secondary_dns()
            .tsigs()
            .get(ACCOUNT, bad)
            .await
            .expect_err("invalid");
        assert!(err.to_string().contains("tsig_id"), "{err}");
    }
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}
