//! `cargo xtask`: project automation. See `cargo xtask --help`.

use std::process::ExitCode;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use xtask::codegen::{ensure_file_contents, generate_all, workspace_root};
use xtask::slice::Selection;

#[derive(Parser)]
#[command(about = "Project automation for the Cloudflare SDK workspace")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate every product crate of openapi/products.toml (and the SDK's product
    /// features) from the vendored documents and patch data.
    Codegen {
        /// Do not write: fail with a diff if a checked-in file is stale.
        #[arg(long)]
        check: bool,
        /// Report the operations no product claims (with the product each one's path
        /// suggests) and generate the rest, instead of failing.
        #[arg(long)]
        allow_unclaimed: bool,
    },
    /// What regenerating from another document changes for users: per product crate,
    /// operations, parameters, types, fields and enum variants added, removed and changed,
    /// each classified as semver major, minor or patch, with a suggested CHANGELOG entry.
    Diff {
        /// The old whole document: a file, or `REV:PATH` (a git revision's file, e.g.
        /// `HEAD~1:openapi/cloudflare-2024-08-06.json`).
        #[arg(required_unless_present = "since")]
        old: Option<String>,
        /// The new whole document (the same forms); default: the vendored one.
        new: Option<String>,
        /// Instead of two documents: the product crates as checked in at this git revision
        /// (the last release's tag) against the working tree, generator changes included.
        #[arg(long, conflicts_with_all = ["old", "new"])]
        since: Option<String>,
        /// Print only the suggested CHANGELOG entry.
        #[arg(long)]
        changelog: bool,
        /// At most this many lines per group in the CHANGELOG entry (0: counts per crate).
        #[arg(long, default_value_t = 25)]
        limit: usize,
    },
    /// Cut operations (by operationId or tag, plus every $ref they reach) out of a full
    /// Cloudflare OpenAPI document into openapi/<NAME>.json, with provenance.
    Vendor {
        /// The full document (e.g. Cloudflare's openapi.json).
        #[arg(long)]
        from: PathBuf,
        /// Output name: openapi/<NAME>.json and openapi/<NAME>.PROVENANCE.md.
        #[arg(long)]
        name: String,
        /// Keep this operationId (repeatable).
        #[arg(long = "operation")]
        operations: Vec<String>,
        /// Keep every operation with this tag (repeatable).
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// Where the document came from (e.g. cloudflare/api-schemas@cca3064f).
        #[arg(long)]
        upstream: Option<String>,
        /// The date to record (YYYY-MM-DD); defaults to today.
        #[arg(long)]
        date: Option<String>,
        /// Output folder; defaults to openapi/.
        #[arg(long)]
        out_dir: Option<PathBuf>,
        /// Leave out the operations progenitor cannot generate (multipart, NDJSON, …)
        /// instead of only naming them.
        #[arg(long)]
        leave_out_unsupported: bool,
    },
    /// Derive the description of Cloudflare's current API from its official SDK packages
    /// (pinned in xtask/derive/) into openapi/cloudflare-derived.json.
    Derive {
        /// Do not write: fail with a diff if the vendored document is not what the pinned
        /// packages derive.
        #[arg(long)]
        check: bool,
    },
    /// Dry-run normalisation + generation over every operation of a full document and report
    /// which generate cleanly, and why the others do not. Writes nothing.
    Survey {
        /// The full document.
        from: PathBuf,
        /// Also write the report to this file (e.g. openapi/survey-2024-08-06.txt), or with
        /// --check fail with a diff when the file differs: a spec or rule change that breaks
        /// (or fixes) the generation of any operation names it.
        #[arg(long)]
        record: Option<PathBuf>,
        /// With --record: do not write, fail if the recorded report is stale.
        #[arg(long, requires = "record")]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Codegen {
            check,
            allow_unclaimed,
        } => codegen(check, allow_unclaimed),
        Command::Vendor {
            from,
            name,
            operations,
            tags,
            upstream,
            date,
            out_dir,
            leave_out_unsupported,
        } => {
            let request = xtask::vendor::Request {
                from,
                name,
                selection: Selection {
                    operation_ids: operations.into_iter().collect(),
                    tags: tags.into_iter().collect(),
                },
                upstream,
                date,
                leave_out_unsupported,
            };
            let out_dir = out_dir.unwrap_or_else(|| workspace_root().join("openapi"));
            xtask::vendor::vendor(&out_dir, &request).map(|w| {
                eprintln!(
                    "wrote {} ({} operations, {} schemas) and {}",
                    w.spec_path.display(),
                    w.operations,
                    w.schemas,
                    w.provenance_path.display()
                );
                if !w.unsupported.is_empty() {
                    let verb = if leave_out_unsupported {
                        "left out"
                    } else {
                        "kept; progenitor cannot generate them, so `cargo xtask codegen` \
                         puts them on the raw path (or vendor with --leave-out-unsupported)"
                    };
                    eprintln!("{} operations {verb}:", w.unsupported.len());
                    for (id, why) in &w.unsupported {
                        eprintln!("  {id} = \"{why}\"");
                    }
                }
            })
        }
        Command::Survey {
            from,
            record,
            check,
        } => survey(&from, record.as_deref(), check),
        Command::Derive { check } => xtask::derive::derive(&workspace_root(), check),
        Command::Diff {
            old,
            new,
            since,
            changelog,
            limit,
        } => diff(
            old.as_deref(),
            new.as_deref(),
            since.as_deref(),
            changelog,
            limit,
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn codegen(check: bool, allow_unclaimed: bool) -> Result<(), String> {
    let root = workspace_root();
    let report = |a: &xtask::manifest::Assignment| {
        eprintln!(
            "{} operation(s) no product claims, not generated (openapi/products.toml):\n{}",
            a.unclaimed.len(),
            a.unclaimed_report()
        );
    };
    let files = generate_all(&root, allow_unclaimed, report, |g| {
        let lines = g.code().lines().count();
        eprintln!(
            "{}: {} operations, {lines} lines",
            g.product,
            g.operations.len()
        );
        for (rule, count) in g.report.counts() {
            eprintln!("  normalisation {rule}: {count}");
        }
    })?;
    let mut stale = Vec::new();
    for file in &files {
        match ensure_file_contents(&root.join(&file.path), &file.contents, check) {
            Ok(true) => eprintln!("written: {}", file.path),
            Ok(false) => {}
            Err(e) => stale.push(e),
        }
    }
    for orphan in xtask::codegen::orphaned_crates(&root)? {
        if check {
            stale.push(format!(
                "{orphan}: no product of openapi/products.toml owns it (removed or renamed); \
                 run `cargo xtask codegen` to remove it"
            ));
        } else {
            std::fs::remove_dir_all(root.join(&orphan))
                .map_err(|e| format!("removing {orphan}: {e}"))?;
            eprintln!("removed: {orphan} (no product of openapi/products.toml owns it)");
        }
    }
    if !stale.is_empty() {
        return Err(stale.join("\n"));
    }
    eprintln!(
        "{} files {}",
        files.len(),
        if check { "up to date" } else { "generated" }
    );
    Ok(())
}

fn survey(
    from: &std::path::Path,
    record: Option<&std::path::Path>,
    check: bool,
) -> Result<(), String> {
    let bytes = std::fs::read(from).map_err(|e| format!("reading {}: {e}", from.display()))?;
    let full: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not JSON: {e}", from.display()))?;
    // Generator panics are caught and reported per operation; their default messages (and
    // backtraces) would only bury that report. This binary runs nothing else meanwhile.
    std::panic::set_hook(Box::new(|_| {}));
    let started = std::time::Instant::now();
    let result = xtask::survey::survey(&full, |done, total| {
        if done % 100 == 0 || done == total {
            eprintln!("{done}/{total} operations");
        }
    });
    let report = result.render();
    print!("{report}");
    eprintln!("surveyed in {:.1?}", started.elapsed());
    if let Some(path) = record {
        let command = format!(
            "cargo xtask survey {} --record {}",
            from.display(),
            path.display()
        );
        xtask::codegen::ensure_recorded(path, &report, check, &command)?;
    }
    Ok(())
}

fn diff(
    old: Option<&str>,
    new: Option<&str>,
    since: Option<&str>,
    changelog: bool,
    limit: usize,
) -> Result<(), String> {
    let root = workspace_root();
    let manifest = xtask::manifest::load(&root)?;
    let started = std::time::Instant::now();
    let d = match (since, old) {
        (Some(rev), _) => xtask::diff::since(&root, &manifest, rev)?,
        (None, Some(old)) => {
            let vendored = format!("openapi/{}", manifest.whole);
            let new = new.unwrap_or(&vendored);
            let read = |spec: &str| xtask::diff::read_document(&root, spec);
            xtask::diff::diff(&root, &manifest, (old, read(old)?), (new, read(new)?))?
        }
        (None, None) => return Err("give OLD [NEW], or --since REV".into()),
    };
    if changelog {
        print!("{}", d.changelog(limit));
    } else {
        print!("{}", d.render());
        println!("\nSuggested CHANGELOG entry:\n");
        print!("{}", d.changelog(limit));
    }
    eprintln!("compared in {:.1?}", started.elapsed());
    Ok(())
}
