//! `cargo xtask derive [--check]`: the description of Cloudflare's current API, derived from
//! its official SDK packages into `openapi/cloudflare-derived.json`.
//!
//! Cloudflare's own description of today's API cannot be downloaded here; the SDKs it
//! generates from it can. The deriver (`xtask/derive/derive.py`, Python: it must import
//! the SDK to read its types) runs in a virtual environment under `target/derive/` with
//! the packages of `xtask/derive/requirements.txt` (each pinned with its hash) and reads
//! resource and method names from the npm package of `xtask/derive/package-lock.json`
//! (pinned with its integrity hash). Refreshing the description when Cloudflare ships a
//! new SDK is: move both pins, `cargo xtask derive`, then `cargo xtask diff` to see what
//! changed for users.
//!
//! `--check` derives into `target/derive/` and fails when the result differs, byte for
//! byte, from the vendored document: the vendored file is what the pinned packages
//! derive, and the deriver is deterministic.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The vendored derived document, relative to the workspace root.
pub const DOCUMENT: &str = "openapi/cloudflare-derived.json";

/// Runs `cmd`, naming it in the error when it cannot start or fails.
fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .status()
        .map_err(|e| format!("{shown}: could not start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown}: {status}"))
    }
}

/// The Python of the deriver's virtual environment, made (and its pinned packages
/// installed) when missing or when `requirements.txt` changed since.
fn python(root: &Path, work: &Path) -> Result<PathBuf, String> {
    let requirements = root.join("xtask/derive/requirements.txt");
    let venv = work.join("venv");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.txt");
    let wanted = std::fs::read(&requirements)
        .map_err(|e| format!("reading {}: {e}", requirements.display()))?;
    if python.exists() && std::fs::read(&stamp).ok().as_deref() == Some(&wanted[..]) {
        return Ok(python);
    }
    eprintln!(
        "installing the pinned Python packages into {}",
        venv.display()
    );
    run(Command::new("python3")
        .args(["-m", "venv", "--clear"])
        .arg(&venv))?;
    run(Command::new(&python)
        .args(["-m", "pip", "install", "--quiet", "--require-hashes", "-r"])
        .arg(&requirements))?;
    std::fs::write(&stamp, &wanted).map_err(|e| format!("writing {}: {e}", stamp.display()))?;
    Ok(python)
}

/// The unpacked TypeScript package, installed with `npm ci` from the pinned lock file
/// (npm checks its integrity hash).
fn ts_package(root: &Path, work: &Path) -> Result<PathBuf, String> {
    let npm = work.join("npm");
    std::fs::create_dir_all(&npm).map_err(|e| format!("creating {}: {e}", npm.display()))?;
    let mut changed = false;
    for file in ["package.json", "package-lock.json"] {
        let from = root.join("xtask/derive").join(file);
        let bytes = std::fs::read(&from).map_err(|e| format!("reading {}: {e}", from.display()))?;
        let to = npm.join(file);
        if std::fs::read(&to).ok().as_deref() != Some(&bytes[..]) {
            std::fs::write(&to, &bytes).map_err(|e| format!("writing {}: {e}", to.display()))?;
            changed = true;
        }
    }
    let package = npm.join("node_modules/cloudflare");
    if changed || !package.join("package.json").exists() {
        eprintln!("installing the pinned npm package into {}", npm.display());
        run(Command::new("npm")
            .args([
                "ci",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--silent",
            ])
            .current_dir(&npm))?;
    }
    Ok(package)
}

/// Derives the document; writes it to [`DOCUMENT`], or with `check` compares.
pub fn derive(root: &Path, check: bool) -> Result<(), String> {
    let work = root.join("target/derive");
    std::fs::create_dir_all(&work).map_err(|e| format!("creating {}: {e}", work.display()))?;
    let python = python(root, &work)?;
    let ts = ts_package(root, &work)?;
    let vendored = root.join(DOCUMENT);
    let out = if check {
        work.join("cloudflare-derived.json")
    } else {
        vendored.clone()
    };
    run(Command::new(&python)
        .arg(root.join("xtask/derive/derive.py"))
        .arg("--ts-package")
        .arg(&ts)
        .arg("--out")
        .arg(&out)
        .arg("--validate"))?;
    if !check {
        eprintln!("wrote {}", vendored.display());
        return Ok(());
    }
    let fresh =
        std::fs::read_to_string(&out).map_err(|e| format!("reading {}: {e}", out.display()))?;
    let kept = std::fs::read_to_string(&vendored)
        .map_err(|e| format!("reading {}: {e}", vendored.display()))?;
    if fresh == kept {
        eprintln!("{DOCUMENT} is what the pinned packages derive");
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&kept, &fresh);
    let shown: String = diff
        .unified_diff()
        .context_radius(2)
        .header(DOCUMENT, "derived now")
        .to_string()
        .lines()
        .take(60)
        .collect::<Vec<_>>()
        .join("\n");
    Err(format!(
        "{DOCUMENT} is not what the pinned packages derive (run `cargo xtask derive`):\n{shown}"
    ))
}
