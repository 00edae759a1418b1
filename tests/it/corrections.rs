//! The 2024 document corrected by patch data (`openapi/patches/*.json-patch.json`, each
//! correction cited in `openapi/PROVENANCE.md`) and by the `titles-collide` rule: each
//! response below is shaped as Cloudflare's current API reference says, served on loopback,
//! and its corrected fields read as typed fields (not only as raw JSON in `extra`).

use cloudflare_sdk::api::dns::types::DnsRecordsDnsRecord;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCOUNT, client, key_client, list_body, mount_json};

const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn ok(result: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

async fn server() -> (MockServer, cloudflare_sdk::Client) {
    let server = MockServer::start().await;
    let c = client(&format!("{}/client/v4", server.uri()));
    (server, c)
}

/// Account members and roles: a role's `permissions` is an object keyed by permission name
/// (the 2024 document says a list of strings, which failed every member list).
#[tokio::test]
async fn account_roles_permissions_are_a_map() {
    let (server, c) = server().await;
    let role = json!({"id": "3536bcfad5faccb999b47003c79917fb", "name": "Account Administrator",
        "description": "Administrative access to the entire Account",
        "permissions": {"analytics": {"read": true, "write": true},
                        "dns_records": {"read": true, "write": false},
                        "workers_newer_than_2024": {"read": true, "write": true}}});
    let member = json!({"id": "4536bcfad5faccb111b47003c79917fa", "email": "user@example.com",
        "status": "accepted", "roles": [role.clone()],
        "user": {"id": "7c5dae5552338874e5053f2534d2767a", "email": "user@example.com",
                 "first_name": "John", "last_name": "Appleseed",
                 "two_factor_authentication_enabled": false}});
    let members = format!("/client/v4/accounts/{ACCOUNT}/members");
    mount_json(&server, &members, &[], list_body(json!([member]), 1, 20, 1)).await;
    let roles = format!("/client/v4/accounts/{ACCOUNT}/roles");
    mount_json(&server, &roles, &[], list_body(json!([role]), 1, 20, 1)).await;

    let got = c
        .list(|api| {
            api.accounts()
                .account_members_list_members()
                .account_id(ACCOUNT)
        })
        .all()
        .await
        .expect("the member list decodes");
    assert_eq!(got[0].email.as_deref(), Some("user@example.com"));
    let perms = &got[0].roles.as_ref().expect("roles")[0].permissions;
    assert_eq!(perms["dns_records"].write, Some(false));
    assert_eq!(perms["workers_newer_than_2024"].read, Some(true));

    let got = c
        .list(|api| {
            api.accounts()
                .account_roles_list_roles()
                .account_id(ACCOUNT)
        })
        .all()
        .await
        .expect("the role list decodes");
    assert_eq!(got[0].permissions.len(), 3);
    assert_eq!(got[0].permissions["analytics"].read, Some(true));
}

/// Access applications: a created (or updated) application keeps `id`, `aud` and
/// `created_at` as fields. The request's and the response's union members share titles
/// (`Self Hosted Application`), and the response used to decode into the request's type.
#[tokio::test]
async fn a_created_access_application_keeps_id_aud_and_created_at() {
    let (server, c) = server().await;
    let app = json!({"id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
        "aud": "737646a56ab1df6ec9bddc7e5ca84eaf3b0768850f3ffb5d74f1534911fe3893",
        "created_at": "2014-01-01T05:20:00.12345Z", "updated_at": "2014-01-01T05:20:00.12345Z",
        "name": "Admin Site", "domain": "test.example.com/admin", "type": "self_hosted",
        "session_duration": "24h", "app_launcher_visible": false});
    Mock::given(method("POST"))
        .and(path(format!("/client/v4/accounts/{ACCOUNT}/access/apps")))
        .respond_with(ResponseTemplate::new(201).set_body_json(ok(app.clone())))
        .mount(&server)
        .await;
    let body: cloudflare_sdk::api::zero_trust_access::types::AccessAppRequest =
        serde_json::from_value(json!({"name": "Admin Site",
        "domain": "test.example.com/admin", "type": "self_hosted"}))
        .expect("a request body");
    let got = c
        .call(|api| {
            api.zero_trust_access()
                .access_applications_add_an_application()
                .account_id(ACCOUNT)
                .body(body)
        })
        .await
        .expect("the created application decodes");
    let hosted = got.subtype_0.expect("the self-hosted shape");
    assert_eq!(hosted.id.as_deref(), app["id"].as_str());
    assert_eq!(hosted.aud.as_deref(), app["aud"].as_str());
    assert_eq!(hosted.created_at.as_deref(), app["created_at"].as_str());
    assert_eq!(hosted.app_launcher_visible, Some(false));
    assert!(!hosted.extra.contains_key("id"), "id is a field, not extra");
}

/// Pages: the projects list holds projects (the 2024 document types its items as
/// deployments, which dropped `canonical_deployment`, `subdomain`, `domains`, …).
#[tokio::test]
async fn pages_projects_list_holds_projects() {
    let (server, c) = server().await;
    let project = json!({"id": "7b162ea7-7367-4d67-bcde-1160995d5", "name": "NextJS Blog",
        "subdomain": "helloworld.pages.dev", "domains": ["customdomain.com"],
        "production_branch": "main", "created_on": "2017-01-01T00:00:00Z",
        "canonical_deployment": {"id": "f64788e9-fccd-4d4a-a28a-cb84f88f6",
                                 "url": "https://f64788e9.ninjakittens.pages.dev",
                                 "environment": "production"}});
    let route = format!("/client/v4/accounts/{ACCOUNT}/pages/projects");
    mount_json(&server, &route, &[], list_body(json!([project]), 1, 100, 1)).await;
    let got = c
        .list(|api| api.pages().pages_project_get_projects().account_id(ACCOUNT))
        .all()
        .await
        .expect("the projects list decodes");
    assert_eq!(got[0].subdomain.as_deref(), Some("helloworld.pages.dev"));
    assert_eq!(got[0].domains, Some(vec![json!("customdomain.com")]));
    let canonical = got[0]
        .canonical_deployment
        .as_ref()
        .expect("canonical_deployment");
    assert_eq!(canonical.environment.as_deref(), Some("production"));
}

/// Load Balancer pools: `monitor_group`, `networks` and each origin's `port`, which the 2024
/// document lacks; and the nulls and floats the issue saw (`"enabled": null`,
/// `"weight": null`, `"minimum_origins": 1.0`) fail nothing.
#[tokio::test]
async fn load_balancer_pools_carry_current_fields() {
    let (server, c) = server().await;
    let pool = json!({"id": "17b5962d775c646f3f9725cbc7a53df4", "name": "primary-dc-1",
        "enabled": null, "minimum_origins": 1.0, "monitor_group": "group-1",
        "networks": ["cloudflare", "jdcloud"],
        "origins": [{"name": "app-server-1", "address": "0.0.0.0", "port": 8443,
                     "weight": null, "enabled": true}]});
    let route = format!("/client/v4/accounts/{ACCOUNT}/load_balancers/pools");
    mount_json(&server, &route, &[], list_body(json!([pool]), 1, 20, 1)).await;
    let got = c
        .list(|api| {
            api.load_balancers()
                .account_load_balancer_pools_list_pools()
                .account_id(ACCOUNT)
        })
        .all()
        .await
        .expect("the pools list decodes");
    assert_eq!(got[0].monitor_group.as_deref(), Some("group-1"));
    assert_eq!(got[0].networks.as_ref().map(Vec::len), Some(2));
    assert_eq!(got[0].enabled, None);
    let origin = &got[0].origins.as_ref().expect("origins")[0];
    assert_eq!(origin.port, Some(8443));
    assert_eq!(origin.weight, None);
}

/// R2: List Buckets answers `result: {buckets: [...]}` (the 2024 document says an array),
/// each bucket with its `jurisdiction`.
#[tokio::test]
async fn r2_list_buckets_is_an_object_of_buckets() {
    let (server, c) = server().await;
    let route = format!("/client/v4/accounts/{ACCOUNT}/r2/buckets");
    let body = json!({"success": true, "errors": [], "messages": [],
        "result": {"buckets": [{"name": "example-bucket", "creation_date": "2024-01-01T00:00:00Z",
                                "location": "oc", "jurisdiction": "eu",
                                "storage_class": "Standard"}]},
        "result_info": {"cursor": "1-JTdCJTIydiUyMiUzQTE", "per_page": 20}});
    mount_json(&server, &route, &[], body).await;
    let got = c
        .request(|api| api.r2().r2_list_buckets().account_id(ACCOUNT))
        .await
        .expect("the buckets decode");
    let buckets = got.result.and_then(|r| r.buckets).expect("buckets");
    assert_eq!(buckets[0].name.as_deref(), Some("example-bucket"));
    assert_eq!(
        buckets[0].jurisdiction.as_ref().map(|j| j.as_str()),
        Some("eu")
    );
    assert_eq!(buckets[0].location.as_ref().map(|l| l.as_str()), Some("oc"));

    // And the pager reads it by cursor, page after page, through the nested list.
    let (server, c) = (MockServer::start().await, c);
    let c2 = client(&format!("{}/client/v4", server.uri()));
    let page = |names: &[&str], cursor: Option<&str>| {
        let buckets: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
        json!({"success": true, "errors": [], "messages": [], "result": {"buckets": buckets},
               "result_info": {"cursor": cursor, "per_page": 2}})
    };
    mount_json(
        &server,
        &route,
        &[("cursor", None)],
        page(&["a", "b"], Some("next-1")),
    )
    .await;
    mount_json(
        &server,
        &route,
        &[("cursor", Some("next-1"))],
        page(&["c"], None),
    )
    .await;
    let all = c2
        .list_by_cursor(|api| api.r2().r2_list_buckets().account_id(ACCOUNT))
        .all()
        .await
        .expect("every page");
    let names: Vec<_> = all.iter().filter_map(|b| b.name.as_deref()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    // Raw, the items come out of the nested `buckets` as the server sent them.
    let raw = c2
        .r2()
        .buckets()
        .list(ACCOUNT)
        .into_paginator()
        .raw()
        .all()
        .await
        .expect("every page");
    let raw: Vec<&str> = raw.iter().map(|b| b.get()).collect();
    assert_eq!(
        raw,
        [r#"{"name":"a"}"#, r#"{"name":"b"}"#, r#"{"name":"c"}"#]
    );
    drop(c);
}

/// Workers KV: the namespace list matches the reference as it is (`id`, `title`,
/// `supports_url_encoding`); nothing to correct, and nothing lost.
#[tokio::test]
async fn kv_namespaces_match_the_reference() {
    let server = MockServer::start().await;
    let c = key_client(&format!("{}/client/v4", server.uri()));
    let ns = json!({"id": "0f2ac74b498b48028cb68387c421e279", "title": "My Own Namespace",
                    "supports_url_encoding": true});
    let route = format!("/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces");
    mount_json(
        &server,
        &route,
        &[],
        list_body(json!([ns.clone()]), 1, 20, 1),
    )
    .await;
    let got = c
        .list(|api| {
            api.kv()
                .workers_kv_namespace_list_namespaces()
                .account_id(ACCOUNT)
        })
        .all()
        .await
        .expect("the namespaces decode");
    assert_eq!(got[0].title.as_deref(), Some("My Own Namespace"));
    assert_eq!(got[0].supports_url_encoding, Some(true));
    assert!(got[0].extra.is_empty());
    assert_eq!(serde_json::to_value(&got[0]).unwrap(), ns);
}

/// Workers scripts: the fields the current reference lists beside the 2024 ones
/// (`compatibility_date`, `handlers`, `has_modules`, `observability`, `tags`, …).
#[tokio::test]
async fn workers_scripts_carry_current_fields() {
    let (server, c) = server().await;
    let script = json!({"id": "this-is_my_script-01", "etag": "ea95132c15732412d22c1476fa83f27a",
        "compatibility_date": "2024-09-23", "compatibility_flags": ["nodejs_compat"],
        "handlers": ["fetch", "scheduled"], "has_assets": false, "has_modules": true,
        "last_deployed_from": "wrangler", "migration_tag": "v1",
        "named_handlers": [{"name": "MyDurableObject", "handlers": ["class"]}],
        "observability": {"enabled": true, "head_sampling_rate": 0.1},
        "placement_status": "SUCCESS", "tag": "e8f70fdbc8b1fb0b8ddb1af166186758",
        "tags": ["team:edge"], "usage_model": "standard"});
    let route = format!("/client/v4/accounts/{ACCOUNT}/workers/scripts");
    mount_json(&server, &route, &[], ok(json!([script]))).await;
    let got = c
        .request(|api| {
            api.workers()
                .worker_script_list_workers()
                .account_id(ACCOUNT)
        })
        .await
        .expect("the scripts decode");
    let s = &got.result.expect("result")[0];
    assert_eq!(s.compatibility_date.as_deref(), Some("2024-09-23"));
    assert_eq!(s.handlers.as_ref().map(Vec::len), Some(2));
    assert_eq!(s.has_modules, Some(true));
    assert_eq!(s.observability.as_ref().and_then(|o| o.enabled), Some(true));
    assert_eq!(s.tags.as_deref(), Some(&["team:edge".to_owned()][..]));
    assert!(s.extra.is_empty(), "every field is typed: {:?}", s.extra);
}

/// DNS records: `comment_modified_on`, `tags_modified_on`, `settings` and a free-form
/// `meta` read through the generated record type.
#[tokio::test]
async fn dns_records_carry_current_fields() {
    let (server, c) = server().await;
    let record = json!({"id": "023e105f4ecef8ad9ca31a8372d0c353", "type": "CNAME",
        "name": "www.example.com", "content": "example.com", "proxied": false, "ttl": 1,
        "comment": "Domain verification record", "tags": ["owner:dns-team"],
        "comment_modified_on": "2024-01-01T05:20:00.12345Z",
        "tags_modified_on": "2025-01-01T05:20:00.12345Z",
        "settings": {"flatten_cname": true},
        "meta": {"auto_added": false, "source": "primary", "added_by": "newer"}});
    let route = format!("/client/v4/zones/{ZONE}/dns_records");
    mount_json(&server, &route, &[], list_body(json!([record]), 1, 100, 1)).await;
    let got = c
        .dns()
        .records()
        .list(ZONE)
        .into_paginator()
        .all()
        .await
        .expect("the records decode");
    let DnsRecordsDnsRecord::Cname(r) = &got[0] else {
        panic!("{:?}", got[0])
    };
    assert_eq!(
        r.comment_modified_on.as_deref(),
        Some("2024-01-01T05:20:00.12345Z")
    );
    assert_eq!(
        r.tags_modified_on.as_deref(),
        Some("2025-01-01T05:20:00.12345Z")
    );
    assert_eq!(
        serde_json::to_value(&r.settings).ok(),
        Some(json!({"flatten_cname": true}))
    );
    assert_eq!(
        r.meta.as_ref().map(|m| m["added_by"].clone()),
        Some(json!("newer"))
    );
    assert!(r.extra.is_empty(), "every field is named: {:?}", r.extra);
}

/// Zones: `owner` and `meta` through the generated zone type (besides `status`, `type`,
/// `paused`, `plan`, `permissions`, `verification_key`, tested in `dns.rs`).
#[tokio::test]
async fn zones_carry_owner_and_meta() {
    let (server, c) = server().await;
    let zone = json!({"id": ZONE, "name": "example.com", "status": "active",
        "owner": {"id": "7c5dae5552338874e5053f2534d2767a", "name": "Example Org",
                  "type": "organization"},
        "meta": {"cdn_only": false, "page_rule_quota": 100, "step": 2}});
    let route = format!("/client/v4/zones/{ZONE}");
    mount_json(&server, &route, &[], ok(zone)).await;
    let z = c.zones().get(ZONE).send().await.expect("the zone decodes");
    let z = z.result.expect("a zone");
    let owner = z.owner.expect("owner");
    assert_eq!(owner.name.as_deref(), Some("Example Org"));
    assert_eq!(
        owner.type_.map(|t| t.to_string()).as_deref(),
        Some("organization")
    );
    assert_eq!(z.meta.as_ref().and_then(|m| m.page_rule_quota), Some(100));
    assert!(z.extra.is_empty(), "every field is named: {:?}", z.extra);
}
