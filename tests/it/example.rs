//! The main job (`cargo run -p cloudflare-sdk --example list_peers`), run in-process against loopback servers.

use std::collections::HashMap;

use cloudflare_fake::{FakeCloudflare, FakePeer, Fault};

#[path = "../../crates/cloudflare-sdk/examples/list_peers/run.rs"]
#[allow(dead_code)]
mod list_peers;

async fn run(args: &[&str], env: &[(&str, &str)]) -> (u8, String, String) {
    let env: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    let argv = std::iter::once("list_peers")
        .chain(args.iter().copied())
        .map(str::to_owned)
        .collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = list_peers::run(
        argv,
        move |k| env.get(k).cloned(),
        &mut out,
        &mut err,
        list_peers::Progress::Lines,
    )
    .await;
    (
        code,
        String::from_utf8(out).expect("utf8"),
        String::from_utf8(err).expect("utf8"),
    )
}

#[tokio::test]
async fn no_credentials_lists_the_demo_peers_from_the_built_in_fake() {
    let (code, out, err) = run(&[], &[]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("built-in fake API") && err.contains("demo data"),
        "{err}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 42, "header + 42 demo peers");
    assert!(lines[0].starts_with("ID "));
    assert!(lines[1].contains(&FakePeer::generated(0).id) && lines[1].contains("peer-0001"));
    assert!(err.contains("42 peers"));
}

#[tokio::test]
async fn token_and_base_url_list_that_servers_peers_as_json() {
    let fake = FakeCloudflare::builder()
        .api_token("real-token-xyz")
        .seed_peers("acc-9", 250)
        .start()
        .await
        .expect("fake");
    let base = fake.base_url();
    let env = [
        ("CLOUDFLARE_API_TOKEN", "real-token-xyz"),
        ("CLOUDFLARE_BASE_URL", base.as_str()),
        ("CLOUDFLARE_ACCOUNT_ID", "acc-9"),
    ];
    let (code, out, err) = run(&["--json", "--per-page", "20"], &env).await;
    assert_eq!(code, 0, "{err}");
    let peers: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(peers.len(), 250);
    assert_eq!(
        peers[0],
        serde_json::to_value(FakePeer::generated(0)).expect("json")
    );
    assert!(
        err.contains("page 1/13: 20 peers, ") && err.contains("page 13/13: 250 peers, "),
        "progress lines, throttled, first and last: {err}"
    );
    assert!(!err.contains("built-in fake"));
    assert_eq!(fake.request_count(), 13);
    let (code, out, err) = run(&["--json", "--per-page", "20", "--quiet"], &env).await;
    assert_eq!((code, out.lines().count()), (0, 250));
    assert_eq!(err, "", "--quiet");
    // --account-id beats the environment.
    let (code, out, _) = run(&["--json", "--account-id", "empty-account"], &env).await;
    assert_eq!((code, out.as_str()), (0, ""));
}

/// A server that does not page the list and reports no `result_info`: page 2 is page 1
/// again, byte for byte. The list is complete after page 1: exit 0, every peer once.
#[tokio::test]
async fn a_list_the_server_does_not_page_is_complete() {
    let server = wiremock::MockServer::start().await;
    let peers: Vec<serde_json::Value> = (0..20)
        .map(|i| serde_json::to_value(FakePeer::generated(i)).expect("json"))
        .collect();
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "success": true, "errors": [], "messages": [], "result": peers
            })),
        )
        .mount(&server)
        .await;
    let base = format!("{}/client/v4", server.uri());
    let env = [
        ("CLOUDFLARE_API_TOKEN", "real-token-xyz"),
        ("CLOUDFLARE_BASE_URL", base.as_str()),
        ("CLOUDFLARE_ACCOUNT_ID", "acc-9"),
    ];
    let (code, out, err) = run(&["--json", "--per-page", "20"], &env).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 20);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
    // --strict: the same server is an error, after the 20 peers.
    let (code, out, err) = run(&["--json", "--per-page", "20", "--strict"], &env).await;
    assert_eq!((code, out.lines().count()), (1, 20), "{err}");
    assert!(err.contains("page 2 repeats an earlier page"), "{err}");
}

#[tokio::test]
async fn a_bad_token_exits_1_with_cloudflares_message_and_code() {
    let fake = FakeCloudflare::builder()
        .api_token("good")
        .seed_peers("acc", 5)
        .start()
        .await
        .expect("fake");
    let base = fake.base_url();
    let env = [
        ("CLOUDFLARE_API_TOKEN", "bad-secret-token"),
        ("CLOUDFLARE_BASE_URL", base.as_str()),
    ];
    let (code, out, err) = run(&["--account-id", "acc"], &env).await;
    assert_eq!(code, 1);
    assert!(
        err.contains("HTTP 401")
            && err.contains("Authentication error")
            && err.contains("code 10000"),
        "{err}"
    );
    assert!(!err.contains("bad-secret-token") && !out.contains("bad-secret-token"));
}

#[tokio::test]
async fn a_failure_mid_list_keeps_what_was_printed() {
    let fake = FakeCloudflare::builder()
        .api_token("t")
        .seed_peers("acc", 60)
        .start()
        .await
        .expect("fake");
    let base = fake.base_url();
    let env = [
        ("CLOUDFLARE_API_TOKEN", "t"),
        ("CLOUDFLARE_BASE_URL", base.as_str()),
    ];
    // Page 1 succeeds; page 2 fails for good (three 403s are not retried past the first).
    fake.push_fault(Fault::raw(200, serde_json::json!({
        "success": true, "errors": [], "messages": [],
        "result": (0..20).map(FakePeer::generated).collect::<Vec<_>>(),
        "result_info": {"page": 1, "per_page": 20, "count": 20, "total_count": 60, "total_pages": 3}
    }).to_string()));
    fake.push_fault(Fault::status(403));
    let (code, out, err) = run(&["--account-id", "acc", "--json"], &env).await;
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 20, "the first page stays printed");
    assert!(
        err.contains("HTTP 403") && err.contains("code 1403"),
        "{err}"
    );
}

/// A page whose `result` is an object, not a list: the JSON listing (the raw pager) ends
/// with the typed pager's error, naming the page, and a non-zero exit; never "0 peers".
#[tokio::test]
async fn a_result_that_is_not_a_list_exits_1_naming_the_page() {
    let fake = FakeCloudflare::builder()
        .api_token("t")
        .seed_peers("acc", 5)
        .start()
        .await
        .expect("fake");
    let base = fake.base_url();
    let env = [
        ("CLOUDFLARE_API_TOKEN", "t"),
        ("CLOUDFLARE_BASE_URL", base.as_str()),
    ];
    let object = serde_json::json!({
        "success": true, "errors": [], "messages": [],
        "result": {"peers": [{"id": "p1", "name": "one"}]},
        "result_info": {"page": 1, "per_page": 20, "count": 1, "total_count": 1, "total_pages": 1}
    })
    .to_string();
    for args in [
        &["--account-id", "acc", "--json"][..],
        &["--account-id", "acc"][..],
    ] {
        fake.push_fault(Fault::raw(200, object.clone()));
        let (code, out, err) = run(args, &env).await;
        assert_eq!(code, 1, "{args:?}: {out}{err}");
        assert!(out.lines().count() <= 1, "{args:?}: no peer printed: {out}");
        assert!(
            err.contains("page 1") && err.contains("not a list"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("0 peers"), "{err}");
    }
}

#[tokio::test]
async fn configuration_errors_exit_1_naming_the_variables() {
    let (code, _, err) = run(
        &["--account-id", "a"],
        &[("CLOUDFLARE_EMAIL", "me@example.com")],
    )
    .await;
    assert_eq!(code, 1);
    assert!(err.contains("CLOUDFLARE_API_KEY is missing"), "{err}");
    let (code, _, err) = run(&[], &[("CLOUDFLARE_API_TOKEN", "t")]).await;
    assert_eq!(code, 1);
    assert!(err.contains("--account-id"), "{err}");
    let (code, _, err) = run(&["--per-page", "x"], &[]).await;
    assert_eq!(code, 2, "{err}");
}

/// A list that changes between pages: a warning naming the counts; `--strict` makes it an
/// error (exit 1).
#[tokio::test]
async fn a_list_that_changes_is_a_warning_or_with_strict_an_error() {
    use wiremock::matchers::{method, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    for (page, total) in [(1u64, 4u64), (2, 3)] {
        let peers: Vec<serde_json::Value> = (0..2)
            .map(|i| serde_json::to_value(FakePeer::generated((page - 1) * 2 + i)).expect("json"))
            .collect();
        Mock::given(method("GET"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "success": true, "errors": [], "messages": [], "result": peers,
                "result_info": {"page": page, "per_page": 2, "count": 2, "total_count": total, "total_pages": 2}
            })))
            .mount(&server)
            .await;
    }
    let base = format!("{}/client/v4", server.uri());
    let env = [
        ("CLOUDFLARE_API_TOKEN", "t0ken"),
        ("CLOUDFLARE_BASE_URL", base.as_str()),
        ("CLOUDFLARE_ACCOUNT_ID", "acc"),
    ];
    let (code, out, err) = run(&["--json"], &env).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 4);
    assert!(
        err.contains("warning: the list changed while it was read: 4 items in 2 pages on page 1, 3 items in 2 pages on page 2"),
        "{err}"
    );
    let (code, out, err) = run(&["--json", "--strict"], &env).await;
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.lines().count(), 2, "page 1 was printed");
    assert!(
        err.contains("error: the list changed while it was read"),
        "{err}"
    );
}

/// `--timeout` bounds the whole listing.
#[tokio::test]
async fn timeout_bounds_the_whole_listing() {
    let fake = FakeCloudflare::builder()
        .api_token("t0ken")
        .seed_peers("acc", 50)
        .start()
        .await
        .expect("fake");
    fake.set_latency(std::time::Duration::from_millis(100));
    let base = fake.base_url();
    let env = [
        ("CLOUDFLARE_API_TOKEN", "t0ken"),
        ("CLOUDFLARE_BASE_URL", base.as_str()),
        ("CLOUDFLARE_ACCOUNT_ID", "acc"),
    ];
    let (code, _, err) = run(&["--per-page", "5", "--timeout", "0.35"], &env).await;
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no result within the 350ms deadline"), "{err}");
    let (code, _, err) = run(&["--timeout", "0"], &env).await;
    assert_eq!(code, 1);
    assert!(err.contains("positive number of seconds"), "{err}");
}

/// A write error stops the listing at once: no further requests, exit 1; a closed pipe is
/// quiet, another error is named.
#[tokio::test]
async fn a_write_error_stops_the_listing_at_once() {
    struct Failing(std::io::ErrorKind);
    impl std::io::Write for Failing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(self.0.into())
        }
    }
    let fake = FakeCloudflare::builder()
        .api_token("t0ken")
        .seed_peers("acc", 100)
        .start()
        .await
        .expect("fake");
    let base = fake.base_url();
    let env: HashMap<String, String> = [
        ("CLOUDFLARE_API_TOKEN", "t0ken"),
        ("CLOUDFLARE_BASE_URL", base.as_str()),
        ("CLOUDFLARE_ACCOUNT_ID", "acc"),
    ]
    .iter()
    .map(|(k, v)| ((*k).into(), (*v).into()))
    .collect();
    for (kind, quiet) in [
        (std::io::ErrorKind::BrokenPipe, true),
        (std::io::ErrorKind::StorageFull, false),
    ] {
        let before = fake.request_count();
        let env = env.clone();
        let argv = ["list_peers", "--json", "--per-page", "10"]
            .map(str::to_owned)
            .to_vec();
        let mut err = Vec::new();
        let code = list_peers::run(
            argv,
            move |k| env.get(k).cloned(),
            &mut Failing(kind),
            &mut err,
            list_peers::Progress::Lines,
        )
        .await;
        let err = String::from_utf8(err).expect("utf8");
        assert_eq!(code, 1, "{kind:?}");
        assert_eq!(
            fake.request_count() - before,
            1,
            "{kind:?}: more pages fetched"
        );
        assert_eq!(err.contains("error: writing the output"), !quiet, "{err}");
    }
}
