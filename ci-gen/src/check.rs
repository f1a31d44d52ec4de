//! `check`: lint existing workflow and action YAML without adopting the
//! generator.
//!
//! `<generator> check [PATH...]` (default: `.github/` under the repository
//! root) finds every workflow (a `.yml`/`.yaml` file directly in a folder
//! named `workflows`) and every action metadata file (`action.yml` /
//! `action.yaml`) under the paths it is given (a file given by name is read
//! whatever its folder), parses each with ci-model's lossless parser,
//! validates it and runs the security lints, and reports every problem with
//! its file, line and column, the rule (or lint) that found it, and the
//! message. The exit status is 1 when any problem is an error, else 0
//! (warnings alone do not fail); 2 on a usage error or a path that cannot be
//! read.
//!
//! What is an error: every validation problem (a parse or type error, an
//! unknown key, a reference that does not resolve, ...) and every lint
//! finding at `deny`; a lint at `warn` is a warning. The lint levels are the
//! generator's own ([`Files::lints`](crate::Files::lints)), changed by
//! `--deny`/`--warn`/`--allow LINT` (`all` for every lint), applied in the
//! order given.
//!
//! Files are read, parsed, validated and linted in parallel, one
//! `std::thread::scope` worker per core; every parsed document is then
//! handed to the checks across files at once ([`cross_file`]) and the
//! findings are sorted by file, then line and column, so the output does not
//! depend on which worker did what.
//!
//! # Formats
//!
//! - `human` (default): `file:line:col: error: message [rule]`, then a
//!   summary line; coloured on a terminal (`--color`).
//! - `json`: an array of objects, one per finding, each with exactly these
//!   keys in this order (a stable format):
//!
//!   | key | value |
//!   | --- | --- |
//!   | `file` | the file as shown (relative to the repository root for the default path) |
//!   | `line`, `column` | 1-based numbers |
//!   | `severity` | `"error"` or `"warning"` |
//!   | `rule` | the rule or lint name, e.g. `reference`, `unknown-key`, `unpinned-uses` |
//!   | `message` | the path in the document and the problem, e.g. ``jobs.a.needs: no job `b` `` |
//!
//! - `github`: one workflow command per finding
//!   (`::error file=F,line=L,col=C,title=RULE::MESSAGE`), which GitHub shows
//!   as an annotation on the file when printed in a workflow run.
//! - `sarif`: a SARIF 2.1.0 log for GitHub code scanning: one run whose
//!   `tool.driver` names the rules found, and one result per finding with
//!   its `ruleId`, `level`, `message.text` and physical location.
//!
//! ```
//! use ci_gen::check::{self, Format, Severity, Target};
//! use ci_model::lint::Lints;
//!
//! let dir = std::env::temp_dir().join(format!("ci-gen-check-doc-{}", std::process::id()));
//! std::fs::create_dir_all(dir.join("workflows")).unwrap();
//! std::fs::write(dir.join("workflows/ci.yml"), "on: push\njobs:\n  a:\n    runs-on: x\n    needs: b\n    steps: [{run: y}]\n").unwrap();
//! let targets = check::discover(&[dir.clone()], None).unwrap();
//! let report = check::check(&targets, &Lints::default());
//! let needs = report.findings.iter().find(|f| f.rule == "needs").unwrap();
//! assert_eq!((needs.line, needs.column, needs.severity), (5, 12, Severity::Error));
//! assert_eq!(needs.message, "jobs.a.needs: no job `b`");
//! assert_eq!(report.exit_code(), 1);
//! let json = check::render(&report, Format::Json, false);
//! assert!(json.contains("\"rule\": \"needs\""));
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use ci_model::lint::{Lint, Lints, Severity as LintLevel};
use ci_model::{Diagnostic, Document, DocumentKind, Runners, locate};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::cli::{color, color_arg, with_help};
use crate::escape::{display_path, escape_controls};

/// How much a finding matters.
///
/// ```
/// use ci_gen::check::Severity;
///
/// assert_eq!(Severity::Error.as_str(), "error");
/// assert!(Severity::Error < Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A problem: the exit status is 1.
    Error,
    /// Reported; the exit status stays 0.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as every format writes it.
    ///
    /// ```
    /// assert_eq!(ci_gen::check::Severity::Warning.as_str(), "warning");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The file, as shown (control characters escaped).
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// The rule or lint that found it (`reference`, `unpinned-uses`, ...;
    /// `io` for a file that could not be read).
    pub rule: &'static str,
    /// The path in the document and what is wrong (control characters
    /// escaped), without the rule.
    pub message: String,
}

/// A file to check: where it is, how it is shown, and how to read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The file's name as shown in findings (control characters escaped).
    pub shown: String,
    /// Where to read it.
    pub path: PathBuf,
    /// Read as this kind; `None`: what its content shows
    /// ([`DocumentKind::detect`]).
    pub kind: Option<DocumentKind>,
}

impl Target {
    /// A file shown as its path, of the kind its name says (`action.yml` /
    /// `action.yaml` an action, a file in a `workflows` folder a workflow,
    /// any other what its content shows).
    ///
    /// ```
    /// use ci_gen::check::Target;
    /// use ci_model::DocumentKind;
    ///
    /// assert_eq!(Target::new(".github/actions/x/action.yml").kind, Some(DocumentKind::Action));
    /// assert_eq!(Target::new(".github/workflows/ci.yml").kind, Some(DocumentKind::Workflow));
    /// assert_eq!(Target::new("elsewhere.yml").kind, None);
    /// ```
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let kind = kind_by_name(&path);
        Target { shown: display_path(&path).into_owned(), path, kind }
    }
}

/// The kind a file's name and folder say it is.
fn kind_by_name(path: &Path) -> Option<DocumentKind> {
    let name = path.file_name().and_then(|n| n.to_str());
    if matches!(name, Some("action.yml" | "action.yaml")) {
        return Some(DocumentKind::Action);
    }
    let in_workflows = path.parent().and_then(Path::file_name).is_some_and(|d| d == "workflows");
    let yaml = path.extension().is_some_and(|e| e == "yml" || e == "yaml");
    (in_workflows && yaml).then_some(DocumentKind::Workflow)
}

/// Why the files to check could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// A path given does not exist.
    #[error(
        "`{}` does not exist; give workflow files, action.yml files or folders that hold them (default: .github/)",
        display_path(.path)
    )]
    Missing {
        /// The path.
        path: PathBuf,
    },
    /// A path or a folder under it could not be read.
    #[error("`{}`: {source}", display_path(.path))]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

/// Folders never walked into: they hold no workflow of the repository.
const SKIPPED_FOLDERS: &[&str] = &[".git", "node_modules", "target"];

/// The files to check under `paths`: each file given, and under each folder
/// every workflow (a `.yml`/`.yaml` file directly in a folder named
/// `workflows`) and every `action.yml`/`action.yaml`, in sorted order, each
/// once. Links to folders are not followed (they can loop); links to files
/// are read. With `root`, files under it are shown relative to it.
///
/// ```
/// use ci_gen::check::{CheckError, discover};
///
/// let root = std::env::temp_dir().join(format!("ci-gen-discover-{}", std::process::id()));
/// std::fs::create_dir_all(root.join(".github/workflows")).unwrap();
/// std::fs::create_dir_all(root.join(".github/actions/setup")).unwrap();
/// std::fs::write(root.join(".github/workflows/ci.yml"), "on: push\n").unwrap();
/// std::fs::write(root.join(".github/actions/setup/action.yml"), "runs: {using: composite, steps: []}\n").unwrap();
/// std::fs::write(root.join(".github/dependabot.yml"), "version: 2\n").unwrap();
/// let found = discover(&[root.join(".github")], Some(&root)).unwrap();
/// let shown: Vec<&str> = found.iter().map(|t| t.shown.as_str()).collect();
/// assert_eq!(shown, [".github/actions/setup/action.yml", ".github/workflows/ci.yml"]);
/// assert!(matches!(discover(&[root.join("nope")], None), Err(CheckError::Missing { .. })));
/// # std::fs::remove_dir_all(&root).unwrap();
/// ```
pub fn discover(paths: &[PathBuf], root: Option<&Path>) -> Result<Vec<Target>, CheckError> {
    let mut found: Vec<PathBuf> = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => CheckError::Missing { path: path.clone() },
            _ => CheckError::Io { path: path.clone(), source },
        })?;
        if !meta.is_dir() {
            found.push(path.clone());
            continue;
        }
        let mut folders = vec![path.clone()];
        while let Some(folder) = folders.pop() {
            let entries =
                std::fs::read_dir(&folder).map_err(|source| CheckError::Io { path: folder.clone(), source })?;
            for entry in entries {
                let entry = entry.map_err(|source| CheckError::Io { path: folder.clone(), source })?;
                let file = entry.path();
                let Ok(kind) = entry.file_type() else { continue };
                if kind.is_dir() {
                    if !entry.file_name().to_str().is_some_and(|n| SKIPPED_FOLDERS.contains(&n)) {
                        folders.push(file);
                    }
                } else if kind_by_name(&file).is_some() && std::fs::metadata(&file).is_ok_and(|m| m.is_file()) {
                    found.push(file);
                }
            }
        }
    }
    let mut targets: Vec<Target> = found
        .into_iter()
        .map(|path| {
            let mut target = Target::new(path);
            if let Some(relative) = root.and_then(|r| target.path.strip_prefix(r).ok()) {
                target.shown = display_path(relative).into_owned();
            }
            target
        })
        .collect();
    targets.sort_by(|a, b| (&a.shown, &a.path).cmp(&(&b.shown, &b.path)));
    targets.dedup_by(|a, b| a.path == b.path);
    Ok(targets)
}

/// A file read and parsed: what the checks across files receive.
#[derive(Debug)]
pub struct Loaded {
    /// The file.
    pub target: Target,
    /// Its text.
    pub text: String,
    /// The parsed workflow or action.
    pub document: Document,
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct Report {
    /// How many files were checked.
    pub files: usize,
    /// Every finding, sorted by file, line and column.
    pub findings: Vec<Finding>,
    /// Whether a file could not be read (the exit status is then 2).
    pub unreadable: bool,
}

impl Report {
    /// How many findings are errors.
    ///
    /// ```
    /// let report = ci_gen::check::Report::default();
    /// assert_eq!((report.errors(), report.warnings()), (0, 0));
    /// ```
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    /// How many findings are warnings.
    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    /// 2 when a file could not be read, else 1 when any finding is an
    /// error, else 0.
    ///
    /// ```
    /// assert_eq!(ci_gen::check::Report::default().exit_code(), 0);
    /// ```
    pub fn exit_code(&self) -> u8 {
        if self.unreadable {
            2
        } else if self.errors() > 0 {
            1
        } else {
            0
        }
    }
}

/// Reads, parses, validates and lints every target (in parallel), then runs
/// the checks across files on all the documents parsed, and returns every
/// finding sorted by file and position.
///
/// ```
/// use ci_gen::check::{Severity, Target, check};
/// use ci_model::lint::{Lint, Lints, Severity as Level};
///
/// let file = std::env::temp_dir().join(format!("ci-gen-check-{}.yml", std::process::id()));
/// std::fs::write(&file, "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n").unwrap();
/// let lints = Lints::default().level(Lint::PersistCredentials, Level::Warn);
/// let report = check(&[Target::new(&file)], &lints);
/// let found: Vec<_> = report.findings.iter().map(|f| (f.line, f.rule, f.severity)).collect();
/// assert_eq!(found, [(7, "persist-credentials", Severity::Warning), (7, "unpinned-uses", Severity::Error)]);
/// # std::fs::remove_file(&file).unwrap();
/// ```
pub fn check(targets: &[Target], lints: &Lints) -> Report {
    check_with(targets, lints, &Runners::default())
}

/// [`check`] with the repository's own runners declared, so that the labels
/// of its self-hosted runners are known (see [`runners_config`]).
///
/// ```
/// use ci_gen::check::{self, Target};
/// use ci_model::{Runners, lint::Lints};
///
/// let dir = std::env::temp_dir().join(format!("ci-gen-check-runners-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("workflows")).unwrap();
/// let ci = "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: [self-hosted, gpu]\n    timeout-minutes: 5\n    steps:\n      - run: make\n";
/// std::fs::write(dir.join("workflows/ci.yml"), ci).unwrap();
/// let targets = check::discover(&[dir.clone()], None).unwrap();
/// assert_eq!(check::check(&targets, &Lints::default()).findings[0].rule, "runner-label");
/// let runners = Runners::new().self_hosted(["gpu"]);
/// assert!(check::check_with(&targets, &Lints::default(), &runners).findings.is_empty());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn check_with(targets: &[Target], lints: &Lints, runners: &Runners) -> Report {
    // The largest files first: a large file taken last would leave the
    // other workers idle while it is checked.
    let mut order: Vec<(u64, usize)> =
        targets.iter().enumerate().map(|(i, t)| (std::fs::metadata(&t.path).map_or(0, |m| m.len()), i)).collect();
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let order: Vec<usize> = order.into_iter().map(|(_, i)| i).collect();
    let checked = in_parallel(targets, &order, |t| check_one(t, lints, runners));
    let mut findings = Vec::new();
    let mut loaded = Vec::with_capacity(checked.len());
    let mut unreadable = false;
    for one in checked {
        findings.extend(one.findings);
        unreadable |= one.unreadable;
        loaded.extend(one.loaded);
    }
    findings.extend(located_across(&loaded).map(|(file, d)| finding(&file.target, &d, Severity::Error)));
    findings.sort();
    drop_in_parallel(loaded);
    Report { files: targets.len(), findings, unreadable }
}

/// Drops the documents on every core: freeing a repository's parsed
/// documents one by one on this thread would take a good part of the time
/// parsing them took.
fn drop_in_parallel(mut loaded: Vec<Loaded>) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(loaded.len());
    if threads < 2 {
        return;
    }
    let per = loaded.len().div_ceil(threads);
    std::thread::scope(|scope| {
        while loaded.len() > per {
            let part = loaded.split_off(loaded.len() - per);
            scope.spawn(move || drop(part));
        }
        drop(loaded);
    });
}

/// The checks across files ([`ci_model::Repository`]): each step that uses a
/// local action and each job that calls a local workflow, against that file's
/// inputs, secrets and outputs, given every document loaded at once. Files are
/// grouped by the `.github` folder they are in (files outside one are checked
/// alone); a group that holds every workflow and action on disk of its folder
/// is complete, so a `uses: ./...` naming no file there is reported too. Each
/// finding is the index of its file in `documents` and the diagnostic.
///
/// ```
/// use ci_gen::check::{Loaded, Target, cross_file};
/// use ci_model::Document;
///
/// let dir = std::env::temp_dir().join(format!("ci-gen-cross-{}", std::process::id()));
/// let load = |path: &str, text: &str| {
///     let file = dir.join(path);
///     std::fs::create_dir_all(file.parent().unwrap()).unwrap();
///     std::fs::write(&file, text).unwrap();
///     Loaded { target: Target::new(&file), text: text.to_owned(), document: Document::parse(text, None).unwrap() }
/// };
/// let action = load(".github/actions/setup/action.yml", "name: Setup\nruns:\n  using: composite\n  steps: []\n");
/// let ci = load(
///     ".github/workflows/ci.yml",
///     "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/setup\n        with:\n          verbose: true\n",
/// );
/// let found = cross_file(&[action, ci]);
/// assert_eq!(found[0].0, 1);
/// assert!(found[0].1.to_string().contains("has no input `verbose`"), "{}", found[0].1);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn cross_file(documents: &[Loaded]) -> Vec<(usize, Diagnostic)> {
    // By the folder that holds `.github`: each document's path from there.
    let mut groups: std::collections::BTreeMap<PathBuf, Vec<(String, usize)>> = std::collections::BTreeMap::new();
    for (i, d) in documents.iter().enumerate() {
        let path = d.target.path.to_string_lossy().replace('\\', "/");
        let Some(at) = path.rfind(".github/") else { continue };
        let root = PathBuf::from(&path[..at]);
        groups.entry(root).or_default().push((path[at..].to_owned(), i));
    }
    let mut out = Vec::new();
    for (root, members) in groups {
        let loaded: std::collections::BTreeSet<&str> = members.iter().map(|(p, _)| p.as_str()).collect();
        let complete = on_disk(&root).iter().all(|p| loaded.contains(p.as_str()));
        let mut repo = ci_model::Repository::new();
        if complete {
            repo = repo.complete_under(".github");
        }
        for (path, i) in &members {
            let d = &documents[*i];
            repo = repo.document(path.clone(), &d.document, Some(&d.text));
        }
        for found in repo.validate() {
            if let Some((_, i)) = members.iter().find(|(p, _)| *p == found.file) {
                out.push((*i, found.diagnostic));
            }
        }
    }
    out
}

/// The checks across files for one file that sits in a `.github` folder:
/// every workflow and action of that folder is read (those that cannot be
/// read or parsed are left out) and checked together, and the problems of
/// `file` are returned, located in `text` (its content as given, which may
/// differ from the file on disk). Empty for a file outside a `.github` folder.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("ci-gen-across-one-{}", std::process::id()));
/// let ci = dir.join(".github/workflows/ci.yml");
/// std::fs::create_dir_all(ci.parent().unwrap()).unwrap();
/// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/setpu\n";
/// std::fs::write(&ci, text).unwrap();
/// let found = ci_gen::check::cross_file_of(&ci, text);
/// assert_eq!(found[0].to_string(), "6:15: jobs.a.steps[0].uses: no action at `./.github/actions/setpu` in this repository [uses]");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn cross_file_of(file: &Path, text: &str) -> Vec<Diagnostic> {
    let shown = file.to_string_lossy().replace('\\', "/");
    let Some(at) = shown.rfind(".github/") else { return Vec::new() };
    let me = file.canonicalize().ok();
    let same = |p: &Path| me.is_some() && p.canonicalize().ok() == me;
    let mut loaded: Vec<Loaded> = load_folder(&PathBuf::from(&shown[..at]).join(".github"))
        .into_iter()
        .filter(|l| !same(&l.target.path))
        .collect();
    let Ok(document) = Document::parse(text, None) else { return Vec::new() };
    loaded.push(Loaded { target: Target::new(file), text: text.to_owned(), document });
    let me = loaded.len() - 1;
    let mut found: Vec<Diagnostic> =
        cross_file(&loaded).into_iter().filter(|(i, _)| *i == me).map(|(_, d)| d).collect();
    locate(text, &mut found);
    found
}

/// The self-hosted runner labels a repository declares for `check` in
/// actionlint's configuration file, `.github/actionlint.yaml` (or `.yml`),
/// which many repositories already have:
///
/// ```yaml
/// self-hosted-runner:
///   labels: [linux-16-core, gpu]
/// ```
///
/// `Ok(None)` when there is no such file; an error names the file and what
/// is wrong in it.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("ci-gen-runners-config-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join(".github")).unwrap();
/// assert_eq!(ci_gen::check::runners_config(&dir).unwrap(), None);
/// std::fs::write(dir.join(".github/actionlint.yaml"), "self-hosted-runner:\n  labels:\n    - gpu\n").unwrap();
/// assert_eq!(ci_gen::check::runners_config(&dir).unwrap(), Some(vec!["gpu".to_owned()]));
/// std::fs::write(dir.join(".github/actionlint.yaml"), "self-hosted-runner: {labels: gpu}\n").unwrap();
/// assert!(ci_gen::check::runners_config(&dir).unwrap_err().contains("a list of labels"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn runners_config(root: &Path) -> Result<Option<Vec<String>>, String> {
    let Some(file) =
        ["actionlint.yaml", "actionlint.yml"].iter().map(|n| root.join(".github").join(n)).find(|p| p.is_file())
    else {
        return Ok(None);
    };
    let shown = display_path(&file).into_owned();
    let text = crate::fmt::read_yaml(&file, true).map_err(|e| e.to_string())?;
    let value: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| format!("{shown}: {e}"))?;
    let Some(labels) = value.get("self-hosted-runner").and_then(|r| r.get("labels")) else {
        return Ok(Some(Vec::new()));
    };
    let list =
        labels.as_sequence().ok_or_else(|| format!("{shown}: `self-hosted-runner.labels` must be a list of labels"))?;
    list.iter()
        .map(|l| {
            l.as_str()
                .map(str::to_owned)
                .ok_or_else(|| format!("{shown}: each of `self-hosted-runner.labels` must be a string"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The checks across files of every workflow and action in the `.github`
/// folder `github` (those that cannot be read or parsed are left out), each
/// problem with the file it is in, as shown.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("ci-gen-across-all-{}", std::process::id()));
/// let ci = dir.join(".github/workflows/ci.yml");
/// std::fs::create_dir_all(ci.parent().unwrap()).unwrap();
/// std::fs::write(&ci, "on: push\njobs:\n  a:\n    uses: ./.github/workflows/deploy.yml\n").unwrap();
/// let found = ci_gen::check::cross_file_in(&dir.join(".github"));
/// assert!(found[0].0.shown.ends_with("ci.yml"));
/// assert!(found[0].1.to_string().contains("no workflow at `./.github/workflows/deploy.yml`"), "{}", found[0].1);
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn cross_file_in(github: &Path) -> Vec<(Target, Diagnostic)> {
    let loaded = load_folder(github);
    located_across(&loaded).map(|(file, d)| (file.target.clone(), d)).collect()
}

/// [`cross_file`] over `loaded`, each diagnostic placed in the text of the
/// file it is in.
fn located_across(loaded: &[Loaded]) -> impl Iterator<Item = (&Loaded, Diagnostic)> {
    by_file(cross_file(loaded), loaded.len()).into_iter().zip(loaded).flat_map(|(mut diagnostics, file)| {
        locate(&file.text, &mut diagnostics);
        diagnostics.into_iter().map(move |d| (file, d))
    })
}

/// The checks across files for files on disk, as `fmt` asks for them: each
/// `.github` folder is read and checked once, however many of its files are
/// asked for.
#[derive(Debug, Default)]
pub(crate) struct FolderChecks {
    /// Each folder's files (canonical paths) and problems, by file.
    folders: std::collections::BTreeMap<PathBuf, Folder>,
}

/// One `.github` folder, read and checked.
#[derive(Debug)]
struct Folder {
    files: std::collections::BTreeSet<PathBuf>,
    found: Vec<(Option<PathBuf>, Diagnostic)>,
}

impl FolderChecks {
    /// The problems of `file`, whose text is `text`, with the other files of
    /// its `.github` folder; none for a file outside one. A file the folder's
    /// listing leaves out (a name `check` would not read) is checked on its
    /// own with [`cross_file_of`].
    pub(crate) fn of(&mut self, file: &Path, text: &str) -> Vec<Diagnostic> {
        let shown = file.to_string_lossy().replace('\\', "/");
        let Some(at) = shown.rfind(".github/") else { return Vec::new() };
        let github = PathBuf::from(&shown[..at]).join(".github");
        let folder = self.folders.entry(github).or_insert_with_key(|github| {
            let loaded = load_folder(github);
            let files = loaded.iter().filter_map(|l| l.target.path.canonicalize().ok()).collect();
            let found = located_across(&loaded).map(|(l, d)| (l.target.path.canonicalize().ok(), d)).collect();
            Folder { files, found }
        });
        match file.canonicalize() {
            Ok(me) if folder.files.contains(&me) => {
                folder.found.iter().filter(|(path, _)| path.as_ref() == Some(&me)).map(|(_, d)| d.clone()).collect()
            }
            _ => cross_file_of(file, text),
        }
    }
}

/// Every workflow and action under `github` that reads and parses.
fn load_folder(github: &Path) -> Vec<Loaded> {
    let Ok(targets) = discover(&[github.to_path_buf()], None) else { return Vec::new() };
    targets
        .into_iter()
        .filter_map(|target| {
            let text = crate::fmt::read_yaml(&target.path, true).ok()?;
            let document = Document::parse(&text, target.kind).ok()?;
            Some(Loaded { target, text, document })
        })
        .collect()
}

/// Every workflow and action metadata under `root`'s `.github` on disk, as
/// [`discover`] finds them (so exactly what `check` would load), as paths
/// from `root`.
fn on_disk(root: &Path) -> Vec<String> {
    let targets = discover(&[root.join(".github")], None).unwrap_or_default();
    targets.iter().map(|t| t.path.strip_prefix(root).unwrap_or(&t.path).to_string_lossy().replace('\\', "/")).collect()
}

/// The diagnostics of each of `files` files.
fn by_file(found: Vec<(usize, Diagnostic)>, files: usize) -> Vec<Vec<Diagnostic>> {
    let mut each: Vec<Vec<Diagnostic>> = (0..files).map(|_| Vec::new()).collect();
    for (i, d) in found {
        if let Some(list) = each.get_mut(i) {
            list.push(d);
        }
    }
    each
}

/// One file's findings, and its document when it parsed.
struct Checked {
    findings: Vec<Finding>,
    loaded: Option<Loaded>,
    unreadable: bool,
}

/// Reads, parses, validates and lints one file.
fn check_one(target: &Target, lints: &Lints, runners: &Runners) -> Checked {
    let failed = |findings, unreadable| Checked { findings, loaded: None, unreadable };
    let text = match crate::fmt::read_yaml(&target.path, true) {
        Ok(text) => text,
        Err(crate::fmt::ReadError::NotUtf8 { diagnostic, .. }) => {
            return failed(vec![finding(target, &diagnostic, Severity::Error)], false);
        }
        Err(e) => {
            let at = Finding {
                file: target.shown.clone(),
                line: 1,
                column: 1,
                severity: Severity::Error,
                rule: "io",
                message: escape_controls(&e.reason()).into_owned(),
            };
            return failed(vec![at], true);
        }
    };
    let document = match Document::parse(&text, target.kind) {
        Ok(d) => d,
        Err(e) => {
            let mut diagnostics = e.into_diagnostics();
            locate(&text, &mut diagnostics);
            return failed(diagnostics.iter().map(|d| finding(target, d, Severity::Error)).collect(), false);
        }
    };
    let mut diagnostics = document.validate_with(runners);
    let problems = diagnostics.len();
    let linted = match &document {
        Document::Workflow(w) => w.lint(lints),
        Document::Action(a) => a.lint(lints),
    };
    let mut levels = Vec::with_capacity(linted.len());
    for f in linted {
        levels.push(if f.level == LintLevel::Deny { Severity::Error } else { Severity::Warning });
        diagnostics.push(f.diagnostic);
    }
    locate(&text, &mut diagnostics);
    let findings = diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let severity = i.checked_sub(problems).and_then(|l| levels.get(l).copied()).unwrap_or(Severity::Error);
            finding(target, d, severity)
        })
        .collect();
    Checked { findings, loaded: Some(Loaded { target: target.clone(), text, document }), unreadable: false }
}

/// A diagnostic of `target` as a finding: a diagnostic that could not be
/// placed is put at the start of the file.
fn finding(target: &Target, d: &Diagnostic, severity: Severity) -> Finding {
    let (line, column) = d.location.map_or((1, 1), |l| (l.line, l.column));
    let rule = d.rule();
    // The diagnostic as it prints (with its path, escaped), without its
    // location and rule.
    let mut message = d.to_string();
    if let Some(at) = d.location {
        let prefix = format!("{at}: ");
        if message.starts_with(&prefix) {
            message.drain(..prefix.len());
        }
    }
    let without_rule = message.strip_suffix(']').and_then(|m| m.strip_suffix(rule)).and_then(|m| m.strip_suffix(" ["));
    if let Some(kept) = without_rule.map(str::len) {
        message.truncate(kept);
    }
    Finding { file: target.shown.clone(), line, column, severity, rule, message }
}

/// `work` on every item, on one worker per core, each taking the next item
/// not yet taken in `order` (positions in `items`); the results in the
/// items' order.
fn in_parallel<T: Sync, R: Send>(items: &[T], order: &[usize], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(items.len());
    if threads < 2 {
        return items.iter().map(&work).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let taken = next.fetch_add(1, Ordering::Relaxed);
            let Some(&i) = order.get(taken) else { break done };
            let Some(item) = items.get(i) else { continue };
            done.push((i, work(item)));
        }
    };
    let mut all: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        // A worker only panics if ci-model does, which is a bug there; carry
        // the panic over rather than lose files.
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

/// How findings are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `file:line:col: error: message [rule]` and a summary.
    Human,
    /// A JSON array (see the module's documentation).
    Json,
    /// GitHub workflow commands (annotations).
    Github,
    /// A SARIF 2.1.0 log.
    Sarif,
}

/// The report in `format` (`color`: ANSI colours, for `human` only).
///
/// ```
/// use ci_gen::check::{Finding, Format, Report, Severity, render};
///
/// let report = Report {
///     files: 1,
///     findings: vec![Finding {
///         file: "ci.yml".to_owned(),
///         line: 3,
///         column: 7,
///         severity: Severity::Warning,
///         rule: "permissions",
///         message: "<root>: no workflow-level `permissions`".to_owned(),
///     }],
///     unreadable: false,
/// };
/// assert_eq!(
///     render(&report, Format::Human, false),
///     "ci.yml:3:7: warning: <root>: no workflow-level `permissions` [permissions]\n0 errors, 1 warning in 1 file\n"
/// );
/// assert_eq!(
///     render(&report, Format::Github, false),
///     "::warning file=ci.yml,line=3,col=7,title=permissions::<root>: no workflow-level `permissions`\n"
/// );
/// ```
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Human => human(report, color),
        Format::Json => json(&report.findings),
        Format::Github => github(&report.findings),
        Format::Sarif => sarif(&report.findings),
    }
}

/// `n thing` or `n things`.
fn count(n: usize, thing: &str) -> String {
    if n == 1 { format!("1 {thing}") } else { format!("{n} {thing}s") }
}

fn human(report: &Report, color: bool) -> String {
    let paint = |code: &str, text: &str| if color { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() };
    let mut s = String::new();
    for f in &report.findings {
        let severity = match f.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
        };
        let place = paint("1", &format!("{}:{}:{}", f.file, f.line, f.column));
        let rule = paint("2", &format!("[{}]", f.rule));
        let _ = writeln!(s, "{place}: {severity}: {} {rule}", f.message);
    }
    let _ = writeln!(
        s,
        "{}, {} in {}",
        count(report.errors(), "error"),
        count(report.warnings(), "warning"),
        count(report.files, "file")
    );
    s
}

/// A JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

fn json(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "[]\n".to_owned();
    }
    let mut s = String::from("[\n");
    for (i, f) in findings.iter().enumerate() {
        let _ = write!(
            s,
            "  {{\n    \"file\": {},\n    \"line\": {},\n    \"column\": {},\n    \"severity\": \"{}\",\n    \"rule\": {},\n    \"message\": {}\n  }}{}\n",
            json_string(&f.file),
            f.line,
            f.column,
            f.severity.as_str(),
            json_string(f.rule),
            json_string(&f.message),
            if i + 1 < findings.len() { "," } else { "" }
        );
    }
    s.push_str("]\n");
    s
}

/// The data of a workflow command (after `::`): `%`, CR and LF escaped.
fn command_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property of a workflow command: also `:` and `,`, which end it.
fn command_property(text: &str) -> String {
    command_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn github(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let _ = writeln!(
            s,
            "::{} file={},line={},col={},title={}::{}",
            f.severity.as_str(),
            command_property(&f.file),
            f.line,
            f.column,
            command_property(f.rule),
            command_data(&f.message)
        );
    }
    s
}

/// A file name as a relative URI reference: every byte but the unreserved
/// characters and `/` percent-encoded (`\` read as `/`).
fn uri(file: &str) -> String {
    let mut s = String::with_capacity(file.len());
    for b in file.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => s.push(char::from(b)),
            b'\\' => s.push('/'),
            _ => {
                let _ = write!(s, "%{b:02X}");
            }
        }
    }
    s
}

fn sarif(findings: &[Finding]) -> String {
    let mut rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "ruleId": f.rule,
                "ruleIndex": rules.binary_search(&f.rule).unwrap_or(0),
                "level": f.severity.as_str(),
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.file) },
                        "region": { "startLine": f.line, "startColumn": f.column }
                    }
                }]
            })
        })
        .collect();
    let rules: Vec<serde_json::Value> = rules
        .iter()
        .map(|r| serde_json::json!({ "id": r, "shortDescription": { "text": rule_description(r) } }))
        .collect();
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "ci-gen check",
                    "version": crate::cli::VERSION,
                    "informationUri": "https://github.com/ci-model/ci-model",
                    "rules": rules
                }
            },
            "results": results
        }]
    });
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

/// What a rule checks, for SARIF's rule list.
fn rule_description(rule: &str) -> &'static str {
    match rule {
        "syntax" => "the file must be YAML that GitHub reads",
        "limit" => "the file must stay within the size and nesting limits",
        "type" => "each key must hold a value of its type",
        "unknown-key" => "every key must be one GitHub knows",
        "value" => "a value must be one of those GitHub accepts",
        "exclusive-keys" => "keys that exclude each other must not be given together",
        "id" => "job and step ids must be valid and unique",
        "needs" => "`needs:` must name existing jobs without cycles",
        "matrix" => "a matrix must have values, and include/exclude must match",
        "cron" => "a schedule must be a valid cron expression",
        "number" => "timeouts and limits must be positive",
        "uses" => "`uses:` must name an action or workflow in a form GitHub reads",
        "reusable-call" => "a reusable-workflow call job takes only the keys GitHub allows",
        "events" => "events and activity types must exist",
        "jobs" => "a workflow needs jobs, a job steps",
        "inputs" => "inputs must be declared correctly",
        "expression" => "every `${{ }}` must parse",
        "context" => "a field may use only the contexts and functions GitHub offers there",
        "reference" => "references must resolve to jobs, steps, outputs, matrix keys, inputs and secrets that exist",
        "unwritable" => "the file must be writable in canonical form",
        "secrets" => "a called workflow's secrets must be declared by it, and its required ones passed",
        "shell" => "a composite action's `run:` steps must name their shell",
        "runner-label" => "`runs-on:` must name a GitHub-hosted runner or one the repository declares",
        "services" => "service containers run only on Linux runners",
        "artifact" => "an artifact downloaded must be uploaded by a job of the workflow",
        "io" => "the file must be readable",
        other => Lint::from_name(other).map_or("a problem ci-model found", lint_description),
    }
}

/// What a lint refuses.
fn lint_description(lint: Lint) -> &'static str {
    match lint {
        Lint::UnpinnedUses => "actions and reusable workflows must be pinned to a commit SHA",
        Lint::Permissions => "permissions must be declared and no broader than needed",
        Lint::TemplateInjection => "`${{ }}` must not be expanded inside scripts",
        Lint::UntrustedCheckout => "untrusted code must not be checked out with secrets or write permissions",
        Lint::PersistCredentials => "actions/checkout must not keep the token unless a later step pushes",
        Lint::SecretsPolicy => "a secret must not be used in an environment that forbids it",
        Lint::SecretsInherit => "`secrets: inherit` must not pass every secret to another repository's workflow",
    }
}

/// The `check` subcommand's arguments.
pub(crate) fn subcommand() -> Command {
    let lint_names: Vec<&'static str> = std::iter::once("all").chain(Lint::ALL.iter().map(|l| l.name())).collect();
    let level = |name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name("LINT")
            .action(ArgAction::Append)
            .value_parser(lint_names.clone())
            .help(help)
    };
    with_help(Command::new("check"))
        .about("lint existing workflows and action.yml files: parse, validate and lint, report every problem")
        .long_about(
            "parse, validate and lint every workflow (.yml/.yaml in a `workflows` folder) and every action.yml under \
             the paths given (default: .github/ under the repository root), and report every problem with its \
             file:line:col and rule; exit 1 when any is an error, 0 when there are only warnings",
        )
        .arg(
            Arg::new("path")
                .value_name("PATH")
                .num_args(0..)
                .value_parser(value_parser!(PathBuf))
                .help("workflow files, action.yml files, or folders to look in (default: .github/)"),
        )
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["human", "json", "github", "sarif"])
                .default_value("human")
                .help("human-readable lines, a JSON array, GitHub annotations, or a SARIF log for code scanning"),
        )
        .arg(level("deny", "report this lint as an error (`all`: every lint)"))
        .arg(level("warn", "report this lint as a warning, which does not fail the check (`all`: every lint)"))
        .arg(level("allow", "do not run this lint (`all`: every lint)"))
        .arg(Arg::new("runner-label").long("runner-label").value_name("LABEL").action(ArgAction::Append).help(
            "a label of the repository's self-hosted runners, as `runs-on:` may name it (also read from \
                     `.github/actionlint.yaml`, `self-hosted-runner: labels:`)",
        ))
        .arg(color_arg("colour the human-readable report"))
}

/// `lints` with the `--deny`/`--warn`/`--allow` of `m` applied in the order
/// given.
fn lint_levels(mut lints: Lints, m: &ArgMatches) -> Lints {
    let mut given: Vec<(usize, LintLevel, &String)> = Vec::new();
    for (flag, level) in [("deny", LintLevel::Deny), ("warn", LintLevel::Warn), ("allow", LintLevel::Allow)] {
        if let (Some(indices), Some(values)) = (m.indices_of(flag), m.get_many::<String>(flag)) {
            given.extend(indices.zip(values).map(|(i, v)| (i, level, v)));
        }
    }
    given.sort_by_key(|(i, ..)| *i);
    for (_, level, name) in given {
        let chosen: Vec<Lint> =
            if name == "all" { Lint::ALL.to_vec() } else { Lint::from_name(name).into_iter().collect() };
        for lint in chosen {
            lints = lints.level(lint, level);
        }
    }
    lints
}

/// Runs `check` with its parsed arguments: `root` is the repository root
/// (the default path is its `.github/`), `lints` the generator's levels.
pub(crate) fn run(
    root: &Path,
    lints: &Lints,
    runners: &Runners,
    m: &ArgMatches,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let given: Vec<PathBuf> = m.get_many::<PathBuf>("path").into_iter().flatten().cloned().collect();
    let (paths, shown_from) = if given.is_empty() { (vec![root.join(".github")], Some(root)) } else { (given, None) };
    let targets = match discover(&paths, shown_from) {
        Ok(t) => t,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    };
    if targets.is_empty() {
        let shown: Vec<_> = paths.iter().map(|p| format!("`{}`", display_path(p))).collect();
        let _ = writeln!(
            err,
            "note: no workflows (.yml/.yaml in a `workflows` folder) or action.yml files under {}",
            shown.join(", ")
        );
    }
    let format = match m.get_one::<String>("format").map(String::as_str) {
        Some("json") => Format::Json,
        Some("github") => Format::Github,
        Some("sarif") => Format::Sarif,
        _ => Format::Human,
    };
    // The generator's runners, the configuration file's and the command line's.
    let mut runners = runners.clone();
    match runners_config(root) {
        Ok(Some(labels)) => runners = runners.self_hosted(labels),
        Ok(None) => {}
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            return 2;
        }
    }
    if let Some(labels) = m.get_many::<String>("runner-label") {
        runners = runners.self_hosted(labels.cloned());
    }
    let report = check_with(&targets, &lint_levels(lints.clone(), m), &runners);
    let _ = write!(out, "{}", render(&report, format, format == Format::Human && color(m)));
    report.exit_code()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_properties_escape_what_ends_them() {
        assert_eq!(command_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(command_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn uris_encode_all_but_unreserved_characters() {
        assert_eq!(uri(".github/workflows/ci.yml"), ".github/workflows/ci.yml");
        assert_eq!(uri("a b/é#?.yml"), "a%20b/%C3%A9%23%3F.yml");
        assert_eq!(uri("a\\b"), "a/b");
    }

    #[test]
    fn every_rule_has_a_description() {
        for rule in ["syntax", "reference", "io"].into_iter().chain(Lint::ALL.iter().map(|l| l.name())) {
            assert_ne!(rule_description(rule), "a problem ci-model found", "{rule}");
        }
    }
}
