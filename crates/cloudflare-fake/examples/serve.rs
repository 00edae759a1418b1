//! Runs the fake Cloudflare API on loopback until interrupted, for trying the SDK or the
//! `list_peers` example against a server of your own.
//!
//! `cargo run -p cloudflare-fake --example serve -- [TOKEN] [ACCOUNT_ID] [PEERS] [PORT]`

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let token = args.next().unwrap_or_else(|| "local-token".into());
    let account = args
        .next()
        .unwrap_or_else(|| cloudflare_fake::DEMO_ACCOUNT_ID.into());
    let peers: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(42);
    let port: u16 = args.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    let fake = cloudflare_fake::FakeCloudflare::builder()
        .api_token(&token)
        .seed_peers(&account, peers)
        .port(port)
        .start()
        .await?;
    println!("CLOUDFLARE_BASE_URL={}", fake.base_url());
    println!("CLOUDFLARE_ACCOUNT_ID={account}");
    eprintln!("serving {peers} peers; the token is {token:?}; Ctrl-C to stop");
    tokio::signal::ctrl_c().await
}
