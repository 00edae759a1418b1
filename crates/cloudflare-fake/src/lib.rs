//! An in-memory fake of Cloudflare's API for tests, examples and benchmarks.
//!
//! [`FakeBuilder::start`] binds `127.0.0.1` on an ephemeral port and serves the Secondary
//! DNS Peers endpoints with Cloudflare's exact envelope (`success`, `errors`, `messages`,
//! `result`, `result_info`), checks credentials the way Cloudflare does (401 with code 10000),
//! and lets a test inject faults: latency, a queue of canned responses (status, headers, body),
//! `page` ignored, `result_info` omitted or lying about `total_pages`, a `per_page` cap.
//!
//! ```no_run
//! # async fn run() {
//! let fake = cloudflare_fake::FakeCloudflare::builder()
//!     .api_token("test-token")
//!     .seed_peers("acc", 45)
//!     .start()
//!     .await
//!     .expect("bind loopback");
//! println!("{}", fake.base_url()); // http://127.0.0.1:PORT/client/v4
//! # }
//! ```

#![warn(missing_docs)]
// Axum handlers answer errors with a `Response`; boxing it would only add noise.
#![allow(clippy::result_large_err)]

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::oneshot;

/// The account id the demo data lives under.
pub const DEMO_ACCOUNT_ID: &str = "01a7362d577a6c3019a474fd6f485823";
/// The API token the demo fake accepts.
pub const DEMO_API_TOKEN: &str = "demo-token-not-a-secret";

/// A peer as the fake stores and serves it (Cloudflare's field names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FakePeer {
    /// 32 hex characters.
    pub id: String,
    /// The peer's name.
    pub name: String,
    /// Nameserver address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// IXFR instead of AXFR.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ixfr_enable: Option<bool>,
    /// Nameserver port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// TSIG key id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tsig_id: Option<String>,
}

impl FakePeer {
    /// The `i`-th generated demo peer of an account: deterministic, realistic.
    pub fn generated(i: u64) -> Self {
        FakePeer {
            id: format!("{:032x}", 0x23ff_5949_56f2_0c2a_u128 << 64 | u128::from(i)),
            name: format!("peer-{:04}", i + 1),
            ip: Some(if i % 3 == 2 {
                format!("2001:db8::{:x}", i + 1)
            } else {
                format!("192.0.2.{}", i % 250 + 1)
            }),
            ixfr_enable: Some(i.is_multiple_of(2)),
            port: Some(if i % 5 == 4 { 5353 } else { 53 }),
            tsig_id: i
                .is_multiple_of(4)
                .then(|| format!("{:032x}", 0x69cd_1e10_u128 << 96 | u128::from(i))),
        }
    }
}

/// A canned response, served instead of the real one (see [`FakeCloudflare::push_fault`]).
#[derive(Debug, Clone)]
pub struct Fault {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    delay: Duration,
}

impl Fault {
    /// A response with `status` and Cloudflare's failure envelope (code 1000 + status).
    pub fn status(status: u16) -> Self {
        let body = json!({
            "success": false,
            "errors": [{"code": 1000 + u32::from(status), "message": format!("injected {status}")}],
            "messages": [],
            "result": null,
        });
        Fault {
            status,
            headers: Vec::new(),
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    /// A response with `status` and an HTML body, as Cloudflare's edge sends for 502/503.
    pub fn html(status: u16) -> Self {
        Fault {
            status,
            headers: vec![("content-type".into(), "text/html".into())],
            body: format!("<html><body><h1>{status} Bad Gateway</h1>cloudflare</body></html>"),
            delay: Duration::ZERO,
        }
    }

    /// A response with `status` and exactly this body.
    pub fn raw(status: u16, body: impl Into<String>) -> Self {
        Fault {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// Adds a response header (`Retry-After`, `x-should-retry`…).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, d: Duration) -> Self {
        self.delay = d;
        self
    }
}

/// A request the fake received (credentials redacted to their header names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`…
    pub method: String,
    /// Path as received, percent-encoding intact.
    pub path: String,
    /// Query string, if any.
    pub query: Option<String>,
    /// Every header, lower-case name → value.
    pub headers: BTreeMap<String, String>,
}

#[derive(Debug, Default)]
struct Behaviour {
    latency: Duration,
    faults: VecDeque<Fault>,
    ignore_page: bool,
    omit_result_info: bool,
    total_pages_extra: u64,
    max_per_page: u64,
}

#[derive(Debug)]
enum Peers {
    Stored(Vec<FakePeer>),
    /// `n` peers computed on demand from [`FakePeer::generated`]: no memory per peer.
    Generated(u64),
}

#[derive(Debug)]
struct Shared {
    tokens: Vec<String>,
    keys: Vec<(String, String)>,
    accounts: Mutex<HashMap<String, Peers>>,
    behaviour: Mutex<Behaviour>,
    requests: Mutex<Vec<RecordedRequest>>,
    record: bool,
    count: AtomicU64,
    next_id: AtomicU64,
}

/// Configures a [`FakeCloudflare`].
#[derive(Debug, Default)]
pub struct FakeBuilder {
    tokens: Vec<String>,
    keys: Vec<(String, String)>,
    accounts: HashMap<String, Peers>,
    record: bool,
    max_per_page: Option<u64>,
    port: u16,
}

impl FakeBuilder {
    /// Accept this API token (`Authorization: Bearer`).
    pub fn api_token(mut self, token: &str) -> Self {
        self.tokens.push(token.to_owned());
        self
    }

    /// Accept this email + global API key.
    pub fn api_key(mut self, email: &str, key: &str) -> Self {
        self.keys.push((email.to_owned(), key.to_owned()));
        self
    }

    /// Store `n` generated peers under `account`.
    pub fn seed_peers(mut self, account: &str, n: u64) -> Self {
        self.accounts.insert(
            account.to_owned(),
            Peers::Stored((0..n).map(FakePeer::generated).collect()),
        );
        self
    }

    /// Store exactly these peers under `account`.
    pub fn peers(mut self, account: &str, peers: Vec<FakePeer>) -> Self {
        self.accounts
            .insert(account.to_owned(), Peers::Stored(peers));
        self
    }

    /// Serve `n` generated peers under `account` without storing them (for millions).
    pub fn generated_peers(mut self, account: &str, n: u64) -> Self {
        self.accounts
            .insert(account.to_owned(), Peers::Generated(n));
        self
    }

    /// Record every request for [`FakeCloudflare::requests`]. Off by default.
    pub fn record_requests(mut self) -> Self {
        self.record = true;
        self
    }

    /// The largest `per_page` served (larger asks are capped). Defaults to 1,000.
    pub fn max_per_page(mut self, n: u64) -> Self {
        self.max_per_page = Some(n);
        self
    }

    /// The loopback port to bind. Defaults to 0: an ephemeral port.
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Binds `127.0.0.1:0` (or the configured port) and serves in a background task until the fake is dropped.
    pub async fn start(self) -> std::io::Result<FakeCloudflare> {
        let shared = Arc::new(Shared {
            tokens: self.tokens,
            keys: self.keys,
            accounts: Mutex::new(self.accounts),
            behaviour: Mutex::new(Behaviour {
                max_per_page: self.max_per_page.unwrap_or(1000).max(1),
                ..Behaviour::default()
            }),
            requests: Mutex::new(Vec::new()),
            record: self.record,
            count: AtomicU64::new(0),
            next_id: AtomicU64::new(1),
        });
        let app = Router::new()
            .route(
                "/client/v4/accounts/{account_id}/secondary_dns/peers",
                get(list_peers).post(create_peer),
            )
            .route(
                "/client/v4/accounts/{account_id}/secondary_dns/peers/{peer_id}",
                get(get_peer).put(update_peer).delete(delete_peer),
            )
            .fallback(not_found)
            .layer(axum::middleware::from_fn_with_state(shared.clone(), gate))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(FakeCloudflare {
            addr,
            shared,
            _shutdown: tx,
        })
    }
}

/// A running fake Cloudflare API on loopback. Stops when dropped.
#[derive(Debug)]
pub struct FakeCloudflare {
    addr: SocketAddr,
    shared: Arc<Shared>,
    _shutdown: oneshot::Sender<()>,
}

impl FakeCloudflare {
    /// A builder: no credentials accepted until one is added, no accounts.
    pub fn builder() -> FakeBuilder {
        FakeBuilder::default()
    }

    /// The demo fake: accepts [`DEMO_API_TOKEN`] and serves 42 peers under
    /// [`DEMO_ACCOUNT_ID`].
    pub async fn demo() -> std::io::Result<FakeCloudflare> {
        FakeCloudflare::builder()
            .api_token(DEMO_API_TOKEN)
            .seed_peers(DEMO_ACCOUNT_ID, 42)
            .start()
            .await
    }

    /// `http://127.0.0.1:PORT/client/v4`: the base URL to give a client.
    pub fn base_url(&self) -> String {
        format!("http://{}/client/v4", self.addr)
    }

    /// Requests served so far (canned faults included).
    pub fn request_count(&self) -> u64 {
        self.shared.count.load(Ordering::SeqCst)
    }

    /// Requests received so far, if recording was enabled.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Serves `fault` instead of the next real response (faults queue up in order).
    pub fn push_fault(&self, fault: Fault) {
        lock(&self.shared.behaviour).faults.push_back(fault);
    }

    /// Adds this latency to every response.
    pub fn set_latency(&self, latency: Duration) {
        lock(&self.shared.behaviour).latency = latency;
    }

    /// Ignore the `page` parameter (always serve page 1), as some servers do.
    pub fn set_ignore_page(&self, on: bool) {
        lock(&self.shared.behaviour).ignore_page = on;
    }

    /// Leave `result_info` out of list responses.
    pub fn set_omit_result_info(&self, on: bool) {
        lock(&self.shared.behaviour).omit_result_info = on;
    }

    /// Report `extra` more `total_pages` than there are.
    pub fn set_total_pages_extra(&self, extra: u64) {
        lock(&self.shared.behaviour).total_pages_extra = extra;
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A random `cf-ray` id (a fresh `RandomState` is randomly keyed).
fn ray() -> HeaderValue {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(0);
    HeaderValue::from_str(&format!("{:016x}-SJC", h.finish())).expect("hex is a valid header")
}

fn envelope_error(status: StatusCode, code: u32, message: &str) -> Response {
    let body = json!({
        "success": false,
        "errors": [{"code": code, "message": message}],
        "messages": [],
        "result": null,
    });
    (status, axum::Json(body)).into_response()
}

/// Runs before every handler: counts, records, delays, serves queued faults, checks auth.
async fn gate(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    shared.count.fetch_add(1, Ordering::SeqCst);
    if shared.record {
        lock(&shared.requests).push(RecordedRequest {
            method: request.method().to_string(),
            path: request.uri().path().to_owned(),
            query: request.uri().query().map(str::to_owned),
            headers: request
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_owned(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect(),
        });
    }
    let (latency, fault) = {
        let mut b = lock(&shared.behaviour);
        (b.latency, b.faults.pop_front())
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut response = match fault {
        Some(f) => {
            if !f.delay.is_zero() {
                tokio::time::sleep(f.delay).await;
            }
            let mut r = (
                StatusCode::from_u16(f.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                f.body,
            )
                .into_response();
            if !f
                .headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            {
                r.headers_mut()
                    .insert("content-type", HeaderValue::from_static("application/json"));
            }
            for (k, v) in f.headers {
                if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
                    r.headers_mut().insert(k, v);
                }
            }
            r
        }
        None => match authenticate(&shared, request.headers()) {
            Ok(()) => next.run(request).await,
            Err(r) => r,
        },
    };
    response.headers_mut().insert("cf-ray", ray());
    response
}

fn authenticate(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let bearer = get("authorization").and_then(|v| v.strip_prefix("Bearer "));
    let email = get("x-auth-email");
    let key = get("x-auth-key");
    if bearer.is_some() && (email.is_some() || key.is_some()) {
        return Err(envelope_error(
            StatusCode::BAD_REQUEST,
            6003,
            "Invalid request headers",
        ));
    }
    let ok = match (bearer, email, key) {
        (Some(t), None, None) => shared.tokens.iter().any(|v| v == t),
        (None, Some(e), Some(k)) => shared.keys.iter().any(|(ve, vk)| ve == e && vk == k),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(envelope_error(
            StatusCode::UNAUTHORIZED,
            10000,
            "Authentication error",
        ))
    }
}

async fn not_found() -> Response {
    envelope_error(StatusCode::NOT_FOUND, 7003, "No route for the URI")
}

#[derive(Debug, Deserialize)]
struct PageParams {
    page: Option<String>,
    per_page: Option<String>,
}

async fn list_peers(
    State(shared): State<Arc<Shared>>,
    Path(account): Path<String>,
    Query(params): Query<PageParams>,
) -> Response {
    let (ignore_page, omit_info, extra, max_per_page) = {
        let b = lock(&shared.behaviour);
        (
            b.ignore_page,
            b.omit_result_info,
            b.total_pages_extra,
            b.max_per_page,
        )
    };
    let parse = |v: &Option<String>, name: &str| -> Result<Option<u64>, Response> {
        match v {
            None => Ok(None),
            Some(s) => s.parse::<u64>().map(Some).map_err(|_| {
                envelope_error(
                    StatusCode::BAD_REQUEST,
                    1001,
                    &format!("Invalid {name} parameter"),
                )
            }),
        }
    };
    let page = match parse(&params.page, "page") {
        Ok(p) => p.unwrap_or(1).max(1),
        Err(r) => return r,
    };
    let per_page = match parse(&params.per_page, "per_page") {
        Ok(p) => p.unwrap_or(20).clamp(1, max_per_page),
        Err(r) => return r,
    };
    let page = if ignore_page { 1 } else { page };
    let accounts = lock(&shared.accounts);
    let total = match accounts.get(&account) {
        Some(Peers::Stored(p)) => p.len() as u64,
        Some(Peers::Generated(n)) => *n,
        None => 0,
    };
    let start = (page - 1).saturating_mul(per_page).min(total);
    let end = start.saturating_add(per_page).min(total);
    let items: Vec<FakePeer> = match accounts.get(&account) {
        Some(Peers::Stored(p)) => p[start as usize..end as usize].to_vec(),
        Some(Peers::Generated(_)) => (start..end).map(FakePeer::generated).collect(),
        None => Vec::new(),
    };
    drop(accounts);
    let mut body = json!({
        "success": true,
        "errors": [],
        "messages": [],
        "result": items,
    });
    if !omit_info {
        body["result_info"] = json!({
            "page": page,
            "per_page": per_page,
            "count": items.len(),
            "total_count": total,
            "total_pages": total.div_ceil(per_page) + extra,
        });
    }
    axum::Json(body).into_response()
}

fn single(result: Value) -> Response {
    axum::Json(json!({"success": true, "errors": [], "messages": [], "result": result}))
        .into_response()
}

fn peer_not_found() -> Response {
    envelope_error(StatusCode::NOT_FOUND, 1003, "Peer not found")
}

#[derive(Debug, Deserialize)]
struct PeerBody {
    name: Option<String>,
    ip: Option<String>,
    ixfr_enable: Option<bool>,
    port: Option<u16>,
    tsig_id: Option<String>,
}

async fn create_peer(
    State(shared): State<Arc<Shared>>,
    Path(account): Path<String>,
    body: Option<axum::Json<PeerBody>>,
) -> Response {
    let Some(axum::Json(body)) = body else {
        return envelope_error(StatusCode::BAD_REQUEST, 1000, "Invalid JSON body");
    };
    let Some(name) = body.name.filter(|n| !n.is_empty()) else {
        return envelope_error(StatusCode::BAD_REQUEST, 1004, "name is required");
    };
    let n = shared.next_id.fetch_add(1, Ordering::SeqCst);
    let peer = FakePeer {
        id: format!("{:032x}", 0xc0ffee_u128 << 64 | u128::from(n)),
        name,
        ip: body.ip,
        ixfr_enable: body.ixfr_enable,
        port: body.port,
        tsig_id: body.tsig_id,
    };
    let mut accounts = lock(&shared.accounts);
    match accounts
        .entry(account)
        .or_insert_with(|| Peers::Stored(Vec::new()))
    {
        Peers::Stored(p) => p.push(peer.clone()),
        Peers::Generated(_) => {
            return envelope_error(
                StatusCode::BAD_REQUEST,
                1000,
                "generated accounts are read-only",
            );
        }
    }
    single(serde_json::to_value(peer).expect("a peer serialises"))
}

fn with_peer<R>(
    shared: &Shared,
    account: &str,
    id: &str,
    f: impl FnOnce(&mut Vec<FakePeer>, usize) -> R,
) -> Option<R> {
    let mut accounts = lock(&shared.accounts);
    match accounts.get_mut(account) {
        Some(Peers::Stored(p)) => {
            let i = p.iter().position(|x| x.id == id)?;
            Some(f(p, i))
        }
        _ => None,
    }
}

async fn get_peer(
    State(shared): State<Arc<Shared>>,
    Path((account, id)): Path<(String, String)>,
) -> Response {
    match with_peer(&shared, &account, &id, |p, i| p[i].clone()) {
        Some(peer) => single(serde_json::to_value(peer).expect("a peer serialises")),
        None => peer_not_found(),
    }
}

async fn update_peer(
    State(shared): State<Arc<Shared>>,
    Path((account, id)): Path<(String, String)>,
    body: Option<axum::Json<PeerBody>>,
) -> Response {
    let Some(axum::Json(body)) = body else {
        return envelope_error(StatusCode::BAD_REQUEST, 1000, "Invalid JSON body");
    };
    let updated = with_peer(&shared, &account, &id, |p, i| {
        let peer = &mut p[i];
        if let Some(name) = body.name {
            peer.name = name;
        }
        peer.ip = body.ip;
        peer.ixfr_enable = body.ixfr_enable;
        peer.port = body.port;
        peer.tsig_id = body.tsig_id;
        peer.clone()
    });
    match updated {
        Some(peer) => single(serde_json::to_value(peer).expect("a peer serialises")),
        None => peer_not_found(),
    }
}

async fn delete_peer(
    State(shared): State<Arc<Shared>>,
    Path((account, id)): Path<(String, String)>,
) -> Response {
    match with_peer(&shared, &account, &id, |p, i| p.remove(i)) {
        Some(peer) => single(json!({"id": peer.id})),
        None => peer_not_found(),
    }
}
