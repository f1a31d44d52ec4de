//! The context-availability rules agree with GitHub's parser schema: for every
//! rule, the contexts and functions it allows are exactly those the named
//! parser definition lists.

use std::collections::BTreeSet;

use ci_tests::shared;
use serde_json::Value;

fn check(file: &str, action: bool) {
    let Some(dir) = shared("schemas") else { return };
    let text = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
    let schema: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
    let defs = &schema["definitions"];
    let mut failures = Vec::new();
    let rules = ci_model::expression::field_rules(action);
    assert!(rules.len() > 10);
    for rule in rules {
        let Some(def) = rule.definition else { continue };
        let Some(list) = defs[def]["context"].as_array() else {
            failures.push(format!("{}: definition `{def}` has no context list in {file}", rule.pattern));
            continue;
        };
        let mut contexts = BTreeSet::new();
        let mut functions = BTreeSet::new();
        for item in list.iter().filter_map(Value::as_str) {
            match item.split_once('(') {
                Some((name, _)) => functions.insert(name.to_owned()),
                None => contexts.insert(item.to_owned()),
            };
        }
        let ours: BTreeSet<String> = rule.contexts.iter().map(|s| (*s).to_owned()).collect();
        let our_fns: BTreeSet<String> = rule.functions.iter().map(|s| (*s).to_owned()).collect();
        if ours != contexts || our_fns != functions {
            failures.push(format!(
                "{} ({def}): model allows {ours:?} + {our_fns:?}, GitHub's parser {contexts:?} + {functions:?}",
                rule.pattern
            ));
        }
    }
    assert!(failures.is_empty(), "rules disagree with {file}:\n{}", failures.join("\n"));
}

#[test]
fn workflow_rules_match_githubs_parser() {
    check("github-parser-workflow-v1.0.json", false);
}

#[test]
fn action_rules_match_githubs_parser() {
    check("github-parser-action-v1.0.json", true);
}
