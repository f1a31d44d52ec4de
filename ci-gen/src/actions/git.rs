//! Everything `actions` asks of the network, through the `git` command line
//! with the user's own configuration (`url.<base>.insteadOf`, credentials,
//! proxies): the tags and branches of a repository (`git ls-remote`), and one
//! commit fetched into a temporary bare repository to read the action file.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ActionsError;
use super::lock::is_sha;

/// Variables that choose the repository git works on (set in hooks).
const REPOSITORY_VARS: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
];

/// How `git` is run: the program and extra environment variables, on top of
/// the process's own (the user's configuration applies either way).
///
/// ```
/// use ci_gen::actions::Git;
///
/// // Point https://github.com/ at local repositories, as the tests do.
/// let git = Git::new()
///     .env("GIT_CONFIG_COUNT", "1")
///     .env("GIT_CONFIG_KEY_0", "url./srv/mirror/.insteadOf")
///     .env("GIT_CONFIG_VALUE_0", "https://github.com/");
/// assert_eq!(git.url("actions/checkout"), "https://github.com/actions/checkout");
/// ```
#[derive(Clone, Debug)]
pub struct Git {
    envs: Vec<(OsString, OsString)>,
    /// How long one git command may take before it is stopped.
    timeout: Duration,
}

impl Default for Git {
    fn default() -> Self {
        Git { envs: Vec::new(), timeout: DEFAULT_TIMEOUT }
    }
}

/// How long one git command may take by default: a slow mirror still
/// answers in that time; a server that never answers does not hang `actions`.
///
/// ```
/// assert_eq!(ci_gen::actions::DEFAULT_TIMEOUT.as_secs(), 300);
/// ```
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// A tag or branch and the commit it points at (peeled for annotated tags).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ref {
    pub(crate) name: String,
    pub(crate) commit: String,
}

/// The tags and branches of a repository.
#[derive(Clone, Debug, Default)]
pub(crate) struct Refs {
    pub(crate) tags: Vec<Ref>,
    pub(crate) branches: Vec<Ref>,
}

impl Git {
    /// `git` from `PATH` with the process's environment.
    ///
    /// ```
    /// let git = ci_gen::actions::Git::new();
    /// assert_eq!(git.url("o/r"), "https://github.com/o/r");
    /// ```
    pub fn new() -> Self {
        Git::default()
    }

    /// Sets an environment variable for every `git` run.
    ///
    /// ```
    /// let git = ci_gen::actions::Git::new().env("GIT_CONFIG_NOSYSTEM", "1");
    /// # let _ = git;
    /// ```
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// How long one git command may take before it is stopped and the
    /// command fails, changing nothing (default [`DEFAULT_TIMEOUT`]).
    ///
    /// ```
    /// let git = ci_gen::actions::Git::new().timeout(std::time::Duration::from_secs(30));
    /// # let _ = git;
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The URL of `owner/repo` (git's `insteadOf` rewrites it).
    ///
    /// ```
    /// assert_eq!(ci_gen::actions::Git::new().url("a/b"), "https://github.com/a/b");
    /// ```
    pub fn url(&self, repository: &str) -> String {
        format!("https://github.com/{repository}")
    }

    fn command(&self) -> Command {
        let mut c = Command::new("git");
        // Run inside a git hook, these would point every command (the
        // scratch repository's `init` and `fetch` too) at the user's own
        // repository.
        for var in REPOSITORY_VARS {
            c.env_remove(var);
        }
        c.envs(self.envs.iter().map(|(k, v)| (k, v)));
        // Never wait for a password on a terminal: a credential helper still answers.
        c.env("GIT_TERMINAL_PROMPT", "0");
        c
    }

    /// Runs git with `args` (in `dir`, if given); its stdout, or its stderr as the error.
    fn run(&self, dir: Option<&Path>, args: &[&str], action: &str) -> Result<Result<String, String>, ActionsError> {
        let mut c = self.command();
        if let Some(d) = dir {
            c.arg("-C").arg(d);
        }
        c.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let failed = |message: String| ActionsError::Git { action: action.to_owned(), message };
        let mut child = c.spawn().map_err(|e| {
            failed(format!("`git` could not be run: {e}; ci-gen reads actions through the git command line"))
        })?;
        let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(failed("`git`'s output could not be read".to_owned()));
        };
        // Both pipes are read while git runs (a full pipe would stop it), and
        // git is stopped when it takes longer than the timeout. The readers
        // are not waited for then: a helper git started may still hold the
        // pipes open.
        let reader = |mut pipe: Box<dyn Read + Send>| {
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                let _ = pipe.read_to_end(&mut buf);
                let _ = tx.send(buf);
            });
            rx
        };
        let (out, err) = (reader(Box::new(stdout)), reader(Box::new(stderr)));
        let deadline = Instant::now() + self.timeout;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let collect = |rx: std::sync::mpsc::Receiver<Vec<u8>>| rx.recv().unwrap_or_default();
        match status {
            None => Err(failed(format!(
                "`git {}` took longer than {} s and was stopped; nothing was changed",
                args.first().copied().unwrap_or_default(),
                self.timeout.as_secs_f64()
            ))),
            Some(s) if s.success() => Ok(Ok(String::from_utf8_lossy(&collect(out)).into_owned())),
            Some(_) => Ok(Err(last_lines(&String::from_utf8_lossy(&collect(err))))),
        }
    }

    /// The tags and branches of `repository` (`git ls-remote --tags --heads`).
    pub(crate) fn refs(&self, action: &str, repository: &str) -> Result<Refs, ActionsError> {
        let url = self.url(repository);
        let text = self
            .run(None, &["ls-remote", "--tags", "--heads", &url], action)?
            .map_err(|message| ActionsError::Unreachable { action: action.to_owned(), url: url.clone(), message })?;
        Ok(parse_refs(&text))
    }

    /// The action file (`action.yml`, else `action.yaml`) of `path` in
    /// `repository` at `commit`: its name and text.
    pub(crate) fn action_file(
        &self,
        action: &str,
        repository: &str,
        path: Option<&str>,
        commit: &str,
    ) -> Result<(String, String), ActionsError> {
        let url = self.url(repository);
        let scratch = Scratch::new().map_err(|e| ActionsError::Git {
            action: action.to_owned(),
            message: format!("a temporary folder: {e}"),
        })?;
        let dir = Some(scratch.0.as_path());
        self.run(dir, &["init", "--quiet", "--bare"], action)?
            .map_err(|message| ActionsError::Git { action: action.to_owned(), message })?;
        self.run(dir, &["fetch", "--quiet", "--no-tags", "--depth=1", &url, commit], action)?.map_err(|message| {
            ActionsError::NoCommit { action: action.to_owned(), url: url.clone(), commit: commit.to_owned(), message }
        })?;
        for name in ["action.yml", "action.yaml"] {
            let file = match path {
                Some(p) => format!("{p}/{name}"),
                None => name.to_owned(),
            };
            if let Ok(text) = self.run(dir, &["cat-file", "blob", &format!("{commit}:{file}")], action)? {
                return Ok((file, text));
            }
        }
        Err(ActionsError::NoActionFile {
            action: action.to_owned(),
            folder: path.map_or_else(|| "the repository's root".to_owned(), |p| format!("`{p}`")),
            commit: commit.to_owned(),
        })
    }
}

/// git's message on one line, without its `hint:` lines (at most five lines).
fn last_lines(stderr: &str) -> String {
    let lines: Vec<&str> =
        stderr.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("hint:")).take(5).collect();
    let text = lines.join("; ");
    if text.is_empty() { "git failed without a message".to_owned() } else { text }
}

/// Reads `git ls-remote` output: a peeled line (`^{}`) gives an annotated
/// tag's commit.
pub(crate) fn parse_refs(text: &str) -> Refs {
    let mut refs = Refs::default();
    for line in text.lines() {
        let Some((commit, name)) = line.split_once('\t') else { continue };
        let commit = commit.trim().to_ascii_lowercase();
        if !is_sha(&commit) {
            continue;
        }
        if let Some(tag) = name.strip_prefix("refs/tags/") {
            match tag.strip_suffix("^{}") {
                Some(tag) => match refs.tags.iter_mut().find(|r| r.name == tag) {
                    Some(r) => r.commit = commit,
                    None => refs.tags.push(Ref { name: tag.to_owned(), commit }),
                },
                None if !refs.tags.iter().any(|r| r.name == tag) => {
                    refs.tags.push(Ref { name: tag.to_owned(), commit });
                }
                None => {}
            }
        } else if let Some(branch) = name.strip_prefix("refs/heads/") {
            refs.branches.push(Ref { name: branch.to_owned(), commit });
        }
    }
    refs
}

/// The numbers of a version tag: `v1`, `v1.2`, `1.2.3` (at most four parts,
/// no pre-release suffix).
pub(crate) fn version(tag: &str) -> Option<Vec<u64>> {
    let digits = tag.strip_prefix('v').unwrap_or(tag);
    let parts: Option<Vec<u64>> = digits
        .split('.')
        .map(|p| if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) { p.parse().ok() } else { None })
        .collect();
    parts.filter(|p| (1..=4).contains(&p.len()))
}

/// Orders versions by value (missing parts count as 0), then the more
/// specific first-class: `v1.1.0` above `v1.1` above `v1`.
fn rank(v: &[u64]) -> (Vec<u64>, usize) {
    let mut padded = v.to_vec();
    padded.resize(4, 0);
    (padded, v.len())
}

/// The most specific version tag at `commit` (`v4` and `v4.2.3` both there:
/// `v4.2.3`).
pub(crate) fn tag_at<'a>(refs: &'a Refs, commit: &str) -> Option<&'a str> {
    tag_within(refs, commit, &[])
}

/// [`tag_at`] among the versions that start with `prefix` (`v4` asked for:
/// `v4.2.3`, not a `v5.0.0` at the same commit), else among all.
pub(crate) fn tag_within<'a>(refs: &'a Refs, commit: &str, prefix: &[u64]) -> Option<&'a str> {
    let at = |within: bool| {
        refs.tags
            .iter()
            .filter(|r| r.commit == commit)
            .filter_map(|r| version(&r.name).map(|v| (v, r.name.as_str())))
            .filter(|(v, _)| !within || v.starts_with(prefix))
            .map(|(v, name)| (rank(&v), name))
            .max()
            .map(|(_, name)| name)
    };
    at(true).or_else(|| at(false))
}

/// The newest version tag, within `major` if given: the highest version,
/// the most specific of equal ones.
pub(crate) fn newest(refs: &Refs, major: Option<u64>) -> Option<&Ref> {
    refs.tags
        .iter()
        .filter_map(|r| version(&r.name).map(|v| (v, r)))
        .filter(|(v, _)| major.is_none_or(|m| v.first() == Some(&m)))
        .max_by(|(a, _), (b, _)| rank(a).cmp(&rank(b)))
        .map(|(_, r)| r)
}

/// A temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> std::io::Result<Scratch> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!("ci-gen-actions-{}-{}-{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir(&dir)?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "1111111111111111111111111111111111111111";
    const B: &str = "2222222222222222222222222222222222222222";
    const C: &str = "3333333333333333333333333333333333333333";

    #[test]
    fn refs_take_the_peeled_commit() {
        let text = format!(
            "{A}\trefs/heads/main\n{B}\trefs/tags/v1.1.0\n{A}\trefs/tags/v1.1.0^{{}}\n{A}\trefs/tags/v1\n{C}\trefs/tags/v2.0.0\n{C}\trefs/tags/nightly\n"
        );
        let refs = parse_refs(&text);
        assert_eq!(refs.branches, [Ref { name: "main".into(), commit: A.into() }]);
        assert_eq!(refs.tags[0], Ref { name: "v1.1.0".into(), commit: A.into() });
        assert_eq!(tag_at(&refs, A), Some("v1.1.0"));
        assert_eq!(tag_at(&refs, C), Some("v2.0.0"));
        assert_eq!(tag_at(&refs, B), None);
        let text = format!("{A}\trefs/tags/v1\n{A}\trefs/tags/v1.4.0\n{A}\trefs/tags/v2.0.0\n");
        let same = parse_refs(&text);
        assert_eq!(tag_within(&same, A, &[1]), Some("v1.4.0"));
        assert_eq!(tag_within(&same, A, &[]), Some("v2.0.0"));
        assert_eq!(tag_within(&same, A, &[3]), Some("v2.0.0"));
        assert_eq!(newest(&refs, Some(1)).map(|r| r.name.as_str()), Some("v1.1.0"));
        assert_eq!(newest(&refs, None).map(|r| r.name.as_str()), Some("v2.0.0"));
        assert_eq!(newest(&refs, Some(3)), None);
    }

    #[test]
    fn versions() {
        assert_eq!(version("v1.2.3"), Some(vec![1, 2, 3]));
        assert_eq!(version("7"), Some(vec![7]));
        assert_eq!(version("v1.2.3-rc.1"), None);
        assert_eq!(version("latest"), None);
        assert_eq!(version("v"), None);
        assert!(rank(&[1, 1, 0]) > rank(&[1, 1]));
        assert!(rank(&[1, 2]) > rank(&[1, 1, 9]));
    }
}
