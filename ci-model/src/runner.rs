//! Runner labels: the labels GitHub hosts ([`GITHUB_HOSTED`]) and the
//! repository's own runners a generator declares ([`Runners`]), which
//! validation checks every literal `runs-on:` label against.
//!
//! A leaf module: validation reads it, the model does not.
//!
//! The list of GitHub-hosted labels follows GitHub's documentation ("GitHub-hosted
//! runners" and "larger runners": standard, arm64, single-CPU `ubuntu-slim`,
//! and the macOS `-large`/`-xlarge` labels) and actionlint's list
//! (`allGitHubHostedRunnerLabels`, which also has the `-N-cores` larger-runner
//! labels GitHub announced). Retired images (`ubuntu-20.04`, `windows-2019`,
//! `macos-13` and older) are left out: a job asking for one waits for a runner
//! that never comes.
//!
//! ```
//! use ci_model::{Job, Runners, Step, Workflow};
//!
//! let wf = Workflow::new("CI").on_push().job("a", Job::new("ubuntu-lastest").step(Step::run("make")));
//! assert!(wf.validate()[0].to_string().contains("did you mean `ubuntu-latest`?"));
//! let wf = Workflow::new("CI").on_push().job("a", Job::new("gpu-box").step(Step::run("make")));
//! assert!(wf.validate_with(&Runners::new().self_hosted(["gpu-box"])).is_empty());
//! ```

/// Every label of a GitHub-hosted runner, Linux first, then Windows, then macOS.
///
/// ```
/// use ci_model::runner::GITHUB_HOSTED;
///
/// assert!(GITHUB_HOSTED.contains(&"ubuntu-latest"));
/// assert!(GITHUB_HOSTED.contains(&"macos-15-xlarge"));
/// assert!(!GITHUB_HOSTED.contains(&"self-hosted"));
/// ```
pub const GITHUB_HOSTED: &[&str] = &[
    "ubuntu-latest",
    "ubuntu-26.04",
    "ubuntu-24.04",
    "ubuntu-22.04",
    "ubuntu-26.04-arm",
    "ubuntu-24.04-arm",
    "ubuntu-22.04-arm",
    "ubuntu-slim",
    "ubuntu-latest-4-cores",
    "ubuntu-latest-8-cores",
    "ubuntu-latest-16-cores",
    "windows-latest",
    "windows-2025",
    "windows-2025-vs2026",
    "windows-2022",
    "windows-11-arm",
    "windows-11-vs2026-arm",
    "windows-latest-8-cores",
    "macos-latest",
    "macos-26",
    "macos-15",
    "macos-14",
    "macos-26-intel",
    "macos-15-intel",
    "macos-latest-large",
    "macos-26-large",
    "macos-15-large",
    "macos-14-large",
    "macos-latest-xlarge",
    "macos-26-xlarge",
    "macos-15-xlarge",
    "macos-14-xlarge",
];

/// The labels GitHub gives every self-hosted runner (by its system and
/// architecture), known once self-hosted runners are declared.
///
/// ```
/// use ci_model::runner::SELF_HOSTED_PRESETS;
///
/// assert_eq!(SELF_HOSTED_PRESETS[0], "self-hosted");
/// ```
pub const SELF_HOSTED_PRESETS: &[&str] = &["self-hosted", "linux", "windows", "macos", "x64", "arm", "arm64"];

/// The system a GitHub-hosted label runs, when it is one.
///
/// ```
/// use ci_model::runner::{Os, hosted_os};
///
/// assert_eq!(hosted_os("macos-latest"), Some(Os::MacOs));
/// assert_eq!(hosted_os("Windows-2022"), Some(Os::Windows));
/// assert_eq!(hosted_os("ubuntu-slim"), Some(Os::Linux));
/// assert_eq!(hosted_os("my-runner"), None);
/// ```
pub fn hosted_os(label: &str) -> Option<Os> {
    let known = GITHUB_HOSTED.iter().find(|l| l.eq_ignore_ascii_case(label))?;
    Some(if known.starts_with("ubuntu") {
        Os::Linux
    } else if known.starts_with("windows") {
        Os::Windows
    } else {
        Os::MacOs
    })
}

/// The system of a GitHub-hosted runner.
///
/// ```
/// use ci_model::runner::Os;
///
/// assert_eq!(Os::MacOs.to_string(), "macOS");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    /// Ubuntu.
    Linux,
    /// Windows Server or Windows 11.
    Windows,
    /// macOS.
    MacOs,
}

impl std::fmt::Display for Os {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Os::Linux => "Linux",
            Os::Windows => "Windows",
            Os::MacOs => "macOS",
        })
    }
}

/// The runners a repository has besides GitHub's: validation accepts a
/// `runs-on:` label when GitHub hosts it or when it is declared here.
///
/// With no self-hosted runners declared (the default), `self-hosted` and
/// any label GitHub does not host are errors (a typo such as
/// `ubuntu-lastest` is the usual cause, and a job asking for a label no
/// runner has waits in the queue for a day). Declaring self-hosted runners
/// accepts `self-hosted`, the labels GitHub gives every self-hosted runner
/// ([`SELF_HOSTED_PRESETS`]) and the labels declared; a larger runner's name
/// is declared the same way. Labels compare without letter case, as GitHub
/// compares them. Expressions in `runs-on:` and runner groups are not checked.
///
/// A generator passes it to [`Workflow::validate_with`](crate::Workflow::validate_with)
/// (ci-gen: `Files::runners`). It mirrors actionlint's configuration
/// (`self-hosted-runner: labels: [...]` in `.github/actionlint.yaml`), so a
/// `check` command can fill it from a configuration file of the same shape.
///
/// ```
/// use ci_model::{NormalJob, OneOrMany, Runners, RunsOn, Step, Workflow};
///
/// let labels = RunsOn::Labels(OneOrMany::Many(vec!["self-hosted".into(), "linux".into(), "gpu".into()]));
/// let wf = Workflow::new("CI").on_push().job("gpu", NormalJob::on(labels).step(Step::run("make")));
/// assert_eq!(wf.validate()[0].rule(), "runner-label");
/// let runners = Runners::new().self_hosted(["gpu"]);
/// assert!(wf.validate_with(&runners).is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Runners {
    /// The labels of the repository's own runners; `None` when it has none.
    self_hosted: Option<Vec<String>>,
}

impl Runners {
    /// GitHub-hosted runners only.
    ///
    /// ```
    /// # use ci_model::Runners;
    /// assert!(!Runners::new().knows("self-hosted"));
    /// assert!(Runners::new().knows("ubuntu-latest"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Declares self-hosted runners (or larger runners) with these labels,
    /// besides the ones GitHub gives every self-hosted runner. Called again,
    /// it adds labels.
    ///
    /// ```
    /// # use ci_model::Runners;
    /// let runners = Runners::new().self_hosted(["gpu"]).self_hosted(["linux-16-core"]);
    /// assert!(runners.knows("self-hosted") && runners.knows("X64") && runners.knows("GPU"));
    /// assert!(runners.knows("linux-16-core"));
    /// assert_eq!(runners.declared(), ["gpu", "linux-16-core"]);
    /// ```
    pub fn self_hosted<S: Into<String>>(mut self, labels: impl IntoIterator<Item = S>) -> Self {
        self.self_hosted.get_or_insert_with(Vec::new).extend(labels.into_iter().map(Into::into));
        self
    }

    /// Whether self-hosted runners are declared.
    ///
    /// ```
    /// # use ci_model::Runners;
    /// assert!(!Runners::new().has_self_hosted());
    /// assert!(Runners::new().self_hosted(Vec::<String>::new()).has_self_hosted());
    /// ```
    pub fn has_self_hosted(&self) -> bool {
        self.self_hosted.is_some()
    }

    /// The labels declared, in order.
    ///
    /// ```
    /// # use ci_model::Runners;
    /// assert!(Runners::new().declared().is_empty());
    /// ```
    pub fn declared(&self) -> &[String] {
        self.self_hosted.as_deref().unwrap_or_default()
    }

    /// Whether a job may ask for `label`: GitHub hosts it, or it is declared
    /// (letter case ignored).
    ///
    /// ```
    /// # use ci_model::Runners;
    /// let runners = Runners::new();
    /// assert!(runners.knows("Ubuntu-Latest"));
    /// assert!(!runners.knows("ubuntu-lastest"));
    /// ```
    pub fn knows(&self, label: &str) -> bool {
        let eq = |l: &&str| l.eq_ignore_ascii_case(label);
        GITHUB_HOSTED.iter().any(eq)
            || (self.has_self_hosted()
                && (SELF_HOSTED_PRESETS.iter().any(eq) || self.declared().iter().any(|l| eq(&l.as_str()))))
    }
}
