//! Shared test helpers: clients for loopback servers, a raw TCP server for transport faults.

use std::time::Duration;

use cloudflare_sdk::{Client, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const TOKEN: &str = "tok-5ecr3t-ABCDEFGHIJKLMNOP";
pub const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// Answers `GET route` with `body` (status 200) on `server` when each query parameter has
/// the given value, or is absent where the value is `None`.
pub async fn mount_json(
    server: &wiremock::MockServer,
    route: &str,
    query: &[(&str, Option<&str>)],
    body: serde_json::Value,
) {
    use wiremock::matchers::{method, path, query_param, query_param_is_missing};
    let mut mock = wiremock::Mock::given(method("GET")).and(path(route));
    for (name, value) in query {
        mock = match value {
            Some(v) => mock.and(query_param(*name, *v)),
            None => mock.and(query_param_is_missing(*name)),
        };
    }
    mock.respond_with(wiremock::ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

/// A token client for a loopback base URL, with fast retries (no jitter, 10 ms backoff).
pub fn client(base_url: &str) -> Client {
    Client::builder()
        .api_token(TOKEN)
        .base_url(base_url)
        .retry(fast_retries())
        .build()
        .expect("client builds")
}

/// An email for the key clients.
pub const EMAIL: &str = "user@example.com";
/// A global API key for the key clients.
pub const KEY: &str = "global-k3y-ABCDEFGHIJ";

/// A client with an email + global API key (some 2024 operations, such as Snippets and
/// Workers KV, declare only that mode) and fast retries.
pub fn key_client(base_url: &str) -> Client {
    Client::builder()
        .api_key(EMAIL, KEY)
        .base_url(base_url)
        .retry(fast_retries())
        .build()
        .expect("client builds")
}

/// A plain reqwest client. The SDK builds reqwest without a process-wide rustls crypto
/// provider (its own client is handed one), so a bare `reqwest::Client` needs one installed.
pub fn plain_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::new()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(40))
        .jitter(false)
}

/// A Cloudflare list envelope around `items`.
pub fn list_body(
    items: serde_json::Value,
    page: u64,
    per_page: u64,
    total_count: u64,
) -> serde_json::Value {
    let count = items.as_array().map_or(0, |a| a.len());
    serde_json::json!({
        "success": true, "errors": [], "messages": [],
        "result": items,
        "result_info": {"page": page, "per_page": per_page, "count": count,
                        "total_count": total_count, "total_pages": total_count.div_ceil(per_page.max(1))},
    })
}

/// What a raw server does with each connection, in order (the last one repeats).
#[derive(Clone, Debug)]
pub enum Raw {
    /// Close the connection without answering.
    Close,
    /// Write these bytes, then close.
    Bytes(Vec<u8>),
}

/// A raw HTTP/1.1 server on loopback for faults axum cannot produce. Returns its base URL
/// and a counter of connections served.
pub async fn raw_server(
    script: Vec<Raw>,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let i = seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let action = script
                .get(i)
                .or(script.last())
                .cloned()
                .expect("non-empty script");
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                // Read the request head (these tests send no body).
                let mut head = Vec::new();
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                if let Raw::Bytes(b) = action {
                    let _ = sock.write_all(&b).await;
                    let _ = sock.flush().await;
                }
                drop(sock);
            });
        }
    });
    (format!("http://{addr}/client/v4"), count)
}

/// An HTTP/1.1 response with a JSON body and `Connection: close`.
pub fn http_json(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
