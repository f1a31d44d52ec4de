//! `ci-gen affected`: which of the generated workflows, and which of their
//! jobs, an event would run, before anything is pushed.
//!
//! The rules are `ci-model`'s ([`ci_model::simulate`]); this module turns
//! command-line arguments into an [`Event`], runs every workflow of a
//! generator's [`Files`] through [`Workflow::simulate`], and prints the
//! verdicts as text or JSON.
//!
//! ```
//! use ci_gen::{Files, affected};
//! use ci_model::simulate::{Event, Outcome};
//! use ci_model::{Job, NullOr, Permissions, PullRequestFilter, Step, Workflow};
//!
//! let on_paths = |name: &str, path: &str| {
//!     let filter = PullRequestFilter::new().branches(["main"]).paths([path]);
//!     Workflow::new(name)
//!         .on_pull_request_with(filter)
//!         .permissions(Permissions::none())
//!         .job("t", Job::new("ubuntu-latest").timeout_minutes(5).step(Step::run("true")))
//! };
//! let files = Files::new("cargo run -p my-ci")
//!     .workflow("docs.yml", on_paths("Docs", "docs/**"))
//!     .workflow("docker.yml", on_paths("Docker", "Dockerfile"));
//! let docs_only = Event::pull_request("main").head("docs-typo").changed(["docs/GETTING_STARTED.md"]);
//! let report = affected::simulate(&files, &docs_only).unwrap();
//! let runs = |file: &str| report.iter().find(|w| w.file == file).map(|w| w.verdict.outcome);
//! assert_eq!(runs("docs.yml"), Some(Outcome::Runs));
//! assert_eq!(runs("docker.yml"), Some(Outcome::Skipped));
//! ```

use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};

use ci_model::diagnostic::{Names, Suggestion, closest};
use ci_model::expression::{Ast, CONTEXTS, Index};
use ci_model::simulate::{DEFAULT_PULL_REQUEST_TYPES, Event, Outcome, SimulateError, Value, WorkflowVerdict};
use ci_model::{Triggers, Workflow};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::cli::{display_path, escape_controls};
use crate::files::Files;

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
/// decided, then the jobs of those that run or may run. What the event and
/// the models name (branches, changed files, the reasons that quote them) is
/// printed with control characters escaped ([`escape_controls`]).
///
/// ```
/// use ci_gen::{Files, affected};
/// use ci_model::simulate::Event;
/// use ci_model::{Job, Permissions, Step, Workflow};
///
/// let files = Files::new("cargo run -p my-ci").workflow(
///     "ci.yml",
///     Workflow::new("CI")
///         .on_push()
///         .permissions(Permissions::none())
///         .job("t", Job::new("ubuntu-latest").timeout_minutes(5).step(Step::run("true"))),
/// );
/// let event = Event::push("main").changed(["docs/a\x1b[2J.md"]);
/// let text = affected::text(&event, &affected::simulate(&files, &event).unwrap());
/// assert!(text.contains("1 changed file: docs/a\\u{1b}[2J.md"), "{text}");
/// assert!(!text.contains('\x1b'));
/// ```
pub fn text(event: &Event, report: &[Affected]) -> String {
    let mut s = format!("{}; {}\n\n", escape_controls(&event.to_string()), changed_summary(event.changed.as_deref()));
    for w in report {
        let name = w.name.as_deref().map(|n| format!(" ({})", escape_controls(n))).unwrap_or_default();
        s.push_str(&format!("{:<8} {}{name}\n", w.verdict.outcome.as_str(), escape_controls(&w.file)));
        s.push_str(&format!("         {}\n", escape_controls(&w.verdict.reason)));
        if w.verdict.outcome != Outcome::Skipped {
            for j in &w.verdict.jobs {
                let reason = j.reason.as_deref().map(|r| format!(": {}", escape_controls(r))).unwrap_or_default();
                s.push_str(&format!("         - {:<8} {}{reason}\n", j.outcome.as_str(), escape_controls(&j.id)));
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
        Some([one]) => format!("1 changed file: {}", display_path(one)),
        Some(files) if files.len() <= 5 => format!(
            "{} changed files: {}",
            files.len(),
            files.iter().map(|f| display_path(f)).collect::<Vec<_>>().join(", ")
        ),
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

/// A value of `affected`'s arguments that cannot be simulated.
#[derive(Debug, thiserror::Error)]
enum ArgError {
    /// An event GitHub does not define.
    #[error("unknown event `{}`{}", escape_controls(.event), Tail(.suggestion, "the events are", &Names::of(Triggers::EVENTS)))]
    UnknownEvent {
        /// The event.
        event: String,
        /// The closest event.
        suggestion: Suggestion,
    },
    /// An activity type the event does not have.
    #[error("`{event}` has no activity type `{}`{}", escape_controls(.value), Tail(.suggestion, "its types are", .types))]
    UnknownActivityType {
        /// The event.
        event: String,
        /// The type.
        value: String,
        /// The closest type.
        suggestion: Suggestion,
        /// The event's types.
        types: Names,
    },
    /// `--types` for an event that has none.
    #[error("`{event}` has no activity types, so --types does not apply to it")]
    NoActivityTypes {
        /// The event.
        event: String,
    },
    /// `--set` without `PATH=`.
    #[error("`{}` is not PATH=VALUE; --set takes e.g. github.repository=octo/repo", escape_controls(.arg))]
    NotAnAssignment {
        /// The argument.
        arg: String,
    },
    /// `--set` whose path does not start with a context.
    #[error(
        "`{}` does not start with a context: `{}` is not one{}",
        escape_controls(.path),
        escape_controls(.context),
        Tail(.suggestion, "the contexts are", &Names::of(CONTEXTS))
    )]
    UnknownContext {
        /// The path.
        path: String,
        /// Its first segment.
        context: String,
        /// The closest context.
        suggestion: Suggestion,
    },
    /// `--set` whose path is not names joined by dots.
    #[error(
        "`{}` is not a context path; write names joined by dots, e.g. github.event.pull_request.draft",
        escape_controls(.path)
    )]
    NotAPath {
        /// The path.
        path: String,
    },
    /// `--changed-from-git` that git would read as an option.
    #[error("--changed-from-git takes a revision range such as origin/main..HEAD, not `{}`", escape_controls(.range))]
    NotARange {
        /// The argument.
        range: String,
    },
    /// `--root` that cannot be used.
    #[error(transparent)]
    Root(#[from] crate::cli::RootError),
    /// `git diff` could not say what changed.
    #[error("{0}")]
    Git(String),
}

impl ArgError {
    /// Whether the arguments themselves are wrong (shown with the usage).
    fn is_usage(&self) -> bool {
        !matches!(self, ArgError::Root(_) | ArgError::Git(_))
    }
}

/// `; did you mean `x`?`, else `; <intro> `a`, `b``.
struct Tail<'a>(&'a Suggestion, &'a str, &'a Names);

impl std::fmt::Display for Tail<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0.0 {
            Some(_) => write!(f, "{}", self.0),
            None => write!(f, "; {} {}", self.1, self.2),
        }
    }
}

/// `--event`: one of the events GitHub defines ([`Triggers::EVENTS`]).
fn event_name(text: &str) -> Result<String, ArgError> {
    if Triggers::EVENTS.contains(&text) {
        Ok(text.to_owned())
    } else {
        Err(ArgError::UnknownEvent {
            event: text.to_owned(),
            suggestion: Suggestion(closest(text, Triggers::EVENTS.iter().copied())),
        })
    }
}

/// `--types`: one of the event's activity types ([`Triggers::activity_types`]);
/// any string for an event whose types are free (`repository_dispatch`).
fn activity_type(event: &str, value: &str) -> Result<(), ArgError> {
    match Triggers::activity_types(event) {
        None => Ok(()),
        Some([]) => Err(ArgError::NoActivityTypes { event: event.to_owned() }),
        Some(types) if types.contains(&value) => Ok(()),
        Some(types) => Err(ArgError::UnknownActivityType {
            event: event.to_owned(),
            value: value.to_owned(),
            suggestion: Suggestion(closest(value, types.iter().copied())),
            types: Names::of(types),
        }),
    }
}

/// `--set PATH=VALUE`: a context path (`github.repository`, `inputs.dry-run`)
/// and a value ([`Value::parse`]).
fn assignment(text: &str) -> Result<(String, Value), ArgError> {
    let Some((path, value)) = text.split_once('=') else {
        return Err(ArgError::NotAnAssignment { arg: text.to_owned() });
    };
    let path = path.trim();
    if path.is_empty() {
        return Err(ArgError::NotAnAssignment { arg: text.to_owned() });
    }
    let context = path.split('.').next().unwrap_or(path);
    if !CONTEXTS.iter().any(|c| c.eq_ignore_ascii_case(context)) {
        return Err(ArgError::UnknownContext {
            path: path.to_owned(),
            context: context.to_owned(),
            suggestion: Suggestion(closest(context, CONTEXTS.iter().copied())),
        });
    }
    // The model's expression parser decides what a name may hold; the
    // values are looked up by the dotted text, so nothing but names and dots.
    let dotted = |mut ast: &Ast| loop {
        match ast {
            Ast::Context(_) => return true,
            Ast::Index(base, index) if matches!(**index, Index::Property(_)) => ast = base,
            _ => return false,
        }
    };
    match Ast::parse(path) {
        Ok(ast) if dotted(&ast) && !path.contains(char::is_whitespace) => Ok((path.to_owned(), Value::parse(value))),
        _ => Err(ArgError::NotAPath { path: path.to_owned() }),
    }
}

/// `affected`'s arguments, for the command line and its help.
pub(crate) fn subcommand() -> Command {
    let value = |name: &'static str, value_name: &'static str, help: &'static str| {
        Arg::new(name).long(name).value_name(value_name).help(help)
    };
    crate::cli::with_help(Command::new("affected"))
        .about("which workflows and jobs an event would run, and what skips the others")
        .long_about(
            "which workflows and jobs an event would run, and the filter or `if:` that skips the others: \
             GitHub's trigger rules (branch, tag and path filters, activity types, each job's `if:` and \
             `needs:`), simulated on the models; `may run` names what the event alone cannot decide",
        )
        .arg(
            value("event", "EVENT", "the event: push (default), pull_request, pull_request_target, schedule, workflow_dispatch, or any other event GitHub defines")
                .value_parser(event_name),
        )
        .arg(
            value("branch", "B", "the pushed branch, or a pull request's head branch (a push or manual run without --branch or --tag uses the default branch)")
                .conflicts_with("tag"),
        )
        .arg(value("tag", "T", "the pushed tag"))
        .arg(value("base", "B", "a pull request's base branch (default: the default branch)"))
        .arg(value("types", "ACTIVITY", "the activity type, one of the event's (pull_request default: opened)"))
        .arg(
            value("changed", "FILE", "the changed files, from the repository root (without --changed or --changed-from-git, path filters give `may run`)")
                .num_args(1..)
                .action(ArgAction::Append),
        )
        .arg(
            value("changed-from-git", "BASE..HEAD", "the changed files from `git diff --name-only BASE..HEAD` in the root")
                .value_parser(revision_range)
                .conflicts_with("changed"),
        )
        .arg(value("default-branch", "B", "the repository's default branch").default_value("main"))
        .arg(value("draft", "BOOL", "whether the pull request is a draft").value_parser(value_parser!(bool)))
        .arg(
            value("set", "PATH=VALUE", "any other value an `if:` reads, by context path (e.g. github.repository=octo/repo); repeat for several")
                .action(ArgAction::Append)
                .value_parser(assignment),
        )
        .arg(
            value("root", "DIR", "the repository --changed-from-git runs git in (default: the generator's root)")
                .value_parser(value_parser!(PathBuf)),
        )
        .arg(crate::cli::flag(
            "json",
            "print {workflows: [{file, name, runs, reason, jobs: [{id, runs, reason}]}]} as JSON, with runs true, \
             false, or null for `may run`",
        ))
}

/// What the command line asked for.
#[derive(Debug)]
struct Args {
    event: Event,
    json: bool,
}

/// Reads the arguments after `affected`, as parsed.
fn parse_args(m: &ArgMatches, root: &Path) -> Result<Args, ArgError> {
    let string = |id: &str| m.get_one::<String>(id).cloned();
    let name = string("event").unwrap_or_else(|| "push".to_owned());
    let default_branch = string("default-branch").unwrap_or_else(|| "main".to_owned());
    let types = string("types");
    if let Some(t) = &types {
        activity_type(&name, t)?;
    }
    let root = match m.get_one::<PathBuf>("root") {
        Some(r) => {
            crate::cli::check_root(r)?;
            r.as_path()
        }
        None => root,
    };
    let mut changed: Option<Vec<String>> = m.get_many::<String>("changed").map(|files| {
        // Paths are matched from the repository root, as git names them.
        files.map(|f| f.trim_start_matches("./").to_owned()).collect()
    });
    if let Some(range) = m.get_one::<String>("changed-from-git") {
        changed = Some(git_changed(root, range).map_err(ArgError::Git)?);
    }
    let mut values = Vec::new();
    if let Some(draft) = m.get_one::<bool>("draft") {
        values.push(("github.event.pull_request.draft".to_owned(), Value::Bool(*draft)));
    }
    values.extend(m.get_many::<(String, Value)>("set").into_iter().flatten().cloned());
    let info = Triggers::info(&name);
    let pull_request_like = info.is_some_and(|i| i.pull_request);
    let mut event = Event::new(name.clone()).default_branch(default_branch.clone());
    event.git_ref = match (string("branch"), string("tag")) {
        (Some(b), _) => Some(ci_model::simulate::GitRef::Branch(b)),
        (_, Some(t)) => Some(ci_model::simulate::GitRef::Tag(t)),
        // A push or a manual run without a ref: the default branch.
        (None, None) if info.is_some_and(|i| i.on_ref) => {
            Some(ci_model::simulate::GitRef::Branch(default_branch.clone()))
        }
        (None, None) => None,
    };
    let base = string("base");
    if pull_request_like {
        event.base = Some(base.unwrap_or(default_branch));
        event.activity = Some(types.unwrap_or_else(|| DEFAULT_PULL_REQUEST_TYPES[0].to_owned()));
    } else {
        event.base = base;
        event.activity = types;
    }
    event.changed = changed;
    event.values = values.into_iter().collect();
    Ok(Args { event, json: m.get_flag("json") })
}

/// `--changed-from-git`: a revision range, which git must not read as an option.
fn revision_range(text: &str) -> Result<String, ArgError> {
    if text.starts_with('-') { Err(ArgError::NotARange { range: text.to_owned() }) } else { Ok(text.to_owned()) }
}

/// `git diff --name-only -z <range>` in `root`.
fn git_changed(root: &Path, range: &str) -> Result<Vec<String>, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["diff", "--name-only", "-z", range, "--"])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git diff --name-only {} failed in {}: {}",
            escape_controls(range),
            display_path(root),
            escape_controls(String::from_utf8_lossy(&output.stderr).trim())
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).split('\0').filter(|f| !f.is_empty()).map(str::to_owned).collect())
}

/// Runs `affected` with the arguments after it; prints to `out`/`err` and
/// returns the exit status (0, 1 when a workflow cannot be simulated, 2 on a
/// usage error or when git fails).
///
/// ```
/// let (mut out, mut err) = (Vec::new(), Vec::new());
/// let args = ["--event".to_owned(), "pushh".to_owned()];
/// let files = ci_gen::Files::new("cargo run -p my-ci");
/// let code = ci_gen::affected::command(&files, ".".as_ref(), &args, &mut out, &mut err);
/// assert_eq!(code, 2);
/// assert!(String::from_utf8_lossy(&err).contains("unknown event `pushh`; did you mean `push`?"));
/// ```
pub fn command(files: &Files, root: &Path, args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut cmd = subcommand();
    match crate::cli::parse(&mut cmd, args, out, err) {
        Ok(m) => run(files, root, &m, &mut cmd, out, err),
        Err(code) => code,
    }
}

/// Runs `affected` with its parsed arguments; `cmd` is the subcommand, for
/// the usage line of an error.
pub(crate) fn run(
    files: &Files,
    root: &Path,
    m: &ArgMatches,
    cmd: &mut Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let args = match parse_args(m, root) {
        Ok(a) => a,
        Err(e) if e.is_usage() => return crate::cli::usage_error(cmd, e, err),
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
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
                let _ = writeln!(err, "error: {}: {}", escape_controls(&file), escape_controls(&e.to_string()));
            }
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The event the arguments ask for, or the error message (clap's or ours).
    fn args(list: &[&str]) -> Result<Event, String> {
        let list: Vec<String> = list.iter().map(|s| (*s).to_owned()).collect();
        let m = subcommand().try_get_matches_from(std::iter::once("affected".to_owned()).chain(list));
        let m = m.map_err(|e| e.render().to_string())?;
        parse_args(&m, Path::new(".")).map(|a| a.event).map_err(|e| e.to_string())
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
        let e = args(&["--changed", "a", "--json", "--changed", "b"]).unwrap();
        assert_eq!(e.changed, Some(vec!["a".to_owned(), "b".to_owned()]));
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
        let e = args(&["--event", "workflow_dispatch", "--set", "inputs.dry-run=true", "--set", "vars.X=a=b"]).unwrap();
        assert_eq!(e.values.get("inputs.dry-run"), Some(&Value::Bool(true)));
        assert_eq!(e.values.get("vars.X"), Some(&Value::from("a=b")));
        let err = |list: &[&str]| args(list).unwrap_err();
        assert!(err(&["--branch", "a", "--tag", "b"]).contains("'--branch <B>' cannot be used with '--tag <T>'"));
        assert!(err(&["--changed"]).contains("a value is required for '--changed <FILE>...'"));
        assert!(err(&["--draft", "maybe"]).contains("invalid value 'maybe' for '--draft <BOOL>'"));
        assert!(err(&["--nope"]).contains("unexpected argument '--nope'"));
        assert!(err(&["--jsno"]).contains("tip: a similar argument exists: '--json'"));
        // git never sees an option where a range goes.
        assert!(err(&["--changed-from-git", "--output=x"]).contains("unexpected argument '--output'"));
        assert!(
            err(&["--changed-from-git=--output=x"]).contains(": --changed-from-git takes a revision range such as")
        );
    }

    #[test]
    fn events_and_activity_types_come_from_the_model() {
        let err = |list: &[&str]| args(list).unwrap_err();
        assert!(err(&["--event", "pushh"]).contains("unknown event `pushh`; did you mean `push`?"));
        assert!(err(&["--event", "zzzzzz"]).contains("unknown event `zzzzzz`; the events are `push`, `pull_request`"));
        assert_eq!(
            err(&["--event", "pull_request", "--types", "opend"]),
            "`pull_request` has no activity type `opend`; did you mean `opened`?"
        );
        assert!(
            err(&["--event", "release", "--types", "zzzzzz"])
                .starts_with("`release` has no activity type `zzzzzz`; its types are `published`, `unpublished`")
        );
        assert_eq!(err(&["--types", "opened"]), "`push` has no activity types, so --types does not apply to it");
        assert_eq!(
            args(&["--event", "check_suite", "--types", "completed"]).unwrap().activity.as_deref(),
            Some("completed")
        );
        // Custom types are free.
        let e = args(&["--event", "repository_dispatch", "--types", "deploy-staging"]).unwrap();
        assert_eq!(e.activity.as_deref(), Some("deploy-staging"));
    }

    #[test]
    fn set_needs_a_context_path() {
        assert_eq!(
            assignment("=x").unwrap_err().to_string(),
            "`=x` is not PATH=VALUE; --set takes e.g. github.repository=octo/repo"
        );
        assert_eq!(
            assignment("x").unwrap_err().to_string(),
            "`x` is not PATH=VALUE; --set takes e.g. github.repository=octo/repo"
        );
        assert_eq!(
            assignment("githb.repository=x").unwrap_err().to_string(),
            "`githb.repository` does not start with a context: `githb` is not one; did you mean `github`?"
        );
        assert!(assignment("nothing=x").unwrap_err().to_string().ends_with("; the contexts are `github`, `env`, `vars`, `job`, `jobs`, `steps`, `runner`, `secrets`, `strategy`, `matrix`, `needs`, `inputs`"));
        for bad in
            ["github.=x", "github..ref=x", "github.event[0]=x", "github.*=x", "github. ref=x", "github.event.a-b.c d=x"]
        {
            assert!(matches!(assignment(bad), Err(ArgError::NotAPath { .. })), "{bad}");
        }
        assert_eq!(assignment(" github.ref_name =main").unwrap(), ("github.ref_name".to_owned(), Value::from("main")));
        assert_eq!(assignment("github=null").unwrap(), ("github".to_owned(), Value::Null));
    }

    #[test]
    fn json_is_valid_and_keeps_the_documented_keys() {
        use ci_model::{Job, Permissions, Step};
        let job = Job::new("ubuntu-latest").timeout_minutes(5).step(Step::run("true"));
        let workflow = Workflow::new("CI").on_push().permissions(Permissions::none()).job("test-and-coverage", job);
        let files = Files::new("cargo run -p my-ci").workflow("ci.yml", workflow);
        let report = simulate(&files, &Event::push("main").changed(["README.md"])).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&json(&report)).unwrap();
        let first = &parsed["workflows"][0];
        assert_eq!(first["file"], "ci.yml");
        assert_eq!(first["runs"], true);
        assert_eq!(first["jobs"][0]["id"], "test-and-coverage");
        assert_eq!(json(&[]), "{\n  \"workflows\": []\n}\n");
    }
}
