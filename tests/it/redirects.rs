//! Credentials never follow a redirect: every auth mode, every redirect status, to another
//! port and to another host, through the SDK and through the generated request.

use cloudflare_sdk::{Client, Credentials, Error};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCOUNT, fast_retries};

const STATUSES: [u16; 5] = [301, 302, 303, 307, 308];

/// A server on another loopback address (another host) or port that would record anything
/// sent to it.
async fn target(host: &str) -> MockServer {
    let listener = std::net::TcpListener::bind(format!("{host}:0")).expect("bind");
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "success": true, "errors": [], "messages": [], "result": []
        })))
        .mount(&server)
        .await;
    server
}

async fn redirecting(status: u16, location: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).insert_header("location", location))
        .mount(&server)
        .await;
    server
}

fn modes() -> Vec<Credentials> {
    vec![
        Credentials::api_token("tok-5ecr3t-ABCDEFGHIJKLMNOP"),
        Credentials::api_key("ops@example.com", "k3y-5ecr3t-0123456789abcdef"),
        Credentials::user_service_key("v1.0-5ecr3t-user-service-key"),
    ]
}

#[tokio::test]
async fn no_credential_reaches_another_origin_on_any_redirect() {
    let other_port = target("127.0.0.1").await;
    let other_host = target("127.0.0.2").await;
    for destination in [&other_port, &other_host] {
        let location = format!(
            "{}/client/v4/accounts/{ACCOUNT}/secondary_dns/peers",
            destination.uri()
        );
        for status in STATUSES {
            let origin = redirecting(status, &location).await;
            for credentials in modes() {
                let mode = credentials.mode();
                let client = Client::builder()
                    .credentials(credentials)
                    .base_url(format!("{}/client/v4", origin.uri()))
                    .retry(fast_retries())
                    .build()
                    .expect("builds");
                let err = client
                    .dns()
                    .zone_transfers()
                    .peers()
                    .list(ACCOUNT)
                    .into_paginator()
                    .send()
                    .await
                    .expect_err("redirect");
                let Error::Redirect {
                    status: got,
                    location: Some(got_location),
                } = &err
                else {
                    panic!("{mode} {status}: {err:?}");
                };
                assert_eq!((*got, got_location.as_str()), (status, location.as_str()));
                assert!(!err.is_retryable());
                assert_eq!(err.status(), Some(status));
            }
            // Requests reached the origin only, once per call: no retries of a redirect.
            let sent = origin.received_requests().await.expect("recorded").len();
            assert_eq!(sent, 3, "{status}");
        }
        assert!(
            destination
                .received_requests()
                .await
                .expect("recorded")
                .is_empty(),
            "a request followed the redirect to {}",
            destination.uri()
        );
    }
}

#[tokio::test]
async fn redirect_error_names_the_status_and_location() {
    let origin = redirecting(307, "https://elsewhere.example/steal").await;
    let client = crate::support::client(&format!("{}/client/v4", origin.uri()));
    let err = client
        .dns()
        .zone_transfers()
        .peers()
        .get(ACCOUNT, "23ff594956f20c2a721606e94745a8aa")
        .send()
        .await
        .expect_err("redirect");
    insta::assert_snapshot!(err.to_string(), @"the server answered 307 redirecting to https://elsewhere.example/steal; redirects are not followed (no credential leaves for another origin)");
}
