//! Load: 200 concurrent List Peers streams share one client. In its own test binary, so
//! the socket count of the process is this test's alone.

use std::time::{Duration, Instant};

use cloudflare_fake::FakeCloudflare;
use cloudflare_sdk::Client;
use futures::TryStreamExt;

const TOKEN: &str = "load-token";

fn open_sockets() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .map(|dir| {
            dir.filter_map(Result::ok)
                .filter_map(|e| std::fs::read_link(e.path()).ok())
                .filter(|target| target.to_string_lossy().starts_with("socket:"))
                .count()
        })
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_streams_share_one_client() {
    if !std::path::Path::new("/proc/self/fd").exists() {
        eprintln!("no /proc: socket accounting skipped");
    }
    let mut builder = FakeCloudflare::builder().api_token(TOKEN);
    for a in 0..200u64 {
        builder = builder.seed_peers(&format!("acct-{a:03}"), 25 + a % 50);
    }
    let fake = builder.start().await.expect("fake starts");
    let before = open_sockets();

    let client = Client::builder()
        .api_token(TOKEN)
        .base_url(fake.base_url())
        .build()
        .expect("client");
    let tasks: Vec<_> = (0..200u64)
        .map(|a| {
            let client = client.clone();
            tokio::spawn(async move {
                let peers: Vec<_> = client
                    .dns()
                    .zone_transfers()
                    .peers()
                    .list(format!("acct-{a:03}"))
                    .into_paginator()
                    .per_page(10)
                    .items()
                    .try_collect()
                    .await
                    .expect("stream completes");
                (a, peers.len() as u64)
            })
        })
        .collect();
    let mut total_pages = 0;
    for t in tasks {
        let (a, n) = t.await.expect("task joins");
        assert_eq!(n, 25 + a % 50, "account {a}");
        total_pages += (25 + a % 50).div_ceil(10);
    }
    assert_eq!(fake.request_count(), total_pages);
    drop(client);

    // Every connection the client opened is closed once it is gone.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let now = open_sockets();
        if now <= before {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{now} sockets open after the load, {before} before"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
