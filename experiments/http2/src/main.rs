//! Does HTTP/2 pay for the pager's concurrent page requests? 200 pages of 1,000 peers
//! (about 120 KB each, the fake API's shape) from a loopback axum server that speaks HTTP/1.1
//! and cleartext HTTP/2, with 0 or 30 ms of latency per page, fetched and decoded N at a
//! time by reqwest over HTTP/1.1 (a pool of N connections) and over HTTP/2 (one connection,
//! N streams, 4 MiB stream and 16 MiB connection windows). Prints the median of 5 runs.
//!
//! `cargo run --release --manifest-path experiments/http2/Cargo.toml -- 30`

use std::time::{Duration, Instant};

use futures::StreamExt;

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Peer {
    id: String,
    name: String,
    ip: Option<String>,
    ixfr_enable: Option<bool>,
    port: Option<u16>,
    tsig_id: Option<String>,
}

#[derive(serde::Deserialize)]
struct Page {
    result: Vec<Peer>,
}

/// User plus system CPU seconds of this process.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("procfs");
    let f: Vec<&str> = stat
        .rsplit(')')
        .next()
        .expect("stat")
        .split_whitespace()
        .collect();
    (f[11].parse::<f64>().expect("utime") + f[12].parse::<f64>().expect("stime")) / 100.0
}

/// A page of 1,000 peers as the fake API renders them.
fn page() -> Vec<u8> {
    let peers: Vec<serde_json::Value> = (0..1000u32)
        .map(|i| {
            serde_json::json!({
                "id": format!("23ff594956f20c2a{i:016x}"), "ip": format!("192.0.2.{}", i % 250 + 1),
                "ixfr_enable": i % 2 == 0, "name": format!("peer-{i}"), "port": 53,
                "tsig_id": format!("69cd1e10{i:024x}"),
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "errors": [], "messages": [], "result": peers, "success": true,
        "result_info": {"count": 1000, "page": 1, "per_page": 1000, "total_count": 200000, "total_pages": 200},
    }))
    .expect("json")
}

fn main() {
    let latency: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let body: &'static [u8] = Vec::leak(page());
    let addr = rt.block_on(async move {
        let app = axum::Router::new().route(
            "/p",
            axum::routing::get(move || async move {
                tokio::time::sleep(Duration::from_millis(latency)).await;
                ([("content-type", "application/json")], body)
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    });
    let url = format!("http://{addr}/p");
    for n in [1usize, 4, 16, 64] {
        for h2 in [false, true] {
            let client = if h2 {
                reqwest::Client::builder()
                    .http2_prior_knowledge()
                    .http2_initial_stream_window_size(4 << 20)
                    .http2_initial_connection_window_size(16 << 20)
            } else {
                reqwest::Client::builder().http1_only()
            }
            .build()
            .expect("client");
            let run = |pages: usize| {
                let (client, url) = (client.clone(), url.clone());
                async move {
                    futures::stream::iter(0..pages)
                        .map(|_| {
                            let (client, url) = (client.clone(), url.clone());
                            tokio::spawn(async move {
                                let body = client.get(&url).send().await?.bytes().await?;
                                Ok::<_, reqwest::Error>(
                                    serde_json::from_slice::<Page>(&body)
                                        .map_or(0, |p| p.result.len()),
                                )
                            })
                        })
                        .buffered(n)
                        .fold(
                            0,
                            |sum, r| async move { sum + r.expect("task").expect("page") },
                        )
                        .await
                }
            };
            rt.block_on(run(n * 2));
            let pages = 200;
            let (mut wall, mut used) = (Vec::new(), Vec::new());
            for _ in 0..5 {
                let (started, before) = (Instant::now(), cpu());
                assert_eq!(rt.block_on(run(pages)), pages * 1000);
                wall.push(started.elapsed().as_secs_f64() * 1000.0);
                used.push((cpu() - before) * 1000.0);
            }
            wall.sort_by(f64::total_cmp);
            used.sort_by(f64::total_cmp);
            println!(
                "latency {latency} ms, {n:>2} in flight, {}: {pages} pages in {:.0} ms, {:.0} ms CPU",
                if h2 { "HTTP/2  " } else { "HTTP/1.1" },
                wall[2],
                used[2]
            );
        }
    }
}
