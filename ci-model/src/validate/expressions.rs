//! Expressions: every `${{ }}` (and every `if:`) must parse as GitHub parses
//! it, use only the contexts and functions its field allows (GitHub's parser
//! schema, see [`contexts`](super::contexts)), and refer only to things that
//! exist: `needs.<job>` a job this one needs, `needs.<job>.outputs.<name>` an
//! output that job declares, `steps.<id>` an earlier step of the same job,
//! `matrix.<key>` an axis or include key, `inputs.<name>` a declared input.

use std::collections::BTreeSet;

use super::contexts::{self, Rule};
use crate::diagnostic::{Diagnostic, Names, Problem, Suggestion, closest};
use crate::emit::{Lower, Node};
use crate::expression::{Ast, template};
use crate::workflow::{Job, Matrix, NullOr};
use crate::{Action, LitOrExpr, Path, Scalar, Segment, StepBody, Workflow, Yaml};

/// Functions every field may call.
const GENERAL: &[&str] = &["contains", "startsWith", "endsWith", "format", "join", "toJSON", "fromJSON", "case"];

/// Keys whose value is a condition (the `${{ }}` is optional there).
const CONDITIONS: [&str; 3] = ["if", "pre-if", "post-if"];

/// What the references in one document may point at.
struct Scope<'a> {
    workflow: Option<&'a Workflow>,
    action: Option<&'a Action>,
    rules: &'static [Rule],
}

/// Checks every expression of a workflow.
pub(crate) fn workflow(wf: &Workflow, out: &mut Vec<Diagnostic>) {
    let scope = Scope { workflow: Some(wf), action: None, rules: contexts::WORKFLOW };
    walk(&scope, &wf.lower(), &mut Path::root(), out);
}

/// Checks every expression of action metadata.
pub(crate) fn action(a: &Action, out: &mut Vec<Diagnostic>) {
    let scope = Scope { workflow: None, action: Some(a), rules: contexts::ACTION };
    walk(&scope, &a.lower(), &mut Path::root(), out);
}

/// Walks the lowered document; `at` is the path of `node`, extended and
/// restored in place on the way down (no copy of the path per node).
fn walk(scope: &Scope<'_>, node: &Node, at: &mut Path, out: &mut Vec<Diagnostic>) {
    match node {
        Node::Map(entries) => {
            for e in entries {
                at.push_key(&e.key);
                if CONDITIONS.contains(&&*e.key)
                    && let Node::Scalar(s) = &e.value
                    && contexts::find(scope.rules, at).is_some_and(|r| r.definition.is_some())
                {
                    if let Scalar::String(text) = s {
                        condition(scope, text, at, out);
                    }
                } else {
                    walk(scope, &e.value, at, out);
                }
                at.pop();
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push_index(i);
                walk(scope, &item.value, at, out);
                at.pop();
            }
        }
        Node::Scalar(Scalar::String(s)) if s.contains("${{") => embedded(scope, s, at, out),
        Node::Scalar(_) | Node::Empty => {}
    }
}

fn push(out: &mut Vec<Diagnostic>, at: &Path, problem: Problem) {
    out.push(Diagnostic::new(at.clone(), problem));
}

/// Checks each `${{ }}` in a string.
fn embedded(scope: &Scope<'_>, s: &str, at: &Path, out: &mut Vec<Diagnostic>) {
    let parts = match template::parts(s) {
        Ok(p) => p,
        Err(e) => return push(out, at, Problem::Expression { message: e.to_string() }),
    };
    let Some(rule) = contexts::find(scope.rules, at) else { return };
    if rule.definition.is_none() {
        return push(out, at, Problem::NoExpressionsHere);
    }
    for part in parts {
        if let template::Part::Expr(body) = part {
            expression(scope, rule, body.trim(), at, out);
        }
    }
}

/// Checks an `if:` value.
fn condition(scope: &Scope<'_>, s: &str, at: &Path, out: &mut Vec<Diagnostic>) {
    let trimmed = s.trim();
    if !trimmed.contains("${{") {
        if let Some(rule) = contexts::find(scope.rules, at) {
            expression(scope, rule, trimmed, at, out);
        }
        return;
    }
    if let Ok(parts) = template::parts(trimmed) {
        let text_outside = parts.iter().any(|p| matches!(p, template::Part::Text(t) if !t.trim().is_empty()));
        if parts.len() > 1 || text_outside {
            push(out, at, Problem::AlwaysTrue { condition: s.to_owned() });
        }
    }
    embedded(scope, s, at, out);
}

fn expression(scope: &Scope<'_>, rule: &Rule, body: &str, at: &Path, out: &mut Vec<Diagnostic>) {
    let ast = match Ast::parse(body) {
        Ok(a) => a,
        Err(e) => return push(out, at, Problem::Expression { message: e.to_string() }),
    };
    let mut seen = BTreeSet::new();
    for name in ast.functions() {
        let allowed = GENERAL.iter().chain(rule.functions).any(|f| f.eq_ignore_ascii_case(name));
        if !allowed && seen.insert(name.to_ascii_lowercase()) {
            push(out, at, Problem::FunctionNotAvailable { function: name.to_owned() });
        }
    }
    for path in ast.context_paths() {
        let Some(ctx) = path.first() else { continue };
        let ctx_lower = ctx.to_ascii_lowercase();
        if !rule.contexts.contains(&ctx_lower.as_str()) {
            if seen.insert(format!("ctx:{ctx_lower}")) {
                push(
                    out,
                    at,
                    Problem::ContextNotAvailable {
                        context: ctx.clone(),
                        allowed: Names(rule.contexts.iter().map(|s| (*s).to_owned()).collect()),
                    },
                );
            }
            continue;
        }
        reference(scope, &path, at, out);
    }
}

/// The job (id and model) a path is inside, and the step index if any.
fn job_at<'w>(wf: &'w Workflow, at: &Path) -> Option<(&'w str, &'w Job, Option<usize>)> {
    let segs = at.segments();
    let (Some(Segment::Key(jobs)), Some(Segment::Key(id))) = (segs.first(), segs.get(1)) else { return None };
    if jobs != "jobs" {
        return None;
    }
    let (key, job) = wf.jobs.get_key_value(id)?;
    let step = match (segs.get(2), segs.get(3)) {
        (Some(Segment::Key(k)), Some(Segment::Index(i))) if k == "steps" => Some(*i),
        _ => None,
    };
    Some((key.as_str(), job, step))
}

fn reference(scope: &Scope<'_>, path: &[String], at: &Path, out: &mut Vec<Diagnostic>) {
    let ctx = path[0].to_ascii_lowercase();
    let first = path.get(1).map(String::as_str);
    if first == Some("*") {
        return;
    }
    match (ctx.as_str(), scope.workflow, scope.action) {
        ("needs", Some(wf), _) => needs_ref(wf, path, at, out),
        ("jobs", Some(wf), _) => jobs_ref(wf, path, at, out),
        ("steps", Some(wf), _) => {
            if let Some((_, Job::Normal(j), step)) = job_at(wf, at) {
                steps_ref(j.steps.as_deref().unwrap_or_default(), step, path, at, out);
            }
        }
        ("steps", _, Some(a)) => {
            if let crate::Runs::Composite(c) = &a.runs {
                let step = match at.segments().get(2) {
                    Some(Segment::Index(i)) => Some(*i),
                    _ => None,
                };
                steps_ref(&c.steps, step, path, at, out);
            }
        }
        ("matrix", Some(wf), _) => {
            if let Some((_, job, _)) = job_at(wf, at) {
                matrix_ref(job, path, at, out);
            }
        }
        ("inputs", Some(wf), _) => inputs_ref(wf, path, at, out),
        ("secrets", Some(wf), _) => secrets_ref(wf, path, at, out),
        ("inputs", _, Some(a)) => {
            let declared: Vec<&str> = a.inputs.iter().flatten().map(|(k, _)| k.as_str()).collect();
            named_ref("inputs", &declared, path, at, out);
        }
        _ => {}
    }
}

fn needs_ref(wf: &Workflow, path: &[String], at: &Path, out: &mut Vec<Diagnostic>) {
    let Some(target) = path.get(1) else { return };
    let Some((id, job, _)) = job_at(wf, at) else { return };
    if !wf.jobs.contains_key(target) {
        let others = wf.jobs.keys().filter(|k| k.as_str() != id).map(String::as_str);
        push(out, at, Problem::UnknownJobRef { job: target.clone(), suggestion: Suggestion(closest(target, others)) });
        return;
    }
    if !job.needs().iter().any(|n| n == target) {
        push(out, at, Problem::NeedsNotListed { job: target.clone() });
    }
    if path.get(2).map(String::as_str) == Some("outputs")
        && let Some(output) = path.get(3)
    {
        job_output(wf, target, output, at, out);
    }
}

fn jobs_ref(wf: &Workflow, path: &[String], at: &Path, out: &mut Vec<Diagnostic>) {
    let Some(target) = path.get(1) else { return };
    if !wf.jobs.contains_key(target) {
        let all = wf.jobs.keys().map(String::as_str);
        push(out, at, Problem::UnknownJobRef { job: target.clone(), suggestion: Suggestion(closest(target, all)) });
        return;
    }
    if path.get(2).map(String::as_str) == Some("outputs")
        && let Some(output) = path.get(3)
    {
        job_output(wf, target, output, at, out);
    }
}

fn job_output(wf: &Workflow, job: &str, output: &str, at: &Path, out: &mut Vec<Diagnostic>) {
    if output == "*" {
        return;
    }
    // A reusable-workflow call's outputs are declared in the called file.
    let Some(Job::Normal(j)) = wf.jobs.get(job) else { return };
    let declared: Vec<&str> = j.outputs.iter().flatten().map(|(k, _)| k.as_str()).collect();
    if !declared.contains(&output) {
        push(
            out,
            at,
            Problem::UnknownOutput {
                owner: format!("job `{job}`"),
                output: output.to_owned(),
                suggestion: Suggestion(closest(output, declared.iter().copied())),
                declared: Names(declared.iter().map(|s| (*s).to_owned()).collect()),
            },
        );
    }
}

fn steps_ref(steps: &[crate::Step], current: Option<usize>, path: &[String], at: &Path, out: &mut Vec<Diagnostic>) {
    let Some(target) = path.get(1) else { return };
    let position = steps.iter().position(|s| s.id.as_deref() == Some(target.as_str()));
    let earlier = |i: usize| current.is_none_or(|c| i < c);
    match position {
        Some(i) if earlier(i) => {}
        Some(_) => push(out, at, Problem::StepNotYetRun { step: target.clone() }),
        None => {
            let ids = steps.iter().take(current.unwrap_or(steps.len())).filter_map(|s| s.id.as_deref());
            let scope = if current.is_some() { "runs before this one" } else { "in this job" };
            push(
                out,
                at,
                Problem::UnknownStepRef { step: target.clone(), scope, suggestion: Suggestion(closest(target, ids)) },
            );
        }
    }
    if let (Some(i), Some("outputs"), Some(output)) = (position, path.get(2).map(String::as_str), path.get(3))
        && let StepBody::Uses { uses, .. } = &steps[i].body
        && let Some(outputs) = crate::known_action_outputs(uses)
        && !outputs.contains(&output.as_str())
    {
        push(
            out,
            at,
            Problem::UnknownOutput {
                owner: format!("step `{target}` (`{}`)", uses.as_str().split('@').next().unwrap_or("")),
                output: output.clone(),
                suggestion: Suggestion(closest(output, outputs.iter().copied())),
                declared: Names(outputs.iter().map(|s| (*s).to_owned()).collect()),
            },
        );
    }
}

fn matrix_ref(job: &Job, path: &[String], at: &Path, out: &mut Vec<Diagnostic>) {
    let Some(key) = path.get(1) else { return };
    let strategy = job.strategy();
    let matrix: Option<&Matrix> = match strategy {
        Some(LitOrExpr::Lit(s)) => match &s.matrix {
            Some(LitOrExpr::Lit(m)) => Some(m),
            // A matrix from an expression is known only at run time.
            Some(LitOrExpr::Expr(_)) => return,
            None => None,
        },
        Some(LitOrExpr::Expr(_)) => return,
        None => None,
    };
    let Some(m) = matrix else {
        push(out, at, Problem::NoMatrix { key: key.clone() });
        return;
    };
    if matches!(m.include, Some(LitOrExpr::Expr(_))) {
        return;
    }
    let mut keys: Vec<&str> = m.axes.keys().map(String::as_str).collect();
    for row in m.include.iter().filter_map(LitOrExpr::literal).flatten() {
        for k in row.keys() {
            if !keys.contains(&k.as_str()) {
                keys.push(k);
            }
        }
    }
    if !keys.contains(&key.as_str()) {
        push(
            out,
            at,
            Problem::UnknownMatrixRef {
                reference: format!("matrix.{key}"),
                suggestion: Suggestion(closest(key, keys.iter().copied())),
                keys: Names(keys.iter().map(|s| (*s).to_owned()).collect()),
            },
        );
        return;
    }
    // `matrix.service.port`: some value of the axis must be a mapping with `port`.
    let Some(field) = path.get(2) else { return };
    let mut values: Vec<&Yaml> = Vec::new();
    if let Some(LitOrExpr::Lit(vals)) = m.axes.get(key) {
        values.extend(vals);
    } else if m.axes.get(key).is_some() {
        return;
    }
    values.extend(m.include.iter().filter_map(LitOrExpr::literal).flatten().filter_map(|r| r.get(key)));
    let maps: Vec<&Yaml> = values.iter().copied().filter(|v| matches!(v, Yaml::Map(_))).collect();
    if maps.is_empty() || maps.iter().any(|v| v.get(field).is_some()) {
        return;
    }
    let mut fields: Vec<&str> = Vec::new();
    for v in &maps {
        if let Yaml::Map(mm) = v {
            for k in mm.keys() {
                if !fields.contains(&k.as_str()) {
                    fields.push(k);
                }
            }
        }
    }
    push(
        out,
        at,
        Problem::UnknownMatrixRef {
            reference: format!("matrix.{key}.{field}"),
            suggestion: Suggestion(closest(field, fields.iter().copied())),
            keys: Names(fields.iter().map(|s| (*s).to_owned()).collect()),
        },
    );
}

fn inputs_ref(wf: &Workflow, path: &[String], at: &Path, out: &mut Vec<Diagnostic>) {
    let Some(t) = wf.on.triggers() else {
        // `on: workflow_dispatch` written as a name declares no inputs.
        named_ref("inputs", &[], path, at, out);
        return;
    };
    let mut declared: Vec<&str> = Vec::new();
    if let Some(NullOr::Value(d)) = &t.workflow_dispatch {
        declared.extend(d.inputs.iter().flatten().map(|(k, _)| k.as_str()));
    }
    if let Some(NullOr::Value(c)) = &t.workflow_call {
        declared.extend(c.inputs.iter().flatten().map(|(k, _)| k.as_str()));
    }
    named_ref("inputs", &declared, path, at, out);
}

/// In a workflow that only runs when called, a secret must be declared under
/// `on.workflow_call.secrets` (the caller passes those, or all of its own with
/// `secrets: inherit`; `GITHUB_TOKEN` is always there).
fn secrets_ref(wf: &Workflow, path: &[String], at: &Path, out: &mut Vec<Diagnostic>) {
    let Some(t) = wf.on.triggers() else { return };
    let only_called = wf.on.event_names() == ["workflow_call"];
    let Some(NullOr::Value(call)) = &t.workflow_call else { return };
    let Some(declared) = &call.secrets else { return };
    if !only_called || path.get(1).is_some_and(|s| s.eq_ignore_ascii_case("GITHUB_TOKEN")) {
        return;
    }
    let names: Vec<&str> = declared.keys().map(String::as_str).collect();
    named_ref("secrets", &names, path, at, out);
}

fn named_ref(ctx: &str, declared: &[&str], path: &[String], at: &Path, out: &mut Vec<Diagnostic>) {
    let Some(name) = path.get(1) else { return };
    if !declared.iter().any(|d| d.eq_ignore_ascii_case(name)) {
        push(
            out,
            at,
            Problem::UnknownNamed {
                reference: format!("{ctx}.{name}"),
                suggestion: Suggestion(closest(name, declared.iter().copied())),
                declared: Names(declared.iter().map(|s| (*s).to_owned()).collect()),
            },
        );
    }
}

/// The jobs each job refers to through `needs.<id>` in its expressions.
pub(crate) fn referenced_needs(wf: &Workflow, id: &str) -> Vec<String> {
    let Some(job) = wf.jobs.get(id) else { return Vec::new() };
    let mut found = Vec::new();
    collect_needs(&job.lower(), &mut found);
    found.retain(|n| n != id && wf.jobs.contains_key(n));
    found
}

fn collect_needs(node: &Node, found: &mut Vec<String>) {
    match node {
        Node::Map(entries) => entries.iter().for_each(|e| {
            if CONDITIONS.contains(&&*e.key)
                && let Node::Scalar(Scalar::String(s)) = &e.value
                && !s.contains("${{")
            {
                needs_in(s, found);
            }
            collect_needs(&e.value, found);
        }),
        Node::Seq(items) => items.iter().for_each(|i| collect_needs(&i.value, found)),
        Node::Scalar(Scalar::String(s)) => {
            for body in template::expressions(s) {
                needs_in(body, found);
            }
        }
        _ => {}
    }
}

fn needs_in(body: &str, found: &mut Vec<String>) {
    if let Ok(ast) = Ast::parse(body) {
        for p in ast.context_paths() {
            if p.first().is_some_and(|c| c.eq_ignore_ascii_case("needs"))
                && let Some(job) = p.get(1)
                && job != "*"
                && !found.contains(job)
            {
                found.push(job.clone());
            }
        }
    }
}
