//! The names of the security lints ([`Lint`]) and the allowances a job or
//! step carries ([`Allow`], written as `# ci-model: allow(<lint>): <reason>`).
//!
//! A leaf module: the model types hold allowances and [`Problem`](crate::Problem)
//! names a lint without importing the lints themselves ([`lint`](crate::lint),
//! which re-exports both names).

use std::fmt;

/// One security lint.
///
/// ```
/// use ci_model::lint::{Lint, Lints};
/// use ci_model::{Action, Step};
///
/// let action = Action::composite("Greet", [Step::run("echo ${{ github.head_ref }}").shell("bash")]);
/// let findings = action.lint(&Lints::new());
/// assert_eq!(findings[0].lint, Lint::TemplateInjection);
/// assert_eq!(Lint::TemplateInjection.to_string(), "template-injection");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lint {
    /// `unpinned-uses`.
    UnpinnedUses,
    /// `permissions`.
    Permissions,
    /// `template-injection`.
    TemplateInjection,
    /// `untrusted-checkout`.
    UntrustedCheckout,
    /// `persist-credentials`.
    PersistCredentials,
    /// `secrets-policy`.
    SecretsPolicy,
    /// `secrets-inherit`: a reusable-workflow call that passes every secret.
    SecretsInherit,
}

impl Lint {
    /// Every lint.
    ///
    /// ```
    /// # use ci_model::lint::Lint;
    /// let names: Vec<&str> = Lint::ALL.iter().map(|l| l.name()).collect();
    /// assert!(names.contains(&"unpinned-uses") && names.contains(&"secrets-policy"));
    /// assert!(Lint::ALL.iter().all(|l| Lint::from_name(l.name()) == Some(*l)));
    /// ```
    pub const ALL: [Lint; 7] = [
        Lint::UnpinnedUses,
        Lint::Permissions,
        Lint::TemplateInjection,
        Lint::UntrustedCheckout,
        Lint::PersistCredentials,
        Lint::SecretsPolicy,
        Lint::SecretsInherit,
    ];

    /// The lint's name, as written in messages and suppressions.
    ///
    /// ```
    /// # use ci_model::lint::Lint;
    /// assert_eq!(Lint::PersistCredentials.name(), "persist-credentials");
    /// assert_eq!(Lint::UnpinnedUses.name(), "unpinned-uses");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Lint::UnpinnedUses => "unpinned-uses",
            Lint::Permissions => "permissions",
            Lint::TemplateInjection => "template-injection",
            Lint::UntrustedCheckout => "untrusted-checkout",
            Lint::PersistCredentials => "persist-credentials",
            Lint::SecretsPolicy => "secrets-policy",
            Lint::SecretsInherit => "secrets-inherit",
        }
    }

    /// The lint with this name.
    ///
    /// ```
    /// # use ci_model::lint::Lint;
    /// assert_eq!(Lint::from_name("template-injection"), Some(Lint::TemplateInjection));
    /// ```
    pub fn from_name(name: &str) -> Option<Lint> {
        Lint::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for Lint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A lint allowed on one job or step, with the reason a reviewer reads.
///
/// It is written as a comment: `# ci-model: allow(secrets-policy): only checks the key is absent`.
///
/// ```
/// use ci_model::lint::{Lint, Lints};
/// use ci_model::{Action, Step};
///
/// let step = Step::run("echo ${{ github.head_ref }}")
///     .shell("bash")
///     .allow(Lint::TemplateInjection, "the branch name is only echoed");
/// let action = Action::composite("Greet", [step]);
/// assert!(action.lint(&Lints::new()).is_empty());
/// assert!(action.to_yaml().contains("# ci-model: allow(template-injection): the branch name is only echoed\n"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The lint.
    pub lint: Lint,
    /// Why it is safe here.
    pub reason: String,
}

impl Allow {
    /// An allowance as the builders make it: the reason without whitespace
    /// at its ends, as the comment is read back.
    pub(crate) fn new(lint: Lint, reason: impl Into<String>) -> Self {
        let mut reason = reason.into();
        let end = reason.trim_end().len();
        reason.truncate(end);
        let start = reason.len() - reason.trim_start().len();
        reason.drain(..start);
        Allow { lint, reason }
    }

    /// The comment line that carries it.
    pub(crate) fn comment(&self) -> String {
        format!("ci-model: allow({}): {}", self.lint, self.reason)
    }

    /// Reads the comment line back.
    pub(crate) fn parse(line: &str) -> Option<Allow> {
        let rest = line.trim().strip_prefix("ci-model: allow(")?;
        let (name, reason) = rest.split_once("):")?;
        Some(Allow { lint: Lint::from_name(name.trim())?, reason: reason.trim().to_owned() })
    }
}

/// A comment followed by one line per allowed lint.
pub(crate) fn comment_with_allows(comment: &Option<String>, allows: &[Allow]) -> Option<String> {
    let mut lines: Vec<String> = comment.iter().cloned().collect();
    lines.extend(allows.iter().map(Allow::comment));
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// Splits a comment read from a file into its text and its `allow` lines.
pub(crate) fn split_allows(comment: Option<String>) -> (Option<String>, Vec<Allow>) {
    let Some(text) = comment else { return (None, Vec::new()) };
    let mut rest = Vec::new();
    let mut allows = Vec::new();
    for line in text.split('\n') {
        match Allow::parse(line) {
            Some(a) => allows.push(a),
            None => rest.push(line),
        }
    }
    ((!rest.is_empty()).then(|| rest.join("\n")), allows)
}
