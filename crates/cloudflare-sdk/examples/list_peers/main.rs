//! The main job: list every Secondary DNS peer of an account, through auto-pagination.
//!
//! ```text
//! cargo run -p cloudflare-sdk --example list_peers   # no credentials: built-in fake API, demo data
//! CLOUDFLARE_API_TOKEN=... cargo run -p cloudflare-sdk --example list_peers -- --account-id ID [--per-page N] [--json]
//!     [--strict] [--timeout SECONDS] [--prefetch N] [--quiet]
//! ```
//!
//! Credentials and base URL come from the environment exactly as `Client::from_env()` reads
//! them; the account from `--account-id` or `CLOUDFLARE_ACCOUNT_ID`. Peers are printed as
//! pages arrive. On failure: exit code 1, and stderr shows the HTTP status and Cloudflare's
//! codes and messages (what was printed before stays printed). A list that changes while it
//! is read is a warning on stderr naming the counts before and after (`--strict`: an error,
//! exit 1). A write error on stdout stops the listing at once (exit 1; quietly for a closed
//! pipe).

use std::process::ExitCode;

mod run;

use run::{Progress, run};

#[tokio::main]
async fn main() -> ExitCode {
    use std::io::IsTerminal;
    // No buffer of our own: the program renders each page in memory and writes it at once.
    let mut out = std::io::stdout().lock();
    let progress = if std::io::stderr().is_terminal() {
        Progress::Bar
    } else {
        Progress::Lines
    };
    let code = run(
        std::env::args().collect(),
        |name| std::env::var(name).ok(),
        &mut out,
        &mut std::io::stderr(),
        progress,
    )
    .await;
    ExitCode::from(code)
}
