//! The `list_peers` program itself, with its environment, arguments and output passed in:
//! `main.rs` runs it on the process's own; the tests and the `main_job` benchmark run it
//! in-process against loopback servers.

use std::io::Write;

use clap::Parser;
use cloudflare_sdk::api::dns::types::DnsZoneTransfersPeer as Peer;
use cloudflare_sdk::{Client, Error, RawItem};
use futures::StreamExt;

#[derive(Parser)]
#[command(
    name = "list_peers",
    about = "List every Secondary DNS peer of a Cloudflare account"
)]
struct Args {
    /// The account id (defaults to CLOUDFLARE_ACCOUNT_ID).
    #[arg(long)]
    account_id: Option<String>,
    /// Peers per page to ask for.
    #[arg(long)]
    per_page: Option<u64>,
    /// One JSON object per peer per line, with the API's field names.
    #[arg(long)]
    json: bool,
    /// Fail (exit 1) if the list changes while it is read, instead of warning.
    #[arg(long)]
    strict: bool,
    /// Give up after this many seconds for the whole listing, retries and waits included.
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Pages in flight at once once the page count is known (1: one after the other).
    #[arg(long, default_value_t = 4, value_name = "N")]
    prefetch: usize,
    /// No progress on stderr.
    #[arg(long, short)]
    quiet: bool,
}

/// How progress is shown on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// A progress bar (stderr is a terminal).
    Bar,
    /// A plain line at most once a second (stderr is a file or a pipe).
    Lines,
}

const CREDENTIAL_VARS: [&str; 4] = [
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_API_USER_SERVICE_KEY",
];

/// The whole program, with its environment, arguments and output passed in (the tests call
/// it against loopback servers). Returns the exit code.
pub async fn run(
    argv: Vec<String>,
    env: impl Fn(&str) -> Option<String> + Send + Sync + Clone + 'static,
    out: &mut impl Write,
    err: &mut impl Write,
    progress: Progress,
) -> u8 {
    let args = match Args::try_parse_from(argv) {
        Ok(a) => a,
        Err(e) => {
            let _ = write!(err, "{e}");
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    let no_credentials = CREDENTIAL_VARS.iter().all(|v| var(v).is_none());
    let account_id = args
        .account_id
        .clone()
        .or_else(|| var("CLOUDFLARE_ACCOUNT_ID"));

    // Keeps the fake alive for the whole run when it is used.
    let mut _fake = None;
    let (client, account_id) = if no_credentials {
        let fake = match cloudflare_fake::FakeCloudflare::demo().await {
            Ok(f) => f,
            Err(e) => return fail(err, &format!("could not start the built-in fake API: {e}")),
        };
        let _ = writeln!(
            err,
            "No Cloudflare credentials in the environment (CLOUDFLARE_API_TOKEN, ...): using the \
             built-in fake API at {} with demo data.",
            fake.base_url()
        );
        let client = Client::builder()
            .api_token(cloudflare_fake::DEMO_API_TOKEN)
            .base_url(fake.base_url())
            .build();
        _fake = Some(fake);
        (
            client,
            account_id.unwrap_or_else(|| cloudflare_fake::DEMO_ACCOUNT_ID.to_owned()),
        )
    } else {
        let Some(account_id) = account_id else {
            return fail(
                err,
                "no account: pass --account-id ID or set CLOUDFLARE_ACCOUNT_ID",
            );
        };
        let env = env.clone();
        (
            Client::builder().from_env_with(move |n| env(n)).build(),
            account_id,
        )
    };
    let client = match client {
        Ok(c) => c,
        Err(e) => return fail(err, &describe(&e)),
    };

    let mut list = client
        .dns()
        .zone_transfers()
        .peers()
        .list(account_id)
        .into_paginator()
        .strict(args.strict)
        .prefetch(args.prefetch);
    if let Some(n) = args.per_page {
        list = list.per_page(n);
    }
    if let Some(secs) = args.timeout {
        match std::time::Duration::try_from_secs_f64(secs) {
            Ok(d) if !d.is_zero() => list = list.deadline(d),
            _ => {
                return fail(
                    err,
                    &format!("--timeout {secs}: give a positive number of seconds"),
                );
            }
        }
    }
    let meter = Meter::new(if args.quiet { None } else { Some(progress) });
    let printed = if args.json {
        // Each peer as the server sent it: nothing decoded only to be encoded again.
        print_pages(list.raw().pages(), out, err, meter, print_json).await
    } else {
        let _ = writeln!(
            out,
            "{:<32}  {:<24}  {:<39}  {:>5}  {:<5}  TSIG",
            "ID", "NAME", "IP", "PORT", "IXFR"
        );
        print_pages(list.pages(), out, err, meter, print_row).await
    };
    match printed {
        Ok(n) => {
            if !args.quiet {
                let _ = writeln!(err, "{n} peers");
            }
            0
        }
        Err(code) => code,
    }
}

/// Prints every page as it arrives, each item through `render`, with progress on `err`.
/// Returns the count printed, or the exit code of a failure (already reported).
async fn print_pages<T>(
    mut pages: impl futures::Stream<Item = Result<cloudflare_sdk::Page<T>, Error>> + Unpin,
    out: &mut impl Write,
    err: &mut impl Write,
    mut meter: Meter,
    render: fn(&mut Vec<u8>, &T),
) -> Result<u64, u8> {
    let mut printed = 0u64;
    let mut warned = false;
    let mut text = Vec::with_capacity(64 * 1024);
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(p) => p,
            Err(e) => {
                let _ = out.flush();
                return Err(fail(err, &describe(&e)));
            }
        };
        if let Some(change) = page.changed
            && !warned
        {
            warned = true;
            let _ = writeln!(err, "warning: {change}");
        }
        // The page is rendered into memory, then written and flushed at once: one write per
        // page, not several per peer.
        text.clear();
        for item in &page.items {
            render(&mut text, item);
        }
        let written = out.write_all(&text).and_then(|()| out.flush());
        if let Err(e) = written {
            // Stop at once: no further requests. A closed pipe (`| head`) exits quietly.
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                let _ = writeln!(err, "error: writing the output: {e}");
            }
            return Err(1);
        }
        printed += page.items.len() as u64;
        meter.page(
            err,
            page.page,
            page.result_info.and_then(|r| r.total_pages),
            printed,
        );
    }
    meter.finish();
    Ok(printed)
}

/// Progress on stderr: pages done of the total, peers, rate.
struct Meter {
    mode: Option<Progress>,
    bar: Option<indicatif::ProgressBar>,
    started: std::time::Instant,
    last_line: Option<std::time::Instant>,
}

impl Meter {
    fn new(mode: Option<Progress>) -> Self {
        Meter {
            mode,
            bar: None,
            started: std::time::Instant::now(),
            last_line: None,
        }
    }

    fn page(&mut self, err: &mut impl Write, page: u64, total: Option<u64>, peers: u64) {
        let rate = peers as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        match self.mode {
            None => {}
            Some(Progress::Bar) => {
                let bar = self.bar.get_or_insert_with(|| {
                    let bar = indicatif::ProgressBar::new(total.unwrap_or(0));
                    bar.set_style(
                        indicatif::ProgressStyle::with_template(
                            "{bar:30} {pos}/{len} pages  {msg}",
                        )
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                    );
                    bar
                });
                if let Some(t) = total {
                    bar.set_length(t);
                }
                bar.set_position(page);
                bar.set_message(format!("{peers} peers, {rate:.0}/s"));
            }
            Some(Progress::Lines) => {
                let due = self
                    .last_line
                    .is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(1));
                let last = total.is_some_and(|t| page >= t);
                if (due || last) && total.is_some_and(|t| t > 1) {
                    self.last_line = Some(std::time::Instant::now());
                    let total = total.map_or_else(|| "?".into(), |t| t.to_string());
                    let _ = writeln!(err, "page {page}/{total}: {peers} peers, {rate:.0}/s");
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn print_row(out: &mut Vec<u8>, p: &Peer) {
    let opt = |v: &Option<String>| v.as_deref().unwrap_or("-").to_owned();
    // Writing into a `Vec` cannot fail.
    let _ = writeln!(
        out,
        "{:<32}  {:<24}  {:<39}  {:>5}  {:<5}  {}",
        p.id.as_deref().unwrap_or_default(),
        p.name.as_deref().unwrap_or_default(),
        opt(&p.ip),
        p.port.as_ref().map_or("-".into(), |n| n.to_string()),
        p.ixfr_enable.map_or("-".into(), |b| b.to_string()),
        opt(&p.tsig_id)
    );
}

/// One peer's JSON as the server sent it, on one line: a line break between JSON tokens is
/// whitespace (one inside a string is always escaped), so dropping it keeps the value.
fn print_json(out: &mut Vec<u8>, peer: &RawItem) {
    let json = peer.get().as_bytes();
    if json.iter().any(|&b| b == b'\n' || b == b'\r') {
        out.extend(json.iter().filter(|&&b| b != b'\n' && b != b'\r'));
    } else {
        out.extend_from_slice(json);
    }
    out.push(b'\n');
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

fn fail(err: &mut impl Write, message: &str) -> u8 {
    let _ = writeln!(err, "error: {message}");
    1
}
