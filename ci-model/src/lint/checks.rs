//! The lints themselves.

use std::cell::OnceCell;

use super::{Lint, Lints};
use crate::diagnostic::{Diagnostic, Problem};
use crate::emit::{Lower, Node};
use crate::expression::Ast;
use crate::expression::template::{self, env_name};
use crate::workflow::{Job, Level, Permissions, Triggers};
use crate::{Action, Path, Segment, Step, StepBody, UsesTarget, Workflow};

type Found = Vec<(Lint, Diagnostic)>;

fn push(out: &mut Found, lint: Lint, at: Path, message: String) {
    out.push((lint, Diagnostic::new(at, Problem::Security { lint, message })));
}

/// Event fields an outsider controls (titles, bodies, branch names, ...).
const UNTRUSTED: &[&str] = &[
    "github.head_ref",
    "github.event.pull_request.title",
    "github.event.pull_request.body",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch",
    "github.event.issue.title",
    "github.event.issue.body",
    "github.event.comment.body",
    "github.event.review.body",
    "github.event.review_comment.body",
    "github.event.discussion.title",
    "github.event.discussion.body",
    "github.event.pages",
    "github.event.commits",
    "github.event.head_commit.message",
    "github.event.head_commit.author",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_commit",
];

pub(super) fn workflow(wf: &Workflow, lints: &Lints) -> Found {
    let mut out = Found::new();
    let root = Path::root();
    match &wf.permissions {
        None => push(
            &mut out,
            Lint::Permissions,
            root.clone(),
            "no workflow-level `permissions`, so every job gets the repository's default token scopes; set \
             `permissions: {}` (or `contents: read`) and widen in the jobs that need more"
                .to_owned(),
        ),
        Some(p) => workflow_permissions(p, &root.key("permissions"), &mut out),
    }
    let untrusted_trigger = wf.on.event_names().iter().any(|e| Triggers::info(e).is_some_and(|i| i.privileged));
    let workflow_writes = wf.permissions.as_ref().is_some_and(writes_anything);
    for (id, job) in &wf.jobs {
        // The job's path, made only when something is reported.
        let at = || root.key("jobs").key(id);
        let mut found = Found::new();
        match job {
            Job::Call(c) => {
                unpinned(&c.uses, || at().key("uses"), &mut found);
                if matches!(c.secrets, Some(crate::workflow::CallSecrets::Inherit)) {
                    secrets_inherit(&c.uses, || at().key("secrets"), &mut found);
                }
                if let Some(p) = &c.permissions {
                    job_write_all(p, || at().key("permissions"), &mut found);
                }
            }
            Job::Normal(j) => {
                let steps = j.steps.as_deref().unwrap_or_default();
                // The job lowered, and its text, once and only when a lint
                // reads them (most jobs need neither).
                let (node, text) = (OnceCell::new(), OnceCell::new());
                let lowered = || node.get_or_init(|| job.lower());
                let text = || text.get_or_init(|| job_text(lowered())).as_str();
                if let Some(p) = &j.permissions {
                    job_write_all(p, || at().key("permissions"), &mut found);
                    unused_writes(p, steps, text, || at().key("permissions"), &mut found);
                }
                // Only a job of an untrusted trigger needs to know.
                let untrusted_with_secrets = untrusted_trigger
                    && (workflow_writes
                        || j.permissions.as_ref().is_some_and(writes_anything)
                        || references(text(), "secrets"));
                steps_lints(steps, &|| at().key("steps"), untrusted_with_secrets, &mut found);
                if let Some(env) = j.environment.as_ref().map(|e| e.name().to_text().into_owned()) {
                    for (secret, envs) in lints.forbidden_secrets() {
                        if envs.contains(&env) {
                            for path in references_secret(lowered(), &at(), secret) {
                                push(
                                    &mut found,
                                    Lint::SecretsPolicy,
                                    path,
                                    format!(
                                        "secret `{secret}` must never be visible in environment `{env}`; remove the \
                                         reference, or run this in another environment"
                                    ),
                                );
                            }
                        }
                    }
                }
                if !found.is_empty() {
                    let at = at();
                    found.retain(|(lint, d)| !allowed(j, *lint, &d.path, &at));
                }
            }
        }
        if let Job::Call(c) = job {
            found.retain(|(lint, _)| !c.allow.iter().any(|a| a.lint == *lint));
        }
        out.extend(found);
    }
    out
}

pub(super) fn action(a: &Action, _lints: &Lints) -> Found {
    let mut out = Found::new();
    if let crate::Runs::Composite(c) = &a.runs {
        steps_lints(&c.steps, &|| Path::root().key("runs").key("steps"), false, &mut out);
        let runs = Path::root().key("runs");
        out.retain(|(lint, d)| {
            !step_under(&d.path, &runs)
                .and_then(|i| c.steps.get(i))
                .is_some_and(|s| s.allow.iter().any(|x| x.lint == *lint))
        });
    }
    out
}

/// Whether a finding at `path` is allowed on its job or on its step.
fn allowed(job: &crate::NormalJob, lint: Lint, path: &Path, at: &Path) -> bool {
    if job.allow.iter().any(|a| a.lint == lint) {
        return true;
    }
    let steps = job.steps.as_deref().unwrap_or_default();
    step_under(path, at).and_then(|i| steps.get(i)).is_some_and(|s| s.allow.iter().any(|a| a.lint == lint))
}

/// The index of the step a path is in, when it lies under `<at>.steps[i]`:
/// read off the path rather than compared with every step's path, so that
/// checking each finding does not cost a pass over the steps.
fn step_under(path: &Path, at: &Path) -> Option<usize> {
    let rest = path.segments().strip_prefix(at.segments())?;
    match rest {
        [Segment::Key(k), Segment::Index(i), ..] if k == "steps" => Some(*i),
        _ => None,
    }
}

fn writes_anything(p: &Permissions) -> bool {
    match p {
        Permissions::WriteAll => true,
        Permissions::ReadAll => false,
        Permissions::Scopes(s) => s.iter().any(|(_, l)| l == Level::Write),
    }
}

fn workflow_permissions(p: &Permissions, at: &Path, out: &mut Found) {
    match p {
        Permissions::WriteAll => push(
            out,
            Lint::Permissions,
            at.clone(),
            "`write-all` grants every scope to every job; use `permissions: {}` here and grant each job only what it \
             needs"
                .to_owned(),
        ),
        Permissions::ReadAll => {}
        Permissions::Scopes(s) => each_write(s, at, out, |scope| {
            format!("`{scope}: write` at workflow level reaches every job; grant it in the job that needs it")
        }),
    }
}

/// A `permissions` finding for each scope granted `write`.
fn each_write(scopes: &crate::workflow::Scopes, at: &Path, out: &mut Found, message: impl Fn(&str) -> String) {
    for (scope, level) in scopes.iter() {
        if level == Level::Write {
            push(out, Lint::Permissions, at.key(scope), message(scope));
        }
    }
}

fn job_write_all(p: &Permissions, at: impl FnOnce() -> Path, out: &mut Found) {
    if matches!(p, Permissions::WriteAll) {
        push(
            out,
            Lint::Permissions,
            at(),
            "`write-all` grants every scope; list the scopes this job needs, e.g. `contents: read`".to_owned(),
        );
    }
}

/// A job's write scopes when none of its steps can use the token: no
/// `github.token` or `secrets.GITHUB_TOKEN` anywhere in the job's `text`, and
/// no repository action (which may read the token by default).
fn unused_writes<'t>(
    p: &Permissions,
    steps: &[Step],
    text: impl FnOnce() -> &'t str,
    at: impl FnOnce() -> Path,
    out: &mut Found,
) {
    let Permissions::Scopes(s) = p else { return };
    if !s.iter().any(|(_, level)| level == Level::Write) {
        return;
    }
    let text = text();
    let token = contains_ignoring_case(text, "github.token") || contains_ignoring_case(text, "secrets.GITHUB_TOKEN");
    let actions = steps.iter().any(|s| {
        matches!(
            s.uses_ref().map(crate::Uses::target),
            Some(Ok(UsesTarget::Repository { .. } | UsesTarget::Local(_) | UsesTarget::SelfRepository(_)))
        )
    });
    if token || actions {
        return;
    }
    each_write(s, &at(), out, |scope| {
        format!(
            "`{scope}: write` is granted but no step can use the token (no `github.token`, no \
             `secrets.GITHUB_TOKEN`, no action); remove it or lower it to `read`"
        )
    });
}

fn unpinned(uses: &crate::Uses, at: impl FnOnce() -> Path, out: &mut Found) {
    match uses.target() {
        Ok(UsesTarget::Repository { git_ref, .. }) if !uses.is_sha_pinned() => {
            let name = uses.action().unwrap_or_default();
            push(
                out,
                Lint::UnpinnedUses,
                at(),
                format!(
                    "`{}` is not pinned to a commit; pin the full 40-hex commit SHA and keep the version as a \
                         comment (`Uses::pinned(\"{name}\", \"<sha>\", \"{git_ref}\")`)",
                    uses.as_str()
                ),
            );
        }
        Ok(UsesTarget::Docker(image)) if !image.contains("@sha256:") => push(
            out,
            Lint::UnpinnedUses,
            at(),
            format!("docker image `{image}` is not pinned by digest; append `@sha256:<digest>`"),
        ),
        _ => {}
    }
}

/// `secrets: inherit` hands every secret of the repository (and of its
/// organisation and environment) to the called workflow: to another
/// repository's workflow a `deny` finding, to one of this repository's own
/// workflows (`./.github/workflows/...`, `$/...`) a `warn` one (see
/// [`own_workflow`]).
fn secrets_inherit(uses: &crate::Uses, at: impl FnOnce() -> Path, out: &mut Found) {
    let callee = uses.as_str();
    let message = if own_workflow(uses) {
        format!(
            "`secrets: inherit` passes every secret of the repository to `{callee}`, also the ones it does not use; \
             pass only the secrets it declares (`secrets: {{ NAME: ${{{{ secrets.NAME }}}} }}`, `CallJob::secret`)"
        )
    } else {
        format!(
            "`secrets: inherit` passes every secret of the repository to `{callee}`, another repository's workflow, \
             which can read and send them anywhere; pass only the secrets it needs (`secrets: {{ NAME: ${{{{ \
             secrets.NAME }}}} }}`, `CallJob::secret`)"
        )
    };
    push(out, Lint::SecretsInherit, at(), message);
}

/// The level of a finding when none is set for its lint: `deny`, but
/// `warn` for `secrets-inherit` on a call of this repository's own workflow.
pub(super) fn default_level(wf: &Workflow, lint: Lint, at: &Path) -> super::Severity {
    let own_call = |id: &str| matches!(wf.jobs.get(id), Some(Job::Call(c)) if own_workflow(&c.uses));
    match (lint, at.segments()) {
        (Lint::SecretsInherit, [Segment::Key(jobs), Segment::Key(id), ..]) if jobs == "jobs" && own_call(id) => {
            super::Severity::Warn
        }
        _ => super::Severity::Deny,
    }
}

/// Whether a reusable workflow is this repository's own.
fn own_workflow(uses: &crate::Uses) -> bool {
    matches!(uses.target(), Ok(UsesTarget::Local(_) | UsesTarget::SelfRepository(_)))
}

fn is_checkout(step: &Step) -> bool {
    matches!(
        step.uses_ref().map(crate::Uses::target),
        Some(Ok(UsesTarget::Repository { owner: "actions", repo: "checkout", path: None, .. }))
    )
}

fn pushes(step: &Step) -> bool {
    match &step.body {
        StepBody::Run(r) => r.script.to_text().contains("git push"),
        StepBody::Uses { uses, .. } => {
            const PUSHING: &[&str] = &[
                "stefanzweifel/git-auto-commit-action",
                "peter-evans/create-pull-request",
                "EndBug/add-and-commit",
                "ad-m/github-push-action",
            ];
            PUSHING.iter().any(|p| uses.as_str().strip_prefix(p).is_some_and(|rest| rest.starts_with('@')))
        }
        _ => false,
    }
}

fn steps_lints(steps: &[Step], at: &dyn Fn() -> Path, untrusted_with_secrets: bool, out: &mut Found) {
    // Whether a step after step i pushes, for every i: one backward pass,
    // made the first time a checkout asks, instead of a scan per checkout.
    let pushes_later = OnceCell::new();
    let pushes_later = |i: usize| {
        pushes_later.get_or_init(|| {
            let mut later = vec![false; steps.len()];
            for j in (1..steps.len()).rev() {
                later[j - 1] = later[j] || pushes(&steps[j]);
            }
            later
        })[i]
    };
    for (i, step) in steps.iter().enumerate() {
        // The step's path, made only when something is reported.
        let here = || at().index(i);
        if let Some(u) = step.uses_ref() {
            unpinned(u, || here().key("uses"), out);
        }
        match &step.body {
            StepBody::Run(r) => injection(&r.script.to_text(), || here().key("run"), out),
            StepBody::Uses { uses, .. } if uses.as_str().starts_with("actions/github-script@") => {
                if let Some(script) = step.with_inputs().and_then(|w| w.get("script")) {
                    injection(&script.to_text(), || here().key("with").key("script"), out);
                }
            }
            StepBody::Parallel(inner) => steps_lints(inner, &|| here().key("parallel"), untrusted_with_secrets, out),
            _ => {}
        }
        if is_checkout(step) {
            let with = step.with_inputs();
            let persist_off = with.and_then(|w| w.get("persist-credentials")).is_some_and(|v| v.to_text() == "false");
            // A token of its own to check out this same repository (the job's
            // token can fetch it; no submodules to reach) does nothing but
            // authenticate the git commands of later steps: keeping it is
            // the point, for a push from a script the lint cannot read.
            let token_for_git = with.is_some_and(|w| {
                w.get("token").is_some_and(|t| {
                    let t = t.to_text();
                    !t.trim().is_empty()
                        && !contains_ignoring_case(&t, "github.token")
                        && !contains_ignoring_case(&t, "secrets.GITHUB_TOKEN")
                }) && w.get("repository").is_none()
                    && w.get("submodules").is_none()
            });
            if !persist_off && !token_for_git && !pushes_later(i) {
                push(
                    out,
                    Lint::PersistCredentials,
                    here(),
                    "checkout leaves the token in `.git/config` for every later step, and no later step pushes; add \
                     `persist-credentials: false` to `with:`"
                        .to_owned(),
                );
            }
            let checks_out_head = with.and_then(|w| w.get("ref")).is_some_and(|r| {
                // Context and property names in any case, as GitHub reads them.
                let r = r.to_text().to_ascii_lowercase();
                r.contains("pull_request.head")
                    || r.contains("head_ref")
                    || r.contains("workflow_run.head")
                    || r.contains("refs/pull/")
            });
            if untrusted_with_secrets && checks_out_head {
                push(
                    out,
                    Lint::UntrustedCheckout,
                    here(),
                    "this job runs for `pull_request_target`/`workflow_run` with secrets or write permissions and checks \
                     out the pull request's code, which can then steal them; build untrusted code in a `pull_request` \
                     workflow without secrets instead"
                        .to_owned(),
                );
            }
        }
    }
}

fn injection(script: &str, at: impl FnOnce() -> Path, out: &mut Found) {
    if !template::has_expression(script) {
        return;
    }
    let exprs = template::expressions(script);
    if exprs.is_empty() {
        return;
    }
    let mut names = Vec::new();
    let mut untrusted = Vec::new();
    for e in &exprs {
        let name = env_name(e);
        // An expression used twice in the script is one variable.
        let entry = format!("{name}: ${{{{ {e} }}}}");
        if !names.contains(&entry) {
            names.push(entry);
        }
        if let Ok(ast) = Ast::parse(e) {
            for p in ast.context_paths() {
                let dotted = p.join(".");
                let lower = dotted.to_ascii_lowercase();
                if UNTRUSTED.iter().any(|u| lower.starts_with(u)) && !untrusted.contains(&dotted) {
                    untrusted.push(dotted);
                }
            }
        }
    }
    let risk = if untrusted.is_empty() {
        String::new()
    } else {
        format!(" (`{}` is controlled by whoever opens the pull request or issue)", untrusted.join("`, `"))
    };
    push(
        out,
        Lint::TemplateInjection,
        at(),
        format!(
            "`${{{{ }}}}` is pasted into the script before it runs{risk}; pass it through `env:` ({}) and use the \
             variable in the script, or build the step with `Step::run_with_env`",
            names.join(", ")
        ),
    );
}

/// All text of a job, for a quick look for token references.
fn job_text(node: &Node) -> String {
    let mut s = String::new();
    fn go(n: &Node, s: &mut String) {
        match n {
            Node::Map(es) => es.iter().for_each(|e| go(&e.value, s)),
            Node::Seq(is) => is.iter().for_each(|i| go(&i.value, s)),
            Node::Scalar(sc) if sc.as_str().is_some() => {
                let t = sc.as_str().unwrap_or_default();
                s.push_str(t);
                s.push('\n');
            }
            _ => {}
        }
    }
    go(node, &mut s);
    s
}

/// Whether an expression in `text` (a job's [`job_text`]) uses context `ctx`.
fn references(text: &str, ctx: &str) -> bool {
    // A context is named as written (in any case, as GitHub reads it), so a
    // text without the name has none.
    contains_ignoring_case(text, ctx)
        && template::expressions(text)
            .iter()
            .any(|e| Ast::parse(e).is_ok_and(|a| a.context_paths().iter().any(|p| p[0].eq_ignore_ascii_case(ctx))))
}

/// Whether `text` holds `name` in any ASCII case (GitHub reads context and
/// property names so).
fn contains_ignoring_case(text: &str, name: &str) -> bool {
    text.as_bytes().windows(name.len().max(1)).any(|w| w.eq_ignore_ascii_case(name.as_bytes()))
}

/// Every field under `node` (at `at`) whose expressions read `secrets.<secret>`.
fn references_secret(node: &Node, at: &Path, secret: &str) -> Vec<Path> {
    let mut out = Vec::new();
    fn go(n: &Node, at: &Path, secret: &str, out: &mut Vec<Path>) {
        match n {
            Node::Map(es) => es.iter().for_each(|e| go(&e.value, &at.key(&*e.key), secret, out)),
            Node::Seq(is) => is.iter().enumerate().for_each(|(i, it)| go(&it.value, &at.index(i), secret, out)),
            Node::Scalar(sc) if sc.as_str().is_some() => {
                let t = sc.as_str().unwrap_or_default();
                // A reference names the secret as written (a quote would be
                // doubled in a string literal), so most values are skipped
                // without parsing.
                let named = contains_ignoring_case(t, secret) || secret.contains('\'');
                let hit = named
                    && template::expressions(t).iter().chain(std::iter::once(&t)).any(|e| {
                        Ast::parse(e).is_ok_and(|a| {
                            a.context_paths().iter().any(|p| {
                                p[0].eq_ignore_ascii_case("secrets")
                                    && p.get(1).is_some_and(|s| s.eq_ignore_ascii_case(secret))
                            })
                        })
                    });
                if hit {
                    out.push(at.clone());
                }
            }
            _ => {}
        }
    }
    go(node, at, secret, &mut out);
    out
}
