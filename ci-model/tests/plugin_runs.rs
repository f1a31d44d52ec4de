//! `runs:` with `plugin:` instead of `using:` (GitHub's `plugin-runs`), as
//! `actions/checkout@v1` wrote it: chosen by its own key when `using` is
//! absent.

use ci_model::{Action, PluginRuns, Runs};

/// actions/checkout@v1's `action.yml`.
const CHECKOUT_V1: &str = "name: 'Checkout'\ndescription: 'Checkout a Git repository.'\nruns:\n  plugin: 'checkout'\n";

#[test]
fn checkout_v1_reads_writes_canonically_and_reads_back() {
    let action = Action::parse(CHECKOUT_V1).unwrap();
    let Runs::Plugin(PluginRuns { plugin, extra }) = &action.runs else { panic!("a plugin: {:?}", action.runs) };
    assert_eq!(plugin, "checkout");
    assert!(extra.is_empty());
    assert!(action.validate().is_empty(), "{:?}", action.validate());
    assert_eq!(action.runs.chosen_by(), ("plugin", "checkout".into()));

    let yaml = action.to_yaml();
    assert_eq!(yaml, "name: Checkout\ndescription: Checkout a Git repository.\n\nruns:\n  plugin: checkout\n");
    assert_eq!(Action::parse(&yaml).unwrap(), action);
    assert_eq!(Action::parse(&yaml).unwrap().to_yaml(), yaml);
}

#[test]
fn a_runs_with_neither_key_still_misses_using_with_its_hint() {
    let err = Action::parse("name: x\nruns:\n  main: index.js\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "3:3: runs: missing required key `using`; add the action's runtime: `composite`, `docker` or `node24` [type]"
    );
}

#[test]
fn with_both_keys_using_decides_and_plugin_is_an_unknown_key() {
    let action =
        Action::parse("name: x\ndescription: d\nruns:\n  using: node20\n  main: i.js\n  plugin: checkout\n").unwrap();
    let Runs::Node(node) = &action.runs else { panic!("a JavaScript action: {:?}", action.runs) };
    assert_eq!(node.using, "node20");
    assert!(node.extra.contains_key("plugin"));
    let problems: Vec<String> = action.validate().iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("unknown key `plugin`"), "{problems:?}");
}

#[test]
fn a_plugin_takes_no_other_key() {
    let action = Action::parse("name: x\ndescription: d\nruns:\n  plugin: checkout\n  main: x\n").unwrap();
    let problems: Vec<String> = action.validate().iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("unknown key `main`; expected one of `plugin`"), "{problems:?}");
}

#[test]
fn the_action_schema_has_a_plugin_variant() {
    let schema: serde_json::Value = serde_json::from_str(&ci_model::action_schema()).unwrap();
    let variants = schema["$defs"]["Runs"]["oneOf"].as_array().cloned().unwrap_or_default();
    let plugin = variants.iter().find(|v| v["properties"].get("plugin").is_some()).unwrap();
    assert_eq!(plugin["required"], serde_json::json!(["plugin"]));
    assert_eq!(plugin["additionalProperties"], serde_json::json!(false));
    assert!(plugin["properties"].get("using").is_none());
}
