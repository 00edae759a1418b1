//! What the document does not declare, or declares with another JSON type than the server
//! sends, is kept, never dropped and never a failed call.
//!
//! - Every generated response struct has a flattened [`Extra`] field, `extra`: the
//!   properties the document does not declare, as the server sent them, written back by
//!   `Serialize`.
//! - A body that does not decode (a list where the document says string, an object where
//!   it says array, a string where it says bool…) is decoded again by [`repair`]: each
//!   value that failed is moved, under its own name, into the `extra` of the object that
//!   holds it, so its field reads as absent (`None`, or empty) and
//!   `item.extra["permissions"]` is the raw JSON. Serialising the item back gives the
//!   server's JSON again. The fast path (one decode of the body) is untouched: the repair
//!   runs only for a body that would otherwise fail.
//! - A `null` the decoded value would drop (an `Option` field reads it as `None`, a list or
//!   map field as empty, and both are left out when written back) is kept by
//!   [`keep_nulls`]: under its own name in the same `extra`, so `Serialize` writes the
//!   `null` the server sent, not an absent field or an invented `[]`/`{}`.

use std::fmt;

use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// A key [`repair`] gives a value it moves into an [`Extra`]; `Extra` takes the prefix off
/// again. (A control character: no Cloudflare property name starts with it.)
const MOVED: &str = "\u{1}moved:";

/// The properties of a JSON object that its Rust type does not declare, kept as the server
/// sent them: the `extra` field of every generated response struct (flattened, so they are
/// written back in place by `Serialize`).
///
/// It also holds, under its own name, a declared property whose value had another JSON
/// type than the document's: the field reads as absent, and `extra[name]` is the value.
///
/// ```
/// # use cloudflare_core::Extra;
/// let mut extra = Extra::default();
/// extra.insert("new_field".into(), serde_json::json!(1));
/// assert_eq!(extra["new_field"], 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extra(Map<String, Value>);

impl Extra {
    /// The map of kept properties.
    pub fn into_inner(self) -> Map<String, Value> {
        self.0
    }

    /// Whether a value other than `null` is kept under `name`: a declared property whose
    /// value had another JSON type than the document's (a `null` kept by [`keep_nulls`] is
    /// the server's `null`, not such a value).
    pub fn holds_value(&self, name: &str) -> bool {
        self.0.get(name).is_some_and(|v| !v.is_null())
    }
}

impl Extra {
    /// Keeps a property of the object being decoded that its type does not declare (what
    /// every generated struct's `Deserialize` does with one): under its own name, and a
    /// value [`repair`] moved here, or one inside it, gets its own name back.
    pub fn keep(&mut self, key: String, mut value: Value) {
        let key = match key.strip_prefix(MOVED) {
            Some(name) => name.to_owned(),
            None => key,
        };
        // A value kept raw is the server's: any property moved inside it (before the
        // object itself was moved) gets its own name back.
        if matches!(value, Value::Object(_) | Value::Array(_)) {
            unmark(&mut value);
        }
        self.0.insert(key, value);
    }
}

impl std::ops::Deref for Extra {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Map<String, Value> {
        &self.0
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.0
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Extra(map)
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Extra;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
                let mut out = Extra::default();
                while let Some((key, value)) = map.next_entry::<String, Value>()? {
                    out.keep(key, value);
                }
                Ok(out)
            }
        }
        d.deserialize_map(V)
    }
}

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The values [`repair`] moved into an `extra`, as JSON pointers (`/result/3/permissions`).
pub type Moved = Vec<String>;

/// The most values one body may have moved before the repair gives up and the original
/// decode error stands.
const MAX_REPAIRS: usize = 256;

/// Decodes `body` as `T` when the plain decode failed: every value that fails to decode is
/// moved into the `extra` of the object that holds it (see the module docs), until the body
/// decodes. The envelope's own parts are moved like any property: a `result` of another
/// JSON type than the document's (an object where it says a list, a list item of the wrong
/// kind) is kept raw in the envelope's `extra`, its `result` absent
/// ([`Envelope::result_kept_raw`](crate::Envelope::result_kept_raw) says so, and the pager
/// fails the page rather than read it as empty). `None` when the body is not JSON, the
/// failure is not inside an object property (the body itself has the wrong shape), or more
/// than `MAX_REPAIRS` (256) values fail.
///
/// A value of the wrong JSON type at one place of a list's items is moved in every item
/// that has a value of that JSON type there, in one step; any other failure (a missing
/// required property, a number out of range) is moved where it failed only.
pub fn repair<T: DeserializeOwned>(body: &[u8]) -> Option<(T, Moved)> {
    repair_value(serde_json::from_slice(body).ok()?)
}

/// [`repair`] for a JSON value already parsed (the SDK's models read the generated types
/// through it).
pub fn repair_value<T: DeserializeOwned>(mut doc: Value) -> Option<(T, Moved)> {
    let mut moved: Vec<Vec<Step>> = Vec::new();
    loop {
        let err = match serde_path_to_error::deserialize::<_, T>(&doc) {
            Ok(value) => return Some((value, moved.iter().map(|p| pointer(p)).collect())),
            Err(e) => e,
        };
        if moved.len() >= MAX_REPAIRS {
            return None;
        }
        let path = steps(&doc, err.path());
        let message = err.inner().to_string();
        // A union (untagged enum) says only that no member matched, at the union: find the
        // property inside it whose move lets it decode, or lets the failure move on.
        if message.contains("did not match any variant")
            && let Some(found) = probe::<T>(&mut doc, &path, &err.to_string())
        {
            moved.push(found);
            continue;
        }
        // A failure inside a value moved already: that object keeps no `extra` (a typed
        // map, say); move the property above it instead, with the moved one put back.
        let above = path
            .iter()
            .position(|s| matches!(s, Step::Key(k) if k.starts_with(MOVED)));
        let cut = match above {
            Some(at) => {
                let original = path[..=at].to_vec();
                restore(&mut doc, &original);
                moved.retain(|p| !unmoved_eq(p, &original));
                at
            }
            None => path.len(),
        };
        let at = path[..cut]
            .iter()
            .rposition(|s| matches!(s, Step::Key(_)))?;
        let target: Vec<Step> = path[..=at].iter().map(unmoved).collect();
        let swapped = message.starts_with("invalid type");
        let kind = lookup(&doc, &target).map(kind)?;
        let mut targets = Vec::new();
        if swapped {
            every_match(&doc, &target, &mut Vec::new(), kind, &mut targets);
        } else {
            targets.push(target);
        }
        for t in targets {
            // Anything moved below this one goes back first: it travels inside it.
            let below = |p: &Vec<Step>| p.len() > t.len() && p.starts_with(&t);
            for p in moved.iter().filter(|p| below(p)) {
                restore(&mut doc, p);
            }
            moved.retain(|p| !below(p));
            if mark(&mut doc, &t) {
                moved.push(t);
            }
        }
    }
}

/// Keeps every `null` of `body` that `value` (decoded from it) would not write back: a
/// property the server sent as `null` whose field reads it as absent (`None`) or empty
/// (`[]`, `{}`) and leaves it out of `Serialize`. Each such property is moved, under its
/// own name, into the `extra` of the object that holds it, and the body decoded again:
/// the field still reads as absent, `extra[name]` is `null`, and `Serialize` writes
/// `"name": null` as the server did.
///
/// Free when the body holds no `null` (one scan of the bytes); otherwise one `Serialize`
/// of `value` and, where a `null` was dropped, one more decode (through [`repair`] when
/// the body needed it). A `null` in an object whose type keeps no `extra` (a typed map's
/// value) moves that object, raw, into the `extra` above it, as a value of another type
/// would. `value` is returned as it is when the body is not JSON, nothing was dropped,
/// or the second decode cannot hold every dropped `null` as the server's.
pub fn keep_nulls<T: DeserializeOwned + Serialize>(body: &[u8], value: T) -> T {
    if memchr::memmem::find(body, b"null").is_none() {
        return value;
    }
    let (Ok(mut doc), Ok(written)) = (
        serde_json::from_slice::<Value>(body),
        serde_json::to_value(&value),
    ) else {
        return value;
    };
    let mut dropped = Vec::new();
    dropped_nulls(&doc, &written, &mut Vec::new(), &mut dropped);
    if dropped.is_empty() {
        return value;
    }
    for path in &dropped {
        mark(&mut doc, path);
    }
    // The second decode is read as the first was: a body that needed the repair gets it
    // again (a `null` in an object that keeps no `extra` then moves that object, whole,
    // into the `extra` above it).
    let kept = match T::deserialize(&doc) {
        Ok(kept) => Some(kept),
        Err(_) => repair_value::<T>(doc).map(|(kept, _)| kept),
    };
    match kept {
        // Every moved `null` landed in an `Extra` (which takes the prefix off): none is
        // left under its moved name in a typed map or a free-form value.
        Some(kept) if serde_json::to_value(&kept).is_ok_and(|w| !has_moved_key(&w)) => kept,
        _ => value,
    }
}

/// The path of every `null` property of `sent` that `written` (the decoded value written
/// back) leaves out, walking both where they have the same shape.
fn dropped_nulls(sent: &Value, written: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match (sent, written) {
        (Value::Object(s), Value::Object(w)) => {
            for (k, v) in s {
                prefix.push(Step::Key(k.clone()));
                match w.get(k) {
                    None if v.is_null() => out.push(prefix.clone()),
                    Some(wv) => dropped_nulls(v, wv, prefix, out),
                    None => {}
                }
                prefix.pop();
            }
        }
        (Value::Array(s), Value::Array(w)) if s.len() == w.len() => {
            for (i, (v, wv)) in s.iter().zip(w).enumerate() {
                prefix.push(Step::Index(i));
                dropped_nulls(v, wv, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// Gives every property inside `v` that carries the moved prefix its own name back.
fn unmark(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.keys().any(|k| k.starts_with(MOVED)) {
                *o = std::mem::take(o)
                    .into_iter()
                    .map(|(k, v)| match k.strip_prefix(MOVED) {
                        Some(name) => (name.to_owned(), v),
                        None => (k, v),
                    })
                    .collect();
            }
            o.values_mut().for_each(unmark);
        }
        Value::Array(a) => a.iter_mut().for_each(unmark),
        _ => {}
    }
}

/// Whether any object key in `v` still carries the moved prefix.
fn has_moved_key(v: &Value) -> bool {
    match v {
        Value::Object(o) => o
            .iter()
            .any(|(k, v)| k.starts_with(MOVED) || has_moved_key(v)),
        Value::Array(a) => a.iter().any(has_moved_key),
        _ => false,
    }
}

/// The most properties one probe inside a union tries.
const MAX_PROBES: usize = 512;

/// Moves, one at a time, each property inside the value at `at` (deepest first) and keeps
/// the first move after which the body decodes or fails elsewhere; `None` when none does.
fn probe<T: DeserializeOwned>(doc: &mut Value, at: &[Step], failure: &str) -> Option<Vec<Step>> {
    let mut inside = Vec::new();
    let mut prefix = at.to_vec();
    properties(lookup(doc, at)?, &mut prefix, &mut inside);
    inside.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for p in inside.into_iter().take(MAX_PROBES) {
        if !mark(doc, &p) {
            continue;
        }
        match serde_path_to_error::deserialize::<_, T>(&*doc) {
            Ok(_) => return Some(p),
            Err(e) if e.to_string() != failure => return Some(p),
            Err(_) => restore(doc, &p),
        }
    }
    None
}

/// The path of every object property inside `v`, at any depth.
fn properties(v: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match v {
        Value::Object(o) => {
            for (k, v) in o {
                if k.starts_with(MOVED) {
                    continue;
                }
                prefix.push(Step::Key(k.clone()));
                out.push(prefix.clone());
                properties(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                prefix.push(Step::Index(i));
                properties(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// The path serde reported, as steps that exist in `doc`, cut where it stops matching.
fn steps(doc: &Value, path: &serde_path_to_error::Path) -> Vec<Step> {
    use serde_path_to_error::Segment;
    let mut out = Vec::new();
    let mut at = doc;
    for seg in path.iter() {
        let (step, next) = match (seg, at) {
            (Segment::Seq { index }, Value::Array(a)) if *index < a.len() => {
                (Step::Index(*index), &a[*index])
            }
            (Segment::Map { key } | Segment::Enum { variant: key }, Value::Object(o)) => {
                match o.get(key.as_str()) {
                    Some(v) => (Step::Key(key.clone()), v),
                    None => break,
                }
            }
            _ => break,
        };
        out.push(step);
        at = next;
    }
    out
}

fn unmoved(s: &Step) -> Step {
    match s {
        Step::Key(k) => Step::Key(k.strip_prefix(MOVED).unwrap_or(k).to_owned()),
        i => i.clone(),
    }
}

fn unmoved_eq(a: &[Step], b: &[Step]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| unmoved(x) == unmoved(y))
}

/// The name property `k` has in `o`: its own, or its moved name once moved.
fn key_in(o: &Map<String, Value>, k: &str) -> String {
    if o.contains_key(k) {
        k.to_owned()
    } else {
        format!("{MOVED}{k}")
    }
}

/// The value at `path`, where any key may carry the moved prefix.
fn lookup<'a>(doc: &'a Value, path: &[Step]) -> Option<&'a Value> {
    let mut at = doc;
    for s in path {
        at = match (s, at) {
            (Step::Index(i), Value::Array(a)) => a.get(*i)?,
            (Step::Key(k), Value::Object(o)) => o.get(&key_in(o, k))?,
            _ => return None,
        };
    }
    Some(at)
}

/// The parent object of `path` (which ends in a key), and that key.
fn parent_mut<'a>(
    doc: &'a mut Value,
    path: &[Step],
) -> Option<(&'a mut Map<String, Value>, String)> {
    let (Step::Key(last), init) = path.split_last()? else {
        return None;
    };
    let mut at = doc;
    for s in init {
        at = match (s, at) {
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            (Step::Key(k), Value::Object(o)) => {
                let k = key_in(o, k);
                o.get_mut(&k)?
            }
            _ => return None,
        };
    }
    match at {
        Value::Object(o) => Some((o, last.strip_prefix(MOVED).unwrap_or(last).to_owned())),
        _ => None,
    }
}

/// Renames the property at `path` to its moved name; false when it is not there.
fn mark(doc: &mut Value, path: &[Step]) -> bool {
    let Some((obj, key)) = parent_mut(doc, path) else {
        return false;
    };
    match obj.remove(&key) {
        Some(v) => {
            obj.insert(format!("{MOVED}{key}"), v);
            true
        }
        None => false,
    }
}

/// Gives the property at `path` its own name back.
fn restore(doc: &mut Value, path: &[Step]) {
    if let Some((obj, key)) = parent_mut(doc, path)
        && let Some(v) = obj.remove(&format!("{MOVED}{key}"))
    {
        obj.insert(key, v);
    }
}

/// Every path that is `pattern` with any list index, whose value has JSON kind `kind`.
fn every_match(
    at: &Value,
    pattern: &[Step],
    prefix: &mut Vec<Step>,
    want: u8,
    out: &mut Vec<Vec<Step>>,
) {
    let Some((first, rest)) = pattern.split_first() else {
        if kind(at) == want {
            out.push(prefix.clone());
        }
        return;
    };
    match (first, at) {
        (Step::Index(_), Value::Array(a)) => {
            for (i, v) in a.iter().enumerate() {
                prefix.push(Step::Index(i));
                every_match(v, rest, prefix, want, out);
                prefix.pop();
            }
        }
        (Step::Key(k), Value::Object(o)) => {
            if let Some(v) = o.get(k) {
                prefix.push(Step::Key(k.clone()));
                every_match(v, rest, prefix, want, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// A value's JSON kind, numbers split by how serde reads them.
fn kind(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(n) if n.is_u64() => 2,
        Value::Number(n) if n.is_i64() => 3,
        Value::Number(_) => 4,
        Value::String(_) => 5,
        Value::Array(_) => 6,
        Value::Object(_) => 7,
    }
}

/// `path` as a JSON pointer (RFC 6901).
fn pointer(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => format!("/{}", k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => format!("/{i}"),
        })
        .collect()
}
