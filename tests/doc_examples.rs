//! Every public item of `ci-model` is documented, and every one that is more
//! than a field's setter or getter with a runnable example.
//!
//! The project's standard asks library code for "public items documented with
//! examples", one example per type at least. This test reads `ci-model/src` as
//! text and holds each `pub` item to the standard of its kind:
//!
//! - a **type** (struct, enum, trait, type alias, union), a **module**, a
//!   **free function** (a `pub fn` not inside an `impl` block) and a
//!   **const/static** needs a doc-test: a ```` ``` ```` block that is Rust, not
//!   `text` or `ignore`, in the `///` lines and attributes right above it. A
//!   `pub mod name;` counts as documented by the `//!` lines of its own file.
//! - a **method** (a `pub fn` inside an `impl` block, associated functions
//!   included) needs a doc comment: some `///` text outside a code block. It
//!   needs a doc-test too unless it is *plain* (below): an example that only
//!   restates that a setter sets its field says nothing a reader needs, and
//!   each doc-test costs build time.
//!
//! A method is **plain** when its body, read as text with string literals
//! blanked, is at most [`PLAIN_LINES`] lines and is one of:
//!
//! - a setter: one or more statements, each of which starts with `self.` (an
//!   assignment `self.field = value`, or `self.field….push/insert/extend(value)`),
//!   then `self` or nothing;
//! - a getter or a constructor: no statement, one expression (`&self.field`,
//!   `self.field.as_deref()`, `Kind::Variant(arg.into())`, `Self { … }`).
//!
//! and every name in it is harmless: an argument, `self`, a field (`.name` not
//! called, or `name:` in a struct literal), a capitalised path (a type, a
//! variant, a const: `Some`, `LitOrExpr::Lit`, `CallSecrets::Inherit`), a
//! method of [`PLAIN_METHODS`] (conversions `into`/`from`/`to_owned`/…,
//! collection `push`/`insert`/`extend`/`get_or_insert_with`, views
//! `as_ref`/`as_deref`/`as_slice`/`as_str`, and `into_iter`/`map`/`collect`
//! for `.into_iter().map(Into::into).collect()`), `Type::new`/`Type::default`
//! called without arguments or named as a function, `Box::new`, `vec!`,
//! `true`/`false`. Any other lowercase call (a normaliser, a validator, a
//! helper such as `push_need`), a keyword (`if`, `match`, `let`, `return`), a
//! closure or a local name makes the method not plain: it keeps its example.
//! A plain method may still have an example (one that shows a conversion, a
//! canonical YAML form or an interaction between fields); it just need not.
//!
//! Skipped: the generated `actions/` folder (its generator, `ci-gen bindings`,
//! writes its examples), `#[cfg(test)]` items, `pub(crate)` and narrower items
//! (they do not start with `pub `), and items that a `macro_rules!` body names
//! with a metavariable (`pub fn $method`): their docs come from each invocation's
//! `$(#[$doc])*`, which this scan does not follow. Items a macro body names
//! literally (`pub struct Triggers`) carry their own `///` and are checked.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ci_tests::workspace_root;

/// Item keywords a public item starts with (after `pub` and qualifiers).
const KINDS: &[&str] = &["fn", "struct", "enum", "trait", "type", "const", "static", "mod", "union"];
/// Qualifiers that may stand between `pub` and the item keyword.
const QUALIFIERS: &[&str] = &["const", "async", "unsafe", "extern", "\"C\"", "safe"];

/// The `.rs` files under `dir`, in path order, without the `actions/` folder.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        entries.push(entry?.path());
    }
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "actions") {
                rust_files(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// The kind and name of the public item `line` declares, if it declares one.
fn public_item(line: &str) -> Option<(&str, &str)> {
    let mut words = line.trim_start().strip_prefix("pub ")?.split_whitespace();
    let mut word = words.next()?;
    loop {
        if KINDS.contains(&word) {
            let after = words.clone().next()?;
            // `pub const fn`, `pub const unsafe fn`: `const` is a qualifier here.
            let qualified = word == "const" && (KINDS.contains(&after) || QUALIFIERS.contains(&after));
            if !qualified {
                let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
                let name = &after[..end];
                // A metavariable (`$method`) leaves no name.
                return (!name.is_empty()).then_some((word, name));
            }
        } else if !QUALIFIERS.contains(&word) {
            return None;
        }
        word = words.next()?;
    }
}

/// Whether some doc line (its `///` or `//!` already removed) opens a doc-test.
fn has_doctest<'a>(docs: impl IntoIterator<Item = &'a str>) -> bool {
    let mut in_block = false;
    for doc in docs {
        let Some(info) = doc.trim().strip_prefix("```") else { continue };
        if in_block {
            in_block = false;
            continue;
        }
        in_block = true;
        let rust = info
            .split([',', ' '])
            .filter(|t| !t.is_empty())
            .all(|t| matches!(t, "rust" | "should_panic" | "no_run" | "compile_fail") || t.starts_with("edition"));
        if rust {
            return true;
        }
    }
    false
}

/// The `//!` lines of `file`, without their marker.
fn inner_docs(file: &str) -> Vec<&str> {
    file.lines().filter_map(|l| l.trim_start().strip_prefix("//!")).collect()
}

/// The file holding `pub mod name;` declared in `file`.
fn module_file(file: &Path, name: &str) -> Option<PathBuf> {
    let stem = file.file_stem()?.to_str()?;
    let parent = file.parent()?;
    let dir = if stem == "lib" || stem == "mod" { parent.to_path_buf() } else { parent.join(stem) };
    [dir.join(format!("{name}.rs")), dir.join(name).join("mod.rs")].into_iter().find(|p| p.is_file())
}

/// The most lines a plain method's body has.
const PLAIN_LINES: usize = 4;
/// Methods a plain method's body may call: conversions, collection inserts,
/// views. `map` takes a function path (`Into::into`): a closure names a
/// parameter of its own, which is not harmless.
const PLAIN_METHODS: &[&str] = &[
    "into",
    "to_owned",
    "to_string",
    "clone",
    "push",
    "insert",
    "extend",
    "get_or_insert_with",
    "get_or_insert_default",
    "into_iter",
    "map",
    "collect",
    "as_ref",
    "as_deref",
    "as_slice",
    "as_str",
];

/// Whether the `pub fn` at `lines[i]` is a method: the block it stands in is an
/// `impl` block (its header is the nearest line above at a smaller indentation,
/// past a `where` clause and a `{` of their own).
fn in_impl(lines: &[&str], i: usize) -> bool {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let own = indent(lines[i]);
    for line in lines[..i].iter().rev() {
        let t = line.trim_start();
        if t.is_empty() || indent(line) >= own || t == "{" || t.starts_with("where") {
            continue;
        }
        return t.starts_with("impl") || t.starts_with("unsafe impl");
    }
    false
}

/// The text of the fn that starts at `lines[i]`: to the `}` at its own
/// indentation, or that one line when it closes its body itself.
fn fn_text(lines: &[&str], i: usize) -> String {
    let first = lines[i];
    let close = format!("{}}}", &first[..first.len() - first.trim_start().len()]);
    let mut text = String::new();
    for line in &lines[i..] {
        text.push_str(line);
        text.push('\n');
        if line.trim_end() == close || (text.lines().count() == 1 && line.trim_end().ends_with('}')) {
            break;
        }
    }
    text
}

/// `text` with the contents of its string and char literals removed.
fn blank_literals(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '"' {
            while let Some(c) = chars.next() {
                if c == '\\' {
                    chars.next();
                } else if c == '"' {
                    out.push('"');
                    break;
                }
            }
        }
    }
    out
}

/// The argument names of a fn's parameter list (`self` excluded).
fn arguments(params: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (k, c) in params.char_indices().chain([(params.len(), ',')]) {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                let param = params[start..k].trim();
                if let Some((name, _)) = param.split_once(':') {
                    names.push(name.trim().trim_start_matches("mut ").trim());
                }
                start = k + 1;
            }
            _ => {}
        }
    }
    names
}

/// Whether every name in `expr` is harmless (see the module docs).
fn harmless(expr: &str, args: &[&str]) -> bool {
    let bytes = expr.as_bytes();
    let next_char = |mut k: usize| {
        while k < bytes.len() && bytes[k] == b' ' {
            k += 1;
        }
        (k, bytes.get(k).copied())
    };
    let mut k = 0;
    while k < bytes.len() {
        let c = bytes[k];
        if !(c.is_ascii_alphabetic() || c == b'_')
            || (k > 0 && (bytes[k - 1].is_ascii_alphanumeric() || bytes[k - 1] == b'_'))
        {
            k += 1;
            continue;
        }
        let start = k;
        while k < bytes.len() && (bytes[k].is_ascii_alphanumeric() || bytes[k] == b'_' || bytes[k] == b'#') {
            k += 1;
        }
        let word = &expr[start..k];
        let word = word.strip_prefix("r#").unwrap_or(word);
        if word.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let before = expr[..start].trim_end();
        let (after_at, after) = next_char(k);
        let called = after == Some(b'(');
        let path_segment = expr[after_at..].starts_with("::");
        let field_name = after == Some(b':') && !path_segment;
        let previous = before.rsplit("::").nth(1).map(|p| {
            let p = p.trim_end();
            &p[p.rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1)..]
        });
        let ok = if before.ends_with('.') && !before.ends_with("..") {
            // A method call, or a field (not called).
            !called || PLAIN_METHODS.contains(&word)
        } else if path_segment || field_name || word.starts_with(|c: char| c.is_ascii_uppercase()) {
            true
        } else if before.ends_with("::") {
            // The last segment of a path: a function.
            let no_arguments = expr[after_at..].starts_with("()") || !called;
            match word {
                "new" | "default" => no_arguments || previous == Some("Box"),
                "into" | "from" => true,
                _ => false,
            }
        } else {
            args.contains(&word)
                || matches!(word, "self" | "true" | "false" | "mut")
                || (word == "vec" && after == Some(b'!'))
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Whether the fn `text` (its signature and body) is plain (see the module docs).
fn is_plain(text: &str) -> bool {
    let text = blank_literals(text);
    let Some(open) = text.find('(') else { return false };
    let mut depth = 0;
    let Some(close) = text[open..].char_indices().find_map(|(k, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(open + k)
    }) else {
        return false;
    };
    let args = arguments(&text[open + 1..close]);
    let (Some(body_open), Some(body_close)) = (text[close..].find('{').map(|k| close + k), text.rfind('}')) else {
        return false;
    };
    let body = text[body_open + 1..body_close].trim();
    if body.lines().count() > PLAIN_LINES {
        return false;
    }
    let body = body.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let mut parts: Vec<&str> = body.split(';').map(str::trim).collect();
    let tail = parts.pop().unwrap_or_default();
    if parts.iter().any(|s| !s.starts_with("self.") || !harmless(s, &args)) {
        return false;
    }
    if !parts.is_empty() {
        return tail.is_empty() || tail == "self";
    }
    !tail.is_empty() && harmless(tail, &args)
}

/// Whether some doc line (its marker already removed) holds text outside a code block.
fn has_text<'a>(docs: impl IntoIterator<Item = &'a str>) -> bool {
    let mut in_block = false;
    for doc in docs {
        let doc = doc.trim();
        if doc.starts_with("```") {
            in_block = !in_block;
        } else if !in_block && !doc.is_empty() {
            return true;
        }
    }
    false
}

/// `file:line: kind name (what is missing)` for each public item of the source
/// `text` (of the file `path`, shown as `shown`) short of the standard.
fn missing_docs(text: &str, path: &Path, shown: &str) -> io::Result<Vec<String>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut missing = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start().starts_with("#[cfg(test)]") {
            // Skip the item: up to its `;`, or to the `}` at its own indentation.
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim_start().starts_with("#[") {
                j += 1;
            }
            if let Some(item) = lines.get(j).filter(|l| l.trim_end().ends_with('{')) {
                let close = format!("{}}}", &item[..item.len() - item.trim_start().len()]);
                while j < lines.len() && lines[j].trim_end() != close {
                    j += 1;
                }
            }
            i = j + 1;
            continue;
        }
        if let Some((kind, name)) = public_item(line) {
            let mut docs = Vec::new();
            let mut j = i;
            while j > 0 {
                let above = lines[j - 1].trim_start();
                if let Some(doc) = above.strip_prefix("///") {
                    docs.push(doc);
                } else if !above.starts_with("#[") {
                    break;
                }
                j -= 1;
            }
            docs.reverse();
            let method = kind == "fn" && in_impl(&lines, i);
            let problem = if method {
                if !has_text(docs.iter().copied()) {
                    Some("method without a doc comment")
                } else if !has_doctest(docs) && !is_plain(&fn_text(&lines, i)) {
                    Some("method, not a plain setter or getter, without an example")
                } else {
                    None
                }
            } else {
                let mut documented = has_doctest(docs);
                if !documented
                    && kind == "mod"
                    && line.trim_end().ends_with(';')
                    && let Some(module) = module_file(path, name)
                {
                    documented = has_doctest(inner_docs(&fs::read_to_string(module)?));
                }
                (!documented).then_some("no example")
            };
            if let Some(problem) = problem {
                let kind = if method { "method" } else { kind };
                missing.push(format!("{shown}:{}: {kind} {name} ({problem})", i + 1));
            }
        }
        i += 1;
    }
    Ok(missing)
}

/// The items of the file `path` short of the standard.
fn missing_examples(path: &Path, root: &Path) -> io::Result<Vec<String>> {
    let text = fs::read_to_string(path)?;
    missing_docs(&text, path, &path.strip_prefix(root).unwrap_or(path).display().to_string())
}

#[test]
fn every_public_item_meets_the_standard() {
    let root = workspace_root();
    let mut files = Vec::new();
    rust_files(&root.join("ci-model").join("src"), &mut files).unwrap();
    assert!(files.len() > 10, "found only {} files under ci-model/src", files.len());
    let missing: Vec<String> =
        files.iter().map(|f| missing_examples(f, &root)).collect::<io::Result<Vec<_>>>().unwrap().concat();
    assert!(
        missing.is_empty(),
        "{} public items of ci-model fall short of the standard in tests/doc_examples.rs's module docs \
         (a type, module, free function or const needs a ``` doc-test in its `///` docs; a method needs \
         `///` text, and a doc-test unless it is a plain setter or getter):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_scan_sees_items_and_examples() {
    assert_eq!(public_item("    pub fn parse(text: &str) -> Self {"), Some(("fn", "parse")));
    assert_eq!(public_item("pub const EVENTS: &[&str] = &[];"), Some(("const", "EVENTS")));
    assert_eq!(public_item("pub const fn new() -> Self {"), Some(("fn", "new")));
    assert_eq!(public_item("pub struct Github(E);"), Some(("struct", "Github")));
    assert_eq!(public_item("pub(crate) fn lower(&self) {"), None);
    assert_eq!(public_item("$( pub fn $method(&self) -> E { } )*"), None);
    assert_eq!(public_item("pub use crate::x;"), None);
    assert!(has_doctest([" Text.", " ```", " assert!(true);", " ```"]));
    assert!(has_doctest([" ```rust,no_run", " ```"]));
    assert!(!has_doctest([" ```text", " a: b", " ```"]));
    assert!(!has_doctest([" ```ignore", " ```", " ```text", " ```"]));
    assert!(!has_doctest([" No example."]));
}

/// The problems `missing_docs` finds in the made-up source `text`.
fn problems(text: &str) -> Vec<String> {
    missing_docs(text, Path::new("made_up.rs"), "made_up.rs").unwrap_or_else(|e| vec![format!("cannot read: {e}")])
}

#[test]
fn a_type_without_an_example_fails() {
    let text = "/// A thing.\npub struct Thing {\n    pub name: String,\n}\n";
    assert_eq!(problems(text), ["made_up.rs:2: struct Thing (no example)"]);
    let text = "/// A thing.\n///\n/// ```\n/// let _ = 1;\n/// ```\npub enum Thing {\n    A,\n}\n";
    assert!(problems(text).is_empty());
    // A free function and a const still need one.
    let text = "/// Parses.\npub fn parse() {}\n\n/// Names.\npub const NAMES: &[&str] = &[];\n";
    assert_eq!(problems(text), ["made_up.rs:2: fn parse (no example)", "made_up.rs:5: const NAMES (no example)"]);
}

#[test]
fn a_method_without_a_doc_comment_fails() {
    let text = "impl Thing {\n    pub fn name(mut self, name: String) -> Self {\n        self.name = name;\n        self\n    }\n}\n";
    assert_eq!(problems(text), ["made_up.rs:2: method name (method without a doc comment)"]);
    // A doc comment that is only a code block is not a description.
    let text = "impl Thing {\n    /// ```\n    /// let _ = 1;\n    /// ```\n    pub fn len(&self) -> usize {\n        self.items.len()\n    }\n}\n";
    assert_eq!(problems(text), ["made_up.rs:5: method len (method without a doc comment)"]);
}

#[test]
fn only_a_plain_method_goes_without_an_example() {
    let plain = [
        "impl Thing {\n    /// Sets `name:`.\n    pub fn name(mut self, name: impl Into<Scalar>) -> Self {\n        self.name = Some(name.into());\n        self\n    }\n}\n",
        "impl Thing {\n    /// Appends a step.\n    pub fn step(mut self, step: Step) -> Self {\n        self.steps.get_or_insert_with(Vec::new).push(step);\n        self\n    }\n}\n",
        "impl Thing {\n    /// Adds an input.\n    pub fn with(mut self, key: impl Into<String>, value: impl Into<Scalar>) -> Self {\n        self.with.get_or_insert_with(IndexMap::new).insert(key.into(), value.into());\n        self\n    }\n}\n",
        "impl Thing {\n    /// `secrets: inherit`.\n    pub fn inherit(mut self) -> Self {\n        self.secrets = Some(CallSecrets::Inherit);\n        self\n    }\n}\n",
        "impl Thing {\n    /// The comment.\n    pub fn comment(&self) -> Option<&str> {\n        self.comment.as_deref()\n    }\n}\n",
        "impl Thing {\n    /// A named thing.\n    pub fn named(name: impl Into<Scalar>) -> Self {\n        Thing::Name(name.into())\n    }\n}\n",
        "impl Thing {\n    /// The name.\n    pub fn name(&self) -> &str { &self.name }\n}\n",
    ];
    for text in plain {
        assert!(problems(text).is_empty(), "{text}");
    }
    let not_plain = [
        // A normaliser.
        "impl Thing {\n    /// Sets the comment.\n    pub fn comment(mut self, text: impl Into<String>) -> Self {\n        self.comment = Some(crate::comment::normalise_block(text.into()));\n        self\n    }\n}\n",
        // A helper.
        "impl Thing {\n    /// Adds a need.\n    pub fn needs(mut self, job: impl Into<String>) -> Self {\n        push_need(&mut self.needs, job.into());\n        self\n    }\n}\n",
        // A constructor that may do work.
        "impl Thing {\n    /// Allows a lint.\n    pub fn allow(mut self, lint: Lint, reason: impl Into<String>) -> Self {\n        self.allow.push(Allow::new(lint, reason));\n        self\n    }\n}\n",
        // Control flow.
        "impl Thing {\n    /// The name.\n    pub fn name(&self) -> &str {\n        match self {\n            Thing::A(a) => &a.name,\n        }\n    }\n}\n",
        // A computed answer.
        "impl Thing {\n    /// How many.\n    pub fn len(&self) -> usize {\n        self.items.len()\n    }\n}\n",
        // Too long.
        "impl Thing {\n    /// Sets five.\n    pub fn five(mut self, a: u8) -> Self {\n        self.a = a;\n        self.b = a;\n        self.c = a;\n        self.d = a;\n        self\n    }\n}\n",
    ];
    for text in not_plain {
        let found = problems(text);
        assert!(found.len() == 1 && found[0].contains("not a plain setter or getter"), "{text}: {found:?}");
    }
}

#[test]
fn a_fn_in_an_inline_module_is_free() {
    let text = "/// Helpers.\n///\n/// ```\n/// let _ = 1;\n/// ```\npub mod helpers {\n    /// Sets nothing.\n    pub fn name(name: String) -> String {\n        name\n    }\n}\n";
    assert_eq!(problems(text), ["made_up.rs:8: fn name (no example)"]);
}
