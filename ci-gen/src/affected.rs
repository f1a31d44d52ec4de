//! `ci-gen affected`: which of the generated workflows, and which of their
//! jobs, an event would run, before anything is pushed.
//!
//! The rules are `ci-model`'s ([`ci_model::simulate`]); this module turns
//! command-line arguments into an [`Event`], runs every workflow of a
//! generator's [`Files`] through [`Workflow::simulate`], and prints the
//! verdicts as text or JSON.
//!
//! ```
//! use ci_gen::affected;
//! use ci_model::simulate::Event;
//!
//! let files = ci_gen::platform::files();
//! let docs_only = Event::pull_request("main").head("docs-typo").changed(["docs/GETTING_STARTED.md"]);
//! let report = affected::simulate(&files, &docs_only).unwrap();
//! let runs = |file: &str| report.iter().find(|w| w.file == file).map(|w| w.verdict.outcome);
//! assert_eq!(runs("markdown-link-check.yml"), Some(ci_model::simulate::Outcome::Runs));
//! assert_eq!(runs("docker-build.yml"), Some(ci_model::simulate::Outcome::Skipped));
//! ```

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use ci_model::Workflow;
use ci_model::simulate::{DEFAULT_PULL_REQUEST_TYPES, Event, Outcome, SimulateError, Value, WorkflowVerdict};

use crate::files::Files;

/// The usage of `affected`, for errors.
const USAGE: &str = "\
usage: affected [--event EVENT] [--branch B | --tag T] [--base B] [--types ACTIVITY]
                [--changed FILE... | --changed-from-git BASE..HEAD] [--default-branch B]
                [--draft true|false] [--set PATH=VALUE] [--root DIR] [--json]";

/// One workflow's verdict.
#[derive(Clone, Debug)]
pub struct Affected {
    /// The file name under `.github/workflows/` (`docker-build.yml`).
    pub file: String,
    /// The workflow's `name:`, if any.
    pub name: Option<String>,
    /// What the event does to it.
    pub verdict: WorkflowVerdict,
}

/// Simulates `event` on every workflow of `files`, in order. A workflow
/// GitHub would reject (an invalid filter pattern) is an error, with its file.
pub fn simulate(files: &Files, event: &Event) -> Result<Vec<Affected>, Vec<(String, SimulateError)>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (file, wf) in workflows(files) {
        match wf.simulate(event) {
            Ok(verdict) => out.push(Affected {
                file: file.to_owned(),
                name: wf.name.as_ref().map(|n| n.to_text().into_owned()),
                verdict,
            }),
            Err(e) => errors.push((file.to_owned(), e)),
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// The workflows of `files`, by file name under `.github/workflows/`.
/// A workflow added with [`Files::workflow_with`] is built here.
pub fn workflows(files: &Files) -> Vec<(&str, Cow<'_, Workflow>)> {
    files
        .specs()
        .iter()
        .filter_map(|spec| {
            let file = spec.path.rsplit('/').next().unwrap_or(&spec.path);
            spec.content.workflow().map(|w| (file, w))
        })
        .collect()
}

/// The verdicts as text: each workflow with its outcome and the rule that
/// decided, then the jobs of those that run or may run.
pub fn text(event: &Event, report: &[Affected]) -> String {
    let mut s = format!("{}; {}\n\n", event, changed_summary(event.changed.as_deref()));
    for w in report {
        let name = w.name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
        s.push_str(&format!("{:<8} {}{name}\n", w.verdict.outcome.as_str(), w.file));
        s.push_str(&format!("         {}\n", w.verdict.reason));
        if w.verdict.outcome != Outcome::Skipped {
            for j in &w.verdict.jobs {
                let reason = j.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
                s.push_str(&format!("         - {:<8} {}{reason}\n", j.outcome.as_str(), j.id));
            }
        }
    }
    let count = |o: Outcome| report.iter().filter(|w| w.verdict.outcome == o).count();
    s.push_str(&format!(
        "\n{} of {} workflows run, {} may run, {} skipped\n",
        count(Outcome::Runs),
        report.len(),
        count(Outcome::MayRun),
        count(Outcome::Skipped)
    ));
    s
}

fn changed_summary(changed: Option<&[String]>) -> String {
    match changed {
        None => "changed files not given".to_owned(),
        Some([]) => "no changed files".to_owned(),
        Some([one]) => format!("1 changed file: {one}"),
        Some(files) if files.len() <= 5 => format!("{} changed files: {}", files.len(), files.join(", ")),
        Some(files) => format!("{} changed files", files.len()),
    }
}

/// The verdicts as JSON, for scripts:
/// `{"workflows": [{"file", "name", "runs", "reason", "jobs": [{"id", "runs", "reason"?}]}]}`,
/// where `runs` is `true`, `false`, or `null` when it depends on something
/// the event does not tell (the reason says what).
pub fn json(report: &[Affected]) -> String {
    let runs = |o: Outcome| match o {
        Outcome::Runs => "true",
        Outcome::Skipped => "false",
        Outcome::MayRun => "null",
    };
    let mut s = String::from("{\n  \"workflows\": [");
    for (i, w) in report.iter().enumerate() {
        s.push_str(if i == 0 { "\n" } else { ",\n" });
        let name = w.name.as_deref().map_or_else(|| "null".to_owned(), string);
        s.push_str(&format!(
            "    {{\n      \"file\": {},\n      \"name\": {name},\n      \"runs\": {},\n      \"reason\": {},\n      \"jobs\": [",
            string(&w.file),
            runs(w.verdict.outcome),
            string(&w.verdict.reason)
        ));
        for (k, j) in w.verdict.jobs.iter().enumerate() {
            s.push_str(if k == 0 { "\n" } else { ",\n" });
            s.push_str(&format!("        {{\"id\": {}, \"runs\": {}", string(&j.id), runs(j.outcome)));
            if let Some(r) = &j.reason {
                s.push_str(&format!(", \"reason\": {}", string(r)));
            }
            s.push('}');
        }
        s.push_str(if w.verdict.jobs.is_empty() { "]\n    }" } else { "\n      ]\n    }" });
    }
    s.push_str(if report.is_empty() { "]\n}\n" } else { "\n  ]\n}\n" });
    s
}

/// A JSON string literal.
fn string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// What the command line asked for.
#[derive(Debug)]
struct Args {
    event: Event,
    json: bool,
}

/// Reads the arguments after `affected`.
fn parse_args(args: &[String], root: &Path) -> Result<Args, String> {
    let mut name = "push".to_owned();
    let mut branch = None;
    let mut tag = None;
    let mut base = None;
    let mut types = None;
    let mut changed: Option<Vec<String>> = None;
    let mut from_git = None;
    let mut default_branch = "main".to_owned();
    let mut values = Vec::new();
    let mut root = root.to_path_buf();
    let mut json = false;
    let mut it = args.iter().peekable();
    let value = |it: &mut std::iter::Peekable<std::slice::Iter<'_, String>>, flag: &str, what: &str| {
        it.next().cloned().ok_or_else(|| format!("{flag} needs {what}"))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "--event" => name = value(&mut it, a, "an event name (push, pull_request, ...)")?,
            "--branch" => branch = Some(value(&mut it, a, "a branch name")?),
            "--tag" => tag = Some(value(&mut it, a, "a tag name")?),
            "--base" => base = Some(value(&mut it, a, "a branch name")?),
            "--types" => types = Some(value(&mut it, a, "an activity type (opened, closed, ...)")?),
            "--default-branch" => default_branch = value(&mut it, a, "a branch name")?,
            "--root" => root = PathBuf::from(value(&mut it, a, "a directory")?),
            "--json" => json = true,
            "--changed" => {
                let mut files = Vec::new();
                while let Some(f) = it.next_if(|f| !f.starts_with("--")) {
                    // Paths are matched from the repository root, as git names them.
                    files.push(f.trim_start_matches("./").to_owned());
                }
                if files.is_empty() {
                    return Err("--changed needs at least one file".to_owned());
                }
                changed.get_or_insert_with(Vec::new).extend(files);
            }
            "--changed-from-git" => from_git = Some(value(&mut it, a, "a revision range (BASE..HEAD)")?),
            "--draft" => match value(&mut it, a, "true or false")?.as_str() {
                "true" => values.push(("github.event.pull_request.draft".to_owned(), Value::Bool(true))),
                "false" => values.push(("github.event.pull_request.draft".to_owned(), Value::Bool(false))),
                other => return Err(format!("--draft takes true or false, not `{other}`")),
            },
            "--set" => {
                let v = value(&mut it, a, "PATH=VALUE")?;
                let Some((path, val)) = v.split_once('=') else {
                    return Err(format!("--set takes PATH=VALUE (e.g. github.repository=octo/x), not `{v}`"));
                };
                values.push((path.trim().to_owned(), Value::parse(val)));
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if branch.is_some() && tag.is_some() {
        return Err("--branch and --tag name the same ref: give one".to_owned());
    }
    if let Some(range) = from_git {
        if changed.is_some() {
            return Err("--changed and --changed-from-git both give the changed files: give one".to_owned());
        }
        changed = Some(git_changed(&root, &range)?);
    }
    let pull_request_like = matches!(name.as_str(), "pull_request" | "pull_request_target");
    let mut event = Event::new(name.clone()).default_branch(default_branch.clone());
    event.git_ref = match (branch, tag) {
        (Some(b), _) => Some(ci_model::simulate::GitRef::Branch(b)),
        (_, Some(t)) => Some(ci_model::simulate::GitRef::Tag(t)),
        // A push or a manual run without a ref: the default branch.
        (None, None) if matches!(name.as_str(), "push" | "workflow_dispatch") => {
            Some(ci_model::simulate::GitRef::Branch(default_branch.clone()))
        }
        (None, None) => None,
    };
    if pull_request_like {
        event.base = Some(base.unwrap_or(default_branch));
        event.activity = Some(types.unwrap_or_else(|| DEFAULT_PULL_REQUEST_TYPES[0].to_owned()));
    } else {
        event.base = base;
        event.activity = types;
    }
    event.changed = changed;
    event.values = values.into_iter().collect();
    Ok(Args { event, json })
}

/// `git diff --name-only -z <range>` in `root`.
fn git_changed(root: &Path, range: &str) -> Result<Vec<String>, String> {
    if range.starts_with('-') {
        return Err(format!("--changed-from-git takes a revision range such as origin/main..HEAD, not `{range}`"));
    }
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["diff", "--name-only", "-z", range, "--"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git diff --name-only {range} failed in {}: {}",
            root.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).split('\0').filter(|f| !f.is_empty()).map(str::to_owned).collect())
}

/// Runs `affected` with the arguments after it; prints to `out`/`err` and
/// returns the exit status (0, 1 when a workflow cannot be simulated, 2 on a
/// usage error or when git fails).
pub fn command(files: &Files, root: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let args = match parse_args(args, root) {
        Ok(a) => a,
        Err(msg) => {
            let _ = writeln!(err, "error: {msg}\n\n{USAGE}");
            return 2;
        }
    };
    match simulate(files, &args.event) {
        Ok(report) => {
            let text = if args.json { json(&report) } else { text(&args.event, &report) };
            let _ = write!(out, "{text}");
            0
        }
        Err(errors) => {
            for (file, e) in errors {
                let _ = writeln!(err, "error: {file}: {e}");
            }
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Event, String> {
        let list: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        parse_args(&list, Path::new(".")).map(|a| a.event)
    }

    #[test]
    fn pull_requests_default_to_opened_into_the_default_branch() {
        let e = args(&["--event", "pull_request", "--branch", "fix", "--changed", "a", "./b"]).unwrap();
        assert_eq!(e.base.as_deref(), Some("main"));
        assert_eq!(e.activity.as_deref(), Some("opened"));
        assert_eq!(e.changed, Some(vec!["a".to_owned(), "b".to_owned()]));
        let e = args(&["--event", "pull_request", "--base", "master", "--types", "closed"]).unwrap();
        assert_eq!(e.base.as_deref(), Some("master"));
        assert_eq!(e.activity.as_deref(), Some("closed"));
    }

    #[test]
    fn pushes_default_to_the_default_branch() {
        let e = args(&["--default-branch", "master"]).unwrap();
        assert_eq!(e.name, "push");
        assert_eq!(e.git_ref, Some(ci_model::simulate::GitRef::Branch("master".into())));
        let e = args(&["--tag", "v1"]).unwrap();
        assert_eq!(e.git_ref, Some(ci_model::simulate::GitRef::Tag("v1".into())));
    }

    #[test]
    fn values_and_errors() {
        let e = args(&["--event", "pull_request", "--draft", "true", "--set", "github.repository=o/r"]).unwrap();
        assert_eq!(e.values.get("github.event.pull_request.draft"), Some(&Value::Bool(true)));
        assert_eq!(e.values.get("github.repository"), Some(&Value::from("o/r")));
        assert_eq!(
            args(&["--branch", "a", "--tag", "b"]).unwrap_err(),
            "--branch and --tag name the same ref: give one"
        );
        assert_eq!(args(&["--changed"]).unwrap_err(), "--changed needs at least one file");
        assert_eq!(args(&["--draft", "maybe"]).unwrap_err(), "--draft takes true or false, not `maybe`");
        assert_eq!(args(&["--nope"]).unwrap_err(), "unknown argument `--nope`");
        assert!(args(&["--changed-from-git", "--output=x"]).unwrap_err().starts_with("--changed-from-git takes"));
    }

    #[test]
    fn json_is_valid_and_keeps_the_documented_keys() {
        let files = crate::platform::files();
        let report = simulate(&files, &Event::push("main").changed(["README.md"])).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&json(&report)).unwrap();
        let first = &parsed["workflows"][0];
        assert_eq!(first["file"], "ci-tests-coverage.yml");
        assert_eq!(first["runs"], true);
        assert_eq!(first["jobs"][0]["id"], "test-and-coverage");
        assert_eq!(json(&[]), "{\n  \"workflows\": []\n}\n");
    }
}
