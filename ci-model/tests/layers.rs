//! The layers of `ci-model` (issue #11): the graph of the crate's top-level
//! modules, read from its sources, has no cycle, and the model modules at the
//! bottom import nothing from the layers above them.
//!
//! A module depends on another when one of its files (a directory module is
//! every file under it) names it by a path: `crate::other::…`,
//! `$crate::other::…`, `super::…` that climbs out of the module to the crate
//! root, or a name the crate root re-exports (`crate::Workflow` is module
//! `workflow`, because `lib.rs` has `pub use workflow::*;` and
//! `workflow/mod.rs` has `pub use …` for it). Comments and string literals
//! are skipped. Code a macro expands is not followed: it belongs to the
//! module that invokes the macro, which names what it passes.
//!
//! Print the graph, its cycles and every edge with its file and line:
//! `cargo test -p ci-model --test layers -- --nocapture`.

// A test that cannot read the crate's sources fails with the file's name.
#![allow(clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// The modules that hold the model types: the bottom layer. Conversions
/// (`parse`, `emit`), validation, lints and simulation live above them.
const MODEL: &[&str] = &[
    "action",
    "common",
    "document",
    "input_type",
    "path",
    "record",
    "repository",
    "scalar",
    "step",
    "workflow",
    "yaml",
];

/// The layers a model module must not import.
const ABOVE_MODEL: &[&str] = &["emit", "lint", "parse", "simulate", "validate"];

/// One reference from a file of module `from` to module `to`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: String,
    to: String,
    /// The file, relative to `src/`.
    file: String,
    line: usize,
    /// The path as written, up to the name that decided `to`.
    text: String,
}

impl Edge {
    fn describe(&self) -> String {
        format!("{} -> {}  src/{}:{}  {}", self.from, self.to, self.file, self.line, self.text)
    }
}

/// The crate's module graph.
struct Graph {
    modules: Vec<String>,
    edges: Vec<Edge>,
}

/// A token of Rust source, with its line: identifiers (and keywords), and
/// punctuation one character at a time; comments, strings and character
/// literals are dropped.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
}

fn tokens(src: &str) -> Vec<(Tok, usize)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && at(i + 1) == 'r')) && {
            // A raw string: r"…", r#"…"#, br"…".
            let mut j = if c == 'b' { i + 2 } else { i + 1 };
            while at(j) == '#' {
                j += 1;
            }
            at(j) == '"' && (i == 0 || !is_ident(chars[i - 1]))
        } {
            let mut j = if c == 'b' { i + 2 } else { i + 1 };
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                    j += 1 + hashes;
                    break;
                }
                if chars[j] == '\n' {
                    line += 1;
                }
                j += 1;
            }
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if at(i) == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{1F600}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(i + 2) == '\'' {
                i += 3;
            } else {
                i += 1;
            }
        } else if is_ident(c) {
            let start = i;
            while i < chars.len() && is_ident(chars[i]) {
                i += 1;
            }
            out.push((Tok::Ident(chars[start..i].iter().collect()), line));
        } else {
            out.push((Tok::Punct(c), line));
            i += 1;
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ident(t: Option<&(Tok, usize)>) -> Option<&str> {
    match t {
        Some((Tok::Ident(s), _)) => Some(s),
        _ => None,
    }
}

fn punct(t: Option<&(Tok, usize)>, c: char) -> bool {
    matches!(t, Some((Tok::Punct(p), _)) if *p == c)
}

/// Whether tokens `i` and `i + 1` are `::`.
fn path_sep(toks: &[(Tok, usize)], i: usize) -> bool {
    punct(toks.get(i), ':') && punct(toks.get(i + 1), ':')
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The top-level modules `lib.rs` declares (`mod x;`, `pub mod x;`), not
/// its inline ones (`pub mod ex { … }`).
fn top_level_modules(lib: &[(Tok, usize)]) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..lib.len() {
        if ident(lib.get(i)) == Some("mod")
            && let Some(name) = ident(lib.get(i + 1))
            && punct(lib.get(i + 2), ';')
        {
            out.push(name.to_string());
        }
    }
    out
}

/// The `use` items of a token stream at brace depth 0 with a visibility
/// (`pub use …;`, `pub(crate) use …;`), each flattened into its paths
/// (`a::{b, c::d}` is `a::b` and `a::c::d`). A glob ends in `*`.
fn reexports(toks: &[(Tok, usize)]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => depth -= 1,
            Tok::Ident(s) if s == "pub" && depth == 0 => {
                let mut j = i + 1;
                if punct(toks.get(j), '(') {
                    while j < toks.len() && !punct(toks.get(j), ')') {
                        j += 1;
                    }
                    j += 1;
                }
                if ident(toks.get(j)) == Some("use") {
                    let end = (j..toks.len()).find(|&k| punct(toks.get(k), ';')).unwrap_or(toks.len());
                    flatten_use(&toks[j + 1..end], &[], &mut out);
                    i = end;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Flattens the tree of a `use` (without `use` and `;`) into paths.
fn flatten_use(toks: &[(Tok, usize)], prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut path = prefix.to_vec();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i].0 {
            Tok::Ident(s) if s == "as" => {
                // `a as b`: the path is `a`; the alias is not followed.
                i += 2;
                continue;
            }
            Tok::Ident(s) => path.push(s.clone()),
            Tok::Punct('*') => path.push("*".to_string()),
            Tok::Punct(':') => {}
            Tok::Punct('{') => {
                let mut depth = 0;
                let mut start = i + 1;
                let mut j = i;
                while j < toks.len() {
                    match toks[j].0 {
                        Tok::Punct('{') => depth += 1,
                        Tok::Punct('}') => {
                            depth -= 1;
                            if depth == 0 {
                                flatten_use(&toks[start..j], &path, out);
                                break;
                            }
                        }
                        Tok::Punct(',') if depth == 1 => {
                            flatten_use(&toks[start..j], &path, out);
                            start = j + 1;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                return;
            }
            Tok::Punct(',') => {
                if path.len() > prefix.len() {
                    out.push(std::mem::replace(&mut path, prefix.to_vec()));
                }
            }
            Tok::Punct(_) => {}
        }
        i += 1;
    }
    if path.len() > prefix.len() {
        out.push(path);
    }
}

/// Whether the item whose keyword is `toks[i]` is `pub` or `pub(…)`
/// (`pub const fn`, `pub(crate) unsafe fn` too).
fn is_pub(toks: &[(Tok, usize)], mut i: usize) -> bool {
    while i > 0 && matches!(ident(toks.get(i - 1)), Some("const" | "async" | "unsafe" | "extern")) {
        i -= 1;
    }
    if i >= 1 && ident(toks.get(i - 1)) == Some("pub") {
        return true;
    }
    // `pub(crate)`, `pub(super)`: `pub ( x )` before the keyword.
    i >= 4 && punct(toks.get(i - 1), ')') && ident(toks.get(i - 4)) == Some("pub")
}

/// The names `pub`/`pub(crate)` items of a file declare at its top level,
/// and the macros it exports (`#[macro_export]`).
fn declared_names(toks: &[(Tok, usize)]) -> Vec<String> {
    const ITEMS: &[&str] = &["struct", "enum", "trait", "fn", "type", "const", "static", "mod", "union"];
    let mut out = Vec::new();
    let mut depth = 0i32;
    for i in 0..toks.len() {
        match &toks[i].0 {
            Tok::Punct('{') => depth += 1,
            Tok::Punct('}') => depth -= 1,
            Tok::Ident(s) if s == "macro_rules" && punct(toks.get(i + 1), '!') => {
                if let Some(name) = ident(toks.get(i + 2)) {
                    out.push(name.to_string());
                }
            }
            Tok::Ident(s) if depth == 0 && ITEMS.contains(&s.as_str()) && is_pub(toks, i) => {
                if let Some(name) = ident(toks.get(i + 1)) {
                    out.push(name.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// The module each name the crate root makes available belongs to: the
/// top-level modules themselves, the root's re-exports (a glob brings in
/// the names the module's own file declares and re-exports), and the
/// root's inline modules that re-export one module (`pub mod ex { pub use
/// crate::expression::build::*; }`). Items the root itself declares map to
/// no module.
fn root_names(lib: &[(Tok, usize)], modules: &[String]) -> BTreeMap<String, String> {
    let mut names: BTreeMap<String, String> = modules.iter().map(|m| (m.clone(), m.clone())).collect();
    let root_file = |m: &str| {
        let dir = src_dir().join(m).join("mod.rs");
        if dir.exists() { dir } else { src_dir().join(format!("{m}.rs")) }
    };
    for path in reexports(lib) {
        let path: Vec<&str> = path.iter().map(String::as_str).filter(|s| *s != "crate").collect();
        let (Some(first), Some(last)) = (path.first(), path.last()) else { continue };
        if !modules.iter().any(|m| m == first) {
            continue;
        }
        if *last == "*" && path.len() == 2 {
            let toks = tokens(&read(&root_file(first)));
            for name in declared_names(&toks) {
                names.entry(name).or_insert_with(|| first.to_string());
            }
            for p in reexports(&toks) {
                if let Some(name) = p.last().filter(|n| *n != "*") {
                    names.entry(name.clone()).or_insert_with(|| first.to_string());
                }
            }
        } else if *last != "*" {
            names.entry(last.to_string()).or_insert_with(|| first.to_string());
        }
    }
    // `pub mod ex { pub use crate::expression::…; }`
    for i in 0..lib.len() {
        if ident(lib.get(i)) == Some("mod")
            && let Some(name) = ident(lib.get(i + 1))
            && punct(lib.get(i + 2), '{')
        {
            let end = (i..lib.len()).find(|&k| punct(lib.get(k), '}')).unwrap_or(lib.len());
            for p in reexports(&lib[i + 3..end]) {
                if p.first().map(String::as_str) == Some("crate")
                    && let Some(m) = p.get(1).filter(|m| modules.contains(m))
                {
                    names.insert(name.to_string(), m.clone());
                }
            }
        }
    }
    names
}

/// The module path of a file: `validate/mod.rs` is `[validate]`,
/// `validate/cron.rs` is `[validate, cron]`.
fn file_module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// The index of the token that closes the group `toks[open]` opens
/// (`(`, `[` or `{`), or the end.
fn group_end(toks: &[(Tok, usize)], open: usize) -> usize {
    let mut depth = 0;
    for (j, (t, _)) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('(' | '[' | '{') => depth += 1,
            Tok::Punct(')' | ']' | '}') => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// Which tokens are inside the matcher of a `macro_rules!` rule (the
/// `(…)` before `=>`, where `[schema only]` is an option the macro
/// matches, not a name), for every `macro_rules!` of the file, nested ones too.
fn in_macro_matchers(toks: &[(Tok, usize)]) -> Vec<bool> {
    let mut inside = vec![false; toks.len()];
    for i in 0..toks.len() {
        if ident(toks.get(i)) != Some("macro_rules") || !punct(toks.get(i + 1), '!') {
            continue;
        }
        // `macro_rules! name { rule; rule; … }`
        let body = i + 3;
        let body_end = group_end(toks, body);
        let mut j = body + 1;
        while j < body_end {
            // A rule: the matcher group, `=>`, the transcriber group, `;`.
            let matcher_end = group_end(toks, j);
            for flag in inside.iter_mut().take(matcher_end.min(toks.len())).skip(j) {
                *flag = true;
            }
            j = matcher_end + 1;
            if punct(toks.get(j), '=') && punct(toks.get(j + 1), '>') {
                j = group_end(toks, j + 2) + 1;
            }
            if punct(toks.get(j), ';') {
                j += 1;
            }
        }
    }
    inside
}

/// The root names a file that glob-imports the crate root (`use crate::*;`)
/// uses as a path or a type: every identifier but the tokens of a
/// `macro_rules!` matcher, a metavariable (`$name`), a field or method
/// after `.` (not `..`), and a module's name not followed by `::` (a
/// variable, a field or a macro's option that has its name).
fn glob_uses<'t>(toks: &'t [(Tok, usize)], names: &BTreeMap<String, String>) -> BTreeSet<&'t str> {
    let matcher = in_macro_matchers(toks);
    let mut used = BTreeSet::new();
    for (i, t) in toks.iter().enumerate() {
        let Some(name) = ident(Some(t)) else { continue };
        let after = |c| i >= 1 && punct(toks.get(i - 1), c);
        let is_module = names.get(name).is_some_and(|m| m == name);
        // `.field`, `.method()`, but not the rest of a range or a struct
        // update (`..Triggers::default()`).
        let member = after('.') && !(i >= 2 && punct(toks.get(i - 2), '.'));
        if matcher[i] || after('$') || member || (is_module && !path_sep(toks, i + 1)) {
            continue;
        }
        used.insert(name);
    }
    used
}

/// The modules the names after `crate::` at `toks[i..]` refer to: one, or
/// one per branch of a `use crate::{…}` group; a glob of the crate root
/// (`use crate::*;`) refers to every root name the file uses.
fn targets(toks: &[(Tok, usize)], i: usize, names: &BTreeMap<String, String>) -> Vec<(String, String)> {
    match toks.get(i) {
        Some((Tok::Ident(first), _)) => names.get(first).map(|m| (m.clone(), first.clone())).into_iter().collect(),
        Some((Tok::Punct('*'), _)) => {
            let used = glob_uses(toks, names);
            names
                .iter()
                .filter(|(n, _)| used.contains(n.as_str()))
                .map(|(n, m)| (m.clone(), format!("* ({n})")))
                .collect()
        }
        Some((Tok::Punct('{'), _)) => {
            let mut out = Vec::new();
            let end = {
                let mut depth = 0;
                let mut j = i;
                loop {
                    match toks.get(j) {
                        Some((Tok::Punct('{'), _)) => depth += 1,
                        Some((Tok::Punct('}'), _)) => {
                            depth -= 1;
                            if depth == 0 {
                                break j;
                            }
                        }
                        None => break j,
                        _ => {}
                    }
                    j += 1;
                }
            };
            let mut paths = Vec::new();
            flatten_use(&toks[i..=end.min(toks.len() - 1)], &[], &mut paths);
            for p in paths {
                if let Some(first) = p.first() {
                    if first == "*" {
                        out.extend(targets(toks, toks.len(), names));
                    } else if let Some(m) = names.get(first) {
                        out.push((m.clone(), first.clone()));
                    }
                }
            }
            out
        }
        _ => Vec::new(),
    }
}

impl Graph {
    fn read() -> Graph {
        let src = src_dir();
        let lib = tokens(&read(&src.join("lib.rs")));
        let modules = top_level_modules(&lib);
        let names = root_names(&lib, &modules);
        let mut edges = BTreeSet::new();
        for file in rust_files(&src) {
            let rel = file.strip_prefix(&src).unwrap_or(&file).to_path_buf();
            let module = file_module_path(&rel);
            let Some(from) = module.first().filter(|m| modules.contains(m)) else { continue };
            let toks = tokens(&read(&file));
            let rel = rel.to_string_lossy().replace('\\', "/");
            // The inline modules open at each token (`mod tests { … }`),
            // as the brace depth each one closes at.
            let mut inline: Vec<i32> = Vec::new();
            let mut depth = 0;
            for i in 0..toks.len() {
                match &toks[i].0 {
                    Tok::Punct('{') => {
                        depth += 1;
                        if i >= 2 && punct(toks.get(i), '{') && ident(toks.get(i - 2)) == Some("mod") {
                            inline.push(depth);
                        }
                    }
                    Tok::Punct('}') => {
                        if inline.last() == Some(&depth) {
                            inline.pop();
                        }
                        depth -= 1;
                    }
                    Tok::Ident(s) if (s == "crate" || s == "super") && path_sep(&toks, i + 1) => {
                        // Only the start of a path: not `a::crate`, not the
                        // second `super` of `super::super`.
                        if i >= 2 && path_sep(&toks, i - 2) {
                            continue;
                        }
                        let mut j = i;
                        if s == "super" {
                            let mut level = module.len() + inline.len();
                            while ident(toks.get(j)) == Some("super") && path_sep(&toks, j + 1) {
                                level = level.saturating_sub(1);
                                j += 3;
                            }
                            if level > 0 {
                                continue; // still inside the module
                            }
                        } else {
                            j += 3;
                        }
                        let line = toks[i].1;
                        for (to, name) in targets(&toks, j, &names) {
                            if &to != from {
                                let head = if s == "crate" { "crate" } else { "super" };
                                edges.insert(Edge {
                                    from: from.clone(),
                                    to,
                                    file: rel.clone(),
                                    line,
                                    text: format!("{head}::{name}"),
                                });
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Graph { modules, edges: edges.into_iter().collect() }
    }

    /// The strongly connected components with more than one module, each
    /// sorted, with the edges inside them.
    fn cycles(&self, keep: impl Fn(&Edge) -> bool) -> Vec<(Vec<String>, Vec<&Edge>)> {
        let edges: Vec<&Edge> = self.edges.iter().filter(|e| keep(e)).collect();
        let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for e in &edges {
            next.entry(&e.from).or_default().insert(&e.to);
        }
        // Reachability by repeated search: the graph has a few dozen nodes.
        let reach = |from: &str| {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from];
            while let Some(m) = stack.pop() {
                for &n in next.get(m).into_iter().flatten() {
                    if seen.insert(n) {
                        stack.push(n);
                    }
                }
            }
            seen
        };
        let reaches: BTreeMap<&str, BTreeSet<&str>> =
            self.modules.iter().map(|m| (m.as_str(), reach(m.as_str()))).collect();
        let mut done = BTreeSet::new();
        let mut out = Vec::new();
        for m in &self.modules {
            if done.contains(m.as_str()) || !reaches[m.as_str()].contains(m.as_str()) {
                continue;
            }
            let component: Vec<String> = self
                .modules
                .iter()
                .filter(|n| reaches[m.as_str()].contains(n.as_str()) && reaches[n.as_str()].contains(m.as_str()))
                .cloned()
                .collect();
            done.extend(component.iter().cloned());
            let inside: Vec<&Edge> =
                edges.iter().filter(|e| component.contains(&e.from) && component.contains(&e.to)).copied().collect();
            out.push((component, inside));
        }
        out
    }

    /// The shortest cycle through the module edge `from -> to`, as modules.
    fn shortest_cycle(&self, from: &str, to: &str, keep: &impl Fn(&Edge) -> bool) -> Option<Vec<String>> {
        let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([to]);
        let mut seen = BTreeSet::from([to]);
        while let Some(m) = queue.pop_front() {
            if m == from {
                let mut path = vec![from.to_string()];
                let mut at = from;
                while at != to {
                    at = prev[at];
                    path.push(at.to_string());
                }
                path.reverse();
                path.insert(0, from.to_string());
                return Some(path);
            }
            for e in self.edges.iter().filter(|e| e.from == m && keep(e)) {
                if seen.insert(&e.to) {
                    prev.insert(&e.to, m);
                    queue.push_back(&e.to);
                }
            }
        }
        None
    }

    /// The cycles as text: each component, one shortest cycle per module
    /// edge inside it, and every reference that makes each edge.
    fn report(&self, keep: impl Fn(&Edge) -> bool) -> String {
        let mut out = String::new();
        for (component, inside) in self.cycles(&keep) {
            let _ = writeln!(out, "cycle among {} modules: {}", component.len(), component.join(", "));
            let mut pairs: BTreeMap<(&str, &str), Vec<&Edge>> = BTreeMap::new();
            for e in inside {
                pairs.entry((&e.from, &e.to)).or_default().push(e);
            }
            for ((from, to), refs) in pairs {
                let cycle = self.shortest_cycle(from, to, &keep).map(|c| c.join(" -> ")).unwrap_or_default();
                let _ = writeln!(out, "  {from} -> {to}   (in cycle {cycle})");
                for e in refs {
                    let _ = writeln!(out, "      src/{}:{}  {}", e.file, e.line, e.text);
                }
            }
        }
        out
    }
}

fn is_model(m: &str) -> bool {
    MODEL.contains(&m)
}

#[test]
fn print_the_module_graph() {
    let graph = Graph::read();
    let mut out = String::new();
    for m in &graph.modules {
        let to: BTreeSet<&str> = graph.edges.iter().filter(|e| &e.from == m).map(|e| e.to.as_str()).collect();
        let _ = writeln!(out, "{m:>10} -> {}", to.into_iter().collect::<Vec<_>>().join(", "));
    }
    println!("{out}");
    println!("{}", graph.report(|_| true));
    assert!(graph.modules.len() >= 15, "lib.rs declares the modules: {:?}", graph.modules);
    assert!(
        graph.edges.iter().any(|e| e.from == "simulate" && e.to == "workflow"),
        "the reader resolves re-exports (crate::Workflow is module workflow)"
    );
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let graph = Graph::read();
    let report = graph.report(|_| true);
    assert!(report.is_empty(), "ci-model's top-level modules import each other in a cycle:\n{report}");
}

#[test]
fn model_modules_import_nothing_from_the_layers_above() {
    let graph = Graph::read();
    let up: Vec<String> = graph
        .edges
        .iter()
        .filter(|e| is_model(&e.from) && ABOVE_MODEL.contains(&e.to.as_str()))
        .map(Edge::describe)
        .collect();
    assert!(up.is_empty(), "model modules import the layers above them:\n{}", up.join("\n"));
}

/// The reader itself: paths, groups, globs, `super::` and what is skipped.
#[test]
fn the_reader_finds_paths_and_skips_comments_and_strings() {
    let toks =
        tokens("use crate::{a::B, c}; // crate::x\nlet s = \"crate::y\"; let r = r#\"crate::z\"#; 'q'; fn f<'a>() {}");
    let idents: Vec<&str> = toks.iter().filter_map(|t| ident(Some(t))).collect();
    assert_eq!(idents, ["use", "crate", "a", "B", "c", "let", "s", "let", "r", "fn", "f", "a"]);
    let mut paths = Vec::new();
    flatten_use(&tokens("crate::{a::{B, C as D}, e, f::*}"), &[], &mut paths);
    let paths: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(paths, ["crate::a::B", "crate::a::C", "crate::e", "crate::f::*"]);
    assert_eq!(file_module_path(Path::new("validate/mod.rs")), ["validate"]);
    // A glob of the crate root counts the names used as paths or types, not
    // a macro's options, metavariables, fields, or a module's name alone.
    let names: BTreeMap<String, String> =
        [("schema", "schema"), ("step", "step"), ("Filter", "workflow"), ("Step", "step"), ("Triggers", "workflow")]
            .into_iter()
            .map(|(n, m)| (n.to_string(), m.to_string()))
            .collect();
    let toks = tokens(
        "macro_rules! m { (@take [schema only] $Step:ident) => { Filter::Only($Step) }; }\n\
         fn f(s: &S) { let step = s.step; let t = T { a: 1, ..Triggers::default() }; }",
    );
    assert_eq!(
        glob_uses(&toks, &names).into_iter().filter(|n| names.contains_key(*n)).collect::<Vec<_>>(),
        ["Filter", "Triggers"]
    );
    let toks = tokens("fn g() -> Step { schema::x(); step::y() }");
    assert_eq!(
        glob_uses(&toks, &names).into_iter().filter(|n| names.contains_key(*n)).collect::<Vec<_>>(),
        ["Step", "schema", "step"]
    );
    assert_eq!(file_module_path(Path::new("validate/cron.rs")), ["validate", "cron"]);
}

/// The cycle finder itself: a cycle is reported with its edges and one
/// shortest cycle through each, and leaving out one of its edges breaks it.
#[test]
fn the_cycle_finder_reports_a_real_cycle() {
    let edge = |from: &str, to: &str, line| Edge {
        from: from.to_string(),
        to: to.to_string(),
        file: format!("{from}.rs"),
        line,
        text: format!("crate::{to}"),
    };
    let graph = Graph {
        modules: ["a", "b", "c", "d"].map(String::from).to_vec(),
        edges: vec![edge("a", "b", 1), edge("b", "c", 2), edge("c", "a", 3), edge("c", "d", 4)],
    };
    let report = graph.report(|_| true);
    assert!(report.starts_with("cycle among 3 modules: a, b, c\n"), "{report}");
    assert!(report.contains("  c -> a   (in cycle c -> a -> b -> c)\n      src/c.rs:3  crate::a\n"), "{report}");
    assert!(!report.contains("c -> d"), "{report}");
    assert!(graph.report(|e| e.line != 3).is_empty());
}
