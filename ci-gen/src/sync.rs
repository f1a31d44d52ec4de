//! Bringing the files on disk in line with the rendered files: [`plan`]
//! compares, [`apply`] writes, and `--check` only reports.
//!
//! Writing and checking share [`plan`], so what `--check` reports is exactly
//! what a write would do.
//!
//! A write is all or nothing across files as far as a file system allows:
//! every file is first staged (written in full to a temporary file of an
//! unpredictable name, created exclusively beside its target, and synced),
//! and only when all are staged are they renamed over their targets. A
//! failure while staging removes the temporary files and leaves the disk as
//! it was; a failure while renaming says exactly which files were written.
//! A write keeps each file's permissions and writes through a symlink to the
//! file it points at. Nothing is removed unless it is provably ci-gen's: a
//! YAML file whose first line is the generated header, or any file whose bytes
//! still hash to what the manifest recorded when ci-gen wrote it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File, OpenOptions};
use std::hash::{BuildHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::escape::escape_controls;
use crate::files::{MANIFEST, Rendered, fnv1a64, has_marker, is_normal_path, is_yaml, join, manifest_entries};

/// What writing would do to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The file on disk has the same bytes.
    Unchanged,
    /// The file does not exist yet.
    Missing,
    /// The file differs; `old` is what is on disk.
    Changed {
        /// The bytes on disk.
        old: String,
    },
    /// A file exists at the path but was not written by ci-gen (no header, not
    /// in the manifest). It is only overwritten with `--force`.
    NotGenerated {
        /// The bytes on disk.
        old: String,
    },
    /// A file ci-gen wrote earlier that no value produces any more: a YAML
    /// file whose first line is the generated header, or a file whose bytes
    /// still hash to what the old manifest recorded. A write removes it.
    Stale,
    /// A file the old manifest lists that no value produces any more, but
    /// that is not provably ci-gen's: it lacks the generated header (or is not
    /// YAML) and its bytes do not hash to a recorded value. A write keeps it
    /// and says so ([`kept_note`]); whoever knows may remove it by hand.
    StaleNotGenerated,
    /// A symbolic link met while looking for stale files under `.github/`
    /// (to a folder, to nothing, or in a loop, or a `*.yml` link): not
    /// followed, and reported ([`SKIPPED_NOTE`]).
    SkippedLink,
    /// A path the old manifest lists, or a `*.yml` file met under
    /// `.github/`, whose name is not in the normal form ci-gen writes
    /// ([`is_normal_path`]: `./ci.yml`,
    /// `a//b`, a name with a control character). It is never removed, since
    /// it may be another spelling of a file ci-gen writes; it is reported
    /// ([`IGNORED_NOTE`]).
    Ignored,
}

/// One file's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the root.
    pub path: String,
    /// What writing would do.
    pub status: Status,
    /// The new bytes (none for a stale, kept or skipped path).
    pub new: Option<String>,
}

/// Why a write keeps a file the old manifest lists ([`Status::StaleNotGenerated`]).
///
/// ```
/// use ci_gen::sync::kept_note;
///
/// assert!(kept_note(".github/workflows/old.yml").starts_with("listed in the manifest but has no generated header;"));
/// assert!(kept_note("README.md").ends_with("remove it by hand if it is no longer needed"));
/// ```
pub fn kept_note(path: &str) -> &'static str {
    if is_yaml(path) {
        "listed in the manifest but has no generated header; remove it by hand if it is no longer needed"
    } else {
        "listed in the manifest but has no generated header and is not the content ci-gen wrote there; \
         remove it by hand if it is no longer needed"
    }
}

/// Why a path is reported as [`Status::SkippedLink`].
///
/// ```
/// assert!(ci_gen::sync::SKIPPED_NOTE.contains("not followed"));
/// ```
pub const SKIPPED_NOTE: &str = "a symbolic link, not followed when looking for stale generated files";

/// Why a path is reported as [`Status::Ignored`].
///
/// ```
/// assert!(ci_gen::sync::IGNORED_NOTE.contains("never removed"));
/// ```
pub const IGNORED_NOTE: &str = "not in the form ci-gen writes paths in (names joined by single `/`, without `.`, \
                                `..`, empty names, a trailing `/` or control characters), so never removed as stale";

/// An I/O failure, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Reading or writing failed.
    #[error("{}: {source}", escape_controls(.path))]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A generated path leaves the root.
    #[error(
        "{}: generated paths must be relative, stay inside the root, and be in normal form: names joined by single \
         `/`, without `.`, `..`, empty names or a trailing `/`, no control characters or line breaks, and no \
         whitespace or `#` at the start",
        escape_controls(.path)
    )]
    BadPath {
        /// The path.
        path: String,
    },
    /// Files that would be overwritten but were not generated.
    #[error(
        "refusing to overwrite files that ci-gen did not write (no generated header): {}; move them away or pass --force",
        .paths.iter().map(|p| escape_controls(p)).collect::<Vec<_>>().join(", ")
    )]
    NotGenerated {
        /// The files.
        paths: Vec<String>,
    },
    /// A file to write or remove leads outside the root once symbolic links
    /// are followed (the file itself or a folder above it is a link that
    /// leads out). The whole write is refused.
    ///
    /// ```
    /// use ci_gen::sync::SyncError;
    ///
    /// let e = SyncError::OutsideRoot {
    ///     path: "config.json".into(),
    ///     link: Some("config.json".into()),
    ///     target: "/etc/x".into(),
    ///     within: "the repository",
    ///     root: "/work/repo".into(),
    /// };
    /// assert_eq!(
    ///     e.to_string(),
    ///     "config.json is a symbolic link to /etc/x, outside the repository; ci-gen writes only inside /work/repo"
    /// );
    /// ```
    #[error("{}", outside_message(self))]
    OutsideRoot {
        /// The file ci-gen was to write or remove.
        path: String,
        /// The symbolic link that leads out: `path` itself, or a folder above
        /// it (`.github/workflows`); `None` if none could be named.
        link: Option<String>,
        /// Where it leads (canonical).
        target: String,
        /// What the root is, for the message: "the repository", "the output folder".
        within: &'static str,
        /// The root (canonical).
        root: String,
    },
}

fn outside_message(e: &SyncError) -> String {
    let SyncError::OutsideRoot { path, link, target, within, root } = e else {
        return String::new();
    };
    let (path, target, root) = (escape_controls(path), escape_controls(target), escape_controls(root));
    let leads = match link {
        Some(l) if escape_controls(l) == path => format!("{path} is a symbolic link to {target}"),
        Some(l) => format!("{path}: `{}` is a symbolic link to {target}", escape_controls(l)),
        None => format!("{path} leads to {target}"),
    };
    format!("{leads}, outside {within}; ci-gen writes only inside {root}")
}

/// Where a write to `path` lands once every symbolic link is followed:
/// `fs::canonicalize` of `path` when it exists, else of its nearest existing
/// ancestor, with the missing names after it. A symbolic link to nothing
/// counts as missing: no write creates a file or folder through one.
pub(crate) fn leads_to(path: &Path) -> io::Result<PathBuf> {
    let mut existing = path;
    let mut missing = Vec::new();
    loop {
        match fs::canonicalize(existing) {
            Ok(mut found) => {
                found.extend(missing.iter().rev());
                return Ok(found);
            }
            Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
                match (existing.parent(), existing.file_name()) {
                    (Some(parent), Some(name)) => {
                        missing.push(name);
                        existing = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
                    }
                    _ => return Err(e),
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// What the root is called in [`SyncError::OutsideRoot`] for the generator.
const REPOSITORY: &str = "the repository";

/// The folder every file of one write must stay inside, once symbolic links
/// are followed.
#[derive(Debug)]
struct Bounds<'a> {
    root: &'a Path,
    /// The root, canonical.
    canonical: PathBuf,
    /// What the root is, for messages.
    within: &'static str,
    /// Whether messages name a file with the root before it (`out/mod.rs`)
    /// or relative to it (`config.json`).
    full_names: bool,
}

impl<'a> Bounds<'a> {
    fn new(root: &'a Path, within: &'static str, full_names: bool) -> Result<Self, SyncError> {
        let canonical = leads_to(root).map_err(|source| SyncError::Io { path: root.display().to_string(), source })?;
        Ok(Bounds { root, canonical, within, full_names })
    }

    /// How messages name the file `rel`.
    fn name(&self, rel: &str) -> String {
        if self.full_names { self.root.join(rel).display().to_string() } else { rel.to_owned() }
    }

    /// The path of `rel` under the root, if it is in normal form
    /// ([`is_normal_path`]) and leads inside the root once every link is
    /// followed.
    fn check(&self, rel: &str) -> Result<PathBuf, SyncError> {
        self.locate(rel).map(|(path, _)| path)
    }

    /// [`check`](Self::check), and where the path leads ([`leads_to`]).
    fn locate(&self, rel: &str) -> Result<(PathBuf, PathBuf), SyncError> {
        let path = join(self.root, rel).ok_or_else(|| SyncError::BadPath { path: self.name(rel) })?;
        let to = leads_to(&path).map_err(|source| SyncError::Io { path: self.name(rel), source })?;
        if to.starts_with(&self.canonical) {
            return Ok((path, to));
        }
        // Name the link that leads out: the file itself or a folder above it.
        let mut prefix = self.root.to_path_buf();
        let mut names = Vec::new();
        let mut culprit = None;
        for c in Path::new(rel).components() {
            prefix.push(c);
            names.push(c.as_os_str().to_string_lossy());
            if fs::symlink_metadata(&prefix).is_ok_and(|m| m.file_type().is_symlink())
                && let Ok(t) = leads_to(&prefix)
                && !t.starts_with(&self.canonical)
            {
                culprit = Some((self.name(&names.join("/")), t));
                break;
            }
        }
        let (link, target) = match culprit {
            Some((link, t)) => (Some(link), t),
            None => (None, to),
        };
        Err(SyncError::OutsideRoot {
            path: self.name(rel),
            link,
            target: target.display().to_string(),
            within: self.within,
            root: self.canonical.display().to_string(),
        })
    }
}

/// A write that failed, with exactly what it did before failing. When
/// [`nothing_changed`](Self::nothing_changed), the disk is as it was; else
/// the message lists the files written and removed, and those that were not.
///
/// ```
/// use ci_gen::sync::{ApplyError, Report, SyncError};
///
/// let e = ApplyError {
///     done: Report { written: vec!["a.json".into()], ..Report::default() },
///     not_written: vec!["b.json".into()],
///     not_removed: vec![],
///     error: SyncError::BadPath { path: "b.json".into() },
/// };
/// assert!(!e.nothing_changed());
/// let message = e.to_string();
/// assert!(message.contains("\n  wrote       a.json\n"), "{message}");
/// assert!(message.contains("\n  not written b.json (its old content is untouched)\n"), "{message}");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("{}", describe(self))]
pub struct ApplyError {
    /// What was done before the failure: files written (renamed into place)
    /// and stale files removed; also the files left alone.
    pub done: Report,
    /// Files that were to be written and were not: their old content (or
    /// their absence) is untouched.
    pub not_written: Vec<String>,
    /// Stale files that were to be removed and were not.
    pub not_removed: Vec<String>,
    /// The failure.
    pub error: SyncError,
}

impl ApplyError {
    /// Whether the failure left the disk as it was: no file written or removed.
    ///
    /// ```
    /// use ci_gen::sync::{ApplyError, Report, SyncError};
    ///
    /// let refused = ApplyError {
    ///     done: Report::default(),
    ///     not_written: vec!["ci.yml".into()],
    ///     not_removed: vec![],
    ///     error: SyncError::NotGenerated { paths: vec!["ci.yml".into()] },
    /// };
    /// assert!(refused.nothing_changed());
    /// ```
    pub fn nothing_changed(&self) -> bool {
        self.done.written.is_empty() && self.done.removed.is_empty()
    }
}

fn describe(e: &ApplyError) -> String {
    if e.nothing_changed() {
        return e.error.to_string();
    }
    let mut s = format!(
        "{}\nthe write stopped part way: {} of {} files written, {} of {} stale files removed",
        e.error,
        e.done.written.len(),
        e.done.written.len() + e.not_written.len(),
        e.done.removed.len(),
        e.done.removed.len() + e.not_removed.len()
    );
    for p in &e.done.written {
        s.push_str(&format!("\n  wrote       {}", escape_controls(p)));
    }
    for p in &e.done.removed {
        s.push_str(&format!("\n  removed     {}", escape_controls(p)));
    }
    for p in &e.not_written {
        s.push_str(&format!("\n  not written {} (its old content is untouched)", escape_controls(p)));
    }
    for p in &e.not_removed {
        s.push_str(&format!("\n  not removed {}", escape_controls(p)));
    }
    s.push_str("\nrun the generator again once the cause is fixed");
    s
}

fn io_err(path: &Path, root: &Path, source: io::Error) -> SyncError {
    let rel = path.strip_prefix(root).unwrap_or(path);
    SyncError::Io { path: rel.display().to_string(), source }
}

/// The bytes of the file at `path` (through links), or `None` if there is
/// none. Anything but a regular file is an error: reading a named pipe or a
/// device could block or never end.
fn read(path: &Path, root: &Path) -> Result<Option<Vec<u8>>, SyncError> {
    match fs::metadata(path) {
        Ok(m) if !m.is_file() => {
            let kind = if m.is_dir() { "a folder" } else { "not a regular file" };
            let why = format!("is {kind}; ci-gen reads and writes regular files only");
            return Err(io_err(path, root, io::Error::new(io::ErrorKind::InvalidInput, why)));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(path, root, e)),
    }
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(path, root, e)),
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Compares the rendered files with the disk under `root`, and finds stale
/// generated files: listed in the old manifest, or YAML under `.github/`
/// carrying the header, that nothing renders now. A listed file is stale only
/// if it is provably ci-gen's (a YAML file whose first line is the header, or
/// bytes that hash to the value the manifest recorded); any other listed file
/// is [`Status::StaleNotGenerated`], which a write keeps. Symbolic links met
/// under `.github/workflows` and `.github/actions` are not followed; they are
/// [`Status::SkippedLink`] entries.
///
/// Every generated path must be in normal form
/// ([`is_normal_path`]), else the plan fails
/// with [`SyncError::BadPath`]. A manifest line in any other form (`./ci.yml`,
/// `a//b`), and a file under `.github/` whose name is not in it, is
/// [`Status::Ignored`]: reported, never removed. A candidate for removal that
/// is a generated file under another name (once links are followed, say
/// through a folder link inside the root) is never stale.
///
/// Every file a write would replace or remove, and the manifest, must lead
/// inside the root once symbolic links are followed (the file, or its
/// nearest existing folder, canonicalized); a generated file that is a link
/// to a file outside the root, or whose folder (`.github/workflows`, say) is
/// a link that leads outside, fails the plan with
/// [`SyncError::OutsideRoot`] before anything outside is read. A link that
/// stays inside the root is read and written through.
///
/// ```
/// use ci_gen::sync::{self, Status};
///
/// let root = std::env::temp_dir().join(format!("ci-gen-doc-plan-{}", std::process::id()));
/// std::fs::create_dir_all(root.join(".github")).unwrap();
/// std::fs::write(root.join(".github/ci-gen-manifest.txt"), "# Generated by ci-gen.\nREADME.md\n").unwrap();
/// std::fs::write(root.join("README.md"), "# My project\n").unwrap();
/// let plan = sync::plan(&root, &[]).unwrap();
/// assert_eq!(plan[0].path, "README.md");
/// assert_eq!(plan[0].status, Status::StaleNotGenerated); // listed, but not ci-gen's: kept
/// # std::fs::remove_dir_all(&root).unwrap();
/// ```
pub fn plan(root: &Path, rendered: &[Rendered]) -> Result<Vec<Entry>, SyncError> {
    // Every file a write would replace, and the manifest, must lead inside
    // the root: checked before anything is read.
    let bounds = Bounds::new(root, REPOSITORY, false)?;
    let located = rendered.iter().map(|file| bounds.locate(&file.path)).collect::<Result<Vec<_>, _>>()?;
    let old_manifest = read(&bounds.check(MANIFEST)?, root)?.map(text);
    let listed: BTreeMap<String, Option<u64>> = old_manifest
        .as_deref()
        .filter(|m| has_marker(m))
        .map(manifest_entries)
        .unwrap_or_default()
        .into_iter()
        .collect();
    let mut entries = Vec::with_capacity(rendered.len());
    // The files this write keeps or writes, by where they lead: a stale
    // candidate that is one of them under another name is never removed.
    let mut claimed = Claimed::default();
    for (file, (path, to)) in rendered.iter().zip(located) {
        claimed.insert(&path, to);
        let status = match read(&path, root)?.map(text) {
            None => Status::Missing,
            Some(old) if old == file.bytes => Status::Unchanged,
            Some(old) => {
                let ours = if file.has_header { has_marker(&old) } else { listed.contains_key(&file.path) };
                if ours { Status::Changed { old } } else { Status::NotGenerated { old } }
            }
        };
        entries.push(Entry { path: file.path.clone(), status, new: Some(file.bytes.clone()) });
    }
    let produced: BTreeSet<&str> = rendered.iter().map(|f| f.path.as_str()).collect();
    let mut stale = BTreeMap::new();
    let mut ignored = Vec::new();
    for (p, hash) in &listed {
        if produced.contains(p.as_str()) {
            continue;
        }
        // Another spelling (`./x`, `a//b`) may name a file written now.
        let Some(path) = join(root, p) else {
            ignored.push(p.clone());
            continue;
        };
        if !path.is_file() {
            continue;
        }
        // A write would remove it if it proves to be ci-gen's and is not a
        // file written now, or one already found, under another name.
        let (path, to) = bounds.locate(p)?;
        if !claimed.insert(&path, to) {
            continue;
        }
        let Some(bytes) = read(&path, root)? else { continue };
        let ours = match hash {
            Some(h) if fnv1a64(&bytes) == *h => true,
            _ => is_yaml(p) && has_marker(&text(bytes)),
        };
        stale.insert(p.clone(), if ours { Status::Stale } else { Status::StaleNotGenerated });
    }
    let mut skipped = Vec::new();
    for dir in [".github/workflows", ".github/actions"] {
        let found = yaml_files(&root.join(dir), root)?;
        for link in found.links {
            let rel = relative(&link, root).unwrap_or_else(|lossy| lossy);
            if !produced.contains(rel.as_str()) && !stale.contains_key(&rel) {
                skipped.push(rel);
            }
        }
        for file in found.files {
            // A name that is not valid UTF-8, or not in normal form (a
            // control character), is none ci-gen writes: reported, not read.
            let rel = match relative(&file, root) {
                Ok(rel) if is_normal_path(&rel) => rel,
                Ok(other) | Err(other) => {
                    ignored.push(other);
                    continue;
                }
            };
            if produced.contains(rel.as_str()) || stale.contains_key(&rel) {
                continue;
            }
            let (path, to) = bounds.locate(&rel)?;
            if !claimed.insert(&path, to) {
                continue;
            }
            if read(&path, root)?.is_some_and(|t| has_marker(&text(t))) {
                stale.insert(rel, Status::Stale);
            }
        }
    }
    entries.extend(stale.into_iter().map(|(path, status)| Entry { path, status, new: None }));
    entries.extend(skipped.into_iter().map(|path| Entry { path, status: Status::SkippedLink, new: None }));
    entries.extend(ignored.into_iter().map(|path| Entry { path, status: Status::Ignored, new: None }));
    Ok(entries)
}

/// The files a plan has accounted for, by where each leads once links are
/// followed ([`leads_to`]) and, on Unix, by the file itself (device and
/// inode, which also tells one file under two spellings on a
/// case-insensitive file system).
#[derive(Debug, Default)]
struct Claimed {
    leads_to: BTreeSet<PathBuf>,
    ids: BTreeSet<(u64, u64)>,
}

impl Claimed {
    /// Notes the file at `path`, which leads to `to`; `false` if it was
    /// already noted under this or another name.
    fn insert(&mut self, path: &Path, to: PathBuf) -> bool {
        let id = file_id(path);
        let known = self.leads_to.contains(&to) || id.is_some_and(|id| self.ids.contains(&id));
        self.leads_to.insert(to);
        self.ids.extend(id);
        !known
    }
}

/// The device and inode of the file at `path` (through links), if it exists.
#[cfg(unix)]
fn file_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// No stable file identity outside Unix: [`leads_to`] alone tells spellings apart.
#[cfg(not(unix))]
fn file_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// `path` relative to `root`, its names joined by `/`; `Err` with the
/// names read lossily if one is not valid UTF-8.
fn relative(path: &Path, root: &Path) -> Result<String, String> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let names: Vec<&std::ffi::OsStr> = rel.components().map(|c| c.as_os_str()).collect();
    match names.iter().map(|n| n.to_str()).collect::<Option<Vec<&str>>>() {
        Some(names) => Ok(names.join("/")),
        None => Err(names.iter().map(|n| n.to_string_lossy()).collect::<Vec<_>>().join("/")),
    }
}

/// What a walk of a folder found.
#[derive(Debug, Default)]
struct Found {
    /// `*.yml` and `*.yaml` regular files, sorted.
    files: Vec<PathBuf>,
    /// Symbolic links not followed, sorted: to a folder, to nothing, in a
    /// loop, or named `*.yml`/`*.yaml` (the walk itself if `dir` is a link).
    links: Vec<PathBuf>,
}

/// `*.yml` and `*.yaml` under `dir`, recursively, never through a symbolic
/// link (so a link loop cannot hang the walk).
fn yaml_files(dir: &Path, root: &Path) -> Result<Found, SyncError> {
    let mut found = Found::default();
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            found.links.push(dir.to_path_buf());
            return Ok(found);
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(io_err(dir, root, e)),
    }
    let is_yaml_name = |p: &Path| p.extension().is_some_and(|e| e == "yml" || e == "yaml");
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let rd = match fs::read_dir(&d) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_err(&d, root, e)),
        };
        for entry in rd {
            let entry = entry.map_err(|e| io_err(&d, root, e))?;
            let path = entry.path();
            // The entry's own type: a symbolic link is a link here, not what it points at.
            let ft = entry.file_type().map_err(|e| io_err(&path, root, e))?;
            if ft.is_symlink() {
                let to_file = fs::metadata(&path).is_ok_and(|m| m.is_file());
                if !to_file || is_yaml_name(&path) {
                    found.links.push(path);
                }
            } else if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() && is_yaml_name(&path) {
                found.files.push(path);
            }
        }
    }
    found.files.sort();
    found.links.sort();
    Ok(found)
}

/// What [`apply`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Files written (new or changed).
    pub written: Vec<String>,
    /// Files already up to date.
    pub unchanged: Vec<String>,
    /// Stale generated files removed.
    pub removed: Vec<String>,
    /// Files the old manifest lists that nothing generates now but that are
    /// not provably ci-gen's ([`Status::StaleNotGenerated`]): kept.
    pub kept: Vec<String>,
    /// Symbolic links under `.github/` not followed ([`Status::SkippedLink`]).
    pub skipped: Vec<String>,
    /// Paths not in normal form that the old manifest lists or the walk of
    /// `.github/` met ([`Status::Ignored`]): never removed.
    pub ignored: Vec<String>,
}

/// Writes every file that differs and removes stale generated files, all or
/// nothing as far as the file system allows: every file is staged (written
/// to a temporary file beside its target and synced) before any is renamed
/// over its target; stale files are removed after the renames, and the
/// manifest is renamed last, so that an interrupted write leaves the old
/// manifest naming what it still has to clean up.
///
/// A file that exists without the generated header stops everything (nothing
/// is written) unless `force` is set. So does a file to write or remove that
/// leads outside `root` once symbolic links are followed
/// ([`SyncError::OutsideRoot`]), whatever `force` says: ci-gen writes only
/// inside the repository. On failure the [`ApplyError`] says what was done:
/// nothing when a check or staging failed, else exactly which files were
/// written and removed and which were not.
///
/// ```
/// use ci_gen::sync::{self, Entry, Status};
///
/// let root = std::env::temp_dir().join(format!("ci-gen-doc-apply-{}", std::process::id()));
/// let plan = [Entry { path: "a.json".into(), status: Status::Missing, new: Some("{}\n".into()) }];
/// let report = sync::apply(&root, &plan, false).unwrap();
/// assert_eq!(report.written, ["a.json"]);
/// assert_eq!(std::fs::read_to_string(root.join("a.json")).unwrap(), "{}\n");
/// # std::fs::remove_dir_all(&root).unwrap();
/// ```
#[allow(clippy::result_large_err)] // once per run; the error carries the whole report on purpose
pub fn apply(root: &Path, plan: &[Entry], force: bool) -> Result<Report, ApplyError> {
    let mut report = Report::default();
    let mut writes: Vec<Pending<'_>> = Vec::new();
    let mut removals: Vec<(String, PathBuf)> = Vec::new();
    let mut refused = None;
    let bounds = Bounds::new(root, REPOSITORY, false);
    for e in plan {
        let remove = match (&e.status, &e.new) {
            (Status::Unchanged, _) => {
                report.unchanged.push(e.path.clone());
                continue;
            }
            (Status::StaleNotGenerated, _) => {
                report.kept.push(e.path.clone());
                continue;
            }
            (Status::SkippedLink, _) => {
                report.skipped.push(e.path.clone());
                continue;
            }
            (Status::Ignored, _) => {
                report.ignored.push(e.path.clone());
                continue;
            }
            (Status::Stale, _) => true,
            (_, Some(_)) => false,
            (_, None) => continue,
        };
        let path = match &bounds {
            Ok(b) => b.check(&e.path),
            Err(_) => Ok(PathBuf::new()),
        };
        let path = path.unwrap_or_else(|error| {
            refused.get_or_insert(error);
            PathBuf::new()
        });
        match (&e.new, remove) {
            (Some(bytes), false) => writes.push(Pending { name: e.path.clone(), path, bytes }),
            _ => removals.push((e.path.clone(), path)),
        }
    }
    // The manifest goes last: renamed only once everything else is done.
    writes.sort_by_key(|w| w.name == MANIFEST);
    let last = usize::from(writes.last().is_some_and(|w| w.name == MANIFEST));
    let foreign: Vec<String> =
        plan.iter().filter(|e| matches!(e.status, Status::NotGenerated { .. })).map(|e| e.path.clone()).collect();
    let refusal = if !foreign.is_empty() && !force { Some(SyncError::NotGenerated { paths: foreign }) } else { None };
    if let Some(error) = bounds.err().or(refused).or(refusal) {
        let not_written = writes.into_iter().map(|w| w.name).collect();
        let not_removed = removals.into_iter().map(|(name, _)| name).collect();
        return Err(ApplyError { done: report, not_written, not_removed, error });
    }
    commit_all(&writes, &removals, last, report)
}

/// Writes each of `files` (a path relative to `root`, and its bytes) the way
/// [`apply`] writes: all or nothing as far as the file system allows, every
/// file staged beside its target before any is renamed into place, with the
/// same permissions kept and symbolic links written through. Missing folders
/// are created. `ci-gen import` writes its modules with it.
///
/// Every file must lead inside `root` once symbolic links are followed, and
/// none may be a folder: otherwise nothing is written. Files are named in
/// the result and in the error with `root` before them, as given; the error
/// is an [`ApplyError`] that removed nothing and lists what was written, if
/// anything, and what was not.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("ci-gen-doc-write-files-{}", std::process::id()));
/// let files = [("mod.rs".to_owned(), "pub mod ci;\n".to_owned()), ("ci.rs".to_owned(), "\n".to_owned())];
/// let written = ci_gen::sync::write_files(&dir, &files).unwrap();
/// assert_eq!(written, [dir.join("mod.rs").display().to_string(), dir.join("ci.rs").display().to_string()]);
///
/// // A folder in the way of the last file: the first is not written either.
/// std::fs::create_dir_all(dir.join("b.rs/inner")).unwrap();
/// let files = [("a.rs".to_owned(), "\n".to_owned()), ("b.rs".to_owned(), "\n".to_owned())];
/// let e = ci_gen::sync::write_files(&dir, &files).unwrap_err();
/// assert!(e.nothing_changed());
/// assert!(e.error.to_string().ends_with("b.rs: is a folder; ci-gen writes regular files only"), "{e}");
/// assert!(!dir.join("a.rs").exists());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[allow(clippy::result_large_err)] // once per write; the error carries the whole report on purpose
pub fn write_files(root: &Path, files: &[(String, String)]) -> Result<Vec<String>, ApplyError> {
    let refuse = |bounds: Option<&Bounds<'_>>, error: SyncError| {
        let name = |rel: &String| bounds.map_or_else(|| root.join(rel).display().to_string(), |b| b.name(rel));
        ApplyError {
            done: Report::default(),
            not_written: files.iter().map(|(rel, _)| name(rel)).collect(),
            not_removed: Vec::new(),
            error,
        }
    };
    let bounds = Bounds::new(root, "the output folder", true).map_err(|e| refuse(None, e))?;
    let mut writes = Vec::with_capacity(files.len());
    for (rel, bytes) in files {
        let path = bounds.check(rel).map_err(|e| refuse(Some(&bounds), e))?;
        if fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
            let source = io::Error::new(io::ErrorKind::InvalidInput, "is a folder; ci-gen writes regular files only");
            return Err(refuse(Some(&bounds), SyncError::Io { path: bounds.name(rel), source }));
        }
        writes.push(Pending { name: bounds.name(rel), path, bytes });
    }
    commit_all(&writes, &[], 0, Report::default()).map(|report| report.written)
}

/// One file to write: its name in reports, where it goes, and its bytes.
#[derive(Debug)]
struct Pending<'a> {
    name: String,
    path: PathBuf,
    bytes: &'a str,
}

/// Stages every one of `writes`, then renames all but the `last` ones over
/// their targets, removes `removals` (name, path), and renames the `last`
/// ones. A failure while staging removes the temporary files and the
/// folders made for them: nothing changed. A later failure says exactly what
/// was written and removed, and what was not. `report` is what the caller
/// has already noted (files unchanged, kept, skipped).
#[allow(clippy::result_large_err)] // once per write; the error carries the whole report on purpose
fn commit_all(
    writes: &[Pending<'_>],
    removals: &[(String, PathBuf)],
    last: usize,
    mut report: Report,
) -> Result<Report, ApplyError> {
    let names = |writes: &[Pending<'_>]| writes.iter().map(|w| w.name.clone()).collect::<Vec<_>>();
    let removal_names = |removals: &[(String, PathBuf)]| removals.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();

    // Stage every file; on any failure, drop what was staged (removing the
    // temporary files) and the folders made for it: nothing changed.
    let mut made_dirs = Vec::new();
    let mut staged = Vec::with_capacity(writes.len());
    for w in writes {
        match stage(&w.path, w.bytes.as_bytes(), &mut made_dirs) {
            Ok(s) => staged.push(s),
            Err(source) => {
                drop(staged);
                remove_empty_dirs(&made_dirs);
                let error = SyncError::Io { path: w.name.clone(), source };
                return Err(ApplyError {
                    done: report,
                    not_written: names(writes),
                    not_removed: removal_names(removals),
                    error,
                });
            }
        }
    }

    // Rename them all but the last ones, then remove stale files, then rename the last ones.
    let split = writes.len().saturating_sub(last);
    let mut staged = staged.into_iter();
    let mut synced = BTreeSet::new();
    let fail = |report: Report, error: SyncError, written_from: usize, removed_from: usize| {
        remove_empty_dirs(&made_dirs);
        let not_written = names(&writes[written_from..]);
        let not_removed = removal_names(&removals[removed_from..]);
        ApplyError { done: report, not_written, not_removed, error }
    };
    if let Err((i, error)) = rename(writes, 0..split, &mut staged, &mut synced, &mut report) {
        drop(staged);
        return Err(fail(report, error, i, removals.len()));
    }
    for (i, (name, path)) in removals.iter().enumerate() {
        match fs::remove_file(path) {
            Ok(()) => report.removed.push(name.clone()),
            Err(source) => {
                drop(staged);
                return Err(fail(report, SyncError::Io { path: name.clone(), source }, split, i));
            }
        }
    }
    if let Err((i, error)) = rename(writes, split..writes.len(), &mut staged, &mut synced, &mut report) {
        drop(staged);
        return Err(fail(report, error, i, removals.len()));
    }
    sync_dirs(&synced);
    Ok(report)
}

/// Renames the next staged files over their targets, for `writes[range]` in
/// order, noting each in `report`; on a failure, the index of the write that
/// failed and why.
fn rename(
    writes: &[Pending<'_>],
    range: std::ops::Range<usize>,
    staged: &mut impl Iterator<Item = Staged>,
    synced: &mut BTreeSet<PathBuf>,
    report: &mut Report,
) -> Result<(), (usize, SyncError)> {
    for i in range {
        let (Some(w), Some(s)) = (writes.get(i), staged.next()) else { break };
        s.commit(synced).map_err(|source| (i, SyncError::Io { path: w.name.clone(), source }))?;
        report.written.push(w.name.clone());
    }
    Ok(())
}

/// Writes `bytes` to `path` so that a reader never sees half a file: to a
/// temporary file of an unpredictable name created beside the target (never
/// through an existing file or link), synced, then renamed over the target.
/// The file keeps its permissions; a new file gets the default ones. When
/// `path` is a symbolic link, the link stays and the file it points at is
/// replaced; a link to nothing is refused. Missing folders are created.
///
/// Unlike [`apply`] and [`write_files`], it keeps to no root: `fmt --write`
/// uses it for files the user named one by one, and a named file that is a
/// symbolic link is written through wherever the link leads, since the user
/// chose that file.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("ci-gen-doc-write-{}", std::process::id()));
/// ci_gen::sync::write_atomic(&dir.join("sub/ci.yml"), "on: push\n").unwrap();
/// assert_eq!(std::fs::read_to_string(dir.join("sub/ci.yml")).unwrap(), "on: push\n");
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn write_atomic(path: &Path, bytes: &str) -> io::Result<()> {
    let mut made_dirs = Vec::new();
    let mut synced = BTreeSet::new();
    let result = stage(path, bytes.as_bytes(), &mut made_dirs).and_then(|s| s.commit(&mut synced));
    if result.is_err() {
        remove_empty_dirs(&made_dirs);
    }
    sync_dirs(&synced);
    result
}

/// A file written in full to its temporary name, waiting to be renamed over
/// its target. Dropped without [`commit`](Self::commit), it removes the
/// temporary file.
#[derive(Debug)]
struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    done: bool,
}

impl Staged {
    /// Renames the temporary file over the target; notes the folder to sync.
    fn commit(mut self, synced: &mut BTreeSet<PathBuf>) -> io::Result<()> {
        fs::rename(&self.tmp, &self.target)?;
        self.done = true;
        if let Some(dir) = self.target.parent() {
            synced.insert(dir.to_path_buf());
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `bytes` to a new temporary file beside the file `path` stands for
/// (its target when `path` is a symbolic link), with the target's
/// permissions, and syncs it. Folders it had to create are added to `made_dirs`.
fn stage(path: &Path, bytes: &[u8], made_dirs: &mut Vec<PathBuf>) -> io::Result<Staged> {
    let target = resolve(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_dirs(&dir, made_dirs)?;
    let permissions = fs::metadata(&target).ok().filter(|m| m.is_file()).map(|m| m.permissions());
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let (mut file, tmp) = create_temp(&dir, &name, permissions.is_some())?;
    let staged = Staged { tmp, target, done: false };
    file.write_all(bytes)?;
    if let Some(p) = permissions {
        file.set_permissions(p)?;
    }
    file.sync_all()?;
    Ok(staged)
}

/// The file a write to `path` replaces: `path` itself, or the file a symbolic
/// link at `path` points at (through every link).
fn resolve(path: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                io::Error::new(
                    e.kind(),
                    "a symbolic link to a file that does not exist; ci-gen does not create files through a link",
                )
            } else {
                e
            }
        }),
        Ok(_) => Ok(path.to_path_buf()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(e) => Err(e),
    }
}

/// Creates `dir` and any missing parents, recording each folder it made.
fn create_dirs(dir: &Path, made_dirs: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut missing = Vec::new();
    let mut d = dir;
    while !d.is_dir() {
        missing.push(d);
        match d.parent() {
            Some(p) if !p.as_os_str().is_empty() => d = p,
            _ => break,
        }
    }
    for d in missing.into_iter().rev() {
        match fs::create_dir(d) {
            Ok(()) => made_dirs.push(d.to_path_buf()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let name = d.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                return Err(io::Error::new(
                    e.kind(),
                    format!("`{name}` is in the way of a folder (it is not a folder)"),
                ));
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Removes the folders a failed write made, deepest first, if still empty.
fn remove_empty_dirs(made_dirs: &[PathBuf]) {
    for d in made_dirs.iter().rev() {
        let _ = fs::remove_dir(d);
    }
}

/// Syncs each folder a rename changed, so the renames survive a crash. Best
/// effort: not every platform or file system can open or sync a folder.
fn sync_dirs(dirs: &BTreeSet<PathBuf>) {
    if cfg!(unix) {
        for d in dirs {
            if let Ok(f) = File::open(d) {
                let _ = f.sync_all();
            }
        }
    }
}

/// How many names a temporary file tries before giving up; each is random,
/// so more than one is needed only when someone plants files at guesses.
const TEMP_ATTEMPTS: usize = 16;

/// The longest part of a file's name that goes into its temporary name, so
/// that the temporary name stays within the usual 255-byte limit.
const TEMP_NAME_PART: usize = 160;

/// Creates a new temporary file in `dir` for the file `name`, exclusively:
/// an existing file or link at the chosen name is refused (and another name
/// tried), never written through. With `private`, the file starts readable
/// by its owner only (its final permissions are set once it is written).
fn create_temp(dir: &Path, name: &str, private: bool) -> io::Result<(File, PathBuf)> {
    let mut cut = name.len().min(TEMP_NAME_PART);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut last = io::Error::from(io::ErrorKind::AlreadyExists);
    for _ in 0..TEMP_ATTEMPTS {
        let tmp = dir.join(format!(".{}.{}-{:016x}.ci-gen-tmp", &name[..cut], std::process::id(), random()));
        match options.open(&tmp) {
            Ok(file) => return Ok((file, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = e,
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// 64 unpredictable bits: std's randomly keyed SipHash over the time, the
/// process id and a counter.
fn random() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(std::process::id());
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_new_each_time_and_hidden_beside_the_file() {
        let dir = std::env::temp_dir().join(format!("ci-gen-unit-temp-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let long = "x".repeat(300);
        let names: Vec<String> = ["ci.yml", "ci.yml", long.as_str()]
            .iter()
            .map(|n| {
                let (_, tmp) = create_temp(&dir, n, false).unwrap();
                tmp.file_name().unwrap().to_string_lossy().into_owned()
            })
            .collect();
        assert_ne!(names[0], names[1]);
        for n in &names[..2] {
            assert!(n.starts_with(&format!(".ci.yml.{}-", std::process::id())), "{n}");
            assert!(n.ends_with(".ci-gen-tmp"), "{n}");
        }
        assert!(names[2].len() < 255, "{}", names[2].len());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn bounds_follow_links_and_name_the_one_that_leads_out() {
        use std::os::unix::fs::symlink;
        let base = std::env::temp_dir().join(format!("ci-gen-unit-bounds-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        let (root, outside) = (base.join("repo"), base.join("outside"));
        fs::create_dir_all(root.join("shared")).unwrap();
        fs::create_dir_all(&outside).unwrap();
        let outside = fs::canonicalize(&outside).unwrap();
        fs::write(outside.join("x"), "x").unwrap();
        symlink(outside.join("x"), root.join("file-out")).unwrap();
        symlink(&outside, root.join("dir-out")).unwrap();
        symlink("shared", root.join("dir-in")).unwrap();
        symlink("dir-out", root.join("hop")).unwrap(); // a link inside that leads to one that leads out
        symlink(outside.join("nothing"), root.join("dangling")).unwrap();

        let canonical_root = fs::canonicalize(&root).unwrap();
        // Missing names are put after the nearest existing folder; a link to
        // nothing counts as missing.
        assert_eq!(leads_to(&root.join("a/b/c.json")).unwrap(), canonical_root.join("a/b/c.json"));
        assert_eq!(leads_to(&root.join("dangling/c.json")).unwrap(), canonical_root.join("dangling/c.json"));
        assert_eq!(leads_to(&root.join("dir-in/new.yml")).unwrap(), canonical_root.join("shared/new.yml"));

        let bounds = Bounds::new(&root, REPOSITORY, false).unwrap();
        assert_eq!(bounds.check("dir-in/new.yml").unwrap(), root.join("dir-in/new.yml"));
        assert_eq!(bounds.check("a/b/c.json").unwrap(), root.join("a/b/c.json"));
        assert!(matches!(bounds.check("../x"), Err(SyncError::BadPath { .. })));
        let root_text = canonical_root.display().to_string();
        let message = |rel: &str| bounds.check(rel).err().map(|e| e.to_string()).unwrap_or_default();
        let x = outside.join("x").display().to_string();
        let out = outside.display().to_string();
        assert_eq!(
            message("file-out"),
            format!(
                "file-out is a symbolic link to {x}, outside the repository; ci-gen writes only inside {root_text}"
            )
        );
        assert_eq!(
            message("dir-out/new/ci.yml"),
            format!(
                "dir-out/new/ci.yml: `dir-out` is a symbolic link to {out}, outside the repository; \
                 ci-gen writes only inside {root_text}"
            )
        );
        assert!(message("hop/x").starts_with(&format!("hop/x: `hop` is a symbolic link to {out}, ")));

        let full = Bounds::new(&root, "the output folder", true).unwrap();
        let e = full.check("file-out").err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            e.starts_with(&format!(
                "{} is a symbolic link to {x}, outside the output folder;",
                root.join("file-out").display()
            )),
            "{e}"
        );
        fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls(".github/actions/a\u{1b}[2Jb\nc\té"), ".github/actions/a\\u{1b}[2Jb\\u{a}c\\u{9}é");
    }

    #[test]
    fn a_dropped_staged_file_leaves_nothing_and_made_folders_go() {
        let dir = std::env::temp_dir().join(format!("ci-gen-unit-stage-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let mut made = Vec::new();
        let staged = stage(&dir.join("a/b/c.json"), b"{}", &mut made).unwrap();
        assert_eq!(made, [dir.join("a"), dir.join("a/b")]);
        assert_eq!(fs::read_dir(dir.join("a/b")).unwrap().count(), 1);
        drop(staged);
        remove_empty_dirs(&made);
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
        fs::remove_dir_all(&dir).unwrap();
    }
}
