//! The SDK README's "Common tasks" (the ten tasks users write most, then one for each other
//! everyday product: rulesets, Logpush, Pages, certificate packs, Turnstile, members,
//! Secondary DNS peers), measured against the same tasks in Cloudflare's Python SDK
//! (`tests/fixtures/readme-tasks-python.txt`): the length of each task's call sites, and the
//! median over the tasks, which may be at most Python's. The README block itself runs as a
//! doctest of `cloudflare-sdk` (against a loopback server); this reads the same text.
//!
//! A call site is a line of the task that a reader writes: not a hidden (`#`) line, a `use`
//! or a comment; without a leading `let <pattern> = ` and the closing `;`; trimmed. A task's
//! length is the sum over its lines (a statement split over lines counts each line).

use std::collections::BTreeMap;
use std::fmt::Write as _;

fn workspace_file(path: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Task number → the summed length of its call sites, from the README's rust block.
fn rust_tasks(readme: &str) -> BTreeMap<u32, usize> {
    let section = &readme[readme.find("## Common tasks").expect("the section")..];
    let block = &section[section.find("```rust").expect("a rust block")..];
    let block = &block[..block[3..].find("\n```").expect("the block's end") + 3];
    let mut tasks = BTreeMap::new();
    let mut current = None;
    for line in block.lines().skip(1) {
        let line = line.trim();
        if let Some(n) = line
            .strip_prefix("// ")
            .and_then(|rest| rest.split_once(". "))
            .and_then(|(n, _)| n.parse::<u32>().ok())
        {
            current = Some(n);
            continue;
        }
        let Some(task) = current else { continue };
        if line.is_empty()
            || line.starts_with('#')
            || line.starts_with("use ")
            || line.starts_with("//")
        {
            continue;
        }
        let line = match line
            .strip_prefix("let ")
            .and_then(|rest| rest.split_once(" = "))
        {
            Some((_, call)) => call,
            None => line,
        };
        let line = line.strip_suffix(';').unwrap_or(line);
        *tasks.entry(task).or_default() += line.chars().count();
    }
    tasks
}

/// Task number → the summed length of its Python call sites.
fn python_tasks(data: &str) -> BTreeMap<u32, usize> {
    let mut tasks = BTreeMap::new();
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (n, call) = line.split_once('\t').expect("`N<TAB>call`");
        *tasks.entry(n.parse().expect("a task number")).or_default() += call.chars().count();
    }
    tasks
}

fn median(values: impl IntoIterator<Item = usize>) -> f64 {
    let mut v: Vec<usize> = values.into_iter().collect();
    v.sort_unstable();
    let n = v.len();
    assert!(n > 0, "no tasks");
    if n % 2 == 1 {
        v[n / 2] as f64
    } else {
        (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0
    }
}

#[test]
fn readme_tasks_are_at_most_the_python_sdks_length() {
    let ours = rust_tasks(&workspace_file("crates/cloudflare-sdk/README.md"));
    let python = python_tasks(&workspace_file("tests/fixtures/readme-tasks-python.txt"));
    assert_eq!(ours.len(), 17, "seventeen tasks in the README: {ours:?}");
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        python.keys().collect::<Vec<_>>(),
        "the same tasks on both sides"
    );
    let mut table = String::from("task  rust  python  ratio\n");
    for (task, rust) in &ours {
        let py = python[task];
        writeln!(
            table,
            "{task:>4}  {rust:>4}  {py:>6}  {:>5.2}",
            *rust as f64 / py as f64
        )
        .unwrap();
    }
    let (m_rust, m_python) = (
        median(ours.values().copied()),
        median(python.values().copied()),
    );
    let ratio = m_rust / m_python;
    writeln!(table, "median  {m_rust}  {m_python}  {ratio:.2}").unwrap();
    insta::assert_snapshot!(table);
    assert!(
        ratio <= 1.0,
        "median call site {ratio:.2}x Python's:\n{table}"
    );
}

#[test]
fn a_task_line_is_measured_as_written() {
    let readme = "## Common tasks\n\n```rust\n# hidden();\nuse a::b;\n// 1. One.\nlet x = client.a().b().await?;\n// 2. Two.\n# #[cfg(x)] {\nlet form = F::new()\n    .part(1);\nclient.c(form).await?;\n# }\n```\n";
    let tasks = rust_tasks(readme);
    assert_eq!(tasks[&1], "client.a().b().await?".len());
    assert_eq!(
        tasks[&2],
        "F::new()".len() + ".part(1)".len() + "client.c(form).await?".len()
    );
    assert_eq!(median([3, 1, 2, 10]), 2.5);
}

#[test]
fn every_python_call_is_a_method_of_cloudflares_reference() {
    let reference = workspace_file("openapi/reference-names-2026.tsv");
    let methods: std::collections::BTreeSet<(&str, &str)> = reference
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Some((*cols.get(2)?, *cols.get(3)?))
        })
        .collect();
    let python = workspace_file("tests/fixtures/readme-tasks-python.txt");
    for line in python
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (_, call) = line.split_once('\t').expect("`N<TAB>call`");
        let path = call
            .strip_prefix("client.")
            .and_then(|c| c.split_once('('))
            .map(|(path, _)| path)
            .unwrap_or_else(|| panic!("not a client call: {call}"));
        let (resource, method) = path.rsplit_once('.').expect("resource.method");
        assert!(
            methods.contains(&(resource, method)),
            "{resource}.{method} is not in Cloudflare's reference: {call}"
        );
    }
}
