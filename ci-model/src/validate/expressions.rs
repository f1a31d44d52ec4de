//! Expressions: every `${{ }}` (and every `if:`) must parse as GitHub parses
//! it, use only the contexts and functions its field allows (GitHub's parser
//! schema, see [`contexts`](super::contexts)), and refer only to things that
//! exist: `needs.<job>` a job this one needs, `needs.<job>.outputs.<name>` an
//! output that job declares, `steps.<id>` an earlier step of the same job,
//! `matrix.<key>` an axis or include key, `inputs.<name>` a declared input.
//! Every name is compared as GitHub compares it, ignoring ASCII case
//! ([`Caseless`]): `matrix.rustflags` finds the key `RUSTFLAGS`.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use indexmap::IndexSet;

use super::caseless::{self, Caseless};
use crate::diagnostic::{Budget, Diagnostic, Names, Problem, Suggestion};
use crate::emit::{Lower, Node};
use crate::expression::contexts::{self, Rule};
use crate::expression::{Ast, template};
use crate::hash::FastHash;
use crate::path::{SegmentRef, Trail};
use crate::workflow::{Job, Matrix, NullOr};
use crate::{Action, LitOrExpr, StepBody, Workflow, Yaml};

/// Functions every field may call.
const GENERAL: &[&str] = &["contains", "startsWith", "endsWith", "format", "join", "toJSON", "fromJSON", "case"];

/// Whether a key's value is a condition (the `${{ }}` is optional there).
fn is_condition(key: &str) -> bool {
    // Most keys do not end in `if`: one byte comparison sends them on.
    key.as_bytes().last() == Some(&b'f') && matches!(key, "if" | "pre-if" | "post-if")
}

/// What the references in one document may point at.
///
/// A document can hold thousands of names (jobs, steps, inputs, matrix
/// keys) and thousands of references to them: each list a reference is
/// looked up in is indexed once (per document, or per job for steps and
/// matrix keys), and suggestions among them share the document's
/// [`Budget`], so that checking stays linear in the text.
struct Scope<'a> {
    workflow: Option<&'a Workflow>,
    action: Option<&'a Action>,
    rules: &'static [Rule],
    /// The job last looked up by id.
    job: Cell<Option<(&'a str, &'a Job)>>,
    /// The work left for suggestions.
    budget: &'a Budget,
    /// The step ids of the steps last looked in (the walk goes job by job).
    steps: RefCell<Option<StepIds<'a>>>,
    /// The matrix keys of the job last looked in, by job id.
    matrix: RefCell<Option<(&'a str, MatrixKeys<'a>)>>,
    /// The workflow's job ids.
    jobs: OnceCell<Caseless<'a>>,
    /// The outputs of the job last looked in, by job id.
    outputs: RefCell<Option<(&'a str, Caseless<'a>)>>,
    /// The inputs the document declares.
    inputs: OnceCell<Caseless<'a>>,
    /// The secrets a called workflow declares.
    secrets: OnceCell<Caseless<'a>>,
}

impl<'a> Scope<'a> {
    fn new(workflow: Option<&'a Workflow>, action: Option<&'a Action>, budget: &'a Budget) -> Self {
        Scope {
            workflow,
            action,
            rules: if action.is_some() { contexts::ACTION } else { contexts::WORKFLOW },
            job: Cell::new(None),
            budget,
            steps: RefCell::new(None),
            matrix: RefCell::new(None),
            jobs: OnceCell::new(),
            outputs: RefCell::new(None),
            inputs: OnceCell::new(),
            secrets: OnceCell::new(),
        }
    }

    /// The id of the workflow's job `name` (in any case) as declared.
    fn job_id(&self, wf: &'a Workflow, name: &str) -> Option<&'a str> {
        if let Some((id, _)) = wf.jobs.get_key_value(name) {
            return Some(id.as_str());
        }
        self.jobs.get_or_init(|| Caseless::new(wf.jobs.keys().map(String::as_str).collect())).find(name)
    }
}

/// Lists up to this long are searched; longer ones are indexed.
const SEARCHED: usize = 16;

/// The first step of `steps` with each id (in ASCII lower case).
struct StepIds<'a> {
    steps: &'a [crate::Step],
    first: HashMap<String, usize, FastHash>,
}

/// The position of the first step of `steps` whose id is `id`, ignoring
/// ASCII case.
fn step_position<'a>(scope: &Scope<'a>, steps: &'a [crate::Step], id: &str) -> Option<usize> {
    if steps.len() <= SEARCHED {
        return steps.iter().position(|s| s.id.as_deref().is_some_and(|s| s.eq_ignore_ascii_case(id)));
    }
    let mut cache = scope.steps.borrow_mut();
    let ids = match &mut *cache {
        Some(ids) if std::ptr::eq(ids.steps, steps) => ids,
        other => {
            let mut first: HashMap<String, usize, FastHash> = HashMap::default();
            for (i, s) in steps.iter().enumerate() {
                if let Some(id) = s.id.as_deref() {
                    first.entry(id.to_ascii_lowercase()).or_insert(i);
                }
            }
            other.insert(StepIds { steps, first })
        }
    };
    ids.first.get(caseless::lower(id).as_ref()).copied()
}

/// The keys of one job's matrix (its axes, then the keys its `include`
/// rows add), and for each key read with a field (`matrix.service.port`)
/// what its values offer.
struct MatrixKeys<'a> {
    keys: Caseless<'a>,
    fields: HashMap<&'a str, Fields<'a>, FastHash>,
}

/// The fields of a matrix key's mapping values.
struct Fields<'a> {
    /// Whether the key is an axis given by an expression (known at run time).
    from_expression: bool,
    /// Whether any value is a mapping.
    any_mapping: bool,
    /// The keys of its mapping values, in order.
    names: IndexSet<&'a str, FastHash>,
}

impl<'a> MatrixKeys<'a> {
    fn new(m: &'a Matrix) -> Self {
        let mut keys: IndexSet<&str, FastHash> = m.axes.keys().map(String::as_str).collect();
        for row in m.include.iter().filter_map(LitOrExpr::literal).flatten() {
            keys.extend(row.keys().map(String::as_str));
        }
        MatrixKeys { keys: Caseless::new(keys.into_iter().collect()), fields: HashMap::default() }
    }

    fn fields(&mut self, m: &'a Matrix, key: &'a str) -> &Fields<'a> {
        self.fields.entry(key).or_insert_with(|| {
            let mut fields = Fields { from_expression: false, any_mapping: false, names: IndexSet::default() };
            let mut add = |value: &'a Yaml| {
                if let Yaml::Map(map) = value {
                    fields.any_mapping = true;
                    fields.names.extend(map.keys().map(String::as_str));
                }
            };
            match m.axes.get(key) {
                Some(LitOrExpr::Lit(values)) => values.iter().for_each(&mut add),
                Some(LitOrExpr::Expr(_)) => fields.from_expression = true,
                None => {}
            }
            for row in m.include.iter().filter_map(LitOrExpr::literal).flatten() {
                if let Some(value) = row.get(key) {
                    add(value);
                }
            }
            fields
        })
    }
}

/// What one expression text uses: its functions and context paths, or why it
/// does not parse.
struct Analysis {
    result: Result<(Vec<String>, Vec<Vec<String>>), String>,
}

/// How many analyses a thread keeps before starting over.
const ANALYSES_KEPT: usize = 4096;

thread_local! {
    /// Analyses by expression text, kept across documents: a workflow
    /// repeats `${{ matrix.os }}` in many places and a repository's workflows
    /// repeat each other's expressions, and an analysis depends on the text
    /// alone. Per thread, so validating on several threads shares no lock;
    /// bounded by [`ANALYSES_KEPT`].
    static ANALYSED: RefCell<HashMap<Box<str>, Rc<Analysis>, FastHash>> = RefCell::default();
}

/// The analysis of an expression body, from the cache or made now.
fn analyse(body: &str) -> Rc<Analysis> {
    ANALYSED.with(|cell| {
        if let Some(a) = cell.borrow().get(body) {
            return Rc::clone(a);
        }
        let result = match Ast::parse(body) {
            Ok(ast) => Ok((ast.functions().into_iter().map(str::to_owned).collect(), ast.context_paths())),
            Err(e) => Err(e.to_string()),
        };
        let a = Rc::new(Analysis { result });
        let mut seen = cell.borrow_mut();
        if seen.len() >= ANALYSES_KEPT {
            seen.clear();
        }
        seen.insert(body.into(), Rc::clone(&a));
        a
    })
}

/// Checks every expression of a workflow.
pub(crate) fn workflow(wf: &Workflow, lowered: &Node<'_>, budget: &Budget, out: &mut Vec<Diagnostic>) {
    let scope = Scope::new(Some(wf), None, budget);
    walk(&scope, lowered, &mut Trail::default(), false, out);
}

/// Checks every expression of action metadata.
pub(crate) fn action(a: &Action, lowered: &Node<'_>, budget: &Budget, out: &mut Vec<Diagnostic>) {
    let scope = Scope::new(None, Some(a), budget);
    walk(&scope, lowered, &mut Trail::default(), false, out);
}

/// Walks the lowered document; `at` is the path of `node`, extended and
/// restored in place on the way down (no copy of the path per node). On the
/// way it checks that each key and comment can be written
/// ([`writable`](super::writable)); `in_item` says that `node` is a
/// sequence item, whose mapping's first comment is the item's.
fn walk<'n>(scope: &Scope<'_>, node: &'n Node, at: &mut Trail<'n>, in_item: bool, out: &mut Vec<Diagnostic>) {
    match node {
        Node::Map(entries) => {
            for (i, e) in entries.iter().enumerate() {
                at.push_key(&e.key);
                super::writable::entry(e, in_item && i == 0, at, out);
                if is_condition(&e.key)
                    && let Node::Scalar(s) = &e.value
                    && let Some(rule) = contexts::find(scope.rules, at.segments()).filter(|r| r.definition.is_some())
                {
                    if let Some(text) = s.as_str() {
                        condition(scope, rule, text, at, out);
                    }
                } else {
                    walk(scope, &e.value, at, false, out);
                }
                at.pop();
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push_index(i);
                super::writable::item(item, at, out);
                walk(scope, &item.value, at, true, out);
                at.pop();
            }
        }
        Node::Scalar(s) => {
            if let Some(text) = s.as_str().filter(|t| template::has_expression(t)) {
                embedded(scope, contexts::find(scope.rules, at.segments()), text, at, out);
            }
        }
        Node::Empty => {}
    }
}

fn push(out: &mut Vec<Diagnostic>, at: &Trail<'_>, problem: Problem) {
    out.push(Diagnostic::new(at.to_path(), problem));
}

/// Checks each `${{ }}` in a string, under the field's `rule`.
fn embedded(scope: &Scope<'_>, rule: Option<&Rule>, s: &str, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    let checked = rule.filter(|r| r.definition.is_some());
    let before = out.len();
    let split = template::split(s, |part| {
        if let (template::Part::Expr(body), Some(rule)) = (part, checked) {
            expression(scope, rule, body.trim(), at, out);
        }
    });
    match split {
        // An unclosed `${{` is the one problem of the string.
        Err(e) => {
            out.truncate(before);
            push(out, at, Problem::Expression { message: e.to_string() });
        }
        Ok(()) if rule.is_some_and(|r| r.definition.is_none()) => push(out, at, Problem::NoExpressionsHere),
        Ok(()) => {}
    }
}

/// Checks an `if:` value, under the field's `rule`.
fn condition(scope: &Scope<'_>, rule: &Rule, s: &str, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    let trimmed = s.trim();
    if !template::has_expression(trimmed) {
        expression(scope, rule, trimmed, at, out);
        return;
    }
    if let Ok(parts) = template::parts(trimmed) {
        let text_outside = parts.iter().any(|p| matches!(p, template::Part::Text(t) if !t.trim().is_empty()));
        if parts.len() > 1 || text_outside {
            push(out, at, Problem::AlwaysTrue { condition: s.to_owned() });
        }
    }
    embedded(scope, Some(rule), s, at, out);
}

fn expression(scope: &Scope<'_>, rule: &Rule, body: &str, at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    let analysis = analyse(body);
    let (functions, paths) = match &analysis.result {
        Ok(r) => r,
        Err(message) => return push(out, at, Problem::Expression { message: message.clone() }),
    };
    // Each unavailable function or context is reported once per expression.
    let mut reported: Vec<String> = Vec::new();
    for name in functions {
        let allowed = GENERAL.iter().chain(rule.functions).any(|f| f.eq_ignore_ascii_case(name));
        if !allowed && !reported.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            reported.push(name.clone());
            push(out, at, Problem::FunctionNotAvailable { function: name.clone() });
        }
    }
    for path in paths {
        let Some(ctx) = path.first() else { continue };
        if !rule.contexts.iter().any(|c| c.eq_ignore_ascii_case(ctx)) {
            let key = format!("ctx:{}", ctx.to_ascii_lowercase());
            if !reported.contains(&key) {
                reported.push(key);
                push(out, at, Problem::ContextNotAvailable { context: ctx.clone(), allowed: Names::of(rule.contexts) });
            }
            continue;
        }
        reference(scope, path, at, out);
    }
}

/// The job (id and model) a path is inside, and the step index if any.
fn job_at<'w>(scope: &Scope<'w>, at: &Trail<'_>) -> Option<(&'w str, &'w Job, Option<usize>)> {
    let wf = scope.workflow?;
    let segs = at.segments();
    let (Some(SegmentRef::Key("jobs")), Some(SegmentRef::Key(id))) = (segs.first(), segs.get(1)) else { return None };
    // The walk goes job by job: most lookups are for the job of the last one.
    let (key, job) = match scope.job.get() {
        Some((key, job)) if key == *id => (key, job),
        _ => {
            let (key, job) = wf.jobs.get_key_value(*id)?;
            scope.job.set(Some((key.as_str(), job)));
            (key.as_str(), job)
        }
    };
    let step = match (segs.get(2), segs.get(3)) {
        (Some(SegmentRef::Key("steps")), Some(SegmentRef::Index(i))) => Some(*i),
        _ => None,
    };
    Some((key, job, step))
}

fn reference<'a>(scope: &Scope<'a>, path: &[String], at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    let lower;
    let ctx = if path[0].bytes().any(|b| b.is_ascii_uppercase()) {
        lower = path[0].to_ascii_lowercase();
        lower.as_str()
    } else {
        path[0].as_str()
    };
    let first = path.get(1).map(String::as_str);
    if first == Some("*") {
        return;
    }
    match (ctx, scope.workflow, scope.action) {
        ("needs", Some(wf), _) => needs_ref(scope, wf, path, at, out),
        ("jobs", Some(wf), _) => jobs_ref(scope, wf, path, at, out),
        ("steps", Some(_), _) => {
            if let Some((_, Job::Normal(j), step)) = job_at(scope, at) {
                steps_ref(scope, j.steps.as_deref().unwrap_or_default(), step, path, at, out);
            }
        }
        ("steps", _, Some(a)) => {
            if let crate::Runs::Composite(c) = &a.runs {
                let step = match at.segments().get(2) {
                    Some(SegmentRef::Index(i)) => Some(*i),
                    _ => None,
                };
                steps_ref(scope, &c.steps, step, path, at, out);
            }
        }
        ("matrix", Some(_), _) => {
            if let Some((id, job, _)) = job_at(scope, at) {
                matrix_ref(scope, id, job, path, at, out);
            }
        }
        ("inputs", Some(wf), _) => {
            let declared = scope.inputs.get_or_init(|| {
                let mut names: Vec<&str> = Vec::new();
                if let Some(t) = wf.on.triggers() {
                    if let Some(NullOr::Value(d)) = &t.workflow_dispatch {
                        names.extend(d.inputs.iter().flatten().map(|(k, _)| k.as_str()));
                    }
                    if let Some(NullOr::Value(c)) = &t.workflow_call {
                        names.extend(c.inputs.iter().flatten().map(|(k, _)| k.as_str()));
                    }
                }
                // `on: workflow_dispatch` written as a name declares no inputs.
                Caseless::new(names)
            });
            named_ref(scope, "inputs", declared, path, at, out);
        }
        ("secrets", Some(wf), _) => secrets_ref(scope, wf, path, at, out),
        ("inputs", _, Some(a)) => {
            let declared = scope
                .inputs
                .get_or_init(|| Caseless::new(a.inputs.iter().flatten().map(|(k, _)| k.as_str()).collect()));
            named_ref(scope, "inputs", declared, path, at, out);
        }
        _ => {}
    }
}

fn needs_ref<'w>(scope: &Scope<'w>, wf: &'w Workflow, path: &[String], at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    let Some(name) = path.get(1) else { return };
    let Some((id, job, _)) = job_at(scope, at) else { return };
    let Some(target) = scope.job_id(wf, name) else {
        let others = wf.jobs.keys().map(String::as_str).filter(|k| *k != id);
        let suggestion = Suggestion(scope.budget.closest(name, others));
        push(out, at, Problem::UnknownJobRef { job: name.clone(), suggestion });
        return;
    };
    if !job.needs().iter().any(|n| n.eq_ignore_ascii_case(target)) {
        push(out, at, Problem::NeedsNotListed { job: name.clone() });
    }
    if path.get(2).is_some_and(|p| p.eq_ignore_ascii_case("outputs"))
        && let Some(output) = path.get(3)
    {
        job_output(scope, wf, target, output, at, out);
    }
}

fn jobs_ref<'w>(scope: &Scope<'w>, wf: &'w Workflow, path: &[String], at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    let Some(name) = path.get(1) else { return };
    let Some(target) = scope.job_id(wf, name) else {
        let suggestion = Suggestion(scope.budget.closest(name, wf.jobs.keys().map(String::as_str)));
        push(out, at, Problem::UnknownJobRef { job: name.clone(), suggestion });
        return;
    };
    if path.get(2).is_some_and(|p| p.eq_ignore_ascii_case("outputs"))
        && let Some(output) = path.get(3)
    {
        job_output(scope, wf, target, output, at, out);
    }
}

/// `needs.<job>.outputs.<output>` (or `jobs.`): `job` is the id as declared.
fn job_output<'w>(
    scope: &Scope<'w>,
    wf: &'w Workflow,
    job: &'w str,
    output: &str,
    at: &Trail<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if output == "*" {
        return;
    }
    // A reusable-workflow call's outputs are declared in the called file.
    let Some(Job::Normal(j)) = wf.jobs.get(job) else { return };
    let Some(outputs) = &j.outputs else { return unknown_output(scope, job, j, output, at, out) };
    if outputs.contains_key(output) {
        return;
    }
    // The job's outputs, indexed once for all its references.
    let mut cache = scope.outputs.borrow_mut();
    let declared = match &mut *cache {
        Some((id, declared)) if *id == job => declared,
        other => &mut other.insert((job, Caseless::new(outputs.keys().map(String::as_str).collect()))).1,
    };
    if !declared.contains(output) {
        unknown_output(scope, job, j, output, at, out);
    }
}

fn unknown_output(
    scope: &Scope<'_>,
    job: &str,
    j: &crate::NormalJob,
    output: &str,
    at: &Trail<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let declared = || j.outputs.iter().flatten().map(|(k, _)| k.as_str());
    push(
        out,
        at,
        Problem::UnknownOutput {
            owner: format!("job `{job}`"),
            output: output.to_owned(),
            suggestion: Suggestion(scope.budget.closest(output, declared())),
            declared: Names::first(declared(), j.outputs.as_ref().map_or(0, |o| o.len())),
        },
    );
}

fn steps_ref<'a>(
    scope: &Scope<'a>,
    steps: &'a [crate::Step],
    current: Option<usize>,
    path: &[String],
    at: &Trail<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(target) = path.get(1) else { return };
    let position = step_position(scope, steps, target);
    let earlier = |i: usize| current.is_none_or(|c| i < c);
    match position {
        Some(i) if earlier(i) => {}
        Some(_) => push(out, at, Problem::StepNotYetRun { step: target.clone() }),
        None => {
            let ids = steps.iter().take(current.unwrap_or(steps.len())).filter_map(|s| s.id.as_deref());
            let scope_text = if current.is_some() { "runs before this one" } else { "in this job" };
            push(
                out,
                at,
                Problem::UnknownStepRef {
                    step: target.clone(),
                    scope: scope_text,
                    suggestion: Suggestion(scope.budget.closest(target, ids)),
                },
            );
        }
    }
    if let (Some(i), Some(outputs_key), Some(output)) = (position, path.get(2), path.get(3))
        && outputs_key.eq_ignore_ascii_case("outputs")
        && let StepBody::Uses { uses, .. } = &steps[i].body
        && let Some(outputs) = crate::known_action_outputs(uses)
        && !outputs.iter().any(|o| o.eq_ignore_ascii_case(output))
    {
        push(
            out,
            at,
            Problem::UnknownOutput {
                owner: format!("step `{target}` (`{}`)", uses.as_str().split('@').next().unwrap_or("")),
                output: output.clone(),
                suggestion: Suggestion(crate::diagnostic::closest(output, outputs.iter().copied())),
                declared: Names::of(outputs),
            },
        );
    }
}

fn matrix_ref<'a>(
    scope: &Scope<'a>,
    id: &'a str,
    job: &'a Job,
    path: &[String],
    at: &Trail<'_>,
    out: &mut Vec<Diagnostic>,
) {
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
    if matches!(m.include, Some(LitOrExpr::Expr(_))) || (path.get(2).is_none() && m.axes.contains_key(key.as_str())) {
        return;
    }
    // The job's keys, indexed once for all its references.
    let mut cache = scope.matrix.borrow_mut();
    let index = match &mut *cache {
        Some((job_id, index)) if *job_id == id => index,
        other => &mut other.insert((id, MatrixKeys::new(m))).1,
    };
    let Some(key) = index.keys.find(key) else {
        let keys = index.keys.names().iter().copied();
        push(
            out,
            at,
            Problem::UnknownMatrixRef {
                reference: format!("matrix.{key}"),
                suggestion: Suggestion(scope.budget.closest(key, keys.clone())),
                keys: Names::first(keys, index.keys.names().len()),
            },
        );
        return;
    };
    // `matrix.service.port`: some value of the key must be a mapping with `port`.
    let Some(field) = path.get(2) else { return };
    let fields = index.fields(m, key);
    if fields.from_expression
        || !fields.any_mapping
        || fields.names.contains(field.as_str())
        || fields.names.iter().any(|n| n.eq_ignore_ascii_case(field))
    {
        return;
    }
    let names = fields.names.iter().copied();
    push(
        out,
        at,
        Problem::UnknownMatrixRef {
            reference: format!("matrix.{key}.{field}"),
            suggestion: Suggestion(scope.budget.closest(field, names.clone())),
            keys: Names::first(names, fields.names.len()),
        },
    );
}

/// In a workflow that only runs when called, a secret must be declared under
/// `on.workflow_call.secrets` (the caller passes those, or all of its own with
/// `secrets: inherit`; `GITHUB_TOKEN` is always there).
fn secrets_ref<'a>(scope: &Scope<'a>, wf: &'a Workflow, path: &[String], at: &Trail<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = wf.on.triggers() else { return };
    let only_called = wf.on.event_names() == ["workflow_call"];
    let Some(NullOr::Value(call)) = &t.workflow_call else { return };
    let Some(declared) = &call.secrets else { return };
    if !only_called || path.get(1).is_some_and(|s| s.eq_ignore_ascii_case("GITHUB_TOKEN")) {
        return;
    }
    let declared = scope.secrets.get_or_init(|| Caseless::new(declared.keys().map(String::as_str).collect()));
    named_ref(scope, "secrets", declared, path, at, out);
}

fn named_ref(
    scope: &Scope<'_>,
    ctx: &str,
    declared: &Caseless<'_>,
    path: &[String],
    at: &Trail<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(name) = path.get(1) else { return };
    if !declared.contains(name) {
        let names = declared.names().iter().copied();
        push(
            out,
            at,
            Problem::UnknownNamed {
                reference: format!("{ctx}.{name}"),
                suggestion: Suggestion(scope.budget.closest(name, names.clone())),
                declared: Names::first(names, declared.names().len()),
            },
        );
    }
}

/// The jobs each job refers to through `needs.<id>` in its expressions.
pub(crate) fn referenced_needs(wf: &Workflow, id: &str) -> Vec<String> {
    let Some(job) = wf.jobs.get(id) else { return Vec::new() };
    let mut named = Vec::new();
    collect_needs(&job.lower(), &mut named);
    // Each job as declared (`needs.BUILD` is the job `build`), once.
    let ids = Caseless::new(wf.jobs.keys().map(String::as_str).collect());
    let mut found: Vec<String> = Vec::new();
    for n in named {
        if let Some(declared) = ids.find(&n)
            && declared != id
            && !found.iter().any(|f| f == declared)
        {
            found.push(declared.to_owned());
        }
    }
    found
}

fn collect_needs(node: &Node, found: &mut Vec<String>) {
    match node {
        Node::Map(entries) => entries.iter().for_each(|e| {
            if is_condition(&e.key)
                && let Some(s) = e.value.as_str()
                && !template::has_expression(s)
            {
                needs_in(s, found);
            }
            collect_needs(&e.value, found);
        }),
        Node::Seq(items) => items.iter().for_each(|i| collect_needs(&i.value, found)),
        Node::Scalar(sc) if sc.as_str().is_some() => {
            let s = sc.as_str().unwrap_or_default();
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
