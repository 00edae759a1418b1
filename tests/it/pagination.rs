//! The one pager against the fake Cloudflare API: it never truncates, never loops.

use std::time::Duration;

use cloudflare_fake::{FakeCloudflare, FakePeer, Fault};
use cloudflare_sdk::Error;
use cloudflare_sdk::api::dns::types::DnsZoneTransfersPeer as Peer;
use futures::{StreamExt, TryStreamExt};

use crate::support::{ACCOUNT, TOKEN, client};

async fn fake(peers: u64) -> FakeCloudflare {
    FakeCloudflare::builder()
        .api_token(TOKEN)
        .seed_peers(ACCOUNT, peers)
        .start()
        .await
        .expect("fake starts")
}

fn names(peers: &[Peer]) -> Vec<String> {
    peers.iter().filter_map(|p| p.name.clone()).collect()
}

fn expected(n: u64) -> Vec<String> {
    (0..n).map(|i| FakePeer::generated(i).name).collect()
}

/// Collects a stream's items until its error (if any): what a caller saw.
async fn drain(list: cloudflare_sdk::List<Peer>) -> (Vec<Peer>, Option<Error>) {
    let mut stream = Box::pin(list.items());
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        match item {
            Ok(p) => items.push(p),
            Err(e) => {
                assert!(
                    stream.next().await.is_none(),
                    "the stream goes on after an error"
                );
                return (items, Some(e));
            }
        }
    }
    (items, None)
}

#[tokio::test]
async fn empty_list_is_one_request() {
    let fake = fake(0).await;
    let all = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .all()
        .await
        .expect("lists");
    assert!(all.is_empty());
    assert_eq!(fake.request_count(), 1);
}

#[tokio::test]
async fn one_page() {
    let fake = fake(7).await;
    let all = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .all()
        .await
        .expect("lists");
    assert_eq!(names(&all), expected(7));
    assert_eq!(
        fake.request_count(),
        1,
        "total_pages = 1: no second request"
    );
}

#[tokio::test]
async fn exactly_full_last_page_needs_no_extra_request() {
    let fake = fake(40).await;
    let all = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20)
        .all()
        .await
        .expect("lists");
    assert_eq!(names(&all), expected(40));
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn two_thousand_items_in_a_hundred_pages_exactly_once_in_order() {
    let fake = fake(2000).await;
    let pages: Vec<_> = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20)
        .pages()
        .try_collect()
        .await
        .expect("lists");
    assert_eq!(pages.len(), 100);
    assert_eq!(
        pages
            .last()
            .and_then(|p| p.result_info)
            .and_then(|r| r.total_pages),
        Some(100)
    );
    let all: Vec<Peer> = pages.into_iter().flat_map(|p| p.items).collect();
    assert_eq!(names(&all), expected(2000));
    let unique: std::collections::HashSet<_> = all.iter().map(|p| &p.id).collect();
    assert_eq!(unique.len(), 2000);
    assert_eq!(fake.request_count(), 100);
}

#[tokio::test]
async fn server_ignoring_page_ends_with_an_error_not_a_loop() {
    let fake = fake(100).await;
    fake.set_ignore_page(true);
    let list = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20);
    let (items, err) = tokio::time::timeout(Duration::from_secs(10), drain(list))
        .await
        .expect("no hang");
    assert_eq!(
        names(&items),
        expected(20),
        "the first page is yielded once"
    );
    let err = err.expect("an error");
    assert!(matches!(err, Error::Pagination { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("asked for page 2, the server returned page 1"),
        "{err}"
    );
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn repeated_page_without_page_number_ends_with_an_error() {
    // A server that ignores `page` and does not say which page it served.
    let server = wiremock::MockServer::start().await;
    let body = serde_json::json!({
        "success": true, "errors": [], "messages": [],
        "result": [{"id": "a", "name": "a"}, {"id": "b", "name": "b"}],
        "result_info": {"per_page": 2, "total_pages": 1000}
    });
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let list = client(&format!("{}/client/v4", server.uri()))
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator();
    let (items, err) = drain(list).await;
    assert_eq!(items.len(), 2);
    let err = err.expect("an error");
    assert!(
        err.to_string().contains("page 2 repeats an earlier page"),
        "{err}"
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

/// A server that ignores `page` but echoes the page asked for in `result_info`: every body
/// differs, the items do not. The second page repeats the first's items, so the list ends
/// with an error after them, each yielded once, and no third request.
#[tokio::test]
async fn echoed_page_number_with_repeated_items_ends_with_an_error() {
    struct Echo;
    impl wiremock::Respond for Echo {
        fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
            let page: u64 = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(1);
            wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "success": true, "errors": [], "messages": [],
                "result": [{"id": "a", "name": "a"}, {"id": "b", "name": "b"}, {"id": "c", "name": "c"}],
                "result_info": {"page": page, "per_page": 3, "count": 3, "total_count": 9, "total_pages": 3}
            }))
        }
    }
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(Echo)
        .mount(&server)
        .await;
    let list = client(&format!("{}/client/v4", server.uri()))
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator();
    let (items, err) = drain(list).await;
    assert_eq!(names(&items), ["a", "b", "c"], "each item once");
    let err = err.expect("an error");
    assert!(matches!(err, Error::Pagination { .. }), "{err:?}");
    assert!(
        err.to_string().contains("page 2 repeats an earlier page"),
        "{err}"
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn total_pages_larger_than_the_data_stops_at_the_empty_page() {
    let fake = fake(30).await;
    fake.set_total_pages_extra(5);
    let all = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20)
        .all()
        .await
        .expect("lists");
    assert_eq!(names(&all), expected(30));
    assert_eq!(fake.request_count(), 3, "pages 1, 2 and the empty page 3");
}

/// A list whose server sends no `result_info` is not cut after its first page (that was
/// silent truncation): it is read to a page shorter than `per_page`.
#[tokio::test]
async fn missing_result_info_reads_to_a_short_page() {
    let fake = fake(30).await;
    fake.set_omit_result_info(true);
    let all = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20)
        .all()
        .await
        .expect("lists");
    assert_eq!(names(&all), expected(30));
    assert_eq!(fake.request_count(), 2, "page 2 holds 10 of 20: the last");
}

#[tokio::test]
async fn per_page_capped_by_the_server_still_gets_everything() {
    let fake = FakeCloudflare::builder()
        .api_token(TOKEN)
        .seed_peers(ACCOUNT, 60)
        .max_per_page(25)
        .start()
        .await
        .expect("fake");
    let all = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(100)
        .all()
        .await
        .expect("lists");
    assert_eq!(names(&all), expected(60));
    assert_eq!(fake.request_count(), 3);
}

#[tokio::test]
async fn a_page_failing_once_is_retried_without_duplicates() {
    let fake = fake(60).await;
    let c = client(&fake.base_url());
    let mut stream = Box::pin(
        c.dns()
            .zone_transfers()
            .peers()
            .list(ACCOUNT)
            .into_paginator()
            .per_page(20)
            .items(),
    );
    let mut items = Vec::new();
    for _ in 0..20 {
        items.push(stream.try_next().await.expect("ok").expect("item"));
    }
    fake.push_fault(Fault::status(500)); // page 2's first attempt
    while let Some(p) = stream.try_next().await.expect("retried") {
        items.push(p);
    }
    assert_eq!(names(&items), expected(60));
    assert_eq!(fake.request_count(), 4);
}

#[tokio::test]
async fn a_page_failing_for_good_yields_what_came_before_then_the_error() {
    let fake = fake(60).await;
    let c = client(&fake.base_url());
    let mut stream = Box::pin(
        c.dns()
            .zone_transfers()
            .peers()
            .list(ACCOUNT)
            .into_paginator()
            .per_page(20)
            .items(),
    );
    let mut items = Vec::new();
    for _ in 0..20 {
        items.push(stream.try_next().await.expect("ok").expect("item"));
    }
    for _ in 0..3 {
        fake.push_fault(Fault::status(503));
    }
    let err = loop {
        match stream.next().await {
            Some(Ok(p)) => items.push(p),
            Some(Err(e)) => break e,
            None => panic!("ended without the error"),
        }
    };
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert!(stream.next().await.is_none());
    assert_eq!(names(&items), expected(20));
    assert_eq!(fake.request_count(), 1 + 3);
}

#[tokio::test]
async fn prefetch_keeps_order_under_latency() {
    let fake = fake(200).await;
    fake.set_latency(Duration::from_millis(20));
    let all = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(10)
        .prefetch(4)
        .all()
        .await
        .expect("lists");
    assert_eq!(names(&all), expected(200));
    assert_eq!(fake.request_count(), 20);
}

#[tokio::test]
async fn prefetch_stops_on_an_error_in_order() {
    let fake = fake(100).await;
    fake.set_ignore_page(true);
    let list = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(10)
        .prefetch(4);
    let (items, err) = drain(list).await;
    assert_eq!(names(&items), expected(10));
    assert!(matches!(err, Some(Error::Pagination { .. })), "{err:?}");
}

#[tokio::test]
async fn caps_on_items_and_pages() {
    let fake = fake(100).await;
    let c = client(&fake.base_url());
    let some = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20)
        .max_items(45)
        .all()
        .await
        .expect("lists");
    assert_eq!(names(&some), expected(45));
    assert_eq!(fake.request_count(), 3);
    let pages: Vec<_> = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20)
        .max_pages(2)
        .pages()
        .try_collect()
        .await
        .expect("lists");
    assert_eq!(pages.len(), 2);
}

#[tokio::test]
async fn one_page_with_send() {
    let fake = fake(45).await;
    let page = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .page(3)
        .per_page(20)
        .send()
        .await
        .expect("page 3");
    assert_eq!(page.page, 3);
    assert_eq!(names(&page.items), expected(45)[40..].to_vec());
    let info = page.result_info.expect("result_info");
    assert_eq!(
        (
            info.page,
            info.per_page,
            info.count,
            info.total_count,
            info.total_pages
        ),
        (Some(3), Some(20), Some(5), Some(45), Some(3))
    );
}

/// A peer deleted from page 1 while page 2 is fetched shifts one peer off page 2: the pager
/// notices (`total_count` moved), marks the page, reports it on the handle, and goes on.
#[tokio::test]
async fn a_list_that_changes_while_read_is_reported() {
    let fake = fake(40).await;
    let client = client(&fake.base_url());
    let list = client
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20);
    let changes = list.changes();
    let mut pages = list.pages();
    let first = pages.next().await.expect("page 1").expect("ok");
    assert_eq!((first.items.len(), first.changed), (20, None));
    let id = first.items[0].id.clone().expect("an id");
    client
        .dns()
        .zone_transfers()
        .peers()
        .delete(ACCOUNT, id)
        .send()
        .await
        .expect("deleted");
    let second = pages.next().await.expect("page 2").expect("ok");
    assert_eq!(second.items.len(), 19, "one peer shifted onto page 1");
    let change = second.changed.expect("marked");
    assert_eq!(
        (change.page, change.before, change.after),
        (2, (Some(40), Some(2)), (Some(39), Some(2)))
    );
    assert_eq!(changes.get(), Some(change));
    assert!(pages.next().await.is_none());
    insta::assert_snapshot!(change.to_string(), @"the list changed while it was read: 40 items in 2 pages on page 1, 39 items in 2 pages on page 2; with page-number paging an item may have been skipped or seen twice");
}

/// In strict mode the same change ends the stream with a typed error after page 1's items.
#[tokio::test]
async fn a_strict_list_that_changes_while_read_fails() {
    let fake = fake(40).await;
    let client = client(&fake.base_url());
    let mut items = client
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(20)
        .strict(true)
        .items();
    let mut seen = Vec::new();
    for _ in 0..20 {
        seen.push(items.next().await.expect("item").expect("ok"));
    }
    let id = seen[0].id.clone().expect("an id");
    client
        .dns()
        .zone_transfers()
        .peers()
        .delete(ACCOUNT, id)
        .send()
        .await
        .expect("deleted");
    let err = items.next().await.expect("an error").expect_err("changed");
    let Error::ListChanged(change) = err else {
        panic!("{err:?}")
    };
    assert_eq!((change.before.0, change.after.0), (Some(40), Some(39)));
    assert!(items.next().await.is_none());
}

/// A deadline on a list covers all its pages: the stream ends with `Error::Deadline` after
/// the items fetched in time, however many pages remain.
#[tokio::test]
async fn a_list_deadline_ends_the_stream_after_what_it_fetched() {
    let fake = fake(100).await;
    fake.set_latency(Duration::from_millis(100));
    let list = client(&fake.base_url())
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(10)
        .deadline(Duration::from_millis(350));
    let (items, err) = drain(list).await;
    assert!(
        matches!(err, Some(Error::Deadline { after }) if after == Duration::from_millis(350)),
        "{err:?}"
    );
    assert!(!items.is_empty() && items.len() < 100, "{}", items.len());
    assert_eq!(names(&items), expected(items.len() as u64));
}

mod cursor {
    use cloudflare_sdk::Error;
    use serde_json::{Value, json};
    use wiremock::MockServer;

    use crate::support::{key_client, mount_json};

    const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";
    const NS: &str = "0f2ac74b498b48028cb68387c421e279";

    fn keys_page(names: &[&str], cursor: &str) -> Value {
        json!({"success": true, "errors": [], "messages": [],
            "result": names.iter().map(|n| json!({"name": n})).collect::<Vec<_>>(),
            "result_info": {"count": names.len(), "cursor": cursor}})
    }

    async fn mount(server: &MockServer, cursor: Option<&str>, body: Value) {
        let route = format!("/client/v4/accounts/{ACCOUNT}/storage/kv/namespaces/{NS}/keys");
        let query = [("limit", Some("2")), ("cursor", cursor)];
        mount_json(server, &route, &query, body).await;
    }

    fn keys(
        c: &cloudflare_sdk::Client,
    ) -> cloudflare_sdk::List<cloudflare_sdk::api::kv::types::KvNamespacesKey> {
        c.kv()
            .namespaces()
            .keys()
            .list(ACCOUNT, NS)
            .into_paginator()
            .per_page(2)
    }

    /// A cursor list (Workers KV keys) is read to its end through the one pager: each page's
    /// cursor is sent, the empty cursor ends it, every key comes once.
    #[tokio::test]
    async fn cursor_list_follows_the_cursor_to_the_end() {
        let server = MockServer::start().await;
        mount(&server, None, keys_page(&["a", "b"], "c1")).await;
        mount(&server, Some("c1"), keys_page(&["c", "d"], "c2")).await;
        mount(&server, Some("c2"), keys_page(&["e"], "")).await;
        let c = key_client(&format!("{}/client/v4", server.uri()));
        let names: Vec<String> = keys(&c)
            .all()
            .await
            .expect("three pages")
            .into_iter()
            .map(|k| k.name.unwrap_or_default())
            .collect();
        assert_eq!(names, ["a", "b", "c", "d", "e"]);
        assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
    }

    /// A server that hands out a cursor already followed would make a naive loop run for
    /// ever: the pager ends with an error after the items it has, and sends nothing more.
    #[tokio::test]
    async fn a_repeated_cursor_is_an_error_not_a_loop() {
        let server = MockServer::start().await;
        mount(&server, None, keys_page(&["a", "b"], "c1")).await;
        mount(&server, Some("c1"), keys_page(&["c", "d"], "c1")).await;
        let c = key_client(&format!("{}/client/v4", server.uri()));
        let err = keys(&c).all().await.expect_err("loops");
        assert!(
            matches!(&err, Error::Pagination { message } if message.contains("cursor")),
            "{err:?}"
        );
        assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
    }
}

mod unnumbered {
    use serde_json::{Value, json};
    use wiremock::MockServer;

    use crate::support::{ACCOUNT, client, mount_json};

    fn gateways(ids: &[&str]) -> Value {
        json!({"success": true,
            "result": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()})
    }

    async fn mount(server: &MockServer, page: &str, body: Value) {
        let route = format!("/client/v4/accounts/{ACCOUNT}/secondary_dns/peers");
        mount_json(server, &route, &[("page", Some(page))], body).await;
    }

    fn ids(items: Vec<cloudflare_sdk::api::dns::types::DnsZoneTransfersPeer>) -> Vec<String> {
        items
            .into_iter()
            .map(|g| g.id.unwrap_or_default())
            .collect()
    }

    /// A list whose description has `page`/`per_page` but no `result_info` (Secondary DNS peers) is
    /// not cut after its first page: it is read to a page shorter than `per_page`.
    #[tokio::test]
    async fn a_list_without_result_info_is_read_to_a_short_page() {
        let server = MockServer::start().await;
        mount(&server, "1", gateways(&["a", "b"])).await;
        mount(&server, "2", gateways(&["c", "d"])).await;
        mount(&server, "3", gateways(&["e"])).await;
        let c = client(&format!("{}/client/v4", server.uri()));
        let all = c
            .api()
            .dns()
            .dns_zone_transfers_peers_list()
            .account_id(ACCOUNT)
            .into_paginator()
            .per_page(2)
            .all()
            .await
            .expect("three pages");
        assert_eq!(ids(all), ["a", "b", "c", "d", "e"]);
        assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
    }

    /// A list that reports no `result_info` and answers page 2 with page 1 again does not
    /// page at all: it is complete after page 1 (a warning, no error, no third request);
    /// `strict` makes it an error after the same items.
    #[tokio::test]
    async fn a_page_repeating_the_previous_one_ends_the_list_complete() {
        let server = MockServer::start().await;
        mount(&server, "1", gateways(&["a", "b"])).await;
        mount(&server, "2", gateways(&["a", "b"])).await;
        let c = client(&format!("{}/client/v4", server.uri()));
        let list = c
            .api()
            .dns()
            .dns_zone_transfers_peers_list()
            .account_id(ACCOUNT)
            .into_paginator();
        let all = list.clone().all().await.expect("complete");
        assert_eq!(ids(all), ["a", "b"]);
        assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
        let mut items = Vec::new();
        let mut stream = Box::pin(list.strict(true).items());
        let mut error = None;
        while let Some(item) = futures::StreamExt::next(&mut stream).await {
            match item {
                Ok(g) => items.push(g),
                Err(e) => error = Some(e),
            }
        }
        assert_eq!(ids(items), ["a", "b"]);
        let error = error.expect("strict: an error");
        assert!(
            matches!(error, cloudflare_sdk::Error::Pagination { .. }),
            "{error:?}"
        );
        assert_eq!(server.received_requests().await.expect("recorded").len(), 4);
    }

    /// Without `per_page` the server's page size is unknown: it is read to an empty page.
    #[tokio::test]
    async fn without_per_page_it_is_read_to_an_empty_page() {
        let server = MockServer::start().await;
        mount(&server, "1", gateways(&["a", "b"])).await;
        mount(&server, "2", gateways(&["c"])).await;
        mount(&server, "3", gateways(&[])).await;
        let c = client(&format!("{}/client/v4", server.uri()));
        let all = c
            .api()
            .dns()
            .dns_zone_transfers_peers_list()
            .account_id(ACCOUNT)
            .into_paginator()
            .all()
            .await
            .expect("to the empty page");
        assert_eq!(ids(all), ["a", "b", "c"]);
        assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
    }
}

mod nested {
    use serde_json::{Value, json};
    use wiremock::MockServer;

    use crate::support::{ACCOUNT, client, mount_json};

    /// A page as Cloudflare's SDKs model Images' list: `result.items`, each item a group of
    /// images.
    fn images(ids: &[&str]) -> Value {
        let items: Vec<Value> = ids
            .iter()
            .map(|id| json!({"images": [{"id": id}]}))
            .collect();
        json!({"success": true, "errors": [], "messages": [], "result": {"items": items}})
    }

    /// A list held inside an object `result` (Images: `{result: {items: [..]}}`) goes
    /// through the pager like any other: every page, to a short one.
    #[tokio::test]
    async fn a_list_inside_the_result_object_is_paged() {
        let server = MockServer::start().await;
        let route = format!("/client/v4/accounts/{ACCOUNT}/images/v1");
        for (page, ids) in [
            ("1", vec!["a", "b"]),
            ("2", vec!["c", "d"]),
            ("3", vec!["e"]),
        ] {
            let query = [("page", Some(page)), ("per_page", Some("2"))];
            mount_json(&server, &route, &query, images(&ids)).await;
        }
        let c = client(&format!("{}/client/v4", server.uri()));
        let all: Vec<String> = c
            .api()
            .images()
            .images_v1_list()
            .account_id(ACCOUNT)
            .into_paginator()
            .per_page(2)
            .all()
            .await
            .expect("three pages")
            .into_iter()
            .flat_map(|i| i.images.unwrap_or_default())
            .map(|i| i.id.unwrap_or_default())
            .collect();
        assert_eq!(all, ["a", "b", "c", "d", "e"]);
        assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
    }
}

/// A raw page of peers exactly as a server might write it: pretty-printed, a field the
/// document does not declare, a `null`, a value of another JSON type than the document's.
fn raw_page(items: &[&str], page: u64, total_pages: u64) -> String {
    format!(
        "{{\n  \"success\": true,\n  \"errors\": [],\n  \"messages\": [],\n  \"result\": [\n    {}\n  ],\n  \"result_info\": {{\"page\": {page}, \"per_page\": 2, \"total_pages\": {total_pages}, \"count\": {}}}\n}}",
        items.join(",\n    "),
        items.len()
    )
}

/// `List::raw()`: every item as the server sent it, byte for byte (whitespace, key order,
/// unknown fields, `null`s and mistyped values untouched), across pages, through the same
/// pager and request loop.
#[tokio::test]
async fn raw_items_are_the_servers_json_byte_for_byte() {
    let server = wiremock::MockServer::start().await;
    let route = format!("/client/v4/accounts/{ACCOUNT}/secondary_dns/peers");
    let first = [
        r#"{"name": "a",  "id": "1", "new_field": {"nested": [1, 2.50, "x"]}}"#,
        "{\n      \"id\": \"2\",\n      \"name\": \"b\",\n      \"port\": \"fifty-three\"\n    }",
    ];
    let second = [r#"{"id":"3","name":"c","tsig_id":null,"ixfr_enable":"yes"}"#];
    for (page, items) in [(1, &first[..]), (2, &second[..])] {
        wiremock::Mock::given(wiremock::matchers::method("GET"))
            .and(wiremock::matchers::path(route.as_str()))
            .and(wiremock::matchers::query_param("page", page.to_string()))
            .respond_with(
                wiremock::ResponseTemplate::new(200)
                    .set_body_raw(raw_page(items, page, 2), "application/json"),
            )
            .mount(&server)
            .await;
    }
    let list = client(&format!("{}/client/v4", server.uri()))
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(2);
    let raw = list.clone().raw().all().await.expect("every page");
    let got: Vec<&str> = raw.iter().map(|i| i.get()).collect();
    let want: Vec<&str> = first.iter().chain(&second).copied().collect();
    assert_eq!(got, want);
    // The typed list reads the same pages: the same items, decoded.
    let typed = list.all().await.expect("every page");
    assert_eq!(names(&typed), ["a", "b", "c"]);
}

/// The raw list goes through the one request loop: a 503 is retried, and a `200` with
/// `success: false` is the API error, not an empty list.
#[tokio::test]
async fn raw_list_retries_and_turns_success_false_into_the_error() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(wiremock::ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::query_param("page", "1"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw(
            raw_page(&[r#"{"id":"1","name":"a"}"#], 1, 2),
            "application/json",
        ))
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::query_param("page", "2"))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "success": false, "errors": [{"code": 1000, "message": "no more"}],
                "messages": [], "result": null
            })),
        )
        .mount(&server)
        .await;
    let list = client(&format!("{}/client/v4", server.uri()))
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .raw();
    let mut items = Box::pin(list.items());
    let first = items
        .next()
        .await
        .expect("an item")
        .expect("page 1, retried");
    assert_eq!(first.get(), r#"{"id":"1","name":"a"}"#);
    let err = items
        .next()
        .await
        .expect("the error")
        .expect_err("page 2 fails");
    let api = err.api().expect("an API error");
    assert_eq!(api.errors[0].code, 1000);
    assert!(items.next().await.is_none());
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);
}
