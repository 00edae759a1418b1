//! Tracing output, in its own test binary: `tracing`'s callsite interest cache is global, so
//! a scoped subscriber is only reliable in a process where no other test runs concurrently.

use cloudflare_sdk::{Client, RetryPolicy};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "k3y-0123456789abcdef-SECRET";
const EMAIL: &str = "ops@example.com";
const ACCOUNT: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn list_body() -> serde_json::Value {
    serde_json::json!({"success": true, "errors": [], "messages": [], "result": [],
        "result_info": {"page": 1, "per_page": 20, "count": 0, "total_count": 0, "total_pages": 0}})
}

#[tokio::test]
async fn traces_name_the_operation_and_never_a_secret() {
    use std::sync::{Arc, Mutex};
    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).insert_header("cf-ray", "8f00aa11bb22cc33-SJC"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_body()))
        .mount(&server)
        .await;
    let client = Client::builder()
        .api_key(EMAIL, KEY)
        .base_url(format!("{}/client/v4", server.uri()))
        .retry(RetryPolicy::new().initial_backoff(std::time::Duration::from_millis(1)))
        .build()
        .expect("builds");
    client
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .send()
        .await
        .expect("second attempt succeeds");
    let out = String::from_utf8(buf.0.lock().expect("lock").clone()).expect("utf8");
    assert!(out.contains("cloudflare.request"), "{out}");
    assert!(
        out.contains("/accounts/{account_id}/secondary_dns/peers"),
        "{out}"
    );
    assert!(
        out.contains("attempt=1") && out.contains("attempt=2"),
        "{out}"
    );
    assert!(
        out.contains("status=500") && out.contains("status=200"),
        "{out}"
    );
    assert!(out.contains("cf_ray=\"8f00aa11bb22cc33-SJC\""), "{out}");
    assert!(out.contains("retrying"), "{out}");
    assert!(!out.contains(KEY), "secret in traces: {out}");
}
