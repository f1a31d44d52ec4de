//! `permissions:` for the `GITHUB_TOKEN`, at workflow or job level.
//!
//! See GitHub's [permissions] syntax.
//!
//! [permissions]: https://docs.github.com/actions/using-workflows/workflow-syntax-for-github-actions#permissions

use crate::Yaml;
use crate::common::Extra;

/// `permissions:`: `read-all`, `write-all`, or a mapping of scopes (`{}`
/// grants nothing).
///
/// ```
/// use ci_model::{Permissions, Level};
///
/// let p = Permissions::none().with("contents", Level::Read).with("packages", Level::Write);
/// assert_eq!(p.level("packages"), Some(Level::Write));
/// assert_eq!(p.level("issues"), Some(Level::None));
/// assert_eq!(Permissions::ReadAll.level("issues"), Some(Level::Read));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Permissions {
    /// `read-all`.
    ReadAll,
    /// `write-all`.
    WriteAll,
    /// A mapping of scopes.
    Scopes(Scopes),
}

/// An access level.
///
/// ```
/// use ci_model::{Level, Permissions};
///
/// let p = Permissions::none().with("contents", Level::Read);
/// assert_eq!(p.level("contents"), Some(Level::Read));
/// // Levels are ordered by how much they grant.
/// assert!(Level::None < Level::Read && Level::Read < Level::Write);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// `none`.
    None,
    /// `read`.
    Read,
    /// `write`.
    Write,
}

impl Level {
    /// The YAML word.
    ///
    /// ```
    /// # use ci_model::Level;
    /// assert_eq!(Level::Write.as_str(), "write");
    /// assert_eq!(Level::None.as_str(), "none");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Read => "read",
            Level::Write => "write",
        }
    }
}

macro_rules! scopes {
    ($( $(#[$doc:meta])* $field:ident : $key:literal ),* $(,)?) => {
        /// Scopes of the `GITHUB_TOKEN`, each `read`, `write` or `none`;
        /// absent scopes get `none`.
        ///
        /// ```
        /// use ci_model::{Level, Permissions, Scopes};
        ///
        /// let mut scopes = Scopes::default();
        /// scopes.contents = Some(Level::Read);
        /// scopes.id_token = Some(Level::Write);
        /// let built = Permissions::none().with("contents", Level::Read).with("id-token", Level::Write);
        /// assert_eq!(Permissions::Scopes(scopes), built);
        /// ```
        #[derive(Clone, Debug, Default, PartialEq, schemars::JsonSchema)]
        #[serde(rename_all = "kebab-case", deny_unknown_fields)]
        pub struct Scopes {
            $( $(#[$doc])* pub $field: Option<Level>, )*
            /// Scopes the model does not know.
            #[schemars(skip)]
            pub extra: Extra,
        }

        impl Scopes {
            /// Every scope GitHub defines.
            ///
            /// ```
            /// # use ci_model::Scopes;
            /// assert!(Scopes::NAMES.contains(&"pull-requests"));
            /// assert!(Scopes::NAMES.contains(&"id-token"));
            /// assert!(!Scopes::NAMES.contains(&"pull_requests"));
            /// ```
            pub const NAMES: &'static [&'static str] = &[$($key),*];

            /// The level written for `scope`, if any.
            ///
            /// ```
            /// # use ci_model::{Level, Scopes};
            /// let mut scopes = Scopes::default();
            /// scopes.pull_requests = Some(Level::Write);
            /// assert_eq!(scopes.get("pull-requests"), Some(Level::Write));
            /// assert_eq!(scopes.get("issues"), None);
            /// ```
            pub fn get(&self, scope: &str) -> Option<Level> {
                match scope {
                    $( $key => self.$field, )*
                    _ => None,
                }
            }

            /// Sets `scope`; returns false for a scope GitHub does not define.
            ///
            /// ```
            /// # use ci_model::{Level, Scopes};
            /// let mut scopes = Scopes::default();
            /// assert!(scopes.set("packages", Level::Write));
            /// assert_eq!(scopes.packages, Some(Level::Write));
            /// assert!(!scopes.set("package", Level::Write));
            /// ```
            pub fn set(&mut self, scope: &str, level: Level) -> bool {
                match scope {
                    $( $key => { self.$field = Some(level); true } )*
                    _ => false,
                }
            }

            /// The scopes written, with their levels, in canonical order.
            ///
            /// ```
            /// # use ci_model::{Level, Scopes};
            /// let mut scopes = Scopes::default();
            /// scopes.set("statuses", Level::Write);
            /// scopes.set("contents", Level::Read);
            /// let written: Vec<_> = scopes.iter().collect();
            /// assert_eq!(written, [("contents", Level::Read), ("statuses", Level::Write)]);
            /// ```
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, Level)> + '_ {
                [$( ($key, self.$field) ),*].into_iter().filter_map(|(k, v)| v.map(|v| (k, v)))
            }
        }

        // One builder per scope, named after it (see `Permissions::contents`).
        impl Permissions {
            $(
                #[doc = concat!("The same permissions with `", $key, ":` set to `level` (a shorthand becomes a mapping):")]
                $(#[$doc])*
                pub fn $field(self, level: Level) -> Self {
                    let mut scopes = self.into_scopes();
                    scopes.$field = Some(level);
                    Permissions::Scopes(scopes)
                }
            )*
        }
    };
}

scopes! {
    /// Workflows, runs and artifacts.
    actions: "actions",
    /// Artifact storage and deployment records.
    artifact_metadata: "artifact-metadata",
    /// Artifact attestations.
    attestations: "attestations",
    /// Check runs and suites.
    checks: "checks",
    /// Code quality data.
    code_quality: "code-quality",
    /// Repository contents, commits, branches, releases.
    contents: "contents",
    /// Copilot requests (`write` or `none`).
    copilot_requests: "copilot-requests",
    /// Deployments.
    deployments: "deployments",
    /// Discussions.
    discussions: "discussions",
    /// GitHub Drives storage.
    drives: "drives",
    /// OpenID Connect tokens (`write` or `none`).
    id_token: "id-token",
    /// Issues.
    issues: "issues",
    /// GitHub Models (`read` or `none`).
    models: "models",
    /// Packages, including the container registry.
    packages: "packages",
    /// GitHub Pages.
    pages: "pages",
    /// Pull requests.
    pull_requests: "pull-requests",
    /// Classic repository projects.
    repository_projects: "repository-projects",
    /// Code scanning alerts.
    security_events: "security-events",
    /// Commit statuses.
    statuses: "statuses",
    /// Dependabot alerts (`read` or `none`).
    vulnerability_alerts: "vulnerability-alerts",
}

impl Permissions {
    /// `permissions: {}`: no access at all, to be widened scope by scope.
    ///
    /// ```
    /// # use ci_model::{Level, Permissions, Workflow};
    /// let p = Permissions::none();
    /// assert_eq!(p.level("contents"), Some(Level::None));
    /// assert!(Workflow::new("CI").on_push().permissions(p).to_yaml().contains("permissions: {}\n"));
    /// ```
    pub fn none() -> Self {
        Permissions::Scopes(Scopes::default())
    }

    /// The same permissions with `scope` set to `level` (a shorthand becomes a
    /// mapping). Unknown scopes are kept in `extra`, where validation reports them.
    ///
    /// ```
    /// # use ci_model::{Level, Permissions};
    /// let p = Permissions::ReadAll.with("contents", Level::Write);
    /// // `read-all` became a mapping with just that scope.
    /// assert_eq!(p.level("contents"), Some(Level::Write));
    /// assert_eq!(p.level("issues"), Some(Level::None));
    /// ```
    pub fn with(self, scope: &str, level: Level) -> Self {
        let mut scopes = self.into_scopes();
        if !scopes.set(scope, level) {
            scopes.extra.insert(scope.to_owned(), Yaml::from(level.as_str()));
        }
        Permissions::Scopes(scopes)
    }

    /// The mapping form (a shorthand becomes an empty mapping).
    fn into_scopes(self) -> Scopes {
        match self {
            Permissions::Scopes(s) => s,
            Permissions::ReadAll | Permissions::WriteAll => Scopes::default(),
        }
    }

    /// The same permissions with a scope GitHub does not define, or a
    /// value it does not take, written as given (a shorthand becomes a
    /// mapping); validation reports it.
    ///
    /// ```
    /// # use ci_model::{Level, Permissions};
    /// let p = Permissions::none().contents(Level::Read).unknown_scope("made-up", "weird");
    /// assert_eq!(p.level("contents"), Some(Level::Read));
    /// ```
    pub fn unknown_scope(self, scope: impl Into<String>, value: impl Into<Yaml>) -> Self {
        let mut scopes = self.into_scopes();
        scopes.extra.insert(scope.into(), value.into());
        Permissions::Scopes(scopes)
    }

    /// `permissions: read-all`.
    ///
    /// ```
    /// # use ci_model::{Level, Permissions};
    /// // One builder per scope, each typed: a misspelt scope does not compile.
    /// let p = Permissions::none().contents(Level::Read).id_token(Level::Write).pull_requests(Level::Write);
    /// assert_eq!(p, Permissions::none().with("contents", Level::Read).with("id-token", Level::Write).with("pull-requests", Level::Write));
    /// assert_eq!(Permissions::read_all().level("issues"), Some(Level::Read));
    /// assert_eq!(Permissions::write_all(), Permissions::WriteAll);
    /// ```
    pub fn read_all() -> Self {
        Permissions::ReadAll
    }

    /// `permissions: write-all`.
    pub fn write_all() -> Self {
        Permissions::WriteAll
    }

    /// The level `scope` gets.
    ///
    /// ```
    /// # use ci_model::{Level, Permissions};
    /// assert_eq!(Permissions::WriteAll.level("packages"), Some(Level::Write));
    /// assert_eq!(Permissions::none().with("checks", Level::Read).level("checks"), Some(Level::Read));
    /// ```
    pub fn level(&self, scope: &str) -> Option<Level> {
        match self {
            Permissions::ReadAll => Some(Level::Read),
            Permissions::WriteAll => Some(Level::Write),
            Permissions::Scopes(s) => Some(s.get(scope).unwrap_or(Level::None)),
        }
    }
}
