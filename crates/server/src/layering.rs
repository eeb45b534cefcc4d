//! The check that modules point one way (see the crate's documentation): every `crate::…`
//! and `super::…` path of the sources read as an edge between the two modules it joins, seen
//! at the level where their paths part (`changes::scope` → `snapshot` is `changes` →
//! `snapshot`), and no circle allowed. A parent and its own children may use each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module by its path below the crate root (`["ogc", "filter"]`; the root is empty).
type Module = Vec<String>;

/// Every module of the crate's `src` with its text, tests and comments left out.
fn sources(src: &Path) -> Vec<(Module, String)> {
    let mut found = Vec::new();
    let mut dirs = vec![src.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path
                .strip_prefix(src)
                .expect("below src")
                .with_extension("");
            let mut module: Module = relative
                .iter()
                .map(|c| c.to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            if module.last().is_some_and(|m| m == "tests") {
                continue; // tests may reach anywhere
            }
            let text = std::fs::read_to_string(&path).expect("readable source");
            found.push((module, code_only(&text)));
        }
    }
    found
}

/// The text without line comments and without the `#[cfg(test)] mod tests { … }` block that
/// ends a file (tests may reach anywhere).
fn code_only(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paths a text names after `crate::` or `super::`, as seen from `module`, each with its
/// `{…}` groups expanded (one level).
fn paths(module: &[String], text: &str) -> Vec<Module> {
    let mut out = Vec::new();
    for prefix in ["crate::", "super::"] {
        let mut rest = text;
        while let Some(i) = rest.find(prefix) {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut base: Module = if prefix == "crate::" {
                Vec::new()
            } else {
                module[..module.len().saturating_sub(1)].to_vec()
            };
            let mut tail = rest;
            while let Some(t) = tail.strip_prefix("super::") {
                base.pop();
                tail = t;
            }
            if let Some(group) = tail.strip_prefix('{') {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                for item in inner.split(',') {
                    out.push([base.clone(), segments(item.trim())].concat());
                }
            } else {
                out.push([base, segments(tail)].concat());
            }
        }
    }
    out
}

/// The leading `a::b::c` of a text.
fn segments(text: &str) -> Module {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(text.len());
    text[..end]
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The edges between modules, each at the level where the two paths part.
fn edges(sources: &[(Module, String)]) -> BTreeSet<(Module, Module)> {
    let known: BTreeSet<&Module> = sources.iter().map(|(m, _)| m).collect();
    let mut out = BTreeSet::new();
    for (module, text) in sources {
        for path in paths(module, text) {
            // The longest prefix that is a module: `ogc::query::parse_crs` is `ogc::query`.
            let Some(target) = (0..=path.len())
                .rev()
                .map(|n| path[..n].to_vec())
                .find(|p| known.contains(p))
            else {
                continue;
            };
            let common = module
                .iter()
                .zip(&target)
                .take_while(|(a, b)| a == b)
                .count();
            if common == module.len() || common == target.len() {
                continue; // the same module, or a parent and its child
            }
            out.insert((module[..=common].to_vec(), target[..=common].to_vec()));
        }
    }
    out
}

/// The circles of the graph: its strongly connected components of more than one module.
fn circles(edges: &BTreeSet<(Module, Module)>) -> Vec<BTreeSet<Module>> {
    let mut next: BTreeMap<&Module, Vec<&Module>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    let reach = |from: &Module| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(m) = todo.pop() {
            for n in next.get(m).into_iter().flatten() {
                if seen.insert((*n).clone()) {
                    todo.push(n);
                }
            }
        }
        seen
    };
    let nodes: BTreeSet<&Module> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    let reachable: BTreeMap<&Module, BTreeSet<Module>> =
        nodes.iter().map(|m| (*m, reach(m))).collect();
    let mut out: Vec<BTreeSet<Module>> = Vec::new();
    for m in &nodes {
        let component: BTreeSet<Module> = reachable[m]
            .iter()
            .filter(|n| *n != *m && reachable[n].contains(*m))
            .cloned()
            .chain([(*m).clone()])
            .collect();
        if component.len() > 1 && !out.contains(&component) {
            out.push(component);
        }
    }
    out
}

#[test]
fn no_module_circle_in_the_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let sources = sources(&src);
    assert!(sources.len() > 50, "the sources were not read");
    let edges = edges(&sources);
    let found = circles(&edges);
    let shown: Vec<String> = found
        .iter()
        .map(|c| {
            let inside: Vec<String> = edges
                .iter()
                .filter(|(a, b)| c.contains(a) && c.contains(b))
                .map(|(a, b)| format!("{} → {}", a.join("::"), b.join("::")))
                .collect();
            inside.join(", ")
        })
        .collect();
    assert!(found.is_empty(), "module circles: {shown:#?}");
}

#[test]
fn a_circle_is_found_at_the_level_where_paths_part() {
    let file = |m: &str, text: &str| {
        let module = m.split("::").filter(|s| !s.is_empty()).map(String::from);
        (module.collect(), code_only(text))
    };
    let sources = vec![
        file("", "mod a; mod b;"),
        file("a", "pub mod inner;"),
        file("a::inner", "use crate::b::Thing; // use crate::c::Other;"),
        file(
            "b",
            "use super::{a::inner::f, b};\n#[cfg(test)]\nmod tests { use crate::c; }",
        ),
        // A test module in its own file is declared, not inlined: the rest still counts.
        file("c", "#[cfg(test)]\nmod tests;\nuse crate::a::X;"),
    ];
    let edges = edges(&sources);
    let m = |s: &str| vec![s.to_string()];
    assert_eq!(
        edges,
        BTreeSet::from([(m("a"), m("b")), (m("b"), m("a")), (m("c"), m("a"))]),
        "comments and tests are not edges; a child's edge is its top module's"
    );
    assert_eq!(circles(&edges), [BTreeSet::from([m("a"), m("b")])]);
}
