//! Bringing the files on disk in line with the rendered files: [`plan`]
//! compares, [`apply`] writes (each file to a temporary file, then renamed),
//! and `--check` only reports.
//!
//! Writing and checking share [`plan`], so what `--check` reports is exactly
//! what a write would do.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::files::{MANIFEST, Rendered, has_marker, join, manifest_paths};

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
    /// A file ci-gen wrote earlier that no value produces any more.
    Stale,
}

/// One file's status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Path relative to the root.
    pub path: String,
    /// What writing would do.
    pub status: Status,
    /// The new bytes (none for a stale file).
    pub new: Option<String>,
}

/// An I/O failure, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Reading or writing failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A generated path leaves the root.
    #[error("{path}: generated paths must be relative and stay inside the root")]
    BadPath {
        /// The path.
        path: String,
    },
    /// Files that would be overwritten but were not generated.
    #[error(
        "refusing to overwrite files that ci-gen did not write (no generated header): {}; move them away or pass --force",
        .paths.join(", ")
    )]
    NotGenerated {
        /// The files.
        paths: Vec<String>,
    },
}

fn io_err(path: &Path, root: &Path, source: io::Error) -> SyncError {
    let rel = path.strip_prefix(root).unwrap_or(path);
    SyncError::Io { path: rel.display().to_string(), source }
}

fn read(path: &Path, root: &Path) -> Result<Option<String>, SyncError> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_err(path, root, e)),
    }
}

/// Compares the rendered files with the disk under `root`, and finds stale
/// generated files (listed in the old manifest, or YAML under `.github/`
/// carrying the header, that nothing renders now).
pub fn plan(root: &Path, rendered: &[Rendered]) -> Result<Vec<Entry>, SyncError> {
    let old_manifest = read(&root.join(MANIFEST), root)?;
    let listed: BTreeSet<String> =
        old_manifest.as_deref().filter(|m| has_marker(m)).map(manifest_paths).unwrap_or_default().into_iter().collect();
    let mut entries = Vec::with_capacity(rendered.len());
    for file in rendered {
        let path = join(root, &file.path).ok_or_else(|| SyncError::BadPath { path: file.path.clone() })?;
        let status = match read(&path, root)? {
            None => Status::Missing,
            Some(old) if old == file.bytes => Status::Unchanged,
            Some(old) => {
                let ours = if file.has_header { has_marker(&old) } else { listed.contains(&file.path) };
                if ours { Status::Changed { old } } else { Status::NotGenerated { old } }
            }
        };
        entries.push(Entry { path: file.path.clone(), status, new: Some(file.bytes.clone()) });
    }
    let produced: BTreeSet<&str> = rendered.iter().map(|f| f.path.as_str()).collect();
    let mut stale = BTreeSet::new();
    for p in &listed {
        if !produced.contains(p.as_str()) && join(root, p).is_some_and(|f| f.is_file()) {
            stale.insert(p.clone());
        }
    }
    for dir in [".github/workflows", ".github/actions"] {
        for file in yaml_files(&root.join(dir), root)? {
            let rel = relative(&file, root);
            if produced.contains(rel.as_str()) || stale.contains(&rel) {
                continue;
            }
            if read(&file, root)?.is_some_and(|t| has_marker(&t)) {
                stale.insert(rel);
            }
        }
    }
    entries.extend(stale.into_iter().map(|path| Entry { path, status: Status::Stale, new: None }));
    Ok(entries)
}

fn relative(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// `*.yml` and `*.yaml` under `dir`, recursively, sorted.
fn yaml_files(dir: &Path, root: &Path) -> Result<Vec<PathBuf>, SyncError> {
    let mut out = Vec::new();
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
            let ft = entry.file_type().map_err(|e| io_err(&path, root, e))?;
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() && path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
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
}

/// Writes every file that differs and removes stale generated files. A file
/// that exists without the generated header stops everything (nothing is
/// written) unless `force` is set.
pub fn apply(root: &Path, plan: &[Entry], force: bool) -> Result<Report, SyncError> {
    let foreign: Vec<String> =
        plan.iter().filter(|e| matches!(e.status, Status::NotGenerated { .. })).map(|e| e.path.clone()).collect();
    if !foreign.is_empty() && !force {
        return Err(SyncError::NotGenerated { paths: foreign });
    }
    let mut report = Report::default();
    for e in plan {
        let path = join(root, &e.path).ok_or_else(|| SyncError::BadPath { path: e.path.clone() })?;
        match (&e.status, &e.new) {
            (Status::Unchanged, _) => report.unchanged.push(e.path.clone()),
            (Status::Stale, _) => {
                fs::remove_file(&path).map_err(|err| io_err(&path, root, err))?;
                report.removed.push(e.path.clone());
            }
            (_, Some(bytes)) => {
                write_atomic(&path, bytes).map_err(|err| io_err(&path, root, err))?;
                report.written.push(e.path.clone());
            }
            (_, None) => {}
        }
    }
    Ok(report)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over
/// `path`, so a reader never sees half a file.
pub fn write_atomic(path: &Path, bytes: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.ci-gen-tmp"));
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
