//! Names for the members of an untagged union that typify numbers: `Variant0(String)`,
//! `Variant1(serde_json::Value)` and `Variant2(AiRunResponseAudio)` become `String`, `Json`
//! and `Audio`, each named for what it holds:
//!
//! - a named type: its name less the words every named member of the union starts with
//!   (`AiAiRunResponseAudio`, `AiAiRunResponseTranslation` → `Audio`, `Translation`), or,
//!   for a union with one named member, less the words it shares with the union's name;
//! - a list: its item's name and `List`; a map: `Map`; JSON of any shape: `Json`; `String`,
//!   `Bool`, `Integer`, `Number` for the scalars.
//!
//! A member whose name would collide with another's keeps its whole type name, and a union
//! where that still collides keeps typify's numbers. A member that repeats an earlier one's
//! type is dropped (it could never be decoded: the earlier one is tried first), unless
//! something names it; a member holding JSON of any shape goes last, so that the members
//! after it are tried at all. Runs first in `emit::complete`, so every later pass (the
//! conversions, the decoders, the surface) sees the names.

use std::collections::{BTreeMap, BTreeSet};

use syn::Item;
use syn::visit_mut::VisitMut;

use crate::syntax::{generic_arg, last_ident, module_items_mut, path_is};

/// Names the members of every untagged union of `types` that typify numbered.
pub fn name_members(file: &mut syn::File) {
    let referenced = referenced_variants(file);
    // Union → typify's variant name → its new name.
    let mut renames: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    // Union → the members dropped for repeating a type.
    let mut dropped: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let Some(items) = module_items_mut(file, "types") else {
        return;
    };
    for item in items.iter_mut() {
        let Item::Enum(en) = item else { continue };
        let numbered = !en.variants.is_empty()
            && en.variants.iter().all(|v| {
                numbered_name(&v.ident.to_string())
                    && matches!(&v.fields, syn::Fields::Unnamed(f) if f.unnamed.len() == 1)
            });
        if !numbered {
            continue;
        }
        let union = en.ident.to_string();
        // Drop a member that repeats an earlier member's type, unless something names it.
        let mut seen: Vec<syn::Type> = Vec::new();
        let variants = std::mem::take(&mut en.variants);
        for v in variants {
            let ty = member_type(&v).clone();
            let named = referenced.contains(&(union.clone(), v.ident.to_string()));
            if seen.contains(&ty) && !named {
                dropped
                    .entry(union.clone())
                    .or_default()
                    .insert(v.ident.to_string());
                continue;
            }
            seen.push(ty);
            en.variants.push(v);
        }
        // JSON of any shape decodes from anything: it goes last.
        let (any, rest): (Vec<syn::Variant>, Vec<syn::Variant>) = std::mem::take(&mut en.variants)
            .into_iter()
            .partition(|v| is_json(member_type(v)));
        en.variants.extend(rest);
        en.variants.extend(any);
        let Some(names) = member_names(&union, en.variants.iter().map(member_type).collect())
        else {
            continue;
        };
        let mut renamed = BTreeMap::new();
        for (v, name) in en.variants.iter_mut().zip(names) {
            renamed.insert(v.ident.to_string(), name.clone());
            v.ident = syn::Ident::new(&name, v.ident.span());
        }
        renames.insert(union, renamed);
    }
    Renames {
        renames: &renames,
        dropped: &dropped,
        in_impl_of: None,
    }
    .visit_file_mut(file);
}

/// `Variant` and a number: typify's name for a member it has no name for.
fn numbered_name(name: &str) -> bool {
    name.strip_prefix("Variant")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn member_type(v: &syn::Variant) -> &syn::Type {
    match &v.fields {
        syn::Fields::Unnamed(f) => &f.unnamed[0].ty,
        _ => unreachable!("only one-value members are named"),
    }
}

fn is_json(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if path_is(&p.path, &["serde_json", "Value"]))
}

/// Each member's name, in order, or `None` when two would still be the same.
fn member_names(union: &str, types: Vec<&syn::Type>) -> Option<Vec<String>> {
    let named: Vec<String> = types.iter().filter_map(|t| named_type(t)).collect();
    // The words every named member starts with (or, with one, that it shares with the union).
    let prefix: Vec<&str> = match &named[..] {
        [] => Vec::new(),
        [one] => common_words(&[one.as_str(), union]),
        many => common_words(&many.iter().map(String::as_str).collect::<Vec<_>>()),
    };
    let short = |ty: &syn::Type| -> Option<String> {
        let name = named_type(ty)?;
        let rest: String = words(&name)[prefix.len().min(words(&name).len())..].concat();
        Some(
            if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
                name
            } else {
                rest
            },
        )
    };
    let mut names: Vec<String> = types
        .iter()
        .map(|t| member_name(t, &short))
        .collect::<Option<_>>()?;
    // Where two collide, both take their whole type name.
    let dup: BTreeSet<String> = names
        .iter()
        .filter(|n| names.iter().filter(|m| m == n).count() > 1)
        .cloned()
        .collect();
    if !dup.is_empty() {
        let whole = |ty: &syn::Type| named_type(ty);
        for (name, ty) in names.iter_mut().zip(&types) {
            if dup.contains(name) {
                *name = member_name(ty, &whole)?;
            }
        }
    }
    let unique: BTreeSet<&String> = names.iter().collect();
    (unique.len() == names.len()).then_some(names)
}

/// A member's name from its type; `named` names a type of the `types` module.
fn member_name(ty: &syn::Type, named: &dyn Fn(&syn::Type) -> Option<String>) -> Option<String> {
    if is_json(ty) {
        return Some("Json".into());
    }
    if let Some(item) = generic_arg(ty, "Vec") {
        return Some(format!("{}List", member_name(item, named)?));
    }
    let last = last_ident(ty)?;
    Some(match last.as_str() {
        "String" => "String".into(),
        "bool" => "Bool".into(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "Integer" => "Integer".into(),
        "f32" | "f64" | "Number" => "Number".into(),
        "HashMap" | "BTreeMap" | "Map" => "Map".into(),
        _ => named(ty)?,
    })
}

/// The name of a type of the generated `types` module (a one-segment path).
fn named_type(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() && p.path.segments.len() == 1 => {
            let name = p.path.segments[0].ident.to_string();
            let scalar = ["String", "bool", "Vec", "Integer", "Number"].contains(&name.as_str())
                || name.starts_with(['i', 'u', 'f'])
                    && name[1..].bytes().all(|b| b.is_ascii_digit());
            (!scalar).then_some(name)
        }
        _ => None,
    }
}

/// The words of a camel-case name: `AiRunResponseAudio` → `Ai`, `Run`, `Response`, `Audio`.
fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    out.push(&name[start..]);
    out
}

/// The words every name starts with.
fn common_words<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let split: Vec<Vec<&str>> = names.iter().map(|n| words(n)).collect();
    let Some(first) = split.first() else {
        return Vec::new();
    };
    first
        .iter()
        .enumerate()
        .take_while(|(i, w)| split.iter().all(|s| s.get(*i) == Some(*w)))
        .map(|(_, w)| *w)
        .collect()
}

/// Every `(union, member)` a path names as `Union::VariantN`: those members are kept even
/// when they repeat a type. (A union's own impls say `Self::VariantN`, which names no union
/// here: a dropped member's arm in them goes with it, see [`Renames`].)
fn referenced_variants(file: &syn::File) -> BTreeSet<(String, String)> {
    use syn::visit::Visit;
    struct Paths(BTreeSet<(String, String)>);
    impl<'ast> Visit<'ast> for Paths {
        fn visit_path(&mut self, p: &'ast syn::Path) {
            let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            if let [.., union, member] = &segs[..]
                && numbered_name(member)
            {
                self.0.insert((union.clone(), member.clone()));
            }
            syn::visit::visit_path(self, p);
        }
    }
    let mut paths = Paths(BTreeSet::new());
    paths.visit_file(file);
    paths.0
}

/// Renames the members everywhere they are named: `Union::VariantN`, and `Self::VariantN`
/// in the union's impls; a dropped member's arm goes from a `match` in them (typify's
/// `Display`: the member kept for the same type has its own arm).
struct Renames<'a> {
    renames: &'a BTreeMap<String, BTreeMap<String, String>>,
    dropped: &'a BTreeMap<String, BTreeSet<String>>,
    in_impl_of: Option<String>,
}

impl Renames<'_> {
    /// The union and member a path of two or more segments names (`Self` is the union
    /// whose impl this is).
    fn member_of(&self, path: &syn::Path) -> Option<(String, String)> {
        let n = path.segments.len();
        if n < 2 {
            return None;
        }
        let owner = path.segments[n - 2].ident.to_string();
        let union = if owner == "Self" {
            self.in_impl_of.clone()?
        } else {
            owner
        };
        Some((union, path.segments[n - 1].ident.to_string()))
    }

    /// Whether `pat` is a dropped member (`Self::Variant1(x)`, `Union::Variant1(x)`).
    fn names_dropped(&self, pat: &syn::Pat) -> bool {
        let syn::Pat::TupleStruct(p) = pat else {
            return false;
        };
        self.member_of(&p.path).is_some_and(|(union, member)| {
            self.dropped
                .get(&union)
                .is_some_and(|d| d.contains(&member))
        })
    }
}

impl VisitMut for Renames<'_> {
    fn visit_item_impl_mut(&mut self, imp: &mut syn::ItemImpl) {
        let outer = self.in_impl_of.take();
        self.in_impl_of = last_ident(&imp.self_ty)
            .filter(|n| self.renames.contains_key(n) || self.dropped.contains_key(n));
        syn::visit_mut::visit_item_impl_mut(self, imp);
        self.in_impl_of = outer;
    }

    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        m.arms.retain(|arm| !self.names_dropped(&arm.pat));
        syn::visit_mut::visit_expr_match_mut(self, m);
    }

    fn visit_path_mut(&mut self, p: &mut syn::Path) {
        if let Some((union, member)) = self.member_of(p)
            && let Some(new) = self.renames.get(&union).and_then(|m| m.get(&member))
            && let Some(last) = p.segments.last_mut()
        {
            last.ident = syn::Ident::new(new, last.ident.span());
        }
        syn::visit_mut::visit_path_mut(self, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    fn names(union: &str, types: &[&str]) -> Option<Vec<String>> {
        let types: Vec<syn::Type> = types.iter().map(|t| syn::parse_str(t).unwrap()).collect();
        member_names(union, types.iter().collect())
    }

    #[test]
    fn members_are_named_for_what_they_hold() {
        assert_eq!(
            names(
                "AiRunResponseResult",
                &[
                    "::std::vec::Vec<AiAiRunResponseTextClassification>",
                    "AiAiRunResponseAudio",
                    "AiAiRunResponseTranslation",
                    "::serde_json::Value",
                ]
            )
            .unwrap(),
            ["TextClassificationList", "Audio", "Translation", "Json"]
        );
        assert_eq!(
            names("Result", &["::std::string::String", "::serde_json::Value"]).unwrap(),
            ["String", "Json"]
        );
        assert_eq!(
            names("ZoneSettingValue", &["ZoneSettingValueOn", "bool"]).unwrap(),
            ["On", "Bool"]
        );
        // Stainless's numbered members keep their numbers, not the bare digits.
        assert_eq!(
            names(
                "Placement",
                &["PlacementUnionMember0", "PlacementUnionMember1"]
            )
            .unwrap(),
            ["Member0", "Member1"]
        );
    }

    #[test]
    fn colliding_names_take_the_whole_type_name_or_keep_the_numbers() {
        assert_eq!(
            names("Thing", &["ThingString", "::std::string::String"]).unwrap(),
            ["ThingString", "String"]
        );
        assert_eq!(names("U", &["i64", "i32"]), None);
        assert_eq!(names("U", &["::std::vec::Vec<X>", "XList"]), None);
    }

    #[test]
    fn a_repeated_member_is_dropped_and_json_goes_last() {
        let mut file: syn::File = parse_quote! {
            pub mod types {
                #[serde(untagged)]
                pub enum AiResult {
                    Variant0(AiResultAudio),
                    Variant1(::serde_json::Value),
                    Variant2(AiResultText),
                    Variant3(AiResultAudio),
                }
                impl ::std::convert::From<AiResultText> for AiResult {
                    fn from(value: AiResultText) -> Self {
                        Self::Variant2(value)
                    }
                }
                impl ::std::fmt::Display for AiResult {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match self {
                            Self::Variant0(x) => x.fmt(f),
                            Self::Variant1(x) => x.fmt(f),
                            Self::Variant2(x) => x.fmt(f),
                            Self::Variant3(x) => x.fmt(f),
                        }
                    }
                }
            }
        };
        name_members(&mut file);
        let expected: syn::File = parse_quote! {
            pub mod types {
                #[serde(untagged)]
                pub enum AiResult {
                    Audio(AiResultAudio),
                    Text(AiResultText),
                    Json(::serde_json::Value)
                }
                impl ::std::convert::From<AiResultText> for AiResult {
                    fn from(value: AiResultText) -> Self {
                        Self::Text(value)
                    }
                }
                impl ::std::fmt::Display for AiResult {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        match self {
                            Self::Audio(x) => x.fmt(f),
                            Self::Json(x) => x.fmt(f),
                            Self::Text(x) => x.fmt(f),
                        }
                    }
                }
            }
        };
        assert_eq!(file, expected);
    }
}
