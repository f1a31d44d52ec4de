//! Which contexts and functions each field may use, as GitHub's own parser
//! defines them (`github-parser-workflow-v1.0.json` and
//! `github-parser-action-v1.0.json`: each definition's `context` list).
//!
//! Each rule maps a path pattern to the parser definition it mirrors; a test
//! reads the parser schema and checks that every rule still agrees with it.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::hash::FastHash;
use crate::path::SegmentRef;

/// The contexts and extra functions allowed in one kind of field.
#[derive(Debug)]
pub(crate) struct Rule {
    /// `jobs.*.steps.#.if`: `*` any key, `#` any index, `**` the rest; an
    /// optional last part in parentheses covers the field and what is below
    /// it: `env(.*)` is `env` and each key of it, `concurrency(.**)` is
    /// `concurrency` and everything under it.
    pub(crate) pattern: &'static str,
    /// The parser definition this rule mirrors (`None`: no expressions allowed).
    pub(crate) definition: Option<&'static str>,
    /// Allowed context names.
    pub(crate) contexts: &'static [&'static str],
    /// Allowed functions beyond the ones every field has (`contains`,
    /// `startsWith`, `endsWith`, `format`, `join`, `toJSON`, `fromJSON`, `case`).
    pub(crate) functions: &'static [&'static str],
}

const G: &[&str] = &["github", "inputs", "vars"];
const NEEDS: &[&str] = &["github", "inputs", "vars", "needs"];
const STRATEGY: &[&str] = &["github", "inputs", "vars", "needs", "strategy", "matrix"];
const JOB_ENV: &[&str] = &["github", "inputs", "vars", "needs", "strategy", "matrix", "secrets"];
const RUNNER: &[&str] =
    &["github", "inputs", "vars", "needs", "strategy", "matrix", "secrets", "steps", "job", "runner", "env"];
const RUNNER_NO_SECRETS: &[&str] =
    &["github", "inputs", "vars", "needs", "strategy", "matrix", "steps", "job", "runner", "env"];
const STEPS: &[&str] = RUNNER;
const STEP_IF: &[&str] = RUNNER_NO_SECRETS;
const STATUS: &[&str] = &["always", "failure", "cancelled", "success"];
const STATUS_HASH: &[&str] = &["always", "failure", "cancelled", "success", "hashFiles"];
const HASH: &[&str] = &["hashFiles"];

const fn rule(
    pattern: &'static str,
    definition: &'static str,
    contexts: &'static [&'static str],
    functions: &'static [&'static str],
) -> Rule {
    Rule { pattern, definition: Some(definition), contexts, functions }
}

const fn none(pattern: &'static str) -> Rule {
    Rule { pattern, definition: None, contexts: &[], functions: &[] }
}

/// Rules for workflow files, most specific first. A `static`, not a
/// `const`: [`find`] tells the lists apart by address, and each use of a
/// `const` may be a copy at another address (then every list shared one
/// trie, built from whichever was looked up first).
pub(crate) static WORKFLOW: &[Rule] = &[
    none("name"),
    rule("run-name", "run-name", G, &[]),
    none("description"),
    rule("on.workflow_call.outputs.*.value", "workflow-output-context", &["github", "inputs", "vars", "jobs"], &[]),
    rule("on.workflow_call.inputs.*.default", "workflow-call-input-default", G, &[]),
    none("on.**"),
    none("permissions.**"),
    none("defaults.**"),
    rule("env(.*)", "workflow-env", &["github", "inputs", "vars", "secrets"], &[]),
    rule("concurrency(.**)", "workflow-concurrency", G, &[]),
    none("cache-mode"),
    none("jobs.*.needs.**"),
    none("jobs.*.permissions.**"),
    none("jobs.*.uses"),
    none("jobs.*.cache-mode"),
    rule("jobs.*.if", "job-if", NEEDS, STATUS),
    rule("jobs.*.strategy(.**)", "strategy", NEEDS, &[]),
    rule("jobs.*.name", "string-strategy-context", STRATEGY, &[]),
    rule("jobs.*.runs-on(.**)", "runs-on", STRATEGY, &[]),
    rule("jobs.*.timeout-minutes", "number-strategy-context", STRATEGY, &[]),
    rule("jobs.*.cancel-timeout-minutes", "number-strategy-context", STRATEGY, &[]),
    rule("jobs.*.continue-on-error", "boolean-strategy-context", STRATEGY, &[]),
    rule(
        "jobs.*.container.credentials.**",
        "container-registry-credentials",
        &["github", "inputs", "vars", "secrets", "env"],
        &[],
    ),
    rule("jobs.*.container.env.*", "string-runner-context", RUNNER, &[]),
    rule("jobs.*.container(.**)", "container", STRATEGY, &[]),
    rule(
        "jobs.*.services.*.credentials.**",
        "container-registry-credentials",
        &["github", "inputs", "vars", "secrets", "env"],
        &[],
    ),
    rule("jobs.*.services.*.env.*", "string-runner-context", RUNNER, &[]),
    rule("jobs.*.services", "services", STRATEGY, &[]),
    rule("jobs.*.services.**", "services-container", STRATEGY, &[]),
    rule("jobs.*.env(.*)", "job-env", JOB_ENV, &[]),
    rule("jobs.*.environment.url", "string-runner-context-no-secrets", RUNNER_NO_SECRETS, &[]),
    rule("jobs.*.environment(.**)", "job-environment", STRATEGY, &[]),
    rule("jobs.*.concurrency(.**)", "job-concurrency", STRATEGY, &[]),
    rule("jobs.*.outputs.*", "string-runner-context", RUNNER, &[]),
    rule(
        "jobs.*.defaults.run.**",
        "job-defaults-run",
        &["github", "inputs", "vars", "strategy", "matrix", "needs", "env"],
        &[],
    ),
    rule("jobs.*.snapshot.if", "snapshot-if", STRATEGY, &[]),
    none("jobs.*.snapshot(.**)"),
    rule("jobs.*.steps.#.if", "step-if", STEP_IF, STATUS_HASH),
    none("jobs.*.steps.#.uses"),
    none("jobs.*.steps.#.id"),
    none("jobs.*.steps.#.shell"),
    rule("jobs.*.steps.#.name", "step-name", STEPS, HASH),
    rule("jobs.*.steps.#.env(.*)", "step-env", STEPS, HASH),
    rule("jobs.*.steps.#.with(.*)", "step-with", STEPS, HASH),
    rule("jobs.*.steps.#.continue-on-error", "step-continue-on-error", STEPS, HASH),
    rule("jobs.*.steps.#.timeout-minutes", "step-timeout-minutes", STEPS, HASH),
    rule("jobs.*.steps.#.**", "string-steps-context", STEPS, HASH),
    rule("jobs.*.with.*", "scalar-needs-context", STRATEGY, &[]),
    rule(
        "jobs.*.secrets.*",
        "scalar-needs-context-with-secrets",
        &["github", "inputs", "vars", "needs", "secrets", "strategy", "matrix"],
        &[],
    ),
];

const ACTION_STEPS: &[&str] = &["github", "inputs", "strategy", "matrix", "steps", "job", "runner", "env"];

/// Rules for action metadata, most specific first (a `static`, as
/// [`WORKFLOW`]).
pub(crate) static ACTION: &[Rule] = &[
    none("name"),
    none("description"),
    none("author"),
    none("branding.**"),
    rule("runs.steps.#.if", "step-if", ACTION_STEPS, STATUS_HASH),
    none("runs.steps.#.uses"),
    none("runs.steps.#.id"),
    none("runs.steps.#.shell"),
    rule("runs.steps.#.env.*", "step-env", ACTION_STEPS, HASH),
    rule("runs.steps.#.with.*", "step-with", ACTION_STEPS, HASH),
    rule("runs.steps.#.continue-on-error", "boolean-steps-context", ACTION_STEPS, HASH),
    rule("runs.steps.#.**", "string-steps-context", ACTION_STEPS, HASH),
    rule(
        "outputs.*.value",
        "output-value",
        &["github", "strategy", "matrix", "steps", "inputs", "job", "runner", "env"],
        &[],
    ),
    rule("inputs.*.default", "input-default-context", &["github", "strategy", "matrix", "job", "runner"], HASH),
    rule("runs.pre-if", "runs-if", &["runner", "github", "job", "strategy", "matrix", "env", "inputs"], STATUS_HASH),
    rule("runs.post-if", "runs-if", &["runner", "github", "job", "strategy", "matrix", "env", "inputs"], STATUS_HASH),
    rule("runs.env.*", "container-runs-env", &["inputs"], &[]),
    rule("runs.args.#", "container-runs-context", &["inputs"], &[]),
    none("runs.**"),
];

/// The first rule (in list order) whose pattern matches `path`.
///
/// This runs for every expression of a document, so the patterns are compiled
/// once into a trie: a lookup follows the path's segments (a literal key, `*`
/// for any key, `#` for any index, `**` for anything below) instead of trying
/// each rule in turn.
pub(crate) fn find(rules: &'static [Rule], path: &[SegmentRef<'_>]) -> Option<&'static Rule> {
    static WORKFLOW_TRIE: OnceLock<Trie> = OnceLock::new();
    static ACTION_TRIE: OnceLock<Trie> = OnceLock::new();
    static OTHER: OnceLock<Trie> = OnceLock::new();
    let cell = if std::ptr::eq(rules, WORKFLOW) {
        &WORKFLOW_TRIE
    } else if std::ptr::eq(rules, ACTION) {
        &ACTION_TRIE
    } else {
        &OTHER
    };
    let trie = cell.get_or_init(|| Trie::build(rules));
    let mut best: Option<usize> = None;
    trie.lookup(path, &mut best);
    best.and_then(|i| rules.get(i))
}

/// Rule patterns by segment; each node knows the rules that end there.
#[derive(Default)]
struct Trie {
    exact: HashMap<&'static str, Trie, FastHash>,
    any_key: Option<Box<Trie>>,
    any_index: Option<Box<Trie>>,
    /// The first rule whose pattern ends exactly here.
    end: Option<usize>,
    /// The first rule whose pattern continues with `**` here.
    rest: Option<usize>,
}

impl Trie {
    fn build(rules: &'static [Rule]) -> Trie {
        let mut root = Trie::default();
        for (i, r) in rules.iter().enumerate() {
            // `field(.*)` / `field(.**)`: the field, then the optional part.
            let (field, below) = match r.pattern.strip_suffix(')').and_then(|p| p.split_once('(')) {
                Some((field, below)) => (field, below.strip_prefix('.')),
                None => (r.pattern, None),
            };
            let node = root.insert(field, i);
            match below {
                Some("**") => {
                    node.end.get_or_insert(i);
                    node.rest.get_or_insert(i);
                }
                Some(part) => {
                    node.end.get_or_insert(i);
                    node.insert(part, i);
                }
                None => {}
            }
        }
        root
    }

    /// Adds the rule `i` whose pattern is `pattern` (no optional part); the
    /// node its last segment leads to (`self` after a `**`).
    fn insert(&mut self, pattern: &'static str, i: usize) -> &mut Trie {
        let mut node = self;
        let mut parts = pattern.split('.').peekable();
        while let Some(p) = parts.next() {
            if p == "**" {
                node.rest.get_or_insert(i);
                break;
            }
            node = match p {
                "*" => node.any_key.get_or_insert_with(Box::default),
                "#" => node.any_index.get_or_insert_with(Box::default),
                name => node.exact.entry(name).or_default(),
            };
            if parts.peek().is_none() {
                node.end.get_or_insert(i);
            }
        }
        node
    }

    fn lookup(&self, path: &[SegmentRef<'_>], best: &mut Option<usize>) {
        let mut keep = |i: Option<usize>| {
            if let Some(i) = i
                && best.is_none_or(|b| i < b)
            {
                *best = Some(i);
            }
        };
        let Some((first, rest)) = path.split_first() else {
            keep(self.end);
            return;
        };
        keep(self.rest);
        match first {
            SegmentRef::Key(k) => {
                if let Some(t) = self.exact.get(k) {
                    t.lookup(rest, best);
                }
                if let Some(t) = &self.any_key {
                    t.lookup(rest, best);
                }
            }
            SegmentRef::Index(_) => {
                if let Some(t) = &self.any_index {
                    t.lookup(rest, best);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> Vec<SegmentRef<'_>> {
        s.split('.')
            .map(|part| match part.parse::<usize>() {
                Ok(i) => SegmentRef::Index(i),
                Err(_) => SegmentRef::Key(part),
            })
            .collect()
    }

    #[test]
    fn most_specific_rule_wins() {
        assert_eq!(find(WORKFLOW, &path("jobs.build.steps.2.if")).and_then(|r| r.definition), Some("step-if"));
        assert_eq!(
            find(WORKFLOW, &path("jobs.build.steps.2.run")).and_then(|r| r.definition),
            Some("string-steps-context")
        );
        assert_eq!(find(WORKFLOW, &path("jobs.build.steps.2.uses")).map(|r| r.definition), Some(None));
        assert_eq!(find(WORKFLOW, &path("env.FOO")).and_then(|r| r.definition), Some("workflow-env"));
        assert_eq!(
            find(WORKFLOW, &path("jobs.b.services.pg.credentials.password")).and_then(|r| r.definition),
            Some("container-registry-credentials")
        );
        assert!(find(WORKFLOW, &path("jobs")).is_none());
    }

    #[test]
    fn an_optional_last_part_covers_the_field_and_below() {
        let runs_on = |p: &str| find(WORKFLOW, &path(p)).and_then(|r| r.definition);
        assert_eq!(runs_on("jobs.a.runs-on"), Some("runs-on"));
        assert_eq!(runs_on("jobs.a.runs-on.group"), Some("runs-on"));
        assert_eq!(runs_on("jobs.a.runs-on.labels.0"), Some("runs-on"));
        let env = |p: &str| find(WORKFLOW, &path(p)).and_then(|r| r.definition);
        assert_eq!(env("env"), Some("workflow-env"));
        assert_eq!(env("env.FOO"), Some("workflow-env"));
        // `(.*)` is one level: nothing below a key.
        assert!(find(WORKFLOW, &path("env.FOO.bar")).is_none());
        // A rule before the pair still wins below it.
        assert_eq!(
            find(WORKFLOW, &path("jobs.a.container.env.X")).and_then(|r| r.definition),
            Some("string-runner-context")
        );
        assert_eq!(find(WORKFLOW, &path("jobs.a.snapshot")).map(|r| r.definition), Some(None));
        assert_eq!(find(WORKFLOW, &path("jobs.a.snapshot.if")).and_then(|r| r.definition), Some("snapshot-if"));
    }
}
