//! The resource tree's names: where each operation sits (`dns.records`) and what its method
//! is called (`list`), as Cloudflare names it.
//!
//! In order, the first that names an operation wins:
//! 1. an override in the manifest (`[names]` of `openapi/products.toml`, by operationId);
//! 2. the document's own `x-fern-sdk-group-name` / `x-fern-sdk-method-name` (Cloudflare's
//!    newer documents carry them: the Secondary DNS slice);
//! 3. Cloudflare's current API reference (`openapi/reference-names-2026.tsv`: verb, path,
//!    resource, method), by verb and path (parameter names aside); an operation the
//!    reference serves under both scopes (`/{accounts_or_zones}/{account_or_zone_id}/…`)
//!    matches from `/accounts/{}/…` and from `/zones/{}/…` and takes the scope as an
//!    argument;
//! 4. a rule on the path and verb: the resource most of the reference's operations under the
//!    longest matching path prefix share, then the rest of the path's words (all of them,
//!    the scope's included, where no prefix has one: `zones.settings`); `GET` of a list is `list`, of anything
//!    else `get`, `POST` `create`, `PUT` `update`, `PATCH` `edit`, `DELETE` `delete`.
//!
//! Two operations that would still share a name are told apart by one rule (see
//! [`resolve`]).

use std::collections::{BTreeMap, HashMap};

/// One row of the reference table.
#[derive(Debug, Clone)]
pub struct Row {
    /// `GET`, `POST`, …
    pub verb: String,
    /// The path template, as the reference writes it.
    pub path: String,
    /// Dotted resource path (`dns.zone_transfers.peers`).
    pub resource: String,
    /// Method name (`list`).
    pub method: String,
}

/// The reference table, indexed.
#[derive(Debug, Default)]
pub struct Reference {
    rows: Vec<Row>,
    /// (verb, normalised path) → rows.
    by_path: HashMap<(String, String), Vec<usize>>,
    /// Normalised path prefix → the resources of every row under it.
    under: HashMap<Vec<String>, Vec<usize>>,
}

/// The reference table's file, relative to the workspace root.
pub const REFERENCE: &str = "openapi/reference-names-2026.tsv";

impl Reference {
    /// Reads the tab-separated table (a header line, then `verb path resource method …`).
    pub fn parse(text: &str) -> Result<Reference, String> {
        let mut reference = Reference::default();
        for (n, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [verb, path, resource, method, ..] = cols[..] else {
                return Err(format!("{REFERENCE}:{}: expected 4 columns", n + 1));
            };
            let i = reference.rows.len();
            let segs = segments(path);
            reference
                .by_path
                .entry((verb.to_owned(), join(&segs)))
                .or_default()
                .push(i);
            for k in 1..=segs.len() {
                reference
                    .under
                    .entry(segs[..k].to_vec())
                    .or_default()
                    .push(i);
            }
            reference.rows.push(Row {
                verb: verb.to_owned(),
                path: path.to_owned(),
                resource: resource.to_owned(),
                method: method.to_owned(),
            });
        }
        Ok(reference)
    }

    /// The rows of `verb` on `path` (normalised): the most specific resource first.
    fn rows(&self, verb: &str, path: &str) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self
            .by_path
            .get(&(verb.to_owned(), path.to_owned()))
            .into_iter()
            .flatten()
            .map(|&i| &self.rows[i])
            .collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.resource.matches('.').count()));
        rows
    }

    /// The reference's row for `http` on `path` and, when it matched through
    /// `/{accounts_or_zones}/{account_or_zone_id}/…`, the scope `path` is under.
    fn row(&self, http: &str, path: &str) -> Option<(&Row, Option<Scope>)> {
        let path = join(&segments(path));
        if let Some(row) = self.rows(http, &path).first() {
            return Some((row, None));
        }
        [("/accounts/{}", Scope::Account), ("/zones/{}", Scope::Zone)]
            .into_iter()
            .find_map(|(prefix, scope)| {
                let rest = path.strip_prefix(prefix).filter(|r| r.starts_with('/'))?;
                let row = *self.rows(http, &format!("/{{}}/{{}}{rest}")).first()?;
                Some((row, Some(scope)))
            })
    }
}

impl Reference {
    /// The reference's own name for `http` on `path` (the `/accounts/{}` and `/zones/{}`
    /// forms of a both-scopes operation included), when it has one.
    pub fn name_of(&self, http: &str, path: &str) -> Option<(Vec<String>, String)> {
        let (row, _) = self.row(http, path)?;
        Some((dotted(&row.resource), snake(&row.method)))
    }
}

/// Whether a method name repeats a word of its resource path (`dns.records` +
/// `list_dns_records`).
pub fn repeats(resource: &[String], method: &str) -> bool {
    let words: Vec<&str> = resource.iter().flat_map(|r| r.split('_')).collect();
    method.split('_').any(|w| words.contains(&w))
}

/// A path's segments, every parameter as `{}`.
fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with('{') {
                "{}".to_owned()
            } else {
                s.to_owned()
            }
        })
        .collect()
}

fn join(segs: &[String]) -> String {
    format!("/{}", segs.join("/"))
}

/// Where a name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Source {
    /// `[names]` in the manifest.
    Override,
    /// `x-fern-sdk-group-name` / `x-fern-sdk-method-name`.
    Fern,
    /// The current API reference.
    Reference,
    /// The rule on the path and verb.
    Rule,
}

/// The scope an operation served under both `/accounts/{}` and `/zones/{}` is called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scope {
    /// `/accounts/{account_id}/…`
    Account,
    /// `/zones/{zone_id}/…`
    Zone,
}

/// One operation's place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Resource path, one snake_case word per level (`["dns", "records"]`).
    pub resource: Vec<String>,
    /// Method name, snake_case.
    pub method: String,
    /// Where it came from.
    pub source: Source,
    /// Set when the reference serves the operation under both scopes: the method takes the
    /// scope as its first argument.
    pub scope: Option<Scope>,
}

/// What naming needs to know of one operation.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    /// operationId.
    pub id: &'a str,
    /// `GET`, `POST`, …
    pub http: &'a str,
    /// The path template.
    pub path: &'a str,
    /// `x-fern-sdk-group-name` and `x-fern-sdk-method-name`, when the document has both.
    pub fern: Option<(&'a str, &'a str)>,
    /// Whether its `result` is a list.
    pub list: bool,
    /// Whether the document marks it deprecated.
    pub deprecated: bool,
}

/// A Rust identifier's words: `zone-transfers` → `zone_transfers`, `AuditLogs` →
/// `audit_logs`, `v1.5` → `v1_5`.
pub fn snake(s: &str) -> String {
    // progenitor's method names are made the same way.
    crate::normalize::method_name(s)
}

fn dotted(resource: &str) -> Vec<String> {
    resource.split('.').map(snake).collect()
}

/// The method a verb gives by the rule.
fn verb_method(http: &str, list: bool) -> &'static str {
    match http {
        "GET" if list => "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "edit",
        "DELETE" => "delete",
        _ => "head",
    }
}

/// The resource most rows under a path prefix share: the longest dotted prefix of more than
/// half of their resources.
fn majority(reference: &Reference, rows: &[usize]) -> Option<Vec<String>> {
    let resources: Vec<Vec<&str>> = rows
        .iter()
        .map(|&i| reference.rows[i].resource.split('.').collect())
        .collect();
    let mut best: Option<Vec<String>> = None;
    for depth in 1.. {
        let mut counts: BTreeMap<Vec<&str>, usize> = BTreeMap::new();
        for r in resources.iter().filter(|r| r.len() >= depth) {
            *counts.entry(r[..depth].to_vec()).or_default() += 1;
        }
        match counts.into_iter().find(|(_, n)| 2 * n > resources.len()) {
            Some((prefix, _)) => best = Some(prefix.iter().map(|s| snake(s)).collect()),
            None => break,
        }
    }
    best
}

/// Names one operation (before [`resolve`]).
pub fn name(
    reference: &Reference,
    overrides: &BTreeMap<String, String>,
    op: &Subject<'_>,
) -> Result<Name, String> {
    if let Some(o) = overrides.get(op.id) {
        let (resource, method) = o.rsplit_once('.').ok_or_else(|| {
            format!(
                "[names] `{}` = \"{o}\": expected \"<resource path>.<method>\"",
                op.id
            )
        })?;
        return Ok(Name {
            resource: dotted(resource),
            method: snake(method),
            source: Source::Override,
            scope: None,
        });
    }
    if let Some((group, method)) = op.fern {
        return Ok(Name {
            resource: dotted(group),
            method: snake(method),
            source: Source::Fern,
            scope: None,
        });
    }
    if let Some((row, scope)) = reference.row(op.http, op.path) {
        return Ok(Name {
            resource: dotted(&row.resource),
            method: snake(&row.method),
            source: Source::Reference,
            scope,
        });
    }
    let segs = segments(op.path);
    // The rule: the resource of the longest path prefix the reference knows, then the
    // rest of the path's words.
    let (base, rest) = (1..=segs.len())
        .rev()
        .find_map(|k| {
            let rows = reference.under.get(&segs[..k])?;
            Some((majority(reference, rows)?, &segs[k..]))
        })
        .unwrap_or((Vec::new(), &segs[..]));
    let mut resource = base;
    for word in rest.iter().filter(|s| *s != "{}").map(|s| snake(s)) {
        if resource.last() != Some(&word) && !word.is_empty() {
            resource.push(word);
        }
    }
    if resource.is_empty() {
        return Err(format!(
            "`{}` ({} {}): no resource name; add it to [names] in openapi/products.toml",
            op.id, op.http, op.path
        ));
    }
    Ok(Name {
        resource,
        method: verb_method(op.http, op.list).to_owned(),
        source: Source::Rule,
        scope: None,
    })
}

/// Tells apart the operations that share a resource and method, in place:
/// - a collection beside its item form (`/pools` and `/pools/{id}`): the collection's
///   `GET` is `list`, its `PATCH`/`PUT`/`DELETE` `bulk_<method>`;
/// - the `/accounts/{}` and `/zones/{}` forms of one reference operation stay one name
///   (one method, the scope its argument); one form alone is a plain method;
/// - otherwise the operation the override, document or reference names keeps the name, and
///   each other gets `<method>_deprecated` when deprecated, else
///   `<method>_<last word of its path>`, else a number.
///
/// Fails, naming them, if two operations still share a name.
pub fn resolve(ops: &[Subject<'_>], names: &mut [Name]) -> Result<(), String> {
    // `b` is `a`'s item form: `a` + `/{id}`.
    let item_form = |a: &str, b: &str| {
        b.strip_prefix(a)
            .is_some_and(|r| r.starts_with("/{") && r.matches('/').count() == 1)
    };
    for _round in 0..4 {
        let mut groups: BTreeMap<(Vec<String>, String), Vec<usize>> = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            groups
                .entry((n.resource.clone(), n.method.clone()))
                .or_default()
                .push(i);
        }
        let mut changed = false;
        for (_, mut group) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
            // A collection beside its item form: `list`, `bulk_<method>`.
            let pair = group.iter().find_map(|&a| {
                group
                    .iter()
                    .any(|&b| item_form(ops[a].path, ops[b].path))
                    .then_some(a)
            });
            if let Some(a) = pair {
                let n = &mut names[a];
                n.method = if ops[a].http == "GET" {
                    "list".to_owned()
                } else {
                    format!("bulk_{}", n.method)
                };
                changed = true;
                continue;
            }
            // Who keeps the name: the `/accounts/{}` and `/zones/{}` forms of one reference
            // operation together, else the best source, then the shortest path, then the id.
            group.sort_by_key(|&i| (names[i].source, ops[i].path.len(), ops[i].id));
            let scoped = |s| group.iter().copied().find(|&i| names[i].scope == Some(s));
            let keep: Vec<usize> = match (scoped(Scope::Account), scoped(Scope::Zone)) {
                (Some(a), Some(z)) => vec![a, z],
                _ => vec![group[0]],
            };
            for (k, &i) in group.iter().enumerate() {
                if keep.contains(&i) {
                    continue;
                }
                let (op, n) = (&ops[i], &mut names[i]);
                n.scope = None;
                let last = op
                    .path
                    .rsplit('/')
                    .find(|s| !s.starts_with('{') && !s.is_empty())
                    .map(snake)
                    .unwrap_or_default();
                n.method = if op.deprecated && !n.method.ends_with("_deprecated") {
                    format!("{}_deprecated", n.method)
                } else if !last.is_empty()
                    && !n.resource.contains(&last)
                    && !n.method.ends_with(&last)
                {
                    format!("{}_{last}", n.method)
                } else {
                    format!("{}_{}", n.method, k + 1)
                };
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // A scoped name stands alone when its other form is not generated.
    let mut forms: BTreeMap<(Vec<String>, String), usize> = BTreeMap::new();
    for n in names.iter().filter(|n| n.scope.is_some()) {
        *forms
            .entry((n.resource.clone(), n.method.clone()))
            .or_default() += 1;
    }
    for n in names.iter_mut() {
        if forms.get(&(n.resource.clone(), n.method.clone())) == Some(&1) {
            n.scope = None;
        }
    }
    let mut seen: BTreeMap<(Vec<String>, String), &str> = BTreeMap::new();
    let mut errors = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if n.scope.is_some() {
            continue;
        }
        if let Some(prev) = seen.insert((n.resource.clone(), n.method.clone()), ops[i].id) {
            errors.push(format!(
                "`{prev}` and `{}` are both {}.{}: add one to [names] in openapi/products.toml",
                ops[i].id,
                n.resource.join("."),
                n.method
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}
