//! What changed between two versions of one workflow or action, by meaning:
//! triggers, permissions, third-party code, secrets and environments, and
//! what runs. Both sides are read with ci-model's lossless parser (which also
//! bounds what a hostile file can cost) and, for the parts compared as plain
//! YAML values, with `serde_yaml` (which sees neither comments nor layout, so
//! a change of formatting is no change).

use std::collections::{BTreeMap, BTreeSet};

use ci_model::expression::Ast;
use ci_model::expression::template::{Part, parts};
use ci_model::{Action, Job, LitOrExpr, NodePositions, NormalJob, Path, Permissions, Runs, Step, UsesTarget, Workflow};

use serde_yaml::Value;

use super::{Area, Change, Severity};

/// One side of a comparison: the text, its model and its plain YAML value.
struct Side<'a> {
    positions: NodePositions<'a>,
    value: Value,
}

impl<'a> Side<'a> {
    fn new(text: &'a str) -> Side<'a> {
        Side { positions: NodePositions::new(text), value: serde_yaml::from_str(text).unwrap_or(Value::Null) }
    }

    /// The line of `path`'s key, else of its nearest ancestor in the text
    /// (`on.push` in `on: push` is on the line of `on`); `None` when the
    /// text has no such path at all (the side the change is not on).
    fn line(&self, path: &Path) -> Option<usize> {
        let mut p = Some(path.clone());
        while let Some(q) = p.filter(|q| !q.is_root()) {
            if let Some(l) = self.positions.key(&q).or_else(|| self.positions.value(&q)) {
                return Some(l.line);
            }
            p = q.parent();
        }
        None
    }

    fn get(&self, keys: &[&str]) -> Option<&Value> {
        keys.iter().try_fold(&self.value, |v, k| v.get(*k))
    }

    /// `jobs:`, each job by id (none when it is not a mapping).
    fn jobs(&self) -> impl Iterator<Item = (&str, &Value)> {
        let jobs = self.get(&["jobs"]).and_then(Value::as_mapping);
        jobs.into_iter().flatten().filter_map(|(id, job)| Some((id.as_str()?, job)))
    }

    /// The job `id`.
    fn job(&self, id: &str) -> Option<&Value> {
        self.get(&["jobs", id])
    }
}

/// Collects changes with the lines they are on.
struct Changes<'s, 'a> {
    old: &'s Side<'a>,
    new: &'s Side<'a>,
    out: Vec<Change>,
}

impl Changes<'_, '_> {
    /// A change of something only the new version has (no old line).
    fn added(&mut self, severity: Severity, area: Area, job: Option<&str>, path: &Path, message: String) {
        self.push(severity, area, job, path, message);
        if let Some(c) = self.out.last_mut() {
            c.old_line = None;
        }
    }

    /// A change of something only the old version has (no new line).
    fn removed(&mut self, severity: Severity, area: Area, job: Option<&str>, path: &Path, message: String) {
        self.push(severity, area, job, path, message);
        if let Some(c) = self.out.last_mut() {
            c.new_line = None;
        }
    }

    fn push(&mut self, severity: Severity, area: Area, job: Option<&str>, path: &Path, message: String) {
        self.out.push(Change {
            severity,
            area,
            job: job.map(str::to_owned),
            message,
            old_line: self.old.line(path),
            new_line: self.new.line(path),
        });
    }
}

/// The changes between two texts of a workflow; `Err` names a side that is
/// not a workflow ci-model can read.
pub(crate) fn workflows(old_text: &str, new_text: &str) -> Result<Vec<Change>, String> {
    let old = Workflow::parse(old_text).map_err(|e| format!("the old version does not parse: {e}"))?;
    let new = Workflow::parse(new_text).map_err(|e| format!("the new version does not parse: {e}"))?;
    let (old_side, new_side) = (Side::new(old_text), Side::new(new_text));
    let mut c = Changes { old: &old_side, new: &new_side, out: Vec::new() };
    triggers(&mut c);
    permissions(&mut c, &old, &new);
    third_party(&mut c, &uses_of_workflow(&old), &uses_of_workflow(&new));
    images(&mut c);
    secrets(&mut c);
    jobs(&mut c, &old, &new);
    Ok(c.out)
}

/// The changes between two texts of an action's metadata.
pub(crate) fn actions(old_text: &str, new_text: &str) -> Result<Vec<Change>, String> {
    let old = Action::parse(old_text).map_err(|e| format!("the old version does not parse: {e}"))?;
    let new = Action::parse(new_text).map_err(|e| format!("the new version does not parse: {e}"))?;
    let (old_side, new_side) = (Side::new(old_text), Side::new(new_text));
    let mut c = Changes { old: &old_side, new: &new_side, out: Vec::new() };
    let using = |s: &Side| s.get(&["runs", "using"]).and_then(Value::as_str).unwrap_or("plugin").to_owned();
    let (a, b) = (using(&old_side), using(&new_side));
    if a != b {
        let path = Path::root().key("runs").key("using");
        c.push(Severity::Medium, Area::Runs, None, &path, format!("runs with `{b}` instead of `{a}`"));
    }
    third_party(&mut c, &uses_of_action(&old), &uses_of_action(&new));
    let steps = |s: &Side| s.get(&["runs", "steps"]).map(without_refs);
    if steps(&old_side) != steps(&new_side) {
        let count = |s: &Side| s.get(&["runs", "steps"]).and_then(Value::as_sequence).map_or(0, Vec::len);
        let path = Path::root().key("runs").key("steps");
        let (a, b) = (count(&old_side), count(&new_side));
        c.push(Severity::Info, Area::Runs, None, &path, format!("steps changed ({a} → {b})"));
    }
    Ok(c.out)
}

/// Whether two texts hold the same YAML values (so any difference is in
/// comments or layout).
pub(crate) fn same_values(old_text: &str, new_text: &str) -> bool {
    let value = |t: &str| serde_yaml::from_str::<Value>(t).ok();
    value(old_text).is_some() && value(old_text) == value(new_text)
}

// ---------------------------------------------------------------------------
// Triggers.

/// The events of `on:`, each with its configuration (null when bare).
fn events(on: Option<&Value>) -> BTreeMap<String, Value> {
    match on {
        Some(Value::String(e)) => [(e.clone(), Value::Null)].into(),
        Some(Value::Sequence(es)) => {
            es.iter().filter_map(|e| e.as_str()).map(|e| (e.to_owned(), Value::Null)).collect()
        }
        Some(Value::Mapping(m)) => m.iter().filter_map(|(k, v)| Some((k.as_str()?.to_owned(), v.clone()))).collect(),
        _ => BTreeMap::new(),
    }
}

/// Whether `event`'s runs see secrets and a write token although code from a
/// fork can start them (the event table's `privileged`).
fn privileged(event: &str) -> bool {
    ci_model::Triggers::info(event).is_some_and(|e| e.privileged)
}

/// A filter's patterns (a string is a list of one).
fn list(config: &Value, key: &str) -> Option<Vec<String>> {
    let v = config.get(key)?;
    let one = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    Some(match v {
        Value::Sequence(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    })
}

/// The filters that limit when an event runs: each with whether adding a
/// pattern widens (`true`: the runs it lists) or narrows (`false`: `-ignore`).
const FILTERS: &[(&str, bool)] = &[
    ("branches", true),
    ("branches-ignore", false),
    ("tags", true),
    ("tags-ignore", false),
    ("paths", true),
    ("paths-ignore", false),
    ("types", true),
    ("workflows", true),
];

fn quoted(items: &[String]) -> String {
    items.iter().map(|i| format!("'{i}'")).collect::<Vec<_>>().join(", ")
}

fn triggers(c: &mut Changes) {
    let (old, new) = (events(c.old.get(&["on"])), events(c.new.get(&["on"])));
    let on = Path::root().key("on");
    for (event, config) in &new {
        let path = on.key(event.as_str());
        let Some(before) = old.get(event) else {
            let (severity, why) = if privileged(event) {
                (Severity::High, " (its runs get secrets and a write token, and code from forks can start them)")
            } else {
                (Severity::Low, "")
            };
            c.added(severity, Area::Triggers, None, &path, format!("now also runs on `{event}`{why}"));
            continue;
        };
        if before == config {
            continue;
        }
        let privileged = privileged(event);
        let mut described = false;
        for (key, lists_runs) in FILTERS {
            let (a, b) = (list(before, key), list(config, key));
            if a == b {
                continue;
            }
            described = true;
            let (wider, what) = match (&a, &b) {
                (None, Some(b)) => (!lists_runs, format!("`{key}` added: {}", quoted(b))),
                (Some(a), None) => (*lists_runs, format!("`{key}` removed (was {})", quoted(a))),
                (Some(a), Some(b)) => {
                    let added: Vec<String> = b.iter().filter(|p| !a.contains(p)).cloned().collect();
                    let removed: Vec<String> = a.iter().filter(|p| !b.contains(p)).cloned().collect();
                    let mut parts = Vec::new();
                    if !added.is_empty() {
                        parts.push(format!("added {}", quoted(&added)));
                    }
                    if !removed.is_empty() {
                        parts.push(format!("removed {}", quoted(&removed)));
                    }
                    // Adding to a list of runs widens; adding to an ignore list narrows.
                    let wider = if *lists_runs { !added.is_empty() } else { !removed.is_empty() };
                    (
                        wider,
                        format!(
                            "`{key}`: {}",
                            if parts.is_empty() { "reordered".to_owned() } else { parts.join("; ") }
                        ),
                    )
                }
                (None, None) => continue,
            };
            let severity = match (wider, privileged) {
                (true, true) => Severity::High,
                (true, false) => Severity::Low,
                (false, _) => Severity::Info,
            };
            let verb = if wider { "widened" } else { "narrowed" };
            c.push(severity, Area::Triggers, None, &path.key(*key), format!("`{event}` {verb}: {what}"));
        }
        if !described {
            c.push(Severity::Info, Area::Triggers, None, &path, format!("`{event}`'s configuration changed"));
        }
    }
    for event in old.keys().filter(|e| !new.contains_key(*e)) {
        c.removed(
            Severity::Info,
            Area::Triggers,
            None,
            &on.key(event.as_str()),
            format!("no longer runs on `{event}`"),
        );
    }
}

// ---------------------------------------------------------------------------
// Permissions.

/// The token's permission for one scope: unset (the repository's default),
/// or a level.
fn level(p: Option<&Permissions>, scope: &str) -> Option<ci_model::Level> {
    p.and_then(|p| p.level(scope))
}

fn describe(level: Option<ci_model::Level>) -> &'static str {
    level.map_or("the repository default", ci_model::Level::as_str)
}

fn rank(level: Option<ci_model::Level>) -> u8 {
    match level {
        Some(ci_model::Level::None) => 0,
        Some(ci_model::Level::Read) => 1,
        Some(ci_model::Level::Write) => 2,
        // The default may be read-all or write-all: treat it as the broadest.
        None => 3,
    }
}

fn job_permissions(job: &Job) -> Option<&Permissions> {
    match job {
        Job::Normal(j) => j.permissions.as_ref(),
        Job::Call(j) => j.permissions.as_ref(),
    }
}

fn permissions(c: &mut Changes, old: &Workflow, new: &Workflow) {
    let scopes: Vec<&str> = ci_model::Scopes::NAMES.to_vec();
    for (id, new_job) in &new.jobs {
        let Some(old_job) = old.jobs.get(id) else {
            new_job_permissions(c, new, id, new_job);
            continue;
        };
        let (own_old, own_new) = (job_permissions(old_job), job_permissions(new_job));
        let eff_old = own_old.or(old.permissions.as_ref());
        let eff_new = own_new.or(new.permissions.as_ref());
        let inherited = own_new.is_none() && new.permissions.is_some();
        let path = if own_new.is_some() || own_old.is_some() {
            Path::root().key("jobs").key(id.as_str()).key("permissions")
        } else {
            Path::root().key("permissions")
        };
        let mut raised = Vec::new();
        let mut lowered = Vec::new();
        for scope in &scopes {
            let (a, b) = (level(eff_old, scope), level(eff_new, scope));
            if a == b {
                continue;
            }
            let text = format!("`{scope}` {} → {}", describe(a), describe(b));
            if rank(b) > rank(a) { raised.push((text, b)) } else { lowered.push(text) }
        }
        let whence = if inherited { " (through the workflow's `permissions:`)" } else { "" };
        if !raised.is_empty() {
            let to_write = raised.iter().any(|(_, b)| matches!(b, Some(ci_model::Level::Write) | None));
            let severity = if to_write { Severity::High } else { Severity::Medium };
            let list: Vec<String> = raised.into_iter().map(|(t, _)| t).collect();
            c.push(
                severity,
                Area::Permissions,
                Some(id),
                &path,
                format!("token permissions raised: {}{whence}", list.join(", ")),
            );
        }
        if !lowered.is_empty() {
            c.push(
                Severity::Info,
                Area::Permissions,
                Some(id),
                &path,
                format!("token permissions lowered: {}{whence}", lowered.join(", ")),
            );
        }
    }
}

/// What the token of a new job may do: write scopes are high, the
/// repository's default (no `permissions:` anywhere) medium.
fn new_job_permissions(c: &mut Changes, new: &Workflow, id: &str, job: &Job) {
    let own = job_permissions(job);
    let path = match own {
        Some(_) => Path::root().key("jobs").key(id).key("permissions"),
        None => Path::root().key("jobs").key(id),
    };
    let Some(effective) = own.or(new.permissions.as_ref()) else {
        let what =
            "no `permissions:` here or at the workflow level: the token gets the repository's default permissions";
        c.added(Severity::Medium, Area::Permissions, Some(id), &path, what.to_owned());
        return;
    };
    let at = |want: ci_model::Level| -> Vec<String> {
        ci_model::Scopes::NAMES.iter().filter(|s| effective.level(s) == Some(want)).map(|s| format!("`{s}`")).collect()
    };
    let (write, read) = (at(ci_model::Level::Write), at(ci_model::Level::Read));
    if !write.is_empty() {
        c.added(
            Severity::High,
            Area::Permissions,
            Some(id),
            &path,
            format!("the token can write {}", write.join(", ")),
        );
    } else if !read.is_empty() {
        c.added(Severity::Info, Area::Permissions, Some(id), &path, format!("the token can read {}", read.join(", ")));
    }
}

// ---------------------------------------------------------------------------
// Third-party code: actions, reusable workflows, images.

/// One `uses:`: the action (`owner/repo[/path]`, or the local path), the ref,
/// the version comment, where it is.
struct Used {
    action: String,
    git_ref: String,
    /// Pinned to a full commit SHA.
    pinned: bool,
    comment: Option<String>,
    job: Option<String>,
    path: Path,
}

fn used(uses: &ci_model::Uses, job: Option<&str>, path: Path) -> Option<Used> {
    let (action, git_ref) = match uses.target().ok()? {
        UsesTarget::Repository { git_ref, .. } => (uses.action()?.to_owned(), git_ref.to_owned()),
        UsesTarget::Docker(image) => {
            let (name, tag) = image.rsplit_once(':').filter(|(_, t)| !t.contains('/')).unwrap_or((image, ""));
            (format!("docker://{name}"), tag.to_owned())
        }
        UsesTarget::Local(_) | UsesTarget::SelfRepository(_) => return None,
    };
    let comment = uses.comment().map(str::to_owned);
    Some(Used { action, git_ref, pinned: uses.is_sha_pinned(), comment, job: job.map(str::to_owned), path })
}

fn steps_uses(steps: &[Step], job: Option<&str>, base: &Path, out: &mut Vec<Used>) {
    for (i, step) in steps.iter().enumerate() {
        if let Some(u) = step.uses_ref().and_then(|u| used(u, job, base.index(i).key("uses"))) {
            out.push(u);
        }
    }
}

fn uses_of_workflow(w: &Workflow) -> Vec<Used> {
    let mut out = Vec::new();
    for (id, job) in &w.jobs {
        let base = Path::root().key("jobs").key(id.as_str());
        match job {
            Job::Normal(j) => {
                steps_uses(j.steps.as_deref().unwrap_or_default(), Some(id), &base.key("steps"), &mut out)
            }
            Job::Call(j) => out.extend(used(&j.uses, Some(id), base.key("uses"))),
        }
    }
    out
}

fn uses_of_action(a: &Action) -> Vec<Used> {
    let mut out = Vec::new();
    if let Runs::Composite(r) = &a.runs {
        steps_uses(&r.steps, None, &Path::root().key("runs").key("steps"), &mut out);
    }
    out
}

fn short(git_ref: &str) -> &str {
    if git_ref.len() == 40 && git_ref.bytes().all(|b| b.is_ascii_hexdigit()) { &git_ref[..12] } else { git_ref }
}

fn version(u: &Used) -> String {
    match &u.comment {
        Some(c) => format!("{} ({})", c, short(&u.git_ref)),
        None => short(&u.git_ref).to_owned(),
    }
}

fn third_party(c: &mut Changes, old: &[Used], new: &[Used]) {
    let by_action = |list: &[Used]| {
        let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, u) in list.iter().enumerate() {
            m.entry(u.action.clone()).or_default().push(i);
        }
        m
    };
    let (old_by, new_by) = (by_action(old), by_action(new));
    for (action, indexes) in &new_by {
        let first = &new[indexes[0]];
        let Some(before) = old_by.get(action) else {
            let severity = if first.pinned { Severity::Medium } else { Severity::High };
            let pin = if first.pinned { "" } else { ", not pinned to a commit" };
            let area = Area::ThirdParty;
            c.added(
                severity,
                area,
                first.job.as_deref(),
                &first.path,
                format!("new action `{action}` at {}{pin}", version(first)),
            );
            continue;
        };
        // Each version of the action before and after, by ref and comment.
        let versions = |list: &[Used], idx: &[usize]| -> BTreeSet<(String, Option<String>)> {
            idx.iter().map(|i| (list[*i].git_ref.clone(), list[*i].comment.clone())).collect()
        };
        let (was, now) = (versions(old, before), versions(new, indexes));
        if was == now {
            continue;
        }
        let was_u = &old[before[0]];
        for i in indexes {
            let u = &new[*i];
            if was.contains(&(u.git_ref.clone(), u.comment.clone())) {
                continue;
            }
            let same_tag = u.comment.is_some() && old.iter().any(|o| o.action == *action && o.comment == u.comment);
            let (severity, message) = if same_tag && !old.iter().any(|o| o.action == *action && o.git_ref == u.git_ref)
            {
                (
                    Severity::High,
                    format!(
                        "`{action}` moved to another commit without its version changing: {} now means {}",
                        u.comment.as_deref().unwrap_or_default(),
                        short(&u.git_ref)
                    ),
                )
            } else if old.iter().any(|o| o.action == *action && o.git_ref == u.git_ref) {
                (Severity::Low, format!("`{action}`: only its version comment changed, to {}", version(u)))
            } else {
                (Severity::Medium, format!("`{action}` pin moved: {} → {}", version(was_u), version(u)))
            };
            c.push(severity, Area::ThirdParty, u.job.as_deref(), &u.path, message);
            break;
        }
    }
    for (action, indexes) in &old_by {
        if !new_by.contains_key(action) {
            let u = &old[indexes[0]];
            c.removed(
                Severity::Info,
                Area::ThirdParty,
                u.job.as_deref(),
                &u.path,
                format!("no longer uses `{action}`"),
            );
        }
    }
}

/// Container and service images, by job.
fn images(c: &mut Changes) {
    let image = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) => Some(s.clone()),
            other => other.get("image").and_then(Value::as_str).map(str::to_owned),
        }
    };
    let (old, new) = (c.old, c.new);
    for (id, new_job) in new.jobs() {
        let Some(old_job) = old.job(id) else { continue };
        let base = Path::root().key("jobs").key(id);
        let (a, b) = (image(old_job.get("container")), image(new_job.get("container")));
        if a != b {
            let what = match (&a, &b) {
                (Some(a), Some(b)) => format!("container image `{a}` → `{b}`"),
                (None, Some(b)) => format!("now runs in the container image `{b}`"),
                (Some(a), None) => format!("no longer runs in the container image `{a}`"),
                (None, None) => continue,
            };
            c.push(Severity::Medium, Area::ThirdParty, Some(id), &base.key("container"), what);
        }
        let services = |j: &Value| -> BTreeMap<String, Option<String>> {
            j.get("services")
                .and_then(Value::as_mapping)
                .map(|m| m.iter().filter_map(|(k, v)| Some((k.as_str()?.to_owned(), image(Some(v))))).collect())
                .unwrap_or_default()
        };
        let (a, b) = (services(old_job), services(new_job));
        for (name, img) in &b {
            let path = base.key("services").key(name.as_str());
            match a.get(name) {
                Some(before) if before == img => {}
                Some(before) => {
                    let (x, y) = (before.as_deref().unwrap_or("?"), img.as_deref().unwrap_or("?"));
                    c.push(
                        Severity::Medium,
                        Area::ThirdParty,
                        Some(id),
                        &path,
                        format!("service `{name}` image `{x}` → `{y}`"),
                    );
                }
                None => {
                    let y = img.as_deref().unwrap_or("?");
                    c.added(
                        Severity::Medium,
                        Area::ThirdParty,
                        Some(id),
                        &path,
                        format!("new service `{name}` (image `{y}`)"),
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Secrets and environments.

/// Every `secrets.<name>` the strings under `v` read.
fn secret_names(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            for part in parts(s).unwrap_or_default() {
                let Part::Expr(body) = part else { continue };
                let Ok(ast) = Ast::parse(body) else { continue };
                for path in ast.context_paths() {
                    if path.first().is_some_and(|c| c.eq_ignore_ascii_case("secrets"))
                        && let Some(name) = path.get(1)
                    {
                        out.insert(name.to_ascii_uppercase());
                    }
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| secret_names(i, out)),
        Value::Mapping(m) => m.iter().for_each(|(k, v)| {
            secret_names(k, out);
            secret_names(v, out);
        }),
        Value::Tagged(t) => secret_names(&t.value, out),
        _ => {}
    }
}

/// Where each secret is read in a job: `None` for the job's own keys, or a
/// step's index.
fn secrets_in_job(job: &Value) -> BTreeMap<String, BTreeSet<Option<usize>>> {
    let mut out: BTreeMap<String, BTreeSet<Option<usize>>> = BTreeMap::new();
    let Some(m) = job.as_mapping() else { return out };
    for (k, v) in m {
        if k.as_str() == Some("steps") {
            for (i, step) in v.as_sequence().into_iter().flatten().enumerate() {
                let mut names = BTreeSet::new();
                secret_names(step, &mut names);
                for n in names {
                    out.entry(n).or_default().insert(Some(i));
                }
            }
        } else {
            let mut names = BTreeSet::new();
            secret_names(v, &mut names);
            for n in names {
                out.entry(n).or_default().insert(None);
            }
        }
    }
    out
}

fn step_label(job: &Value, i: usize) -> String {
    let name = job.get("steps").and_then(|s| s.get(i)).and_then(|s| s.get("name")).and_then(Value::as_str);
    match name {
        Some(n) => format!("step {} (`{n}`)", i + 1),
        None => format!("step {}", i + 1),
    }
}

fn secrets(c: &mut Changes) {
    let (old, new) = (c.old, c.new);
    let events = events(new.get(&["on"]));
    let from_forks = events.keys().find(|e| privileged(e)).cloned();
    let pull_request = events.contains_key("pull_request");
    for (id, new_job) in new.jobs() {
        let base = Path::root().key("jobs").key(id);
        let old_job = old.job(id);
        let before = old_job.map(secrets_in_job).unwrap_or_default();
        for (name, places) in secrets_in_job(new_job) {
            let was = before.get(&name);
            for place in &places {
                if was.is_some_and(|w| w.contains(place)) || name == "GITHUB_TOKEN" {
                    continue;
                }
                let (where_, path) = match place {
                    Some(i) => (step_label(new_job, *i), base.key("steps").index(*i)),
                    None => ("the job's own keys".to_owned(), base.clone()),
                };
                let moved = if was.is_some() { " (moved or copied within the job)" } else { "" };
                let (severity, reach) = match (&from_forks, pull_request) {
                    (Some(e), _) => (Severity::High, format!("; `{e}` lets runs started from forks read it")),
                    (None, true) => (
                        Severity::Medium,
                        "; on `pull_request`, runs from forks get no secrets but branches of this repository do"
                            .to_owned(),
                    ),
                    (None, false) => (Severity::Low, String::new()),
                };
                c.added(
                    severity,
                    Area::Secrets,
                    Some(id),
                    &path,
                    format!("secret `{name}` now read in {where_}{moved}{reach}"),
                );
            }
        }
        let inherit = |j: Option<&Value>| j.and_then(|j| j.get("secrets")).and_then(Value::as_str) == Some("inherit");
        if inherit(Some(new_job)) && !inherit(old_job) {
            c.added(
                Severity::High,
                Area::Secrets,
                Some(id),
                &base.key("secrets"),
                "`secrets: inherit` added: the called workflow gets every secret of this one".to_owned(),
            );
        }
        let environment = |j: Option<&Value>| -> Option<String> {
            let e = j?.get("environment")?;
            e.as_str().map(str::to_owned).or_else(|| e.get("name").and_then(Value::as_str).map(str::to_owned))
        };
        let (a, b) = (environment(old_job), environment(Some(new_job)));
        if a != b {
            let path = base.key("environment");
            match (&a, &b) {
                (None, Some(b)) => {
                    let what = format!("now deploys to the environment `{b}` (and reads its secrets)");
                    c.added(Severity::Medium, Area::Secrets, Some(id), &path, what);
                }
                (Some(a), None) => {
                    let what = format!("no longer uses the environment `{a}`");
                    c.removed(Severity::Info, Area::Secrets, Some(id), &path, what);
                }
                (Some(a), Some(b)) => {
                    c.push(Severity::Medium, Area::Secrets, Some(id), &path, format!("environment `{a}` → `{b}`"));
                }
                (None, None) => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------
// What runs.

/// How many jobs a job's matrix starts (1 without one; `None` when an
/// expression decides).
fn matrix_size(job: &Job) -> Option<usize> {
    let Job::Normal(j) = job else { return Some(1) };
    match &j.strategy {
        None => Some(1),
        Some(LitOrExpr::Expr(_)) => None,
        Some(LitOrExpr::Lit(s)) => match &s.matrix {
            None => Some(1),
            Some(LitOrExpr::Expr(_)) => None,
            Some(LitOrExpr::Lit(m)) => Some(m.combinations().len()),
        },
    }
}

/// Steps with each `uses:` cut at its `@`, so that a moved pin alone does
/// not count as a change of the steps.
fn without_refs(steps: &Value) -> Value {
    let mut steps = steps.clone();
    if let Some(list) = steps.as_sequence_mut() {
        for step in list {
            if let Some(Value::String(uses)) = step.get_mut("uses")
                && let Some((action, _)) = uses.split_once('@')
            {
                *uses = action.to_owned();
            }
        }
    }
    steps
}

fn jobs(c: &mut Changes, old: &Workflow, new: &Workflow) {
    let jobs_path = Path::root().key("jobs");
    let value = |s: &Side, id: &str, key: &str| s.get(&["jobs", id, key]).cloned();
    let text = |v: &Option<Value>| match v {
        None => "none".to_owned(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(other) => format!("`{}`", serde_yaml::to_string(other).unwrap_or_default().trim().replace('\n', " ")),
    };
    for (id, new_job) in &new.jobs {
        let path = jobs_path.key(id.as_str());
        let Some(old_job) = old.jobs.get(id) else {
            c.added(Severity::Low, Area::Runs, Some(id), &path, "new job".to_owned());
            continue;
        };
        let condition = ci_model::key_of!(NormalJob.r#if);
        let keys = [
            (ci_model::key_of!(NormalJob.runs_on), Severity::Low),
            (ci_model::key_of!(NormalJob.needs), Severity::Info),
            (condition, Severity::Low),
        ];
        for (key, severity) in keys {
            let (a, b) = (value(c.old, id, key), value(c.new, id, key));
            if a == b {
                continue;
            }
            let removed_condition = key == condition && b.is_none();
            let severity = if removed_condition { Severity::Medium } else { severity };
            let what = if removed_condition {
                format!("`if:` removed (was {}): the job now always runs", text(&a))
            } else {
                format!("`{key}`: {} → {}", text(&a), text(&b))
            };
            c.push(severity, Area::Runs, Some(id), &path.key(key), what);
        }
        let timeout = ci_model::key_of!(NormalJob.timeout_minutes);
        let (a, b) = (value(c.old, id, timeout), value(c.new, id, timeout));
        if a != b && matches!(new_job, Job::Normal(_)) {
            let (severity, what) = match &b {
                None => (Severity::Medium, format!("timeout removed (was {}): the job may run for 6 hours", text(&a))),
                Some(_) => (Severity::Info, format!("`timeout-minutes`: {} → {}", text(&a), text(&b))),
            };
            c.push(severity, Area::Runs, Some(id), &path.key(timeout), what);
        }
        let (a, b) = (matrix_size(old_job), matrix_size(new_job));
        if a != b {
            let n = |s: Option<usize>| s.map_or("a number an expression decides".to_owned(), |n| n.to_string());
            let severity = match (a, b) {
                (Some(a), Some(b)) if b > a.saturating_mul(2) => Severity::Low,
                _ => Severity::Info,
            };
            c.push(
                severity,
                Area::Runs,
                Some(id),
                &path.key("strategy"),
                format!("starts {} jobs instead of {}", n(b), n(a)),
            );
        }
        let (a, b) = (value(c.old, id, "steps"), value(c.new, id, "steps"));
        // A moved pin is reported as such; the steps changed if anything else did.
        if a.as_ref().map(without_refs) != b.as_ref().map(without_refs) {
            let count = |v: &Option<Value>| v.as_ref().and_then(Value::as_sequence).map_or(0, Vec::len);
            let what = format!("steps changed ({} → {})", count(&a), count(&b));
            c.push(Severity::Info, Area::Runs, Some(id), &path.key("steps"), what);
        }
    }
    for id in old.jobs.keys().filter(|id| !new.jobs.contains_key(*id)) {
        c.removed(Severity::Info, Area::Runs, Some(id), &jobs_path.key(id.as_str()), "job removed".to_owned());
    }
}
