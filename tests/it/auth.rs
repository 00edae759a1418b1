//! Auth modes, environment rules, secret redaction, transport safety.

use std::collections::HashMap;

use cloudflare_sdk::{Client, Credentials, Error, Secret};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCOUNT, TOKEN, list_body};

const KEY: &str = "k3y-0123456789abcdef-SECRET";
const SERVICE_KEY: &str = "v1.0-SERVICEKEY-0123456789";
const EMAIL: &str = "ops@example.com";

async fn peers_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(list_body(
            serde_json::json!([]),
            1,
            20,
            0,
        )))
        .mount(&server)
        .await;
    server
}

/// Sends one List Peers with `credentials` through the generated request (the hooks add
/// the credential headers, whatever the operation declares) and returns the auth headers
/// the server saw.
async fn auth_headers_sent(credentials: Credentials) -> HashMap<String, String> {
    let server = peers_server().await;
    let client = Client::builder()
        .credentials(credentials)
        .base_url(format!("{}/client/v4", server.uri()))
        .build()
        .expect("builds");
    // The generated request carries the client's credential headers, whatever the
    // operation declares.
    client
        .api()
        .dns()
        .dns_zone_transfers_peers_list()
        .account_id(ACCOUNT)
        .send()
        .await
        .expect("lists");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    [
        "authorization",
        "x-auth-email",
        "x-auth-key",
        "x-auth-user-service-key",
    ]
    .into_iter()
    .filter_map(|h| {
        requests[0]
            .headers
            .get(h)
            .map(|v| (h.to_owned(), v.to_str().expect("ascii").to_owned()))
    })
    .collect()
}

#[tokio::test]
async fn api_token_sends_bearer_and_nothing_else() {
    let h = auth_headers_sent(Credentials::api_token(TOKEN)).await;
    assert_eq!(
        h,
        HashMap::from([("authorization".into(), format!("Bearer {TOKEN}"))])
    );
}

#[tokio::test]
async fn api_key_sends_email_and_key_and_nothing_else() {
    let h = auth_headers_sent(Credentials::api_key(EMAIL, KEY)).await;
    assert_eq!(
        h,
        HashMap::from([
            ("x-auth-email".into(), EMAIL.into()),
            ("x-auth-key".into(), KEY.into())
        ])
    );
}

#[tokio::test]
async fn user_service_key_sends_its_header_and_nothing_else() {
    let h = auth_headers_sent(Credentials::user_service_key(SERVICE_KEY)).await;
    assert_eq!(
        h,
        HashMap::from([("x-auth-user-service-key".into(), SERVICE_KEY.into())])
    );
}

/// The server is the authority on credentials: Secondary DNS's document lists API token or
/// email + key, yet a user service key client sends its key (the request loop refuses no
/// configured credential), and the server's refusal is the typed error, naming no secret.
#[tokio::test]
async fn credentials_the_document_does_not_list_are_sent_and_the_server_decides() {
    let server = peers_server().await;
    let client = Client::builder()
        .user_service_key(SERVICE_KEY)
        .base_url(format!("{}/client/v4", server.uri()))
        .build()
        .expect("builds");
    let list = client.dns().zone_transfers().peers().list(ACCOUNT);
    let page = list
        .clone()
        .into_paginator()
        .send()
        .await
        .expect("sent, and answered");
    assert!(page.items.is_empty());
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0]
            .headers
            .get("x-auth-user-service-key")
            .map(|v| v.as_bytes()),
        Some(SERVICE_KEY.as_bytes())
    );

    // The server refuses it: Cloudflare's code, typed, without the key.
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_json(serde_json::json!({
            "success": false,
            "errors": [{"code": 10000, "message": "Authentication error"}],
            "messages": [],
            "result": null
        })))
        .mount(&server)
        .await;
    let err = list.send().await.expect_err("refused by the server");
    let Error::Authentication(api) = &err else {
        panic!("{err:?}");
    };
    assert_eq!(api.code(), Some(10000));
    assert!(!err.to_string().contains(SERVICE_KEY));
    assert!(!format!("{err:?}").contains(SERVICE_KEY));
}

fn env_client(vars: &[(&str, &str)]) -> Result<Client, Error> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    Client::builder()
        .from_env_with(move |name| map.get(name).cloned())
        .build()
}

fn config_message(r: Result<Client, Error>) -> String {
    match r {
        Err(Error::Config { message }) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn environment_rules() {
    let token = ("CLOUDFLARE_API_TOKEN", TOKEN);
    let email = ("CLOUDFLARE_EMAIL", EMAIL);
    let key = ("CLOUDFLARE_API_KEY", KEY);
    let service = ("CLOUDFLARE_API_USER_SERVICE_KEY", SERVICE_KEY);

    // One complete mode each: fine.
    for vars in [vec![token], vec![email, key], vec![service]] {
        env_client(&vars).expect("one mode builds");
    }
    // Empty means unset.
    env_client(&[token, ("CLOUDFLARE_EMAIL", ""), ("CLOUDFLARE_API_KEY", "")])
        .expect("empty pair ignored");

    // Nothing at all.
    let m = config_message(env_client(&[]));
    assert!(
        m.contains("no Cloudflare credentials") && m.contains("CLOUDFLARE_API_TOKEN"),
        "{m}"
    );
    let m = config_message(env_client(&[("CLOUDFLARE_API_TOKEN", "")]));
    assert!(m.contains("no Cloudflare credentials"), "{m}");

    // Two complete modes: an error naming the variables, never a silent pick.
    let m = config_message(env_client(&[token, email, key]));
    assert!(
        m.contains("CLOUDFLARE_API_TOKEN") && m.contains("CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY"),
        "{m}"
    );
    let m = config_message(env_client(&[token, service]));
    assert!(m.contains("CLOUDFLARE_API_USER_SERVICE_KEY"), "{m}");

    // Half a pair: says what is missing (also beside a token: Python drops the token here).
    let m = config_message(env_client(&[email]));
    assert!(m.contains("CLOUDFLARE_API_KEY is missing"), "{m}");
    let m = config_message(env_client(&[key]));
    assert!(m.contains("CLOUDFLARE_EMAIL is missing"), "{m}");
    let m = config_message(env_client(&[token, email]));
    assert!(
        m.contains("CLOUDFLARE_API_KEY is missing") && m.contains("unset CLOUDFLARE_EMAIL"),
        "{m}"
    );

    // Base URL from the environment; explicit beats it.
    let c = env_client(&[
        token,
        ("CLOUDFLARE_BASE_URL", "http://127.0.0.1:9/client/v4/"),
    ])
    .expect("builds");
    assert_eq!(c.base_url(), "http://127.0.0.1:9/client/v4");
    let map = HashMap::from([
        ("CLOUDFLARE_BASE_URL", "http://127.0.0.1:9"),
        ("CLOUDFLARE_API_TOKEN", "env-token"),
    ]);
    let c = Client::builder()
        .from_env_with(move |n| map.get(n).map(|v| (*v).to_owned()))
        .base_url("https://api.example.test/v4")
        .api_token("explicit")
        .build()
        .expect("explicit wins");
    assert_eq!(c.base_url(), "https://api.example.test/v4");
}

#[tokio::test]
async fn explicit_credentials_beat_the_environment() {
    let server = peers_server().await;
    let map = HashMap::from([
        ("CLOUDFLARE_EMAIL", EMAIL),
        ("CLOUDFLARE_API_KEY", KEY),
        ("CLOUDFLARE_API_TOKEN", "env"),
    ]);
    let client = Client::builder()
        .from_env_with(move |n| map.get(n).map(|v| (*v).to_owned()))
        .api_token(TOKEN)
        .base_url(format!("{}/client/v4", server.uri()))
        .build()
        .expect("explicit credentials win, the conflicting environment is not read");
    client
        .dns()
        .zone_transfers()
        .peers()
        .list(ACCOUNT)
        .into_paginator()
        .send()
        .await
        .expect("lists");
    let r = &server.received_requests().await.expect("recorded")[0];
    assert_eq!(
        r.headers.get("authorization").expect("bearer"),
        &format!("Bearer {TOKEN}")
    );
    assert!(r.headers.get("x-auth-email").is_none() && r.headers.get("x-auth-key").is_none());
}

#[test]
fn no_credentials_fail_at_construction() {
    let m = config_message(Client::builder().build());
    assert!(m.contains("no credentials"), "{m}");
}

#[test]
fn secrets_with_header_breaking_bytes_fail_at_construction_without_echo() {
    for bad in ["zq9\r\nX-Evil: 1", "zq9\n", "zq9\0", "zq9ö"] {
        for creds in [
            Credentials::api_token(bad),
            Credentials::api_key(EMAIL, bad),
            Credentials::user_service_key(bad),
        ] {
            let m = config_message(Client::builder().credentials(creds).build());
            assert!(m.contains("not allowed in an HTTP header"), "{m}");
            assert!(!m.contains("zq9"), "secret echoed: {m}");
        }
    }
    let m = config_message(Client::builder().api_token("").build());
    assert!(m.contains("empty"), "{m}");
}

#[test]
fn secrets_never_appear_in_debug_or_display() {
    let creds = [
        Credentials::api_token(TOKEN),
        Credentials::api_key(EMAIL, KEY),
        Credentials::user_service_key(SERVICE_KEY),
    ];
    for c in creds {
        let builder = Client::builder()
            .credentials(c.clone())
            .base_url("https://api.example.test");
        let client = builder.clone().build().expect("builds");
        let texts = [
            format!("{c:?}"),
            format!("{builder:?}"),
            format!("{client:?}"),
            format!("{:?}", client.api()),
        ];
        for t in texts {
            for secret in [TOKEN, KEY, SERVICE_KEY] {
                assert!(!t.contains(secret), "secret in {t}");
            }
        }
    }
    let s = Secret::new(TOKEN);
    assert_eq!(format!("{s}"), "<redacted>");
    assert!(!format!("{s:?}").contains(TOKEN));
}

#[test]
fn https_is_required_except_to_loopback() {
    let build = |url: &str| Client::builder().api_token(TOKEN).base_url(url).build();
    for ok in [
        "https://api.cloudflare.com/client/v4",
        "http://127.0.0.1:8080/client/v4",
        "http://127.8.9.10/x",
        "http://localhost:1/",
        "http://[::1]:9/",
    ] {
        build(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    for refused in [
        "http://api.cloudflare.com/client/v4",
        "http://10.0.0.1/",
        "http://localhost.evil.com/",
        "ftp://x/",
    ] {
        let m = config_message(build(refused));
        assert!(m.contains("https is required"), "{refused}: {m}");
    }
    Client::builder()
        .api_token(TOKEN)
        .base_url("http://api.internal.example/v4")
        .allow_insecure_http(true)
        .build()
        .expect("explicit opt-in");
    assert!(matches!(build("not a url"), Err(Error::Config { .. })));
}
