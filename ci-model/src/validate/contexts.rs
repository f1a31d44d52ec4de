//! Which contexts and functions each field may use, as GitHub's own parser
//! defines them (`github-parser-workflow-v1.0.json` and
//! `github-parser-action-v1.0.json`: each definition's `context` list).
//!
//! Each rule maps a path pattern to the parser definition it mirrors; a test
//! reads the parser schema and checks that every rule still agrees with it.

use crate::{Path, Segment};

/// The contexts and extra functions allowed in one kind of field.
#[derive(Debug)]
pub(crate) struct Rule {
    /// `jobs.*.steps.#.if`: `*` any key, `#` any index, `**` the rest.
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

/// Rules for workflow files, most specific first.
pub(crate) const WORKFLOW: &[Rule] = &[
    none("name"),
    rule("run-name", "run-name", G, &[]),
    none("description"),
    rule("on.workflow_call.outputs.*.value", "workflow-output-context", &["github", "inputs", "vars", "jobs"], &[]),
    rule("on.workflow_call.inputs.*.default", "workflow-call-input-default", G, &[]),
    none("on.**"),
    none("permissions.**"),
    none("defaults.**"),
    rule("env", "workflow-env", &["github", "inputs", "vars", "secrets"], &[]),
    rule("env.*", "workflow-env", &["github", "inputs", "vars", "secrets"], &[]),
    rule("concurrency", "workflow-concurrency", G, &[]),
    rule("concurrency.**", "workflow-concurrency", G, &[]),
    none("cache-mode"),
    none("jobs.*.needs.**"),
    none("jobs.*.permissions.**"),
    none("jobs.*.uses"),
    none("jobs.*.cache-mode"),
    rule("jobs.*.if", "job-if", NEEDS, STATUS),
    rule("jobs.*.strategy", "strategy", NEEDS, &[]),
    rule("jobs.*.strategy.**", "strategy", NEEDS, &[]),
    rule("jobs.*.name", "string-strategy-context", STRATEGY, &[]),
    rule("jobs.*.runs-on", "runs-on", STRATEGY, &[]),
    rule("jobs.*.runs-on.**", "runs-on", STRATEGY, &[]),
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
    rule("jobs.*.container", "container", STRATEGY, &[]),
    rule("jobs.*.container.**", "container", STRATEGY, &[]),
    rule(
        "jobs.*.services.*.credentials.**",
        "container-registry-credentials",
        &["github", "inputs", "vars", "secrets", "env"],
        &[],
    ),
    rule("jobs.*.services.*.env.*", "string-runner-context", RUNNER, &[]),
    rule("jobs.*.services", "services", STRATEGY, &[]),
    rule("jobs.*.services.**", "services-container", STRATEGY, &[]),
    rule("jobs.*.env", "job-env", JOB_ENV, &[]),
    rule("jobs.*.env.*", "job-env", JOB_ENV, &[]),
    rule("jobs.*.environment.url", "string-runner-context-no-secrets", RUNNER_NO_SECRETS, &[]),
    rule("jobs.*.environment", "job-environment", STRATEGY, &[]),
    rule("jobs.*.environment.**", "job-environment", STRATEGY, &[]),
    rule("jobs.*.concurrency", "job-concurrency", STRATEGY, &[]),
    rule("jobs.*.concurrency.**", "job-concurrency", STRATEGY, &[]),
    rule("jobs.*.outputs.*", "string-runner-context", RUNNER, &[]),
    rule(
        "jobs.*.defaults.run.**",
        "job-defaults-run",
        &["github", "inputs", "vars", "strategy", "matrix", "needs", "env"],
        &[],
    ),
    rule("jobs.*.snapshot.if", "snapshot-if", STRATEGY, &[]),
    none("jobs.*.snapshot.**"),
    none("jobs.*.snapshot"),
    rule("jobs.*.steps.#.if", "step-if", STEP_IF, STATUS_HASH),
    none("jobs.*.steps.#.uses"),
    none("jobs.*.steps.#.id"),
    none("jobs.*.steps.#.shell"),
    rule("jobs.*.steps.#.name", "step-name", STEPS, HASH),
    rule("jobs.*.steps.#.env", "step-env", STEPS, HASH),
    rule("jobs.*.steps.#.env.*", "step-env", STEPS, HASH),
    rule("jobs.*.steps.#.with", "step-with", STEPS, HASH),
    rule("jobs.*.steps.#.with.*", "step-with", STEPS, HASH),
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

/// Rules for action metadata, most specific first.
pub(crate) const ACTION: &[Rule] = &[
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

/// The first rule whose pattern matches `path`.
pub(crate) fn find<'r>(rules: &'r [Rule], path: &Path) -> Option<&'r Rule> {
    rules.iter().find(|r| matches(r.pattern, path.segments()))
}

fn matches(pattern: &str, segs: &[Segment]) -> bool {
    let mut i = 0;
    // Patterns are a few short ASCII words, compared as bytes: this runs for
    // every expression of a document, against each rule until one matches.
    for p in pattern.as_bytes().split(|&b| b == b'.') {
        if p == b"**" {
            return i < segs.len();
        }
        let Some(seg) = segs.get(i) else { return false };
        let ok = match (p, seg) {
            (b"*", Segment::Key(_)) => true,
            (b"#", Segment::Index(_)) => true,
            (name, Segment::Key(k)) => k.as_bytes() == name,
            _ => false,
        };
        if !ok {
            return false;
        }
        i += 1;
    }
    i == segs.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(s: &str) -> Path {
        let mut p = Path::root();
        for part in s.split('.') {
            p = match part.parse::<usize>() {
                Ok(i) => p.index(i),
                Err(_) => p.key(part),
            };
        }
        p
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
}
