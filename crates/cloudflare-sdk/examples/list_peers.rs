//! The main job: list every Secondary DNS peer of an account, through auto-pagination.
//!
//! ```text
//! cargo run --example list_peers                      # no credentials: built-in fake API, demo data
//! CLOUDFLARE_API_TOKEN=... cargo run --example list_peers -- --account-id ID [--per-page N] [--json]
//! ```
//!
//! Credentials and base URL come from the environment exactly as `Client::from_env()` reads
//! them; the account from `--account-id` or `CLOUDFLARE_ACCOUNT_ID`. Peers are printed as
//! pages arrive. On failure: exit code 1, and stderr shows the HTTP status and Cloudflare's
//! codes and messages.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use cloudflare_sdk::{Client, Error, secondary_dns::Peer};
use futures::StreamExt;

#[derive(Parser)]
#[command(about = "List every Secondary DNS peer of a Cloudflare account")]
struct Args {
    /// The account id (defaults to CLOUDFLARE_ACCOUNT_ID).
    #[arg(long, env = "CLOUDFLARE_ACCOUNT_ID")]
    account_id: Option<String>,
    /// Peers per page to ask for.
    #[arg(long)]
    per_page: Option<u64>,
    /// One JSON object per peer per line, with the API's field names.
    #[arg(long)]
    json: bool,
}

const CREDENTIAL_VARS: [&str; 4] = [
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_API_USER_SERVICE_KEY",
];

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let no_credentials = CREDENTIAL_VARS
        .iter()
        .all(|v| std::env::var(v).map_or(true, |s| s.is_empty()));

    // Keeps the fake alive for the whole run when it is used.
    let mut _fake = None;
    let (client, account_id) = if no_credentials {
        let fake = match cloudflare_fake::FakeCloudflare::demo().await {
            Ok(f) => f,
            Err(e) => return fail(&format!("could not start the built-in fake API: {e}")),
        };
        eprintln!(
            "No Cloudflare credentials in the environment (CLOUDFLARE_API_TOKEN, ...): using the \
             built-in fake API at {} with demo data.",
            fake.base_url()
        );
        let client = Client::builder()
            .api_token(cloudflare_fake::DEMO_API_TOKEN)
            .base_url(fake.base_url())
            .build();
        let account = args
            .account_id
            .clone()
            .unwrap_or_else(|| cloudflare_fake::DEMO_ACCOUNT_ID.to_owned());
        _fake = Some(fake);
        (client, account)
    } else {
        let Some(account) = args.account_id.clone() else {
            return fail("no account: pass --account-id ID or set CLOUDFLARE_ACCOUNT_ID");
        };
        (Client::from_env(), account)
    };
    let client = match client {
        Ok(c) => c,
        Err(e) => return fail(&describe(&e)),
    };

    let mut list = client.secondary_dns().peers().list(account_id);
    if let Some(n) = args.per_page {
        list = list.per_page(n);
    }
    let mut pages = Box::pin(list.pages());
    let mut out = std::io::stdout().lock();
    let mut printed = 0u64;
    if !args.json {
        let _ = writeln!(
            out,
            "{:<32}  {:<24}  {:<39}  {:>5}  {:<5}  TSIG",
            "ID", "NAME", "IP", "PORT", "IXFR"
        );
    }
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                let _ = out.flush();
                return fail(&describe(&e));
            }
        };
        for peer in &page.items {
            let _ = if args.json {
                print_json(&mut out, peer)
            } else {
                print_row(&mut out, peer)
            };
        }
        let _ = out.flush();
        printed += page.items.len() as u64;
        if let Some(total) = page
            .result_info
            .and_then(|r| r.total_pages)
            .filter(|t| *t > 10)
        {
            eprintln!("page {}/{total}: {printed} peers so far", page.page);
        }
    }
    eprintln!("{printed} peers");
    ExitCode::SUCCESS
}

fn print_row(out: &mut impl Write, p: &Peer) -> std::io::Result<()> {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    writeln!(
        out,
        "{:<32}  {:<24}  {:<39}  {:>5}  {:<5}  {}",
        p.id,
        p.name,
        opt(&p.ip),
        p.port.map_or("-".into(), |n| n.to_string()),
        p.ixfr_enable.map_or("-".into(), |b| b.to_string()),
        opt(&p.tsig_id)
    )
}

fn print_json(out: &mut impl Write, p: &Peer) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        serde_json::to_string(p).expect("a peer serialises")
    )
}

/// Status, Cloudflare's codes and messages, and the ray id: what a person needs to act.
fn describe(e: &Error) -> String {
    let mut s = e.to_string();
    if let Some(api) = e.api() {
        for m in &api.errors {
            s.push_str(&format!("\n  code {}: {}", m.code, m.message));
        }
    }
    s
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}
