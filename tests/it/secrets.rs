//! No secret the server sent appears in an error: a Turnstile widget's secret, a TSIG
//! secret and a token-shaped value, in the bodies of a decode failure, an API error and an
//! HTTP error, never show in the `Display` or `Debug` of what the SDK returns.

use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCOUNT, client};

/// A Turnstile widget's secret (as `POST .../challenges/widgets` answers it).
const TURNSTILE_SECRET: &str = "0x4AAF00AAAABn0R22HWm098HVBjhdsYUc";
/// A TSIG secret (hex: no shape gives it away, only its name).
const TSIG_SECRET: &str = "caf79a7804b04337c9c66ccd7bef9190a1e1679b5dd03d8aa10f7ad45e1a9dab";
/// A value with a credential's shape under a name that says nothing (an API token's
/// `value`, as token creation answers it).
const TOKEN_SHAPED: &str = "vYt7Jd9cX2mQ4rL8pK1sZ0aB3nE6wH5uTgFi2oRx";

const SECRETS: [&str; 3] = [TURNSTILE_SECRET, TSIG_SECRET, TOKEN_SHAPED];

/// The bodies: Cloudflare's answers holding the three secrets.
fn widget() -> String {
    format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"sitekey":"0x4AAAAAAAAjq6WYeRDKmebM","secret":"{TURNSTILE_SECRET}","name":"blog","mode":"managed","value":"{TOKEN_SHAPED}"}}}}"#
    )
}

fn tsig() -> String {
    format!(
        r#"{{"success":true,"errors":[],"messages":[],"result":{{"id":"69cd1e104af3e6ed3cb344f263fd0d5a","name":"tsig.customer.cf.","algo":"hmac-sha512.","secret":"{TSIG_SECRET}","note":"{TOKEN_SHAPED}"}}}}"#
    )
}

/// Every way a body reaches an error: cut short (a decode failure quoting its start), as a
/// failure envelope whose message quotes the secrets (an API error), and as a proxy's HTML
/// page (an HTTP error).
fn answers(body: &str) -> Vec<(&'static str, ResponseTemplate)> {
    let cut = &body[..body.len() - 3];
    let api = format!(
        r#"{{"success":false,"errors":[{{"code":1004,"message":"secret {TURNSTILE_SECRET} / {TSIG_SECRET} / {TOKEN_SHAPED} is not valid"}}],"messages":[],"result":{}}}"#,
        &body[body.find(r#""result":"#).unwrap() + 9..body.len() - 1]
    );
    let html = format!(
        "<html><body>502 Bad Gateway<!-- upstream said: {body} token={TOKEN_SHAPED} --></body></html>"
    );
    vec![
        (
            "decode failure",
            ResponseTemplate::new(200).set_body_raw(cut.to_owned(), "application/json"),
        ),
        (
            "API error (400)",
            ResponseTemplate::new(400).set_body_raw(api.clone(), "application/json"),
        ),
        (
            "API error (200, success: false)",
            ResponseTemplate::new(200).set_body_raw(api, "application/json"),
        ),
        (
            "HTTP error",
            ResponseTemplate::new(502).set_body_raw(html, "text/html"),
        ),
    ]
}

async fn serve(template: ResponseTemplate) -> (MockServer, cloudflare_sdk::Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(template)
        .mount(&server)
        .await;
    let client = client(&format!("{}/client/v4", server.uri()));
    (server, client)
}

fn assert_no_secret(what: &str, err: &cloudflare_sdk::Error) {
    let (display, debug) = (err.to_string(), format!("{err:?}"));
    for secret in SECRETS {
        assert!(
            !display.contains(secret) && !debug.contains(secret),
            "{what}: a secret shows:\n{display}\n{debug}"
        );
    }
}

#[tokio::test]
async fn no_secret_of_a_response_body_appears_in_any_error() {
    let mut kinds = Vec::new();
    for (operation, body) in [("turnstile widget", widget()), ("tsig", tsig())] {
        for (what, template) in answers(&body) {
            let (_server, client) = serve(template).await;
            let err = match operation {
                "turnstile widget" => client
                    .turnstile()
                    .widgets()
                    .get(ACCOUNT, "0x4AAAAAAAAjq6WYeRDKmebM")
                    .await
                    .map(drop),
                _ => client
                    .dns()
                    .zone_transfers()
                    .tsigs()
                    .get(ACCOUNT, "69cd1e104af3e6ed3cb344f263fd0d5a")
                    .await
                    .map(drop),
            }
            .expect_err(what);
            assert_no_secret(&format!("{operation}, {what}"), &err);
            kinds.push(format!(
                "{operation}, {what}: {}",
                match &err {
                    cloudflare_sdk::Error::Decode { .. } => "Decode".to_owned(),
                    e => format!(
                        "{} {:?}",
                        e.status().unwrap_or_default(),
                        e.api().and_then(|a| a.code())
                    ),
                }
            ));
        }
    }
    // The errors are the kinds a reader expects, each with what it can say safely.
    insta::assert_snapshot!(kinds.join("\n"), @r"
    turnstile widget, decode failure: Decode
    turnstile widget, API error (400): 400 Some(1004)
    turnstile widget, API error (200, success: false): 200 Some(1004)
    turnstile widget, HTTP error: 502 None
    tsig, decode failure: Decode
    tsig, API error (400): 400 Some(1004)
    tsig, API error (200, success: false): 200 Some(1004)
    tsig, HTTP error: 502 None
    ");
}

/// The generated types' `Debug` (xtask) and the core's redaction of quoted bodies agree on
/// which property names hold a secret: one rule, in two crates that cannot share code.
#[test]
fn the_generator_and_the_core_name_the_same_secrets() {
    for name in [
        "secret",
        "client_secret",
        "tsig_secret",
        "password",
        "passphrase",
        "private_key",
        "psk",
        "token",
        "api_key",
        "type_",
        "name",
        "sitekey",
        "id",
        "value",
        "token_id",
        "key",
    ] {
        assert_eq!(
            xtask::emit::is_secret_field(name),
            cloudflare_core::redact::is_secret_name(name),
            "{name}"
        );
    }
}
