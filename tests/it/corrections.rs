//! The shapes Cloudflare's current API reference gives (fields the 2024 document lacked or
//! had wrong, which patch data corrected until the SDK was generated from the description
//! derived from Cloudflare's SDKs): each response below is served on loopback as the
//! reference shapes it and read through the resource tree, and every item is written back
//! exactly as it was sent: nothing lost, nothing added, numbers as sent, `null`s kept.

use serde::Serialize;
use serde_json::{Value, json};

use crate::support::{ACCOUNT, client, key_client, list_body, mount_json};

const ZONE: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn ok(result: Value) -> Value {
    json!({"success": true, "errors": [], "messages": [], "result": result})
}

async fn server() -> (wiremock::MockServer, cloudflare_sdk::Client) {
    let server = wiremock::MockServer::start().await;
    let c = client(&format!("{}/client/v4", server.uri()));
    (server, c)
}

/// Every item, written back, is what was sent.
fn as_sent<T: Serialize>(items: &[T], sent: &[Value]) {
    let back: Vec<Value> = items
        .iter()
        .map(|i| serde_json::to_value(i).expect("JSON"))
        .collect();
    assert_eq!(back, sent);
}

/// Account members and roles: a role's `permissions` is an object keyed by permission name
/// (the 2024 document said a list of strings, which failed every member list).
#[tokio::test]
async fn account_members_and_roles_as_the_reference_shapes_them() {
    let (server, c) = server().await;
    let role = json!({"id": "3536bcfad5faccb999b47003c79917fb", "name": "Account Administrator",
        "description": "Administrative access to the entire Account",
        "permissions": {"analytics": {"read": true, "write": true},
                        "dns_records": {"read": true, "write": false}}});
    let member = json!({"id": "4536bcfad5faccb111b47003c79917fa", "email": "user@example.com",
        "status": "accepted", "roles": [role.clone()],
        "user": {"id": "7c5dae5552338874e5053f2534d2767a", "email": "user@example.com",
                 "first_name": "John", "last_name": "Appleseed",
                 "two_factor_authentication_enabled": false}});
    let members = format!("/client/v4/accounts/{ACCOUNT}/members");
    mount_json(&server, &members, &[], list_body(json!([member]), 1, 20, 1)).await;
    let roles = format!("/client/v4/accounts/{ACCOUNT}/roles");
    mount_json(&server, &roles, &[], list_body(json!([role]), 1, 20, 1)).await;
    let got = c.accounts().members().list(ACCOUNT).into_paginator().all();
    as_sent(&got.await.expect("the members decode"), &[member]);
    let got = c.accounts().roles().list(ACCOUNT).into_paginator().all();
    as_sent(&got.await.expect("the roles decode"), &[role]);
}

/// Pages: the projects list holds projects (the 2024 document typed its items as
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
    let got = c.pages().projects().list(ACCOUNT).into_paginator().all();
    as_sent(&got.await.expect("the projects decode"), &[project]);
}

/// Load Balancer pools: `monitor_group`, `networks` and each origin's `port`, and the nulls
/// and floats Cloudflare sends (`"enabled": null`, `"weight": null`, `"minimum_origins": 1.0`).
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
    let got = c.load_balancers().pools().list(ACCOUNT).send().await;
    let got = got.expect("the pools decode");
    as_sent(&got, &[pool]);
}

/// R2: List Buckets answers `result: {buckets: [...]}` (the 2024 document said an array),
/// and the pager reads it by cursor through the nested list, typed and raw.
#[tokio::test]
async fn r2_list_buckets_is_an_object_of_buckets() {
    let (server, c) = server().await;
    let route = format!("/client/v4/accounts/{ACCOUNT}/r2/buckets");
    let page = |names: &[&str], cursor: Option<&str>| {
        let buckets: Vec<Value> = names
            .iter()
            .map(|n| json!({"name": n, "jurisdiction": "eu", "location": "oc"}))
            .collect();
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
    let all = c.r2().buckets().list(ACCOUNT).into_paginator().all();
    let all = all.await.expect("every page");
    let sent: Vec<Value> = ["a", "b", "c"]
        .iter()
        .map(|n| json!({"name": n, "jurisdiction": "eu", "location": "oc"}))
        .collect();
    as_sent(&all, &sent);
    let raw = c.r2().buckets().list(ACCOUNT).into_paginator().raw().all();
    let raw = raw.await.expect("every page");
    let raw: Vec<Value> = raw
        .iter()
        .map(|b| serde_json::from_str(b.get()).expect("JSON"))
        .collect();
    assert_eq!(raw, sent);
}

/// Workers KV namespaces, Workers scripts (`compatibility_date`, `handlers`,
/// `observability`, `tags`, …), DNS records (`comment_modified_on`, `settings`, a free-form
/// `meta`) and a zone (`owner`, `meta`, `plan`): every field as sent.
#[tokio::test]
async fn kv_workers_dns_and_zones_as_the_reference_shapes_them() {
    let server = wiremock::MockServer::start().await;
    let c = key_client(&format!("{}/client/v4", server.uri()));
    let ns = json!({"id": "0f2ac74b498b48028cb68387c421e279", "title": "My Own Namespace",
                    "supports_url_encoding": true});
    let route = format!("/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces");
    mount_json(&server, &route, &[], list_body(json!([ns]), 1, 20, 1)).await;
    let got = c.kv().namespaces().list(ACCOUNT).into_paginator().all();
    as_sent(&got.await.expect("the namespaces decode"), &[ns]);

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
    let got = c.workers().scripts().list(ACCOUNT).send().await;
    let got = got.expect("the scripts decode");
    as_sent(&got, &[script]);

    let record = json!({"id": "023e105f4ecef8ad9ca31a8372d0c353", "type": "CNAME",
        "name": "www.example.com", "content": "example.com", "proxied": false, "ttl": 1,
        "comment": "Domain verification record", "tags": ["owner:dns-team"],
        "comment_modified_on": "2024-01-01T05:20:00.12345Z",
        "tags_modified_on": "2025-01-01T05:20:00.12345Z",
        "settings": {"flatten_cname": true},
        "meta": {"auto_added": false, "source": "primary", "added_by": "newer"}});
    let route = format!("/client/v4/zones/{ZONE}/dns_records");
    mount_json(&server, &route, &[], list_body(json!([record]), 1, 100, 1)).await;
    let got = c.dns().records().list(ZONE).into_paginator().all();
    as_sent(&got.await.expect("the records decode"), &[record]);

    let zone = json!({"id": ZONE, "name": "example.com", "status": "active", "paused": false,
        "type": "full", "permissions": ["#zone:read"],
        "owner": {"id": "7c5dae5552338874e5053f2534d2767a", "name": "Example Org",
                  "type": "organization"},
        "plan": {"id": "0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "name": "Free Plan", "price": 0,
                 "currency": "USD", "is_subscribed": true},
        "meta": {"cdn_only": false, "page_rule_quota": 100, "step": 2}});
    let route = format!("/client/v4/zones/{ZONE}");
    mount_json(&server, &route, &[], ok(zone.clone())).await;
    let z = c.zones().get(ZONE).send().await.expect("the zone decodes");
    as_sent(&[z], &[zone]);
}
