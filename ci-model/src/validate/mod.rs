//! Structural validation: every problem GitHub would report (and a few it would
//! only hit at run time), all at once, each naming its path and the fix.
//!
//! Checks: unknown keys (with the closest known key), ids, `needs` (unknown,
//! self, duplicate, cycles printed as `a -> b -> a`), events and activity
//! types, exclusive filters, cron expressions, timeouts, `uses` references,
//! matrices (empty, include/exclude keys), reusable-call jobs, inputs.

mod across;
mod caseless;
mod cron;
mod methods;
mod mistakes;
mod records;

use caseless::Caseless;
use records::{Known, KnownUnion};

use crate::key_of;
pub(crate) mod expressions;
mod writable;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::action::{Action, CompositeRuns, Runs};
use crate::common::{Extra, LitOrExpr};
use crate::diagnostic::{Budget, Diagnostic, Names, Problem, Suggestion, closest};
use crate::emit::{self, Commented, Lower};
use crate::hash::FastHash;
use crate::path::At;
use crate::record::Declared;
use crate::step::{KINDS, Step, StepBody, is_step_key, key};
use crate::workflow::event::activity_types;
use crate::workflow::{
    Activity, CallInputType, CallJob, ConcurrencySpec, Container, ContainerSpec, Cron, Defaults, DispatchInput,
    ImageVersionFilter, InputKind, Job, Matrix, MergeGroupFilter, NormalJob, NullOr, On, Permissions,
    PullRequestFilter, PushFilter, RunDefaults, Strategy, Triggers, WorkflowCall, WorkflowDispatch, WorkflowRunFilter,
};
use crate::{Number, Path, Runners, Workflow, Yaml};

/// Collects diagnostics.
struct V {
    out: Vec<Diagnostic>,
    /// The work left for suggestions among the document's own names.
    budget: Budget,
}

impl V {
    fn push(&mut self, at: impl Into<Path>, problem: Problem) {
        self.out.push(Diagnostic::new(at.into(), problem));
    }

    /// Reports a missing required key, naming a key of `extra` that looks
    /// like a misspelling of it.
    fn missing(&mut self, at: &At<'_>, key: &str, extra: &Extra) {
        let found = closest(key, extra.keys().map(String::as_str));
        self.push(*at, Problem::MissingKey { key: key.to_owned(), found });
    }

    /// Reports every key of `extra`: unknown keys with the closest allowed key,
    /// and keys that repeat a modelled field.
    fn extra(&mut self, at: &At<'_>, extra: &Extra, allowed: &[&str], skip: &[&str]) {
        for key in extra.keys() {
            if skip.contains(&key.as_str()) {
                continue;
            }
            if allowed.contains(&key.as_str()) {
                self.push(*at, Problem::ShadowedKey { key: key.clone() });
            } else {
                self.push(
                    *at,
                    Problem::UnknownKey {
                        key: key.clone(),
                        suggestion: Suggestion(closest(key, allowed.iter().copied())),
                        allowed: Names::of(allowed),
                    },
                );
            }
        }
    }
}

/// Validates a workflow, its runner labels against `runners`.
pub(crate) fn workflow(wf: &Workflow, runners: &Runners) -> Vec<Diagnostic> {
    workflow_lowered(
        wf,
        &emit::with_comments(wf.lower(), &wf.comments, emit::Model::Workflow(wf)),
        wf.header.as_deref(),
        runners,
    )
}

/// Validates a workflow whose lowered tree (with its source comments
/// attached, [`emit::with_comments`]) the caller already has, to write it
/// afterwards without lowering it twice; `header` is the header it is
/// written with; its runner labels are checked against `runners`.
pub(crate) fn workflow_lowered(
    wf: &Workflow,
    lowered: &Commented<'_>,
    header: Option<&str>,
    runners: &Runners,
) -> Vec<Diagnostic> {
    let mut v = V { out: Vec::new(), budget: Budget::new() };
    let root = At::Root;
    wf.check_keys(&mut v, &root);
    on(&mut v, &root.key(key_of!(Workflow.on)), &wf.on);
    if let Some(p) = &wf.permissions {
        permissions(&mut v, &root.key(key_of!(Workflow.permissions)), p);
    }
    if let Some(d) = &wf.defaults {
        defaults(&mut v, &root.key(key_of!(Workflow.defaults)), d);
    }
    if let Some(c) = &wf.concurrency {
        concurrency(&mut v, &root.key(key_of!(Workflow.concurrency)), c);
    }
    cache_mode(&mut v, &root, &wf.cache_mode);
    let jobs_at = root.key(key_of!(Workflow.jobs));
    if wf.jobs.is_empty() {
        v.push(jobs_at, Problem::NoJobs);
    }
    // Job ids as `needs:` finds them: in any case, as GitHub does.
    let ids = Caseless::new(wf.jobs.keys().map(String::as_str).collect());
    for (id, job) in &wf.jobs {
        let at = jobs_at.key(id);
        if !valid_id(id) {
            v.push(at, Problem::InvalidId { what: "job", id: id.clone() });
        }
        writable::annotations(job.comment(), job.allowed(), &at, &mut v.out);
        needs(&mut v, &at, id, job.needs(), &ids);
        match job {
            Job::Normal(j) => {
                normal_job(&mut v, &at, j);
                mistakes::runner_labels(&mut v, &at, j, runners);
                mistakes::services_runner(&mut v, &at, j);
            }
            Job::Call(j) => call_job(&mut v, &at, j),
        }
    }
    cycles(&mut v, &jobs_at, &wf.jobs, &ids);
    mistakes::artifacts(&mut v, &jobs_at, wf);
    expressions::workflow(wf, &lowered.root, &v.budget, &mut v.out);
    writable::source_comments(lowered, &wf.comments, &mut v.out);
    writable::document(header, wf.comments.footer(), &mut v.out);
    v.out
}

/// Validates action metadata.
pub(crate) fn action(a: &Action) -> Vec<Diagnostic> {
    action_lowered(a, &emit::with_comments(a.lower(), &a.comments, emit::Model::Action(a)), a.header.as_deref())
}

/// Validates action metadata whose lowered tree (source comments attached)
/// the caller already has, written with `header`.
pub(crate) fn action_lowered(a: &Action, lowered: &Commented<'_>, header: Option<&str>) -> Vec<Diagnostic> {
    let mut v = V { out: Vec::new(), budget: Budget::new() };
    let root = At::Root;
    a.check_keys(&mut v, &root);
    // Input definitions are not checked for unknown keys: GitHub's parser
    // accepts any key there.
    if let Some(outputs) = &a.outputs {
        let at = root.key(key_of!(Action.outputs));
        for (name, o) in outputs {
            o.check_keys(&mut v, &at.key(name));
        }
    }
    if let Some(b) = &a.branding {
        b.check_keys(&mut v, &root.key(key_of!(Action.branding)));
    }
    let at = root.key(key_of!(Action.runs));
    a.runs.check_keys(&mut v, &at);
    if let Runs::Composite(c) = &a.runs {
        let steps_at = at.key(key_of!(CompositeRuns.steps));
        steps(&mut v, &steps_at, &c.steps);
        mistakes::composite_shells(&mut v, &steps_at, &c.steps);
    }
    expressions::action(a, &lowered.root, &v.budget, &mut v.out);
    writable::source_comments(lowered, &a.comments, &mut v.out);
    writable::document(header, a.comments.footer(), &mut v.out);
    v.out
}

/// GitHub's id rule: a letter or `_`, then letters, digits, `-` and `_`.
pub(crate) fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn on(v: &mut V, at: &At<'_>, on: &On) {
    match on {
        On::Event(e) => event_name(v, at, e),
        On::Events(es) => {
            if es.is_empty() {
                v.push(*at, Problem::NoEvents);
            }
            for (i, e) in es.iter().enumerate() {
                event_name(v, &at.index(i), e);
            }
        }
        On::Map(t) => triggers(v, at, t),
    }
}

fn event_name(v: &mut V, at: &At<'_>, name: &str) {
    if !Triggers::EVENTS.contains(&name) {
        v.push(
            *at,
            Problem::UnknownEvent {
                event: name.to_owned(),
                suggestion: Suggestion(closest(name, Triggers::EVENTS.iter().copied())),
                allowed: Names::of(Triggers::EVENTS),
            },
        );
    }
}

fn triggers(v: &mut V, at: &At<'_>, t: &Triggers) {
    if t.event_names().is_empty() {
        v.push(*at, Problem::NoEvents);
    }
    for key in t.extra.keys() {
        event_name(v, &at.key(key), key);
    }
    events(v, at, t);
}

/// What validation checks in the configuration of one event, by its type.
trait CheckEvent {
    /// Checks the configuration of `event`, at `at`.
    fn check(&self, v: &mut V, at: &At<'_>, event: &str);
}

/// Checks the configuration of every event written, in canonical order.
macro_rules! check_events {
    ($( $field:ident : $key:literal => $ty:ty ),*) => {
        fn events(v: &mut V, at: &At<'_>, t: &Triggers) {
            $( if let Some(e) = &t.$field { e.check(v, &at.key($key), $key); } )*
        }
    };
}
crate::workflow::events_table!(check_events);

impl<T: CheckEvent> CheckEvent for NullOr<T> {
    fn check(&self, v: &mut V, at: &At<'_>, event: &str) {
        if let NullOr::Value(body) = self {
            body.check(v, at, event);
        }
    }
}

impl CheckEvent for PushFilter {
    fn check(&self, v: &mut V, at: &At<'_>, _: &str) {
        self.check_keys(v, at);
    }
}

/// The configurations that hold only their keys and `types:`.
macro_rules! keys_and_types {
    ($($ty:ident),*) => {$(
        impl CheckEvent for $ty {
            fn check(&self, v: &mut V, at: &At<'_>, event: &str) {
                self.check_keys(v, at);
                activity(v, at, event, self.types.as_ref().map(|t| t.as_slice()));
            }
        }
    )*};
}

keys_and_types!(PullRequestFilter, MergeGroupFilter, ImageVersionFilter, Activity);

impl CheckEvent for WorkflowRunFilter {
    fn check(&self, v: &mut V, at: &At<'_>, event: &str) {
        self.check_keys(v, at);
        activity(v, at, event, self.types.as_ref().map(|t| t.as_slice()));
        if self.workflows.is_none() {
            v.missing(at, "workflows", &self.extra);
        }
    }
}

impl CheckEvent for Vec<Cron> {
    fn check(&self, v: &mut V, at: &At<'_>, _: &str) {
        if self.is_empty() {
            v.push(
                *at,
                Problem::WrongType {
                    expected: "at least one `cron` entry".to_owned(),
                    found: "an empty list".to_owned(),
                },
            );
        }
        for (i, c) in self.iter().enumerate() {
            let at = at.index(i);
            c.check_keys(v, &at);
            if let Err(reason) = cron::check(&c.cron) {
                v.push(at.key("cron"), Problem::Cron { cron: c.cron.clone(), reason });
            }
        }
    }
}

impl CheckEvent for WorkflowDispatch {
    fn check(&self, v: &mut V, at: &At<'_>, _: &str) {
        self.check_keys(v, at);
        for (name, input) in self.inputs.iter().flatten() {
            dispatch_input(v, &at.key("inputs").key(name), input);
        }
    }
}

impl CheckEvent for WorkflowCall {
    fn check(&self, v: &mut V, at: &At<'_>, _: &str) {
        self.check_keys(v, at);
        let inputs_at = at.key("inputs");
        for (name, input) in self.inputs.iter().flatten() {
            let at = inputs_at.key(name);
            input.check_keys(v, &at);
            if let CallInputType::Other(t) = &input.input_type {
                unknown_value(v, &at.key("type"), &t.to_text(), CallInputType::NAMES);
            }
        }
        for (name, secret) in self.secrets.iter().flatten() {
            if let NullOr::Value(s) = secret {
                s.check_keys(v, &at.key("secrets").key(name));
            }
        }
        for (name, output) in self.outputs.iter().flatten() {
            output.check_keys(v, &at.key("outputs").key(name));
        }
    }
}

/// A filter written under both its keys (`branches` and `branches-ignore`,
/// the second kept in `extra`).
fn exclusive_filter(v: &mut V, at: &At<'_>, extra: &Extra, key: &str, ignore: &str) {
    if extra.contains_key(ignore) {
        v.push(
            *at,
            Problem::Exclusive {
                first: key.to_owned(),
                second: ignore.to_owned(),
                note: format!("; note: use `!` patterns in `{key}` to exclude"),
            },
        );
    }
}

fn activity(v: &mut V, at: &At<'_>, event: &str, types: Option<&[String]>) {
    let Some(types) = types else { return };
    let Some(allowed) = activity_types(event) else {
        return;
    };
    let types_at = at.key("types");
    for (i, t) in types.iter().enumerate() {
        if !allowed.contains(&t.as_str()) {
            let at = if types.len() == 1 { types_at } else { types_at.index(i) };
            v.push(
                at,
                Problem::UnknownActivityType {
                    event: event.to_owned(),
                    value: t.clone(),
                    suggestion: Suggestion(closest(t, allowed.iter().copied())),
                    allowed: Names::of(allowed),
                },
            );
        }
    }
}

fn unknown_value(v: &mut V, at: &At<'_>, value: &str, allowed: &[&str]) {
    v.push(
        *at,
        Problem::UnknownValue {
            value: value.to_owned(),
            suggestion: Suggestion(closest(value, allowed.iter().copied())),
            allowed: Names::of(allowed),
        },
    );
}

fn dispatch_input(v: &mut V, at: &At<'_>, input: &DispatchInput) {
    input.check_keys(v, at);
    match &input.kind {
        InputKind::Choice { options: Some(options) } => {
            if options.is_empty() {
                v.push(at.key("options"), Problem::Input("a choice input needs at least one option".to_owned()));
            }
            if let Some(d) = &input.default
                && !options.iter().any(|o| o.to_text() == d.to_text())
            {
                v.push(
                    at.key("default"),
                    Problem::Input(format!(
                        "default `{}` is not one of the options; use one of {}",
                        d.to_text(),
                        options.iter().map(|o| o.to_text()).collect::<Names>()
                    )),
                );
            }
        }
        InputKind::Boolean => {
            if let Some(d) = &input.default
                && !matches!(d.to_text().as_ref(), "true" | "false")
            {
                v.push(
                    at.key("default"),
                    Problem::Input(format!("default `{}` of a boolean input must be `true` or `false`", d.to_text())),
                );
            }
        }
        _ => {}
    }
}

fn permissions(v: &mut V, at: &At<'_>, p: &Permissions) {
    if let Permissions::Scopes(s) = p {
        for (key, value) in &s.extra {
            if crate::workflow::Scopes::NAMES.contains(&key.as_str()) {
                v.push(
                    at.key(key),
                    Problem::WrongType {
                        expected: "`read`, `write` or `none`".to_owned(),
                        found: crate::parse::raise::describe(value),
                    },
                );
            }
        }
        let unknown: Extra = s
            .extra
            .iter()
            .filter(|(k, _)| !crate::workflow::Scopes::NAMES.contains(&k.as_str()))
            .map(|(k, y)| (k.clone(), y.clone()))
            .collect();
        v.extra(at, &unknown, crate::workflow::Scopes::NAMES, &[]);
    }
}

fn defaults(v: &mut V, at: &At<'_>, d: &Defaults) {
    v.extra(at, &d.extra, Defaults::KEYS, &[]);
    if let Some(r) = &d.run {
        v.extra(&at.key("run"), &r.extra, RunDefaults::KEYS, &[]);
    }
}

fn concurrency(v: &mut V, at: &At<'_>, c: &crate::workflow::Concurrency) {
    if let crate::workflow::Concurrency::Spec(s) = c {
        v.extra(at, &s.extra, ConcurrencySpec::KEYS, &[]);
        if let Some(q) = &s.queue
            && !matches!(q.to_text().as_ref(), "single" | "max")
        {
            unknown_value(v, &at.key("queue"), &q.to_text(), &["single", "max"]);
        }
    }
}

/// `cache-mode` is in SchemaStore's schema but not in GitHub's parser yet.
fn cache_mode(v: &mut V, at: &At<'_>, mode: &Option<crate::Scalar>) {
    if let Some(m) = mode {
        let text = m.to_text();
        if !matches!(text.as_ref(), "read" | "write" | "write-only" | "none") {
            unknown_value(v, &at.key("cache-mode"), &text, &["read", "write", "write-only", "none"]);
        }
        v.push(*at, Problem::SchemaOnlyKey { key: "cache-mode".to_owned() });
    }
}

/// A job's `needs:`: each an existing job other than itself, listed once;
/// job ids are compared ignoring ASCII case, as GitHub compares them.
fn needs(v: &mut V, at: &At<'_>, id: &str, needs: &[String], ids: &Caseless<'_>) {
    let at = at.key("needs");
    // Jobs listed so far, by position: a set, so that a long `needs:` list
    // is checked in linear time.
    let mut listed: HashSet<usize, FastHash> = HashSet::default();
    for (i, need) in needs.iter().enumerate() {
        let here = if needs.len() == 1 { at } else { at.index(i) };
        let found = ids.position(need);
        let listed_before = found.is_some_and(|p| !listed.insert(p));
        if need.eq_ignore_ascii_case(id) {
            v.push(here, Problem::SelfNeed { job: id.to_owned() });
        } else if found.is_none() {
            // The other jobs: the first few for the message, all of them
            // (within the document's budget) for a suggestion.
            let others = || ids.names().iter().copied().filter(|k| *k != id);
            let suggestion = Suggestion(v.budget.closest(need, others()));
            let jobs = Names::first(others(), ids.names().len() - usize::from(ids.contains(id)));
            v.push(here, Problem::UnknownNeed { job: need.clone(), suggestion, jobs });
        } else if listed_before {
            v.push(here, Problem::DuplicateNeed { job: need.clone() });
        }
    }
}

/// Reports each cycle of `needs` once, as `a -> b -> a`, in linear time.
fn cycles(v: &mut V, at: &At<'_>, jobs: &IndexMap<String, Job>, ids: &Caseless<'_>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let edges: Vec<Vec<usize>> =
        jobs.values().map(|j| j.needs().iter().filter_map(|n| ids.position(n)).collect()).collect();
    let mut mark = vec![Mark::New; jobs.len()];
    for start in 0..jobs.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // Iterative depth-first search; `stack` holds (node, next edge).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match mark[to] {
                    Mark::New => {
                        mark[to] = Mark::Open;
                        stack.push((to, 0));
                    }
                    Mark::Open if to != node => {
                        let from = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let mut names: Vec<&str> = stack[from..]
                            .iter()
                            .filter_map(|(n, _)| jobs.get_index(*n).map(|(k, _)| k.as_str()))
                            .collect();
                        names.push(names[0]);
                        let first = names[0].to_owned();
                        v.push(at.key(&first).key("needs"), Problem::Cycle { cycle: names.join(" -> ") });
                    }
                    _ => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
}

fn positive(v: &mut V, at: &At<'_>, key: &str, value: &Option<LitOrExpr<Number>>) {
    if let Some(LitOrExpr::Lit(n)) = value
        && n.as_f64() <= 0.0
    {
        v.push(at.key(key), Problem::NotPositive { key: key.to_owned(), value: n.to_yaml() });
    }
}

fn normal_job(v: &mut V, at: &At<'_>, j: &NormalJob) {
    j.check_keys(v, at);
    cache_mode(v, at, &j.cache_mode);
    if let Some(p) = &j.permissions {
        permissions(v, &at.key(key_of!(NormalJob.permissions)), p);
    }
    if let Some(c) = &j.concurrency {
        concurrency(v, &at.key(key_of!(NormalJob.concurrency)), c);
    }
    if let Some(d) = &j.defaults {
        defaults(v, &at.key(key_of!(NormalJob.defaults)), d);
    }
    if let crate::workflow::RunsOn::Group(g) = &j.runs_on {
        let at = at.key(key_of!(NormalJob.runs_on));
        g.check_keys(v, &at);
        if g.group.is_none() && g.labels.is_none() {
            v.push(
                at,
                Problem::WrongType {
                    expected: "a runner label, a list of labels, or a mapping with `group` or `labels`".to_owned(),
                    found: "a mapping with neither".to_owned(),
                },
            );
        }
    }
    if let Some(crate::workflow::Environment::Spec(e)) = &j.environment {
        e.check_keys(v, &at.key(key_of!(NormalJob.environment)));
    }
    if let Some(crate::workflow::Snapshot::Spec(s)) = &j.snapshot {
        s.check_keys(v, &at.key(key_of!(NormalJob.snapshot)));
    }
    if let Some(LitOrExpr::Lit(s)) = &j.strategy {
        strategy(v, &at.key(key_of!(NormalJob.strategy)), s);
    }
    if let Some(c) = &j.container {
        container(v, &at.key(key_of!(NormalJob.container)), c, false);
    }
    if let Some(LitOrExpr::Lit(services)) = &j.services {
        let at = at.key(key_of!(NormalJob.services));
        for (name, c) in services {
            container(v, &at.key(name), c, true);
        }
    }
    match &j.steps {
        None => v.push(*at, Problem::NoSteps),
        Some(s) if s.is_empty() => v.push(at.key(key_of!(NormalJob.steps)), Problem::NoSteps),
        Some(s) => steps(v, &at.key(key_of!(NormalJob.steps)), s),
    }
}

fn call_job(v: &mut V, at: &At<'_>, j: &CallJob) {
    // The keys of a normal job a call does not take.
    let job_only: Vec<&str> = NormalJob::KEYS.iter().copied().filter(|k| !CallJob::KEYS.contains(k)).collect();
    for key in j.extra.keys() {
        if job_only.contains(&key.as_str()) {
            v.push(at.key(key), Problem::CallJobKey { key: key.clone() });
        }
    }
    v.extra(at, &j.extra, CallJob::KEYS, &job_only);
    cache_mode(v, at, &j.cache_mode);
    if let Some(LitOrExpr::Lit(s)) = &j.strategy {
        strategy(v, &at.key(key_of!(CallJob.strategy)), s);
    }
    if let Some(p) = &j.permissions {
        permissions(v, &at.key(key_of!(CallJob.permissions)), p);
    }
    match j.uses.target() {
        Err(reason) => v.push(at.key("uses"), Problem::BadUses { uses: j.uses.as_str().to_owned(), reason }),
        Ok(crate::UsesTarget::Docker(_)) => v.push(
            at.key("uses"),
            Problem::BadUses {
                uses: j.uses.as_str().to_owned(),
                reason: "a job can call a workflow file, not a Docker image".to_owned(),
            },
        ),
        Ok(_) => {
            let path = j.uses.as_str().split('@').next().unwrap_or("");
            if !(path.ends_with(".yml") || path.ends_with(".yaml")) || !path.contains(".github/workflows/") {
                v.push(
                    at.key("uses"),
                    Problem::BadUses {
                        uses: j.uses.as_str().to_owned(),
                        reason: "a reusable workflow is a file under `.github/workflows/` ending in `.yml` or `.yaml`"
                            .to_owned(),
                    },
                );
            }
        }
    }
}

fn container(v: &mut V, at: &At<'_>, c: &Container, service: bool) {
    if let Container::Spec(s) = c {
        s.check_keys_in(v, at, service);
        if let Some(cr) = &s.credentials {
            cr.check_keys(v, &at.key(key_of!(ContainerSpec.credentials)));
        }
    }
}

fn strategy(v: &mut V, at: &At<'_>, s: &Strategy) {
    s.check_keys(v, at);
    if let Some(LitOrExpr::Lit(m)) = &s.matrix {
        matrix(v, &at.key(key_of!(Strategy.matrix)), m);
    }
}

fn matrix(v: &mut V, at: &At<'_>, m: &Matrix) {
    let include_rows = match &m.include {
        Some(LitOrExpr::Lit(rows)) => rows.len(),
        Some(LitOrExpr::Expr(_)) => 1,
        None => 0,
    };
    if m.axes.is_empty() && include_rows == 0 {
        v.push(
            *at,
            Problem::EmptyMatrix {
                detail: "; add an axis such as `os: [ubuntu-latest]` or an `include` entry".to_owned(),
            },
        );
    }
    for (name, values) in &m.axes {
        if let LitOrExpr::Lit(vals) = values
            && vals.is_empty()
        {
            v.push(
                at.key(name),
                Problem::EmptyMatrix {
                    detail: format!(": axis `{name}` is an empty list; give it at least one value or remove it"),
                },
            );
        }
    }
    let axes = || m.axes.keys().map(String::as_str);
    if let Some(LitOrExpr::Lit(rows)) = &m.exclude {
        for (i, row) in rows.iter().enumerate() {
            for key in row.keys() {
                if !m.axes.contains_key(key) {
                    v.push(
                        at.key("exclude").index(i).key(key),
                        Problem::UnknownMatrixKey {
                            key: key.clone(),
                            suggestion: Suggestion(v.budget.closest(key, axes())),
                            axes: Names::first(axes(), m.axes.len()),
                        },
                    );
                }
            }
            if row.is_empty() {
                v.push(at.key("exclude").index(i), Problem::ExcludeMatchesNothing);
            }
        }
    }
    if let Some(LitOrExpr::Lit(rows)) = &m.include {
        for (i, row) in rows.iter().enumerate() {
            if row.is_empty() {
                v.push(
                    at.key("include").index(i),
                    Problem::EmptyMatrix { detail: ": an `include` entry needs at least one key".to_owned() },
                );
            }
        }
    }
}

fn steps(v: &mut V, at: &At<'_>, steps: &[Step]) {
    // Step ids are unique ignoring ASCII case: `steps.<id>` finds either.
    let mut ids: HashMap<Cow<'_, str>, usize, FastHash> = HashMap::default();
    for (i, s) in steps.iter().enumerate() {
        let at = at.index(i);
        if let Some(id) = &s.id {
            if !valid_id(id) && !crate::expression::template::has_expression(id) {
                v.push(at.key("id"), Problem::InvalidId { what: "step", id: id.clone() });
            }
            let key = caseless::lower(id);
            if let Some(first) = ids.get(&key) {
                v.push(at.key("id"), Problem::DuplicateStepId { id: id.clone(), first: *first });
            } else {
                ids.insert(key, i);
            }
        }
        step(v, &at, s);
    }
}

fn step(v: &mut V, at: &At<'_>, s: &Step) {
    s.check_values(v, at);
    writable::annotations(s.comment.as_deref(), &s.allow, at, &mut v.out);
    let kind = s.body.kind();
    match &s.body {
        StepBody::Uses { uses, .. } => match uses.target() {
            Err(reason) => v.push(at.key(key::USES), Problem::BadUses { uses: uses.as_str().to_owned(), reason }),
            Ok(crate::UsesTarget::Repository { path: Some(p), .. }) if p.starts_with(".github/workflows/") => v.push(
                at.key(key::USES),
                Problem::BadUses {
                    uses: uses.as_str().to_owned(),
                    reason: "a reusable workflow is called by a job's `uses:`, not a step's".to_owned(),
                },
            ),
            Ok(_) => {}
        },
        StepBody::Parallel(inner) => steps(v, &at.key(key::PARALLEL), inner),
        _ => {}
    }
    across::binding_step(s, &Path::from(*at), &mut v.out);
    // The common keys this kind takes, then its own.
    let mut allowed: Vec<&str> = match kind.takes {
        None => Step::KEYS.to_vec(),
        Some(fields) => Step::FIELDS.iter().filter(|(f, _)| fields.contains(f)).map(|(_, k)| *k).collect(),
    };
    allowed.extend(kind.keys);
    let allowed = allowed.as_slice();
    // Non-scalar `with:` values are kept in `extra` (see `Step::raise`).
    let mut skip = Vec::new();
    if let (StepBody::Uses { .. }, Some(Yaml::Map(with))) = (&s.body, s.extra.get(key::WITH)) {
        skip.push(key::WITH);
        for (k, val) in with {
            if !matches!(val, Yaml::Scalar(_)) {
                v.push(at.key(key::WITH).key(k), Problem::NonScalarInput { found: val.kind().to_owned() });
            }
        }
    }
    let first = kind.keys[0];
    for other in KINDS.iter().map(|k| k.keys[0]) {
        if other != first && s.extra.contains_key(other) {
            skip.push(other);
            v.push(*at, Problem::TwoStepBodies { first: first.to_owned(), second: other.to_owned() });
        }
    }
    // Fields the struct has but this kind of step does not take.
    for key in s.set_keys() {
        if !allowed.contains(&key) {
            v.push(
                *at,
                Problem::UnknownKey { key: key.to_owned(), suggestion: Suggestion(None), allowed: Names::of(allowed) },
            );
        }
    }
    // A step key of another kind of step (`shell` on a `uses:` step) is
    // unknown here; suggestions come from this kind's keys only.
    if s.extra.is_empty() {
        return;
    }
    let rest: Extra =
        s.extra.iter().filter(|(k, _)| !skip.contains(&k.as_str())).map(|(k, y)| (k.clone(), y.clone())).collect();
    let (other_kind, rest): (Extra, Extra) =
        rest.into_iter().partition(|(k, _)| is_step_key(k) && !allowed.contains(&k.as_str()));
    for key in other_kind.keys() {
        v.push(
            *at,
            Problem::UnknownKey { key: key.clone(), suggestion: Suggestion(None), allowed: Names::of(allowed) },
        );
    }
    v.extra(at, &rest, allowed, &[]);
}
