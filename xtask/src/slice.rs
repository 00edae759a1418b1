//! Cutting a self-contained slice out of a full Cloudflare OpenAPI document: chosen
//! operations (by operationId or tag) plus the closure of every `$ref` they reach.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::normalize::{METHODS, ref_closure};

/// Which operations to keep.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// operationIds to keep.
    pub operation_ids: BTreeSet<String>,
    /// Tags whose operations are kept.
    pub tags: BTreeSet<String>,
}

impl Selection {
    /// Whether `op` (an operation object) is selected.
    pub fn keeps(&self, op: &Value) -> bool {
        let id = op.get("operationId").and_then(Value::as_str);
        if id.is_some_and(|id| self.operation_ids.contains(id)) {
            return true;
        }
        op.get("tags")
            .and_then(Value::as_array)
            .is_some_and(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .any(|t| self.tags.contains(t))
            })
    }
}

/// What a slice holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sliced {
    /// The self-contained document.
    pub spec: Value,
    /// operationIds kept (or `METHOD path` when absent), sorted.
    pub operations: Vec<String>,
    /// Names of the components kept, per section (`schemas`, `parameters`, ...).
    pub components: BTreeMap<String, BTreeSet<String>>,
}

/// Cuts `selection` out of `full`. Fails when nothing matches, naming what was asked, or
/// when a `$ref` points at something the document does not have.
pub fn slice(full: &Value, selection: &Selection) -> Result<Sliced, String> {
    let sliced = slice_with(full, |_, _, op| selection.keeps(op))?;
    let missing: Vec<&String> = selection
        .operation_ids
        .iter()
        .filter(|id| !sliced.operations.iter().any(|o| o == *id))
        .collect();
    if !missing.is_empty() {
        return Err(format!("operationIds not found: {missing:?}"));
    }
    Ok(sliced)
}

/// Cuts the operations `keep(path, method, operation)` accepts out of `full`.
pub fn slice_with(
    full: &Value,
    keep: impl Fn(&str, &str, &Value) -> bool,
) -> Result<Sliced, String> {
    let mut paths = Map::new();
    let mut operations = Vec::new();
    for (path, item) in full
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(item) = item.as_object() else {
            continue;
        };
        let mut kept = Map::new();
        for method in METHODS {
            if let Some(op) = item.get(method).filter(|op| keep(path, method, op)) {
                kept.insert(method.to_owned(), op.clone());
                operations.push(
                    op.get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("{} {path}", method.to_uppercase())),
                );
            }
        }
        if !kept.is_empty() {
            for shared in ["parameters", "summary", "description", "servers"] {
                if let Some(v) = item.get(shared) {
                    kept.insert(shared.to_owned(), v.clone());
                }
            }
            paths.insert(path.clone(), Value::Object(kept));
        }
    }
    if operations.is_empty() {
        return Err("no operation matches the selection".to_owned());
    }

    // The closure of `$ref`s, starting from the kept paths (and the security schemes).
    let (components, unresolved) = ref_closure(&Value::Object(paths.clone()), |section, name| {
        full.pointer(&format!("/components/{section}/{}", escape(name)))
    });
    if let Some(r) = unresolved.first() {
        return Err(if r.starts_with("#/components/") {
            format!("$ref {r:?} points at nothing")
        } else {
            format!("unsupported $ref {r:?} (only local #/components/... refs)")
        });
    }
    let mut comp = Map::new();
    for (section, names) in &components {
        let mut out = Map::new();
        for name in names {
            let v = full
                .pointer(&format!("/components/{section}/{}", escape(name)))
                .cloned()
                .expect("checked above");
            out.insert(name.clone(), v);
        }
        comp.insert(section.clone(), Value::Object(out));
    }
    if let Some(schemes) = full.pointer("/components/securitySchemes") {
        comp.insert("securitySchemes".to_owned(), schemes.clone());
    }
    let mut spec = Map::new();
    for key in ["openapi", "info", "servers", "security"] {
        if let Some(v) = full.get(key) {
            spec.insert(key.to_owned(), v.clone());
        }
    }
    spec.insert("paths".to_owned(), Value::Object(paths));
    spec.insert("components".to_owned(), Value::Object(comp));
    operations.sort();
    Ok(Sliced {
        spec: Value::Object(spec),
        operations,
        components,
    })
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Every operation of a document, as a single-operation slice with its own closure.
pub fn each_operation(full: &Value) -> Vec<(String, Result<Sliced, String>)> {
    crate::normalize::operations(full)
        .map(|o| {
            let sliced = slice_with(full, |p, m, _| p == o.path && m == o.method);
            (o.label(), sliced)
        })
        .collect()
}

/// Whether `full` has an operation with this operationId.
pub fn contains(full: &Value, operation_id: &str) -> bool {
    crate::normalize::operations(full).any(|o| o.id() == Some(operation_id))
}
