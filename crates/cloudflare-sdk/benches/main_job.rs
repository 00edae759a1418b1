//! The main job (`list_peers --json`) against `curl` fetching the same pages, in the same
//! run, from a static server on loopback that answers with pages the fake API rendered once
//! (so the server's own work does not hide the client's):
//!
//! - `main_job_100k`: 100,000 peers in 100 pages of 1,000. `curl` fetches the 100 URLs over
//!   one keep-alive connection; `list_peers` writes every peer as a JSON line (to a sink),
//!   each as the server sent it (`List::raw`: the items are not decoded only to be encoded
//!   again); `plain_reqwest_serde_4_in_flight` does the job without the SDK the usual way,
//!   decoding every peer into a struct and encoding it again, for comparison.
//! - `main_job_30ms`: the same with 30 ms of server latency per page; `curl` fetches 4 pages
//!   at a time (`--parallel --parallel-max 4`), `list_peers` uses its default prefetch (4).
//!
//! Run: `cargo bench -p cloudflare-sdk --bench main_job`. Compare the figures as ratios.
//! `curl` runs as a child process (its start-up is in its time); `list_peers` runs in this
//! process through the example's own `run`.

use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use cloudflare_fake::FakeCloudflare;
use criterion::{Criterion, criterion_group, criterion_main};
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "../examples/list_peers/run.rs"]
#[allow(dead_code)]
mod list_peers;

const TOKEN: &str = "bench-token";
const ACCOUNT: &str = "big";

fn urls(base: &str) -> Vec<String> {
    (1..=100)
        .map(|p| format!("{base}/accounts/{ACCOUNT}/secondary_dns/peers?page={p}&per_page=1000"))
        .collect()
}

fn curl(base: &str, parallel: bool) {
    let mut cmd = Command::new("curl");
    cmd.args(["-s", "-f", "-H"])
        .arg(format!("Authorization: Bearer {TOKEN}"));
    if parallel {
        cmd.args(["--parallel", "--parallel-max", "4"]);
    }
    // One `-o` per URL so every body is discarded.
    for u in urls(base) {
        cmd.args(["-o", "/dev/null", &u]);
    }
    let status = cmd.status().expect("curl runs");
    assert!(status.success(), "curl failed: {status}");
}

async fn main_job(base: &str) {
    let env: HashMap<String, String> = [
        ("CLOUDFLARE_API_TOKEN", TOKEN),
        ("CLOUDFLARE_BASE_URL", base),
        ("CLOUDFLARE_ACCOUNT_ID", ACCOUNT),
    ]
    .iter()
    .map(|(k, v)| ((*k).into(), (*v).into()))
    .collect();
    let argv = ["list_peers", "--json", "--per-page", "1000", "--quiet"]
        .map(str::to_owned)
        .to_vec();
    let mut out = std::io::sink();
    let mut err = Vec::new();
    let code = list_peers::run(
        argv,
        move |k| env.get(k).cloned(),
        &mut out,
        &mut err,
        list_peers::Progress::Lines,
    )
    .await;
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
}

#[derive(serde::Deserialize, serde::Serialize)]
struct PlainPeer {
    id: String,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ixfr_enable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    port: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tsig_id: Option<String>,
}

#[derive(serde::Deserialize)]
struct PlainPage {
    result: Vec<PlainPeer>,
}

/// The same job without the SDK: a reqwest client and serde_json, 4 pages in flight, each
/// fetched and decoded in a task of its own, every peer written as a JSON line per page.
/// No retries, no error mapping, no loop or change detection, no page count from the
/// first page (it knows there are 100).
async fn plain_loop(http: &reqwest::Client, base: &str) {
    use std::io::Write;
    let mut out = std::io::sink();
    let mut text = Vec::with_capacity(64 * 1024);
    let mut pages = futures::stream::iter(urls(base))
        .map(|url| {
            let http = http.clone();
            tokio::spawn(async move {
                let body = http
                    .get(url)
                    .bearer_auth(TOKEN)
                    .send()
                    .await?
                    .bytes()
                    .await?;
                Ok::<_, reqwest::Error>(serde_json::from_slice::<PlainPage>(&body))
            })
        })
        .buffered(4);
    let mut peers = 0;
    while let Some(page) = pages.next().await {
        let page = page.expect("task").expect("page").expect("decodes");
        text.clear();
        for peer in &page.result {
            serde_json::to_writer(&mut text, peer).expect("encodes");
            text.push(b'\n');
        }
        out.write_all(&text)
            .and_then(|()| out.flush())
            .expect("written");
        peers += page.result.len();
    }
    assert_eq!(peers, 100_000);
}

/// The 100 pages as the fake API renders them, fetched once.
async fn rendered_pages() -> Arc<Vec<Vec<u8>>> {
    let fake = FakeCloudflare::builder()
        .api_token(TOKEN)
        .generated_peers(ACCOUNT, 100_000)
        .start()
        .await
        .expect("fake");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let mut pages = Vec::new();
    for u in urls(&fake.base_url()) {
        let r = http.get(u).bearer_auth(TOKEN).send().await.expect("page");
        pages.push(r.bytes().await.expect("body").to_vec());
    }
    Arc::new(pages)
}

/// A keep-alive HTTP/1.1 server on loopback answering `?page=N` with the rendered page N
/// after `latency`. Returns its base URL.
async fn static_server(pages: Arc<Vec<Vec<u8>>>, latency: Duration) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let pages = pages.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match sock.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                    buf.drain(..end);
                    let page: usize = head
                        .split("page=")
                        .nth(1)
                        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(1);
                    let body = &pages[page.clamp(1, pages.len()) - 1];
                    if !latency.is_zero() {
                        tokio::time::sleep(latency).await;
                    }
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    );
                    if sock.write_all(head.as_bytes()).await.is_err()
                        || sock.write_all(body).await.is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}/client/v4")
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (fast, slow) = rt.block_on(async {
        let pages = rendered_pages().await;
        (
            static_server(pages.clone(), Duration::ZERO).await,
            static_server(pages, Duration::from_millis(30)).await,
        )
    });

    let mut g = c.benchmark_group("main_job_100k");
    g.sample_size(10);
    let base = fast;
    g.bench_function("curl_keepalive", |b| b.iter(|| curl(&base, false)));
    g.bench_function("list_peers_json", |b| {
        b.to_async(&rt).iter(|| main_job(&base))
    });
    let http = reqwest::Client::new();
    g.bench_function("plain_reqwest_serde_4_in_flight", |b| {
        b.to_async(&rt).iter(|| plain_loop(&http, &base))
    });
    g.finish();

    let mut g = c.benchmark_group("main_job_30ms");
    g.sample_size(10);
    let base = slow;
    g.bench_function("curl_parallel_4", |b| b.iter(|| curl(&base, true)));
    g.bench_function("list_peers_json", |b| {
        b.to_async(&rt).iter(|| main_job(&base))
    });
    g.finish();
}

criterion_group!(main_job_benches, benches);
criterion_main!(main_job_benches);
