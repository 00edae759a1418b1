//! The schema walker: every operation, every schema position of a document (a property
//! *named* `type` is never mistaken for a keyword), `$ref` look-ups, and small helpers the
//! rules share.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// The operation keys of an OpenAPI path item.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a document, as every pass over operations sees it.
#[derive(Debug, Clone, Copy)]
pub struct OperationRef<'a> {
    /// The path template.
    pub path: &'a str,
    /// `get`, `post`, …
    pub method: &'static str,
    /// The operation object.
    pub op: &'a Value,
}

impl<'a> OperationRef<'a> {
    /// The `operationId`, when it has one.
    pub fn id(&self) -> Option<&'a str> {
        self.op.get("operationId").and_then(Value::as_str)
    }

    /// The `operationId`, or `METHOD path`.
    pub fn label(&self) -> String {
        label(self.path, self.method, self.op)
    }
}

/// Every operation of `spec`, in path order.
pub fn operations(spec: &Value) -> impl Iterator<Item = OperationRef<'_>> {
    spec.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .flat_map(|(path, item)| {
            METHODS.iter().filter_map(move |method| {
                item.get(*method)
                    .map(|op| OperationRef { path, method, op })
            })
        })
}

/// Calls `f(label, operation, component_schemas)` for every operation, where label is
/// `operationId` (or `METHOD path`).
pub(crate) fn for_each_operation(
    spec: &mut Value,
    mut f: impl FnMut(&str, &mut Value, &Map<String, Value>),
) {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            if let Some(op) = item.get_mut(method) {
                let label = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .unwrap_or_else(|| format!("{} {path}", method.to_uppercase()));
                f(&label, op, &schemas);
            }
        }
    }
}

/// An operation's label: its `operationId`, or `METHOD path`.
pub fn label(path: &str, method: &str, op: &Value) -> String {
    op.get("operationId").and_then(Value::as_str).map_or_else(
        || format!("{} {path}", method.to_uppercase()),
        str::to_owned,
    )
}

/// The document's `components/parameters`, copied (rules read them while rewriting paths).
pub(crate) fn component_parameters(spec: &Value) -> Map<String, Value> {
    spec.pointer("/components/parameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// Any object through its local `$ref` (`#/components/…`) when it has one; itself when it
/// has none or the target is missing.
pub(crate) fn deref_local<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix('#')
            .and_then(|p| spec.pointer(p))
            .unwrap_or(v),
        None => v,
    }
}

/// A parameter, through its `$ref` to `components/parameters` when it has one.
pub(crate) fn deref_parameter<'a>(p: &'a Value, parameters: &'a Map<String, Value>) -> &'a Value {
    p.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/components/parameters/"))
        .and_then(|n| parameters.get(n))
        .unwrap_or(p)
}

/// A copy of `components.schemas`, for rules that look targets up while they edit.
pub(crate) fn component_schemas(spec: &Value) -> Map<String, Value> {
    spec.pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

/// `schema` with its `$ref`s followed, and a wrapper that only annotates one schema
/// (`{"allOf": [X], "nullable": true, "description": …}`, as the derived description
/// writes a nullable or described reference) read as that schema.
pub(crate) fn deref<'a>(schema: &'a Value, schemas: &'a Map<String, Value>) -> &'a Value {
    let mut s = schema;
    for _ in 0..16 {
        if let Some([only]) = s.get("allOf").and_then(Value::as_array).map(Vec::as_slice)
            && s.as_object().is_some_and(|m| {
                m.keys()
                    .all(|k| matches!(k.as_str(), "allOf" | "nullable" | "description" | "title"))
            })
        {
            s = only;
            continue;
        }
        match s.get("$ref").and_then(Value::as_str).and_then(ref_name) {
            Some(name) => match schemas.get(name) {
                Some(t) => s = t,
                None => return s,
            },
            None => return s,
        }
    }
    s
}

pub(crate) fn ref_name(r: &str) -> Option<&str> {
    r.strip_prefix("#/components/schemas/")
}

/// Calls `f` on every schema object inside `v`, a non-schema container (a path item, an
/// operation, a response, `components.parameters`...): wherever a `schema` key holds one.
pub(crate) fn visit_container(v: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match k.as_str() {
                    "schema" => visit_schema(child, f),
                    "example" | "examples" => {}
                    _ => visit_container(child, f),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| visit_container(i, f)),
        _ => {}
    }
}

/// Calls `f` on `v` (a schema) and then on every schema nested in it, pre-order. Only schema
/// positions are visited: a property *named* `type` or `required` is never mistaken for a
/// keyword.
pub(crate) fn visit_schema(v: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Value::Object(map) = v else { return };
    f(map);
    for (k, child) in map.iter_mut() {
        match k.as_str() {
            "properties" | "patternProperties" => {
                if let Value::Object(props) = child {
                    props.values_mut().for_each(|p| visit_schema(p, f));
                }
            }
            "items" | "additionalProperties" | "not" => match child {
                Value::Array(list) => list.iter_mut().for_each(|i| visit_schema(i, f)),
                other => visit_schema(other, f),
            },
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(list) = child {
                    list.iter_mut().for_each(|i| visit_schema(i, f));
                }
            }
            _ => {}
        }
    }
}

/// Every schema of the document: under `paths`, and every component (schemas directly, the
/// other sections through their `schema` keys). `f` gets the schema and a location label.
pub(crate) fn visit_all_schemas(
    spec: &mut Value,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            visit_container(item, &mut |m| f(m, path));
        }
    }
    if let Some(components) = spec.get_mut("components").and_then(Value::as_object_mut) {
        for (section, entries) in components.iter_mut() {
            let Some(entries) = entries.as_object_mut() else {
                continue;
            };
            for (name, entry) in entries.iter_mut() {
                if section == "schemas" {
                    visit_schema(entry, &mut |m| f(m, name));
                } else {
                    visit_container(entry, &mut |m| f(m, name));
                }
            }
        }
    }
}

pub(crate) fn is_success_code(code: &str) -> bool {
    code.starts_with('2')
}

/// Adds a component schema, creating `components.schemas` if needed.
pub(crate) fn add_component(spec: &mut Value, name: &str, schema: Value) {
    let Some(root) = spec.as_object_mut() else {
        return;
    };
    let components = root.entry("components").or_insert_with(|| json!({}));
    if let Some(schemas) = components
        .as_object_mut()
        .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
        .and_then(Value::as_object_mut)
    {
        schemas.insert(name.to_owned(), schema);
    }
}

/// Every `$ref` string inside `v`, as written.
pub(crate) fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                out.push(r.to_owned());
            }
            map.values().for_each(|c| collect_refs(c, out));
        }
        Value::Array(items) => items.iter().for_each(|c| collect_refs(c, out)),
        _ => {}
    }
}

/// The closure of the local `$ref`s reachable from `start`: each `#/components/<section>/
/// <name>` it names, and every one those name in turn, by section; and the references that
/// lead nowhere (not local, or naming no component), which each caller judges. `target`
/// finds what a reference points at (`section`, unescaped `name`).
pub(crate) fn ref_closure<'a>(
    start: &Value,
    target: impl Fn(&str, &str) -> Option<&'a Value>,
) -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let mut components: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut unresolved = Vec::new();
    let mut stack = Vec::new();
    collect_refs(start, &mut stack);
    while let Some(r) = stack.pop() {
        let r = r.replace("~1", "/").replace("~0", "~");
        let Some((section, name)) = r
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
        else {
            unresolved.push(r);
            continue;
        };
        if components
            .entry(section.to_owned())
            .or_default()
            .insert(name.to_owned())
        {
            match target(section, name) {
                Some(found) => collect_refs(found, &mut stack),
                None => unresolved.push(r.clone()),
            }
        }
    }
    (components, unresolved)
}

/// `{name}`s of a path template, in order (a segment may hold more than one:
/// `/events/{event_t}.{event_n}`).
pub fn path_params(path: &str) -> Vec<String> {
    segment_params(path).map(str::to_owned).collect()
}

/// The `{name}`s of a path template or of one of its segments, in order.
pub fn segment_params(segment: &str) -> impl Iterator<Item = &str> {
    segment
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
}
