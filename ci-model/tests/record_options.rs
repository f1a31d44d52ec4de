//! One focused test per option and form of `record!` (see the docs of
//! `ci-model/src/record.rs`) whose behaviour no catalog case pins down: what
//! the parser reads, what the emitter writes, what validation reports and
//! what the JSON Schema says. The messages of most options are in the error
//! catalog (`tests/catalog/bad/`); each test here names the option it holds.

use ci_model::{Action, InputKind, Runs, Workflow};
use serde_json::{Value, json};

/// A workflow whose one job runs `make`, with `on:` and the job's extra
/// lines as given (indented by the caller).
fn workflow(on: &str, job: &str) -> String {
    format!("on:\n{on}jobs:\n  build:\n    runs-on: ubuntu-latest\n{job}    steps:\n      - run: make\n")
}

/// Every message validation gives for `text`, which must parse.
#[allow(clippy::panic)] // test helper
fn messages(text: &str) -> Vec<String> {
    let wf = Workflow::parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    wf.validate().iter().map(ToString::to_string).collect()
}

fn schema(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_default()
}

/// `[service]`: a service container takes `entrypoint` and `command`, a
/// job's `container:` (the same record) refuses both; both are written.
#[test]
fn service_keys_are_taken_by_services_and_refused_by_the_job_container() {
    let services =
        "    services:\n      db:\n        image: postgres:16\n        entrypoint: /bin/sh\n        command: run\n";
    let text = workflow("  push:\n", services);
    assert_eq!(messages(&text), Vec::<String>::new());
    let yaml = Workflow::parse(&text).map(|wf| wf.to_yaml()).unwrap_or_default();
    assert!(yaml.contains("        entrypoint: /bin/sh\n        command: run\n"), "{yaml}");

    let container = "    container:\n      image: node:20\n      command: run\n";
    assert_eq!(
        messages(&workflow("  push:\n", container)),
        ["jobs.build.container: unknown key `command`; expected one of `image`, `credentials`, `env`, `ports`, \
          `volumes`, `options` [unknown-key]"]
    );
}

/// `[schema only]`: read and written, in the JSON Schema, but reported
/// when written and not offered as a known key.
#[test]
fn a_schema_only_key_is_kept_reported_and_not_offered() {
    let on =
        "  workflow_dispatch:\n    inputs:\n      level:\n        deprecationMessage: old\n        descripton: x\n";
    let text = workflow(on, "");
    let wf = Workflow::parse(&text).unwrap_or_default();
    let input = wf.on.triggers().and_then(|t| t.workflow_dispatch.as_ref()).and_then(|d| d.value());
    let level = input.and_then(|d| d.inputs.as_ref()).and_then(|i| i.get("level"));
    assert_eq!(level.and_then(|l| l.deprecation_message.as_ref()).map(|m| m.to_text()), Some("old".into()));
    assert!(wf.to_yaml().contains("      level:\n        deprecationMessage: old\n"), "{}", wf.to_yaml());
    assert_eq!(
        messages(&text),
        [
            "on.workflow_dispatch.inputs.level: unknown key `descripton`; did you mean `description`?; expected one \
             of `description`, `required`, `type`, `default` [unknown-key]",
            "on.workflow_dispatch.inputs.level: `deprecationMessage` is in SchemaStore's schema, but GitHub's \
             workflow parser does not accept it here; remove it [unknown-key]",
        ]
    );
    let s = schema(&ci_model::workflow_schema());
    assert!(s["$defs"]["DispatchInput"]["properties"].get("deprecationMessage").is_some());
}

/// `[filter, schema only]`: either form of the pair is reported by the key
/// written.
#[test]
fn a_schema_only_filter_is_reported_by_the_form_written() {
    let text = workflow("  pull_request:\n    tags-ignore: [v0*]\n", "");
    assert_eq!(
        messages(&text),
        ["on.pull_request: `tags-ignore` is in SchemaStore's schema, but GitHub's workflow parser does not accept \
          it here; remove it [unknown-key]"]
    );
    let yaml = Workflow::parse(&text).map(|wf| wf.to_yaml()).unwrap_or_default();
    assert!(yaml.contains("  pull_request:\n    tags-ignore: [v0*]\n"), "{yaml}");
    // Both forms: the pair, and the one read; the second is no unknown key.
    let both = workflow("  pull_request:\n    tags: [v1]\n    tags-ignore: [v2]\n", "");
    assert_eq!(
        messages(&both),
        [
            "on.pull_request: `tags` and `tags-ignore` cannot be used together; note: use `!` patterns in `tags` to \
             exclude [exclusive-keys]",
            "on.pull_request: `tags` is in SchemaStore's schema, but GitHub's workflow parser does not accept it here; \
             remove it [unknown-key]"
        ]
    );
}

/// `[filter]`: both keys of the pair are properties of an `[own schema]`
/// record, and either form is read and written back as written.
#[test]
fn a_filter_is_two_properties_and_keeps_its_form() {
    let s = schema(&ci_model::workflow_schema());
    let push = &s["$defs"]["PushFilter"]["properties"];
    for key in ["branches", "branches-ignore", "tags", "tags-ignore", "paths", "paths-ignore"] {
        assert!(push.get(key).is_some(), "{key}: {push}");
    }
    let text = workflow("  push:\n    branches-ignore: [wip/**]\n    paths: [src/**]\n", "");
    let yaml = Workflow::parse(&text).map(|wf| wf.to_yaml()).unwrap_or_default();
    assert!(yaml.contains("  push:\n    branches-ignore: [wip/**]\n    paths: [src/**]\n"), "{yaml}");
}

/// `[needed = "hint"]`: the parser accepts the key unset, validation
/// reports it with the hint; an `[own schema]` record lists it as required.
#[test]
fn a_needed_key_is_reported_with_its_hint_and_required_by_an_own_schema() {
    let text = workflow("  push:\n", "    container:\n      ports: [80]\n");
    assert_eq!(
        messages(&text),
        ["jobs.build.container: missing required key `image`; add the Docker image to run [type]"]
    );
    let action = Action::parse("name: x\ndescription: d\nruns:\n  using: node24\n").unwrap_or_else(|e| panic!("{e}"));
    let problems: Vec<String> = action.validate().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "runs: missing required key `main`; add the JavaScript file the action runs, e.g. `main: dist/index.js` [type]"
        ]
    );
    let s = schema(&ci_model::action_schema());
    let node =
        s["$defs"]["Runs"]["oneOf"].as_array().and_then(|v| v.iter().find(|v| v["properties"].get("main").is_some()));
    assert_eq!(node.map(|n| &n["required"]), Some(&json!(["using", "main"])));
}

/// `[required]` and `[required = "hint"]`: required in the JSON Schema; a
/// file without the key is refused (the hint is in the error catalog).
#[test]
fn required_keys_are_required_by_the_schema() {
    let s = schema(&ci_model::workflow_schema());
    assert_eq!(s["required"], json!(["on", "jobs"]));
    assert_eq!(s["$defs"]["NormalJob"]["required"], json!(["runs-on"]));
    let err = Workflow::parse("on: push\njobs:\n  build:\n    steps: []\n").map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("missing required key `runs-on`; add the runner the job runs on"), "{err}");
}

/// `[section = "hint"]`: written after an empty line.
#[test]
fn a_section_is_written_after_an_empty_line() {
    let yaml = Workflow::parse(&workflow("  push:\n", "")).map(|wf| wf.to_yaml()).unwrap_or_default();
    assert!(yaml.starts_with("on:\n  push:\n\njobs:\n"), "{yaml}");
}

/// `[required, commented]`: a schedule's `cron` carries the entry's comment
/// after its value, read and written back; the key is required.
#[test]
fn a_commented_key_carries_the_comment_after_its_value() {
    let text = workflow("  schedule:\n    - cron: '0 9 * * 1' # every Monday\n", "");
    let wf = Workflow::parse(&text).unwrap_or_default();
    let cron = wf.on.triggers().and_then(|t| t.schedule.as_ref()).and_then(|s| s.first());
    assert_eq!(cron.and_then(|c| c.comment.as_deref()), Some("every Monday"));
    assert!(wf.to_yaml().contains("    - cron: 0 9 * * 1 # every Monday\n"), "{}", wf.to_yaml());
    assert!(Workflow::parse(&workflow("  schedule:\n    - timezone: UTC\n", "")).is_err());
    let s = schema(&ci_model::workflow_schema());
    assert_eq!(s["$defs"]["Cron"]["required"], json!(["cron"]));
}

/// `[kind "options"]`: `options:` is read only for `type: choice` (for
/// another type it stays an unknown key), whatever the order written; it
/// is written after `default:`; the schema lists the kinds' names.
#[test]
fn a_kind_reads_its_second_key_only_for_the_kinds_that_take_it() {
    let on = "  workflow_dispatch:\n    inputs:\n      level:\n        options: [info, debug]\n        default: info\n        type: choice\n      name:\n        type: string\n        options: [a]\n";
    let text = workflow(on, "");
    let wf = Workflow::parse(&text).unwrap_or_default();
    let inputs = wf.on.triggers().and_then(|t| t.workflow_dispatch.as_ref()).and_then(|d| d.value());
    let inputs = inputs.and_then(|d| d.inputs.as_ref());
    let level = inputs.and_then(|i| i.get("level")).map(|l| &l.kind);
    assert!(matches!(level, Some(InputKind::Choice { options: Some(o) }) if o.len() == 2), "{level:?}");
    let name = inputs.and_then(|i| i.get("name"));
    assert_eq!(name.map(|n| &n.kind), Some(&InputKind::String));
    assert!(name.is_some_and(|n| n.extra.contains_key("options")));
    assert!(
        wf.to_yaml()
            .contains("      level:\n        type: choice\n        default: info\n        options: [info, debug]\n"),
        "{}",
        wf.to_yaml()
    );
    assert_eq!(
        messages(&text),
        ["on.workflow_dispatch.inputs.name: unknown key `options`; expected one of `description`, `required`, \
          `type`, `default` [unknown-key]"]
    );
    let s = schema(&ci_model::workflow_schema());
    let props = &s["$defs"]["DispatchInput"]["properties"];
    assert_eq!(props["type"]["enum"], json!(["string", "boolean", "number", "environment", "choice"]));
    assert!(props.get("options").is_some());
}

/// `= [..] in field`: the variant that holds the tag's value keeps the
/// value written (and reports one outside its list); `= ["value"]` writes
/// its one value; the schema's tag is an `enum` or a `const`.
#[test]
fn a_tagged_union_keeps_the_held_value_and_writes_the_tag_first() {
    let text = "name: x\ndescription: d\nruns:\n  main: index.js\n  using: node16\n";
    let action = Action::parse(text).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(&action.runs, Runs::Node(n) if n.using == "node16"), "{:?}", action.runs);
    assert_eq!(action.runs.chosen_by(), ("using", "node16".into()));
    assert!(action.to_yaml().ends_with("runs:\n  using: node16\n  main: index.js\n"), "{}", action.to_yaml());

    let composite = Action::parse("name: x\ndescription: d\nruns:\n  steps: []\n  using: composite\n");
    let composite = composite.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(composite.runs.chosen_by(), ("using", "composite".into()));
    assert!(composite.to_yaml().ends_with("runs:\n  using: composite\n  steps: []\n"), "{}", composite.to_yaml());

    let s = schema(&ci_model::action_schema());
    let usings: Vec<&Value> = s["$defs"]["Runs"]["oneOf"]
        .as_array()
        .map(|v| v.iter().map(|v| &v["properties"]["using"]).collect())
        .unwrap_or_default();
    assert_eq!(usings[0], &json!({ "const": "composite" }));
    assert_eq!(usings[2], &json!({ "type": "string", "enum": ["node12", "node16", "node20", "node24"] }));
}

/// `[count]` and `[positive]`: a count must be at least 1 (`0.5` parallel
/// jobs is refused, `1` is fine), a positive number only above zero.
#[test]
fn a_count_is_at_least_one_and_a_positive_number_above_zero() {
    let strategy = |n: &str| format!("    strategy:\n      max-parallel: {n}\n      matrix:\n        os: [a]\n");
    assert_eq!(
        messages(&workflow("  push:\n", &strategy("0.5"))),
        ["jobs.build.strategy.max-parallel: `max-parallel` must be at least 1, found 0.5 [number]"]
    );
    assert_eq!(messages(&workflow("  push:\n", &strategy("1"))), Vec::<String>::new());
    assert_eq!(
        messages(&workflow("  push:\n", "    timeout-minutes: 0\n")),
        ["jobs.build.timeout-minutes: `timeout-minutes` must be a positive number, found 0 [number]"]
    );
    assert_eq!(messages(&workflow("  push:\n", "    timeout-minutes: 0.5\n")), Vec::<String>::new());
}

/// Builder option `one(method: T)`: one value written as a scalar, where
/// `push(T)` writes a list; and `unknown_key`, which every record has.
#[test]
fn one_writes_a_scalar_and_unknown_key_a_key_of_its_own() {
    use ci_model::{Job, Step};
    let job = |j: ci_model::NormalJob| {
        Workflow::new("CI").on_push().job("a", Job::new("ubuntu-latest").step(Step::run("a"))).job("b", j).to_yaml()
    };
    let one = job(Job::new("ubuntu-latest").needs_one("a").step(Step::run("make")));
    assert!(one.contains("    needs: a\n"), "{one}");
    let list = job(Job::new("ubuntu-latest").needs("a").step(Step::run("make")));
    assert!(list.contains("    needs: [a]\n"), "{list}");
    let later = Job::new("ubuntu-latest").needs("a").needs_one("c");
    assert_eq!(later.needs.as_ref().map(|n| n.as_slice().to_vec()), Some(vec!["c".to_owned()]));
    let odd = job(Job::new("ubuntu-latest").step(Step::run("make")).unknown_key("x-team", "infra"));
    assert!(odd.contains("      - run: make\n    x-team: infra\n"), "{odd}");
    let wf = Workflow::parse(&odd).unwrap_or_default();
    assert_eq!(
        wf.validate().iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["jobs.b: unknown key `x-team`; expected one of `name`, `needs`, `if`, `runs-on`, `snapshot`, `environment`, \
          `permissions`, `concurrency`, `cache-mode`, `timeout-minutes`, `cancel-timeout-minutes`, \
          `continue-on-error`, `strategy`, `container`, `services`, `outputs`, `env`, `defaults`, `steps` \
          [unknown-key]"]
    );
}

/// Builder options `only_one(..)`, `ignore_one(..)` and `empty(..)`: a
/// filter of one pattern and an empty list, each in the form it is written.
#[test]
fn one_pattern_is_a_scalar_and_empty_an_empty_list() {
    use ci_model::{Job, PullRequestFilter, PushFilter, Step};
    let wf = Workflow::new("CI")
        .on_push_with(PushFilter::new().branches_one("main").tags_ignore_one("v0*"))
        .on_pull_request_with(PullRequestFilter::new().types_one("opened").paths(Vec::<&str>::new()))
        .job("a", Job::new("x").needs_none().step(Step::run("make")));
    let yaml = wf.to_yaml();
    assert!(yaml.contains("  push:\n    branches: main\n    tags-ignore: v0*\n"), "{yaml}");
    assert!(yaml.contains("  pull_request:\n    types: opened\n    paths: []\n"), "{yaml}");
    assert!(yaml.contains("    needs: []\n"), "{yaml}");
    assert_eq!(Workflow::parse(&yaml).ok(), Some(wf));
}
