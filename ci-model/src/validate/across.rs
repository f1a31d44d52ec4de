//! Checks across the files of a repository ([`Repository::validate`]): what
//! a workflow or composite action says of a local action or reusable
//! workflow of the same repository, against that file.
//!
//! - A step that `uses: ./path` (or `$/path`) of a local action: its `with:`
//!   against the action's inputs (unknown, with the closest name; required
//!   and without a default, missing; deprecated), and `steps.<id>.outputs.<x>`
//!   of that step against the action's outputs.
//! - A job that calls `./.github/workflows/x.yml` (or `$/…`): the workflow
//!   must have `on.workflow_call`; `with:` against its inputs (unknown,
//!   missing, a `boolean` or `number` input given a literal of another
//!   kind), `secrets:` against its secrets (unknown, missing; `inherit`
//!   passes all), and `needs.<job>.outputs.<x>` anywhere in the caller
//!   against its outputs.
//! - A local path that names no file of the set, under a folder the set
//!   holds completely.
//!
//! Names are compared as GitHub compares them, ignoring ASCII case. The
//! input checks are shared with the per-file check of a step whose action
//! has a bundled binding ([`binding_step`]), which `validate` runs on every
//! workflow and action.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::diagnostic::{Names, Problem, Suggestion, closest};
use crate::emit::{Lower, Node};
use crate::expression::{Ast, template};
use crate::repository::{Entry, Repository, RepositoryDiagnostic};
use crate::workflow::{CallInputType, CallSecrets, Job, NullOr, WorkflowCall};
use crate::{Action, Diagnostic, LitOrExpr, Path, Runs, Scalar, Step, StepBody, Uses, UsesTarget, Workflow};

impl Repository<'_> {
    /// Every problem across the files of the set, each with its file (as
    /// added), its path in that file and, for a file added with its text,
    /// its line and column. Checks each workflow's and action's references
    /// to the repository's own actions and reusable workflows (see the
    /// module's documentation); the files' own problems are
    /// [`Workflow::validate`]'s and [`Action::validate`]'s.
    ///
    /// ```
    /// use ci_model::{CallInput, CallInputType, Job, NullOr, Repository, Workflow, WorkflowCall};
    ///
    /// let mut call = WorkflowCall::default();
    /// call.inputs = Some([("dry-run".to_owned(), CallInput::new(CallInputType::Boolean))].into_iter().collect());
    /// let deploy = Workflow::new("Deploy").on_workflow_call_with(call);
    /// let cd = Workflow::new("CD").on_push().job("deploy", Job::call("$/.github/workflows/deploy.yml").with("dry-run", "yes"));
    /// let repo = Repository::new().workflow(".github/workflows/deploy.yml", &deploy).workflow(".github/workflows/cd.yml", &cd);
    /// assert_eq!(repo.validate()[0].to_string(),
    ///     ".github/workflows/cd.yml: jobs.deploy.with.dry-run: the workflow `$/.github/workflows/deploy.yml` takes the input `dry-run` as a boolean, but it is given the string `yes` [inputs]");
    /// ```
    pub fn validate(&self) -> Vec<RepositoryDiagnostic> {
        let index = Index::new(self);
        let mut all = Vec::new();
        for e in &self.workflows {
            let mut out = Vec::new();
            workflow(&index, e.model, &mut out);
            for (id, job) in &e.model.jobs {
                if let Job::Normal(j) = job {
                    let at = Path::root().key("jobs").key(id).key("steps");
                    own_bindings(&self.tables, j.steps.as_deref().unwrap_or_default(), &at, &mut out);
                }
            }
            finish(e, out, &mut all);
        }
        for e in &self.actions {
            let mut out = Vec::new();
            action(&index, e.model, &mut out);
            if let Runs::Composite(c) = &e.model.runs {
                own_bindings(&self.tables, &c.steps, &Path::root().key("runs").key("steps"), &mut out);
            }
            finish(e, out, &mut all);
        }
        all
    }
}

/// Places the problems of one file and adds them to `all`.
fn finish<T>(e: &Entry<'_, T>, mut out: Vec<Diagnostic>, all: &mut Vec<RepositoryDiagnostic>) {
    if let Some(text) = e.text {
        crate::parse::locate(text, &mut out);
        // In the order of the text (the sort is stable: problems at one
        // place keep the order they were found in).
        out.sort_by_key(|d| d.location);
    }
    all.extend(out.into_iter().map(|diagnostic| RepositoryDiagnostic { file: e.file.clone(), diagnostic }));
}

/// The files of a repository by the path a `uses:` names.
struct Index<'r> {
    actions: HashMap<&'r str, &'r Action>,
    workflows: HashMap<&'r str, &'r Workflow>,
    complete: &'r [String],
}

impl<'r> Index<'r> {
    fn new(repo: &'r Repository<'_>) -> Self {
        let mut actions = HashMap::new();
        for e in &repo.actions {
            actions.entry(e.key.as_str()).or_insert(e.model);
        }
        let mut workflows = HashMap::new();
        for e in &repo.workflows {
            workflows.entry(e.key.as_str()).or_insert(e.model);
        }
        Index { actions, workflows, complete: &repo.complete }
    }

    /// Whether the set holds every file under `path`'s folder.
    fn covers(&self, path: &str) -> bool {
        self.complete.iter().any(|c| c.is_empty() || path.strip_prefix(c.as_str()).is_some_and(|r| r.starts_with('/')))
    }

    /// A local path's problem when it names no file of the set.
    fn missing(&self, kind: &'static str, uses: &Uses, key: &str) -> Option<Problem> {
        if !self.covers(key) {
            return None;
        }
        let known: Vec<&str> = match kind {
            "action" => self.actions.keys().copied().collect(),
            _ => self.workflows.keys().copied().collect(),
        };
        let mut known = known;
        known.sort_unstable();
        // The closest name in the same folder: a path's folders are a long
        // common part that would make any name in them look close.
        let (folder, name) = key.rsplit_once('/').unwrap_or(("", key));
        let siblings = known.iter().filter_map(|k| {
            let (f, n) = k.rsplit_once('/').unwrap_or(("", k));
            (f == folder).then_some(n)
        });
        let prefix = if uses.as_str().starts_with("$/") { "$/" } else { "./" };
        let suggestion = closest(name, siblings).map(|n| match folder {
            "" => format!("{prefix}{n}"),
            _ => format!("{prefix}{folder}/{n}"),
        });
        Some(Problem::UnknownLocal { kind, uses: uses.as_str().to_owned(), suggestion: Suggestion(suggestion) })
    }
}

/// The repository-relative path of a local `uses:`, if it is one.
fn local_key(uses: &Uses) -> Option<String> {
    match uses.target() {
        Ok(UsesTarget::Local(p) | UsesTarget::SelfRepository(p)) => Some(crate::repository::normalise(p)),
        _ => None,
    }
}

fn workflow(index: &Index<'_>, wf: &Workflow, out: &mut Vec<Diagnostic>) {
    let jobs_at = Path::root().key("jobs");
    // The call jobs whose workflow is in the set, by job id (lower case).
    let mut callees: HashMap<String, (&Uses, Option<&WorkflowCall>), crate::hash::FastHash> = HashMap::default();
    for (id, job) in &wf.jobs {
        let at = jobs_at.key(id);
        match job {
            Job::Normal(j) => {
                let steps = j.steps.as_deref().unwrap_or_default();
                let actions = local_steps(index, steps, &at.key("steps"), out);
                if !actions.is_empty() {
                    step_outputs(&job.lower(), &mut at.clone(), &actions, out);
                }
            }
            Job::Call(c) => {
                let Some(key) = local_key(&c.uses) else { continue };
                let Some(callee) = index.workflows.get(key.as_str()) else {
                    if let Some(problem) = index.missing("workflow", &c.uses, &key) {
                        out.push(Diagnostic::new(at.key("uses"), problem));
                    }
                    continue;
                };
                let Some(call) = callee.on.triggers().and_then(|t| t.workflow_call.as_ref()) else {
                    out.push(Diagnostic::new(
                        at.key("uses"),
                        Problem::NotCallable { workflow: c.uses.as_str().to_owned() },
                    ));
                    continue;
                };
                let call = match call {
                    NullOr::Value(call) => Some(call),
                    NullOr::Null => None,
                };
                let callee_name = format!("the workflow `{}`", c.uses.as_str());
                // A `with:` or `secrets:` the model could not read is kept in
                // `extra` (and reported by `validate`): not checked here.
                if !c.extra.contains_key("with") {
                    call_inputs(&callee_name, call, c.with.as_ref(), &at, out);
                }
                if !c.extra.contains_key("secrets") {
                    call_secrets(&callee_name, call, c.secrets.as_ref(), &at, out);
                }
                callees.insert(id.to_ascii_lowercase(), (&c.uses, call));
            }
        }
    }
    if callees.is_empty() {
        return;
    }
    for (id, job) in &wf.jobs {
        let mut at = jobs_at.key(id);
        scan(&job.lower(), &mut at, &mut |at, path| {
            let [ctx, job, outputs, output, ..] = path else { return };
            if !ctx.eq_ignore_ascii_case("needs") || !outputs.eq_ignore_ascii_case("outputs") || output == "*" {
                return;
            }
            let Some((uses, call)) = callees.get(&job.to_ascii_lowercase()) else { return };
            let declared = call.and_then(|c| c.outputs.as_ref());
            let names = || declared.into_iter().flatten().map(|(k, _)| k.as_str());
            if names().any(|n| n.eq_ignore_ascii_case(output)) {
                return;
            }
            out.push(Diagnostic::new(
                at.clone(),
                Problem::UnknownOutput {
                    owner: format!("job `{job}` (`{}`)", uses.as_str()),
                    output: output.clone(),
                    suggestion: Suggestion(closest(output, names())),
                    declared: Names::first(names(), declared.map_or(0, IndexMap::len)),
                },
            ));
        });
    }
}

fn action(index: &Index<'_>, a: &Action, out: &mut Vec<Diagnostic>) {
    let Runs::Composite(c) = &a.runs else { return };
    let at = Path::root().key("runs").key("steps");
    let actions = local_steps(index, &c.steps, &at, out);
    if !actions.is_empty() {
        step_outputs(&a.lower(), &mut Path::root(), &actions, out);
    }
}

/// Checks each step of `steps` (and of their `parallel:` groups) that uses
/// a local action; gives the local action of each step with an id, by id
/// in lower case.
fn local_steps<'s>(
    index: &Index<'s>,
    steps: &'s [Step],
    at: &Path,
    out: &mut Vec<Diagnostic>,
) -> HashMap<String, (&'s Uses, &'s Action)> {
    let mut found = HashMap::new();
    for (i, s) in steps.iter().enumerate() {
        let at = at.index(i);
        match &s.body {
            StepBody::Parallel(inner) => found.extend(local_steps(index, inner, &at.key("parallel"), out)),
            StepBody::Uses { uses, with } => {
                let Some(key) = local_key(uses) else { continue };
                let Some(action) = index.actions.get(key.as_str()) else {
                    if let Some(problem) = index.missing("action", uses, &key) {
                        out.push(Diagnostic::new(at.key("uses"), problem));
                    }
                    continue;
                };
                if !s.extra.contains_key("with") {
                    let inputs: Vec<Declared<'_>> = action
                        .inputs
                        .iter()
                        .flatten()
                        .map(|(name, i)| Declared {
                            name,
                            required: i.is_required() && i.default.is_none(),
                            deprecated: i.deprecation_message.as_ref().map(Scalar::to_text).map(|m| m.into_owned()),
                            kind: None,
                            typed: None,
                        })
                        .collect();
                    check_with(&format!("the action `{}`", uses.as_str()), &inputs, with.as_ref(), &at, out);
                }
                if let Some(id) = &s.id {
                    found.insert(id.to_ascii_lowercase(), (uses, *action));
                }
            }
            _ => {}
        }
    }
    found
}

/// Checks `steps.<id>.outputs.<x>` in `node` (at `at`) against the
/// outputs of the local action each step id uses.
fn step_outputs(
    node: &Node<'_>,
    at: &mut Path,
    actions: &HashMap<String, (&Uses, &Action)>,
    out: &mut Vec<Diagnostic>,
) {
    scan(node, at, &mut |at, path| {
        let [ctx, step, outputs, output, ..] = path else { return };
        if !ctx.eq_ignore_ascii_case("steps") || !outputs.eq_ignore_ascii_case("outputs") || output == "*" {
            return;
        }
        let Some((uses, action)) = actions.get(&step.to_ascii_lowercase()) else { return };
        let names = || action.outputs.iter().flatten().map(|(k, _)| k.as_str());
        if names().any(|n| n.eq_ignore_ascii_case(output)) {
            return;
        }
        out.push(Diagnostic::new(
            at.clone(),
            Problem::UnknownOutput {
                owner: format!("step `{step}` (`{}`)", uses.as_str()),
                output: output.clone(),
                suggestion: Suggestion(closest(output, names())),
                declared: Names::first(names(), action.outputs.as_ref().map_or(0, IndexMap::len)),
            },
        ));
    });
}

/// Calls `found` with the path of each value and each context path its
/// expressions read (`${{ }}` in strings, and whole conditions).
fn scan(node: &Node<'_>, at: &mut Path, found: &mut dyn FnMut(&Path, &[String])) {
    match node {
        Node::Map(entries) => {
            for e in entries {
                let here = at.key(e.key.as_ref());
                let condition = matches!(e.key.as_ref(), "if" | "pre-if" | "post-if");
                match e.value.as_str() {
                    Some(text) if condition && !template::has_expression(text) => {
                        paths(text, &here, found);
                    }
                    _ => scan(&e.value, &mut here.clone(), found),
                }
            }
        }
        Node::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                scan(&item.value, &mut at.index(i), found);
            }
        }
        Node::Scalar(s) => {
            if let Some(text) = s.as_str().filter(|t| template::has_expression(t)) {
                for body in template::expressions(text) {
                    paths(body, at, found);
                }
            }
        }
        Node::Empty => {}
    }
}

fn paths(body: &str, at: &Path, found: &mut dyn FnMut(&Path, &[String])) {
    if let Ok(ast) = Ast::parse(body.trim()) {
        for p in ast.context_paths() {
            found(at, &p);
        }
    }
}

/// What an input of an action or a reusable workflow declares.
struct Declared<'d> {
    name: &'d str,
    /// Required and without a default.
    required: bool,
    /// Deprecated, with the action's message (empty when it gives none).
    deprecated: Option<String>,
    /// The type a reusable workflow's input declares.
    kind: Option<&'static str>,
    /// The type a bound action's input takes (its binding's).
    typed: Option<crate::InputType>,
}

/// Checks the inputs a step or job passes (`with`, at `at.with`) against
/// those `callee` declares.
fn check_with(
    callee: &str,
    declared: &[Declared<'_>],
    with: Option<&LitOrExpr<IndexMap<String, Scalar>>>,
    at: &Path,
    out: &mut Vec<Diagnostic>,
) {
    // One expression for all the inputs: known at run time.
    let with = match with {
        Some(LitOrExpr::Expr(_)) => return,
        Some(LitOrExpr::Lit(w)) => Some(w),
        None => None,
    };
    let with_at = at.key("with");
    for (name, value) in with.into_iter().flatten() {
        let Some(d) = declared.iter().find(|d| d.name.eq_ignore_ascii_case(name)) else {
            let names = || declared.iter().map(|d| d.name);
            out.push(Diagnostic::new(
                with_at.key(name),
                Problem::UnknownInput {
                    callee: callee.to_owned(),
                    input: name.clone(),
                    suggestion: Suggestion(closest(name, names())),
                    declared: Names::first(names(), declared.len()),
                },
            ));
            continue;
        };
        if let Some(message) = &d.deprecated {
            out.push(Diagnostic::new(
                with_at.key(name),
                Problem::DeprecatedInput {
                    callee: callee.to_owned(),
                    input: d.name.to_owned(),
                    message: message.clone(),
                },
            ));
        }
        if let Some(kind) = d.kind
            && let Some(found) = mistyped(kind, value)
        {
            out.push(Diagnostic::new(
                with_at.key(name),
                Problem::InputType { callee: callee.to_owned(), input: d.name.to_owned(), expected: kind, found },
            ));
        }
        if let Some(ty) = d.typed
            && let Some(problem) = action_value(callee, d.name, ty, value)
        {
            out.push(Diagnostic::new(with_at.key(name), problem));
        }
    }
    for d in declared.iter().filter(|d| d.required) {
        if !with.is_some_and(|w| w.keys().any(|k| k.eq_ignore_ascii_case(d.name))) {
            out.push(Diagnostic::new(
                with_at.clone(),
                Problem::MissingInput { callee: callee.to_owned(), input: d.name.to_owned() },
            ));
        }
    }
}

/// What a literal given to an input of type `kind` is, when GitHub refuses
/// it: a `boolean` takes only `true` or `false`, a `number` only a number
/// (a string is refused even when it reads as one), each also an
/// expression. A `string` takes any scalar.
/// A literal an action's typed input cannot take. An action reads every
/// input as text: a boolean input takes the words `core.getBooleanInput`
/// reads, a number one a number's text, a choice one of its words.
fn action_value(callee: &str, input: &str, ty: crate::InputType, value: &Scalar) -> Option<Problem> {
    if value.has_expression() || matches!(value, Scalar::Null) {
        return None;
    }
    let text = value.to_text();
    let wrong = |expected: &'static str| {
        let found = match value {
            Scalar::String(s) => format!("the string `{s}`"),
            Scalar::Bool(b) => format!("the boolean `{b}`"),
            _ => format!("`{text}`"),
        };
        Some(Problem::InputType { callee: callee.to_owned(), input: input.to_owned(), expected, found })
    };
    match ty {
        crate::InputType::Boolean => {
            let ok = ["true", "True", "TRUE", "false", "False", "FALSE"].contains(&text.as_ref());
            if ok { None } else { wrong("boolean") }
        }
        crate::InputType::Number => {
            if matches!(value, Scalar::Number(_)) || text.trim().parse::<f64>().is_ok() {
                None
            } else {
                wrong("number")
            }
        }
        crate::InputType::Choice(words) => (!words.contains(&text.as_ref())).then(|| Problem::InputChoice {
            callee: callee.to_owned(),
            input: input.to_owned(),
            found: text.into_owned(),
            options: Names::of(words),
        }),
    }
}

fn mistyped(kind: &str, value: &Scalar) -> Option<String> {
    if value.has_expression() {
        return None;
    }
    let ok = match kind {
        "boolean" => matches!(value, Scalar::Bool(_)),
        "number" => matches!(value, Scalar::Number(_)),
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match value {
        Scalar::String(s) => format!("the string `{s}`"),
        Scalar::Bool(b) => format!("the boolean `{b}`"),
        Scalar::Number(_) => format!("the number `{}`", value.to_text()),
        Scalar::Null => "null".to_owned(),
    })
}

fn call_inputs(
    callee: &str,
    call: Option<&WorkflowCall>,
    with: Option<&IndexMap<String, Scalar>>,
    at: &Path,
    out: &mut Vec<Diagnostic>,
) {
    let declared: Vec<Declared<'_>> = call
        .and_then(|c| c.inputs.as_ref())
        .into_iter()
        .flatten()
        .map(|(name, i)| Declared {
            name,
            required: i.required == Some(true) && i.default.is_none(),
            deprecated: None,
            kind: match &i.input_type {
                CallInputType::Boolean => Some("boolean"),
                CallInputType::Number => Some("number"),
                _ => None,
            },
            typed: None,
        })
        .collect();
    let with = with.map(|w| LitOrExpr::Lit(w.clone()));
    check_with(callee, &declared, with.as_ref(), at, out);
}

fn call_secrets(
    callee: &str,
    call: Option<&WorkflowCall>,
    secrets: Option<&CallSecrets>,
    at: &Path,
    out: &mut Vec<Diagnostic>,
) {
    let given = match secrets {
        Some(CallSecrets::Inherit) => return,
        Some(CallSecrets::Map(m)) => Some(m),
        None => None,
    };
    let declared = call.and_then(|c| c.secrets.as_ref());
    let names = || declared.into_iter().flatten().map(|(k, _)| k.as_str());
    let secrets_at = at.key("secrets");
    for name in given.into_iter().flatten().map(|(k, _)| k) {
        if !names().any(|n| n.eq_ignore_ascii_case(name)) {
            out.push(Diagnostic::new(
                secrets_at.key(name),
                Problem::UnknownSecret {
                    callee: callee.to_owned(),
                    secret: name.clone(),
                    suggestion: Suggestion(closest(name, names())),
                    declared: Names::first(names(), declared.map_or(0, IndexMap::len)),
                },
            ));
        }
    }
    for (name, secret) in declared.into_iter().flatten() {
        let required = matches!(secret, NullOr::Value(s) if s.required == Some(true));
        if required && !given.is_some_and(|g| g.keys().any(|k| k.eq_ignore_ascii_case(name))) {
            out.push(Diagnostic::new(
                secrets_at.clone(),
                Problem::MissingSecret { callee: callee.to_owned(), secret: name.clone() },
            ));
        }
    }
}

/// Checks each step of `steps` (and of their `parallel:` groups) against the
/// repository's own binding tables.
fn own_bindings(tables: &[crate::ActionTable], steps: &[Step], at: &Path, out: &mut Vec<Diagnostic>) {
    for (i, s) in steps.iter().enumerate() {
        let at = at.index(i);
        if let StepBody::Parallel(inner) = &s.body {
            own_bindings(tables, inner, &at.key("parallel"), out);
        }
        for t in tables {
            binding_step_in(t, s, &at, out);
        }
    }
}

/// Checks the `with:` of a step (at `at`) whose action has a bundled
/// binding, when it is pinned to the binding's release (its commit or its
/// tag: another release may declare other inputs): unknown inputs,
/// required ones missing, deprecated ones.
pub(crate) fn binding_step(step: &Step, at: &Path, out: &mut Vec<Diagnostic>) {
    binding_step_in(&crate::ActionTable::BUNDLED, step, at, out);
}

/// [`binding_step`] with the facts of `table`.
fn binding_step_in(table: &crate::ActionTable, step: &Step, at: &Path, out: &mut Vec<Diagnostic>) {
    let StepBody::Uses { uses, with } = &step.body else { return };
    if step.extra.contains_key("with") {
        return;
    }
    let Ok(UsesTarget::Repository { git_ref, .. }) = uses.target() else { return };
    let Some(name) = uses.action() else { return };
    let Some((sha, tag)) = (table.pin_of)(name) else { return };
    if git_ref != sha && git_ref != tag {
        return;
    }
    let (Some(inputs), Some(required), Some(deprecated)) =
        ((table.inputs_of)(name), (table.required_inputs_of)(name), (table.deprecated_inputs_of)(name))
    else {
        return;
    };
    let types = (table.input_types_of)(name).unwrap_or_default();
    let declared: Vec<Declared<'_>> = inputs
        .iter()
        .map(|n| Declared {
            name: n,
            required: required.contains(n),
            deprecated: deprecated.contains(n).then(String::new),
            kind: None,
            typed: types.iter().find(|(t, _)| t == n).map(|(_, ty)| *ty),
        })
        .collect();
    check_with(&format!("the action `{name}`"), &declared, with.as_ref(), at, out);
}
