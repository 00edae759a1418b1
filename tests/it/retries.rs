//! Retries, timeouts, rate limits and the body cap, proved by fault injection on loopback.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use cloudflare_fake::{FakeCloudflare, Fault};
use cloudflare_sdk::{Client, Error, RateLimit, RetryPolicy};

use crate::support::{ACCOUNT, Raw, TOKEN, client, fast_retries, http_json, raw_server};

async fn fake(peers: u64) -> FakeCloudflare {
    FakeCloudflare::builder()
        .api_token(TOKEN)
        .seed_peers(ACCOUNT, peers)
        .start()
        .await
        .expect("fake starts")
}

async fn list_once(c: &Client) -> Result<usize, Error> {
    c.dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .send()
        .await
        .map(|p| p.items.len())
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let fake = fake(3).await;
    fake.push_fault(Fault::status(429).header("retry-after", "1"));
    let started = Instant::now();
    let n = list_once(&client(&fake.base_url()))
        .await
        .expect("succeeds after waiting");
    assert_eq!(n, 3);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn retry_after_ms_and_http_date_are_honoured() {
    let fake = fake(1).await;
    fake.push_fault(Fault::status(503).header("retry-after-ms", "300"));
    let started = Instant::now();
    list_once(&client(&fake.base_url())).await.expect("ok");
    assert!(started.elapsed() >= Duration::from_millis(300));
    // An HTTP date in the past means "now".
    fake.push_fault(Fault::status(503).header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"));
    list_once(&client(&fake.base_url())).await.expect("ok");
}

#[tokio::test]
async fn two_500s_then_success() {
    let fake = fake(2).await;
    fake.push_fault(Fault::status(500));
    fake.push_fault(Fault::status(500));
    assert_eq!(
        list_once(&client(&fake.base_url()))
            .await
            .expect("third attempt"),
        2
    );
    assert_eq!(fake.request_count(), 3);
}

#[tokio::test]
async fn three_500s_is_a_server_error_after_three_attempts() {
    let fake = fake(2).await;
    for _ in 0..3 {
        fake.push_fault(Fault::status(500));
    }
    let err = list_once(&client(&fake.base_url()))
        .await
        .expect_err("gives up");
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(err.status(), Some(500));
    assert_eq!(fake.request_count(), 3);
}

#[tokio::test]
async fn html_503_is_retried_and_keeps_its_status() {
    let fake = fake(2).await;
    for _ in 0..3 {
        fake.push_fault(Fault::html(503));
    }
    let err = list_once(&client(&fake.base_url()))
        .await
        .expect_err("gives up");
    let Error::Server(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 503);
    assert!(
        api.non_json_body
            .as_deref()
            .is_some_and(|b| b.contains("<h1>503"))
    );
    assert!(api.ray_id.is_some());
    assert_eq!(fake.request_count(), 3);
}

#[tokio::test]
async fn should_retry_false_overrides_the_status_rule() {
    let fake = fake(2).await;
    fake.push_fault(Fault::status(500).header("x-should-retry", "false"));
    assert!(matches!(
        list_once(&client(&fake.base_url())).await,
        Err(Error::Server(_))
    ));
    assert_eq!(fake.request_count(), 1);
}

#[tokio::test]
async fn should_retry_true_retries_a_400() {
    let fake = fake(2).await;
    fake.push_fault(Fault::status(400).header("x-should-retry", "true"));
    assert_eq!(
        list_once(&client(&fake.base_url())).await.expect("retried"),
        2
    );
    assert_eq!(fake.request_count(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400, 401, 403, 404] {
        let fake = fake(2).await;
        fake.push_fault(Fault::status(status));
        let err = list_once(&client(&fake.base_url()))
            .await
            .expect_err("fails");
        assert_eq!(err.status(), Some(status));
        assert_eq!(fake.request_count(), 1, "{status} was retried");
    }
    // A wrong token: 401 with code 10000, once.
    let fake = fake(2).await;
    let c = Client::builder()
        .api_token("wrong")
        .base_url(fake.base_url())
        .build()
        .expect("builds");
    let err = list_once(&c).await.expect_err("401");
    assert!(
        matches!(&err, Error::Authentication(a) if a.code() == Some(10000)),
        "{err:?}"
    );
    assert_eq!(fake.request_count(), 1);
}

#[tokio::test]
async fn retries_can_be_turned_off_per_client_and_per_call() {
    let fake = fake(2).await;
    fake.push_fault(Fault::status(502));
    let off = Client::builder()
        .api_token(TOKEN)
        .base_url(fake.base_url())
        .retry(RetryPolicy::none())
        .build()
        .expect("builds");
    assert!(list_once(&off).await.is_err());
    assert_eq!(fake.request_count(), 1);

    fake.push_fault(Fault::status(502));
    let c = client(&fake.base_url());
    let r = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .retry(RetryPolicy::none())
        .send()
        .await;
    assert!(r.is_err());
    assert_eq!(fake.request_count(), 2);

    // And raised per call.
    for _ in 0..4 {
        fake.push_fault(Fault::status(502));
    }
    let r = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .retry(fast_retries().max_retries(4))
        .send()
        .await;
    assert!(r.is_ok());
    assert_eq!(fake.request_count(), 2 + 5);
}

#[tokio::test]
async fn connection_closed_before_any_response_is_retried() {
    let ok = http_json(
        "200 OK",
        r#"{"success":true,"errors":[],"messages":[],"result":[],"result_info":{"page":1,"total_pages":1}}"#,
    );
    let (base, conns) = raw_server(vec![Raw::Close, Raw::Close, Raw::Bytes(ok)]).await;
    assert_eq!(list_once(&client(&base)).await.expect("third attempt"), 0);
    assert_eq!(conns.load(Ordering::SeqCst), 3);

    let (base, conns) = raw_server(vec![Raw::Close]).await;
    let err = list_once(&client(&base)).await.expect_err("gives up");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(conns.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn connection_reset_mid_body_is_a_retryable_transport_error() {
    // Chunked body cut off in the middle of a chunk.
    let cut = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n40\r\n{\"success\":true,\"errors\":[],\"mess".to_vec();
    let (base, conns) = raw_server(vec![Raw::Bytes(cut)]).await;
    let err = list_once(&client(&base)).await.expect_err("fails");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert_eq!(conns.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn body_shorter_than_content_length_is_a_retryable_transport_error() {
    let short = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"success\":true}".to_vec();
    let ok = http_json(
        "200 OK",
        r#"{"success":true,"errors":[],"messages":[],"result":[{"id":"x","name":"y"}]}"#,
    );
    let (base, conns) = raw_server(vec![Raw::Bytes(short), Raw::Bytes(ok)]).await;
    assert_eq!(list_once(&client(&base)).await.expect("second attempt"), 1);
    assert_eq!(conns.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_slow_response_times_out_and_is_retried() {
    let fake = fake(2).await;
    fake.set_latency(Duration::from_millis(400));
    let c = Client::builder()
        .api_token(TOKEN)
        .base_url(fake.base_url())
        .timeout(Duration::from_millis(100))
        .retry(fast_retries())
        .build()
        .expect("builds");
    let err = list_once(&c).await.expect_err("times out");
    assert!(
        matches!(err, Error::Timeout { after } if after == Duration::from_millis(100)),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(fake.request_count(), 3);

    // The per-call timeout overrides the client's.
    let c = client(&fake.base_url());
    let r = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .timeout(Duration::from_millis(50))
        .retry(RetryPolicy::none())
        .send()
        .await;
    assert!(matches!(r, Err(Error::Timeout { .. })), "{r:?}");
    let r = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert!(r.is_ok());
}

#[tokio::test]
async fn an_oversized_body_fails_without_being_read() {
    let fake = fake(500).await;
    let c = Client::builder()
        .api_token(TOKEN)
        .base_url(fake.base_url())
        .max_response_bytes(4096)
        .build()
        .expect("builds");
    let err = c
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .per_page(500)
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 4096 }),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert_eq!(fake.request_count(), 1);
    // Under the cap it works.
    assert_eq!(
        c.dns()
            .zone_transfers()
            .peers()
            .list(ACCOUNT)
            .into_paginator()
            .per_page(5)
            .send()
            .await
            .expect("small")
            .items
            .len(),
        5
    );
}

#[tokio::test]
async fn an_oversized_chunked_body_fails_too() {
    let mut resp = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n".to_vec();
    let chunk = format!(
        "{{\"success\":true,\"errors\":[],\"messages\":[],\"result\":[{}]}}",
        vec![r#"{"id":"a","name":"b"}"#; 400].join(",")
    );
    resp.extend_from_slice(format!("{:x}\r\n{chunk}\r\n0\r\n\r\n", chunk.len()).as_bytes());
    let (base, _) = raw_server(vec![Raw::Bytes(resp)]).await;
    let c = Client::builder()
        .api_token(TOKEN)
        .base_url(base)
        .max_response_bytes(1024)
        .build()
        .expect("builds");
    let err = list_once(&c).await.expect_err("too large");
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 1024 }),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_rate_limit_is_shared_by_clones_and_concurrent_calls() {
    let fake = fake(1).await;
    // 2 requests per 200 ms: a burst of 2, then one every 100 ms.
    let c = Client::builder()
        .api_token(TOKEN)
        .base_url(fake.base_url())
        .rate_limit(RateLimit::new(2, Duration::from_millis(200)))
        .build()
        .expect("builds");
    let started = Instant::now();
    let calls: Vec<_> = (0..6)
        .map(|_| {
            let c = c.clone();
            tokio::spawn(async move { list_once(&c).await })
        })
        .collect();
    for call in calls {
        call.await.expect("joins").expect("ok");
    }
    // 6 requests with a burst of 2 need at least 4 intervals of 100 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(390),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(fake.request_count(), 6);
}

/// A `Retry-After` beyond the policy's cap is neither slept nor shortened: one request, and
/// the error carries the server's value for the caller.
#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_servers_value() {
    let fake = fake(3).await;
    fake.push_fault(Fault::status(429).header("retry-after", "3600"));
    let err = list_once(&client(&fake.base_url()))
        .await
        .expect_err("not retried");
    let Error::RateLimited(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(fake.request_count(), 1);
}

/// A deadline bounds a whole call, retries and backoff included; without it the same call
/// would go on for every attempt.
#[tokio::test]
async fn a_call_deadline_covers_retries_and_waits() {
    let fake = fake(3).await;
    fake.set_latency(Duration::from_millis(300));
    let slow = |c: Client| async move {
        c.dns()
            .zone_transfers()
            .peers()
            .get(ACCOUNT, FakePeerId::first())
            .with_timeout(Duration::from_millis(200))
            .with_retry(fast_retries().max_retries(10))
            .with_deadline(Duration::from_millis(500))
            .send()
            .await
    };
    let err = slow(client(&fake.base_url())).await.expect_err("deadline");
    assert!(
        matches!(err, Error::Deadline { after } if after == Duration::from_millis(500)),
        "{err:?}"
    );
    assert!(!err.is_retryable());
    assert!(fake.request_count() < 10, "{}", fake.request_count());

    // The client's deadline applies to every call and list that sets none.
    let c = Client::builder()
        .api_token(TOKEN)
        .base_url(fake.base_url())
        .timeout(Duration::from_millis(200))
        .retry(fast_retries().max_retries(10))
        .deadline(Duration::from_millis(400))
        .build()
        .expect("client");
    let err = list_once(&c).await.expect_err("deadline");
    assert!(matches!(err, Error::Deadline { .. }), "{err:?}");
}

/// The first seeded peer's id.
struct FakePeerId;

impl FakePeerId {
    fn first() -> String {
        cloudflare_fake::FakePeer::generated(0).id
    }
}

/// A transport error says its whole chain once: in its message, not again as `source()`.
#[tokio::test]
async fn a_transport_error_prints_its_cause_chain_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let c = Client::builder()
        .api_token(TOKEN)
        .base_url(format!("http://127.0.0.1:{port}/client/v4"))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let err = list_once(&c).await.expect_err("refused");
    let Error::Transport { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(message.to_lowercase().contains("connect"), "{message}");
    assert!(std::error::Error::source(&err).is_none());
    assert_eq!(err.to_string(), format!("transport error: {message}"));
}

/// Per-call settings change that request only: a builder's `with_retry` and `with_timeout`
/// apply to its call, and the client's next request keeps the client's.
#[tokio::test]
async fn per_call_settings_stay_with_their_request() {
    let fake = fake(3).await;
    let c = client(&fake.base_url());
    let get = || {
        c.dns()
            .zone_transfers()
            .peers()
            .get(ACCOUNT, FakePeerId::first())
    };
    for _ in 0..3 {
        fake.push_fault(Fault::status(503));
    }
    let err = get()
        .with_retry(RetryPolicy::none())
        .send()
        .await
        .expect_err("no retry for this call");
    assert_eq!(err.status(), Some(503));
    assert_eq!(fake.request_count(), 1);
    // The client's policy (two retries) for the next call: the two faults left, then the peer.
    get().send().await.expect("retried to success");
    assert_eq!(fake.request_count(), 4);

    // A per-call timeout shorter than the server's latency times out that call only.
    fake.set_latency(Duration::from_millis(300));
    let err = get()
        .with_timeout(Duration::from_millis(50))
        .with_retry(RetryPolicy::none())
        .send()
        .await
        .expect_err("timed out");
    assert!(
        matches!(err, Error::Timeout { after } if after == Duration::from_millis(50)),
        "{err:?}"
    );
    get().send().await.expect("the client's 60 s timeout");
}
