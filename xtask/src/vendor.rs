//! `cargo xtask vendor`: cut a slice out of a full Cloudflare OpenAPI document into
//! `openapi/`, with its provenance (source, upstream commit, date, sha256 of both files).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::slice::{Selection, slice};

/// What to vendor.
#[derive(Debug, Clone)]
pub struct Request {
    /// The full document.
    pub from: PathBuf,
    /// Output name: writes `<out_dir>/<name>.json` and `<out_dir>/<name>.PROVENANCE.md`.
    pub name: String,
    /// Which operations.
    pub selection: Selection,
    /// Where the document came from upstream (e.g. `cloudflare/api-schemas@cca3064f`).
    pub upstream: Option<String>,
    /// The date to record (YYYY-MM-DD); today (UTC) when absent.
    pub date: Option<String>,
    /// Leave out the operations progenitor cannot generate (see
    /// [`crate::normalize::unsupported_request_bodies`]) instead of only naming them.
    pub leave_out_unsupported: bool,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Written {
    /// The slice.
    pub spec_path: PathBuf,
    /// Its provenance record.
    pub provenance_path: PathBuf,
    /// Operations kept.
    pub operations: usize,
    /// Component schemas kept.
    pub schemas: usize,
    /// Operations of the selection progenitor cannot generate, with the reason: left out when
    /// asked, otherwise kept (they then need `exclude` in `openapi/products.toml`).
    pub unsupported: Vec<(String, String)>,
}

fn sha256(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// Cuts `request` into `out_dir`.
pub fn vendor(out_dir: &Path, request: &Request) -> Result<Written, String> {
    if request.name.is_empty()
        || !request
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(format!(
            "--name {:?}: use letters, digits, '-' and '_'",
            request.name
        ));
    }
    let bytes = std::fs::read(&request.from)
        .map_err(|e| format!("reading {}: {e}", request.from.display()))?;
    let full: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not JSON: {e}", request.from.display()))?;
    if !full
        .get("openapi")
        .and_then(|v| v.as_str())
        .is_some_and(|v| v.starts_with("3.0"))
    {
        return Err(format!(
            "{} is not an OpenAPI 3.0 document",
            request.from.display()
        ));
    }
    let mut sliced = slice(&full, &request.selection)?;
    let unsupported = crate::normalize::unsupported_request_bodies(&sliced.spec);
    if request.leave_out_unsupported && !unsupported.is_empty() {
        let left_out: Vec<&str> = unsupported.iter().map(|(id, _)| id.as_str()).collect();
        sliced = crate::slice::slice_with(&full, |_, _, op| {
            request.selection.keeps(op)
                && !op
                    .get("operationId")
                    .and_then(|v| v.as_str())
                    .is_some_and(|id| left_out.contains(&id))
        })?;
    }
    let mut out = serde_json::to_string_pretty(&sliced.spec).expect("JSON serialises");
    out.push('\n');
    std::fs::create_dir_all(out_dir).map_err(|e| format!("creating {}: {e}", out_dir.display()))?;
    let spec_path = out_dir.join(format!("{}.json", request.name));
    std::fs::write(&spec_path, &out)
        .map_err(|e| format!("writing {}: {e}", spec_path.display()))?;

    let schemas = sliced.components.get("schemas").map_or(0, |s| s.len());
    let date = request.date.clone().unwrap_or_else(today);
    let mut p = format!("# `{}.json`: provenance\n\n", request.name);
    writeln!(p, "Cut by `cargo xtask vendor` on {date}. Never edit it: changes to the input are patch data.\n").ok();
    writeln!(p, "| what | value |\n| --- | --- |").ok();
    let source = request.from.file_name().map_or_else(
        || request.from.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    writeln!(p, "| source file | `{source}` |").ok();
    writeln!(p, "| source sha256 | `{}` |", sha256(&bytes)).ok();
    writeln!(
        p,
        "| upstream | {} |",
        request.upstream.as_deref().unwrap_or("not recorded")
    )
    .ok();
    writeln!(p, "| slice sha256 | `{}` |", sha256(out.as_bytes())).ok();
    writeln!(
        p,
        "| selection | operationIds {:?}, tags {:?} |",
        request.selection.operation_ids, request.selection.tags
    )
    .ok();
    writeln!(p, "| operations | {} |", sliced.operations.len()).ok();
    for (section, names) in &sliced.components {
        writeln!(p, "| components.{section} | {} |", names.len()).ok();
    }
    p.push_str("\n## Operations\n\n");
    for op in &sliced.operations {
        writeln!(p, "- `{op}`").ok();
    }
    p.push_str(
        "\n## License\n\nCloudflare's OpenAPI schemas (`cloudflare/api-schemas`) are distributed under the \
         BSD 3-Clause License, Copyright (c) 2022, Cloudflare: see `LICENSE-cloudflare-api-schemas`.\n",
    );
    let provenance_path = out_dir.join(format!("{}.PROVENANCE.md", request.name));
    std::fs::write(&provenance_path, p)
        .map_err(|e| format!("writing {}: {e}", provenance_path.display()))?;
    Ok(Written {
        spec_path,
        provenance_path,
        operations: sliced.operations.len(),
        schemas,
        unsupported,
    })
}

/// Today's date (UTC) as YYYY-MM-DD.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Howard Hinnant's civil_from_days.
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
