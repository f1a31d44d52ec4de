//! `review`: what a change does to CI, by meaning rather than by line.
//!
//! The workflows and actions at a git ref (by default the merge base with the
//! default branch; read with `git show`, nothing is checked out) are compared
//! with those in the working tree (or, for a generator, with what it would
//! write now). Each file is read with ci-model's lossless parser, and each
//! change is put in an [`Area`] with a [`Severity`], security first:
//!
//! - triggers: events added or removed, filters widened or narrowed
//!   (`pull_request_target` and `workflow_run` called out);
//! - permissions: per job and scope, raised or lowered, counting what a job
//!   inherits from the workflow;
//! - third-party code: actions added or removed, pins moved (and a commit
//!   that changed under an unchanged version), container and service images;
//! - secrets and environments: secrets newly read (and whether runs started
//!   from forks can read them), `secrets: inherit`, environments;
//! - what runs: jobs added or removed, `needs`, `if:`, runners, matrix size,
//!   timeouts, steps;
//! - files added, removed or renamed, and changes of comments or layout only.
//!
//! ```
//! use ci_gen::review::{Area, Severity, review_texts};
//!
//! let old = "on: pull_request\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: make\n";
//! let new = old.replace("permissions: {}", "permissions:\n  contents: write").replace("on: pull_request", "on: [pull_request, pull_request_target]");
//! let files = review_texts(&[("ci.yml", Some(old), Some(new.as_str()))]);
//! let changes = &files[0].changes;
//! assert_eq!((changes[0].severity, changes[0].area), (Severity::High, Area::Triggers));
//! assert!(changes[0].message.contains("`pull_request_target`"));
//! assert_eq!((changes[1].severity, changes[1].area), (Severity::High, Area::Permissions));
//! assert_eq!(changes[1].message, "token permissions raised: `contents` none → write (through the workflow's `permissions:`)");
//! ```
//!
//! The JSON form (`--format json`) is an object `{"base", "files"}`; each
//! file is `{"path", "status", "renamed_from", "note", "changes"}` (`status`:
//! `added`, `removed`, `modified`, `renamed`; `note`: a sentence or null), and
//! each change `{"severity", "area", "job", "message", "old_line",
//! "new_line"}` (`severity`: `high`, `medium`, `low`, `info`; `area`:
//! `triggers`, `permissions`, `third-party`, `secrets`, `runs`, `file`; lines
//! from 1, or null on the side the change is not on). Keys are only ever
//! added.

mod compare;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Arg, ArgAction, ArgMatches, value_parser};

use crate::cli::{display_path, escape_controls};
use crate::files::Files;

/// How much a change matters for review, most first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Security-relevant: more privilege, more reach, new or moved code.
    High,
    /// Worth a reviewer's look.
    Medium,
    /// Wider or different runs.
    Low,
    /// Narrower runs, removals, bookkeeping.
    Info,
}

impl Severity {
    /// The name in reports and JSON.
    ///
    /// ```
    /// assert_eq!(ci_gen::review::Severity::High.as_str(), "high");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

/// What a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    /// `on:`.
    Triggers,
    /// The token's `permissions:`.
    Permissions,
    /// Actions, reusable workflows and images from elsewhere.
    ThirdParty,
    /// Secrets, `secrets: inherit` and environments.
    Secrets,
    /// Jobs, their conditions, runners, matrices, timeouts and steps.
    Runs,
    /// The file itself: added, removed, renamed, unreadable.
    File,
}

impl Area {
    /// The name in reports and JSON.
    ///
    /// ```
    /// assert_eq!(ci_gen::review::Area::ThirdParty.as_str(), "third-party");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Triggers => "triggers",
            Area::Permissions => "permissions",
            Area::ThirdParty => "third-party",
            Area::Secrets => "secrets",
            Area::Runs => "runs",
            Area::File => "file",
        }
    }
}

/// One change, with the lines it is on in each version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// How much it matters.
    pub severity: Severity,
    /// What it is about.
    pub area: Area,
    /// The job it is in, if any.
    pub job: Option<String>,
    /// What changed, in a sentence.
    pub message: String,
    /// The line in the old version, from 1.
    pub old_line: Option<usize>,
    /// The line in the new version, from 1.
    pub new_line: Option<usize>,
}

/// What happened to a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileStatus {
    /// New in the working tree.
    Added,
    /// Gone from the working tree.
    Removed,
    /// In both, with different bytes.
    Modified,
    /// Moved from another path (the same workflow, by name or content).
    Renamed {
        /// The old path.
        from: String,
    },
}

impl FileStatus {
    fn as_str(&self) -> &'static str {
        match self {
            FileStatus::Added => "added",
            FileStatus::Removed => "removed",
            FileStatus::Modified => "modified",
            FileStatus::Renamed { .. } => "renamed",
        }
    }
}

/// The review of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReview {
    /// The path (the new one for a renamed file).
    pub path: String,
    /// What happened to it.
    pub status: FileStatus,
    /// Its changes, most severe first, then in document order.
    pub changes: Vec<Change>,
    /// A remark when there is nothing semantic to list (comments or layout
    /// only).
    pub note: Option<String>,
}

/// Whether a path is an action's metadata (else a workflow).
fn is_action(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "action.yml" || name == "action.yaml"
}

/// A workflow's `name:`, to pair a removed file with an added one.
fn workflow_name(text: &str) -> Option<String> {
    ci_model::Workflow::parse(text).ok()?.name.map(|n| n.to_string())
}

/// Reviews files given as `(path, old text, new text)` (`None` where a side
/// lacks the file); files whose texts are equal are left out. Sorted by path.
///
/// ```
/// use ci_gen::review::{FileStatus, review_texts};
///
/// let a = "on: push\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: make\n";
/// let b = "on: push\n\n# tests\njobs:\n  t: {runs-on: x, steps: [{run: make}]}\n";
/// let files = review_texts(&[("ci.yml", Some(a), Some(b)), ("gone.yml", Some(a), None)]);
/// assert_eq!(files[0].note.as_deref(), Some("comments or layout only: no semantic change"));
/// assert_eq!(files[1].status, FileStatus::Removed);
/// ```
pub fn review_texts(files: &[(&str, Option<&str>, Option<&str>)]) -> Vec<FileReview> {
    let mut out = Vec::new();
    // Pair removed files with added ones: the same bytes, else the same `name:`.
    let removed: Vec<(&str, &str)> =
        files.iter().filter_map(|(p, o, n)| if n.is_none() { o.map(|o| (*p, o)) } else { None }).collect();
    let mut renamed: BTreeMap<&str, &str> = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (path, old, new) in files {
        let (None, Some(new)) = (old, new) else { continue };
        let found = removed
            .iter()
            .find(|(p, o)| !taken.contains(p) && o == new)
            .or_else(|| {
                let name = workflow_name(new)?;
                removed.iter().find(|(p, o)| !taken.contains(p) && workflow_name(o).as_deref() == Some(name.as_str()))
            })
            .map(|(p, _)| *p);
        if let Some(from) = found {
            taken.insert(from);
            renamed.insert(path, from);
        }
    }
    let old_of = |p: &str| files.iter().find(|(q, ..)| *q == p).and_then(|(_, o, _)| *o);
    for (path, old, new) in files {
        let (status, old, new) = match (old, new) {
            (Some(_), None) if taken.contains(path) => continue,
            (Some(o), None) => (FileStatus::Removed, Some(*o), None),
            (None, Some(n)) => match renamed.get(path) {
                Some(from) => (FileStatus::Renamed { from: (*from).to_owned() }, old_of(from), Some(*n)),
                None => (FileStatus::Added, None, Some(*n)),
            },
            (Some(o), Some(n)) if o == n => continue,
            (Some(o), Some(n)) => (FileStatus::Modified, Some(*o), Some(*n)),
            (None, None) => continue,
        };
        out.push(review_file(path, status, old, new));
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

fn file_change(severity: Severity, message: String, old_line: Option<usize>, new_line: Option<usize>) -> Change {
    Change { severity, area: Area::File, job: None, message, old_line, new_line }
}

fn review_file(path: &str, status: FileStatus, old: Option<&str>, new: Option<&str>) -> FileReview {
    let action = is_action(path);
    // A new or removed file is compared with an empty one, so that what it
    // brings (triggers, permissions, actions, secrets) is listed too.
    let empty = if action { "runs:\n  using: composite\n  steps: []\n" } else { "on: {}\njobs: {}\n" };
    let mut changes = Vec::new();
    let mut note = None;
    match &status {
        FileStatus::Added => changes.push(file_change(Severity::Low, "new file".to_owned(), None, Some(1))),
        FileStatus::Removed => changes.push(file_change(Severity::Info, "file removed".to_owned(), Some(1), None)),
        FileStatus::Renamed { from } => {
            changes.push(file_change(
                Severity::Info,
                format!("renamed from {}", escape_controls(from)),
                Some(1),
                Some(1),
            ));
        }
        FileStatus::Modified => {}
    }
    let (a, b) = (old.unwrap_or(empty), new.unwrap_or(empty));
    if status != FileStatus::Removed && a != b {
        let compared = if action { compare::actions(a, b) } else { compare::workflows(a, b) };
        match compared {
            Ok(mut found) => {
                // The empty stand-in for a new file has no lines to point at.
                if old.is_none() {
                    found.iter_mut().for_each(|c| c.old_line = None);
                }
                if found.is_empty() {
                    note = Some(if compare::same_values(a, b) {
                        "comments or layout only: no semantic change".to_owned()
                    } else {
                        "changes outside what review compares (names, env, other keys)".to_owned()
                    });
                }
                changes.append(&mut found);
            }
            Err(e) => changes.push(file_change(Severity::Medium, e, None, None)),
        }
    }
    changes.sort_by_key(|c| c.severity);
    FileReview { path: path.to_owned(), status, changes, note }
}

// ---------------------------------------------------------------------------
// Reading both sides.

/// Why a review could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// A git command failed.
    #[error("git {args}: {message}")]
    Git {
        /// The arguments.
        args: String,
        /// git's message.
        message: String,
    },
    /// A file of the working tree could not be read.
    #[error("{}: {message}", display_path(.path))]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        message: String,
    },
}

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, ReviewError> {
    let fail = |message: String| ReviewError::Git { args: escape_controls(&args.join(" ")).into_owned(), message };
    let out = Command::new("git").arg("-C").arg(root).args(args).output().map_err(|e| fail(e.to_string()))?;
    if !out.status.success() {
        return Err(fail(escape_controls(String::from_utf8_lossy(&out.stderr).trim()).into_owned()));
    }
    Ok(out.stdout)
}

fn git_text(root: &Path, args: &[&str]) -> Result<String, ReviewError> {
    Ok(String::from_utf8_lossy(&git(root, args)?).trim().to_owned())
}

/// The commit to compare with: the merge base of `HEAD` and `base` (or, by
/// default, the default branch: `origin/HEAD`, else `main`, else `master`).
pub fn base_commit(root: &Path, base: Option<&str>) -> Result<String, ReviewError> {
    let candidates: Vec<&str> = match base {
        Some(b) => vec![b],
        None => vec!["origin/HEAD", "main", "master"],
    };
    let mut last = None;
    for c in candidates {
        let spec = format!("{c}^{{commit}}");
        match git_text(root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec]) {
            Ok(commit) => {
                return Ok(git_text(root, &["merge-base", "HEAD", &commit]).unwrap_or(commit));
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or(ReviewError::Git { args: "rev-parse".to_owned(), message: "no base".to_owned() }))
}

/// Whether `path` is a file review reads: a workflow directly under a
/// `workflows/` folder, or an `action.yml`/`action.yaml`.
fn reviewed(path: &str) -> bool {
    let yaml = path.ends_with(".yml") || path.ends_with(".yaml");
    let in_workflows = path.rsplit_once('/').is_some_and(|(dir, _)| dir == "workflows" || dir.ends_with("/workflows"));
    yaml && (in_workflows || is_action(path))
}

fn under(path: &str, prefixes: &[String]) -> bool {
    prefixes.iter().any(|p| {
        let p = p.trim_end_matches('/');
        p.is_empty() || p == "." || path == p || path.starts_with(&format!("{p}/"))
    })
}

/// The reviewed files at `commit` under `prefixes`, with their texts.
fn at_commit(root: &Path, commit: &str, prefixes: &[String]) -> Result<BTreeMap<String, String>, ReviewError> {
    let listing = git(root, &["ls-tree", "-r", "-z", "--name-only", commit])?;
    let mut out = BTreeMap::new();
    for name in listing.split(|b| *b == 0).filter(|n| !n.is_empty()) {
        let name = String::from_utf8_lossy(name).into_owned();
        if reviewed(&name) && under(&name, prefixes) {
            let bytes = git(root, &["show", &format!("{commit}:{name}")])?;
            out.insert(name, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(out)
}

/// The reviewed files of the working tree under `prefixes`.
fn in_worktree(root: &Path, prefixes: &[String]) -> Result<BTreeMap<String, String>, ReviewError> {
    let mut out = BTreeMap::new();
    let mut todo: Vec<PathBuf> = prefixes.iter().map(|p| root.join(p)).collect();
    // Symbolic links are not followed: what git stores for one is its target's name.
    while let Some(path) = todo.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
        let io = |e: std::io::Error| ReviewError::Io { path: path.clone(), message: e.to_string() };
        if meta.is_dir() {
            for e in std::fs::read_dir(&path).map_err(io)?.flatten() {
                todo.push(e.path());
            }
        } else if meta.is_file() {
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if reviewed(&rel) {
                out.insert(rel, std::fs::read_to_string(&path).map_err(io)?);
            }
        }
    }
    Ok(out)
}

/// The review of everything under `prefixes` (default `.github`) between
/// `base` (a commit) and the working tree, with `generated` (a generator's
/// rendered files, by path) in place of the files on disk.
pub fn review(
    root: &Path,
    base: &str,
    prefixes: &[String],
    generated: &BTreeMap<String, String>,
) -> Result<Vec<FileReview>, ReviewError> {
    let old = at_commit(root, base, prefixes)?;
    let mut new = in_worktree(root, prefixes)?;
    for (path, text) in generated {
        if reviewed(path) && under(path, prefixes) {
            new.insert(path.clone(), text.clone());
        }
    }
    let paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let triples: Vec<(&str, Option<&str>, Option<&str>)> = paths
        .into_iter()
        .map(|p| (p.as_str(), old.get(p).map(String::as_str), new.get(p).map(String::as_str)))
        .collect();
    Ok(review_texts(&triples))
}

// ---------------------------------------------------------------------------
// Reports.

fn lines(c: &Change) -> String {
    let n = |l: Option<usize>| l.map_or("-".to_owned(), |l| l.to_string());
    format!("{}→{}", n(c.old_line), n(c.new_line))
}

fn heading(f: &FileReview) -> String {
    match &f.status {
        FileStatus::Renamed { from } => {
            format!("{} (renamed from {})", escape_controls(&f.path), escape_controls(from))
        }
        s => format!("{} ({})", escape_controls(&f.path), s.as_str()),
    }
}

/// Counts by severity, for the last line.
fn summary(files: &[FileReview]) -> String {
    let count = |s: Severity| files.iter().flat_map(|f| &f.changes).filter(|c| c.severity == s).count();
    let n = files.len();
    format!(
        "{n} file{} changed: {} high, {} medium, {} low, {} info",
        if n == 1 { "" } else { "s" },
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        count(Severity::Info)
    )
}

/// The review as text, one line per change: severity, area, job, message,
/// and the lines (old → new).
///
/// ```
/// let files = ci_gen::review::review_texts(&[("w.yml", None, Some("on: push\njobs: {}\n"))]);
/// let text = ci_gen::review::text("abc123", &files);
/// assert!(text.contains("w.yml (added)\n"), "{text}");
/// assert!(text.contains("low     triggers     now also runs on `push`"), "{text}");
/// ```
pub fn text(base: &str, files: &[FileReview]) -> String {
    let mut s = format!("CI changes since {}\n", escape_controls(base));
    if files.is_empty() {
        s.push_str("\nno workflow or action changed\n");
        return s;
    }
    for f in files {
        s.push_str(&format!("\n{}\n", heading(f)));
        for c in &f.changes {
            let job = c.job.as_deref().map(|j| format!("job `{}`: ", escape_controls(j))).unwrap_or_default();
            s.push_str(&format!(
                "  {:<7} {:<12} {job}{} [{}]\n",
                c.severity.as_str(),
                c.area.as_str(),
                escape_controls(&c.message),
                lines(c)
            ));
        }
        if let Some(n) = &f.note {
            s.push_str(&format!("  {n}\n"));
        }
    }
    s.push_str(&format!("\n{}\n", summary(files)));
    s
}

/// Markdown with `|` and line breaks escaped, for a table cell.
///
/// What a pull request writes (job, step, secret and action names) ends up
/// in the job summary, so HTML is written as text (`&lt;img ...&gt;` shows,
/// it does not load) and `|` cannot end a cell.
fn cell(text: &str) -> String {
    escape_controls(text).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('|', "\\|")
}

/// The review as Markdown, for `$GITHUB_STEP_SUMMARY`: a table per file.
///
/// ```
/// let files = ci_gen::review::review_texts(&[("w.yml", None, Some("on: push\njobs: {}\n"))]);
/// let md = ci_gen::review::markdown("abc123", &files);
/// assert!(md.starts_with("## CI changes since `abc123`\n"));
/// assert!(md.contains("| low | triggers |  | now also runs on `push` | -→1 |"), "{md}");
/// ```
pub fn markdown(base: &str, files: &[FileReview]) -> String {
    let mut s = format!("## CI changes since `{}`\n\n", cell(base));
    if files.is_empty() {
        s.push_str("No workflow or action changed.\n");
        return s;
    }
    s.push_str(&format!("{}\n", summary(files)));
    for f in files {
        s.push_str(&format!("\n### `{}`\n\n", cell(&heading(f))));
        if !f.changes.is_empty() {
            s.push_str("| Severity | Area | Job | Change | Lines |\n|---|---|---|---|---|\n");
            for c in &f.changes {
                s.push_str(&format!(
                    "| {} | {} | {} | {} | {} |\n",
                    c.severity.as_str(),
                    c.area.as_str(),
                    c.job.as_deref().map(cell).unwrap_or_default(),
                    cell(&c.message),
                    lines(c)
                ));
            }
        }
        if let Some(n) = &f.note {
            s.push_str(&format!("\n{n}\n"));
        }
    }
    s
}

/// The review as JSON (see the module documentation for its keys).
///
/// ```
/// let files = ci_gen::review::review_texts(&[("w.yml", None, Some("on: push\njobs: {}\n"))]);
/// let v: serde_json::Value = serde_json::from_str(&ci_gen::review::json("abc", &files)).unwrap();
/// assert_eq!(v["files"][0]["status"], "added");
/// assert_eq!(v["files"][0]["changes"][1]["area"], "triggers");
/// ```
pub fn json(base: &str, files: &[FileReview]) -> String {
    use serde_json::{Value, json};
    let files: Vec<Value> = files
        .iter()
        .map(|f| {
            let changes: Vec<Value> = f
                .changes
                .iter()
                .map(|c| {
                    json!({
                        "severity": c.severity.as_str(),
                        "area": c.area.as_str(),
                        "job": c.job,
                        "message": c.message,
                        "old_line": c.old_line,
                        "new_line": c.new_line,
                    })
                })
                .collect();
            let from = match &f.status {
                FileStatus::Renamed { from } => Some(from.clone()),
                _ => None,
            };
            json!({"path": f.path, "status": f.status.as_str(), "renamed_from": from, "note": f.note, "changes": changes})
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({"base": base, "files": files})).unwrap_or_default();
    s.push('\n');
    s
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let job = self.job.as_deref().map(|j| format!("job `{j}`: ")).unwrap_or_default();
        write!(f, "{} {}: {job}{}", self.severity.as_str(), self.area.as_str(), self.message)
    }
}

// ---------------------------------------------------------------------------
// The command.

/// `review`'s arguments.
pub(crate) fn subcommand() -> clap::Command {
    crate::cli::with_help(clap::Command::new("review"))
        .about("what the CI changes since a git ref do: triggers, permissions, third-party code, secrets, runs")
        .arg(
            Arg::new("base")
                .long("base")
                .value_name("REF")
                .help("compare with the merge base of HEAD and REF (default: the default branch)"),
        )
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["text", "markdown", "json"])
                .default_value("text")
                .help("text, markdown (for $GITHUB_STEP_SUMMARY) or json"),
        )
        .arg(
            Arg::new("path")
                .value_name("PATH")
                .num_args(0..)
                .action(ArgAction::Append)
                .value_parser(value_parser!(String))
                .help("folders or files to review, relative to the root (default: .github)"),
        )
}

/// Runs `review` with its parsed arguments; prints the report to `out` and
/// returns the exit status (0, or 2 when git or a file cannot be read).
pub(crate) fn run(files: &Files, root: &Path, m: &ArgMatches, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let prefixes: Vec<String> =
        m.get_many::<String>("path").map(|v| v.cloned().collect()).unwrap_or_else(|| vec![".github".to_owned()]);
    let base = match base_commit(root, m.get_one::<String>("base").map(String::as_str)) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "error: {e}\nname the commit to compare with: --base REF");
            return 2;
        }
    };
    // A generator compares what it would write now.
    let generated: BTreeMap<String, String> = match files.render() {
        Ok(rendered) => rendered.into_iter().map(|r| (r.path, r.bytes)).collect(),
        Err(_) => BTreeMap::new(),
    };
    let reviews = match review(root, &base, &prefixes, &generated) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    let short = base.get(..12).unwrap_or(&base);
    let report = match m.get_one::<String>("format").map(String::as_str) {
        Some("markdown") => markdown(short, &reviews),
        Some("json") => json(&base, &reviews),
        _ => text(short, &reviews),
    };
    let _ = out.write_all(report.as_bytes());
    0
}
