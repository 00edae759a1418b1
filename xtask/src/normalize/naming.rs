//! Names as progenitor and typify make them: operationIds into method names (and their
//! collisions), component names into type names.

use std::collections::BTreeMap;

use serde_json::Value;

use super::walk::operations;

/// progenitor's method name for an operationId (its `sanitize` + snake_case, close enough to
/// detect collisions: two ids that collide here collide in the generated code).
pub fn method_name(operation_id: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in operation_id.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Fails, naming both, when two operationIds become the same Rust method.
pub fn check_operation_ids(spec: &Value) -> Result<(), String> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut errors = Vec::new();
    for id in operations(spec).filter_map(|o| o.id()) {
        if let Some(prev) = seen.insert(method_name(id), id.to_owned()) {
            errors.push(format!(
                "operationIds `{prev}` and `{id}` both become method `{}`",
                method_name(id)
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n"))
    }
}

/// typify's Rust type name for a component schema name (its `sanitize` with Pascal case:
/// `dns-records_AAAARecord` → `DnsRecordsAaaaRecord`).
pub fn type_name(component: &str) -> String {
    use heck::ToPascalCase;
    let out = match component {
        "+1" => "Plus1".to_owned(),
        "-1" => "Minus1".to_owned(),
        _ => cleaned(component).to_pascal_case(),
    };
    // As typify: a name that cannot start an identifier (`19pAsHlbConfigurations`) gets
    // `X` before it, a keyword (`Self`) `_` after it.
    let out = match out.chars().next() {
        None => "X".to_owned(),
        Some(c) if c.is_alphabetic() || c == '_' => out,
        Some(_) => format!("X{out}"),
    };
    if syn::parse_str::<syn::Ident>(&out).is_ok() {
        out
    } else {
        format!("{out}_")
    }
}

/// The generator's own variant name for a tag value (`0rtt` → `V0rtt`, `always_online` →
/// `AlwaysOnline`): Pascal case, `V` before a name that cannot start an identifier.
pub fn variant_name(tag: &str) -> String {
    use heck::ToPascalCase;
    let out = cleaned(tag).to_pascal_case();
    if out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out
    } else {
        format!("V{out}")
    }
}

/// typify's Rust field name for a property name (its `sanitize` with snake case: `<=1y` →
/// `x1y`), close enough to detect collisions.
pub fn field_name(property: &str) -> String {
    use heck::ToSnakeCase;
    let out = match property {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => cleaned(property).to_snake_case(),
    };
    match out.chars().next() {
        None => "x".to_owned(),
        Some(c) if c.is_alphabetic() => out,
        Some(_) => format!("x{out}"),
    }
}

/// typify's first step on a name: quotes dropped, anything but letters, digits and `_`
/// becomes `-` (a word break).
fn cleaned(name: &str) -> String {
    name.replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
