//! Pagination throughput and latency hiding, against the fake API on loopback.
//!
//! - `stream_100k`: 100,000 peers in pages of 1,000 through the SDK (sequential, prefetch 4)
//!   beside a baseline of plain reqwest + serde_json fetching the same pages in the same run
//!   (sequential, and 4 in flight).
//! - `latency_100_pages`: 100 pages with 30 ms of server latency each, sequential vs prefetch.
//!
//! Run: `cargo bench -p cloudflare-sdk --bench pagination`. Compare the figures as ratios.

use std::time::Duration;

use cloudflare_fake::FakeCloudflare;
use cloudflare_sdk::Client;
use criterion::{Criterion, criterion_group, criterion_main};
use futures::{StreamExt, TryStreamExt};
use serde::Deserialize;

const TOKEN: &str = "bench-token";

#[derive(Deserialize)]
#[allow(dead_code)]
struct BaselinePeer {
    id: String,
    name: String,
    ip: Option<String>,
    ixfr_enable: Option<bool>,
    port: Option<u16>,
    tsig_id: Option<String>,
}

#[derive(Deserialize)]
struct BaselinePage {
    result: Vec<BaselinePeer>,
}

/// The plain way: a reqwest client and serde_json, no SDK, `in_flight` pages at a time.
async fn baseline(
    http: &reqwest::Client,
    base: &str,
    account: &str,
    pages: u64,
    per_page: u64,
    in_flight: usize,
) -> usize {
    let page = |page: u64| async move {
        let body = http
            .get(format!(
                "{base}/accounts/{account}/secondary_dns/peers?page={page}&per_page={per_page}"
            ))
            .bearer_auth(TOKEN)
            .send()
            .await
            .expect("sent")
            .bytes()
            .await
            .expect("body");
        serde_json::from_slice::<BaselinePage>(&body)
            .expect("decodes")
            .result
            .len()
    };
    futures::stream::iter((1..=pages).map(page))
        .buffered(in_flight)
        .fold(0, |n, len| async move { n + len })
        .await
}

async fn sdk(client: &Client, account: &str, per_page: u64, prefetch: usize) -> usize {
    client
        .dns()
        .zone_transfers()
        .peers()
        .list(account)
        .into_paginator()
        .per_page(per_page)
        .prefetch(prefetch)
        .items()
        .try_fold(0usize, |n, _| async move { Ok(n + 1) })
        .await
        .expect("streams")
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (fake, slow) = rt.block_on(async {
        let fake = FakeCloudflare::builder()
            .api_token(TOKEN)
            .generated_peers("big", 100_000)
            .start()
            .await
            .expect("fake");
        let slow = FakeCloudflare::builder()
            .api_token(TOKEN)
            .generated_peers("slow", 100 * 20)
            .start()
            .await
            .expect("fake");
        slow.set_latency(Duration::from_millis(30));
        (fake, slow)
    });
    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(fake.base_url())
        .build()
        .expect("client");
    let slow_client = Client::builder()
        .api_token(TOKEN)
        .base_url(slow.base_url())
        .build()
        .expect("client");
    // The SDK builds reqwest without a process-wide crypto provider (it hands its own to its
    // client); a plain reqwest client in the same process needs one installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let base = fake.base_url();

    let mut g = c.benchmark_group("stream_100k");
    g.sample_size(10);
    g.bench_function("baseline_reqwest_serde", |b| {
        b.to_async(&rt).iter(|| async {
            assert_eq!(baseline(&http, &base, "big", 100, 1000, 1).await, 100_000)
        })
    });
    g.bench_function("baseline_reqwest_serde_4_in_flight", |b| {
        b.to_async(&rt).iter(|| async {
            assert_eq!(baseline(&http, &base, "big", 100, 1000, 4).await, 100_000)
        })
    });
    g.bench_function("sdk_sequential", |b| {
        b.to_async(&rt)
            .iter(|| async { assert_eq!(sdk(&client, "big", 1000, 1).await, 100_000) })
    });
    g.bench_function("sdk_prefetch_4", |b| {
        b.to_async(&rt)
            .iter(|| async { assert_eq!(sdk(&client, "big", 1000, 4).await, 100_000) })
    });
    g.finish();

    let mut g = c.benchmark_group("latency_100_pages");
    g.sample_size(10);
    g.bench_function("sdk_sequential", |b| {
        b.to_async(&rt)
            .iter(|| async { assert_eq!(sdk(&slow_client, "slow", 20, 1).await, 2000) })
    });
    g.bench_function("sdk_prefetch_8", |b| {
        b.to_async(&rt)
            .iter(|| async { assert_eq!(sdk(&slow_client, "slow", 20, 8).await, 2000) })
    });
    g.finish();
}

criterion_group!(pagination, benches);
criterion_main!(pagination);
