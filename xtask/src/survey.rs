//! `cargo xtask survey`: a dry run of normalisation + generation over every operation of a
//! full Cloudflare document, each with the closure of its `$ref`s. Nothing is written.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::{emit, normalize, slice};

/// The outcome for one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Generated, with no uninhabited type.
    Clean,
    /// Generated, but a type has no values (every response of that shape fails to decode).
    Uninhabited(String),
    /// Did not generate.
    Failed(String),
}

/// Survey results: per operation, the outcome; plus which rules fired how often.
#[derive(Debug, Default)]
pub struct Survey {
    /// operation → outcome.
    pub outcomes: BTreeMap<String, Outcome>,
    /// rule → operations it changed.
    pub rules: BTreeMap<&'static str, usize>,
}

impl Survey {
    /// Operations that generated cleanly.
    pub fn clean(&self) -> usize {
        self.outcomes
            .values()
            .filter(|o| **o == Outcome::Clean)
            .count()
    }

    /// A readable report: counts, then each operation that is not clean, with the reason.
    pub fn render(&self) -> String {
        let total = self.outcomes.len();
        let uninhabited = self
            .outcomes
            .values()
            .filter(|o| matches!(o, Outcome::Uninhabited(_)))
            .count();
        let failed = self
            .outcomes
            .values()
            .filter(|o| matches!(o, Outcome::Failed(_)))
            .count();
        let mut s = format!(
            "operations: {total}\nclean: {}\nuninhabited type: {uninhabited}\nfailed: {failed}\n",
            self.clean()
        );
        s.push_str("\nnormalisation rules (operations changed):\n");
        for (rule, n) in &self.rules {
            writeln!(s, "  {rule}: {n}").expect("string");
        }
        if uninhabited + failed > 0 {
            s.push_str("\nnot clean:\n");
        }
        for (op, outcome) in &self.outcomes {
            match outcome {
                Outcome::Clean => {}
                Outcome::Uninhabited(t) => {
                    writeln!(s, "  {op}: uninhabited type {t}").expect("string")
                }
                Outcome::Failed(e) => {
                    let first = e.lines().next().unwrap_or_default();
                    writeln!(s, "  {op}: {first}").expect("string")
                }
            }
        }
        s
    }
}

/// Surveys every operation of `full`. `progress` is called after each operation.
pub fn survey(full: &Value, mut progress: impl FnMut(usize, usize)) -> Survey {
    let mut out = Survey::default();
    let ops = slice::each_operation(full);
    let total = ops.len();
    for (i, (label, sliced)) in ops.into_iter().enumerate() {
        let outcome = match sliced {
            Err(e) => Outcome::Failed(format!("slicing: {e}")),
            Ok(sliced) => {
                let mut spec = sliced.spec;
                match emit::catch(|| normalize::normalize(&mut spec)) {
                    Err(p) => Outcome::Failed(format!("normalisation panicked: {p}")),
                    Ok(report) => {
                        for rule in report.rules.keys() {
                            *out.rules.entry(rule).or_default() += 1;
                        }
                        match emit::progenitor_file(&spec, &report) {
                            Err(e) => Outcome::Failed(e),
                            Ok(file) => match uninhabited(&file) {
                                Some(t) => Outcome::Uninhabited(t),
                                None => Outcome::Clean,
                            },
                        }
                    }
                }
            }
        };
        out.outcomes.insert(label, outcome);
        progress(i + 1, total);
    }
    out
}

/// The first enum with no variants in the generated `types` module, if any.
fn uninhabited(file: &syn::File) -> Option<String> {
    file.items.iter().find_map(|i| match i {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().and_then(|(_, items)| {
            items.iter().find_map(|it| match it {
                syn::Item::Enum(e) if e.variants.is_empty() => Some(e.ident.to_string()),
                _ => None,
            })
        }),
        _ => None,
    })
}
