//! Property tests: generated responses thrown at the client through a raw loopback server
//! (random status; `Retry-After`, `retry-after-ms`, `x-should-retry`, `Content-Length` lies,
//! `Content-Encoding`; valid, truncated and mutated bodies, wrong JSON types in every field,
//! deep nesting, huge numbers, HTML, random bytes).
//!
//! Every case must end within the client's deadline with either exactly the items sent (a
//! well-formed page over a clean transport) or a typed error whose text holds no secret.
//! `PROPTEST_CASES` sets the number of cases (256 by default; `PROPTEST_CASES=5000` for a
//! longer run). Failing inputs are kept in `tests/proptest-regressions/fuzz.txt` (committed)
//! and replayed first on every run.

use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use cloudflare_sdk::api::dns::types::DnsZoneTransfersPeer as Peer;
use cloudflare_sdk::{Client, Error};
use proptest::prelude::*;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::support::{ACCOUNT, TOKEN, fast_retries};

/// One peer as the server sends it, and what the SDK must make of it.
#[derive(Debug, Clone)]
struct PeerSpec {
    id: String,
    name: String,
    ip: Option<String>,
    port: Option<u16>,
    ixfr: Option<bool>,
    tsig: Option<String>,
}

impl PeerSpec {
    fn json(&self) -> Value {
        json!({"id": self.id, "name": self.name, "ip": self.ip, "port": self.port,
               "ixfr_enable": self.ixfr, "tsig_id": self.tsig})
    }

    fn expected(&self) -> Peer {
        Peer {
            id: Some(self.id.clone()),
            name: Some(self.name.clone()),
            ip: self.ip.clone(),
            ixfr_enable: self.ixfr,
            port: self.port.map(|p| i64::from(p).into()),
            tsig_id: self.tsig.clone(),
            // Each `null` sent is kept, to be written back as sent.
            extra: self
                .json()
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(_, v)| v.is_null())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<serde_json::Map<_, _>>()
                .into(),
        }
    }
}

#[derive(Debug, Clone)]
enum Body {
    /// A well-formed one-page list.
    Page(Vec<PeerSpec>),
    /// A page that claims more pages while the server ignores `page`.
    Repeating(Vec<PeerSpec>),
    /// A page cut after `n` bytes.
    Truncated(Vec<PeerSpec>, usize),
    /// A page with bytes overwritten.
    Mutated(Vec<PeerSpec>, Vec<(usize, u8)>),
    /// A page whose field at `path` holds a value of another JSON type.
    WrongType(Vec<PeerSpec>, usize, Value),
    /// `result` nested `n` arrays deep.
    Deep(usize),
    /// Numbers far outside any integer type.
    Huge,
    /// A proxy's HTML page.
    Html,
    /// Nothing.
    Empty,
    /// Arbitrary bytes.
    Bytes(Vec<u8>),
}

#[derive(Debug, Clone)]
enum Length {
    Correct,
    Missing,
    More(usize),
    Less(usize),
}

#[derive(Debug, Clone)]
struct Response {
    status: u16,
    headers: Vec<(&'static str, String)>,
    length: Length,
    body: Body,
}

fn page_json(peers: &[PeerSpec], total_pages: u64) -> Value {
    json!({
        "success": true, "errors": [], "messages": [],
        "result": peers.iter().map(PeerSpec::json).collect::<Vec<_>>(),
        "result_info": {"page": 1, "per_page": 100, "count": peers.len(),
                        "total_count": peers.len(), "total_pages": total_pages}
    })
}

const FIELDS: [&str; 6] = ["id", "name", "ip", "port", "ixfr_enable", "tsig_id"];

impl Body {
    fn bytes(&self) -> Vec<u8> {
        let to = |v: &Value| serde_json::to_vec(v).expect("json");
        match self {
            Body::Page(p) => to(&page_json(p, 1)),
            Body::Repeating(p) => to(&page_json(p, 3)),
            Body::Truncated(p, n) => {
                let b = to(&page_json(p, 1));
                b[..(*n).min(b.len().saturating_sub(1))].to_vec()
            }
            Body::Mutated(p, edits) => {
                let mut b = to(&page_json(p, 1));
                for (i, byte) in edits {
                    let len = b.len();
                    b[i % len] = *byte;
                }
                b
            }
            Body::WrongType(p, field, value) => {
                let mut v = page_json(p, 1);
                match v["result"].as_array_mut().and_then(|a| a.first_mut()) {
                    Some(first) => first[FIELDS[field % FIELDS.len()]] = value.clone(),
                    None => v["result_info"]["total_pages"] = value.clone(),
                }
                to(&v)
            }
            Body::Deep(n) => {
                let mut s = String::from(r#"{"success":true,"errors":[],"result":"#);
                s.push_str(&"[".repeat(*n));
                s.push_str(&"]".repeat(*n));
                s.push('}');
                s.into_bytes()
            }
            Body::Huge => br#"{"success":true,"errors":[],"result":[{"id":"a","name":"b","port":1e400}],"result_info":{"page":18446744073709551616,"total_pages":-1e308,"total_count":99999999999999999999999}}"#.to_vec(),
            Body::Html => b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>".to_vec(),
            Body::Empty => Vec::new(),
            Body::Bytes(b) => b.clone(),
        }
    }
}

impl Response {
    fn wire(&self) -> Vec<u8> {
        let body = self.body.bytes();
        let mut head = format!(
            "HTTP/1.1 {} X\r\ncontent-type: application/json\r\nconnection: close\r\n",
            self.status
        );
        let length = match self.length {
            Length::Correct => Some(body.len()),
            Length::Missing => None,
            Length::More(n) => Some(body.len() + n),
            Length::Less(n) => Some(body.len().saturating_sub(n)),
        };
        if let Some(n) = length {
            head.push_str(&format!("content-length: {n}\r\n"));
        }
        for (k, v) in &self.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let mut out = head.into_bytes();
        out.extend_from_slice(&body);
        out
    }

    /// The items the client must return: a well-formed page, status 200, a clean transport.
    fn expected(&self) -> Option<Vec<Peer>> {
        let clean = self.status == 200
            && matches!(self.length, Length::Correct | Length::Missing)
            && !self.headers.iter().any(|(k, _)| *k == "content-encoding");
        match &self.body {
            Body::Page(p) if clean => Some(p.iter().map(PeerSpec::expected).collect()),
            _ => None,
        }
    }
}

fn peer() -> impl Strategy<Value = PeerSpec> + Clone {
    (
        "[0-9a-f]{32}",
        any::<String>(),
        proptest::option::of("[0-9a-f:.]{1,39}"),
        proptest::option::of(any::<u16>()),
        proptest::option::of(any::<bool>()),
        proptest::option::of("[0-9a-f]{32}"),
    )
        .prop_map(|(id, name, ip, port, ixfr, tsig)| PeerSpec {
            id,
            name,
            ip,
            port,
            ixfr,
            tsig,
        })
}

fn json_value() -> impl Strategy<Value = Value> + Clone {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Body> {
    let peers = proptest::collection::vec(peer(), 0..6);
    prop_oneof![
        4 => peers.clone().prop_map(Body::Page),
        1 => peers.clone().prop_map(Body::Repeating),
        2 => (peers.clone(), 0usize..400).prop_map(|(p, n)| Body::Truncated(p, n)),
        2 => (peers.clone(), proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4))
            .prop_map(|(p, e)| Body::Mutated(p, e)),
        2 => (peers, any::<usize>(), json_value()).prop_map(|(p, f, v)| Body::WrongType(p, f, v)),
        1 => (1usize..20_000).prop_map(Body::Deep),
        1 => Just(Body::Huge),
        1 => Just(Body::Html),
        1 => Just(Body::Empty),
        1 => proptest::collection::vec(any::<u8>(), 0..64).prop_map(Body::Bytes),
    ]
}

fn header() -> impl Strategy<Value = (&'static str, String)> {
    let seconds = prop_oneof![
        (0u64..5).prop_map(|n| n.to_string()),
        (0u64..u64::MAX).prop_map(|n| n.to_string()),
        Just("-3".to_owned()),
        Just("1.5".to_owned()),
        Just("NaN".to_owned()),
        Just("Wed, 21 Oct 2015 07:28:00 GMT".to_owned()),
        Just("Fri, 31 Dec 9999 23:59:59 GMT".to_owned()),
        "[ -~]{0,12}",
    ];
    prop_oneof![
        seconds.clone().prop_map(|v| ("retry-after", v)),
        seconds.prop_map(|v| ("retry-after-ms", v)),
        prop_oneof![Just("true"), Just("false"), Just("maybe")]
            .prop_map(|v| ("x-should-retry", v.to_owned())),
        prop_oneof![
            Just("gzip"),
            Just("br"),
            Just("zstd"),
            Just("identity"),
            Just("x-nope")
        ]
        .prop_map(|v| ("content-encoding", v.to_owned())),
        Just(("cf-ray", "8a1b2c3d4e5f6a7b-SJC".to_owned())),
    ]
}

fn response() -> impl Strategy<Value = Response> {
    let status = prop_oneof![
        6 => Just(200u16),
        1 => Just(201),
        1 => Just(204),
        1 => Just(301),
        1 => Just(304),
        1 => Just(400),
        1 => Just(401),
        1 => Just(403),
        1 => Just(404),
        1 => Just(408),
        1 => Just(409),
        2 => Just(429),
        1 => Just(500),
        1 => Just(502),
        1 => Just(503),
        1 => Just(520),
        1 => 200u16..600,
    ];
    let length = prop_oneof![
        6 => Just(Length::Correct),
        1 => Just(Length::Missing),
        1 => (1usize..10_000).prop_map(Length::More),
        1 => (1usize..50).prop_map(Length::Less),
    ];
    (
        status,
        proptest::collection::vec(header(), 0..3),
        length,
        body(),
    )
        .prop_map(|(status, headers, length, body)| Response {
            status,
            headers,
            length,
            body,
        })
}

/// A raw HTTP/1.1 server on loopback that answers every request with the current script.
struct Server {
    url: String,
    current: Arc<Mutex<Vec<u8>>>,
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime")
    })
}

fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let current = Arc::new(Mutex::new(Vec::new()));
        let script = current.clone();
        let listener = runtime()
            .block_on(TcpListener::bind("127.0.0.1:0"))
            .expect("bind");
        let url = format!("http://{}/client/v4", listener.local_addr().expect("addr"));
        runtime().spawn(async move {
            loop {
                let Ok((mut sock, _)) = listener.accept().await else {
                    return;
                };
                let reply = script.lock().expect("script").clone();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 8192];
                    let mut head = Vec::new();
                    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                        match sock.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => head.extend_from_slice(&buf[..n]),
                        }
                    }
                    let _ = sock.write_all(&reply).await;
                    let _ = sock.shutdown().await;
                });
            }
        });
        Server { url, current }
    })
}

fn client(url: &str) -> Client {
    Client::builder()
        .api_token(TOKEN)
        .base_url(url)
        .timeout(Duration::from_secs(1))
        .deadline(Duration::from_secs(2))
        .retry(fast_retries().max_retry_after(Duration::from_millis(50)))
        .build()
        .expect("client")
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::SourceParallel("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_response_is_the_items_sent_or_a_typed_error(response in response()) {
        let server = server();
        *server.current.lock().expect("script") = response.wire();
        let client = client(&server.url);
        let outcome = runtime().block_on(async {
            tokio::time::timeout(
                Duration::from_secs(5),
                client.dns().zone_transfers().peers().list(ACCOUNT).into_paginator().per_page(100).all(),
            )
            .await
        });
        let outcome = match outcome {
            Ok(o) => o,
            Err(_) => return Err(TestCaseError::fail("hung past the deadline")),
        };
        match (&outcome, response.expected()) {
            (Ok(items), Some(expected)) => prop_assert_eq!(items, &expected),
            (Err(e), Some(_)) => return Err(TestCaseError::fail(format!("a clean page failed: {e:?}"))),
            (Ok(_), None) => {}
            (Err(e), None) => {
                let text = format!("{e} {e:?}");
                prop_assert!(!text.contains(TOKEN), "the token leaked: {}", text);
                if let Body::Repeating(p) = &response.body
                    && response.status == 200
                    && matches!(response.length, Length::Correct)
                    && response.headers.is_empty()
                    && !p.is_empty()
                {
                    prop_assert!(matches!(e, Error::Pagination { .. }), "{:?}", e);
                }
            }
        }
    }
}
