//! The `actions` commands: everything is read (and fetched) first, then the
//! lock and the bindings are written together through one plan.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use ci_model::{Action, Scalar};

use super::git::{self, Git, Refs};
use super::lock::{InputFacts, Lock, Locked, is_action_name, is_sha, split_action};
use super::{ActionsError, Cmd};
use crate::bindings::Target;
use crate::escape::escape_controls;
use crate::sync::{Entry, Status};

/// What a command prints: one line per action (and per interface change).
type Report = Vec<String>;

pub(super) fn run(
    root: &Path,
    target: &Target,
    git: &Git,
    command: Cmd<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let lock = match crate::bindings::read_lock(root, target, true) {
        Ok(l) => l,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let mut new = lock.clone();
    let result = match command {
        Cmd::List { outdated } => return list(target, git, &lock, outdated, out, err),
        Cmd::Add(specs) => add(git, &mut new, &specs),
        Cmd::Update { actions, major } => update(git, target, &mut new, &actions, major),
        Cmd::Adopt(files) => adopt(root, git, target, &mut new, files),
        Cmd::Remove(actions) => remove(target, &mut new, &actions),
    };
    match result {
        // Nothing pinned and no lock yet: nothing to write either.
        Ok(report) if new.actions.is_empty() && lock.actions.is_empty() && !root.join(&target.lock).exists() => {
            for line in &report {
                let _ = writeln!(out, "{}", escape_controls(line));
            }
            0
        }
        Ok(report) => write(root, target, &new, &report, out, err),
        Err(e) => {
            let _ = writeln!(err, "error: {e}\nnothing was written");
            1
        }
    }
}

/// Writes the lock and the bindings it gives, all or nothing; prints
/// `report` (what changed in the lock) once they are written.
fn write(root: &Path, target: &Target, lock: &Lock, report: &Report, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let rendered = match crate::bindings::render(target, lock) {
        Ok(r) => r,
        Err(errors) => {
            for e in &errors.0 {
                let _ = writeln!(err, "error: {e}");
            }
            let _ = writeln!(err, "nothing was written");
            return 1;
        }
    };
    let mut plan = match crate::bindings::plan_in(root, &target.module, &rendered) {
        Ok(p) => p,
        Err(e) => {
            let _ = writeln!(err, "error: {e}\nnothing was written");
            return 2;
        }
    };
    let json = lock.to_json();
    let status = match std::fs::read_to_string(root.join(&target.lock)) {
        Ok(old) if old == json => Status::Unchanged,
        Ok(old) => Status::Changed { old },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Status::Missing,
        Err(e) => {
            let _ = writeln!(err, "error: {}: {e}\nnothing was written", escape_controls(&target.lock));
            return 2;
        }
    };
    plan.push(Entry { path: target.lock.clone(), status, new: Some(json) });
    let result = crate::sync::apply(root, &plan, false);
    if result.is_ok() {
        for line in report {
            let _ = writeln!(out, "{}", escape_controls(line));
        }
    }
    crate::cli::report_apply(result, false, out, err)
}

/// The first 12 digits of a commit.
fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

/// `list [--outdated]`.
fn list(target: &Target, git: &Git, lock: &Lock, outdated: bool, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if lock.actions.is_empty() {
        let _ = writeln!(
            out,
            "no actions are pinned in {}; pin one with `{} add OWNER/REPO@REF`",
            escape_controls(&target.lock),
            target.actions_command()
        );
        return 0;
    }
    let width = lock.actions.iter().map(|l| l.action.len()).max().unwrap_or(0);
    let tag_width = lock.actions.iter().map(|l| l.tag.len()).max().unwrap_or(0);
    let mut lines = Vec::with_capacity(lock.actions.len());
    for l in &lock.actions {
        let mut line = format!("{:width$}  {:tag_width$}  {}", l.action, l.tag, short(&l.commit));
        if outdated {
            let refs = match git.refs(&l.action, l.repository()) {
                Ok(r) => r,
                Err(e) => {
                    let _ = writeln!(err, "error: {e}");
                    return 1;
                }
            };
            let major = git::version(&l.tag).and_then(|v| v.first().copied());
            let in_major = match major {
                Some(m) => format!("newest v{m}: {}", git::newest(&refs, Some(m)).map_or("none", |r| r.name.as_str())),
                None => "not a version tag".to_owned(),
            };
            let newest = git::newest(&refs, None).map_or("none", |r| r.name.as_str());
            line = format!("{line}  {in_major}  newest: {newest}");
        }
        lines.push(line);
    }
    for line in lines {
        let _ = writeln!(out, "{}", escape_controls(line.trim_end()));
    }
    0
}

/// `OWNER/REPO[/PATH]@REF`.
fn parse_spec(spec: &str) -> Result<(String, String), ActionsError> {
    let bad = || ActionsError::BadSpec { given: spec.to_owned(), expected: "OWNER/REPO[/PATH]@REF" };
    let (action, reference) = spec.rsplit_once('@').ok_or_else(bad)?;
    let ref_ok = !reference.is_empty() && !reference.chars().any(|c| c.is_whitespace() || c.is_control());
    if !is_action_name(action) || !ref_ok || reference.starts_with('-') {
        return Err(bad());
    }
    Ok((action.to_owned(), reference.to_owned()))
}

/// A locked action named on the command line.
fn locked_name<'a>(lock: &'a Lock, target: &Target, action: &str) -> Result<&'a Locked, ActionsError> {
    if !is_action_name(action) {
        return Err(ActionsError::BadSpec { given: action.to_owned(), expected: "OWNER/REPO[/PATH]" });
    }
    lock.get(action).ok_or_else(|| ActionsError::NotLocked { action: action.to_owned(), lock: target.lock.clone() })
}

/// The facts of `action` at `commit`, read from its repository.
fn fetch(git: &Git, action: &str, tag: &str, commit: &str) -> Result<Locked, ActionsError> {
    let (repository, path) = split_action(action);
    let (file, text) = git.action_file(action, repository, path, commit)?;
    let parsed = Action::parse(&text).map_err(|e| ActionsError::BadActionFile {
        action: action.to_owned(),
        file,
        tag: tag.to_owned(),
        commit: commit.to_owned(),
        message: e.to_string().lines().collect::<Vec<_>>().join("; "),
    })?;
    Ok(Locked::from_action(action, tag, commit, &parsed))
}

/// The commit `reference` (a full SHA, a tag or a branch) names, and the tag
/// the pin stands for: the most specific version tag at that commit, else
/// the reference itself.
fn resolve(refs: &Refs, git: &Git, action: &str, reference: &str) -> Result<(String, String), ActionsError> {
    let lower = reference.to_ascii_lowercase();
    let commit = if is_sha(&lower) {
        lower
    } else if let Some(r) = refs.tags.iter().find(|r| r.name == reference) {
        r.commit.clone()
    } else if let Some(r) = refs.branches.iter().find(|r| r.name == reference) {
        r.commit.clone()
    } else {
        let mut versions: Vec<(Vec<u64>, &str)> =
            refs.tags.iter().filter_map(|r| git::version(&r.name).map(|v| (v, r.name.as_str()))).collect();
        versions.sort();
        let newest: Vec<&str> = versions.iter().rev().take(5).map(|(_, n)| *n).collect();
        let hint = if newest.is_empty() { String::new() } else { format!("; newest tags: {}", newest.join(", ")) };
        return Err(ActionsError::NoRef {
            action: action.to_owned(),
            reference: reference.to_owned(),
            url: git.url(split_action(action).0),
            hint,
        });
    };
    let asked = git::version(reference).unwrap_or_default();
    let tag = git::tag_within(refs, &commit, &asked).unwrap_or(reference).to_owned();
    Ok((tag, commit))
}

/// `add SPEC...`.
fn add(git: &Git, lock: &mut Lock, specs: &[String]) -> Result<Report, ActionsError> {
    let mut report = Report::new();
    let parsed: Vec<(String, String)> = specs.iter().map(|s| parse_spec(s)).collect::<Result<_, _>>()?;
    for (action, reference) in parsed {
        let refs = git.refs(&action, split_action(&action).0)?;
        let (tag, commit) = resolve(&refs, git, &action, &reference)?;
        let new = fetch(git, &action, &tag, &commit)?;
        let from = if reference == tag { String::new() } else { format!(" from `{reference}`") };
        match lock.get(&action) {
            Some(old) => {
                report.push(format!(
                    "re-pinned {}: {} → {tag} ({} → {}){from}",
                    new.action,
                    old.tag,
                    short(&old.commit),
                    short(&commit)
                ));
                report.extend(changes(old, &new));
            }
            None => report.push(format!("pinned    {action} {tag} ({}){from}", short(&commit))),
        }
        lock.put(new);
    }
    Ok(report)
}

/// `update [ACTION...] [--major]`.
fn update(git: &Git, target: &Target, lock: &mut Lock, names: &[String], major: bool) -> Result<Report, ActionsError> {
    let chosen: Vec<Locked> = if names.is_empty() {
        lock.actions.clone()
    } else {
        names.iter().map(|n| locked_name(lock, target, n).cloned()).collect::<Result<_, _>>()?
    };
    let mut report = Report::new();
    if chosen.is_empty() {
        report.push(format!("nothing to update: no action is pinned in {}", target.lock));
    }
    for old in chosen {
        let refs = git.refs(&old.action, old.repository())?;
        let current = git::version(&old.tag).and_then(|v| v.first().copied());
        if current.is_none() && !major {
            report.push(format!(
                "skipped   {}: `{}` is not a version tag (update --major moves it to the newest)",
                old.action, old.tag
            ));
            continue;
        }
        let Some(best) = git::newest(&refs, if major { None } else { current }) else {
            report.push(format!("skipped   {}: no version tag to move to", old.action));
            continue;
        };
        let tag = git::tag_at(&refs, &best.commit).unwrap_or(&best.name).to_owned();
        if best.commit == old.commit && tag == old.tag {
            report.push(format!("up to date {} {}", old.action, old.tag));
            continue;
        }
        let new = fetch(git, &old.action, &tag, &best.commit)?;
        report.push(format!(
            "updated   {}: {} → {tag} ({} → {})",
            old.action,
            old.tag,
            short(&old.commit),
            short(&best.commit)
        ));
        report.extend(changes(&old, &new));
        lock.put(new);
    }
    Ok(report)
}

/// A `uses:` line of a generated file: the action, the commit and the first
/// word of the comment after it.
fn uses_line(line: &str) -> Option<(String, String, Option<String>)> {
    let t = line.trim_start();
    let t = t.strip_prefix('-').map_or(t, str::trim_start);
    let rest = t.strip_prefix("uses:")?.trim();
    let (value, comment) = match rest.split_once(" #") {
        Some((v, c)) => (v.trim(), c.split_whitespace().next().map(str::to_owned)),
        None => (rest, None),
    };
    let value = value.trim_matches(|c| c == '\'' || c == '"');
    let (action, commit) = value.rsplit_once('@')?;
    let commit = commit.to_ascii_lowercase();
    (is_sha(&commit) && is_action_name(action)).then(|| (action.to_owned(), commit, comment))
}

/// `adopt`: the pins of the generator's files on disk (under `root`) that
/// differ from the lock; a pin of an action the lock does not hold that
/// differs from what the generator writes gets a note.
fn adopt(
    root: &Path,
    git: &Git,
    target: &Target,
    lock: &mut Lock,
    files: &crate::Files,
) -> Result<Report, ActionsError> {
    // What the generator writes now, to tell a bump of an action the lock does not hold.
    let rendered = files.render().ok();
    let mut notes = Report::new();
    // Per locked action: each commit the files pin other than the lock's, with its comment and a file.
    let mut bumps: BTreeMap<String, Vec<(String, Option<String>, String)>> = BTreeMap::new();
    for file in files.specs().iter().map(|s| &s.path) {
        let text = match std::fs::read_to_string(root.join(file)) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(ActionsError::Io { path: file.clone(), source }),
        };
        for line in text.lines() {
            let Some((action, commit, comment)) = uses_line(line) else { continue };
            let Some(locked) = lock.get(&action) else {
                let written = rendered.as_ref().and_then(|r| r.iter().find(|f| f.path == *file));
                if written.is_some_and(|f| !f.bytes.contains(&format!("{action}@{commit}"))) {
                    notes.push(format!(
                        "note: {file} pins `{action}` to {}, which the generator does not write and {} does not hold: \
                         pin it with `actions add {action}@REF` and use its binding, or change the pin in the generator's code",
                        short(&commit),
                        target.lock
                    ));
                }
                continue;
            };
            if locked.commit == commit {
                continue;
            }
            let seen = bumps.entry(locked.action.clone()).or_default();
            if !seen.iter().any(|(c, _, _)| *c == commit) {
                seen.push((commit, comment, file.clone()));
            }
        }
    }
    let mut report = notes;
    if bumps.is_empty() {
        report.push(format!("nothing to adopt: the generated files pin what {} pins", target.lock));
        return Ok(report);
    }
    for (action, seen) in bumps {
        if seen.len() > 1 {
            let pins: Vec<String> = seen.iter().map(|(c, _, f)| format!("{} in {f}", short(c))).collect();
            return Err(ActionsError::Conflict { action, pins: pins.join(", ") });
        }
        let Some(old) = lock.get(&action).cloned() else { continue };
        let Some((commit, comment, file)) = seen.into_iter().next() else { continue };
        let refs = git.refs(&action, old.repository())?;
        let tag = match comment {
            Some(c) => c,
            None => git::tag_at(&refs, &commit).unwrap_or(&commit).to_owned(),
        };
        let new = fetch(git, &action, &tag, &commit)?;
        report.push(format!(
            "adopted   {action}: {} → {tag} ({} → {}), from {file}",
            old.tag,
            short(&old.commit),
            short(&commit)
        ));
        if refs.tags.iter().any(|r| r.name == tag && r.commit != commit) {
            report
                .push(format!("  note: the tag `{tag}` points at another commit now; the comment is kept as written"));
        }
        report.extend(changes(&old, &new));
        lock.put(new);
    }
    Ok(report)
}

/// `remove ACTION...`.
fn remove(target: &Target, lock: &mut Lock, names: &[String]) -> Result<Report, ActionsError> {
    let mut report = Report::new();
    for name in names {
        let old = locked_name(lock, target, name)?.clone();
        lock.actions.retain(|l| l.action != old.action);
        report.push(format!("removed   {} {}", old.action, old.tag));
    }
    Ok(report)
}

/// Required without a default: an argument of the binding's `new`.
fn needed(i: &InputFacts) -> bool {
    i.required && i.default.is_none()
}

fn default_text(i: &InputFacts) -> String {
    match i.default.as_ref().map(Scalar::to_text) {
        None => "none".to_owned(),
        Some(d) if d.is_empty() => "empty".to_owned(),
        Some(d) => format!("`{d}`"),
    }
}

/// The interface changes from `old` to `new`, one line each, by kind:
/// inputs added, removed, newly required, no longer required, newly
/// deprecated, defaults changed; outputs added, removed; how it runs.
pub(crate) fn changes(old: &Locked, new: &Locked) -> Report {
    let both: Vec<(&InputFacts, &InputFacts)> =
        new.inputs.iter().filter_map(|i| old.inputs.iter().find(|o| o.name == i.name).map(|o| (o, i))).collect();
    let mut lines = Report::new();
    for i in new.inputs.iter().filter(|i| !old.inputs.iter().any(|o| o.name == i.name)) {
        lines.push(format!("  input added: `{}`{}", i.name, if needed(i) { " (required)" } else { "" }));
    }
    for o in old.inputs.iter().filter(|o| !new.inputs.iter().any(|i| i.name == o.name)) {
        lines.push(format!("  input removed: `{}`", o.name));
    }
    for (o, i) in &both {
        if needed(i) && !needed(o) {
            lines.push(format!("  input newly required: `{}`", i.name));
        }
    }
    for (o, i) in &both {
        if !needed(i) && needed(o) {
            lines.push(format!("  input no longer required: `{}`", i.name));
        }
    }
    for (o, i) in &both {
        if i.deprecated && !o.deprecated {
            lines.push(format!("  input newly deprecated: `{}`", i.name));
        }
    }
    for (o, i) in &both {
        if i.default != o.default {
            lines.push(format!("  input default changed: `{}`: {} → {}", i.name, default_text(o), default_text(i)));
        }
    }
    for o in new.outputs.iter().filter(|o| !old.outputs.contains(o)) {
        lines.push(format!("  output added: `{o}`"));
    }
    for o in old.outputs.iter().filter(|o| !new.outputs.contains(o)) {
        lines.push(format!("  output removed: `{o}`"));
    }
    if old.runs != new.runs {
        lines.push(format!("  runs changed: {} {} → {} {}", old.runs.0, old.runs.1, new.runs.0, new.runs.1));
    }
    if lines.is_empty() {
        lines.push("  no interface change".to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs() {
        assert_eq!(parse_spec("a/b@v1").ok(), Some(("a/b".into(), "v1".into())));
        assert_eq!(parse_spec("a/b/c@main").ok(), Some(("a/b/c".into(), "main".into())));
        assert!(parse_spec("a/b").is_err());
        assert!(parse_spec("a@v1").is_err());
        assert!(parse_spec("a/b@").is_err());
        assert!(parse_spec("a/b@--upload-pack=x").is_err());
    }

    #[test]
    fn uses_lines() {
        let sha = "0123456789abcdef0123456789abcdef01234567";
        let line = format!("      - uses: actions/checkout@{sha} # v4.2.3");
        assert_eq!(uses_line(&line), Some(("actions/checkout".into(), sha.into(), Some("v4.2.3".into()))));
        assert_eq!(uses_line(&format!("        uses: 'a/b/c@{sha}'")), Some(("a/b/c".into(), sha.into(), None)));
        assert_eq!(uses_line("      - uses: actions/checkout@v4"), None);
        assert_eq!(uses_line("      - run: echo uses: a/b@x"), None);
    }
}
