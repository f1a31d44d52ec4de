//! Schema coverage: every property that SchemaStore's schemas or GitHub's own
//! parser schemas define must exist at the same place in the model's schema.
//!
//! Each schema is flattened to a set of property paths (`on.push.branches`,
//! `jobs.*.steps[].with.*`): `*` stands for a user-chosen key (job ids, env
//! names, inputs), `[]` for the items of a list. A reference path is covered
//! when the model's schema has it, where a `*` in the model matches any key.

use std::collections::{BTreeSet, HashMap};
use std::fs;

use serde_json::Value;

use ci_tests::shared;

/// Paths deeper than this are not followed (the schemas are recursive).
const MAX_DEPTH: usize = 9;

#[derive(Default)]
struct Trie {
    children: HashMap<String, Trie>,
}

impl Trie {
    fn insert(&mut self, path: &[String]) {
        if let Some((first, rest)) = path.split_first() {
            self.children.entry(first.clone()).or_default().insert(rest);
        }
    }

    fn covers(&self, path: &[String]) -> bool {
        let Some((first, rest)) = path.split_first() else {
            return true;
        };
        if self.children.contains_key("**") {
            return true;
        }
        let exact = self.children.get(first).is_some_and(|t| t.covers(rest));
        let wild = first != "[]" && self.children.get("*").is_some_and(|t| t.covers(rest));
        exact || wild
    }
}

/// Property paths of a JSON Schema (draft 7 or 2020-12). In the model's schema
/// (`open` set), a place that accepts any value yields `**`, which covers every
/// path below it; in a reference schema such places require nothing.
fn json_schema_paths(root: &Value, open: bool) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let mut w = Walk { root, open, out: &mut out };
    w.walk(root, &mut Vec::new(), &mut Vec::new());
    out
}

struct Walk<'a> {
    root: &'a Value,
    open: bool,
    out: &'a mut BTreeSet<Vec<String>>,
}

fn resolve<'a>(root: &'a Value, r: &str) -> Option<&'a Value> {
    let pointer = r.strip_prefix('#')?;
    root.pointer(pointer)
}

impl Walk<'_> {
    fn walk(&mut self, node: &Value, path: &mut Vec<String>, seen: &mut Vec<String>) {
        let root = self.root;
        if path.len() > MAX_DEPTH {
            return;
        }
        // `true` (or an unconstrained object) accepts anything below: `**`.
        if self.open && (node == &Value::Bool(true) || node.get("additionalProperties") == Some(&Value::Bool(true))) {
            let mut p = path.clone();
            p.push("**".to_owned());
            self.out.insert(p);
        }
        let Some(obj) = node.as_object() else { return };
        if let Some(Value::String(r)) = obj.get("$ref") {
            if seen.contains(r) {
                return;
            }
            if let Some(target) = resolve(root, r) {
                seen.push(r.clone());
                self.walk(target, path, seen);
                seen.pop();
            }
        }
        for key in ["oneOf", "anyOf", "allOf"] {
            if let Some(Value::Array(items)) = obj.get(key) {
                for i in items {
                    self.walk(i, path, seen);
                }
            }
        }
        for key in ["then", "else"] {
            if let Some(v) = obj.get(key) {
                self.walk(v, path, seen);
            }
        }
        if let Some(Value::Object(props)) = obj.get("properties") {
            for (k, v) in props {
                path.push(k.clone());
                self.out.insert(path.clone());
                self.walk(v, path, seen);
                path.pop();
            }
        }
        let mut maps = Vec::new();
        if let Some(Value::Object(pp)) = obj.get("patternProperties") {
            for (pattern, v) in pp {
                // `^branches(-ignore)?$` names two keys, not a user-keyed map.
                if let Some(word) = pattern.strip_prefix('^').and_then(|p| p.strip_suffix("(-ignore)?$")) {
                    for k in [word.to_owned(), format!("{word}-ignore")] {
                        path.push(k);
                        self.out.insert(path.clone());
                        self.walk(v, path, seen);
                        path.pop();
                    }
                } else {
                    maps.push(v);
                }
            }
        }
        if let Some(ap @ Value::Object(_)) = obj.get("additionalProperties") {
            maps.push(ap);
        }
        for v in maps {
            path.push("*".to_owned());
            self.out.insert(path.clone());
            self.walk(v, path, seen);
            path.pop();
        }
        if let Some(items) = obj.get("items") {
            path.push("[]".to_owned());
            match items {
                Value::Array(list) => {
                    for i in list {
                        self.walk(i, path, seen);
                    }
                }
                other => self.walk(other, path, seen),
            }
            path.pop();
        }
    }
}

/// Property paths of one of GitHub's parser template schemas.
fn parser_paths(schema: &Value, root_def: &str) -> BTreeSet<Vec<String>> {
    let defs = &schema["definitions"];
    let mut out = BTreeSet::new();
    walk_parser(defs, root_def, &mut Vec::new(), &mut Vec::new(), &mut out);
    out
}

fn walk_parser(
    defs: &Value,
    name: &str,
    path: &mut Vec<String>,
    seen: &mut Vec<String>,
    out: &mut BTreeSet<Vec<String>>,
) {
    if path.len() > MAX_DEPTH || seen.iter().any(|s| s == name) {
        return;
    }
    let Some(def) = defs.get(name) else { return };
    seen.push(name.to_owned());
    if let Some(Value::Array(options)) = def.get("one-of") {
        for o in options {
            if let Some(n) = o.as_str() {
                walk_parser(defs, n, path, seen, out);
            }
        }
    }
    if let Some(mapping) = def.get("mapping") {
        if let Some(Value::Object(props)) = mapping.get("properties") {
            for (k, v) in props {
                path.push(k.clone());
                out.insert(path.clone());
                let ty = match v {
                    Value::String(t) => Some(t.as_str()),
                    Value::Object(o) => o.get("type").and_then(Value::as_str),
                    _ => None,
                };
                if let Some(t) = ty {
                    walk_parser(defs, t, path, seen, out);
                }
                path.pop();
            }
        }
        if let Some(Value::String(vt)) = mapping.get("loose-value-type") {
            path.push("*".to_owned());
            out.insert(path.clone());
            walk_parser(defs, vt, path, seen, out);
            path.pop();
        }
    }
    if let Some(seq) = def.get("sequence")
        && let Some(Value::String(it)) = seq.get("item-type")
    {
        path.push("[]".to_owned());
        walk_parser(defs, it, path, seen, out);
        path.pop();
    }
    seen.pop();
}

fn missing(reference: &BTreeSet<Vec<String>>, ours: &BTreeSet<Vec<String>>) -> Vec<String> {
    let mut trie = Trie::default();
    for p in ours {
        trie.insert(p);
    }
    reference.iter().filter(|p| !trie.covers(p)).map(|p| p.join(".").replace(".[]", "[]")).collect()
}

fn load(name: &str) -> Option<Value> {
    let dir = shared("schemas")?;
    let text = fs::read_to_string(dir.join(name)).ok()?;
    serde_json::from_str(&text).ok()
}

fn ours(schema: &str) -> BTreeSet<Vec<String>> {
    let v: Value = serde_json::from_str(schema).unwrap_or(Value::Null);
    json_schema_paths(&v, true)
}

fn check(reference: BTreeSet<Vec<String>>, ours: BTreeSet<Vec<String>>, what: &str) {
    assert!(reference.len() > 20, "{what}: the reference schema yielded only {} paths", reference.len());
    let missing = missing(&reference, &ours);
    assert!(
        missing.is_empty(),
        "the model's schema lacks {} of the {} properties {what} defines:\n  {}",
        missing.len(),
        reference.len(),
        missing.join("\n  ")
    );
}

#[test]
fn workflow_schema_covers_schemastore() {
    let Some(reference) = load("github-workflows.json") else {
        return;
    };
    check(
        json_schema_paths(&reference, false),
        ours(&ci_model::workflow_schema()),
        "SchemaStore's github-workflows.json",
    );
}

#[test]
fn workflow_schema_covers_githubs_parser() {
    let Some(reference) = load("github-parser-workflow-v1.0.json") else {
        return;
    };
    check(
        parser_paths(&reference, "workflow-root-strict"),
        ours(&ci_model::workflow_schema()),
        "GitHub's parser (workflow-v1.0)",
    );
}

#[test]
fn action_schema_covers_schemastore() {
    let Some(reference) = load("github-actions.json") else {
        return;
    };
    check(json_schema_paths(&reference, false), ours(&ci_model::action_schema()), "SchemaStore's github-actions.json");
}

#[test]
fn action_schema_covers_githubs_parser() {
    let Some(reference) = load("github-parser-action-v1.0.json") else {
        return;
    };
    check(
        parser_paths(&reference, "action-root-strict"),
        ours(&ci_model::action_schema()),
        "GitHub's parser (action-v1.0)",
    );
}

/// The non-strict root is what the runner reads: its `runs` is also
/// `plugin-runs` (`plugin:` instead of `using:`). It also takes any other
/// key at the top (`*`); the model keeps such keys in `extra` and its schema,
/// like the strict root, does not list them, so that path is left out.
#[test]
fn action_schema_covers_githubs_runner_parser() {
    let Some(reference) = load("github-parser-action-v1.0.json") else {
        return;
    };
    let mut paths = parser_paths(&reference, "action-root");
    assert!(paths.remove(&vec!["*".to_owned()]), "action-root takes any top-level key");
    assert!(paths.contains(&vec!["runs".to_owned(), "plugin".to_owned()]), "action-root reaches plugin-runs");
    check(paths, ours(&ci_model::action_schema()), "GitHub's parser (action-v1.0, action-root)");
}

#[test]
fn the_walkers_find_missing_properties() {
    // A reference with a property the model lacks must be reported, and a
    // user-keyed map in the model must cover any concrete key.
    let reference: Value = serde_json::json!({
        "properties": { "jobs": { "additionalProperties": { "properties": { "runs-on": {}, "no-such-key": {} } } },
                        "env": { "properties": { "FOO": {} } } }
    });
    let model: Value = serde_json::json!({
        "properties": { "jobs": { "additionalProperties": { "properties": { "runs-on": {} } } },
                        "env": { "additionalProperties": { "type": "string" } } }
    });
    assert_eq!(
        missing(&json_schema_paths(&reference, false), &json_schema_paths(&model, true)),
        vec!["jobs.*.no-such-key"]
    );
}
