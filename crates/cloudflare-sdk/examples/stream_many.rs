//! Streams a million peers from the fake API and reports the process's peak memory: the
//! pager's memory stays flat however many pages there are.
//!
//! `cargo run --release --example stream_many -- [PEERS] [PER_PAGE]`

use cloudflare_fake::FakeCloudflare;
use cloudflare_sdk::Client;
use futures::TryStreamExt;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let peers: u64 = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let per_page: u64 = args.next().map_or(Ok(1000), |a| a.parse())?;
    let fake = FakeCloudflare::builder()
        .api_token("t")
        .generated_peers("many", peers)
        .start()
        .await?;
    let client = Client::builder()
        .api_token("t")
        .base_url(fake.base_url())
        .build()?;
    let started = std::time::Instant::now();
    let count = client
        .dns()
        .zone_transfers()
        .peers()
        .list("many")
        .into_paginator()
        .per_page(per_page)
        .items()
        .try_fold(0u64, |n, _| async move { Ok(n + 1) })
        .await?;
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_owned())
        })
        .unwrap_or_else(|| "?".into());
    println!(
        "streamed {count} peers in {:?}; peak RSS {peak} kB (fake server included)",
        started.elapsed()
    );
    assert_eq!(count, peers);
    Ok(())
}
