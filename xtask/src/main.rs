//! `cargo xtask`: project automation. See `cargo xtask --help`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::codegen::{TARGETS, ensure_file_contents, generate, workspace_root};

#[derive(Parser)]
#[command(about = "Project automation for the Cloudflare SDK workspace")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the low-level client(s) from openapi/ (spec + patch data).
    Codegen {
        /// Do not write: fail with a diff if a checked-in file is stale.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen { check } => codegen(check),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(check: bool) -> Result<(), String> {
    let root = workspace_root();
    for target in TARGETS {
        let generated = generate(&root, target)?;
        let changed = ensure_file_contents(&root.join(target.output), &generated.code, check)?;
        let lines = generated.code.lines().count();
        let verb = match (check, changed) {
            (true, _) => "up to date",
            (false, true) => "written",
            (false, false) => "unchanged",
        };
        eprintln!("{}: {verb} ({lines} lines)", target.output);
        for (rule, count) in generated.report.counts() {
            eprintln!("  normalisation {rule}: {count}");
        }
    }
    Ok(())
}
