//! Checks of what users get wrong that GitHub only finds when the job runs
//! (or never starts): a composite action's `run:` step without `shell:`,
//! runner labels no runner has, service containers on a runner that cannot
//! run them, and downloads of artifacts nobody uploads.

use std::collections::HashSet;

use indexmap::IndexSet;

use super::V;
use crate::diagnostic::{Names, Problem, Suggestion, closest};
use crate::expression::template;
use crate::hash::FastHash;
use crate::path::At;
use crate::runner::{self, GITHUB_HOSTED, Os, Runners, SELF_HOSTED_PRESETS};
use crate::step::key;
use crate::workflow::{Job, NormalJob, RunsOn};
use crate::{LitOrExpr, OneOrMany, Path, Step, StepBody, UsesTarget, Workflow};

/// Every `run:` step of a composite action must name its shell.
pub(super) fn composite_shells(v: &mut V, at: &At<'_>, steps: &[Step]) {
    for (i, s) in steps.iter().enumerate() {
        if let StepBody::Run(r) = &s.body
            && r.shell.is_none()
        {
            v.push(at.index(i), Problem::RunWithoutShell);
        }
    }
}

/// Each literal label of `runs-on:` (a list or one label; not a runner
/// group, not an expression) is one GitHub hosts or one `runners` declares.
/// A list that asks for a self-hosted runner by labels of its own while none
/// is declared is reported once, naming the labels to declare; one that
/// names only the labels every self-hosted runner has is accepted.
pub(super) fn runner_labels(v: &mut V, at: &At<'_>, j: &NormalJob, runners: &Runners) {
    let RunsOn::Labels(labels) = &j.runs_on else { return };
    let at = at.key(crate::key_of!(NormalJob.runs_on));
    let texts: Vec<_> = labels.iter().map(|l| l.to_text()).collect();
    let unknown = |t: &str| !template::has_expression(t) && !runners.knows(t);
    if !texts.iter().any(|t| unknown(t)) {
        return;
    }
    let preset = |t: &str| SELF_HOSTED_PRESETS.iter().any(|p| p.eq_ignore_ascii_case(t));
    // Only the labels every self-hosted runner has (`self-hosted`, `linux`,
    // `x64`, ...): any self-hosted runner can take the job, as actionlint
    // also accepts.
    if texts.iter().all(|t| !unknown(t) || preset(t)) {
        return;
    }
    if !runners.has_self_hosted() && texts.iter().any(|t| preset(t)) {
        let custom = texts.iter().filter(|t| unknown(t) && !preset(t)).map(|t| t.as_ref());
        v.push(at, Problem::SelfHostedNotDeclared { custom: custom.collect() });
        return;
    }
    let many = matches!(labels, OneOrMany::Many(_));
    let mut candidates: Vec<&str> = GITHUB_HOSTED.to_vec();
    if runners.has_self_hosted() {
        candidates.extend(SELF_HOSTED_PRESETS);
        candidates.extend(runners.declared().iter().map(String::as_str));
    }
    for (i, text) in texts.iter().enumerate() {
        if !unknown(text) {
            continue;
        }
        v.push(
            if many { at.index(i) } else { at },
            Problem::UnknownRunnerLabel {
                label: text.clone().into_owned(),
                suggestion: Suggestion(closest(text, candidates.iter().copied())),
                self_hosted: runners.has_self_hosted(),
            },
        );
    }
}

/// Service containers need a Linux runner: a job whose `runs-on:` names a
/// GitHub-hosted macOS or Windows label cannot start them.
pub(super) fn services_runner(v: &mut V, at: &At<'_>, j: &NormalJob) {
    let Some(LitOrExpr::Lit(services)) = &j.services else { return };
    if services.is_empty() {
        return;
    }
    let RunsOn::Labels(labels) = &j.runs_on else { return };
    for label in labels.iter() {
        let text = label.to_text();
        if let Some(os @ (Os::MacOs | Os::Windows)) = runner::hosted_os(&text) {
            v.push(at.key("services"), Problem::ServicesNotSupported { label: text.into_owned(), os: os.to_string() });
            return;
        }
    }
}

/// Whether `uses` names `owner/repo` (and `path`), as GitHub compares
/// them: without letter case.
fn is_action(step: &Step, owner: &str, repo: &str, path: Option<&str>) -> bool {
    let Some(Ok(UsesTarget::Repository { owner: o, repo: r, path: p, .. })) = step.uses_ref().map(crate::Uses::target)
    else {
        return false;
    };
    o.eq_ignore_ascii_case(owner)
        && r.eq_ignore_ascii_case(repo)
        && match (p, path) {
            (None, None) => true,
            (Some(p), Some(path)) => p.eq_ignore_ascii_case(path),
            _ => false,
        }
}

/// An artifact name an upload step gives, with its default when `name:` is
/// not written.
fn uploaded_name(step: &Step) -> Option<String> {
    let with = |key: &str| step.with_inputs().and_then(|w| w.get(key)).map(|n| n.to_text().into_owned());
    if is_action(step, "actions", "upload-artifact", None) {
        Some(with("name").unwrap_or_else(|| "artifact".to_owned()))
    } else if is_action(step, "actions", "upload-artifact", Some("merge")) {
        Some(with("name").unwrap_or_else(|| "merged-artifacts".to_owned()))
    } else if is_action(step, "actions", "upload-pages-artifact", None) {
        Some(with("name").unwrap_or_else(|| "github-pages".to_owned()))
    } else {
        None
    }
}

/// Whether a step may upload an artifact this check cannot name: an action
/// not of GitHub's own `actions/` (a third-party, local or Docker action may
/// upload through the toolkit), or a `with:` given as one expression.
fn may_upload_unseen(step: &Step) -> bool {
    match &step.body {
        StepBody::Uses { uses, with } => {
            // GitHub's own actions, and those with a bundled binding (whose
            // facts are known: none of them uploads an artifact), upload
            // nothing unseen; any other action (a local one included) may.
            let known = match uses.target() {
                Ok(UsesTarget::Repository { owner, .. }) => {
                    owner.eq_ignore_ascii_case("actions") || uses.action().and_then(crate::actions::pin_of).is_some()
                }
                _ => false,
            };
            !known || (uploaded_name(step).is_some() && matches!(with, Some(LitOrExpr::Expr(_))))
        }
        _ => false,
    }
}

/// Every step of a job, the ones of `parallel:` groups included.
fn each_step<'a>(steps: &'a [Step], f: &mut dyn FnMut(usize, Option<usize>, &'a Step)) {
    for (i, s) in steps.iter().enumerate() {
        match &s.body {
            StepBody::Parallel(inner) => {
                for (k, s) in inner.iter().enumerate() {
                    f(i, Some(k), s);
                }
            }
            _ => f(i, None, s),
        }
    }
}

/// A download (`actions/download-artifact` with a literal `name:`, from
/// this run) of a name no job of the workflow uploads. A name given by an
/// expression matches by its literal text before and after the expressions.
/// Nothing is reported where an unseen upload is possible: a workflow that
/// can be called (its caller's jobs share the run) or that calls one, or a
/// step of an action outside `actions/` that has no bundled binding (a local
/// action, say).
pub(super) fn artifacts(v: &mut V, at: &At<'_>, wf: &Workflow) {
    let callable = wf.on.event_names().contains(&"workflow_call");
    let mut uploaded: Vec<String> = Vec::new();
    let mut unseen = callable;
    for job in wf.jobs.values() {
        match job {
            Job::Call(_) => unseen = true,
            Job::Normal(j) => each_step(j.steps.as_deref().unwrap_or_default(), &mut |_, _, s| {
                if let Some(name) = uploaded_name(s) {
                    uploaded.push(name);
                }
                unseen |= may_upload_unseen(s);
            }),
        }
    }
    if unseen {
        return;
    }
    // The names in order, each once; the literal ones; and the (prefix,
    // suffix) of the names with expressions.
    let names: IndexSet<&str, FastHash> = uploaded.iter().map(String::as_str).collect();
    let literal: IndexSet<&str, FastHash> = names.iter().copied().filter(|n| !template::has_expression(n)).collect();
    // Compared without letter case: a name that differs from an upload's
    // only in case is not reported (no false alarm where the service
    // might match it).
    let lower: HashSet<String, FastHash> = literal.iter().map(|n| n.to_lowercase()).collect();
    let patterns: Vec<(String, String)> = uploaded
        .iter()
        .filter(|n| template::has_expression(n))
        .filter_map(|n| {
            let start = n.find("${{")?;
            let end = n.rfind("}}")? + 2;
            Some((n.get(..start)?.to_lowercase(), n.get(end..).unwrap_or("").to_lowercase()))
        })
        .collect();
    let matches = |name: &str| {
        let name = name.to_lowercase();
        lower.contains(&name)
            || patterns.iter().any(|(pre, post)| {
                name.len() >= pre.len() + post.len() && name.starts_with(pre.as_str()) && name.ends_with(post.as_str())
            })
    };
    for (id, job) in &wf.jobs {
        let Job::Normal(j) = job else { continue };
        let steps_at: Path = at.key(id).key("steps").into();
        each_step(j.steps.as_deref().unwrap_or_default(), &mut |i, k, s| {
            if !is_action(s, "actions", "download-artifact", None) {
                return;
            }
            let Some(with) = s.with_inputs() else { return };
            // From another run or repository: not this workflow's uploads.
            if ["run-id", "github-token", "repository", "artifact-ids"].iter().any(|k| with.contains_key(*k)) {
                return;
            }
            let Some(name) = with.get("name").map(|n| n.to_text()) else { return };
            if template::has_expression(&name) || matches(&name) {
                return;
            }
            let step_at = match k {
                None => steps_at.index(i),
                Some(k) => steps_at.index(i).key(key::PARALLEL).index(k),
            };
            let suggestion = Suggestion(v.budget.closest(&name, literal.iter().copied()));
            v.push(
                step_at.key(key::WITH).key("name"),
                Problem::UnknownArtifact {
                    name: name.into_owned(),
                    suggestion,
                    uploaded: Names::first(names.iter().copied(), names.len()),
                },
            );
        });
    }
}
